"""One process, one table: median ns per message for each corpus class and contender.

    python benchmarks/build_walk.py      # once (report.py also does it when needed)
    python benchmarks/report.py          # 10,000 messages per class, 7 passes
    python benchmarks/report.py --messages 1000 --passes 3   # a quick smoke run

Contenders, per class: ``analyze()`` on the Cython twin and on the Python twin (the
kernels behind ``sms_codec._scan`` are swapped in place), ``smsutil.split`` (the peer),
the bare walk kernel ``_walk.walk`` (the floor) and ``analyze_many`` (Cython twin) per
message. Each pass maps each callable over the whole class in turn (the contenders of a
class take turns within a pass); the median of the passes is divided by the class size.
Ratios against the goals of issues 2 and 4 follow, then those of issue 11 (the Cython
calls against the bare walk); the exit status is 0 whatever they are (these are
benchmarks, not tests).
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib
import platform
import statistics
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.append(str(HERE.parent / "src"))  # an installed sms_codec wins; else the source tree

import smsutil  # type: ignore[import-untyped]  # noqa: E402
from corpus import CLASSES, corpus  # noqa: E402

import sms_codec  # noqa: E402
from sms_codec import _scan, _scan_py  # noqa: E402


def _walk_module() -> ModuleType:
    try:
        return importlib.import_module("_walk")
    except ImportError:
        from build_walk import build

        build()
        return importlib.import_module("_walk")


@contextmanager
def twin(module: ModuleType | None) -> Iterator[None]:
    """Run ``sms_codec`` on the kernels of ``module`` for the duration (``_scan.use``)."""
    if module is None:
        yield
        return
    previous = _scan.use(module)
    try:
        yield
    finally:
        _scan.use(previous)


def per_message(
    contenders: dict[str, tuple[Callable[[list[str]], Any], ModuleType | None]],
    bodies: list[str],
    passes: int,
) -> dict[str, float]:
    """Median over ``passes`` of the ns per message of each ``run(bodies)``, on the twin
    given (None: as it is). The contenders take turns within each pass, so that on a
    shared machine the figures a ratio compares are measured at the same time."""
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for run, module in contenders.values():
        with twin(module):
            run(bodies[:50])  # warm caches and lazily built tables
    gc.collect()
    for _ in range(passes):
        for name, (run, module) in contenders.items():
            with twin(module):
                start = time.perf_counter_ns()
                run(bodies)
                samples[name].append((time.perf_counter_ns() - start) / len(bodies))
    return {name: statistics.median(values) for name, values in samples.items()}


def mapped(function: Callable[[str], Any]) -> Callable[[list[str]], Any]:
    """Call ``function`` on every body, keeping nothing: the same loop for every contender."""
    return lambda bodies: deque(map(function, bodies), maxlen=0)


def measure(messages: int, passes: int) -> list[dict[str, Any]]:
    c_twin = _scan.compiled()
    if c_twin is None:
        sys.exit("report.py measures the Cython twin: build it first (pip install -e .)")
    walk = _walk_module().walk
    rows = []
    cases: list[tuple[str, str | None]] = [(kind, None) for kind in CLASSES]
    cases.insert(3, ("turkish", "tr"))
    cases += [(kind, "auto") for kind in CLASSES]  # issue 11: 'auto' <= 6x the walk
    for kind, language in cases:
        bodies = corpus(kind, messages)
        analyze: Callable[[str], Any] = sms_codec.analyze
        if language is not None:
            analyze = functools.partial(sms_codec.analyze, language=language)
        row: dict[str, Any] = {
            "class": kind + (f' (language="{language}")' if language else ""),
            "language": language,
        }
        many: Callable[[list[str]], Any] = sms_codec.analyze_many
        if language is not None:
            many = functools.partial(sms_codec.analyze_many, language=language)
        row.update(per_message({
            "cython": (mapped(analyze), c_twin),
            "many": (many, c_twin),
            "python": (mapped(analyze), _scan_py),
            "smsutil": (mapped(smsutil.split), None),
            "walk": (mapped(walk), None),
            # The batch API returns a list: its floor is the walk that returns one too.
            "walk_list": (lambda batch: list(map(walk, batch)), None),
        }, bodies, passes))
        rows.append(row)
        print(f"measured {row['class']}", file=sys.stderr, flush=True)
    return rows


def _mark(ok: bool) -> str:
    return "met" if ok else "NOT met"


def render(rows: list[dict[str, Any]], messages: int, passes: int) -> str:
    lines = [
        f"sms_codec {sms_codec.__version__} ({sms_codec.IMPLEMENTATION} active), "
        f"Python {platform.python_version()}, {platform.machine()}, "
        f"{platform.processor() or 'cpu'}; {messages} messages per class, median of "
        f"{passes} passes; ns per message",
        "",
        "| class | Cython analyze | Python analyze | smsutil | bare walk | walk, list out |"
        " analyze_many | smsutil / Cython (>= 50) | Cython / walk (<= 2) |"
        " many / walk (<= 1.5) | many / walk, list out (<= 1.5) | smsutil / Python (>= 20) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        peer_c = row["smsutil"] / row["cython"]
        floor_c = row["cython"] / row["walk"]
        floor_many = row["many"] / row["walk"]
        floor_list = row["many"] / row["walk_list"]
        peer_py = row["smsutil"] / row["python"]
        lines.append(
            f"| {row['class']} | {row['cython']:,.0f} | {row['python']:,.0f} | "
            f"{row['smsutil']:,.0f} | {row['walk']:,.0f} | {row['walk_list']:,.0f} | "
            f"{row['many']:,.0f} | "
            f"{peer_c:,.1f}x {_mark(peer_c >= 50)} | {floor_c:.2f}x {_mark(floor_c <= 2)} | "
            f"{floor_many:.2f}x {_mark(floor_many <= 1.5)} | "
            f"{floor_list:.2f}x {_mark(floor_list <= 1.5)} | "
            f"{peer_py:,.1f}x {_mark(peer_py >= 20)} |"
        )
    lines += ["", *issue_11(rows)]
    return "\n".join(lines)


# Issue 11: the default call within 1.5x the bare walk and the batch within 1.2x (of the
# bare walk and of the walk that returns a list), language="tr" within 3x, "auto" 6x.
_GOALS_11 = {None: 1.5, "tr": 3.0, "auto": 6.0}
_MANY_GOAL_11 = 1.2
# ... and, on the default call, >= 60x smsutil (Cython); the Python twin >= 20x smsutil on
# ascii and >= 8x on every other class.
_PEER_GOAL_11 = 60.0


def _python_goal_11(kind: str) -> float:
    return 20.0 if kind == "ascii" else 8.0


def issue_11(rows: list[dict[str, Any]]) -> list[str]:
    """The goals of issue 11, one line per class: the Cython calls over the bare walk."""
    lines = [
        "| class | Cython analyze / walk | goal | analyze_many / walk | "
        "analyze_many / walk, list out | goal | smsutil / Cython | goal | "
        "smsutil / Python | goal |",
        "|---|---:|---|---:|---:|---|---:|---|---:|---|",
    ]
    for row in rows:
        language = row["language"]
        goal = _GOALS_11[language]
        floor = row["cython"] / row["walk"]
        many = ""
        if language is None:
            ratios = (row["many"] / row["walk"], row["many"] / row["walk_list"])
            ok = max(ratios) <= _MANY_GOAL_11
            peer_c, peer_py = row["smsutil"] / row["cython"], row["smsutil"] / row["python"]
            python_goal = _python_goal_11(row["class"])
            many = (f"{ratios[0]:.2f}x | {ratios[1]:.2f}x | "
                    f"<= {_MANY_GOAL_11}x {_mark(ok)} | "
                    f"{peer_c:,.1f}x | >= {_PEER_GOAL_11:.0f}x {_mark(peer_c >= _PEER_GOAL_11)} | "
                    f"{peer_py:,.1f}x | >= {python_goal:.0f}x {_mark(peer_py >= python_goal)}")
        else:
            many = "| | | | | | |"
        lines.append(
            f"| {row['class']} | {floor:.2f}x | <= {goal}x {_mark(floor <= goal)} | {many} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000, help="bodies per class")
    parser.add_argument("--passes", type=int, default=7, help="timed passes (median)")
    args = parser.parse_args(argv)
    rows = measure(args.messages, args.passes)
    print(render(rows, args.messages, args.passes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
