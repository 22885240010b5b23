"""UAX #29 extended grapheme cluster rules (GB3-GB13, and GB9c as the ``regex`` module's
``\\X`` applies it) over the property table of :mod:`sms_codec._graphemes`: the Python
specification that the Cython twin's state machine mirrors.
"""

from __future__ import annotations

import bisect
import functools
import re

from ._graphemes import STARTS, VALUES

__all__ = [
    "BMP_JOINERS", "FIRST_JOINER", "ClusterCuts", "boundaries", "find_bmp_joiner", "has_joiner",
    "joins_at",
]


# Property bytes of _graphemes.py: the Grapheme_Cluster_Break code in bits 0-3 (its GCB
# tuple), Extended_Pictographic in bit 4, the Indic_Conjunct_Break code in bits 5-6.
_CR, _LF, _CONTROL, _EXTEND, _ZWJ, _RI, _PREPEND, _SPACING, _L, _V, _T, _LV, _LVT = range(1, 14)
_PICTO = 0x10
_CONSONANT, _LINKER, _INCB_EXTEND = 0x20, 0x40, 0x60
_INCB = 0x60
_CONTROLS = frozenset((_CR, _LF, _CONTROL))
_KEEP_AFTER = {  # GB6-GB8: Hangul syllable sequences
    _L: frozenset((_L, _V, _LV, _LVT)),
    _LV: frozenset((_V, _T)),
    _V: frozenset((_V, _T)),
    _LVT: frozenset((_T,)),
    _T: frozenset((_T,)),
}
_NONE: frozenset[int] = frozenset()


# Code points that can take part in a non-break: CR, Hangul jamo L, V and T, Extend, ZWJ,
# SpacingMark, Prepend, Regional_Indicator, InCB Linker and Extend (every rule GB3-GB13
# needs one of these on a side of the boundary; GB7 and GB8 after LV or LVT need a V or T
# after it). Without one, a body's extended grapheme clusters are all single code points.
_JOINING = frozenset((_CR, _EXTEND, _ZWJ, _SPACING, _PREPEND, _RI, _L, _V, _T))


def _joiner_classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # Two classes: `re` tests a class of BMP characters with one bitmap lookup, but one
    # that also holds astral ranges walks every range (about 90 ns a character here).
    bmp: list[str] = []
    astral: list[str] = []
    for k, value in enumerate(VALUES):
        if value & 0xF in _JOINING or value & _INCB in (_LINKER, _INCB_EXTEND):
            low = STARTS[k]
            high = STARTS[k + 1] - 1 if k + 1 < len(STARTS) else 0x10FFFF
            if low <= 0xFFFF:
                bmp.append(f"{re.escape(chr(low))}-{re.escape(chr(min(high, 0xFFFF)))}")
            if high > 0xFFFF:
                astral.append(f"{re.escape(chr(max(low, 0x10000)))}-{re.escape(chr(high))}")
    return re.compile("[" + "".join(bmp) + "]"), re.compile("[" + "".join(astral) + "]")


_JOINER_BMP, _JOINER_ASTRAL = _joiner_classes()
#: The first BMP joiner-class character of a string (``re.Match``), or None.
find_bmp_joiner = _JOINER_BMP.search


def _bmp_joiners() -> bytes:
    # The same class as one byte a BMP code point (1: joiner class), for the test at one
    # index, which a regex search would pay for with a call and a match attempt.
    table = bytearray(0x10000)
    for k, value in enumerate(VALUES):
        if value & 0xF in _JOINING or value & _INCB in (_LINKER, _INCB_EXTEND):
            low = STARTS[k]
            high = min(STARTS[k + 1] if k + 1 < len(STARTS) else 0x110000, 0x10000)
            if low < high:
                table[low:high] = b"\x01" * (high - low)
    return bytes(table)


#: One byte a BMP code point: 1 for the joiner class (astral code points all count in).
BMP_JOINERS = _bmp_joiners()


def joins_at(body: str, at: int) -> bool:
    """Whether a joiner-class (or astral) character stands on either side of index ``at``
    (0 < at < len(body)); if not, a cluster of ``body`` ends at ``at``.

    >>> joins_at("ab", 1), joins_at("e\u0301", 1), joins_at("a\U0001f600", 1)
    (False, True, True)
    """
    before, after = ord(body[at - 1]), ord(body[at])
    return before > 0xFFFF or after > 0xFFFF or bool(
        BMP_JOINERS[before] | BMP_JOINERS[after]
    )
#: The lowest joiner-class code point above CR (U+000D, the only one below it).
FIRST_JOINER = min(
    STARTS[k] for k, value in enumerate(VALUES)
    if STARTS[k] > 0x0D and (value & 0xF in _JOINING or value & _INCB in (_LINKER, _INCB_EXTEND))
)
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
# A run of joiner-class characters, counting every astral character in (a run may hold
# more than the joiners: the rules decide inside it), since `re` would walk the astral
# class range by range for each one.
_RUN = re.compile(f"(?:{_JOINER_BMP.pattern}|{_ASTRAL.pattern})+")


def has_joiner(body: str, astral: bool = True) -> bool:
    """Whether ``body`` has a joiner-class character (else every index is a boundary);
    ``astral=False`` says the caller knows it has no astral character (one search less).

    >>> has_joiner("Ελλάδα"), has_joiner("e\u0301"), has_joiner("\U0001f1ec")
    (False, True, True)
    """
    if _JOINER_BMP.search(body) is not None:
        return True
    return astral and _ASTRAL.search(body) is not None and (
        _JOINER_ASTRAL.search(body) is not None
    )


@functools.lru_cache(maxsize=4096)  # the few characters a region holds, without a bisect
def _property(char: str) -> int:
    return VALUES[bisect.bisect_right(STARTS, ord(char)) - 1]


def boundaries(body: str) -> list[int]:
    """Indexes ``i`` (0 < i <= len) where a cluster of ``body`` ends, rules GB3-GB13.

    A boundary between two characters of no joiner class is certain, so the rules run
    only over each run of joiner-class (or astral) characters with one character on
    either side; everywhere else every index is a boundary.

    >>> boundaries("ab e\u0301\u0308 \U0001f1ec\U0001f1f7\U0001f1ec")
    [1, 2, 3, 6, 7, 9, 10]
    """
    ends: list[int] = []
    done = 0  # every boundary up to index `done` is in `ends`
    for start, end in _regions(body):
        ends.extend(range(done + 1, start + 1))
        ends.extend(start + i for i in _walk(body[start:end]))
        done = end
    ends.extend(range(done + 1, len(body) + 1))
    return ends


def _regions(body: str) -> list[tuple[int, int]]:
    """Spans that hold each joiner run and one character either side, overlaps merged."""
    regions: list[tuple[int, int]] = []
    for match in _RUN.finditer(body):
        start, end = max(match.start() - 1, 0), min(match.end() + 1, len(body))
        if regions and start < regions[-1][1]:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((start, end))
    return regions


# A region as _regions merges them, read from inside it in either direction: joiner-class
# (or astral) characters, one other character between two of them, and one at the edge.
_CLASS = _JOINER_BMP.pattern[1:-1] + _ASTRAL.pattern[1:-1]
_SIDE = re.compile(f"(?:[{_CLASS}]|[^{_CLASS}](?=[{_CLASS}]))*[^{_CLASS}]?")


class ClusterCuts:
    """The clusters of ``body`` around increasing cut indexes: the rules run only over the
    joiner regions (as :func:`boundaries` merges them) that hold a cut, each walked once;
    a cut with no joiner-class character either side is a boundary without a walk.

    >>> cuts = ClusterCuts("ab e\u0301\u0308 x")
    >>> cuts.around(2), cuts.around(4), cuts.around(5), cuts.around(7)
    (None, (3, 6), (3, 6), None)
    """

    __slots__ = ("_body", "_end", "_ends", "_reverse", "_start")

    def __init__(self, body: str) -> None:
        self._body = body
        self._reverse = ""  # the body reversed, made at the first region
        self._start = self._end = 0  # the region walked last, and its boundaries
        self._ends: list[int] = []

    def around(self, at: int) -> tuple[int, int] | None:
        """None if a cluster ends at ``at`` (0 < at < len), else the cluster's
        ``(first, next)`` boundaries; ``at`` must not decrease from call to call."""
        body = self._body
        if not self._start < at < self._end:
            # A region holds `at` inside iff a joiner-class character is next to it.
            if not joins_at(body, at) or _certain_break(
                _property(body[at - 1]), _property(body[at])
            ):
                return None
            if not self._reverse:
                self._reverse = body[::-1]
            length = len(body)
            # The pattern matches the empty string, so both matches succeed.
            left = _SIDE.match(self._reverse, length - at)
            right = _SIDE.match(body, at)
            start = length - left.end() if left else at
            end = right.end() if right else at
            self._start, self._end = start, end
            self._ends = [start + i for i in _walk(body[start:end])]
        ends = self._ends
        k = bisect.bisect_left(ends, at)
        if ends[k] == at:
            return None
        return (ends[k - 1] if k else self._start), ends[k]


_BREAK, _KEEP, _LOOK_BACK = range(3)


def _pair_rule(before: int, after: int) -> int:
    """What GB3-GB9b say between Grapheme_Cluster_Break codes ``before`` and ``after``:
    _BREAK, _KEEP, or _LOOK_BACK (a break unless GB9c, GB11 or GB12/GB13 keep it)."""
    if before == _CR and after == _LF:  # GB3
        return _KEEP
    if before in _CONTROLS or after in _CONTROLS:  # GB4, GB5
        return _BREAK
    if (
        after in _KEEP_AFTER.get(before, _NONE)  # GB6-GB8
        or after in (_EXTEND, _ZWJ, _SPACING)  # GB9, GB9a
        or before == _PREPEND  # GB9b
    ):
        return _KEEP
    return _LOOK_BACK


_PAIRS = bytes(_pair_rule(before, after) for before in range(16) for after in range(16))


def _certain_break(prev: int, cur: int) -> bool:
    """Whether a cluster ends between characters of property bytes ``prev`` and ``cur``
    whatever stands before them: the rules that look back need a ZWJ before an
    Extended_Pictographic (GB11), two regional indicators (GB12, GB13), or an InCB Linker
    or Extend before an InCB Consonant (GB9c)."""
    before, after = prev & 0xF, cur & 0xF
    rule = _PAIRS[before << 4 | after]
    return rule == _BREAK or (rule == _LOOK_BACK and not (
        (before == _ZWJ and cur & _PICTO)
        or (before == _RI and after == _RI)
        or (cur & _INCB == _CONSONANT and prev & _INCB in (_LINKER, _INCB_EXTEND))
    ))


def _walk(body: str) -> list[int]:
    r"""The boundaries of ``body`` by the rules, in one forward pass.

    The pass carries the state the rules look back on: the parity of the run of regional
    indicators (GB12, GB13), whether an emoji ``ExtPict Extend* ZWJ`` sequence ends here
    (GB11) and whether ``InCB=Linker [InCB=Extend InCB=Linker]*`` does (GB9c, as the
    ``regex`` module's ``\X`` applies it: a consonant after that joins, with or without a
    consonant before the linker).
    """
    if not body:
        return []
    props = list(map(_property, body))
    ends: list[int] = []
    prev = props[0]
    ri_odd = (prev & 0xF) == _RI
    emoji = 1 if prev & _PICTO else 0  # 1: ExtPict Extend*, 2: then a ZWJ
    conjunct = 2 if prev & _INCB == _LINKER else 0  # 2: a consonant joins
    for i in range(1, len(props)):
        cur = props[i]
        before, after = prev & 0xF, cur & 0xF
        rule = _PAIRS[before << 4 | after]
        if rule == _LOOK_BACK:
            keep = (
                (conjunct == 2 and cur & _INCB == _CONSONANT)  # GB9c
                or (emoji == 2 and bool(cur & _PICTO))  # GB11
                or (ri_odd and after == _RI)  # GB12, GB13
            )
        else:
            keep = rule == _KEEP
        if not keep:
            ends.append(i)
        ri_odd = after == _RI and not (ri_odd and before == _RI)
        if cur & _PICTO or (emoji == 1 and after == _EXTEND):
            emoji = 1
        elif emoji == 1 and after == _ZWJ:
            emoji = 2
        else:
            emoji = 0
        incb = cur & _INCB
        if incb == _LINKER:
            conjunct = 2
        elif not (conjunct and incb == _INCB_EXTEND):
            conjunct = 0
        prev = cur
    ends.append(len(props))
    return ends
