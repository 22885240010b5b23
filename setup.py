"""Declares the optional Cython accelerator; everything else is in pyproject.toml.

``SMS_CODEC_NO_EXTENSIONS=1`` skips it. A failed compile falls back to the pure-Python
package with one line on stderr, unless ``SMS_CODEC_REQUIRE_EXTENSIONS=1`` or a wheel
is being built (``bdist_wheel``, ``CIBUILDWHEEL``), where it is an error.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


def _flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


REQUIRED = (
    _flag("SMS_CODEC_REQUIRE_EXTENSIONS") or _flag("CIBUILDWHEEL") or "bdist_wheel" in sys.argv
)


class OptionalBuildExt(build_ext):
    """build_ext that turns a failed compile into a pure-Python build unless required."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:
            self._give_up(exc)

    def build_extension(self, ext: Any) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            self._give_up(exc)

    @staticmethod
    def _give_up(exc: Exception) -> None:
        if REQUIRED:
            raise
        print(
            f"sms_codec: building the Cython accelerator failed ({exc}); "
            "installing the pure-Python kernels",
            file=sys.stderr,
        )


def _extensions() -> list[Extension]:
    if _flag("SMS_CODEC_NO_EXTENSIONS"):
        return []
    try:
        from Cython.Build import cythonize
    except ImportError as exc:
        if REQUIRED:
            raise
        print(f"sms_codec: Cython unavailable ({exc}); installing the pure-Python kernels",
              file=sys.stderr)
        return []
    try:
        return list(
            cythonize(
                [Extension("sms_codec._scan_c", ["sms_codec/_scan_c.pyx"])],
                compiler_directives={"language_level": "3"},
                quiet=True,
            )
        )
    except Exception as exc:
        if REQUIRED:
            raise
        print(f"sms_codec: cythonizing failed ({exc}); installing the pure-Python kernels",
              file=sys.stderr)
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
