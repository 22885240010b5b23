"""Transliteration to GSM-7 that keeps what GSM already has, and says what it changed.

The passes, the modes and their maps are written out in ``docs/transliteration.md``; the
maps themselves live in :mod:`sms_codec.translit_maps`.

>>> transliterate("Привет, “мир”…").text
'Privet, "mir"...'
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any, NamedTuple

from . import translit_maps as maps
from .errors import BodyTypeError, OptionError
from .links import ShortLinks, find_urls
from .planner import (
    BodyAnalysis,
    Encoding,
    Replacement,
    Transcode,
    body_analysis,
    encodable_characters,
    resolve_languages,
)

__all__ = [
    "FALLBACKS",
    "Mode",
    "Replacement",
    "Transcode",
    "Transliteration",
    "preview",
    "transcode_for_analysis",
    "transliterate",
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

_VALID_MODES = ", ".join(repr(m.value) for m in Mode)
_MODES = {m.value: m for m in Mode}


@dataclass(frozen=True)
class Transliteration:
    """The result of :func:`transliterate`, priced by :func:`sms_codec.analyze`.

    ``unsupported`` lists ``(index, character)`` of input characters that no pass could
    render in GSM; what became of them depends on ``fallback``.

    >>> t = transliterate("Καλημέρα", "GREEK")
    >>> t.text, t.gsm7, t.parts, str(t.encoding)
    ('KAΛHMEPA', True, 1, 'GSM7')
    """

    original: str
    text: str
    mode: Mode
    replacements: tuple[Replacement, ...]
    unsupported: tuple[tuple[int, str], ...]
    analysis: BodyAnalysis

    @property
    def gsm7(self) -> bool:
        """``True`` when the result travels as GSM-7 under the given language."""
        return self.analysis.encoding is Encoding.GSM7

    @property
    def encoding(self) -> Encoding:
        """The encoding of the result."""
        return self.analysis.encoding

    @property
    def parts(self) -> int:
        """The number of parts the result needs."""
        return self.analysis.parts

    @property
    def changed(self) -> bool:
        """``True`` when the result differs from the input."""
        return bool(self.replacements)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form.

        >>> transliterate("Ağ").to_dict()["text"]
        'Ag'
        """
        return {
            "original": self.original,
            "text": self.text,
            "mode": self.mode.value,
            "gsm7": self.gsm7,
            "encoding": self.encoding.value,
            "parts": self.parts,
            "replacements": [r.to_dict() for r in self.replacements],
            "unsupported": [{"index": i, "character": c} for i, c in self.unsupported],
        }


def _parse_mode(mode: object) -> Mode:
    if isinstance(mode, Mode):
        return mode
    if isinstance(mode, str):
        found = _MODES.get(mode)
        if found is not None:
            return found
        try:
            return Mode(mode.strip().upper())
        except ValueError:
            pass
    raise OptionError(f"unknown transliteration mode {mode!r}; valid: {_VALID_MODES}")


def _parse_fallback(fallback: object) -> str:
    if isinstance(fallback, str) and fallback in FALLBACKS:
        return fallback
    valid = ", ".join(repr(f) for f in FALLBACKS)
    raise OptionError(f"unknown fallback {fallback!r}; valid: {valid}")


def _parse_spans(protect: object, length: int) -> list[tuple[int, int]]:
    if protect == ():
        return []
    if not isinstance(protect, Iterable) or isinstance(protect, (str, bytes)):
        raise OptionError("protect must be a sequence of (start, end) pairs")
    spans: list[tuple[int, int]] = []
    for span in protect:
        ok = (
            isinstance(span, Sequence)
            and not isinstance(span, (str, bytes))
            and len(span) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in span)
        )
        if not ok:
            raise OptionError(f"protect span {span!r} is not a (start, end) pair of int")
        start, end = span
        if not 0 <= start <= end <= length:
            raise OptionError(
                f"protect span {tuple(span)!r} is out of range: need 0 <= start <= end <= {length}"
            )
        spans.append((start, end))
    spans.sort()
    for (s1, e1), (s2, e2) in itertools.pairwise(spans):
        if s2 < e1:
            raise OptionError(f"protect span {(s2, e2)!r} overlaps protect span {(s1, e1)!r}")
    return spans


@lru_cache(maxsize=64)
@lru_cache(maxsize=32)
def _table(mode: Mode, variant: str) -> Mapping[str, str]:
    ordered: list[Mapping[str, str]] = list(maps.MODE_MAPS[mode.value])
    preferred = {"uk": maps.UKRAINIAN, "sr": maps.SERBIAN}.get(variant)
    if preferred is not None and any(m is preferred for m in ordered):
        ordered.remove(preferred)
        ordered.insert(0, preferred)
    merged: dict[str, str] = {}
    for table in reversed(ordered):
        merged.update(table)
    return merged


def _variant(mode: Mode, text: str) -> str:
    """Which Cyrillic map leads: Ukrainian or Serbian letters in the text select theirs."""
    if mode in (Mode.CYRILLIC, Mode.ALL) and not maps.UKRAINIAN_MARKERS.isdisjoint(text):
        return "uk"
    if mode is Mode.ALL and not maps.SERBIAN_MARKERS.isdisjoint(text):
        return "sr"
    return ""


def _is_letter(char: str | None) -> bool:
    return char is not None and (char.isalpha() or unicodedata.combining(char) != 0)


def _in_word(char: str | None) -> bool:
    # An apostrophe inside a word (Ukrainian "м'ята") does not start a new word.
    return _is_letter(char) or char in ("'", "’", "ʼ")


def _cased(out: str, char: str, prev: str | None, nxt: str | None) -> str:
    """``Shch`` becomes ``SHCH`` when the neighbouring letter is a capital too."""
    if len(out) < 2 or not char.isupper() or out.isupper() or not out[0].isupper():
        return out
    neighbour = nxt if _is_letter(nxt) else prev
    if neighbour is not None and neighbour.isalpha() and neighbour.isupper():
        return out.upper()
    return out


def _strip_diacritics(char: str, gsm: frozenset[str]) -> str | None:
    """Drop combining marks from the end until what is left is GSM (ǘ -> ü, ő -> o)."""
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) < 2:
        return None
    base, marks = decomposed[0], decomposed[1:]
    if not all(unicodedata.combining(m) for m in marks):
        return None
    for keep in range(len(marks) - 1, -1, -1):
        candidate = unicodedata.normalize("NFC", base + marks[:keep])
        if candidate in gsm:
            return candidate
    return None


def _ascii_fallback(char: str) -> str | None:
    """The one place unidecode (GPL-2.0-or-later) is used: a last-resort ASCII rendering.

    unidecode is an optional extra (``sms-codec[unidecode]``), never part of a default
    install: without it this returns ``None`` and the character stays unsupported. ``None``
    too when unidecode has nothing; a backtick, which GSM lacks, becomes an apostrophe.
    The caller still checks every character of the result against GSM.

    >>> _ascii_fallback("北"), _ascii_fallback("😀")
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


class _Context(NamedTuple):
    mode: Mode
    gsm: frozenset[str]
    table: Mapping[str, str]
    variant: str
    fallback: str


def _render(char: str, prev: str | None, nxt: str | None, ctx: _Context) -> tuple[str, str] | None:
    """Passes 3 to 6 for one character outside GSM: (replacement, source) or ``None``."""
    mode = ctx.mode
    out: str | None = None
    source = "map"
    if mode is not Mode.SMART:
        if ctx.variant == "uk" and not _in_word(prev):
            out = maps.UKRAINIAN_WORD_INITIAL.get(char)
        if (
            out is None
            and mode is Mode.BULGARIAN_CYRILLIC
            and prev in ("и", "И")
            and not _is_letter(nxt)
        ):
            out = maps.BULGARIAN_WORD_FINAL_AFTER_I.get(char)
        if out is None:
            out = ctx.table.get(char)
        if out is not None:
            out = _cased(out, char, prev, nxt)
    if out is None:
        out, source = maps.TYPOGRAPHIC.get(char), "typographic"
    if out is None and mode is not Mode.SMART:
        source = "diacritic"
        if unicodedata.combining(char) and prev is not None:
            out = ""
        else:
            out = _strip_diacritics(char, ctx.gsm)
        if out is None:
            out, source = _ascii_fallback(char), "unidecode"
            if out is not None and not _is_letter(nxt):
                # unidecode spaces syllables ("北" -> "Bei "); no double space before "," or " ".
                out = out.rstrip(" ") or out
    if out is None or not ctx.gsm.issuperset(out):
        return None
    return out, source


def _units(segment: str) -> list[tuple[int, str]]:
    """Split ``segment`` into pieces that NFC normalises independently: (offset, piece)."""
    if unicodedata.is_normalized("NFC", segment):
        return list(enumerate(segment))
    groups: list[tuple[int, str]] = []
    for offset, char in enumerate(segment):
        if groups and unicodedata.combining(char):
            start, text = groups[-1]
            groups[-1] = (start, text + char)
        else:
            groups.append((offset, char))
    units: list[tuple[int, str]] = []
    for start, text in groups:
        if units:
            pstart, ptext = units[-1]
            nfc = unicodedata.normalize
            if nfc("NFC", ptext + text) != nfc("NFC", ptext) + nfc("NFC", text):
                units[-1] = (pstart, ptext + text)
                continue
        units.append((start, text))
    return units


def _offsets(piece: str, form: str) -> list[int]:
    """Where each character of ``form``, the NFC of ``piece``, stands in ``piece``.

    A character NFC left as it was (a mark it could not join, perhaps moved by canonical
    ordering) keeps its own offset; one NFC composed stands at the piece's start.

    >>> _offsets("I\u0328\u0330", "\u012e\u0330"), _offsets("ab", "ab")
    ([0, 2], [0, 1])
    """
    if form == piece:
        return list(range(len(piece)))
    taken: set[int] = set()
    offsets: list[int] = []
    for char in form:
        at = next((k for k, c in enumerate(piece) if c == char and k not in taken), 0)
        if piece[at] == char:
            taken.add(at)
        offsets.append(at)
    return offsets


def _free_segment(
    text: str, start: int, ctx: _Context
) -> tuple[list[str], list[Replacement], list[tuple[int, str]]]:
    units = _units(text)
    # Pass 2 before pass 1: a piece that is all GSM under the language stays as written,
    # even where NFC would decompose, join or reorder it (क़ in Hindi, ೀ in Kannada).
    forms = [
        piece if ctx.gsm.issuperset(piece) else unicodedata.normalize("NFC", piece)
        for _, piece in units
    ]
    flat = "".join(forms)
    out: list[str] = []
    replacements: list[Replacement] = []
    unsupported: list[tuple[int, str]] = []
    position = 0
    for (offset, piece), form in zip(units, forms, strict=True):
        index = start + offset
        rendered: list[str] = []
        sources: list[str] = []
        for char, at in zip(form, _offsets(piece, form), strict=True):
            if char in ctx.gsm:
                rendered.append(char)
            else:
                prev = flat[position - 1] if position else None
                nxt = flat[position + 1] if position + 1 < len(flat) else None
                found = _render(char, prev, nxt, ctx)
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
            source = sources[-1] if sources else "nfc"
            replacements.append(Replacement(index, piece, result, source))
    return out, replacements, unsupported


def _transliterate(
    text: object,
    mode: object,
    language: str | Iterable[str] | None,
    protect: object,
    fallback: object,
    concat_reference: int,
    before: BodyAnalysis | None = None,
) -> Transliteration:
    if not isinstance(text, str):
        raise BodyTypeError(f"text must be str, not {type(text).__name__}")
    parsed = _parse_mode(mode)
    how = _parse_fallback(fallback)
    gsm = encodable_characters(language)
    spans = _parse_spans(protect, len(text))
    # One analysis decides the early return: GSM-7 means every character is GSM under
    # the language, so no pass can change one, protected or not. It also rejects a lone
    # surrogate, naming its index in the caller's text. A caller that has it passes it.
    if before is None:
        before = body_analysis(text, language=language, concat_reference=concat_reference)
    if before.encoding is Encoding.GSM7:
        return Transliteration(text, text, parsed, (), (), before)
    variant = _variant(parsed, text)
    ctx = _Context(parsed, gsm, _table(parsed, variant), variant, how)
    pieces: list[str] = []
    replacements: list[Replacement] = []
    unsupported: list[tuple[int, str]] = []
    cursor = 0
    for start, end in [*spans, (len(text), len(text))]:
        if cursor < start:
            out, changes, missing = _free_segment(text[cursor:start], cursor, ctx)
            pieces.extend(out)
            replacements.extend(changes)
            unsupported.extend(missing)
        pieces.append(text[start:end])
        cursor = max(cursor, end)
    result_text = "".join(pieces)
    result = body_analysis(result_text, language=language, concat_reference=concat_reference)
    return Transliteration(
        text, result_text, parsed, tuple(replacements), tuple(unsupported), result
    )


def transliterate(
    text: str,
    mode: Mode | str = "ALL",
    *,
    language: str | Iterable[str] | None = None,
    protect: Iterable[tuple[int, int]] = (),
    fallback: str = "keep",
) -> Transliteration:
    """Rewrite ``text`` so that it travels as GSM-7, changing only what GSM lacks.

    ``mode`` is one of :class:`Mode` (case-insensitive). ``language`` is what
    :func:`sms_codec.analyze` takes: characters its national tables encode are kept.
    ``protect`` holds ``(start, end)`` spans of ``text`` copied unchanged. ``fallback``
    says what happens to characters nothing can render: ``"keep"``, ``"replace"`` (by
    ``?``) or ``"remove"``; they are listed in ``unsupported`` either way.

    >>> transliterate("Straße, Ärger, 5 €").text
    'Straße, Ärger, 5 €'
    >>> transliterate("Şükrü ağabey", language="tr").text
    'Şükrü ağabey'
    >>> transliterate("Şükrü ağabey").text
    'Sükrü agabey'
    >>> transliterate("Zażółć", "CENTRAL_EUROPEAN").text
    'Zazolc'
    >>> transliterate("ok 😀", fallback="replace").text
    'ok ?'
    """
    return _transliterate(text, mode, language, protect, fallback, 8)


def transcode_for_analysis(
    body: str,
    mode: bool | Mode | str | None,
    language: str | Iterable[str] | None,
    *,
    concat_reference: int = 8,
    short_links: ShortLinks | None = None,
    written: BodyAnalysis | None = None,
) -> Transcode | None:
    """The GSM-7 version of a UCS-2 ``body``, or ``None`` when there is nothing to offer.

    ``mode`` is ``True`` (``ALL``), a :class:`Mode`, or ``None``/``False`` (off). Links
    are protected; with ``short_links`` the parts are those of the version as sent, each
    link replaced by its short link. ``None`` comes back when nothing changed or the
    result is still not GSM-7. :func:`sms_codec.analyze` asks only for UCS-2 bodies and
    passes the analysis of ``body`` it already has as ``written``.

    >>> transcode_for_analysis("Hello", True, None) is None
    True
    >>> transcode_for_analysis("Ελλάδα", "GREEK", None).message
    'EΛΛAΔA'
    """
    if mode is None or mode is False:
        return None
    if mode is True:
        mode = Mode.ALL
    protect = [(span.start, span.end) for span in find_urls(body)]
    result = _transliterate(body, mode, language, protect, "keep", concat_reference, written)
    if not result.replacements:
        return None
    priced = result.analysis
    if short_links is not None:
        priced = body_analysis(
            short_links.priced_text(result.text),
            language=language,
            concat_reference=concat_reference,
        )
    if priced.encoding is not Encoding.GSM7:
        return None
    return Transcode(result.text, priced.parts, priced.encoding, result.replacements)


def _as_list(values: object, what: str) -> list[str]:
    if isinstance(values, str):
        return [values]
    if not isinstance(values, Iterable):
        raise OptionError(f"{what} must be a sequence of str")
    items = list(values)
    for item in items:
        if not isinstance(item, (str, Mode)):
            raise OptionError(f"{what} must be a sequence of str, not containing {item!r}")
    return [str(item) for item in items]


def preview(
    text: str,
    *,
    language_codes: Iterable[str] | str = (),
    transliterations: Iterable[Mode | str] | str = (),
) -> dict[str, Any]:
    """Infobip's SMS preview: the text as is, then one preview per requested combination.

    Every language code is combined with every transliteration (a missing side counts as
    "none"). Each preview has ``textPreview``, ``messageCount``, ``charactersRemaining``
    and ``configuration``, which is empty for the text as is.

    >>> p = preview("Ağ", language_codes=["TR"], transliterations=["TURKISH"])
    >>> [(v["textPreview"], v["configuration"]) for v in p["previews"]]
    [('Ağ', {}),
     ('Ağ', {'language': {'languageCode': 'TR'}, 'transliteration': 'TURKISH'})]
    """
    if not isinstance(text, str):
        raise BodyTypeError(f"text must be str, not {type(text).__name__}")
    codes = _as_list(language_codes, "language_codes")
    modes = [_parse_mode(m) for m in _as_list(transliterations, "transliterations")]
    for code in codes:
        resolve_languages(code)
    previews = [_preview_entry(text, None, None)]
    seen: set[tuple[str | None, Mode | None]] = set()
    code_options: list[str | None] = [*codes] or [None]
    mode_options: list[Mode | None] = [*modes] or [None]
    for option in code_options:
        for mode in mode_options:
            key = (option.strip().upper() if option else None, mode)
            if key in seen or key == (None, None):
                continue
            seen.add(key)
            previews.append(_preview_entry(text, option, mode))
    return {"originalText": text, "previews": previews}


def _preview_entry(text: str, code: str | None, mode: Mode | None) -> dict[str, Any]:
    shown = text if mode is None else transliterate(text, mode, language=code).text
    result = body_analysis(shown, language=code)
    configuration: dict[str, Any] = {}
    if code is not None:
        configuration["language"] = {"languageCode": code.strip().upper()}
    if mode is not None:
        configuration["transliteration"] = mode.value
    return {
        "textPreview": shown,
        "messageCount": result.parts,
        "charactersRemaining": result.remaining,
        "configuration": configuration,
    }
