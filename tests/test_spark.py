"""sms_codec.spark on a real local[2] Spark (Java and pyspark needed: a failure under CI,
a skip elsewhere). The executors run the twin of the test: the Python one is forced on
them through the environment Spark gives its Python workers."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

BODIES = ["hi", None, "a" * 161, "Ж" * 71, "[]" * 100]
ANALYSIS = {
    "characters": 161, "encoding": "GSM7", "units": 161, "parts": 2, "remaining": 145,
    "unicode": False,
}


@pytest.fixture(scope="module")
def session() -> Iterator[Any]:
    import shutil

    if shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("java is not installed in CI: .ci/run must install a JRE")
        pytest.skip("java is not installed")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("pyspark is not installed in CI: .ci/run must install '.[spark]'")
        pytest.skip("pyspark is not installed; pip install -e '.[spark]' to run this")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()


@pytest.fixture
def spark(session: Any, twin: ModuleType) -> Iterator[Any]:
    environment = session.sparkContext.environment
    if twin.__name__.endswith("_py"):
        environment["SMS_CODEC_NO_EXTENSIONS"] = "1"
    else:
        environment.pop("SMS_CODEC_NO_EXTENSIONS", None)
    yield session
    environment.pop("SMS_CODEC_NO_EXTENSIONS", None)


def _frame(spark: Any) -> Any:
    return spark.createDataFrame([(b,) for b in BODIES], "body string").repartition(2)


def test_the_executors_run_the_twin_of_the_test(spark: Any, twin: ModuleType) -> None:
    from pyspark.sql.functions import udf

    @udf("string")  # type: ignore[misc]
    def implementation(_):  # type: ignore[no-untyped-def]  (hints would make a pandas UDF)
        from sms_codec import _arrow

        return str(_arrow.active().__name__)

    got = {r[0] for r in _frame(spark).select(implementation("body")).collect()}
    assert got == {"sms_codec._arrow_py" if twin.__name__.endswith("_py") else "sms_codec._arrow_c"}


@pytest.mark.parametrize("udf", ["arrow", "pandas"])
def test_column_functions(spark: Any, udf: str) -> None:
    from pyspark.sql import functions as F

    from sms_codec import spark as sms

    frame = _frame(spark).select(
        "body",
        sms.parts("body", udf=udf).alias("parts"),
        sms.encoding(F.col("body"), udf=udf).alias("encoding"),
        sms.analysis("body", udf=udf).alias("analysis"),
    )
    got = {r["body"]: r for r in frame.collect()}
    assert {b: r["parts"] for b, r in got.items()} == {
        "hi": 1, None: None, "a" * 161: 2, "Ж" * 71: 2, "[]" * 100: 3
    }
    assert got["Ж" * 71]["encoding"] == "UCS2" and got[None]["encoding"] is None
    assert got["a" * 161]["analysis"].asDict() == ANALYSIS
    # A pandas UDF carries a struct as a DataFrame, which has no null row: its fields are.
    null = got[None]["analysis"]
    assert null is None if udf == "arrow" else null.asDict() == dict.fromkeys(ANALYSIS)
    assert frame.groupBy().sum("parts").collect()[0][0] == 8


def test_bad_rows(spark: Any) -> None:
    from sms_codec import spark as sms

    frame = spark.createDataFrame([("ok",), ("a" * 40_000,)], "body string").coalesce(1)
    with pytest.raises(Exception, match="row 1: needs 262 parts"):
        frame.select(sms.parts("body")).collect()
    assert [r[0] for r in frame.select(sms.parts("body", errors="null")).collect()] == [1, None]


def test_wrong_options() -> None:
    # The options are checked before pyspark is imported.
    from sms_codec import spark as sms
    from sms_codec.errors import OptionError

    with pytest.raises(OptionError, match="udf must be 'auto', 'arrow' or 'pandas'"):
        sms.parts("body", udf="row")
    with pytest.raises(OptionError, match="errors must be 'raise' or 'null'"):
        sms.parts("body", errors="skip")
