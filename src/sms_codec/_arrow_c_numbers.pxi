# The automaton walk over numbers: the twin of ``_arrow_py.walk_numbers`` (its docstring
# is the specification). Included by _arrow_c.pyx.

from cpython cimport array as carray
import array as _array

cdef carray.array _KEYS = _array.array("q")
cdef carray.array _FOUND = _array.array("i")


from cpython.buffer cimport PyBUF_C_CONTIGUOUS, PyBUF_FORMAT, PyBuffer_Release, PyObject_GetBuffer


@cython.final
cdef class _Ints:
    """A C-contiguous buffer of ``size``-byte integers, held until freed (a plain buffer
    rather than a typed memoryview, whose machinery would double the module's size)."""
    cdef Py_buffer view
    cdef bint held
    cdef Py_ssize_t length

    def __dealloc__(self):
        if self.held:
            PyBuffer_Release(&self.view)

    cdef int hold(self, object source, int size, str name) except -1:
        PyObject_GetBuffer(source, &self.view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT)
        self.held = True
        fmt = (<bytes>self.view.format).lstrip(b"@=") if self.view.format != NULL else b"B"
        if self.view.itemsize != size or fmt not in (b"i", b"l", b"q"):
            raise ValueError(f"{name}: a buffer of {size}-byte integers is wanted")
        self.length = self.view.len // size
        return 0


cdef int _tables(_Ints transitions, _Ints answers, int width) except -1:
    cdef Py_ssize_t states = transitions.length // 10, k
    cdef const int *moves = <const int *>transitions.view.buf
    if transitions.length % 10 or states < 2 or answers.length != states * width:
        raise ValueError("walk_numbers: tables of the wrong size")
    # Every transition is checked once here, so the walk reads only inside the tables.
    for k in range(transitions.length):
        if moves[k] < -2 or moves[k] >= states:
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
    cdef _Ints moves = _Ints(), said = _Ints()
    moves.hold(transitions, 4, "walk_numbers")
    said.hold(answers, 4, "walk_numbers")
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
            stop = _walk_numbers_chunk(chunks.items[k], kind, <const int *>moves.view.buf,
                                       <const int *>said.view.buf, w,
                                       <int64_t *>keys.data.as_longlongs + base,
                                       found.data.as_ints + base)
        if stop < chunks.items[k].length:
            raise RowError("the array's offsets or views are out of range", row=base + stop)
        base += chunks.items[k].length
    return keys, found


# First appearances: open addressing over the rows' hashes (seeded per call, so that no
# fixed input collides), slots of (hash, number); a number's value is read back from its
# first row, so the table holds nothing per number beyond the outputs. The slots come
# from PyMem_Raw*, which tracemalloc counts.
from cpython.mem cimport PyMem_RawFree, PyMem_RawMalloc

cdef extern from *:
    void __builtin_prefetch(const void *) noexcept nogil

cdef enum:
    BLOCK = 16  # rows hashed (and their slots fetched) before any is looked up


cdef struct _Slot:
    uint32_t hash
    int32_t number      # -1: empty


cdef struct _Table:
    _Slot *slots
    int64_t mask
    int64_t distinct
    int *index          # per row: its number (-1: none)
    int64_t *firsts     # per number: its first row


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


cdef int _open(_Table *t, int64_t rows, carray.array index, carray.array firsts) except -1:
    cdef int64_t capacity = 16, k
    if rows >= 2**31 - 1:
        raise ValueError("first_seen: at most 2**31 - 2 rows")
    while capacity < 2 * rows:
        capacity <<= 1
    t.slots = <_Slot *>PyMem_RawMalloc(capacity * sizeof(_Slot))
    if t.slots == NULL:
        raise MemoryError()
    for k in range(capacity):
        t.slots[k].number = -1
    t.mask, t.distinct = capacity - 1, 0
    t.index, t.firsts = index.data.as_ints, <int64_t *>firsts.data.as_longlongs
    return 0


cdef inline int32_t _insert(_Table *t, int64_t row, uint64_t h) noexcept nogil:
    """A new number for ``row`` (its hash ``h`` not in the table)."""
    cdef int32_t number = <int32_t>t.distinct
    cdef int64_t at = <int64_t>(h >> 32) & t.mask
    while t.slots[at].number >= 0:
        at = (at + 1) & t.mask
    t.slots[at].number, t.slots[at].hash = number, <uint32_t>h
    t.firsts[number] = row
    t.distinct += 1
    return number


cdef inline bint _row_of(ArrowArray **items, const int64_t *bases, Py_ssize_t count,
                         int kind, int64_t row, const uint8_t **s,
                         Py_ssize_t *size) noexcept nogil:
    """The bytes of global ``row`` (a row already read, so in range)."""
    cdef Py_ssize_t low = 0, high = count - 1, middle
    while low < high:  # the last chunk whose base is at most row
        middle = (low + high + 1) // 2
        if bases[middle] <= row:
            low = middle
        else:
            high = middle - 1
    return _row(items[low], kind, row - bases[low], s, size) == 0


cdef Py_ssize_t _seen_chunk(_Chunks chunks, const int64_t *bases, Py_ssize_t k, int kind,
                            uint64_t seed, _Table *t) noexcept nogil:
    """The rows of chunk ``k`` into ``t``; the first corrupt row, or the chunk's length."""
    cdef const ArrowArray *a = chunks.items[k]
    cdef const uint8_t *texts[BLOCK]
    cdef Py_ssize_t sizes[BLOCK]
    cdef uint64_t hashes[BLOCK]
    cdef Py_ssize_t start = 0, i, j, count, size, other_size
    cdef Py_ssize_t length = a.length
    cdef const uint8_t *other
    cdef int64_t at, row
    cdef int32_t number
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
            __builtin_prefetch(&t.slots[<int64_t>(hashes[j] >> 32) & t.mask])
        for j in range(count):
            row = bases[k] + start + j
            t.index[row] = -1
            size = sizes[j]
            if size < 0:
                continue
            at = <int64_t>(hashes[j] >> 32) & t.mask
            while True:
                number = t.slots[at].number
                if number < 0:
                    t.index[row] = _insert(t, row, hashes[j])
                    break
                if t.slots[at].hash == <uint32_t>hashes[j] and _row_of(
                        chunks.items, bases, chunks.count, kind, t.firsts[number], &other,
                        &other_size) and other_size == size and (
                        size == 0 or memcmp(other, texts[j], size) == 0):
                    t.index[row] = number
                    break
                at = (at + 1) & t.mask
        start += count
    return length


def first_seen(values, seed):
    """The number of each row's string in order of first appearance, and each number's
    first row; see ``_arrow_py.first_seen``."""
    cdef _Chunks chunks = _Chunks()
    cdef int kind = _import(values, chunks)
    cdef uint64_t mixed = <uint64_t>(seed & 0xFFFFFFFFFFFFFFFF)
    cdef Py_ssize_t k, stop
    cdef int64_t total = 0
    cdef int64_t *bases = <int64_t *>PyMem_RawMalloc((chunks.count + 1) * sizeof(int64_t))
    if bases == NULL:
        raise MemoryError()
    cdef _Table t
    t.slots = NULL
    try:
        for k in range(chunks.count):
            bases[k] = total
            total += chunks.items[k].length
        index = carray.clone(_FOUND, total, False)
        firsts = carray.clone(_KEYS, total, False)
        _open(&t, total, index, firsts)
        for k in range(chunks.count):
            with nogil:
                stop = _seen_chunk(chunks, bases, k, kind, mixed, &t)
            if stop < chunks.items[k].length:
                raise RowError("the array's offsets or views are out of range",
                               row=bases[k] + stop)
    finally:
        PyMem_RawFree(bases)
        PyMem_RawFree(t.slots)
    carray.resize(firsts, t.distinct)
    return index, firsts


cdef void _seen_keys(const int64_t *keys, int64_t total, uint64_t seed,
                     _Table *t) noexcept nogil:
    cdef uint64_t hashes[BLOCK]
    cdef int64_t start = 0, count, j, i, at, key
    cdef int32_t number
    while start < total:
        count = min(<int64_t>BLOCK, total - start)
        for j in range(count):
            hashes[j] = _mix(<uint64_t>keys[start + j] ^ seed)
            __builtin_prefetch(&t.slots[<int64_t>(hashes[j] >> 32) & t.mask])
        for j in range(count):
            i = start + j
            key = keys[i]
            t.index[i] = -1
            if key < 0:
                continue
            at = <int64_t>(hashes[j] >> 32) & t.mask
            while True:
                number = t.slots[at].number
                if number < 0:
                    t.index[i] = _insert(t, i, hashes[j])
                    break
                if t.slots[at].hash == <uint32_t>hashes[j] and keys[t.firsts[number]] == key:
                    t.index[i] = number
                    break
                at = (at + 1) & t.mask
        start += count


def first_seen_keys(keys, seed):
    """The number of each key (an int64 buffer; negative: none) in order of first
    appearance, and each number's first row; see ``_arrow_py.first_seen_keys``."""
    cdef _Ints given = _Ints()
    given.hold(keys, 8, "first_seen_keys")
    cdef int64_t total = given.length
    cdef uint64_t mixed = <uint64_t>(seed & 0xFFFFFFFFFFFFFFFF)
    cdef carray.array index = carray.clone(_FOUND, total, False)
    cdef carray.array firsts = carray.clone(_KEYS, total, False)
    cdef _Table t
    t.slots = NULL
    try:
        _open(&t, total, index, firsts)
        with nogil:
            _seen_keys(<const int64_t *>given.view.buf, total, mixed, &t)
    finally:
        PyMem_RawFree(t.slots)
    carray.resize(firsts, t.distinct)
    return index, firsts
