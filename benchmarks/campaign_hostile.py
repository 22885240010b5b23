"""The columnar estimate on hostile recipient lists, linear in their size (issue 12 and
the brief's linear-time rule), one run, CPU seconds:

    python benchmarks/campaign_hostile.py                  # 20,000 and 200,000 recipients
    python benchmarks/campaign_hostile.py --small 10000 --large 100000

Families (each recipient a distinct id):

* ``every calling code``: numbers of random length (7 to 16 digits) after a random one
  of ``phonenumbers``' calling codes, so the automaton meets as many states as it can
  and most numbers go to ``phonenumbers.parse`` (invalid there);
* ``valid numbers, every code``: ``phonenumbers``' example numbers with their last
  digits random, mostly valid and answered by the automaton;
* ``near-equal ids``: ids of one length differing in one byte, numbers of one country.

Each family is measured at both sizes with a fresh automaton (its tables start empty);
the ratio of the two times against the ratio of the sizes is the figure (linear: about
the same). Measured, never asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent / "src"))

import phonenumbers
import pyarrow as pa

import sms_codec
from sms_codec import _estimate_column_numbers
from sms_codec.estimate_arrow import estimate_arrow


def _every_code(rng: random.Random, n: int) -> list[str]:
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    out = []
    for _ in range(n):
        code = str(rng.choice(codes))
        rest = rng.randrange(max(0, 7 - len(code)), 17 - len(code))
        out.append("+" + code + "".join(rng.choice("0123456789") for _ in range(rest)))
    return out


def _examples(rng: random.Random, n: int) -> list[str]:
    examples = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in range(12):
            found = phonenumbers.example_number_for_type(region, kind)
            if found is not None:
                examples.append(phonenumbers.format_number(
                    found, phonenumbers.PhoneNumberFormat.E164))
    out = []
    for _ in range(n):
        number = rng.choice(examples)
        out.append(number[:-4] + f"{rng.randrange(10_000):04d}")
    return out


def _greek(rng: random.Random, n: int) -> list[str]:
    return [f"+3069{rng.randrange(10**8):08d}" for _ in range(n)]


FAMILIES: dict[str, tuple[Callable[[random.Random, int], list[str]], bool]] = {
    "every calling code": (_every_code, False),
    "valid numbers, every code": (_examples, False),
    "near-equal ids": (_greek, True),
}


def table(family: str, n: int) -> pa.Table:
    make, near = FAMILIES[family]
    rng = random.Random(n)
    ids = [f"{i:012d}" for i in range(n)] if near else [f"c{i}" for i in range(n)]
    return pa.table({"mobile": make(rng, n), "id": ids,
                     "name": [rng.choice(["Ana", "Bo", "Ίρις"]) for _ in range(n)]})


def timed(recipients: pa.Table) -> float:
    _estimate_column_numbers.fresh_automaton(phonenumbers)  # its tables start empty
    start = time.process_time()
    estimate_arrow("Hi [~name]", recipients)
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--large", type=int, default=200_000)
    args = parser.parse_args()
    print(f"{sms_codec.IMPLEMENTATION} kernels; CPU s at {args.small:,} and {args.large:,} "
          f"recipients (sizes {args.large / args.small:.0f}x)")
    print("| family | small | large | ratio |\n|---|---|---|---|")
    for family in FAMILIES:
        small, large = timed(table(family, args.small)), timed(table(family, args.large))
        print(f"| {family} | {small:.3f} | {large:.3f} | {large / small:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
