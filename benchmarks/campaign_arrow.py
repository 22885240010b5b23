"""The campaign estimate over Arrow recipients against the dict-of-records path (issue 13),
one run, CPU seconds:

    python benchmarks/campaign_arrow.py                        # 1,000,000 recipients
    python benchmarks/campaign_arrow.py --recipients 100000    # a quicker run

The recipients are ``benchmarks/campaign.py``'s corpus, as ``{id: record}`` for
``estimate_campaign(contacts=...)`` and as one Arrow table (``mobile``, ``id``,
``firstName``, ``city``) in record batches of ``--batch`` rows for
:func:`sms_codec.estimate_arrow.estimate_arrow`. Building either input is not timed.
Measured, never asserted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent))
sys.path.append(str(Path(__file__).resolve().parent.parent / "src"))

import pyarrow as pa
from campaign import TEMPLATE, campaign, timed

import sms_codec
from sms_codec.estimate_arrow import estimate_arrow


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
    records, want = timed(sms_codec.estimate_campaign, TEMPLATE, contacts=contacts,
                          prices=prices)
    expected = want.to_dict()
    del contacts, want
    stream = pa.Table.from_batches(table.to_batches(max_chunksize=args.batch))
    del table
    print(f"{args.recipients:,} recipients, {sms_codec.IMPLEMENTATION} kernels, "
          f"{len(stream.to_batches())} batches of up to {args.batch:,} rows")
    arrow, got = timed(estimate_arrow, TEMPLATE, stream, prices=prices)
    assert got.to_dict() == expected
    print(f"estimate_campaign(contacts=dict): {records:.2f} s")
    print(f"estimate_arrow(table):            {arrow:.2f} s = {arrow / records:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
