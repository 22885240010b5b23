"""What would make a campaign cheaper, computed: each suggestion re-analyses the
distinct bodies it could change and carries the parts (and the money, at the price
list's prices) it saves over all their recipients.

Suggestions: ``transcode`` (transliterate the UCS-2 bodies, with the characters and
label values that forced UCS-2), ``nationalLanguage`` (allow the national tables),
``shortLinks`` (send links as short links) and ``escapedCharacters`` (the GSM-7
characters that cost two septets and so an extra part).

>>> Priced(None).money({"GR": 3}) is None
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from decimal import Decimal
from itertools import compress
from typing import Any

from ._estimate_bodies import Bodies
from ._estimate_prices import PriceList
from .analysis import BodyAnalysis, analyze, encodable_characters
from .transliteration import transliterate
from .urls import ShortLinks, find_urls

__all__ = ["SUGGESTED_SHORT_LINKS", "Counts", "Priced", "savings"]

#: The short link the ``shortLinks`` suggestion prices a link as (25 characters).
SUGGESTED_SHORT_LINKS = ShortLinks("https://s.example/", code_length=7)
#: The default alphabet's characters that take the escape and a second septet.
_ESCAPED = frozenset("^{}\\[~]|€\f")
#: How many characters or label values a suggestion lists.
SHOWN = 20


class Priced:
    """A price list applied to counts of parts by country."""

    def __init__(self, prices: PriceList | None) -> None:
        self.prices = None if prices is None else prices.prices
        self.currency = None if prices is None else prices.currency

    def rows(
        self, recipients: Mapping[str, int], parts: Mapping[str, int]
    ) -> dict[str, dict[str, Any]]:
        """``{country: {recipients, parts, pricePerPart, total}}`` for priced countries."""
        if self.prices is None:
            return {}
        return {
            cc: {"recipients": recipients[cc], "parts": parts[cc],
                 "pricePerPart": self.prices[cc], "total": parts[cc] * self.prices[cc]}
            for cc in sorted(recipients) if cc in self.prices
        }

    def total(self, rows: Mapping[str, Mapping[str, Any]]) -> Decimal | None:
        """The sum of the rows' totals; ``None`` without a price list."""
        if self.prices is None:
            return None
        return sum((row["total"] for row in rows.values()), Decimal(0))

    def unpriced(self, recipients: Mapping[str, int]) -> tuple[str, ...]:
        """The countries with recipients and no price (none without a price list)."""
        if self.prices is None:
            return ()
        return tuple(sorted(cc for cc in recipients if cc not in self.prices))

    def money(self, parts: Mapping[str, int]) -> Decimal | None:
        """What ``{country: parts}`` cost (unpriced countries count nothing)."""
        if self.prices is None:
            return None
        prices = self.prices
        return sum((n * prices[cc] for cc, n in parts.items() if cc in prices), Decimal(0))


class Counts:
    """The recipients as two columns, ``regions[i]`` and ``keys[i]`` (the key of the
    body recipient ``i`` is sent): counted per key once, per region only where asked."""

    def __init__(self, regions: list[str], keys: list[Any]) -> None:
        self.regions, self.keys = regions, keys
        self.per_key: Counter[Any] = Counter(keys)

    def region_parts(self, parts_of: Mapping[Any, int]) -> Counter[tuple[str, int]]:
        """``{(region, parts): recipients}``, ``parts_of`` giving each key's parts."""
        return Counter(zip(self.regions, map(parts_of.__getitem__, self.keys), strict=True))

    def by_key(self, wanted: Collection[Any]) -> dict[Any, list[tuple[str, int]]]:
        """``{key: [(region, recipients), ...]}`` for the keys in ``wanted``."""
        keys = self.keys
        pairs = Counter(compress(zip(self.regions, keys, strict=True),
                                 map(wanted.__contains__, keys)))
        out: dict[Any, list[tuple[str, int]]] = {}
        for (region, key), n in pairs.items():
            out.setdefault(key, []).append((region, n))
        return out


def _suggestion(
    kind: str,
    message: str,
    saved: Mapping[Any, int],
    counts: Counts,
    priced: Priced,
    **extra: Any,
) -> dict[str, Any]:
    by_key = counts.by_key(saved)
    by_country: Counter[str] = Counter()
    recipients = 0
    for key, parts in saved.items():
        for region, n in by_key[key]:
            by_country[region] += n * parts
            recipients += n
    return {"kind": kind, "message": message, "recipients": recipients,
            "parts": sum(by_country.values()), "cost": priced.money(by_country), **extra}


def _saved(
    keys: Iterable[Any],
    analyses: Mapping[Any, BodyAnalysis],
    alternative: Callable[[Any, BodyAnalysis], int | None],
) -> dict[Any, int]:
    out = {}
    for key in keys:
        parts = alternative(key, analyses[key])
        if parts is not None and parts < analyses[key].parts:
            out[key] = analyses[key].parts - parts
    return out


def _top(counter: Counter[Any], shown: int = SHOWN) -> list[tuple[Any, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))[:shown]


def savings(
    bodies: Bodies,
    counts: Counts,
    options: Mapping[str, Any],
    priced: Priced,
) -> list[dict[str, Any]]:
    """The suggestions for a campaign (see the module docstring), most parts saved first."""
    template, analyses = bodies.template, bodies.analyses
    per_key = counts.per_key
    plain = {k: v for k, v in options.items() if k != "transcode"}
    out = []
    # A body analysed by its length is GSM-7 at one septet a character: neither the
    # national tables nor avoiding escapes can save on it.
    by_length = bodies.plain_lengths
    septets = [k for k in per_key if k not in by_length] if by_length else list(per_key)

    unicode = [k for k in per_key if analyses[k].unicode]
    if unicode:
        def transcoded(key: Any, result: BodyAnalysis) -> int | None:
            if result.transcode is not None:
                return result.transcode.parts
            body = bodies.body(key)
            if plain.get("short_links") is None:
                # The offer analyze(transcode=True) makes, without building its list of
                # replacements (a Replacement per changed character): only parts count.
                done = transliterate(body, "ALL", language=plain.get("language"),
                                     protect=[(u.start, u.end) for u in find_urls(body)])
                return done.parts if done.changed and done.gsm7 else None
            offer = analyze(body, **plain, transcode=True).transcode
            return None if offer is None else offer.parts

        characters: Counter[str] = Counter()
        values: Counter[tuple[str, str]] = Counter()
        forcing: dict[str, bool] = {}
        for key in unicode:
            for ch in analyses[key].unsupported_gsm_characters:
                characters[ch] += per_key[key]
            for label, value in zip(template.names, template.values(key), strict=True):
                if value is not None and value not in forcing:
                    forcing[value] = analyze(value, **plain).unicode
                if value is not None and forcing[value]:
                    values[label, value] += per_key[key]
        n = sum(per_key[k] for k in unicode)
        out.append(_suggestion(
            "transcode", f"transliterate the {n} UCS-2 bodies to GSM-7 (transcode=True)",
            _saved(unicode, analyses, transcoded), counts, priced,
            characters=[{"character": c, "recipients": m} for c, m in _top(characters)],
            labelValues=[{"label": label, "value": v, "recipients": m}
                         for (label, v), m in _top(values)],
        ))

    if options.get("language") != "auto":
        every_table = encodable_characters("auto")

        def national(key: Any, result: BodyAnalysis) -> int | None:
            if not result.unicode and result.units == result.characters:
                return None  # one septet per character already: no table can do better
            if result.unicode and not every_table.issuperset(result.unsupported_gsm_characters):
                return None  # a character no table has: UCS-2 under every language
            return analyze(bodies.body(key), **{**plain, "language": "auto"}).parts

        saved = _saved(septets, analyses, national)
        if saved:
            tables: Counter[str] = Counter()
            for key in saved:
                alt = analyze(bodies.body(key), **{**plain, "language": "auto"})
                tables[alt.locking_shift or alt.single_shift or "default"] += per_key[key]
            best = _top(tables, 1)[0][0]
            out.append(_suggestion(
                "nationalLanguage", f"allow the national language tables (language='auto'; "
                f"mostly {best!r})", saved, counts, priced, language=best,
            ))

    if options.get("short_links") is None:
        anywhere, links, delta = bodies.links()
        delta += links * SUGGESTED_SHORT_LINKS.short_length

        def shortened(key: Any, result: BodyAnalysis) -> int | None:
            if not anywhere and not bodies.dotted(key):
                if not links:
                    return None
                if key in bodies.plain_lengths:  # a plain body stays plain, delta longer
                    return bodies.plain(bodies.plain_lengths[key] + delta).parts
            body = bodies.body(key)
            if not find_urls(body):
                return None
            return analyze(body, **plain, short_links=SUGGESTED_SHORT_LINKS).parts

        # Nothing to shorten: no link in the template, none a value could make.
        worth = anywhere or links or bodies.any_dotted(per_key)
        saved = _saved(per_key, analyses, shortened) if worth else {}
        if saved:
            out.append(_suggestion(
                "shortLinks", f"send links as {SUGGESTED_SHORT_LINKS.short_length}-character "
                "short links", saved, counts, priced,
                linkLength=SUGGESTED_SHORT_LINKS.short_length,
            ))

    def unescaped(key: Any, result: BodyAnalysis) -> int | None:
        if result.unicode or result.units == result.characters or (
            result.locking_shift or result.single_shift
        ):
            return None
        body = "".join("x" if c in _ESCAPED else c for c in bodies.body(key))
        return analyze(body, **plain).parts

    saved = _saved(septets, analyses, unescaped)
    if saved:
        escaped: Counter[str] = Counter()
        for key in saved:
            for ch in set(bodies.body(key)) & _ESCAPED:
                escaped[ch] += per_key[key]
        out.append(_suggestion(
            "escapedCharacters", "avoid the characters that take two septets "
            f"({' '.join(sorted(escaped))})", saved, counts, priced,
            characters=[{"character": c, "recipients": m} for c, m in _top(escaped)],
        ))
    out.sort(key=lambda s: -int(s["parts"]))
    return out
