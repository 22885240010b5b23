"""The size bound of the text functions (issue 14 item 5): a body of
``MAX_BODY_CHARACTERS`` code points is accepted, one more raises ``SizeLimitError``
(a ValueError) naming the argument; the work stays linear and small in memory."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from sms_codec import SizeLimitError, analyze, find_urls, preview, transliterate
from sms_codec._checks import MAX_BODY_CHARACTERS
from sms_codec.links import MemoryStore, Shortener, shorten
from sms_codec.urls import ShortLinks

BOUND = MAX_BODY_CHARACTERS
LINKS = ShortLinks("https://sms.example/", code_length=7)

FUNCTIONS: dict[str, Callable[[str], Any]] = {
    "transliterate": transliterate,
    "transliterate SMART": lambda text: transliterate(text, "SMART"),
    "preview": lambda text: preview(text, transliterations=["ALL"]),
    "find_urls": find_urls,
    "ShortLinks.priced_text": LINKS.priced_text,
    "ShortLinks.spans": LINKS.spans,
    "shorten": lambda text: shorten(
        text, Shortener("https://sms.example/", store=MemoryStore(), code_length=6)
    ),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_over_the_bound_is_refused(name: str) -> None:
    with pytest.raises(SizeLimitError) as info:
        FUNCTIONS[name]("a" * (BOUND + 1))
    assert isinstance(info.value, ValueError)
    assert str(info.value) == "text has 1000001 characters; the bound is 1000000"
    assert (info.value.argument, info.value.size, info.value.limit) == ("text", BOUND + 1, BOUND)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_at_the_bound_is_accepted(name: str) -> None:
    FUNCTIONS[name]("a" * BOUND)


def test_transliterate_at_the_bound_on_cyrillic() -> None:
    body = ("Привет, мир! " * (BOUND // 13 + 1))[:BOUND]
    result = transliterate(body)
    assert result.text.startswith("Privet, mir! Privet")
    assert result.gsm7


def test_a_link_at_the_bound() -> None:
    body = "x" * (BOUND - 20) + " https://x.example/a"
    assert len(body) == BOUND
    assert [s.url for s in find_urls(body)] == ["https://x.example/a"]
    assert LINKS.priced_text(body).endswith(" https://sms.example/xxxxxxx")


@pytest.mark.parametrize("size", [100_000])
def test_transliteration_memory_is_small(size: int) -> None:
    # Before the translation tables: about 260 bytes per character at both sizes.
    body = ("Привет, Анна! Ваш заказ готов — «Магазин». " * (size // 40 + 1))[:size]
    tracemalloc.start()
    try:
        result = transliterate(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.gsm7
    assert peak < 16 * size  # the output text, its analysis and the translation


# A text within the bound whose transliteration is not: "Щ" becomes "Shch", so 250,001
# of them are 1,000,004 characters once transliterated.
@pytest.mark.parametrize(
    ("name", "call", "argument"),
    [
        ("transliterate", lambda text: transliterate(text), "text (transliterated)"),
        ("preview", lambda text: preview(text, transliterations=["ALL"]),
         "text (transliterated)"),
        ("analyze(transcode=True)", lambda text: analyze(text, transcode=True),
         "body (transcoded)"),
    ],
)
def test_a_result_over_the_bound_is_refused(name: str, call: Callable[[str], Any],
                                            argument: str) -> None:
    with pytest.raises(SizeLimitError) as info:
        call("Щ" * 250_001)
    assert str(info.value) == f"{argument} has 1000004 characters; the bound is 1000000"
    assert (info.value.argument, info.value.size, info.value.limit) == (
        argument, 1_000_004, BOUND)


def test_a_result_at_the_bound_is_accepted() -> None:
    assert len(transliterate("Щ" * 250_000).text) == BOUND
    assert analyze("Щ" * 250_000, transcode=True).transcode is not None
