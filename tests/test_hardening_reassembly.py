"""Reassembly never delivers a message twice, never splices two, and holds bounded state."""

from __future__ import annotations

import pytest

from sms_codec.errors import ArgumentTypeError, OptionError
from sms_codec.reassembly import PendingGroup, Reassembler
from sms_codec.wire import DecodedSegment, decode


def part(reference: int, total: int, sequence: int, text: bytes, bits: int = 8) -> DecodedSegment:
    if bits == 8:
        header = bytes((0x05, 0x00, 0x03, reference, total, sequence))
    else:
        header = bytes((0x06, 0x08, 0x04, reference >> 8, reference & 0xFF, total, sequence))
    return decode(header + text, 0x00, udhi=True)


def test_late_duplicate_after_reference_reuse_is_not_spliced_in() -> None:
    r = Reassembler()
    assert r.feed("a", part(7, 2, 1, b"Hel"), now=0) is None
    done = r.feed("a", part(7, 2, 2, b"lo"), now=1)
    assert done is not None and done.text == "Hello"
    # A new message reuses reference 7; a late copy of the old part 2 arrives first.
    assert r.feed("a", part(7, 2, 1, b"Bye"), now=2) is None
    assert r.feed("a", part(7, 2, 2, b"lo"), now=3) is None  # the duplicate: ignored
    message = r.feed("a", part(7, 2, 2, b" now"), now=4)
    assert message is not None and message.text == "Bye now"


def test_exact_resend_of_a_whole_message_is_delivered_once() -> None:
    r = Reassembler()
    delivered = [r.feed("a", part(9, 2, n, t)) for n, t in ((1, b"ab"), (2, b"cd"))]
    again = [r.feed("a", part(9, 2, n, t)) for n, t in ((1, b"ab"), (2, b"cd"))]
    assert [m.text if m else None for m in delivered] == [None, "abcd"]
    assert again == [None, None]
    assert len(r) == 0


def test_8_and_16_bit_references_of_one_number_are_two_messages() -> None:
    r = Reassembler()
    assert r.feed("a", part(5, 2, 1, b"AA", bits=8)) is None
    assert r.feed("a", part(5, 2, 2, b"bb", bits=16)) is None
    assert sorted((g.bits, g.received) for g in r.pending()) == [(8, (1,)), (16, (2,))]
    eight = r.feed("a", part(5, 2, 2, b"AA", bits=8))
    sixteen = r.feed("a", part(5, 2, 1, b"bb", bits=16))
    assert eight is not None and eight.text == "AAAA"
    assert sixteen is not None and sixteen.text == "bbbb"


def test_pending_groups_are_bounded_oldest_evicted_and_reported() -> None:
    evicted: list[PendingGroup] = []
    r = Reassembler(max_pending=3, on_evict=evicted.append)
    for reference in range(5):
        assert r.feed("a", part(reference, 2, 1, b"x"), now=float(reference)) is None
    assert len(r) == 3
    assert r.evicted == 2
    assert [(g.reference, g.first_seen, g.received) for g in evicted] == [
        (0, 0.0, (1,)), (1, 1.0, (1,))
    ]
    assert [g.reference for g in r.pending()] == [2, 3, 4]


def test_expire_needs_a_number_of_seconds() -> None:
    r = Reassembler()
    r.feed("a", part(1, 2, 1, b"x"), now=0)
    with pytest.raises(ArgumentTypeError, match="older_than must be a number of seconds"):
        r.expire(None, now=100)  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="older_than must be a number of seconds >= 0"):
        r.expire(-1, now=100)
    assert len(r) == 1  # nothing was dropped by the bad calls
    assert [g.reference for g in r.expire(60, now=100)] == [1]


@pytest.mark.parametrize(
    ("sender", "segment", "message"),
    [
        ("a", None, "segment must be a DecodedSegment, not NoneType"),
        ("a", b"\x05\x00\x03\x01\x02\x01x", "segment must be a DecodedSegment, not bytes"),
        (["a"], part(1, 2, 1, b"x"), "sender must be hashable, not list"),
    ],
)
def test_feed_checks_its_arguments(sender: object, segment: object, message: str) -> None:
    with pytest.raises(ArgumentTypeError) as info:
        Reassembler().feed(sender, segment)  # type: ignore[arg-type]
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"max_pending": 0}, OptionError, "max_pending must be an int >= 1, not 0"),
        ({"max_pending": 1.5}, ArgumentTypeError, "max_pending must be an int, not float (1.5)"),
        ({"on_evict": 3}, ArgumentTypeError, "on_evict must be callable, not int"),
    ],
)
def test_constructor_checks(options: dict[str, object], error: type, message: str) -> None:
    with pytest.raises(error) as info:
        Reassembler(**options)  # type: ignore[arg-type]
    assert str(info.value) == message
