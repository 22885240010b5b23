"""The Cython twin agrees with the Python one (the specification) on every kernel.

Results and exceptions (type, message and ``index``) are compared over Hypothesis and
seeded random strings from a mixed alphabet, over every character of every table under
every table pair, and over arguments outside the native domain. The twin selection
(``SMS_CODEC_NO_EXTENSIONS`` / ``SMS_CODEC_REQUIRE_EXTENSIONS``) is checked too.
"""

from __future__ import annotations

import inspect
import os
import random
import subprocess
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from _twins import C_TWIN, NO_EXTENSIONS, REQUIRE_EXTENSIONS, needs_c
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sms_codec
from sms_codec import _scan, _scan_py
from sms_codec.analysis import GSM7, UCS2, BodyAnalysis, analyze, analyze_many, plan
from sms_codec.charsets import LOCKING_NLIS, SINGLE_NLIS, locking_table, single_table
from sms_codec.errors import BodyTypeError, InvalidBodyError

# --- the alphabet ----------------------------------------------------------------------

TABLE_CHARS = sorted(
    {c for n in LOCKING_NLIS for c in locking_table(n) if c is not None}
    | {c for n in SINGLE_NLIS for c in single_table(n).values()}
)
SPECIAL = [
    "\x00", "\x1b", "\r", "\n", "\x0c", "\t", "\x7f", "`", "\ufffe", "\uffff",
    "\ud800", "\udbff", "\udc00", "\udfff",  # lone surrogates
    "\u0301", "\u0308", "\u0951", "\u094d", "\u093f",  # combining, virama, spacing mark
    "\u200d", "\ufe0f", "\u20e3", "\U0001f3fd",  # ZWJ, VS16, keycap, skin tone
    "\U0001f600", "\U0001f44d", "\U0001f469", "\U0001f4bb", "\u2764", "\U0001f1ec",
    "\U0001f1f7", "\U0001f1fa", "\U0001f1f8", "\U0001f3f4", "\U000e0067", "\U000e007f",
    "\u1100", "\u1161", "\u11a8", "\uac00", "\u0600", "\U00010348", "\U0010ffff",
    "中", "文", "ж", "П", "ş", "İ", "ı", "ã", "Ω", "ά",
]
SEQUENCES = [
    "\U0001f469\u200d\U0001f4bb", "\U0001f44d\U0001f3fd", "\U0001f1ec\U0001f1f7",
    "\u2764\ufe0f", "1\ufe0f\u20e3", "e\u0301", "नमस्ते", "\r\n", "\u1100\u1161\u11a8",
    "\U0001f3f4\U000e0067\U000e0062\U000e007f",
]
ALPHABET = TABLE_CHARS + SPECIAL + [chr(c) for c in range(0x20, 0x7F)]

bodies = st.lists(
    st.one_of(st.sampled_from(ALPHABET), st.sampled_from(SEQUENCES), st.characters()),
    max_size=400,
).map("".join)
# Mostly one-septet characters: long GSM-7 bodies with a few escapes.
RARE_ESCAPES = list("abcdefghij klmnopqrstuvwxyz0123456789" * 3 + "€[]{}~^|\\\f")
gsm_bodies = st.text(alphabet=st.sampled_from(RARE_ESCAPES), min_size=140, max_size=1500)
locks = st.sampled_from([*LOCKING_NLIS, 2])
singles = st.sampled_from(SINGLE_NLIS)
capacities = st.sampled_from([2, 3, 5, 66, 67, 70, 134, 146, 153, 160])
SETTINGS = settings(
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _seeded(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        pool = rng.choice([ALPHABET, TABLE_CHARS, SPECIAL, SEQUENCES, list("ab[€"), RARE_ESCAPES])
        size = rng.choice([0, 1, 5, 69, 70, 71, 152, 153, 154, 160, 161, 300, 1000])
        out.append("".join(rng.choice(pool) for _ in range(size))[: size or 1])
    return out


SEEDED = _seeded(20260401, 600)
SHAPE = (BodyAnalysis, GSM7, UCS2, 160, 153, 70, 67)


def _outcome(call: Callable[[], Any]) -> tuple[Any, ...]:
    try:
        value = call()
    except Exception as exc:  # the comparison is the point
        return ("raised", type(exc), str(exc), getattr(exc, "index", None))
    return ("returned", type(value), value)


def _agree(name: str, c_twin: ModuleType, *args: Any) -> None:
    expected = _outcome(lambda: getattr(_scan_py, name)(*args))
    actual = _outcome(lambda: getattr(c_twin, name)(*args))
    assert actual == expected, (name, args)


def _all_kernels(c_twin: ModuleType, body: str, lock: int, single: int, capacity: int) -> None:
    _agree("utf16_units", c_twin, body)
    _agree("gsm_escapes", c_twin, body, lock, single)
    _agree("gsm_septets", c_twin, body, lock, single)
    _agree("gsm_part_ends", c_twin, body, lock, single, capacity)
    _agree("lock_scan", c_twin, body, lock)
    _agree("gsm_escapes", c_twin, body, 0, 0)
    _agree("gsm_part_ends", c_twin, body, 0, 0, capacity)
    _agree("ucs2_part_ends", c_twin, body, capacity)
    _agree("grapheme_ends", c_twin, body)
    _agree("default_analysis", c_twin, body, SHAPE)
    _agree("default_unsupported", c_twin, body)
    _agree_lazy(c_twin, body)
    _agree_national(c_twin, body, lock, single, capacity)


ALL_LANGUAGES = sum(1 << n for n in SINGLE_NLIS)


def _agree_national(c_twin: ModuleType, body: str, lock: int, single: int, capacity: int) -> None:
    caps = (capacity + 7, capacity + 5, capacity + 2, capacity + 3, capacity + 1, capacity)
    for locks, singles in [
        (1, 1), (1 << lock | 1 << single, 1 << single | 1 << lock), (ALL_LANGUAGES, 1),
        (1, ALL_LANGUAGES), (ALL_LANGUAGES, ALL_LANGUAGES), (0, 0),
    ]:
        _agree("national_choice", c_twin, body, locks, singles, caps)
        _agree("national_choice", c_twin, body, locks, singles, (160, 155, 152, 153, 149, 146))
    for nlis in [(), (single,), (lock, single), tuple(SINGLE_NLIS[1:])]:
        _agree("unsupported_characters", c_twin, body, tuple(n for n in nlis if n))


def _agree_lazy(c_twin: ModuleType, body: str) -> None:
    expected = _scan_py.default_unsupported(body)
    for lazy in (_scan_py.LazyUnsupported(body), c_twin.LazyUnsupported(body)):
        assert lazy.value == expected
        assert type(lazy.value) is tuple
        assert lazy == expected and hash(lazy) == hash(expected)


def _agree_septets(c_twin: ModuleType, data: bytes) -> None:
    septets = bytes(b & 0x7F for b in data)
    for fill in range(7):
        _agree("pack_septets", c_twin, septets, fill)
        _agree("pack_septets", c_twin, data, fill)  # raises at the first byte above 0x7F
        packed = _scan_py.pack_septets(septets, fill)
        available = max(8 * len(data) - fill, 0) // 7
        for count in {0, 1, len(septets), available, available + 1}:
            _agree("unpack_septets", c_twin, packed, fill, count)
            _agree("unpack_septets", c_twin, data, fill, count)
        assert _scan_py.unpack_septets(packed, fill, len(septets)) == septets


# --- differential tests ----------------------------------------------------------------


@needs_c
@SETTINGS
@given(body=bodies, lock=locks, single=singles, capacity=capacities)
def test_twins_agree_on_hypothesis_strings(
    c_twin: ModuleType, body: str, lock: int, single: int, capacity: int
) -> None:
    _all_kernels(c_twin, body, lock, single, capacity)


@needs_c
@SETTINGS
@given(data=st.binary(max_size=400))
def test_twins_agree_on_septet_packing(c_twin: ModuleType, data: bytes) -> None:
    _agree_septets(c_twin, data)


@needs_c
@pytest.mark.parametrize("size", [0, 1, 6, 7, 8, 9, 15, 16, 153, 160, 1000, 4096])
def test_septet_packing_sizes(c_twin: ModuleType, size: int) -> None:
    rng = random.Random(size)
    _agree_septets(c_twin, bytes(rng.randrange(256) for _ in range(size)))
    _agree_septets(c_twin, b"\x7f" * size)
    _agree_septets(c_twin, bytes(size))


@needs_c
@SETTINGS
@given(body=gsm_bodies, capacity=capacities)
def test_twins_agree_on_long_gsm_bodies(c_twin: ModuleType, body: str, capacity: int) -> None:
    _agree("default_analysis", c_twin, body, SHAPE)
    _agree("gsm_part_ends", c_twin, body, 0, 0, capacity)
    _agree("gsm_part_ends", c_twin, body, 1, 1, capacity)


@needs_c
@pytest.mark.parametrize("seed", range(6))
def test_twins_agree_on_seeded_strings(c_twin: ModuleType, seed: int) -> None:
    rng = random.Random(seed)
    for body in SEEDED[seed * 100 : seed * 100 + 100]:
        lock = rng.choice([*LOCKING_NLIS, 2])
        single = rng.choice(SINGLE_NLIS)
        capacity = rng.choice([2, 3, 67, 134, 153])
        _all_kernels(c_twin, body, lock, single, capacity)


@needs_c
@pytest.mark.parametrize("lock", [*LOCKING_NLIS, 2])
def test_every_table_character_under_every_pair(c_twin: ModuleType, lock: int) -> None:
    everything = "".join(TABLE_CHARS)
    for char in [*TABLE_CHARS, *SPECIAL]:
        _agree("lock_scan", c_twin, char, lock)
        _agree("lock_scan", c_twin, "abc" + char + "şá", lock)
    _agree("lock_scan", c_twin, everything, lock)
    for single in SINGLE_NLIS:
        for char in [*TABLE_CHARS, *SPECIAL]:
            _agree("gsm_escapes", c_twin, char, lock, single)
            _agree("gsm_septets", c_twin, char, lock, single)
        _agree("gsm_escapes", c_twin, everything, lock, single)
        table = "".join(c for c in locking_table(lock) if c is not None)
        table += "".join(single_table(single).values())
        _agree("gsm_septets", c_twin, table, lock, single)
        _agree("gsm_part_ends", c_twin, table * 3, lock, single, 153)
        for locks in (1 << lock | 1 << single, ALL_LANGUAGES):
            caps = (160, 155, 152, 153, 149, 146)
            _agree("national_choice", c_twin, table, locks, locks, caps)
            _agree("national_choice", c_twin, table * 3, locks, locks, caps)
            _agree("national_choice", c_twin, table[::7] * 9, locks, locks, caps)


@needs_c
def test_every_bmp_code_point_under_the_default_pair(c_twin: ModuleType) -> None:
    for start in range(0, 0x10000, 0x800):
        block = "".join(chr(c) for c in range(start, start + 0x800))
        for char in block:
            expected = _scan_py.gsm_escapes(char, 0, 0)
            assert c_twin.gsm_escapes(char, 0, 0) == expected, hex(ord(char))
        _agree("default_analysis", c_twin, block, SHAPE)
        _agree("ucs2_part_ends", c_twin, block.replace("\ud800", "").replace("\udfff", ""), 67)
        _agree("grapheme_ends", c_twin, block)


@needs_c
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("utf16_units", (b"bytes",)),
        ("utf16_units", (None,)),
        ("gsm_escapes", (b"abc", 0, 0)),
        ("gsm_escapes", ("abc", True, False)),
        ("gsm_escapes", ("abc", 14, 0)),
        ("gsm_escapes", ("abc", 0, -1)),
        ("gsm_escapes", ("abc", 2**70, 0)),
        ("gsm_escapes", ("abc", 0.0, 0)),
        ("gsm_septets", ("abc", 99, 0)),
        ("gsm_septets", ("a`", 0, 0)),
        ("gsm_part_ends", ("abc", 0, 0, 1.5)),
        ("gsm_part_ends", ("a`", 0, 0, 10)),
        ("gsm_part_ends", ("abc", 0, 0, 2**40)),
        ("ucs2_part_ends", ("e\u0301e\u0301", 1)),
        ("ucs2_part_ends", ("ab", 2**40)),
        ("ucs2_part_ends", (7, 67)),
        ("grapheme_ends", (7,)),
        ("grapheme_ends", (b"e\xcc\x81",)),
        ("grapheme_ends", ("x\ud800\u0301",)),
        ("utf16_units", ("ab\ud800c\udc00",)),
        ("default_analysis", (b"abc", SHAPE)),
        ("default_analysis", ("abc", (tuple, "G", "U", 160, 153, 70, 1))),
        ("default_analysis", ("a" * 9, (tuple, "G", "U", 5, 1, 70, 67))),
        ("default_analysis", ("a" * 9, (tuple, "G", "U", 5, 0, 70, 67))),
        ("default_analysis", ("Ж" * 9, (tuple, "G", "U", 5, 5, 5, 1))),
        ("default_analysis", ("abc", (int, "G", "U", 160, 153, 70, 67))),
        ("default_analysis", ("abc", (tuple, "G", "U", 160))),
        ("default_analysis", ("x\ud800", SHAPE)),
        ("default_unsupported", (b"abc",)),
        ("default_unsupported", ("x\ud800\U0001f600",)),
        ("LazyUnsupported", (b"abc",)),
        ("LazyUnsupported", ("abc", [1])),
        ("national_choice", ("abc", 1.0, 1, (160, 155, 152, 153, 149, 146))),
        ("national_choice", ("abc", 1, True, (160, 155, 152, 153, 149, 146))),
        ("national_choice", (b"abc", 1, 1, (160, 155, 152, 153, 149, 146))),
        ("national_choice", ("abc", 1, 1, (160, 155))),
        ("national_choice", ("a" * 9, 1, 1, (1, 1, 1, 1, 1, 1))),
        ("national_choice", ("a" * 9, 1, 1, [5, 5, 5, 5, 5, 5])),
        ("national_choice", ("a" * 9, 2**20, 1, (5, 5, 5, 5, 5, 5))),
        ("unsupported_characters", (b"x", ())),
        ("pack_septets", (bytearray(b"ab"), 0)),
        ("pack_septets", (b"ab", 7)),
        ("pack_septets", (b"ab", True)),
        ("pack_septets", (b"a\x80b\xff", 2)),
        ("unpack_septets", (memoryview(b"ab"), 0, 1)),
        ("unpack_septets", (b"ab", -1, 1)),
        ("unpack_septets", (b"ab", 0, 3)),
        ("unpack_septets", (b"ab", 0, -1)),
        ("unpack_septets", (b"ab", 0, 1.0)),
        ("unpack_septets", (b"", 6, 0)),
        ("unsupported_characters", ("xЖ", [1])),
        ("unsupported_characters", ("x\ud800Ж", (1,))),
    ],
)
def test_twins_agree_outside_the_native_domain(
    c_twin: ModuleType, name: str, args: tuple[Any, ...]
) -> None:
    _agree(name, c_twin, *args)


class _Str(str):
    pass


@needs_c
def test_str_subclass_and_non_str_bodies(c_twin: ModuleType) -> None:
    body = _Str("abc[")
    for name, args in [
        ("utf16_units", (body,)),
        ("gsm_escapes", (body, 0, 0)),
        ("gsm_septets", (body, 0, 0)),
        ("gsm_part_ends", (body, 0, 0, 3)),
        ("ucs2_part_ends", (body, 3)),
        ("grapheme_ends", (body,)),
        ("default_analysis", (body, SHAPE)),
        ("default_unsupported", (body,)),
    ]:
        _agree(name, c_twin, *args)
    bodies_ = ["ab", body, 3, "€"]
    expected = _scan_py.default_analysis_many(bodies_, SHAPE, repr)
    assert c_twin.default_analysis_many(bodies_, SHAPE, repr) == expected
    assert expected[1:3] == ["'abc['", "3"]


# --- the common-case result and the batch API (both twins) ------------------------------


@pytest.mark.usefixtures("twin")
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", (0, GSM7, 0, 1, 160, 160, ())),
        ("Hello [world]", (13, GSM7, 15, 1, 160, 145, ())),
        ("a" * 160, (160, GSM7, 160, 1, 160, 0, ())),
        ("a" * 161, (161, GSM7, 161, 2, 153, 145, ())),
        ("a" * 152 + "€" + "a" * 7, (160, GSM7, 161, 2, 153, 144, ())),
        ("\U0001f600" * 35, (35, UCS2, 70, 1, 70, 0, ("\U0001f600",))),
        ("\U0001f600" * 36, (36, UCS2, 72, 2, 67, 61, ("\U0001f600",))),
        ("Привет, мир", (11, UCS2, 11, 1, 70, 59, ("П", "р", "и", "в", "е", "т", "м"))),
        ("a\x00\x1b`a", (5, UCS2, 5, 1, 70, 65, ("\x00", "\x1b", "`"))),
    ],
)
def test_analyze_common_case_vectors(body: str, expected: tuple[Any, ...]) -> None:
    result = analyze(body)
    assert type(result) is BodyAnalysis
    assert result == (*expected, None, None, None, None)
    assert analyze_many([body, body]) == [result, result]


@pytest.mark.usefixtures("twin")
@settings(SETTINGS, max_examples=200)
@given(body=bodies)
def test_fast_path_matches_the_planner(body: str) -> None:
    expected = _outcome(lambda: plan(body).analysis())
    assert _outcome(lambda: analyze(body)) == expected
    assert _outcome(lambda: analyze_many([body])) == _outcome(lambda: [plan(body).analysis()])


LANGUAGES = ["tr", "auto", "pt", "es", "NONE", "hi", "TR"]


@pytest.mark.usefixtures("twin")
@settings(SETTINGS, max_examples=200)
@given(body=bodies, language=st.sampled_from(LANGUAGES))
def test_language_front_matches_the_planner(body: str, language: str) -> None:
    # With the Cython twin, analyze(body, language=<str>) is answered by the compiled front.
    expected = _outcome(lambda: plan(body, language=language).analysis())
    assert _outcome(lambda: analyze(body, language=language)) == expected
    if expected[0] == "returned":
        assert analyze(body, language=language).to_dict() == expected[2].to_dict()


@pytest.mark.usefixtures("twin")
def test_language_front_vectors_and_errors() -> None:
    assert analyze("ş" * 200, language="tr") == (
        200, GSM7, 200, 2, 149, 98, (), "tr", None, None, None
    )
    assert analyze("ş" * 155, language="tr") == (155, GSM7, 155, 1, 155, 0, (), "tr", None,
                                                 None, None)
    assert analyze("şЖ", language="tr") == (2, UCS2, 2, 1, 70, 68, ("Ж",), None, None, None,
                                            None)
    assert analyze("a" * 161, language="auto").parts == 2
    with pytest.raises(sms_codec.OptionError, match="unknown language 'xx'"):
        analyze("a", language="xx")
    with pytest.raises(InvalidBodyError) as caught:
        analyze("şa\ud800", language="tr")
    assert caught.value.index == 2


@pytest.mark.usefixtures("twin")
def test_analyze_many_options_and_errors() -> None:
    bodies_ = ["Artık Türkçe", "şşş", "plain"]
    assert analyze_many(bodies_, language="tr") == [analyze(b, language="tr") for b in bodies_]
    assert analyze_many(iter(bodies_)) == [analyze(b) for b in bodies_]
    assert analyze_many([]) == []
    assert analyze_many(bodies_, encoding="ucs2")[2].units == 5
    with pytest.raises(BodyTypeError):
        analyze_many(["ok", b"bytes"])  # type: ignore[list-item]
    with pytest.raises(InvalidBodyError) as caught:
        analyze_many(["ok", "ab\ud800"])
    assert caught.value.index == 2


# --- twin selection -----------------------------------------------------------------------


def test_required_extension_is_the_active_twin() -> None:
    if REQUIRE_EXTENSIONS and not NO_EXTENSIONS:
        assert sms_codec.IMPLEMENTATION == "cython"
        assert _scan.IMPLEMENTATION == "cython"
        assert C_TWIN is not None
    elif NO_EXTENSIONS:
        assert sms_codec.IMPLEMENTATION == "python"
    else:
        expected = "python" if C_TWIN is None else "cython"
        assert expected == sms_codec.IMPLEMENTATION


def _implementation(env: dict[str, str], prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = prelude + "import sms_codec; print(sms_codec.IMPLEMENTATION)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SMS_CODEC_")}
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True,
        check=False,
    )


def test_no_extensions_forces_python() -> None:
    done = _implementation({"SMS_CODEC_NO_EXTENSIONS": "1", "SMS_CODEC_REQUIRE_EXTENSIONS": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "python"


def test_missing_extension_is_an_error_when_required() -> None:
    blocked = "import sys; sys.modules['sms_codec._scan_c'] = None; "
    done = _implementation({"SMS_CODEC_REQUIRE_EXTENSIONS": "1"}, blocked)
    assert done.returncode != 0
    assert "sms_codec._scan_c" in done.stderr.splitlines()[-1]
    done = _implementation({}, blocked)
    assert done.stdout.strip() == "python"


@needs_c
def test_built_extension_is_picked_by_default(c_twin: ModuleType) -> None:
    done = _implementation({})
    assert done.stdout.strip() == "cython", done.stderr


# --- the accelerated front of analyze() ----------------------------------------------------


def test_front_keeps_the_specification_visible() -> None:
    front = sms_codec.analyze
    assert front.__name__ == "analyze"
    assert front.__module__ == "sms_codec.analysis"
    assert "Analyse ``body``" in (front.__doc__ or "")
    assert list(inspect.signature(front).parameters) == [
        "body", "language", "encoding", "concat_reference", "transcode", "short_links"
    ]
    if sms_codec.IMPLEMENTATION == "cython":
        assert type(front).__name__ == "cython_function_or_method"
        spec = front.__wrapped__  # type: ignore[attr-defined]
        assert spec.__code__.co_name == "analyze"
        # The front's own parameters are the specification's, each keyword-only.
        own = inspect.signature(front, follow_wrapped=False).parameters
        expected = inspect.signature(spec).parameters
        assert list(own) == list(expected)
        assert [p.kind for p in own.values()] == [p.kind for p in expected.values()]


def test_front_hands_on_only_the_options_given(twin: ModuleType) -> None:
    with pytest.raises(TypeError, match=r"analyze\(\) got an unexpected keyword argument 'foo'"):
        sms_codec.analyze("x", foo=1)  # type: ignore[call-arg]
    spec = getattr(sms_codec.analyze, "__wrapped__", sms_codec.analyze)
    for options in ({"encoding": "gsm7"}, {"concat_reference": 16}, {"transcode": False}):
        assert sms_codec.analyze("a" * 200, **options) == spec("a" * 200, **options)
    with pytest.raises(sms_codec.EncodingError):
        sms_codec.analyze("Ж", encoding="gsm7")


def test_front_answers_only_under_the_cython_twin(
    twin: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    # _scan.use() switches the compiled front: under the Python twin every call runs the
    # specification, which reaches the kernels through _scan; under the Cython twin the
    # front answers the default call from its own kernel without looking anything up.
    calls: list[str] = []
    kernel = _scan.default_analysis

    def spy(body: object, shape: Any) -> Any:
        calls.append(str(body))
        return kernel(body, shape)

    monkeypatch.setattr(_scan, "default_analysis", spy)
    assert sms_codec.analyze("Hello").units == 5
    compiled_front = sms_codec.IMPLEMENTATION == "cython" and twin is _scan.compiled()
    assert calls == ([] if compiled_front else ["Hello"])
    assert sms_codec.analyze("Hello", language="tr").units == 5
    assert calls == ([] if compiled_front else ["Hello"])


def test_front_and_specification_agree_on_odd_calls() -> None:
    spec = getattr(sms_codec.analyze, "__wrapped__", sms_codec.analyze)
    for body, options in [
        ("hi", {"concat_reference": 16}),
        ("hi", {"language": "NONE"}),
        ("Привет", {"transcode": True}),
        ("a" * 200, {"encoding": "auto"}),
    ]:
        assert sms_codec.analyze(body, **options) == spec(body, **options)
    with pytest.raises(TypeError):
        sms_codec.analyze("a", "b")  # type: ignore[misc]
    with pytest.raises(sms_codec.BodyTypeError):
        sms_codec.analyze(b"bytes")  # type: ignore[arg-type]


@pytest.mark.usefixtures("twin")
@pytest.mark.parametrize("language", ["tr", "auto", ["tr", "es"]])
def test_rule_4_most_remaining_decides_between_equal_part_counts(language: Any) -> None:
    # 'a' * 200 + 'ğ': Turkish locking (1 IE) takes 201 septets, the default alphabet with
    # the Turkish single shift (1 IE) 202 (ğ escaped); both are 2 parts of 149, so the
    # one with 97 septets left in its last part wins over the one with 96.
    result = analyze("a" * 200 + "ğ", language=language)
    assert (result.units, result.parts, result.remaining) == (201, 2, 97)
    assert (result.locking_shift, result.single_shift) == ("tr", None)
    # Lone parts: 'ğ' alone costs 2 septets with the single shift, 1 with the locking
    # table; both are 1 IE, so the locking table's 154 left wins over 153.
    alone = analyze("ğ", language=language)
    assert (alone.units, alone.remaining, alone.locking_shift) == (1, 154, "tr")
    assert plan("a" * 200 + "ğ", language=language).ends == (149, 201)


# One character of each Grapheme_Cluster_Break class (and InCB, ExtPict) the rules read.
_JOINING_POOL = [
    "a", " ", "\r", "\n", "\x01", "\u0301", "\u200d", "\U0001f1ec", "\U0001f1f7", "\U0001f44d",
    "\U0001f3fd", "\u2764", "\ufe0f", "\u0915", "\u094d", "\u0600", "\u0903", "\u1100",
    "\u1161", "\u11a8", "\uac00", "\uac01", "\u0416",
]


def _greedy_from_boundaries(body: str, capacity: int) -> tuple[list[int], int]:
    """ucs2_part_ends restated over the full boundary list (the oracle of the lazy cuts)."""
    bounds = set(_scan_py.grapheme_ends(body))
    units = [2 if ord(c) > 0xFFFF else 1 for c in body]
    ends: list[int] = []
    index, used = 0, 0
    i = 0
    while i < len(body):
        if used + units[i] > capacity:
            cut = i
            first = max((b for b in bounds | {0} if b <= cut), default=0)
            after = min(b for b in bounds if b >= cut)
            if first != cut and first > index and sum(units[first:after]) <= capacity:
                cut = first
            ends.append(cut)
            index, used, i = cut, 0, cut
            continue
        used += units[i]
        i += 1
    ends.append(len(body))
    return ends, used


@pytest.mark.usefixtures("twin")
def test_ucs2_cuts_on_joiner_runs_match_the_full_boundary_list() -> None:
    rng = random.Random(20261202)
    for _ in range(500):
        size = rng.choice([3, 8, 20, 71, 150])
        body = "".join(rng.choice(_JOINING_POOL) for _ in range(size))
        for capacity in (2, 3, 5, 7, 67):
            expected = _greedy_from_boundaries(body, capacity)
            assert _scan.ucs2_part_ends(body, capacity) == expected, (body, capacity)


@needs_c
def test_ucs2_cuts_on_joiner_runs_agree(c_twin: ModuleType) -> None:
    rng = random.Random(20261203)
    for _ in range(500):
        size = rng.choice([3, 8, 20, 71, 150])
        body = "".join(rng.choice(_JOINING_POOL) for _ in range(size))
        for capacity in (2, 3, 4, 6, 67):
            _agree("ucs2_part_ends", c_twin, body, capacity)
