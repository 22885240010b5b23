"""The engine adapters against the real engines, on both twins: DuckDB's Arrow UDFs,
the Polars namespace, and the Dask recipe of docs/batch.md on the local scheduler."""

from __future__ import annotations

from typing import Any

import pytest

from sms_codec.errors import RowError

BODIES = ["hi", None, "a" * 161, "Ж" * 71, "[]" * 100]
PARTS = [1, None, 2, 2, 3]
ENCODINGS = ["GSM7", None, "GSM7", "UCS2", "GSM7"]


@pytest.fixture
def duckdb(engine: Any) -> Any:
    engine("pyarrow", "duckdb")
    return engine("duckdb", "duckdb")


@pytest.fixture
def pl(engine: Any) -> Any:
    engine("pyarrow", "polars")
    module = engine("polars", "polars")
    import sms_codec.polars  # noqa: F401  (registers the namespace)

    return module


def test_duckdb_functions(duckdb: Any) -> None:
    from sms_codec.duckdb import register

    con = register(duckdb.connect())
    con.execute("CREATE TABLE messages (country VARCHAR, body VARCHAR)")
    con.executemany(
        "INSERT INTO messages VALUES (?, ?)",
        [("gr" if k % 2 else "tr", b) for k, b in enumerate(BODIES)],
    )
    assert con.sql(
        "SELECT country, sum(sms_parts(body)) FROM messages GROUP BY 1 ORDER BY 1"
    ).fetchall() == [("gr", 2), ("tr", 6)]  # gr: rows 1, 3 (NULL, 2); tr: rows 0, 2, 4
    assert [r[0] for r in con.sql("SELECT sms_encoding(body) FROM messages").fetchall()] == (
        ENCODINGS
    )
    assert con.sql("SELECT sms_analysis(body) FROM messages").fetchall()[3] == (
        {"characters": 71, "encoding": "UCS2", "units": 71, "parts": 2, "remaining": 63,
         "unicode": True},
    )


def test_duckdb_over_many_vectors(duckdb: Any) -> None:
    from sms_codec.duckdb import register

    con = register(duckdb.connect())
    # 5,000 rows span several 2,048-row vectors: 1 part for 1..160 characters, 2 after.
    total = con.sql(
        "SELECT sum(sms_parts(repeat('a', (i % 200)::INTEGER + 1))) FROM range(5000) t(i)"
    ).fetchall()
    assert total == [(5000 + 25 * 40,)]


def test_duckdb_bad_rows(duckdb: Any) -> None:
    from sms_codec.duckdb import register

    con = register(duckdb.connect())
    query = "SELECT sms_parts(b) FROM (VALUES ('ok'), (repeat('a', 40000))) t(b)"
    with pytest.raises(duckdb.Error, match="row 1: needs 262 parts"):
        con.sql(query).fetchall()
    lenient = register(duckdb.connect(), errors="null")
    assert lenient.sql(query).fetchall() == [(1,), (None,)]
    assert lenient.sql(query.replace("sms_parts", "sms_analysis")).fetchall()[1] == (
        dict.fromkeys(["characters", "encoding", "units", "parts", "remaining", "unicode"]),
    )


def test_polars_namespace(pl: Any) -> None:
    frame = pl.DataFrame({"body": BODIES})
    out = frame.select(
        pl.col("body").sms.parts().alias("parts"),
        pl.col("body").sms.encoding().alias("encoding"),
        pl.col("body").sms.analysis().alias("analysis"),
    )
    assert out["parts"].to_list() == PARTS and out["parts"].dtype == pl.Int32
    assert out["encoding"].to_list() == ENCODINGS
    assert out["analysis"].to_list()[2] == {
        "characters": 161, "encoding": "GSM7", "units": 161, "parts": 2, "remaining": 145,
        "unicode": False,
    }
    assert out["analysis"].to_list()[1] is None
    # A lazy query over several chunks.
    lazy = pl.concat([frame, frame]).lazy().select(pl.col("body").sms.parts().sum())
    assert lazy.collect().item() == 16


def test_polars_bad_rows(pl: Any) -> None:
    frame = pl.DataFrame({"body": ["ok", "a" * 40_000]})
    with pytest.raises(Exception, match="row 1: needs 262 parts") as caught:
        frame.select(pl.col("body").sms.parts())
    assert isinstance(caught.value, RowError) or "RowError" in repr(caught.value)
    lenient = frame.select(pl.col("body").sms.analysis(errors="null"))["body"].to_list()
    assert lenient[1]["parts"] is None and lenient[1]["error"].startswith("needs 262 parts")


def test_dask_recipe_on_the_local_scheduler(engine: Any) -> None:
    pa = engine("pyarrow", "dask")
    dd = engine("dask.dataframe", "dask")
    pd = engine("pandas", "dask")
    from sms_codec.arrow import analyze_array

    # The recipe of docs/batch.md: one analyze_array call per partition.
    def priced(part: Any) -> Any:
        result = analyze_array(pa.array(part["body"], pa.string()))
        parts = result.field("parts").to_pandas(types_mapper=pd.ArrowDtype)
        return part.assign(parts=parts.set_axis(part.index))

    frame = dd.from_pandas(pd.DataFrame({"body": BODIES * 3}), npartitions=3)
    out = frame.map_partitions(priced).compute(scheduler="threads")
    assert [None if pd.isna(p) else p for p in out["parts"]] == PARTS * 3
    assert out["parts"].sum() == 24


def test_polars_reads_the_columns_without_pyarrow_between(pl: Any) -> None:
    from sms_codec import _arrow
    from sms_codec.planner import DEFAULT_SHAPE, body_analysis

    # The Cython twin's own export (the Python twin's pyarrow array) straight into Polars.
    columns = _arrow.analyze_columns(pl.Series("b", BODIES), body_analysis, False,
                                     DEFAULT_SHAPE[3:])
    series = pl.Series(columns)
    assert series.struct.field("parts").to_list() == PARTS
    assert series.struct.field("encoding").cast(pl.String).to_list() == ENCODINGS
