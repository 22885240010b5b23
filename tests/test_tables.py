"""Every table of sms_codec.tables equals the 3GPP reference data (AOSP extraction).

The data lives in the repository (``scripts/reference/``); where the project's shared
reference folder is checked out beside the repository, the copy must equal it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sms_codec import tables

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "scripts" / "reference" / "gsm0338_tables.json"
UPSTREAM = ROOT.parent / "shared" / "reference" / "gsm0338_tables.json"


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return data


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_tables", ROOT / "scripts" / "generate_tables.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tables_module_is_generated_from_the_reference(reference: dict[str, Any]) -> None:
    # The module imported (installed or editable) is exactly what the generator writes.
    installed = Path(tables.__file__).read_text(encoding="utf-8")
    assert _generator().render(reference) == installed


def test_generator_check_flags_a_stale_module(tmp_path: Path) -> None:
    generator = _generator()
    target = tmp_path / "tables.py"
    assert generator.main(["--target", str(target)]) == 0
    assert generator.main(["--check", "--target", str(target)]) == 0
    target.write_text(target.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    assert generator.main(["--check", "--target", str(target)]) == 1


@pytest.mark.skipif(not UPSTREAM.exists(), reason="no shared reference folder beside the clone")
def test_vendored_reference_equals_the_shared_one() -> None:
    assert REFERENCE.read_bytes() == UPSTREAM.read_bytes()


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
