"""Making short links: :class:`Shortener` saves them, :func:`shorten` rewrites a body.

>>> from sms_codec.links import MemoryStore
>>> shortener = Shortener("https://sms.example/", store=MemoryStore(), code_length=7)
>>> result = shorten("Hi, see example.com/sale!", shortener, tags={"to": "+306900000000"})
>>> len(result.text) == len("Hi, see https://sms.example/AbCdEfG!")
True
>>> result.urls[0]["longUrl"]
'http://example.com/sale'
"""

from __future__ import annotations

import secrets
import string
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sms_codec._checks import check_type
from sms_codec.errors import ArgumentTypeError, LinkError, StoreError
from sms_codec.links.model import Link, ShortUrl, check_tags, validity_seconds
from sms_codec.urls import check_base_url, check_code_length, check_long_url, find_urls

if TYPE_CHECKING:
    from sms_codec.links.stores import LinkStore

__all__ = ["CODE_ALPHABET", "Shortened", "Shortener", "shorten"]

CODE_ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits
"""The letters of short-link codes: all in the GSM 7-bit default alphabet, one septet each."""


class Shortener:
    """Makes short links under ``base_url`` and saves them in ``store``.

    Codes are ``code_length`` characters drawn with :mod:`secrets` from
    :data:`CODE_ALPHABET` (A-Z, a-z, 0-9), so every short link has the same length and
    the same GSM 7-bit cost. A code already taken is drawn again, never overwritten.

    >>> from sms_codec.links import MemoryStore
    >>> shortener = Shortener("https://sms.example", store=MemoryStore(), code_length=5)
    >>> link = shortener.shorten_url("https://x.example/?a=1")
    >>> link.short_url.startswith("https://sms.example/"), len(link.code)
    (True, 5)
    """

    max_attempts = 16

    def __init__(self, base_url: str, *, store: LinkStore, code_length: int = 7) -> None:
        from sms_codec.links.stores import LinkStore

        self.base_url = check_base_url(base_url)
        self.code_length = check_code_length(code_length)
        check_type(store, "store", LinkStore, "a LinkStore")
        self.store = store

    def new_code(self) -> str:
        """A fresh random code (not yet checked against the store)."""
        return "".join(secrets.choice(CODE_ALPHABET) for _ in range(self.code_length))

    def shorten_url(
        self,
        long_url: str,
        *,
        tags: Mapping[str, str] | None = None,
        validity: timedelta | float | None = None,
        now: float | None = None,
    ) -> Link:
        """Save a new short link to ``long_url`` and return it.

        ``validity`` (a :class:`~datetime.timedelta` or seconds) makes the link expire;
        ``tags`` (for example ``{"to": "+306900000000"}``) are copied into its clicks.
        """
        if now is not None and (isinstance(now, bool) or not isinstance(now, (int, float))):
            raise ArgumentTypeError(f"now must be None or a Unix time, not {type(now).__name__}")
        long_url = check_long_url(long_url)
        checked_tags = check_tags(tags)
        seconds = validity_seconds(validity)
        created = time.time() if now is None else now
        expires = None if seconds is None else created + seconds
        for _ in range(self.max_attempts):
            code = self.new_code()
            link = Link(code, self.base_url + code, long_url, created, expires, checked_tags)
            if self.store.add(link):
                return link
        raise StoreError(
            f"no free code after {self.max_attempts} attempts with code_length"
            f" {self.code_length}; use longer codes"
        )


@dataclass(frozen=True)
class Shortened:
    """The rewritten body and its links in Routee's shape, ``[{longUrl, shortUrl}]``."""

    text: str
    urls: list[ShortUrl]


def shorten(
    text: str,
    shortener: Shortener,
    *,
    tags: Mapping[str, str] | None = None,
    validity: timedelta | float | None = None,
    default_scheme: str = "http",
) -> Shortened:
    """Replace every link in ``text`` with a new short link; keep all else byte for byte.

    A link without a scheme is stored as ``default_scheme://`` plus the link. The same
    link twice in one body gets one short link.

    >>> from sms_codec.links import MemoryStore
    >>> shortener = Shortener("https://sms.example/", store=MemoryStore(), code_length=4)
    >>> out = shorten("A: www.x.example. B: https://x.example/b", shortener)
    >>> [u["longUrl"] for u in out.urls]
    ['http://www.x.example', 'https://x.example/b']
    >>> out.text[:3], out.text[27:32], len(out.text)
    ('A: ', '. B: ', 56)
    """
    check_type(shortener, "shortener", Shortener, "a Shortener")
    check_type(default_scheme, "default_scheme", str, "a str")
    if default_scheme not in ("http", "https"):
        raise LinkError(f"default_scheme must be 'http' or 'https', got {default_scheme!r}")
    pieces: list[str] = []
    urls: list[ShortUrl] = []
    made: dict[str, str] = {}
    previous = 0
    for span in find_urls(text):
        has_scheme = span.url[:8].lower().startswith(("http://", "https://"))
        long_url = span.url if has_scheme else f"{default_scheme}://{span.url}"
        short_url = made.get(long_url)
        if short_url is None:
            link = shortener.shorten_url(long_url, tags=tags, validity=validity)
            short_url = made[long_url] = link.short_url
            urls.append({"longUrl": long_url, "shortUrl": short_url})
        pieces.append(text[previous : span.start])
        pieces.append(short_url)
        previous = span.end
    pieces.append(text[previous:])
    return Shortened("".join(pieces), urls)
