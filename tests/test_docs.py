"""The examples in the user documentation run and give what the pages say."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = [
    "quickstart.md", "national-languages.md", "wire-format.md", "links.md", "limits.md",
    "playground.md", "estimate.md",
]


@pytest.mark.parametrize("page", PAGES)
def test_page_examples(page: str) -> None:
    result = doctest.testfile(
        str(DOCS / page), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted > 0
    assert result.failed == 0
