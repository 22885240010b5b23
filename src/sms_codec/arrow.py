"""Arrow columns in, Arrow columns out: :func:`analyze_array` prices every row of a string
column without a Python ``str`` per row (with the Cython twin and the default options).

Any object of the Arrow PyCapsule interface is accepted (``__arrow_c_array__`` or
``__arrow_c_stream__``): pyarrow arrays and chunked arrays, Polars series, DuckDB and
pandas (>= 2.2) columns, nanoarrow arrays. ``docs/batch.md`` says when to use it.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable
from typing import Any

from . import _arrow
from .errors import ArgumentTypeError, OptionError
from .planner import DEFAULT_SHAPE, body_analysis, plan

__all__ = ["COLUMNS", "analyze_array"]

#: The fields of the struct :func:`analyze_array` returns, in order (``error`` only with
#: ``errors="null"``): int32, dictionary<int8, string> ("GSM7"/"UCS2"), int32, int32,
#: int32, bool, string.
COLUMNS = ("characters", "encoding", "units", "parts", "remaining", "unicode", "error")


def analyze_array(
    values: Any,
    *,
    language: str | Iterable[str] | None = None,
    encoding: str = "auto",
    concat_reference: int = 8,
    errors: str = "raise",
) -> Any:
    """The analysis of each row of an Arrow string column, as an Arrow struct array.

    ``values``: an array or chunked array of ``string``, ``large_string`` or
    ``string_view``. Each row's fields equal :func:`sms_codec.analyze_many`'s with the same
    options; a null row gives a null row. A bad row (not UTF-8, over the size bound of
    ``MAX_BODY_CHARACTERS``, over 255 parts, or an error of the options such as
    ``encoding="gsm7"`` on a Cyrillic body) raises :class:`~sms_codec.errors.RowError`
    naming its index; with ``errors="null"`` its fields are null instead and the reason is
    in an ``error`` column. A corrupt array (offsets out of range) always raises.

    The result is a ``pyarrow.StructArray`` when pyarrow is installed, else an object of
    the PyCapsule interface (the Cython twin needs no pyarrow).

    >>> import pyarrow as pa
    >>> result = analyze_array(pa.array(["Hi", None, "Ж" * 71]))
    >>> result.field("parts").to_pylist(), result.field("encoding").to_pylist()
    ([1, None, 2], ['GSM7', None, 'UCS2'])
    >>> analyze_array(pa.array(["ok", "a" * 40_000]), errors="null").field("error")[1]
    <pyarrow.StringScalar: 'needs 262 parts; a concatenated message has at most 255'>
    """
    if errors not in ("raise", "null") or not isinstance(errors, str):
        raise OptionError(f"errors must be 'raise' or 'null', not {errors!r}")
    kind = type(values)
    if not (hasattr(kind, "__arrow_c_array__") or hasattr(kind, "__arrow_c_stream__")):
        raise ArgumentTypeError(
            "values must be an Arrow array or chunked array (an object with "
            f"__arrow_c_array__ or __arrow_c_stream__), not {kind.__name__}"
        )
    options: dict[str, Any] = {
        "language": language, "encoding": encoding, "concat_reference": concat_reference
    }
    plan("", **options)  # every option is checked before a row is read
    default = language is None and encoding == "auto" and type(concat_reference) is int and (
        concat_reference == 8
    )
    result = _arrow.analyze_columns(
        values,
        functools.partial(body_analysis, **options),
        errors == "null",
        tuple(DEFAULT_SHAPE[3:]) if default else None,
    )
    return _pyarrow_of(result)


def _pyarrow_of(result: Any) -> Any:
    try:
        pyarrow = importlib.import_module("pyarrow")
    except ImportError:
        return result
    return result if isinstance(result, pyarrow.Array) else pyarrow.array(result)
