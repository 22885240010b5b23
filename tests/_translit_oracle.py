"""Transliteration's per-character engine as it was before the table-driven one (issue 11
item 5), kept as the oracle of ``tests/test_translit_tables.py``: it calls ``render`` for
every character outside GSM. The maps, ``render`` and the NFC helpers are the package's,
so this compares the engines, not the data. Not part of the package."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sms_codec._translit_passes import (
    Context,
    nfc_offsets,
    nfc_units,
    render,
    table_for,
    variant_of,
)
from sms_codec.errors import BodyTypeError
from sms_codec.planner import (
    BodyAnalysis,
    Encoding,
    Replacement,
    body_analysis,
    encodable_characters,
)
from sms_codec.transliteration import Transliteration, _parse_fallback, _parse_mode, _parse_spans


def oracle_free_segment(
    text: str, start: int, ctx: Context
) -> tuple[list[str], list[Replacement], list[tuple[int, str]]]:
    units = nfc_units(text)
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
        for char, at in zip(form, nfc_offsets(piece, form), strict=True):
            if char in ctx.gsm:
                rendered.append(char)
            else:
                prev = flat[position - 1] if position else None
                nxt = flat[position + 1] if position + 1 < len(flat) else None
                found = render(char, prev, nxt, ctx)
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


def oracle_transliterate(
    text: object,
    mode: object,
    language: str | Iterable[str] | None,
    protect: object,
    fallback: object,
    concat_reference: int,
    before: BodyAnalysis | None = None,
) -> Transliteration:
    """``_transliterate`` as it was."""
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
    variant = variant_of(parsed, text)
    ctx = Context(parsed, gsm, table_for(parsed, variant), variant, how)
    pieces: list[str] = []
    replacements: list[Replacement] = []
    unsupported: list[tuple[int, str]] = []
    cursor = 0
    for start, end in [*spans, (len(text), len(text))]:
        if cursor < start:
            out, changes, missing = oracle_free_segment(text[cursor:start], cursor, ctx)
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


