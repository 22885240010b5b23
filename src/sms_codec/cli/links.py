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
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import OptionError, StoreError
from ._common import check_port, listen, serve_until_interrupted

__all__ = ["DEFAULT_STORE", "clicks", "parse_since", "register", "serve"]

DEFAULT_STORE = "sqlite:///links.db"
# The same numbers as sms_codec.links.ratelimit's, kept here so that building the parser
# does not import the link service.
DEFAULT_RATE = 10.0
DEFAULT_BURST = 50


def serve(args: argparse.Namespace) -> int:
    """Run the redirect service until interrupted; returns the exit code."""
    from sms_codec.links import open_store
    from sms_codec.tracking import GeoResolver, MaxMindGeo, create_app, make_server

    check_port(args.port)
    if args.rate < 0:
        raise OptionError(f"--rate must be 0 (no limit) or a positive number, got {args.rate}")
    if args.store.startswith("sqlite:///") and not args.create:
        # A mistyped path would otherwise become an empty store answering 404 to everything.
        path = Path(args.store[len("sqlite:///") :])
        if args.store != "sqlite:///" and not path.is_file():
            raise StoreError(f"no SQLite store at {str(path)!r} (--create makes a new one)")
    store = open_store(args.store)
    try:
        geo: GeoResolver | None = MaxMindGeo(args.geoip) if args.geoip else None
        app = create_app(
            store,
            geo=geo,
            trusted_proxies=args.trusted_proxy,
            rate=args.rate or None,
            burst=args.burst,
        )
        server = listen(
            lambda: make_server(
                app, args.host, args.port, workers=args.workers, read_timeout=args.read_timeout
            ),
            args.host,
            args.port,
        )
    except BaseException:
        store.close()
        raise
    port = server.server_address[1]
    print(
        f"sms-codec serve: listening on http://{args.host}:{port}/ (store {args.store})",
        file=sys.stderr,
        flush=True,
    )
    return serve_until_interrupted(server, store.close)


def parse_since(value: str) -> float:
    """``--since``: an ISO 8601 date or date-time (UTC unless it names an offset) or Unix
    seconds, as Unix seconds.

    >>> parse_since("2026-01-02"), parse_since("2026-01-02T00:00:01Z"), parse_since("5")
    (1767312000.0, 1767312001.0, 5.0)
    """
    try:
        return float(value)
    except ValueError:
        pass
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise OptionError(
            f"--since must be an ISO 8601 date or date-time or Unix seconds, got {value!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def clicks(args: argparse.Namespace) -> int:
    """Print the recorded click events (or per-link counts) as JSON lines; returns the
    exit code. The store is only read: SQLite is opened read-only."""
    from sms_codec.links.clicks import safe_json
    from sms_codec.links.reports import count_clicks, read_clicks

    if args.limit is not None and args.limit < 0:
        raise OptionError(f"--limit must be 0 or more, got {args.limit}")
    since = None if args.since is None else parse_since(args.since)
    events = read_clicks(
        args.store, code=args.code, since=since, limit=args.limit, bots=not args.no_bots
    )
    try:
        if args.counts:
            for count in count_clicks(events):
                sys.stdout.write(safe_json(count) + "\n")
        else:
            for event in events:
                # Referer and the rest are the visitor's text: controls, C1 and bidi
                # overrides are written as JSON escapes, never raw to a terminal.
                sys.stdout.write(safe_json(event) + "\n")
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
    p_serve.add_argument(
        "--create", action="store_true", help="create the SQLite store if the file is missing"
    )
    p_serve.add_argument(
        "--rate",
        type=float,
        default=DEFAULT_RATE,
        help=f"requests a second per client address (default {DEFAULT_RATE:g}; 0: no limit)",
    )
    p_serve.add_argument(
        "--burst",
        type=int,
        default=DEFAULT_BURST,
        help=f"requests a client may make at once (default {DEFAULT_BURST})",
    )
    p_serve.add_argument(
        "--workers", type=int, default=16, help="threads answering requests (default 16)"
    )
    p_serve.add_argument(
        "--read-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="close a connection that has not sent its request by then (default 10)",
    )
    p_serve.set_defaults(func=serve)

    p_clicks = subparsers.add_parser(
        "clicks",
        help="list recorded click events as JSON lines",
        description="Print the click events of a link store, one JSON object a line.",
    )
    p_clicks.add_argument("--store", default=DEFAULT_STORE, help=store_help)
    p_clicks.add_argument("--code", help="only the clicks of this short-link code")
    p_clicks.add_argument("--no-bots", action="store_true", help="leave out bot clicks")
    p_clicks.add_argument(
        "--since", metavar="WHEN", help="only clicks at or after WHEN (ISO 8601 or Unix seconds)"
    )
    p_clicks.add_argument("--limit", type=int, metavar="N", help="at most N clicks, oldest first")
    p_clicks.add_argument(
        "--counts", action="store_true", help="one line per link: clicks, human, bot"
    )
    p_clicks.set_defaults(func=clicks)
