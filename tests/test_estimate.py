"""estimate_campaign: exact parts per recipient, countries, duplicates, blacklists,
groups, costs, warnings and savings, with every expected number worked out here from
the GSM 03.38 capacities (160/153 septets, 70/67 UCS-2 units; 155 single-part septets
with a locking shift table header), never taken from the code under test."""

from __future__ import annotations

import sys
from decimal import Decimal

import pytest
from _phonenumbers import require

from sms_codec import ShortLinks, estimate_campaign
from sms_codec.errors import (
    ArgumentTypeError,
    CampaignRejectedError,
    MissingDependencyError,
    OptionError,
    SizeLimitError,
)

require()

pytestmark = pytest.mark.usefixtures("twin")

GR1, GR2, GR3 = "+306912345678", "+306912345679", "+306912345670"
US, CA, RU, KZ = "+12025550123", "+14165550123", "+79161234567", "+77012345678"
X155 = "x" * 155


def _c(mobile: str, **labels: str) -> dict[str, object]:
    return {"mobile": mobile, "labels": labels}


def test_parts_follow_each_recipients_labels() -> None:
    e = estimate_campaign(X155 + "[~name]", contacts={
        "a": _c(GR1, name="Ana"),          # 158 septets: 1 part
        "b": _c(GR2, name="Anastasia"),    # 164 septets: 153 + 11, 2 parts
        "c": _c(GR3, name="Ζωή"),          # ω, ή are not GSM: 158 UCS-2 units, 67 a part: 3
        "d": _c(US, name="[Bo]"),          # 159 characters, 161 septets: 2 parts
    })
    assert e.number_of_recipients == 4
    assert e.number_of_messages == 1 + 2 + 3 + 2
    assert e.parts_histogram == {1: 1, 2: 2, 3: 1}
    assert e.parts_per_country == {"GR": 6, "US": 2}
    assert e.recipients_per_country == {"GR": 3, "US": 1}
    assert {n: a.parts for n, _, a in e.recipients()} == {GR1: 1, GR2: 2, GR3: 3, US: 2}
    assert e.body_of(GR2) == X155 + "Anastasia"


def test_fallback_values_and_a_missing_label_priced_as_written() -> None:
    body = X155 + "[~name]"
    e = estimate_campaign(body, to=[GR1], contacts={"a": _c(GR2)},
                          fallback_values={"name": "Bo"})
    assert e.number_of_messages == 2  # 157 septets each
    e = estimate_campaign(body, to=[GR1, US])
    # "[~name]" stays: 7 characters, three of them ([ ~ ]) escaped: 165 septets, 2 parts.
    assert e.number_of_messages == 4
    assert e.body_of(US) == body
    warning = e.to_dict()["warnings"][0]
    assert (warning["type"], warning["label"], warning["recipients"]) == ("missingLabel", "name", 2)


def test_national_table_short_links_and_transcode_options() -> None:
    body = "x" * 150 + "[~name]"
    contacts = {"a": _c("+905321234567", name="Şule")}
    assert estimate_campaign(body, contacts=contacts).number_of_messages == 3  # 154 UCS-2
    assert estimate_campaign(body, contacts=contacts, language="tr").number_of_messages == 1
    link = "Sale: https://example.com/" + "a" * 200 + " [~name]"
    contacts = {"a": _c(GR1, name="Ana")}
    assert estimate_campaign(link, contacts=contacts).number_of_messages == 2  # 230 septets
    short = ShortLinks("https://s.example/", code_length=7)
    assert estimate_campaign(link, contacts=contacts, short_links=short).number_of_messages == 1
    e = estimate_campaign("Привет [~name]", contacts={"a": _c(RU, name="Ира")}, transcode=True)
    assert e.number_of_messages == 1
    assert next(e.recipients())[2].transcode.message == "Privet Ira"


def test_regions_of_shared_calling_codes_are_per_number() -> None:
    e = estimate_campaign("Hi", to=[US, CA, RU, KZ])
    assert e.recipients_per_country == {"CA": 1, "KZ": 1, "RU": 1, "US": 1}
    assert e.to_dict()["recipientCountries"] == {US: "US", CA: "CA", RU: "RU", KZ: "KZ"}


def test_national_numbers_with_default_country_and_invalid_reasons() -> None:
    e = estimate_campaign("Hi", to=["691 234 5678", "+3069", "hello", GR1],
                          default_country="gr")
    assert e.number_of_recipients == 1  # 691 234 5678 is GR1
    assert e.duplicates == 1
    assert [r for r, _ in e.invalid] == ["+3069", "hello"]
    assert e.invalid[0][1] == "not a valid number for GR"
    assert e.to_dict()["invalidRecipients"][1]["recipient"] == "hello"
    with pytest.raises(OptionError, match="default_country"):
        estimate_campaign("Hi", to=[GR1], default_country="XX")


def test_duplicates_groups_and_blacklists() -> None:
    contacts = {"a": _c(GR1, name="Ana"), "b": {"mobile": GR2, "blacklisted": True}}
    groups = {
        "vip": {"a": _c(GR1, name="Ana"), "c": _c(US, name="Al")},
        "all": {"a": _c(GR1), "c": _c(US), "d": _c(CA), "e": _c("+1 202 555 0123")},
    }
    e = estimate_campaign("Hi [~name]", to=[GR1, GR3, "+30 691 234 5670"], contacts=contacts,
                          groups=groups, blacklist=["+14165550123"])
    # Numbers: GR1 (contact a, to, groups), GR2 (blacklisted), GR3 (to twice), US (c, e), CA
    # (blacklist). Entries: 3 to + 5 contacts (a, b, c, d, e) = 8, distinct numbers 5.
    assert e.duplicates == 3
    assert e.blacklisted == 2
    assert e.number_of_recipients == 3
    assert e.recipients_per_group == {"all": 2, "vip": 2}
    assert e.total_in_groups == 1  # US: only in groups
    out = e.to_dict()
    assert out["contacts"]["b"] == {"recipient": GR2, "recipientCountry": "GR",
                                    "blacklisted": True}
    assert out["contacts"]["d"]["blacklisted"] is True
    assert set(out["recipientCountries"]) == {GR1, GR3, US}
    assert e.body_of(GR1) == "Hi Ana"  # the contact's labels, not the plain number's


def test_costs_are_exact_decimals_with_unpriced_countries() -> None:
    e = estimate_campaign("x" * 161, to=[GR1, GR2, US, RU], prices={"GR": 0.045, "US": "0.0079"})
    assert e.cost_per_country["GR"] == {"recipients": 2, "parts": 4,
                                        "pricePerPart": Decimal("0.045"),
                                        "total": Decimal("0.180")}
    assert e.cost_total == Decimal("0.1958")  # 0.180 + 2 x 0.0079
    assert e.unpriced == ("RU",)
    cost = e.to_dict()["cost"]
    assert cost["total"] == "0.1958" and cost["unpriced"] == ["RU"]
    assert cost["perCountry"]["US"]["total"] == "0.0158"
    assert [w["type"] for w in e.warnings] == ["unpriced"]
    assert estimate_campaign("Hi", to=[GR1]).to_dict()["cost"] is None
    eur = estimate_campaign("Hi", to=[GR1], prices={"GR": "0.05", "currency": "EUR"})
    assert eur.to_dict()["cost"]["currency"] == "EUR"


def test_savings_carry_parts_and_money() -> None:
    body = "x" * 150 + "[~name]"
    contacts = {"a": _c("+905321234567", name="Şule"), "b": _c("+905321234568", name="Ali"),
                "c": _c(GR1, name="Ζωή")}
    e = estimate_campaign(body, contacts=contacts, prices={"TR": "0.01", "GR": "0.05"})
    kinds = {s["kind"]: s for s in e.savings}
    # Şule: 3 UCS-2 parts; transliterated (Sule) 154 septets, 1 part. Ζωή: 153 UCS-2
    # units, 3 parts; transliterated 1 part. Ali: 153 septets, 1 part, nothing to save.
    assert kinds["transcode"]["parts"] == 4
    assert kinds["transcode"]["cost"] == Decimal("0.12")
    assert kinds["transcode"]["recipients"] == 2
    assert {v["value"] for v in kinds["transcode"]["labelValues"]} == {"Şule", "Ζωή"}
    assert {c["character"] for c in kinds["transcode"]["characters"]} == {"Ş", "Ζ", "ω", "ή"}
    # The Turkish locking table carries Şule in one part (154 <= 155): 2 parts saved.
    assert (kinds["nationalLanguage"]["parts"], kinds["nationalLanguage"]["language"]) == (2, "tr")
    assert kinds["nationalLanguage"]["cost"] == Decimal("0.02")
    # 157 characters but 159 septets: still 1 part, so the escapes cost nothing here.
    assert estimate_campaign("x" * 155 + "[~v]", contacts={"a": _c(GR1, v="€€")}).savings == ()


def test_escapes_that_force_an_extra_part() -> None:
    e = estimate_campaign("x" * 158 + "[~v]", contacts={"a": _c(GR1, v="€€")},
                          prices={"GR": "0.05"})
    # 160 characters, 162 septets: 2 parts; with one-septet characters 160: 1 part.
    assert e.number_of_messages == 2
    (saving,) = e.savings
    assert (saving["kind"], saving["parts"], saving["cost"]) == (
        "escapedCharacters", 1, Decimal("0.05"))
    assert saving["characters"] == [{"character": "€", "recipients": 1}]


def test_strict_rejects_as_routee_does() -> None:
    with pytest.raises(CampaignRejectedError) as caught:
        estimate_campaign("Hi", to=[GR1, "+3069"], strict=True)
    assert (caught.value.status, caught.value.code) == (400005000, "008")
    assert caught.value.invalid == (("+3069", "not a valid number for GR"),)
    with pytest.raises(CampaignRejectedError) as caught:
        estimate_campaign("Hi", contacts={"b": {"mobile": GR2, "blacklisted": True}},
                          strict=True)
    assert (caught.value.status, caught.value.code) == (400009004, None)
    assert estimate_campaign("Hi", to=[]).to_dict()["warnings"][0]["type"] == "noRecipients"


def test_bad_input_is_a_typed_error_naming_it() -> None:
    with pytest.raises(ArgumentTypeError, match=r"recipient 'a': label 'name' must be a str"):
        estimate_campaign("Hi [~name]", contacts={"a": {"mobile": GR1, "labels": {"name": 3}}})
    unhashable = {"a": {"mobile": GR1, "labels": {"name": ["x"]}}}
    with pytest.raises(ArgumentTypeError, match="label 'name' must be a str, not list"):
        estimate_campaign("Hi [~name]", contacts=unhashable)
    with pytest.raises(ArgumentTypeError, match="at position 1: the number must be a str"):
        estimate_campaign("Hi", to=[GR1, 306912345678])
    with pytest.raises(ArgumentTypeError, match="blacklisted must be True or False"):
        estimate_campaign("Hi", contacts={"a": {"mobile": GR1, "blacklisted": "no"}})
    with pytest.raises(ArgumentTypeError, match="to must be an iterable"):
        estimate_campaign("Hi", to=GR1)
    with pytest.raises(OptionError, match=r"contacts\['a'\] has no 'mobile'"):
        estimate_campaign("Hi", contacts={"a": {"labels": {}}})
    with pytest.raises(ArgumentTypeError, match="fallback_values"):
        estimate_campaign("Hi", to=[GR1], fallback_values={"name": 1})
    with pytest.raises(OptionError, match="encoding"):
        estimate_campaign("Hi", to=[GR1], encoding="utf8")
    with pytest.raises(OptionError, match="language"):
        estimate_campaign("Hi", to=[GR1], language="xx")
    with pytest.raises(SizeLimitError, match="body has 1000001 characters"):
        estimate_campaign("x" * 1_000_001, to=[GR1])
    with pytest.raises(SizeLimitError, match="a recipient's body has 1000002 characters"):
        estimate_campaign("[~v]!", contacts={"a": _c(GR1, v="x" * 1_000_001)})
    with pytest.raises(SizeLimitError, match="a recipient's body has 1000002 characters"):
        estimate_campaign("[~v]€", contacts={"a": _c(GR1, v="x" * 1_000_001)})
    with pytest.raises(ArgumentTypeError, match="body must be a str"):
        estimate_campaign(b"Hi", to=[GR1])  # type: ignore[arg-type]


def test_without_phonenumbers_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "phonenumbers", None)  # the import then fails
    with pytest.raises(MissingDependencyError, match=r"pip install 'sms-codec\[estimate\]'"):
        estimate_campaign("Hi", to=[GR1])


def test_counts_per_key_and_regions_of_the_keys_asked_for() -> None:
    from sms_codec._estimate_savings import Counts

    one, two = ("Ana",), ("Bob",)
    counts = Counts(["GR", "US", "GR", "GR"], [one, two, one, two])
    assert counts.per_key == {one: 2, two: 2}
    assert counts.by_key({one}) == {one: [("GR", 2)]}
    assert counts.by_key({two}) == {two: [("US", 1), ("GR", 1)]}
    assert counts.by_key(set()) == {}


def test_any_dotted_reads_each_value_and_the_fallbacks() -> None:
    from sms_codec._estimate_bodies import Bodies
    from sms_codec._estimate_template import Template

    bodies = Bodies(Template("Hi [~a] [~b]", {"b": "x.io"}), [], {})
    assert bodies.any_dotted([("p", "q"), ("r", "s")]) is False
    assert bodies.any_dotted([("p", "q"), ("r:", "s")]) is True
    assert bodies.any_dotted([("p", "q"), ("r", None)]) is True  # the fallback x.io
    assert Bodies(Template("Hi [~a]"), [], {}).any_dotted([(None,)]) is False


def test_the_signatures_spell_out_every_option() -> None:
    """help() and inspect show the issue's keyword list, with its defaults."""
    import inspect

    from sms_codec.estimate_arrow import estimate_arrow

    expected = [("fallback_values", None), ("blacklist", ()), ("default_country", None),
                ("prices", None), ("language", None), ("encoding", "auto"),
                ("transcode", None), ("short_links", None), ("strict", False)]
    campaign = inspect.signature(estimate_campaign).parameters.values()
    assert [(p.name, p.default) for p in campaign] == [
        ("body", inspect.Parameter.empty), ("to", ()), ("contacts", None), ("groups", None),
        *expected]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in list(campaign)[1:])
    arrow = inspect.signature(estimate_arrow).parameters.values()
    assert [(p.name, p.default) for p in arrow][3:] == expected
