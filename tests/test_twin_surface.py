"""The compiled twins offer exactly what their Python specifications offer (the yarl /
propcache shape): the same ``__all__``, every name defined, each a function or class of
the same kind, so ``_scan.use`` and ``_arrow.use`` can swap one module for the other."""

from __future__ import annotations

import importlib
import inspect
import os

import pytest

PAIRS = [("sms_codec._scan_py", "sms_codec._scan_c"), ("sms_codec._arrow_py", "sms_codec._arrow_c")]


@pytest.mark.parametrize(("spec_name", "mirror_name"), PAIRS)
def test_the_twins_share_their_public_names(spec_name: str, mirror_name: str) -> None:
    spec = importlib.import_module(spec_name)
    try:
        mirror = importlib.import_module(mirror_name)
    except ImportError:
        if os.environ.get("SMS_CODEC_REQUIRE_EXTENSIONS", "") not in ("", "0"):
            pytest.fail(f"SMS_CODEC_REQUIRE_EXTENSIONS=1 but {mirror_name} is not built")
        pytest.skip(f"{mirror_name} is not built")
    assert sorted(spec.__all__) == sorted(mirror.__all__)
    assert len(set(spec.__all__)) == len(spec.__all__)
    for name in spec.__all__:
        ours, theirs = getattr(spec, name), getattr(mirror, name)
        assert inspect.isclass(ours) == inspect.isclass(theirs), name
        assert callable(ours) == callable(theirs), name


def test_the_dispatcher_swaps_every_kernel() -> None:
    """``_scan.KERNELS`` is what ``_scan.use`` rebinds: every public kernel but the three
    hooks of the compiled front, which ``use`` switches instead of swapping."""
    from sms_codec import _scan, _scan_py

    assert set(_scan_py.__all__) - set(_scan.KERNELS) == {"accelerated", "set_front",
                                                          "set_national"}
    assert len(set(_scan.KERNELS)) == len(_scan.KERNELS)
    assert set(_scan.KERNELS) <= set(_scan_py.__all__)
