# The automaton walk over numbers: the twin of ``_arrow_py.walk_numbers`` (its docstring
# is the specification). Included by _arrow_c.pyx.

from cpython cimport array as carray
import array as _array

cdef carray.array _KEYS = _array.array("q")
cdef carray.array _FOUND = _array.array("i")


cdef int _tables(const int[::1] transitions, const int[::1] answers, int width) except -1:
    cdef Py_ssize_t states = transitions.shape[0] // 10, k
    if transitions.shape[0] % 10 or states < 2 or answers.shape[0] != states * width:
        raise ValueError("walk_numbers: tables of the wrong size")
    # Every transition is checked once here, so the walk reads only inside the tables.
    for k in range(transitions.shape[0]):
        if transitions[k] < -2 or transitions[k] >= states:
            raise ValueError("walk_numbers: a transition outside the table")
    return 0


cdef Py_ssize_t _walk_numbers_chunk(const ArrowArray *a, int kind, const int *moves,
                                    const int *answers, int width, int64_t *keys,
                                    int *found) noexcept nogil:
    """Every row of ``a`` into ``keys``/``found``; the first corrupt row, or its length."""
    cdef Py_ssize_t i, j, size
    cdef const uint8_t *s
    cdef int state, answer
    cdef unsigned int digit
    cdef int64_t key
    for i in range(a.length):
        keys[i] = 0
        found[i] = -1
        if not _valid(a, a.offset + i):
            continue
        if _row(a, kind, i, &s, &size) != 0:
            return i
        if size < 2 or size > width or s[0] != 0x2B:
            continue
        state, key = 1, 0
        for j in range(1, size):
            digit = s[j] - 0x30
            if digit > 9:
                state = 0
                break
            state = moves[state * 10 + digit]
            if state <= 0:
                break
            key = key * 10 + digit
        if state < 0:
            found[i] = -2
        elif state > 0:
            answer = answers[state * width + size - 1]
            found[i] = answer
            if answer >= 0:
                keys[i] = key
    return a.length


def walk_numbers(values, transitions, answers, width=17):
    """Walks each row of ``values`` through an automaton over ``+`` and digits; see
    ``_arrow_py.walk_numbers``."""
    cdef const int[::1] moves = transitions
    cdef const int[::1] said = answers
    cdef int w = width
    if w < 2:
        raise ValueError("walk_numbers: width must be at least 2")
    _tables(moves, said, w)
    cdef _Chunks chunks = _Chunks()
    cdef int kind = _import(values, chunks)
    cdef int64_t total = 0, base = 0
    cdef Py_ssize_t k, stop
    for k in range(chunks.count):
        total += chunks.items[k].length
    cdef carray.array keys = carray.clone(_KEYS, total, False)
    cdef carray.array found = carray.clone(_FOUND, total, False)
    for k in range(chunks.count):
        with nogil:
            stop = _walk_numbers_chunk(chunks.items[k], kind, &moves[0], &said[0], w,
                                       <int64_t *>keys.data.as_longlongs + base,
                                       found.data.as_ints + base)
        if stop < chunks.items[k].length:
            raise RowError("the array's offsets or views are out of range", row=base + stop)
        base += chunks.items[k].length
    return keys, found


# First appearances: open addressing over the rows' hashes (seeded per call, so that no
# fixed input collides), slots of (hash, number). Scratch through PyMem_Raw*, which
# tracemalloc counts.
from cpython.mem cimport PyMem_RawCalloc, PyMem_RawFree, PyMem_RawMalloc

cdef struct _Slot:
    uint32_t hash
    int32_t number      # -1: empty


cdef inline uint64_t _mix(uint64_t h) noexcept nogil:
    h ^= h >> 31
    h *= 0x7FB5D329728EA185ULL
    h ^= h >> 27
    h *= 0x81DADEF4BC2DD44DULL
    return h ^ (h >> 33)


cdef inline uint64_t _hash_bytes(const uint8_t *s, Py_ssize_t n, uint64_t seed) noexcept nogil:
    cdef uint64_t h = seed ^ (<uint64_t>n * 0x9E3779B97F4A7C15ULL), w
    while n >= 8:
        memcpy(&w, s, 8)
        h = _mix(h ^ w)
        s += 8
        n -= 8
    if n:
        w = 0
        while n:  # a short tail: no call to memcpy
            n -= 1
            w = (w << 8) | s[n]
        h = _mix(h ^ w ^ 0xFF)
    return _mix(h)


cdef int64_t _capacity(int64_t rows) noexcept nogil:
    cdef int64_t size = 16
    while size < 2 * rows:
        size <<= 1
    return size


cdef class _Seen:
    """The table of one call: slots, and per number its first row's bytes or key."""
    cdef _Slot *slots
    cdef int64_t mask
    cdef const uint8_t **texts
    cdef int64_t *sizes
    cdef int64_t *keys

    def __dealloc__(self):
        PyMem_RawFree(self.slots)
        PyMem_RawFree(self.texts)
        PyMem_RawFree(self.sizes)
        PyMem_RawFree(self.keys)

    cdef int open(self, int64_t rows, bint text) except -1:
        cdef int64_t capacity = _capacity(rows), k
        self.mask = capacity - 1
        self.slots = <_Slot *>PyMem_RawMalloc(capacity * sizeof(_Slot))
        if text:
            self.texts = <const uint8_t **>PyMem_RawMalloc((rows + 1) * sizeof(uint8_t *))
            self.sizes = <int64_t *>PyMem_RawMalloc((rows + 1) * sizeof(int64_t))
            if self.texts == NULL or self.sizes == NULL:
                raise MemoryError()
        else:
            self.keys = <int64_t *>PyMem_RawMalloc((rows + 1) * sizeof(int64_t))
            if self.keys == NULL:
                raise MemoryError()
        if self.slots == NULL:
            raise MemoryError()
        for k in range(capacity):
            self.slots[k].number = -1
        return 0


cdef extern from *:
    void __builtin_prefetch(const void *) noexcept nogil

cdef enum:
    BLOCK = 16  # rows hashed (and their slots fetched) before any is looked up


cdef Py_ssize_t _seen_chunk(const ArrowArray *a, int kind, int64_t base, uint64_t seed,
                            _Seen seen, int *out, int64_t *firsts,
                            int64_t *distinct) noexcept nogil:
    """The rows of ``a`` into ``seen``; the first corrupt row, or the chunk's length."""
    cdef const uint8_t *texts[BLOCK]
    cdef Py_ssize_t sizes[BLOCK]
    cdef uint64_t hashes[BLOCK]
    cdef Py_ssize_t start, i, j, count, size
    cdef const uint8_t *s
    cdef int64_t at
    cdef uint32_t low
    cdef int32_t number
    cdef Py_ssize_t length = a.length
    start = 0
    while start < length:
        count = min(<Py_ssize_t>BLOCK, length - start)
        for j in range(count):
            i = start + j
            sizes[j] = -1
            if not _valid(a, a.offset + i):
                continue
            if _row(a, kind, i, &texts[j], &sizes[j]) != 0:
                return i
            hashes[j] = _hash_bytes(texts[j], sizes[j], seed)
            __builtin_prefetch(&seen.slots[<int64_t>(hashes[j] >> 32) & seen.mask])
        for j in range(count):
            i = base + start + j
            out[i] = -1
            size = sizes[j]
            if size < 0:
                continue
            s = texts[j]
            low = <uint32_t>hashes[j]
            at = <int64_t>(hashes[j] >> 32) & seen.mask
            while True:
                number = seen.slots[at].number
                if number < 0:
                    seen.slots[at].number = <int32_t>distinct[0]
                    seen.slots[at].hash = low
                    seen.texts[distinct[0]], seen.sizes[distinct[0]] = s, size
                    firsts[distinct[0]] = i
                    out[i] = <int32_t>distinct[0]
                    distinct[0] += 1
                    break
                if seen.slots[at].hash == low and seen.sizes[number] == size and (
                        size == 0 or memcmp(seen.texts[number], s, size) == 0):
                    out[i] = number
                    break
                at = (at + 1) & seen.mask
        start += count
    return length


def first_seen(values, seed):
    """The number of each row's string in order of first appearance, and each number's
    first row; see ``_arrow_py.first_seen``."""
    cdef _Chunks chunks = _Chunks()
    cdef int kind = _import(values, chunks)
    cdef int64_t total = 0, base = 0, distinct = 0, at
    cdef uint64_t mixed = <uint64_t>(seed & 0xFFFFFFFFFFFFFFFF)
    cdef Py_ssize_t k, stop
    cdef ArrowArray *a
    for k in range(chunks.count):
        total += chunks.items[k].length
    if total >= 2**31 - 1:
        raise ValueError("first_seen: at most 2**31 - 2 rows")
    cdef _Seen seen = _Seen()
    seen.open(total, True)
    cdef carray.array index = carray.clone(_FOUND, total, False)
    cdef int *out = index.data.as_ints
    cdef int64_t *firsts = <int64_t *>PyMem_RawMalloc((total + 1) * sizeof(int64_t))
    cdef carray.array first
    if firsts == NULL:
        raise MemoryError()
    try:
        for k in range(chunks.count):
            a = chunks.items[k]
            with nogil:
                stop = _seen_chunk(a, kind, base, mixed, seen, out, firsts, &distinct)
            if stop < a.length:
                raise RowError("the array's offsets or views are out of range", row=base + stop)
            base += a.length
        first = carray.clone(_KEYS, distinct, False)
        if distinct:
            memcpy(first.data.as_longlongs, firsts, distinct * sizeof(int64_t))
    finally:
        PyMem_RawFree(firsts)
    return index, first


cdef void _seen_keys(const int64_t *keys, int64_t total, uint64_t seed, _Seen seen,
                     int *out, int64_t *firsts, int64_t *distinct) noexcept nogil:
    cdef uint64_t hashes[BLOCK]
    cdef int64_t start = 0, count, j, i, at, key
    cdef int32_t number
    while start < total:
        count = min(<int64_t>BLOCK, total - start)
        for j in range(count):
            hashes[j] = _mix(<uint64_t>keys[start + j] ^ seed)
            __builtin_prefetch(&seen.slots[<int64_t>(hashes[j] >> 32) & seen.mask])
        for j in range(count):
            i = start + j
            key = keys[i]
            out[i] = -1
            if key < 0:
                continue
            at = <int64_t>(hashes[j] >> 32) & seen.mask
            while True:
                number = seen.slots[at].number
                if number < 0:
                    seen.slots[at].number = <int32_t>distinct[0]
                    seen.keys[distinct[0]] = key
                    firsts[distinct[0]] = i
                    out[i] = <int32_t>distinct[0]
                    distinct[0] += 1
                    break
                if seen.keys[number] == key:
                    out[i] = number
                    break
                at = (at + 1) & seen.mask
        start += count


def first_seen_keys(keys, seed):
    """The number of each key (an int64 buffer; negative: none) in order of first
    appearance, and each number's first row; see ``_arrow_py.first_seen_keys``."""
    cdef const int64_t[::1] given = keys
    cdef int64_t total = given.shape[0], distinct = 0
    cdef uint64_t mixed = <uint64_t>(seed & 0xFFFFFFFFFFFFFFFF)
    if total >= 2**31 - 1:
        raise ValueError("first_seen_keys: at most 2**31 - 2 rows")
    cdef _Seen seen = _Seen()
    seen.open(total, False)
    cdef carray.array index = carray.clone(_FOUND, total, False)
    cdef int *out = index.data.as_ints
    cdef int64_t *firsts = <int64_t *>PyMem_RawMalloc((total + 1) * sizeof(int64_t))
    cdef carray.array first
    if firsts == NULL:
        raise MemoryError()
    try:
        with nogil:
            _seen_keys(&given[0] if total else NULL, total, mixed, seen, out, firsts,
                       &distinct)
        first = carray.clone(_KEYS, distinct, False)
        if distinct:
            memcpy(first.data.as_longlongs, firsts, distinct * sizeof(int64_t))
    finally:
        PyMem_RawFree(firsts)
    return index, first
