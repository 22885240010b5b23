"""The user data header of TS 23.040 9.2.3.24: concatenation and national language IEs.

>>> parse_udh(bytes.fromhex("050003cc0201") + b"Hi").concat
Concat(reference=204, total=2, sequence=1, bits=8)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ._checks import MAX_BODY_CHARACTERS, check_bytes, check_int, check_size, check_type
from .errors import ArgumentTypeError, DecodeError, OptionError
from .tables import BY_NLI, LANGUAGES

__all__ = [
    "IEI_CONCAT_8",
    "IEI_CONCAT_16",
    "IEI_LOCKING_SHIFT",
    "IEI_SINGLE_SHIFT",
    "Concat",
    "UserDataHeader",
    "build_udh",
    "check_concat",
    "parse_udh",
]

IEI_CONCAT_8 = 0x00
IEI_CONCAT_16 = 0x08
IEI_SINGLE_SHIFT = 0x24
IEI_LOCKING_SHIFT = 0x25


class Concat(NamedTuple):
    """A concatenation IE: ``reference``, ``total`` parts, 1-based ``sequence``, ``bits`` (8/16).

    >>> Concat(7, 3, 1).bits
    8
    """

    reference: int
    total: int
    sequence: int
    bits: int = 8


class UserDataHeader(NamedTuple):
    """A parsed user data header (TS 23.040 9.2.3.24); ``octets`` includes the UDHL.

    National language shifts are ISO codes (``'tr'``); ``other`` keeps every further IE as
    ``(iei, data)`` in the order received.
    """

    octets: bytes
    concat: Concat | None = None
    locking_shift: str | None = None
    single_shift: str | None = None
    other: tuple[tuple[int, bytes], ...] = ()

    def to_bytes(self) -> bytes:
        """The header octets, UDHL first: concatenation, single shift, locking shift, others.

        >>> UserDataHeader(b"", Concat(0x2A, 2, 1)).to_bytes().hex()
        '0500032a0201'
        """
        return build_udh(
            self.concat,
            _nli_of(self.single_shift, "single_shift"),
            _nli_of(self.locking_shift, "locking_shift"),
            self.other,
        )


def _nli_of(iso: object, name: str) -> int:
    if iso is None:
        return 0
    check_type(iso, name, str, "None or an ISO language code")
    assert isinstance(iso, str)
    found = LANGUAGES.get(iso)
    if found is None:
        raise OptionError(f"{name} {iso!r} is not a national language; valid: {sorted(LANGUAGES)}")
    nli: int = found.nli
    return nli


def check_concat(concat: object, name: str = "concat") -> Concat:
    """``concat`` when it is a :class:`Concat` a header can carry: ``bits`` 8 or 16, the
    reference within them, ``total`` 1..255 and ``sequence`` 1..total.

    >>> check_concat(Concat(300, 2, 1, 16))
    Concat(reference=300, total=2, sequence=1, bits=16)
    >>> check_concat(Concat(1, 2, 3))
    Traceback (most recent call last):
    ...
    sms_codec.errors.OptionError: concat.sequence must be an int in 1..2, not 3
    """
    check_type(name, "name", str, "a str")
    check_type(concat, name, Concat, "None or a Concat")
    assert isinstance(concat, Concat)
    if check_int(concat.bits, f"{name}.bits") not in (8, 16):
        raise OptionError(f"{name}.bits must be 8 or 16, not {concat.bits!r}")
    check_int(concat.reference, f"{name}.reference", 0, (1 << concat.bits) - 1)
    check_int(concat.total, f"{name}.total", 1, 255)
    check_int(concat.sequence, f"{name}.sequence", 1, concat.total)
    return concat


def _plain_concat(concat: object) -> bool:
    # The common case, as encode builds it, without the calls of check_concat.
    return (
        type(concat) is Concat
        and type(concat.bits) is int
        and concat.bits in (8, 16)
        and type(concat.reference) is type(concat.total) is type(concat.sequence) is int
        and 0 <= concat.reference < 1 << concat.bits
        and 1 <= concat.sequence <= concat.total <= 255
    )


def _check_nli(value: object, name: str) -> int:
    nli = check_int(value, name, 0, 255)
    if nli and nli not in BY_NLI:
        raise OptionError(f"{name} {nli} is not 0 or a national language identifier")
    return nli


def build_udh(
    concat: Concat | None, single: int, lock: int, other: Iterable[tuple[int, bytes]] = ()
) -> bytes:
    """Header octets, UDHL first, for a concatenation IE, national shifts (NLIs, 0 for
    none) and further IEs; empty when there is nothing to say.

    >>> build_udh(Concat(1, 2, 1), 1, 0).hex()
    '080003010201240101'
    >>> build_udh(None, 0, 0)
    b''
    """
    if concat is not None and not _plain_concat(concat):
        check_concat(concat)
    if type(single) is not int or (single and single not in BY_NLI):
        _check_nli(single, "single")
    if type(lock) is not int or (lock and lock not in BY_NLI):
        _check_nli(lock, "lock")
    if isinstance(other, (str, bytes, bytearray)) or not isinstance(other, Iterable):
        raise ArgumentTypeError(
            f"other must be a sequence of (iei, data) pairs, not {type(other).__name__}"
        )
    body = bytearray()
    if concat is not None:
        if concat.bits == 16:
            body += bytes((IEI_CONCAT_16, 4, concat.reference >> 8, concat.reference & 0xFF))
        else:
            body += bytes((IEI_CONCAT_8, 3, concat.reference))
        body += bytes((concat.total, concat.sequence))
    if single:
        body += bytes((IEI_SINGLE_SHIFT, 1, single))
    if lock:
        body += bytes((IEI_LOCKING_SHIFT, 1, lock))
    for position, item in enumerate(other):
        if not isinstance(item, tuple) or len(item) != 2:
            raise ArgumentTypeError(
                f"other[{position}] must be an (iei, data) pair, not {item!r:.40}"
            )
        iei = check_int(item[0], f"other[{position}] IEI", 0, 255)
        data = check_bytes(item[1], f"other[{position}] data")
        body += bytes((iei, check_int(len(data), f"other[{position}] data length", 0, 137)))
        body += data
    # TS 23.040 9.2.3.24: the header and its UDHL octet sit inside 140 octets of TP-UD.
    if len(body) > 139:
        raise OptionError(f"the header needs {len(body) + 1} octets; TP-UD holds 140")
    if not body:
        return b""
    return bytes((len(body),)) + bytes(body)


def parse_udh(user_data: bytes) -> UserDataHeader:
    """Parse the user data header at the start of ``user_data`` (TS 23.040 9.2.3.24).

    :class:`DecodeError` names the octet (0-based, in ``user_data``) that is wrong.

    >>> h = parse_udh(bytes.fromhex("0908040102030225010141"))
    >>> h.concat, h.locking_shift, len(h.octets)
    (Concat(reference=258, total=3, sequence=2, bits=16), 'tr', 10)
    """
    user_data = check_bytes(user_data, "user_data")
    check_size(len(user_data), "user_data", MAX_BODY_CHARACTERS, "octets")
    if not user_data:
        raise DecodeError("octet 0 (UDHL) is missing: user_data is empty but UDHI is set")
    end = 1 + user_data[0]
    if end > len(user_data):
        raise DecodeError(
            f"octet 0 (UDHL) is {user_data[0]} but only {len(user_data) - 1} octets follow"
        )
    concat: Concat | None = None
    shifts: dict[int, str] = {}
    other: list[tuple[int, bytes]] = []
    pos = 1
    while pos < end:
        iei = user_data[pos]
        if pos + 1 >= end:
            raise DecodeError(
                f"octet {pos}: IE 0x{iei:02X} has no length octet before the header ends"
            )
        size = user_data[pos + 1]
        data = user_data[pos + 2:pos + 2 + size]
        if pos + 2 + size > end:
            raise DecodeError(
                f"octet {pos + 1}: IE 0x{iei:02X} length {size} runs past the header's "
                f"last octet {end - 1}"
            )
        if iei in (IEI_CONCAT_8, IEI_CONCAT_16):
            if concat is not None:
                raise DecodeError(f"octet {pos}: a second concatenation IE 0x{iei:02X}")
            concat = _parse_concat(iei, data, pos)
        elif iei in (IEI_SINGLE_SHIFT, IEI_LOCKING_SHIFT):
            if iei in shifts:
                raise DecodeError(f"octet {pos}: a second national language IE 0x{iei:02X}")
            if size != 1:
                raise DecodeError(f"octet {pos + 1}: IE 0x{iei:02X} has length {size}, not 1")
            if data[0] not in BY_NLI:
                raise DecodeError(
                    f"octet {pos + 2}: unknown national language identifier {data[0]}"
                )
            shifts[iei] = BY_NLI[data[0]].iso
        else:
            other.append((iei, bytes(data)))
        pos += 2 + size
    return UserDataHeader(
        bytes(user_data[:end]),
        concat,
        shifts.get(IEI_LOCKING_SHIFT),
        shifts.get(IEI_SINGLE_SHIFT),
        tuple(other),
    )


def _parse_concat(iei: int, data: bytes, pos: int) -> Concat:
    expected = 3 if iei == IEI_CONCAT_8 else 4
    if len(data) != expected:
        raise DecodeError(
            f"octet {pos + 1}: concatenation IE 0x{iei:02X} has length {len(data)}, "
            f"not {expected}"
        )
    if iei == IEI_CONCAT_8:
        reference, bits = data[0], 8
    else:
        reference, bits = data[0] << 8 | data[1], 16
    total, sequence = data[-2], data[-1]
    at = pos + 2 + expected - 2
    # TS 23.040 9.2.3.24.1 lets a receiver ignore such an IE; we refuse to guess instead.
    if total == 0:
        raise DecodeError(f"octet {at}: concatenation total is 0")
    if not 1 <= sequence <= total:
        raise DecodeError(f"octet {at + 1}: sequence {sequence} is outside 1..{total}")
    return Concat(reference, total, sequence, bits)
