"""Every public function and method, every argument, fed wrong types and wrong values.

A table of cases: each names a call that succeeds (``good``), the kind of each argument
(what it accepts) and the wrong values it must refuse. The sweep swaps one argument at a
time for every wrong type of :data:`WRONG_TYPES` the kind does not accept, and for each
wrong value listed, and asserts

* a wrong type raises an :class:`~sms_codec.SmsCodecError` that is a ``TypeError``,
* a wrong value one that is a ``ValueError`` (the class listed, or a subclass),
* the message names the argument,
* the Python and the Cython twin raise the same class with the same message.

``python tests/test_hardening_types.py`` prints how many bad inputs each function got and
their outcomes (the figures of issue 14).
"""

from __future__ import annotations

import atexit
import codecs
import io
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any

import pytest

import sms_codec
from sms_codec import (
    Reassembler,
    ShortLinks,
    SmsCodecError,
    _scan,
    _scan_py,
    analyze,
    analyze_many,
    decode,
    encode,
    find_urls,
    gsm7,
    pdu,
    preview,
    split,
    transliterate,
    udh,
    wire,
)
from sms_codec.analysis import (
    encodable_characters,
    gsm_capacity,
    plan,
    resolve_languages,
    ucs2_capacity,
)
from sms_codec.errors import DecodeError, LinkError, OptionError
from sms_codec.estimate import estimate_campaign
from sms_codec.gsm7 import (
    SeptetTables,
    dcs_alphabet,
    escapes_before,
    pack_septets,
    septet_tables,
    septets_to_text,
    unpack_septets,
)
from sms_codec.links import MemoryStore, Shortener, SQLiteStore, shorten
from sms_codec.links.model import ClickEvent, Link
from sms_codec.links.stores import RedisStore, open_store
from sms_codec.udh import Concat, UserDataHeader, build_udh, check_concat, parse_udh

#: The wrong types tried on every argument, by label; a kind lists the labels it accepts.
WRONG_TYPES: dict[str, Any] = {
    "None": None,
    "list": [1],
    "float": 1.5,
    "bytes": b"x",
    "str": "x",
    "bool": True,
    "int": 7,
    "dict": {"k": 1},
    "object": object(),
}

#: kind -> (labels of WRONG_TYPES it accepts, further wrong-typed values to try).
KINDS: dict[str, tuple[frozenset[str], tuple[Any, ...]]] = {
    "str": (frozenset({"str"}), (bytearray(b"x"),)),
    "str?": (frozenset({"str", "None"}), ()),
    "bytes": (frozenset({"bytes"}), ("False",)),
    "int": (frozenset({"int"}), (8.0, "8", False)),
    "int?": (frozenset({"int", "None"}), (8.0, "8")),
    "bool": (frozenset({"bool"}), ("False", 0, 1.0)),
    "seconds": (frozenset({"int", "float"}), ("1",)),
    "seconds?": (frozenset({"int", "float", "None"}), ("1",)),
    "language": (frozenset({"None", "str"}), ([["tr"]], ("tr", 5), {"tr": 1}, b"tr")),
    "strings": (frozenset({"str"}), ([["tr"]], ("tr", 5), {"tr": 1})),
    "transcode": (frozenset({"None", "str", "bool"}), ()),
    "protect": (frozenset(), ([(0,)], [(0, 1.5)], [("a", "b")], "ab")),
    "instance?": (frozenset({"None"}), ()),
    "instance": (frozenset(), ()),
    "dict": (frozenset({"dict"}), ()),
    "hashable": (frozenset({"None", "float", "bytes", "str", "bool", "int", "object"}), ()),
    "any": (frozenset(WRONG_TYPES), ()),
}


@dataclass(frozen=True)
class Case:
    """One public function or method: a call that works and what each argument takes."""

    name: str
    call: Callable[..., Any]
    good: dict[str, Any]
    kinds: dict[str, str]
    #: argument -> wrong values, each with the ValueError subclass it must raise.
    values: dict[str, list[tuple[Any, type[Exception]]]] = field(default_factory=dict)
    #: argument -> the word its messages use for it, when not its own name.
    alias: dict[str, str] = field(default_factory=dict)
    #: extra arguments wrong types are tried on although ``good`` leaves them out.
    optional: dict[str, Any] = field(default_factory=dict)


NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
SEGMENT = encode("hello")[0]
DECODED = decode(bytes.fromhex("050003010201") + b"x", 0, udhi=True)
LINK = Link("abc", "https://s.example/abc", "https://x.example/", 0.0)
DELIVER = bytes.fromhex(
    "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37"
)


def click(**changes: Any) -> ClickEvent:
    event: dict[str, Any] = {
        "code": "abc", "shortUrl": "https://s.example/abc", "longUrl": "https://x.example/",
        "tags": {}, "timestamp": 0, "dateTime": "1970-01-01T00:00:00Z", "ip": None,
        "country": None, "city": None, "referrer": None, "device": None, "browser": None,
        "os": None, "lag": 0, "bot": False, "id": "0" * 32,
    }
    event.update(changes)
    return event  # type: ignore[return-value]


@cache
def sqlite_store() -> SQLiteStore:
    folder = tempfile.mkdtemp(prefix="sms-types-")
    store = SQLiteStore(os.path.join(folder, "links.db"))
    atexit.register(shutil.rmtree, folder, True)
    atexit.register(store.close)
    return store


LANGUAGE_VALUES: list[tuple[Any, type[Exception]]] = [
    ("xx", OptionError), ("", OptionError), (["tr", "zz"], OptionError),
]
ENCODING_VALUES: list[tuple[Any, type[Exception]]] = [("utf8", OptionError), ("", OptionError)]
REFERENCE_VALUES: list[tuple[Any, type[Exception]]] = [
    (7, OptionError), (-8, OptionError), (10**30, OptionError),
]


def body_cases() -> list[Case]:
    """The functions of a body: analysis, split, plan."""
    options = {"language": "language", "encoding": "str", "concat_reference": "int"}
    option_values = {
        "language": LANGUAGE_VALUES, "encoding": ENCODING_VALUES,
        "concat_reference": REFERENCE_VALUES,
    }
    return [
        Case(
            "analyze", analyze, {"body": "hi"},
            {"body": "str", **options, "transcode": "transcode", "short_links": "instance?"},
            {**option_values, "transcode": [("NOPE", OptionError)]},
            optional={"language": None, "encoding": "auto", "concat_reference": 8,
                      "transcode": None},
        ),
        Case(
            "analyze_many", analyze_many, {"bodies": ["hi"]},
            {"bodies": "strings", **options}, {**option_values},
            alias={"bodies": "bodies"},
            optional={"language": None, "encoding": "auto", "concat_reference": 8},
        ),
        Case("split", split, {"body": "hi"}, {"body": "str", **options}, option_values,
             optional={"language": None, "encoding": "auto", "concat_reference": 8}),
        Case("plan", plan, {"body": "hi"}, {"body": "str", **options}, option_values,
             optional={"language": None, "encoding": "auto", "concat_reference": 8}),
        Case(
            "estimate_campaign", estimate_campaign, {"body": "Hi", "to": ["+306912345678"]},
            {"body": "str", "language": "language", "encoding": "str",
             "default_country": "str?", "transcode": "transcode", "short_links": "instance?",
             "strict": "bool"},
            {"language": LANGUAGE_VALUES, "encoding": ENCODING_VALUES,
             "default_country": [("XX", OptionError)], "transcode": [("NOPE", OptionError)]},
            optional={"language": None, "encoding": "auto", "default_country": None,
                      "transcode": None, "strict": False},
        ),
        Case("resolve_languages", resolve_languages, {"language": "tr"},
             {"language": "language"}, {"language": LANGUAGE_VALUES}),
        Case("encodable_characters", encodable_characters, {"language": "tr"},
             {"language": "language"}, {"language": LANGUAGE_VALUES}),
        Case("gsm_capacity", gsm_capacity, {"udh_octets": 6}, {"udh_octets": "int"},
             {"udh_octets": [(-1, OptionError), (141, OptionError)]}),
        Case("ucs2_capacity", ucs2_capacity, {"udh_octets": 6}, {"udh_octets": "int"},
             {"udh_octets": [(-1, OptionError), (141, OptionError)]}),
    ]


def wire_cases() -> list[Case]:
    """wire.encode/decode, gsm7, udh."""
    return [
        Case(
            "wire.encode", encode, {"body": "hi"},
            {"body": "str", "language": "language", "encoding": "str",
             "concat_reference": "int", "reference": "int?", "packing": "str",
             "flash": "bool"},
            {"language": LANGUAGE_VALUES, "encoding": ENCODING_VALUES,
             "concat_reference": REFERENCE_VALUES,
             "reference": [(-1, OptionError), (256, OptionError)],
             "packing": [("PACKED!", OptionError), ("", OptionError)]},
            optional={"language": None, "encoding": "auto", "concat_reference": 8,
                      "reference": None, "packing": "unpacked", "flash": False},
        ),
        Case(
            "wire.encode(binary)", encode, {"body": b"\x01\x02", "encoding": "binary"},
            {"body": "bytes", "concat_reference": "int", "reference": "int?",
             "packing": "str", "flash": "bool"},
            {"concat_reference": REFERENCE_VALUES,
             "reference": [(-1, OptionError), (256, OptionError)],
             "language": [("tr", OptionError)]},
            optional={"concat_reference": 8, "reference": None, "packing": "unpacked",
                      "flash": False},
        ),
        Case(
            "wire.decode", decode, {"user_data": b"hi", "data_coding": 0},
            {"user_data": "bytes", "data_coding": "int", "udhi": "bool", "packing": "str",
             "udl": "int?"},
            {"data_coding": [(-1, OptionError), (256, OptionError)],
             "packing": [("PACKED!", OptionError)],
             "udl": [(-1, OptionError), (3, DecodeError)]},
            optional={"udhi": False, "packing": "unpacked", "udl": None},
        ),
        Case("gsm7.pack_septets", pack_septets, {"septets": b"abc"},
             {"septets": "bytes", "fill_bits": "int"},
             {"fill_bits": [(-1, OptionError), (7, OptionError)],
              "septets": [(b"\x80", ValueError)]},
             optional={"fill_bits": 0}),
        Case("gsm7.unpack_septets", unpack_septets, {"octets": b"\x31\xd9\x0c"},
             {"octets": "bytes", "fill_bits": "int", "count": "int?"},
             {"fill_bits": [(-1, OptionError), (7, OptionError)],
              "count": [(-5, OptionError), (4, DecodeError)]},
             optional={"fill_bits": 0, "count": None}),
        Case("gsm7.septet_tables", septet_tables, {"lock": 1, "single": 0},
             {"lock": "int", "single": "int"},
             {"lock": [(-1, OptionError), (99, OptionError)],
              "single": [(-1, OptionError), (99, OptionError)]}),
        Case("gsm7.SeptetTables", SeptetTables, {"lock": 1, "single": 0},
             {"lock": "int", "single": "int"},
             {"lock": [(-1, OptionError), (99, OptionError)],
              "single": [(-1, OptionError), (99, OptionError)]}),
        Case("gsm7.septets_to_text", septets_to_text,
             {"septets": b"ab", "start": 0, "tables": septet_tables(0, 0)},
             {"septets": "bytes", "start": "int", "tables": "instance", "final": "bool"},
             {"start": [(-1, OptionError), (3, OptionError)]},
             optional={"final": True}),
        Case("gsm7.escapes_before", escapes_before, {"septets": b"a\x1b(", "index": 2},
             {"septets": "bytes", "index": "int"},
             {"index": [(-1, OptionError), (4, OptionError)]}),
        Case("gsm7.dcs_alphabet", dcs_alphabet, {"data_coding": 0}, {"data_coding": "int"},
             {"data_coding": [(-1, OptionError), (256, OptionError)]}),
        Case("udh.parse_udh", parse_udh, {"user_data": bytes.fromhex("050003010201")},
             {"user_data": "bytes"}, {"user_data": [(b"", DecodeError)]}),
        Case(
            "udh.build_udh", build_udh, {"concat": Concat(1, 2, 1), "single": 0, "lock": 0},
            {"concat": "instance?", "single": "int", "lock": "int", "other": "protect"},
            {"concat": [(Concat(256, 2, 1), OptionError), (Concat(1, 0, 1), OptionError),
                        (Concat(1, 2, 3), OptionError), (Concat(1, 2, 1, 9), OptionError),
                        (Concat(-1, 2, 1, 16), OptionError)],
             "single": [(-1, OptionError), (99, OptionError)],
             "lock": [(-1, OptionError), (99, OptionError)],
             "other": [([(256, b"")], OptionError), ([(0x70, b"x" * 300)], OptionError)]},
            optional={"other": ()},
        ),
        Case("udh.check_concat", check_concat, {"concat": Concat(1, 2, 1)},
             {"concat": "instance", "name": "str"},
             {"concat": [(Concat(1, 2, 0), OptionError), (Concat(70000, 2, 1, 16), OptionError)]},
             optional={"name": "segment.concat"}),
        Case("udh.UserDataHeader.to_bytes", lambda header: header.to_bytes(),
             {"header": UserDataHeader(b"", Concat(1, 2, 1))}, {},
             {"header": [(UserDataHeader(b"", None, "xx"), OptionError),
                         (UserDataHeader(b"", None, None, "zz"), OptionError),
                         (UserDataHeader(b"", Concat(1, 2, 3)), OptionError)]},
             alias={"header": "locking_shift|single_shift|concat"}),
    ]


def pdu_cases() -> list[Case]:
    """pdu."""
    return [
        Case("pdu.encode_address", pdu.encode_address, {"number": "+4670"},
             {"number": "str"},
             {"number": [("", OptionError), ("+", OptionError), ("12x", OptionError),
                         ("1" * 21, OptionError)]}),
        Case("pdu.encode_timestamp", pdu.encode_timestamp, {"moment": NOW},
             {"moment": "instance"},
             {"moment": [(datetime(2024, 1, 1), OptionError),
                         (datetime(1980, 1, 1, tzinfo=timezone.utc), OptionError),
                         (NOW.replace(tzinfo=timezone(timedelta(minutes=7))), OptionError)]}),
        Case("pdu.decode_timestamp", pdu.decode_timestamp,
             {"data": bytes.fromhex("99309251619580")},
             {"data": "bytes", "start": "int"},
             {"start": [(-1, OptionError), (1, DecodeError)],
              "data": [(b"\x99", DecodeError), (bytes.fromhex("99309251619AAA"), DecodeError)]},
             optional={"start": 0}),
        Case("pdu.relative_validity", pdu.relative_validity, {"period": timedelta(days=4)},
             {"period": "instance"},
             {"period": [(timedelta(0), OptionError), (timedelta(weeks=64), OptionError),
                         (timedelta(days=-1), OptionError)]}),
        Case(
            "pdu.submit", pdu.submit, {"segment": SEGMENT, "destination": "+4670"},
            {"segment": "instance", "destination": "str", "validity": "any",
             "request_status_report": "bool", "message_reference": "int"},
            {"segment": [(replace(SEGMENT, udl=300), OptionError),
                         (replace(SEGMENT, data_coding=256), OptionError),
                         (replace(SEGMENT, packing="zip"), OptionError)],
             "destination": [("", OptionError), ("1" * 21, OptionError)],
             "validity": [(256, OptionError), (-1, OptionError), (timedelta(0), OptionError),
                          (datetime(2024, 1, 1), OptionError)],
             "message_reference": [(-1, OptionError), (256, OptionError)]},
            optional={"request_status_report": False, "message_reference": 0},
        ),
        Case("pdu.submit(validity)", pdu.submit,
             {"segment": SEGMENT, "destination": "+4670", "validity": 5},
             {"validity": "int?"}, alias={}),
        Case("pdu.parse_deliver", pdu.parse_deliver, {"pdu": DELIVER},
             {"pdu": "bytes", "smsc": "bool"},
             {"pdu": [(b"", DecodeError), (DELIVER[:-1], DecodeError)]},
             optional={"smsc": True}),
    ]


def _codec_encode(obj: Any, encoding: Any = "gsm0338", errors: Any = "strict") -> Any:
    return codecs.encode(obj, encoding, errors)


def _codec_decode(obj: Any, encoding: Any = "gsm0338", errors: Any = "strict") -> Any:
    return codecs.decode(obj, encoding, errors)


def codec_cases() -> list[Case]:
    """The gsm0338 codecs, through :mod:`codecs` as a user calls them."""
    return [
        Case("codecs.encode(gsm0338)", _codec_encode, {"obj": "h€"},
             {"obj": "str"}, {"errors": [("nope", LookupError)]},
             alias={"obj": "input", "errors": "errors|error handler"},
             optional={"errors": "strict"}),
        Case("codecs.decode(gsm0338)", _codec_decode, {"obj": b"h\x1be"},
             {"obj": "bytes"}, {"errors": [("nope", LookupError)]},
             alias={"obj": "input", "errors": "errors|error handler"},
             optional={"errors": "strict"}),
        Case("CodecInfo.encode(gsm0338)",
             lambda obj, errors="strict": codecs.lookup("gsm0338").encode(obj, errors),
             {"obj": "h€"}, {"obj": "str", "errors": "str"}, {"errors": [("nope", LookupError)]},
             alias={"obj": "input", "errors": "errors|error handler"},
             optional={"errors": "strict"}),
        Case("CodecInfo.decode(gsm0338)",
             lambda obj, errors="strict": codecs.lookup("gsm0338").decode(obj, errors),
             {"obj": b"h"}, {"obj": "bytes", "errors": "str"},
             {"errors": [("nope", LookupError)]},
             alias={"obj": "input", "errors": "errors|error handler"},
             optional={"errors": "strict"}),
        Case("IncrementalDecoder.decode(gsm0338)",
             lambda input, final=False: codecs.getincrementaldecoder("gsm0338")().decode(
                 input, final),
             {"input": b"h\x1b"}, {"input": "bytes"}, alias={"input": "input"}),
        Case("IncrementalEncoder.encode(gsm0338)",
             lambda input, final=False: codecs.getincrementalencoder("gsm0338")().encode(
                 input, final),
             {"input": "h€"}, {"input": "str"}),
        Case("StreamReader.read(gsm0338)",
             lambda stream: codecs.getreader("gsm0338")(stream).read(),
             {"stream": io.BytesIO(b"h")}, {"stream": "instance"}),
        Case("StreamWriter.write(gsm0338)",
             lambda stream, object="h": codecs.getwriter("gsm0338")(stream).write(object),
             {"stream": io.BytesIO()}, {"stream": "instance", "object": "str"},
             alias={"object": "input"}, optional={"object": "h"}),
        Case("codecs.decode(gsm0338-tr)",
             lambda obj: codecs.decode(obj, "gsm0338-tr"), {"obj": b"h"},
             {"obj": "bytes"}, alias={"obj": "input"}),
    ]


def reassembly_cases() -> list[Case]:
    """Reassembler and its methods, each on a fresh instance."""
    return [
        Case("Reassembler", Reassembler, {},
             {"clock": "instance", "remember": "int", "max_pending": "int",
              "on_evict": "instance?"},
             {"remember": [(-1, OptionError)], "max_pending": [(0, OptionError)]},
             optional={"clock": lambda: 0.0, "remember": 1, "max_pending": 1,
                       "on_evict": None}),
        Case("Reassembler.feed", lambda **kw: Reassembler().feed(**kw),
             {"sender": "a", "segment": DECODED},
             {"sender": "hashable", "segment": "instance", "now": "seconds?"},
             {"now": [(float("nan"), OptionError), (float("inf"), OptionError)],
              "segment": [(replace(DECODED, concat=Concat(1, 0, 1)), OptionError),
                          (replace(DECODED, concat=Concat(1, 2, 3)), OptionError),
                          (replace(DECODED, concat=Concat(1, 2, 1, 8.0)), TypeError),
                          (replace(DECODED, concat="x"), TypeError),
                          (replace(DECODED, text=None), TypeError)]},
             optional={"now": None}),
        Case("Reassembler.pending", lambda **kw: Reassembler().pending(**kw), {},
             {"older_than": "seconds?", "now": "seconds?"},
             {"older_than": [(-1, OptionError)], "now": [(float("nan"), OptionError)]},
             optional={"older_than": None, "now": None}),
        Case("Reassembler.expire", lambda **kw: Reassembler().expire(**kw),
             {"older_than": 5},
             {"older_than": "seconds", "now": "seconds?"},
             {"older_than": [(-1, OptionError), (float("nan"), OptionError)],
              "now": [(float("-inf"), OptionError)]},
             optional={"now": None}),
    ]


def text_cases() -> list[Case]:
    """Transliteration, preview, links in text."""
    shortener = Shortener("https://s.example/", store=MemoryStore())
    return [
        Case("transliterate", transliterate, {"text": "Ağ"},
             {"text": "str", "mode": "str", "language": "language", "protect": "protect",
              "fallback": "str"},
             {"mode": [("NOPE", OptionError)], "language": LANGUAGE_VALUES,
              "protect": [([(1, 0)], OptionError), ([(0, 9)], OptionError),
                          ([(-1, 1)], OptionError)],
              "fallback": [("drop", OptionError)]},
             optional={"mode": "ALL", "language": None, "protect": (), "fallback": "keep"}),
        Case("preview", preview, {"text": "Ağ"},
             {"text": "str", "language_codes": "strings", "transliterations": "strings"},
             {"language_codes": [(["zz"], OptionError)],
              "transliterations": [(["NOPE"], OptionError)]},
             optional={"language_codes": (), "transliterations": ()}),
        Case("find_urls", find_urls, {"text": "x.example"}, {"text": "str"}),
        Case("ShortLinks", ShortLinks, {"base_url": "https://s.example/"},
             {"base_url": "str", "code_length": "int"},
             {"base_url": [("ftp://x", LinkError), ("", LinkError)],
              "code_length": [(0, LinkError), (65, LinkError)]},
             optional={"code_length": 7}),
        Case("ShortLinks.priced_text",
             lambda **kw: ShortLinks("https://s.example/").priced_text(**kw),
             {"text": "x.example"}, {"text": "str"}),
        Case("ShortLinks.spans",
             lambda **kw: ShortLinks("https://s.example/").spans(**kw),
             {"text": "x.example"}, {"text": "str"}),
        Case("Shortener", Shortener, {"base_url": "https://s.example/", "store": MemoryStore()},
             {"base_url": "str", "store": "instance", "code_length": "int"},
             {"base_url": [("ftp://x", LinkError)], "code_length": [(0, LinkError)]},
             optional={"code_length": 7}),
        Case("Shortener.shorten_url", shortener.shorten_url, {"long_url": "https://x.example/"},
             {"long_url": "str", "tags": "instance?", "validity": "seconds?", "now": "seconds?"},
             {"long_url": [("ftp://x", LinkError), ("https://x y", LinkError)],
              "tags": [({"a": 1}, TypeError)], "validity": [(0, LinkError), (-1, LinkError)]},
             alias={"long_url": "long_url|long URL"},
             optional={"tags": None, "validity": None, "now": None}),
        Case("open_store", open_store, {"url": "memory:"}, {"url": "str"},
             {"url": [("ftp://x", LinkError), ("sqlite:///", LinkError)]},
             alias={"url": "url|URL"}),
        Case("shorten", shorten, {"text": "x.example", "shortener": shortener},
             {"text": "str", "shortener": "instance", "default_scheme": "str"},
             {"default_scheme": [("ftp", LinkError)]},
             optional={"default_scheme": "http"}),
    ]


def store_cases(name: str, make: Callable[[], Any]) -> list[Case]:
    """The public methods of one link store."""
    def method(attr: str) -> Callable[..., Any]:
        return lambda **kw: getattr(make(), attr)(**kw)

    return [
        Case(f"{name}.add", method("add"), {"link": LINK}, {"link": "instance"}),
        Case(f"{name}.get", method("get"), {"code": "abc"}, {"code": "str"}),
        Case(f"{name}.record_click", method("record_click"), {"event": click()},
             {"event": "dict"},
             {"event": [({"code": "abc"}, OptionError), (click(code=5), OptionError),
                        (click(timestamp="now"), OptionError)]}),
        Case(f"{name}.clicks", method("clicks"), {}, {"code": "str?"},
             optional={"code": None}),
        Case(f"{name}.click_count", method("click_count"), {"code": "abc"},
             {"code": "str"}),
    ]


def all_cases() -> list[Case]:
    cases = [
        *body_cases(), *wire_cases(), *pdu_cases(), *codec_cases(), *reassembly_cases(),
        *text_cases(), *store_cases("MemoryStore", MemoryStore),
        *store_cases("SQLiteStore", sqlite_store),
    ]
    url = os.environ.get("SMS_CODEC_REDIS_URL")
    if url:
        cases += store_cases("RedisStore", cache(lambda: RedisStore(url, prefix="types")))
    return cases


@dataclass(frozen=True)
class Trial:
    """One bad input: the argument, a label, the value, and the error class it must raise."""

    case: Case
    argument: str
    label: str
    value: Any
    expected: type[Exception]
    wrong_type: bool


def trials(case: Case) -> Iterator[Trial]:
    for argument, kind in case.kinds.items():
        accepts, extra = KINDS[kind]
        for label, value in WRONG_TYPES.items():
            if label not in accepts:
                yield Trial(case, argument, label, value, TypeError, True)
        for value in extra:
            yield Trial(case, argument, f"{type(value).__name__} {value!r:.20}", value,
                        TypeError, True)
    for argument, values in case.values.items():
        for value, error in values:
            yield Trial(case, argument, f"value {value!r:.30}", value, error, False)


def run(trial: Trial) -> Exception | None:
    """The exception one call raises, or None when it returns."""
    try:
        trial.case.call(**{**trial.case.good, trial.argument: trial.value})
    except Exception as error:
        return error
    return None


def both_twins(trial: Trial) -> tuple[Exception | None, tuple[str, str], tuple[str, str] | None]:
    """Run ``trial`` under each twin: the Python twin's exception, and both outcomes."""
    def outcome(error: Exception | None) -> tuple[str, str]:
        return ("accepted", "") if error is None else (type(error).__name__, str(error))

    previous = _scan.use(_scan_py)
    try:
        caught = run(trial)
        compiled = _scan.compiled()
        other = None
        if compiled is not None:
            _scan.use(compiled)
            other = outcome(run(trial))
    finally:
        _scan.use(previous)
    return caught, outcome(caught), other


def verdict(trial: Trial, caught: Exception | None) -> str:
    """'typed' when the outcome is what the sweep requires, else why not."""
    if caught is None:
        return "accepted"
    if not isinstance(caught, (SmsCodecError, LookupError)):
        return "bare"
    if isinstance(caught, LookupError) and trial.expected is not LookupError:
        return "bare"
    if trial.wrong_type and not isinstance(caught, TypeError):
        return "value error for a type"
    if not trial.wrong_type and not isinstance(caught, trial.expected):
        return f"{type(caught).__name__}, not {trial.expected.__name__}"
    name = trial.case.alias.get(trial.argument, trial.argument)
    # A DecodeError names the octet of the argument that is wrong, by the convention of
    # every decoder here, rather than the argument.
    named = any(word in str(caught) for word in name.split("|"))
    if not named and not isinstance(caught, DecodeError):
        return "unnamed"
    return "typed"


CASES = all_cases()


def _ids(case: Case) -> str:
    return case.name


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_the_good_call_works(case: Case) -> None:
    case.call(**case.good)
    for argument, value in case.optional.items():
        case.call(**{**case.good, argument: value})


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_every_bad_input_is_typed_and_named(case: Case) -> None:
    failures = []
    for trial in trials(case):
        caught, python, compiled = both_twins(trial)
        outcome = verdict(trial, caught)
        if outcome != "typed":
            failures.append(f"{trial.argument}={trial.label}: {outcome} {python}")
        if compiled is not None and compiled != python:
            failures.append(f"{trial.argument}={trial.label}: twins differ {python} {compiled}")
    assert not failures, "\n".join(failures)


# The examples of issue 14 item 4, each with its message now.
ISSUE_EXAMPLES: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    ("concat_reference=[8]", lambda: analyze("x", concat_reference=[8]), TypeError,
     "concat_reference must be an int, not list ([8])"),
    ("language=[['tr']]", lambda: analyze("x", language=[["tr"]]), TypeError,
     "language[0] must be a str, not list"),
    ("encode 8.0", lambda: encode("x", concat_reference=8.0), TypeError,
     "concat_reference must be an int, not float (8.0)"),
    ("analyze 8.0", lambda: analyze("x", concat_reference=8.0), TypeError,
     "concat_reference must be an int, not float (8.0)"),
    ("pack_septets list", lambda: pack_septets([1, 2]), TypeError,
     "septets must be bytes, not list"),
    ("relative_validity int", lambda: pdu.relative_validity(60), TypeError,
     "period must be a timedelta, not int"),
    ("feed(None)", lambda: Reassembler().feed("a", None), TypeError,
     "segment must be a DecodedSegment, not NoneType"),
    ("udhi='False'", lambda: decode(b"\x05\x00\x03\x01\x02\x01x", 0, udhi="False"),
     TypeError, "udhi must be True or False, not str ('False')"),
    ("analyze_many('hello')", lambda: analyze_many("hello"), TypeError,
     "bodies must be an iterable of str, not str"),
    ("count=-5", lambda: unpack_septets(b"\x31", count=-5), ValueError,
     "count must be an int >= 0, not -5"),
    # CPython before 3.12 wraps a codec's error in "decoding with ... failed (...)".
    ("codecs.decode(5)", lambda: codecs.decode(5, "gsm0338"), TypeError,
     "the input of codec 'gsm0338' must be a bytes-like object, not int"
     if sys.version_info >= (3, 12) else
     "decoding with 'gsm0338' codec failed (ArgumentTypeError: the input of codec "
     "'gsm0338' must be a bytes-like object, not int)"),
    ("record_click(None)", lambda: MemoryStore().record_click(None), TypeError,
     "event must be a ClickEvent dict, not NoneType"),
]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [e[1:] for e in ISSUE_EXAMPLES],
    ids=[e[0] for e in ISSUE_EXAMPLES],
)
def test_the_examples_of_the_issue(
    call: Callable[[], Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, SmsCodecError)
    assert str(caught.value) == message


# Public names that are no function to sweep: result records (their consumers check them:
# submit a Segment's fields, Reassembler.feed a DecodedSegment's), constants, exceptions.
NOT_SWEPT = {
    "BodyAnalysis", "CampaignEstimate", "Concat", "DecodedSegment", "Deliver", "Encoding",
    "Message",
    "PendingGroup", "Replacement", "Segment", "Transcode", "Transliteration",
    "TransliterationMode", "UserDataHeader", "IMPLEMENTATION", "pdu", "__version__",
}


@pytest.mark.parametrize("module", [sms_codec, pdu, gsm7, udh, wire], ids=lambda m: m.__name__)
def test_every_public_function_is_swept(module: Any) -> None:
    swept = {case.name.split("(")[0].split(".")[-1] for case in CASES}
    swept |= {case.name.split("(")[0].split(".")[-2] for case in CASES if "." in case.name}
    missing = [
        name for name in module.__all__
        if name not in NOT_SWEPT
        and callable(getattr(module, name))
        and not (isinstance(getattr(module, name), type)
                 and issubclass(getattr(module, name), BaseException))
        and name not in swept
    ]
    assert not missing


def test_redis_store_is_swept_when_available(redis_url: str) -> None:
    assert any(case.name.startswith("RedisStore.") for case in CASES)


def summary() -> list[tuple[str, int, Counter[str]]]:
    rows = []
    for case in CASES:
        tally: Counter[str] = Counter()
        for trial in trials(case):
            caught, _, _ = both_twins(trial)
            outcome = verdict(trial, caught)
            if outcome == "typed":
                outcome = "TypeError" if isinstance(caught, TypeError) else "ValueError"
            tally[outcome] += 1
        rows.append((case.name, sum(tally.values()), tally))
    return rows


if __name__ == "__main__":
    total: Counter[str] = Counter()
    print(f"{'function':34} {'tried':>5}  outcomes")
    for name, tried, tally in summary():
        total.update(tally)
        print(f"{name:34} {tried:5}  " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))
    print(f"{'total':34} {sum(total.values()):5}  "
          + ", ".join(f"{k} {v}" for k, v in sorted(total.items())))
    sys.exit(0)
