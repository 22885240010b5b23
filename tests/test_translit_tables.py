"""Table-driven transliteration (issue 11 item 5) against the per-character engine it
replaced (``tests/_translit_oracle.py``): the same text, replacements, unsupported
characters and analysis, for every mode, language, fallback and protected span."""

from __future__ import annotations

from typing import Any

import _translit_oracle
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sms_codec import transliterate
from sms_codec._translit_passes import Mode

oracle = _translit_oracle.oracle_transliterate

# Characters every pass and context rule touches: each map's letters in both cases,
# Ukrainian and Bulgarian context letters, apostrophes, decomposed and precomposed
# diacritics, runs of marks, typographic characters, GSM and national-table letters,
# emoji, CJK (unidecode's spaced syllables) and unassigned or private characters.
ALPHABET = (
    "abcABC 1.,'’ʼ-\n" "çğĞıİşŞâÂîÎûÛ" "αβγΑΒΓάέήΐΰςσΣΩώ" "щЩшШжЖёЁхХцЦчЧюЮяЯиИйЙъЪьЬ"
    "ґєіїҐЄІЇ" "ђјљњћџЂЈЉЊЋЏ" "őŐűŰłŁżŻźŹńŃśŚćĆčČšŠžŽřŘůŮ" "ąĄęĘėĖįĮųŲūŪ" "ãÃõÕñÑ"
    "ÄÖÜäöüßéèàùìòÉÇ" "\u0301\u0300\u0308\u0328\u0330\u0323" "“”‘’«»…–—―‐‑‒−﹣－\u00a0\u2009\u3000"
    "€£¥§¤¿¡@{}[]~^|\\" "😀👍🏽\u200d" "北京中文" "\ue000\U000e0001\u0378" "ǘǖ"
)
MODES = [m.value for m in Mode]
LANGUAGES: list[Any] = [None, "tr", "es", "pt", ["tr", "pt"], "auto"]

texts = st.text(alphabet=ALPHABET, max_size=40)


def compare(text: str, mode: str, language: Any, fallback: str, protect: Any = ()) -> None:
    ours = transliterate(text, mode, language=language, protect=protect, fallback=fallback)
    theirs = oracle(text, mode, language, protect, fallback, 8)
    assert ours == theirs


@settings(max_examples=1200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    texts,
    st.sampled_from(MODES),
    st.sampled_from(LANGUAGES),
    st.sampled_from(["keep", "replace", "remove"]),
)
def test_agrees_with_the_oracle(text: str, mode: str, language: Any, fallback: str) -> None:
    compare(text, mode, language, fallback)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts, st.sampled_from(MODES), st.data())
def test_agrees_with_protected_spans(text: str, mode: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=4)))
    protect = list(zip(cuts[::2], cuts[1::2], strict=False))
    compare(text, mode, None, "keep", protect)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Щука ЩУКА Щ щ Шапка ШАПКА Жук ЖУК Ёж ЁЖ",
        "Їжак, Єва, м'ята, ґанок — «Україна»",
        "Змия, ИЯ, и Я; Бай Ганьо Балкански",
        "Ђорђе Љубљана Њушка Џак",
        "Zażółć gęślą jaźń, Łódź; Ελληνικά: Ψυχή",
        "e\u0301\u0301\u0301 a\u0328\u0330 \u0301start I\u0328\u0330",
        "北京 北京, ok 😀 \ue000 \u00a0x\u3000y",
    ],
)
def test_hand_picked_texts_agree(text: str, mode: str) -> None:
    for fallback in ("keep", "replace", "remove"):
        compare(text, mode, None, fallback)
        compare(text, mode, "tr", fallback, [(0, 3)])


def test_deferred_audit_behaves_as_the_tuple() -> None:
    import pickle

    lazy = transliterate("щука и ёж — «да»")
    assert lazy.__dict__["_replacements"].__class__.__name__ == "Audit"
    assert lazy.changed is True
    assert lazy.__dict__["_replacements"].__class__.__name__ == "Audit"  # not read yet
    copy = pickle.loads(pickle.dumps(lazy))
    eager = oracle("щука и ёж — «да»", "ALL", None, (), "keep", 8)
    assert copy == lazy == eager
    assert hash(copy) == hash(eager)
    assert repr(lazy) == repr(eager)
    assert lazy.replacements[:2] == eager.replacements[:2]
    assert lazy.replacements[0].to_dict() == {
        "index": 0, "original": "щ", "replacement": "shch", "source": "map"
    }
    assert lazy.replacements[-1].to_dict() == {
        "index": 15, "original": "»", "replacement": '"', "source": "typographic"
    }
    assert lazy.text == 'shchuka i yozh - "da"'
    assert len(lazy.replacements) == 12
    assert isinstance(lazy.replacements, tuple)
    assert lazy.to_dict() == eager.to_dict()


def test_unchanged_gsm_text_is_not_changed() -> None:
    same = transliterate("plain text")
    assert same.changed is False
    assert same.replacements == ()


def _property(name: str) -> list[str]:
    import sys

    import regex

    pattern = regex.compile(rf"\p{{{name}}}")
    return [chr(code) for code in range(sys.maxunicode + 1) if pattern.match(chr(code))]


def test_smart_turns_every_dash_into_hyphen_minus() -> None:
    dashes = _property("Dash")
    assert len(dashes) >= 30 and "\ufe63" in dashes and "\u2e3b" in dashes
    for dash in dashes:
        result = transliterate(f"a{dash}b", "SMART")
        assert result.text == "a-b", (hex(ord(dash)), result.text)
        if dash != "-":
            assert [r.to_dict() for r in result.replacements] == [
                {"index": 1, "original": dash, "replacement": "-", "source": "typographic"}
            ]


def test_smart_turns_every_space_separator_into_a_space() -> None:
    spaces = _property("Zs")
    assert len(spaces) >= 17 and "\u3000" in spaces and "\u2000" in spaces
    for space in spaces:
        result = transliterate(f"a{space}b", "SMART")
        assert result.text == "a b", (hex(ord(space)), result.text)
        assert result.unsupported == ()
        assert result.changed is (space != " ")
