"""The redirect service over real HTTP on loopback."""

from __future__ import annotations

import http.client
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sms_codec.links import (
    ClickEvent,
    Link,
    LinkStore,
    MemoryStore,
    RedisStore,
    Shortener,
    SQLiteStore,
    StoreError,
    shorten,
)
from sms_codec.tracking import MaxMindGeo, create_app, is_bot, make_server, parse_user_agent

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
GALAXY = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"
)


class Server:
    def __init__(self, store: LinkStore, **options: Any) -> None:
        self.store = store
        self.app = create_app(store, **options)
        self.httpd = make_server(self.app, "127.0.0.1", 0)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def request(
        self, method: str, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    servers: list[Server] = []

    def start(store: LinkStore | None = None, **options: Any) -> Server:
        server = Server(store if store is not None else MemoryStore(), **options)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def add(store: LinkStore, code: str, long_url: str, *, age: float = 0.0, **kw: Any) -> Link:
    link = Link(code, f"https://sms.example/{code}", long_url, time.time() - age, **kw)
    assert store.add(link)
    return link


def test_redirects_to_the_long_url_exactly(serve: Callable[..., Server]) -> None:
    server = serve()
    add(server.store, "AbC1234", "https://shop.example/a/b?x=1&y=%20z&q=a+b#frag")
    status, headers, body = server.request("GET", "/AbC1234")
    assert status == 302
    assert headers["Location"] == "https://shop.example/a/b?x=1&y=%20z&q=a+b#frag"
    assert headers["Cache-Control"] == "no-store"
    assert body == b"Found\n"


def test_query_string_on_the_short_link_is_ignored(serve: Callable[..., Server]) -> None:
    server = serve()
    add(server.store, "Q1", "https://x.example/")
    status, headers, _ = server.request("GET", "/Q1?utm=evil")
    assert status == 302 and headers["Location"] == "https://x.example/"


def test_unicode_long_url_is_sent_as_an_ascii_uri(serve: Callable[..., Server]) -> None:
    server = serve()
    add(server.store, "Ru1", "https://пример.рф/акция?ц=1")
    status, headers, _ = server.request("GET", "/Ru1")
    assert status == 302
    assert headers["Location"] == (
        "https://xn--e1afmkfd.xn--p1ai/%D0%B0%D0%BA%D1%86%D0%B8%D1%8F?%D1%86=1"
    )


@pytest.mark.parametrize("path", ["/", "/unknown1", "/a/b", "/AbC1234/", "/%3Cscript%3E", "/x-y"])
def test_unknown_paths_are_404_without_echo(serve: Callable[..., Server], path: str) -> None:
    server = serve()
    add(server.store, "AbC1234", "https://x.example/")
    status, headers, body = server.request("GET", path, {"Referer": "<b>hi</b>"})
    assert status == 404
    assert body == b"Not Found\n"
    assert "Location" not in headers
    assert server.store.clicks() == []


def test_expired_link_is_404_and_not_counted(serve: Callable[..., Server]) -> None:
    server = serve()
    now = time.time()
    old = Link("Old1", "https://sms.example/Old1", "https://x.example/", now - 100, now - 1)
    assert server.store.add(old)
    status, headers, body = server.request("GET", "/Old1")
    # Answered as an unknown code (issue 14): a guesser cannot tell it once existed.
    assert (status, body) == (404, b"Not Found\n")
    assert "Location" not in headers
    assert server.store.click_count("Old1") == 0


def test_link_within_validity_redirects(serve: Callable[..., Server]) -> None:
    server = serve()
    now = time.time()
    server.store.add(Link("New1", "https://sms.example/New1", "https://x.example/", now, now + 60))
    assert server.request("GET", "/New1")[0] == 302


def test_click_event_has_the_parsed_fields(serve: Callable[..., Server]) -> None:
    server = serve()
    add(server.store, "Ev1", "https://x.example/p", age=100, tags={"to": "+306900000000"})
    before = time.time()
    status, _, _ = server.request(
        "GET", "/Ev1", {"User-Agent": IPHONE, "Referer": "https://mail.example/inbox"}
    )
    after = time.time()
    assert status == 302
    [event] = server.store.clicks("Ev1")
    assert event["code"] == "Ev1"
    assert event["shortUrl"] == "https://sms.example/Ev1"
    assert event["longUrl"] == "https://x.example/p"
    assert event["tags"] == {"to": "+306900000000"}
    assert before * 1000 - 1 <= event["timestamp"] <= after * 1000 + 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", event["dateTime"])
    assert event["ip"] == "127.0.0.1"
    assert event["country"] is None and event["city"] is None
    assert event["referrer"] == "https://mail.example/inbox"
    assert event["device"] == "iPhone"
    assert event["browser"] == "Mobile Safari"
    assert event["os"] == "iOS"
    assert 100 <= event["lag"] <= 110
    assert event["bot"] is False


def test_android_click(serve: Callable[..., Server]) -> None:
    server = serve()
    add(server.store, "An1", "https://x.example/")
    server.request("GET", "/An1", {"User-Agent": GALAXY})
    [event] = server.store.clicks()
    assert (event["device"], event["browser"], event["os"]) == (
        "Samsung SM-S918B",
        "Chrome Mobile",
        "Android",
    )
    assert event["referrer"] is None


def test_head_is_answered_but_not_counted(serve: Callable[..., Server]) -> None:
    server = serve()
    add(server.store, "Hd1", "https://x.example/")
    status, headers, body = server.request("HEAD", "/Hd1", {"User-Agent": IPHONE})
    assert status == 302 and headers["Location"] == "https://x.example/"
    assert body == b""
    assert server.store.click_count("Hd1") == 0


def test_other_methods_are_405(serve: Callable[..., Server]) -> None:
    server = serve()
    add(server.store, "Po1", "https://x.example/")
    status, headers, _ = server.request("POST", "/Po1")
    assert status == 405 and headers["Allow"] == "GET, HEAD"
    assert server.store.click_count("Po1") == 0


@pytest.mark.parametrize(
    "agent",
    [
        "WhatsApp/2.23.20.0 A",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "TelegramBot (like TwitterBot)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.0.1",
        "python-requests/2.31.0",
    ],
)
def test_previews_and_scanners_are_flagged_bot(serve: Callable[..., Server], agent: str) -> None:
    server = serve()
    add(server.store, "Bt1", "https://x.example/")
    assert server.request("GET", "/Bt1", {"User-Agent": agent})[0] == 302
    [event] = server.store.clicks()
    assert event["bot"] is True


def test_is_bot_leaves_people_alone() -> None:
    assert is_bot(IPHONE) is False
    assert is_bot(GALAXY) is False
    cubot = "Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 Chrome/120.0 Mobile"
    assert is_bot(cubot) is False
    assert is_bot("") is True


def test_parse_user_agent_of_unknown_agent() -> None:
    assert parse_user_agent("NoSuchThing") == (None, None, None)


def test_forwarded_for_ignored_from_untrusted_peer(serve: Callable[..., Server]) -> None:
    server = serve()
    add(server.store, "Ip1", "https://x.example/")
    server.request("GET", "/Ip1", {"X-Forwarded-For": "203.0.113.5"})
    assert server.store.clicks()[0]["ip"] == "127.0.0.1"


def test_forwarded_for_believed_from_trusted_proxy(serve: Callable[..., Server]) -> None:
    server = serve(trusted_proxies=["127.0.0.0/8", "10.0.0.0/8"])
    add(server.store, "Ip2", "https://x.example/")
    server.request("GET", "/Ip2", {"X-Forwarded-For": "198.51.100.77, 203.0.113.5, 10.1.1.1"})
    assert server.store.clicks()[0]["ip"] == "203.0.113.5"


def test_geo_resolver_fills_country_and_city(serve: Callable[..., Server]) -> None:
    asked: list[str] = []

    def geo(ip: str) -> tuple[str | None, str | None]:
        asked.append(ip)
        return "GR", "Athens"

    server = serve(geo=geo)
    add(server.store, "Geo1", "https://x.example/")
    server.request("GET", "/Geo1")
    event = server.store.clicks()[0]
    assert (event["country"], event["city"]) == ("GR", "Athens")
    assert asked == ["127.0.0.1"]


def test_failing_geo_and_callback_do_not_stop_the_redirect(serve: Callable[..., Server]) -> None:
    def geo(ip: str) -> tuple[str | None, str | None]:
        raise RuntimeError("geo down")

    def on_click(event: ClickEvent) -> None:
        raise RuntimeError("callback down")

    server = serve(geo=geo, on_click=on_click)
    add(server.store, "Fl1", "https://x.example/")
    assert server.request("GET", "/Fl1")[0] == 302
    assert server.store.click_count("Fl1") == 1


def test_on_click_gets_each_event(serve: Callable[..., Server]) -> None:
    seen: list[ClickEvent] = []
    server = serve(on_click=seen.append)
    add(server.store, "Cb1", "https://x.example/")
    server.request("GET", "/Cb1")
    server.request("GET", "/Cb1")
    assert [e["code"] for e in seen] == ["Cb1", "Cb1"]


def test_end_to_end_shorten_then_click(serve: Callable[..., Server], tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "e2e.db")
    server = serve(store)
    shortener = Shortener(f"http://127.0.0.1:{server.port}/", store=store, code_length=8)
    out = shorten("Sale at shop.example.com/x!", shortener, tags={"to": "+1555"})
    code = out.urls[0]["shortUrl"].rsplit("/", 1)[1]
    status, headers, _ = server.request("GET", "/" + code)
    assert status == 302 and headers["Location"] == "http://shop.example.com/x"
    assert store.clicks(code)[0]["tags"] == {"to": "+1555"}
    store.close()


def test_maxmind_geo_needs_a_readable_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open MaxMind database"):
        MaxMindGeo(tmp_path / "missing.mmdb")


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_load_2000_clicks_from_16_threads_loses_none(
    serve: Callable[..., Server], tmp_path: Path, kind: str, request: pytest.FixtureRequest
) -> None:
    store: LinkStore
    if kind == "sqlite":
        store = SQLiteStore(tmp_path / "load.db")
    else:
        store = RedisStore(request.getfixturevalue("redis_url"), prefix=f"load-{uuid.uuid4().hex}")
    server = serve(store, rate=None)  # every request comes from 127.0.0.1
    codes = [f"Load{n}" for n in range(4)]
    for code in codes:
        add(store, code, f"https://x.example/{code}")
    statuses: list[int] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        mine = []
        for i in range(125):
            mine.append(server.request("GET", "/" + codes[(n + i) % 4], {"User-Agent": GALAXY})[0])
        with lock:
            statuses.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert statuses == [302] * 2000
    assert len(store.clicks()) == 2000
    assert [store.click_count(code) for code in codes] == [500, 500, 500, 500]
    if isinstance(store, RedisStore):
        client: Any = store._client
        client.delete(*client.keys(f"{store.prefix}:*"))
    store.close()


# ------------------------------------------------------------------ MaxMind geo, real reader


def _mmdb_value(value: Any) -> bytes:
    """Encode one value in the MaxMind DB data format (the few types a test needs)."""
    import struct

    def control(kind: int, size: int) -> bytes:
        assert size < 29
        if kind <= 7:
            return bytes([(kind << 5) | size])
        return bytes([size, kind - 7])

    if isinstance(value, str):
        raw = value.encode("utf-8")
        return control(2, len(raw)) + raw
    if isinstance(value, dict):
        out = control(7, len(value))
        for key, item in value.items():
            out += _mmdb_value(key) + _mmdb_value(item)
        return out
    if isinstance(value, list):
        return control(11, len(value)) + b"".join(_mmdb_value(v) for v in value)
    if isinstance(value, tuple):  # ("u16" | "u32" | "u64", number)
        width = {"u16": 2, "u32": 4, "u64": 8}[value[0]]
        kind = {"u16": 5, "u32": 6, "u64": 9}[value[0]]
        raw = struct.pack(">Q", value[1])[8 - width :].lstrip(b"\0")
        return control(kind, len(raw)) + raw
    raise TypeError(value)


def write_mmdb(path: Path, network: str, record: dict[str, Any]) -> None:
    """A one-network IPv4 MaxMind DB (24-bit records) mapping ``network`` to ``record``."""
    import ipaddress

    net = ipaddress.ip_network(network)
    bits = format(int(net.network_address), "032b")[: net.prefixlen]
    node_count = len(bits)
    data_pointer = node_count + 16
    tree = b""
    for i, bit in enumerate(bits):
        onward = i + 1 if i + 1 < node_count else data_pointer
        left, right = (onward, node_count) if bit == "0" else (node_count, onward)
        tree += left.to_bytes(3, "big") + right.to_bytes(3, "big")
    metadata = {
        "node_count": ("u32", node_count),
        "record_size": ("u16", 24),
        "ip_version": ("u16", 4),
        "database_type": "Test-City",
        "languages": ["en"],
        "binary_format_major_version": ("u16", 2),
        "binary_format_minor_version": ("u16", 0),
        "build_epoch": ("u64", 1700000000),
        "description": {"en": "test"},
    }
    path.write_bytes(
        tree
        + b"\0" * 16
        + _mmdb_value(record)
        + b"\xab\xcd\xefMaxMind.com"
        + _mmdb_value(metadata)
    )


def test_maxmind_geo_reads_country_and_city(tmp_path: Path, serve: Callable[..., Server]) -> None:
    try:
        import maxminddb  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("maxminddb is not installed in CI: install the test extra")
        pytest.skip("maxminddb is not installed")
    db = tmp_path / "city.mmdb"
    write_mmdb(
        db,
        "127.0.0.0/8",
        {"country": {"iso_code": "GR"}, "city": {"names": {"en": "Athens", "el": "Αθήνα"}}},
    )
    geo = MaxMindGeo(db)
    assert geo("127.0.0.1") == ("GR", "Athens")
    assert geo("198.51.100.1") == (None, None)
    assert geo("not an address") == (None, None)
    server = serve(geo=geo)
    add(server.store, "Mm1", "https://x.example/")
    server.request("GET", "/Mm1")
    event = server.store.clicks()[0]
    assert (event["country"], event["city"]) == ("GR", "Athens")
    geo.close()


@pytest.mark.parametrize(
    "long_url",
    [
        "javascript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/",
        "ftp://files.example/x",
        "https://x.example/a b",
        "https://x.example/\r\nSet-Cookie: a=b",
    ],
)
def test_a_stored_url_that_is_not_http_is_never_redirected_to(
    serve: Callable[..., Server], long_url: str
) -> None:
    # A store shared with other writers (Redis, a user's own class) may hold anything;
    # the service checks the URL again instead of trusting it.
    server = serve()
    add(server.store, "Bad1", long_url)
    status, headers, body = server.request("GET", "/Bad1")
    assert (status, body) == (500, b"Internal Server Error\n")
    assert "Location" not in headers
    assert server.store.click_count("Bad1") == 0


@pytest.mark.parametrize(
    "request_line",
    [
        b"GET /x HTTP/1.1<script>alert(1)</script>",
        b"GARBAGE<b>evil</b>",
        b"GET /x HTTP/1.1 <i>extra</i>",
    ],
)
def test_malformed_request_lines_are_not_echoed(
    serve: Callable[..., Server], request_line: bytes
) -> None:
    import socket

    server = serve()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(request_line + b"\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert b"400" in reply
    for echoed in (b"script", b"evil", b"extra", b"GARBAGE", b"&lt;"):
        assert echoed not in reply


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)",
        "Iframely/1.3.1 (+https://iframely.com/docs/about)",
        "Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)",
        "Google-Safety",
        "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
        "axios/1.6.0",
    ],
)
def test_more_previews_and_scripts_are_bots(agent: str) -> None:
    assert is_bot(agent) is True


def test_telegram_in_app_browser_is_a_person() -> None:
    # Telegram's preview fetcher is "TelegramBot"; its in-app browser is a person tapping.
    telegram_webview = (
        "Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 "
        "Mobile Safari/537.36 Telegram-Android/10.5.0 (Samsung SM-A536B; Android 13; SDK 33)"
    )
    assert is_bot(telegram_webview) is False
    assert is_bot("TelegramBot (like TwitterBot)") is True


@pytest.mark.parametrize(
    ("long_url", "location"),
    [
        # Browsers encode hosts the UTS #46 non-transitional way: ß and ς stay themselves.
        # IDNA 2003 (Python's "idna" codec) made them "ss" and "σ", another domain.
        ("https://straße.de/x", "https://xn--strae-oqa.de/x"),
        ("https://faß.de", "https://xn--fa-hia.de"),
        ("https://σίσυφος.gr/", "https://xn--kxa6ajbbmh.gr/"),
        ("https://Пример.рф/", "https://xn--e1afmkfd.xn--p1ai/"),
        ("https://ＥＸＡＭＰＬＥ.com/", "https://example.com/"),
    ],
)
def test_idn_hosts_are_sent_as_browsers_encode_them(
    serve: Callable[..., Server], long_url: str, location: str
) -> None:
    server = serve()
    add(server.store, "Idn1", long_url)
    status, headers, _ = server.request("GET", "/Idn1")
    assert (status, headers["Location"]) == (302, location)
