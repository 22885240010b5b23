"""The characters that keep a body out of GSM-7, listed on first use: part of the kernels'
specification (:mod:`sms_codec._scan_py` re-exports every name).

:class:`LazyUnsupported` is what an analysis holds in place of the tuple, so that a
caller who never reads the list never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from .charsets import LOCKING, LOCKING_NLIS, SINGLE

__all__ = ["LazyUnsupported", "default_unsupported", "unencodable", "unsupported_characters"]

# Characters the default table pair (0, 0) encodes: the default alphabet and its extension.
_DEFAULT_CHARS = LOCKING[0] | SINGLE[0]


def default_unsupported(body: str) -> tuple[str, ...]:
    """The distinct characters of ``body`` with no code in the default pair (0, 0), in
    order of first appearance.

    >>> default_unsupported("Ωμέγα a€`")
    ('μ', 'έ', 'γ', 'α', '`')
    """
    return tuple(c for c in dict.fromkeys(body) if c not in _DEFAULT_CHARS)


class LazyUnsupported:
    """:func:`unsupported_characters` of a body and the national language identifiers
    allowed, computed on first use: what the analysis of a UCS-2 body holds in place of
    that tuple.

    It is equal to, hashes as, orders as and pickles as the tuple (``value``), and reads
    as a sequence; ``BodyAnalysis.unsupported_gsm_characters`` gives the tuple itself.

    >>> lazy = LazyUnsupported("Ωμέγα")
    >>> lazy == ('μ', 'έ', 'γ', 'α'), hash(lazy) == hash(lazy.value), lazy[0], len(lazy)
    (True, True, 'μ', 4)
    """

    __slots__ = ("_body", "_nlis", "_value")

    def __init__(self, body: str, nlis: tuple[int, ...] = ()) -> None:
        if type(body) is not str:
            raise TypeError(f"body must be str, not {type(body).__name__}")
        if type(nlis) is not tuple:
            raise TypeError(f"nlis must be a tuple, not {type(nlis).__name__}")
        self._body: str | None = body
        self._nlis = nlis
        self._value: tuple[str, ...] | None = None

    @property
    def value(self) -> tuple[str, ...]:
        """The tuple, computed once; the body is let go then."""
        value = self._value
        if value is None:
            value = self._value = unsupported_characters(self._body or "", self._nlis)
            self._body = None
        return value

    def __len__(self) -> int:
        return len(self.value)

    def __iter__(self) -> Iterator[str]:
        return iter(self.value)

    def __getitem__(self, index: Any) -> Any:
        return self.value[index]

    def __contains__(self, item: object) -> bool:
        return item in self.value

    def __eq__(self, other: object) -> bool:
        return self.value == other

    def __ne__(self, other: object) -> bool:
        return self.value != other

    def __lt__(self, other: Any) -> bool:
        return bool(self.value < other)

    def __le__(self, other: Any) -> bool:
        return bool(self.value <= other)

    def __gt__(self, other: Any) -> bool:
        return bool(self.value > other)

    def __ge__(self, other: Any) -> bool:
        return bool(self.value >= other)

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return repr(self.value)

    def __reduce__(self) -> tuple[Any, ...]:
        return tuple, (self.value,)




@lru_cache(maxsize=512)
def _tables(nlis: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...], frozenset[str]]:
    locks = tuple(n for n in LOCKING_NLIS if n == 0 or n in nlis)
    singles = (0, *(n for n in nlis if n))
    union = frozenset().union(*(LOCKING[n] for n in locks), *(SINGLE[n] for n in singles))
    return locks, singles, union


def unencodable(body: str, nlis: tuple[int, ...]) -> frozenset[str]:
    """Characters of ``body`` left out by the pair that leaves the fewest distinct ones
    (rule 6: ties to fewest national tables, lowest locking NLI, lowest single NLI), among
    the pairs of the default tables and the tables of ``nlis``.

    >>> sorted(unencodable("şЖ", (1,))), sorted(unencodable("şЖ", ()))
    (['Ж'], ['ş', 'Ж'])
    """
    locks, singles, union = _tables(nlis)
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


def unsupported_characters(body: str, nlis: tuple[int, ...]) -> tuple[str, ...]:
    """:func:`unencodable` characters of ``body`` in order of first appearance; with no
    ``nlis``, :func:`default_unsupported`.

    >>> unsupported_characters("Жşa", (1,)), unsupported_characters("Жşa", ())
    (('Ж',), ('Ж', 'ş'))
    """
    if not nlis:
        return default_unsupported(body)
    missing = unencodable(body, nlis)
    # A few distinct characters are ordered fastest by str.index (a C scan each); many
    # (a long CJK text) by one pass, which stays linear in the body.
    if len(missing) <= 32:
        return tuple(sorted(missing, key=body.index))
    return tuple(ch for ch in dict.fromkeys(body) if ch in missing)
