"""SMS-SUBMIT and SMS-DELIVER TPDUs against PDUs written out field by field (TS 23.040)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from sms_codec.errors import ArgumentTypeError, DecodeError, OptionError
from sms_codec.pdu import (
    decode_timestamp,
    encode_address,
    encode_timestamp,
    parse_deliver,
    relative_validity,
    submit,
)
from sms_codec.reassembly import Reassembler
from sms_codec.wire import Concat, encode

pytestmark = pytest.mark.usefixtures("twin")

H = bytes.fromhex

# The widely published example: "hellohello" to +46708251358, valid 4 days.
# 11 first octet (SMS-SUBMIT, TP-VPF relative) | 00 TP-MR | 0B 91 6407281553F8 TP-DA |
# 00 TP-PID | 00 TP-DCS | AA TP-VP | 0A TP-UDL | E8329BFD4697D9EC37 TP-UD
HELLO_SUBMIT = H("11000B916407281553F80000AA0AE8329BFD4697D9EC37")

# And its SMS-DELIVER: 07 91 7283010010F5 SMSC | 04 first octet | 0B C8 7238880900F1 TP-OA |
# 00 TP-PID | 00 TP-DCS | 99309251619580 TP-SCTS | 0A TP-UDL | E8329BFD4697D9EC37 TP-UD
HELLO_DELIVER = H("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37")


@pytest.mark.parametrize("packing", ["packed", "unpacked"])
def test_submit_known_pdu(packing: str) -> None:
    [segment] = encode("hellohello", packing=packing)
    assert submit(segment, "+46708251358", validity=timedelta(days=4)) == HELLO_SUBMIT
    assert submit(segment, "+46708251358", validity=0xAA) == HELLO_SUBMIT


def test_submit_without_validity() -> None:
    [segment] = encode("hellohello")
    assert submit(segment, "+46708251358") == H("01000B916407281553F800000AE8329BFD4697D9EC37")


def test_submit_concatenated_part_with_status_report() -> None:
    segments = encode("a" * 153 + "Hi there", reference=0x2A)
    pdu = submit(segments[1], "+46708251358", request_status_report=True, message_reference=5)
    # 61 = SMS-SUBMIT | TP-SRR 0x20 | TP-UDHI 0x40; UDL 0F = 7 header septets + 8 text.
    assert pdu == H("6105" "0B916407281553F8" "0000" "0F" "0500032A02029069101D5D969701")


def test_submit_ucs2_national_number() -> None:
    [segment] = encode("Привет")
    assert submit(segment, "0708251358") == H(
        "0100" "0A817080523185" "0008" "0C" "041F04400438043204350442"
    )


def test_submit_absolute_validity_and_flash() -> None:
    [segment] = encode("123", flash=True, packing="packed")
    expiry = datetime(2024, 5, 17, 13, 45, 30, tzinfo=timezone(timedelta(hours=-5)))
    # 19 = SMS-SUBMIT | TP-VPF absolute (11 << 3); zone 0A = 20 quarters, sign bit set.
    assert submit(segment, "+1", validity=expiry) == H(
        "1900" "0191F1" "0010" "4250713154030A" "03" "31D90C"
    )


@pytest.mark.parametrize(
    ("period", "octet"),
    [
        (timedelta(minutes=5), 0),
        (timedelta(minutes=7), 1),
        (timedelta(hours=12), 143),
        (timedelta(hours=13), 145),
        (timedelta(days=1), 167),
        (timedelta(days=2), 168),
        (timedelta(days=30), 196),
        (timedelta(days=31), 197),
        (timedelta(weeks=63), 255),
    ],
)
def test_relative_validity(period: timedelta, octet: int) -> None:
    assert relative_validity(period) == octet


def test_submit_option_errors() -> None:
    [segment] = encode("hi")
    for bad in (timedelta(0), timedelta(weeks=64), 256, -1, datetime(2024, 1, 1)):
        with pytest.raises(OptionError):
            submit(segment, "+1", validity=bad)
    # A bool is no TP-VP octet: a wrong type, not a wrong value.
    with pytest.raises(ArgumentTypeError, match="validity must be None, a timedelta"):
        submit(segment, "+1", validity=True)
    with pytest.raises(OptionError, match="index 2"):
        submit(segment, "+1x")
    with pytest.raises(OptionError, match="1 to 20"):
        submit(segment, "+" + "1" * 21)
    with pytest.raises(OptionError, match="1 to 20"):
        submit(segment, "")
    with pytest.raises(OptionError):
        submit(segment, "+1", message_reference=256)
    with pytest.raises(ArgumentTypeError, match="request_status_report must be True or False"):
        submit(segment, "+1", request_status_report=1)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="segment must be a Segment, not str"):
        submit("hi", "+1")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="message_reference must be an int, not float"):
        submit(segment, "+1", message_reference=1.0)  # type: ignore[arg-type]


def test_address_semi_octets() -> None:
    assert encode_address("+46708251358") == H("0B916407281553F8")
    assert encode_address("*100#") == H("05811A00FB")


def test_timestamps() -> None:
    moment = datetime(2024, 5, 17, 13, 45, 30, tzinfo=timezone(timedelta(hours=5, minutes=45)))
    assert encode_timestamp(moment) == H("42507131540332")
    assert decode_timestamp(H("42507131540332")) == moment
    assert decode_timestamp(H("4250713154030A")).utcoffset() == timedelta(hours=-5)
    with pytest.raises(OptionError):
        encode_timestamp(datetime(2024, 1, 1))
    with pytest.raises(DecodeError, match="octet 1"):
        decode_timestamp(H("42A07131540300"))
    with pytest.raises(DecodeError, match=r"octets 0\.\.6"):
        decode_timestamp(H("42317131540300"))


def test_parse_known_deliver() -> None:
    d = parse_deliver(HELLO_DELIVER)
    assert d.smsc == "+27381000015"
    assert d.originating_address == "27838890001"
    assert d.originating_type == 0xC8
    assert (d.protocol_identifier, d.data_coding, d.udl) == (0, 0, 10)
    assert d.timestamp == datetime(1999, 3, 29, 15, 16, 59, tzinfo=timezone(timedelta(hours=2)))
    assert d.segment.text == "hellohello"
    assert (d.udhi, d.more_messages_to_send, d.status_report_indication, d.reply_path) == (
        False, False, False, False
    )
    assert parse_deliver(HELLO_DELIVER[8:], smsc=False).segment.text == "hellohello"


# A bare concatenated SMS-DELIVER from an alphanumeric sender, written out by hand:
# 44 first octet (TP-UDHI, TP-MMS) | 07 D0 49B7F90D TP-OA "Info" (7 useful semi-octets) |
# 00 TP-PID | 08 TP-DCS | 42102030405000 TP-SCTS | 10 TP-UDL | UDH + UCS-2 "ППП😀"
UCS2_PART_2 = H("4407D049B7F90D0008421020304050001005000307020204" "1F041F041FD83DDE00")
# Part 1: UDL 0A: UDH then "Ш" "Ю".
UCS2_PART_1 = H("4407D049B7F90D000842102030405000" "0A" "0500030702010428042E")
# GSM 7-bit part 2 of "a"*153 + "Hi there": header 6 octets, 1 fill bit, UDL 0F.
GSM_PART = H("400B916407281553F8000042102030405000" "0F" "0500032A02029069101D5D969701")


def test_parse_concatenated_deliver_and_reassemble() -> None:
    second = parse_deliver(UCS2_PART_2, smsc=False)
    assert second.originating_address == "Info"
    assert second.originating_type == 0xD0
    assert second.timestamp == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert second.segment.concat == Concat(7, 2, 2, 8)
    assert second.segment.text == "ППП😀"
    assert second.more_messages_to_send is False
    first = parse_deliver(UCS2_PART_1, smsc=False)
    r = Reassembler()
    assert r.feed(second.originating_address, second.segment) is None
    message = r.feed(first.originating_address, first.segment)
    assert message is not None
    assert message.text == "ШЮППП😀"


def test_parse_gsm_deliver_with_fill_bits() -> None:
    d = parse_deliver(GSM_PART, smsc=False)
    assert d.originating_address == "+46708251358"
    assert d.segment.text == "Hi there"
    assert d.segment.concat == Concat(0x2A, 2, 2, 8)
    assert d.more_messages_to_send is True


def test_odd_address_with_another_filler_is_read() -> None:
    # The length (11 semi-octets) says the filler does not count; phones accept A here.
    pdu = H("040B91") + H("6407281553A8") + H("0000") + H("99309251619580") + H("02C834")
    deliver = parse_deliver(pdu, smsc=False)
    assert deliver.originating_address == "+46708251358"
    assert deliver.segment.text == "Hi"


@pytest.mark.parametrize(
    ("pdu", "smsc", "match"),
    [
        (HELLO_DELIVER[:5], True, "SMSC address"),
        (HELLO_DELIVER[:12], True, "originating address"),
        (HELLO_DELIVER[:20], True, "TP-SCTS"),
        (HELLO_DELIVER[:-1], True, "TP-UDL 10"),
        (HELLO_DELIVER + b"\x00", True, "TP-UDL 10"),
        (HELLO_SUBMIT, False, "TP-MTI is 1"),
        (H("04") + H("0B916407281553F8") + H("0000") + H("99309251619580") + H("A1"), False,
         "more than 140"),
        (H("04") + H("0B9164072815F3F8") + H("0000") + H("99309251619580") + H("00"), False,
         "octet 7"),
        (H("04") + H("0B916407281553F8") + H("0000") + H("99309252619580") + H("00"), False,
         "timestamp"),
    ],
)
def test_parse_errors(pdu: bytes, smsc: bool, match: str) -> None:
    with pytest.raises(DecodeError, match=match):
        parse_deliver(pdu, smsc=smsc)


def test_parse_errors_in_user_data_name_pdu_octets() -> None:
    # GSM_PART with the concatenation sequence 00: TP-UD starts at octet 19 (first octet 0,
    # TP-OA 1..8, TP-PID 9, TP-DCS 10, TP-SCTS 11..17, TP-UDL 18), so its octet 5 is 24.
    bad_sequence = H("400B916407281553F8000042102030405000" "0F" "0500032A02009069101D5D969701")
    with pytest.raises(DecodeError, match=r"^TP-UD at octets 19\.\.32: octet 24: sequence 0"):
        parse_deliver(bad_sequence, smsc=False)
    # UCS-2 with an odd payload: TP-UD is octets 17..27 and its last octet is 27.
    odd = H("4407D049B7F90D000842102030405000" "0B" "0500030702010428042E00")
    with pytest.raises(DecodeError, match=r"octet 27: UCS2 text has an odd number"):
        parse_deliver(odd, smsc=False)
    # With the SMSC address in front every octet moves by its 8 octets.
    with pytest.raises(DecodeError, match=r"octet 32: sequence 0"):
        parse_deliver(H("07917283010010F5") + bad_sequence)


def test_parse_error_in_dcs_names_its_octet() -> None:
    compressed = H("04" "0B916407281553F8" "00" "20" "99309251619580" "01" "41")
    with pytest.raises(DecodeError, match=r"^octet 10: data_coding 0x20 marks compressed"):
        parse_deliver(compressed, smsc=False)


def test_parse_rejects_non_bytes() -> None:
    with pytest.raises(ArgumentTypeError, match="pdu must be bytes, not str"):
        parse_deliver("0011")  # type: ignore[arg-type]
