# Included by _scan_c.pyx (one extension module, split for reading); its names are the module's.
# ---------------------------------------------------------------------------------------
# GSM-7 part cuts, and septet packing (TS 23.038 6.1.2.1.1): a 64-bit accumulator, one
# octet out per 8 bits.

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize


def gsm_part_ends(body, lock, single, capacity):
    """Greedy GSM-7 parts of ``capacity`` septets: (end index of each part, last part's septets)."""
    if type(body) is not str:
        return _spec.gsm_part_ends(body, lock, single, capacity)
    cdef const unsigned char *pair = _pair_of(lock, single)
    cdef long cap = sms_small_int(capacity, 2, MAX_CAPACITY)
    if pair == NULL or cap < 0:
        return _spec.gsm_part_ends(body, lock, single, capacity)
    SMS_READY(body)
    cdef Py_ssize_t n = len(<str>body), last, stop
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    cdef list ends = []
    cdef unsigned char small[256]
    cdef unsigned char *blocks = small  # escapes per BLOCK code points, from the walk
    if n // BLOCK >= 256:
        blocks = <unsigned char *>malloc(n // BLOCK + 1)
        if blocks == NULL:
            raise MemoryError()
    try:
        if kind == 1:
            _walk(<const Py_UCS1 *>data, n, pair, &stop, blocks)
        elif kind == 2:
            _walk(<const Py_UCS2 *>data, n, pair, &stop, blocks)
        else:
            _walk(<const Py_UCS4 *>data, n, pair, &stop, blocks)
        if stop != n:
            raise ValueError("body is not encodable with this table pair")
        if kind == 1:
            _gsm_fill(<const Py_UCS1 *>data, n, pair, cap, ends, &last, blocks)
        elif kind == 2:
            _gsm_fill(<const Py_UCS2 *>data, n, pair, cap, ends, &last, blocks)
        else:
            _gsm_fill(<const Py_UCS4 *>data, n, pair, cap, ends, &last, blocks)
    finally:
        if blocks != small:
            free(blocks)
    return ends, last


def pack_septets(septets, fill_bits):
    """``septets`` packed 8 to 7 octets after ``fill_bits`` (0-6) zero bits."""
    cdef long fill = sms_small_int(fill_bits, 0, 6)
    if type(septets) is not bytes or fill < 0:
        return _spec.pack_septets(septets, fill_bits)
    cdef Py_ssize_t n = len(<bytes>septets), i, o = 0
    cdef const unsigned char *s = <const unsigned char *>PyBytes_AS_STRING(septets)
    cdef unsigned char high = 0
    for i in range(n):
        high |= s[i]
    if high & 0x80:
        return _spec.pack_septets(septets, fill_bits)  # raises, naming the first one
    cdef Py_ssize_t size = (fill + 7 * n + 7) // 8
    cdef bytes out = PyBytes_FromStringAndSize(NULL, size)
    cdef unsigned char *buf = <unsigned char *>PyBytes_AS_STRING(out)
    cdef unsigned long long acc = 0
    cdef int bits = <int>fill
    for i in range(n):
        acc |= (<unsigned long long>s[i]) << bits
        bits += 7
        if bits >= 8:
            buf[o] = acc & 0xFF
            o += 1
            acc >>= 8
            bits -= 8
    if bits:
        buf[o] = acc & 0xFF
    return out


def unpack_septets(octets, fill_bits, count):
    """The first ``count`` septets of ``octets`` after ``fill_bits`` (0-6) bits."""
    cdef long fill = sms_small_int(fill_bits, 0, 6)
    if type(octets) is not bytes or fill < 0:
        return _spec.unpack_septets(octets, fill_bits, count)
    cdef Py_ssize_t n = len(<bytes>octets)
    cdef Py_ssize_t available = (8 * n - fill) // 7 if 8 * n > fill else 0
    cdef long wanted = sms_small_int(count, 0, MAX_CAPACITY)
    if wanted < 0 or wanted > available:
        return _spec.unpack_septets(octets, fill_bits, count)
    cdef const unsigned char *s = <const unsigned char *>PyBytes_AS_STRING(octets)
    cdef bytes out = PyBytes_FromStringAndSize(NULL, wanted)
    cdef unsigned char *buf = <unsigned char *>PyBytes_AS_STRING(out)
    cdef unsigned long long acc = 0
    cdef int bits = 0
    cdef Py_ssize_t pos = 0, k
    if wanted and fill:  # the first octet's low fill bits are not data
        acc = s[0] >> fill
        bits = 8 - <int>fill
        pos = 1
    for k in range(wanted):
        if bits < 7:  # wanted <= available: the octet is there
            acc |= (<unsigned long long>s[pos]) << bits
            pos += 1
            bits += 8
        buf[k] = acc & 0x7F
        acc >>= 7
        bits -= 7
    return out
