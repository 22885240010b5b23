"""The ``sms-codec transliterate`` subcommand; :func:`register` adds it to the CLI.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="sms-codec")
>>> register(parser.add_subparsers())
>>> args = parser.parse_args(["transliterate", "--mode", "TURKISH", "Ağ"])
>>> args.func(args)
Ag
parts: 1 (GSM7), original: 1 (UCS2)
replacements: 1
  1: 'ğ' -> 'g' (map)
0
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .analysis import analyze
from .errors import InvalidBodyError, SmsCodecError
from .transliteration import FALLBACKS, Mode, transliterate

__all__ = ["handle", "register"]


def register(subparsers: Any) -> None:
    """Add ``transliterate`` to an ``argparse`` subparsers object (``add_subparsers()``)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "transliterate",
        help="rewrite a body in GSM-7, keeping what GSM already has",
        description=(
            "Transliterate TEXT to GSM-7 and show the result, its parts against the "
            "original's, and every replacement."
        ),
    )
    parser.add_argument(
        "--mode",
        default="ALL",
        metavar="M",
        help="transliteration mode (default ALL): " + ", ".join(m.value for m in Mode),
    )
    parser.add_argument(
        "--language",
        default=None,
        metavar="L",
        help="national language tables whose letters are kept: tr, es, pt, ..., a "
        "comma-separated list, or auto",
    )
    parser.add_argument(
        "--fallback",
        default="keep",
        metavar="F",
        help="what to do with characters nothing can render: " + ", ".join(FALLBACKS),
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("text", metavar="TEXT", help="the body; '-' reads it from stdin")
    parser.set_defaults(func=handle)


def _fail(message: str, code: int) -> int:
    print(f"sms-codec transliterate: error: {message}", file=sys.stderr)
    return code


def handle(args: argparse.Namespace) -> int:
    """Run the subcommand: 0 on success, 2 on a usage error, 1 on a body that cannot be sent."""
    text: str = sys.stdin.read() if args.text == "-" else args.text
    language = None if args.language is None else args.language.split(",")
    try:
        result = transliterate(text, args.mode, language=language, fallback=args.fallback)
        before = analyze(text, language=language)
    except InvalidBodyError as error:
        return _fail(str(error), 1)
    except SmsCodecError as error:
        return _fail(str(error), 2)
    if args.json:
        payload = result.to_dict()
        payload["originalParts"] = before.parts
        payload["originalEncoding"] = before.encoding.value
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    print(result.text)
    print(
        f"parts: {result.parts} ({result.encoding.value}), "
        f"original: {before.parts} ({before.encoding.value})"
    )
    print(f"replacements: {len(result.replacements)}")
    for r in result.replacements:
        print(f"  {r.index}: {r.original!r} -> {r.replacement!r} ({r.source})")
    if result.unsupported:
        listed = ", ".join(f"{i}: {c!r} (U+{ord(c):04X})" for i, c in result.unsupported)
        print(f"not GSM ({args.fallback}): {listed}")
    return 0
