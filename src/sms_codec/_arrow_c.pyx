# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, infer_types=False
"""Arrow string columns, Cython twin of :mod:`sms_codec._arrow_py` (the specification).

It reads the values through the Arrow C data interface and, with the default options,
walks the UTF-8 of every row without the GIL and without a Python object per row: each
row is decoded into a reused code point buffer and priced by ``sms_codec._scan_c``'s own
``ucs4_cost`` (the walks every ``str`` takes, so no rule is written twice). Other options
decode each row into a ``str`` for the planner. The result columns are built in C and
exported through the same interface (:class:`Columns`).

The C data interface carries no buffer sizes, so a row is read only between offsets
proven in range: every offset at least the first, the first at least 0, no offset below
the one before it, none past the last (the data buffer's extent by the format's
definition), and every view of a string_view inside its variadic buffer's stated size.
"""

cimport cython
from libc.stdint cimport int8_t, int32_t, int64_t, uint8_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memcmp, memcpy, memset
from cpython.pycapsule cimport PyCapsule_GetPointer, PyCapsule_IsValid

from ._scan_c cimport (
    Py_UCS1, Py_UCS2, RowCost, Shape, ucs1_cost, ucs2_cost, ucs4_cost, utf8_gsm_cost, utf8_next,
)

from ._checks import MAX_BODY_CHARACTERS
from .errors import ArgumentTypeError, RowError, SmsCodecError

# Columns, the result type, is this twin's own: the twins share the one function.
__all__ = ["analyze_columns", "first_seen", "first_seen_keys", "walk_numbers"]

include "_arrow_c_export.pxi"

cdef enum:
    MAX_PARTS = 255
    # Row outcomes beside 0 (priced): a null input, and the reasons of a bad row.
    ROW_NULL = 1
    ROW_UTF8 = 2       # detail: byte offset of the sequence that is not UTF-8
    ROW_SIZE = 3       # detail: characters
    ROW_PARTS = 4      # detail: parts
    ROW_CORRUPT = 5    # the offsets or views of the array itself are out of range
    ROW_OTHER = 6      # the planner's error (non-default options), kept by the caller

cdef int KIND_UTF8 = 0, KIND_LARGE = 1, KIND_VIEW = 2
cdef Py_ssize_t _max_body = MAX_BODY_CHARACTERS


include "_arrow_c_rows.pxi"


cdef struct Bad:
    int64_t row
    int code
    int64_t detail


cdef struct Walk:
    # What the rows of every chunk write to; `bad` gathers the rows that fail.
    SmsColumns *columns
    Shape caps
    Py_UCS4 *scratch
    Py_ssize_t room
    Bad *bad
    Py_ssize_t bad_count
    Py_ssize_t bad_room
    bint keep           # errors="null": go on past a bad row
    bint out_of_memory


cdef inline void _set_null(SmsColumns *c, int64_t row, bint input=True) noexcept nogil:
    """A null row: of the input (the struct row is null), or a bad one (its fields are)."""
    c.validity[row >> 3] &= ~(1 << (row & 7))
    c.null_count += 1
    if input:
        c.row_validity[row >> 3] &= ~(1 << (row & 7))
        c.row_null_count += 1


cdef inline void _store(SmsColumns *c, int64_t row, Py_ssize_t characters, bint ucs2,
                        Py_ssize_t units, Py_ssize_t parts, Py_ssize_t remaining) noexcept nogil:
    c.ints[0][row] = <int32_t>characters  # <= MAX_BODY_CHARACTERS
    c.ints[1][row] = <int32_t>units       # <= 2 * characters
    c.ints[2][row] = <int32_t>parts
    c.ints[3][row] = <int32_t>remaining
    c.encoding[row] = ucs2
    if ucs2:
        c.unicode[row >> 3] |= 1 << (row & 7)


cdef bint _fail(Walk *w, int64_t row, int code, int64_t detail) noexcept nogil:
    """Record a bad row; whether the walk stops there."""
    cdef Bad *grown
    if w.bad_count == w.bad_room:
        w.bad_room = 2 * w.bad_room + 16
        grown = <Bad *>realloc(w.bad, w.bad_room * sizeof(Bad))
        if grown == NULL:
            w.out_of_memory = True
            return True
        w.bad = grown
    w.bad[w.bad_count].row = row
    w.bad[w.bad_count].code = code
    w.bad[w.bad_count].detail = detail
    w.bad_count += 1
    _set_null(w.columns, row, False)
    return code == ROW_CORRUPT or not w.keep


cdef inline int _enter(const ArrowArray *a, int kind, Py_ssize_t i, int64_t row, Walk *w,
                       const uint8_t **ptr, Py_ssize_t *size) noexcept nogil:
    """Row ``i`` of ``a`` (``row`` of the whole): 1 to price its bytes, set to ``ptr`` and
    ``size``; 0 when it is null or corrupt (so recorded); -1 when the walk stops there.
    A null view may hold anything, so its bytes are not looked at; the offsets of a null
    row of the other kinds are checked as any."""
    if kind == KIND_VIEW and not _valid(a, a.offset + i):
        _set_null(w.columns, row)
        return 0
    if _row(a, kind, i, ptr, size):
        return -1 if _fail(w, row, ROW_CORRUPT, 0) else 0
    if not _valid(a, a.offset + i):
        _set_null(w.columns, row)
        return 0
    return 1


cdef bint _walk_chunk(const ArrowArray *a, int kind, int64_t base, Walk *w) noexcept nogil:
    """Price every row of ``a`` (the default options); whether the walk stops."""
    cdef Py_ssize_t i, size, n, bad, want
    cdef int found
    cdef bint astral
    cdef const uint8_t *ptr
    cdef Py_UCS4 *grown
    cdef RowCost cost
    cdef int64_t row
    for i in range(a.length):
        row = base + i
        found = _enter(a, kind, i, row, w, &ptr, &size)
        if found != 1:
            if found < 0:
                return True
            continue
        # Most rows are GSM-7: priced in one pass over their bytes. Others are decoded (an
        # ASCII row needs none) and take the walks of a str.
        found = utf8_gsm_cost(ptr, size, &w.caps, &cost, &n)
        if found == 1:
            pass
        elif found == -1:
            n = _decode(ptr, size, w.scratch, 0, &bad, &astral)  # where (room 0: no store)
        elif _ascii(ptr, size):  # its bytes are its code points: priced where they lie
            n = size
            if n <= _max_body:
                ucs1_cost(ptr, n, &w.caps, &cost)
        else:
            want = size if size < _max_body + 1 else _max_body + 1
            if want > w.room:
                grown = <Py_UCS4 *>realloc(w.scratch, want * sizeof(Py_UCS4))
                if grown == NULL:
                    w.out_of_memory = True
                    return True
                w.scratch, w.room = grown, want
            n = _decode(ptr, size, w.scratch, w.room, &bad, &astral)
            if 0 <= n <= _max_body:
                if astral:
                    ucs4_cost(w.scratch, n, &w.caps, &cost)
                else:
                    ucs2_cost(<Py_UCS2 *>w.scratch, n, &w.caps, &cost)
        if n < 0:
            if _fail(w, row, ROW_UTF8, bad):
                return True
        elif n > _max_body:
            if _fail(w, row, ROW_SIZE, n):
                return True
        else:
            if cost.parts > MAX_PARTS:
                if _fail(w, row, ROW_PARTS, cost.parts):
                    return True
            else:
                _store(w.columns, row, n, cost.ucs2, cost.units, cost.parts, cost.remaining)
    return False


cdef object _reason(int code, int64_t detail):
    if code == ROW_UTF8:
        return f"invalid UTF-8 at byte {detail}"
    if code == ROW_SIZE:
        return f"body has {detail} characters; the bound is {MAX_BODY_CHARACTERS}"
    if code == ROW_PARTS:
        return f"needs {detail} parts; a concatenated message has at most {MAX_PARTS}"
    return "the array's offsets or views are out of range"


cdef bint _fallback_chunk(const ArrowArray *a, int kind, int64_t base, Walk *w,
                          object analyze, dict reasons) except -1:
    """Price every row of ``a`` with ``analyze`` (other options), a ``str`` per row;
    the planner's errors go to ``reasons``. Whether the walk stops."""
    cdef Py_ssize_t i, size
    cdef const uint8_t *ptr
    cdef int64_t row
    cdef int found
    for i in range(a.length):
        row = base + i
        found = _enter(a, kind, i, row, w, &ptr, &size)
        if found != 1:
            if found < 0:
                return True
            continue
        try:
            body = (<const char *>ptr)[:size].decode("utf-8")
        except UnicodeDecodeError as error:
            if _fail(w, row, ROW_UTF8, error.start):
                return True
            continue
        if len(body) > _max_body:
            if _fail(w, row, ROW_SIZE, len(body)):
                return True
            continue
        try:
            result = analyze(body)
        except SmsCodecError as error:
            reasons[row] = error
            if _fail(w, row, ROW_OTHER, 0):
                return True
            continue
        if result.parts > MAX_PARTS:
            if _fail(w, row, ROW_PARTS, result.parts):
                return True
            continue
        _store(w.columns, row, result.characters, result.unicode, result.units, result.parts,
               result.remaining)
    if w.out_of_memory:
        raise MemoryError()
    return False


@cython.final
cdef class _Chunks:
    """The arrays of the input and what keeps them alive: the capsules of an array, or the
    arrays a stream handed over (released here)."""
    cdef ArrowArray **items
    cdef Py_ssize_t count
    cdef bint owned
    cdef object keep

    def __dealloc__(self):
        cdef Py_ssize_t k
        if self.items == NULL:
            return
        for k in range(self.count):
            if self.owned:
                if self.items[k].release != NULL:
                    self.items[k].release(self.items[k])
                free(self.items[k])
        free(self.items)

    cdef int add(self, ArrowArray *array) except -1:
        cdef ArrowArray **grown = <ArrowArray **>realloc(
            self.items, (self.count + 1) * sizeof(ArrowArray *))
        if grown == NULL:
            raise MemoryError()
        self.items = grown
        self.items[self.count] = array
        self.count += 1
        return 0


cdef int _check(const ArrowArray *a, int kind) except -1:
    if a.length < 0 or a.offset < 0 or a.n_buffers < 3 or (kind != KIND_VIEW and a.n_buffers != 3):
        raise ArgumentTypeError("values is not a well-formed Arrow string array")
    if a.length and a.buffers[1] == NULL:
        raise ArgumentTypeError("values is not a well-formed Arrow string array")
    return 0


cdef int _import(object values, _Chunks chunks) except -1:
    """The arrays of ``values`` into ``chunks``; the kind of their strings."""
    cdef ArrowArrayStream *stream
    cdef ArrowSchema schema
    cdef ArrowArray *array
    cdef int kind, status
    if hasattr(type(values), "__arrow_c_array__"):
        capsules = values.__arrow_c_array__()
        chunks.keep = capsules
        kind = _kind(<ArrowSchema *>PyCapsule_GetPointer(capsules[0], b"arrow_schema"))
        array = <ArrowArray *>PyCapsule_GetPointer(capsules[1], b"arrow_array")
        _check(array, kind)
        chunks.add(array)
        return kind
    capsule = values.__arrow_c_stream__()
    chunks.keep = capsule
    chunks.owned = True
    stream = <ArrowArrayStream *>PyCapsule_GetPointer(capsule, b"arrow_array_stream")
    if stream.get_schema(stream, &schema) != 0:
        raise ValueError(f"values: the Arrow stream failed ({_stream_error(stream)})")
    try:
        kind = _kind(&schema)
    finally:
        schema.release(&schema)
    while True:
        array = <ArrowArray *>calloc(1, sizeof(ArrowArray))
        if array == NULL:
            raise MemoryError()
        status = stream.get_next(stream, array)
        if status != 0 or array.release == NULL:
            free(array)
            if status != 0:
                raise ValueError(f"values: the Arrow stream failed ({_stream_error(stream)})")
            return kind
        chunks.add(array)
        _check(array, kind)


cdef str _stream_error(ArrowArrayStream *stream):
    cdef const char *text = stream.get_last_error(stream)
    return "no message" if text == NULL else text.decode("utf-8", "replace")


cdef void *_alloc(Py_ssize_t size, int fill) noexcept:
    cdef void *p = malloc(size if size > 0 else 1)  # a column of no row still has a buffer
    if p != NULL:
        memset(p, fill, size if size > 0 else 1)
    return p


cdef SmsColumns *_columns(int64_t total) except NULL:
    cdef SmsColumns *c = <SmsColumns *>calloc(1, sizeof(SmsColumns))
    if c == NULL:
        raise MemoryError()
    c.refs = 1
    c.length = total
    c.validity = <uint8_t *>_alloc((total + 7) >> 3, 0xFF)
    c.row_validity = <uint8_t *>_alloc((total + 7) >> 3, 0xFF)
    c.unicode = <uint8_t *>_alloc((total + 7) >> 3, 0)
    c.encoding = <int8_t *>_alloc(total, 0)
    cdef int k
    for k in range(4):
        c.ints[k] = <int32_t *>_alloc(total * 4, 0)
    if (c.validity == NULL or c.row_validity == NULL or c.unicode == NULL or c.encoding == NULL or c.ints[0] == NULL
            or c.ints[1] == NULL or c.ints[2] == NULL or c.ints[3] == NULL):
        sms_columns_unref(c)
        raise MemoryError()
    return c


cdef int _error_column(SmsColumns *c, const Bad *bad, Py_ssize_t count, dict reasons) except -1:
    cdef list texts = [
        (str(reasons[bad[k].row]) if bad[k].code == ROW_OTHER
         else _reason(bad[k].code, bad[k].detail)).encode("utf-8")
        for k in range(count)
    ]
    cdef Py_ssize_t size = sum(len(t) for t in texts), k, at = 0, row, previous = 0
    if size > 0x7FFFFFFF:
        raise MemoryError()
    c.error_offsets = <int32_t *>_alloc((c.length + 1) * 4, 0)
    c.error_validity = <uint8_t *>_alloc((c.length + 7) >> 3, 0)
    c.error_data = <char *>_alloc(size, 0)
    if c.error_offsets == NULL or c.error_validity == NULL or c.error_data == NULL:
        raise MemoryError()
    c.has_error = 1
    c.error_null_count = c.length - count
    for k in range(count):
        row = bad[k].row
        for previous in range(previous, row + 1):
            c.error_offsets[previous] = at
        memcpy(c.error_data + at, <const char *>texts[k], len(texts[k]))
        at += len(texts[k])
        c.error_validity[row >> 3] |= 1 << (row & 7)
        previous = row + 1
    for previous in range(previous, c.length + 1):
        c.error_offsets[previous] = at
    return 0


def analyze_columns(values, analyze, keep_errors, capacities=None):
    """The :class:`Columns` of ``values`` (an object of the Arrow PyCapsule interface, of
    strings); ``analyze(body)`` prices a row, or with ``capacities`` (the default shape's
    four part capacities) the native walk does, without the GIL. ``keep_errors``: a bad
    row gets null fields and its reason in an ``error`` column instead of raising."""
    cdef _Chunks chunks = _Chunks()
    cdef int kind = _import(values, chunks)
    cdef int64_t total = 0, base = 0
    cdef Py_ssize_t k
    for k in range(chunks.count):
        total += chunks.items[k].length
    cdef Walk w
    memset(&w, 0, sizeof(Walk))
    if capacities is not None:
        w.caps.gsm_single, w.caps.gsm_multi, w.caps.ucs2_single, w.caps.ucs2_multi = capacities
    w.keep = bool(keep_errors)
    cdef Columns out = Columns.__new__(Columns)
    out.columns = w.columns = _columns(total)
    cdef bint stopped = False
    cdef dict reasons = {}
    try:
        if capacities is not None:
            with nogil:
                for k in range(chunks.count):
                    stopped = _walk_chunk(chunks.items[k], kind, base, &w)
                    if stopped:
                        break
                    base += chunks.items[k].length
        else:
            for k in range(chunks.count):
                stopped = _fallback_chunk(chunks.items[k], kind, base, &w, analyze, reasons)
                if stopped:
                    break
                base += chunks.items[k].length
        if w.out_of_memory:
            raise MemoryError()
        if stopped:
            row = w.bad[w.bad_count - 1].row
            if w.bad[w.bad_count - 1].code == ROW_OTHER:
                raise RowError(str(reasons[row]), row=row) from reasons[row]
            raise RowError(_reason(w.bad[w.bad_count - 1].code, w.bad[w.bad_count - 1].detail),
                           row=row)
        if w.keep:
            _error_column(out.columns, w.bad, w.bad_count, reasons)
    finally:
        free(w.scratch)
        free(w.bad)
    if out.columns.null_count == 0:
        free(out.columns.validity)
        out.columns.validity = NULL
    if out.columns.row_null_count == 0:
        free(out.columns.row_validity)
        out.columns.row_validity = NULL
    return out


include "_arrow_c_numbers.pxi"
