"""The per-character passes of transliteration (passes 3 to 6 of
``docs/transliteration.md``) and the modes that choose their maps.

:mod:`sms_codec.transliteration` drives them over the parts of a text that are not
protected, and re-exports :class:`Mode`.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import deque
from collections.abc import Mapping
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from . import translit_maps as maps
from .charsets import LOCKING, SINGLE

__all__ = [
    "FALLBACKS",
    "Context",
    "Mode",
    "ascii_fallback",
    "ascii_fallbacks",
    "table_for",
    "variant_of",
]


class Mode(str, Enum):
    """Transliteration modes, by Infobip's names plus ``SMART``; each equals its name.

    >>> Mode("GREEK") is Mode.GREEK, Mode.ALL == "ALL"
    (True, True)
    """

    NONE = "NONE"
    TURKISH = "TURKISH"
    GREEK = "GREEK"
    CYRILLIC = "CYRILLIC"
    BULGARIAN_CYRILLIC = "BULGARIAN_CYRILLIC"
    SERBIAN_CYRILLIC = "SERBIAN_CYRILLIC"
    CENTRAL_EUROPEAN = "CENTRAL_EUROPEAN"
    BALTIC = "BALTIC"
    PORTUGUESE = "PORTUGUESE"
    COLOMBIAN = "COLOMBIAN"
    NON_UNICODE = "NON_UNICODE"
    ALL = "ALL"
    SMART = "SMART"

    def __str__(self) -> str:
        return self.value


#: The valid ``fallback`` values: what happens to characters still outside GSM.
FALLBACKS: tuple[str, ...] = ("keep", "replace", "remove")


@lru_cache(maxsize=32)
def table_for(mode: Mode, variant: str) -> Mapping[str, str]:
    ordered: list[Mapping[str, str]] = list(maps.MODE_MAPS[mode.value])
    preferred = {"uk": maps.UKRAINIAN, "sr": maps.SERBIAN}.get(variant)
    if preferred is not None and any(m is preferred for m in ordered):
        ordered.remove(preferred)
        ordered.insert(0, preferred)
    merged: dict[str, str] = {}
    for table in reversed(ordered):
        merged.update(table)
    return merged


# One search each (a set's isdisjoint would make a str per character of the text).
_UKRAINIAN = re.compile("[" + "".join(sorted(maps.UKRAINIAN_MARKERS)) + "]")
_SERBIAN = re.compile("[" + "".join(sorted(maps.SERBIAN_MARKERS)) + "]")


def variant_of(mode: Mode, text: str) -> str:
    """Which Cyrillic map leads: Ukrainian or Serbian letters in the text select theirs.

    >>> variant_of(Mode.ALL, "Їжак"), variant_of(Mode.ALL, "Ђак"), variant_of(Mode.GREEK, "Ї")
    ('uk', 'sr', '')
    """
    if mode in (Mode.CYRILLIC, Mode.ALL) and _UKRAINIAN.search(text):
        return "uk"
    if mode is Mode.ALL and _SERBIAN.search(text):
        return "sr"
    return ""


def is_letter(char: str | None) -> bool:
    return char is not None and (char.isalpha() or unicodedata.combining(char) != 0)


def in_word(char: str | None) -> bool:
    # An apostrophe inside a word (Ukrainian "м'ята") does not start a new word.
    return is_letter(char) or char in ("'", "’", "ʼ")


def cased(out: str, char: str, prev: str | None, nxt: str | None) -> str:
    """``Shch`` becomes ``SHCH`` when the neighbouring letter is a capital too."""
    if len(out) < 2 or not char.isupper() or out.isupper() or not out[0].isupper():
        return out
    neighbour = nxt if is_letter(nxt) else prev
    if neighbour is not None and neighbour.isalpha() and neighbour.isupper():
        return out.upper()
    return out


# The most combining marks any character of any GSM table decomposes into.
_GSM_MARKS = max(
    len(unicodedata.normalize("NFD", c)) - 1
    for c in frozenset().union(*LOCKING.values(), *SINGLE.values())
)


def strip_diacritics(char: str, gsm: frozenset[str]) -> str | None:
    """Drop combining marks from the end until what is left is GSM (ǘ -> ü, ő -> o)."""
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) < 2:
        return None
    base, marks = decomposed[0], decomposed[1:]
    if not all(unicodedata.combining(m) for m in marks):
        return None
    # A GSM character decomposes into a base and at most _GSM_MARKS marks, so longer
    # prefixes cannot compose into one: trying them made a run of marks quadratic.
    for keep in range(min(len(marks) - 1, _GSM_MARKS), -1, -1):
        candidate = unicodedata.normalize("NFC", base + marks[:keep])
        if candidate in gsm:
            return candidate
    return None


def ascii_fallback(char: str) -> str | None:
    """The one place unidecode (GPL-2.0-or-later) is used: a last-resort ASCII rendering.

    unidecode is an optional extra (``sms-codec[unidecode]``), never part of a default
    install: without it this returns ``None`` and the character stays unsupported. ``None``
    too when unidecode has nothing; a backtick, which GSM lacks, becomes an apostrophe.
    The caller still checks every character of the result against GSM.

    >>> ascii_fallback("北"), ascii_fallback("😀")
    ('Bei ', None)
    """
    try:
        from unidecode import unidecode
    except ImportError:
        return None
    out: str = unidecode(char)
    if not out or "[?]" in out:
        return None
    return out.replace("`", "'")


def ascii_fallbacks(chars: list[str]) -> list[str | None]:
    """:func:`ascii_fallback` of each of ``chars``, from one unidecode call: unidecode
    renders each code point on its own, so its rendering of the characters joined by NUL
    (which it keeps) splits back into theirs; one by one if that does not work out.

    >>> ascii_fallbacks(["北", "😀", "é"])
    ['Bei ', None, 'e']
    """
    if len(chars) < 2:
        return [ascii_fallback(char) for char in chars]
    joined = ascii_fallback("\x00".join(chars))
    if joined is None and sys.modules.get("unidecode") is None:
        return [None] * len(chars)  # no unidecode (ascii_fallback tried the import)
    outs = [] if joined is None else joined.split("\x00")
    if len(outs) != len(chars):
        return [ascii_fallback(char) for char in chars]
    return [out or None for out in outs]


class Context(NamedTuple):
    mode: Mode
    gsm: frozenset[str]
    table: Mapping[str, str]
    variant: str
    fallback: str


def render(char: str, prev: str | None, nxt: str | None, ctx: Context) -> tuple[str, str] | None:
    """Passes 3 to 6 for one character outside GSM: (replacement, source) or ``None``."""
    mode = ctx.mode
    out: str | None = None
    source = "map"
    if mode is not Mode.SMART:
        if ctx.variant == "uk" and not in_word(prev):
            out = maps.UKRAINIAN_WORD_INITIAL.get(char)
        if (
            out is None
            and mode is Mode.BULGARIAN_CYRILLIC
            and prev in ("и", "И")
            and not is_letter(nxt)
        ):
            out = maps.BULGARIAN_WORD_FINAL_AFTER_I.get(char)
        if out is None:
            out = ctx.table.get(char)
        if out is not None:
            out = cased(out, char, prev, nxt)
    if out is None:
        out, source = maps.TYPOGRAPHIC.get(char), "typographic"
    if out is None and mode is not Mode.SMART:
        source = "diacritic"
        if unicodedata.combining(char) and prev is not None:
            out = ""
        else:
            out = strip_diacritics(char, ctx.gsm)
        if out is None:
            out, source = ascii_fallback(char), "unidecode"
            if out is not None and not is_letter(nxt):
                # unidecode spaces syllables ("北" -> "Bei "); no double space before "," or " ".
                out = out.rstrip(" ") or out
    if out is None or not ctx.gsm.issuperset(out):
        return None
    return out, source


def nfc_units(segment: str) -> list[tuple[int, str]]:
    """Split ``segment`` into pieces that NFC normalises independently: (offset, piece)."""
    if unicodedata.is_normalized("NFC", segment):
        return list(enumerate(segment))
    # Characters are gathered in lists and joined once: appending to a string per mark
    # made a long run of marks quadratic.
    gathered: list[tuple[int, list[str]]] = []
    for offset, char in enumerate(segment):
        if gathered and unicodedata.combining(char):
            gathered[-1][1].append(char)
        else:
            gathered.append((offset, [char]))
    units: list[tuple[int, str]] = []
    for start, chars in gathered:
        text = "".join(chars)
        if units:
            pstart, ptext = units[-1]
            nfc = unicodedata.normalize
            if nfc("NFC", ptext + text) != nfc("NFC", ptext) + nfc("NFC", text):
                units[-1] = (pstart, ptext + text)
                continue
        units.append((start, text))
    return units


def nfc_offsets(piece: str, form: str) -> list[int]:
    """Where each character of ``form``, the NFC of ``piece``, stands in ``piece``.

    A character NFC left as it was (a mark it could not join, perhaps moved by canonical
    ordering) keeps its own offset; one NFC composed stands at the piece's start.

    >>> nfc_offsets("I\u0328\u0330", "\u012e\u0330"), nfc_offsets("ab", "ab")
    ([0, 2], [0, 1])
    """
    if form == piece:
        return list(range(len(piece)))
    # Each character of the form takes the first unused place of that character in the
    # piece (0 when it has none: it was composed there); one queue per character keeps
    # this linear.
    places: dict[str, deque[int]] = {}
    for k, c in enumerate(piece):
        places.setdefault(c, deque()).append(k)
    offsets: list[int] = []
    for char in form:
        free = places.get(char)
        offsets.append(free.popleft() if free else 0)
    return offsets
