"""Declares the optional Cython accelerator; everything else is in pyproject.toml.

``SMS_CODEC_NO_EXTENSIONS=1`` skips it. A failed compile (no C compiler, say) falls back
to the pure-Python package with one line on stderr, unless the build is told to require
the extension: ``SMS_CODEC_REQUIRE_EXTENSIONS=1``, which the release wheels set through
cibuildwheel's environment (``[tool.cibuildwheel]`` in pyproject.toml); ``CIBUILDWHEEL=1``
alone counts too. A plain ``pip install`` builds a wheel as well, so building one is no
reason to require the extension.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


def _flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


REQUIRED = _flag("SMS_CODEC_REQUIRE_EXTENSIONS") or _flag("CIBUILDWHEEL")
# The wheel ships the extension without its symbol table and debug information (about
# 1 MB -> 160 KB); the linkers of macOS and Windows take no such flag.
LINK_ARGS = ["-s"] if sys.platform.startswith("linux") else []


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
        # One line: the compiler's command line is in the log above it.
        print(
            f"sms_codec: the Cython accelerator did not build ({type(exc).__name__}); "
            "installing the pure-Python kernels (SMS_CODEC_REQUIRE_EXTENSIONS=1 makes this an error)",
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
                [
                    Extension(
                        "sms_codec._scan_c",
                        ["src/sms_codec/_scan_c.pyx"],
                        extra_link_args=LINK_ARGS,
                    ),
                    # Arrow string columns; it calls _scan_c's walks (_scan_c.pxd).
                    Extension(
                        "sms_codec._arrow_c",
                        ["src/sms_codec/_arrow_c.pyx"],
                        extra_link_args=LINK_ARGS,
                    ),
                ],
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
