"""The ``serve`` and ``clicks`` subcommands of ``sms-codec`` (wired in by ``cli.py``).

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="sms-codec")
>>> register(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["clicks", "--store", "memory:"])
>>> args.func(args)
0
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sms_codec.links import LinkError, LinkStore, MissingDependencyError, StoreError, open_store

DEFAULT_STORE = "sqlite:///links.db"


def _fail(command: str, message: str, code: int) -> int:
    print(f"sms-codec {command}: error: {message}", file=sys.stderr)
    return code


def _open(command: str, url: str) -> LinkStore | int:
    try:
        return open_store(url)
    except LinkError as error:
        return _fail(command, str(error), 2)
    except (StoreError, MissingDependencyError) as error:
        return _fail(command, str(error), 1)


def serve(args: argparse.Namespace) -> int:
    """Run the redirect service until interrupted; returns the exit code."""
    from sms_codec.tracking import GeoResolver, MaxMindGeo, create_app, make_server

    if not 0 <= args.port <= 65535:
        return _fail("serve", f"--port must be between 0 and 65535, got {args.port}", 2)
    store = _open("serve", args.store)
    if isinstance(store, int):
        return store
    geo: GeoResolver | None = None
    try:
        if args.geoip:
            geo = MaxMindGeo(args.geoip)
        app = create_app(store, geo=geo, trusted_proxies=args.trusted_proxy)
        server = make_server(app, args.host, args.port)
    except (StoreError, MissingDependencyError) as error:
        store.close()
        return _fail("serve", str(error), 1)
    except OSError as error:
        store.close()
        return _fail("serve", f"cannot listen on {args.host}:{args.port}: {error.strerror}", 1)
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
    # Listing never creates a database: a mistyped path is an error, not an empty list.
    if args.store.startswith("sqlite:///"):
        path = Path(args.store[len("sqlite:///") :])
        if not path.is_file():
            return _fail("clicks", f"no SQLite store at {str(path)!r}", 1)
    store = _open("clicks", args.store)
    if isinstance(store, int):
        return store
    try:
        events = store.clicks(args.code)
    except StoreError as error:
        return _fail("clicks", str(error), 1)
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
    code (2 for a usage error, with a one-line message on stderr).
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
