"""The docstring examples of every module of the imported ``sms_codec``, on both twins.

They run against the package that ``import sms_codec`` finds (installed, or the
editable source tree), never against files picked up by path, so an installed
extension is what they exercise.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType

import pytest

import sms_codec

OPTIONS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def _modules() -> list[str]:
    names = ["sms_codec"]
    for info in pkgutil.walk_packages(sms_codec.__path__, "sms_codec."):
        if not info.name.endswith("_c"):  # compiled modules carry no doctests of their own
            names.append(info.name)
    return sorted(names)


def _examples() -> list[tuple[str, str]]:
    found = []
    finder = doctest.DocTestFinder(exclude_empty=True)
    for name in _modules():
        module = importlib.import_module(name)
        for test in finder.find(module, name):
            if test.examples:
                found.append((name, test.name))
    return found


EXAMPLES = _examples()


def test_every_public_module_has_examples() -> None:
    assert len(EXAMPLES) >= 80
    assert {"sms_codec.analysis", "sms_codec.wire", "sms_codec.pdu"} <= {m for m, _ in EXAMPLES}


#: Modules whose examples run an optional engine: ``(module, extra)`` it needs.
ENGINES = {
    "sms_codec.arrow": ("pyarrow", "arrow"),
    "sms_codec.duckdb": ("duckdb", "duckdb"),
    "sms_codec.polars": ("polars", "polars"),
    "sms_codec.estimate_arrow": ("pyarrow", "arrow"),
}


@pytest.mark.parametrize(("module_name", "test_name"), EXAMPLES, ids=[t for _, t in EXAMPLES])
def test_docstring_examples(
    module_name: str, test_name: str, twin: ModuleType, engine: Callable[[str, str], ModuleType]
) -> None:
    if module_name in ENGINES:
        engine(*ENGINES[module_name])
    module = importlib.import_module(module_name)
    tests = [t for t in doctest.DocTestFinder().find(module, module_name) if t.name == test_name]
    assert len(tests) == 1
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    output: list[str] = []
    result = runner.run(tests[0], out=output.append)
    assert result.attempted > 0
    assert result.failed == 0, "".join(output)
