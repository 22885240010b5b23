"""The campaign estimate over Arrow recipients (sms_codec.estimate_arrow), on both twins:
exact figures on a small table, typed errors naming the row or column, the PyCapsule
interface, and a property: any split of the rows into batches (and any merge of
per-batch partials, serialised as a Spark partition sends them) gives the answer of the
record path over the same records."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sms_codec import estimate_campaign
from sms_codec.errors import ArgumentTypeError, OptionError
from sms_codec.estimate import Campaign, PartialEstimate, Recipient, recipients_of

pytestmark = pytest.mark.usefixtures("twin")

pa: Any = None  # pyarrow, from the fixture (a failure under CI when it is missing)


@pytest.fixture(autouse=True)
def pyarrow(engine: Callable[[str, str], ModuleType]) -> ModuleType:
    global pa
    pa = engine("pyarrow", "arrow")
    return pa


def _ea() -> Any:
    from sms_codec import estimate_arrow

    return estimate_arrow


BODY = "Hi [~name], your code is [~code]"
TO = ["+30 691 234 5678", "6912345670", "+3069"]
CONTACTS = {
    "c1": {"mobile": "+306912345678", "labels": {"name": "Maria", "code": "A1"}},
    "c2": {"mobile": "+306912345679", "labels": {"name": "Γιώργος"}},
    "c3": {"mobile": "+905321234567", "labels": {"name": "Şule", "code": "B2"}},
    "c4": {"mobile": "+12025550123", "labels": {"name": "Al"}, "blacklisted": True},
}
GROUPS = {"news": {"c1": {"mobile": "+306912345678"},
                   "c5": {"mobile": "+14165550123", "labels": {"name": "Jean-François"}}}}
OPTIONS: dict[str, Any] = {"fallback_values": {"code": "Z9"}, "default_country": "GR",
                           "prices": {"GR": "0.045", "TR": "0.020", "US": "0.0079"}}


def _table(records: list[Any], labels: tuple[str, ...] = ("name", "code", "other")) -> Any:
    columns: dict[str, list[Any]] = {"mobile": [], "id": [], "blacklisted": [], "group": []}
    columns.update({label: [] for label in labels})
    for mobile, contact, values, blacklisted, group in records:
        columns["mobile"].append(mobile)
        columns["id"].append(contact)
        columns["blacklisted"].append(blacklisted)
        columns["group"].append(group)
        for label in labels:
            columns[label].append((values or {}).get(label))
    schema = pa.schema([("mobile", pa.string()), ("id", pa.string()),
                        ("blacklisted", pa.bool_()), ("group", pa.string()),
                        *((label, pa.string()) for label in labels)])
    return pa.table(columns, schema=schema)


def _same(got: Any, want: Any) -> None:
    assert got.to_dict() == want.to_dict()
    assert list(got.recipients()) == list(want.recipients())


def test_a_table_of_the_routee_campaign_gives_estimate_campaign_exactly() -> None:
    table = _table(list(recipients_of(TO, CONTACTS, GROUPS)))
    got = _ea().estimate_arrow(BODY, table, **OPTIONS)
    _same(got, estimate_campaign(BODY, to=TO, contacts=CONTACTS, groups=GROUPS, **OPTIONS))
    assert got.number_of_recipients == 5
    # Γιώργος, Şule and Jean-François make UCS-2 bodies of 27, 24 and 33 units; the
    # national number has no name and no fallback: "[~name]" stays (its "[", "~" and
    # "]" are escapes, two septets each): 30 septets.
    assert got.number_of_messages == 5
    assert got.parts_histogram == {1: 5}
    assert [a.encoding for _, _, a in got.recipients()] == ["GSM7", "UCS2", "UCS2", "GSM7",
                                                            "UCS2"]
    assert [a.units for _, _, a in got.recipients()] == [25, 27, 24, 30, 33]
    assert (got.duplicates, got.blacklisted, got.total_in_groups) == (1, 1, 1)
    assert got.invalid == (("+3069", "not a valid number for GR"),)
    assert got.recipients_per_country == {"CA": 1, "GR": 3, "TR": 1}
    assert str(got.cost_total) == "0.155"


def test_batches_a_stream_and_the_capsule_interface_agree() -> None:
    records = list(recipients_of(TO, CONTACTS, GROUPS))
    table = _table(records)
    want = _ea().estimate_arrow(BODY, table, **OPTIONS)
    small = pa.Table.from_batches(table.to_batches(max_chunksize=2))
    assert small.num_columns == table.num_columns and len(small.to_batches()) == 5

    class Stream:  # only the PyCapsule protocol, as a Polars or DuckDB result offers
        def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
            return small.__arrow_c_stream__(requested_schema)

    class Batch:
        def __arrow_c_array__(self, requested_schema: Any = None) -> Any:
            return table.to_batches()[0].__arrow_c_array__(requested_schema)

    for source in (small, Stream(), Batch(), small.to_reader(), table.to_batches()[0]):
        _same(_ea().estimate_arrow(BODY, source, **OPTIONS), want)


def test_columns_are_found_by_the_names_given() -> None:
    ea = _ea()
    table = pa.table({"phone": ["+306912345678", "+306912345679"], "who": ["a", "b"],
                      "name": ["Ana", "Ζωή"], "code": ["x", "y"], "note": [None, "z"]})
    columns = ea.Columns("phone", id="who", labels=["name"])
    got = ea.estimate_arrow(BODY, table, columns=columns)
    # "code" is not a label column here: both bodies keep the placeholder.
    assert got.to_dict()["warnings"][0] == {
        "type": "missingLabel", "label": "code", "recipients": 2,
        "message": "label 'code' is missing with no fallback for 2 recipient(s); "
                   "'[~code]' is sent and priced as written",
    }
    assert sorted(got.to_dict()["contacts"]) == ["a", "b"]
    assert got.parts_histogram == {1: 2}


def test_a_null_label_is_an_absent_label_and_a_null_flag_is_not_blacklisted() -> None:
    table = pa.table({"mobile": ["+306912345678", "+306912345679"], "id": ["a", "b"],
                      "blacklisted": pa.array([None, True], pa.bool_()),
                      "name": ["Ana", None]})
    got = _ea().estimate_arrow("Hi [~name]", table, fallback_values={"name": "you"})
    assert got.number_of_recipients == 1 and got.blacklisted == 1
    assert got.body_of("+306912345678") == "Hi Ana"


@pytest.mark.parametrize(("table", "error", "message"), [
    ({"number": ["+306912345678"]}, OptionError, "recipients has no number column 'mobile'"),
    ({"mobile": [306912345678]}, ArgumentTypeError,
     "recipients column 'mobile' (the number) must be a string column, not int64"),
    ({"mobile": ["+306912345678"], "name": [1]}, ArgumentTypeError,
     "recipients column 'name' (a label) must be a string column, not int64"),
    ({"mobile": ["+306912345678"], "blacklisted": ["no"]}, ArgumentTypeError,
     "recipients column 'blacklisted' (blacklisted) must be a bool column, not string"),
    ({"mobile": ["+306912345678"], "group": [3]}, ArgumentTypeError,
     "recipients column 'group' (the group) must be a string column, not int64"),
])
def test_bad_columns_are_typed_errors_naming_the_column(
    table: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        _ea().estimate_arrow("Hi [~name]", pa.table(table))
    assert str(raised.value) == message


def test_a_null_number_names_its_row_across_batches() -> None:
    table = pa.table({"mobile": ["+306912345678", "+306912345679", None]})
    stream = pa.Table.from_batches(table.to_batches(max_chunksize=2))
    with pytest.raises(ArgumentTypeError) as raised:
        _ea().estimate_arrow("Hi", stream)
    assert str(raised.value) == "recipients row 2: the number ('mobile') is null"


def test_bad_arguments_are_typed_errors() -> None:
    ea = _ea()
    with pytest.raises(ArgumentTypeError, match="recipients must be an Arrow table"):
        ea.estimate_arrow("Hi", [{"mobile": "+306912345678"}])
    with pytest.raises(OptionError, match="recipients has no label column 'nme'"):
        ea.estimate_arrow("Hi", pa.table({"mobile": ["+306912345678"]}),
                          columns=ea.Columns(labels=["nme"]))
    with pytest.raises(ArgumentTypeError, match="labels must be None or a sequence"):
        ea.Columns(labels="name")
    with pytest.raises(ArgumentTypeError, match="id must be None or a str"):
        ea.Columns(id=3)
    with pytest.raises(ArgumentTypeError, match="data must be bytes, not str"):
        ea.loads(Campaign.build("Hi"), "x")


NUMBERS = [
    "+306912345678", "+30 691 234 5679", "6912345670", "+12025550123", "+1 416 555 0123",
    "+79161234567", "+77012345678", "+905321234567", "+3069", "junk",
]
VALUES = st.one_of(st.none(), st.text(alphabet="abAB é[]€~ΔωŞЖ😀.:/", max_size=10))
IDS = [f"c{i}" for i in range(10)]
#: No label, one, two and three (each a different way of building the label records).
TEMPLATES = ["Hello", "Hi [~name]", BODY, "[~other] [~name]: [~code] " + "x" * 140]


@st.composite
def records(draw: st.DrawFn) -> list[Recipient]:
    out = []
    for _ in range(draw(st.integers(0, 30))):
        contact = draw(st.sampled_from([None, *IDS]))
        mobile = NUMBERS[IDS.index(contact) % len(NUMBERS)] if contact else draw(
            st.sampled_from(NUMBERS))
        labels = {k: v for k in ("name", "code", "other") if (v := draw(VALUES)) is not None}
        out.append(Recipient(mobile, contact, labels if contact else None,
                             draw(st.booleans()) if contact else False,
                             draw(st.sampled_from([None, "g1", "g2"])) if contact else None))
    return out


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records(), st.integers(1, 7), st.sampled_from([None, "GR"]),
       st.sampled_from([None, True]), st.sampled_from(TEMPLATES))
def test_any_batches_and_merged_partials_equal_the_record_path(
    items: list[Recipient], size: int, country: str | None, transcode: bool | None, body: str
) -> None:
    ea = _ea()
    campaign = Campaign.build(body, fallback_values={"code": "€"}, default_country=country,
                              transcode=transcode, blacklist=["+306912345678"],
                              prices={"GR": "0.05", "US": "0.01"})
    reference = PartialEstimate(campaign)
    reference.add(items)
    want = reference.finish()
    table = pa.Table.from_batches(_table(items).to_batches(max_chunksize=size),
                                  schema=_table(items).schema)
    _same(ea.partial_of(campaign, table).finish(), want)
    _same(ea.estimate_of(campaign, table), want)
    merged = PartialEstimate(campaign)
    for batch in table.to_batches():
        one = PartialEstimate(campaign)
        ea.add_batch(one, batch)
        merged.merge(ea.loads(campaign, ea.dumps(one)))
    _same(merged.finish(), want)


def _variants(table: Any) -> list[Any]:
    """The same rows in the other column types a reader meets: dictionary-encoded and
    large strings, a null flag for "not flagged", one chunk or many."""
    pc = __import__("pyarrow.compute", fromlist=["compute"])
    flags = pc.if_else(table["blacklisted"], True, pa.scalar(None, pa.bool_()))
    other = table.set_column(table.schema.get_field_index("blacklisted"), "blacklisted", flags)
    other = other.set_column(0, "mobile", pc.dictionary_encode(other["mobile"]))
    name = other.schema.get_field_index("name")
    return [other, other.set_column(name, "name", other["name"].cast(pa.large_string())),
            pa.Table.from_batches(other.combine_chunks().to_batches(), schema=other.schema)]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records(), st.integers(1, 7), st.sampled_from(TEMPLATES))
def test_the_columnar_estimate_of_any_column_types_equals_the_record_path(
    items: list[Recipient], size: int, body: str
) -> None:
    ea = _ea()
    campaign = Campaign.build(body, fallback_values={"code": "€"}, default_country="GR",
                              blacklist=["+306912345678", "junk"], prices={"GR": "0.05"})
    reference = PartialEstimate(campaign)
    reference.add(items)
    want = reference.finish()
    table = pa.Table.from_batches(_table(items).to_batches(max_chunksize=size),
                                  schema=_table(items).schema)
    for variant in _variants(table):
        _same(ea.estimate_of(campaign, variant), want)


def test_duplicates_across_batches_keep_the_first_rows_labels_and_join_the_rest() -> None:
    table = pa.table({
        "mobile": ["+306912345678", "+79161234567", "+30 691 234 5678", "+79161234567",
                   "6912345678", "+905321234567"],
        "id": ["a", "b", None, "a", None, "b"],
        "blacklisted": pa.array([None, None, None, None, True, None], pa.bool_()),
        "group": [None, "g1", None, "g2", None, "g3"],
        "name": ["Ana", "Ива", "Zoe", "Bob", "Al", "Şule"],
    })
    stream = pa.Table.from_batches(table.to_batches(max_chunksize=2))
    got = _ea().estimate_arrow("Hi [~name]", stream, default_country="GR")
    # The Greek number: row 0 (a), rows 2 and 4 (plain numbers; row 4 flags it) and
    # row 3 (a again): blacklisted, one recipient. The Russian one: b's rows 1 and 5
    # (b's second number, +90..., is never read): in g1 and g3, Ива.
    assert (got.number_of_recipients, got.blacklisted, got.duplicates) == (1, 1, 2)
    assert got.recipients_per_group == {"g1": 1, "g3": 1}
    assert got.total_in_groups == 1
    assert got.body_of("+306912345678") == "Hi Ana"
    assert got.body_of("+79161234567") == "Hi Ива"
    assert got.to_dict()["contacts"] == {
        "a": {"recipient": "+306912345678", "recipientCountry": "GR", "blacklisted": True},
        "b": {"recipient": "+79161234567", "recipientCountry": "RU", "blacklisted": False},
    }
    reference = PartialEstimate(Campaign.build("Hi [~name]", default_country="GR"))
    for batch in stream.to_batches():
        _ea().add_batch(reference, batch)
    _same(got, reference.finish())


def test_ids_arrow_does_not_hash_as_python_take_the_record_path() -> None:
    table = pa.table({"mobile": ["+306912345678", "+306912345679", "+306912345670"],
                      "id": pa.array([1.5, float("nan"), 1.5]), "name": ["a", "b", "c"]})
    got = _ea().estimate_arrow("Hi [~name]", table)
    reference = PartialEstimate(Campaign.build("Hi [~name]"))
    reference.add([("+306912345678", 1.5, {"name": "a"}, False, None),
                   ("+306912345679", float("nan"), {"name": "b"}, False, None),
                   ("+306912345670", 1.5, {"name": "c"}, False, None)])
    _same(got, reference.finish())
    assert got.number_of_recipients == 2


def test_the_column_of_numbers_answers_as_the_python_path() -> None:
    from sms_codec._estimate_column_numbers import normalise_column
    from sms_codec._estimate_numbers import Numbers

    values = ["+306912345678", "+12125550123", "+14165550123", "+18765550123",
              "+79161234567", "+77012345678", "+447400123456", "+441481256789",
              "+12425551234", "+1212555012", "+1 2125550123", "+1２１２５５５０１２３",
              "00306912345678", "6912345670", "+3069", "junk", "", "+0123456789",
              "+999123456789", "+306912345678"]
    found = normalise_column(Numbers("GR"), pa.array(values))
    assert found.e164().to_pylist() == [
        "+306912345678", "+12125550123", "+14165550123", "+18765550123", "+79161234567",
        "+77012345678", "+447400123456", "+441481256789", None, None, "+12125550123",
        "+12125550123", "+306912345678", "+306912345670", None, None, None, None, None,
        "+306912345678"]
    assert [None if r is None else found.regions[r] for r in found.region.to_pylist()] == [
        "GR", "US", "CA", "JM", "RU", "KZ", "GB", "GG", None, None, "US", "US", "GR", "GR",
        None, None, None, None, None, "GR"]
    # The Bahamas' number, the short one and everything not "+" and 7 to 16 ASCII digits
    # (the full parse reads the fullwidth digits): the full parse, once per distinct
    # value (11 of them).
    assert found.parsed == 11
    assert found.reasons["+12425551234"] == "not a valid number for US"
    assert set(found.reasons) == {"+12425551234", "+1212555012", "+3069", "junk", "",
                                  "+0123456789", "+999123456789"}
    numbers = Numbers("GR")
    for value, e164 in zip(values, found.e164().to_pylist(), strict=True):
        answer = numbers.normalise(value)
        assert (None if isinstance(answer, str) else answer[0]) == e164


def test_a_calling_code_re2_refuses_goes_to_the_python_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sms_codec import _estimate_column_numbers as columns
    from sms_codec._estimate_numbers import Numbers

    numbers = Numbers()
    code = numbers.calling_code(30)
    assert code is not None
    region, lead, valid = code.plan[0]
    assert valid is not None
    # A lookahead, as RE2 refuses: the same numbers, with "+30" read in Python.
    (lengths, pattern), types = valid
    monkeypatch.setattr(code, "plan", [(region, lead, ((lengths, f"(?=[0-9])(?:{pattern})"),
                                                       types))])
    assert not columns.re2_accepts(f"^(?:(?=[0-9])(?:{pattern}))$")
    values = pa.array(["+306912345678", "+306912345679", "+12125550123", "+3069"])
    found = columns.normalise_column(numbers, values, walk=False)  # the RE2 path
    assert found.e164().to_pylist() == ["+306912345678", "+306912345679", "+12125550123",
                                        None]
    assert found.parsed == 3  # the three +30 values; +1 was answered in C
    table = pa.table({"mobile": values, "name": ["a", "b", "c", "d"]})
    got = _ea().estimate_arrow("Hi [~name]", table)
    assert (got.number_of_recipients, got.recipients_per_country) == (3, {"GR": 2, "US": 1})
