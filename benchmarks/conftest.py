"""Lets the benchmark modules import their siblings (``corpus``, ``_walk``, ``adversarial``)
and gives them the one twin swap the test suite uses."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sms_codec import _scan, _scan_py

sys.path.insert(0, str(Path(__file__).resolve().parent))


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
