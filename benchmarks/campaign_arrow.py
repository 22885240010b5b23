"""The campaign estimate over Arrow recipients against `estimate_campaign` over dicts (issue 13),
one run, CPU seconds:

    python benchmarks/campaign_arrow.py                        # 1,000,000 recipients
    python benchmarks/campaign_arrow.py --recipients 100000    # a quicker run

The recipients are ``benchmarks/campaign.py``'s corpus, as ``{id: record}`` for
``estimate_campaign(contacts=...)`` and as one Arrow table (``mobile``, ``id``,
``firstName``, ``city``) in record batches of ``--batch`` rows for
:func:`sms_codec.estimate_arrow.estimate_arrow`. Building either input is not timed.
It prints both against ``analyze_many`` over the same rendered bodies (issue 12's goal:
at most 5x), the split of the columnar estimate (numbers, keys and grouping, distinct
bodies, savings, the rest) and its peak memory against the table's Arrow size (the goal:
at most 2x; Arrow's allocations counted by a memory pool of its own, Python's by
tracemalloc). Measured, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.append(str(Path(__file__).resolve().parent))
sys.path.append(str(Path(__file__).resolve().parent.parent / "src"))

import pyarrow as pa
from campaign import TEMPLATE, campaign, render_all, timed

import sms_codec
from sms_codec import _estimate_columns, _estimate_report
from sms_codec import estimate_arrow as estimate_arrow_module
from sms_codec.estimate_arrow import estimate_arrow

#: The phases of the columnar estimate: (module, function the estimate calls, label).
PHASES = [
    (_estimate_columns, "normalise_column", "numbers (E.164 and region)"),
    (estimate_arrow_module, "tally_of", "reading: numbers, contacts, duplicates, label keys"),
    (_estimate_columns, "_counts", "counting (region, body key) pairs"),
    (_estimate_report, "Bodies", "distinct bodies"),
    (_estimate_report, "savings", "savings"),
]


def split(table: Any, prices: dict[str, str]) -> tuple[float, dict[str, float]]:
    """CPU seconds of one estimate and of each phase in it (each phase's function
    wrapped for the call, then restored)."""
    spent: dict[str, float] = {}
    originals = [(module, name, getattr(module, name)) for module, name, _ in PHASES]
    for (module, name, original), (_, _, label) in zip(originals, PHASES, strict=True):
        def wrapped(*args: Any, _f: Any = original, _label: str = label, **kwargs: Any) -> Any:
            # Not timed(): its collection before each call would be counted in the phase
            # that makes the call (the numbers are read once per batch).
            start = time.process_time()
            result = _f(*args, **kwargs)
            spent[_label] = spent.get(_label, 0.0) + time.process_time() - start
            return result

        setattr(module, name, wrapped)
    try:
        total, _ = timed(estimate_arrow, TEMPLATE, table, prices=prices)
    finally:
        for module, name, original in originals:
            setattr(module, name, original)
    return total, spent


def peak(table: Any, prices: dict[str, str]) -> tuple[int, int, int]:
    """An upper bound of the estimate's peak memory (Arrow's and Python's together) and
    its two parts at that bound: the larger of the reading phase (``tally_of``, Arrow in
    the system pool) and the pricing phase (Arrow in jemalloc's pool, plus what the
    reading left in the system pool); Python by tracemalloc, whose peak is reset
    between the phases. The input lives in the default (mimalloc) pool."""
    reading, pricing = pa.system_memory_pool(), pa.jemalloc_memory_pool()
    phases: list[tuple[int, int]] = []
    original = estimate_arrow_module.tally_of

    def tally_of(*args: Any) -> Any:
        result = original(*args)
        phases.append((reading.max_memory(), tracemalloc.get_traced_memory()[1]))
        phases.append((reading.bytes_allocated(), 0))
        pa.set_memory_pool(pricing)
        tracemalloc.reset_peak()
        return result

    default = pa.default_memory_pool()
    pa.set_memory_pool(reading)
    estimate_arrow_module.tally_of = tally_of
    tracemalloc.start()
    try:
        estimate_arrow(TEMPLATE, table, prices=prices)
        python = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        estimate_arrow_module.tally_of = original
        pa.set_memory_pool(default)
    (arrow_1, python_1), (left, _) = phases
    arrow_2 = left + pricing.max_memory()
    if arrow_1 + python_1 >= arrow_2 + python:
        return arrow_1 + python_1, arrow_1, python_1
    return arrow_2 + python, arrow_2, python


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=65_536)
    args = parser.parse_args()
    prices = {"GR": "0.045", "TR": "0.02", "US": "0.0079", "CA": "0.0079", "RU": "0.06"}
    # Each path runs with only its own input alive (the collector's passes grow with it).
    contacts = campaign(args.recipients)
    table = pa.table({
        "mobile": [c["mobile"] for c in contacts.values()],
        "id": list(contacts),
        "firstName": [c["labels"]["firstName"] for c in contacts.values()],
        "city": [c["labels"]["city"] for c in contacts.values()],
    })
    bodies = render_all(contacts)
    baseline, _ = timed(sms_codec.analyze_many, bodies)
    del bodies
    records, want = timed(sms_codec.estimate_campaign, TEMPLATE, contacts=contacts,
                          prices=prices)
    expected = want.to_dict()
    del contacts, want
    stream = pa.Table.from_batches(table.to_batches(max_chunksize=args.batch))
    del table
    print(f"{args.recipients:,} recipients, {sms_codec.IMPLEMENTATION} kernels, "
          f"{len(stream.to_batches())} batches of up to {args.batch:,} rows; CPU seconds")
    arrow, got = timed(estimate_arrow, TEMPLATE, stream, prices=prices)
    assert got.to_dict() == expected
    del got, expected
    print(f"analyze_many over the rendered bodies: {baseline:.2f} s")
    print(f"estimate_campaign(contacts=dict):      {records:.2f} s = "
          f"{records / baseline:.1f}x analyze_many")
    print(f"estimate_arrow(table):                 {arrow:.2f} s = "
          f"{arrow / baseline:.1f}x analyze_many (goal <= 5x), {arrow / records:.2f}x the "
          "dict path")
    total, spent = split(stream, prices)
    print(f"  split of one more estimate_arrow ({total:.2f} s):")
    for _, _, label in PHASES:
        print(f"    {label}: {spent.get(label, 0.0):.2f} s")
    most, arrow_peak, python_peak = peak(stream, prices)
    size = stream.nbytes
    print(f"input {size / 2**20:.0f} MiB of Arrow; estimate peak at most "
          f"{most / 2**20:.0f} MiB ({arrow_peak / 2**20:.0f} MiB Arrow + "
          f"{python_peak / 2**20:.0f} MiB Python) = {most / size:.2f}x the input (goal <= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
