"""A small HTTP server for the playground from the standard library: a bounded pool of
worker threads, a timeout on every read and a deadline on every connection.

At most ``workers`` connections are served at once; the next one waits in the listen
queue until a worker is free, so a flood costs a queue, never a thread apiece. A read
that waits longer than ``timeout`` seconds ends its connection, and so does a connection
still open ``deadline`` seconds after it was accepted (a client sending a byte at a time).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from .app import create_app

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

__all__ = ["PlaygroundServer", "make_server"]

log = logging.getLogger("sms_codec.playground")


class _Handler(WSGIRequestHandler):
    def setup(self) -> None:
        self.request.settimeout(getattr(self.server, "read_timeout", 10.0))
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # The standard messages quote the request line back; send the fixed texts instead.
        super().send_error(code)


class PlaygroundServer(WSGIServer):
    """A ``WSGIServer`` whose connections are served by a bounded pool of threads."""

    request_queue_size = 64

    def __init__(self, address: tuple[str, int], *, workers: int = 8, timeout: float = 10.0,
                 deadline: float = 30.0) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.read_timeout = timeout
        self.deadline = deadline
        self.slots = threading.BoundedSemaphore(workers)
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="sms-codec-playground")
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        # Blocks the accept loop while every worker is busy: the backlog waits in the kernel.
        self.slots.acquire()
        try:
            self.pool.submit(self._serve, request, client_address)
        except RuntimeError:  # the pool is shut down: the server is closing
            self.slots.release()
            self.shutdown_request(request)

    def _serve(self, request: Any, client_address: Any) -> None:
        timer = threading.Timer(self.deadline, self._cut, (request,))
        timer.daemon = True
        timer.start()
        try:
            self.finish_request(request, client_address)
        except OSError as error:  # a timeout, a reset or the deadline: the client's business
            log.debug("connection from %s ended: %s", client_address, error)
        except Exception:
            log.exception("the playground failed on a request from %s", client_address)
        finally:
            timer.cancel()
            self.shutdown_request(request)
            self.slots.release()

    @staticmethod
    def _cut(request: socket.socket) -> None:
        with contextlib.suppress(OSError):
            request.shutdown(socket.SHUT_RDWR)

    def server_close(self) -> None:
        super().server_close()
        self.pool.shutdown(wait=True)


def make_server(
    host: str = "127.0.0.1",
    port: int = 8000,
    app: WSGIApplication | None = None,
    *,
    workers: int = 8,
    timeout: float = 10.0,
    deadline: float = 30.0,
) -> PlaygroundServer:
    """A server for ``app`` (the playground by default) on ``host:port`` (port 0: any
    free one); loopback unless another ``host`` is given. Call ``serve_forever()``.

    >>> server = make_server("127.0.0.1", 0)
    >>> server.server_address[0], server.server_address[1] > 0
    ('127.0.0.1', True)
    >>> server.server_close()
    """
    server = PlaygroundServer((host, port), workers=workers, timeout=timeout, deadline=deadline)
    server.set_app(app if app is not None else create_app())
    return server
