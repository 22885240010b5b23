"""The ``sms-codec`` command line.

``sms-codec analyze [--language CODE] [--encoding auto|gsm7|ucs2] [--concat-reference 8|16]
[--json] TEXT`` prints what a body costs; ``TEXT`` ``-`` reads standard input (one trailing
newline, which a shell pipe adds, is dropped).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from . import _links_cli, _scan, _translit_cli
from ._version import __version__
from .analysis import Encoding, Plan, plan
from .errors import OptionError, SmsCodecError

EXIT_USAGE = 2
EXIT_FAILURE = 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _read_text(text: str) -> str:
    if text != "-":
        return text
    data = sys.stdin.read()
    return data[:-1] if data.endswith("\n") else data


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


def _analyze(args: argparse.Namespace) -> int:
    body = _read_text(args.text)
    cut = plan(body, language=args.language, encoding=args.encoding,
               concat_reference=args.concat_reference)
    if args.json:
        print(json.dumps(cut.analysis().to_dict(), ensure_ascii=False))
    else:
        _render(body, cut, sys.stdout, sys.stdout.isatty())
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``sms-codec`` with every subcommand.

    >>> build_parser().parse_args(["analyze", "--json", "hi"]).json
    True
    """
    parser = _Parser(prog="sms-codec", description="What an SMS body costs and how it travels.")
    parser.add_argument("--version", action="version", version=version_line())
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    analyze = commands.add_parser("analyze", help="encoding, parts and units of a body")
    analyze.add_argument("--language", default=None,
                         help="ISO code(s), comma separated, 'auto' or 'NONE'")
    analyze.add_argument("--encoding", default="auto", choices=["auto", "gsm7", "ucs2"])
    analyze.add_argument("--concat-reference", type=int, default=8, choices=[8, 16])
    analyze.add_argument("--json", action="store_true", help="print the Routee-shaped JSON")
    analyze.add_argument("text", help="the body, or - to read standard input")
    analyze.set_defaults(func=_analyze)
    _links_cli.register(commands)
    _translit_cli.register(commands)
    return parser


def version_line() -> str:
    """The version and the kernels in use, as ``--version`` prints them.

    >>> version_line().startswith("sms-codec ") and version_line().endswith("kernels)")
    True
    """
    return f"sms-codec {__version__} ({_scan.IMPLEMENTATION} kernels)"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failure, 2 usage).

    With no arguments at all it prints the version line and the usage.
    """
    parser = build_parser()
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:
        print(version_line())
        parser.print_usage()
        return 0
    args = parser.parse_args(arguments)
    language = getattr(args, "language", None)
    if isinstance(language, str) and "," in language:
        args.language = [code for code in language.split(",") if code.strip()]
    try:
        status: int = args.func(args)
    except OptionError as exc:
        print(f"sms-codec: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SmsCodecError as exc:
        print(f"sms-codec: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
