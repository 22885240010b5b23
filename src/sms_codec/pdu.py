"""SMS-SUBMIT and SMS-DELIVER TPDUs (TS 23.040 9.2.2) for GSM modems in PDU mode.

:func:`submit` builds the TPDU of one :class:`~sms_codec.wire.Segment`; for ``AT+CMGS``
send ``"00" + submit(...).hex()`` (no SMSC address: the modem's own) with length
``len(tpdu)``. :func:`parse_deliver` reads an SMS-DELIVER as ``AT+CMGR``/``AT+CMGL`` print
it, SMSC address first.

>>> from datetime import timedelta
>>> from sms_codec.wire import encode
>>> segment = encode("hellohello")[0]
>>> submit(segment, "+46708251358", validity=timedelta(days=4)).hex().upper()
'11000B916407281553F80000AA0AE8329BFD4697D9EC37'
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple

from ._checks import check_bool, check_bytes, check_choice, check_int, check_size, check_type
from .errors import ArgumentTypeError, DecodeError, OptionError
from .gsm7 import dcs_alphabet, pack_septets, septet_tables, septets_to_text, unpack_septets
from .wire import DecodedSegment, Segment, decode

__all__ = [
    "MAX_DELIVER_OCTETS",
    "Deliver",
    "decode_timestamp",
    "encode_address",
    "encode_timestamp",
    "parse_deliver",
    "relative_validity",
    "submit",
]

# TS 23.040 9.1.2.5 type of address: bit 7 set, TON in bits 6-4, NPI in bits 3-0.
TOA_INTERNATIONAL = 0x91
TOA_UNKNOWN = 0x81
_TON_INTERNATIONAL = 0x1
_TON_ALPHANUMERIC = 0x5
# TS 23.040 9.1.2.3 semi-octets beyond the digits (the BCD coding of TS 24.008 10.5.4.7).
_NIBBLE = "0123456789*#abc"
_MAX_DIGITS = 20
#: The longest SMS-DELIVER: SMSC address (1 + 11), first octet, TP-OA (2 + 10), TP-PID,
#: TP-DCS, TP-SCTS (7), TP-UDL and 140 octets of TP-UD (TS 23.040 9.2.2.1).
MAX_DELIVER_OCTETS = 12 + 1 + 12 + 2 + 7 + 1 + 140
# An octet position in a DecodeError of wire.decode, counted from the start of TP-UD.
_IN_USER_DATA = re.compile(r"\boctet (\d+)")


class Deliver(NamedTuple):
    """A parsed SMS-DELIVER (TS 23.040 9.2.2.1); ``segment`` is its user data decoded."""

    smsc: str | None
    originating_address: str
    originating_type: int
    protocol_identifier: int
    data_coding: int
    timestamp: datetime
    udhi: bool
    more_messages_to_send: bool
    status_report_indication: bool
    reply_path: bool
    udl: int
    user_data: bytes
    segment: DecodedSegment


# --------------------------------------------------------------------------- addresses


def encode_address(number: str) -> bytes:
    """TP-DA / TP-OA of ``number``: digit count, type of address, swapped semi-octets.

    A leading ``+`` makes the number international (0x91), otherwise the type is unknown
    (0x81); ``*``, ``#``, ``a``, ``b``, ``c`` are the other semi-octets TS 23.040 9.1.2.3
    allows.

    >>> encode_address("+46708251358").hex()
    '0b916407281553f8'
    """
    return _address(number, "number")


def _address(number: object, name: str) -> bytes:
    check_type(number, name, str, "a str")
    assert isinstance(number, str)
    toa = TOA_INTERNATIONAL if number.startswith("+") else TOA_UNKNOWN
    digits = number[1:] if number.startswith("+") else number
    if not digits or len(digits) > _MAX_DIGITS:
        raise OptionError(
            f"{name} must have 1 to {_MAX_DIGITS} digits, {number!r:.40} has {len(digits)}"
        )
    nibbles = []
    for index, char in enumerate(digits.lower()):
        if char not in _NIBBLE:
            at = index + (len(number) - len(digits))
            raise OptionError(
                f"{char!r} at index {at} of {name} {number!r}; valid: 0-9 * # a b c "
                "and a leading +"
            )
        nibbles.append(_NIBBLE.index(char))
    return bytes((len(digits), toa)) + _swap(nibbles)


def _swap(nibbles: list[int]) -> bytes:
    if len(nibbles) % 2:
        nibbles = [*nibbles, 0xF]
    return bytes(nibbles[i] | nibbles[i + 1] << 4 for i in range(0, len(nibbles), 2))


def _unswap(data: bytes, count: int, start: int, what: str) -> str:
    out = []
    for index in range(count):
        octet = data[start + index // 2]
        nibble = octet >> 4 if index % 2 else octet & 0xF
        if nibble >= len(_NIBBLE):
            raise DecodeError(f"octet {start + index // 2}: {what} has semi-octet 0x{nibble:X}")
        out.append(_NIBBLE[nibble])
    return "".join(out)


class _Reader:
    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, count: int, what: str) -> bytes:
        if self.pos + count > len(self.data):
            raise DecodeError(
                f"octet {len(self.data)}: the PDU ends inside {what} "
                f"(needs octets {self.pos}..{self.pos + count - 1})"
            )
        chunk = self.data[self.pos:self.pos + count]
        self.pos += count
        return chunk


def _read_address(reader: _Reader) -> tuple[str, int]:
    start = reader.pos
    length, toa = reader.take(2, "the originating address")
    octets = (length + 1) // 2
    if octets > 10:
        raise DecodeError(f"octet {start}: address length {length} exceeds 20 semi-octets")
    body = reader.take(octets, "the originating address")
    ton = (toa >> 4) & 0x7
    if ton == _TON_ALPHANUMERIC:
        # TS 23.040 9.1.2.5: alphanumeric addresses are GSM 7-bit packed; the length counts
        # the useful semi-octets.
        septets = unpack_septets(body, 0, length * 4 // 7)
        text, stop, fault = septets_to_text(septets, 0, septet_tables(0, 0))
        if fault is not None:
            raise DecodeError(f"octet {start + 2}: alphanumeric address septet {stop}: {fault}")
        return text, toa
    # TS 23.040 9.1.2.5 asks for an F filler after an odd number of digits, but the length
    # field already says how many semi-octets count: phones accept another filler, so the
    # message is read rather than lost.
    digits = _unswap(reader.data, length, start + 2, "the originating address")
    return ("+" + digits if ton == _TON_INTERNATIONAL else digits), toa


def _read_smsc(reader: _Reader) -> str | None:
    (length,) = reader.take(1, "the SMSC address length")
    if length == 0:
        return None
    body = reader.take(length, "the SMSC address")
    count = 2 * (length - 1)
    if count and body[-1] >> 4 == 0xF:
        count -= 1
    digits = _unswap(reader.data, count, 2, "the SMSC address")
    return "+" + digits if (body[0] >> 4) & 0x7 == _TON_INTERNATIONAL else digits


# --------------------------------------------------------------------------- timestamps


def _semi(value: int) -> int:
    return (value % 10) << 4 | value // 10


def encode_timestamp(moment: datetime) -> bytes:
    """The 7 semi-octets of TS 23.040 9.2.3.11 for an aware ``moment`` in its own offset.

    >>> plus_two = timezone(timedelta(hours=2))
    >>> encode_timestamp(datetime(1999, 3, 29, 15, 16, 59, tzinfo=plus_two)).hex()
    '99309251619580'
    """
    return _timestamp(moment, "moment")


def _timestamp(moment: object, name: str) -> bytes:
    check_type(moment, name, datetime, "a datetime")
    assert isinstance(moment, datetime)
    offset = moment.utcoffset()
    if offset is None:
        raise OptionError(f"{name} must be a timezone-aware datetime, not {moment!r}")
    quarters, rest = divmod(int(offset.total_seconds()), 900)
    if rest or not -79 <= quarters <= 79:
        raise OptionError(
            f"{name} has UTC offset {offset}, not a whole number of quarter hours within ±79"
        )
    if not 1990 <= moment.year <= 2089:
        raise OptionError(
            f"{name} has year {moment.year}, outside 1990..2089 (two digits on the air)"
        )
    fields = (moment.year % 100, moment.month, moment.day, moment.hour, moment.minute,
              moment.second)
    zone = _semi(abs(quarters)) | (0x08 if quarters < 0 else 0)
    return bytes(_semi(v) for v in fields) + bytes((zone,))


def decode_timestamp(data: bytes, start: int = 0) -> datetime:
    """The aware datetime of 7 timestamp semi-octets at ``data[start:]``.

    Two-digit years 90-99 are the 1990s, 00-89 the 2000s.

    >>> decode_timestamp(bytes.fromhex("99309251619580")).isoformat()
    '1999-03-29T15:16:59+02:00'
    """
    data = check_bytes(data, "data")
    check_size(len(data), "data", MAX_DELIVER_OCTETS, "octets")
    check_int(start, "start")
    if len(data) < start + 7:
        raise DecodeError(f"octet {len(data)}: the timestamp needs 7 octets from octet {start}")
    values = []
    for index in range(6):
        octet = data[start + index]
        low, high = octet & 0xF, octet >> 4
        if low > 9 or high > 9:
            raise DecodeError(f"octet {start + index}: timestamp semi-octets 0x{octet:02X}")
        values.append(low * 10 + high)
    zone = data[start + 6]
    if zone & 0x7 > 9 or zone >> 4 > 9:
        raise DecodeError(f"octet {start + 6}: time zone semi-octets 0x{zone:02X}")
    quarters = (zone & 0x7) * 10 + (zone >> 4)
    if zone & 0x08:
        quarters = -quarters
    year, month, day, hour, minute, second = values
    year += 1900 if year >= 90 else 2000
    try:
        return datetime(year, month, day, hour, minute, second,
                        tzinfo=timezone(timedelta(minutes=15 * quarters)))
    except ValueError as exc:
        raise DecodeError(f"octets {start}..{start + 6}: timestamp {exc}") from None


# ------------------------------------------------------------------------------ submit


def relative_validity(period: timedelta) -> int:
    """TP-VP (relative, TS 23.040 9.2.3.12.1) of the shortest period not below ``period``.

    >>> relative_validity(timedelta(days=4)), relative_validity(timedelta(hours=13))
    (170, 145)
    """
    return _relative(period, "period")


def _relative(period: object, name: str) -> int:
    check_type(period, name, timedelta, "a timedelta")
    assert isinstance(period, timedelta)
    minutes = -(-period // timedelta(minutes=1))
    if minutes <= 0:
        raise OptionError(f"{name} must be positive, not {period}")
    if minutes <= 12 * 60:
        return max(-(-minutes // 5) - 1, 0)
    if minutes <= 24 * 60:
        return 143 + -(-(minutes - 12 * 60) // 30)
    days = -(-minutes // (24 * 60))
    if days <= 30:
        return 166 + days
    weeks = -(-days // 7)
    if weeks <= 63:
        return 192 + weeks
    raise OptionError(f"{name} {period} exceeds the relative maximum of 63 weeks")


def _validity(validity: timedelta | datetime | int | None) -> tuple[int, bytes]:
    if validity is None:
        return 0b00, b""
    if isinstance(validity, datetime):
        return 0b11, _timestamp(validity, "validity")
    if isinstance(validity, timedelta):
        return 0b10, bytes((_relative(validity, "validity"),))
    if isinstance(validity, int) and not isinstance(validity, bool):
        return 0b10, bytes((check_int(validity, "validity", 0, 255),))
    raise ArgumentTypeError(
        f"validity must be None, a timedelta, an aware datetime or a TP-VP octet 0..255, "
        f"not {type(validity).__name__}"
    )


def submit(
    segment: Segment,
    destination: str,
    *,
    validity: timedelta | datetime | int | None = None,
    request_status_report: bool = False,
    message_reference: int = 0,
) -> bytes:
    """The SMS-SUBMIT TPDU (TS 23.040 9.2.2.2) carrying ``segment`` to ``destination``.

    ``validity``: ``None`` (no TP-VP), a ``timedelta`` (relative, rounded up to the next
    period the format can express), an aware ``datetime`` (absolute) or a raw relative
    TP-VP octet. GSM 7-bit user data is packed whatever the segment's ``packing``.

    >>> from sms_codec.wire import encode
    >>> submit(encode("123")[0], "0708251358").hex()
    '01000a81708052318500000331d90c'
    """
    check_type(segment, "segment", Segment, "a Segment")
    udl, dcs, packing = segment.udl, segment.data_coding, segment.packing
    udh, user_data = segment.udh, segment.user_data
    # The checks below call the checker only when the plain test fails: same errors,
    # in the same order, without a call per field when the segment comes from encode().
    if type(udl) is not int or not 0 <= udl <= 0xFF:
        check_int(udl, "segment.udl", 0, 255)
    if type(dcs) is not int or not 0 <= dcs <= 0xFF:
        check_int(dcs, "segment.data_coding", 0, 255)
    if type(packing) is not str or packing not in _PACKINGS:
        check_choice(packing, "segment.packing", _PACKINGS)
    if type(user_data) is not bytes:
        check_bytes(user_data, "segment.user_data")
    if type(udh) is not bytes:
        check_bytes(udh, "segment.udh")
    if type(message_reference) is not int or not 0 <= message_reference <= 0xFF:
        check_int(message_reference, "message_reference", 0, 255)
    if request_status_report is not False:
        check_bool(request_status_report, "request_status_report")
    vpf, vp = (0b00, b"") if validity is None else _validity(validity)
    first = 0x01 | vpf << 3
    if request_status_report:
        first |= 0x20
    if udh:
        first |= 0x40
    alphabet = _ALPHABETS[dcs] or dcs_alphabet(dcs)[0]  # None: dcs_alphabet raises
    if alphabet == "GSM7" and packing == "unpacked":
        size = len(udh)
        fill = (7 - 8 * size % 7) % 7
        user_data = udh + pack_septets(user_data[size:], fill)
    check_size(len(user_data), "segment.user_data", 140, "octets")
    address = _destination(destination) if type(destination) is str else _address(
        destination, "destination")
    return b"".join((_OCTETS[first], _OCTETS[message_reference], address, b"\x00",
                     _OCTETS[dcs], vp, _OCTETS[udl], user_data))


_PACKINGS = ("unpacked", "packed")
_OCTETS = [bytes((value,)) for value in range(256)]


def _alphabet_or_none(dcs: int) -> str | None:
    try:
        return dcs_alphabet(dcs)[0]
    except DecodeError:  # compressed: submit calls dcs_alphabet again, which raises
        return None


_ALPHABETS = [_alphabet_or_none(dcs) for dcs in range(256)]


@lru_cache(maxsize=1024)
def _destination(number: str) -> bytes:
    """TP-DA of ``number``, once per number: a service sends each part to the same one."""
    return _address(number, "destination")


# ----------------------------------------------------------------------------- deliver


def parse_deliver(pdu: bytes, *, smsc: bool = True) -> Deliver:
    """Parse an SMS-DELIVER; ``smsc=False`` when ``pdu`` is the bare TPDU.

    >>> d = parse_deliver(bytes.fromhex(
    ...     "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37"))
    >>> d.smsc, d.originating_address, d.segment.text, d.timestamp.isoformat()
    ('+27381000015', '27838890001', 'hellohello', '1999-03-29T15:16:59+02:00')
    """
    check_bool(smsc, "smsc")
    data = check_bytes(pdu, "pdu")
    check_size(len(data), "pdu", MAX_DELIVER_OCTETS, "octets")
    reader = _Reader(data)
    centre = _read_smsc(reader) if smsc else None
    at = reader.pos
    (first,) = reader.take(1, "the first octet")
    if first & 0x03 != 0x00:
        raise DecodeError(
            f"octet {at}: TP-MTI is {first & 0x03}, not 0 (SMS-DELIVER)"
            + ("; pass smsc=False for a bare TPDU" if smsc else "")
        )
    address, toa = _read_address(reader)
    dcs_at = reader.pos + 1
    pid, dcs = reader.take(2, "TP-PID and TP-DCS")
    stamp_at = reader.pos
    reader.take(7, "TP-SCTS")
    stamp = decode_timestamp(reader.data, stamp_at)
    udl_at = reader.pos
    (udl,) = reader.take(1, "TP-UDL")
    try:
        alphabet, _ = dcs_alphabet(dcs)
    except DecodeError as exc:
        raise DecodeError(f"octet {dcs_at}: {exc}") from None
    octets = (7 * udl + 7) // 8 if alphabet == "GSM7" else udl
    if octets > 140:
        raise DecodeError(f"octet {udl_at}: TP-UDL {udl} needs {octets} octets, more than 140")
    remaining = len(reader.data) - reader.pos
    if remaining != octets:
        raise DecodeError(
            f"octet {udl_at}: TP-UDL {udl} means {octets} octets of user data, "
            f"but {remaining} follow"
        )
    ud_at = reader.pos
    user_data = reader.take(octets, "TP-UD")
    udhi = bool(first & 0x40)
    try:
        segment = decode(user_data, dcs, udhi=udhi, packing="packed", udl=udl)
    except DecodeError as exc:
        # decode() counts octets from the start of TP-UD; say where they are in the PDU.
        where = _IN_USER_DATA.sub(lambda m: f"octet {ud_at + int(m[1])}", str(exc))
        span = f"octets {ud_at}..{reader.pos - 1}" if octets else f"octet {ud_at}, empty"
        raise DecodeError(f"TP-UD at {span}: {where}") from exc
    return Deliver(
        centre,
        address,
        toa,
        pid,
        dcs,
        stamp,
        udhi,
        not first & 0x04,
        bool(first & 0x20),
        bool(first & 0x80),
        udl,
        user_data,
        segment,
    )
