"""The bulk text path of transliteration (``_translit_text``): the same results as the
per-character engine (``tests/_translit_oracle.py``) on short texts forced through it,
on long texts, and the facts it rests on (unidecode per code point, NFC of the whole)."""

from __future__ import annotations

import pickle
import sys
import unicodedata
from typing import Any

import _translit_oracle
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sms_codec import _translit_text, transliterate
from sms_codec._translit_passes import Mode, ascii_fallback, ascii_fallbacks

oracle = _translit_oracle.oracle_transliterate

ALPHABET = (
    "abcABC 1.,'’ʼ-\n" "çğĞıİşŞ" "αβγΑάΐςΣΩ" "щЩшжЖёЁиИйЙъЪьЬ" "ґєіїҐЄІЇ" "ђјЂЈ" "őŐłŁżŻ"
    "ąĄęĘėĖ" "ãÃñÑ" "ÄÖÜäöüßéÉÇ" "\u0301\u0300\u0308\u0328\u0330" "“”«»…–—\u00a0\u3000"
    "€£¥§¤¿¡@{}[]~^|\\" "😀👍🏽\u200d\ufe0f\u2764" "北京中文。" "\ue000\U000e0001\u0378" "ǘǖ"
)
MODES = [m.value for m in Mode]
LANGUAGES: list[Any] = [None, "tr", "es", "pt", "auto"]


def compare(text: str, mode: str, language: Any, fallback: str, protect: Any = ()) -> None:
    ours = transliterate(text, mode, language=language, protect=protect, fallback=fallback)
    theirs = oracle(text, mode, language, protect, fallback, 8)
    assert ours.text == theirs.text
    assert ours.changed is theirs.changed
    assert ours == theirs
    assert ours.unsupported == theirs.unsupported


@settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.text(alphabet=ALPHABET, max_size=40),
    st.sampled_from(MODES),
    st.sampled_from(LANGUAGES),
    st.sampled_from(["keep", "replace", "remove"]),
)
def test_short_texts_through_the_bulk_path(
    text: str, mode: str, language: Any, fallback: str
) -> None:
    previous = _translit_text.QUICK_BELOW
    _translit_text.QUICK_BELOW = 0  # no cached-translation shortcut: every text in bulk
    try:
        compare(text, mode, language, fallback)
    finally:
        _translit_text.QUICK_BELOW = previous


LONG = [
    "Привет, Анна! Щука ЩУКА " * 120,
    "Їжак, Єва, м'ята — «Україна» " * 100,
    "北京欢迎你。北京 ok, 中文!" * 200,
    "\U0001f468\u200d\U0001f469\u200d\U0001f467 \u2764\ufe0f " * 400,
    "e\u0301" * 1500 + " x\u0328\u0301 " + "\u0301" * 10,
    "\u0301" + "e" + "\u0301" * 3000,
    "Zażółć gęślą jaźń " * 150 + "😀" * 100,
]


@pytest.mark.parametrize("text", LONG, ids=range(len(LONG)))
@pytest.mark.parametrize("mode", ["ALL", "CYRILLIC", "SMART", "NONE"])
def test_long_texts_agree_with_the_oracle(text: str, mode: str) -> None:
    assert len(text) >= _translit_text.QUICK_BELOW
    for fallback in ("keep", "replace", "remove"):
        compare(text, mode, None, fallback)
    compare(text, mode, "tr", "keep", [(5, 40), (100, 2100)])


@pytest.mark.parametrize(
    "text", ["\u0958" * 3000, "x\u0958\u093c" * 1000, "\uac00\u11a8" * 1500, "\u1100\u1161" * 1500]
)
@pytest.mark.parametrize("language", [None, "auto", "hi"])
def test_long_texts_nfc_changes_agree_with_the_oracle(text: str, language: Any) -> None:
    # Composition exclusions, Indic nuktas and Hangul jamo: NFC of the whole text, or
    # piece by piece where the language's tables hold marks.
    for mode in ("ALL", "NONE", "SMART"):
        compare(text, mode, language, "keep")


def test_long_text_exact_values() -> None:
    result = transliterate("北京。" * 1000 + "Щука")
    assert result.text == "Bei Jing. " * 1000 + "Shchuka"  # unidecode: 。 -> ". "
    assert result.unsupported == ()
    result = transliterate("e" + "\u0301" * 2999 + "😀" * 10, fallback="replace")
    assert result.text == "é" + "?" * 10
    assert result.unsupported == tuple((3000 + k, "😀") for k in range(10))
    assert [r.to_dict() for r in result.replacements][:1] == [
        {"index": 0, "original": "e" + "\u0301" * 2999, "replacement": "é", "source": "diacritic"}
    ]


def test_deferred_unsupported_behaves_as_the_tuple() -> None:
    text = "ok 😀 " * 600
    lazy = transliterate(text)
    assert lazy.text == text
    assert lazy.__dict__["_unsupported"].__class__.__name__ == "Audit"
    assert lazy.changed is False  # known without building the lists
    assert lazy.__dict__["_unsupported"].__class__.__name__ == "Audit"
    eager = oracle(text, "ALL", None, (), "keep", 8)
    copy = pickle.loads(pickle.dumps(lazy))
    assert copy == lazy == eager and hash(copy) == hash(eager)
    assert lazy.unsupported[:2] == ((3, "😀"), (8, "😀"))
    assert len(lazy.unsupported) == 600
    assert lazy.replacements == ()


def test_changed_of_a_text_nfc_changes_is_read_from_the_replacements() -> None:
    # Not NFC, and the result is the text again: only the audit can tell.
    text = "\u0958" * 3000
    ours = transliterate(text, language="auto")
    theirs = oracle(text, "ALL", "auto", (), "keep", 8)
    assert ours == theirs and ours.changed is theirs.changed


def test_ascii_fallbacks_are_ascii_fallback_one_by_one() -> None:
    pytest.importorskip("unidecode")
    chars = [chr(code) for code in range(0x80, 0x3000)] + ["北", "京", "😀", "\U000e0001"]
    chars = [c for c in chars if unicodedata.category(c) != "Cs"]
    assert ascii_fallbacks(chars) == [ascii_fallback(c) for c in chars]
    # A NUL of the text itself: the joined rendering does not split back, so one by one.
    assert ascii_fallbacks(["北", "\x00", "京"]) == ["Bei ", "\x00", "Jing "]


def test_ascii_fallbacks_without_unidecode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "unidecode", None)
    assert ascii_fallbacks(["北", "京"]) == [None, None]
    assert ascii_fallbacks(["北"]) == [None]


def test_no_canonical_composition_second_escapes_the_nfc_check() -> None:
    # _nfc_keeps_gsm treats marks, Hangul jamo and NFC-unstable characters as able to
    # take part in an NFC change; every second half of a canonical composition is one.
    seconds = set()
    for code in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    assert len(seconds) > 50
    for char in seconds:
        assert not _translit_text._nfc_keeps_gsm(frozenset({"a", char})), hex(ord(char))
    assert _translit_text._nfc_keeps_gsm(frozenset("aΩ€"))
