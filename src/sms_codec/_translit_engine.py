"""The table-driven engine of transliteration (issue 11 item 5): each character outside
GSM gets a plan once per mode, Cyrillic variant and language, so that most text is one
``str.translate``; :func:`~sms_codec._translit_passes.render` runs only where the
neighbours matter. Same results as running ``render`` on every character.
"""

from __future__ import annotations

import itertools
import operator
import sys
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import NamedTuple, cast

from . import translit_maps as maps
from ._translit_passes import (
    Context,
    Mode,
    ascii_fallback,
    ascii_fallbacks,
    is_letter,
    nfc_offsets,
    render,
    strip_diacritics,
    table_for,
)
from .records import Replacement

__all__ = [
    "CONTEXT",
    "KNOWN_LIMIT",
    "Rendered",
    "Segment",
    "Spaced",
    "free_segment",
    "nfc_pieces",
    "plan",
    "plan_char",
    "plans_for",
    "quick_segment",
]


# What one character outside GSM becomes where its neighbours do not matter: (text,
# pass) or None (unsupported); CONTEXT marks a character whose rendering reads them.
Rendered = tuple[str, str] | None
CONTEXT: tuple[str, str] = ("", "context")


class Spaced(NamedTuple):
    """A character unidecode renders as a spaced syllable ("北" -> "Bei "): ``full``
    before a letter, ``stripped`` before anything else or at the end (both GSM)."""

    full: str
    stripped: str


def plan(
    char: str, ctx: Context, fallback_of: Callable[[str], str | None] = ascii_fallback
) -> Rendered | Spaced:
    """:func:`plan_char`, telling unidecode's spaced syllables (:class:`Spaced`) from the
    other context cases; ``fallback_of`` is :func:`ascii_fallback` or a precomputed one.

    >>> from sms_codec.planner import encodable_characters
    >>> ctx = Context(Mode.ALL, encodable_characters(), table_for(Mode.ALL, ""), "", "keep")
    >>> plan("北", ctx)
    Spaced(full='Bei ', stripped='Bei')
    """
    mode = ctx.mode
    if mode is not Mode.SMART:
        if ctx.variant == "uk" and char in maps.UKRAINIAN_WORD_INITIAL:
            return CONTEXT
        if mode is Mode.BULGARIAN_CYRILLIC and char in maps.BULGARIAN_WORD_FINAL_AFTER_I:
            return CONTEXT
        out = ctx.table.get(char)
        if out is not None:
            if len(out) >= 2 and char.isupper() and not out.isupper() and out[0].isupper():
                return CONTEXT  # cased() looks at the neighbouring letters
            return (out, "map") if ctx.gsm.issuperset(out) else None
    typographic = maps.TYPOGRAPHIC.get(char)
    if typographic is not None:
        return (typographic, "typographic") if ctx.gsm.issuperset(typographic) else None
    if mode is Mode.SMART:
        return None
    if unicodedata.combining(char):
        return CONTEXT  # dropped after a character, kept at a segment's start
    stripped = strip_diacritics(char, ctx.gsm)
    if stripped is not None:
        return stripped, "diacritic"
    fallback = fallback_of(char)
    if fallback is None:
        return None
    if fallback.endswith(" "):
        # The trailing space goes unless a letter follows (render()).
        short = fallback.rstrip(" ") or fallback
        full_ok, short_ok = ctx.gsm.issuperset(fallback), ctx.gsm.issuperset(short)
        if full_ok and short_ok:
            return Spaced(fallback, short)
        return CONTEXT if full_ok or short_ok else None
    return (fallback, "unidecode") if ctx.gsm.issuperset(fallback) else None


def plan_char(char: str, ctx: Context) -> Rendered:
    """:func:`render` of ``char`` when it reads no neighbour, else :data:`CONTEXT`.

    >>> from sms_codec.planner import encodable_characters
    >>> ctx = Context(Mode.ALL, encodable_characters(), table_for(Mode.ALL, ""), "", "keep")
    >>> plan_char("ж", ctx), plan_char("Щ", ctx) is CONTEXT, plan_char("😀", ctx)
    (('zh', 'map'), True, None)
    """
    found = plan(char, ctx)
    return CONTEXT if isinstance(found, Spaced) else found


@lru_cache(maxsize=64)
def _mapped(mode: Mode, variant: str, gsm: frozenset[str]) -> dict[str, Rendered]:
    """The plan of every character the mode's maps name, computed once per mode, variant
    and language: the translation table the passes start from."""
    ctx = Context(mode, gsm, table_for(mode, variant), variant, "keep")
    keys = set(maps.TYPOGRAPHIC) if mode is Mode.SMART else {*ctx.table, *maps.TYPOGRAPHIC}
    return {char: plan_char(char, ctx) for char in keys if char not in gsm}


_MISSING: tuple[str, str] = ("", "missing")


@lru_cache(maxsize=64)
def _translation(mode: Mode, variant: str, gsm: frozenset[str]) -> dict[int, str]:
    plan = _mapped(mode, variant, gsm)
    return {ord(char): found[0] for char, found in plan.items() if found and found is not CONTEXT}


#: How many characters outside the maps :func:`plans_for` remembers per mode, variant
#: and language before it forgets them (a bound on the cache, not on the text).
KNOWN_LIMIT = 1 << 16


@lru_cache(maxsize=64)
def _known(mode: Mode, variant: str, gsm: frozenset[str]) -> dict[str, Rendered | Spaced]:
    return dict(_mapped(mode, variant, gsm))


def plans_for(chars: Iterable[str], ctx: Context) -> dict[str, Rendered | Spaced]:
    """:func:`plan` of each of ``chars`` (distinct characters outside GSM). Characters
    outside the maps are planned once per mode, variant and language and remembered:
    planning one that unidecode renders costs microseconds, and CJK text has thousands.

    >>> from sms_codec.planner import encodable_characters
    >>> ctx = Context(Mode.ALL, encodable_characters(), table_for(Mode.ALL, ""), "", "keep")
    >>> plans_for(["ж", "😀"], ctx)
    {'ж': ('zh', 'map'), '😀': None}
    """
    # Plans of characters outside the maps are remembered only once unidecode is
    # imported (they depend on it); its absence is never cached.
    remember = sys.modules.get("unidecode") is not None
    known = (_known if remember else _mapped)(ctx.mode, ctx.variant, ctx.gsm)
    found = {char: known.get(char, _MISSING) for char in chars}
    fresh = [char for char, planned in found.items() if planned is _MISSING]
    if fresh:
        fallback_of: Callable[[str], str | None] = ascii_fallback
        if len(fresh) > 8:
            fallback_of = dict(zip(fresh, ascii_fallbacks(fresh), strict=True)).__getitem__
        learned = {char: plan(char, ctx, fallback_of) for char in fresh}
        found.update(learned)
        if not remember:
            return found
        if len(known) > KNOWN_LIMIT:
            known.clear()
            known.update(_mapped(ctx.mode, ctx.variant, ctx.gsm))
        known.update(learned)
    return found


def quick_segment(text: str, ctx: Context) -> str | None:
    """What :func:`free_segment` makes of ``text``, when one translation settles it: NFC
    text whose characters outside GSM all have a context-free plan (``None`` otherwise).
    Each such character is then replaced, so the text changes unless it was all GSM.

    >>> from sms_codec.planner import encodable_characters
    >>> ctx = Context(Mode.ALL, encodable_characters(), table_for(Mode.ALL, ""), "", "keep")
    >>> quick_segment("жук — «да»", ctx), quick_segment("Жук", ctx)
    ('zhuk - "da"', None)
    """
    if not unicodedata.is_normalized("NFC", text):
        return None
    translated = text.translate(_translation(ctx.mode, ctx.variant, ctx.gsm))
    return translated if ctx.gsm.issuperset(translated) else None


#: What a segment's passes give: output pieces, replacements (empty unless audited),
#: unsupported characters, and whether anything changed.
Segment = tuple[list[str], list[Replacement], list[tuple[int, str]], bool]


def free_segment(text: str, start: int, ctx: Context, audit: bool = True) -> Segment:
    """Passes 1 to 6 over ``text`` (at ``start`` of the input); ``audit`` builds the
    replacements, which a caller that only wants the text can leave for later."""
    if not unicodedata.is_normalized("NFC", text):
        return _unit_segment(text, start, ctx, audit)
    # NFC text: every character is a piece of its own, and its own neighbours' context.
    gsm = ctx.gsm
    at = [k for k, char in enumerate(text) if char not in gsm]
    if not at:
        return [text], [], [], False
    chars = list(map(text.__getitem__, at))
    plans = plans_for(set(chars), ctx)
    flat = plans
    if any(type(planned) is Spaced for planned in plans.values()):
        flat = {c: CONTEXT if type(p) is Spaced else p for c, p in plans.items()}
    found = cast("list[Rendered]", list(map(flat.__getitem__, chars)))
    if CONTEXT in found:
        return _char_segment(text, start, ctx, (at, chars, found), plans, audit)
    # Every plan is context-free: one translation, and the lists in bulk.
    unsupported: list[tuple[int, str]] = []
    if None in found:
        missing = list(map(operator.not_, found))
        unsupported = list(
            zip(map(start.__add__, itertools.compress(at, missing)),
                itertools.compress(chars, missing), strict=True)
        )
        kept = _KEPT[ctx.fallback]
        if kept is None:
            present = list(map(bool, found))
            at = list(itertools.compress(at, present))
            chars = list(itertools.compress(chars, present))
            found = list(itertools.compress(found, present))
        else:
            instead = (kept, "fallback")
            found = [plan or instead for plan in found]
    ready = cast("list[tuple[str, str]]", found)
    outs = list(map(operator.itemgetter(0), ready))
    replacements: list[Replacement] = []
    if audit:
        sources = map(operator.itemgetter(1), ready)
        replacements = list(map(Replacement, map(start.__add__, at), chars, outs, sources))
    translated = text.translate(dict(zip(map(ord, chars), outs, strict=True)))
    return [translated], replacements, unsupported, bool(at)


def _char_segment(
    text: str,
    start: int,
    ctx: Context,
    planned: tuple[list[int], list[str], list[Rendered]],
    plans: dict[str, Rendered | Spaced],
    audit: bool,
) -> Segment:
    kept = _KEPT[ctx.fallback]
    out: list[str] = []
    replacements: list[Replacement] = []
    unsupported: list[tuple[int, str]] = []
    changed = False
    last = 0
    for index, char, found in zip(*planned, strict=True):
        if found is CONTEXT:
            prev = text[index - 1] if index else None
            nxt = text[index + 1 : index + 2] or None
            spaced = plans[char]
            if type(spaced) is Spaced:
                found = (spaced.full if is_letter(nxt) else spaced.stripped, "unidecode")
            elif prev is not None and unicodedata.combining(char):
                found = ("", "diacritic")  # render()'s answer for a mark after a character
            else:
                found = render(char, prev, nxt, ctx)
        if found is None:
            unsupported.append((start + index, char))
            if kept is None:
                continue
            found = (kept, "fallback")
        out.append(text[last:index])
        out.append(found[0])
        last = index + 1
        changed = True
        if audit:
            replacements.append(Replacement(start + index, char, *found))
    out.append(text[last:])
    return out, replacements, unsupported, changed


# What "replace" and "remove" put in place of an unsupported character (None: "keep").
_KEPT: dict[str, str | None] = {"keep": None, "replace": "?", "remove": ""}


def nfc_pieces(segment: str) -> list[tuple[int, str]]:
    """:func:`nfc_units` of text that is not NFC, asking NFC about a boundary only where a
    composition can cross it: a piece that starts below U+0300 (a starter that is no
    character's second half) never joins the piece before it.

    >>> [(offset, len(piece)) for offset, piece in nfc_pieces("e\u0301x\u0328\u0301y")]
    [(0, 2), (2, 3), (5, 1)]
    """
    size = len(segment)
    # A piece starts at each character that is not a combining mark (and at 0).
    starts = list(
        itertools.compress(range(size), map(operator.not_, map(unicodedata.combining, segment)))
    )
    if not starts or starts[0]:
        starts.insert(0, 0)
    starts.append(size)
    units: list[tuple[int, str]] = []
    nfc = unicodedata.normalize
    for start, end in itertools.pairwise(starts):
        text = segment[start:end]
        if units and text[0] >= "\u0300":
            pstart, ptext = units[-1]
            if nfc("NFC", ptext + text) != nfc("NFC", ptext) + nfc("NFC", text):
                units[-1] = (pstart, ptext + text)
                continue
        units.append((start, text))
    return units


def _unit_segment(text: str, start: int, ctx: Context, audit: bool) -> Segment:
    gsm = ctx.gsm
    units = nfc_pieces(text)
    # Pass 2 before pass 1: a piece that is all GSM under the language stays as written,
    # even where NFC would decompose, join or reorder it (क़ in Hindi, ೀ in Kannada).
    forms = [
        piece if gsm.issuperset(piece) else unicodedata.normalize("NFC", piece)
        for _, piece in units
    ]
    flat = "".join(forms)
    plans = plans_for(set(flat).difference(gsm), ctx)
    out: list[str] = []
    replacements: list[Replacement] = []
    unsupported: list[tuple[int, str]] = []
    changed = False
    position = 0
    for (offset, piece), form in zip(units, forms, strict=True):
        index = start + offset
        if gsm.issuperset(form):
            out.append(form)
            position += len(form)
            if form != piece:
                changed = True
                if audit:
                    replacements.append(Replacement(index, piece, form, "nfc"))
            continue
        rendered: list[str] = []
        sources: list[str] = []
        for char, at in zip(form, nfc_offsets(piece, form), strict=True):
            if char in gsm:
                rendered.append(char)
                position += 1
                continue
            planned = plans[char]
            if type(planned) is Spaced:
                nxt = flat[position + 1] if position + 1 < len(flat) else None
                found: Rendered = (
                    planned.full if is_letter(nxt) else planned.stripped, "unidecode"
                )
            elif planned is CONTEXT:
                prev = flat[position - 1] if position else None
                if prev is not None and unicodedata.combining(char):
                    found = ("", "diacritic")  # render()'s answer for a mark after a character
                else:
                    nxt = flat[position + 1] if position + 1 < len(flat) else None
                    found = render(char, prev, nxt, ctx)
            else:
                found = planned
            if found is not None:
                rendered.append(found[0])
                sources.append(found[1])
            else:
                unsupported.append((index + at, char))
                kept = {"keep": char, "replace": "?", "remove": ""}[ctx.fallback]
                rendered.append(kept)
                if kept != char:
                    sources.append("fallback")
            position += 1
        result = "".join(rendered)
        out.append(result)
        if result != piece:
            changed = True
            if audit:
                source = sources[-1] if sources else "nfc"
                replacements.append(Replacement(index, piece, result, source))
    return out, replacements, unsupported, changed
