"""The examples in the user documentation run and give what the pages say."""

from __future__ import annotations

import doctest
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = [
    "quickstart.md", "national-languages.md", "wire-format.md", "links.md", "limits.md",
    "playground.md", "estimate.md", "batch.md",
]
#: Pages whose examples run optional engines: ``(module, extra)`` each needs.
ENGINES = {
    "batch.md": [("pyarrow", "arrow"), ("duckdb", "duckdb"), ("polars", "polars"),
                 ("dask.dataframe", "dask")],
}


@pytest.mark.parametrize("page", PAGES)
def test_page_examples(page: str, engine: Callable[[str, str], ModuleType]) -> None:
    for name, extra in ENGINES.get(page, ()):
        engine(name, extra)
    result = doctest.testfile(
        str(DOCS / page), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted > 0
    assert result.failed == 0
