"""Adversarial bodies: analyze, split, encode and transliterate on each twin, linear in size.

Usage::

    python benchmarks/adversarial.py            # the table: ms at 10k and 100k code points
    python benchmarks/adversarial.py --repeat 5

Each family is a body of long runs of joining characters (or of clusters that the
previous walk-back implementation found quadratic or cubic to cut). For each twin and
function the best of ``--repeat`` runs is printed at 10,000 and 100,000 code points, with
their ratio (linear time: about 10, goal <= 12) and, for the Cython twin, ms per 100,000
code points (goal < 20 ms for each function).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

import sms_codec
from sms_codec import _scan, _scan_py
from sms_codec.errors import MessageTooLongError

SIZES = (10_000, 100_000)


def _repeat(unit: str, size: int) -> str:
    body = unit * (size // len(unit) + 1)
    return body[: size - size % len(unit)]


def _cjk(size: int) -> str:
    return "".join(chr(0x4E00 + i % 0x5200) for i in range(size))


#: family -> body of ``size`` code points
FAMILIES: dict[str, Callable[[int], str]] = {
    "skin tones": lambda n: _repeat("\U0001f44d\U0001f3fd", n),
    "vs16 hearts": lambda n: _repeat("\u2764\ufe0f", n),
    "zwj families": lambda n: _repeat("\U0001f468\u200d\U0001f469\u200d\U0001f467", n),
    "combining marks": lambda n: _repeat("e\u0301", n),
    "cr lf": lambda n: _repeat("\r\n", n),
    "flags": lambda n: _repeat("\U0001f1ec\U0001f1f7", n),
    "distinct cjk": _cjk,
    "one cluster": lambda n: "e" + "\u0301" * (n - 1),
}

def encode(body: str) -> Any:
    """:func:`sms_codec.encode`; these bodies need more than the 255 parts a concatenation
    header numbers, so it raises MessageTooLongError once it has cut them (timed up to
    there)."""
    try:
        return sms_codec.encode(body)
    except MessageTooLongError as exc:
        return exc


FUNCTIONS: dict[str, Callable[[str], Any]] = {
    "analyze": sms_codec.analyze,
    "split": sms_codec.split,
    "encode": encode,
    "transliterate": sms_codec.transliterate,
}


def twins() -> dict[str, Any]:
    out: dict[str, Any] = {"py": _scan_py}
    if _scan.compiled() is not None:
        out["c"] = _scan.compiled()
    return out


def best(function: Callable[[str], Any], body: str, repeat: int) -> float:
    """Best wall time of ``function(body)`` over ``repeat`` runs, in ms."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(body)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--functions", nargs="*", default=list(FUNCTIONS))
    args = parser.parse_args(argv)
    print(f"{'family':16} {'function':8} {'twin':4} {'10k ms':>9} {'100k ms':>9} {'ratio':>6}")
    for family, make in FAMILIES.items():
        bodies = {size: make(size) for size in SIZES}
        for name in args.functions:
            for label, twin in twins().items():
                previous = _scan.use(twin)
                try:
                    small, large = (best(FUNCTIONS[name], bodies[s], args.repeat) for s in SIZES)
                finally:
                    _scan.use(previous)
                print(f"{family:16} {name:8} {label:4} {small:9.2f} {large:9.2f} "
                      f"{large / small:6.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
