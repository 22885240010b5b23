"""Arrow string columns, pure-Python twin: the specification that ``_arrow_c.pyx`` mirrors.

It reads the values through pyarrow, row by row as ``bytes``, and prices each row with
the given analysis; the Cython twin gives equal columns and raises the same errors.
Before a row is read its offsets (or its view) are checked in range, in the order the
Cython twin checks them, so a corrupt array is an error at the same row and no row is
read past its buffer.
"""

from __future__ import annotations

import ctypes
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ._checks import MAX_BODY_CHARACTERS, optional_module
from .errors import ArgumentTypeError, RowError, SmsCodecError

__all__ = ["analyze_columns", "first_seen", "first_seen_keys", "walk_numbers"]

MAX_PARTS = 255
_BATCH = 65_536  # rows turned into bytes objects at a time
_NAMES = ("characters", "encoding", "units", "parts", "remaining", "unicode")
_CORRUPT = "the array's offsets or views are out of range"


def _pyarrow() -> Any:
    return optional_module("pyarrow", "arrow", "the Python twin of sms_codec.arrow")


def _format(capsule: object) -> tuple[str, bool]:
    """The format string of an ``arrow_schema`` capsule, and whether it has a dictionary."""
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.restype = ctypes.c_void_p
    get.argtypes = [ctypes.py_object, ctypes.c_char_p]
    address = get(capsule, b"arrow_schema")
    fields = ctypes.cast(address, ctypes.POINTER(ctypes.c_void_p))
    # struct ArrowSchema: format, name, metadata, flags, n_children, children, dictionary.
    fmt = ctypes.cast(fields[0], ctypes.c_char_p).value or b""
    return fmt.decode("utf-8", "replace"), bool(fields[6])


def _chunks(pa: Any, values: Any) -> list[Any]:
    if hasattr(type(values), "__arrow_c_array__"):
        chunks = [pa.array(values)]
        kind = chunks[0].type
    else:
        column = pa.chunked_array(values)
        chunks, kind = list(column.chunks), column.type
    if kind not in (pa.string(), pa.large_string(), pa.string_view()):
        fmt, dictionary = _format(kind.__arrow_c_schema__())
        raise ArgumentTypeError(
            "values must be an Arrow array of string, large_string or string_view, not "
            f"format {fmt!r}" + (" (dictionary)" if dictionary else "")
        )
    return chunks


def _first_corrupt(pa: Any, chunk: Any) -> int:
    """The first row whose offsets (any row) or view (a valid row) are out of range, or
    ``len(chunk)``."""
    pc = optional_module("pyarrow.compute", "arrow", "the Python twin of sms_codec.arrow")
    n, base = len(chunk), chunk.offset
    if n == 0:
        return 0
    if chunk.type == pa.string_view():
        words = pa.Array.from_buffers(pa.int32(), 4 * (base + n), [None, chunk.buffers()[1]])
        field = [words.take(pa.array(range(4 * base + k, 4 * (base + n), 4))) for k in range(4)]
        length, index, where = field[0], field[2], field[3]
        sizes = [b.size if b is not None else 0 for b in chunk.buffers()[2:]]
        size = pa.array(sizes, pa.int64()).take(
            pc.if_else(pc.and_(pc.greater_equal(index, 0), pc.less(index, len(sizes))), index, 0)
        ) if sizes else pa.array([0] * n, pa.int64())
        far = pc.or_(
            pc.or_(pc.less(index, 0), pc.greater_equal(index, len(sizes))),
            pc.or_(pc.less(where, 0),
                   pc.greater(pc.add(pc.cast(where, pa.int64()), length), size)),
        )
        bad = pc.and_(
            pc.is_valid(chunk),
            pc.or_(pc.less(length, 0), pc.and_(pc.greater(length, 12), far)),
        )
    else:
        width = pa.int32() if chunk.type == pa.string() else pa.int64()
        offsets = pa.Array.from_buffers(width, base + n + 1, [None, chunk.buffers()[1]])
        offsets = offsets.slice(base)
        start, end = offsets.slice(0, n), offsets.slice(1, n)
        first, last = offsets[0], offsets[n]
        if first.as_py() < 0:
            return 0
        bad = pc.or_(pc.or_(pc.less(start, first), pc.less(end, start)), pc.greater(end, last))
    found = pc.index(bad, True).as_py()
    return n if found < 0 else int(found)


def _binary(pa: Any, chunk: Any) -> Any:
    kind = chunk.type
    target = (pa.binary() if kind == pa.string() else pa.large_binary() if kind == pa.large_string()
              else pa.binary_view())
    return chunk.view(target)


def _price(
    raw: bytes, analyze: Callable[[str], Any]
) -> tuple[Any, str | None, SmsCodecError | None]:
    """``(analysis, None, None)``, or ``(None, reason, planner's error or None)``."""
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, f"invalid UTF-8 at byte {error.start}", None
    if len(body) > MAX_BODY_CHARACTERS:
        return None, f"body has {len(body)} characters; the bound is {MAX_BODY_CHARACTERS}", None
    try:
        found = analyze(body)
    except SmsCodecError as error:
        return None, str(error), error
    if found.parts > MAX_PARTS:
        reason = f"needs {found.parts} parts; a concatenated message has at most {MAX_PARTS}"
        return None, reason, None
    return found, None, None


def analyze_columns(
    values: Any,
    analyze: Callable[[str], Any],
    keep_errors: bool,
    capacities: tuple[int, int, int, int] | None = None,
) -> Any:
    """The analysis of each row of ``values`` (an object of the Arrow PyCapsule interface,
    of strings) as a pyarrow struct array; ``analyze(body)`` prices a row (``capacities``,
    when given, says it is the default options' analysis with those part capacities, for
    a twin that has a walk of its own). ``keep_errors``: a bad row gets null fields and its
    reason in an ``error`` column instead of raising :class:`RowError`.
    """
    pa = _pyarrow()
    columns: list[list[Any]] = [[] for _ in _NAMES]
    row_null: list[bool] = []
    errors: list[str | None] = []
    row = 0
    for chunk in _chunks(pa, values):
        corrupt = _first_corrupt(pa, chunk)
        readable = _binary(pa, chunk.slice(0, corrupt))
        for start in range(0, corrupt, _BATCH):
            for raw in readable.slice(start, _BATCH).to_pylist():
                found, reason, error = (None, None, None) if raw is None else _price(raw, analyze)
                if reason is not None and not keep_errors:
                    raise RowError(reason, row=row) from error
                row_null.append(raw is None)
                errors.append(reason)
                for column, name in zip(columns, _NAMES, strict=True):
                    column.append(None if found is None else (
                        int(found.unicode) if name == "encoding" else getattr(found, name)))
                row += 1
        if corrupt < len(chunk):
            raise RowError(_CORRUPT, row=row)
    arrays = [
        pa.array(column, pa.bool_() if name == "unicode" else pa.int32())
        for column, name in zip(columns, _NAMES, strict=True)
        if name != "encoding"
    ]
    encoding = pa.DictionaryArray.from_arrays(
        pa.array(columns[1], pa.int8()), pa.array(["GSM7", "UCS2"], pa.string())
    )
    arrays.insert(1, encoding)
    names = list(_NAMES)
    if keep_errors:
        arrays.append(pa.array(errors, pa.string()))
        names.append("error")
    mask = pa.array(row_null, pa.bool_()) if any(row_null) else None
    return pa.StructArray.from_arrays(arrays, names=names, mask=mask)


def _tables(transitions: Any, answers: Any, width: int) -> int:
    """The number of states of an automaton's tables; ValueError unless every
    transition is a state or -2 (missing) and each state has ``width`` answers."""
    states, rest = divmod(len(transitions), 10)
    if rest or states < 2 or len(answers) != states * width:
        raise ValueError("walk_numbers: tables of the wrong size")
    if min(transitions) < -2 or max(transitions) >= states:
        raise ValueError("walk_numbers: a transition outside the table")
    return states


def walk_numbers(values: Any, transitions: Any, answers: Any, width: int = 17
                 ) -> tuple[Any, Any]:
    """Walks each row of ``values`` (as :func:`analyze_columns` takes them) through an
    automaton over ``+`` and digits: ``transitions`` (``array('i')``, ten per state: the
    next state on each digit, -2 where not made), ``answers`` (``width`` per state: the
    answer after that many digits). State 0 is the dead one, 1 the one after ``+``.

    Returns ``(keys, found)`` as ``array('q')`` and ``array('i')``, one entry per row:
    ``found`` is the answer (-1 for a null, a row that is not ``+`` and 1 to
    ``width - 1`` digits, or the dead state; -2 when the walk meets a missing
    transition) and ``keys`` the digits as an integer where ``found >= 0``, else 0.

    >>> import pyarrow as pa
    >>> t = array("i", [0] * 10 + [2] * 10 + [2] * 10)
    >>> a = array("i", [-1] * 17 + [-1] * 17 + [-1, -1, 7] + [-1] * 14)
    >>> walk_numbers(pa.array(["+42", "+4", "42", None]), t, a)
    (array('q', [42, 0, 0, 0]), array('i', [7, -1, -1, -1]))
    """
    _tables(transitions, answers, width)
    keys, found = array("q"), array("i")
    for raw in _rows(_pyarrow(), values):
        key, answer = 0, -1
        if raw is not None and 2 <= len(raw) <= width and raw[0] == 0x2B:
            state = 1
            for byte in raw[1:]:
                digit = byte - 0x30
                if not 0 <= digit <= 9:
                    state = 0
                    break
                state = transitions[state * 10 + digit]
                if state < 0:
                    break
                key = key * 10 + digit
            answer = (-2 if state < 0 else
                      answers[state * width + len(raw) - 1] if state else -1)
            if answer < 0:
                key = 0
        keys.append(key)
        found.append(answer)
    return keys, found


def _rows(pa: Any, values: Any) -> Iterator[bytes | None]:
    """The rows of ``values`` as ``bytes`` (``None`` for a null), then RowError at the
    first corrupt one."""
    row = 0
    for chunk in _chunks(pa, values):
        corrupt = _first_corrupt(pa, chunk)
        for raw in _binary(pa, chunk.slice(0, corrupt)).to_pylist():
            yield raw
            row += 1
        if corrupt < len(chunk):
            raise RowError(_CORRUPT, row=row)


def _first_appearances(values: Iterable[Any]) -> tuple[Any, Any]:
    """Each value's number in order of first appearance (``None``: -1) and each
    number's first position."""
    numbers: dict[Any, int] = {}
    index, firsts = array("i"), array("q")
    for row, value in enumerate(values):
        if value is None:
            index.append(-1)
            continue
        number = numbers.setdefault(value, len(numbers))
        if number == len(firsts):
            firsts.append(row)
        index.append(number)
    return index, firsts


def first_seen(values: Any, seed: int) -> tuple[Any, Any]:
    """Numbers each row of ``values`` (strings, as :func:`analyze_columns` takes them)
    by its value, in order of first appearance: ``(index, firsts)``, ``index`` an
    ``array('i')`` with one number per row (-1 for a null) and ``firsts`` an
    ``array('q')`` with the first row of each number. ``seed`` seeds the compiled twin's
    hash (the answer is the same for every seed).

    >>> first_seen(_pyarrow().array(["b", "a", None, "b"]), 7)
    (array('i', [0, 1, -1, 0]), array('q', [0, 1]))
    """
    return _first_appearances(_rows(_pyarrow(), values))


def first_seen_keys(keys: Any, seed: int) -> tuple[Any, Any]:
    """:func:`first_seen` over integer ``keys`` (a buffer of int64; a negative key is
    none, numbered -1).

    >>> first_seen_keys(array("q", [5, -1, 5, 9]), 7)
    (array('i', [0, -1, 0, 1]), array('q', [0, 3]))
    """
    given = memoryview(keys).cast("B").cast("q")
    return _first_appearances(None if key < 0 else key for key in given)
