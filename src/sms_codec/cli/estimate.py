"""The ``sms-codec estimate`` subcommand: what a campaign costs before it is sent.

``sms-codec estimate (--body TEXT | --request FILE) [--recipients FILE|-] [--format
csv|jsonl] [--to NUMBER ...] [--prices FILE] [--currency CODE] [--default-country CC]
[--fallback LABEL=VALUE ...] [--blacklist FILE] [--language CODES] [--encoding
auto|gsm7|ucs2] [--transcode [MODE]] [--short-links BASE_URL] [--strict] [--json]``.

Recipients come from a CSV or JSON lines file (``-`` for stdin; the format follows the
file's extension unless ``--format`` says), from ``--to`` numbers, or from a Routee or
Infobip request JSON (``--request``). The result is computed in full before anything is
printed; a malformed row is one line naming the row and column, exit code 2.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from .._checks import optional_module
from .._estimate_files import read_recipients
from ..errors import InputError, MissingDependencyError
from ..estimate import (
    Campaign,
    CampaignEstimate,
    PartialEstimate,
    PriceList,
    Recipient,
    estimate_request,
    load_prices,
)
from ..urls import ShortLinks
from ._common import parse_languages

__all__ = ["handle", "register"]

#: Inputs with more rows than this show a progress bar (on a terminal only).
PROGRESS_FROM = 20_000


def register(subparsers: Any) -> None:
    """Add ``estimate`` to an ``argparse`` subparsers object."""
    parser = subparsers.add_parser("estimate", help="parts and cost of a whole campaign")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--body", help="the template, with [~label] placeholders")
    source.add_argument("--request", help="a Routee or Infobip request JSON file (- for stdin)")
    parser.add_argument("--recipients", help="a CSV or JSON lines file of recipients (- stdin)")
    parser.add_argument("--format", choices=["csv", "jsonl"], help="of --recipients")
    parser.add_argument("--to", action="append", default=[], help="a plain number (repeatable)")
    parser.add_argument("--directory", help="JSON {contacts: {id: record}, groups: {...}} "
                                            "for a Routee request's ids")
    parser.add_argument("--prices", help="a CSV (country,price_per_part[,currency]) or JSON")
    parser.add_argument("--currency", help="the currency of a price list that names none")
    parser.add_argument("--default-country", help="ISO code for national numbers")
    parser.add_argument("--fallback", action="append", default=[], metavar="LABEL=VALUE")
    parser.add_argument("--blacklist", help="a file of numbers, one a line")
    parser.add_argument("--language", default=None, type=parse_languages)
    parser.add_argument("--encoding", default="auto", choices=["auto", "gsm7", "ucs2"])
    parser.add_argument("--transcode", nargs="?", const=True, default=None, metavar="MODE")
    parser.add_argument("--short-links", metavar="BASE_URL",
                        help="price links as short links of this base (7-character codes)")
    parser.add_argument("--strict", action="store_true", help="fail as Routee would")
    parser.add_argument("--json", action="store_true", help="print the smsAnalysis JSON")
    parser.add_argument(
        "--progress", choices=["auto", "always", "never"], default="auto",
        help="a progress bar on a terminal stderr: auto shows it after half a second, "
        "always at once, never not at all",
    )
    parser.set_defaults(func=handle)


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: {error.strerror}") from None


def _open(path: str) -> TextIO:
    if path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8", newline="")
    except OSError as error:
        raise InputError(f"{path}: {error.strerror}") from None


def _prices(args: argparse.Namespace) -> PriceList | None:
    if args.prices is None:
        return None
    prices = load_prices(_read(args.prices))
    if args.currency:
        if prices.currency not in (None, args.currency.upper()):
            raise InputError(f"--currency {args.currency} but the price list is in "
                             f"{prices.currency}")
        prices = PriceList(prices.prices, args.currency.upper())
    return prices


def _fallbacks(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        label, equals, value = pair.partition("=")
        if not equals or not label:
            raise InputError(f"--fallback {pair!r}: LABEL=VALUE expected")
        out[label] = value
    return out


def _progress(
    records: Iterable[Recipient], total: int | None, when: str = "auto"
) -> Iterable[Recipient]:
    if when == "never" or not sys.stderr.isatty():
        return records
    try:
        tqdm = optional_module("tqdm", "estimate", "the estimate progress bar").tqdm
    except MissingDependencyError:  # the bar is a courtesy: the estimate runs without it
        return records
    bar: Iterable[Recipient] = tqdm(
        records, total=total, unit=" recipients", file=sys.stderr, leave=False,
        delay=0.5 if when == "auto" else 0, miniters=PROGRESS_FROM, unit_scale=True,
    )
    return bar


def _estimate_rows(args: argparse.Namespace) -> list[CampaignEstimate]:
    if args.body is None:
        raise InputError("--body or --request is required")
    options = _options(args)
    campaign = Campaign.build(args.body, fallback_values=_fallbacks(args.fallback), **options)
    partial = PartialEstimate(campaign)
    partial.add(Recipient(number) for number in args.to)
    if args.recipients is not None:
        kind = args.format or ("jsonl" if args.recipients.endswith((".jsonl", ".json", ".ndjson"))
                               else "csv")
        stream = _open(args.recipients)
        try:
            partial.add(_progress(read_recipients(stream, kind), None, args.progress))
        finally:
            if stream is not sys.stdin:
                stream.close()
    return [partial.finish()]


def _options(args: argparse.Namespace) -> dict[str, Any]:
    blacklist: list[str] = []
    if args.blacklist:
        blacklist = [line.strip() for line in _read(args.blacklist).splitlines() if line.strip()]
    return {
        "blacklist": blacklist, "default_country": args.default_country,
        "prices": _prices(args), "language": args.language, "encoding": args.encoding,
        "transcode": args.transcode, "strict": args.strict,
        "short_links": ShortLinks(args.short_links) if args.short_links else None,
    }


def _estimate(args: argparse.Namespace) -> list[CampaignEstimate]:
    if args.request is None:
        return _estimate_rows(args)
    if args.recipients or args.to or args.fallback:
        raise InputError("--request carries its own recipients: no --recipients, --to or "
                         "--fallback with it")
    try:
        document = json.loads(_read(args.request))
        directory = json.loads(_read(args.directory)) if args.directory else None
    except json.JSONDecodeError as error:
        raise InputError(f"request: not valid JSON ({error.msg}, line {error.lineno}, "
                         f"column {error.colno})") from None
    options = _options(args)
    if options["language"] is None:
        del options["language"]  # an Infobip request's own language applies
    return estimate_request(document, directory=directory, **options)


def _money(value: Decimal | None, currency: str | None) -> str:
    if value is None:
        return "-"
    return f"{value} {currency}" if currency else str(value)


def _render(result: CampaignEstimate, out: TextIO) -> None:
    countries = len(result.recipients_per_country)
    out.write(f"recipients: {result.number_of_recipients} in {countries} countries "
              f"({result.duplicates} duplicates, {result.blacklisted} blacklisted, "
              f"{len(result.invalid)} invalid)\n")
    out.write(f"messages:   {result.number_of_messages} parts\n")
    if result.cost_total is not None:
        unpriced = f" (unpriced: {', '.join(result.unpriced)})" if result.unpriced else ""
        out.write(f"cost:       {_money(result.cost_total, result.currency)}{unpriced}\n")
    out.write("\ncountry  recipients     parts  price/part       total\n")
    for cc, n in result.recipients_per_country.items():
        row = result.cost_per_country.get(cc)
        price = str(row["pricePerPart"]) if row else "-"
        total = str(row["total"]) if row else "-"
        out.write(f"{cc:<7}  {n:>10}  {result.parts_per_country[cc]:>8}  {price:>10}  "
                  f"{total:>10}\n")
    out.write("\nparts  recipients\n")
    for parts, n in result.parts_histogram.items():
        out.write(f"{parts:>5}  {n:>10}\n")
    if result.warnings:
        out.write("\nwarnings:\n")
        for warning in result.warnings[:5]:
            out.write(f"  - {warning['message']}\n")
    if result.savings:
        out.write("\nsavings:\n")
        for saving in result.savings[:5]:
            money = _money(saving["cost"], result.currency) if saving["cost"] is not None else ""
            out.write(f"  - {saving['message']}: {saving['parts']} parts"
                      f"{', ' + money if money else ''}\n")


def handle(args: argparse.Namespace) -> int:
    """Print what the campaign costs; errors are left to the caller's exit-code map."""
    results = _estimate(args)
    if args.json:
        shown: Any = results[0].to_dict() if len(results) == 1 else [
            r.to_dict() for r in results]
        text = json.dumps(shown, ensure_ascii=False) + "\n"
    else:
        buffer = []
        for number, result in enumerate(results, 1):
            if len(results) > 1:
                buffer.append(f"{'' if number == 1 else chr(10)}message {number}:\n")
            sink = io.StringIO()
            _render(result, sink)
            buffer.append(sink.getvalue())
        text = "".join(buffer)
    sys.stdout.write(text)
    return 0

