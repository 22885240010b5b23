# cython: language_level=3, boundscheck=False, wraparound=False
"""The floor: a bare Cython walk of a str through a 64K lookup table, returning a 3-tuple.

It only classifies each code point under the default GSM-7 tables (1: one septet, 2:
escaped, 0: no code) and counts; it knows nothing of parts, national tables, grapheme
clusters or lone surrogates. Built by ``python benchmarks/build_walk.py``.
"""

from sms_codec.charsets import LOCKING, SINGLE

cdef unsigned char _cost[0x10000]

for _char in SINGLE[0]:
    _cost[ord(_char)] = 2
for _char in LOCKING[0]:
    _cost[ord(_char)] = 1


def walk(str body):
    """(code points, septets, code points with no septet) of ``body``."""
    cdef Py_UCS4 ch
    cdef Py_ssize_t septets = 0, missing = 0
    cdef unsigned char cost
    for ch in body:
        cost = _cost[ch] if ch < 0x10000 else 0
        septets += cost
        missing += cost == 0
    return len(body), septets, missing


def walk_utf8(const unsigned char[:] data, const int[:] offsets):
    """The floor of ``sms_codec.arrow``: each row of a string column (its data and int32
    offsets buffers) decoded from UTF-8 (lead bytes only, unvalidated) and classified as
    :func:`walk` does; returns the total septets and code points with no septet."""
    cdef Py_ssize_t row, i, end, septets = 0, missing = 0
    cdef unsigned int cp
    cdef unsigned char b, cost
    with nogil:
        for row in range(offsets.shape[0] - 1):
            i = offsets[row]
            end = offsets[row + 1]
            while i < end:
                b = data[i]
                if b < 0x80:
                    cp = b
                    i += 1
                elif b < 0xE0:
                    cp = (b & 0x1F) << 6 | (data[i + 1] & 0x3F)
                    i += 2
                elif b < 0xF0:
                    cp = (b & 0x0F) << 12 | (data[i + 1] & 0x3F) << 6 | (data[i + 2] & 0x3F)
                    i += 3
                else:
                    cp = 0x10000
                    i += 4
                cost = _cost[cp] if cp < 0x10000 else 0
                septets += cost
                missing += cost == 0
    return septets, missing
