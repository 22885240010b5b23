"""The one guard of the estimate's test modules: ``phonenumbers`` (the ``estimate``
extra), or the calling module skipped (a failure under CI, which installs it)."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def require() -> ModuleType:
    """``phonenumbers``; call it at the top of a module that needs it."""
    try:
        return importlib.import_module("phonenumbers")
    except ImportError:  # pragma: no cover - the test extra installs it
        if os.environ.get("CI"):
            raise
        pytest.skip("phonenumbers is not installed (the estimate extra)", allow_module_level=True)
