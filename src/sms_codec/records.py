"""The records of an analysis: the encoding, what a body costs, how it is cut, and the
transliterated version offered with it. :mod:`sms_codec.planner` fills them.

>>> BodyAnalysis(5, Encoding.GSM7, 5, 1, 160, 155).to_dict()["remaining"]
155
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, NamedTuple

from .charsets import iso_of

__all__ = ["GSM7", "UCS2", "BodyAnalysis", "Encoding", "Plan", "Replacement", "Transcode"]


class Encoding(str, Enum):
    """The two text encodings of an SMS; each member equals its name as a ``str``.

    >>> Encoding.GSM7 == "GSM7"
    True
    """

    GSM7 = "GSM7"
    UCS2 = "UCS2"

    def __str__(self) -> str:
        return self.value


GSM7 = Encoding.GSM7
UCS2 = Encoding.UCS2

@dataclass(frozen=True)
class Replacement:
    """One change: ``original`` at ``index`` of the input became ``replacement``.

    ``source`` names the pass: ``"nfc"``, ``"map"``, ``"typographic"``, ``"diacritic"``,
    ``"unidecode"`` or ``"fallback"``.

    >>> Replacement(3, "ő", "o", "diacritic")
    Replacement(index=3, original='ő', replacement='o', source='diacritic')
    """

    index: int
    original: str
    replacement: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form.

        >>> Replacement(0, "ő", "o", "diacritic").to_dict()["replacement"]
        'o'
        """
        return {
            "index": self.index,
            "original": self.original,
            "replacement": self.replacement,
            "source": self.source,
        }


@dataclass(frozen=True)
class Transcode:
    """A cheaper GSM-7 version of a UCS-2 body, as Routee's ``bodyAnalysis.transcode``.

    >>> Transcode("Privet", 1, Encoding.GSM7, ()).to_dict()
    {'message': 'Privet', 'parts': 1}
    """

    message: str
    parts: int
    encoding: Encoding
    replacements: tuple[Replacement, ...]

    def to_dict(self) -> dict[str, Any]:
        """Routee's shape: ``{"message": ..., "parts": ...}``."""
        return {"message": self.message, "parts": self.parts}


class BodyAnalysis(NamedTuple):
    """What one body costs; Routee's ``bodyAnalysis`` via :meth:`to_dict`.

    >>> from sms_codec.planner import body_analysis
    >>> a = body_analysis("Hello [world]")
    >>> a.encoding, a.units, a.parts, a.remaining
    (<Encoding.GSM7: 'GSM7'>, 15, 1, 145)
    """

    characters: int
    encoding: Encoding
    units: int
    parts: int
    units_per_part: int
    remaining: int
    unsupported_gsm_characters: tuple[str, ...] = ()
    locking_shift: str | None = None
    single_shift: str | None = None
    #: The cheaper GSM-7 version offered when ``analyze(..., transcode=...)`` asked for it.
    transcode: Transcode | None = None
    #: With ``short_links``, the analysis of the body as written (the fields above describe
    #: the body as sent, every link replaced by a short link).
    original: BodyAnalysis | None = None

    @property
    def unicode(self) -> bool:
        """``True`` when the body travels as UCS-2."""
        return self.encoding is UCS2

    def to_dict(self) -> dict[str, Any]:
        """The result in Routee's camelCase ``bodyAnalysis`` shape, JSON-serialisable.

        >>> BodyAnalysis(4, Encoding.GSM7, 4, 1, 160, 156).to_dict()["unsupportedGSMCharacters"]
        []
        """
        out: dict[str, Any] = {
            "characters": self.characters,
            "parts": self.parts,
            "unicode": self.encoding is UCS2,
            "unsupportedGSMCharacters": list(self.unsupported_gsm_characters),
            "encoding": self.encoding.value,
            "units": self.units,
            "unitsPerPart": self.units_per_part,
            "remaining": self.remaining,
            "lockingShift": self.locking_shift,
            "singleShift": self.single_shift,
        }
        if self.transcode is not None:
            out["transcode"] = self.transcode.to_dict()
        if self.original is not None:
            out["original"] = self.original.to_dict()
        return out


def _unsupported(self: tuple[Any, ...]) -> tuple[str, ...]:
    value: Any = self[6]
    return value if type(value) is tuple else value.value


class Plan(NamedTuple):
    """How a body is cut into parts: the analysis plus what the wire format needs."""

    characters: int
    encoding: Encoding
    units: int
    parts: int
    units_per_part: int
    remaining: int
    unsupported: tuple[str, ...]
    lock: int
    single: int
    concat_reference: int
    ends: tuple[int, ...]

    def analysis(self) -> BodyAnalysis:
        """The public result for this plan."""
        return BodyAnalysis(
            self.characters,
            self.encoding,
            self.units,
            self.parts,
            self.units_per_part,
            self.remaining,
            self[6],  # as stored: the lazy sequence stays lazy
            iso_of(self.lock),
            iso_of(self.single),
            None,
            None,
        )


# The analysis of a UCS-2 body holds a lazy sequence (the kernels' LazyUnsupported) in
# field 6: equal to, hashing, ordering and pickling as the tuple, which these properties
# give. ``record[6]`` and ``_asdict()`` give the sequence as stored.
for _record, _name in ((BodyAnalysis, "unsupported_gsm_characters"), (Plan, "unsupported")):
    setattr(_record, _name, property(
        _unsupported,
        doc="The distinct characters with no GSM-7 code, in order of first appearance.",
    ))
