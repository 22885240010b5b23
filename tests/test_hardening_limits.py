"""Every function that takes a body or bytes has a documented bound (``docs/limits.md``):
at the bound it works, one past it raises :class:`SizeLimitError` naming the argument.
Memory stays linear and small up to the bound."""

from __future__ import annotations

import codecs
import contextlib
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from sms_codec import (
    Reassembler,
    SizeLimitError,
    _scan,
    _scan_py,
    analyze,
    analyze_many,
    decode,
    encode,
    pdu,
    split,
)
from sms_codec._checks import MAX_BODY_CHARACTERS
from sms_codec.analysis import plan
from sms_codec.errors import DecodeError, MessageTooLongError, SmsCodecError
from sms_codec.gsm7 import (
    escapes_before,
    pack_septets,
    septet_tables,
    septets_to_text,
    unpack_septets,
)
from sms_codec.udh import parse_udh
from sms_codec.wire import DecodedSegment

N = MAX_BODY_CHARACTERS


def test_the_bound_is_a_million_code_points() -> None:
    assert N == 1_000_000


def _refused(call: Callable[[], Any], argument: str, size: int, limit: int = N) -> None:
    with pytest.raises(SizeLimitError) as caught:
        call()
    assert caught.value.argument == argument
    assert (caught.value.size, caught.value.limit) == (size, limit)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).startswith(f"{argument} has {size} ")


# --------------------------------------------------------------------------- bodies

# 1,000,000 GSM characters: 1,000,000 / 153 rounds up to 6,536 parts (no escapes).
@pytest.mark.parametrize("unit", ["a", "Ж", "😀"])
def test_analyze_at_the_bound_and_one_past(unit: str) -> None:
    body = unit * N if unit != "😀" else "a" * (N - 1) + unit
    result = analyze(body)
    assert result.characters == N
    expected = {"a": 6536, "Ж": 14926, "😀": 14926}[unit]
    assert result.parts == expected
    _refused(lambda: analyze(body + "a"), "body", N + 1)
    _refused(lambda: analyze(body + "a", language="tr"), "body", N + 1)


def test_analyze_many_bounds_each_body_and_names_it() -> None:
    ok = "a" * N
    assert [r.parts for r in analyze_many(["hi", ok])] == [1, 6536]
    _refused(lambda: analyze_many(["hi", ok + "a"]), "bodies[1]", N + 1)
    _refused(lambda: analyze_many(iter([ok + "a"])), "bodies[0]", N + 1)
    _refused(lambda: analyze_many(["x", ok + "a"], language="tr"), "bodies[1]", N + 1)


def test_split_and_plan_at_the_bound_and_one_past() -> None:
    body = "a" * N
    parts = split(body)
    assert len(parts) == 6536 and parts[-1] == "a" * (N - 6535 * 153)
    assert plan(body).parts == 6536
    _refused(lambda: split(body + "a"), "body", N + 1)
    _refused(lambda: plan(body + "a"), "body", N + 1)


def test_encode_sends_255_parts_and_refuses_a_body_past_the_bound() -> None:
    # The sendable bound is 255 parts (39,015 GSM-7 characters); the size bound comes first.
    assert len(encode("a" * 255 * 153)) == 255
    with pytest.raises(MessageTooLongError, match="needs 256 parts"):
        encode("a" * (255 * 153 + 1))
    with pytest.raises(MessageTooLongError):
        encode("a" * N)
    _refused(lambda: encode("a" * (N + 1)), "body", N + 1)


def test_binary_encode_counts_octets() -> None:
    assert len(encode(b"\x00" * 255 * 134, encoding="binary")) == 255
    with pytest.raises(MessageTooLongError):
        encode(b"\x00" * N, encoding="binary")
    with pytest.raises(SizeLimitError, match="body has 1000001 octets"):
        encode(b"\x00" * (N + 1), encoding="binary")


# --------------------------------------------------------------------------- octets


def test_wire_decode_at_the_bound_and_one_past() -> None:
    assert len(decode(b"a" * N, 0x00).text) == N
    assert len(decode(b"\x00a" * (N // 2), 0x08).text) == N // 2
    with pytest.raises(SizeLimitError, match="user_data has 1000001 octets; the bound is"):
        decode(b"a" * (N + 1), 0x00)


def test_codecs_at_the_bound_and_one_past() -> None:
    assert len(codecs.encode("a" * N, "gsm0338")) == N
    assert len(codecs.decode(b"a" * N, "gsm0338-tr")) == N
    with pytest.raises(SizeLimitError, match="input of codec 'gsm0338' has 1000001 characters"):
        codecs.encode("a" * (N + 1), "gsm0338")
    with pytest.raises(SizeLimitError, match="input of codec 'gsm0338' has 1000001 octets"):
        codecs.decode(b"a" * (N + 1), "gsm0338")


def test_septet_packing_at_the_bound_and_one_past() -> None:
    packed = pack_septets(b"\x01" * N)
    assert len(packed) == N * 7 // 8
    assert len(unpack_septets(packed)) == N
    with pytest.raises(SizeLimitError, match="septets has 1000001 septets"):
        pack_septets(b"\x01" * (N + 1))
    with pytest.raises(SizeLimitError, match="octets has 1000001 octets"):
        unpack_septets(b"\x01" * (N + 1))
    tables = septet_tables(0, 0)
    assert septets_to_text(b"a" * N, 0, tables)[1] == N
    with pytest.raises(SizeLimitError, match="septets has 1000001 septets"):
        septets_to_text(b"a" * (N + 1), 0, tables)
    assert escapes_before(b"\x1b" * N, N) == N
    with pytest.raises(SizeLimitError):
        escapes_before(b"\x1b" * (N + 1), 0)


def test_parse_udh_bound() -> None:
    data = bytes.fromhex("050003010201") + b"a" * (N - 6)
    assert parse_udh(data).concat is not None
    with pytest.raises(SizeLimitError, match="user_data has 1000001 octets"):
        parse_udh(data + b"a")


DELIVER = bytes.fromhex(
    "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37"
)


def test_a_deliver_pdu_is_at_most_175_octets() -> None:
    # SMSC 12 + first octet 1 + TP-OA 12 + PID/DCS 2 + SCTS 7 + UDL 1 + UD 140 = 175.
    assert pdu.MAX_DELIVER_OCTETS == 175
    longest = (
        bytes.fromhex("0B91" + "21" * 9 + "F1")  # SMSC: 11 octets after its length, 19 digits
        + bytes.fromhex("04")
        + bytes.fromhex("1491" + "21" * 10)  # TP-OA: 20 digits
        + bytes.fromhex("0004")  # PID, DCS 8-bit
        + bytes.fromhex("99309251619580")
        + bytes((140,)) + b"\x00" * 140
    )
    assert len(longest) == 175
    parsed = pdu.parse_deliver(longest)
    assert parsed.udl == 140 and parsed.originating_address == "+" + "12" * 10
    _refused(lambda: pdu.parse_deliver(longest + b"\x00"), "pdu", 176, 175)
    with pytest.raises(DecodeError):
        pdu.parse_deliver(DELIVER + b"\x00")


def test_submit_refuses_user_data_over_140_octets() -> None:
    [segment] = encode(b"\x00" * 140, encoding="binary")
    assert len(pdu.submit(segment, "+1")) == 2 + 3 + 2 + 1 + 140
    from dataclasses import replace

    big = replace(segment, user_data=b"\x00" * 141, udl=141)
    _refused(lambda: pdu.submit(big, "+1"), "segment.user_data", 141, 140)


def test_decode_timestamp_bound() -> None:
    stamp = bytes.fromhex("99309251619580")
    assert pdu.decode_timestamp(b"\x00" * 168 + stamp, 168).year == 1999
    with pytest.raises(SizeLimitError, match="data has 176 octets; the bound is 175"):
        pdu.decode_timestamp(b"\x00" * 169 + stamp, 169)


# --------------------------------------------------------------------------- reassembly


def _segment(text: str, sequence: int, total: int = 2) -> DecodedSegment:
    from sms_codec.udh import Concat

    return DecodedSegment(text, 0, "GSM7", b"", Concat(9, total, sequence), None, None, (), None)


def test_reassembler_bounds_a_segment_and_a_message() -> None:
    r = Reassembler()
    assert r.feed("a", _segment("a" * (N // 2), 1), now=0.0) is None
    message = r.feed("a", _segment("b" * (N // 2), 2), now=0.0)
    assert message is not None and len(message.text) == N
    with pytest.raises(SizeLimitError, match=r"segment\.text has 1000001 characters"):
        r.feed("a", _segment("a" * (N + 1), 1), now=0.0)
    assert r.feed("b", _segment("a" * (N // 2), 1), now=0.0) is None
    with pytest.raises(SizeLimitError) as caught:
        r.feed("b", _segment("b" * (N // 2 + 1), 2), now=0.0)
    assert caught.value.size == N + 1
    # The refused part is not held: the group still waits for part 2.
    assert r.pending()[0].received == (1,)


def test_every_size_error_is_an_sms_codec_error() -> None:
    assert issubclass(SizeLimitError, SmsCodecError)
    assert issubclass(SizeLimitError, ValueError)


# --------------------------------------------------------------------------- memory


def _peak_per_character(function: Callable[[str], Any], body: str) -> float:
    tracemalloc.start()
    try:
        with contextlib.suppress(MessageTooLongError):
            function(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak / len(body)


# Bytes per character that Python objects take at peak (tracemalloc; the Cython twin's
# own buffers are libc allocations it does not see), measured at 100k and 1M characters
# (10k and 100k on the Python twin; benchmarks/memory.py prints 100k and 1M for both).
# Linear means the same per character at both sizes; small means a few bytes a character
# (the Python twin's grapheme walk over astral bodies is the largest, about 58).
@pytest.mark.parametrize("unit", ["Hello [world] €uro ", "Привет мир ", "👍🏽 ok "])
@pytest.mark.parametrize("function", [analyze, split, encode], ids=["analyze", "split", "encode"])
def test_memory_is_linear_and_small(function: Callable[[str], Any], unit: str) -> None:
    # tracemalloc makes the Python twin's many small allocations slow: a tenth the size.
    sizes = (10_000, 100_000) if _scan.active() is _scan_py else (100_000, N)
    small, large = ((unit * (n // len(unit) + 1))[:n] for n in sizes)
    per_small = _peak_per_character(function, small)
    per_large = _peak_per_character(function, large)
    assert per_large <= 64
    assert per_large <= per_small * 1.25 + 0.5


def test_memory_figures_hold_on_the_python_twin_too() -> None:
    previous = _scan.use(_scan_py)
    try:
        assert _peak_per_character(split, "a" * N) <= 4
    finally:
        _scan.use(previous)
