"""find_urls, anchored at its candidates (issue 11 item 4), against the per-position regex
scan it replaced (``tests/_url_oracle.py``): the same spans on every text."""

from __future__ import annotations

import json
from pathlib import Path

import _url_oracle
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sms_codec import find_urls
from sms_codec._checks import MAX_BODY_CHARACTERS
from sms_codec.errors import SizeLimitError

oracle_find_urls = _url_oracle.oracle_find_urls
FIXTURES = json.loads((Path(__file__).parent / "fixtures" / "urls.json").read_text("utf-8"))

# Pieces of link-like text: schemes, separators, labels of several scripts (Latin with
# marks, Cyrillic, Greek, Han, Arabic digits), TLDs (file-like ones too), brackets,
# trailing punctuation, full-width stops and the characters the look-behinds refuse.
TOKENS = [
    "http", "https", "HTTPS", "httpſ", "://", ":", "/", "//", ".", "..", "www", "www.",
    "example", "com", "ru", "zip", "mov", "xn--p1ai", "рф", "пример", "ελ", "中文", "例子",
    "co", "uk", "a", "b1", "9", "-", "--", "_", "@", "\\", "?", "#", "=", "&", "%20",
    "(", ")", "[", "]", "{", "}", "[2001:db8::1]", "[::g]", ":8080", ":123456", " ", "\n",
    "\t", "\u00a0", "\u200b", ",", ";", "!", "…", "»", "’", "'", '"', "<", ">", "。", "．",
    "｡", "，", "é", "e\u0301", "\u0301", "ß", "İ", "ı", "Ⅻ", "٣", "²", "Ж", "ж", "é.",
    "a" * 62, "b" * 63, "c" * 64, "д" * 63, "Ωmega", "Ԙ", "\U0001f600", "\U00010330",
]

link_like = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


@pytest.mark.parametrize("case", FIXTURES, ids=[case["note"] for case in FIXTURES])
def test_fixtures_agree_with_the_oracle(case: dict[str, object]) -> None:
    text = case["text"]
    assert isinstance(text, str)
    assert find_urls(text) == oracle_find_urls(text)


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(link_like)
def test_link_like_text_agrees_with_the_oracle(text: str) -> None:
    assert find_urls(text) == oracle_find_urls(text)


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=80))
def test_any_text_agrees_with_the_oracle(text: str) -> None:
    assert find_urls(text) == oracle_find_urls(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ссылка:example.ru/акция и https://x.example/a.",
        "д" * 70 + ".рф and " + "a" * 70 + ".com",
        "абвexample.com абв.рф.com 1.2.3 v1.2 report.zip a/report.zip/x",
        "x.https://a.b ht.tp://c.example hTTpſ://d.example/ok",
        "soon.Hi www.foo.bar mail@example.com x@y.example.org/path",
        "exámple.com/ü?q=1#f exa\u0301mple.com-x a-.com a.com-b.de",
        "(see https://x.example/a_(b)) and [www.пример.рф]!",
        "http://[2001:db8::1]:80/x http://[::g]/ https://",
    ],
)
def test_hand_picked_texts_agree_with_the_oracle(text: str) -> None:
    assert find_urls(text) == oracle_find_urls(text)


def test_no_dot_or_scheme_means_no_link() -> None:
    assert find_urls("Hi Anna, your order 4821 is ready. Thanks! www example com") == []
    assert find_urls("x" * 1000) == []


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        # No "://" and every '.' before a space, ASCII punctuation or the end: no search.
        ("Ready. Bye.", []),
        ("end example.", []),
        ("a..com, v1., 3.!", []),
        # "://" without a '.' still reaches the matcher.
        ("see http://localhost now", ["http://localhost"]),
        ("http:// ftp://x", []),
        # www forms, a '.' at the end, a '.' before a non-ASCII digit, letter or space.
        ("see www.example.com.", ["www.example.com"]),
        ("www.пример.рф", ["www.пример.рф"]),
        ("v1.٣ a.٣b.com", ["b.com"]),
        ("x.é.com", ["x.é.com"]),
        ("ok.\u00a0example.com", ["example.com"]),
        ("done.example.org", ["done.example.org"]),
    ],
)
def test_prefilter_edges(text: str, urls: list[str]) -> None:
    assert [span.url for span in find_urls(text)] == urls
    assert find_urls(text) == oracle_find_urls(text)


def test_size_bound() -> None:
    at_bound = "a" * MAX_BODY_CHARACTERS
    assert find_urls(at_bound) == []
    with pytest.raises(SizeLimitError) as info:
        find_urls(at_bound + "a")
    assert isinstance(info.value, ValueError)
    assert "text has 1000001 characters; the bound is 1000000" in str(info.value)
