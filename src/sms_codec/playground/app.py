"""The playground as a WSGI application: the page, its two files, and the JSON API.

``GET /`` is the page, ``GET /playground.css`` and ``GET /playground.js`` its style and
script (all three shipped in the package, under ``static/``); ``GET /api/meta`` lists the
national languages, encodings, transliteration modes and size bounds; ``POST
/api/analyze`` answers :func:`~sms_codec.playground.api.analysis_response`. Every error is
JSON, ``{"error": {"status", "type", "field", "message"}}``: 400 for a bad request
(``field`` names the bad field), 404, 405 (with ``Allow``), 411 without a length, 413 past
:data:`~sms_codec.playground.api.MAX_REQUEST_BYTES` or
:data:`~sms_codec.playground.api.MAX_BODY_CHARACTERS`, 415 for a body that is not JSON.

>>> import io, json
>>> app = create_app()
>>> seen = []
>>> data = b'{"body": "Hello"}'
>>> reply = app({"REQUEST_METHOD": "POST", "PATH_INFO": "/api/analyze",
...              "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(data)),
...              "wsgi.input": io.BytesIO(data)},
...             lambda status, headers: seen.append(status))
>>> seen, json.loads(b"".join(reply))["remaining"]
(['200 OK'], 155)
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..errors import SizeLimitError
from ..tables import LANGUAGES
from ..transliteration import Mode
from .api import (
    FIELDS,
    MAX_BODY_CHARACTERS,
    MAX_REQUEST_BYTES,
    FieldError,
    analysis_response,
    parse_request,
)

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

__all__ = ["SECURITY_HEADERS", "STATIC_FILES", "PlaygroundApp", "create_app"]

log = logging.getLogger("sms_codec.playground")

#: The page's files: path -> (file under ``static/``, content type).
STATIC_FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/playground.css": ("playground.css", "text/css; charset=utf-8"),
    "/playground.js": ("playground.js", "text/javascript; charset=utf-8"),
}

#: Sent with every answer. The policy allows only the page's own script and style, so
#: even a text that slipped past the escaping could not run or load anything.
SECURITY_HEADERS = [
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
]

# A client that sends more than MAX_REQUEST_BYTES is read and dropped up to this bound,
# so that it gets its 413 instead of a reset connection; beyond it, the connection closes.
_DRAIN_BYTES = 4 * MAX_REQUEST_BYTES
_STATUS = {
    400: "400 Bad Request", 404: "404 Not Found", 405: "405 Method Not Allowed",
    411: "411 Length Required", 413: "413 Content Too Large",
    415: "415 Unsupported Media Type", 500: "500 Internal Server Error",
}


class _Refusal(Exception):
    def __init__(self, status: int, kind: str, message: str, field: str | None = None,
                 headers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status, self.kind, self.message, self.field = status, kind, message, field
        self.headers = headers or []


def _meta() -> dict[str, Any]:
    languages = [
        {"code": code, "name": language.name, "locking": language.locking is not None}
        for code, language in LANGUAGES.items()
    ]
    return {
        "version": __version__,
        "fields": list(FIELDS),
        "languages": languages,
        "encodings": ["auto", "gsm7", "ucs2"],
        "transcodeModes": [mode.value for mode in Mode],
        "limits": {"requestBytes": MAX_REQUEST_BYTES, "bodyCharacters": MAX_BODY_CHARACTERS},
    }


class PlaygroundApp:
    """The WSGI application :func:`create_app` returns; it keeps no state between requests."""

    def __init__(self) -> None:
        folder = resources.files("sms_codec.playground") / "static"
        self.files = {
            path: ((folder / name).read_bytes(), kind)
            for path, (name, kind) in STATIC_FILES.items()
        }
        self.meta = json.dumps(_meta(), ensure_ascii=False).encode("utf-8")

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET"))
        path = str(environ.get("PATH_INFO", ""))
        try:
            try:
                status, kind, body = self._route(method, path, environ)
            except (_Refusal, OSError):
                raise
            except Exception as bug:  # a bug of ours: logged, answered in JSON all the same
                log.exception("the playground failed on %s %s", method, path)
                message = "the playground failed; see its log"
                raise _Refusal(500, "InternalError", message) from bug
        except _Refusal as refusal:
            error = {"status": refusal.status, "type": refusal.kind, "field": refusal.field,
                     "message": refusal.message}
            payload = json.dumps({"error": error}).encode("ascii")
            return self._reply(start_response, method, refusal.status,
                               "application/json; charset=utf-8", payload, refusal.headers)
        return self._reply(start_response, method, status, kind, body)

    def _route(self, method: str, path: str, environ: WSGIEnvironment) -> tuple[int, str, bytes]:
        if path in self.files or path == "/api/meta":
            if method not in ("GET", "HEAD"):
                raise _Refusal(405, "MethodNotAllowed", f"{path} answers GET and HEAD",
                               headers=[("Allow", "GET, HEAD")])
            if path == "/api/meta":
                return 200, "application/json; charset=utf-8", self.meta
            body, kind = self.files[path]
            return 200, kind, body
        if path != "/api/analyze":
            raise _Refusal(404, "NotFound", "no such page; the playground is at /")
        if method != "POST":
            raise _Refusal(405, "MethodNotAllowed", "/api/analyze answers POST",
                           headers=[("Allow", "POST")])
        data = self._read(environ)
        try:
            request = parse_request(data)
            answer = analysis_response(request)
        except FieldError as error:
            status = 413 if isinstance(error.error, SizeLimitError) else 400
            raise _Refusal(status, type(error.error).__name__, str(error), error.field) from error
        return 200, "application/json; charset=utf-8", json.dumps(
            answer, ensure_ascii=False
        ).encode("utf-8")

    @staticmethod
    def _read(environ: WSGIEnvironment) -> bytes:
        kind = str(environ.get("CONTENT_TYPE", "")).partition(";")[0].strip().lower()
        if kind != "application/json":
            raise _Refusal(415, "UnsupportedMediaType", "send the request as application/json")
        try:
            length = int(str(environ.get("CONTENT_LENGTH") or ""))
        except ValueError:
            length = -1
        if length < 0:
            raise _Refusal(411, "LengthRequired", "the request needs a Content-Length")
        stream = environ["wsgi.input"]
        if length > MAX_REQUEST_BYTES:
            if length <= _DRAIN_BYTES:
                left = length
                while left > 0 and (chunk := stream.read(min(left, 65536))):
                    left -= len(chunk)
            raise _Refusal(413, "SizeLimitError",
                           f"the request has {length} bytes; the bound is {MAX_REQUEST_BYTES}")
        data: bytes = stream.read(length)
        if len(data) != length:
            raise _Refusal(400, "IncompleteRead",
                           f"the request ended after {len(data)} of {length} bytes")
        return data

    @staticmethod
    def _reply(start_response: StartResponse, method: str, status: int, kind: str,
               body: bytes, extra: list[tuple[str, str]] | None = None) -> list[bytes]:
        headers = [("Content-Type", kind), ("Content-Length", str(len(body))),
                   *SECURITY_HEADERS, *(extra or [])]
        start_response(_STATUS.get(status, "200 OK"), headers)
        return [] if method == "HEAD" else [body]


def create_app() -> PlaygroundApp:
    """The playground as a WSGI app (any WSGI server runs it; :func:`make_server` is a
    small one from the standard library).

    >>> seen = []
    >>> page = create_app()({"REQUEST_METHOD": "GET", "PATH_INFO": "/"},
    ...                     lambda status, headers: seen.append((status, dict(headers))))
    >>> seen[0][0], seen[0][1]["Content-Type"], b"<textarea" in page[0]
    ('200 OK', 'text/html; charset=utf-8', True)
    """
    return PlaygroundApp()
