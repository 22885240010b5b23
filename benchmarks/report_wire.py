"""One process, one table: what travels. Median ns per message (or per septet) per class.

    python benchmarks/report_wire.py                         # 3,000 messages, 5 passes
    python benchmarks/report_wire.py --messages 500 --passes 3

Contenders per corpus class: ``split`` and ``encode`` (Cython twin) against smpplib's
``make_parts`` (an SMPP client's splitter), and ``encode`` + ``pdu.submit`` per part
against python-gsmmodem-new's ``encodeSmsSubmitPdu`` (which raises on astral characters:
no figure for emoji). Then ``pack_septets`` / ``unpack_septets`` per septet on each twin,
against the loop ``gsm7`` used before the kernels. Ratios follow the goals of issue 11;
the exit status is 0 whatever they are.
"""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import smpplib.gsm  # type: ignore[import-untyped]  # noqa: E402
from corpus import CLASSES, corpus  # noqa: E402
from gsmmodem.pdu import encodeSmsSubmitPdu  # type: ignore[import-untyped]  # noqa: E402
from report import mapped, per_message, twin  # noqa: E402

import sms_codec  # noqa: E402
from sms_codec import _scan, _scan_py  # noqa: E402
from sms_codec.pdu import submit  # noqa: E402

DESTINATION = "+15550100"


def _encode_submit(body: str) -> list[bytes]:
    return [submit(segment, DESTINATION) for segment in sms_codec.encode(body, reference=7)]


def _gsmmodem(body: str) -> Any:
    return encodeSmsSubmitPdu(DESTINATION, body, reference=7)


def _loop_pack(septets: bytes) -> bytes:
    """The per-septet loop sms_codec.gsm7 ran before the kernels (the baseline)."""
    out = bytearray()
    acc = bits = 0
    for septet in septets:
        acc |= septet << bits
        bits += 7
        if bits >= 8:
            out.append(acc & 0xFF)
            acc >>= 8
            bits -= 8
    if bits:
        out.append(acc)
    return bytes(out)


def measure(messages: int, passes: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    c_twin = _scan.compiled()
    if c_twin is None:
        sys.exit("report_wire.py measures the Cython twin: build it first (pip install -e .)")
    rows = []
    for kind in CLASSES:
        bodies = corpus(kind, messages)
        row: dict[str, Any] = {"class": kind}
        with twin(c_twin):
            row["split"] = per_message(mapped(sms_codec.split), bodies, passes)
            row["encode"] = per_message(mapped(sms_codec.encode), bodies, passes)
            row["submit"] = per_message(mapped(_encode_submit), bodies, passes)
        row["make_parts"] = per_message(mapped(smpplib.gsm.make_parts), bodies, passes)
        try:
            row["gsmmodem"] = per_message(mapped(_gsmmodem), bodies, passes)
        except ValueError:  # astral characters
            row["gsmmodem"] = None
        rows.append(row)
        print(f"measured {kind}", file=sys.stderr, flush=True)
    packing = []
    for size in (160, 1000):
        septets: list[Any] = [
            bytes((i * 37 + k) % 128 for i in range(size)) for k in range(messages)
        ]
        packed: list[Any] = [_scan_py.pack_septets(s, 0) for s in septets]
        pack: Callable[[Any], Any] = sms_codec.gsm7.pack_septets
        unpack: Callable[[Any], Any] = sms_codec.gsm7.unpack_septets
        loop: Callable[[Any], Any] = _loop_pack
        row = {"septets": size}
        for name, module in (("c", c_twin), ("py", _scan_py)):
            with twin(module):
                row[f"pack_{name}"] = per_message(mapped(pack), septets, passes) / size
                row[f"unpack_{name}"] = per_message(mapped(unpack), packed, passes) / size
        row["loop"] = per_message(mapped(loop), septets, passes) / size
        packing.append(row)
    return rows, packing


def _x(value: float | None, goal: str) -> str:
    return "n/a" if value is None else f"{value:.2f}x {goal}"


def render(rows: list[dict[str, Any]], packing: list[dict[str, Any]], messages: int,
           passes: int) -> str:
    lines = [
        f"sms_codec {sms_codec.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}; {messages} messages per class, median of {passes} passes; "
        "ns per message",
        "",
        "| class | split | encode | make_parts | encode + submit | encodeSmsSubmitPdu |"
        " split / make_parts (< 1) | encode / make_parts (< 1) |"
        " encodeSmsSubmitPdu / (encode + submit) (>= 3) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        split, encode, peer = row["split"] / row["make_parts"], row["encode"] / row[
            "make_parts"], row["gsmmodem"] and row["gsmmodem"] / row["submit"]
        gsmmodem = "n/a" if row["gsmmodem"] is None else f"{row['gsmmodem']:,.0f}"
        lines.append(
            f"| {row['class']} | {row['split']:,.0f} | {row['encode']:,.0f} | "
            f"{row['make_parts']:,.0f} | {row['submit']:,.0f} | {gsmmodem} | "
            f"{_x(split, 'met' if split < 1 else 'NOT met')} | "
            f"{_x(encode, 'met' if encode < 1 else 'NOT met')} | "
            f"{_x(peer, 'met' if peer and peer >= 3 else 'NOT met')} |"
        )
    lines += [
        "",
        "| septets per call | pack, Cython | pack, Python | unpack, Cython | unpack, Python |"
        " the old loop |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for row in packing:
        lines.append(
            f"| {row['septets']} | {row['pack_c']:.2f} | {row['pack_py']:.2f} | "
            f"{row['unpack_c']:.2f} | {row['unpack_py']:.2f} | {row['loop']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3_000, help="bodies per class")
    parser.add_argument("--passes", type=int, default=5, help="timed passes (median)")
    args = parser.parse_args(argv)
    rows, packing = measure(args.messages, args.passes)
    print(render(rows, packing, args.messages, args.passes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
