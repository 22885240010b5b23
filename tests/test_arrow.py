"""sms_codec.arrow.analyze_array on both twins: exact columns, nulls, every string layout,
bad rows, corrupt arrays built by hand, and equality with analyze_many (a property)."""

from __future__ import annotations

import struct
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sms_codec import analyze_many
from sms_codec._checks import MAX_BODY_CHARACTERS
from sms_codec.arrow import analyze_array
from sms_codec.errors import ArgumentTypeError, OptionError, RowError

BODIES = ["Hi", None, "a" * 161, "Ж" * 71, "", "😀" * 40, "[]" * 100]
#: (characters, encoding, units, parts, remaining, unicode), worked out by hand:
#: 161 GSM septets -> 153 + 8; 71 UCS-2 units -> 67 + 4; 40 emoji are 80 units -> 67 + 13
#: (no pair split); 100 "[]" are 400 septets, 2 each, never split -> 153 + 152 + 95.
EXPECTED = [
    (2, "GSM7", 2, 1, 158, False),
    None,
    (161, "GSM7", 161, 2, 145, False),
    (71, "UCS2", 71, 2, 63, True),
    (0, "GSM7", 0, 1, 160, False),
    (40, "UCS2", 80, 2, 53, True),
    (200, "GSM7", 400, 3, 57, False),
]
FIELDS = ("characters", "encoding", "units", "parts", "remaining", "unicode")


@pytest.fixture
def pa(engine: Any) -> Any:
    return engine("pyarrow", "arrow")


def rows(result: Any) -> list[Any]:
    return [None if r is None else tuple(r[f] for f in FIELDS) for r in result.to_pylist()]


@pytest.mark.parametrize("kind", ["string", "large_string", "string_view"])
def test_every_layout_gives_the_worked_out_columns(pa: Any, kind: str) -> None:
    result = analyze_array(pa.array(BODIES, getattr(pa, kind)()))
    assert rows(result) == EXPECTED
    assert result.type == pa.struct([
        ("characters", pa.int32()), ("encoding", pa.dictionary(pa.int8(), pa.string())),
        ("units", pa.int32()), ("parts", pa.int32()), ("remaining", pa.int32()),
        ("unicode", pa.bool_()),
    ])
    assert result.null_count == 1 and result.field("parts").null_count == 1


@pytest.mark.parametrize("kind", ["string", "large_string", "string_view"])
def test_an_astral_code_point_after_others(pa: Any, kind: str) -> None:
    # The decoder starts in UCS-2 and widens what it has at the first astral code point.
    # By hand: 30 x "Жx😀" is 90 characters and 120 units; part 1 takes 16 triples and
    # "Жx" (66 units, the emoji's pair is not split), part 2 the emoji and 13 triples (54).
    # "😀" + 70 x "Ж" is 72 units: 2 + 65 in part 1, 5 in part 2.
    values = pa.array(["Жx😀" * 30, "😀" + "Ж" * 70, "Ж" * 3 + "😀"], getattr(pa, kind)())
    assert rows(analyze_array(values)) == [
        (90, "UCS2", 120, 2, 13, True), (71, "UCS2", 72, 2, 62, True),
        (4, "UCS2", 5, 1, 65, True),
    ]


def test_chunked_and_sliced_input(pa: Any) -> None:
    chunked = pa.chunked_array([BODIES[:3], [], BODIES[3:]])
    assert rows(analyze_array(chunked)) == EXPECTED
    sliced = pa.array(["x", *BODIES, "y"]).slice(1, len(BODIES))
    assert rows(analyze_array(sliced)) == EXPECTED
    assert rows(analyze_array(pa.array([], pa.string()))) == []
    assert rows(analyze_array(pa.array([None, None], pa.string()))) == [None, None]


def test_options_reach_every_row(pa: Any) -> None:
    # Turkish locking table: 200 "ş" are 200 septets with the locking IE -> 2 parts.
    result = analyze_array(pa.array(["ş" * 200, "ş"]), language="tr")
    assert rows(result) == [(200, "GSM7", 200, 2, 98, False), (1, "GSM7", 1, 1, 154, False)]
    # 16-bit references: 152 septets per part -> 161 = 152 + 9.
    assert rows(analyze_array(pa.array(["a" * 161]), concat_reference=16)) == [
        (161, "GSM7", 161, 2, 143, False)
    ]
    assert rows(analyze_array(pa.array(["abc"]), encoding="ucs2")) == [
        (3, "UCS2", 3, 1, 67, True)
    ]


def test_a_bad_row_raises_naming_its_index(pa: Any) -> None:
    data = pa.py_buffer(b"ok" + b"a\xc3(" + b"\xed\xa0\x80")
    offsets = pa.array([0, 2, 5, 8], pa.int32()).buffers()[1]
    values = pa.Array.from_buffers(pa.string(), 3, [None, offsets, data])
    with pytest.raises(RowError, match=r"^row 1: invalid UTF-8 at byte 1$") as caught:
        analyze_array(values)
    assert caught.value.row == 1 and caught.value.reason == "invalid UTF-8 at byte 1"
    kept = analyze_array(values, errors="null")
    assert kept.field("error").to_pylist() == [
        None, "invalid UTF-8 at byte 1", "invalid UTF-8 at byte 0"
    ]
    assert kept.to_pylist()[1] == dict.fromkeys(FIELDS) | {"error": "invalid UTF-8 at byte 1"}
    assert kept.field("parts").to_pylist() == [1, None, None]


def test_too_many_parts_and_too_long_rows(pa: Any) -> None:
    # 255 parts hold 255 * 153 = 39,015 septets; one more character is a 256th part.
    values = pa.array(["a" * 39_015, "a" * 39_016, "a" * (MAX_BODY_CHARACTERS + 1), None])
    with pytest.raises(RowError, match=r"^row 1: needs 256 parts; a concatenated message"):
        analyze_array(values)
    kept = analyze_array(values, errors="null")
    assert kept.field("parts").to_pylist() == [255, None, None, None]
    assert kept.field("error").to_pylist() == [
        None,
        "needs 256 parts; a concatenated message has at most 255",
        "body has 1000001 characters; the bound is 1000000",
        None,
    ]
    assert kept.null_count == 1


def test_an_option_error_of_a_row(pa: Any) -> None:
    values = pa.array(["fine", "Привет"])
    with pytest.raises(RowError, match=r"^row 1: not encodable in GSM-7") as caught:
        analyze_array(values, encoding="gsm7")
    assert type(caught.value.__cause__).__name__ == "EncodingError"
    kept = analyze_array(values, encoding="gsm7", errors="null")
    assert kept.field("error")[1].as_py().startswith("not encodable in GSM-7")


@pytest.mark.parametrize(
    ("offsets", "row"),
    [([0, 5, 2, 7], 1), ([3, 1, 5], 0), ([0, 100, 5], 0), ([0, 2, 4, 9, 6], 2)],
)
def test_corrupt_offsets_are_an_error_not_a_read(pa: Any, offsets: list[int], row: int) -> None:
    data = pa.py_buffer(b"helloworld")
    buffer = pa.array(offsets, pa.int32()).buffers()[1]
    values = pa.Array.from_buffers(pa.string(), len(offsets) - 1, [None, buffer, data])
    for errors in ("raise", "null"):
        with pytest.raises(RowError, match=f"^row {row}: the array's offsets or views"):
            analyze_array(values, errors=errors)
    large = pa.array(offsets, pa.int64()).buffers()[1]
    values = pa.Array.from_buffers(pa.large_string(), len(offsets) - 1, [None, large, data])
    with pytest.raises(RowError, match=f"^row {row}: "):
        analyze_array(values)


@pytest.mark.parametrize(
    "view",
    [
        struct.pack("<i4sii", 20, b"abcd", 3, 0),  # buffer 3 of 1
        struct.pack("<i4sii", 20, b"abcd", 0, 15),  # 15 + 20 past a 30-byte buffer
        struct.pack("<i4sii", 20, b"abcd", 0, -1),
        struct.pack("<i12s", -1, b""),
    ],
)
def test_corrupt_views_are_an_error_not_a_read(pa: Any, view: bytes) -> None:
    good = struct.pack("<i12s", 2, b"hi")
    values = pa.Array.from_buffers(
        pa.string_view(), 2, [None, pa.py_buffer(good + view), pa.py_buffer(b"x" * 30)]
    )
    with pytest.raises(RowError, match=r"^row 1: the array's offsets or views are out of range"):
        analyze_array(values)


def test_wrong_arguments(pa: Any) -> None:
    with pytest.raises(ArgumentTypeError, match="not format 'l'"):
        analyze_array(pa.array([1, 2]))
    with pytest.raises(ArgumentTypeError, match=r"not format 'c' \(dictionary\)"):
        analyze_array(pa.array(["a", "a"]).dictionary_encode().cast(
            pa.dictionary(pa.int8(), pa.string())))
    with pytest.raises(ArgumentTypeError, match="__arrow_c_stream__\\), not list"):
        analyze_array(["a"])
    with pytest.raises(OptionError, match="errors must be 'raise' or 'null'"):
        analyze_array(pa.array(["a"]), errors="ignore")
    with pytest.raises(OptionError, match="unknown language 'xx'"):
        analyze_array(pa.array(["a"]), language="xx")


def test_the_result_is_a_capsule_export_each_time(pa: Any) -> None:
    from sms_codec import _arrow
    from sms_codec.planner import DEFAULT_SHAPE, body_analysis

    columns = _arrow.analyze_columns(pa.array(BODIES), body_analysis, True, DEFAULT_SHAPE[3:])
    first, second = pa.array(columns), pa.array(columns)
    assert first.equals(second) and rows(first) == EXPECTED
    parts = first.field("parts")
    del first, second, columns  # a child outlives its parent and the producer
    assert parts.to_pylist() == [1, None, 2, 2, 1, 2, 3]


TEXT = st.one_of(
    st.none(),
    st.text(st.sampled_from("aZ0 @£€[]{}~^|\\\nçşğÇéùÑñЖя😀👍🏽\u200d\u0301\u0915\u094d🇬🇷")),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "[", "Ж", "😀", "e\u0301"]),
              st.integers(0, 400)),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(TEXT, max_size=20), st.sampled_from(["string", "large_string", "string_view"]),
       st.sampled_from([None, "auto"]))
def test_equal_to_analyze_many_on_every_row(
    pa: Any, bodies: list[str | None], kind: str, language: str | None
) -> None:
    result = analyze_array(pa.array(bodies, getattr(pa, kind)()), language=language)
    present = [b for b in bodies if b is not None]
    many = iter(analyze_many(present, language=language))
    expected = [
        None if b is None else (
            (a := next(many)).characters, a.encoding.value, a.units, a.parts, a.remaining,
            a.unicode,
        )
        for b in bodies
    ]
    assert rows(result) == expected


def test_row_error_survives_pickling_and_a_rebuild_from_its_message() -> None:
    import pickle

    error = RowError("invalid UTF-8 at byte 3", row=7)
    for copy in (pickle.loads(pickle.dumps(error)), RowError(str(error))):
        assert (copy.row, copy.reason, str(copy)) == (7, "invalid UTF-8 at byte 3", str(error))


#: Overlong, surrogate, past U+10FFFF, cut short, stray continuation, invalid lead byte;
#: after an escape, a Cyrillic letter, an emoji, both (each reaches a different walk).
NOT_UTF8 = [
    b"\xc0\x80", b"ab\xe0\x80\x80", b"\xf4\x90\x80\x80", b"a\xf0\x9f\x98", b"\xed\xa0\x80",
    b"\x80", b"ok\xff", b"[\xe2\x82", "Ж".encode() + b"\xc3(", "😀".encode() + b"\xff",
    b"a" * 300 + b"\xe9", "Жя😀b".encode() + b"\xc3(", "Жя😀".encode() + b"\xf0\x9f",
]


def test_invalid_utf8_is_found_where_python_finds_it(pa: Any) -> None:
    data = b"".join(NOT_UTF8)
    ends = [0]
    for raw in NOT_UTF8:
        ends.append(ends[-1] + len(raw))
    offsets = pa.array(ends, pa.int32()).buffers()[1]
    values = pa.Array.from_buffers(pa.string(), len(NOT_UTF8), [None, offsets, pa.py_buffer(data)])
    expected = []
    for raw in NOT_UTF8:
        with pytest.raises(UnicodeDecodeError) as caught:
            raw.decode("utf-8")
        expected.append(f"invalid UTF-8 at byte {caught.value.start}")
    assert analyze_array(values, errors="null").field("error").to_pylist() == expected
    assert analyze_array(values, errors="null", language="tr").field("error").to_pylist() == (
        expected
    )
