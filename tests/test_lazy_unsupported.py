"""The default analysis of a UCS-2 body lists its unsupported characters on first use.

The record holds a lazy sequence in that field; everything a caller can observe is what
an eagerly built record gives: the property, ``to_dict()``, equality, hashing, ordering,
``repr``, pickling and copies (issue 11 item 2). Runs on both twins (tests/conftest.py).
"""

from __future__ import annotations

import copy
import pickle
from types import ModuleType

import pytest

from sms_codec import analyze, analyze_many
from sms_codec.analysis import UCS2, BodyAnalysis, plan

BODY = "Привет, мир 👍 Привет"
EXPECTED = ("П", "р", "и", "в", "е", "т", "м", "👍")
EAGER = BodyAnalysis(20, UCS2, 21, 1, 70, 49, EXPECTED, None, None, None, None)


def test_the_record_reads_as_the_eager_one(twin: ModuleType) -> None:
    result = analyze(BODY)
    assert type(result[6]) is twin.LazyUnsupported  # the kernel's lazy sequence
    assert result.unsupported_gsm_characters == EXPECTED
    assert type(result.unsupported_gsm_characters) is tuple
    assert result.unsupported_gsm_characters is result.unsupported_gsm_characters
    assert result == EAGER
    assert (result != EAGER) is False
    assert hash(result) == hash(EAGER)
    assert len({result, EAGER}) == 1
    assert repr(result) == repr(EAGER)
    assert result.to_dict() == EAGER.to_dict()
    assert result.to_dict()["unsupportedGSMCharacters"] == list(EXPECTED)
    assert list(result[6]) == list(EXPECTED) and len(result[6]) == 8 and result[6][-1] == "👍"
    assert "м" in result[6] and "a" not in result[6]


def test_equality_is_decided_by_the_characters() -> None:
    assert analyze("Ж") != analyze("Щ")  # same counts, other characters
    assert analyze("Жa") == analyze("Жb")  # same counts, same unsupported characters
    other = BodyAnalysis(20, UCS2, 21, 1, 70, 49, ("П",), None, None, None, None)
    assert analyze(BODY) != other
    assert (analyze("Ж") < analyze("Щ")) is (("Ж",) < ("Щ",)) is True
    assert analyze("Щ") > analyze("Ж") and analyze("Ж") <= analyze("Жa")


def test_pickle_and_copies_give_a_plain_tuple() -> None:
    result = analyze(BODY)
    for restored in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
        assert restored == EAGER
        assert type(restored[6]) is tuple
        assert restored.unsupported_gsm_characters == EXPECTED
    assert copy.copy(result) == EAGER


def test_the_record_stays_immutable() -> None:
    result = analyze(BODY)
    with pytest.raises(AttributeError):
        result.unsupported_gsm_characters = ()  # type: ignore[misc]
    assert result._replace(parts=2).unsupported_gsm_characters == EXPECTED


def test_batch_and_gsm_bodies() -> None:
    assert analyze_many([BODY, "plain", "Ж" * 71]) == [
        EAGER,
        analyze("plain"),
        BodyAnalysis(71, UCS2, 71, 2, 67, 63, ("Ж",), None, None, None, None),
    ]
    assert type(analyze("plain")[6]) is tuple
    assert analyze("plain").unsupported_gsm_characters == ()
    # The planner's records (any option) are lazy too, with rule 6's choice of pair.
    assert type(analyze(BODY, language="auto")[6]) is not tuple
    assert analyze(BODY, language="auto") == EAGER
    assert analyze("şЖş", language="tr").unsupported_gsm_characters == ("Ж",)
    assert analyze("şЖş", language="tr", concat_reference=16).to_dict()[
        "unsupportedGSMCharacters"] == ["Ж"]
    assert plan("şЖş" * 40, language="tr").unsupported == ("Ж",)
    assert plan("şЖş" * 40, language="tr") == plan("şЖş" * 40, language=["tr"])
    # encoding="ucs2" forced on a body a pair encodes: nothing is unsupported.
    assert analyze("ş", language="tr", encoding="ucs2").unsupported_gsm_characters == ()
    assert analyze("ş", encoding="ucs2").unsupported_gsm_characters == ("ş",)


def test_many_distinct_characters() -> None:
    body = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000)) + "a`"
    result = analyze(body)
    assert len(result.unsupported_gsm_characters) == 3001
    assert result.unsupported_gsm_characters[-1] == "`"
    assert result == plan(body).analysis()
    assert hash(result) == hash(plan(body).analysis())
