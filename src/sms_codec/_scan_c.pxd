# The C functions of sms_codec._scan_c that sms_codec._arrow_c calls without the GIL.

cdef struct Shape:
    # Lone / concatenated part capacities of each encoding (each in 2 .. 2**30).
    Py_ssize_t gsm_single
    Py_ssize_t gsm_multi
    Py_ssize_t ucs2_single
    Py_ssize_t ucs2_multi

cdef struct RowCost:
    Py_ssize_t units
    Py_ssize_t parts
    Py_ssize_t remaining
    int ucs2

cdef extern from "Python.h":
    ctypedef unsigned char Py_UCS1
    ctypedef unsigned short Py_UCS2

cdef int ucs1_cost(const Py_UCS1 *s, Py_ssize_t n, const Shape *caps,
                   RowCost *out) noexcept nogil
cdef int ucs2_cost(const Py_UCS2 *s, Py_ssize_t n, const Shape *caps,
                   RowCost *out) noexcept nogil
cdef int ucs4_cost(const Py_UCS4 *s, Py_ssize_t n, const Shape *caps,
                   RowCost *out) noexcept nogil
cdef int utf8_gsm_cost(const unsigned char *s, Py_ssize_t size, const Shape *caps,
                       RowCost *out, Py_ssize_t *characters) noexcept nogil


cdef inline Py_ssize_t utf8_next(const unsigned char *s, Py_ssize_t i, Py_ssize_t size,
                                 unsigned int *cp) noexcept nogil:
    """The offset after the UTF-8 sequence whose lead byte (>= 0x80) is ``s[i]``, its code
    point to ``cp``; -1 when it is not strict UTF-8, as Python's decoder has it: no
    overlong form, no surrogate, nothing past U+10FFFF, no sequence cut short."""
    cdef Py_ssize_t need, k
    cdef unsigned int value, low
    cdef unsigned char b = s[i], c
    if 0xC2 <= b <= 0xDF:
        need = 1
        value = b & 0x1F
        low = 0x80
    elif 0xE0 <= b <= 0xEF:
        need = 2
        value = b & 0x0F
        low = 0x800
    elif 0xF0 <= b <= 0xF4:
        need = 3
        value = b & 0x07
        low = 0x10000
    else:
        return -1
    if size - i <= need:
        return -1
    for k in range(1, need + 1):
        c = s[i + k]
        if c & 0xC0 != 0x80:
            return -1
        value = value << 6 | (c & 0x3F)
    if value < low or value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return -1
    cp[0] = value
    return i + need + 1
