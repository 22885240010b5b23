"""The redirect service's own HTTP server: one thread waits for request heads, a fixed
pool of workers answers them.

The standard library's threaded server gives every connection a thread and waits for
it forever, so idle or slow connections pile up threads. Here one selector thread
accepts connections and reads each request head without blocking; only a complete head
reaches a worker, so a worker never waits on a slow client's request. A connection that
has not sent its head within ``read_timeout`` seconds is closed; past
``max_connections`` waiting connections the oldest is closed; when every worker is busy
and the queue is full the request is answered ``503`` with ``Retry-After``. Threads:
``workers`` plus the one running :meth:`RedirectServer.serve_forever`, whatever the load.

>>> from sms_codec.links import MemoryStore
>>> from sms_codec.links.redirect import create_app
>>> server = RedirectServer(("127.0.0.1", 0), create_app(MemoryStore()), workers=2)
>>> server.server_address[1] > 0, server.workers
(True, 2)
>>> server.server_close()
"""

from __future__ import annotations

import collections
import contextlib
import io
import logging
import queue
import selectors
import socket
import threading
import time
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from sms_codec.errors import OptionError
from sms_codec.links.clicks import escape_text

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

__all__ = ["SERVER_NAME", "RedirectServer"]

log = logging.getLogger("sms_codec.tracking")

#: The ``Server`` header: no version of anything, of Python least of all.
SERVER_NAME = "sms-codec"
_BUSY = (
    b"HTTP/1.0 503 Service Unavailable\r\nServer: sms-codec\r\nRetry-After: 1\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\nContent-Length: 20\r\nCache-Control: no-store\r\n"
    b"Connection: close\r\n\r\nService Unavailable\n"
)
_TOO_LARGE = (
    b"HTTP/1.0 431 Request Header Fields Too Large\r\nServer: sms-codec\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\nContent-Length: 32\r\nConnection: close\r\n\r\n"
    b"Request Header Fields Too Large\n"
)


class _Writer(io.BufferedIOBase):
    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._sock.sendall(data)
        return len(data)


class _ServerHandler(ServerHandler):
    server_software = SERVER_NAME
    request_handler: WSGIRequestHandler


class _Handler(WSGIRequestHandler):
    server_version = SERVER_NAME

    def __init__(
        self, request: Any, client_address: Any, server: RedirectServer, head: bytes
    ) -> None:
        self._head = head
        self._app = server.get_app()
        super().__init__(request, client_address, server)

    def setup(self) -> None:
        self.connection = self.request
        self.rfile = io.BytesIO(self._head)
        self.wfile = _Writer(self.request)

    def finish(self) -> None:
        return None

    def version_string(self) -> str:
        return SERVER_NAME

    def get_environ(self) -> dict[str, str]:
        # wsgiref maps "X_Forwarded_For" and "X-Forwarded-For" to the same key and joins
        # them, so a client could write into the proxy's header: names with "_" are dropped.
        for name in {n for n in self.headers if "_" in n}:
            del self.headers[name]
        environ = super().get_environ()
        environ["SERVER_SOFTWARE"] = SERVER_NAME
        return environ

    def handle(self) -> None:
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = self.request_version = self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return
        rfile: Any = self.rfile
        wfile: Any = self.wfile
        handler = _ServerHandler(rfile, wfile, self.get_stderr(), self.get_environ())
        handler.request_handler = self
        if self._app is not None:
            handler.run(self._app)

    def log_message(self, format: str, *args: Any) -> None:
        # The request line and headers are the client's text: escaped before they reach a log.
        log.debug("%s %s", self.address_string(), escape_text(format % args))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # The standard library's messages quote the offending request line ("Bad request
        # version ('...')") in the status line and the page; send the fixed texts instead.
        super().send_error(code)


class _Waiting:
    __slots__ = ("address", "deadline", "head", "sock")

    def __init__(self, sock: socket.socket, address: Any, deadline: float) -> None:
        self.sock = sock
        self.address = address
        self.deadline = deadline
        self.head = bytearray()


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_WR)
    sock.close()


class RedirectServer(WSGIServer):
    """An HTTP server for a WSGI app with bounded threads, connections and waiting time.

    ``workers`` threads run the app; at most ``max_connections`` connections wait for
    their request head, each at most ``read_timeout`` seconds (a head is at most
    ``max_head`` bytes, else ``431``); answers are written with ``write_timeout``.
    """

    request_queue_size = 1024
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        app: WSGIApplication,
        *,
        workers: int = 16,
        max_connections: int = 1024,
        read_timeout: float = 10.0,
        write_timeout: float = 10.0,
        max_head: int = 16384,
    ) -> None:
        for name, value in (("workers", workers), ("max_connections", max_connections),
                            ("max_head", max_head)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise OptionError(f"{name} must be a positive int, got {value!r}")
        for name, number in (("read_timeout", read_timeout), ("write_timeout", write_timeout)):
            if isinstance(number, bool) or not isinstance(number, (int, float)) or number <= 0:
                raise OptionError(f"{name} must be a positive number of seconds, got {number!r}")
        self.workers = workers
        self.max_connections = max_connections
        self.read_timeout = float(read_timeout)
        self.write_timeout = float(write_timeout)
        self.max_head = max_head
        self._jobs: queue.Queue[tuple[socket.socket, Any, bytes] | None] = queue.Queue(
            maxsize=4 * workers
        )
        self._waiting: collections.OrderedDict[int, _Waiting] = collections.OrderedDict()
        self._selector = selectors.DefaultSelector()
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()
        self._threads: list[threading.Thread] = []
        # Requests go to _Handler by _work, never through socketserver's finish_request.
        super().__init__(address, WSGIRequestHandler)
        self.set_app(app)
        self.socket.setblocking(False)
        self._threads = [
            threading.Thread(target=self._work, name=f"sms-codec-worker-{n}", daemon=True)
            for n in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Accept and read requests until :meth:`shutdown`."""
        self._stop.clear()
        self._stopped.clear()
        self._selector.register(self.socket, selectors.EVENT_READ, None)
        try:
            while not self._stop.is_set():
                now = time.monotonic()
                wait = poll_interval
                if self._waiting:
                    oldest = next(iter(self._waiting.values()))
                    wait = max(0.0, min(wait, oldest.deadline - now))
                for key, _ in self._selector.select(wait):
                    if key.data is None:
                        self._accept()
                    else:
                        self._read(key.data)
                self._expire(time.monotonic())
        finally:
            self._selector.unregister(self.socket)
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` and wait until it has returned."""
        self._stop.set()
        self._stopped.wait()

    def server_close(self) -> None:
        """Close the listening socket, every waiting connection and the workers."""
        self._stop.set()
        self._stopped.wait()
        for waiting in list(self._waiting.values()):
            self._drop(waiting)
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout=self.write_timeout)
        self._selector.close()
        super().server_close()

    def _accept(self) -> None:
        for _ in range(64):
            try:
                sock, address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                log.exception("accept failed")
                return
            sock.setblocking(False)
            if len(self._waiting) >= self.max_connections:
                self._drop(next(iter(self._waiting.values())))
            waiting = _Waiting(sock, address, time.monotonic() + self.read_timeout)
            self._waiting[sock.fileno()] = waiting
            self._selector.register(sock, selectors.EVENT_READ, waiting)

    def _read(self, waiting: _Waiting) -> None:
        try:
            chunk = waiting.sock.recv(8192)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._drop(waiting)
            return
        waiting.head += chunk
        end = waiting.head.find(b"\r\n\r\n")
        if end < 0:
            end = waiting.head.find(b"\n\n")
        if end < 0 and len(waiting.head) <= self.max_head:
            return
        self._forget(waiting)
        if end < 0 or end > self.max_head:
            self._answer(waiting.sock, _TOO_LARGE)
            return
        try:
            self._jobs.put_nowait((waiting.sock, waiting.address, bytes(waiting.head)))
        except queue.Full:
            self._answer(waiting.sock, _BUSY)

    def _expire(self, now: float) -> None:
        while self._waiting:
            oldest = next(iter(self._waiting.values()))
            if oldest.deadline > now:
                return
            self._drop(oldest)

    def _forget(self, waiting: _Waiting) -> None:
        self._waiting.pop(waiting.sock.fileno(), None)
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(waiting.sock)

    def _drop(self, waiting: _Waiting) -> None:
        self._forget(waiting)
        _close(waiting.sock)

    @staticmethod
    def _answer(sock: socket.socket, reply: bytes) -> None:
        with contextlib.suppress(OSError):
            sock.send(reply)
        _close(sock)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            sock, address, head = job
            try:
                sock.setblocking(True)
                sock.settimeout(self.write_timeout)
                _Handler(sock, address, self, head)
            except Exception:
                log.exception("request from %s failed", address[0] if address else "?")
            finally:
                _close(sock)
