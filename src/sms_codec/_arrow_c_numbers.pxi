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
