"""Python codecs for GSM 7-bit text as unpacked septets (one octet per septet).

``"gsm0338"`` is the default alphabet with its extension table (TS 23.038 6.2.1 and
6.2.1.1); ``"gsm0338-<iso>"`` (``"gsm0338-tr"``, ``"gsm0338-pt"``, ...) is the locking
shift table of that language where it has one, else the default alphabet, with the
language's single shift table (Annex A). A character of the locking table is never
escaped. Decoding follows :func:`sms_codec.wire.decode`: an escape before a code the
single shift table leaves undefined gives the locking table's character, two escapes
give a space. ``errors`` takes any registered handler (``"strict"``, ``"replace"`` gives
``"?"`` when encoding and U+FFFD when decoding, ``"ignore"`` drops).

>>> register()
>>> "Hello €".encode("gsm0338")
b'Hello \\x1be'
>>> b"\\x1d".decode("gsm0338-tr")
'ş'
>>> "a`b".encode("gsm0338", "replace")
b'a?b'
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable
from typing import Any, Protocol

from . import _scan
from ._checks import MAX_BODY_CHARACTERS, check_size, check_type
from .errors import ArgumentTypeError
from .gsm7 import escapes_before, septet_tables, septets_to_text
from .tables import ESCAPE, LANGUAGES

__all__ = ["CODEC_NAMES", "register"]

_PAIRS: dict[str, tuple[int, int]] = {"gsm0338": (0, 0)}
for _iso, _language in LANGUAGES.items():
    _PAIRS[f"gsm0338-{_iso}"] = (_language.nli if _language.locking else 0, _language.nli)

#: Every codec name :func:`register` makes available.
CODEC_NAMES: tuple[str, ...] = tuple(_PAIRS)



class _Encode(Protocol):
    def __call__(self, text: str, errors: str = ..., /) -> tuple[bytes, int]: ...


_Decode = Callable[[bytes, str, bool], tuple[str, int]]


def _check_errors(errors: object) -> None:
    check_type(errors, "errors", str, "a str")
    # Looked up now, as a wrong name is wrong whether or not this input needs a handler.
    codecs.lookup_error(errors)  # type: ignore[arg-type]


def _make_encode(name: str, lock: int, single: int) -> _Encode:
    known: dict[str, bytes | None] = {}

    def septets_of(char: str) -> bytes | None:
        if char not in known:
            try:
                known[char] = _scan.gsm_septets(char, lock, single)
            except ValueError:
                known[char] = None
        return known[char]

    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        if type(text) is not str or len(text) > MAX_BODY_CHARACTERS:
            check_type(text, f"the input of codec {name!r}", str, "a str")
            check_size(len(text), f"the input of codec {name!r}")
        if errors != "strict":
            _check_errors(errors)
        try:
            return _scan.gsm_septets(text, lock, single), len(text)
        except ValueError:
            pass
        out = bytearray()
        index = 0
        while index < len(text):
            septets = septets_of(text[index])
            if septets is not None:
                out += septets
                index += 1
                continue
            end = index + 1
            while end < len(text) and septets_of(text[end]) is None:
                end += 1
            error = UnicodeEncodeError(
                name, text, index, end, f"no septet in the {name} tables"
            )
            replacement, index = codecs.lookup_error(errors)(error)
            if index < 0:
                index += len(text)
            if isinstance(replacement, bytes):
                out += replacement
                continue
            for char in replacement:
                septets = septets_of(char)
                if septets is None:
                    raise error
                out += septets
        return bytes(out), len(text)

    return encode


def _make_decode(name: str, lock: int, single: int) -> _Decode:
    def decode(data: bytes, errors: str = "strict", final: bool = True) -> tuple[str, int]:
        if type(data) is not bytes or len(data) > MAX_BODY_CHARACTERS:
            check_type(
                data, f"the input of codec {name!r}", (bytes, bytearray, memoryview),
                "a bytes-like object",
            )
            check_size(
                len(data), f"the input of codec {name!r}", MAX_BODY_CHARACTERS, "octets"
            )
            data = bytes(data)
        if errors != "strict":
            _check_errors(errors)
        tables = septet_tables(lock, single)
        pieces: list[str] = []
        position = 0
        while True:
            text, stop, fault = septets_to_text(data, position, tables, final)
            pieces.append(text)
            if fault is None:
                return "".join(pieces), stop
            start, end = stop, stop + 1
            if data[stop] == ESCAPE and end < len(data) and data[end] <= 0x7F:
                end += 1
            elif data[stop] > 0x7F and escapes_before(data[position:stop], stop - position) % 2:
                # The non-septet follows an escape that the kernel consumed with it.
                start -= 1
            error = UnicodeDecodeError(name, data, start, end, fault)
            replacement, position = codecs.lookup_error(errors)(error)
            if position < 0:
                position += len(data)
            if not isinstance(replacement, str):
                raise TypeError(f"decoding error handler must return str, not {replacement!r}")
            pieces.append(replacement)

    return decode


def _check_stream(stream: object, name: str, method: str) -> None:
    """ArgumentTypeError unless ``stream`` is a binary stream with ``method``."""
    if isinstance(stream, io.TextIOBase) or not callable(getattr(stream, method, None)):
        raise ArgumentTypeError(
            f"the stream of codec {name!r} must be a binary stream with {method}(), not "
            f"{type(stream).__name__}"
        )


def _codec_info(name: str, lock: int, single: int) -> codecs.CodecInfo:
    encode = _make_encode(name, lock, single)
    decode = _make_decode(name, lock, single)

    class IncrementalEncoder(codecs.IncrementalEncoder):
        def encode(self, input: str, final: bool = False) -> bytes:
            return encode(input, self.errors)[0]

    class IncrementalDecoder(codecs.BufferedIncrementalDecoder):
        # An escape at the end of a chunk waits for the code that follows it.
        def decode(self, input: Any, final: bool = False) -> str:
            # Checked here: the buffer is joined with the input before _buffer_decode.
            check_type(
                input, f"the input of codec {name!r}", (bytes, bytearray, memoryview),
                "a bytes-like object",
            )
            return super().decode(input, final)

        def _buffer_decode(self, input: Any, errors: str, final: bool) -> tuple[str, int]:
            return decode(bytes(input), errors, final)

    class StreamWriter(codecs.StreamWriter):
        def __init__(self, stream: Any, errors: str = "strict") -> None:
            _check_stream(stream, name, "write")
            super().__init__(stream, errors)

        def encode(self, input: str, errors: str = "strict") -> tuple[bytes, int]:
            return encode(input, errors)

    class StreamReader(codecs.StreamReader):
        def __init__(self, stream: Any, errors: str = "strict") -> None:
            _check_stream(stream, name, "read")
            super().__init__(stream, errors)

        def decode(self, input: bytes, errors: str = "strict") -> tuple[str, int]:
            # codecs.StreamReader.read decodes exactly its held-back bytes once the
            # stream gives no more: that is the end, so an escape still waiting for
            # its code is an error there, not a byte dropped without a word.
            final = len(input) == len(self.bytebuffer) > 0
            return decode(input, errors, final)

    return codecs.CodecInfo(
        encode,
        lambda data, errors="strict": decode(data, errors, True),
        StreamReader,
        StreamWriter,
        IncrementalEncoder,
        IncrementalDecoder,
        name,
    )


_infos: dict[str, codecs.CodecInfo] = {}


def _search(name: str) -> codecs.CodecInfo | None:
    key = name.strip().lower().replace("_", "-")
    pair = _PAIRS.get(key)
    if pair is None:
        return None
    info = _infos.get(key)
    if info is None:
        info = _infos[key] = _codec_info(key, *pair)
    return info


_registered = False


def register() -> None:
    """Register the ``gsm0338`` codecs with :mod:`codecs`; calling it again does nothing.

    >>> register(); register()
    >>> codecs.lookup("GSM0338_TR").name
    'gsm0338-tr'
    """
    global _registered
    if not _registered:
        codecs.register(_search)
        _registered = True
