"""Character kernels, pure-Python twin: the specification that ``_scan_c.pyx`` mirrors.

Every function here has a twin of the same name and signature in ``_scan_c`` that returns
equal results and raises the same exceptions for every ``str``. Table pairs are given as
national language identifiers ``(lock, single)``; 0 is the default alphabet / extension.
Callers reach these through :mod:`sms_codec._scan`, never directly.

The hot path avoids a Python loop per character: GSM-7 classification is one
``codecs.charmap_encode`` through an ``EncodingMap`` per table pair, and UTF-16 sizing is
one ``str.encode``.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import regex

from .charsets import locking_table, single_table
from .errors import InvalidBodyError

# The EncodingMap fast path of charmap_build requires byte 0 to decode to U+0000, so the
# locking code 0x00 ('@' in most tables) is carried on byte 0x1B, the escape code that is
# never a character. Bytes 0x80-0xFF carry single shift codes (escape + byte - 0x80).
_RELOCATED = 0x1B
_HIGH = bytes(range(0x80, 0x100))
_UNRELOCATE = bytes.maketrans(b"\x1b", b"\x00")
_ESCAPED = re.compile(rb"[\x80-\xff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CLUSTER = regex.compile(r"\X")
# Without one of these a body's extended grapheme clusters (UAX #29 rules GB3-GB13) are
# all single code points: only CR, Hangul jamo, Extend, ZWJ, SpacingMark, Prepend and
# Regional_Indicator can take part in a non-break.
_JOINER = regex.compile(
    r"[\r\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=Prepend}"
    r"\p{GCB=Regional_Indicator}\p{GCB=L}\p{GCB=V}\p{GCB=T}]"
)

_encoders: dict[int, Any] = {}


def _build_encoder(lock: int, single: int) -> Any:
    locking = list(locking_table(lock))
    locking[_RELOCATED], locking[0] = locking[0], "\x00"
    present = set(locking)
    shift = single_table(single)
    decoding = "".join(c or "\ufffe" for c in locking) + "".join(
        shift[code] if code in shift and shift[code] not in present else "\ufffe"
        for code in range(128)
    )
    return codecs.charmap_build(decoding)


def _encode(body: str, lock: int, single: int) -> bytes | None:
    key = lock << 4 | single
    encoder = _encoders.get(key)
    if encoder is None:
        encoder = _encoders[key] = _build_encoder(lock, single)
    try:
        out: bytes = codecs.charmap_encode(body, "strict", encoder)[0]
    except UnicodeEncodeError:
        return None
    # U+0000 maps to byte 0 only because of the relocation above; it is not GSM.
    if b"\x00" in out:
        return None
    return out


def utf16_units(body: str) -> int:
    """UTF-16 code units of ``body``; :class:`InvalidBodyError` at a lone surrogate.

    >>> utf16_units("a😀")
    3
    """
    if body.isascii():
        return len(body)
    try:
        return len(body.encode("utf-16-le")) >> 1
    except UnicodeEncodeError as exc:
        raise InvalidBodyError(
            f"lone surrogate U+{ord(body[exc.start]):04X}", index=exc.start
        ) from None


def gsm_escapes(body: str, lock: int, single: int) -> int:
    """Characters of ``body`` that need the escape under the pair, or -1 if one has no code.

    A character of the locking table is never escaped (TS 23.038 6.2.1.2.4).

    >>> gsm_escapes("[a]", 0, 0), gsm_escapes("a`", 0, 0)
    (2, -1)
    """
    out = _encode(body, lock, single)
    if out is None:
        return -1
    return len(out) - len(out.translate(None, _HIGH))


def gsm_septets(body: str, lock: int, single: int) -> bytes:
    """Unpacked septets of ``body`` under the pair, escapes written as 0x1B + code.

    ValueError when a character has no code in the pair.

    >>> gsm_septets("@€", 0, 0).hex()
    '001b65'
    """
    out = _encode(body, lock, single)
    if out is None:
        raise ValueError("body is not encodable with this table pair")
    out = out.translate(_UNRELOCATE)
    return _ESCAPED.sub(lambda m: bytes((0x1B, m[0][0] - 0x80)), out)


def _fill(length: int, costly: list[int], capacity: int) -> tuple[list[int], int]:
    ends: list[int] = []
    pos = used = 0
    for at in costly:
        gap = at - pos
        while used + gap > capacity:
            pos += capacity - used
            gap -= capacity - used
            ends.append(pos)
            used = 0
        used += gap
        pos = at
        if used + 2 > capacity:
            ends.append(pos)
            used = 0
        used += 2
        pos = at + 1
    gap = length - pos
    while used + gap > capacity:
        pos += capacity - used
        gap -= capacity - used
        ends.append(pos)
        used = 0
    ends.append(length)
    return ends, used + gap


def gsm_part_ends(body: str, lock: int, single: int, capacity: int) -> tuple[list[int], int]:
    """Greedy GSM-7 parts of ``capacity`` septets: (end index of each part, last part's septets).

    An escaped character (2 septets) is never split across parts.

    >>> gsm_part_ends("aa[", 0, 0, 3)
    ([2, 3], 2)
    """
    out = _encode(body, lock, single)
    if out is None:
        raise ValueError("body is not encodable with this table pair")
    return _fill(len(body), [m.start() for m in _ESCAPED.finditer(out)], capacity)


def ucs2_part_ends(body: str, capacity: int) -> tuple[list[int], int]:
    """Greedy UCS-2 parts of ``capacity`` code units: (end index of each part, last part's units).

    No part ends inside a surrogate pair, nor inside an extended grapheme cluster unless
    that cluster alone exceeds a part. ``body`` must be free of lone surrogates.

    >>> ucs2_part_ends("ab😀", 3)
    ([2, 3], 2)
    """
    if _JOINER.search(body) is None:
        return _fill(len(body), [m.start() for m in _ASTRAL.finditer(body)], capacity)
    ends: list[int] = []
    used = 0
    for match in _CLUSTER.finditer(body):
        start, end = match.span()
        units = len(match[0].encode("utf-16-le")) >> 1
        if used + units <= capacity:
            used += units
            continue
        if units <= capacity:
            ends.append(start)
            used = units
            continue
        for index in range(start, end):
            size = 2 if ord(body[index]) > 0xFFFF else 1
            if used + size > capacity:
                ends.append(index)
                used = 0
            used += size
    ends.append(len(body))
    return ends, used
