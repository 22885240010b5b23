"""Picks the Arrow column twin: ``_arrow_c`` when it is built, else ``_arrow_py``.

The same environment as :mod:`sms_codec._scan` decides (``SMS_CODEC_NO_EXTENSIONS=1``
forces the Python twin, ``SMS_CODEC_REQUIRE_EXTENSIONS=1`` makes a missing extension an
ImportError), and :func:`use` is the one swap, as there: tests and benchmarks put either
twin under :func:`sms_codec.arrow.analyze_array`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType
from typing import Any

from . import _arrow_py, _scan

__all__ = ["IMPLEMENTATION", "active", "analyze_columns", "compiled", "use"]

_compiled: ModuleType | None = None
if _scan.compiled() is not None:
    try:
        from . import _arrow_c as _compiled  # type: ignore[attr-defined, no-redef, unused-ignore]
    except ImportError:
        if os.environ.get("SMS_CODEC_REQUIRE_EXTENSIONS", "") not in ("", "0"):
            raise

#: The twin chosen at import: ``"cython"`` or ``"python"``.
IMPLEMENTATION = "python" if _compiled is None else "cython"

analyze_columns: Callable[..., Any]
_active: ModuleType = _arrow_py


def compiled() -> ModuleType | None:
    """The Cython twin if it is built and allowed, else ``None``.

    >>> compiled() is None or compiled().__name__ == "sms_codec._arrow_c"
    True
    """
    return _compiled


def active() -> ModuleType:
    """The twin in use now.

    >>> active().__name__ in ("sms_codec._arrow_py", "sms_codec._arrow_c")
    True
    """
    return _active


def use(twin: ModuleType) -> ModuleType:
    """Put ``twin`` (``_arrow_py`` or ``_arrow_c``) under every caller; returns the twin in
    use before.

    >>> previous = use(_arrow_py)
    >>> active() is _arrow_py
    True
    >>> use(previous) is _arrow_py
    True
    """
    global _active, analyze_columns
    previous = _active
    analyze_columns = twin.analyze_columns
    _active = twin
    return previous


use(_compiled or _arrow_py)
