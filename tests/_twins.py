"""The compiled kernel twin for tests that call it directly, next to the Python one.

``needs_c`` skips a test where ``sms_codec._scan_c`` is not built, except under
``SMS_CODEC_REQUIRE_EXTENSIONS=1``, where the ``c_twin`` fixture (``conftest.py``) fails
it instead."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest

__all__ = ["C_TWIN", "NO_EXTENSIONS", "REQUIRE_EXTENSIONS", "needs_c"]

REQUIRE_EXTENSIONS = os.environ.get("SMS_CODEC_REQUIRE_EXTENSIONS", "") not in ("", "0")
NO_EXTENSIONS = os.environ.get("SMS_CODEC_NO_EXTENSIONS", "") not in ("", "0")


def _c_twin() -> ModuleType | None:
    try:
        return importlib.import_module("sms_codec._scan_c")
    except ImportError:
        return None


C_TWIN = _c_twin()
needs_c = pytest.mark.skipif(
    C_TWIN is None and not REQUIRE_EXTENSIONS, reason="Cython twin not built"
)

