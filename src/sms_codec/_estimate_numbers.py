"""Recipient numbers for the campaign estimate: E.164 and the region of each number.

The answer is always the one ``phonenumbers`` gives after a full ``parse``: a number in
E.164 form (``+`` and digits) is first checked against the library's own metadata (the
patterns ``is_valid_number`` and ``region_code_for_number`` apply), which is what most
campaign lists hold and costs a fraction of a parse. That shortcut only ever answers
"valid, this region"; anything else (national numbers, spaces, invalid numbers) goes to
the full parse, which also gives the reason a number is refused.

>>> numbers = Numbers("GR")
>>> numbers.normalise("+306912345678"), numbers.normalise("691 234 5678")
(('+306912345678', 'GR'), ('+306912345678', 'GR'))
>>> numbers.normalise("+12025550123"), numbers.normalise("+14165550123")[1]
(('+12025550123', 'US'), 'CA')
>>> numbers.normalise("+3069")
'not a valid number for GR'
"""

from __future__ import annotations

import re
from typing import Any

from ._checks import check_type, optional_module
from .errors import OptionError

__all__ = ["E164_SHAPE", "CallingCode", "Desc", "Numbers", "load_phonenumbers"]

#: The descriptions of a region's metadata whose match makes a number valid (any one of
#: them, after the general description), as ``phonenumbers`` types a number.
_TYPES = (
    "mobile", "fixed_line", "premium_rate", "toll_free", "shared_cost", "voip",
    "personal_number", "pager", "uan", "voicemail",
)
#: The shape the shortcut reads (the columnar reader tests the same).
E164_SHAPE = r"\+[1-9][0-9]{6,15}"
_E164_SHAPE = re.compile(E164_SHAPE)


def load_phonenumbers() -> Any:
    """The ``phonenumbers`` module, or MissingDependencyError naming the ``estimate`` extra."""
    return optional_module("phonenumbers", "estimate", "estimate_campaign")


#: A description of the metadata as its two tests over the national number: the
#: lengths it may have (empty: any) and the pattern that must match all of it.
Desc = tuple[tuple[int, ...], str]


def _desc(desc: Any) -> Desc | None:
    """``desc`` as ``(lengths, pattern)``, or ``None`` when no number can match it."""
    pattern = getattr(desc, "national_number_pattern", None) if desc is not None else None
    if not pattern:
        return None
    lengths = tuple(n for n in (desc.possible_length or ()) if n > 0)
    if desc.possible_length and not lengths:
        return None  # a description no number length can match
    return lengths, pattern


def _desc_pattern(desc: Desc) -> str:
    """``desc`` as one regular expression over the whole national number."""
    lengths, pattern = desc
    length = "|".join(rf"\d{{{n}}}" for n in lengths)
    return (rf"(?=(?:{length})\Z)" if length else "") + rf"(?:{pattern})\Z"


def _valid(metadata: Any) -> tuple[Desc, list[Desc]] | None:
    """What ``phonenumbers`` types as anything but UNKNOWN in a region: the general
    description and one of the type descriptions match."""
    general = _desc(metadata.general_desc)
    kinds = [
        name for name in _TYPES
        if not (name == "mobile" and metadata.same_mobile_and_fixed_line_pattern)
    ]
    types = [p for p in (_desc(getattr(metadata, k)) for k in kinds) if p]
    if general is None or not types:
        return None
    return general, types


def _valid_pattern(valid: tuple[Desc, list[Desc]]) -> str:
    general, types = valid
    return f"(?={_desc_pattern(general)})(?:{'|'.join(map(_desc_pattern, types))})"


class CallingCode:
    """The regions sharing one calling code, in the order ``phonenumbers`` tries them, as
    one expression over the whole ``+CC...`` number: ``match(number).lastgroup`` names
    the region (``r0``, ``r1``, ... in that order) where the shortcut knows the answer.

    ``phonenumbers`` gives the first region whose leading digits match the national
    number (and then that region or nothing), else the first region without leading
    digits whose patterns the number is valid for; so each region's alternative is
    guarded by "no earlier region's leading digits match".
    """

    def __init__(self, pn: Any, code: int) -> None:
        metadata = pn.PhoneMetadata
        regions = pn.COUNTRY_CODE_TO_REGION_CODE[code]
        main = metadata.metadata_for_region(regions[0], None)
        #: The national prefix a full parse strips: a number starting with it is left to
        #: the parse.
        self.prefix: str | None = main.national_prefix_for_parsing if main is not None else None
        self.regions: dict[str, str] = {}
        #: ``(region, leading digits, valid)`` in ``phonenumbers``' order: what
        #: :attr:`whole` tests, piece by piece (the columnar reader tests them so).
        self.plan: list[tuple[str, str | None, tuple[Desc, list[Desc]] | None]] = []
        alternatives: list[str] = []
        earlier = ""
        for region in regions:
            found = metadata.metadata_for_region(region, None)
            if found is None or main is None:
                continue
            valid = _valid(found)
            self.plan.append((region, found.leading_digits or None, valid))
            lead = f"(?=(?:{found.leading_digits}))" if found.leading_digits else ""
            if valid is not None:
                name = f"r{len(self.regions)}"
                self.regions[name] = region
                alternatives.append(f"{earlier}{lead}(?:{_valid_pattern(valid)})(?P<{name}>)")
            if lead:
                earlier += f"(?!(?:{found.leading_digits}))"
        self.width = width = len(str(code)) + 1
        # E.164 is at most 15 digits; ``+``, a calling code and 7 to 16 more digits is
        # the shape a shortcut may answer (the full parse decides the rest).
        self.lengths = (max(1, 8 - width), 17 - width)
        shape = rf"(?=[0-9]{{{self.lengths[0]},{self.lengths[1]}}}\Z)"
        # A full parse strips this prefix from the national number; the shortcut then
        # cannot know the answer and leaves the number to it.
        guard = f"(?!(?:{self.prefix}))" if self.prefix else ""
        self.alternatives = alternatives
        self.pattern = rf"\+{code}{shape}{guard}(?:{'|'.join(alternatives)})"
        self._whole: re.Pattern[str] | None = None

    @property
    def whole(self) -> re.Pattern[str] | None:
        """The one expression (``None`` when no region can answer), compiled on first use."""
        if self._whole is None and self.alternatives:
            self._whole = re.compile(self.pattern, re.ASCII)
        return self._whole

    def region(self, number: str) -> str | None:
        """The valid region of ``number`` (``+CC...``), or ``None`` when the full parse
        must decide."""
        found = self.whole.match(number) if self.whole is not None else None
        return None if found is None else self.regions[str(found.lastgroup)]


class Numbers:
    """Normalises recipient numbers; one instance per estimate (it caches metadata)."""

    def __init__(self, default_country: str | None = None) -> None:
        self.pn = load_phonenumbers()
        if default_country is not None:
            check_type(default_country, "default_country", str, "None or a str")
            if default_country.upper() not in self.pn.SUPPORTED_REGIONS:
                raise OptionError(
                    f"default_country must be an ISO 3166-1 alpha-2 region phonenumbers "
                    f"knows, not {default_country!r}"
                )
            default_country = default_country.upper()
        self.default_country = default_country
        self.codes: dict[int, CallingCode | None] = {}
        #: "+CC" (2 to 4 characters) -> its calling code's regions, once seen.
        self.prefixes: dict[str, CallingCode] = {}

    def calling_code(self, code: int) -> CallingCode | None:
        """The regions of calling ``code`` (``None`` for a code ``phonenumbers`` lacks)."""
        if code not in self.codes:
            known = code in self.pn.COUNTRY_CODE_TO_REGION_CODE
            self.codes[code] = CallingCode(self.pn, code) if known else None
        return self.codes[code]

    def fast(self, number: str) -> tuple[str, str] | None:
        """``(e164, region)`` from the metadata alone, or ``None`` (then :meth:`parse`)."""
        prefixes = self.prefixes
        # Calling codes are prefix-free, so at most one of these is one.
        entry = prefixes.get(number[:3]) or prefixes.get(number[:2]) or prefixes.get(
            number[:4])
        if entry is None:
            if _E164_SHAPE.fullmatch(number) is None:
                return None
            for width in (2, 3, 4):
                found = self.calling_code(int(number[1:width]))
                if found is not None:
                    entry = prefixes[number[:width]] = found
                    break
            else:
                return None
        whole = entry.whole
        if whole is None:
            return None
        match = whole.match(number)
        return None if match is None else (number, entry.regions[str(match.lastgroup)])

    def parse(self, number: str) -> tuple[str, str] | str:
        """The full ``phonenumbers`` answer: ``(e164, region)`` or the reason it is refused."""
        pn = self.pn
        try:
            parsed = pn.parse(number, self.default_country)
        except pn.NumberParseException as error:
            return str(error.args[0]) if error.args else "not a phone number"
        if not pn.is_valid_number(parsed):
            region = pn.region_code_for_country_code(parsed.country_code)
            return f"not a valid number for {region}"
        region = pn.region_code_for_number(parsed)
        if region is None or region == pn.UNKNOWN_REGION:
            return "a valid number of no single country"
        return pn.format_number(parsed, pn.PhoneNumberFormat.E164), region

    def normalise(self, number: str) -> tuple[str, str] | str:
        """``(e164, region)`` for a valid number, else the reason as a ``str``."""
        return self.fast(number) or self.parse(number)
