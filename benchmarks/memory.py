"""Peak memory per character of analyze, split and encode at 100k and 1M code points.

``python benchmarks/memory.py`` prints, per twin and body kind, what tracemalloc
sees at peak (Python objects; the Cython twin's own buffers are libc allocations it does
not see) divided by the body length. docs/limits.md quotes one run.
"""

from __future__ import annotations

import contextlib
import tracemalloc
from collections.abc import Callable
from typing import Any

from sms_codec import _scan, _scan_py, analyze, encode, split
from sms_codec.errors import MessageTooLongError

BODIES = {"GSM-7": "Hello [world] €uro ", "UCS-2": "Привет мир ", "emoji": "👍🏽 ok "}
SIZES = (100_000, 1_000_000)


def peak_per_character(function: Callable[[str], Any], body: str) -> float:
    """Peak traced bytes of one call, per character of ``body``."""
    tracemalloc.start()
    try:
        # encode refuses more than 255 parts after planning: the plan is what is measured.
        with contextlib.suppress(MessageTooLongError):
            function(body)
        return tracemalloc.get_traced_memory()[1] / len(body)
    finally:
        tracemalloc.stop()


def main() -> None:
    twins = [("python", _scan_py)]
    compiled = _scan.compiled()
    if compiled is not None:
        twins.append(("cython", compiled))
    print("| twin | body | characters | analyze | split | encode |")
    print("|---|---|---:|---:|---:|---:|")
    for label, twin in twins:
        previous = _scan.use(twin)
        try:
            for kind, unit in BODIES.items():
                for size in SIZES:
                    body = (unit * (size // len(unit) + 1))[:size]
                    cells = [
                        f"{peak_per_character(f, body):.2f}" for f in (analyze, split, encode)
                    ]
                    print(f"| {label} | {kind} | {size:,} | " + " | ".join(cells) + " |")
        finally:
            _scan.use(previous)


if __name__ == "__main__":
    main()
