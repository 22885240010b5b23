"""Recipient numbers as an Arrow column: the E.164 shortcut of
:mod:`sms_codec._estimate_numbers` tested over the whole column in C (``pyarrow.compute``
and its RE2 regular expressions), the full parse only for what the shortcut leaves.

The shortcut's one expression per calling code holds lookaheads, which RE2 lacks, so
the column is tested piece by piece in the same order: the shape, the calling code,
the national prefix guard, then each region of the code in ``phonenumbers``' order
(its leading digits, its general description, one of its type descriptions). Each
piece is one of ``phonenumbers``' own patterns; a code with any piece RE2 refuses, and
every number not in the E.164 shape, goes to :meth:`Numbers.normalise`, once per
distinct value.

>>> import pyarrow as pa
>>> from sms_codec._estimate_numbers import Numbers
>>> found = normalise_column(Numbers("GR"), pa.array(["+306912345678", "6912345670", "+3069"]))
>>> found.e164().to_pylist(), found.region.to_pylist(), found.regions
(['+306912345678', '+306912345670', None], [0, 0, None], ['GR'])
>>> found.reasons, found.parsed
({'+3069': 'not a valid number for GR'}, 2)
"""

from __future__ import annotations

from typing import Any

from . import _arrow
from ._checks import optional_module
from ._estimate_number_automaton import MISSING, WIDTH, Automaton
from ._estimate_numbers import E164_SHAPE, CallingCode, Desc, Numbers

__all__ = ["Found", "automaton", "fresh_automaton", "full", "normalise_column", "re2_accepts",
           "scatter"]


def _compute() -> Any:
    return optional_module("pyarrow.compute", "arrow", "sms_codec.estimate_arrow")


class Found:
    """Per value: ``key``, its E.164 number as an integer (the digits after ``+``;
    null where invalid), ``region`` (an index into ``regions``; null where invalid);
    ``reasons``: invalid value -> why it is refused; ``parsed``: how many distinct
    values the Python path read."""

    def __init__(self, key: Any, region: Any, regions: list[str], reasons: dict[str, str],
                 parsed: int) -> None:
        self.key, self.region, self.regions = key, region, regions
        self.reasons, self.parsed = reasons, parsed

    def e164(self) -> Any:
        """The E.164 numbers as strings (``+`` and the key)."""
        pa = optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow")
        return _compute().binary_join_element_wise("+", self.key.cast(pa.string()), "")


def full(size: int, value: Any, kind: Any) -> Any:
    """An array of ``size`` times ``value`` (of Arrow type ``kind``), made in C."""
    pa = optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow")
    return _compute().fill_null(pa.nulls(size, kind), pa.scalar(value, kind))


def scatter(values: Any, positions: Any, size: int) -> Any:
    """An array of ``size``: ``values[i]`` at ``positions[i]`` (distinct), null elsewhere."""
    pa = optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow")
    pc = _compute()
    positions = positions.cast(pa.int64())
    if hasattr(pc, "scatter"):  # pyarrow >= 20
        return pc.scatter(values, positions, max_index=size - 1) if size else values[:0]
    out = pa.nulls(size, values.type)
    if not len(positions):
        return out
    every = pc.subtract(pc.cumulative_sum(full(size, 1, pa.int64())), 1)
    mask = pc.is_in(every, value_set=positions)
    return pc.replace_with_mask(out, mask, pc.take(values, pc.sort_indices(positions)))


_ACCEPTED: dict[str, bool] = {}


def re2_accepts(pattern: str) -> bool:
    """Whether RE2 (``pyarrow.compute``'s regular expressions) compiles ``pattern``.

    >>> re2_accepts("^(?:[2-9]\\\\d{6})$"), re2_accepts("^(?=1)")
    (True, False)
    """
    found = _ACCEPTED.get(pattern)
    if found is None:
        pa = optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow")
        try:
            _compute().match_substring_regex(pa.array([""]), pattern)
            found = True
        except pa.ArrowInvalid:
            found = False
        _ACCEPTED[pattern] = found
    return found


def _patterns(code: CallingCode) -> list[str]:
    out = [f"^(?:{code.prefix})"] if code.prefix else []
    for _, lead, valid in code.plan:
        if lead:
            out.append(f"^(?:{lead})")
        if valid is not None:
            out.extend(f"^(?:{pattern})$" for _, pattern in (valid[0], *valid[1]))
    return out


def _matches(pc: Any, national: Any, lengths: Any, desc: Desc) -> Any:
    wanted, pattern = desc
    found = pc.match_substring_regex(national, f"^(?:{pattern})$")
    if wanted:
        found = pc.and_(found, pc.is_in(lengths, value_set=_pyarrow_ints(wanted)))
    return found


def _pyarrow_ints(values: tuple[int, ...]) -> Any:
    pa = optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow")
    return pa.array(values, pa.int32())


def _regions(pc: Any, code: CallingCode, national: Any) -> tuple[list[Any], list[str]]:
    """The positions of ``national`` each region answers (``code.whole`` as successive
    tests, each over what is still undecided), and those regions."""
    pa = optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow")
    lengths = pc.utf8_length(national)
    low, high = code.lengths
    open_ = pc.and_(pc.greater_equal(lengths, low), pc.less_equal(lengths, high))
    if code.prefix:
        open_ = pc.and_(open_, pc.invert(pc.match_substring_regex(national,
                                                                   f"^(?:{code.prefix})")))
    # Positions still undecided; the positions each region answers.
    where = pc.indices_nonzero(open_)
    answered: list[Any] = []
    names: list[str] = []
    for region, lead, valid in code.plan:
        if len(where) == 0:
            break
        here = pc.take(national, where)
        if lead:
            led = pc.match_substring_regex(here, f"^(?:{lead})")
            # An earlier region's leading digits matched: no later region may answer.
            candidates = pc.filter(where, led)
            where = pc.filter(where, pc.invert(led))
            if valid is None or len(candidates) == 0:
                continue
            here = pc.take(national, candidates)
        else:
            if valid is None:
                continue
            candidates = where
        general, types = valid
        # General description first, then the types, each only over what is still open.
        size = pc.take(lengths, candidates)
        ok = _matches(pc, here, size, general)
        failed = pc.filter(candidates, pc.invert(ok))
        candidates, here, size = (pc.filter(x, ok) for x in (candidates, here, size))
        for desc in types:
            if len(candidates) == 0:
                break
            kind = _matches(pc, here, size, desc)
            decided = pc.filter(candidates, kind)
            if len(decided):
                answered.append(decided)
                names.append(region)
            rest = pc.invert(kind)
            candidates, here, size = (pc.filter(x, rest) for x in (candidates, here, size))
        if not lead:  # what this region did not answer is open to the next ones
            where = pa.concat_arrays([failed.cast(pa.uint64()), candidates.cast(pa.uint64())])
    return answered, names


def normalise_column(numbers: Numbers, values: Any, regions: list[str] | None = None,
                     walk: Any = None) -> Found:
    """:meth:`Numbers.normalise` of every value of the string array ``values``
    (``regions``: the list the region indices refer to, extended as regions are met,
    so that the answers of several arrays share it). ``walk``: the automaton walk to run
    (``walk_numbers`` of a twin of :mod:`sms_codec._arrow`); ``None``: the compiled one
    when it is the active twin, else (and for ``False``) the shortcut's patterns
    through ``pyarrow.compute``: the Python twin's walk is a loop per value, the
    patterns are RE2's."""
    pa = optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow")
    pc = _compute()
    regions = [] if regions is None else regions
    if walk is None and _arrow.compiled() is not None and _arrow.active() is _arrow.compiled():
        walk = _arrow.active().walk_numbers
    if walk:
        whole, region = _walked(numbers, values, regions, walk)
    else:
        whole, region = _matched(numbers, values, regions)
    decided = pc.is_valid(region)
    key = whole if decided.false_count == 0 else pc.if_else(decided, whole, None)
    # Everything the shortcut does not answer, once per value, the Python way.
    left = pc.indices_nonzero(pc.invert(decided))
    reasons: dict[str, str] = {}
    parsed = 0
    if len(left):
        given = pc.dictionary_encode(pc.take(values, left))
        distinct = given.dictionary.to_pylist()
        parsed = len(distinct)
        keys: list[int | None] = []
        where: list[int | None] = []
        for value in distinct:
            answer = numbers.normalise(value)
            if isinstance(answer, str):
                reasons[value] = answer
                keys.append(None)
                where.append(None)
            else:
                if answer[1] not in regions:
                    regions.append(answer[1])
                keys.append(int(answer[0][1:]))
                where.append(regions.index(answer[1]))
        mask = pc.invert(decided)
        key = pc.replace_with_mask(key, mask, pc.take(pa.array(keys, pa.int64()),
                                                      given.indices))
        region = pc.replace_with_mask(region, mask, pc.take(pa.array(where, pa.int32()),
                                                            given.indices))
    return Found(key, region, regions, reasons, parsed)


_AUTOMATA: dict[int, tuple[Any, Automaton]] = {}


def automaton(pn: Any) -> Automaton:
    """The one :class:`Automaton` of the ``phonenumbers`` module ``pn`` (its tables grow
    as numbers need them, and serve every later estimate in the process)."""
    found = _AUTOMATA.get(id(pn))
    if found is None or found[0] is not pn:
        found = _AUTOMATA[id(pn)] = (pn, Automaton(pn))
    return found[1]


def fresh_automaton(pn: Any) -> Automaton:
    """Put an empty :class:`Automaton` in place of ``pn``'s (a cold start, for
    benchmarks and tests) and return it."""
    _AUTOMATA[id(pn)] = (pn, Automaton(pn))
    return _AUTOMATA[id(pn)][1]


def _walked(numbers: Numbers, values: Any, regions: list[str], walk: Any
            ) -> tuple[Any, Any]:
    """The shortcut by the automaton: each value's digits as an integer and its region
    (an index into ``regions``; null where the full parse must decide)."""
    pa = optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow")
    pc = _compute()
    machine = automaton(numbers.pn)
    size = len(values)
    with machine.lock:
        # Learn 1, 2, 4, ... of the numbers that met a missing transition, walking again
        # after each: one number often makes the states the others need, and the rounds
        # stay below log2 of the distinct numbers (a learnt one never meets one again).
        learn = 1
        while True:
            keys, found = walk(values, machine.transitions, machine.answers, WIDTH)
            answer = pa.Array.from_buffers(pa.int32(), size, [None, pa.py_buffer(found)])
            missing = pc.equal(answer, MISSING)
            if not pc.any(missing).as_py():
                break
            for number in pc.unique(pc.filter(values, missing))[:learn].to_pylist():
                machine.learn(number)
            learn *= 2
        regions_met = list(machine.regions)
    whole = pa.Array.from_buffers(pa.int64(), size, [None, pa.py_buffer(keys)])
    decided = pc.greater_equal(answer, 0)
    met = pc.unique(pc.filter(answer, decided)).to_pylist()
    remap = [0] * (max(met) + 1 if met else 0)
    for index in met:
        name = regions_met[index]
        if name not in regions:
            regions.append(name)
        remap[index] = regions.index(name)
    region = pc.take(pa.array(remap, pa.int32()), pc.if_else(decided, answer, None))
    return whole, region


def _matched(numbers: Numbers, values: Any, regions: list[str]) -> tuple[Any, Any]:
    """The shortcut by ``pyarrow.compute``'s RE2: each value's digits as an integer and
    its region (an index into ``regions``; null where the full parse must decide)."""
    pa = optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow")
    pc = _compute()
    size = len(values)
    shaped = pc.fill_null(pc.match_substring_regex(values, f"^{E164_SHAPE}$"), False)
    digits = pc.utf8_slice_codeunits(values, 1)
    if shaped.false_count:
        digits = pc.if_else(shaped, digits, pa.scalar(None, digits.type))
    # Seven to sixteen digits: an int64, and its first three digits.
    whole = pc.cast(digits, pa.int64())
    # (A null's length is 0: 3 keeps the power's exponent >= 0 everywhere.)
    exponent = pc.subtract(pc.fill_null(pc.utf8_length(digits), 3).cast(pa.int64()), 3)
    first = pc.divide(whole, pc.power(pa.scalar(10, pa.int64()), exponent))
    del exponent
    # Calling codes are prefix-free: at most one of the first 1, 2 or 3 digits is one
    # phonenumbers knows.
    known = numbers.pn.COUNTRY_CODE_TO_REGION_CODE
    codes = pa.nulls(size, pa.int64())
    for width in (3, 2, 1):
        head = pc.divide(first, 10 ** (3 - width))
        listed = pa.array([c for c in known if len(str(c)) == width], pa.int64())
        codes = pc.if_else(pc.is_in(head, value_set=listed), head, codes)
    del first, head
    positions: list[Any] = []
    indices: list[Any] = []
    for number in pc.unique(codes.drop_null()).to_pylist():
        code = numbers.calling_code(number)
        if code is None or not code.alternatives or not all(map(re2_accepts,
                                                                _patterns(code))):
            continue  # left to the Python path
        rows = pc.indices_nonzero(pc.fill_null(pc.equal(codes, number), False))
        national = pc.utf8_slice_codeunits(pc.take(digits, rows), code.width - 1)
        answered, names = _regions(pc, code, national)
        for found, name in zip(answered, names, strict=True):
            if name not in regions:
                regions.append(name)
            positions.append(pc.take(rows, found).cast(pa.int64()))
            indices.append(full(len(found), regions.index(name), pa.int32()))
    del codes, digits
    region = scatter(pa.chunked_array(indices, pa.int32()).combine_chunks(),
                     pa.chunked_array(positions, pa.int64()).combine_chunks(), size)
    return whole, region
