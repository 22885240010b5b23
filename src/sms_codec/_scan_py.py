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
import contextlib
import re
from codecs import charmap_encode, utf_16_le_encode
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ._checks import MAX_BODY_CHARACTERS
from ._grapheme_rules import boundaries, find_bmp_joiner
from ._scan_py_cuts import gsm_fill, ucs2_fill, ucs2_whole
from ._scan_py_lazy import LazyUnsupported, default_unsupported, unsupported_characters
from ._scan_py_septets import pack_septets, unpack_septets, wire_parts
from .charsets import LOCKING, LOCKING_NLIS, SINGLE, SINGLE_NLIS, locking_table, single_table
from .errors import InvalidBodyError

__all__ = [
    "LazyUnsupported",
    "accelerated",
    "default_analysis",
    "default_analysis_many",
    "default_unsupported",
    "grapheme_ends",
    "gsm_escapes",
    "gsm_part_ends",
    "gsm_septets",
    "lock_scan",
    "national_choice",
    "pack_septets",
    "set_front",
    "set_national",
    "ucs2_part_ends",
    "unpack_septets",
    "unsupported_characters",
    "utf16_units",
    "wire_parts",
]

# The EncodingMap fast path of charmap_build requires byte 0 to decode to U+0000, so the
# locking code 0x00 ('@' in most tables) is carried on byte 0x1B, the escape code that is
# never a character. Bytes 0x80-0xFF carry single shift codes (escape + byte - 0x80).
_RELOCATED = 0x1B
_UNRELOCATE = bytes.maketrans(b"\x1b", b"\x00")
_ESCAPED = re.compile(rb"[\x80-\xff]")
# Encoded byte -> escape mark: 1 for an escaped code, 0 for a locking one, 2 for byte 0
# (U+0000, which maps there only because of the relocation: it is not GSM).
_MARKS = b"\x02" + bytes(0x7F) + b"\x01" * 0x80
# Per table pair: the charmap encoding map, and for ASCII the same mapping and the marks
# as bytes translation tables (0 / 2 for an ASCII character the pair lacks).
_encoders: dict[int, tuple[Any, bytes, bytes]] = {}


def _build_encoder(lock: int, single: int) -> tuple[Any, bytes, bytes]:
    locking = list(locking_table(lock))
    locking[_RELOCATED], locking[0] = locking[0], "\x00"
    present = set(locking)
    shift = single_table(single)
    decoding = "".join(c or "\ufffe" for c in locking) + "".join(
        shift[code] if code in shift and shift[code] not in present else "\ufffe"
        for code in range(128)
    )
    encoder = codecs.charmap_build(decoding)
    ascii_bytes = bytearray(256)
    for code in range(1, 128):
        with contextlib.suppress(UnicodeEncodeError):
            ascii_bytes[code] = codecs.charmap_encode(chr(code), "strict", encoder)[0][0]
    return encoder, bytes(ascii_bytes), bytes(ascii_bytes).translate(_MARKS)


def _tables(lock: int, single: int) -> tuple[Any, bytes, bytes]:
    key = lock << 4 | single
    tables = _encoders.get(key)
    if tables is None:
        tables = _encoders[key] = _build_encoder(lock, single)
    return tables


def _encode(body: str, lock: int, single: int) -> bytes | None:
    tables = _tables(lock, single)
    if body.isascii():
        out = body.encode("ascii").translate(tables[1])
    else:
        try:
            out = codecs.charmap_encode(body, "strict", tables[0])[0]
        except UnicodeEncodeError:
            return None
    # U+0000 maps to byte 0 only because of the relocation above; it is not GSM.
    if 0 in out:
        return None
    return out


def _gsm_marks(body: str, lock: int, single: int) -> bytes | None:
    """One byte a character of ``body``: 1 when the pair escapes it, else 0; None when a
    character has no code in the pair. Its count of 1s is the escapes, and the part
    fill (:func:`gsm_fill`) reads it."""
    tables = _encoders.get(lock << 4 | single) or _tables(lock, single)
    if body.isascii():
        marks = body.encode("ascii").translate(tables[2])
    else:
        try:
            marks = charmap_encode(body, "strict", tables[0])[0].translate(_MARKS)
        except UnicodeEncodeError:
            return None
    return None if 2 in marks else marks


def _utf16(body: str) -> bytes:
    try:
        return utf_16_le_encode(body)[0]
    except UnicodeEncodeError as exc:
        raise InvalidBodyError(
            f"lone surrogate U+{ord(body[exc.start]):04X}", index=exc.start
        ) from None


def utf16_units(body: str) -> int:
    """UTF-16 code units of ``body``; :class:`InvalidBodyError` at a lone surrogate.

    >>> utf16_units("a😀")
    3
    """
    return len(body) if body.isascii() else len(_utf16(body)) >> 1


def gsm_escapes(body: str, lock: int, single: int) -> int:
    """Characters of ``body`` that need the escape under the pair, or -1 if one has no code.

    A character of the locking table is never escaped (TS 23.038 6.2.1.2.4).

    >>> gsm_escapes("[a]", 0, 0), gsm_escapes("a`", 0, 0)
    (2, -1)
    """
    marks = _gsm_marks(body, lock, single)
    return -1 if marks is None else marks.count(1)


#: character -> bit n set when the single shift table of NLI n (0: extension) holds it
_SINGLE_MASKS: dict[str, int] = {}
for _nli in SINGLE_NLIS:
    for _char in SINGLE[_nli]:
        _SINGLE_MASKS[_char] = _SINGLE_MASKS.get(_char, 0) | 1 << _nli
_ALL_SINGLES = sum(1 << nli for nli in SINGLE_NLIS)
_IN_EVERY_LOCKING = frozenset.intersection(*(LOCKING[nli] for nli in LOCKING_NLIS))
_IN_SOME_TABLE = frozenset().union(*LOCKING.values(), *SINGLE.values())
# The planner asks once per locking table about the same body: its distinct characters
# are kept for the last body seen (the reference keeps the identity test sound), with the
# answer for each set of characters a locking table lacks (the ten Indian tables lack
# the same Latin letters).
_last_seen: tuple[str, frozenset[str], dict[frozenset[str], tuple[int, int]]] = (
    "", frozenset(), {}
)


def _lacked(
    body: str, lock: int
) -> tuple[frozenset[str], dict[frozenset[str], tuple[int, int]]]:
    """The characters of ``body`` that locking table ``lock`` lacks, and the answers
    known for the body."""
    global _last_seen
    seen, chars, known = _last_seen
    if seen is not body:
        # What every locking table holds is never lacked: each table is asked about
        # the rest only.
        chars, known = frozenset(body) - _IN_EVERY_LOCKING, {}
        _last_seen = (body, chars, known)
    return chars - LOCKING[lock], known


def lock_scan(body: str, lock: int) -> tuple[int, int]:
    """What the locking table ``lock`` leaves to a single shift table.

    Returns ``(mask, escapes)``: bit ``n`` of ``mask`` is set when the single shift table
    of NLI ``n`` (0: the default extension) holds every character of ``body`` that the
    locking table lacks, and ``escapes`` counts those characters in ``body``. ``(0, -1)``
    when no single shift table holds them all.

    >>> lock_scan("ab", 0), lock_scan("ş{", 1), lock_scan("ş{", 0)
    ((16383, 0), (16383, 1), (2, 2))
    >>> lock_scan("Ж", 0)
    (0, -1)
    """
    return _covering(body, *_lacked(body, lock))


def _covering(
    body: str, need: frozenset[str], known: dict[frozenset[str], tuple[int, int]]
) -> tuple[int, int]:
    found = known.get(need)
    if found is None:
        mask = _ALL_SINGLES
        for char in need:
            mask &= _SINGLE_MASKS.get(char, 0)
            if not mask:
                found = known[need] = (0, -1)
                return found
        found = known[need] = (mask, sum(body.count(char) for char in need))
    return found


def national_choice(
    body: str, locks: int, singles: int, capacities: tuple[int, ...]
) -> tuple[int, int, int, int, int] | None:
    """The table pair for ``body`` by rule 4 of docs/rules.md, or None if no pair encodes it.

    ``locks`` and ``singles`` have bit ``n`` set for each allowed locking and single
    shift NLI (bit 0, the default tables, always counts as set); ``capacities`` are the
    septets of a lone part and of a concatenated part with 0, 1 and 2 national IEs
    (six ints, each at least 2). Returns ``(lock, single, units, parts, remaining)``:
    fewest parts, then fewest IEs, then most remaining, then lowest NLIs.

    >>> caps = (160, 155, 152, 153, 149, 146)
    >>> national_choice("ş" * 200, 0b11, 0b11, caps)
    (1, 0, 200, 2, 98)
    >>> national_choice("Ж", 0b11, 0b11, caps) is None
    True
    """
    lone, multi = capacities[:3], capacities[3:]
    best: tuple[int, int, int, int, int] | None = None
    best_key: tuple[int, ...] = ()
    if not _lacked(body, 0)[0] <= _IN_SOME_TABLE:  # a character no table holds
        return None
    tried: set[frozenset[str]] = set()
    for lock in LOCKING_NLIS:
        if lock and not locks >> lock & 1:
            continue
        need, known = _lacked(body, lock)
        if lock:
            # National tables that lack the same characters escape the same ones with
            # the same IEs: every key ties but the lock, and the lowest NLI wins.
            if need in tried:
                continue
            tried.add(need)
        covering, escapes = _covering(body, need, known)
        covering &= singles | 1
        if not covering:
            continue
        # Every single table that covers what the locking table lacks escapes the same
        # characters: the default extension (no IE) or else the lowest NLI is the best.
        single = (covering & -covering).bit_length() - 1
        ies = (lock != 0) + (single != 0)
        units = len(body) + escapes
        if units <= lone[ies]:
            parts, remaining = 1, lone[ies] - units
        elif best is not None and (-(-units // multi[ies]), ies) > best_key[:2]:
            continue  # at least that many parts: worse than the best without a cut
        else:
            ends, last = gsm_part_ends(body, lock, single, multi[ies])
            parts, remaining = len(ends), multi[ies] - last
        key = (parts, ies, -remaining, lock, single)
        if best is None or key < best_key:
            best, best_key = (lock, single, units, parts, remaining), key
    return best


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


def gsm_part_ends(body: str, lock: int, single: int, capacity: int) -> tuple[list[int], int]:
    """Greedy GSM-7 parts of ``capacity`` septets: (end index of each part, last part's septets).

    An escaped character (2 septets) is never split across parts.

    >>> gsm_part_ends("aa[", 0, 0, 3)
    ([2, 3], 2)
    """
    if capacity < 2:
        raise ValueError(f"capacity must be at least 2 units, not {capacity}")
    marks = _gsm_marks(body, lock, single)
    if marks is None:
        raise ValueError("body is not encodable with this table pair")
    return gsm_fill(marks, capacity)


def grapheme_ends(body: str) -> list[int]:
    r"""Code point indexes where the extended grapheme clusters of ``body`` end (UAX #29).

    >>> grapheme_ends("ae\u0301\U0001f1ec\U0001f1f7\r\n")
    [1, 3, 5, 7]
    """
    # boundaries() already runs the rules only where a joiner stands.
    return boundaries(body)


def ucs2_part_ends(body: str, capacity: int) -> tuple[list[int], int]:
    """Greedy UCS-2 parts of ``capacity`` code units: (end index of each part, last part's units).

    No part ends inside a surrogate pair, nor inside an extended grapheme cluster unless
    that cluster alone exceeds a part (then it is cut between code points, filling the
    current part first). ``body`` must be free of lone surrogates.

    >>> ucs2_part_ends("ab😀", 3)
    ([2, 3], 2)
    >>> ucs2_part_ends("ab" + "e\u0301", 3)
    ([2, 4], 2)
    """
    if capacity < 2:
        raise ValueError(f"capacity must be at least 2 units, not {capacity}")
    data = utf_16_le_encode(body)[0]
    total = len(data) >> 1
    if ucs2_whole(body, total, capacity):  # parts of exactly `capacity` units
        whole = list(range(capacity, total, capacity)) if total > capacity else []
        whole.append(total)
        return whole, total - (len(whole) - 1) * capacity
    return ucs2_fill(body, data, capacity)


_R = TypeVar("_R", bound=tuple[Any, ...])
#: ``(result, gsm7, ucs2, gsm_single, gsm_multi, ucs2_single, ucs2_multi)``: the result type
#: (an 11-field tuple subclass), the two encoding values it carries, and the capacity of a
#: lone part and of a concatenated part for each encoding (each at least 2).
Shape = tuple[type[_R], Any, Any, int, int, int, int]


def default_analysis(body: object, shape: Shape[_R]) -> _R | None:
    """The analysis of ``body`` with the default tables and options, or None if not exactly str
    or longer than ``MAX_BODY_CHARACTERS`` (the caller's specification then refuses it).

    The result is ``result(characters, encoding, units, parts, units_per_part, remaining,
    unsupported, None, None, None, None)``, built with ``tuple.__new__``: GSM-7 under the
    pair (0, 0) when every character has a code there, else UCS-2 with the characters
    that have none in order of first appearance. :class:`InvalidBodyError` at a lone surrogate of a
    UCS-2 body.

    >>> shape = (tuple, "G", "U", 160, 153, 70, 67)
    >>> default_analysis("Hi [you]", shape)
    (8, 'G', 10, 1, 160, 150, (), None, None, None, None)
    >>> default_analysis("Ωμέγα", shape)
    (5, 'U', 5, 1, 70, 65, ('μ', 'έ', 'γ', 'α'), None, None, None, None)
    >>> default_analysis(b"bytes", shape) is None
    True
    """
    if type(body) is not str or len(body) > MAX_BODY_CHARACTERS:
        return None
    result, gsm7, ucs2, gsm_single, gsm_multi, ucs2_single, ucs2_multi = shape
    length = len(body)
    marks = _gsm_marks(body, 0, 0)  # made once: the escapes and the cuts both read it
    unsupported: tuple[str, ...] | LazyUnsupported
    if marks is not None:
        encoding, units, unsupported = gsm7, length + marks.count(1), ()
        single, per_part = gsm_single, gsm_multi
    else:
        try:  # made once: the units and the cuts both read it
            data = utf_16_le_encode(body)[0]
        except UnicodeEncodeError:
            data = _utf16(body)  # raises the InvalidBodyError
        encoding, units, unsupported = ucs2, len(data) >> 1, LazyUnsupported(body)
        single, per_part = ucs2_single, ucs2_multi
    if units <= single:  # a lone part
        parts, per_part, last = 1, single, units
    elif per_part < 2:  # as gsm_part_ends and ucs2_part_ends say it
        raise ValueError(f"capacity must be at least 2 units, not {per_part}")
    elif marks is not None:
        ends, last = gsm_fill(marks, per_part)
        parts = len(ends)
    elif units == length and find_bmp_joiner(  # ucs2_whole, inline
        body[per_part - 1:units - 1:per_part] + body[per_part:units:per_part]
    ) is None:  # parts of exactly per_part units
        parts = -(-units // per_part)
        last = units - (parts - 1) * per_part
    else:
        ends, last = ucs2_fill(body, data, per_part)
        parts = len(ends)
    return tuple.__new__(
        result,
        (length, encoding, units, parts, per_part, per_part - last, unsupported,
         None, None, None, None),
    )


_F = TypeVar("_F", bound=Callable[..., Any])


def set_national(resolver: Callable[[str], tuple[Any, ...]] | None) -> None:
    """Let the front of :func:`accelerated` answer ``language=`` calls: this twin has no
    front, so there is nothing to register.

    >>> set_national(None) is None
    True
    """


def accelerated(shape: Shape[Any]) -> Callable[[_F], _F]:
    """Decorator for :func:`sms_codec.analyze`: this twin has nothing faster to offer.

    The Cython twin returns a front that answers a call with one positional ``str`` and
    no keyword itself, with :func:`default_analysis` and ``shape``, and hands every other
    call (and every call while ``sms_codec._scan`` holds the Python kernels) to the
    decorated function. Either way the results are the decorated function's.

    >>> accelerated((tuple, "G", "U", 160, 153, 70, 67))(len) is len
    True
    """

    def keep(analyze: _F) -> _F:
        return analyze

    return keep


def set_front(on: bool) -> None:
    """Switch the front of :func:`accelerated` on or off: this twin has none to switch.

    >>> set_front(False) is None
    True
    """


def default_analysis_many(
    bodies: Iterable[object], shape: Shape[_R], fallback: Callable[[Any], _R]
) -> list[_R]:
    """:func:`default_analysis` of each body in order; ``fallback(body)`` where that is None.

    >>> shape = (tuple, "G", "U", 160, 153, 70, 67)
    >>> [r[2] for r in default_analysis_many(["a", "€", 7], shape, lambda b: (0, 0, -1))]
    [1, 2, -1]
    """
    out: list[_R] = []
    for body in bodies:
        found = default_analysis(body, shape)
        out.append(fallback(body) if found is None else found)
    return out
