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


# ---------------------------------------------------------------------------------------
# The parts as they travel (wire.encode): each part's header, user data and TP-UDL, and
# its record built without the record's __init__.

from cpython.object cimport PyObject_GenericSetAttr


cdef Py_ssize_t _utf16_be(const uchar *data, Py_ssize_t start, Py_ssize_t end,
                          unsigned char *out) noexcept:
    """Writes ``data[start:end]`` as UTF-16-BE at ``out`` (no lone surrogate: the caller
    checked); returns the octets written."""
    cdef Py_ssize_t i, o = 0
    cdef unsigned int c
    for i in range(start, end):
        c = data[i]
        if uchar is Py_UCS4:
            if c >= 0x10000:
                c -= 0x10000
                out[o] = 0xD8 | (c >> 18)
                out[o + 1] = (c >> 10) & 0xFF
                out[o + 2] = 0xDC | ((c >> 8) & 0x03)
                out[o + 3] = c & 0xFF
                o += 4
                continue
        out[o] = c >> 8
        out[o + 1] = c & 0xFF
        o += 2
    return o


cdef Py_ssize_t _utf16_octets(const Py_UCS4 *data, Py_ssize_t start, Py_ssize_t end) noexcept:
    cdef Py_ssize_t i, size = 2 * (end - start)
    for i in range(start, end):
        size += 2 * (data[i] >= 0x10000)
    return size


def wire_parts(body, ends, payloads, header, record):
    """The parts of ``body`` ending at ``ends`` as ``record`` objects (see the specification)."""
    # Private copies: nothing the loops below call can reach them, so what was checked
    # is what is read (a descriptor's __set__ could otherwise change a caller's list).
    if type(ends) is tuple or type(ends) is list:
        ends = list(ends)
    if type(payloads) is list:
        payloads = list(payloads)
    if (type(body) is not str or type(ends) is not list or type(header) is not tuple
            or len(<tuple>header) != 2 or type(record) is not tuple or len(<tuple>record) != 4
            or (payloads is not None and (type(payloads) is not list
                                          or len(<list>payloads) != len(<list>ends)))):
        return _spec.wire_parts(body, ends, payloads, header, record)
    head, tail = header
    make = (<tuple>record)[0]
    slots = getattr(make, "__slots__", None) if isinstance(make, type) else None
    if (type(head) is not bytes or (tail is not None and type(tail) is not bytes)
            or type(slots) is not tuple or len(<tuple>slots) != 7
            or (tail is not None and len(<list>ends) > 255)):
        return _spec.wire_parts(body, ends, payloads, header, record)
    SMS_READY(body)
    cdef Py_ssize_t n = len(<str>body), start = 0, end, k, count = len(<list>ends)
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    for k in range(count):  # a cut outside the body or backwards: the specification's slices
        item = (<list>ends)[k]
        end = sms_small_int(item, 0, n)
        if end < start:
            return _spec.wire_parts(body, ends, payloads, header, record)
        start = end
        if payloads is not None:
            item = (<list>payloads)[k]
            if (type(item) is not tuple or len(<tuple>item) != 2
                    or type((<tuple>item)[0]) is not bytes
                    or sms_small_int((<tuple>item)[1], 0, MAX_CAPACITY) < 0):
                return _spec.wire_parts(body, ends, payloads, header, record)
    if payloads is None and (
            kind == 2 and _first_surrogate(<const Py_UCS2 *>data, 0, n) >= 0 or (
            kind == 4 and _first_surrogate(<const Py_UCS4 *>data, 0, n) >= 0)):
        return _spec.wire_parts(body, ends, payloads, header, record)  # raises
    cdef Py_ssize_t head_size = len(<bytes>head), udh_size = head_size, size
    cdef Py_ssize_t tail_size = 0 if tail is None else len(<bytes>tail)
    if tail is not None:
        udh_size += 1 + tail_size
    cdef long header_septets = (8 * udh_size + 6) // 7
    cdef unsigned char *buf
    cdef bytes udh = head, user_data, payload
    cdef list parts = []
    names = <tuple>slots
    dcs, esm, packing = (<tuple>record)[1], (<tuple>record)[2], (<tuple>record)[3]
    start = 0
    for k in range(count):
        end = <Py_ssize_t>(<list>ends)[k]
        if tail is not None:
            udh = PyBytes_FromStringAndSize(NULL, udh_size)
            buf = <unsigned char *>PyBytes_AS_STRING(udh)
            memcpy(buf, PyBytes_AS_STRING(head), head_size)
            buf[head_size] = <unsigned char>(k + 1)
            memcpy(buf + head_size + 1, PyBytes_AS_STRING(tail), tail_size)
        if payloads is None:
            if kind == 4:
                size = _utf16_octets(<const Py_UCS4 *>data, start, end)
            else:
                size = 2 * (end - start)
            user_data = PyBytes_FromStringAndSize(NULL, udh_size + size)
            buf = <unsigned char *>PyBytes_AS_STRING(user_data)
            memcpy(buf, PyBytes_AS_STRING(udh), udh_size)
            if kind == 1:
                _utf16_be(<const Py_UCS1 *>data, start, end, buf + udh_size)
            elif kind == 2:
                _utf16_be(<const Py_UCS2 *>data, start, end, buf + udh_size)
            else:
                _utf16_be(<const Py_UCS4 *>data, start, end, buf + udh_size)
            udl = udh_size + size
        else:
            item = (<list>payloads)[k]
            payload = (<tuple>item)[0]
            user_data = udh + payload
            udl = header_septets + <long>(<tuple>item)[1]
        part = object.__new__(make)
        PyObject_GenericSetAttr(part, names[0], (<str>body)[start:end])
        PyObject_GenericSetAttr(part, names[1], udh)
        PyObject_GenericSetAttr(part, names[2], user_data)
        PyObject_GenericSetAttr(part, names[3], dcs)
        PyObject_GenericSetAttr(part, names[4], udl)
        PyObject_GenericSetAttr(part, names[5], esm)
        PyObject_GenericSetAttr(part, names[6], packing)
        parts.append(part)
        start = end
    return parts
