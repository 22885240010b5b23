"""The record ``analyze`` returns, as either twin builds it: exact fields on both sides of
the Cython kernel's shared ints (0-4095), and a record that behaves as the NamedTuple does."""

from __future__ import annotations

import pickle

import pytest

import sms_codec
from sms_codec import BodyAnalysis, Encoding

# (body, characters, encoding, units, parts, units per part, remaining): GSM-7 parts of
# 153 septets, UCS-2 parts of 67 units, worked out by hand.
CASES = [
    ("a" * 4095, 4095, Encoding.GSM7, 4095, 27, 153, 36),  # 26 * 153 = 3978; 117 in the last
    ("a" * 4096, 4096, Encoding.GSM7, 4096, 27, 153, 35),
    ("a" * 4097, 4097, Encoding.GSM7, 4097, 27, 153, 34),
    ("[" * 2048, 2048, Encoding.GSM7, 4096, 27, 153, 9),  # 76 a part, 72 in the last
    ("Ж" * 4096, 4096, Encoding.UCS2, 4096, 62, 67, 58),  # 61 * 67 = 4087; 9 in the last
    ("😀" * 2048, 2048, Encoding.UCS2, 4096, 63, 67, 63),  # 33 a part, 2 in the last
]


@pytest.mark.parametrize(("body", "characters", "encoding", "units", "parts", "per_part",
                          "remaining"), CASES, ids=lambda v: str(v)[:12])
def test_fields_around_the_shared_ints(
    body: str, characters: int, encoding: Encoding, units: int, parts: int, per_part: int,
    remaining: int,
) -> None:
    result = sms_codec.analyze(body)
    assert (result.characters, result.encoding, result.units, result.parts,
            result.units_per_part, result.remaining) == (
        characters, encoding, units, parts, per_part, remaining)
    assert sms_codec.analyze_many([body]) == [result]


def test_the_record_is_the_namedtuple() -> None:
    for body in ("Hello", "Привет", "x" * 5000):
        result = sms_codec.analyze(body)
        assert type(result) is BodyAnalysis
        assert len(result) == 11 and result.transcode is None and result.original is None
        rebuilt = BodyAnalysis(*result)
        assert result == rebuilt and hash(result) == hash(rebuilt)
        assert pickle.loads(pickle.dumps(result)) == result
        assert result._replace(parts=99).parts == 99 and result.parts != 99
        with pytest.raises(AttributeError):
            result.parts = 1  # type: ignore[misc]
