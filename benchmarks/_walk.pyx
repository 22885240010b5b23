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
