"""The E.164 shortcut as an automaton (``_estimate_number_automaton``) and the twins of
its walk (``walk_numbers`` of ``_arrow_py`` and ``_arrow_c``): the automaton answers as
the shortcut's regular expression does on phonenumbers' example numbers of every
region and type and on variants of them, the twins give equal keys and answers on any
string column (and the same error on a corrupt one), and the column of numbers is the
same through the automaton and through RE2."""

from __future__ import annotations

import importlib
import random
import struct
from array import array
from typing import Any

import pytest
from _phonenumbers import require
from _twins import C_TWIN, REQUIRE_EXTENSIONS, needs_c

pn = require()
pa = pytest.importorskip("pyarrow")

from sms_codec import _arrow, _arrow_py  # noqa: E402
from sms_codec._estimate_column_numbers import automaton, normalise_column  # noqa: E402
from sms_codec._estimate_number_automaton import (  # noqa: E402
    MISSING,
    WIDTH,
    Automaton,
    Unsupported,
    parse_pattern,
)
from sms_codec._estimate_numbers import Numbers  # noqa: E402
from sms_codec.errors import RowError  # noqa: E402


def _compiled() -> Any:
    """The compiled Arrow twin, imported whether or not it is the active one (the tests
    that call it are ``needs_c``: built, it imports under SMS_CODEC_NO_EXTENSIONS too)."""
    return importlib.import_module("sms_codec._arrow_c")


def _examples() -> list[str]:
    """Every example number phonenumbers has, as E.164."""
    out = []
    for region in sorted(pn.SUPPORTED_REGIONS):
        for kind in range(12):
            example = pn.example_number_for_type(region, kind)
            if example is not None:
                out.append(pn.format_number(example, pn.PhoneNumberFormat.E164))
    return sorted(set(out))


EXAMPLES = _examples()


def _variants(number: str, rng: random.Random) -> list[str]:
    """``number`` shortened, lengthened and with one digit changed (in the national part
    and in the calling code)."""
    out = [number, number[:-1], number[:-2], number + "0", number + "97"]
    for _ in range(4):
        chars = list(number)
        at = rng.randrange(1, len(chars))
        chars[at] = str(rng.randrange(10))
        out.append("".join(chars))
    return out


def test_the_automaton_answers_as_the_shortcut_on_every_example_and_its_variants() -> None:
    rng = random.Random(23)
    machine, numbers = Automaton(pn), Numbers()
    checked = answered = 0
    for example in EXAMPLES:
        for number in _variants(example, rng):
            want = numbers.fast(number)
            assert machine.answer(number) == (None if want is None else want[1]), number
            checked += 1
            answered += want is not None
    # Most examples are valid for their region; the variants often are not.
    assert len(EXAMPLES) > 900 and checked == 9 * len(EXAMPLES)
    assert answered > len(EXAMPLES)


def test_random_numbers_of_every_calling_code() -> None:
    rng = random.Random(5)
    machine, numbers = Automaton(pn), Numbers()
    codes = sorted(pn.COUNTRY_CODE_TO_REGION_CODE)
    for _ in range(20_000):
        code = str(rng.choice(codes))
        number = "+" + code + "".join(rng.choice("0123456789")
                                      for _ in range(rng.randrange(0, 15)))
        want = numbers.fast(number)
        assert machine.answer(number) == (None if want is None else want[1]), number


@pytest.mark.parametrize(("number", "region"), [
    ("+12125550123", "US"), ("+14165550123", "CA"), ("+18765550123", "JM"),
    ("+12425551234", None),  # the Bahamas' leading digits, not a valid Bahamas number
    ("+79161234567", "RU"), ("+77012345678", "KZ"), ("+441481256789", "GG"),
    ("+3069123456789012", None), ("+30691234567890123", None),  # 16 digits; 17
    ("+306912345678", "GR"), ("+30 6912345678", None), ("306912345678", None),
    ("+", None), ("", None), ("+0306912345678", None), ("+８１", None),
])
def test_shared_calling_codes_and_shapes(number: str, region: str | None) -> None:
    assert Automaton(pn).answer(number) == region


def test_the_national_prefix_guard_and_an_end_anchor_in_it() -> None:
    # JP's prefix for parsing, "(000[2569]\d{4,6})$|(?:(?:003768)0?)|0": a number whose
    # national part it matches is left to the full parse.
    machine, numbers = Automaton(pn), Numbers()
    for number in ("+810312345678", "+81000212345", "+810003123456", "+81312345678",
                   "+819012345678", "+8100037680"):
        want = numbers.fast(number)
        assert machine.answer(number) == (None if want is None else want[1]), number


def test_the_pattern_syntax() -> None:
    assert parse_pattern(r"\d{2,}") == ("cat", [("rep", ("set", 1023), 2, None)])
    assert parse_pattern("(1|2)$") == ("cat", [("alt", [("cat", [("set", 2)]),
                                                        ("cat", [("set", 4)])]), ("end",)])
    for bad in ("(?=1)", "[^1]", "a", "1{3,2}", "1??", "(1", "[1", "1)"):
        with pytest.raises(Unsupported):
            parse_pattern(bad)


def test_every_calling_code_is_in_the_syntax() -> None:
    # None is left to the full parse for its syntax (codes with no region to answer are).
    from sms_codec._estimate_number_automaton import _Code
    from sms_codec._estimate_numbers import CallingCode
    for code in pn.COUNTRY_CODE_TO_REGION_CODE:
        calling = CallingCode(pn, code)
        if calling.alternatives:
            _Code(calling)


def _column(rng: random.Random, size: int) -> list[str | None]:
    alphabet = "+0123456789 x٣"
    out: list[str | None] = []
    for _ in range(size):
        pick = rng.random()
        if pick < 0.05:
            out.append(None)
        elif pick < 0.6:
            out.append(rng.choice(EXAMPLES))
        else:
            out.append("".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 20))))
    return out


@needs_c
@pytest.mark.parametrize("kind", ["string", "large_string", "string_view"])
def test_the_twins_walk_alike(kind: str) -> None:
    compiled = _compiled()
    rng = random.Random(kind)
    machine = Automaton(pn)
    values = _column(rng, 3_000)
    for value in values[:1_000]:
        if value is not None:
            machine.learn(value)  # the rest meets missing transitions too
    column = pa.array(values, getattr(pa, kind)())
    for chunk in (column, column.slice(7, 1_500)):
        py = _arrow_py.walk_numbers(chunk, machine.transitions, machine.answers, WIDTH)
        c = compiled.walk_numbers(chunk, machine.transitions, machine.answers, WIDTH)
        assert py == c
        keys, found = py
        assert MISSING in found and max(found) >= 0
        for value, key, answer in zip(chunk.to_pylist(), keys, found, strict=True):
            if answer >= 0:
                assert value is not None and key == int(value[1:])
            else:
                assert key == 0


@needs_c
def test_the_twins_refuse_bad_tables_and_corrupt_arrays_alike() -> None:
    compiled = _compiled()
    good_t, good_a = array("i", [0] * 10 + [1] * 10), array("i", [-1] * 34)
    for walk in (_arrow_py.walk_numbers, compiled.walk_numbers):
        values = pa.array(["+1"])
        with pytest.raises(ValueError, match="outside the table"):
            walk(values, array("i", [0] * 10 + [2] * 10), good_a)
        with pytest.raises(ValueError, match="outside the table"):
            walk(values, array("i", [0] * 10 + [-3] * 10), good_a)
        with pytest.raises(ValueError, match="wrong size"):
            walk(values, good_t, array("i", [-1] * 33))
        offsets = pa.array([0, 1, 3, 2], pa.int32()).buffers()[1]  # row 1 ends past the last
        corrupt = pa.Array.from_buffers(pa.string(), 3, [None, offsets, pa.py_buffer(b"+12")])
        with pytest.raises(RowError, match=r"^row 1: the array's offsets"):
            walk(corrupt, good_t, good_a)
        view = struct.pack("<i4sii", 20, b"+123", 3, 0)
        corrupt = pa.Array.from_buffers(pa.string_view(), 1, [None, pa.py_buffer(view),
                                                              pa.py_buffer(b"x" * 30)])
        with pytest.raises(RowError, match=r"^row 0: "):
            walk(corrupt, good_t, good_a)
        assert walk(pa.array([], pa.string()), good_t, good_a) == (array("q"), array("i"))


@pytest.mark.parametrize("path", ["python walk", "compiled walk", "re2"])
def test_the_column_is_the_same_by_automaton_and_by_re2(path: str) -> None:
    if path == "compiled walk" and C_TWIN is None:
        if REQUIRE_EXTENSIONS:
            pytest.fail("SMS_CODEC_REQUIRE_EXTENSIONS=1 but the Cython twin is not built")
        pytest.skip("Cython twin of sms_codec.arrow not built")
    walk = {"python walk": _arrow_py.walk_numbers, "re2": False,
            "compiled walk": None if C_TWIN is None else _compiled().walk_numbers}[path]
    rng = random.Random(path)
    values = _column(rng, 2_000)
    numbers = Numbers("GR")
    found = normalise_column(numbers, pa.array(values), walk=walk)
    for value, e164, region in zip(values, found.e164().to_pylist(),
                                   found.region.to_pylist(), strict=True):
        answer = None if value is None else numbers.normalise(value)
        if answer is None or isinstance(answer, str):
            assert e164 is None and region is None
            if answer is not None:
                assert found.reasons[value] == answer
        else:
            assert (e164, found.regions[region]) == answer


def test_one_automaton_per_module_and_it_grows_as_numbers_need() -> None:
    machine = automaton(pn)
    assert automaton(pn) is machine
    before = len(machine.answers) // WIDTH
    machine.learn("+2348012345678")
    machine.learn("+2348012345678")
    after = len(machine.answers) // WIDTH
    assert len(machine.transitions) == 10 * after
    assert after - before <= 13  # at most one state per digit, made once


def _ids(rng: random.Random, size: int) -> list[str | None]:
    pool = [f"c{rng.randrange(400)}" for _ in range(300)] + ["", "é", "x" * 40, "x" * 41]
    return [None if rng.random() < 0.05 else rng.choice(pool) for _ in range(size)]


@needs_c
@pytest.mark.parametrize("kind", ["string", "large_string", "string_view"])
def test_first_seen_twins_number_alike_and_as_dictionary_encode(kind: str) -> None:
    compiled = _compiled()
    rng = random.Random(kind)
    values = _ids(rng, 5_000)
    column = pa.array(values, getattr(pa, kind)())
    # Empty chunks too: a value is read back from its first row, in whichever chunk.
    chunked = pa.chunked_array([column.slice(0, 0), column.slice(0, 1_234),
                                column.slice(1_234, 0), column.slice(1_234)])
    want = pa.array(values).dictionary_encode()
    firsts = [values.index(v) for v in want.dictionary.to_pylist()]
    for given in (column, chunked):
        py = _arrow_py.first_seen(given, 1)
        for seed in (1, 2**64 - 1, 12345):
            assert compiled.first_seen(given, seed) == py
        index, first = py
        assert list(first) == firsts
        assert [None if i < 0 else i for i in index] == want.indices.to_pylist()
    sliced = column.slice(17, 2_000)
    assert compiled.first_seen(sliced, 3) == _arrow_py.first_seen(sliced, 3)


@needs_c
def test_first_seen_keys_twins_and_the_bounds() -> None:
    compiled = _compiled()
    rng = random.Random(9)
    keys = array("q", [rng.choice([-1, 0, 2**62, *range(300)]) for _ in range(5_000)])
    py = _arrow_py.first_seen_keys(keys, 0)
    assert compiled.first_seen_keys(keys, 99) == py
    index, first = py
    distinct = list(dict.fromkeys(k for k in keys if k >= 0))
    assert [keys[r] for r in first] == distinct
    assert [i for i in index if i >= 0] == [distinct.index(k) for k in keys if k >= 0]
    for walk in (_arrow_py.first_seen, compiled.first_seen):
        offsets = pa.array([0, 1, 3, 2], pa.int32()).buffers()[1]
        corrupt = pa.Array.from_buffers(pa.string(), 3, [None, offsets, pa.py_buffer(b"+12")])
        with pytest.raises(RowError, match=r"^row 1: the array's offsets"):
            walk(corrupt, 5)
        assert walk(pa.array([], pa.string()), 5) == (array("i"), array("q"))


def test_near_equal_ids_are_numbered_apart() -> None:
    # Strings of one length that differ in one byte: one number per value.
    values = pa.array([f"{i:08d}" for i in range(50_000)] * 2)
    index, first = _arrow.active().first_seen(values, 4)
    assert list(first) == list(range(50_000))
    assert list(index) == list(range(50_000)) * 2


def test_threads_share_one_automaton_as_it_grows() -> None:
    import threading

    from sms_codec._estimate_column_numbers import fresh_automaton

    fresh_automaton(pn)  # every thread's walk meets missing transitions
    values = pa.array(EXAMPLES * 3)
    want = normalise_column(Numbers(), values, walk=False).e164().to_pylist()
    results: list[Any] = []

    def run() -> None:
        results.append(normalise_column(Numbers(), values).e164().to_pylist())

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [want] * 4
