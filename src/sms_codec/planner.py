"""What a body costs and where its parts end: the planner behind :func:`sms_codec.analyze`.

The rules and their 3GPP clauses are written out in ``docs/rules.md``. This module knows
nothing of transliteration or links; :mod:`sms_codec.analysis` composes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from . import _scan
from ._checks import check_int, check_size, check_type
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
    "encodable_characters",
    "gsm_capacity",
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


def _gsm_plan(body: str, lock: int, single: int, units: int, reference: int) -> Plan:
    ies = (lock != 0) + (single != 0)
    capacity = _GSM_CAPACITY[ies, None]
    if units <= capacity:
        return Plan(len(body), GSM7, units, 1, capacity, capacity - units, (), lock, single,
                    reference, (len(body),))
    capacity = _GSM_CAPACITY[ies, reference]
    ends, last = _scan.gsm_part_ends(body, lock, single, capacity)
    return Plan(len(body), GSM7, units, len(ends), capacity, capacity - last, (), lock, single,
                reference, tuple(ends))


def _best_gsm(body: str, nlis: tuple[int, ...], reference: int) -> Plan | None:
    escapes = _scan.gsm_escapes(body, 0, 0)
    if escapes >= 0:
        units = len(body) + escapes
        if not nlis or units <= 160:
            return _gsm_plan(body, 0, 0, units, reference)
    if not nlis:
        return None
    locks, _, _, allowed = _pairs(nlis)
    best: Plan | None = None
    best_key: tuple[int, ...] = ()
    for lock in locks:
        covering, escapes = _scan.lock_scan(body, lock)
        covering &= allowed
        if not covering:
            continue
        # Every single table that covers what the locking table lacks escapes the same
        # characters, so the default extension (no IE) or else the lowest NLI is the
        # best partner of `lock`.
        single = (covering & -covering).bit_length() - 1
        candidate = _gsm_plan(body, lock, single, len(body) + escapes, reference)
        key = (candidate.parts, (lock != 0) + (single != 0), -candidate.remaining, lock, single)
        if best is None or key < best_key:
            best, best_key = candidate, key
    return best


def _unencodable(body: str, nlis: tuple[int, ...]) -> frozenset[str]:
    """Characters left out by the pair that leaves the fewest distinct ones (rule 6)."""
    locks, singles, union, _ = _pairs(nlis)
    chars = set(body)
    always = chars - union
    maybe = chars & union
    best: set[str] | None = None
    best_key: tuple[int, ...] = ()
    for lock in locks:
        rest = maybe - LOCKING[lock]
        for single in singles:
            missing = rest - SINGLE[single]
            key = (len(missing), (lock != 0) + (single != 0), lock, single)
            if best is None or key < best_key:
                best, best_key = missing, key
    return frozenset(always | (best or set()))


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
    if not isinstance(body, str):
        raise BodyTypeError(f"body must be str, not {type(body).__name__}")
    check_size(len(body), "body")
    nlis = resolve_languages(language)
    mode = _mode(encoding)
    check_concat_reference(concat_reference)
    if mode != "ucs2":
        found = _best_gsm(body, nlis, concat_reference)
        if found is not None:
            return found
    units = _scan.utf16_units(body)
    missing = _unencodable(body, nlis)
    if mode == "gsm7":
        raise EncodingError([(i, ch) for i, ch in enumerate(body) if ch in missing])
    # A few distinct characters are ordered fastest by str.index (a C scan each); many
    # (a long CJK text) by one pass, which stays linear in the body.
    if len(missing) <= 32:
        unsupported = tuple(sorted(missing, key=body.index))
    else:
        unsupported = tuple(ch for ch in dict.fromkeys(body) if ch in missing)
    capacity = ucs2_capacity(0)
    if units <= capacity:
        return Plan(len(body), UCS2, units, 1, capacity, capacity - units, unsupported, 0, 0,
                    concat_reference, (len(body),))
    capacity = ucs2_capacity(_udh_octets(0, concat_reference))
    ends, last = _scan.ucs2_part_ends(body, capacity)
    return Plan(len(body), UCS2, units, len(ends), capacity, capacity - last, unsupported, 0, 0,
                concat_reference, tuple(ends))


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
    return plan(
        body, language=language, encoding=encoding, concat_reference=concat_reference
    ).analysis()


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
