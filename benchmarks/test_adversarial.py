"""pytest-benchmark: analyze, split, encode and transliterate on the adversarial families,
each twin.

The bodies are those of ``adversarial.py`` at 10,000 and 100,000 code points; the kernel
twin is swapped under ``sms_codec._scan`` as in the test suite.
"""

from __future__ import annotations

from typing import Any

import pytest
from adversarial import FAMILIES, FUNCTIONS, SIZES


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("function", list(FUNCTIONS))
@pytest.mark.parametrize("family", list(FAMILIES))
def test_adversarial(
    benchmark: Any, kernels: str, family: str, function: str, size: int
) -> None:
    body = FAMILIES[family](size)
    assert len(body) == size
    benchmark.group = f"{family} {function}"
    benchmark(FUNCTIONS[function], body)
