"""The columnar estimate counts the recipients of plain bodies (default-table text
only, no link-like text, in a template whose own text is plain) by their body's length
rather than by their tuple of label values: exact figures for plain values and the
others (escapes, UCS-2, a link-like value, an empty one, a fallback, a missing label),
the options and templates that turn the counting by length off, and a property: the
answer is the record path's whatever the values, the template and the options."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sms_codec import ShortLinks, estimate_campaign
from sms_codec.errors import SmsCodecError

pytestmark = pytest.mark.usefixtures("twin")

pa: Any = None


@pytest.fixture(autouse=True)
def pyarrow(engine: Callable[[str, str], ModuleType]) -> ModuleType:
    global pa
    pa = engine("pyarrow", "arrow")
    return pa


def _arrow(body: str, names: list[Any], **options: Any) -> Any:
    from sms_codec.estimate_arrow import estimate_arrow

    table = pa.table({"mobile": _numbers(len(names)), "id": [f"c{i}" for i in range(len(names))],
                      "name": pa.array(names, pa.string())})
    return estimate_arrow(body, table, **options)


def _numbers(n: int) -> list[str]:
    return [f"+3069{12345000 + i}" for i in range(n)]


def _records(body: str, names: list[Any], **options: Any) -> Any:
    contacts = {f"c{i}": {"mobile": m, "labels": {} if v is None else {"name": v}}
                for i, (m, v) in enumerate(zip(_numbers(len(names)), names, strict=True))}
    return estimate_campaign(body, contacts=contacts, **options)


def _counted(body: str, names: list[Any], **options: Any) -> int:
    """How many distinct keys the columnar estimate counts recipients by."""
    from sms_codec._estimate_columns import tally_of
    from sms_codec.estimate import Campaign

    part = {"mobile": pa.array(_numbers(len(names))), "label:name": pa.array(names, pa.string())}
    tally, _, _ = tally_of(Campaign.build(body, **options), [part])
    return len(tally.counts().per_key)


def _same(got: Any, want: Any) -> None:
    assert got.to_dict() == want.to_dict()
    assert list(got.recipients()) == list(want.recipients())
    assert [got.body_of(e) for e, _, _ in got.recipients()] == [
        want.body_of(e) for e, _, _ in want.recipients()]


NAMES = ["Ana", "Bob", None, "Ζωή", "[x]", "a.io", "", "x" * 156, "x" * 157, "€" * 79]


def test_plain_bodies_are_counted_by_length_and_the_others_by_key() -> None:
    body, options = "Hi [~name]!", {"fallback_values": {"name": "you"}, "prices": {"GR": "0.05"}}
    got = _arrow(body, NAMES, **options)
    _same(got, _records(body, NAMES, **options))
    # "Hi Ana!", "Hi Bob!" and "Hi you!" (the fallback) are one length, 7; "Hi !" is 4;
    # x*156 and x*157 make 160 and 161: four lengths. Ζωή (UCS-2), [x] (escapes: 9
    # septets), a.io (link-like) and €*79 (escapes: 162 septets) are keys of their own.
    assert _counted(body, NAMES, **options) == 8
    assert [a.units for _, _, a in got.recipients()] == [7, 7, 7, 7, 9, 8, 4, 160, 161, 162]
    assert [a.encoding for _, _, a in got.recipients()] == [
        "GSM7", "GSM7", "GSM7", "UCS2", "GSM7", "GSM7", "GSM7", "GSM7", "GSM7", "GSM7"]
    assert got.parts_histogram == {1: 8, 2: 2}
    assert got.number_of_messages == 12
    assert str(got.cost_total) == "0.60"
    assert got.body_of("+306912345002") == "Hi you!"
    assert got.body_of("+306912345001") == "Hi Bob!"
    kinds = {s["kind"]: (s["recipients"], s["parts"]) for s in got.savings}
    # Only the keys: Ζωή transliterated is still one part; €*79 is 83 septets with
    # neither escapes nor the escape a national table's € avoids.
    assert kinds == {"transcode": (0, 0), "nationalLanguage": (1, 1),
                     "escapedCharacters": (1, 1)}


def test_a_missing_label_without_fallback_is_a_key_and_is_warned() -> None:
    body = "Hi [~name]!"
    got = _arrow(body, ["Ana", None, None, "Bob"])
    _same(got, _records(body, ["Ana", None, None, "Bob"]))
    assert _counted(body, ["Ana", None, None, "Bob"]) == 2  # length 7, and the placeholder
    # "Hi [~name]!": [, ~ and ] are escapes: 11 characters, 14 septets.
    assert [a.units for _, _, a in got.recipients()] == [7, 14, 14, 7]
    assert [(w["type"], w["recipients"]) for w in got.warnings] == [("missingLabel", 2)]


def test_a_template_without_the_label_column_uses_the_fallback_or_the_placeholder() -> None:
    from sms_codec.estimate_arrow import estimate_arrow

    table = pa.table({"mobile": _numbers(3), "id": ["c0", "c1", "c2"],
                      "name": ["Ana", "Bo", "Al"]})
    records = {f"c{i}": {"mobile": m, "labels": {"name": v}}
               for i, (m, v) in enumerate(zip(_numbers(3), ["Ana", "Bo", "Al"], strict=True))}
    for fallback, units in (({"city": "Rome"}, [11, 10, 10]), (None, [17, 16, 16])):
        body = "[~name] in [~city]"  # "[~city]": 10 septets (three escapes)
        got = estimate_arrow(body, table, fallback_values=fallback)
        _same(got, estimate_campaign(body, contacts=records, fallback_values=fallback))
        assert [a.units for _, _, a in got.recipients()] == units


def test_a_fixed_link_is_priced_as_a_short_link_per_length() -> None:
    body = "Go https://example.com/offers/spring-2026 now [~name]"  # the link: 38 characters
    names = ["x" * 120, "y" * 120, "z" * 100, "a.io " + "x" * 115]
    got = _arrow(body, names)
    _same(got, _records(body, names))
    assert _counted(body, names) == 3  # lengths 166 and 146, and the value with a link
    # 166 characters: 2 parts; with a 25-character link 153: one part saved, twice. The
    # value's own link, a.io, would become 25 characters too: 174, no part saved.
    assert got.parts_histogram == {1: 1, 2: 3}
    kinds = {s["kind"]: (s["recipients"], s["parts"]) for s in got.savings}
    assert kinds == {"shortLinks": (2, 2)}


@pytest.mark.parametrize(("body", "options"), [
    ("Hi [~name]!", {"language": "auto"}),
    ("Hi [~name]!", {"encoding": "ucs2"}),
    ("Hi [~name]!", {"short_links": ShortLinks("https://s.example/", code_length=7)}),
    ("€ [~name]!", {}),  # fixed text with an escape
    ("Visit [~name].com", {}),  # a value next to fixed text may make a link
])
def test_options_and_templates_that_count_by_key(body: str, options: dict[str, Any]) -> None:
    names = ["Ana", "Bob", "Cy", "Ana"]
    _same(_arrow(body, names, **options), _records(body, names, **options))
    assert _counted(body, names, **options) == 3


def test_the_transcode_option_still_counts_plain_bodies_by_length() -> None:
    names = ["Ana", "Bob", "Ζωή", "Şule"]
    got = _arrow("Hi [~name]!", names, transcode=True)
    _same(got, _records("Hi [~name]!", names, transcode=True))
    assert _counted("Hi [~name]!", names, transcode=True) == 3
    assert [a.transcode is not None for _, _, a in got.recipients()] == [False, False, True,
                                                                        True]


VALUES = st.one_of(st.none(), st.text(alphabet="aio .:/€[]~ΔωŞ", max_size=10))
TEMPLATES = ["Hi [~name]!", "[~name][~name] x.io [~name]", "€ [~name]", "[~name].io",
             "Go https://example.com/a/long/path now [~name] " + "x" * 100, "Hello"]
OPTIONS = [{}, {"fallback_values": {"name": "you"}}, {"fallback_values": {"name": "a.b"}},
           {"fallback_values": {"name": "€"}}, {"transcode": True}, {"language": "auto"},
           {"encoding": "gsm7"},
           {"short_links": ShortLinks("https://s.example/", code_length=7)}]


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(VALUES, min_size=1, max_size=25), st.sampled_from(TEMPLATES),
       st.sampled_from(OPTIONS))
def test_any_values_template_and_options_equal_the_record_path(
    names: list[Any], body: str, options: dict[str, Any]
) -> None:
    try:
        want = _records(body, names, prices={"GR": "0.05"}, **options)
    except SmsCodecError as error:  # encoding="gsm7" and a value it cannot encode
        with pytest.raises(type(error), match=re.escape(str(error))):
            _arrow(body, names, prices={"GR": "0.05"}, **options)
        return
    _same(_arrow(body, names, prices={"GR": "0.05"}, **options), want)


@pytest.mark.parametrize(("limit", "slice_"), [(2**62, 2), (8, 65_536), (8, 2)])
def test_codes_made_in_slices_or_renumbered_give_the_record_path(
    monkeypatch: pytest.MonkeyPatch, limit: int, slice_: int
) -> None:
    from sms_codec import _estimate_columns
    from sms_codec.estimate_arrow import estimate_arrow

    # A small bound: the codes of three labels are renumbered on the way (one slice);
    # small slices: codes made two rows at a time.
    monkeypatch.setattr(_estimate_columns, "_LIMIT", limit)
    monkeypatch.setattr(_estimate_columns, "_SLICE", slice_)
    a = ["Ana", "Bob", "Ζωή", None, "Ana", "[x]", "Cy"]
    b = ["1", "22", "1", "333", None, "1", "22"]
    c = ["x", None, "y", "x", "€", "z", "x"]
    body = "[~a] [~b] [~c]!"
    table = pa.table({"mobile": _numbers(7), "id": [f"c{i}" for i in range(7)],
                      "a": a, "b": b, "c": c})
    records = {f"c{i}": {"mobile": m, "labels": {k: v for k, v in
                                                  (("a", a[i]), ("b", b[i]), ("c", c[i]))
                                                  if v is not None}}
               for i, m in enumerate(_numbers(7))}
    for options in ({}, {"fallback_values": {"a": "you", "b": "0", "c": "-"}}):
        got = estimate_arrow(body, table, **options)
        _same(got, estimate_campaign(body, contacts=records, **options))
    # Three fixed characters; the fallbacks fill row 1's c, row 3's a and row 4's b; €
    # and [x] take 2 and 5 septets; Ζωή's body is UCS-2 (8 units).
    assert [a.units for _, _, a in got.recipients()] == [8, 9, 8, 10, 9, 10, 8]
