"""GSM 7-bit on the wire: septet packing, septets to text, and what a DCS names.

TS 23.038 6.1.2.1.1 packs 8 septets into 7 octets; 6.2.1 and Annex A give the tables a
septet is read through (:mod:`sms_codec.tables`); clause 4 says which alphabet a data
coding scheme octet names. :mod:`sms_codec.wire`, :mod:`sms_codec.pdu` and the
``gsm0338`` codecs (:mod:`sms_codec.codec`) share these.

>>> unpack_septets(pack_septets(b"hellohello"))
b'hellohello'
"""

from __future__ import annotations

import codecs

from ._checks import MAX_BODY_CHARACTERS, check_bool, check_int, check_size, check_type
from .charsets import locking_table, single_table
from .errors import DecodeError, InvalidBodyError, OptionError
from .tables import BY_NLI, ESCAPE

__all__ = [
    "SeptetTables",
    "dcs_alphabet",
    "escapes_before",
    "pack_septets",
    "septet_tables",
    "septets_to_text",
    "unpack_septets",
]


def pack_septets(septets: bytes, fill_bits: int = 0) -> bytes:
    """Pack septets 8 to 7 octets (TS 23.038 6.1.2.1.1) after ``fill_bits`` zero bits.

    The fill bits put the first septet on a septet boundary after a user data header
    (TS 23.040 9.2.3.24).

    >>> pack_septets(b"hellohello").hex()
    'e8329bfd4697d9ec37'
    >>> pack_septets(b"\\x41", 1).hex()
    '82'
    """
    check_type(septets, "septets", (bytes, bytearray, memoryview), "bytes")
    check_int(fill_bits, "fill_bits", 0, 6)
    check_size(len(septets), "septets", MAX_BODY_CHARACTERS, "septets")
    out = bytearray()
    acc = 0
    bits = fill_bits
    for index, septet in enumerate(septets):
        if septet > 0x7F:
            raise InvalidBodyError(
                f"septets has 0x{septet:02X}, which is above 0x7F and no septet", index=index
            )
        acc |= septet << bits
        bits += 7
        if bits >= 8:
            out.append(acc & 0xFF)
            acc >>= 8
            bits -= 8
    if bits:
        out.append(acc)
    return bytes(out)


def unpack_septets(octets: bytes, fill_bits: int = 0, count: int | None = None) -> bytes:
    """Unpack ``count`` septets (all full ones when ``None``) after ``fill_bits`` bits.

    >>> unpack_septets(bytes.fromhex("31d90c"))
    b'123'
    """
    check_type(octets, "octets", (bytes, bytearray, memoryview), "bytes")
    check_int(fill_bits, "fill_bits", 0, 6)
    check_size(len(octets), "octets", MAX_BODY_CHARACTERS, "octets")
    available = max(8 * len(octets) - fill_bits, 0) // 7
    if count is None:
        count = available
    elif check_int(count, "count") > available:
        raise DecodeError(
            f"count is {count}, but {count} septets after {fill_bits} fill bits need "
            f"{(fill_bits + 7 * count + 7) // 8} octets, only {len(octets)} given"
        )
    out = bytearray()
    acc = 0
    bits = -fill_bits
    pos = 0
    for _ in range(count):
        while bits < 7:
            octet = octets[pos]
            acc |= octet << bits if bits >= 0 else octet >> -bits
            pos += 1
            bits += 8
        out.append(acc & 0x7F)
        acc >>= 7
        bits -= 7
    return bytes(out)


class SeptetTables:
    """The two tables of a pair, ready for decoding septets (see :func:`septet_tables`)."""

    __slots__ = ("locking", "map", "single")

    def __init__(self, lock: int, single: int) -> None:
        _check_nli(lock, "lock")
        _check_nli(single, "single")
        self.locking = locking_table(lock)
        self.single = single_table(single)
        self.map = "".join(c if c is not None else "\ufffe" for c in self.locking)


_tables: dict[tuple[int, int], SeptetTables] = {}


def _check_nli(value: object, name: str) -> None:
    if check_int(value, name, 0, 255) and value not in BY_NLI:
        raise OptionError(
            f"{name} must be 0 or a national language identifier "
            f"({', '.join(str(n) for n in sorted(BY_NLI))}), not {value}"
        )


def septet_tables(lock: int, single: int) -> SeptetTables:
    """The decoding tables of the pair ``(lock, single)`` (national language identifiers).

    >>> septet_tables(1, 0).locking[0x07]
    'ı'
    """
    # Exact ints only reach the cache: True or 1.0 would hash like 1.
    found = _tables.get((lock, single)) if type(lock) is type(single) is int else None
    if found is None:
        _check_nli(lock, "lock")
        _check_nli(single, "single")
        found = _tables[lock, single] = SeptetTables(lock, single)
    return found


def septets_to_text(
    septets: bytes, start: int, tables: SeptetTables, final: bool = True
) -> tuple[str, int, str | None]:
    """Decode from ``start`` until the end or a fault: (text, stop index, fault or None).

    ``final=False`` stops before an escape that ends the data (more may follow).

    An escape followed by a code the single shift table leaves undefined stands for the
    locking table's character (TS 23.038 6.2.1.1); two escapes read as a space, which the
    same clause prescribes for the escape to a further extension table.

    >>> septets_to_text(bytes([0x48, 0x1B, 0x65, 0x80]), 0, septet_tables(0, 0))
    ('H€', 3, '0x80 is above 0x7F, not a septet')
    """
    if not (
        type(septets) is bytes
        and type(start) is int
        and 0 <= start <= len(septets) <= MAX_BODY_CHARACTERS
        and type(tables) is SeptetTables
        and type(final) is bool
    ):
        check_type(septets, "septets", (bytes, bytearray, memoryview), "bytes")
        check_size(len(septets), "septets", MAX_BODY_CHARACTERS, "septets")
        check_int(start, "start", 0, len(septets))
        check_type(tables, "tables", SeptetTables, "a SeptetTables")
        check_bool(final, "final")
    if start == 0 and ESCAPE not in septets:
        try:
            return codecs.charmap_decode(septets, "strict", tables.map)[0], len(septets), None
        except UnicodeDecodeError:
            pass
    out: list[str] = []
    index = start
    length = len(septets)
    locking = tables.locking
    single = tables.single
    while index < length:
        septet = septets[index]
        if septet > 0x7F:
            return "".join(out), index, f"0x{septet:02X} is above 0x7F, not a septet"
        if septet == ESCAPE:
            if index + 1 == length:
                if not final:
                    break
                return "".join(out), index, "an escape (0x1B) has no code after it"
            code = septets[index + 1]
            if code > 0x7F:
                return "".join(out), index + 1, f"0x{code:02X} is above 0x7F, not a septet"
            char = single.get(code)
            if char is None:
                char = " " if code == ESCAPE else locking[code]
            if char is None:
                return "".join(out), index, (
                    f"escape + 0x{code:02X} is defined in neither the single shift nor the "
                    "locking shift table"
                )
            out.append(char)
            index += 2
            continue
        char = locking[septet]
        if char is None:
            return "".join(out), index, f"0x{septet:02X} is undefined in the locking shift table"
        out.append(char)
        index += 1
    return "".join(out), index, None


def escapes_before(septets: bytes, index: int) -> int:
    """Escapes in the run just before ``index``: odd means ``index`` is an escaped code.

    >>> escapes_before(b"a\x1b\x1b\x1b(", 4), escapes_before(b"a(", 1)
    (3, 0)
    """
    if not (type(septets) is bytes and type(index) is int and 0 <= index <= len(septets)):
        check_type(septets, "septets", (bytes, bytearray, memoryview), "bytes")
        check_int(index, "index", 0, len(septets))
    check_size(len(septets), "septets", MAX_BODY_CHARACTERS, "septets")
    run = 0
    while index > run and septets[index - run - 1] == ESCAPE:
        run += 1
    return run


def dcs_alphabet(data_coding: int) -> tuple[str, int | None]:
    """``(alphabet, message class or None)`` of a TS 23.038 clause 4 data coding scheme.

    The alphabet is ``"GSM7"``, ``"8BIT"`` or ``"UCS2"``. Clause 4 tells a receiver to
    read every reserved coding (alphabet 11 of the general groups, the reserved groups
    1000-1011) as the GSM 7-bit default alphabet; compressed text (TS 23.042) is a
    :class:`DecodeError`.

    >>> dcs_alphabet(0x00), dcs_alphabet(0x08), dcs_alphabet(0x10), dcs_alphabet(0xF5)
    (('GSM7', None), ('UCS2', None), ('GSM7', 0), ('8BIT', 1))
    >>> dcs_alphabet(0x0C), dcs_alphabet(0x80)
    (('GSM7', None), ('GSM7', None))
    """
    if type(data_coding) is not int or not 0 <= data_coding <= 0xFF:
        check_int(data_coding, "data_coding", 0, 0xFF)
    group = data_coding >> 4
    if group <= 0x7:
        if data_coding & 0x20:
            raise DecodeError(
                f"data_coding 0x{data_coding:02X} marks compressed text (TS 23.042), "
                "which is not supported"
            )
        klass = data_coding & 0x3 if data_coding & 0x10 else None
        return ("GSM7", "8BIT", "UCS2", "GSM7")[(data_coding >> 2) & 0x3], klass
    if group in (0xC, 0xD):
        return "GSM7", None
    if group == 0xE:
        return "UCS2", None
    if group == 0xF:
        return ("8BIT" if data_coding & 0x04 else "GSM7"), data_coding & 0x3
    return "GSM7", None
