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


#: Recipients in the order ``estimate_campaign`` reads them (contacts, ``to``, groups);
#: Maria's number comes back in other partitions, once as a national number.
CAMPAIGN_CONTACTS = {
    "c1": {"mobile": "+306912345678", "labels": {"name": "Maria"}},
    "c2": {"mobile": "+306912345679", "labels": {"name": "Γιώργος"}},
    "c3": {"mobile": "+905321234567", "labels": {"name": "Şule"}},
    "c4": {"mobile": "+12025550123", "labels": {"name": "Al"}, "blacklisted": True},
}
CAMPAIGN_TO = ["+30 691 234 5678", "6912345670", "+3069", "+306912345679"]
CAMPAIGN_GROUPS = {"news": {"c1": {"mobile": "+306912345678"},
                            "c5": {"mobile": "+14165550123", "labels": {"name": "François"}},
                            "c6": {"mobile": "6912345678", "labels": {"name": "Other"}}}}
CAMPAIGN_OPTIONS: dict[str, Any] = {"default_country": "GR",
                                    "prices": {"GR": "0.045", "TR": "0.02"}}


def _recipients(spark: Any, partitions: int) -> Any:
    from sms_codec.estimate import recipients_of

    rows = [(mobile, contact, (labels or {}).get("name"), blacklisted, group)
            for mobile, contact, labels, blacklisted, group
            in recipients_of(CAMPAIGN_TO, CAMPAIGN_CONTACTS, CAMPAIGN_GROUPS)]
    schema = "mobile string, id string, name string, blacklisted boolean, group string"
    return spark.createDataFrame(spark.sparkContext.parallelize(rows, partitions), schema)


def test_the_per_partition_estimate_equals_estimate_campaign(spark: Any) -> None:
    from sms_codec import estimate_campaign
    from sms_codec import spark as sms
    from sms_codec.estimate import Campaign

    frame = _recipients(spark, 4)
    parts = frame.rdd.glom().collect()
    # Maria's number (+306912345678 written three ways) is in three of them.
    assert len(parts) == 4
    assert [sum(r[0] in ("+306912345678", "+30 691 234 5678", "6912345678") for r in p)
            for p in parts] == [1, 1, 0, 2]
    body = "Hi [~name], your order ships today"
    got = sms.estimate(frame, Campaign.build(body, fallback_values={"name": "there"},
                                             **CAMPAIGN_OPTIONS))
    want = estimate_campaign(body, to=CAMPAIGN_TO, contacts=CAMPAIGN_CONTACTS,
                             groups=CAMPAIGN_GROUPS, fallback_values={"name": "there"},
                             **CAMPAIGN_OPTIONS)
    assert got.to_dict() == want.to_dict()
    assert list(got.recipients()) == list(want.recipients())
    # Counted once: c1, c2, c3, the national 6912345670 and c5; duplicates: Maria's and
    # Γιώργος's numbers in `to`, and c6 (Maria's number again); c1 in "news" is c1.
    assert (got.number_of_recipients, got.duplicates, got.blacklisted) == (5, 3, 1)
    assert got.recipients_per_country == {"CA": 1, "GR": 3, "TR": 1}
    assert got.body_of("+306912345678") == "Hi Maria, your order ships today"
    assert got.number_of_messages == 5 and str(got.cost_total) == "0.155"


def test_a_shuffled_frame_estimates_as_its_rows_in_order(spark: Any) -> None:
    import pyarrow as pa

    from sms_codec import spark as sms
    from sms_codec.estimate import Campaign
    from sms_codec.estimate_arrow import estimate_arrow

    frame = _recipients(spark, 2).repartition(3)
    campaign = Campaign.build("[~name]: " + "Ж" * 70, **CAMPAIGN_OPTIONS)
    got = sms.estimate(frame, campaign)
    rows = [r.asDict() for r in frame.collect()]
    table = pa.Table.from_pylist(rows, schema=pa.schema(
        [("mobile", pa.string()), ("id", pa.string()), ("name", pa.string()),
         ("blacklisted", pa.bool_()), ("group", pa.string())]))
    want = estimate_arrow("[~name]: " + "Ж" * 70, table, **CAMPAIGN_OPTIONS)
    assert got.to_dict() == want.to_dict()
    assert got.parts_histogram == {2: 5} and got.number_of_messages == 10
    empty = sms.estimate(frame.limit(0), campaign)
    assert empty.number_of_recipients == 0


def test_a_bad_recipient_fails_the_job_with_its_reason(spark: Any) -> None:
    from sms_codec import spark as sms
    from sms_codec.errors import ArgumentTypeError
    from sms_codec.estimate import Campaign

    frame = spark.createDataFrame([("+306912345678", 3)], "mobile string, name int")
    with pytest.raises(Exception, match=r"recipients column 'name' \(a label\) must be a "
                                        r"string column, not int32"):
        sms.estimate(frame, Campaign.build("Hi [~name]"))
    with pytest.raises(ArgumentTypeError, match="campaign must be a Campaign"):
        sms.estimate(frame, "Hi [~name]")
