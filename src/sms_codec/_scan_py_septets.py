"""Septet packing (TS 23.038 6.1.2.1.1), part of the kernels' specification
(:mod:`sms_codec._scan_py` re-exports both names; :mod:`sms_codec.gsm7` checks the
arguments and calls them through :mod:`sms_codec._scan`).

Whole-number operations instead of a loop per septet: packing reads the septets, least
significant first, as the 7-bit digits of one integer (``int(..., 2)`` and
``int.to_bytes`` are linear for a power-of-two base); unpacking takes 7 octets at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .errors import InvalidBodyError

__all__ = ["pack_septets", "unpack_septets", "wire_parts"]

_R = TypeVar("_R")

_SEPTETS = bytes(range(0x80))
#: septet -> its 7 binary digits, most significant first
_DIGITS = [format(septet, "07b") for septet in range(0x80)]


def _check_fill(fill_bits: int) -> None:
    if type(fill_bits) is not int or not 0 <= fill_bits <= 6:
        raise ValueError(f"fill_bits must be an int from 0 to 6, not {fill_bits!r}")


def pack_septets(septets: bytes, fill_bits: int) -> bytes:
    """``septets`` packed 8 to 7 octets after ``fill_bits`` (0-6) zero bits;
    :class:`InvalidBodyError` at the first value above 0x7F.

    >>> pack_septets(b"hellohello", 0).hex(), pack_septets(b"A", 1).hex()
    ('e8329bfd4697d9ec37', '82')
    >>> pack_septets(b"", 3)
    b'\\x00'
    """
    if type(septets) is not bytes:
        raise TypeError(f"septets must be bytes, not {type(septets).__name__}")
    _check_fill(fill_bits)
    high = septets.translate(None, _SEPTETS)
    if high:
        raise InvalidBodyError(
            f"septets has 0x{high[0]:02X}, which is above 0x7F and no septet",
            index=septets.index(high[0]),
        )
    size = (fill_bits + 7 * len(septets) + 7) // 8
    if not septets:
        return bytes(size)
    value = int("".join(map(_DIGITS.__getitem__, reversed(septets))), 2)
    return (value << fill_bits).to_bytes(size, "little")


def unpack_septets(octets: bytes, fill_bits: int, count: int) -> bytes:
    """The first ``count`` septets of ``octets`` after ``fill_bits`` (0-6) bits; ValueError
    when the octets hold fewer.

    >>> unpack_septets(bytes.fromhex("31d90c"), 0, 3), unpack_septets(b"\\x82", 1, 1)
    (b'123', b'A')
    """
    if type(octets) is not bytes:
        raise TypeError(f"octets must be bytes, not {type(octets).__name__}")
    _check_fill(fill_bits)
    if type(count) is not int or not 0 <= count <= max(8 * len(octets) - fill_bits, 0) // 7:
        raise ValueError(f"{count!r} septets do not fit {len(octets)} octets")
    if not count:
        return b""
    # Past the fill bits, every 7 octets hold 8 septets: one 56-bit number each.
    data = (int.from_bytes(octets, "little") >> fill_bits).to_bytes(len(octets) + 7, "little")
    out = bytearray()
    for start in range(0, 7 * ((count + 7) // 8), 7):
        x = int.from_bytes(data[start:start + 7], "little")
        out += bytes((x & 127, x >> 7 & 127, x >> 14 & 127, x >> 21 & 127, x >> 28 & 127,
                      x >> 35 & 127, x >> 42 & 127, x >> 49))
    del out[count:]
    return bytes(out)


def wire_parts(
    body: str,
    ends: Sequence[int],
    payloads: list[tuple[bytes, int]] | None,
    header: tuple[bytes, bytes | None],
    record: tuple[Callable[..., _R], Any, Any, Any],
) -> list[_R]:
    """The parts of ``body`` ending at ``ends`` as ``make(text, udh, user_data, data_coding,
    udl, esm_class, packing)`` with ``record = (make, data_coding, esm_class, packing)``.

    Every part's header is ``head`` when ``header = (head, None)``, else ``head``, its
    sequence number (1, 2, ...) as one octet, then ``tail``. ``payloads is None``: the
    payload is the part's text in UTF-16-BE and TP-UDL counts octets; otherwise
    ``payloads[i] = (payload, septets)`` and TP-UDL is the header's septets (TS 23.040
    9.2.3.24: padded to a septet boundary) plus ``septets``. The Cython twin sets the
    seven ``__slots__`` of ``make`` in this order without calling it: ``make`` must be
    a slots class whose ``__init__`` only stores its arguments (a frozen dataclass).

    >>> parts = wire_parts("aé", [1, 2], None, (b"\\x05\\x00\\x03\\x07\\x02", b""),
    ...                    (lambda *fields: fields, 8, 0x40, "unpacked"))
    >>> [(text, user_data.hex(), udl) for text, _, user_data, _, udl, _, _ in parts]
    [('a', '0500030702010061', 8), ('é', '05000307020200e9', 8)]
    """
    make, data_coding, esm_class, packing = record
    head, tail = header
    data = b"" if payloads is not None else body.encode("utf-16-be")
    flat = len(data) == 2 * len(body)
    parts = []
    start = 0
    for index, end in enumerate(ends):
        text = body[start:end]
        udh = head if tail is None else head + bytes((index + 1,)) + tail
        if payloads is None:
            payload = data[2 * start:2 * end] if flat else text.encode("utf-16-be")
            udl = len(udh) + len(payload)
        else:
            payload, septets = payloads[index]
            udl = (8 * len(udh) + 6) // 7 + septets
        parts.append(make(text, udh, udh + payload, data_coding, udl, esm_class, packing))
        start = end
    return parts
