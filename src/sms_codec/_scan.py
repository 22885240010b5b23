"""Picks the character kernels: the Cython twin when it is built, else the Python one.

``SMS_CODEC_NO_EXTENSIONS=1`` forces the Python twin; ``SMS_CODEC_REQUIRE_EXTENSIONS=1``
makes a missing extension an ImportError. Callers look kernels up here at call time
(``_scan.gsm_escapes(...)``), so :func:`use`, the one swap that tests and benchmarks
use, puts either twin under every caller at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from . import _scan_py

__all__ = ["IMPLEMENTATION", "KERNELS", "active", "compiled", "use"]


def _flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


_compiled: ModuleType | None = None
if not _flag("SMS_CODEC_NO_EXTENSIONS"):
    try:
        from . import _scan_c as _compiled  # type: ignore[attr-defined, no-redef, unused-ignore]
    except ImportError:
        if _flag("SMS_CODEC_REQUIRE_EXTENSIONS"):
            raise

#: The twin chosen at import: ``"cython"`` or ``"python"``.
IMPLEMENTATION = "python" if _compiled is None else "cython"

#: The kernels every caller reaches through this module; :func:`use` swaps them together.
KERNELS = (
    "utf16_units",
    "gsm_escapes",
    "lock_scan",
    "gsm_septets",
    "gsm_part_ends",
    "ucs2_part_ends",
    "grapheme_ends",
    "default_analysis",
    "default_analysis_many",
    "default_unsupported",
    "unsupported_characters",
    "national_choice",
    "LazyUnsupported",
    "pack_septets",
    "unpack_septets",
    "wire_parts",
)

utf16_units: Callable[[str], int]
gsm_escapes: Callable[[str, int, int], int]
lock_scan: Callable[[str, int], tuple[int, int]]
gsm_septets: Callable[[str, int, int], bytes]
gsm_part_ends: Callable[[str, int, int, int], tuple[list[int], int]]
ucs2_part_ends: Callable[[str, int], tuple[list[int], int]]
grapheme_ends: Callable[[str], list[int]]
default_unsupported: Callable[[str], tuple[str, ...]]
unsupported_characters: Callable[[str, tuple[int, ...]], tuple[str, ...]]
national_choice: Callable[
    [str, int, int, tuple[int, ...]], tuple[int, int, int, int, int] | None
]
LazyUnsupported: Callable[[str, tuple[int, ...]], Any]
pack_septets: Callable[[bytes, int], bytes]
unpack_septets: Callable[[bytes, int, int], bytes]
if TYPE_CHECKING:  # the generic signatures of the specification
    default_analysis = _scan_py.default_analysis
    default_analysis_many = _scan_py.default_analysis_many
    accelerated = _scan_py.accelerated
    set_national = _scan_py.set_national
    wire_parts = _scan_py.wire_parts
else:
    # The decorator that binds the public analyze once, at import (analysis.py), and how
    # its front resolves a language argument.
    accelerated = (_compiled or _scan_py).accelerated
    set_national = (_compiled or _scan_py).set_national

_active: ModuleType = _scan_py


def compiled() -> ModuleType | None:
    """The Cython twin if it is built and allowed, else ``None``.

    >>> compiled() is None or compiled().__name__ == "sms_codec._scan_c"
    True
    """
    return _compiled


def active() -> ModuleType:
    """The twin whose kernels are in use now.

    >>> active().__name__ in ("sms_codec._scan_py", "sms_codec._scan_c")
    True
    """
    return _active


def use(twin: ModuleType) -> ModuleType:
    """Put the kernels of ``twin`` (``_scan_py`` or ``_scan_c``) under every caller;
    returns the twin in use before, so that a caller can put it back.

    The compiled front of :func:`sms_codec.analyze` answers the common call only while
    the Cython twin is in use; under the Python twin every call runs the specification.

    >>> previous = use(_scan_py)
    >>> active() is _scan_py
    True
    >>> use(previous) is _scan_py
    True
    """
    global _active
    previous = _active
    for name in KERNELS:
        globals()[name] = getattr(twin, name)
    if _compiled is not None:
        _compiled.set_front(twin is _compiled)
    _active = twin
    return previous


use(_compiled or _scan_py)
