"""The ``sms-codec transliterate`` subcommand; :func:`register` adds it to the CLI.

>>> from sms_codec.cli import main
>>> main(["transliterate", "--mode", "TURKISH", "Ağ"])
Ag
parts: 1 (GSM7), original: 1 (UCS2)
replacements: 1
  1: 'ğ' -> 'g' (map)
0
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..analysis import analyze
from ..transliteration import FALLBACKS, Mode, transliterate
from ._common import parse_languages, read_text

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
        type=parse_languages,
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


def handle(args: argparse.Namespace) -> int:
    """Print the transliteration, its parts against the original's and every replacement.

    Errors are left to the caller's exit-code map (an unsendable body is 1, a bad
    option 2).
    """
    text = read_text(args.text)
    result = transliterate(text, args.mode, language=args.language, fallback=args.fallback)
    before = analyze(text, language=args.language)
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
