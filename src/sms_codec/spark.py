"""Spark column functions: ``parts(col)``, ``encoding(col)`` and ``analysis(col)`` price a
string column batch by batch with :func:`sms_codec.arrow.analyze_array` on the executors.

They are Arrow UDFs (``pyspark.sql.functions.arrow_udf``, Spark >= 4.1), or pandas UDFs on
older Sparks (``udf="pandas"`` asks for those anywhere). Needs the ``spark`` extra
(``pip install 'sms-codec[spark]'``) and a Java runtime; sms_codec must be installed on
the executors too.

:func:`estimate` is the campaign estimate of :mod:`sms_codec.estimate_arrow` with one
partial estimate per partition (``mapInArrow``), merged on the driver.
"""

from __future__ import annotations

import itertools
from typing import Any

from ._checks import check_type, optional_module
from .arrow import analyze_array
from .errors import OptionError
from .estimate import Campaign, CampaignEstimate, PartialEstimate
from .estimate_arrow import Columns, add_batch, dumps, loads

__all__ = ["ANALYSIS_TYPE", "analysis", "encoding", "estimate", "parts"]

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


#: A partition's partial estimate travels in pieces of at most this many bytes (one row
#: each), well inside Arrow's 2 GiB binary offsets and Spark's batch sizes.
CHUNK_BYTES = 32 * 2**20


def estimate(frame: Any, campaign: Campaign, *, columns: Columns | None = None
             ) -> CampaignEstimate:
    """The estimate of ``campaign`` (a :class:`~sms_codec.estimate.Campaign`) over the
    recipients of the Spark DataFrame ``frame``, one row a record (``columns``: see
    :class:`~sms_codec.estimate_arrow.Columns`).

    Each partition reads its rows into one partial estimate with ``mapInArrow`` and
    sends it to the driver serialised (:func:`~sms_codec.estimate_arrow.dumps`); the
    driver merges them in partition order and prices the result. A partial keeps each
    distinct number of its partition once, so a number in several partitions is one
    recipient after the merge, and the answer equals
    :func:`~sms_codec.estimate_arrow.estimate_arrow` over ``frame.collect()`` in order.
    A bad row fails the job with the typed error of ``estimate_arrow`` (its row index
    counts from the start of its partition).
    """
    pa = optional_module("pyarrow", "spark", "sms_codec.spark")
    check_type(campaign, "campaign", Campaign, "a Campaign")
    columns = Columns() if columns is None else columns
    wanted = [c for c in frame.columns
              if c in columns.names() or columns.labels is None or c in columns.labels]

    def partials(batches: Any) -> Any:
        from pyspark import TaskContext

        context = TaskContext.get()
        assert context is not None  # mapInArrow runs the function in a task
        partition = context.partitionId()
        partial, offset = PartialEstimate(campaign), 0
        for batch in batches:
            add_batch(partial, batch, columns, offset)
            offset += batch.num_rows
        data = dumps(partial)
        pieces = [data[k:k + CHUNK_BYTES] for k in range(0, len(data), CHUNK_BYTES)]
        yield pa.record_batch(
            [pa.array([partition] * len(pieces), pa.int32()),
             pa.array(range(len(pieces)), pa.int32()), pa.array(pieces, pa.binary())],
            names=["partition", "piece", "data"],
        )

    rows = frame.select(*wanted).mapInArrow(
        partials, "partition int, piece int, data binary"
    ).collect()
    rows.sort(key=lambda row: (row[0], row[1]))
    merged = PartialEstimate(campaign)
    for _, pieces in itertools.groupby(rows, key=lambda row: row[0]):
        merged.merge(loads(campaign, b"".join(bytes(row[2]) for row in pieces)))
    return merged.finish()
