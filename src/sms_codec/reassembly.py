"""Put concatenated inbound segments back together (TS 23.040 9.2.3.24.1).

Segments are grouped by ``(sender, reference width, reference, total)``: an 8-bit and a
16-bit reference of the same number are different messages (TS 23.040 9.2.3.24.1 and
9.2.3.24.8). A group completes when every sequence number 1..total has arrived, in any
order. Exact duplicates of a part, also of a recently completed message whose reference a
new message reuses, are ignored; the incomplete groups held are bounded.

>>> from sms_codec.wire import decode
>>> r = Reassembler()
>>> r.feed("+4670", decode(bytes.fromhex("050003070202") + b"lo", 0x00, udhi=True)) is None
True
>>> r.feed("+4670", decode(bytes.fromhex("050003070201") + b"Hel", 0x00, udhi=True)).text
'Hello'
"""

from __future__ import annotations

import math
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import NamedTuple

from ._checks import check_int, check_size
from .errors import ArgumentTypeError, OptionError, ReassemblyConflictError
from .udh import check_concat
from .wire import DecodedSegment

__all__ = ["Message", "PendingGroup", "Reassembler", "ReassemblyConflictError"]

_SURROGATE = re.compile("[\ud800-\udfff]")


class Message(NamedTuple):
    """A whole inbound message: its text (``bytes`` for 8-bit data) and its segments in order.

    ``reference`` is ``None`` for a message that came in one unconcatenated segment.
    """

    sender: Hashable
    text: str | bytes
    reference: int | None
    segments: tuple[DecodedSegment, ...]


class PendingGroup(NamedTuple):
    """An incomplete group: which sequence numbers arrived, and when its first part did."""

    sender: Hashable
    reference: int
    total: int
    received: tuple[int, ...]
    first_seen: float
    #: The width of the concatenation reference: 8 (IE 0x00) or 16 (IE 0x08).
    bits: int = 8

    @property
    def missing(self) -> tuple[int, ...]:
        """Sequence numbers still awaited."""
        have = set(self.received)
        return tuple(n for n in range(1, self.total + 1) if n not in have)


_Key = tuple[Hashable, int, int, int]  # sender, reference bits, reference, total


class _Group:
    __slots__ = ("first_seen", "parts", "size")

    def __init__(self, first_seen: float) -> None:
        self.first_seen = first_seen
        self.parts: dict[int, DecodedSegment] = {}
        #: Characters (octets for 8-bit data) held, bounded by MAX_BODY_CHARACTERS.
        self.size = 0


def _join(parts: list[DecodedSegment]) -> str | bytes:
    if isinstance(parts[0].text, bytes):
        return b"".join(p.text for p in parts if isinstance(p.text, bytes))
    text = "".join(p.text for p in parts if isinstance(p.text, str))
    if _SURROGATE.search(text):
        # A sender that cuts UCS-2 parts by code unit splits a surrogate pair across two
        # parts; the halves join here into the character they encode.
        text = text.encode("utf-16-be", "surrogatepass").decode("utf-16-be", "surrogatepass")
    return text


class Reassembler:
    """Collects segments per ``(sender, reference width, reference, total)`` and returns
    whole messages.

    ``clock`` gives the time used for ages (seconds, :func:`time.monotonic` by default);
    every method also takes ``now`` explicitly. The last ``remember`` completed groups are
    kept so that a late exact duplicate of one of their parts is ignored, even after a new
    message reused their reference (a new message whose part is byte-identical to that
    part of the message it reuses the reference of waits for it in vain; such a sender
    would send the same message twice). At most ``max_pending`` incomplete groups are
    held: a new group beyond that evicts the oldest, which is handed to ``on_evict``
    and counted in :attr:`evicted`.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        remember: int = 1024,
        max_pending: int = 100_000,
        on_evict: Callable[[PendingGroup], object] | None = None,
    ) -> None:
        if not callable(clock):
            raise ArgumentTypeError(f"clock must be callable, not {type(clock).__name__}")
        check_int(remember, "remember")
        check_int(max_pending, "max_pending", 1)
        if on_evict is not None and not callable(on_evict):
            raise ArgumentTypeError(f"on_evict must be callable, not {type(on_evict).__name__}")
        self._clock = clock
        self._remember = remember
        self._max_pending = max_pending
        self._on_evict = on_evict
        #: How many incomplete groups were evicted to keep within ``max_pending``.
        self.evicted = 0
        self._groups: dict[_Key, _Group] = {}
        self._done: OrderedDict[_Key, dict[int, DecodedSegment]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._groups)

    def feed(
        self, sender: Hashable, segment: DecodedSegment, *, now: float | None = None
    ) -> Message | None:
        """Add ``segment`` from ``sender``; the whole :class:`Message` when it completes a group.

        An exact duplicate of a part already held (or of a recently completed group) is
        ignored and gives ``None``; a different segment under the same sequence number raises
        :class:`ReassemblyConflictError`.
        """
        if not isinstance(segment, DecodedSegment):
            raise ArgumentTypeError(
                f"segment must be a DecodedSegment, not {type(segment).__name__}"
            )
        if not isinstance(sender, Hashable):
            raise ArgumentTypeError(f"sender must be hashable, not {type(sender).__name__}")
        _check_now(now)
        if not isinstance(segment.text, (str, bytes)):
            raise ArgumentTypeError(
                f"segment.text must be str or bytes, not {type(segment.text).__name__}"
            )
        check_size(len(segment.text), "segment.text")
        if segment.concat is not None:
            check_concat(segment.concat, "segment.concat")
        concat = segment.concat
        if concat is None or concat.total == 1:
            reference = None if concat is None else concat.reference
            return Message(sender, segment.text, reference, (segment,))
        key: _Key = (sender, concat.bits, concat.reference, concat.total)
        done = self._done.get(key)
        if done is not None and done.get(concat.sequence) == segment:
            return None
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _Group(self._clock() if now is None else now)
            if len(self._groups) > self._max_pending:
                self._evict_oldest()
        held = group.parts.get(concat.sequence)
        if held is not None:
            if held == segment:
                return None
            raise ReassemblyConflictError(
                "a different segment for a part already received",
                sender=sender,
                concat=concat,
                kept=held,
                rejected=segment,
            )
        other = next(iter(group.parts.values()), None)
        if other is not None and type(other.text) is not type(segment.text):
            raise ReassemblyConflictError(
                "8-bit data and text in one message",
                sender=sender,
                concat=concat,
                kept=other,
                rejected=segment,
            )
        # The message as joined stays within the bound every body has.
        check_size(group.size + len(segment.text), "the message this segment belongs to")
        group.parts[concat.sequence] = segment
        group.size += len(segment.text)
        if len(group.parts) < concat.total:
            return None
        del self._groups[key]
        self._done[key] = group.parts
        self._done.move_to_end(key)
        while len(self._done) > self._remember:
            self._done.popitem(last=False)
        ordered = [group.parts[n] for n in range(1, concat.total + 1)]
        return Message(sender, _join(ordered), concat.reference, tuple(ordered))

    def pending(
        self, *, older_than: float | None = None, now: float | None = None
    ) -> list[PendingGroup]:
        """Incomplete groups, oldest first; only those older than ``older_than`` seconds if given.

        >>> from sms_codec.wire import decode
        >>> r = Reassembler()
        >>> _ = r.feed("a", decode(bytes.fromhex("050003010302") + b"x", 0, udhi=True), now=5.0)
        >>> r.pending()
        [PendingGroup(sender='a', reference=1, total=3, received=(2,), first_seen=5.0, bits=8)]
        >>> r.pending()[0].missing
        (1, 3)
        """
        _check_now(now)
        if older_than is not None:
            _check_seconds(older_than, "older_than")
        if older_than is not None and now is None:
            now = self._clock()
        found = []
        for key, group in self._groups.items():
            if older_than is not None and now is not None and now - group.first_seen <= older_than:
                continue
            found.append(_pending(key, group))
        found.sort(key=lambda g: g.first_seen)
        return found

    def expire(self, older_than: float, *, now: float | None = None) -> list[PendingGroup]:
        """Drop the incomplete groups older than ``older_than`` seconds and return them.

        >>> from sms_codec.wire import decode
        >>> r = Reassembler()
        >>> _ = r.feed("a", decode(bytes.fromhex("050003010201") + b"x", 0, udhi=True), now=0.0)
        >>> [g.reference for g in r.expire(60.0, now=61.0)], len(r)
        ([1], 0)
        """
        _check_seconds(older_than, "older_than")
        _check_now(now)
        stale = self.pending(older_than=older_than, now=self._clock() if now is None else now)
        for group in stale:
            del self._groups[group.sender, group.bits, group.reference, group.total]
        return stale

    def _evict_oldest(self) -> None:
        # Groups are held in the order they started, so the first is the oldest.
        key = next(iter(self._groups))
        group = self._groups.pop(key)
        self.evicted += 1
        if self._on_evict is not None:
            self._on_evict(_pending(key, group))


def _pending(key: _Key, group: _Group) -> PendingGroup:
    sender, bits, reference, total = key
    return PendingGroup(
        sender, reference, total, tuple(sorted(group.parts)), group.first_seen, bits
    )


def _check_now(now: object) -> None:
    if now is None:
        return
    if isinstance(now, bool) or not isinstance(now, (int, float)):
        raise ArgumentTypeError(f"now must be None or a number of seconds, not {now!r:.40}")
    if not math.isfinite(now):
        raise OptionError(f"now must be a finite number of seconds, not {now!r}")


def _check_seconds(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ArgumentTypeError(f"{name} must be a number of seconds, not {value!r}")
    if not value >= 0:
        raise OptionError(f"{name} must be a number of seconds >= 0, not {value!r}")
