"""Issue 14 item 1: the redirect service in front of the internet, over real loopback
sockets: bounded threads and connections, timeouts, capped User-Agent parsing, the real
X-Forwarded-For only, a rate limit, no oracle of which codes existed, no Python version
in ``Server``, and escaped logs."""

from __future__ import annotations

import contextlib
import http.client
import logging
import resource
import selectors
import socket
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sms_codec.cli import links as cli_links
from sms_codec.errors import ArgumentTypeError, OptionError
from sms_codec.links import Link, LinkStore, MemoryStore
from sms_codec.links import clicks as clicks_module
from sms_codec.links.ratelimit import DEFAULT_BURST, DEFAULT_RATE, TokenBuckets
from sms_codec.tracking import create_app, make_server, parse_user_agent

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


class Running:
    """A server of ``app`` on a free loopback port, served by a thread."""

    def __init__(self, app: Any, **options: Any) -> None:
        self.httpd = make_server(app, "127.0.0.1", 0, **options)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def get(
        self, path: str, headers: list[tuple[str, str]] | None = None, method: str = "GET"
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for name, value in headers or []:
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def raw(self, data: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(data)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def run() -> Iterator[Callable[..., Running]]:
    started: list[Running] = []

    def start(app: Any, **options: Any) -> Running:
        server = Running(app, **options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def add(store: LinkStore, code: str, *, expires: float | None = None) -> None:
    now = time.time()
    link = Link(code, f"https://sms.example/{code}", f"https://x.example/{code}", now - 5, expires)
    assert store.add(link)


def headers_of(reply: bytes) -> dict[str, str]:
    head = reply.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    return dict(line.split(": ", 1) for line in head)


@contextlib.contextmanager
def open_files(needed: int) -> Iterator[None]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            pytest.fail(f"the test needs {needed} open files, the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


# ------------------------------------------------------------------ connections and threads


def test_1000_half_open_connections_leave_the_service_answering_with_bounded_threads(
    run: Callable[..., Running],
) -> None:
    store = MemoryStore()
    add(store, "Half1")
    with open_files(4096):
        server = run(create_app(store, rate=None), workers=4, read_timeout=2.5)
        threads_before = threading.active_count()
        idle: list[socket.socket] = []
        try:
            for n in range(1000):
                sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
                if n % 2:  # half send a request head that never ends, half send nothing
                    sock.sendall(b"GET /Half1 HTTP/1.1\r\nHost: sms.example\r\n")
                idle.append(sock)
            waiting: Any = server.httpd._waiting
            deadline = time.monotonic() + 5
            while len(waiting) < 1000 and time.monotonic() < deadline:
                time.sleep(0.01)
            answers = [server.get("/Half1")[0] for _ in range(20)]
            still_open = len(waiting)
            assert answers == [302] * 20
            assert still_open == 1000  # answered while all 1,000 still hang open
            assert threading.active_count() == threads_before
            workers = [t for t in threading.enumerate() if t.name.startswith("sms-codec-worker")]
            assert len(workers) == 4
            # Past read_timeout the server closes every one of them.
            selector = selectors.DefaultSelector()
            for sock in idle:
                sock.setblocking(False)
                selector.register(sock, selectors.EVENT_READ)
            closed = 0
            deadline = time.monotonic() + 8
            while closed < len(idle) and time.monotonic() < deadline:
                for key, _ in selector.select(0.5):
                    sock = key.fileobj  # type: ignore[assignment]
                    try:
                        data = sock.recv(1024)
                    except ConnectionResetError:
                        data = b""
                    assert data == b""  # closed without an answer
                    selector.unregister(sock)
                    closed += 1
            selector.close()
            assert closed == 1000
            assert len(waiting) == 0
        finally:
            for sock in idle:
                sock.close()
    assert store.click_count("Half1") == 20


def test_waiting_connections_past_the_bound_close_the_oldest(run: Callable[..., Running]) -> None:
    store = MemoryStore()
    add(store, "Bound1")
    server = run(create_app(store, rate=None), workers=2, max_connections=8, read_timeout=30)
    first = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(8)]
    time.sleep(0.2)
    later = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(8)]
    try:
        for sock in first:
            assert sock.recv(10) == b""  # the eight oldest were closed to make room
        assert server.get("/Bound1")[0] == 302
    finally:
        for sock in first + later:
            sock.close()


def test_a_request_head_over_the_bound_is_431(run: Callable[..., Running]) -> None:
    server = run(create_app(MemoryStore()))
    reply = server.raw(b"GET /x HTTP/1.0\r\nX-Pad: " + b"a" * 20000 + b"\r\n\r\n")
    assert reply.startswith(b"HTTP/1.0 431 Request Header Fields Too Large\r\n")
    assert headers_of(reply)["Server"] == "sms-codec"


def test_busy_workers_answer_503_with_retry_after(run: Callable[..., Running]) -> None:
    release = threading.Event()
    entered = threading.Event()

    def slow(environ: Any, start_response: Any) -> list[bytes]:
        entered.set()
        release.wait(10)
        start_response("200 OK", [("Content-Length", "3")])
        return [b"ok\n"]

    server = run(slow, workers=1)
    replies: list[bytes] = []
    lock = threading.Lock()

    def one() -> None:
        reply = server.raw(b"GET / HTTP/1.0\r\n\r\n")
        with lock:
            replies.append(reply)

    threads = [threading.Thread(target=one)]
    threads[0].start()
    assert entered.wait(10)  # the one worker holds the first request
    for _ in range(4):  # the queue holds 4 per worker
        threads.append(threading.Thread(target=one))
        threads[-1].start()
    jobs: Any = server.httpd._jobs
    deadline = time.monotonic() + 10
    while jobs.qsize() < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert jobs.qsize() == 4
    busy = server.raw(b"GET / HTTP/1.0\r\n\r\n")
    release.set()
    for thread in threads:
        thread.join(10)
    assert busy.startswith(b"HTTP/1.0 503 Service Unavailable\r\n")
    assert headers_of(busy)["Retry-After"] == "1"
    assert sorted(r.split(b"\r\n", 1)[0] for r in replies) == [b"HTTP/1.0 200 OK"] * 5


def test_server_options_are_checked() -> None:
    app = create_app(MemoryStore())
    with pytest.raises(OptionError, match="workers must be a positive int, got 0"):
        make_server(app, "127.0.0.1", 0, workers=0)
    with pytest.raises(OptionError, match="read_timeout must be a positive number"):
        make_server(app, "127.0.0.1", 0, read_timeout=-1)


# ------------------------------------------------------------------ what a response tells


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /Srv1 HTTP/1.0\r\n\r\n",  # 302
        b"GET /nope HTTP/1.0\r\n\r\n",  # 404
        b"POST /Srv1 HTTP/1.0\r\nContent-Length: 0\r\n\r\n",  # 405
        b"GET /a b HTTP/1.0\r\n\r\n",  # 400 from the HTTP layer
    ],
)
def test_server_header_never_names_python(
    run: Callable[..., Running], request_bytes: bytes
) -> None:
    store = MemoryStore()
    add(store, "Srv1")
    reply = run(create_app(store)).raw(request_bytes)
    assert headers_of(reply)["Server"] == "sms-codec"
    assert b"Python" not in reply and b"WSGIServer" not in reply


def test_an_unsupported_version_gets_no_headers_at_all(run: Callable[..., Running]) -> None:
    # http.server answers an unknown version as HTTP/0.9 would: a body, no status line.
    reply = run(create_app(MemoryStore())).raw(b"GET /Srv1 HTTP/9.9\r\n\r\n")
    assert b"505" in reply
    assert not reply.startswith(b"HTTP/") and b"Python" not in reply


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_unknown_and_expired_codes_are_answered_identically(
    run: Callable[..., Running], method: str
) -> None:
    store = MemoryStore()
    add(store, "Gone1", expires=time.time() - 1)
    server = run(create_app(store))
    answers = []
    for path in ("/Gone1", "/Never1"):
        status, headers, body = server.get(path, method=method)
        headers.pop("Date")
        answers.append((status, headers, body))
    assert answers[0] == answers[1]
    assert answers[0][0] == 404
    assert answers[0][2] == (b"Not Found\n" if method == "GET" else b"")
    assert store.clicks() == []


# ------------------------------------------------------------------ X-Forwarded-For


@pytest.mark.parametrize(
    ("headers", "ip"),
    [
        # The underscore spelling is the client's own header: wsgiref would merge it into
        # HTTP_X_FORWARDED_FOR; it is dropped whichever comes first.
        ([("X-Forwarded-For", "203.0.113.5"), ("X_Forwarded_For", "198.51.100.66")], "203.0.113.5"),
        ([("X_Forwarded_For", "198.51.100.66"), ("X-Forwarded-For", "203.0.113.5")], "203.0.113.5"),
        ([("X_Forwarded_For", "198.51.100.66")], "127.0.0.1"),
        ([("x_forwarded_for", "198.51.100.66")], "127.0.0.1"),
        # The rightmost hop that is not a trusted proxy, however many the client invented.
        ([("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.0.0.2")], "203.0.113.7"),
        ([("X-Forwarded-For", "198.51.100.1"), ("X-Forwarded-For", "203.0.113.8")], "203.0.113.8"),
        ([("X-Forwarded-For", "10.0.0.3, 10.0.0.2")], "10.0.0.3"),
        ([], "127.0.0.1"),
    ],
)
def test_only_the_real_forwarded_for_header_names_the_client(
    run: Callable[..., Running], headers: list[tuple[str, str]], ip: str
) -> None:
    store = MemoryStore()
    add(store, "Xff1")
    server = run(create_app(store, trusted_proxies=["127.0.0.1", "10.0.0.0/8"], rate=None))
    assert server.get("/Xff1", headers)[0] == 302
    assert [event["ip"] for event in store.clicks()] == [ip]


def test_forwarded_for_from_an_untrusted_peer_is_ignored_over_http(
    run: Callable[..., Running],
) -> None:
    store = MemoryStore()
    add(store, "Xff2")
    server = run(create_app(store, trusted_proxies=["10.0.0.0/8"]))
    assert server.get("/Xff2", [("X-Forwarded-For", "203.0.113.5")])[0] == 302
    assert [event["ip"] for event in store.clicks()] == ["127.0.0.1"]


# ------------------------------------------------------------------ rate limit


def test_a_client_over_its_rate_gets_429_with_retry_after(run: Callable[..., Running]) -> None:
    store = MemoryStore()
    add(store, "Rate1")
    server = run(create_app(store, rate=0.5, burst=3, trusted_proxies=["127.0.0.1"]))
    statuses = [server.get("/Rate1")[0] for _ in range(3)]
    status, headers, body = server.get("/Rate1")
    assert statuses == [302, 302, 302]
    assert (status, headers["Retry-After"], body) == (429, "2", b"Too Many Requests\n")
    # Unknown codes take tokens too: guessing is as slow as clicking.
    assert server.get("/Unknown9")[0] == 429
    assert store.click_count("Rate1") == 3
    # Another client (behind the trusted proxy) has its own bucket.
    assert server.get("/Rate1", [("X-Forwarded-For", "203.0.113.9")])[0] == 302


def test_token_buckets_refill_and_stay_bounded() -> None:
    buckets = TokenBuckets(rate=2.0, burst=2, max_clients=100)
    assert [buckets.take("a", 10.0) for _ in range(3)] == [0.0, 0.0, 0.5]
    assert buckets.take("a", 10.5) == 0.0  # one token back after half a second
    for n in range(1000):
        buckets.take(f"198.51.{n // 256}.{n % 256}", 11.0)
    assert len(buckets) == 100


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"rate": 0}, "rate must be a positive number of requests a second, got 0"),
        ({"rate": True}, "rate must be a positive number of requests a second, got True"),
        ({"burst": 0}, "burst must be a positive int, got 0"),
        ({"max_clients": 1.5}, "max_clients must be a positive int, got 1.5"),
    ],
)
def test_token_bucket_options_are_checked(options: dict[str, Any], message: str) -> None:
    with pytest.raises(OptionError) as info:
        TokenBuckets(**options)
    assert str(info.value) == message


def test_the_cli_defaults_are_the_service_defaults() -> None:
    assert (cli_links.DEFAULT_RATE, cli_links.DEFAULT_BURST) == (DEFAULT_RATE, DEFAULT_BURST)
    assert (DEFAULT_RATE, DEFAULT_BURST) == (10.0, 50)


# ------------------------------------------------------------------ User-Agent


def test_parse_user_agent_reads_only_the_first_512_characters() -> None:
    assert clicks_module.MAX_USER_AGENT == 512
    long_agent = IPHONE + " Junk/1.0" * 300
    assert parse_user_agent(long_agent) == ("iPhone", "Mobile Safari", "iOS")
    info = clicks_module._parse.cache_info()
    assert info.maxsize == 4096
    parse_user_agent(long_agent[:512] + "different tail")
    assert clicks_module._parse.cache_info().hits == info.hits + 1  # the same 512 characters
    with pytest.raises(ArgumentTypeError, match="user_agent must be a str, not int"):
        parse_user_agent(5)  # type: ignore[arg-type]


@pytest.mark.parametrize(("length", "human"), [(512, True), (513, False), (2048, False)])
def test_an_oversize_user_agent_is_a_bot_and_is_not_parsed(
    run: Callable[..., Running], length: int, human: bool
) -> None:
    store = MemoryStore()
    add(store, "Ua1")
    agent = (IPHONE + " " * length)[:length - 1] + "x"
    assert len(agent) == length
    assert run(create_app(store)).get("/Ua1", [("User-Agent", agent)])[0] == 302
    (event,) = store.clicks()
    parsed = ("iPhone", "Mobile Safari", "iOS") if human else (None, None, None)
    assert (event["device"], event["browser"], event["os"]) == parsed
    assert event["bot"] is not human


# ------------------------------------------------------------------ logs


def _unsafe(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


@pytest.mark.parametrize(
    "request_line",
    [
        b"GET /a\x1b[2J\x9b\xe2\x80\xae\x7f HTTP/1.0",  # 404, logged with its request line
        b"G\x1b]0;owned\x07ET / HTTP/1.0",  # 400 from the HTTP layer, logged too
    ],
)
def test_the_debug_request_log_escapes_controls_and_bidi(
    run: Callable[..., Running], caplog: pytest.LogCaptureFixture, request_line: bytes
) -> None:
    server = run(create_app(MemoryStore()))
    with caplog.at_level(logging.DEBUG, logger="sms_codec.tracking"):
        server.raw(request_line + b"\r\nUser-Agent: a\x85b\r\n\r\n")
        deadline = time.monotonic() + 5
        while not caplog.records and time.monotonic() < deadline:
            time.sleep(0.01)
    messages = [record.getMessage() for record in caplog.records]
    assert messages, "nothing was logged"
    assert all(_unsafe(message) == [] for message in messages)
    assert any("\\x1b" in message for message in messages)
