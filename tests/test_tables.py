"""Every table of sms_codec.tables equals the 3GPP reference data (AOSP extraction)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sms_codec import tables

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "gsm0338_tables.json"


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return data


def _single(entries: dict[str, str]) -> dict[int, str]:
    return {int(code): char for code, char in entries.items()}


def test_default_alphabet(reference: dict[str, Any]) -> None:
    assert list(tables.DEFAULT_ALPHABET) == reference["default"]["basic"]
    assert dict(tables.DEFAULT_EXTENSION) == _single(reference["default"]["extension"])


@pytest.mark.parametrize(
    ("iso", "key", "nli"),
    [
        ("tr", "turkish", 1), ("es", "spanish", 2), ("pt", "portuguese", 3),
        ("bn", "bengali", 4), ("gu", "gujarati", 5), ("hi", "hindi", 6), ("kn", "kannada", 7),
        ("ml", "malayalam", 8), ("or", "oriya", 9), ("pa", "punjabi", 10), ("ta", "tamil", 11),
        ("te", "telugu", 12), ("ur", "urdu", 13),
    ],
)
def test_national_tables(reference: dict[str, Any], iso: str, key: str, nli: int) -> None:
    language = tables.LANGUAGES[iso]
    assert tables.BY_NLI[nli] is language
    assert language.nli == reference[key]["nli"] == nli
    expected_locking = reference[key]["locking"]
    if expected_locking is None:
        assert language.locking is None
    else:
        assert list(language.locking or ()) == expected_locking
    assert dict(language.single) == _single(reference[key]["single"])


def test_all_thirteen_languages() -> None:
    assert sorted(tables.BY_NLI) == list(range(1, 14))
    assert set(tables.LANGUAGES) == {
        "tr", "es", "pt", "bn", "gu", "hi", "kn", "ml", "or", "pa", "ta", "te", "ur"
    }


def test_escape_is_never_a_character() -> None:
    assert tables.DEFAULT_ALPHABET[0x1B] is None
    for language in tables.LANGUAGES.values():
        if language.locking is not None:
            assert language.locking[0x1B] is None
        assert 0x1B not in language.single
