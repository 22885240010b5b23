"""Columnar batch analysis, measured: analyze_array against analyze_many, the floor, and
DuckDB's vectorised UDF against a row-at-a-time one (issue 13's goals; docs/batch.md).

    python benchmarks/arrow_report.py --rows 1000000 --passes 3 --duckdb-rows 10000000

The bodies are the six classes of ``corpus.py`` interleaved (10,000 distinct bodies per
class, repeated to ``--rows``). Times are the best of ``--passes``; ratios are of one run.
Peak memory of analyze_array is measured in a child process (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.compute  # type: ignore[import-untyped, unused-ignore]
from corpus import CLASSES, corpus

import sms_codec
from sms_codec import _arrow, _arrow_py, _scan, _scan_py
from sms_codec.arrow import analyze_array


def bodies(rows: int) -> list[str]:
    classes = [corpus(kind, 10_000) for kind in CLASSES]
    distinct = [b for group in zip(*classes, strict=True) for b in group]
    return (distinct * (rows // len(distinct) + 1))[:rows]


def best(run: Callable[[], Any], passes: int) -> float:
    """The fastest of ``passes`` runs: on a shared machine the others measure its load."""
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def floor(array: Any) -> Callable[[], Any]:
    try:
        import _walk  # type: ignore[import-not-found]
    except ImportError:
        from build_walk import build

        build()
        import _walk  # type: ignore[import-not-found]
    offsets = memoryview(array.buffers()[1]).cast("i")[: len(array) + 1]
    data = memoryview(array.buffers()[2]).cast("B")
    return lambda: _walk.walk_utf8(data, offsets)


def peak_memory(array: Any) -> dict[str, float]:
    """RSS growth of one analyze_array call over ``array``, in a fresh process that reads it
    from an Arrow IPC file (so no list of str raised its high-water mark first)."""
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "bodies.arrow")
        schema = pa.schema([("b", pa.string())])
        with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
            writer.write_table(pa.table({"b": array}))
        child = f"""
import json, os, threading, time
import pyarrow as pa
from sms_codec.arrow import analyze_array
PAGE = os.sysconf("SC_PAGE_SIZE") / 2**20
def resident():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE
values = pa.ipc.open_file(pa.OSFile({path!r})).read_all().column(0)
analyze_array(values[:10])
before, peak, done = resident(), [0.0], threading.Event()
def sample():  # runs while the walk holds no GIL
    while not done.is_set():
        peak[0] = max(peak[0], resident())
        time.sleep(0.001)
sampler = threading.Thread(target=sample)
sampler.start()
result = analyze_array(values)
done.set()
sampler.join()
print(json.dumps({{"grew": max(peak[0], resident()) - before, "kept": resident() - before,
                  "output": result.nbytes / 2**20, "input": values.nbytes / 2**20}}))
"""
        out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                             check=True)
    found: dict[str, float] = json.loads(out.stdout)
    return found


def duckdb_figures(rows: int, passes: int) -> dict[str, float]:
    import duckdb  # type: ignore[import-untyped, unused-ignore]

    from sms_codec.duckdb import register

    con = register(duckdb.connect())
    con.execute("SET threads = 2")
    source = pa.table({"body": pa.array(bodies(rows))})  # noqa: F841 (DuckDB scans it by name)
    con.execute("CREATE TABLE messages AS SELECT * FROM source")
    con.create_function(
        "sms_parts_row", lambda body: sms_codec.analyze(body).parts, ["VARCHAR"], "INTEGER"
    )
    pc = pa.compute
    con.create_function("arrow_floor", lambda b: pc.utf8_length(b), ["VARCHAR"], "INTEGER",
                        type="arrow", null_handling="special")
    floor = best(lambda: con.sql("SELECT sum(arrow_floor(body)) FROM messages").fetchall(),
                 passes)
    vector = best(lambda: con.sql("SELECT sum(sms_parts(body)) FROM messages").fetchall(),
                  passes)
    row = best(lambda: con.sql("SELECT sum(sms_parts_row(body)) FROM messages").fetchall(), 1)
    return {"vector_s": vector, "row_s": row, "floor_s": floor}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--python-rows", type=int, default=100_000,
                        help="rows for the Python twin (slower; its time is scaled up)")
    parser.add_argument("--duckdb-rows", type=int, default=0, help="0: skip DuckDB")
    args = parser.parse_args(argv)
    texts = bodies(args.rows)
    array = pa.array(texts)
    if _scan.compiled() is None or _arrow.compiled() is None:
        print("the Cython twin is not built: only the Python twin is measured")
    many = best(lambda: sms_codec.analyze_many(texts), args.passes)
    pylist = best(lambda: sms_codec.analyze_many(array.to_pylist()), args.passes)
    columns = best(lambda: analyze_array(array), args.passes)
    bare = best(floor(array), args.passes)
    previous, previous_arrow = _scan.use(_scan_py), _arrow.use(_arrow_py)
    try:
        small = pa.array(texts[: args.python_rows])
        python = best(lambda: analyze_array(small), 1) * args.rows / args.python_rows
    finally:
        _scan.use(previous)
        _arrow.use(previous_arrow)
    ns = 1e9 / args.rows
    lines = [
        f"{args.rows:,} rows (six corpus classes interleaved), best of {args.passes}",
        f"analyze_many(list)             {many * ns:8.0f} ns/row",
        f"to_pylist() + analyze_many     {pylist * ns:8.0f} ns/row",
        f"analyze_array (Cython twin)    {columns * ns:8.0f} ns/row",
        f"analyze_array (Python twin)    {python * ns:8.0f} ns/row ({args.python_rows:,} rows)",
        f"bare UTF-8 walk (floor)        {bare * ns:8.0f} ns/row",
        f"analyze_array / analyze_many            {columns / many:5.2f}x  (goal <= 0.8)",
        f"analyze_array / to_pylist+analyze_many  {columns / pylist:5.2f}x  (goal <= 0.5)",
        f"analyze_array / floor                   {columns / bare:5.2f}x  (goal <= 1.5)",
    ]
    print("\n".join(lines), flush=True)
    lines = []
    memory = peak_memory(array)
    lines.append(f"resident memory: peak +{memory['grew']:.1f} MiB, kept +{memory['kept']:.1f} MiB "
                 f"for {memory['output']:.1f} MiB of output columns "
                 f"({memory['input']:.0f} MiB of input)")
    if args.duckdb_rows:
        duck = duckdb_figures(args.duckdb_rows, args.passes)
        lines.append(
            f"DuckDB sum(sms_parts(body)), {args.duckdb_rows:,} rows, 2 threads: "
            f"vectorised {duck['vector_s']:.2f} s, row-at-a-time {duck['row_s']:.2f} s "
            f"({duck['row_s'] / duck['vector_s']:.1f}x, goal >= 10x); an Arrow UDF doing only "
            f"utf8_length: {duck['floor_s']:.2f} s"
        )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
