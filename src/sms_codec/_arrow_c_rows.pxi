# Included by _arrow_c.pyx (one extension module, split for reading); its names are the module's.
# ---------------------------------------------------------------------------------------
# Reading a row: its type, its validity, its bytes (offsets checked), its code points.

cdef Py_ssize_t _decode(const uint8_t *s, Py_ssize_t size, Py_UCS4 *out, Py_ssize_t room,
                        Py_ssize_t *bad) noexcept nogil:
    """Code points of the UTF-8 ``s[:size]``, the first ``room`` of them written to ``out``;
    -1 when it is not strict UTF-8 (as Python's decoder: no overlong form, no surrogate,
    nothing past U+10FFFF), ``bad`` then the offset of the sequence that fails."""
    cdef Py_ssize_t i = 0, count = 0, need, k
    cdef uint8_t b, c
    cdef unsigned int cp, low
    while i < size:
        b = s[i]
        if b < 0x80:
            if count < room:
                out[count] = b
            count += 1
            i += 1
            continue
        if 0xC2 <= b <= 0xDF:
            need = 1
            cp = b & 0x1F
            low = 0x80
        elif 0xE0 <= b <= 0xEF:
            need = 2
            cp = b & 0x0F
            low = 0x800
        elif 0xF0 <= b <= 0xF4:
            need = 3
            cp = b & 0x07
            low = 0x10000
        else:
            bad[0] = i
            return -1
        if size - i <= need:  # truncated: fewer than `need` bytes follow
            bad[0] = i
            return -1
        for k in range(1, need + 1):
            c = s[i + k]
            if c & 0xC0 != 0x80:
                bad[0] = i
                return -1
            cp = cp << 6 | (c & 0x3F)
        if cp < low or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
            bad[0] = i
            return -1
        if count < room:
            out[count] = cp
        count += 1
        i += need + 1
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
