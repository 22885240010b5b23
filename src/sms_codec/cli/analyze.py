"""The ``sms-codec analyze`` subcommand: what a body costs.

``sms-codec analyze [--language CODE[,CODE]] [--encoding auto|gsm7|ucs2]
[--concat-reference 8|16] [--json] TEXT``; ``TEXT`` ``-`` reads standard input (one
trailing newline, which a shell pipe adds, is dropped).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from .. import _scan
from ..analysis import Encoding, Plan, plan
from ._common import parse_languages, read_text

__all__ = ["handle", "register"]


def register(subparsers: Any) -> None:
    """Add ``analyze`` to an ``argparse`` subparsers object."""
    parser = subparsers.add_parser("analyze", help="encoding, parts and units of a body")
    parser.add_argument("--language", default=None, type=parse_languages,
                        help="ISO code(s), comma separated, 'auto' or 'NONE'")
    parser.add_argument("--encoding", default="auto", choices=["auto", "gsm7", "ucs2"])
    parser.add_argument("--concat-reference", type=int, default=8, choices=[8, 16])
    parser.add_argument("--json", action="store_true", help="print the Routee-shaped JSON")
    parser.add_argument("text", help="the body, or - to read standard input")
    parser.set_defaults(func=handle)


def _visible(ch: str) -> str:
    if ch.isprintable():
        return ch
    return {"\n": "\\n", "\r": "\\r", "\f": "\\f", "\t": "\\t"}.get(ch, f"\\u{ord(ch):04x}")


def _costly(ch: str, cut: Plan) -> bool:
    if cut.encoding is Encoding.UCS2:
        return ch in cut.unsupported or ord(ch) > 0xFFFF
    return _scan.gsm_escapes(ch, cut.lock, cut.single) > 0


def _part_units(part: str, cut: Plan) -> int:
    if cut.encoding is Encoding.UCS2:
        return _scan.utf16_units(part)
    return len(part) + _scan.gsm_escapes(part, cut.lock, cut.single)


def _render(body: str, cut: Plan, out: TextIO, colour: bool) -> None:
    result = cut.analysis()
    unit = "septets" if result.encoding is Encoding.GSM7 else "UTF-16 units"
    out.write(f"encoding:   {result.encoding.value}\n")
    out.write(f"characters: {result.characters}\n")
    out.write(f"units:      {result.units} {unit}\n")
    out.write(f"parts:      {result.parts} of up to {result.units_per_part} {unit}\n")
    out.write(f"remaining:  {result.remaining}\n")
    out.write(f"tables:     locking {result.locking_shift or 'default'}, "
              f"single {result.single_shift or 'default'}\n")
    if result.unsupported_gsm_characters:
        listed = ", ".join(f"{_visible(ch)} U+{ord(ch):04X}"
                           for ch in result.unsupported_gsm_characters)
        out.write(f"unsupported: {listed}\n")
    starts = (0, *cut.ends[:-1])
    for number, (start, end) in enumerate(zip(starts, cut.ends, strict=True), 1):
        part = body[start:end]
        shown = []
        marked = []
        for ch in part:
            text = _visible(ch)
            if _costly(ch, cut):
                marked.append(text)
                text = f"\x1b[7m{text}\x1b[0m" if colour else text
            shown.append(text)
        out.write(f"part {number} ({_part_units(part, cut)} {unit}): {''.join(shown)}\n")
        if marked and not colour:
            kind = "escaped" if result.encoding is Encoding.GSM7 else "costly"
            out.write(f"    {kind}: {' '.join(dict.fromkeys(marked))}\n")


def handle(args: argparse.Namespace) -> int:
    """Print what the body costs; errors are left to the caller's exit-code map."""
    body = read_text(args.text)
    cut = plan(body, language=args.language, encoding=args.encoding,
               concat_reference=args.concat_reference)
    if args.json:
        print(json.dumps(cut.analysis().to_dict(), ensure_ascii=False))
    else:
        _render(body, cut, sys.stdout, sys.stdout.isatty())
    return 0
