"""One facade for the whole suite: every test runs on both kernel twins, ids ``py`` and ``c``.

The Cython run is marked ``c_extension``; ``--no-c-extensions`` deselects it. Without a
built extension the ``c`` runs skip, unless ``SMS_CODEC_REQUIRE_EXTENSIONS=1``, where a
missing build fails them. The swap is :func:`sms_codec._scan.use`, the one benchmarks
use too.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

from sms_codec import _arrow, _arrow_py, _scan, _scan_py

REQUIRE_EXTENSIONS = os.environ.get("SMS_CODEC_REQUIRE_EXTENSIONS", "") not in ("", "0")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--no-c-extensions",
        action="store_true",
        default=False,
        help="run the tests on the Python twin only (deselects the c_extension runs)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "c_extension: the run on the Cython twin")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--no-c-extensions"):
        return
    kept = [item for item in items if item.get_closest_marker("c_extension") is None]
    config.hook.pytest_deselected(items=[i for i in items if i not in kept])
    items[:] = kept


@pytest.fixture(
    autouse=True,
    params=[pytest.param("py", id="py"), pytest.param("c", id="c", marks=pytest.mark.c_extension)],
)
def twin(request: pytest.FixtureRequest) -> Iterator[ModuleType]:
    """The twin whose kernels are behind ``sms_codec._scan`` (and ``sms_codec._arrow``) for
    the test's duration."""
    module = _scan_py if request.param == "py" else _scan.compiled()
    if module is None:
        if REQUIRE_EXTENSIONS:
            pytest.fail("SMS_CODEC_REQUIRE_EXTENSIONS=1 but sms_codec._scan_c is not built")
        pytest.skip("Cython twin not built")
    arrow = _arrow_py if request.param == "py" else _arrow.compiled()
    if arrow is None:
        if REQUIRE_EXTENSIONS:
            pytest.fail("SMS_CODEC_REQUIRE_EXTENSIONS=1 but sms_codec._arrow_c is not built")
        pytest.skip("Cython twin of sms_codec.arrow not built")
    previous = _scan.use(module)
    previous_arrow = _arrow.use(arrow)
    try:
        yield module
    finally:
        _scan.use(previous)
        _arrow.use(previous_arrow)


@pytest.fixture
def redis_url() -> str:
    """The Redis server CI started (``.ci/redis.sh``); a failure under CI, a skip elsewhere."""
    url = os.environ.get("SMS_CODEC_REDIS_URL")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail("SMS_CODEC_REDIS_URL is not set in CI: .ci/run must start redis (.ci/redis.sh)")
    pytest.skip("SMS_CODEC_REDIS_URL is not set; start redis with .ci/redis.sh to run this")


@pytest.fixture
def engine() -> Callable[[str, str], ModuleType]:
    """``engine(module, extra)``: an optional engine's module (pyarrow, duckdb, polars,
    pyspark, dask); a failure under CI when it is missing, a skip elsewhere."""

    def load(name: str, extra: str) -> ModuleType:
        try:
            return importlib.import_module(name)
        except ImportError:
            if os.environ.get("CI"):
                pytest.fail(f"{name} is not installed in CI: .ci/run must install '.[{extra}]'")
            pytest.skip(f"{name} is not installed; pip install -e '.[{extra}]' to run this")

    return load


@pytest.fixture(scope="module")
def c_twin() -> ModuleType:
    """``sms_codec._scan_c`` itself, for tests that call the compiled kernels directly
    (marked ``_twins.needs_c``); a failure when it is required and missing."""
    try:
        return importlib.import_module("sms_codec._scan_c")
    except ImportError:
        pytest.fail("SMS_CODEC_REQUIRE_EXTENSIONS=1 but sms_codec._scan_c is not built")
