"""The ``sms-codec`` command line: ``analyze``, ``estimate``, ``transliterate``, ``serve``,
``clicks`` and ``playground``.

Each subcommand lives in its own module with a ``register(subparsers)``; what they
share (parser class, stdin, ``--language``, exit codes, the error line) is in
:mod:`sms_codec.cli._common`. Exit codes: 0 ok, 1 failure, 2 usage, 130 interrupted.

>>> main(["analyze", "--json", "--language", "tr,es", "ş"])
{"characters": 1, "parts": 1, ..., "lockingShift": "tr", "singleShift": null}
0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import _scan
from .._version import __version__
from . import _common, analyze, estimate, links, playground, transliterate

__all__ = ["build_parser", "main", "version_line"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``sms-codec`` with every subcommand.

    >>> build_parser().parse_args(["analyze", "--json", "hi"]).json
    True
    """
    parser = _common.Parser(
        prog="sms-codec", description="What an SMS body costs and how it travels."
    )
    parser.add_argument("--version", action="version", version=version_line())
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_common.Parser)
    analyze.register(commands)
    estimate.register(commands)
    links.register(commands)
    playground.register(commands)
    transliterate.register(commands)
    return parser


def version_line() -> str:
    """The version and the kernels in use, as ``--version`` prints them.

    >>> version_line().startswith("sms-codec ") and version_line().endswith("kernels)")
    True
    """
    return f"sms-codec {__version__} ({_scan.IMPLEMENTATION} kernels)"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failure, 2 usage, 130
    interrupted). With no arguments at all it prints the version line and the usage.
    """
    parser = build_parser()
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:
        print(version_line())
        parser.print_usage()
        return _common.EXIT_OK
    args, extra = parser.parse_known_args(arguments)
    if extra:  # reported by the subcommand's parser, so the line names the subcommand
        _common.Parser(prog=f"sms-codec {args.command}").error(
            f"unrecognized arguments: {' '.join(extra)}"
        )
    return _common.run(args.command, args.func, args)
