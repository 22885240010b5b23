"""pytest-benchmark: find_urls, analyze(short_links=...) and transliterate (issue 11 items
4 and 5), on each twin; ``text_report.py`` prints the same rows as ratios, and
``test_adversarial.py`` times transliterate on the grapheme families.

    python -m pytest benchmarks/test_text_benchmarks.py --benchmark-only
"""

from __future__ import annotations

from typing import Any

import pytest
from adversarial import SIZES
from text_bodies import NO_LINK, ONE_LINK, UCS2, UCS2_GREEK, URL_FAMILIES

import sms_codec
from sms_codec.urls import ShortLinks

LINKS = ShortLinks("https://sms.example/", code_length=7)


@pytest.mark.parametrize("body", [NO_LINK, ONE_LINK], ids=["no-link", "one-link"])
def test_find_urls_160(benchmark: Any, body: str) -> None:
    benchmark.group = "find_urls 160 chars"
    spans = benchmark(sms_codec.find_urls, body)
    assert len(spans) == (body == ONE_LINK)


def test_analyze_one_link(benchmark: Any, kernels: str) -> None:
    benchmark.group = "analyze with short links"
    benchmark(sms_codec.analyze, ONE_LINK)


def test_analyze_short_links(benchmark: Any, kernels: str) -> None:
    benchmark.group = "analyze with short links"
    result = benchmark(sms_codec.analyze, ONE_LINK, short_links=LINKS)
    assert result.original is not None


@pytest.mark.parametrize("body", [UCS2, UCS2_GREEK], ids=["russian", "greek"])
def test_transliterate_160(benchmark: Any, kernels: str, body: str) -> None:
    benchmark.group = "transliterate 160 chars"
    result = benchmark(sms_codec.transliterate, body)
    assert result.gsm7


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("family", list(URL_FAMILIES))
def test_find_urls_adversarial_families(benchmark: Any, family: str, size: int) -> None:
    body = URL_FAMILIES[family](size)
    assert len(body) == size
    benchmark.group = f"find_urls {family}"
    benchmark(sms_codec.find_urls, body)
