"""Transliteration's text alone, in bulk (issue 11 item 5): what
:func:`~sms_codec._translit_engine.free_segment` makes of a segment, from C-level string
operations (``set``, ``str.translate``/``str.replace``, ``unicodedata.normalize``) plus
Python only at the positions whose neighbours matter. The replacements and unsupported
characters are left to ``free_segment``, for when they are read.
"""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from ._translit_engine import (
    CONTEXT,
    KNOWN_LIMIT,
    Rendered,
    Spaced,
    free_segment,
    plans_for,
    quick_segment,
)
from ._translit_passes import Context, is_letter, render
from .records import Replacement

__all__ = ["QUICK_BELOW", "Audit", "Deferred", "defer", "segment_text"]


class Audit(NamedTuple):
    """What a transliteration's replacements and unsupported characters are computed
    from when first read; ``changed`` is ``None`` when only they can tell."""

    segments: tuple[tuple[int, str], ...]
    ctx: Context
    changed: bool | None


class Deferred:
    """The ``replacements`` and ``unsupported`` fields of ``Transliteration``: a tuple,
    or an :class:`Audit` made into both on first access of either (most callers
    read only the text; the audit is an object per changed character). Equality,
    hashing, ``repr`` and pickling go through it, so a deferred audit behaves as the
    tuples it stands for."""

    def __init__(self, name: str) -> None:
        self.key = "_" + name

    def __get__(self, instance: object, owner: type | None = None) -> tuple[Any, ...]:
        if instance is None:
            raise AttributeError(self.key[1:])
        state = instance.__dict__
        value = state[self.key]
        if isinstance(value, Audit):
            replacements: list[Replacement] = []
            unsupported: list[tuple[int, str]] = []
            for start, segment in value.segments:
                _, changes, missing, _ = free_segment(segment, start, value.ctx)
                replacements.extend(changes)
                unsupported.extend(missing)
            state["_replacements"] = tuple(replacements)
            state["_unsupported"] = tuple(unsupported)
            value = state[self.key]
        return value  # type: ignore[no-any-return]

    def __set__(self, instance: object, value: tuple[Any, ...]) -> None:
        instance.__dict__[self.key] = value


def defer(made: object, audit: Audit) -> None:
    """Leave ``made``'s replacements and unsupported characters to ``audit``."""
    made.__dict__["_replacements"] = made.__dict__["_unsupported"] = audit


#: Segments shorter than this try the cached translation first (one call settles most
#: SMS); a longer one pays one ``set()`` instead of a translation that may not do.
QUICK_BELOW = 2048


def segment_text(
    text: str, ctx: Context, outside_of: Callable[[str], Iterable[str]] = set
) -> tuple[str, bool]:
    """``"".join(free_segment(text, 0, ctx)[0])`` and whether comparing it with ``text``
    tells if anything was replaced (always so for NFC text; for text NFC changes, a
    different result means a replacement, the same one may hide some). ``outside_of``
    gives the distinct characters of a text, or of those outside GSM (a superset).

    >>> from sms_codec._translit_passes import Mode, table_for
    >>> from sms_codec.planner import encodable_characters
    >>> ctx = Context(Mode.ALL, encodable_characters(), table_for(Mode.ALL, ""), "", "keep")
    >>> segment_text("Щука, 北京. 😀", ctx), segment_text("e\u0301\u0301!", ctx)
    (('Shchuka, Bei Jing. 😀', True), ('é!', False))
    """
    if len(text) < QUICK_BELOW:
        quick = quick_segment(text, ctx)
        if quick is not None:
            return quick, True
    flat = unicodedata.normalize("NFC", text)
    if flat == text:
        return _nfc_text(text, ctx, outside_of), "?" in ctx.gsm
    if not _nfc_keeps_gsm(ctx.gsm):
        return "".join(free_segment(text, 0, ctx, False)[0]), False
    return _nfc_text(flat, ctx, outside_of), False


@lru_cache(maxsize=64)
def _stops(gsm: frozenset[str]) -> frozenset[str]:
    return frozenset(char for char in gsm if not is_letter(char))


@lru_cache(maxsize=64)
def _nfc_keeps_gsm(gsm: frozenset[str]) -> bool:
    """Whether no GSM character can take part in an NFC change: none is a mark, a Hangul
    jamo (the only composition seconds that are neither) or changed by NFC alone. Then
    pass 2, which keeps a piece that is all GSM as written, keeps only pieces NFC keeps,
    and the NFC of the whole segment is the text the passes start from."""
    return not any(
        unicodedata.combining(char)
        or unicodedata.category(char) in ("Mn", "Mc", "Me")
        or "\u1100" <= char <= "\u11ff"
        or not unicodedata.is_normalized("NFC", char)
        for char in gsm
    )


@lru_cache(maxsize=256)
def _stop_pattern(gsm: frozenset[str], extra: frozenset[str]) -> re.Pattern[str]:
    """A search for the characters that are not letters: the GSM ones and ``extra``."""
    return re.compile("[" + "".join(map(re.escape, sorted(_stops(gsm) | extra))) + "]")


class _Learned:
    """What the bulk path knows of the characters outside GSM planned so far under one
    mode, variant and language: set and dict lookups replace a loop over a text's
    characters (thousands of distinct ones in CJK text)."""

    def __init__(self, gsm: frozenset[str]) -> None:
        self.planned: set[str] = set()
        self.free: dict[str, str] = {}  # the context-free output (a spaced syllable's full)
        self.free_keys: set[str] = set()
        self.table: dict[int, str] = {}  # the same, for str.translate
        self.spaced: dict[str, str] = {}  # a spaced syllable's output before a non-letter
        self.spaced_keys: set[str] = set()
        self.marks: set[str] = set()  # dropped after a character, render() at the start
        self.context: set[str] = set()  # render() at every position
        self.missing: set[str] = set()  # unsupported
        self.stops: set[str] = set(_stops(gsm))  # characters that are not letters

    def learn(self, plans: dict[str, Rendered | Spaced]) -> None:
        for char, found in plans.items():
            if not is_letter(char):
                self.stops.add(char)
            if found is None:
                self.missing.add(char)
            elif found is CONTEXT:
                (self.marks if unicodedata.combining(char) else self.context).add(char)
            else:
                out = found.full if type(found) is Spaced else found[0]
                if type(found) is Spaced:
                    self.spaced[char] = found.stripped
                    self.spaced_keys.add(char)
                self.free[char] = out
                self.table[ord(char)] = out
                self.free_keys.add(char)
        self.planned.update(plans)  # last: a planned character is fully learned


_LEARNED: dict[tuple[object, ...], _Learned] = {}


def _learned(ctx: Context, outside: set[str]) -> _Learned:
    """The :class:`_Learned` of ``ctx``, with ``outside`` planned. Kept only once
    unidecode is imported (plans depend on it); replaced when it grows past
    ``KNOWN_LIMIT`` characters, never emptied under a reader."""
    key = (ctx.mode, ctx.variant, ctx.gsm)
    learned = _LEARNED.get(key) if sys.modules.get("unidecode") is not None else None
    if learned is None or len(learned.planned) > KNOWN_LIMIT:
        learned = _Learned(ctx.gsm)
        if sys.modules.get("unidecode") is not None:
            if len(_LEARNED) >= 64:
                _LEARNED.clear()
            _LEARNED[key] = learned
    fresh = outside.difference(learned.planned)
    if fresh:
        learned.learn(plans_for(fresh, ctx))
    return learned


def _nfc_text(text: str, ctx: Context, outside_of: Callable[[str], Iterable[str]]) -> str:
    """The passes' text for NFC ``text``: each character outside GSM goes through one
    table (or a few ``str.replace``), except where :func:`render` needs its neighbours."""
    outside = set(outside_of(text)).difference(ctx.gsm)
    if not outside:
        return text
    learned = _learned(ctx, outside)
    kept = {"keep": None, "replace": "?", "remove": ""}[ctx.fallback]
    size = len(text)
    fixes: dict[int, str] = {}

    def rendered(index: int) -> str:
        char = text[index]
        prev = text[index - 1] if index else None
        found = render(char, prev, text[index + 1 : index + 2] or None, ctx)
        if found is not None:
            return found[0]
        return char if kept is None else kept

    context = outside.intersection(learned.context)
    if context:
        for index in itertools.compress(range(size), map(context.__contains__, text)):
            fixes[index] = rendered(index)
    if text[0] in learned.marks:
        fixes[0] = rendered(0)
    spaced = outside.intersection(learned.spaced_keys)
    if spaced:
        # A spaced syllable loses its space before a character that is not a letter.
        stripped_of = learned.spaced
        if text[-1] in spaced:
            fixes[size - 1] = stripped_of[text[-1]]
        stops = _stop_pattern(ctx.gsm, frozenset(outside.intersection(learned.stops)))
        for found in stops.finditer(text, 1):
            index = found.start() - 1
            if text[index] in spaced:
                fixes[index] = stripped_of[text[index]]
    steps = [_step(outside.intersection(learned.free_keys), learned.free, learned.table)]
    marks = outside.intersection(learned.marks)
    if marks:
        steps.append(_step(marks, dict.fromkeys(marks, ""), None))
    if kept is not None:
        missing = outside.intersection(learned.missing)
        steps.append(_step(missing, dict.fromkeys(missing, kept), None))

    def apply(piece: str) -> str:
        for step in steps:
            piece = step(piece)
        return piece

    if not fixes:
        return apply(text)
    pieces: list[str] = []
    last = 0
    for index in sorted(fixes):
        pieces.append(apply(text[last:index]))
        pieces.append(fixes[index])
        last = index + 1
    pieces.append(apply(text[last:]))
    return "".join(pieces)


def _step(
    chars: set[str], outs: dict[str, str], table: dict[int, str] | None
) -> Callable[[str], str]:
    """Replace each of ``chars`` by its output (which holds none of them: GSM, ``?`` or
    nothing): a few ``str.replace`` calls (a C scan each) when they are few, else one
    ``str.translate`` (``table``, a superset, or one made here)."""
    if not chars:
        return _same
    if len(chars) <= 8:
        pairs = [(char, outs[char]) for char in chars]

        def replace(text: str) -> str:
            for char, out in pairs:
                text = text.replace(char, out)
            return text

        return replace
    mapping = table if table is not None else {ord(char): outs[char] for char in chars}

    def translate(text: str) -> str:
        return text.translate(mapping)

    return translate


def _same(text: str) -> str:
    return text
