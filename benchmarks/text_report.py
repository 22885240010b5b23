"""The text functions' figures in one run: find_urls, analyze(short_links=...),
transliterate, against the implementations they replaced (kept as oracles in tests/).

Usage::

    python benchmarks/text_report.py                 # us per call, ratios, memory
    python benchmarks/text_report.py --calls 2000 --passes 5

Times are CPU time (``time.process_time``) per call, the median of ``--passes`` passes of
``--calls`` calls, on the Cython twin; the machine is shared, so read the ratios.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from text_bodies import NO_LINK, ONE_LINK, UCS2, UCS2_GREEK, URL_FAMILIES

import sms_codec
from sms_codec.urls import ShortLinks

TESTS = Path(__file__).resolve().parent.parent / "tests"


def _oracle(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, TESTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def per_call(function: Callable[[], Any], calls: int, passes: int) -> float:
    """Median over ``passes`` of the CPU time per call, in us."""
    times = []
    for _ in range(passes):
        start = time.process_time()
        for _ in range(calls):
            function()
        times.append((time.process_time() - start) / calls * 1e6)
    return statistics.median(times)


def peak_per_character(function: Callable[[str], Any], body: str) -> float:
    tracemalloc.start()
    try:
        function(body)
        return tracemalloc.get_traced_memory()[1] / len(body)
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args(argv)
    urls = _oracle("_url_oracle").oracle_find_urls
    translit = _oracle("_translit_oracle").oracle_transliterate
    links = ShortLinks("https://sms.example/", code_length=7)

    def old_transliterate(body: str) -> Any:
        return translit(body, "ALL", None, (), "keep", 8)

    def us(function: Callable[[], Any], scale: int = 1) -> float:
        return per_call(function, max(1, args.calls // scale), args.passes)

    print(f"sms_codec {sms_codec.__version__} ({sms_codec.IMPLEMENTATION} active); us per call")
    print()
    print("| call | now | before | before / now | goal |")
    print("|---|---:|---:|---:|---|")
    for label, body in (("no link", NO_LINK), ("one link", ONE_LINK)):
        now, old = us(lambda b=body: sms_codec.find_urls(b)), us(lambda b=body: urls(b), 10)
        goal = "<= 0.5 us" if body is NO_LINK else "<= 5 us"
        print(f"| `find_urls`, 160 chars, {label} | {now:.2f} | {old:.2f} | {old / now:.0f}x "
              f"| {goal}: {'met' if now <= (0.5 if body is NO_LINK else 5) else 'NOT met'} |")
    analyze = us(lambda: sms_codec.analyze(ONE_LINK))
    find = us(lambda: sms_codec.find_urls(ONE_LINK))
    priced = us(lambda: sms_codec.analyze(ONE_LINK, short_links=links))
    ratio = priced / (analyze + find)
    print(f"| `analyze(short_links=...)`, one link | {priced:.2f} | | "
          f"{ratio:.2f}x `analyze` ({analyze:.2f}) + `find_urls` | <= 3x: "
          f"{'met' if ratio <= 3 else 'NOT met'} |")
    for label, body in (("Russian", UCS2), ("Greek", UCS2_GREEK)):
        now = us(lambda b=body: sms_codec.transliterate(b), 10)
        old = us(lambda b=body: old_transliterate(b), 100)
        audit = us(lambda b=body: sms_codec.transliterate(b).replacements, 10)
        print(f"| `transliterate`, 160 chars UCS-2, {label} | {now:.1f} | {old:.1f} | "
              f"{old / now:.0f}x | <= 20 us: {'met' if now <= 20 else 'NOT met'}; "
              f"with `.replacements` read: {audit:.1f} |")
    print()
    print("| find_urls family | 10k ms | 100k ms | ratio |")
    print("|---|---:|---:|---:|")
    for family, make in URL_FAMILIES.items():
        bodies = [make(10_000), make(100_000)]
        small, large = (per_call(lambda b=b: sms_codec.find_urls(b), 1, 3) / 1000 for b in bodies)
        print(f"| {family} | {small:.2f} | {large:.2f} | {large / small:.1f} |")
    print()
    print("| transliterate memory (tracemalloc peak) | now B/cp | before B/cp |")
    print("|---|---:|---:|")
    # 900,000: transliterating 1,000,000 code points of Russian gives a longer text,
    # which the analysis of the result refuses (over MAX_BODY_CHARACTERS).
    for size in (100_000, 900_000):
        body = (UCS2 * (size // len(UCS2) + 1))[:size]
        now = peak_per_character(sms_codec.transliterate, body)
        audited = peak_per_character(lambda b: sms_codec.transliterate(b).replacements, body)
        old = peak_per_character(old_transliterate, body)
        print(f"| Russian, {size:,} cp | {now:.1f} ({audited:.0f} with the audit read) "
              f"| {old:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
