"""The parts as they travel: the ``wire_parts`` kernel on both twins, the common call of
``encode`` (``planner.default_cuts``) against the planner, and ``pdu.submit``'s inline checks.

Expected octets come from TS 23.040 9.2.3.24.1 (the concatenation IE: UDHL 05, IEI 00,
length 03, reference, total, sequence) and 9.2.3.16 (TP-UDL of UCS-2 counts octets, header
included), and from UTF-16-BE (TS 23.038 6.2.3: UCS-2 big-endian; an astral character as
its surrogate pair).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _twins import C_TWIN, needs_c
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sms_codec import _scan, _scan_py
from sms_codec.errors import InvalidBodyError, OptionError
from sms_codec.pdu import encode_address, submit
from sms_codec.planner import default_cuts, plan
from sms_codec.wire import Segment, encode

SETTINGS = settings(
    max_examples=300, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
RECORD = (Segment, 0x08, 0x40, "unpacked")
HEADERS = [
    (b"", None),
    (b"\x05\x00\x03\x2a\x03", b""),
    (b"\x06\x08\x04\x12\x34\x03", b""),
    (b"\x08\x00\x03\x2a\x03", b"\x24\x01\x01"),  # concatenation, then a locking shift IE
]
ALPHABET = ["a", "é", "ж", "中", "\U0001f600", "\U0001f44d\U0001f3fd", "e\u0301", "\r\n",
            "\ud800", "\udfff", "\x00", "\uffff", "\U0010ffff"]
bodies = st.lists(st.sampled_from(ALPHABET), max_size=200).map("".join)
# Valid bodies of either encoding, long enough for several parts.
PIECES = [*ALPHABET[:8], "ş"]
valid_bodies = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=400).map("".join),
    st.text(alphabet="ab[€ ", max_size=700),
    st.tuples(st.text(alphabet="ab[€ ", max_size=400), st.sampled_from(PIECES)).map("".join),
)


def _outcome(call: Callable[[], Any]) -> tuple[Any, ...]:
    try:
        value = call()
    except Exception as exc:  # the comparison is the point
        return ("raised", type(exc), str(exc))
    return ("returned", value)


def _agree(*args: Any) -> None:
    assert C_TWIN is not None
    expected = _outcome(lambda: _scan_py.wire_parts(*args))
    assert _outcome(lambda: C_TWIN.wire_parts(*args)) == expected, args


def _ends(body: str, data: st.DataObject) -> list[int]:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(body)), max_size=5)))
    return [*cuts, len(body)]


@needs_c
@SETTINGS
@given(body=bodies, data=st.data())
def test_twins_agree_on_ucs2_parts(body: str, data: st.DataObject) -> None:
    ends = _ends(body, data)
    for header in HEADERS:
        _agree(body, ends, None, header, RECORD)
        _agree(body, tuple(ends), None, header, (Segment, 0x18, 0x00, "packed"))


@needs_c
@SETTINGS
@given(body=st.text(alphabet="abc€[]", max_size=300), data=st.data())
def test_twins_agree_on_gsm_parts(body: str, data: st.DataObject) -> None:
    ends = _ends(body, data)
    payloads = []
    start = 0
    for end in ends:
        septets = _scan_py.gsm_septets(body[start:end], 0, 0)
        payloads.append((septets, len(septets)))
        start = end
    for header in HEADERS:
        _agree(body, ends, payloads, header, (Segment, 0x00, 0x40, "unpacked"))


class _Plain:
    def __init__(self, *fields: object) -> None:
        self.fields = fields

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Plain) and other.fields == self.fields

    __hash__ = None  # type: ignore[assignment]


@needs_c
@pytest.mark.parametrize(
    "args",
    [
        ("ab", [2, 1], None, (b"", None), RECORD),  # backwards: the specification's slices
        ("ab", [3], None, (b"", None), RECORD),  # past the end
        ("ab", [-1, 2], None, (b"", None), RECORD),
        ("ab", [1.0, 2], None, (b"", None), RECORD),
        ("ab", [1, 2], [(b"a", 1)], (b"", None), RECORD),  # one payload short
        ("ab", [2], [(b"ab", -1)], (b"", None), RECORD),
        ("ab", [2], [(bytearray(b"ab"), 2)], (b"", None), RECORD),
        ("ab", [2], [[b"ab", 2]], (b"", None), RECORD),
        ("ab", [2], None, (b"", "x"), RECORD),
        ("ab", [2], None, (bytearray(b"\x00"), None), RECORD),
        ("ab", [2], None, (b"",), RECORD),
        ("ab", [2], None, (b"", None), (Segment, 8, 0)),
        ("ab", [2], None, (b"", None), (_Plain, 8, 0, "unpacked")),  # no __slots__
        ("ab", [2], None, (b"", None), (tuple, 8, 0, "unpacked")),
        (b"ab", [2], None, (b"", None), RECORD),
        ("a\ud800", [2], None, (b"", None), RECORD),  # UTF-16 has no lone surrogate
        ("\U0001f600\udc00", [1, 2], None, (b"", None), RECORD),
        ("a" * 256, list(range(1, 257)), None, (b"\x05\x00\x03\x01\xff", b""), RECORD),
        ("a" * 255, list(range(1, 256)), None, (b"\x05\x00\x03\x01\xff", b""), RECORD),
    ],
)
def test_twins_agree_outside_the_native_domain(args: tuple[Any, ...]) -> None:
    _agree(*args)


@pytest.mark.usefixtures("twin")
def test_ucs2_parts_exact_octets() -> None:
    head = bytes.fromhex("0500032a02")
    parts = _scan.wire_parts("ж" * 71, [67, 71], None, (head, b""), RECORD)
    assert [p.udh.hex() for p in parts] == ["0500032a0201", "0500032a0202"]
    assert parts[0].user_data == bytes.fromhex("0500032a0201" + "0436" * 67)
    assert parts[1].user_data == bytes.fromhex("0500032a0202" + "0436" * 4)
    assert [p.udl for p in parts] == [140, 14]
    assert [p.text for p in parts] == ["ж" * 67, "ж" * 4]
    assert {(p.data_coding, p.esm_class, p.packing) for p in parts} == {(8, 0x40, "unpacked")}


@pytest.mark.usefixtures("twin")
def test_astral_characters_are_surrogate_pairs() -> None:
    (part,) = _scan.wire_parts("a\U0001f600é", [3], None, (b"", None), RECORD)
    assert part.user_data == bytes.fromhex("0061d83dde0000e9")
    assert (part.udh, part.udl) == (b"", 8)
    (top,) = _scan.wire_parts("\U0010ffff", [1], None, (b"", None), RECORD)
    assert top.user_data == bytes.fromhex("dbffdfff")


@pytest.mark.usefixtures("twin")
def test_gsm_parts_count_header_septets() -> None:
    # A 6-octet header is 7 septets (48 bits padded to 49): TP-UDL = 7 + the text's septets.
    parts = _scan.wire_parts("ab", [1, 2], [(b"a", 1), (b"b", 1)],
                             (bytes.fromhex("0500030702"), b""), (Segment, 0, 0x40, "unpacked"))
    assert [(p.udh.hex(), p.user_data.hex(), p.udl) for p in parts] == [
        ("050003070201", "05000307020161", 8), ("050003070202", "05000307020262", 8)
    ]


@pytest.mark.usefixtures("twin")
def test_encode_ucs2_with_a_pair_at_the_cut() -> None:
    # 36 emoji are 72 code units: 33 fit the 67 units of a concatenated part (the 34th
    # would split its pair), 3 go to the second part.
    first, second = encode("\U0001f600" * 36, reference=0x2A)
    assert first.user_data == bytes.fromhex("0500032a0201" + "d83dde00" * 33)
    assert second.user_data == bytes.fromhex("0500032a0202" + "d83dde00" * 3)
    assert (first.udl, second.udl) == (138, 18)


@pytest.mark.usefixtures("twin")
@settings(max_examples=300, deadline=None, database=None)
@given(body=valid_bodies)
def test_default_cuts_are_the_plan(body: str) -> None:
    cut = plan(body)
    assert default_cuts(body) == (cut.encoding, list(cut.ends))


@pytest.mark.usefixtures("twin")
@settings(max_examples=200, deadline=None, database=None)
@given(body=valid_bodies, bits=st.sampled_from([8, 16]),
       packing=st.sampled_from(["unpacked", "packed"]))
def test_common_call_is_the_general_one(body: str, bits: int, packing: str) -> None:
    # language=[] resolves like None but takes the planner's path.
    fast = encode(body, reference=5, packing=packing, concat_reference=bits)
    general = encode(body, reference=5, packing=packing, concat_reference=bits, language=[])
    assert fast == general


@pytest.mark.usefixtures("twin")
def test_default_cuts_errors() -> None:
    with pytest.raises(InvalidBodyError, match="lone surrogate U\\+D800 at index 1"):
        default_cuts("a\ud800")
    with pytest.raises(InvalidBodyError, match="lone surrogate U\\+D800 at index 1"):
        encode("a\ud800")


def test_random_references_are_drawn_per_message() -> None:
    references = {encode("ж" * 71)[0].udh[3] for _ in range(600)}
    assert len(references) > 150  # 600 draws of 256 values: about 240 distinct
    wide = {int.from_bytes(encode("ж" * 71, concat_reference=16)[0].udh[3:5], "big")
            for _ in range(600)}
    assert len(wide) > 590
    # More draws than one pool holds: the pool refills.
    assert len({encode("a" * 161, concat_reference=16)[0].udh[3:5] for _ in range(3000)}) > 2850


def test_submit_destination_is_encoded_once_and_errors_each_time() -> None:
    segment = encode("hellohello")[0]
    first = submit(segment, "+46708251358")
    assert first == submit(segment, "+46708251358")
    assert first[2:10] == encode_address("+46708251358")
    assert first.hex().upper() == "01000B916407281553F800000AE8329BFD4697D9EC37"
    for _ in range(2):
        with pytest.raises(OptionError, match="'x' at index 1 of destination"):
            submit(segment, "+x1")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"udl": True}, "segment.udl"),
        ({"udl": 256}, "segment.udl"),
        ({"data_coding": -1}, "segment.data_coding"),
        ({"packing": "Packed"}, "segment.packing"),
        ({"user_data": "x"}, "segment.user_data"),
        ({"udh": 0}, "segment.udh"),
    ],
)
def test_submit_checks_each_field(change: dict[str, object], message: str) -> None:
    fields = {"text": "a", "udh": b"", "user_data": b"a", "data_coding": 0, "udl": 1,
              "esm_class": 0, "packing": "unpacked", **change}
    with pytest.raises(Exception, match=message):
        submit(Segment(**fields), "123")  # type: ignore[arg-type]


def test_submit_accepts_bytes_like_user_data() -> None:
    segment = Segment("é", b"", bytearray(b"\x00\xe9"), 0x08, 2, 0)
    assert submit(segment, "1").hex() == "01000181f100080200e9"
