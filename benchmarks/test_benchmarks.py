"""pytest-benchmark: analyze() per corpus class on each twin, the peer and the floor.

    python -m pytest benchmarks/ --benchmark-only --benchmark-columns=median,mean,rounds

Each benchmark maps one contender over ``MESSAGES`` bodies of a class; divide its time
by ``MESSAGES`` for the per-message cost (``report.py`` prints that table directly).
The kernel twin is swapped under ``sms_codec._scan`` as in the test suite.
"""

from __future__ import annotations

import functools
import importlib
from collections import deque
from collections.abc import Callable
from typing import Any

import pytest
import smsutil  # type: ignore[import-untyped]
from corpus import CLASSES, corpus

import sms_codec

MESSAGES = 1_000
CASES = [*((kind, None) for kind in CLASSES), ("turkish", "tr")]


def _mapped(function: Callable[[str], Any], bodies: list[str]) -> Callable[[], Any]:
    return lambda: deque(map(function, bodies), maxlen=0)


def _ids(case: tuple[str, str | None]) -> str:
    return case[0] if case[1] is None else f"{case[0]}-{case[1]}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_analyze(benchmark: Any, kernels: str, case: tuple[str, str | None]) -> None:
    kind, language = case
    bodies = corpus(kind, MESSAGES)
    analyze = functools.partial(sms_codec.analyze, language=language)
    benchmark.group = f"{_ids(case)}"
    benchmark(_mapped(analyze, bodies))
    assert len(bodies) == MESSAGES


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_analyze_many(benchmark: Any, kernels: str, case: tuple[str, str | None]) -> None:
    kind, language = case
    bodies = corpus(kind, MESSAGES)
    benchmark.group = f"{_ids(case)}"
    results = benchmark(sms_codec.analyze_many, bodies, language=language)
    assert len(results) == MESSAGES


@pytest.mark.parametrize("kind", list(CLASSES))
def test_smsutil(benchmark: Any, kind: str) -> None:
    bodies = corpus(kind, MESSAGES)
    benchmark.group = kind
    benchmark(_mapped(smsutil.split, bodies))


@pytest.mark.parametrize("kind", list(CLASSES))
def test_bare_walk(benchmark: Any, kind: str) -> None:
    try:
        walk = importlib.import_module("_walk").walk
    except ImportError:
        pytest.skip("bare walk not built: python benchmarks/build_walk.py")
    bodies = corpus(kind, MESSAGES)
    benchmark.group = kind
    benchmark(_mapped(walk, bodies))


# --- speeds that tests only check for results -------------------------------------------

ADVERSARIAL_URL_BODIES = {
    "cyrillic-dots": "Ссылка." * 5000,
    "dots": "a." * 20000,
    "closers": "https://x.example/" + ")" * 20000,
    "long-labels": ("abcdefghij" * 6 + ".") * 600,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL_URL_BODIES))
def test_find_urls_adversarial(benchmark: Any, name: str) -> None:
    """URL detection on bodies built to make a regex backtrack."""
    from sms_codec.links import find_urls

    benchmark(find_urls, ADVERSARIAL_URL_BODIES[name])


def test_transliterate_gsm7_early_return(benchmark: Any) -> None:
    """transliterate() on a GSM-7 body with a protected span: about one analyze()."""
    body = "Hello, your code is 4821. Straße {x} € " * 40
    benchmark(sms_codec.transliterate, body, protect=[(0, 5)])
