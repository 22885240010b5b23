"""What a body costs and where its parts end: the planner behind :func:`sms_codec.analyze`.

The rules and their 3GPP clauses are written out in ``docs/rules.md``. This module knows
nothing of transliteration or links; :mod:`sms_codec.analysis` composes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from . import _scan
from ._checks import check_int, check_size, check_type
from ._scan_py_lazy import unencodable
from .charsets import LOCKING, LOCKING_NLIS, SINGLE
from .errors import ArgumentTypeError, BodyTypeError, EncodingError, OptionError
from .records import GSM7, UCS2, BodyAnalysis, Encoding, Plan, Replacement, Transcode
from .tables import BY_NLI, LANGUAGES

__all__ = [
    "DEFAULT_SHAPE",
    "GSM7",
    "UCS2",
    "BodyAnalysis",
    "Encoding",
    "Plan",
    "Replacement",
    "Transcode",
    "body_analysis",
    "check_concat_reference",
    "default_cuts",
    "encodable_characters",
    "gsm_capacity",
    "national_entry",
    "plan",
    "resolve_languages",
    "split",
    "ucs2_capacity",
]


# TS 23.040 9.2.3.24: UDHL octet + concatenation IE (0x00: 5 octets, 0x08: 6 octets);
# each national language IE (0x24, 0x25) adds 3 octets.
_CONCAT_IE = {8: 5, 16: 6}
_NATIONAL_IE = 3


def gsm_capacity(udh_octets: int) -> int:
    """Septets left for text in one GSM-7 part beside a UDH of ``udh_octets`` (UDHL included).

    The header is padded to a septet boundary (TS 23.040 9.2.3.24).

    >>> gsm_capacity(0), gsm_capacity(6), gsm_capacity(12)
    (160, 153, 146)
    """
    check_int(udh_octets, "udh_octets", 0, 140)
    return 160 - (8 * udh_octets + 6) // 7


def ucs2_capacity(udh_octets: int) -> int:
    """UTF-16 code units left for text in one UCS-2 part beside a UDH of ``udh_octets``.

    >>> ucs2_capacity(0), ucs2_capacity(6), ucs2_capacity(7)
    (70, 67, 66)
    """
    check_int(udh_octets, "udh_octets", 0, 140)
    return (140 - udh_octets) // 2


def _udh_octets(national_ies: int, concat_reference: int | None) -> int:
    if not national_ies and concat_reference is None:
        return 0
    concat = 0 if concat_reference is None else _CONCAT_IE[concat_reference]
    return 1 + concat + _NATIONAL_IE * national_ies


_ALL_NLIS = tuple(sorted(BY_NLI))
_NAMES = {language.name.lower(): language.nli for language in LANGUAGES.values()}
_VALID_LANGUAGES = "None, 'NONE', 'auto', 'AUTODETECT', or ISO codes " + ", ".join(
    repr(code) for code in LANGUAGES
)


def resolve_languages(language: str | Iterable[str] | None) -> tuple[int, ...]:
    """The national language identifiers a ``language`` argument allows, ascending.

    >>> resolve_languages(None), resolve_languages("TR"), resolve_languages(["pt", "es"])
    ((), (1,), (2, 3))
    >>> len(resolve_languages("auto"))
    13
    """
    if language is None:
        return ()
    if isinstance(language, str):
        return _resolve((language,))
    if not isinstance(language, Iterable) or isinstance(
        language, (bytes, bytearray, memoryview, Mapping)
    ):
        raise ArgumentTypeError(
            f"language must be None, a str or a sequence of str, not {type(language).__name__}"
        )
    codes = tuple(language)
    for position, code in enumerate(codes):
        if not isinstance(code, str):
            raise ArgumentTypeError(
                f"language[{position}] must be a str, not {type(code).__name__}"
            )
    return _resolve(codes)


@lru_cache(maxsize=512)
def _resolve(codes: tuple[str, ...]) -> tuple[int, ...]:
    nlis: set[int] = set()
    for code in codes:
        key = code.strip().lower()
        if key in ("auto", "autodetect"):
            nlis.update(_ALL_NLIS)
        elif key in LANGUAGES:
            nlis.add(LANGUAGES[key].nli)
        elif key in _NAMES:
            nlis.add(_NAMES[key])
        elif key != "none":
            raise OptionError(f"unknown language {code!r}; valid: {_VALID_LANGUAGES}")
    return tuple(sorted(nlis))


@lru_cache(maxsize=512)
def _pairs(nlis: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...], frozenset[str], int]:
    locks = tuple(n for n in LOCKING_NLIS if n == 0 or n in nlis)
    singles = (0, *nlis)
    union = frozenset().union(*(LOCKING[n] for n in locks), *(SINGLE[n] for n in singles))
    return locks, singles, union, sum(1 << n for n in singles)


def encodable_characters(language: str | Iterable[str] | None = None) -> frozenset[str]:
    """Every character that some table pair allowed by ``language`` encodes.

    A body made of these may still need two pairs at once; :func:`analyze` decides.

    >>> "ş" in encodable_characters("tr"), "ş" in encodable_characters()
    (True, False)
    """
    return _pairs(resolve_languages(language))[2]


# GSM-7 capacity by (national IEs, concatenation reference or None for a lone part).
_GSM_CAPACITY = {
    (ies, reference): gsm_capacity(_udh_octets(ies, reference))
    for ies in range(3)
    for reference in (None, *_CONCAT_IE)
}


def _mode(encoding: str) -> str:
    if type(encoding) is str and encoding == "auto":  # the default, without the checks
        return encoding
    check_type(encoding, "encoding", str, "a str")
    mode = encoding.lower()
    if mode not in ("auto", "gsm7", "ucs2"):
        raise OptionError(f"unknown encoding {encoding!r}; valid: 'auto', 'gsm7', 'ucs2'")
    return mode


def check_concat_reference(concat_reference: object) -> int:
    """``concat_reference`` when it is the int 8 or 16 (the reference width in bits).

    >>> check_concat_reference(16)
    16
    >>> check_concat_reference(8.0)
    Traceback (most recent call last):
    ...
    sms_codec.errors.ArgumentTypeError: concat_reference must be an int, not float (8.0)
    """
    bits = check_int(concat_reference, "concat_reference")
    if bits not in _CONCAT_IE:
        raise OptionError(f"concat_reference must be 8 or 16, not {bits!r}")
    return bits


# Per concatenation reference: the septets of a lone part and of a concatenated part with
# 0, 1 and 2 national IEs, as the kernels' national_choice takes them.
_CHOICE_CAPACITIES = {
    reference: tuple(_GSM_CAPACITY[ies, None] for ies in range(3))
    + tuple(_GSM_CAPACITY[ies, reference] for ies in range(3))
    for reference in _CONCAT_IE
}


@lru_cache(maxsize=512)
def _masks(nlis: tuple[int, ...]) -> tuple[int, int]:
    locks, _, _, allowed = _pairs(nlis)
    return sum(1 << n for n in locks) | 1, allowed | 1


def national_entry(language: str) -> tuple[tuple[int, ...], int, int, tuple[int, ...]]:
    """How ``analyze(body, language=language)`` resolves, for the kernels' front
    (``_scan.set_national``): the NLIs, the allowed locking and single shift NLIs as
    bitmasks, and the capacities ``national_choice`` takes (8-bit reference).

    >>> national_entry("tr")
    ((1,), 3, 3, (160, 155, 152, 153, 149, 146))
    """
    nlis = resolve_languages(language)
    return (nlis, *_masks(nlis), _CHOICE_CAPACITIES[8])


def _plan(body: str, nlis: tuple[int, ...], mode: str, reference: int, cut: bool) -> Plan:
    """The plan; with ``cut`` false the part ends are left out (an analysis needs none)."""
    if mode != "ucs2":
        if nlis:
            locks, singles = _masks(nlis)
            found = _scan.national_choice(body, locks, singles, _CHOICE_CAPACITIES[reference])
        else:  # the default pair alone: its walk stops at the first character it lacks
            escapes = _scan.gsm_escapes(body, 0, 0)
            found = None
            if escapes >= 0:
                units = len(body) + escapes
                found = (0, 0, units, 1, _GSM_CAPACITY[0, None] - units)
                if units > _GSM_CAPACITY[0, None]:
                    found = (0, 0, units, 0, 0)  # parts and remaining from the cut below
        if found is not None:
            lock, single, units, parts, remaining = found
            ies = (lock != 0) + (single != 0)
            if parts == 1:
                return Plan(len(body), GSM7, units, 1, _GSM_CAPACITY[ies, None], remaining,
                            (), lock, single, reference, (len(body),))
            capacity = _GSM_CAPACITY[ies, reference]
            ends: tuple[int, ...] = ()
            if cut or not parts:
                ends_list, last = _scan.gsm_part_ends(body, lock, single, capacity)
                ends, parts, remaining = tuple(ends_list), len(ends_list), capacity - last
            return Plan(len(body), GSM7, units, parts, capacity, remaining, (), lock, single,
                        reference, ends if cut else ())
    units = _scan.utf16_units(body)
    if mode == "gsm7":
        missing = unencodable(body, nlis)
        raise EncodingError([(i, ch) for i, ch in enumerate(body) if ch in missing])
    # Listed on first use (rule 6 picks the pair that leaves the fewest).
    unsupported: Any = _scan.LazyUnsupported(body, nlis)
    capacity = ucs2_capacity(0)
    if units <= capacity:
        return Plan(len(body), UCS2, units, 1, capacity, capacity - units, unsupported, 0, 0,
                    reference, (len(body),))
    capacity = ucs2_capacity(_udh_octets(0, reference))
    ends_list, last = _scan.ucs2_part_ends(body, capacity)
    return Plan(len(body), UCS2, units, len(ends_list), capacity, capacity - last, unsupported,
                0, 0, reference, tuple(ends_list) if cut else ())


def _checked_plan(
    body: str,
    language: str | Iterable[str] | None,
    encoding: str,
    concat_reference: int,
    ends: bool,
) -> Plan:
    """:func:`_plan` after the checks every public entry makes, in the order they report."""
    if not isinstance(body, str):
        raise BodyTypeError(f"body must be str, not {type(body).__name__}")
    check_size(len(body), "body")
    nlis = resolve_languages(language)
    mode = _mode(encoding)
    reference = check_concat_reference(concat_reference)
    return _plan(body, nlis, mode, reference, ends)


def plan(
    body: str,
    *,
    language: str | Iterable[str] | None = None,
    encoding: str = "auto",
    concat_reference: int = 8,
) -> Plan:
    """The full plan behind :func:`analyze`: tables chosen (as NLIs) and part end indices.

    >>> p = plan("ş" * 200, language="tr")
    >>> p.lock, p.single, p.parts, p.ends
    (1, 0, 2, (149, 200))
    """
    return _checked_plan(body, language, encoding, concat_reference, True)


# What analyze() returns for the default options, built in one kernel call: the result
# type, its two encodings, and the lone / concatenated part capacities of each encoding.
DEFAULT_SHAPE = (
    BodyAnalysis, GSM7, UCS2, gsm_capacity(0), gsm_capacity(_udh_octets(0, 8)),
    ucs2_capacity(0), ucs2_capacity(_udh_octets(0, 8)),
)


def body_analysis(
    body: str,
    *,
    language: str | Iterable[str] | None = None,
    encoding: str = "auto",
    concat_reference: int = 8,
) -> BodyAnalysis:
    """The analysis of ``body`` alone: what :func:`sms_codec.analyze` says without
    ``transcode`` or ``short_links``. The default options take one kernel call.

    >>> body_analysis("Hello €").units, body_analysis("ş" * 200, language="tr").parts
    (8, 2)
    """
    if language is None and encoding == "auto" and type(concat_reference) is int and (
        concat_reference == 8
    ):
        found = _scan.default_analysis(body, DEFAULT_SHAPE)
        if found is not None:
            return found
    return _checked_plan(body, language, encoding, concat_reference, False).analysis()


def default_cuts(body: str) -> tuple[Encoding, list[int]]:
    """``(plan(body).encoding, list(plan(body).ends))`` for the default options, without
    the plan: what :func:`sms_codec.wire.encode` needs of the common call.

    >>> encoding, ends = default_cuts("a" * 161)
    >>> encoding.value, ends, default_cuts("ж" * 71)[1]
    ('GSM7', [153, 161], [67, 71])
    """
    if not isinstance(body, str):
        raise BodyTypeError(f"body must be str, not {type(body).__name__}")
    check_size(len(body), "body")
    escapes = _scan.gsm_escapes(body, 0, 0)
    if escapes >= 0:
        if len(body) + escapes <= _GSM_CAPACITY[0, None]:
            return GSM7, [len(body)]
        return GSM7, _scan.gsm_part_ends(body, 0, 0, _GSM_CAPACITY[0, 8])[0]
    if _scan.utf16_units(body) <= _UCS2_SINGLE:
        return UCS2, [len(body)]
    return UCS2, _scan.ucs2_part_ends(body, _UCS2_MULTI)[0]


_UCS2_SINGLE, _UCS2_MULTI = ucs2_capacity(0), ucs2_capacity(_udh_octets(0, 8))


def split(
    body: str,
    *,
    language: str | Iterable[str] | None = None,
    encoding: str = "auto",
    concat_reference: int = 8,
) -> list[str]:
    """The text of each part, as :func:`analyze` counts them.

    >>> [len(p) for p in split("a" * 161)]
    [153, 8]
    """
    cut = plan(body, language=language, encoding=encoding, concat_reference=concat_reference)
    starts = (0, *cut.ends[:-1])
    return [body[start:end] for start, end in zip(starts, cut.ends, strict=True)]
