"""The package's shape: layers that only look down, no import cycle, no private name
imported from another module, and modules a reader can hold.

Every module of ``sms_codec`` must have a layer below; a new module is placed there on
purpose. Imports inside functions and under ``TYPE_CHECKING`` count like any other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sms_codec

PACKAGE = Path(sms_codec.__file__).resolve().parent

#: Lowest first. A module may import modules of its own layer or of lower ones.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "_checks", "_version"}),
    frozenset({"tables", "charsets", "translit_maps", "_tlds", "_graphemes"}),
    frozenset({
        "_grapheme_rules", "_scan_py", "_scan_c", "_scan_c_walks", "_scan_c_result", "_scan",
        "_scan_c_lazy", "_scan_c_national", "_scan_c_septets", "_scan_py_lazy", "_scan_py_septets",
        "_scan_py_cuts",
    }),
    frozenset({"records", "planner"}),
    frozenset({
        "urls", "gsm7", "udh", "_translit_passes", "transliteration", "wire", "pdu", "codec",
        "reassembly", "_translit_engine", "_translit_text",
    }),
    frozenset({"analysis"}),
    frozenset({"_arrow_py", "_arrow_c", "_arrow_c_export", "_arrow_c_rows", "_arrow_c_numbers",
               "_arrow"}),
    frozenset({
        "links", "tracking", "estimate", "batch", "arrow", "duckdb", "polars", "spark",
        "_estimate_numbers", "_estimate_prices", "_estimate_template", "_estimate_savings",
        "_estimate_report", "_estimate_requests", "_estimate_files", "_estimate_bodies",
        "estimate_arrow", "_estimate_columns", "_estimate_column_numbers",
        "_estimate_column_counts", "_estimate_number_automaton", "_estimate_dicts",
    }),
    frozenset({"cli", "__main__", "playground"}),
    frozenset({"__init__"}),
)
MAX_LINES = 460
#: Generated data, exempt from the size limit.
GENERATED = {"tables", "_tlds", "_graphemes"}


def _modules() -> dict[str, Path]:
    found = {}
    # A Cython twin ships its .pyx (and the .pxi it includes) beside the compiled module:
    # their imports and their size count too.
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".pyx", ".pxi")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _layer(module: str) -> int:
    top = module.split(".")[0]
    for number, members in enumerate(LAYERS):
        if top in members:
            return number
    raise AssertionError(f"sms_codec.{module} has no layer in tests/test_architecture.py")


def _package_of(module: str) -> list[str]:
    """The package a module's relative imports start from, as name parts."""
    if module == "__init__":
        return []
    parts = module.split(".")
    return parts if MODULES[module].name == "__init__.py" else parts[:-1]


def _imports(module: str) -> list[tuple[str, list[str], int]]:
    """``(imported module, names taken from it, line)`` for each import of the package;
    the top-level package itself is ``"__init__"``."""
    source = MODULES[module].read_text(encoding="utf-8")
    if MODULES[module].suffix in (".pyx", ".pxi"):  # only its plain import lines are Python
        source = "\n".join(
            line if line.startswith(("import ", "from ")) and " cimport " not in line else ""
            for line in source.splitlines()
        )
    tree = ast.parse(source)
    out: list[tuple[str, list[str], int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                package = _package_of(module)
                base = package[: len(package) - node.level + 1]
                parts = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "sms_codec":
                parts = node.module.split(".")[1:]
            else:
                continue
            target = ".".join(parts) or "__init__"
            names: list[str] = []
            for alias in node.names:
                sub = ".".join([*parts, alias.name])
                if sub in MODULES:  # `from . import x`, `from .pkg import mod`
                    out.append((sub, [], node.lineno))
                else:
                    names.append(alias.name)
            if names and target in MODULES:
                out.append((target, names, node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sms_codec":
                    target = alias.name.partition(".")[2] or "__init__"
                    if target in MODULES:
                        out.append((target, [], node.lineno))
    return out


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        _layer(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_look_down(module: str) -> None:
    own = _layer(module)
    upward = [
        f"line {line}: sms_codec.{target}"
        for target, _, line in _imports(module)
        if target != module and _layer(target) > own
    ]
    assert not upward, f"sms_codec.{module} imports a higher layer: {upward}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_name_crosses_modules(module: str) -> None:
    taken = [
        f"line {line}: {name} from sms_codec.{target}"
        for target, names, line in _imports(module)
        if target != module
        for name in names
        if name.startswith("_") and name != "__version__"
    ]
    assert not taken, f"sms_codec.{module} imports private names: {taken}"


def test_no_import_cycle() -> None:
    graph = {m: {t for t, _, _ in _imports(m) if t != m} for m in MODULES}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt):], nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


@pytest.mark.parametrize("module", sorted(set(MODULES) - GENERATED))
def test_module_is_a_size_a_reader_can_hold(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"sms_codec.{module} has {lines} lines"


def test_the_checker_sees_a_cycle_and_an_upward_import() -> None:
    # The checks above would pass vacuously if _imports found nothing.
    assert ("planner", ["BodyAnalysis", "Encoding", "Replacement", "Transcode",
                        "body_analysis", "encodable_characters", "resolve_languages"]) in [
        (t, n) for t, n, _ in _imports("transliteration")
    ]
    assert _layer("analysis") > _layer("transliteration") > _layer("planner")
