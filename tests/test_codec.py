"""The gsm0338 codecs: vectors written out by hand, error handlers, incremental use."""

from __future__ import annotations

import codecs
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sms_codec.charsets import LOCKING, SINGLE
from sms_codec.codec import CODEC_NAMES, register
from sms_codec.errors import ArgumentTypeError
from sms_codec.tables import LANGUAGES

pytestmark = pytest.mark.usefixtures("twin")

register()


def test_register_is_idempotent_and_names_resolve() -> None:
    register()
    register()
    assert len(CODEC_NAMES) == 14
    assert codecs.lookup("gsm0338").name == "gsm0338"
    assert codecs.lookup("GSM0338-TR").name == "gsm0338-tr"
    assert codecs.lookup("gsm0338_ur").name == "gsm0338-ur"
    with pytest.raises(LookupError):
        codecs.lookup("gsm0338-xx")


def test_default_alphabet_vectors() -> None:
    assert "Hello €".encode("gsm0338") == b"Hello \x1b\x65"
    assert "@£$¥".encode("gsm0338") == b"\x00\x01\x02\x03"
    assert "[~]".encode("gsm0338") == b"\x1b\x3c\x1b\x3d\x1b\x3e"
    assert b"\x00\x1b\x65\x7f".decode("gsm0338") == "@€à"
    assert b"\x1b\x0a".decode("gsm0338") == "\x0c"


def test_national_vectors() -> None:
    assert "ş".encode("gsm0338-tr") == b"\x1d"
    assert "ç".encode("gsm0338-tr") == b"\x60"
    assert "á".encode("gsm0338-es") == b"\x1b\x61"
    # Portuguese ê is in both tables; the locking one is never escaped (TS 23.038 6.2.1.2.4).
    assert "ê".encode("gsm0338-pt") == b"\x04"
    assert "क".encode("gsm0338-hi") == b"\x15"
    assert b"\x1d\x1b\x69".decode("gsm0338-tr") == "şı"
    assert b"\x15".decode("gsm0338-hi") == "क"


def test_escape_fallbacks() -> None:
    assert b"\x1b\x41".decode("gsm0338") == "A"
    assert b"\x1b\x1b".decode("gsm0338") == " "
    assert b"\x1b\x07".decode("gsm0338-tr") == "ı"


def test_encode_error_handlers() -> None:
    with pytest.raises(UnicodeEncodeError) as info:
        "a`b".encode("gsm0338")
    assert (info.value.start, info.value.end) == (1, 2)
    assert "gsm0338" in str(info.value)
    with pytest.raises(UnicodeEncodeError):
        "ş".encode("gsm0338")
    with pytest.raises(UnicodeEncodeError):
        "\x00".encode("gsm0338")
    assert "a`b".encode("gsm0338", "replace") == b"a?b"
    assert "a``b".encode("gsm0338", "replace") == b"a??b"
    assert "a`b".encode("gsm0338", "ignore") == b"ab"
    assert "a`".encode("gsm0338", "xmlcharrefreplace") == b"a&#96;"


def test_decode_error_handlers() -> None:
    with pytest.raises(UnicodeDecodeError) as info:
        b"a\x80b".decode("gsm0338")
    assert (info.value.start, info.value.end) == (1, 2)
    assert b"a\x80b".decode("gsm0338", "replace") == "a\ufffdb"
    assert b"a\x80b".decode("gsm0338", "ignore") == "ab"
    with pytest.raises(UnicodeDecodeError, match="escape"):
        b"a\x1b".decode("gsm0338")
    assert b"a\x1b".decode("gsm0338", "replace") == "a\ufffd"
    # Bengali leaves locking code 0x0C undefined.
    with pytest.raises(UnicodeDecodeError) as undefined:
        b"\x0c".decode("gsm0338-bn")
    assert undefined.value.start == 0
    assert b"\x0cx".decode("gsm0338-bn", "ignore") == "x"


def test_escape_before_a_non_septet_is_part_of_the_error() -> None:
    # The escape at 1 is consumed with the 0x80 after it, so the error covers both octets;
    # a handler must not be left to lose the escape silently.
    with pytest.raises(UnicodeDecodeError) as info:
        b"a\x1b\x80b".decode("gsm0338")
    assert (info.value.start, info.value.end) == (1, 3)
    assert b"a\x1b\x80b".decode("gsm0338", "backslashreplace") == "a\\x1b\\x80b"
    # 0x1B is below 0x80, so surrogateescape cannot carry it and must refuse.
    with pytest.raises(UnicodeDecodeError):
        b"a\x1b\x80b".decode("gsm0338", "surrogateescape")
    assert b"a\x1b\x80b".decode("gsm0338", "replace") == "a\ufffdb"
    # Escape + escape is a space; the 0x80 after it stands alone.
    assert b"\x1b\x1b\x80".decode("gsm0338", "backslashreplace") == " \\x80"
    assert b"\x1b\x1b\x1b\x80".decode("gsm0338", "backslashreplace") == " \\x1b\\x80"


def test_incremental_decoder_holds_a_split_escape() -> None:
    decoder = codecs.getincrementaldecoder("gsm0338")()
    assert decoder.decode(b"a\x1b") == "a"
    assert decoder.decode(b"\x65", final=True) == "€"
    lone = codecs.getincrementaldecoder("gsm0338")()
    assert lone.decode(b"\x1b") == ""
    with pytest.raises(UnicodeDecodeError):
        lone.decode(b"", final=True)


def test_incremental_encoder_and_text_io() -> None:
    encoder = codecs.getincrementalencoder("gsm0338-tr")()
    assert encoder.encode("ş") + encoder.encode("€", final=True) == b"\x1d\x04"
    raw = io.BytesIO()
    with io.TextIOWrapper(raw, encoding="gsm0338", newline="") as text:
        text.write("{x}")
        text.flush()
        assert raw.getvalue() == b"\x1b\x28x\x1b\x29"
    stream = io.TextIOWrapper(io.BytesIO(b"\x1b\x28x\x1b\x29"), encoding="gsm0338", newline="")
    assert stream.read() == "{x}"


def test_stream_reader_writer() -> None:
    raw = io.BytesIO()
    writer = codecs.getwriter("gsm0338")(raw)
    writer.write("£5")
    assert raw.getvalue() == b"\x01" + b"5"
    reader = codecs.getreader("gsm0338")(io.BytesIO(b"\x0135\x1b\x65"))
    assert reader.read() == "£35€"


@pytest.mark.parametrize("size", [-1, 1, 2, 72])
def test_stream_reader_refuses_an_escape_at_the_end(size: int) -> None:
    # An escape split across reads waits for its code; at the end of the stream it has
    # none, which the reader reports rather than drops.
    reader = codecs.getreader("gsm0338")(io.BytesIO(b"ab\x1b\x65c\x1b"))
    read = ""
    with pytest.raises(UnicodeDecodeError) as info:
        while chunk := reader.read(size):
            read += chunk
    assert read + reader.charbuffer == "ab€c"
    assert info.value.reason == "an escape (0x1B) has no code after it"
    replaced = codecs.getreader("gsm0338")(io.BytesIO(b"ab\x1b\x65c\x1b"), "replace")
    assert replaced.read() == "ab€c\ufffd"


def test_stream_reader_refuses_a_text_stream() -> None:
    with pytest.raises(ArgumentTypeError) as info:
        codecs.getreader("gsm0338")(io.StringIO("abc"))
    assert isinstance(info.value, TypeError)
    assert str(info.value) == (
        "the stream of codec 'gsm0338' must be a binary stream with read(), not StringIO")


_relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_relaxed
@given(
    st.sampled_from(["", *LANGUAGES]).flatmap(
        lambda iso: st.tuples(
            st.just(iso),
            st.text(
                st.sampled_from(
                    sorted(
                        LOCKING.get(LANGUAGES[iso].nli, LOCKING[0]) | SINGLE[LANGUAGES[iso].nli]
                        if iso
                        else LOCKING[0] | SINGLE[0]
                    )
                ),
                max_size=200,
            ),
        )
    )
)
def test_round_trip(case: tuple[str, str]) -> None:
    iso, text = case
    name = f"gsm0338-{iso}" if iso else "gsm0338"
    assert text.encode(name).decode(name) == text
