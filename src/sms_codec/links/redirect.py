"""The redirect service: a WSGI app that sends ``GET /<code>`` on to the long URL and
records the click.

``302`` to the long URL as stored, ``404`` for an unknown code, ``410`` once the link's
validity has passed. Each ``GET`` that redirects records a :class:`~sms_codec.links.ClickEvent`
(``HEAD`` is answered but not counted). Response bodies are fixed texts: nothing from the
request is ever echoed back.

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

import ipaddress
import logging
import socketserver
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer
from wsgiref.simple_server import make_server as _wsgiref_make_server

import regex

from sms_codec._checks import optional_module
from sms_codec.errors import ArgumentTypeError, LinkError, StoreError
from sms_codec.links.clicks import GeoResolver, click_event
from sms_codec.links.model import ClickEvent, Link
from sms_codec.links.stores import LinkStore
from sms_codec.urls import ascii_host, check_long_url

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["RedirectApp", "create_app", "make_server"]

log = logging.getLogger("sms_codec.tracking")

_CODE = regex.compile(r"[A-Za-z0-9]{1,64}")


def _location(long_url: str) -> str:
    if long_url.isascii():
        return long_url
    parts = urlsplit(long_url)
    netloc = parts.netloc
    userinfo, at, hostport = netloc.rpartition("@")
    printable = "".join(chr(c) for c in range(0x21, 0x7F))
    if not hostport.isascii():
        host, colon, port = hostport.partition(":")
        try:
            hostport = ascii_host(host) + colon + port
        except UnicodeError:
            hostport = quote(hostport, safe=printable)
    netloc = quote(userinfo, safe=printable) + at + hostport
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=printable),
            quote(parts.query, safe=printable),
            quote(parts.fragment, safe=printable),
        )
    )


class RedirectApp:
    """The WSGI application :func:`create_app` returns."""

    def __init__(
        self,
        store: LinkStore,
        *,
        on_click: Callable[[ClickEvent], object] | None = None,
        geo: GeoResolver | None = None,
        trusted_proxies: Iterable[str] = (),
        clock: Callable[[], float] = time.time,
    ) -> None:
        # Every click's User-Agent is parsed: fail at start-up, not on the first visitor.
        optional_module("ua_parser", "links", "the redirect service")
        self.store = store
        self.on_click = on_click
        self.geo = geo
        self.clock = clock
        try:
            self.trusted_proxies = tuple(
                ipaddress.ip_network(proxy, strict=False) for proxy in trusted_proxies
            )
        except ValueError as error:
            raise StoreError(f"bad trusted proxy: {error}") from error

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted_proxies)

    def client_ip(self, environ: WSGIEnvironment) -> str | None:
        """The client's address: ``REMOTE_ADDR``, or the nearest untrusted hop of
        ``X-Forwarded-For`` when ``REMOTE_ADDR`` is a trusted proxy."""
        remote = environ.get("REMOTE_ADDR") or None
        if not isinstance(remote, str) or not self._trusted(remote):
            return remote if isinstance(remote, str) else None
        forwarded = environ.get("HTTP_X_FORWARDED_FOR") or ""
        client = remote
        for hop in reversed([h.strip() for h in str(forwarded).split(",") if h.strip()]):
            try:
                ipaddress.ip_address(hop)
            except ValueError:
                break
            client = hop
            if not self._trusted(hop):
                break
        return client

    def click_event(self, link: Link, environ: WSGIEnvironment, now: float) -> ClickEvent:
        """The click event of one ``GET`` of ``link``."""
        return click_event(link, environ, now, ip=self.client_ip(environ), geo=self.geo)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            allow = [("Allow", "GET, HEAD")]
            return self._reply(start_response, method, "405 Method Not Allowed", allow)
        path = environ.get("PATH_INFO", "")
        code = path[1:] if isinstance(path, str) and path.startswith("/") else ""
        if not _CODE.fullmatch(code):
            return self._reply(start_response, method, "404 Not Found")
        try:
            link = self.store.get(code)
        except StoreError:
            log.exception("store lookup failed for %s", code)
            return self._reply(start_response, method, "503 Service Unavailable")
        if link is None:
            return self._reply(start_response, method, "404 Not Found")
        now = self.clock()
        if link.expired(now):
            return self._reply(start_response, method, "410 Gone")
        try:
            # Checked again here: a shared store may hold a URL no Shortener would make.
            location = _location(check_long_url(link.long_url))
        except (LinkError, ArgumentTypeError):
            location = ""
        if not location or not location.isprintable() or not location.isascii():
            log.error("stored URL of %s cannot be sent as a Location header", code)
            return self._reply(start_response, method, "500 Internal Server Error")
        if method == "GET":
            self._record(link, environ, now)
        return self._reply(start_response, method, "302 Found", [("Location", location)])

    def _record(self, link: Link, environ: WSGIEnvironment, now: float) -> None:
        try:
            event = self.click_event(link, environ, now)
            self.store.record_click(event)
        except Exception:
            # The person still gets their page; a lost click is logged, not shown.
            log.exception("could not record a click on %s", link.code)
            return
        if self.on_click is not None:
            try:
                self.on_click(event)
            except Exception:
                log.exception("on_click failed for a click on %s", link.code)

    @staticmethod
    def _reply(
        start_response: StartResponse,
        method: str,
        status: str,
        extra: list[tuple[str, str]] | None = None,
    ) -> list[bytes]:
        body = (status.split(" ", 1)[1] + "\n").encode("ascii")
        headers = [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            *(extra or []),
        ]
        start_response(status, headers)
        return [] if method == "HEAD" else [body]


def create_app(
    store: LinkStore,
    *,
    on_click: Callable[[ClickEvent], object] | None = None,
    geo: GeoResolver | None = None,
    trusted_proxies: Iterable[str] = (),
) -> RedirectApp:
    """The redirect service as a WSGI app over ``store``.

    ``on_click`` is called with each recorded :class:`~sms_codec.links.ClickEvent`;
    ``geo`` fills ``country``/``city`` (for example :class:`MaxMindGeo`; none by default);
    ``X-Forwarded-For`` is believed only from ``trusted_proxies`` (addresses or networks).

    >>> from sms_codec.links import MemoryStore
    >>> app = create_app(MemoryStore(), trusted_proxies=["10.0.0.0/8"])
    >>> app.client_ip({"REMOTE_ADDR": "10.1.2.3", "HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    '203.0.113.9'
    >>> app.client_ip({"REMOTE_ADDR": "198.51.100.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    '198.51.100.1'
    """
    return RedirectApp(store, on_click=on_click, geo=geo, trusted_proxies=trusted_proxies)


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # The standard library's messages quote the offending request line ("Bad request
        # version ('...')") in the status line and the page; send the fixed texts instead.
        super().send_error(code)


def make_server(app: WSGIApplication, host: str = "127.0.0.1", port: int = 8080) -> WSGIServer:
    """A threaded HTTP server for ``app`` from the standard library (port 0: any free one).

    Good for tests and small sites; run a fleet under gunicorn instead (see docs/links.md).

    >>> from sms_codec.links import MemoryStore
    >>> server = make_server(create_app(MemoryStore()), "127.0.0.1", 0)
    >>> server.server_address[1] > 0
    True
    >>> server.server_close()
    """
    return _wsgiref_make_server(
        host, port, app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
    )
