# Included by _scan_c.pyx (one extension module, split for reading); its names are the module's.
# ---------------------------------------------------------------------------------------
# The characters that force UCS-2, listed only when asked for.

cdef object _unsupported_of(str body):
    """The specification's default_unsupported for a str (it is ready, surrogates allowed)."""
    cdef Py_ssize_t n = len(body), count, k, astral
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    cdef unsigned int small[256]
    cdef unsigned int *cps = small
    if n > 256:
        cps = <unsigned int *>malloc(n * sizeof(unsigned int))
        if cps == NULL:
            raise MemoryError()
    try:
        if kind == 1:
            count = _collect(<const Py_UCS1 *>data, 0, n, cps, &astral)
        elif kind == 2:
            count = _collect(<const Py_UCS2 *>data, 0, n, cps, &astral)
        else:
            count = _collect(<const Py_UCS4 *>data, 0, n, cps, &astral)
        for k in range(count):
            _seen[cps[k]] = 0
        return _characters(cps, count)
    finally:
        if cps != small:
            free(cps)


def default_unsupported(body):
    """The distinct characters of ``body`` with no code in the default pair (0, 0), in
    order of first appearance."""
    if type(body) is not str:
        return _spec.default_unsupported(body)
    SMS_READY(body)
    return _unsupported_of(<str>body)


def unsupported_characters(body, nlis):
    """The characters of ``body`` that keep it out of GSM-7 under the tables of ``nlis``
    (rule 6), in order of first appearance. With languages it is the specification's."""
    if type(body) is not str or type(nlis) is not tuple or nlis:
        return _spec.unsupported_characters(body, nlis)
    SMS_READY(body)
    return _unsupported_of(<str>body)


# Out of the GC (no_gc): its fields are a str, the tuple of NLIs and the tuple of strings,
# which hold no reference back, so it is no part of a cycle; a batch of UCS-2 analyses
# (analyze_many) then neither links each one into the GC nor has the collections that
# allocation triggers walk them.
@cython.final
@cython.no_gc
@cython.freelist(64)
cdef class LazyUnsupported:
    """:func:`unsupported_characters` of a body, computed on first use (see the specification)."""

    cdef object _body   # the str until the value is computed, then None
    cdef tuple _nlis    # the national language identifiers allowed
    cdef object _value  # the tuple once computed

    def __init__(self, body, nlis=()):
        if type(body) is not str:
            raise TypeError(f"body must be str, not {type(body).__name__}")
        if type(nlis) is not tuple:
            raise TypeError(f"nlis must be a tuple, not {type(nlis).__name__}")
        self._body = body
        self._nlis = nlis

    @property
    def value(self):
        """The tuple, computed once; the body is let go then."""
        if self._value is None:
            if self._nlis:
                self._value = _spec.unsupported_characters(self._body, self._nlis)
            else:
                SMS_READY(self._body)
                self._value = _unsupported_of(<str>self._body)
            self._body = None
        return self._value

    def __len__(self):
        return len(self.value)

    def __iter__(self):
        return iter(self.value)

    def __getitem__(self, index):
        return self.value[index]

    def __contains__(self, item):
        return item in self.value

    def __eq__(self, other):
        return self.value == other

    def __ne__(self, other):
        return self.value != other

    def __lt__(self, other):
        return self.value < other

    def __le__(self, other):
        return self.value <= other

    def __gt__(self, other):
        return self.value > other

    def __ge__(self, other):
        return self.value >= other

    def __hash__(self):
        return hash(self.value)

    def __repr__(self):
        return repr(self.value)

    def __reduce__(self):
        return tuple, (self.value,)


cdef inline object _lazy_unsupported(str body):
    cdef LazyUnsupported lazy = LazyUnsupported.__new__(LazyUnsupported)
    lazy._body = body
    lazy._nlis = ()
    return lazy
