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

from cpython.mem cimport PyMem_Malloc
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcpy, memset

import functools

from . import _scan_py as _spec
from ._graphemes import STARTS as _G_STARTS, VALUES as _G_VALUES
from .charsets import LOCKING_NLIS, SINGLE_NLIS, locking_table, single_table
from .errors import InvalidBodyError

__all__ = [
    "accelerated",
    "default_analysis",
    "default_analysis_many",
    "grapheme_ends",
    "gsm_escapes",
    "gsm_part_ends",
    "gsm_septets",
    "lock_scan",
    "set_front",
    "ucs2_part_ends",
    "utf16_units",
]

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

    /* A new, zero-filled instance of the tuple subclass `type` with n items, as
       tuple.__new__(type, ...) allocates it before copying the items in. */
    static PyObject *sms_tuple_alloc(PyObject *type, Py_ssize_t n) {
        return ((PyTypeObject *)type)->tp_alloc((PyTypeObject *)type, n);
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
    object sms_tuple_alloc(object type, Py_ssize_t n)
    void PyObject_GC_UnTrack(object o)
    bint sms_is_tuple_type(object o)

cdef extern from "Python.h":
    ctypedef unsigned char Py_UCS1
    ctypedef unsigned short Py_UCS2

ctypedef fused uchar:
    Py_UCS1
    Py_UCS2
    Py_UCS4

cdef enum:
    BMP = 0x10000
    MAX_CAPACITY = 1 << 30

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
cdef unsigned char **_pairs = NULL     # [lock * _nli_count + single] -> byte per id
cdef int _nli_count = 0
cdef Py_ssize_t _id_count = 0          # ids are 1 .. _id_count
# code point -> its property byte of _graphemes.py (Grapheme_Cluster_Break in bits 0-3,
# Extended_Pictographic bit 4, Indic_Conjunct_Break bits 5-6), bit 7 set for the joiner
# classes of the specification's _JOINER. Every code point of a str indexes it.
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


# ---------------------------------------------------------------------------------------
# Walks, one per string kind.

cdef Py_ssize_t _walk(const uchar *s, Py_ssize_t n, const unsigned char *pair,
                      Py_ssize_t *stop, Py_ssize_t *at=NULL, Py_ssize_t room=0) noexcept nogil:
    """Escaped characters of ``s``; ``stop`` gets the first index with no code, or ``n``.

    The indexes of the first ``room`` escaped characters go to ``at``.
    """
    cdef Py_ssize_t i, escapes = 0
    cdef unsigned char b
    for i in range(n):
        b = _byte(pair, s[i])
        if b == 0:
            stop[0] = i
            return escapes
        if escapes < room:  # kept only when b is escaped: the next one overwrites it
            at[escapes] = i
        escapes += b >> 7
    stop[0] = n
    return escapes


cdef Py_ssize_t _gsm_fill_at(Py_ssize_t n, const Py_ssize_t *at, Py_ssize_t count,
                             Py_ssize_t capacity, Py_ssize_t *last) noexcept nogil:
    """Greedy GSM-7 parts from the escaped indexes alone: runs between them in O(parts)."""
    cdef Py_ssize_t parts = 1, used = 0, pos = 0, gap, k, room
    for k in range(count + 1):
        gap = (at[k] if k < count else n) - pos
        room = capacity - used
        if gap > room:  # the run overflows: whole parts of it, then the rest
            gap -= room
            parts += (gap + capacity - 1) // capacity
            used = gap - ((gap - 1) // capacity) * capacity
        else:
            used += gap
        if k == count:
            break
        if used + 2 > capacity:
            parts += 1
            used = 0
        used += 2
        pos = at[k] + 1
    last[0] = used
    return parts


cdef Py_ssize_t _gsm_fill(const uchar *s, Py_ssize_t n, const unsigned char *pair,
                          Py_ssize_t capacity, list ends, Py_ssize_t *last) except -1:
    """Greedy GSM-7 parts of an encodable ``s``: parts; ends appended to ``ends`` if given."""
    cdef Py_ssize_t i, used = 0, parts = 1, size
    for i in range(n):
        size = 1 + (_byte(pair, s[i]) >> 7)
        if used + size > capacity:
            parts += 1
            if ends is not None:
                ends.append(i)
            used = 0
        used += size
    if ends is not None:
        ends.append(n)
    last[0] = used
    return parts


cdef Py_ssize_t _first_surrogate(const uchar *s, Py_ssize_t start, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    if uchar is not Py_UCS1:
        for i in range(start, n):
            if 0xD800 <= s[i] <= 0xDFFF:
                return i
    return -1


cdef Py_ssize_t _astral(const uchar *s, Py_ssize_t start, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i, count = 0
    if uchar is Py_UCS4:
        for i in range(start, n):
            count += s[i] >= BMP
    return count


cdef int _raise_surrogate(str body, Py_ssize_t index) except -1:
    raise InvalidBodyError(f"lone surrogate U+{ord(body[index]):04X}", index=index)


# ---------------------------------------------------------------------------------------
# Extended grapheme clusters (UAX #29 GB3-GB13 and regex's GB9c), one forward pass: the
# state carries what the rules look back on, as in the specification's _boundaries.

cdef struct Graphemes:
    unsigned char prev     # property byte of the last code point consumed
    unsigned char ri_odd   # it ends an odd run of regional indicators
    unsigned char emoji    # 1: ExtPict Extend* ends there, 2: and then a ZWJ
    unsigned char conjunct # InCB Linker [InCB Extend or Linker]* ends there


cdef inline void _g_start(Graphemes *g, unsigned char first) noexcept nogil:
    g.prev = first
    g.ri_odd = (first & 0xF) == G_RI
    g.emoji = 1 if first & G_PICTO else 0
    g.conjunct = (first & G_INCB) == G_LINKER


cdef inline bint _g_step(Graphemes *g, unsigned char cur) noexcept nogil:
    """Consume a code point of property byte ``cur``: whether a cluster ends before it."""
    cdef unsigned char before = g.prev & 0xF, after = cur & 0xF, incb = cur & G_INCB
    cdef bint keep
    if before == G_CR and after == G_LF:  # GB3
        keep = True
    elif (G_CR <= before <= G_CONTROL) or (G_CR <= after <= G_CONTROL):  # GB4, GB5
        keep = False
    elif before == G_L:  # GB6
        keep = after == G_L or after == G_V or after == G_LV or after == G_LVT
    elif before == G_LV or before == G_V:  # GB7
        keep = after == G_V or after == G_T
    elif before == G_LVT or before == G_T:  # GB8
        keep = after == G_T
    else:
        keep = False
    if not keep and not (G_CR <= before <= G_CONTROL) and not (G_CR <= after <= G_CONTROL):
        keep = (after == G_EXTEND or after == G_ZWJ or after == G_SPACING  # GB9, GB9a
                or before == G_PREPEND  # GB9b
                or (g.conjunct and incb == G_CONSONANT)  # GB9c
                or (g.emoji == 2 and (cur & G_PICTO) != 0)  # GB11
                or (g.ri_odd and after == G_RI))  # GB12, GB13
    g.ri_odd = after == G_RI and not (g.ri_odd and before == G_RI)
    if cur & G_PICTO:
        g.emoji = 1
    elif g.emoji == 1 and after == G_EXTEND:
        g.emoji = 1
    elif g.emoji == 1 and after == G_ZWJ:
        g.emoji = 2
    else:
        g.emoji = 0
    if incb == G_LINKER:
        g.conjunct = 1
    elif not (g.conjunct and incb == G_INCB_EXTEND):
        g.conjunct = 0
    g.prev = cur
    return not keep


def grapheme_ends(body):
    """Code point indexes where the extended grapheme clusters of ``body`` end (UAX #29)."""
    if type(body) is not str:
        return _spec.grapheme_ends(body)
    SMS_READY(body)
    cdef Py_ssize_t n = len(<str>body), i
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    cdef list ends = []
    cdef Graphemes g
    if n == 0:
        return ends
    _g_start(&g, _gprop[SMS_READ(kind, data, 0)])
    for i in range(1, n):
        if _g_step(&g, _gprop[SMS_READ(kind, data, i)]):
            ends.append(i)
    ends.append(n)
    return ends


# ---------------------------------------------------------------------------------------
# UCS-2 parts: the specification's cut-then-adjust walk. Each part is first cut after the
# most whole code points that fit; when the cut falls inside an extended grapheme cluster
# that fits a part, the cut moves back to the cluster's start. A boundary with no
# joiner-class character on either side is certain, so clusters are looked at only when a
# side of the cut is one: then one forward pass (resumed from where it stopped, never
# rescanning) gives the start of the cluster before the cut, and a look ahead of at most
# `capacity` units from a copy of its state tells whether that cluster fits a part.

cdef inline Py_ssize_t _units(int kind, const void *data, Py_ssize_t a, Py_ssize_t b) noexcept nogil:
    cdef Py_ssize_t i, units = b - a
    if kind == 4:
        for i in range(a, b):
            units += (<const Py_UCS4 *>data)[i] >= BMP
    return units


cdef Py_ssize_t _ucs2_parts(str body, Py_ssize_t capacity, list ends, Py_ssize_t *last,
                            Py_ssize_t total_units=-1) except -1:
    """UCS-2 parts of a surrogate-free ``body``: parts; ends appended to ``ends`` if given."""
    cdef Py_ssize_t n = len(body)
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    cdef Py_ssize_t total = _units(kind, data, 0, n) if total_units < 0 else total_units
    cdef Py_ssize_t parts = 1, start = 0, index = 0, cut, count, j, used, size, first, at
    cdef Py_ssize_t scanned = 0, begin = 0  # code points consumed by `main`; its cluster start
    cdef Graphemes main, ahead
    while total - start > capacity:
        if kind != 4:
            count = capacity
            cut = start + capacity
        else:
            j = index
            used = 0
            while True:  # stops before n: more than `capacity` units remain after `index`
                size = 2 if (<const Py_UCS4 *>data)[j] >= BMP else 1
                if used + size > capacity:
                    break
                used += size
                j += 1
            count = j - index
            cut = start + used
        at = index + count  # 0 < at < n
        if (_gprop[SMS_READ(kind, data, at)] | _gprop[SMS_READ(kind, data, at - 1)]) & G_JOINER:
            if scanned == 0:
                _g_start(&main, _gprop[SMS_READ(kind, data, 0)])
                scanned = 1
            while scanned < at:  # `at` only grows from one cut to the next
                if _g_step(&main, _gprop[SMS_READ(kind, data, scanned)]):
                    begin = scanned
                scanned += 1
            ahead = main
            # Inside a cluster that starts at `begin`. One that starts at or before the
            # part (index) is more than a part: the cut at `index` was inside it too, or
            # it holds every code point of this part and the one after.
            if not _g_step(&ahead, _gprop[SMS_READ(kind, data, at)]) and begin > index:
                used = _units(kind, data, begin, at + 1)  # <= capacity + 1: begin > index
                j = at + 1
                while j < n and used <= capacity:
                    if _g_step(&ahead, _gprop[SMS_READ(kind, data, j)]):
                        break
                    used += 2 if SMS_READ(kind, data, j) >= BMP else 1
                    j += 1
                if used <= capacity:
                    cut = start + _units(kind, data, index, begin)
                    count = begin - index
        index += count
        parts += 1
        if ends is not None:
            ends.append(index)
        start = cut
    if ends is not None:
        ends.append(n)
    last[0] = total - start
    return parts


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


def gsm_part_ends(body, lock, single, capacity):
    """Greedy GSM-7 parts of ``capacity`` septets: (end index of each part, last part's septets)."""
    if type(body) is not str:
        return _spec.gsm_part_ends(body, lock, single, capacity)
    cdef const unsigned char *pair = _pair_of(lock, single)
    cdef long cap = sms_small_int(capacity, 2, MAX_CAPACITY)
    if pair == NULL or cap < 0:
        return _spec.gsm_part_ends(body, lock, single, capacity)
    SMS_READY(body)
    if _escapes_of(body, pair) < 0:
        raise ValueError("body is not encodable with this table pair")
    cdef Py_ssize_t n = len(<str>body), last
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    cdef list ends = []
    if kind == 1:
        _gsm_fill(<const Py_UCS1 *>data, n, pair, cap, ends, &last)
    elif kind == 2:
        _gsm_fill(<const Py_UCS2 *>data, n, pair, cap, ends, &last)
    else:
        _gsm_fill(<const Py_UCS4 *>data, n, pair, cap, ends, &last)
    return ends, last


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


# ---------------------------------------------------------------------------------------
# The whole common-case result

cdef struct Shape:
    Py_ssize_t gsm_single
    Py_ssize_t gsm_multi
    Py_ssize_t ucs2_single
    Py_ssize_t ucs2_multi

cdef tuple _last_shape = None
cdef Shape _last_caps


cdef bint _read_shape(object shape, Shape *caps) except -1:
    """Whether ``shape`` is one the native path builds; fills ``caps``."""
    global _last_shape, _last_caps
    if shape is _last_shape:
        caps[0] = _last_caps
        return sms_is_tuple_type((<tuple>shape)[0])
    if type(shape) is not tuple or len(<tuple>shape) != 7:
        return False
    if not sms_is_tuple_type((<tuple>shape)[0]):
        return False
    cdef long values[4]
    cdef int k
    for k in range(4):
        values[k] = sms_small_int((<tuple>shape)[3 + k], 2, MAX_CAPACITY)
        if values[k] < 0:
            return False
    caps.gsm_single = values[0]
    caps.gsm_multi = values[1]
    caps.ucs2_single = values[2]
    caps.ucs2_multi = values[3]
    _last_shape = <tuple>shape  # held, so its identity is never reused
    _last_caps = caps[0]
    return True


cdef list _bmp_chars = [None] * BMP  # one-character strings, made on first use


cdef object _characters(const unsigned int *cps, Py_ssize_t count):
    """A tuple of the one-character strings of ``cps``, untracked by the GC (atomic items)."""
    cdef object out = PyTuple_New(count)
    cdef object char
    cdef Py_ssize_t k
    cdef unsigned int cp
    for k in range(count):
        cp = cps[k]
        if cp < BMP:
            char = _bmp_chars[cp]
            if char is None:
                char = _bmp_chars[cp] = chr(cp)
        else:
            char = chr(cp)
        Py_INCREF(char)
        PyTuple_SET_ITEM(out, k, char)
    if count:
        PyObject_GC_UnTrack(out)
    return out


cdef inline object _result(tuple shape, Py_ssize_t length, object encoding, Py_ssize_t units,
                           Py_ssize_t parts, Py_ssize_t per_part, Py_ssize_t remaining,
                           object unsupported):
    # Untracked by the GC once filled, as CPython untracks a tuple of atomic items: an
    # encoding value, ints, None and a tuple of strings are no part of a reference cycle.
    cdef object out = sms_tuple_alloc(shape[0], 11)
    cdef object item
    item = length
    Py_INCREF(item)
    PyTuple_SET_ITEM(out, 0, item)
    Py_INCREF(encoding)
    PyTuple_SET_ITEM(out, 1, encoding)
    item = units
    Py_INCREF(item)
    PyTuple_SET_ITEM(out, 2, item)
    item = parts
    Py_INCREF(item)
    PyTuple_SET_ITEM(out, 3, item)
    item = per_part
    Py_INCREF(item)
    PyTuple_SET_ITEM(out, 4, item)
    item = remaining
    Py_INCREF(item)
    PyTuple_SET_ITEM(out, 5, item)
    Py_INCREF(unsupported)
    PyTuple_SET_ITEM(out, 6, unsupported)
    Py_INCREF(None)
    PyTuple_SET_ITEM(out, 7, None)
    Py_INCREF(None)
    PyTuple_SET_ITEM(out, 8, None)
    Py_INCREF(None)
    PyTuple_SET_ITEM(out, 9, None)
    Py_INCREF(None)
    PyTuple_SET_ITEM(out, 10, None)
    PyObject_GC_UnTrack(out)
    return out


cdef Py_ssize_t _collect(const uchar *s, Py_ssize_t start, Py_ssize_t n, unsigned int *cps,
                         Py_ssize_t *astral) noexcept nogil:
    """Distinct code points of ``s[start:]`` with no code in the default pair, in order of
    first appearance, into ``cps`` (room for ``n - start``); returns how many.

    The test of first appearance is branch-free: in mixed text it would mispredict on
    every change of script. Marks ``_seen`` for each one found; the caller clears those
    entries.
    """
    cdef Py_ssize_t i, count = 0, big = 0
    cdef unsigned int cp
    for i in range(start, n):
        cp = s[i]
        # _default[0] is 0: U+0000 is not GSM, and it stands in for every astral cp.
        if _default[cp if cp < BMP else 0]:
            continue
        cps[count] = cp
        count += _seen[cp] ^ 1
        _seen[cp] = 1
        big += cp >= BMP
    astral[0] = big
    return count


cdef object _default_analysis(str body, tuple shape, Shape *caps):
    SMS_READY(body)
    cdef Py_ssize_t n = len(body), stop, escapes, units, parts, last
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    cdef Py_ssize_t at[64]
    if kind == 1:
        escapes = _walk(<const Py_UCS1 *>data, n, NULL, &stop, at, 64)
    elif kind == 2:
        escapes = _walk(<const Py_UCS2 *>data, n, NULL, &stop, at, 64)
    else:
        escapes = _walk(<const Py_UCS4 *>data, n, NULL, &stop, at, 64)
    if stop == n:
        units = n + escapes
        if units <= caps.gsm_single:
            return _result(shape, n, shape[1], units, 1, caps.gsm_single,
                           caps.gsm_single - units, ())
        if escapes <= 64:
            parts = _gsm_fill_at(n, at, escapes, caps.gsm_multi, &last)
        elif kind == 1:
            parts = _gsm_fill(<const Py_UCS1 *>data, n, NULL, caps.gsm_multi, None, &last)
        elif kind == 2:
            parts = _gsm_fill(<const Py_UCS2 *>data, n, NULL, caps.gsm_multi, None, &last)
        else:
            parts = _gsm_fill(<const Py_UCS4 *>data, n, NULL, caps.gsm_multi, None, &last)
        return _result(shape, n, shape[1], units, parts, caps.gsm_multi,
                       caps.gsm_multi - last, ())
    # UCS-2: the characters with no code, then the units (a lone surrogate is an error).
    cdef unsigned int small[256]
    cdef unsigned int *cps = small
    cdef Py_ssize_t count, surrogate = -1, astral = 0, k
    if n - stop > 256:
        cps = <unsigned int *>malloc((n - stop) * sizeof(unsigned int))
        if cps == NULL:
            raise MemoryError()
    if kind == 1:
        count = _collect(<const Py_UCS1 *>data, stop, n, cps, &astral)
    elif kind == 2:
        count = _collect(<const Py_UCS2 *>data, stop, n, cps, &astral)
    else:
        count = _collect(<const Py_UCS4 *>data, stop, n, cps, &astral)
    for k in range(count):
        _seen[cps[k]] = 0
        if 0xD800 <= cps[k] <= 0xDFFF:
            surrogate = k
    cdef object unsupported = None
    try:
        if surrogate >= 0:
            if kind == 2:
                surrogate = _first_surrogate(<const Py_UCS2 *>data, stop, n)
            else:
                surrogate = _first_surrogate(<const Py_UCS4 *>data, stop, n)
            _raise_surrogate(body, surrogate)
        unsupported = _characters(cps, count)
    finally:
        if cps != small:
            free(cps)
    units = n + astral
    if units <= caps.ucs2_single:
        return _result(shape, n, shape[2], units, 1, caps.ucs2_single,
                       caps.ucs2_single - units, unsupported)
    parts = _ucs2_parts(body, caps.ucs2_multi, None, &last, units)
    return _result(shape, n, shape[2], units, parts, caps.ucs2_multi,
                   caps.ucs2_multi - last, unsupported)


def default_analysis(body, shape):
    """The analysis of ``body`` with the default tables and options, or None if not exactly str."""
    if type(body) is not str:
        return None
    cdef Shape caps
    if not _read_shape(shape, &caps):
        return _spec.default_analysis(body, shape)
    return _default_analysis(<str>body, <tuple>shape, &caps)


cdef object _spec_analyze = None  # the specification of analyze() behind the front
cdef tuple _front_shape = None
cdef Shape _front_caps
cdef bint _front_on = True        # off while sms_codec._scan holds the Python kernels


def set_front(on):
    """Whether the front of :func:`accelerated` answers the common call itself (``on``)
    or hands every call to the specification; ``sms_codec._scan.use`` sets it."""
    global _front_on
    _front_on = bool(on)


cdef object _UNSET = object()  # "not passed": the option defaults are the specification's


# Named as the function it stands in for, so that argument errors name it too. The option
# names are the specification's (a parity test pins them); their defaults are not written
# here: an option left out is handed on left out.
def analyze(body, *, language=_UNSET, encoding=_UNSET, concat_reference=_UNSET,
            transcode=_UNSET, short_links=_UNSET):
    if _spec_analyze is None:
        raise RuntimeError("sms_codec._scan_c.analyze only stands in for sms_codec.analyze")
    if (_front_on and type(body) is str and language is _UNSET and encoding is _UNSET
            and concat_reference is _UNSET and transcode is _UNSET and short_links is _UNSET):
        return _default_analysis(<str>body, _front_shape, &_front_caps)
    cdef dict options = {}
    if language is not _UNSET:
        options["language"] = language
    if encoding is not _UNSET:
        options["encoding"] = encoding
    if concat_reference is not _UNSET:
        options["concat_reference"] = concat_reference
    if transcode is not _UNSET:
        options["transcode"] = transcode
    if short_links is not _UNSET:
        options["short_links"] = short_links
    return _spec_analyze(body, **options)


def accelerated(shape):
    """Decorator for ``analyze``: a front that answers a call with one ``str`` and no
    keyword in the kernel, and hands every other call to the decorated function."""
    cdef Shape caps
    if not _read_shape(shape, &caps):
        return _spec.accelerated(shape)

    def wrap(spec):
        global _spec_analyze, _front_shape, _front_caps
        _spec_analyze = spec
        _front_shape = <tuple>shape
        _front_caps = caps
        front = globals()["analyze"]
        functools.update_wrapper(front, spec)
        return front

    return wrap


def default_analysis_many(bodies, shape, fallback):
    """:func:`default_analysis` of each body in order; ``fallback(body)`` where that is None."""
    cdef Shape caps
    if not _read_shape(shape, &caps):
        return _spec.default_analysis_many(bodies, shape, fallback)
    cdef list out = []
    for body in bodies:
        if type(body) is str:
            out.append(_default_analysis(<str>body, <tuple>shape, &caps))
        else:
            out.append(fallback(body))
    return out
