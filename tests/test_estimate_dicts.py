"""A large campaign given as dictionaries is counted as columns
(sms_codec._estimate_dicts): on both twins, the answer (and any error) is the records
path's, for any campaign; a value the two paths might read apart takes the records path."""

from __future__ import annotations

import types
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sms_codec import _estimate_dicts, estimate_campaign
from sms_codec._estimate_dicts import columns_of_campaign
from sms_codec.errors import ArgumentTypeError, OptionError, SmsCodecError

pytestmark = pytest.mark.usefixtures("twin")


@pytest.fixture(autouse=True)
def pyarrow(engine: Callable[[str, str], ModuleType]) -> ModuleType:
    return engine("pyarrow", "arrow")


BODY = "Hi [~name], your code is [~code]"
TO = ["+30 691 234 5678", "6912345670", "+3069"]
CONTACTS: dict[Any, Any] = {
    "c1": {"mobile": "+306912345678", "labels": {"name": "Maria", "code": "A1"}},
    "c2": {"mobile": "+306912345679", "labels": {"name": "Γιώργος"}},
    "c3": {"mobile": "+905321234567", "labels": {"name": "Şule", "code": "B2"}},
    "c4": {"mobile": "+12025550123", "labels": {"name": "Al"}, "blacklisted": True},
}
GROUPS: dict[str, Any] = {
    "news": {"c1": {"mobile": "+306912345678"},
             "c5": {"mobile": "+14165550123", "labels": {"name": "Jean-François"}}},
}
OPTIONS: dict[str, Any] = {"fallback_values": {"code": "Z9"}, "default_country": "GR",
                           "prices": {"GR": "0.045", "TR": "0.020", "US": "0.0079"}}


def _both(monkeypatch: pytest.MonkeyPatch, **campaign: Any) -> tuple[Any, Any]:
    """What ``estimate_campaign(**campaign)`` gives counted as columns (from one
    recipient on) and by records: the estimate, or the error as (class, message)."""
    outcomes = []
    for threshold in (0, 10**12):
        monkeypatch.setattr(_estimate_dicts, "COLUMNS_FROM", threshold)
        try:
            outcomes.append(estimate_campaign(**campaign))
        except SmsCodecError as error:
            outcomes.append((type(error).__name__, str(error)))
    return outcomes[0], outcomes[1]


def _same(got: Any, want: Any) -> None:
    if isinstance(want, tuple):  # an error: the same class and message
        assert got == want
        return
    assert got.to_dict() == want.to_dict()
    assert list(got.recipients()) == list(want.recipients())


def test_the_routee_campaign_counted_as_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    assert columns_of_campaign(("name", "code"), TO, CONTACTS, GROUPS, at_least=0) is not None
    columns, records = _both(monkeypatch, body=BODY, to=TO, contacts=CONTACTS, groups=GROUPS,
                             **OPTIONS)
    _same(columns, records)
    # c1, c2, c3, c5 and +306912345670; c4 blacklisted; the first plain number is c1's
    # (a duplicate), c1 again in "news" is the same contact (no duplicate).
    assert (columns.number_of_recipients, columns.duplicates, columns.blacklisted) == (5, 1, 1)
    assert columns.recipients_per_group == {"news": 2}
    assert columns.recipients_per_country == {"CA": 1, "GR": 3, "TR": 1}
    assert columns.number_of_messages == 5  # Γιώργος forces UCS-2, within one part
    assert [i["recipient"] for i in columns.to_dict()["invalidRecipients"]] == ["+3069"]


def test_the_threshold_and_the_order_of_the_rows() -> None:
    small = {f"c{i}": {"mobile": f"+3069123456{i:02d}"} for i in range(10)}
    assert columns_of_campaign((), [], small, None) is None  # under COLUMNS_FROM
    parts = columns_of_campaign((), ["+1"], small, {"g": {"x": {"mobile": "+2"}}}, at_least=12)
    assert parts is not None
    assert parts[0]["mobile"].to_pylist()[-3:] == ["+306912345609", "+1", "+2"]
    assert parts[0]["id"].to_pylist()[-3:] == ["c9", None, "x"]
    assert parts[0]["group"].to_pylist()[-3:] == [None, None, "g"]
    assert "blacklisted" not in parts[0]  # no flag set: no column
    assert columns_of_campaign((), ["+1"], small, None, at_least=12) is None  # 11 < 12


# Each: (to, contacts, groups) holding one value the columns would read otherwise than
# the records path (or that it refuses); the columns decline and the records path answers.
DECLINED = {
    "bytes number": ([b"+306912345678"], None, None),
    "int label value": ([], {"a": {"mobile": "+306912345678", "labels": {"name": 5}}}, None),
    "labels a list": ([], {"a": {"mobile": "+306912345678", "labels": [("name", "x")]}}, None),
    "flag 1": ([], {"a": {"mobile": "+306912345678", "blacklisted": 1}}, None),
    "flag None": ([], {"a": {"mobile": "+306912345678", "blacklisted": None}}, None),
    "flag an object": ([], {"a": {"mobile": "+306912345678", "blacklisted": object()},
                            "b": {"mobile": "+306912345679", "blacklisted": True}}, None),
    "no mobile": ([], {"a": {"labels": {}}}, None),
    "record a mapping proxy": (
        [], {"a": types.MappingProxyType({"mobile": "+306912345678"})}, None),
    "mixed ids": ([], {"a": {"mobile": "+306912345678"}, 1: {"mobile": "+306912345679"}},
                  None),
    "id past int64": ([], {2**64: {"mobile": "+306912345678"}}, None),
    "to a generator": ((n for n in ["+306912345678"]), None, None),
    "to a string": ("+306912345678", None, None),
    "group name not a str": ([], None, {5: {"a": {"mobile": "+306912345678"}}}),
    "group a list": ([], None, {"g": [("a", {"mobile": "+306912345678"})]}),
    "number with a lone surrogate": (["+30691234567\ud800", "+306912345678"], None, None),
    "label with a lone surrogate": (
        [], {"a": {"mobile": "+306912345678", "labels": {"name": "x\udc00"}}}, None),
    "group name with a lone surrogate": (
        [], None, {"g\ud800": {"a": {"mobile": "+306912345678"}}}),
    "id with a lone surrogate": ([], {"a\ud800": {"mobile": "+306912345678"}}, None),
    "repeated member, int number": (
        [], {"a": {"mobile": "+306912345678"}}, {"g": {"a": {"mobile": 306912345678}}}),
}


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_values_the_columns_might_misread_take_the_records_path(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    to, contacts, groups = DECLINED[name]
    assert columns_of_campaign(("name",), to, contacts, groups, at_least=0) is None
    if not isinstance(to, (list, tuple, str)):
        return  # a generator, read by the call above
    _same(*_both(monkeypatch, body="Hi [~name]", to=to, contacts=contacts, groups=groups,
                 default_country="GR"))


def test_the_declined_values_give_the_records_paths_errors(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_estimate_dicts, "COLUMNS_FROM", 0)
    with pytest.raises(ArgumentTypeError, match=r"recipient at position 0: the number must "
                                                r"be a str, not bytes"):
        estimate_campaign("Hi", to=[b"+306912345678"])
    with pytest.raises(ArgumentTypeError, match=r"recipient 'a': label 'name' must be a str, "
                                                r"not int"):
        estimate_campaign("Hi [~name]",
                          contacts={"a": {"mobile": "+306912345678", "labels": {"name": 5}}})
    with pytest.raises(OptionError, match=r"contacts\['a'\] has no 'mobile'"):
        estimate_campaign("Hi", contacts={"a": {}})
    # A repeated member is not read again by the records path: no error, one recipient.
    _, contacts, groups = DECLINED["repeated member, int number"]
    assert estimate_campaign("Hi", contacts=contacts, groups=groups).number_of_recipients == 1


NUMBERS = [
    "+306912345678", "+30 691 234 5679", "6912345670", "+12025550123", "+1 416 555 0123",
    "+79161234567", "+77012345678", "+905321234567", "+3069", "junk",
]
VALUES = st.one_of(st.none(), st.text(alphabet="abAB é[]€~ΔωŞЖ😀.:/", max_size=10))
TEMPLATES = ["Hello", "Hi [~name]", BODY, "[~other] [~name]: [~code] " + "x" * 140]


@st.composite
def members(draw: st.DrawFn, ids: Any) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for contact in draw(st.lists(ids, max_size=8, unique=True)):
        record: dict[str, Any] = {"mobile": draw(st.sampled_from(NUMBERS))}
        if draw(st.booleans()):
            record["labels"] = {k: v for k in ("name", "code", "other")
                                if (v := draw(VALUES)) is not None}
        if draw(st.booleans()):
            record["blacklisted"] = draw(st.booleans())
        out[contact] = record
    return out


@st.composite
def campaigns(draw: st.DrawFn) -> dict[str, Any]:
    ids = st.sampled_from([f"c{i}" for i in range(8)] if draw(st.booleans()) else
                          list(range(8)))
    campaign: dict[str, Any] = {"to": draw(st.lists(st.sampled_from(NUMBERS), max_size=6))}
    if draw(st.booleans()):
        campaign["contacts"] = draw(members(ids))
    if draw(st.booleans()):
        campaign["groups"] = {name: draw(members(ids))
                              for name in draw(st.lists(st.sampled_from(["g1", "g2", "g3"]),
                                                        max_size=3, unique=True))}
    if draw(st.sampled_from([False] * 9 + [True])):  # now and then a lone surrogate
        where = draw(st.sampled_from(["number", "label"]))
        if where == "number":
            campaign["to"] = [*campaign["to"], "+3069123\ud800"]
        else:
            contacts = campaign.setdefault("contacts", {})
            contacts["s"] = {"mobile": "+306912345670", "labels": {"name": "a\udc00"}}
    return campaign


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(campaign=campaigns(), body=st.sampled_from(TEMPLATES),
       country=st.sampled_from([None, "GR"]), transcode=st.sampled_from([None, True]),
       strict=st.booleans())
def test_any_campaign_counted_as_columns_equals_the_records_path(
    campaign: dict[str, Any], body: str, country: str | None, transcode: bool | None,
    strict: bool, monkeypatch: pytest.MonkeyPatch,
) -> None:
    options = {"fallback_values": {"code": "€"}, "default_country": country,
               "transcode": transcode, "blacklist": ["+306912345678", "junk"],
               "prices": {"GR": "0.05", "US": "0.01"}, "strict": strict}
    _same(*_both(monkeypatch, body=body, **campaign, **options))
