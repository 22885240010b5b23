"""URL detection: the hand-written fixture cases and a few properties of the spans."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from sms_codec import _tlds
from sms_codec.errors import ArgumentTypeError, SmsCodecError
from sms_codec.links import UrlSpan, find_urls

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "fixtures" / "urls.json").read_text(encoding="utf-8")
)


def test_fixture_has_enough_cases() -> None:
    assert len(CASES) >= 80
    assert len({case["text"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["note"] for case in CASES])
def test_fixture_case(case: dict[str, Any]) -> None:
    spans = find_urls(case["text"])
    assert [span.url for span in spans] == case["urls"]
    for span in spans:
        assert case["text"][span.start : span.end] == span.url


def test_spans_carry_offsets() -> None:
    text = "Ссылка:example.ru/акция и https://x.example/a."
    assert find_urls(text) == [
        UrlSpan(7, 23, "example.ru/акция"),
        UrlSpan(26, 45, "https://x.example/a"),
    ]


def test_spans_are_ordered_and_disjoint() -> None:
    text = "www.a.example b.example.com/x (https://c.example/y) d.example.org."
    spans = find_urls(text)
    assert [s.url for s in spans] == [
        "www.a.example",
        "b.example.com/x",
        "https://c.example/y",
        "d.example.org",
    ]
    for left, right in pairwise(spans):
        assert left.end <= right.start


def test_empty_and_plain_text() -> None:
    assert find_urls("") == []
    assert find_urls("Hello, your code is 123456.") == []


def test_not_a_str_is_rejected() -> None:
    with pytest.raises(ArgumentTypeError) as info:
        find_urls(b"https://example.com")  # type: ignore[arg-type]
    assert isinstance(info.value, SmsCodecError)
    assert isinstance(info.value, TypeError)
    assert str(info.value) == "text must be a str, not bytes"


def test_tld_list_is_the_iana_list_with_its_version() -> None:
    assert len(_tlds.VERSION) == 10 and _tlds.VERSION.isdigit()
    assert _tlds.LAST_UPDATED.endswith("UTC")
    assert len(_tlds.TLDS) > 1000
    for tld in ("com", "ru", "de", "xn--p1ai", "xn--fiqs8s", "museum"):
        assert tld in _tlds.TLDS
    for not_tld in ("txt", "pdf", "jpg", "exe", "html"):
        assert not_tld not in _tlds.TLDS


def test_long_text_is_fast_enough() -> None:
    text = ("word " * 40 + "example.com/x ") * 200
    spans = find_urls(text)
    assert len(spans) == 200
    assert {s.url for s in spans} == {"example.com/x"}


@pytest.mark.parametrize(
    "text",
    [
        "б" * 40000,
        "б." * 20000,
        "a." * 20000,
        "https://x.example/" + ")" * 20000,
        "https://x.example/" + "." * 40000,
        ("abcdefghij" * 6 + ".") * 600,
    ],
    ids=["cyrillic-run", "cyrillic-dots", "latin-dots", "closers", "dots", "long-labels"],
)
def test_adversarial_bodies(text: str) -> None:
    # Their speed (no catastrophic backtracking) is measured in benchmarks/.
    spans = find_urls(text)
    assert [s.url for s in spans] in ([], ["https://x.example/"])
