"""Figure time on the bundled dataset, after import (issue 17's goal: < 0.5 s each).

Run ``python benchmarks/figures.py`` (``--repeat N``, default 5; ``--json FILE``). For
each figure and format it times ``posmatrix.plot.render`` (build the figure and save
it) and, separately, building the figure alone; the best of ``--repeat`` runs, after
one warm-up run that loads fonts and caches. ``--cpu`` times the process's CPU seconds
instead of wall time, for a machine shared with other work. Not a test: times depend
on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import posmatrix
from posmatrix.plot import KINDS, render
from posmatrix.plot.graph import network
from posmatrix.plot.heat import heatmap
from posmatrix.plot.position import position_map
from posmatrix.plot.spectra import spectrum
from posmatrix.plot.trajectory import trajectory

GOAL = 0.5
BUILD = {
    "map": position_map,
    "heatmap": heatmap,
    "spectrum": spectrum,
    "network": network,
    "timeline": trajectory,
}


CLOCK = time.perf_counter


def best(work, repeat: int) -> float:  # type: ignore[no-untyped-def]
    work()  # warm-up
    times = []
    for _ in range(repeat):
        t = CLOCK()
        work()
        times.append(CLOCK() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time CPU seconds of this process instead of wall time (on a busy machine)",
    )
    args = parser.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time
    ds = posmatrix.example()
    rows = []
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    head = f"{'figure':10} {'build':>8} {'svg':>8} {'png':>8} {'pdf':>8}"
    print(f"{head}  goal {GOAL} s (every format)")
    for kind in KINDS:
        row = {"figure": kind, "build": best(lambda k=kind: BUILD[k](ds), args.repeat)}
        for fmt in ("svg", "png", "pdf"):
            row[fmt] = best(lambda k=kind, f=fmt: render(ds, k, f), args.repeat)
        rows.append(row)
        mark = "✓" if max(row["svg"], row["png"], row["pdf"]) < GOAL else "✗"
        print(
            f"{kind:10} {row['build']:8.3f} {row['svg']:8.3f} {row['png']:8.3f} "
            f"{row['pdf']:8.3f}  {mark}"
        )
    print(f"load average at end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
