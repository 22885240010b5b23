"""Rewriting links to short links, the Shortener's codes and the pricing helper."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from sms_codec.errors import ArgumentTypeError, SmsCodecError
from sms_codec.links import (
    CODE_ALPHABET,
    Link,
    LinkError,
    MemoryStore,
    Shortener,
    ShortLinks,
    StoreError,
    shorten,
)

BASE = "https://sms.example/"
SHORT = re.compile(r"https://sms\.example/[A-Za-z0-9]{7}")


def make(code_length: int = 7) -> tuple[Shortener, MemoryStore]:
    store = MemoryStore()
    return Shortener(BASE, store=store, code_length=code_length), store


def test_code_alphabet_is_gsm_letters_and_digits() -> None:
    assert CODE_ALPHABET == (
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    )


def test_rewriting_keeps_everything_outside_links_byte_identical() -> None:
    shortener, _ = make()
    text = "Hi Ana! 50% off at example.com/sale?x=1 – or «https://shop.example/b_(c)». Bye\n€"
    out = shorten(text, shortener)
    pieces = SHORT.split(out.text)
    assert pieces == ["Hi Ana! 50% off at ", " – or «", "». Bye\n€"]
    assert [u["longUrl"] for u in out.urls] == [
        "http://example.com/sale?x=1",
        "https://shop.example/b_(c)",
    ]
    assert SHORT.findall(out.text) == [u["shortUrl"] for u in out.urls]


def test_each_short_link_is_stored_with_its_long_url_and_tags() -> None:
    shortener, store = make()
    out = shorten(
        "A https://a.example/1 B b.example.org/2",
        shortener,
        tags={"to": "+306900000001"},
        validity=timedelta(days=2),
    )
    for entry, long_url in zip(
        out.urls, ["https://a.example/1", "http://b.example.org/2"], strict=True
    ):
        code = entry["shortUrl"].removeprefix(BASE)
        link = store.get(code)
        assert link is not None
        assert link.long_url == long_url
        assert link.short_url == entry["shortUrl"]
        assert dict(link.tags) == {"to": "+306900000001"}
        assert link.expires is not None
        assert link.expires - link.created == pytest.approx(172800.0)


def test_same_link_twice_gets_one_short_link() -> None:
    shortener, _ = make()
    out = shorten("x.example.com and x.example.com", shortener)
    assert len(out.urls) == 1
    assert out.text == f"{out.urls[0]['shortUrl']} and {out.urls[0]['shortUrl']}"


def test_text_without_links_is_returned_unchanged() -> None:
    shortener, store = make()
    out = shorten("Your code is 1234. Mail info@example.com", shortener)
    assert out.text == "Your code is 1234. Mail info@example.com"
    assert out.urls == []
    assert store.clicks() == []


def test_https_default_scheme() -> None:
    shortener, _ = make()
    out = shorten("example.com", shortener, default_scheme="https")
    assert out.urls[0]["longUrl"] == "https://example.com"
    with pytest.raises(LinkError):
        shorten("example.com", shortener, default_scheme="ftp")


def test_every_recipient_message_has_the_same_length() -> None:
    shortener, _ = make(code_length=9)
    texts = [shorten("Sale: example.com/a", shortener).text for _ in range(50)]
    assert {len(t) for t in texts} == {len("Sale: https://sms.example/") + 9}
    assert len(set(texts)) == 50


def test_codes_use_only_the_alphabet_and_fixed_length() -> None:
    shortener, _ = make(code_length=12)
    codes = [shortener.shorten_url("https://x.example/").code for _ in range(200)]
    assert all(len(c) == 12 for c in codes)
    assert set("".join(codes)) <= set(CODE_ALPHABET)
    assert len(set(codes)) == 200


class RefusingStore(MemoryStore):
    """Says "taken" to the first ``refusals`` adds, like a store full of collisions."""

    def __init__(self, refusals: int) -> None:
        super().__init__()
        self.refusals = refusals
        self.attempts: list[str] = []

    def add(self, link: Link) -> bool:
        self.attempts.append(link.code)
        if len(self.attempts) <= self.refusals:
            return False
        return super().add(link)


def test_a_collision_is_retried_with_a_new_code() -> None:
    store = RefusingStore(refusals=3)
    link = Shortener(BASE, store=store).shorten_url("https://x.example/")
    assert len(store.attempts) == 4
    assert link.code == store.attempts[-1]
    assert store.get(link.code) == link


def test_a_collision_never_overwrites() -> None:
    store = MemoryStore()
    first = Link("AAAA", BASE + "AAAA", "https://first.example/", 1.0)
    assert store.add(first)
    assert not store.add(Link("AAAA", BASE + "AAAA", "https://second.example/", 2.0))
    stored = store.get("AAAA")
    assert stored is not None and stored.long_url == "https://first.example/"


def test_no_free_code_is_an_error() -> None:
    store = RefusingStore(refusals=10**6)
    with pytest.raises(StoreError, match="no free code after 16 attempts"):
        Shortener(BASE, store=store).shorten_url("https://x.example/")
    assert len(store.attempts) == 16


@pytest.mark.parametrize(
    "long_url",
    ["ftp://x.example/", "javascript:alert(1)", "x.example/a", "https://", "http://a b.example/"],
)
def test_only_http_and_https_long_urls(long_url: str) -> None:
    shortener, _ = make()
    with pytest.raises(LinkError) as info:
        shortener.shorten_url(long_url)
    assert isinstance(info.value, SmsCodecError) and isinstance(info.value, ValueError)


def test_long_url_with_control_character_is_refused() -> None:
    shortener, _ = make()
    with pytest.raises(LinkError, match="at index 18"):
        shortener.shorten_url("https://x.example/\r\nSet-Cookie: a=b")


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("ftp://sms.example/", "http:// or https://"),
        ("sms.example/", "http:// or https://"),
        ("https://sms.example/~a/", "'~' at index 20"),
        ("https://sms.example/{a}/", "'{' at index 20"),
        ("https://sms.example/a`/", "'`' at index 21"),
        ("https://sms.example/ü/", "'ü' at index 20"),
        ("https://smś.example/", "'ś' at index 10"),
        ("https://sms.example/?c=", "query or a fragment"),
        ("https://sms.example/ a", "' ' at index 20"),
    ],
)
def test_base_url_must_be_http_and_gsm_basic(base_url: str, message: str) -> None:
    with pytest.raises(LinkError, match=re.escape(message)):
        Shortener(base_url, store=MemoryStore())
    with pytest.raises(LinkError, match=re.escape(message)):
        ShortLinks(base_url)


def test_base_url_gets_a_trailing_slash() -> None:
    shortener = Shortener("https://sms.example/t", store=MemoryStore(), code_length=3)
    assert shortener.shorten_url("https://x.example/").short_url.startswith(
        "https://sms.example/t/"
    )


@pytest.mark.parametrize("code_length", [0, 65, -1])
def test_code_length_bounds(code_length: int) -> None:
    with pytest.raises(LinkError, match="between 1 and 64"):
        Shortener(BASE, store=MemoryStore(), code_length=code_length)


@pytest.mark.parametrize("validity", [0, -5, timedelta(0)])
def test_validity_must_be_positive_seconds_or_timedelta(validity: object) -> None:
    shortener, _ = make()
    with pytest.raises(LinkError, match="validity must be positive"):
        shortener.shorten_url("https://x.example/", validity=validity)  # type: ignore[arg-type]


def test_validity_of_a_wrong_type_is_a_type_error() -> None:
    shortener, _ = make()
    with pytest.raises(ArgumentTypeError) as info:
        shortener.shorten_url("https://x.example/", validity="1d")  # type: ignore[arg-type]
    assert str(info.value) == "validity must be a timedelta or seconds, not str"


def test_tags_must_be_strings() -> None:
    shortener, _ = make()
    with pytest.raises(ArgumentTypeError) as info:
        shortener.shorten_url("https://x.example/", tags={"to": 306900000000})  # type: ignore[dict-item]
    assert str(info.value) == "tags must map str to str; tag 'to' is 306900000000"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Shortener(b"https://s.example/", store=MemoryStore()),
         "base_url must be a str, not bytes"),
        (lambda: Shortener(BASE, store=MemoryStore(), code_length=7.0),
         "code_length must be an int, not float (7.0)"),
        (lambda: Shortener(BASE, store=MemoryStore(), code_length=True),
         "code_length must be an int, not bool (True)"),
        (lambda: ShortLinks(BASE, code_length="7"),
         "code_length must be an int, not str ('7')"),
        (lambda: make()[0].shorten_url(b"https://x.example/"),
         "long_url must be a str, not bytes"),
    ],
)
def test_wrong_argument_types_are_type_errors(call: Any, message: str) -> None:
    with pytest.raises(ArgumentTypeError) as info:
        call()
    assert isinstance(info.value, TypeError)
    assert str(info.value) == message


def test_priced_text_has_the_length_of_the_sent_text() -> None:
    links = ShortLinks(BASE, code_length=7)
    text = "Deal: https://shop.example/a/very/long/path?utm_source=sms&utm_medium=x. Bye"
    assert links.priced_text(text) == "Deal: https://sms.example/xxxxxxx. Bye"
    shortener, _ = make()
    assert len(shorten(text, shortener).text) == len(links.priced_text(text))


def test_priced_text_does_not_touch_a_store() -> None:
    links = ShortLinks("http://s.example", code_length=5)
    assert links.priced_text("a example.com b www.x.org") == (
        "a http://s.example/xxxxx b http://s.example/xxxxx"
    )
    assert links.short_length == 22
    assert [(s.start, s.end) for s in links.spans("a example.com b")] == [(2, 13)]


def test_priced_text_can_be_longer_than_the_original() -> None:
    links = ShortLinks("https://sms.example/", code_length=7)
    assert links.priced_text("x.co") == "https://sms.example/xxxxxxx"


def test_a_link_inside_another_links_path_is_rewritten_once() -> None:
    shortener, _ = make()
    out = shorten("Go example.com/r?to=https://x.example/ now", shortener)
    assert [u["longUrl"] for u in out.urls] == ["http://example.com/r?to=https://x.example/"]
    assert out.text == f"Go {out.urls[0]['shortUrl']} now"


def test_a_bare_link_with_a_url_in_its_query_gets_the_default_scheme() -> None:
    shortener, _ = make()
    out = shorten("www.example.com/?u=http://a.example", shortener, default_scheme="https")
    assert out.urls[0]["longUrl"] == "https://www.example.com/?u=http://a.example"


def test_invisible_characters_next_to_a_link_are_kept_outside_it() -> None:
    shortener, _ = make()
    out = shorten("A https://x.example/a\u200bb B example.com/x\u200f C", shortener)
    assert [u["longUrl"] for u in out.urls] == ["https://x.example/a", "http://example.com/x"]
    assert SHORT.split(out.text) == ["A ", "\u200bb B ", "\u200f C"]


@pytest.mark.parametrize("long_url", ["http://[.]/", "http://[::1:::]/", "http://x.example]/"])
def test_a_malformed_host_is_a_link_error(long_url: str) -> None:
    shortener, _ = make()
    with pytest.raises(LinkError, match="not a valid URL"):
        shortener.shorten_url(long_url)


def test_a_malformed_bracketed_host_in_a_body_is_left_alone() -> None:
    shortener, _ = make()
    out = shorten("see http://[::1:::]/x now", shortener)
    assert (out.text, out.urls) == ("see http://[::1:::]/x now", [])
