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

cdef int ucs4_cost(const Py_UCS4 *s, Py_ssize_t n, const Shape *caps,
                   RowCost *out) noexcept nogil
