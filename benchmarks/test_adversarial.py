"""pytest-benchmark: analyze, split and encode on the adversarial families, each twin.

The bodies are those of ``adversarial.py`` at 10,000 and 100,000 code points; the kernel
twin is swapped under ``sms_codec._scan`` as in the test suite.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from adversarial import FAMILIES, FUNCTIONS, SIZES

from sms_codec import _scan, _scan_py


@pytest.fixture(params=["py", "c"])
def kernels(request: pytest.FixtureRequest) -> Iterator[str]:
    """The twin under ``sms_codec._scan`` for one benchmark, swapped as the suite does."""
    module = _scan_py if request.param == "py" else _scan.compiled()
    if module is None:
        pytest.skip("Cython twin not built")
    previous = _scan.use(module)
    try:
        yield request.param
    finally:
        _scan.use(previous)


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
