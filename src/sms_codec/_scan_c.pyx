# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, infer_types=False
"""Character kernels, Cython twin of :mod:`sms_codec._scan_py` (the specification).

Same functions and names, equal results and the same exceptions for every ``str``. The
native loops cover the domain the library calls them with: a body that is exactly
``str``, table identifiers that are known NLIs (plain ``int``), capacities from 2 to
2**30. Anything else (a ``bytes`` body, a ``bool`` or unknown NLI, a capacity of 0) is
handed to the specification itself, so even those calls agree, exceptions included.

Tables are built from :mod:`sms_codec.charsets` (hence :mod:`sms_codec.tables`): one
64K map from a BMP code point to a compact character id (0: in no table), one byte per
id for each table pair built on first use, and a direct 64K byte map for the default
pair (0, 0). A byte is what the specification's charmap codec gives the character:
0 no code, 1-127 a locking code (0x1B carrying code 0x00), 0x80 + code a single shift
code. Code points above U+FFFF never index a table.

Indexing below is unchecked only where the index is proven in range: string offsets
run over ``range(0, len)`` and table offsets are a code point already checked to be
``<= 0xFFFF`` (or a character id below the table size), or index ``_gprop``, which has
an entry for every code point 0 .. 0x10FFFF that a ``str`` can hold.
"""

cimport cython
from cpython.mem cimport PyMem_Malloc
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcpy, memset

import functools

from . import _scan_py as _spec
from ._checks import MAX_BODY_CHARACTERS as _MAX_BODY
from ._graphemes import STARTS as _G_STARTS, VALUES as _G_VALUES
from .charsets import LOCKING_NLIS, SINGLE_NLIS, iso_of, locking_table, single_table
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

# The longest body the front and default_analysis answer; a longer one goes to the
# specification, which raises SizeLimitError.
cdef Py_ssize_t MAX_BODY_CHARACTERS = _MAX_BODY


cdef extern from *:
    """
    #if PY_VERSION_HEX < 0x030C0000
    #define SMS_READY(o) PyUnicode_READY(o)
    #else
    #define SMS_READY(o) 0
    #endif
    #define SMS_KIND(o) ((int)PyUnicode_KIND(o))
    #define SMS_DATA(o) ((const void *)PyUnicode_DATA(o))
    #define SMS_READ(kind, data, i) PyUnicode_READ((kind), (data), (i))

    /* A plain int in [lo, hi] as a C long, else -1 (lo >= 0). Never sets an error. */
    static long sms_small_int(PyObject *o, long lo, long hi) {
        int overflow = 0;
        long v;
        if (!PyLong_CheckExact(o)) return -1;
        v = PyLong_AsLongAndOverflow(o, &overflow);
        if (overflow || v < lo || v > hi) return -1;
        return v;
    }

    static int sms_is_tuple_type(PyObject *o) {
        return PyType_Check(o) && PyType_IsSubtype((PyTypeObject *)o, &PyTuple_Type);
    }
    """
    int SMS_READY(object) except -1
    int SMS_KIND(object)
    const void *SMS_DATA(object)
    Py_UCS4 SMS_READ(int kind, const void *data, Py_ssize_t i) noexcept nogil
    long sms_small_int(object o, long lo, long hi)
    void PyObject_GC_UnTrack(object o)
    bint sms_is_tuple_type(object o)

# Py_UCS1 and Py_UCS2 are declared in _scan_c.pxd.

ctypedef fused uchar:
    Py_UCS1
    Py_UCS2
    Py_UCS4

cdef enum:
    BMP = 0x10000
    MAX_CAPACITY = 1 << 30
    NO_CODE = 32  # in _default_cost: above the escapes of a block (at most 16)

# Property byte codes, as in sms_codec._scan_py.
cdef enum:
    G_CR = 1
    G_LF = 2
    G_CONTROL = 3
    G_EXTEND = 4
    G_ZWJ = 5
    G_RI = 6
    G_PREPEND = 7
    G_SPACING = 8
    G_L = 9
    G_V = 10
    G_T = 11
    G_LV = 12
    G_LVT = 13
    G_PICTO = 0x10
    G_CONSONANT = 0x20
    G_LINKER = 0x40
    G_INCB_EXTEND = 0x60
    G_INCB = 0x60
    G_JOINER = 0x80

_JOINING = frozenset((G_CR, G_EXTEND, G_ZWJ, G_SPACING, G_PREPEND, G_RI, G_L, G_V, G_T))

# ---------------------------------------------------------------------------------------
# Tables

cdef unsigned short _ids[BMP]          # code point -> character id, 0: in no table
cdef unsigned char _default[BMP]       # code point -> byte under the pair (0, 0)
# code point -> what the default walk sums: 1 escaped, NO_CODE no code, 0 otherwise (the
# escapes of a block in the low bits, the characters with no code above them: one add
# a code point).
cdef unsigned char _default_cost[BMP]
cdef unsigned char **_pairs = NULL     # [lock * _nli_count + single] -> byte per id
cdef int _nli_count = 0
cdef Py_ssize_t _id_count = 0          # ids are 1 .. _id_count
# code point -> its property byte of _graphemes.py (Grapheme_Cluster_Break in bits 0-3,
# Extended_Pictographic bit 4, Indic_Conjunct_Break bits 5-6), bit 7 set for the joiner
# classes of the specification's _grapheme_rules.has_joiner. Every code point of a str indexes it.
cdef unsigned char _gprop[0x110000]
# Scratch, all zero between calls: one byte per code point rather than one bit, so that
# marking a character is a plain store, not a read-modify-write that the next character
# (often another letter of the same block, in the same byte of a bitmap) must wait for.
cdef unsigned char _seen[0x110000]
cdef list _id_chars = []               # id -> character
cdef unsigned int *_single_masks = NULL  # id -> bit n: the single table of NLI n holds it
cdef unsigned int _all_singles = 0       # bit n for every single table
cdef unsigned char _is_locking[32]       # NLI -> 1 when it has a locking table (or is 0)


cdef int _init_tables() except -1:
    global _pairs, _nli_count, _id_count
    cdef Py_ssize_t cp, ident
    chars = set()
    for nli in LOCKING_NLIS:
        chars.update(c for c in locking_table(nli) if c is not None)
    for nli in SINGLE_NLIS:
        chars.update(single_table(nli).values())
    _id_chars.append(None)
    for char in sorted(chars):
        cp = ord(char)
        if cp == 0 or cp >= BMP or cp == 0xFFFE:
            raise RuntimeError(f"table character U+{cp:04X} has no place in a 64K map")
        _id_chars.append(char)
        _ids[cp] = len(_id_chars) - 1
    _id_count = len(_id_chars) - 1
    _nli_count = max(max(LOCKING_NLIS), max(SINGLE_NLIS)) + 1
    _pairs = <unsigned char **>PyMem_Malloc(_nli_count * _nli_count * sizeof(unsigned char *))
    if _pairs == NULL:
        raise MemoryError()
    memset(_pairs, 0, _nli_count * _nli_count * sizeof(unsigned char *))
    cdef const unsigned char *pair = _pair(0, 0)
    for ident in range(1, _id_count + 1):
        _default[ord(_id_chars[ident])] = pair[ident]
    for cp in range(BMP):
        _default_cost[cp] = NO_CODE if _default[cp] == 0 else _default[cp] >> 7
    global _single_masks, _all_singles
    if _nli_count > 32:
        raise RuntimeError("more national languages than a 32-bit mask holds")
    _single_masks = <unsigned int *>PyMem_Malloc((_id_count + 1) * sizeof(unsigned int))
    if _single_masks == NULL:
        raise MemoryError()
    memset(_single_masks, 0, (_id_count + 1) * sizeof(unsigned int))
    for nli in SINGLE_NLIS:
        _all_singles |= 1u << <int>nli
        for char in single_table(nli).values():
            _single_masks[_ids[<Py_ssize_t>ord(char)]] |= 1u << <int>nli
    memset(_is_locking, 0, sizeof(_is_locking))
    for nli in LOCKING_NLIS:
        _is_locking[<int>nli] = 1
    _init_graphemes()
    return 0


cdef int _init_graphemes() except -1:
    cdef Py_ssize_t k, lo, hi, count = len(_G_STARTS)
    cdef unsigned char value
    if count != len(_G_VALUES) or count == 0 or _G_STARTS[0] != 0:
        raise RuntimeError("_graphemes.py tables are malformed")
    for k in range(count):
        lo = _G_STARTS[k]
        hi = _G_STARTS[k + 1] if k + 1 < count else 0x110000
        if not 0 <= lo < hi <= 0x110000:
            raise RuntimeError("_graphemes.py ranges are not sorted code points")
        value = _G_VALUES[k]
        if (value & 0xF) in _JOINING or value & G_INCB in (G_LINKER, G_INCB_EXTEND):
            value |= G_JOINER
        memset(&_gprop[lo], value, hi - lo)
    return 0


cdef const unsigned char *_build_pair(int lock, int single) except NULL:
    # The decoding string of the specification's charmap codec, then its encoding map:
    # U+FFFE entries are unmapped and a later byte wins over an earlier one.
    locking = list(locking_table(lock))
    locking[0x1B], locking[0] = locking[0], "\x00"
    present = set(locking)
    shift = single_table(single)
    decoding = [c or "\ufffe" for c in locking] + [
        shift[code] if code in shift and shift[code] not in present else "\ufffe"
        for code in range(128)
    ]
    blocks = {ord(c) >> 7 for c in decoding[1:] if c != "\ufffe"}
    if len(blocks) >= 0xFF:
        raise RuntimeError("table pair spans too many blocks for a charmap encoding map")
    cdef unsigned char *codes = <unsigned char *>PyMem_Malloc(_id_count + 1)
    if codes == NULL:
        raise MemoryError()
    memset(codes, 0, _id_count + 1)
    cdef int byte
    for byte in range(1, 256):
        char = decoding[byte]
        if char != "\ufffe":
            codes[_ids[<Py_ssize_t>ord(char)]] = byte
    _pairs[lock * _nli_count + single] = codes
    return codes


cdef inline const unsigned char *_pair(int lock, int single) except NULL:
    cdef const unsigned char *codes = _pairs[lock * _nli_count + single]
    if codes == NULL:
        return _build_pair(lock, single)
    return codes


cdef inline unsigned char _byte(const unsigned char *pair, Py_UCS4 cp) noexcept nogil:
    """The byte of ``cp`` under ``pair``; NULL ``pair`` is the default pair (0, 0)."""
    if cp >= BMP:
        return 0
    if pair == NULL:
        return _default[cp]
    return pair[_ids[cp]]


_init_tables()

# ---------------------------------------------------------------------------------------
# Argument checks: None means "hand the call to the specification".

cdef inline const unsigned char *_pair_of(object lock, object single) except? NULL:
    cdef long lk = sms_small_int(lock, 0, _nli_count - 1)
    cdef long sg = sms_small_int(single, 0, _nli_count - 1)
    if lk < 0 or sg < 0:
        return NULL
    return _pair(<int>lk, <int>sg)


include "_scan_c_walks.pxi"


# ---------------------------------------------------------------------------------------
# The kernels

def utf16_units(body):
    """UTF-16 code units of ``body``; :class:`InvalidBodyError` at a lone surrogate."""
    if type(body) is not str:
        return _spec.utf16_units(body)
    SMS_READY(body)
    cdef Py_ssize_t n = len(<str>body), at
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    if kind == 1:
        return n
    if kind == 2:
        at = _first_surrogate(<const Py_UCS2 *>data, 0, n)
        if at >= 0:
            _raise_surrogate(body, at)
        return n
    at = _first_surrogate(<const Py_UCS4 *>data, 0, n)
    if at >= 0:
        _raise_surrogate(body, at)
    return n + _astral(<const Py_UCS4 *>data, 0, n)


cdef Py_ssize_t _escapes_of(str body, const unsigned char *pair) except -2:
    cdef Py_ssize_t n = len(body), stop, escapes
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    if kind == 1:
        escapes = _walk(<const Py_UCS1 *>data, n, pair, &stop)
    elif kind == 2:
        escapes = _walk(<const Py_UCS2 *>data, n, pair, &stop)
    else:
        escapes = _walk(<const Py_UCS4 *>data, n, pair, &stop)
    return escapes if stop == n else -1


cdef Py_ssize_t _lock_walk(const uchar *s, Py_ssize_t n, const unsigned char *pair,
                           unsigned int *mask) noexcept nogil:
    """Characters the locking half of ``pair`` lacks; ``mask`` narrows to the single
    tables that hold them all. -1 as soon as no single table (or no table) holds one."""
    cdef Py_ssize_t i, escapes = 0
    cdef Py_UCS4 cp
    cdef unsigned short ident
    cdef unsigned char b
    for i in range(n):
        cp = s[i]
        if cp >= BMP:
            return -1
        ident = _ids[cp]
        if ident == 0:
            return -1
        b = pair[ident]
        if 0 < b < 0x80:  # a locking table byte (0x1B carries code 0x00)
            continue
        mask[0] &= _single_masks[ident]
        if mask[0] == 0:
            return -1
        escapes += 1
    return escapes


def lock_scan(body, lock):
    """What the locking table ``lock`` leaves to a single shift table: (mask, escapes)."""
    if type(body) is not str:
        return _spec.lock_scan(body, lock)
    cdef long lk = sms_small_int(lock, 0, _nli_count - 1)
    if lk < 0 or not _is_locking[lk]:
        return _spec.lock_scan(body, lock)
    SMS_READY(body)
    cdef const unsigned char *pair = _pair(<int>lk, 0)
    cdef Py_ssize_t n = len(<str>body), escapes
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    cdef unsigned int mask = _all_singles
    if kind == 1:
        escapes = _lock_walk(<const Py_UCS1 *>data, n, pair, &mask)
    elif kind == 2:
        escapes = _lock_walk(<const Py_UCS2 *>data, n, pair, &mask)
    else:
        escapes = _lock_walk(<const Py_UCS4 *>data, n, pair, &mask)
    if escapes < 0:
        return 0, -1
    return mask, escapes


def gsm_escapes(body, lock, single):
    """Characters of ``body`` that need the escape under the pair, or -1 if one has no code."""
    if type(body) is not str:
        return _spec.gsm_escapes(body, lock, single)
    cdef const unsigned char *pair = _pair_of(lock, single)
    if pair == NULL:
        return _spec.gsm_escapes(body, lock, single)
    SMS_READY(body)
    return _escapes_of(body, pair)


def gsm_septets(body, lock, single):
    """Unpacked septets of ``body`` under the pair, escapes written as 0x1B + code."""
    if type(body) is not str:
        return _spec.gsm_septets(body, lock, single)
    cdef const unsigned char *pair = _pair_of(lock, single)
    if pair == NULL:
        return _spec.gsm_septets(body, lock, single)
    SMS_READY(body)
    cdef Py_ssize_t escapes = _escapes_of(body, pair)
    if escapes < 0:
        raise ValueError("body is not encodable with this table pair")
    cdef Py_ssize_t n = len(<str>body), i, o = 0
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    cdef bytearray out = bytearray(n + escapes)
    cdef unsigned char *buf = out
    cdef unsigned char b
    for i in range(n):
        b = _byte(pair, SMS_READ(kind, data, i))
        if b & 0x80:
            buf[o] = 0x1B
            buf[o + 1] = b & 0x7F
            o += 2
        else:
            buf[o] = 0 if b == 0x1B else b
            o += 1
    return bytes(out)


def ucs2_part_ends(body, capacity):
    """Greedy UCS-2 parts of ``capacity`` code units: (end index of each part, last part's units)."""
    cdef long cap = sms_small_int(capacity, 2, MAX_CAPACITY)
    if type(body) is not str or cap < 0:
        return _spec.ucs2_part_ends(body, capacity)
    SMS_READY(body)
    cdef Py_ssize_t n = len(<str>body), last
    cdef int kind = SMS_KIND(body)
    if kind == 2 and _first_surrogate(<const Py_UCS2 *>SMS_DATA(body), 0, n) >= 0 or (
            kind == 4 and _first_surrogate(<const Py_UCS4 *>SMS_DATA(body), 0, n) >= 0):
        body.encode("utf-16-le")  # raises as the specification does
    cdef list ends = []
    _ucs2_parts(body, cap, ends, &last)
    return ends, last


include "_scan_c_result.pxi"
include "_scan_c_lazy.pxi"
include "_scan_c_national.pxi"
include "_scan_c_septets.pxi"
