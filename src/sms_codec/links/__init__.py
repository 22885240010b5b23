"""Links in SMS bodies: detection, short-link rewriting for click tracking, and link stores.

Detection finds ``http``/``https`` URLs, ``www.`` hosts and bare hosts whose top level
domain is in the bundled IANA list; rewriting replaces every link with a short tracking
link of fixed length; the stores keep the links and the click events the redirect service
(:mod:`sms_codec.tracking`) records.

Where things live: detection, host handling and :class:`ShortLinks` pricing in
:mod:`sms_codec.urls`; :mod:`.model` (:class:`Link`, :class:`ShortUrl`,
:class:`ClickEvent`), :mod:`.shortener`, :mod:`.stores`, :mod:`.clicks` (click events,
bots, user agents, geo) and :mod:`.redirect` (the WSGI service). The redirect service is
not imported here: ``import sms_codec.links`` stays free of :mod:`wsgiref`.

>>> [span.url for span in find_urls("Sale! See example.com/sale, or https://x.example/a_(b).")]
['example.com/sale', 'https://x.example/a_(b)']
>>> store = MemoryStore()
>>> shortener = Shortener("https://sms.example/", store=store, code_length=7)
>>> result = shorten("Hi, see example.com/sale!", shortener, tags={"to": "+306900000000"})
>>> len(result.text) == len("Hi, see https://sms.example/AbCdEfG!")
True
>>> result.urls[0]["longUrl"]
'http://example.com/sale'
"""

from __future__ import annotations

from sms_codec.errors import LinkError, MissingDependencyError, StoreError
from sms_codec.links.model import ClickEvent, Link, ShortUrl
from sms_codec.links.shortener import CODE_ALPHABET as CODE_ALPHABET
from sms_codec.links.shortener import Shortened, Shortener, shorten
from sms_codec.links.stores import LinkStore, MemoryStore, RedisStore, SQLiteStore, open_store
from sms_codec.urls import ShortLinks, UrlSpan, find_urls

__all__ = [
    "ClickEvent",
    "Link",
    "LinkError",
    "LinkStore",
    "MemoryStore",
    "MissingDependencyError",
    "RedisStore",
    "SQLiteStore",
    "ShortLinks",
    "ShortUrl",
    "Shortened",
    "Shortener",
    "StoreError",
    "UrlSpan",
    "find_urls",
    "open_store",
    "shorten",
]
