"""The playground's JSON API: one request in, :func:`sms_codec.analyze` and what the page
draws out.

:func:`parse_request` checks every field of a ``POST /api/analyze`` body and raises
:class:`FieldError` naming the first bad one; :func:`analysis_response` is
``BodyAnalysis.to_dict()`` plus the text as sent, each part's text and units (and, on
request, its segment in hex), the characters that cost extra, and the transliteration.

>>> request = parse_request(b'{"body": "Hi [you]", "segments": true}')
>>> out = analysis_response(request)
>>> out["units"], [(p["text"], p["units"], p["userData"]) for p in out["split"]]
(10, [('Hi [you]', 10, '4869201b3c796f751b3e')])
>>> [(c["character"], c["codePoint"], c["cost"]) for c in out["special"]]
[('[', 'U+005B', 'escape'), (']', 'U+005D', 'escape')]
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from .. import _scan
from .._checks import check_bool, check_int, check_size, check_type
from ..analysis import Encoding, Plan, analyze, plan, resolve_languages
from ..errors import (
    ArgumentTypeError,
    EncodingError,
    MessageTooLongError,
    OptionError,
    SmsCodecError,
)
from ..planner import check_concat_reference
from ..records import Replacement
from ..transliteration import Transliteration, transliterate
from ..urls import ShortLinks, find_urls
from ..wire import encode

__all__ = [
    "FIELDS",
    "MAX_BODY_CHARACTERS",
    "MAX_REQUEST_BYTES",
    "FieldError",
    "Request",
    "analysis_response",
    "parse_request",
]

#: The longest request body ``POST /api/analyze`` reads (bytes); longer ones get a 413.
#: It holds the longest body below even with every character JSON-escaped.
MAX_REQUEST_BYTES = 1_048_576
#: The longest message body the playground analyses (code points); longer ones get a 413.
#: 255 parts, the most a concatenation header numbers, hold at most 39,015 septets.
MAX_BODY_CHARACTERS = 50_000
#: The fields of a request, each optional but ``body``.
FIELDS = ("body", "language", "encoding", "transcode", "short_links", "segments",
          "concat_reference")

_T = TypeVar("_T")


class FieldError(SmsCodecError, ValueError):
    """A request the API refuses: ``field`` names the bad field (``None`` for the request
    as a whole) and ``error`` is the library's own error about it.

    >>> str(FieldError("language", OptionError("unknown language 'xx'")))
    "language: unknown language 'xx'"
    """

    def __init__(self, field: str | None, error: Exception) -> None:
        text = str(error)
        super().__init__(f"{field}: {text}" if field and not text.startswith(field) else text)
        self.field = field
        self.error = error


def _checked(field: str, check: Callable[[], _T]) -> _T:
    try:
        return check()
    except SmsCodecError as error:
        raise FieldError(field, error) from error


@dataclass(frozen=True)
class Request:
    """One checked ``POST /api/analyze`` request."""

    body: str
    language: str | list[str] | None = None
    encoding: str = "auto"
    transcode: bool | str = False
    short_links: ShortLinks | None = None
    segments: bool = False
    concat_reference: int = 8


def _language(value: object) -> str | list[str] | None:
    if value is None or isinstance(value, str):
        resolve_languages(value)
        return value
    if not isinstance(value, list):
        raise ArgumentTypeError(
            f"must be null, a str or a list of str, not {type(value).__name__}"
        )
    resolve_languages(value)
    return [str(code) for code in value]


def _encoding(value: object) -> str:
    check_type(value, "encoding", str, "a str")
    assert isinstance(value, str)
    plan("", encoding=value)  # the planner's own check and message
    return value


def _transcode(value: object) -> bool | str:
    if isinstance(value, bool):
        return value
    check_type(value, "transcode", (bool, str), "true, false or a transliteration mode name")
    assert isinstance(value, str)
    transliterate("", value)  # the mode is parsed before anything else
    return value


def _short_links(value: object) -> ShortLinks | None:
    if value is None or value is False:
        return None
    if not isinstance(value, dict):
        raise ArgumentTypeError(
            'short_links must be null, false or {"base_url": str, "code_length": int}, '
            f"not {type(value).__name__}"
        )
    unknown = sorted(set(value) - {"base_url", "code_length"})
    if unknown:
        raise OptionError(f"short_links has unknown field {unknown[0]!r}")
    base_url = value.get("base_url")
    check_type(base_url, "short_links.base_url", str, "a str")
    assert isinstance(base_url, str)
    length = check_int(value.get("code_length", 7), "short_links.code_length")
    return ShortLinks(base_url, length)


def parse_request(data: bytes) -> Request:
    """The checked request of a ``POST /api/analyze`` body (UTF-8 JSON).

    >>> parse_request(b'{"body": "hi", "language": "tr"}').language
    'tr'
    >>> parse_request(b'{"body": "hi", "language": "xx"}')
    Traceback (most recent call last):
    ...
    sms_codec.playground.api.FieldError: language: unknown language 'xx'; valid: ...
    >>> parse_request(b'{"body": "hi", "colour": 1}').field
    Traceback (most recent call last):
    ...
    sms_codec.playground.api.FieldError: colour: unknown field; valid: body, language, ...
    """
    try:
        fields = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise FieldError(None, OptionError(f"the request is not UTF-8: {error.reason}")) from error
    except json.JSONDecodeError as error:
        message = f"the request is not JSON: {error.msg} at character {error.pos}"
        raise FieldError(None, OptionError(message)) from error
    if not isinstance(fields, dict):
        raise FieldError(None, ArgumentTypeError(
            f"the request must be a JSON object, not {type(fields).__name__}"
        ))
    for name in fields:
        if name not in FIELDS:
            raise FieldError(name, OptionError(f"unknown field; valid: {', '.join(FIELDS)}"))
    if "body" not in fields:
        raise FieldError("body", OptionError("missing; the message text is required"))
    body = fields["body"]
    _checked("body", lambda: check_type(body, "body", str, "a str"))
    _checked("body", lambda: check_size(len(body), "body", MAX_BODY_CHARACTERS))
    return Request(
        body,
        _checked("language", lambda: _language(fields.get("language"))),
        _checked("encoding", lambda: _encoding(fields.get("encoding", "auto"))),
        _checked("transcode", lambda: _transcode(fields.get("transcode", False))),
        _checked("short_links", lambda: _short_links(fields.get("short_links"))),
        _checked("segments", lambda: check_bool(fields.get("segments", False), "segments")),
        _checked("concat_reference", lambda: check_concat_reference(
            fields.get("concat_reference", 8)
        )),
    )


def _units(text: str, cut: Plan) -> int:
    if cut.encoding is Encoding.UCS2:
        return _scan.utf16_units(text)
    return len(text) + _scan.gsm_escapes(text, cut.lock, cut.single)


def _split(text: str, cut: Plan) -> list[dict[str, Any]]:
    starts = (0, *cut.ends[:-1])
    return [
        {"start": start, "end": end, "text": text[start:end], "units": _units(text[start:end], cut)}
        for start, end in zip(starts, cut.ends, strict=True)
    ]


def _special(
    text: str, cut: Plan, changes: Iterable[Replacement]
) -> list[dict[str, Any]]:
    """The distinct characters that cost extra, in order of first use: each one forcing
    UCS-2, or costing two septets (an escape to the single shift table); ``changes`` say
    what transliteration makes of them."""
    replacing: dict[str, tuple[str, str]] = {}
    for change in changes:
        if len(change.original) == 1:
            replacing.setdefault(change.original, (change.replacement, change.source))
    counts = Counter(text)
    out: list[dict[str, Any]] = []
    ucs2 = cut.encoding is Encoding.UCS2
    for ch in cut.unsupported if ucs2 else counts:
        if not ucs2 and _scan.gsm_escapes(ch, cut.lock, cut.single) == 0:
            continue
        replacement, source = replacing.get(ch, (None, None))
        out.append({
            "character": ch,
            "codePoint": f"U+{ord(ch):04X}",
            "name": unicodedata.name(ch, ""),
            "cost": "ucs2" if ucs2 else "escape",
            "units": _scan.utf16_units(ch) if ucs2 else 2,
            "count": counts[ch],
            "replacement": replacement,
            "replacementSource": source,
        })
    return out


def _segments(text: str, request: Request, split: list[dict[str, Any]]) -> str | None:
    try:
        segments = encode(text, language=request.language, encoding=request.encoding,
                          concat_reference=request.concat_reference)
    except MessageTooLongError as error:
        return str(error)
    for part, segment in zip(split, segments, strict=True):
        part.update(udh=segment.udh.hex(), userData=segment.user_data.hex(),
                    dataCoding=segment.data_coding, udl=segment.udl)
    return None


def _transcode_detail(
    request: Request, result: Any, offer: Transliteration | None
) -> dict[str, Any]:
    mode = "ALL" if request.transcode is True else str(request.transcode)
    if result.transcode is None:
        if result.encoding is Encoding.GSM7:
            reason = "the body already travels as GSM-7"
        elif offer is not None and offer.unsupported:
            missing = "".join(dict.fromkeys(ch for _, ch in offer.unsupported))
            reason = f"no GSM-7 rendering for {len(missing)} character(s): {missing}"
        else:
            reason = "the transliterated body would still travel as UCS-2"
        return {"mode": mode, "offered": False, "reason": reason}
    message = result.transcode.message
    sent = request.short_links.priced_text(message) if request.short_links else message
    cut = plan(sent, language=request.language, concat_reference=request.concat_reference)
    shift = 0
    changes = []
    for change in sorted(result.transcode.replacements, key=lambda r: r.index):
        changes.append({**change.to_dict(), "at": change.index + shift,
                        "length": len(change.replacement)})
        shift += len(change.replacement) - len(change.original)
    return {
        "mode": mode,
        "offered": True,
        "message": message,
        "text": sent,
        "parts": result.transcode.parts,
        "partsSaved": result.parts - result.transcode.parts,
        "unitsPerPart": cut.units_per_part,
        "lockingShift": cut.analysis().locking_shift,
        "singleShift": cut.analysis().single_shift,
        "replacements": changes,
        "split": _split(sent, cut),
    }


def analysis_response(request: Request) -> dict[str, Any]:
    """What ``POST /api/analyze`` answers: ``BodyAnalysis.to_dict()`` and, beside it,
    ``text`` (the body as sent: with ``short_links``, every link replaced by a short link
    of its exact length), ``split`` (each part: ``start``, ``end``, ``text``, ``units``;
    with ``segments``, ``udh``, ``userData``, ``dataCoding``, ``udl``, or else
    ``segmentsError`` past 255 parts), ``special`` (the characters that cost extra) and,
    when ``transcode`` was asked, ``transcodeDetail``.

    >>> out = analysis_response(Request("Ağ", transcode=True))
    >>> out["encoding"], out["transcodeDetail"]["message"], out["transcodeDetail"]["replacements"]
    ('UCS2', 'Ag', [{'index': 1, 'original': 'ğ', 'replacement': 'g', 'source': 'map',
                     'at': 1, 'length': 1}])
    """
    options: dict[str, Any] = {"language": request.language, "encoding": request.encoding,
                               "concat_reference": request.concat_reference}
    try:
        result = analyze(request.body, transcode=request.transcode or None,
                         short_links=request.short_links, **options)
    except EncodingError as error:
        raise FieldError("encoding", error) from error
    except SmsCodecError as error:
        raise FieldError("body", error) from error
    text = request.short_links.priced_text(request.body) if request.short_links else request.body
    cut = plan(text, **options)
    offer = None
    if cut.encoding is Encoding.UCS2 and result.transcode is None:
        # What each character would become: the transliteration analyze offers, links kept.
        mode = request.transcode if isinstance(request.transcode, str) else "ALL"
        spans = [(span.start, span.end) for span in find_urls(text)]
        offer = transliterate(text, mode, language=request.language, protect=spans)
    out = result.to_dict()
    out["text"] = text
    out["split"] = _split(text, cut)
    if request.segments:
        problem = _segments(text, request, out["split"])
        if problem is not None:
            out["segmentsError"] = problem
    changes: Iterable[Replacement] = ()
    if result.transcode is not None:
        changes = result.transcode.replacements
    elif offer is not None:
        changes = offer.replacements
    out["special"] = _special(text, cut, changes)
    if request.transcode is not False:
        out["transcodeDetail"] = _transcode_detail(request, result, offer)
    return out
