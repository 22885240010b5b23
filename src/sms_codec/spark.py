"""Spark column functions: ``parts(col)``, ``encoding(col)`` and ``analysis(col)`` price a
string column batch by batch with :func:`sms_codec.arrow.analyze_array` on the executors.

They are Arrow UDFs (``pyspark.sql.functions.arrow_udf``, Spark >= 4.1), or pandas UDFs on
older Sparks (``udf="pandas"`` asks for those anywhere). Needs the ``spark`` extra
(``pip install 'sms-codec[spark]'``) and a Java runtime; sms_codec must be installed on
the executors too.
"""

from __future__ import annotations

from typing import Any

from ._checks import optional_module
from .arrow import analyze_array
from .errors import OptionError

__all__ = ["ANALYSIS_TYPE", "analysis", "encoding", "parts"]

#: The Spark SQL type of :func:`analysis`.
ANALYSIS_TYPE = (
    "struct<characters:int,encoding:string,units:int,parts:int,remaining:int,unicode:boolean>"
)
_TYPES = {"parts": "int", "encoding": "string", "analysis": ANALYSIS_TYPE}


def _pick(kind: str, result: Any) -> Any:
    pc = optional_module("pyarrow.compute", "spark", "sms_codec.spark")
    if kind == "parts":
        return result.field("parts")
    if kind == "encoding":
        return pc.cast(result.field("encoding"), "string")
    fields = [result.field(k) for k in range(6)]
    fields[1] = pc.cast(fields[1], "string")
    names = [result.type.field(k).name for k in range(6)]
    return type(result).from_arrays(fields, names=names, mask=result.is_null())


def _function(kind: str, udf: str, errors: str) -> Any:
    if udf not in ("auto", "arrow", "pandas"):
        raise OptionError(f"udf must be 'auto', 'arrow' or 'pandas', not {udf!r}")
    if errors not in ("raise", "null"):
        raise OptionError(f"errors must be 'raise' or 'null', not {errors!r}")
    functions = optional_module("pyspark.sql.functions", "spark", "sms_codec.spark")
    pa = optional_module("pyarrow", "spark", "sms_codec.spark")
    if udf == "auto":
        udf = "arrow" if hasattr(functions, "arrow_udf") else "pandas"
    if udf == "arrow":

        def batch(bodies: Any) -> Any:
            return _pick(kind, analyze_array(bodies, errors=errors))

        batch.__annotations__ = {"bodies": pa.Array, "return": pa.Array}
        return functions.arrow_udf(batch, _TYPES[kind])
    else:
        pd = optional_module("pandas", "spark", "sms_codec.spark")

        def frame(bodies: Any) -> Any:
            out = _pick(kind, analyze_array(pa.array(bodies, pa.string()), errors=errors))
            if kind == "analysis":  # a struct travels as a DataFrame of its fields
                return pa.Table.from_struct_array(out).to_pandas()
            return out.to_pandas()

        frame.__annotations__ = {
            "bodies": pd.Series, "return": pd.DataFrame if kind == "analysis" else pd.Series
        }
    return functions.pandas_udf(frame, _TYPES[kind])


def parts(column: Any, *, udf: str = "auto", errors: str = "raise") -> Any:
    """The parts of each body of ``column`` (a Column or a column name), as an int column.

    ``errors="null"`` gives null for a bad body instead of failing the job.
    """
    return _function("parts", udf, errors)(column)


def encoding(column: Any, *, udf: str = "auto", errors: str = "raise") -> Any:
    """``"GSM7"`` or ``"UCS2"`` for each body of ``column``."""
    return _function("encoding", udf, errors)(column)


def analysis(column: Any, *, udf: str = "auto", errors: str = "raise") -> Any:
    """The analysis of each body of ``column`` as a struct column (:data:`ANALYSIS_TYPE`)."""
    return _function("analysis", udf, errors)(column)
