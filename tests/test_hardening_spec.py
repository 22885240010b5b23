"""Conformance found by comparing with other implementations (issue 14 item 6): exact PDUs
and user data, with the values TS 23.038 and TS 23.040 give."""

from __future__ import annotations

import pytest

from sms_codec import decode, pdu
from sms_codec.errors import DecodeError

# --------------------------------------------------------------- TS 23.038 clause 4, DCS

# The coding groups of TS 23.038 clause 4, written out from its table: what a receiver
# reads each DCS octet as. General groups 00xx and 01xx (automatic deletion): bit 5 set
# is compressed, bits 3-2 are the alphabet (11 reserved), bit 4 says bits 1-0 are a class.
GENERAL = [c for c in range(0x80) if not c & 0x20]
RESERVED_ALPHABET = [c for c in GENERAL if c & 0x0C == 0x0C]
RESERVED_GROUPS = list(range(0x80, 0xC0))  # 1000..1011
MWI_GSM = list(range(0xC0, 0xE0))  # 1100 discard, 1101 store: GSM 7-bit
MWI_UCS2 = list(range(0xE0, 0xF0))  # 1110 store: UCS2
COMPRESSED = [c for c in range(0x80) if c & 0x20]


@pytest.mark.parametrize("dcs", RESERVED_ALPHABET + RESERVED_GROUPS)
def test_reserved_codings_decode_as_the_gsm_default_alphabet(dcs: int) -> None:
    # Clause 4: "Any reserved codings shall be assumed to be the GSM 7 bit default
    # alphabet (the same as codepoint 00000000) by a receiving entity."
    segment = decode(b"Hi\x00", dcs)
    assert (segment.text, segment.alphabet) == ("Hi@", "GSM7")
    expected_class = dcs & 0x3 if dcs < 0x80 and dcs & 0x10 else None
    assert segment.message_class == expected_class


def test_the_reserved_codings_counted() -> None:
    # 16 general codings with alphabet 11 (32 less the compressed half) and 64 in the
    # reserved groups: 80 octets a receiver must not refuse.
    assert len(RESERVED_ALPHABET) == 16
    assert len(RESERVED_GROUPS) == 64


@pytest.mark.parametrize("dcs", MWI_GSM)
def test_message_waiting_groups_carry_gsm_text(dcs: int) -> None:
    assert decode(b"Hi", dcs).text == "Hi"


@pytest.mark.parametrize("dcs", MWI_UCS2)
def test_message_waiting_store_ucs2(dcs: int) -> None:
    assert decode(b"\x04\x16\x00!", dcs).text == "Ж!"


@pytest.mark.parametrize("dcs", COMPRESSED)
def test_compressed_text_is_refused_naming_the_dcs(dcs: int) -> None:
    with pytest.raises(DecodeError, match=f"data_coding 0x{dcs:02X} marks compressed text"):
        decode(b"Hi", dcs)


# The SMS-DELIVER of TS 23.040's worked example (as GSM modems print it), and its parts.
SMSC = "07917283010010F5"
OA = "0BC87238880900F1"  # 11 digits 27838890001, filler F in the last octet's high nibble
SCTS = "99309251619580"
HELLO = "0AE8329BFD4697D9EC37"  # TP-UDL 10, "hellohello" packed


def deliver(first: str = "04", oa: str = OA, dcs: str = "00", ud: str = HELLO) -> bytes:
    return bytes.fromhex(SMSC + first + oa + "00" + dcs + SCTS + ud)


@pytest.mark.parametrize("dcs", ["0C", "1F", "5C", "80", "A7", "BF"])
def test_parse_deliver_reads_a_reserved_coding_as_packed_gsm(dcs: str) -> None:
    parsed = pdu.parse_deliver(deliver(dcs=dcs))
    assert parsed.segment.text == "hellohello"
    assert parsed.segment.alphabet == "GSM7"
    assert parsed.data_coding == int(dcs, 16)


def test_parse_deliver_names_the_dcs_octet_of_compressed_text() -> None:
    # The DCS is octet 8 + 1 + 8 + 1 = 18 of this PDU.
    with pytest.raises(DecodeError, match="octet 18: data_coding 0x20 marks compressed"):
        pdu.parse_deliver(deliver(dcs="20"))


# ------------------------------------------------------ TS 23.040 9.1.2.5, address filler


@pytest.mark.parametrize("filler", list("0123456789ABCDEF"))
def test_an_odd_address_keeps_its_digits_whatever_the_filler(filler: str) -> None:
    # TP-OA length 11 counts the useful semi-octets; the twelfth (the high nibble of the
    # last octet) is filler that TS 23.040 asks to be F, and phones read whatever it is.
    oa = OA[:-2] + filler + "1"
    parsed = pdu.parse_deliver(deliver(oa=oa))
    assert parsed.originating_address == "27838890001"
    assert parsed.originating_type == 0xC8
    assert parsed.segment.text == "hellohello"


@pytest.mark.parametrize("filler", list("05AF"))
def test_an_international_odd_address_with_any_filler(filler: str) -> None:
    # +46708251358: 11 digits, type 0x91.
    oa = "0B916407281553" + filler + "8"
    assert pdu.parse_deliver(deliver(oa=oa)).originating_address == "+46708251358"


def test_a_semi_octet_above_c_inside_the_digits_is_still_refused() -> None:
    # Digit 3 (the high nibble of octet 0x72 -> 0xF2) is inside the length: not filler.
    oa = "0BC8F238880900F1"
    with pytest.raises(DecodeError, match="octet 11: the originating address has semi-octet 0xF"):
        pdu.parse_deliver(deliver(oa=oa))


# ---------------------------------------- TS 23.038 6.1.2.1.1, a trailing code 0x00 septet

# "abcdefg@": 8 septets fill 7 octets exactly, which is also what "abcdefg" (7 septets
# and 7 spare zero bits) packs to: 61 F1 98 5C 36 9F 01.
PACKED_8 = "61F1985C369F01"


def test_parse_deliver_keeps_a_trailing_at_sign_from_tp_udl() -> None:
    assert pdu.parse_deliver(deliver(ud="08" + PACKED_8)).segment.text == "abcdefg@"
    assert pdu.parse_deliver(deliver(ud="07" + PACKED_8)).segment.text == "abcdefg"


def test_decode_prefers_the_length_when_given() -> None:
    data = bytes.fromhex(PACKED_8)
    assert decode(data, 0x00, packing="packed", udl=8).text == "abcdefg@"
    assert decode(data, 0x00, packing="packed", udl=7).text == "abcdefg"
    # Without a length the last zero septet reads as padding (documented in decode).
    assert decode(data, 0x00, packing="packed").text == "abcdefg"


# Bengali (NLI 4) locking shift: UDH 03 25 01 04 is 4 octets, so 5 header septets and 3
# fill bits. Codes 0x01 0x02 0x00 are U+0982 U+0983 U+0981 (a letter, not '@'); with the
# fill bits they pack to 08 08 00, exactly what 0x01 0x02 alone packs to.
BENGALI_UD = "03250104" + "080800"


def test_a_national_letter_of_code_0x00_survives_with_tp_udl() -> None:
    parsed = pdu.parse_deliver(deliver(first="44", ud="08" + BENGALI_UD))
    assert parsed.segment.locking_shift == "bn"
    assert parsed.segment.text == "\u0982\u0983\u0981"
    shorter = pdu.parse_deliver(deliver(first="44", ud="07" + BENGALI_UD))
    assert shorter.segment.text == "\u0982\u0983"


def test_decode_of_the_bengali_letter_needs_the_length() -> None:
    data = bytes.fromhex(BENGALI_UD)
    assert decode(data, 0x00, udhi=True, packing="packed", udl=8).text == "\u0982\u0983\u0981"
    assert decode(data, 0x00, udhi=True, packing="packed").text == "\u0982\u0983"


def test_unpacked_user_data_is_never_trimmed() -> None:
    # One octet per septet (SMPP): the length is the data's, so 0x00 is always a character.
    assert decode(b"abc\x00", 0x00).text == "abc@"
    assert decode(bytes.fromhex("03250104") + b"\x01\x02\x00", 0x00, udhi=True).text == (
        "\u0982\u0983\u0981"
    )


def test_a_wrong_tp_udl_is_an_error_not_a_guess() -> None:
    # 9 septets need 8 octets; 7 are there.
    with pytest.raises(DecodeError, match="TP-UDL 9 means 8 octets of user data, but 7 follow"):
        pdu.parse_deliver(deliver(ud="09" + PACKED_8))
