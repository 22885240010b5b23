"""The redirect service: a WSGI app that sends ``GET /<code>`` on to the long URL and
records the click.

``302`` to the long URL as stored, ``404`` for an unknown code, ``410`` once the link's
validity has passed. Each ``GET`` that redirects records a :class:`~sms_codec.links.ClickEvent`
(``HEAD`` is answered but not counted). Response bodies are fixed texts: nothing from the
request is ever echoed back.

This module re-exports :mod:`sms_codec.links.redirect` and :mod:`sms_codec.links.clicks`.

>>> from sms_codec.links import Link, MemoryStore
>>> store = MemoryStore()
>>> store.add(Link("AbC1234", "https://sms.example/AbC1234", "https://x.example/a?b=1", 0.0))
True
>>> app = create_app(store)
>>> seen = []
>>> body = app({"REQUEST_METHOD": "GET", "PATH_INFO": "/AbC1234"},
...            lambda status, headers: seen.append((status, dict(headers))))
>>> seen[0][0], seen[0][1]["Location"], store.click_count("AbC1234")
('302 Found', 'https://x.example/a?b=1', 1)
"""


from __future__ import annotations

from sms_codec.errors import MissingDependencyError
from sms_codec.links.clicks import GeoResolver, MaxMindGeo, is_bot, parse_user_agent
from sms_codec.links.model import ClickEvent
from sms_codec.links.redirect import RedirectApp, create_app, make_server

__all__ = [
    "ClickEvent",
    "GeoResolver",
    "MaxMindGeo",
    "MissingDependencyError",
    "RedirectApp",
    "create_app",
    "is_bot",
    "make_server",
    "parse_user_agent",
]
