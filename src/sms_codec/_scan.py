"""Picks the character kernels: the Cython twin when it is built, else the Python one.

``SMS_CODEC_NO_EXTENSIONS=1`` forces the Python twin; ``SMS_CODEC_REQUIRE_EXTENSIONS=1``
makes a missing extension an ImportError. Callers look names up here at call time, so a
test can swap the twin under them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from . import _scan_py

IMPLEMENTATION = "python"
_active: ModuleType

if os.environ.get("SMS_CODEC_NO_EXTENSIONS", "") in ("", "0"):
    try:
        from . import _scan_c as _active  # type: ignore[attr-defined, no-redef, unused-ignore]
    except ImportError:
        if os.environ.get("SMS_CODEC_REQUIRE_EXTENSIONS", "") not in ("", "0"):
            raise
        _active = _scan_py
    else:
        IMPLEMENTATION = "cython"
else:
    _active = _scan_py

utf16_units: Callable[[str], int] = _active.utf16_units
gsm_escapes: Callable[[str, int, int], int] = _active.gsm_escapes
lock_scan: Callable[[str, int], tuple[int, int]] = _active.lock_scan
gsm_septets: Callable[[str, int, int], bytes] = _active.gsm_septets
gsm_part_ends: Callable[[str, int, int, int], tuple[list[int], int]] = _active.gsm_part_ends
ucs2_part_ends: Callable[[str, int], tuple[list[int], int]] = _active.ucs2_part_ends
if TYPE_CHECKING:  # the generic signatures of the specification
    default_analysis = _scan_py.default_analysis
    default_analysis_many = _scan_py.default_analysis_many
    accelerated = _scan_py.accelerated
else:
    default_analysis = _active.default_analysis
    default_analysis_many = _active.default_analysis_many
    accelerated = _active.accelerated

KERNELS = (
    "utf16_units",
    "gsm_escapes",
    "lock_scan",
    "gsm_septets",
    "gsm_part_ends",
    "ucs2_part_ends",
    "default_analysis",
    "default_analysis_many",
)
