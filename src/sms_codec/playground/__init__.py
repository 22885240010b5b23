"""The SMS playground: a page that shows, as a person types, what a body costs and how it
is cut, served by ``sms-codec playground`` (see ``docs/playground.md``).

The page (``static/``: HTML, CSS and a small script, no build step) calls one JSON
endpoint, ``POST /api/analyze`` (:mod:`.api`); :mod:`.app` is the WSGI application and
:mod:`.server` a small threaded server from the standard library, on loopback by default.

>>> app = create_app()
>>> sorted(app.files)
['/', '/playground.css', '/playground.js']
>>> analysis_response(parse_request('{"body": "ş", "language": "tr"}'.encode()))["lockingShift"]
'tr'
"""

from __future__ import annotations

from .api import (
    MAX_BODY_CHARACTERS,
    MAX_REQUEST_BYTES,
    FieldError,
    Request,
    analysis_response,
    parse_request,
)
from .app import PlaygroundApp, create_app
from .server import PlaygroundServer, make_server

__all__ = [
    "MAX_BODY_CHARACTERS",
    "MAX_REQUEST_BYTES",
    "FieldError",
    "PlaygroundApp",
    "PlaygroundServer",
    "Request",
    "analysis_response",
    "create_app",
    "make_server",
    "parse_request",
]
