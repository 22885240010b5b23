"""The ``serve`` and ``clicks`` subcommands: the short-link redirect service and its log.

``sms_codec.links`` and ``sms_codec.tracking`` are imported by the handlers, so the other
subcommands never load the WSGI server (``sms_codec.analysis`` imports ``sms_codec.links``
itself, today).

>>> from sms_codec.cli import main
>>> main(["clicks", "--store", "memory:"])
0
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import OptionError, StoreError
from ._common import Failure

__all__ = ["DEFAULT_STORE", "clicks", "register", "serve"]

DEFAULT_STORE = "sqlite:///links.db"


def serve(args: argparse.Namespace) -> int:
    """Run the redirect service until interrupted; returns the exit code."""
    from sms_codec.links import open_store
    from sms_codec.tracking import GeoResolver, MaxMindGeo, create_app, make_server

    if not 0 <= args.port <= 65535:
        raise OptionError(f"--port must be between 0 and 65535, got {args.port}")
    store = open_store(args.store)
    try:
        geo: GeoResolver | None = MaxMindGeo(args.geoip) if args.geoip else None
        app = create_app(store, geo=geo, trusted_proxies=args.trusted_proxy)
        try:
            server = make_server(app, args.host, args.port)
        except OSError as error:
            message = f"cannot listen on {args.host}:{args.port}: {error.strerror}"
            raise Failure(message) from error
    except BaseException:
        store.close()
        raise
    port = server.server_address[1]
    print(
        f"sms-codec serve: listening on http://{args.host}:{port}/ (store {args.store})",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()
    return 0


def clicks(args: argparse.Namespace) -> int:
    """Print the recorded click events as JSON lines; returns the exit code."""
    from sms_codec.links import open_store

    # Listing never creates a database: a mistyped path is an error, not an empty list.
    if args.store.startswith("sqlite:///"):
        path = Path(args.store[len("sqlite:///") :])
        if not path.is_file():
            raise StoreError(f"no SQLite store at {str(path)!r}")
    store = open_store(args.store)
    try:
        events = store.clicks(args.code)
    finally:
        store.close()
    try:
        for event in events:
            if args.no_bots and event.get("bot"):
                continue
            sys.stdout.write(json.dumps(event, ensure_ascii=False, sort_keys=True) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # A reader such as `head` went away; that is not an error of ours.
        return 0
    return 0


def register(subparsers: Any) -> None:
    """Add ``serve`` and ``clicks`` to an ``argparse`` subparsers object.

    Each sets ``func`` to a handler taking the parsed namespace and returning the exit
    code; errors are raised for the caller's exit-code map.
    """
    store_help = (
        f"link store URL: memory:, sqlite:///PATH or redis://HOST:PORT/DB (default {DEFAULT_STORE})"
    )
    p_serve = subparsers.add_parser(
        "serve",
        help="run the short-link redirect service",
        description="Redirect GET /<code> to the stored long URL and record each click.",
    )
    p_serve.add_argument("--store", default=DEFAULT_STORE, help=store_help)
    p_serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p_serve.add_argument("--port", type=int, default=8080, help="port (0: any free port)")
    p_serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDR",
        help="address or network whose X-Forwarded-For is believed (repeatable)",
    )
    p_serve.add_argument("--geoip", metavar="MMDB", help="MaxMind .mmdb file for country/city")
    p_serve.set_defaults(func=serve)

    p_clicks = subparsers.add_parser(
        "clicks",
        help="list recorded click events as JSON lines",
        description="Print the click events of a link store, one JSON object a line.",
    )
    p_clicks.add_argument("--store", default=DEFAULT_STORE, help=store_help)
    p_clicks.add_argument("--code", help="only the clicks of this short-link code")
    p_clicks.add_argument("--no-bots", action="store_true", help="leave out bot clicks")
    p_clicks.set_defaults(func=clicks)
