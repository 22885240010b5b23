"""Reassembler: grouping, order, duplicates, conflicts, pending and expiry."""

from __future__ import annotations

import pytest

from sms_codec.errors import ArgumentTypeError, OptionError, SmsCodecError
from sms_codec.reassembly import Message, PendingGroup, Reassembler, ReassemblyConflictError
from sms_codec.wire import DecodedSegment, decode

H = bytes.fromhex


def part(reference: int, total: int, sequence: int, text: bytes) -> DecodedSegment:
    header = bytes((0x05, 0x00, 0x03, reference, total, sequence))
    return decode(header + text, 0x00, udhi=True)


def test_out_of_order_completion() -> None:
    r = Reassembler()
    assert r.feed("+1", part(9, 3, 3, b"!")) is None
    assert r.feed("+1", part(9, 3, 1, b"Hel")) is None
    assert len(r) == 1
    message = r.feed("+1", part(9, 3, 2, b"lo"))
    assert isinstance(message, Message)
    assert message.text == "Hello!"
    assert message.reference == 9
    assert message.sender == "+1"
    assert [s.concat.sequence for s in message.segments if s.concat] == [1, 2, 3]
    assert len(r) == 0


def test_unconcatenated_segment_is_a_message_at_once() -> None:
    message = Reassembler().feed("+1", decode(b"Hi", 0x00))
    assert message == Message("+1", "Hi", None, (decode(b"Hi", 0x00),))


def test_total_of_one_is_a_message_at_once() -> None:
    message = Reassembler().feed("+1", part(4, 1, 1, b"solo"))
    assert message is not None
    assert (message.text, message.reference) == ("solo", 4)


def test_senders_and_totals_are_separate_groups() -> None:
    r = Reassembler()
    assert r.feed("+1", part(9, 2, 1, b"a")) is None
    assert r.feed("+2", part(9, 2, 2, b"b")) is None
    assert r.feed("+1", part(9, 3, 2, b"c")) is None
    assert len(r) == 3
    done = r.feed("+2", part(9, 2, 1, b"x"))
    assert done is not None
    assert done.text == "xb"
    assert len(r) == 2


def test_exact_duplicate_is_ignored() -> None:
    r = Reassembler()
    assert r.feed("+1", part(1, 2, 1, b"ab")) is None
    assert r.feed("+1", part(1, 2, 1, b"ab")) is None
    assert [g.received for g in r.pending()] == [(1,)]
    message = r.feed("+1", part(1, 2, 2, b"cd"))
    assert message is not None
    assert message.text == "abcd"
    # A late copy of a part of the completed message opens no new group.
    assert r.feed("+1", part(1, 2, 2, b"cd")) is None
    assert len(r) == 0


def test_reference_reused_for_a_new_message_after_completion() -> None:
    r = Reassembler()
    r.feed("+1", part(1, 2, 1, b"ab"))
    r.feed("+1", part(1, 2, 2, b"cd"))
    assert r.feed("+1", part(1, 2, 2, b"zz")) is None
    assert len(r) == 1
    message = r.feed("+1", part(1, 2, 1, b"yy"))
    assert message is not None
    assert message.text == "yyzz"


def test_remember_bounds_the_completed_memory() -> None:
    r = Reassembler(remember=1)
    for reference in (1, 2):
        r.feed("+1", part(reference, 2, 1, b"a"))
        r.feed("+1", part(reference, 2, 2, b"b"))
    assert r.feed("+1", part(2, 2, 2, b"b")) is None
    assert len(r) == 0
    # Reference 1 was forgotten: its late copy starts a group again.
    assert r.feed("+1", part(1, 2, 2, b"b")) is None
    assert len(r) == 1


def test_conflicting_duplicate_is_reported_and_first_kept() -> None:
    r = Reassembler()
    first = part(5, 2, 1, b"ab")
    r.feed("+1", first)
    with pytest.raises(ReassemblyConflictError, match="part 1 of 2") as info:
        r.feed("+1", part(5, 2, 1, b"XY"))
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, SmsCodecError)
    assert info.value.kept == first
    assert info.value.rejected.text == "XY"
    message = r.feed("+1", part(5, 2, 2, b"cd"))
    assert message is not None
    assert message.text == "abcd"


def test_text_and_binary_do_not_mix() -> None:
    r = Reassembler()
    r.feed("+1", part(5, 2, 1, b"ab"))
    binary = decode(H("050003050202ff"), 0x04, udhi=True)
    with pytest.raises(ReassemblyConflictError, match="8-bit"):
        r.feed("+1", binary)


def test_binary_message() -> None:
    r = Reassembler()
    r.feed("+1", decode(H("05000305020201ff"), 0x04, udhi=True))
    message = r.feed("+1", decode(H("050003050201a0"), 0x04, udhi=True))
    assert message is not None
    assert message.text == H("a001ff")


def test_surrogate_pair_split_across_parts_is_joined() -> None:
    r = Reassembler()
    r.feed("+1", decode(H("0500030302010041d83d"), 0x08, udhi=True))
    message = r.feed("+1", decode(H("050003030202de000042"), 0x08, udhi=True))
    assert message is not None
    assert message.text == "A😀B"


def test_pending_and_expire_with_injected_clock() -> None:
    now = [100.0]
    r = Reassembler(clock=lambda: now[0])
    r.feed("+1", part(1, 3, 2, b"x"))
    now[0] = 130.0
    r.feed("+2", part(7, 2, 1, b"y"))
    r.feed("+1", part(1, 3, 3, b"z"))
    assert r.pending() == [
        PendingGroup("+1", 1, 3, (2, 3), 100.0),
        PendingGroup("+2", 7, 2, (1,), 130.0),
    ]
    assert r.pending()[0].missing == (1,)
    now[0] = 150.0
    assert [g.sender for g in r.pending(older_than=30.0)] == ["+1"]
    assert [g.sender for g in r.pending(older_than=50.0)] == []
    assert r.expire(60.0) == []
    expired = r.expire(30.0)
    assert [(g.sender, g.reference) for g in expired] == [("+1", 1)]
    assert len(r) == 1
    # The expired group's remaining part now starts over.
    assert r.feed("+1", part(1, 3, 1, b"w")) is None
    assert [g.received for g in r.pending() if g.sender == "+1"] == [(1,)]
    assert r.expire(0.0, now=151.0) == [
        PendingGroup("+2", 7, 2, (1,), 130.0),
        PendingGroup("+1", 1, 3, (1,), 150.0),
    ]
    assert len(r) == 0


def test_remember_must_be_a_count() -> None:
    with pytest.raises(OptionError, match="remember must be an int >= 0, not -1") as info:
        Reassembler(remember=-1)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("remember", [1.5, True, "8"])
def test_remember_must_be_an_int(remember: object) -> None:
    with pytest.raises(ArgumentTypeError, match="remember must be an int, not") as info:
        Reassembler(remember=remember)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)


def test_remember_zero_keeps_no_completed_group() -> None:
    r = Reassembler(remember=0)
    r.feed("+1", part(3, 2, 1, b"a"))
    message = r.feed("+1", part(3, 2, 2, b"b"))
    assert message is not None
    assert message.text == "ab"
    # Nothing remembered: a late copy opens a group again.
    assert r.feed("+1", part(3, 2, 2, b"b")) is None
    assert len(r) == 1
