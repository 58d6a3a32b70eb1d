"""Aggregating codings tables past one machine's memory (issue 25).

    python benchmarks/engines.py gen /tmp/codings-100m.parquet --rows 100_000_000
    python benchmarks/engines.py duckdb /tmp/codings-100m.parquet --by outlet,month
    python benchmarks/engines.py dask /tmp/codings-10m.parquet --by outlet,month
    python benchmarks/engines.py top --voices 50000 --issues 30 --k 10
    python benchmarks/engines.py table    # load_table vs read_csv, stance_matrix vs pivot

``gen`` writes a synthetic codings table in chunks of ``--chunk`` rows (the whole table
never exists in memory): ten codings per source on ten distinct (holder, issue) cells
of 21 holders × 50 issues, stances −2..+2 uniform, 50 outlets, publication days over
three years (a source's outlet and day follow from its id), every 20th row adjudicated.
Each other command runs once and prints wall time and the process's peak RSS
(``ru_maxrss``, which includes the Python interpreter and the imported libraries).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from typing import Any


def gen(path: str, rows: int, chunk: int, seed: int) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    n_sources = max(1, rows // 10)
    outlets = pa.array([f"outlet-{i:02d}" for i in range(50)])
    day0 = dt.date(2023, 1, 1)
    days = pa.array([(day0 + dt.timedelta(days=i)).isoformat() for i in range(1096)])
    holders = pa.array(["author", *(f"actor-{i:02d}" for i in range(20))])
    issues = pa.array([f"issue-{i:02d}" for i in range(50)])
    digits = len(str(n_sources))
    writer = None
    t0 = time.perf_counter()
    for start in range(0, rows, chunk):
        r = np.arange(start, min(rows, start + chunk), dtype=np.int64)
        src = r // 10
        cell = ((r % 10) * 97 + src * 13) % 1050  # ten distinct cells per source
        names = pa.array(np.char.add("s", np.char.zfill(src.astype(str), digits)))
        table = pa.table(
            {
                "source": names,
                "holder": pa.DictionaryArray.from_arrays(
                    pa.array((cell // 50).astype(np.int32)), holders
                ),
                "issue": pa.DictionaryArray.from_arrays(
                    pa.array((cell % 50).astype(np.int32)), issues
                ),
                "stance": pa.array(rng.integers(-2, 3, len(r)).astype(np.int8)),
                "adjudicated": pa.array(r % 20 == 0),
                "outlet": pa.DictionaryArray.from_arrays(
                    pa.array((src * 7 % 50).astype(np.int32)), outlets
                ),
                "published": pa.DictionaryArray.from_arrays(
                    pa.array((src % 1096).astype(np.int32)), days
                ),
                "quote": pa.DictionaryArray.from_arrays(
                    pa.array(np.zeros(len(r), np.int32)), pa.array(["(quote kept in the table)"])
                ),
            }
        )
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema, compression="zstd")
        writer.write_table(table, row_group_size=1_000_000)
    if writer is not None:
        writer.close()
    print(f"wrote {rows:,} rows to {path} in {time.perf_counter() - t0:.1f} s")


def _report(what: str, seconds: float, extra: str = "") -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"{what}: {seconds:.1f} s wall, peak RSS {peak:.2f} GB {extra}".rstrip())


def run_duckdb(path: str, by: str, check: bool, memory_limit: str) -> None:
    import posmatrix

    t0 = time.perf_counter()
    agg = posmatrix.aggregate(path, by=by, holder=None, check=check, memory_limit=memory_limit)
    seconds = time.perf_counter() - t0
    _report(
        f"duckdb aggregate --by {by} (check={check})",
        seconds,
        f"-> {agg.matrix.shape[0]} voices x {agg.matrix.shape[1]} issues, counts {agg.counts}",
    )


def run_dask(path: str, by: str, workers: int) -> None:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import posmatrix

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster,
        Client(cluster),
    ):
        frame = dd.read_parquet(path)
        t0 = time.perf_counter()
        agg = posmatrix.aggregate(frame, by=by, holder=None)
        seconds = time.perf_counter() - t0
    _report(
        f"dask ({workers} workers) aggregate --by {by}",
        seconds,
        f"-> {agg.matrix.shape[0]} voices x {agg.matrix.shape[1]} issues "
        "(peak RSS is the client process; workers are separate processes)",
    )


def run_top(voices: int, issues: int, k: int, seed: int) -> None:
    import numpy as np
    import pandas as pd

    import posmatrix

    rng = np.random.default_rng(seed)
    x = rng.integers(-2, 3, (voices, issues)).astype(np.float64)
    x[rng.random(x.shape) < 0.5] = np.nan
    frame = pd.DataFrame(x, index=pd.Index([f"v{i}" for i in range(voices)], name="voice"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    t0 = time.perf_counter()
    top = posmatrix.agreement(frame, "cityblock", top=k)
    seconds = time.perf_counter() - t0
    dense = voices * voices * 8 / 1024**3
    _report(
        f"agreement(top={k}) of {voices:,} voices x {issues} issues",
        seconds,
        f"-> {len(top):,} rows; peak RSS before the call {before:.2f} GB; "
        f"a dense float64 matrix would be {dense:.1f} GB",
    )


def run_table(repeat: int) -> None:
    """``benchmarks/run.py``'s ``table`` stage, timed in CPU seconds (``time.process_time``,
    best of ``repeat``): on a shared machine wall time is mostly waiting."""
    import gc
    import tempfile
    from pathlib import Path

    import pandas as pd

    sys.path.insert(0, str(Path(__file__).parent))
    from run import SIZES
    from synth import synthesize

    from posmatrix.frame import load_table
    from posmatrix.matrix import stance_matrix

    def cpu(fn: Any) -> tuple[float, Any]:
        times, out = [], None
        for _ in range(max(1, repeat)):
            out = None
            gc.collect()
            t0 = time.process_time()
            out = fn()
            times.append(time.process_time() - t0)
        return min(times), out

    size = SIZES["full"]
    data = synthesize(size["table_sources"], size["issues"], seed=6)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "codings.csv"
        data.codings.to_csv(path, index=False)
        t_pd, frame = cpu(lambda: pd.read_csv(path))
        t_pm, ds = cpu(lambda: load_table(path, max_bytes=10**9))
    t_sm, matrix = cpu(lambda: stance_matrix(ds, "author"))
    t_pv, _ = cpu(lambda: frame.pivot(index="source", columns="issue", values="stance"))
    print(
        f"load_table {len(ds.codings):,} codings {t_pm:.3f} s CPU, read_csv {t_pd:.3f} s CPU: "
        f"{t_pm / t_pd:.2f}x"
    )
    print(
        f"stance_matrix {matrix.shape} {t_sm:.3f} s CPU, pivot {t_pv:.3f} s CPU: {t_sm / t_pv:.2f}x"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("path")
    g.add_argument("--rows", type=int, default=10_000_000)
    g.add_argument("--chunk", type=int, default=2_000_000)
    g.add_argument("--seed", type=int, default=25)
    d = sub.add_parser("duckdb")
    d.add_argument("path")
    d.add_argument("--by", default="outlet,month")
    d.add_argument("--no-check", action="store_true")
    d.add_argument("--memory-limit", default="2GB")
    k = sub.add_parser("dask")
    k.add_argument("path")
    k.add_argument("--by", default="outlet,month")
    k.add_argument("--workers", type=int, default=2)
    t = sub.add_parser("top")
    t.add_argument("--voices", type=int, default=50_000)
    t.add_argument("--issues", type=int, default=30)
    t.add_argument("--k", type=int, default=10)
    t.add_argument("--seed", type=int, default=25)
    sub.add_parser("table").add_argument("--repeat", type=int, default=5)
    a = p.parse_args(argv)
    if a.cmd == "gen":
        gen(a.path, a.rows, a.chunk, a.seed)
    elif a.cmd == "duckdb":
        run_duckdb(a.path, a.by, not a.no_check, a.memory_limit)
    elif a.cmd == "dask":
        run_dask(a.path, a.by, a.workers)
    elif a.cmd == "table":
        run_table(a.repeat)
    else:
        run_top(a.voices, a.issues, a.k, a.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
