# Included by _arrow_c.pyx (one extension module, split for reading); its names are the module's.
# ---------------------------------------------------------------------------------------
# Reading a row: its type, its validity, its bytes (offsets checked), its code points.

ctypedef fused wide:
    Py_UCS2
    Py_UCS4


cdef inline bint _ascii(const uint8_t *s, Py_ssize_t size) noexcept nogil:
    cdef Py_ssize_t i = 0
    cdef uint64_t word, high = 0
    while i + 8 <= size:
        memcpy(&word, s + i, 8)
        high |= word
        i += 8
    if high & 0x8080808080808080ULL:
        return False
    while i < size:
        if s[i] & 0x80:
            return False
        i += 1
    return True


cdef inline Py_ssize_t _decode_into(const uint8_t *s, Py_ssize_t *at, Py_ssize_t size,
                                    wide *out, Py_ssize_t count,
                                    Py_ssize_t room) noexcept nogil:
    """Code points of the UTF-8 ``s[at[0]:size]`` from index ``count`` of ``out`` on (the
    ones past ``room`` counted, not stored); the count reached. It stops, ``at`` then at
    the lead byte, where the bytes are not strict UTF-8 (as Python's decoder: no overlong
    form, no surrogate, nothing past U+10FFFF) or, into UCS-2, at a code point past
    U+FFFF: ``at[0] < size`` tells."""
    cdef Py_ssize_t i = at[0], after
    cdef unsigned int cp
    while i < size:
        if s[i] < 0x80:
            if count < room:
                out[count] = s[i]
            count += 1
            i += 1
            continue
        after = utf8_next(s, i, size, &cp)
        if after < 0 or (wide is Py_UCS2 and cp > 0xFFFF):
            break
        if count < room:
            out[count] = cp
        count += 1
        i = after
    at[0] = i
    return count


cdef Py_ssize_t _decode(const uint8_t *s, Py_ssize_t size, Py_UCS4 *buffer, Py_ssize_t room,
                        Py_ssize_t *bad, bint *astral) noexcept nogil:
    """Code points of the UTF-8 ``s[:size]``, the first ``room`` of them written to
    ``buffer``: as UCS-2 (half the stores) while none is past U+FFFF, else as UCS-4
    (``astral``; the code points before the first such one widened in place, not decoded
    again). -1 when it is not strict UTF-8, ``bad`` then the offset of the sequence."""
    cdef Py_ssize_t i = 0, count, k
    cdef unsigned int cp
    cdef Py_UCS2 narrow
    cdef Py_UCS4 wide_cp
    astral[0] = False
    count = _decode_into(s, &i, size, <Py_UCS2 *>buffer, 0, room)
    if i < size and utf8_next(s, i, size, &cp) >= 0:  # stopped at an astral code point
        astral[0] = True
        # From the last down: each UCS-4 slot lies at or past the UCS-2 ones still unread.
        # memcpy: the two views of one buffer are of different types.
        for k in range((count if count < room else room) - 1, -1, -1):
            memcpy(&narrow, (<char *>buffer) + 2 * k, 2)
            wide_cp = narrow
            memcpy(&buffer[k], &wide_cp, 4)
        count = _decode_into(s, &i, size, buffer, count, room)
    if i < size:
        bad[0] = i
        return -1
    return count


cdef int _kind(const ArrowSchema *schema) except -1:
    cdef bytes fmt = schema.format if schema.format != NULL else b""
    if schema.dictionary == NULL:
        if fmt == b"u":
            return KIND_UTF8
        if fmt == b"U":
            return KIND_LARGE
        if fmt == b"vu":
            return KIND_VIEW
    raise ArgumentTypeError(
        "values must be an Arrow array of string, large_string or string_view, not format "
        f"{fmt.decode('utf-8', 'replace')!r}" + (" (dictionary)" if schema.dictionary else "")
    )


cdef inline bint _valid(const ArrowArray *a, Py_ssize_t j) noexcept nogil:
    cdef const uint8_t *bits = <const uint8_t *>a.buffers[0]
    return bits == NULL or (bits[j >> 3] >> (j & 7)) & 1


cdef inline int _row(const ArrowArray *a, int kind, Py_ssize_t i, const uint8_t **ptr,
                     Py_ssize_t *size) noexcept nogil:
    """The bytes of row ``i`` of ``a``: 0, or ROW_CORRUPT when its offsets or view are out
    of range (see the module's docstring); the row's validity is the caller's."""
    cdef Py_ssize_t j = a.offset + i, first, last, start, end, index
    cdef const int32_t *o32
    cdef const int64_t *o64
    cdef const uint8_t *view
    cdef int32_t length, where
    if kind == KIND_UTF8:
        o32 = <const int32_t *>a.buffers[1]
        first, last, start, end = o32[a.offset], o32[a.offset + a.length], o32[j], o32[j + 1]
    elif kind == KIND_LARGE:
        o64 = <const int64_t *>a.buffers[1]
        first, last, start, end = o64[a.offset], o64[a.offset + a.length], o64[j], o64[j + 1]
    else:
        view = <const uint8_t *>a.buffers[1] + 16 * j
        memcpy(&length, view, 4)
        if length < 0:
            return ROW_CORRUPT
        size[0] = length
        if length <= 12:
            ptr[0] = view + 4
            return 0
        memcpy(&where, view + 8, 4)
        index = where
        memcpy(&where, view + 12, 4)
        # n_buffers: validity, views, the variadic data buffers, then their sizes.
        if index < 0 or index >= a.n_buffers - 3 or where < 0 or (
                where + <int64_t>length > (<const int64_t *>a.buffers[a.n_buffers - 1])[index]):
            return ROW_CORRUPT
        ptr[0] = <const uint8_t *>a.buffers[2 + index] + where
        return 0
    if first < 0 or start < first or end < start or end > last:
        return ROW_CORRUPT
    size[0] = end - start
    # No data buffer need exist when every row is empty.
    ptr[0] = <const uint8_t *>a.buffers[2] + start if end > start else <const uint8_t *>b""
    return 0
