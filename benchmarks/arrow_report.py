"""Columnar batch analysis, measured: analyze_array against analyze_many, the floor, and
DuckDB's vectorised UDF against a row-at-a-time one (issue 13's goals; docs/batch.md).

    python benchmarks/arrow_report.py --rows 1000000 --passes 5 --floor-passes 31 \
        --duckdb-rows 10000000 --duckdb-row-rows 1000000

The bodies are the six classes of ``corpus.py`` interleaved (10,000 distinct bodies per
class, repeated to ``--rows``). The contenders of one comparison run in turns, in one
process (a round runs each once; analyze_array and the floor take turns every 50,000
rows), and each figure is the median of its rounds; a ratio is the median of the
ratios of the rounds, which the load of a shared machine moves far less than the
figures themselves, as both contenders of a round see much the same load. Peak memory of
analyze_array is measured in a child process (``ru_maxrss``). The row-at-a-time DuckDB
UDF may be timed over fewer rows (``--duckdb-row-rows``) and scaled, as it says.
"""

from __future__ import annotations

import argparse
import json
import statistics
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


def bodies(rows: int, kind: str = "all") -> list[str]:
    classes = [corpus(name, 10_000) for name in (CLASSES if kind == "all" else [kind])]
    distinct = [b for group in zip(*classes, strict=True) for b in group]
    return (distinct * (rows // len(distinct) + 1))[:rows]


def rounds(runs: dict[str, Callable[[], Any]], passes: int) -> dict[str, list[float]]:
    """The times of each of ``runs`` over ``passes`` rounds, a round running each once in
    turn: on a shared machine the others' load then weighs on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(passes):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return times


def paired(runs: dict[str, Callable[[Any], Any]], pieces: list[Any],
           passes: int) -> dict[str, list[float]]:
    """As :func:`rounds`, but a round takes turns piece by piece (a few tens of
    milliseconds each, who goes first alternating), so that both contenders of each piece
    see the same load; a round's time is the sum over its pieces."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    order = list(runs.items())
    for _ in range(passes):
        spent = dict.fromkeys(runs, 0.0)
        for piece in pieces:
            order.reverse()
            for name, run in order:
                start = time.perf_counter()
                run(piece)
                spent[name] += time.perf_counter() - start
        for name in runs:
            times[name].append(spent[name])
    return times


def median(times: list[float]) -> float:
    return statistics.median(times)


def ratio(times: dict[str, list[float]], top: str, bottom: str) -> float:
    """The median over the rounds of ``top``'s time over ``bottom``'s in the same round."""
    return statistics.median(a / b for a, b in zip(times[top], times[bottom], strict=True))


def walker() -> Callable[[Any, Any], Any]:
    """``benchmarks/_walk.pyx``'s ``walk_utf8``, built first if it is not."""
    try:
        import _walk  # type: ignore[import-not-found]
    except ImportError:
        from build_walk import build

        build()
        import _walk  # type: ignore[import-not-found]
    found: Callable[[Any, Any], Any] = _walk.walk_utf8
    return found


def floor(array: Any) -> Callable[[], Any]:
    walk_utf8 = walker()
    offsets = memoryview(array.buffers()[1]).cast("i")[: len(array) + 1]
    data = memoryview(array.buffers()[2]).cast("B")
    return lambda: walk_utf8(data, offsets)


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


def spread(times: dict[str, list[float]], top: str, bottom: str) -> str:
    """The quartiles of the per-round ratios, to show how steady the median is."""
    found = sorted(a / b for a, b in zip(times[top], times[bottom], strict=True))
    if len(found) < 4:
        return f"{found[0]:.2f}-{found[-1]:.2f}"
    low, _, high = statistics.quantiles(found, n=4)
    return f"quartiles {low:.2f}-{high:.2f}"


def duckdb_figures(rows: int, row_rows: int, passes: int, kind: str) -> dict[str, float]:
    """Seconds of ``SELECT sum(...(body)) FROM messages`` over ``rows`` rows on 2 threads:
    the vectorised ``sms_parts``, Arrow UDFs doing only ``utf8_length`` or nothing (the
    cost of DuckDB's vectorised calls themselves: its vectors made Arrow arrays, the call,
    the result read back), and over the first ``row_rows`` rows the row-at-a-time UDF and
    the vectorised one again."""
    import duckdb  # type: ignore[import-untyped, unused-ignore]

    from sms_codec.duckdb import register

    con = register(duckdb.connect())
    con.execute("SET threads = 2")
    con.execute("SET enable_progress_bar = false")
    texts = bodies(min(rows, 1_000_000), kind)
    source = pa.table({"body": pa.array(texts)})  # DuckDB scans it by name
    del texts
    copies = -(-rows // 1_000_000)
    con.execute(f"CREATE TABLE messages AS SELECT body FROM range({copies}), source LIMIT {rows}")
    if row_rows == rows:
        con.execute("CREATE VIEW few AS SELECT body FROM messages")
    else:
        copies = -(-row_rows // 1_000_000)
        con.execute(f"CREATE TABLE few AS SELECT body FROM range({copies}), source "
                    f"LIMIT {row_rows}")
    del source
    con.create_function(
        "sms_parts_row", lambda body: sms_codec.analyze(body).parts, ["VARCHAR"], "INTEGER"
    )
    pc = pa.compute
    con.create_function("arrow_floor", lambda b: pc.utf8_length(b), ["VARCHAR"], "INTEGER",
                        type="arrow", null_handling="special")
    bare = walker()

    def walk(values: Any) -> Any:  # the floor of analyze_array, as an Arrow UDF
        array = values.combine_chunks()
        data = array.buffers()[2]
        bare(memoryview(data if data is not None else b"").cast("B"),
             memoryview(array.buffers()[1]).cast("i")[array.offset:array.offset + len(array) + 1])
        return pa.nulls(len(array), pa.int32())

    con.create_function("arrow_walk", walk, ["VARCHAR"], "INTEGER", type="arrow",
                        null_handling="special")
    con.create_function("arrow_nothing", lambda b: pa.nulls(len(b), pa.int32()), ["VARCHAR"],
                        "INTEGER", type="arrow", null_handling="special")

    def query(function: str, table: str) -> Callable[[], Any]:
        return lambda: con.sql(f"SELECT sum({function}(body)) FROM {table}").fetchall()

    answers = {query(f, t)()[0][0] for f, t in (("sms_parts", "few"), ("sms_parts_row", "few"))}
    if len(answers) != 1:
        raise AssertionError(f"the two UDFs disagree: {answers}")
    big = rounds({"vector": query("sms_parts", "messages"),
                  "floor": query("arrow_floor", "messages"),
                  "nothing": query("arrow_nothing", "messages"),
                  "walk": query("arrow_walk", "messages")}, passes)
    few = rounds({"vector": query("sms_parts", "few"), "row": query("sms_parts_row", "few")}, 1)
    return {"vector_s": median(big["vector"]), "floor_s": median(big["floor"]),
            "nothing_s": median(big["nothing"]), "walk_s": median(big["walk"]),
            "few_vector_s": few["vector"][0], "few_row_s": few["row"][0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--passes", type=int, default=5, help="rounds of every contender")
    parser.add_argument("--floor-passes", type=int, default=31,
                        help="rounds of analyze_array and the bare walk alone")
    parser.add_argument("--python-rows", type=int, default=100_000,
                        help="rows for the Python twin (slower; its time is scaled up)")
    parser.add_argument("--duckdb-rows", type=int, default=0, help="0: skip DuckDB")
    parser.add_argument("--duckdb-row-rows", type=int, default=0,
                        help="rows for the row-at-a-time UDF (0: --duckdb-rows; else scaled)")
    parser.add_argument("--duckdb-class", default="all", choices=["all", *CLASSES],
                        help="the corpus class of DuckDB's bodies (all: the six interleaved)")
    args = parser.parse_args(argv)
    texts = bodies(args.rows)
    array = pa.array(texts)
    if _scan.compiled() is None or _arrow.compiled() is None:
        print("the Cython twin is not built: only the Python twin is measured")
    walk = floor(array)
    times = rounds({
        "many": lambda: sms_codec.analyze_many(texts),
        "pylist": lambda: sms_codec.analyze_many(array.to_pylist()),
        "array": lambda: analyze_array(array),
        "floor": walk,
    }, args.passes)
    step = 50_000
    pieces = [(piece, floor(piece)) for piece in (
        pa.array(texts[k:k + step]) for k in range(0, args.rows, step))]
    pair = paired({"array": lambda piece: analyze_array(piece[0]),
                   "floor": lambda piece: piece[1]()}, pieces, args.floor_passes)
    previous, previous_arrow = _scan.use(_scan_py), _arrow.use(_arrow_py)
    try:
        small = pa.array(texts[: args.python_rows])
        python = median(rounds({"python": lambda: analyze_array(small)}, 1)["python"])
        python *= args.rows / args.python_rows
    finally:
        _scan.use(previous)
        _arrow.use(previous_arrow)
    ns = 1e9 / args.rows
    lines = [
        f"{args.rows:,} rows (six corpus classes interleaved), medians of {args.passes} rounds "
        f"({args.floor_passes} for analyze_array against the floor)",
        f"analyze_many(list)             {median(times['many']) * ns:8.0f} ns/row",
        f"to_pylist() + analyze_many     {median(times['pylist']) * ns:8.0f} ns/row",
        f"analyze_array (Cython twin)    {median(pair['array']) * ns:8.0f} ns/row",
        f"analyze_array (Python twin)    {python * ns:8.0f} ns/row ({args.python_rows:,} rows)",
        f"bare UTF-8 walk (floor)        {median(pair['floor']) * ns:8.0f} ns/row",
        f"analyze_array / analyze_many            {ratio(times, 'array', 'many'):5.2f}x  "
        f"(goal <= 0.8; {spread(times, 'array', 'many')})",
        f"analyze_array / to_pylist+analyze_many  {ratio(times, 'array', 'pylist'):5.2f}x  "
        f"(goal <= 0.5; {spread(times, 'array', 'pylist')})",
        f"analyze_array / floor                   {ratio(pair, 'array', 'floor'):5.2f}x  "
        f"(goal <= 1.5; {spread(pair, 'array', 'floor')})",
    ]
    print("\n".join(lines), flush=True)
    lines = []
    memory = peak_memory(array)
    lines.append(f"resident memory: peak +{memory['grew']:.1f} MiB, kept +{memory['kept']:.1f} MiB "
                 f"for {memory['output']:.1f} MiB of output columns "
                 f"({memory['input']:.0f} MiB of input)")
    if args.duckdb_rows:
        row_rows = args.duckdb_row_rows or args.duckdb_rows
        duck = duckdb_figures(args.duckdb_rows, row_rows, args.passes, args.duckdb_class)
        scale = args.duckdb_rows / row_rows
        row_s = duck["few_row_s"] * scale
        lines += [
            f"DuckDB sum(sms_parts(body)), {args.duckdb_class} bodies, 2 threads, "
            f"{args.duckdb_rows:,} rows: vectorised {duck['vector_s']:.2f} s (median of "
            f"{args.passes}); an Arrow UDF doing only utf8_length {duck['floor_s']:.2f} s, "
            f"one doing nothing (a null per row) {duck['nothing_s']:.2f} s, one doing the bare "
            f"UTF-8 walk {duck['walk_s']:.2f} s",
            f"  row-at-a-time over {row_rows:,} rows {duck['few_row_s']:.2f} s, vectorised "
            f"{duck['few_vector_s']:.2f} s ({duck['few_row_s'] / duck['few_vector_s']:.1f}x)",
            f"  row-at-a-time at {args.duckdb_rows:,} rows "
            + (f"(scaled x{scale:g}) " if scale != 1 else "")
            + f"{row_s:.2f} s: {row_s / duck['vector_s']:.1f}x faster vectorised (goal >= 10x); "
            f"the Arrow UDF doing nothing is {row_s / duck['nothing_s']:.1f}x faster, "
            f"utf8_length {row_s / duck['floor_s']:.1f}x, the bare walk "
            f"{row_s / duck['walk_s']:.1f}x",
        ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
