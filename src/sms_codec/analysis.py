"""What a body costs: :func:`analyze` and :func:`analyze_many`, the one place where the
planner, transliteration and links meet.

The records and the planner live in :mod:`sms_codec.planner` (re-exported here, where
they were first documented); the rules and their 3GPP clauses are in ``docs/rules.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import _scan
from ._checks import MAX_BODY_CHARACTERS, check_size, check_type
from .errors import ArgumentTypeError, BodyTypeError
from .planner import (
    DEFAULT_SHAPE,
    GSM7,
    UCS2,
    BodyAnalysis,
    Encoding,
    Plan,
    body_analysis,
    encodable_characters,
    gsm_capacity,
    national_entry,
    plan,
    resolve_languages,
    split,
    ucs2_capacity,
)
from .transliteration import Mode, check_mode, transcode_for_analysis
from .urls import ShortLinks

__all__ = [
    "GSM7",
    "UCS2",
    "BodyAnalysis",
    "Encoding",
    "Plan",
    "analyze",
    "analyze_many",
    "encodable_characters",
    "gsm_capacity",
    "plan",
    "resolve_languages",
    "split",
    "ucs2_capacity",
]

_DEFAULT_OPTIONS = frozenset({"language", "encoding", "concat_reference"})


# The public analyze is bound here, once: with the Cython twin built, `accelerated` gives
# a compiled front that answers a call with one str and no keyword from the kernel and
# hands every other call to this function, the specification (`sms_codec._scan.use`
# switches the front off while a test or benchmark holds the Python kernels).
@_scan.accelerated(DEFAULT_SHAPE)
def analyze(
    body: str,
    *,
    language: str | Iterable[str] | None = None,
    encoding: str = "auto",
    concat_reference: int = 8,
    transcode: bool | str | Mode | None = None,
    short_links: ShortLinks | None = None,
) -> BodyAnalysis:
    """Analyse ``body`` as a gateway would before sending it.

    ``language``: ``None``/``"NONE"`` (default tables), an ISO code such as ``"tr"``, a
    sequence of codes, or ``"auto"`` for all 13 national languages. ``transcode``: ``True``
    or a transliteration mode name offers a GSM-7 version of a UCS-2 body (links are left
    as they are). ``short_links``: price the body as it will be sent, each link replaced
    by a short link of that length; ``original`` then holds the body as written. A body
    over 1,000,000 code points raises :class:`~sms_codec.errors.SizeLimitError`
    (``docs/limits.md``); an argument of the wrong type an ``ArgumentTypeError``.

    >>> analyze("Artık Türkçe", language="tr").to_dict()["lockingShift"]
    'tr'
    >>> analyze("Привет").unsupported_gsm_characters
    ('П', 'р', 'и', 'в', 'е', 'т')
    >>> analyze("Привет", transcode="CYRILLIC").to_dict()["transcode"]
    {'message': 'Privet', 'parts': 1}
    """
    if transcode is None and short_links is None and language is None and (
        encoding == "auto" and type(concat_reference) is int and concat_reference == 8
    ):
        # The common call, one kernel call (the compiled front's path, for the Python twin).
        found = _scan.default_analysis(body, DEFAULT_SHAPE)
        if found is not None:
            return found
    if transcode is not None and not isinstance(transcode, bool):
        check_mode(transcode, "transcode")
    if short_links is not None:
        check_type(short_links, "short_links", ShortLinks, "None or a ShortLinks")
    options: dict[str, Any] = {
        "language": language, "encoding": encoding, "concat_reference": concat_reference
    }
    result = written = body_analysis(body, **options)
    if short_links is not None:
        result = body_analysis(short_links.priced_text(body), **options)._replace(
            original=written
        )
    if transcode is not None and transcode is not False and result.encoding is UCS2:
        offer = transcode_for_analysis(
            body,
            transcode,
            language,
            concat_reference=concat_reference,
            short_links=short_links,
            # Transliteration's early return asks about the body under automatic encoding.
            written=written if str(encoding).lower() == "auto" else None,
        )
        if offer is not None:
            result = result._replace(transcode=offer)
    return result


# The front answers analyze(body, language=...) too, resolving the language as the
# planner does (the result is the planner's: tests/test_twins.py compares them).
_scan.set_national(national_entry)


def analyze_many(bodies: Iterable[str], **options: Any) -> list[BodyAnalysis]:
    """:func:`analyze` of each body, in order, in one call; ``options`` as for :func:`analyze`.

    With the default options the whole batch runs in the kernel; any other option
    analyses body by body. The first failing body raises its error, naming it
    ``bodies[i]``. Each body is bounded as in :func:`analyze`; their number is not.

    >>> [a.parts for a in analyze_many(["Hi", "a" * 161, "Ж" * 71])]
    [1, 2, 2]
    """
    if isinstance(bodies, (str, bytes, bytearray, memoryview, Mapping)) or not isinstance(
        bodies, Iterable
    ):
        # A str is iterable, but its characters are no batch of bodies.
        raise ArgumentTypeError(
            f"bodies must be an iterable of str, not {type(bodies).__name__}"
        )
    items = bodies if isinstance(bodies, list) else list(bodies)

    def one(body: Any, **chosen: Any) -> BodyAnalysis:
        if not isinstance(body, str) or len(body) > MAX_BODY_CHARACTERS:
            # Only a failing body is searched for, so the batch stays one pass.
            position = next(i for i, item in enumerate(items) if item is body)
            if not isinstance(body, str):
                raise BodyTypeError(
                    f"bodies[{position}] must be str, not {type(body).__name__}"
                )
            check_size(len(body), f"bodies[{position}]")
        return analyze(body, **chosen)

    if (
        options.keys() <= _DEFAULT_OPTIONS
        and options.get("language") is None
        and options.get("encoding", "auto") == "auto"
        and type(options.get("concat_reference", 8)) is int
        and options.get("concat_reference", 8) == 8
    ):
        return _scan.default_analysis_many(items, DEFAULT_SHAPE, one)
    return [one(body, **options) for body in items]
