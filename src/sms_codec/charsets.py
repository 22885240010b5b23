"""Character sets derived from :mod:`sms_codec.tables`, for set arithmetic over bodies.

Table identifiers are national language identifiers (NLI): 0 is the default alphabet
(locking side) or its extension table (single side).

>>> "ş" in LOCKING[1], "ş" in LOCKING[0], "€" in SINGLE[0]
(True, False, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .tables import BY_NLI, DEFAULT_ALPHABET, DEFAULT_EXTENSION, LANGUAGES


def nli_of(iso: str | None) -> int:
    """The NLI of an ISO code as results carry it, 0 for ``None`` (the default tables).

    >>> nli_of("tr"), nli_of(None)
    (1, 0)
    """
    return LANGUAGES[iso].nli if iso else 0


def iso_of(nli: int) -> str | None:
    """The ISO code of an NLI, ``None`` for 0 (the default tables).

    >>> iso_of(1), iso_of(0)
    ('tr', None)
    """
    return BY_NLI[nli].iso if nli else None


def locking_table(nli: int) -> tuple[str | None, ...]:
    """The 128-entry locking table of ``nli`` (the default alphabet for 0 and Spanish).

    >>> locking_table(1)[0x07]
    'ı'
    """
    if nli == 0:
        return DEFAULT_ALPHABET
    return BY_NLI[nli].locking or DEFAULT_ALPHABET


def single_table(nli: int) -> Mapping[int, str]:
    """The single shift table of ``nli`` (the default extension table for 0).

    >>> single_table(0)[0x65]
    '€'
    """
    return DEFAULT_EXTENSION if nli == 0 else BY_NLI[nli].single


#: NLIs that have a locking shift table, the default (0) first.
LOCKING_NLIS: tuple[int, ...] = (0, *(n for n in sorted(BY_NLI) if BY_NLI[n].locking))
#: NLIs that have a single shift table, the default extension (0) first.
SINGLE_NLIS: tuple[int, ...] = (0, *sorted(BY_NLI))

LOCKING: Mapping[int, frozenset[str]] = MappingProxyType(
    {n: frozenset(c for c in locking_table(n) if c is not None) for n in LOCKING_NLIS}
)
SINGLE: Mapping[int, frozenset[str]] = MappingProxyType(
    {n: frozenset(single_table(n).values()) for n in SINGLE_NLIS}
)
