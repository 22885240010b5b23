"""One fixture runs a test on both kernel twins: ids ``py`` and ``c``."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from types import ModuleType

import pytest

from sms_codec import _scan, _scan_py


def _c_twin() -> ModuleType | None:
    try:
        return importlib.import_module("sms_codec._scan_c")
    except ImportError:
        return None


REQUIRE_EXTENSIONS = os.environ.get("SMS_CODEC_REQUIRE_EXTENSIONS", "") not in ("", "0")


@pytest.fixture(params=["py", "c"])
def twin(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """Swap the kernels behind ``sms_codec._scan`` for one twin for the test's duration."""
    if request.param == "py":
        module: ModuleType | None = _scan_py
    else:
        module = _c_twin()
        if module is None:
            if REQUIRE_EXTENSIONS:
                pytest.fail("SMS_CODEC_REQUIRE_EXTENSIONS=1 but sms_codec._scan_c is not built")
            pytest.skip("Cython twin not built")
    assert module is not None
    for name in _scan.KERNELS:
        monkeypatch.setattr(_scan, name, getattr(module, name))
    yield module


@pytest.fixture
def redis_url() -> str:
    """The Redis server CI started (``.ci/redis.sh``); a failure under CI, a skip elsewhere."""
    url = os.environ.get("SMS_CODEC_REDIS_URL")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail("SMS_CODEC_REDIS_URL is not set in CI: .ci/run must start redis (.ci/redis.sh)")
    pytest.skip("SMS_CODEC_REDIS_URL is not set; start redis with .ci/redis.sh to run this")
