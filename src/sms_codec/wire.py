"""What travels: segments with their user data header, septets, UCS-2 or 8-bit data.

:func:`encode` cuts a body exactly as :func:`sms_codec.analysis.plan` does (same table
pair, same part boundaries) and produces, per part, the TP-UD / SMPP ``short_message``
with its DCS, TP-UDL and ``esm_class``. :func:`decode` reads one inbound segment back.

Decisions beyond the 3GPP text, written down here so they can be relied on:

* A UCS-2 message never carries national language IEs: they only name GSM 7-bit tables.
* A single-part message has no concatenation IE; it has a header only when it uses a
  national language table.
* ``reference=None`` draws the concatenation reference with :mod:`secrets` (from a pool
  of octets drawn 4 KiB at a time, each used once; a forked child draws its own).
* :func:`decode` raises :class:`~sms_codec.errors.DecodeError` where TS 23.040 would let
  a receiver ignore an IE (a zero total, a duplicated IE): nothing is dropped silently.

>>> [s.user_data.hex() for s in encode("123", packing="packed")]
['31d90c']
>>> decode(bytes.fromhex("31d90c"), 0x00, packing="packed").text
'123'
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import _scan
from ._checks import MAX_BODY_CHARACTERS, check_bool, check_choice, check_int, check_size
from .charsets import nli_of
from .errors import (
    BodyTypeError,
    DecodeError,
    MessageTooLongError,
    OptionError,
)
from .gsm7 import (
    dcs_alphabet,
    escapes_before,
    pack_septets,
    septet_tables,
    septets_to_text,
    unpack_septets,
)
from .planner import GSM7, check_concat_reference, default_cuts, plan
from .udh import IEI_CONCAT_8, IEI_CONCAT_16, Concat, UserDataHeader, build_udh, parse_udh

__all__ = [
    "DCS_8BIT",
    "DCS_GSM7",
    "DCS_UCS2",
    "ESM_CLASS_UDHI",
    "MAX_PARTS",
    "Concat",
    "DecodedSegment",
    "Segment",
    "UserDataHeader",
    "decode",
    "encode",
    "pack_septets",
    "parse_udh",
    "unpack_septets",
]

#: Data coding schemes of TS 23.038 clause 4, general data coding group, no message class.
DCS_GSM7 = 0x00
DCS_8BIT = 0x04
DCS_UCS2 = 0x08
# TS 23.038 clause 4: bit 4 set means bits 1-0 carry the message class; class 0 is flash.
_CLASS_0 = 0x10
#: SMPP esm_class with the UDHI indicator (SMPP 3.4 5.2.12), the same bit as TP-UDHI.
ESM_CLASS_UDHI = 0x40
#: Parts a concatenation IE can number (TS 23.040 9.2.3.24.1: one octet of total).
MAX_PARTS = 255

_BINARY_SINGLE = 140
_BINARY_CAPACITY = {8: 134, 16: 133}
_PACKINGS = ("unpacked", "packed")


@dataclass(frozen=True, slots=True)
class Segment:
    """One part as it travels.

    ``text`` is the part of the body it carries (``bytes`` for binary segments);
    ``user_data`` is the TP-UD / SMPP ``short_message``: ``udh`` then the payload;
    ``udl`` is TP-UDL (septets, header and fill bits included, for GSM 7-bit; octets
    otherwise); ``packing`` says how GSM 7-bit septets are laid out in ``user_data``.
    """

    text: str | bytes
    udh: bytes
    user_data: bytes
    data_coding: int
    udl: int
    esm_class: int
    packing: str = "unpacked"

    @property
    def payload(self) -> bytes:
        """``user_data`` after the header."""
        return self.user_data[len(self.udh):]

    @property
    def udhi(self) -> bool:
        """``True`` when a user data header is present (TP-UDHI)."""
        return bool(self.udh)


@dataclass(frozen=True, slots=True)
class DecodedSegment:
    """One inbound segment read back: its text and its parsed header.

    ``alphabet`` is ``'GSM7'``, ``'UCS2'`` or ``'8BIT'`` (then ``text`` is ``bytes``);
    ``message_class`` is 0-3 or ``None``; ``other_ies`` keeps unknown IEs raw.
    """

    text: str | bytes
    data_coding: int
    alphabet: str
    udh: bytes = b""
    concat: Concat | None = None
    locking_shift: str | None = None
    single_shift: str | None = None
    other_ies: tuple[tuple[int, bytes], ...] = ()
    message_class: int | None = None


# --------------------------------------------------------------------------- encoding


def _check_packing(packing: object) -> str:
    return check_choice(packing, "packing", _PACKINGS)


def _check_reference(reference: object, bits: int) -> int | None:
    if reference is None:
        return None
    return check_int(reference, f"reference (concat_reference={bits})", 0, (1 << bits) - 1)


def _too_long(parts: int) -> MessageTooLongError:
    return MessageTooLongError(
        f"the message needs {parts} parts; a concatenation header numbers at most {MAX_PARTS}"
    )


# Random octets for references, drawn from secrets 4 KiB at a time (one draw a call costs
# a system call, more than encoding a part); a forked child draws its own.
_POOL_OCTETS = 4096
_pool = iter(b"")


def _refill() -> None:
    global _pool
    _pool = iter(secrets.token_bytes(_POOL_OCTETS))


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_refill)


def _random_reference(bits: int) -> int:
    """8 or 16 random bits: uniform without randbelow's rejection loop."""
    value = 0
    for _ in range(bits >> 3):
        octet = next(_pool, None)
        if octet is None:
            _refill()
            octet = next(_pool)
        value = value << 8 | octet
    return value


def encode(
    body: str | bytes,
    *,
    language: str | Iterable[str] | None = None,
    encoding: str = "auto",
    concat_reference: int = 8,
    reference: int | None = None,
    packing: str = "unpacked",
    flash: bool = False,
) -> list[Segment]:
    """The segments of ``body``, one per part of :func:`sms_codec.analyze`.

    ``encoding``: ``'auto'``, ``'gsm7'``, ``'ucs2'`` for text; ``'binary'`` for a ``bytes``
    body sent as 8-bit data. ``packing``: ``'unpacked'`` (one octet per septet, as an SMPP
    bind with the SMSC default alphabet expects) or ``'packed'`` (TS 23.038 6.1.2.1,
    as in a TPDU). ``flash`` sets message class 0.

    >>> s = encode("hellohello", packing="packed")[0]
    >>> s.user_data.hex(), s.data_coding, s.udl, s.esm_class
    ('e8329bfd4697d9ec37', 0, 10, 0)
    >>> [s.udh.hex() for s in encode("a" * 161, reference=0x2A)]
    ['0500032a0201', '0500032a0202']
    """
    packing = _check_packing(packing)
    check_bool(flash, "flash")
    class_bits = _CLASS_0 if flash else 0
    if isinstance(encoding, str) and encoding.lower() == "binary":
        return _encode_binary(body, language, concat_reference, reference, packing, class_bits)
    if isinstance(body, (bytes, bytearray, memoryview)):
        raise BodyTypeError("a bytes body needs encoding='binary'")
    ends: Sequence[int]
    if language is None and type(encoding) is str and encoding == "auto" and (
        type(concat_reference) is int and concat_reference == 8
    ):  # the common call: the cuts alone, no Plan
        alphabet, ends = default_cuts(body)
        lock = single = 0
        bits = 8
    else:
        cut = plan(body, language=language, encoding=encoding,
                   concat_reference=concat_reference)
        alphabet, ends, lock, single = cut.encoding, cut.ends, cut.lock, cut.single
        bits = cut.concat_reference
    chosen = _check_reference(reference, bits)
    parts = len(ends)
    if parts > MAX_PARTS:
        raise _too_long(parts)
    if parts > 1 and chosen is None:
        chosen = _random_reference(bits)
    gsm = alphabet is GSM7
    dcs = (DCS_GSM7 if gsm else DCS_UCS2) | class_bits
    # Every part's header is the first one's with its sequence octet (the concatenation
    # IE comes first: UDHL, IEI, length, reference, total, sequence).
    tail: bytes | None = None
    if parts > 1 and chosen is not None:
        if not (lock or single):  # the concatenation IE alone
            if bits == 8:
                head, tail = bytes((5, IEI_CONCAT_8, 3, chosen, parts)), b""
            else:
                head, tail = bytes((6, IEI_CONCAT_16, 4, chosen >> 8, chosen & 0xFF, parts)), b""
        else:
            first = build_udh(Concat(chosen, parts, 1, bits), single, lock)
            at = 5 if bits == 8 else 6
            head, tail = first[:at], first[at + 1:]
    else:
        head = build_udh(None, single, lock) if lock or single else b""
    esm = ESM_CLASS_UDHI if head else 0x00
    record = (Segment, dcs, esm, packing)
    if not gsm:
        return _scan.wire_parts(body, ends, None, (head, tail), record)
    udh_octets = len(head) if tail is None else len(head) + 1 + len(tail)
    fill = 7 * ((8 * udh_octets + 6) // 7) - 8 * udh_octets
    packed = packing == "packed"
    payloads = []
    start = 0
    for end in ends:
        septets = _scan.gsm_septets(body[start:end], lock, single)
        payloads.append((_scan.pack_septets(septets, fill) if packed else septets, len(septets)))
        start = end
    return _scan.wire_parts(body, ends, payloads, (head, tail), record)


def _encode_binary(
    body: object,
    language: object,
    concat_reference: object,
    reference: object,
    packing: str,
    class_bits: int,
) -> list[Segment]:
    if not isinstance(body, (bytes, bytearray, memoryview)):
        raise BodyTypeError(f"encoding='binary' needs a bytes body, not {type(body).__name__}")
    check_size(len(body), "body", MAX_BODY_CHARACTERS, "octets")
    if language is not None:
        raise OptionError("language must be None with encoding='binary'")
    bits = check_concat_reference(concat_reference)
    chosen = _check_reference(reference, bits)
    data = bytes(body)
    dcs = DCS_8BIT | class_bits
    if len(data) <= _BINARY_SINGLE:
        return [Segment(data, b"", data, dcs, len(data), 0x00, packing)]
    capacity = _BINARY_CAPACITY[bits]
    total = -(-len(data) // capacity)
    if total > MAX_PARTS:
        raise _too_long(total)
    if chosen is None:
        chosen = secrets.randbelow(1 << bits)
    segments = []
    for index in range(total):
        chunk = data[index * capacity:(index + 1) * capacity]
        udh = build_udh(Concat(chosen, total, index + 1, bits), 0, 0)
        user_data = udh + chunk
        segments.append(
            Segment(chunk, udh, user_data, dcs, len(user_data), ESM_CLASS_UDHI, packing)
        )
    return segments


# --------------------------------------------------------------------------- decoding


def decode(
    user_data: bytes,
    data_coding: int,
    *,
    udhi: bool = False,
    packing: str = "unpacked",
    udl: int | None = None,
) -> DecodedSegment:
    """Read one segment: ``user_data`` (TP-UD or SMPP ``short_message``) under ``data_coding``.

    ``data_coding`` is a TS 23.038 DCS octet. ``udhi`` says a header is present (TP-UDHI,
    or ``esm_class & 0x40``); the national tables it names are applied. ``packing`` is how
    GSM 7-bit septets are laid out. ``udl`` is TP-UDL (septets including header septets
    for GSM 7-bit, octets otherwise) and is checked against the data when given.

    Packed GSM 7-bit without ``udl``: every full septet is read, then a final zero septet
    is dropped when the octet count is exactly what one septet fewer would need, because a
    sender pads that way (the 8th septet slot of the last octet), unless it is the code
    after an escape. A genuine trailing character of code 0x00 there (``'@'`` in the
    default alphabet, a letter such as U+0981 in the Bengali and other national locking
    tables) is indistinguishable; pass ``udl`` to keep it (:func:`sms_codec.pdu.parse_deliver`
    always passes TP-UDL). ``user_data`` is at most ``MAX_BODY_CHARACTERS`` octets.

    >>> d = decode(bytes.fromhex("050003cc0201") + b"Hi", 0x00, udhi=True)
    >>> d.text, d.concat
    ('Hi', Concat(reference=204, total=2, sequence=1, bits=8))
    """
    if not isinstance(user_data, (bytes, bytearray, memoryview)):
        raise BodyTypeError(f"user_data must be bytes, not {type(user_data).__name__}")
    check_size(len(user_data), "user_data", MAX_BODY_CHARACTERS, "octets")
    data = bytes(user_data)
    check_int(data_coding, "data_coding", 0, 0xFF)
    packing = _check_packing(packing)
    if udl is not None:
        check_int(udl, "udl")
    alphabet, klass = dcs_alphabet(data_coding)
    header = parse_udh(data) if check_bool(udhi, "udhi") else UserDataHeader(b"")
    size = len(header.octets)
    text: str | bytes
    if alphabet == "GSM7":
        text = _decode_gsm(data, size, header, packing, udl)
    else:
        if udl is not None and udl != len(data):
            raise DecodeError(f"udl is {udl} octets but user_data has {len(data)}")
        payload = data[size:]
        if alphabet == "8BIT":
            text = payload
        else:
            if len(payload) % 2:
                raise DecodeError(
                    f"octet {len(data) - 1}: UCS2 text has an odd number of octets "
                    f"({len(payload)})"
                )
            # A pair split across parts leaves a lone surrogate here; the Reassembler
            # joins the halves.
            text = payload.decode("utf-16-be", "surrogatepass")
    return DecodedSegment(
        text,
        data_coding,
        alphabet,
        header.octets,
        header.concat,
        header.locking_shift,
        header.single_shift,
        header.other,
        klass,
    )


def _decode_gsm(
    data: bytes, size: int, header: UserDataHeader, packing: str, udl: int | None
) -> str:
    header_septets = (8 * size + 6) // 7
    payload = data[size:]
    if packing == "packed":
        fill = 7 * header_septets - 8 * size
        if udl is not None:
            needed = (7 * udl + 7) // 8
            if udl < header_septets:
                raise DecodeError(
                    f"udl is {udl} septets, fewer than the header's {header_septets}"
                )
            if needed != len(data):
                raise DecodeError(
                    f"udl is {udl} septets, which take {needed} octets, but user_data has "
                    f"{len(data)}"
                )
            septets = unpack_septets(payload, fill, udl - header_septets)
        else:
            septets = unpack_septets(payload, fill)
            count = len(septets)
            # TS 23.038 6.1.2.1.1: 7 spare bits at the end of the last octet are zero, which
            # reads as one more septet 0x00 that the sender did not write.
            if (
                count
                and septets[-1] == 0
                and (fill + 7 * (count - 1) + 7) // 8 == len(payload)
                and escapes_before(septets, count - 1) % 2 == 0
            ):
                septets = septets[:-1]
    else:
        if udl is not None and udl != header_septets + len(payload):
            raise DecodeError(
                f"udl is {udl} septets but the header ({header_septets} septets) and "
                f"{len(payload)} unpacked septets make {header_septets + len(payload)}"
            )
        septets = payload
    lock = nli_of(header.locking_shift)
    single = nli_of(header.single_shift)
    text, stop, fault = septets_to_text(septets, 0, septet_tables(lock, single))
    if fault is not None:
        if packing == "packed":
            where = f"septet {stop} of the text (in octet {size + (fill + 7 * stop) // 8})"
        else:
            where = f"octet {size + stop}"
        raise DecodeError(f"{where}: {fault}")
    return text
