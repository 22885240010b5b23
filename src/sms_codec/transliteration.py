"""Transliteration to GSM-7 that keeps what GSM already has, and says what it changed.

The passes, the modes and their maps are written out in ``docs/transliteration.md``; the
maps themselves live in :mod:`sms_codec.translit_maps`.

>>> transliterate("Привет, “мир”…").text
'Privet, "mir"...'
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import _scan
from ._checks import MAX_BODY_CHARACTERS, check_size, check_strings
from ._translit_engine import free_segment
from ._translit_passes import FALLBACKS, Context, Mode, table_for, variant_of
from ._translit_text import Audit, Deferred, defer, segment_text
from .errors import ArgumentTypeError, BodyTypeError, OptionError
from .planner import (
    BodyAnalysis,
    Encoding,
    Replacement,
    Transcode,
    body_analysis,
    encodable_characters,
    resolve_languages,
)
from .urls import ShortLinks, find_urls

__all__ = [
    "FALLBACKS",
    "Mode",
    "Replacement",
    "Transcode",
    "Transliteration",
    "check_mode",
    "preview",
    "transcode_for_analysis",
    "transliterate",
]


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
        deferred = self.__dict__.get("_replacements")
        if isinstance(deferred, Audit) and deferred.changed is not None:
            return deferred.changed
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


def check_mode(mode: object, name: str = "mode") -> Mode:
    """The :class:`Mode` a ``mode`` argument names (a Mode or its name, any case).

    >>> check_mode("greek")
    <Mode.GREEK: 'GREEK'>
    >>> check_mode(5, "transcode")
    Traceback (most recent call last):
    ...
    sms_codec.errors.ArgumentTypeError: transcode must be a str or a TransliterationMode, not int
    """
    if not isinstance(mode, str):
        raise ArgumentTypeError(
            f"{name} must be a str or a TransliterationMode, not {type(mode).__name__}"
        )
    try:
        return _parse_mode(mode)
    except OptionError as error:
        if name == "mode":
            raise
        raise OptionError(f"{name}: {error}") from None


# Installed after the dataclass is made, so that its generated __init__, __eq__, __hash__
# and __repr__ (and mypy) see a plain tuple field.
Transliteration.replacements = Deferred("replacements")  # type: ignore[assignment]
Transliteration.unsupported = Deferred("unsupported")  # type: ignore[assignment]


def _parse_mode(mode: object) -> Mode:
    if isinstance(mode, Mode):
        return mode
    if not isinstance(mode, str):
        raise ArgumentTypeError(
            f"mode must be a str or a TransliterationMode, not {type(mode).__name__}"
        )
    found = _MODES.get(mode)
    if found is not None:
        return found
    try:
        return Mode(mode.strip().upper())
    except ValueError:
        pass
    raise OptionError(f"unknown transliteration mode {mode!r}; valid: {_VALID_MODES}")


def _parse_fallback(fallback: object) -> str:
    if not isinstance(fallback, str):
        raise ArgumentTypeError(f"fallback must be a str, not {type(fallback).__name__}")
    if fallback in FALLBACKS:
        return fallback
    valid = ", ".join(repr(f) for f in FALLBACKS)
    raise OptionError(f"unknown fallback {fallback!r}; valid: {valid}")


def _parse_spans(protect: object, length: int) -> list[tuple[int, int]]:
    if protect == ():
        return []
    if not isinstance(protect, Iterable) or isinstance(protect, (str, bytes, Mapping)):
        raise ArgumentTypeError(
            f"protect must be a sequence of (start, end) pairs, not {type(protect).__name__}"
        )
    spans: list[tuple[int, int]] = []
    for position, span in enumerate(protect):
        ok = (
            isinstance(span, Sequence)
            and not isinstance(span, (str, bytes))
            and len(span) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in span)
        )
        if not ok:
            raise ArgumentTypeError(
                f"protect[{position}] must be a (start, end) pair of int, not {span!r:.40}"
            )
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


def _transliterate(
    text: object,
    mode: object,
    language: str | Iterable[str] | None,
    protect: object,
    fallback: object,
    concat_reference: int,
    before: BodyAnalysis | None = None,
    audit: bool = False,
    result_name: str = "text (transliterated)",
) -> Transliteration:
    # The result is bounded as an input is: a text within the bound may transliterate
    # to more than it (one Cyrillic letter can become four), and ``result_name`` says so.
    if not isinstance(text, str):
        raise BodyTypeError(f"text must be str, not {type(text).__name__}")
    check_size(len(text), "text")
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
    variant = variant_of(parsed, text)
    ctx = Context(parsed, gsm, table_for(parsed, variant), variant, how)
    segments: list[tuple[int, str]] = []
    cursor = 0
    for start, end in [*spans, (len(text), len(text))]:
        if cursor < start:
            segments.append((cursor, text[cursor:start]))
        cursor = max(cursor, end)
    if not audit:
        # The text in bulk; the replacements and unsupported characters wait until read.
        # Under the default tables the Cython kernel lists a text's characters outside
        # GSM faster than set() does (the Python kernel does not).
        native = language is None and _scan.active() is _scan.compiled()
        outside_of = _default_unsupported if native else set
        texts = [segment_text(segment, ctx, outside_of) for _, segment in segments]
        result_text = _assemble(text, segments, [out for out, _ in texts], result_name)
        result = body_analysis(result_text, language=language, concat_reference=concat_reference)
        made = Transliteration(text, result_text, parsed, (), (), result)
        exact = all(settled for _, settled in texts)
        changed = result_text != text if exact else (result_text != text or None)
        defer(made, Audit(tuple(segments), ctx, changed))
        return made
    replacements: list[Replacement] = []
    unsupported: list[tuple[int, str]] = []
    outs: list[str] = []
    for start, segment in segments:
        out, changes, missing, _ = free_segment(segment, start, ctx, audit)
        outs.append("".join(out))
        replacements.extend(changes)
        unsupported.extend(missing)
    result_text = _assemble(text, segments, outs, result_name)
    result = body_analysis(result_text, language=language, concat_reference=concat_reference)
    return Transliteration(
        text, result_text, parsed, tuple(replacements), tuple(unsupported), result
    )


def _default_unsupported(text: str) -> Iterable[str]:
    if len(text) > MAX_BODY_CHARACTERS:
        return set(text)  # NFC made a segment longer than an analysis takes
    return body_analysis(text).unsupported_gsm_characters


def _assemble(text: str, segments: list[tuple[int, str]], outs: Sequence[str | None],
              name: str) -> str:
    """``text`` with each free segment replaced by its output; the rest (protected) kept.
    ``SizeLimitError`` naming ``name`` when that is longer than an input may be."""
    pieces: list[str] = []
    cursor = 0
    for (start, segment), out in zip(segments, outs, strict=True):
        pieces.append(text[cursor:start])
        pieces.append(out or "")
        cursor = start + len(segment)
    pieces.append(text[cursor:])
    assembled = "".join(pieces)
    check_size(len(assembled), name)
    return assembled


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
    ``?``) or ``"remove"``; they are listed in ``unsupported`` either way. A ``text``
    over ``MAX_BODY_CHARACTERS`` (1,000,000) code points raises ``SizeLimitError``, and
    so does one whose result would be longer than that (``argument`` is then
    ``"text (transliterated)"``).

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
    # The offer carries the replacements, so they are built at once, not deferred.
    result = _transliterate(
        body, mode, language, protect, "keep", concat_reference, written, audit=True,
        result_name="body (transcoded)",
    )
    if not result.changed:
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
    return [str(item) for item in check_strings(values, what)]


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
    check_size(len(text), "text")
    codes = _as_list(language_codes, "language_codes")
    modes = [
        check_mode(m, f"transliterations[{i}]")
        for i, m in enumerate(_as_list(transliterations, "transliterations"))
    ]
    for position, code in enumerate(codes):
        try:
            resolve_languages(code)
        except OptionError as error:
            raise OptionError(f"language_codes[{position}]: {error}") from None
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
