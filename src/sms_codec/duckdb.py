"""DuckDB functions over whole vectors: :func:`register` adds ``sms_parts``,
``sms_encoding`` and ``sms_analysis`` to a connection as Arrow UDFs, each called once per
vector of rows with :func:`sms_codec.arrow.analyze_array`, never once per row.

Needs the ``duckdb`` extra (``pip install 'sms-codec[duckdb]'``, which brings pyarrow).
"""

from __future__ import annotations

from typing import Any

from ._checks import optional_module
from .arrow import analyze_array
from .errors import OptionError

__all__ = ["ANALYSIS_TYPE", "register"]

#: The SQL type of ``sms_analysis(body)``.
ANALYSIS_TYPE = (
    'STRUCT(characters INTEGER, encoding VARCHAR, units INTEGER, parts INTEGER, '
    'remaining INTEGER, "unicode" BOOLEAN)'
)


def register(connection: Any, *, errors: str = "raise") -> Any:
    """Add ``sms_parts(body)`` (INTEGER), ``sms_encoding(body)`` (VARCHAR) and
    ``sms_analysis(body)`` (:data:`ANALYSIS_TYPE`) to a DuckDB ``connection``; returns it.

    A NULL body gives NULL. A bad body fails the query naming its row within the vector
    (:class:`~sms_codec.errors.RowError`); ``errors="null"`` gives NULL for it instead.

    >>> import duckdb
    >>> con = register(duckdb.connect())
    >>> query = "SELECT sms_parts(b), sms_encoding(b) FROM (VALUES ('hi'), (repeat('Ж', 71))) t(b)"
    >>> con.sql(query).fetchall()
    [(1, 'GSM7'), (2, 'UCS2')]
    """
    duckdb = optional_module("duckdb", "duckdb", "sms_codec.duckdb.register")
    pc = optional_module("pyarrow.compute", "duckdb", "sms_codec.duckdb.register")
    if errors not in ("raise", "null"):
        raise OptionError(f"errors must be 'raise' or 'null', not {errors!r}")

    def analysis(bodies: Any) -> Any:
        result = analyze_array(bodies, errors=errors)
        if errors == "null":  # the reason column is no part of the SQL type
            result = result.from_arrays(
                [result.field(k) for k in range(6)],
                names=[result.type.field(k).name for k in range(6)],
                mask=result.is_null(),
            )
        return result

    def parts(bodies: Any) -> Any:
        return analyze_array(bodies, errors=errors).field("parts")

    def encoding(bodies: Any) -> Any:
        return pc.cast(analyze_array(bodies, errors=errors).field("encoding"), "string")

    varchar = [duckdb.sqltype("VARCHAR")]
    for name, function, kind in (
        ("sms_parts", parts, "INTEGER"),
        ("sms_encoding", encoding, "VARCHAR"),
        ("sms_analysis", analysis, ANALYSIS_TYPE),
    ):
        connection.create_function(
            name, function, varchar, duckdb.sqltype(kind), type="arrow", null_handling="special"
        )
    return connection
