"""The columnar estimate against an earlier commit's reader, interleaved in one process
(the machine is shared: separate runs measure the neighbours), CPU seconds:

    python benchmarks/campaign_arrow_compare.py REV                 # 1,000,000, 5 rounds
    python benchmarks/campaign_arrow_compare.py REV --recipients 200000 --rounds 3

``REV``'s ``src/sms_codec/_estimate_columns.py`` (with its ``_estimate_column_numbers.py``)
is loaded beside the current one and
:func:`~sms_codec.estimate_arrow.estimate_arrow` is run with each module's ``tally_of``
in turn, after ``analyze_many`` over the rendered bodies; every answer is checked equal
to ``estimate_campaign``'s. It prints each round and the minima. Measured, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

sys.path.append(str(Path(__file__).resolve().parent))
sys.path.append(str(Path(__file__).resolve().parent.parent / "src"))

import pyarrow as pa
from campaign import TEMPLATE, campaign, render_all

import sms_codec
from sms_codec import _estimate_columns
from sms_codec import estimate_arrow as estimate_arrow_module

PRICES = {"GR": "0.045", "TR": "0.02", "US": "0.0079", "CA": "0.0079", "RU": "0.06"}


def _load(revision: str, name: str) -> Any:
    path = f"src/sms_codec/{name}.py"
    source = subprocess.check_output(["git", "show", f"{revision}:{path}"], text=True,
                                     cwd=Path(__file__).resolve().parent.parent)
    module = types.ModuleType(f"sms_codec.{name}_earlier")
    module.__package__ = "sms_codec"
    exec(compile(source, f"{revision}:{path}", "exec"), module.__dict__)
    return module


def earlier(revision: str) -> Any:
    """``revision``'s ``_estimate_columns`` as a module of its own, reading numbers with
    ``revision``'s ``_estimate_column_numbers`` (also loaded apart)."""
    numbers = _load(revision, "_estimate_column_numbers")
    module = _load(revision, "_estimate_columns")
    for name in ("full", "normalise_column"):
        if hasattr(module, name):
            setattr(module, name, getattr(numbers, name))
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision")
    parser.add_argument("--recipients", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    before = earlier(args.revision)
    contacts = campaign(args.recipients)
    bodies = render_all(contacts)
    table = pa.table({
        "mobile": [c["mobile"] for c in contacts.values()],
        "id": list(contacts),
        "firstName": [c["labels"]["firstName"] for c in contacts.values()],
        "city": [c["labels"]["city"] for c in contacts.values()],
    })
    want = sms_codec.estimate_campaign(TEMPLATE, contacts=contacts, prices=PRICES).to_dict()
    del contacts
    stream = pa.Table.from_batches(table.to_batches(max_chunksize=65_536))
    del table
    original = estimate_arrow_module.tally_of

    def run(module: Any) -> float:
        estimate_arrow_module.tally_of = module.tally_of
        try:
            gc.collect()
            start = time.process_time()
            got = estimate_arrow_module.estimate_arrow(TEMPLATE, stream, prices=PRICES)
            spent = time.process_time() - start
        finally:
            estimate_arrow_module.tally_of = original
        assert got.to_dict() == want
        return spent

    def baseline() -> float:
        gc.collect()
        start = time.process_time()
        sms_codec.analyze_many(bodies)
        return time.process_time() - start

    found: dict[str, list[float]] = {"analyze_many": [], args.revision: [], "now": []}
    for _ in range(args.rounds):
        found["analyze_many"].append(baseline())
        found[args.revision].append(run(before))
        found["now"].append(run(_estimate_columns))
    for name, spent in found.items():
        print(f"{name}: {' '.join(f'{s:.3f}' for s in spent)} (min {min(spent):.3f})")
    least = {name: min(spent) for name, spent in found.items()}
    base = least["analyze_many"]
    print(f"{args.revision}: {least[args.revision] / base:.1f}x analyze_many, now: "
          f"{least['now'] / base:.1f}x; now / {args.revision}: "
          f"{least['now'] / least[args.revision]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
