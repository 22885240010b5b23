"""The redirect service and click handling under their documented name.

This module re-exports :mod:`sms_codec.links.redirect` (:class:`RedirectApp`,
:func:`create_app`, :func:`make_server`; its docstring has the worked example) and
:mod:`sms_codec.links.clicks` (:func:`is_bot`, :func:`parse_user_agent`,
:class:`MaxMindGeo`). The ``sms_codec.tracking`` logger records failed lookups and clicks.

>>> from sms_codec.tracking import create_app
>>> from sms_codec.links import MemoryStore
>>> create_app(MemoryStore()).client_ip({"REMOTE_ADDR": "198.51.100.1"})
'198.51.100.1'
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
