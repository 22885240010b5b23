"""The redirect service: a WSGI app that sends ``GET /<code>`` on to the long URL and
records the click.

``302`` to the long URL as stored; ``404`` for an unknown code and, identically, for one
whose validity has passed. Each ``GET`` that redirects records a
:class:`~sms_codec.links.ClickEvent` first (``HEAD`` is answered but not counted): when
the store cannot take it within ``record_retry`` seconds the answer is ``503`` with
``Retry-After``, never a redirect without its click. Each client address has a token
bucket (``429`` with ``Retry-After`` when empty). Response bodies are fixed texts:
nothing from the request is ever echoed back.

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
import math
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote, urlsplit, urlunsplit

import regex

from sms_codec._checks import optional_module
from sms_codec.errors import ArgumentTypeError, LinkError, OptionError, StoreError
from sms_codec.links.clicks import GeoResolver, click_event
from sms_codec.links.model import ClickEvent, Link
from sms_codec.links.ratelimit import DEFAULT_BURST, DEFAULT_RATE, TokenBuckets
from sms_codec.links.server import SERVER_NAME, RedirectServer
from sms_codec.links.stores import CLICK_ID_SECONDS, LinkStore
from sms_codec.urls import ascii_host, check_long_url

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = [
    "DEFAULT_RECORD_RETRY",
    "RETRY_COOKIE",
    "RedirectApp",     "RedirectServer",
    "create_app",
    "make_server",
]

_T = TypeVar("_T")

log = logging.getLogger("sms_codec.tracking")

_CODE = regex.compile(r"[A-Za-z0-9]{1,64}")
#: Seconds a click (or a lookup) is retried while the store fails, before ``503``.
DEFAULT_RECORD_RETRY = 2.0
_FIRST_PAUSE, _LONGEST_PAUSE = 0.05, 0.4
#: The cookie a ``503`` sets with the click's id, so that the visitor's retry is recorded
#: under the same id (and once, by a store that drops repeated ids, as RedisStore does).
RETRY_COOKIE = "sms_click"
_RETRY_ID = regex.compile(rf"(?:^|;)\s*{RETRY_COOKIE}=([0-9a-f]{{32}})\s*(?:;|$)")


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
        rate: float | None = DEFAULT_RATE,
        burst: int = DEFAULT_BURST,
        record_retry: float = DEFAULT_RECORD_RETRY,
    ) -> None:
        # Every click's User-Agent is parsed: fail at start-up, not on the first visitor.
        optional_module("ua_parser", "links", "the redirect service")
        self.store = store
        self.on_click = on_click
        self.geo = geo
        self.clock = clock
        self.limits = None if rate is None else TokenBuckets(rate, burst)
        if (
            isinstance(record_retry, bool)
            or not isinstance(record_retry, (int, float))
            or not 0 <= record_retry <= 60
        ):
            raise OptionError(f"record_retry must be 0 to 60 seconds, got {record_retry!r}")
        self.record_retry = float(record_retry)
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
        ip = self.client_ip(environ)
        if self.limits is not None:
            wait = self.limits.take(ip or "", time.monotonic())
            if wait > 0:
                after = [("Retry-After", str(max(1, math.ceil(wait))))]
                return self._reply(start_response, method, "429 Too Many Requests", after)
        path = environ.get("PATH_INFO", "")
        code = path[1:] if isinstance(path, str) and path.startswith("/") else ""
        if not _CODE.fullmatch(code):
            return self._reply(start_response, method, "404 Not Found")
        unavailable = [("Retry-After", "1")]
        try:
            link = self._retrying(lambda: self.store.get(code), f"look up {code}")
        except Exception:
            return self._reply(start_response, method, "503 Service Unavailable", unavailable)
        now = self.clock()
        # An expired code is answered as an unknown one: a guesser learns nothing of
        # which codes were ever issued.
        if link is None or link.expired(now):
            return self._reply(start_response, method, "404 Not Found")
        try:
            # Checked again here: a shared store may hold a URL no Shortener would make.
            location = _location(check_long_url(link.long_url))
        except (LinkError, ArgumentTypeError):
            location = ""
        if not location or not location.isprintable() or not location.isascii():
            log.error("stored URL of %s cannot be sent as a Location header", code)
            return self._reply(start_response, method, "500 Internal Server Error")
        retried = None
        if method == "GET":
            event = click_event(link, environ, now, ip=ip, geo=self.geo)
            cookie = environ.get("HTTP_COOKIE")
            retried = _RETRY_ID.search(cookie[:4096]) if isinstance(cookie, str) else None
            if retried:
                event["id"] = retried.group(1)
            try:
                self._retrying(lambda: self.store.record_click(event), f"record a click on {code}")
            except Exception:
                # No redirect without its click: the visitor's retry records it, under
                # the same id in case this write did reach the store after all.
                keep = f"{RETRY_COOKIE}={event['id']}; Max-Age={CLICK_ID_SECONDS}"
                unavailable.append(("Set-Cookie", f"{keep}; Path=/{code}; HttpOnly; SameSite=Lax"))
                return self._reply(start_response, method, "503 Service Unavailable", unavailable)
            if self.on_click is not None:
                try:
                    self.on_click(event)
                except Exception:
                    log.exception("on_click failed for a click on %s", link.code)
        found = [("Location", location)]
        if method == "GET" and retried:
            found.append(("Set-Cookie", f"{RETRY_COOKIE}=; Max-Age=0; Path=/{code}; HttpOnly"))
        return self._reply(start_response, method, "302 Found", found)

    def _retrying(self, attempt: Callable[[], _T], what: str) -> _T:
        """``attempt()``, tried again after 50, 100, 200, 400, 400... ms while it raises,
        for at most ``record_retry`` seconds; the last error is logged and raised."""
        deadline = time.monotonic() + self.record_retry
        pause = _FIRST_PAUSE
        while True:
            try:
                return attempt()
            except Exception:
                if time.monotonic() + pause > deadline:
                    log.exception("could not %s within %.1f s", what, self.record_retry)
                    raise
            time.sleep(pause)
            pause = min(pause * 2, _LONGEST_PAUSE)

    @staticmethod
    def _reply(
        start_response: StartResponse,
        method: str,
        status: str,
        extra: list[tuple[str, str]] | None = None,
    ) -> list[bytes]:
        body = (status.split(" ", 1)[1] + "\n").encode("ascii")
        headers = [
            ("Server", SERVER_NAME),
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
    rate: float | None = DEFAULT_RATE,
    burst: int = DEFAULT_BURST,
    record_retry: float = DEFAULT_RECORD_RETRY,
) -> RedirectApp:
    """The redirect service as a WSGI app over ``store``.

    ``on_click`` is called with each recorded :class:`~sms_codec.links.ClickEvent`;
    ``geo`` fills ``country``/``city`` (for example :class:`MaxMindGeo`; none by default);
    ``X-Forwarded-For`` is believed only from ``trusted_proxies`` (addresses or networks).
    Each client address may make ``burst`` requests at once and ``rate`` a second on
    average (``rate=None``: no limit); a failing store is retried for ``record_retry``
    seconds before ``503``.

    >>> from sms_codec.links import MemoryStore
    >>> app = create_app(MemoryStore(), trusted_proxies=["10.0.0.0/8"])
    >>> app.client_ip({"REMOTE_ADDR": "10.1.2.3", "HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    '203.0.113.9'
    >>> app.client_ip({"REMOTE_ADDR": "198.51.100.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    '198.51.100.1'
    """
    return RedirectApp(
        store,
        on_click=on_click,
        geo=geo,
        trusted_proxies=trusted_proxies,
        rate=rate,
        burst=burst,
        record_retry=record_retry,
    )


def make_server(
    app: WSGIApplication,
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    workers: int = 16,
    max_connections: int = 1024,
    read_timeout: float = 10.0,
) -> RedirectServer:
    """An HTTP server for ``app`` (port 0: any free one) with ``workers`` threads, at
    most ``max_connections`` connections waiting for their request, each for at most
    ``read_timeout`` seconds (see :class:`~sms_codec.links.server.RedirectServer`).

    >>> from sms_codec.links import MemoryStore
    >>> server = make_server(create_app(MemoryStore()), "127.0.0.1", 0)
    >>> server.server_address[1] > 0
    True
    >>> server.server_close()
    """
    return RedirectServer(
        (host, port),
        app,
        workers=workers,
        max_connections=max_connections,
        read_timeout=read_timeout,
    )
