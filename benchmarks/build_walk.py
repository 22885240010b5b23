"""Builds the bare walk kernel ``benchmarks/_walk.pyx`` in place (a ``.so`` beside it).

    python benchmarks/build_walk.py

Generated C and objects go to ``build/`` (ignored by git). ``report.py`` runs this on
its own when the kernel is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build() -> None:
    """Compile ``_walk.pyx`` into ``benchmarks/``."""
    from Cython.Build import cythonize
    from setuptools import Extension, setup  # type: ignore[import-untyped, unused-ignore]

    build_dir = HERE.parent / "build" / "benchmarks"
    previous = Path.cwd()
    os.chdir(HERE)  # away from the project's pyproject.toml
    try:
        setup(
            name="sms-codec-benchmark-walk",
            ext_modules=cythonize(  # type: ignore[no-untyped-call]
                [Extension("_walk", ["_walk.pyx"])], build_dir=str(build_dir), quiet=True
            ),
            script_args=[
                "-q", "build_ext", "--build-lib", str(HERE), "--build-temp", str(build_dir),
            ],
        )
    finally:
        os.chdir(previous)


if __name__ == "__main__":
    build()
