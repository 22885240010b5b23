"""The ``playground`` subcommand: the SMS playground page on a small local server.

``sms-codec playground [--host 127.0.0.1] [--port 8000]``; the server is imported by the
handler, so the other subcommands never load it.

>>> from sms_codec.cli import build_parser
>>> args = build_parser().parse_args(["playground", "--port", "0"])
>>> args.host, args.port
('127.0.0.1', 0)
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from typing import Any

from ._common import check_port, listen, serve_until_interrupted

__all__ = ["register", "serve_playground"]


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_playground(args: argparse.Namespace) -> int:
    """Serve the playground until interrupted; returns the exit code."""
    from sms_codec.playground import make_server

    check_port(args.port)
    server = listen(lambda: make_server(args.host, args.port), args.host, args.port)
    host, port = str(server.server_address[0]), int(server.server_address[1])
    shown = f"[{host}]" if ":" in host else host
    print(f"sms-codec playground: open http://{shown}:{port}/", file=sys.stderr, flush=True)
    if not _loopback(args.host):
        print(f"sms-codec playground: listening on {args.host}, not only on this machine",
              file=sys.stderr, flush=True)
    return serve_until_interrupted(server)


def register(subparsers: Any) -> None:
    """Add ``playground`` to an ``argparse`` subparsers object."""
    parser = subparsers.add_parser(
        "playground",
        help="serve the SMS playground page",
        description="Serve a page that shows, as you type, what an SMS body costs.",
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port (0: any free port)")
    parser.set_defaults(func=serve_playground)
