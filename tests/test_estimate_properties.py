"""Hypothesis properties of the campaign estimate, on both kernel twins:

* every recipient's parts equal ``analyze`` of its body rendered here independently
  (``re.sub`` over the placeholders, numbers read by a full ``phonenumbers.parse``),
  so analysing each distinct label tuple once is never a different answer;
* partial estimates of two halves of the records, merged, equal one estimate of all.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Mapping
from typing import Any

import pytest
from _phonenumbers import require
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sms_codec import ShortLinks, analyze, find_urls
from sms_codec._estimate_bodies import PLAIN, Bodies
from sms_codec._estimate_savings import SUGGESTED_SHORT_LINKS
from sms_codec._estimate_template import Template
from sms_codec.errors import OptionError
from sms_codec.estimate import Campaign, PartialEstimate, Recipient

phonenumbers = require()

pytestmark = pytest.mark.usefixtures("twin")

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
NUMBERS = [
    "+306912345678", "+30 691 234 5679", "6912345670", "+12025550123", "+1 416 555 0123",
    "+79161234567", "+77012345678", "+905321234567", "+447911123456", "+3069", "junk",
]
TEMPLATES = [
    "Hi [~name]!", "x" * 150 + "[~name]", "[~name], code [~code]: " + "y" * 120,
    "Sale at https://example.com/" + "p" * 60 + " for [~name] {[~code]}", "no labels €",
    "Visit https://example.com/" + "q" * 80 + " now, [~name]",
    "[~name].example.com/" + "d" * 60, "x" * 130 + " [~code]",
    "see [~code] " + "z" * 140,
]
VALUES = st.one_of(
    st.text(alphabet="abAB é[]€~ ΔΣωήŞşğıЖир😀\u0301.:/", min_size=0, max_size=12),
    st.sampled_from(["shop.example.com/" + "s" * 40, "https://x.io/" + "t" * 30, "a.gr"]),
)
LABELS = st.dictionaries(st.sampled_from(["name", "code", "other"]), VALUES, max_size=3)
CONTACTS = {f"c{i}": NUMBERS[(i * 7) % len(NUMBERS)] for i in range(14)}


@st.composite
def records(draw: st.DrawFn) -> list[Recipient]:
    out = []
    for _ in range(draw(st.integers(0, 25))):
        contact = draw(st.sampled_from([None, *CONTACTS]))
        mobile = CONTACTS[contact] if contact else draw(st.sampled_from(NUMBERS))
        out.append(Recipient(
            mobile, contact, draw(LABELS) if contact else None,
            draw(st.booleans()) if contact else False,
            draw(st.sampled_from([None, "g1", "g2"])) if contact else None,
        ))
    return out


OPTIONS = st.fixed_dictionaries({
    "language": st.sampled_from([None, "tr", "auto"]),
    "transcode": st.sampled_from([None, True]),
    "short_links": st.sampled_from([None, ShortLinks("https://s.example/", 5)]),
})


def _e164(number: str) -> tuple[str, str] | None:
    try:
        parsed = phonenumbers.parse(number, "GR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return e164, phonenumbers.region_code_for_number(parsed)


def _reference(template: str, rows: list[Recipient], fallback: Mapping[str, str],
               blacklist: set[str]) -> dict[str, tuple[str, str]]:
    """``{e164: (region, body)}`` of every recipient, worked out the plain way."""
    first: dict[str, tuple[str, Mapping[str, Any] | None]] = {}
    flagged = set(blacklist)
    seen_contacts: dict[str, str | None] = {}
    for mobile, contact, labels, blacklisted, _ in rows:
        if contact is not None and contact in seen_contacts:
            if blacklisted and seen_contacts[contact]:
                flagged.add(str(seen_contacts[contact]))
            continue
        found = _e164(mobile)
        if contact is not None:
            seen_contacts[contact] = found[0] if found else None
        if found is None:
            continue
        first.setdefault(found[0], (found[1], labels))
        if blacklisted:
            flagged.add(found[0])

    def render(labels: Mapping[str, Any] | None) -> str:
        def fill(match: re.Match[str]) -> str:
            value = (labels or {}).get(match.group(1))
            value = fallback.get(match.group(1)) if value is None else value
            return match.group(0) if value is None else value
        return re.sub(r"\[~([^\[\]\r\n]+)\]", fill, template)

    return {n: (region, render(labels)) for n, (region, labels) in first.items()
            if n not in flagged}


@SETTINGS
@given(template=st.sampled_from(TEMPLATES), rows=records(), options=OPTIONS,
       fallback=st.dictionaries(st.sampled_from(["name", "code"]), VALUES, max_size=2))
def test_every_recipient_costs_what_its_rendered_body_costs(
    template: str, rows: list[Recipient], options: dict[str, Any], fallback: dict[str, str]
) -> None:
    campaign = Campaign.build(template, fallback_values=fallback, default_country="GR",
                              blacklist=["+12025550123"], **options)
    partial = PartialEstimate(campaign)
    partial.add(rows)
    result = partial.finish()
    expected = _reference(template, rows, fallback, {"+12025550123"})
    got = {n: (region, a) for n, region, a in result.recipients()}
    assert set(got) == set(expected)
    total = 0
    for number, (region, body) in expected.items():
        reference = analyze(body, **{k: v for k, v in options.items() if v is not None})
        assert got[number] == (region, reference), (number, body)
        total += reference.parts
    assert result.number_of_messages == total
    assert result.number_of_recipients == len(expected)


@SETTINGS
@given(template=st.sampled_from(TEMPLATES), rows=records(), cut=st.integers(0, 25))
def test_two_halves_merged_equal_the_whole(template: str, rows: list[Recipient],
                                           cut: int) -> None:
    campaign = Campaign.build(template, fallback_values={"code": "Z"}, default_country="GR",
                              blacklist=["6912345670"], prices={"GR": "0.05", "US": "0.01"})
    whole = PartialEstimate(campaign)
    whole.add(rows)
    left, right = PartialEstimate(campaign), PartialEstimate(campaign)
    left.add(rows[:cut])
    right.add(iter(rows[cut:]))
    # The right half travels as a pickle, as from another process, and merges all the same.
    travelled = pickle.loads(pickle.dumps(right))
    assert left.merge(travelled).finish().to_dict() == whole.finish().to_dict()


def test_merge_refuses_another_campaign() -> None:
    one = PartialEstimate(Campaign.build("Hi", fallback_values={"a": "1", "b": "2"}))
    alike = PartialEstimate(Campaign.build("Hi", fallback_values={"b": "2", "a": "1"}))
    assert one.merge(alike) is one
    with pytest.raises(OptionError, match="both partial estimates must come from one Campaign"):
        one.merge(PartialEstimate(Campaign.build("Hello")))


@SETTINGS
@given(template=st.sampled_from(TEMPLATES), rows=records())
def test_savings_equal_pricing_every_body(template: str, rows: list[Recipient]) -> None:
    campaign = Campaign.build(template, default_country="GR")
    partial = PartialEstimate(campaign)
    partial.add(rows)
    result = partial.finish()
    expected = {"transcode": 0, "nationalLanguage": 0, "shortLinks": 0}
    for number, _, analysis in result.recipients():
        body = result.body_of(number)
        others = {"nationalLanguage": analyze(body, language="auto").parts}
        if find_urls(body):
            others["shortLinks"] = analyze(body, short_links=SUGGESTED_SHORT_LINKS).parts
        offer = analyze(body, transcode=True).transcode
        if offer is not None:
            others["transcode"] = offer.parts
        for kind, parts in others.items():
            expected[kind] += max(0, analysis.parts - parts)
    found = {s["kind"]: s["parts"] for s in result.savings}
    for kind, parts in expected.items():
        assert found.get(kind, 0) == parts, kind


PLAIN_TEXT = "".join(sorted(PLAIN))


@SETTINGS
@given(st.lists(st.text(alphabet=PLAIN_TEXT, max_size=400), min_size=1, max_size=8),
       st.sampled_from([{}, {"encoding": "gsm7"}, {"transcode": True}]))
def test_plain_bodies_are_analysed_by_length(values: list[str],
                                             options: dict[str, Any]) -> None:
    # The premise of Bodies: under the default tables a body of basic-table characters
    # is analysed as "a" * its length, whatever the characters are.
    bodies = Bodies(Template("[~v] x"), [(v,) for v in values], options)
    assert bodies.rendered == 0
    for value in values:
        assert bodies.analyses[(value,)] == analyze(value + " x", **options)
