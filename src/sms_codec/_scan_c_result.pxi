# Included by _scan_c.pyx (one extension module, split for reading); its names are the module's.
# ---------------------------------------------------------------------------------------
# The whole common-case result. The record is built in C: records.BodyAnalysis (a
# NamedTuple, defined there and only there) filled item by item, as tuple.__new__ would,
# without its keyword call.

cdef extern from *:
    """
    /* A new instance of the tuple subclass `type` with n NULL items, not tracked by the
       GC (its items are atomic: the caller stores them all). A subclass laid out as a
       tuple (no __dict__, no weak references, no slot of its own, the generic
       allocator: a NamedTuple) skips tp_alloc's memset of the header and its GC
       tracking, which the result would undo at once; any other goes through tp_alloc. */
    static PyObject *sms_tuple_alloc(PyObject *type, Py_ssize_t n) {
        PyTypeObject *tp = (PyTypeObject *)type;
        PyObject *op;
        if (tp->tp_alloc == PyType_GenericAlloc
                && tp->tp_basicsize == PyTuple_Type.tp_basicsize
                && tp->tp_itemsize == PyTuple_Type.tp_itemsize
                && tp->tp_dictoffset == 0 && tp->tp_weaklistoffset == 0
                && (tp->tp_flags & Py_TPFLAGS_HAVE_GC)
    #ifdef Py_TPFLAGS_PREHEADER
                && !(tp->tp_flags & Py_TPFLAGS_PREHEADER)  /* 3.12+: a managed dict */
    #endif
                ) {
            op = (PyObject *)PyObject_GC_NewVar(PyVarObject, tp, n);
            if (op != NULL)
                memset(((PyTupleObject *)op)->ob_item, 0, (size_t)n * sizeof(PyObject *));
        } else {
            op = tp->tp_alloc(tp, n);
            if (op != NULL)
                PyObject_GC_UnTrack(op);
        }
    #if PY_VERSION_HEX >= 0x030E0000
        /* 3.14+ caches a tuple's hash; -1 is "not computed" (0 would be read as one). */
        if (op != NULL)
            ((PyTupleObject *)op)->ob_hash = -1;
    #endif
        return op;
    }

    /* Shared int objects 0 .. SMS_INTS - 1 for the fields of a result (CPython shares
       only up to 256): no allocation per field, and no free when the result goes. */
    #define SMS_INTS 4096
    static PyObject *sms_ints[SMS_INTS];

    static int sms_ints_init(void) {
        Py_ssize_t k;
        for (k = 0; k < SMS_INTS; k++) {
            sms_ints[k] = PyLong_FromSsize_t(k);
            if (sms_ints[k] == NULL) return -1;
        }
        return 0;
    }

    /* A new reference to the int v (>= 0), shared when small. */
    static PyObject *sms_int(Py_ssize_t v) {
        if ((size_t)v < SMS_INTS) {
            Py_INCREF(sms_ints[v]);
            return sms_ints[v];
        }
        return PyLong_FromSsize_t(v);
    }

    /* The 11-item result record of type `type` (a tuple subclass): the four counts
       and `length` as ints, `encoding`, `unsupported`, `locking` and `single` as given,
       no transcode and no original. Untracked by the GC, as CPython untracks a tuple of
       atomic items: an encoding value, ints, None, a str and a tuple of strings (or the
       lazy sequence of them, which takes no part in the GC) are no part of a cycle. */
    static PyObject *sms_result(PyObject *type, Py_ssize_t length, PyObject *encoding,
                                Py_ssize_t units, Py_ssize_t parts, Py_ssize_t per_part,
                                Py_ssize_t remaining, PyObject *unsupported,
                                PyObject *locking, PyObject *single) {
        PyObject *ints[5], *op, **items;
        Py_ssize_t values[5] = {length, units, parts, per_part, remaining};
        int k, j;
        for (k = 0; k < 5; k++) {
            ints[k] = sms_int(values[k]);
            if (ints[k] == NULL) {
                for (j = 0; j < k; j++) Py_DECREF(ints[j]);
                return NULL;
            }
        }
        op = sms_tuple_alloc(type, 11);
        if (op == NULL) {
            for (k = 0; k < 5; k++) Py_DECREF(ints[k]);
            return NULL;
        }
        items = ((PyTupleObject *)op)->ob_item;
        items[0] = ints[0];
        Py_INCREF(encoding);
        items[1] = encoding;
        items[2] = ints[1];
        items[3] = ints[2];
        items[4] = ints[3];
        items[5] = ints[4];
        Py_INCREF(unsupported);
        items[6] = unsupported;
        Py_INCREF(locking);
        items[7] = locking;
        Py_INCREF(single);
        items[8] = single;
        Py_INCREF(Py_None);
        items[9] = Py_None;
        Py_INCREF(Py_None);
        items[10] = Py_None;
        return op;
    }
    """
    int sms_ints_init() except -1
    object sms_result(object type, Py_ssize_t length, object encoding, Py_ssize_t units,
                      Py_ssize_t parts, Py_ssize_t per_part, Py_ssize_t remaining,
                      object unsupported, object locking, object single)

sms_ints_init()

# Shape and RowCost are declared in _scan_c.pxd, for sms_codec._arrow_c to cimport.

cdef tuple _last_shape = None
cdef Shape _last_caps


cdef bint _read_shape(object shape, Shape *caps) except -1:
    """Whether ``shape`` is one the native path builds; fills ``caps``."""
    global _last_shape, _last_caps
    if shape is _last_shape:
        caps[0] = _last_caps
        return sms_is_tuple_type((<tuple>shape)[0])
    if type(shape) is not tuple or len(<tuple>shape) != 7:
        return False
    if not sms_is_tuple_type((<tuple>shape)[0]):
        return False
    cdef long values[4]
    cdef int k
    for k in range(4):
        values[k] = sms_small_int((<tuple>shape)[3 + k], 2, MAX_CAPACITY)
        if values[k] < 0:
            return False
    caps.gsm_single = values[0]
    caps.gsm_multi = values[1]
    caps.ucs2_single = values[2]
    caps.ucs2_multi = values[3]
    _last_shape = <tuple>shape  # held, so its identity is never reused
    _last_caps = caps[0]
    return True


cdef list _bmp_chars = [None] * BMP  # one-character strings, made on first use


cdef object _characters(const unsigned int *cps, Py_ssize_t count):
    """A tuple of the one-character strings of ``cps``, untracked by the GC (atomic items)."""
    cdef object out = PyTuple_New(count)
    cdef object char
    cdef Py_ssize_t k
    cdef unsigned int cp
    for k in range(count):
        cp = cps[k]
        if cp < BMP:
            char = _bmp_chars[cp]
            if char is None:
                char = _bmp_chars[cp] = chr(cp)
        else:
            char = chr(cp)
        Py_INCREF(char)
        PyTuple_SET_ITEM(out, k, char)
    if count:
        PyObject_GC_UnTrack(out)
    return out


cdef inline object _result(tuple shape, Py_ssize_t length, object encoding, Py_ssize_t units,
                           Py_ssize_t parts, Py_ssize_t per_part, Py_ssize_t remaining,
                           object unsupported, object locking=None, object single=None):
    return sms_result(shape[0], length, encoding, units, parts, per_part, remaining,
                      unsupported, locking, single)


cdef Py_ssize_t _collect(const uchar *s, Py_ssize_t start, Py_ssize_t n, unsigned int *cps,
                         Py_ssize_t *astral) noexcept nogil:
    """Distinct code points of ``s[start:]`` with no code in the default pair, in order of
    first appearance, into ``cps`` (room for ``n - start``); returns how many.

    The test of first appearance is branch-free: in mixed text it would mispredict on
    every change of script. Marks ``_seen`` for each one found; the caller clears those
    entries.
    """
    cdef Py_ssize_t i, count = 0, big = 0
    cdef unsigned int cp
    for i in range(start, n):
        cp = s[i]
        # _default[0] is 0: U+0000 is not GSM, and it stands in for every astral cp.
        if _default[cp if cp < BMP else 0]:
            continue
        cps[count] = cp
        count += _seen[cp] ^ 1
        _seen[cp] = 1
        big += cp >= BMP
    astral[0] = big
    return count


cdef Py_ssize_t _tail(const uchar *s, Py_ssize_t start, Py_ssize_t n,
                     Py_ssize_t *astral) noexcept nogil:
    """Surrogate code points of ``s[start:]``; ``astral`` gets the astral ones. Branch-free
    sums (the compiler vectorises them): a body with a lone surrogate is the rare case."""
    cdef Py_ssize_t i, big = 0, lone = 0, end
    cdef unsigned int cp, lone_part, big_part  # 32-bit sums: SUM_CHUNK code points at most
    while start < n:
        end = start + SUM_CHUNK if n - start > SUM_CHUNK else n
        lone_part = big_part = 0
        if uchar is Py_UCS2:
            for i in range(start, end):
                lone_part += (s[i] >> 11) == 0x1B  # 0xD800-0xDFFF
        elif uchar is Py_UCS4:
            for i in range(start, end):
                cp = s[i]
                lone_part += (cp >> 11) == 0x1B
                big_part += cp >= BMP
        lone += lone_part
        big += big_part
        start = end
    astral[0] = big
    return lone


cdef object _default_analysis(str body, tuple shape, Shape *caps):
    SMS_READY(body)
    cdef Py_ssize_t n = len(body), stop, escapes, units, parts, last
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    cdef unsigned char small_blocks[256]
    cdef unsigned char *blocks = small_blocks  # escapes per BLOCK code points
    if n // BLOCK >= 256:
        blocks = <unsigned char *>malloc(n // BLOCK + 1)
        if blocks == NULL:
            raise MemoryError()
    try:
        if kind == 1:
            escapes = _walk(<const Py_UCS1 *>data, n, NULL, &stop, blocks)
        elif kind == 2:
            escapes = _walk(<const Py_UCS2 *>data, n, NULL, &stop, blocks)
        else:
            escapes = _walk(<const Py_UCS4 *>data, n, NULL, &stop, blocks)
        if stop == n:
            units = n + escapes
            if units <= caps.gsm_single:
                return _result(shape, n, shape[1], units, 1, caps.gsm_single,
                               caps.gsm_single - units, ())
            if kind == 1:
                parts = _gsm_fill(<const Py_UCS1 *>data, n, NULL, caps.gsm_multi, None, &last,
                                  blocks)
            elif kind == 2:
                parts = _gsm_fill(<const Py_UCS2 *>data, n, NULL, caps.gsm_multi, None, &last,
                                  blocks)
            else:
                parts = _gsm_fill(<const Py_UCS4 *>data, n, NULL, caps.gsm_multi, None, &last,
                                  blocks)
            return _result(shape, n, shape[1], units, parts, caps.gsm_multi,
                           caps.gsm_multi - last, ())
    finally:
        if blocks != small_blocks:
            free(blocks)
    # UCS-2: the units (a lone surrogate is an error); the characters with no code are
    # listed only when asked for (LazyUnsupported).
    cdef Py_ssize_t astral = 0
    if kind == 2 and _tail(<const Py_UCS2 *>data, stop, n, &astral):
        _raise_surrogate(body, _first_surrogate(<const Py_UCS2 *>data, stop, n))
    elif kind == 4 and _tail(<const Py_UCS4 *>data, stop, n, &astral):
        _raise_surrogate(body, _first_surrogate(<const Py_UCS4 *>data, stop, n))
    cdef object unsupported = _lazy_unsupported(body)
    units = n + astral
    if units <= caps.ucs2_single:
        return _result(shape, n, shape[2], units, 1, caps.ucs2_single,
                       caps.ucs2_single - units, unsupported)
    parts = _ucs2_parts(body, caps.ucs2_multi, None, &last, units)
    return _result(shape, n, shape[2], units, parts, caps.ucs2_multi,
                   caps.ucs2_multi - last, unsupported)


cdef inline int _cost(const uchar *s, Py_ssize_t n, const Shape *caps,
                      RowCost *out) noexcept nogil:
    """What ``_default_analysis`` says of ``n`` code points at ``s`` (no lone surrogate, as a
    UTF-8 decoder gives them), without its list of unsupported characters."""
    cdef Py_ssize_t stop, escapes, last
    cdef Py_ssize_t at[64]
    escapes = _walk_at(s, n, NULL, &stop, at, 64)
    if stop == n:
        if escapes <= 64 or n + escapes <= caps.gsm_single:
            _gsm_priced(n, escapes, at, caps, out)
            return 0
        out.ucs2 = 0
        out.units = n + escapes
        out.parts = _gsm_cut(s, n, NULL, caps.gsm_multi, NULL, &last)
        out.remaining = caps.gsm_multi - last
        return 0
    out.ucs2 = 1
    out.units = n + _astral(s, stop, n)  # the code points before `stop` are GSM, so BMP
    if out.units <= caps.ucs2_single:
        out.parts = 1
        out.remaining = caps.ucs2_single - out.units
        return 0
    out.parts = _ucs2_cut(sizeof(uchar), s, n, caps.ucs2_multi, NULL, &last, out.units)
    out.remaining = caps.ucs2_multi - last
    return 0


cdef inline void _gsm_priced(Py_ssize_t n, Py_ssize_t escapes, const Py_ssize_t *at,
                             const Shape *caps, RowCost *out) noexcept nogil:
    """A GSM-7 row of ``n`` characters whose ``escapes`` (at most 64 unless it fits one
    part) escaped ones stand at ``at``."""
    cdef Py_ssize_t last
    out.ucs2 = 0
    out.units = n + escapes
    if out.units <= caps.gsm_single:
        out.parts = 1
        out.remaining = caps.gsm_single - out.units
    else:
        out.parts = _gsm_fill_at(n, at, escapes, caps.gsm_multi, &last)
        out.remaining = caps.gsm_multi - last


cdef int utf8_gsm_cost(const unsigned char *s, Py_ssize_t size, const Shape *caps,
                       RowCost *out, Py_ssize_t *characters) noexcept nogil:
    """Price the UTF-8 ``s[:size]`` in one pass when the default pair encodes all of it
    with at most 64 escapes: 1 (``characters`` set); 0 when it does not (decode it and
    take the walks of a str); -1 when it is not strict UTF-8."""
    cdef Py_ssize_t i = 0, n = 0, escapes = 0
    cdef Py_ssize_t at[64]
    cdef unsigned int cp
    cdef unsigned char b
    while i < size:
        if s[i] < 0x80:
            cp = s[i]
            i += 1
        else:
            i = utf8_next(s, i, size, &cp)
            if i < 0:
                return -1
        b = _default[cp] if cp < BMP else 0
        if b == 0:
            return 0
        if b & 0x80:
            if escapes == 64:
                return 0
            at[escapes] = n
            escapes += 1
        n += 1
    characters[0] = n
    _gsm_priced(n, escapes, at, caps, out)
    return 1


# One per width of code point, as str kinds are: sms_codec._arrow_c decodes a row into the
# narrowest that holds it (ASCII needs no decoding at all).
cdef int ucs1_cost(const Py_UCS1 *s, Py_ssize_t n, const Shape *caps,
                   RowCost *out) noexcept nogil:
    return _cost(s, n, caps, out)


cdef int ucs2_cost(const Py_UCS2 *s, Py_ssize_t n, const Shape *caps,
                   RowCost *out) noexcept nogil:
    return _cost(s, n, caps, out)


cdef int ucs4_cost(const Py_UCS4 *s, Py_ssize_t n, const Shape *caps,
                   RowCost *out) noexcept nogil:
    return _cost(s, n, caps, out)


def default_analysis(body, shape):
    """The analysis of ``body`` with the default tables and options, or None if not exactly str
    or longer than ``MAX_BODY_CHARACTERS`` (the caller's specification then refuses it)."""
    if type(body) is not str or len(<str>body) > MAX_BODY_CHARACTERS:
        return None
    cdef Shape caps
    if not _read_shape(shape, &caps):
        return _spec.default_analysis(body, shape)
    return _default_analysis(<str>body, <tuple>shape, &caps)


cdef object _spec_analyze = None  # the specification of analyze() behind the front
cdef tuple _front_shape = None
cdef Shape _front_caps
cdef bint _front_on = True        # off while sms_codec._scan holds the Python kernels


def set_front(on):
    """Whether the front of :func:`accelerated` answers the common call itself (``on``)
    or hands every call to the specification; ``sms_codec._scan.use`` sets it."""
    global _front_on
    _front_on = bool(on)


cdef object _UNSET = object()  # "not passed": the option defaults are the specification's


# Named as the function it stands in for, so that argument errors name it too. The option
# names are the specification's (a parity test pins them); their defaults are not written
# here: an option left out is handed on left out.
def analyze(body, *, language=_UNSET, encoding=_UNSET, concat_reference=_UNSET,
            transcode=_UNSET, short_links=_UNSET):
    if _spec_analyze is None:
        raise RuntimeError("sms_codec._scan_c.analyze only stands in for sms_codec.analyze")
    if (_front_on and type(body) is str and len(<str>body) <= MAX_BODY_CHARACTERS
            and encoding is _UNSET
            and concat_reference is _UNSET and transcode is _UNSET and short_links is _UNSET):
        if language is _UNSET or language is None:
            return _default_analysis(<str>body, _front_shape, &_front_caps)
        if type(language) is str and _national_resolver is not None:
            return _national_analysis(<str>body, language, _front_shape, &_front_caps)
    cdef dict options = {}
    if language is not _UNSET:
        options["language"] = language
    if encoding is not _UNSET:
        options["encoding"] = encoding
    if concat_reference is not _UNSET:
        options["concat_reference"] = concat_reference
    if transcode is not _UNSET:
        options["transcode"] = transcode
    if short_links is not _UNSET:
        options["short_links"] = short_links
    return _spec_analyze(body, **options)


def accelerated(shape):
    """Decorator for ``analyze``: a front that answers a call with one ``str`` and no
    keyword in the kernel, and hands every other call to the decorated function."""
    cdef Shape caps
    if not _read_shape(shape, &caps):
        return _spec.accelerated(shape)

    def wrap(spec):
        global _spec_analyze, _front_shape, _front_caps
        _spec_analyze = spec
        _front_shape = <tuple>shape
        _front_caps = caps
        front = globals()["analyze"]
        functools.update_wrapper(front, spec)
        return front

    return wrap


def default_analysis_many(bodies, shape, fallback):
    """:func:`default_analysis` of each body in order; ``fallback(body)`` where that is None."""
    cdef Shape caps
    if not _read_shape(shape, &caps):
        return _spec.default_analysis_many(bodies, shape, fallback)
    cdef list out = []
    for body in bodies:
        if type(body) is str and len(<str>body) <= MAX_BODY_CHARACTERS:
            out.append(_default_analysis(<str>body, <tuple>shape, &caps))
        else:
            out.append(fallback(body))
    return out
