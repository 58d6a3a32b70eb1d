"""The figures past ``posmatrix.blockwise.HUGE_VOICES`` voices: CPU time and peak memory.

Issue 25 item 3: past about 30,000 voices a dense float64 agreement matrix passes 7 GB,
so no figure may build one. This script generates a dataset of ``--voices`` voices on
``--issues`` sparse issues (``benchmarks/synth.py``: four latent camps, each voice
addressing an issue with probability ``--coverage``), then draws one figure and writes
it as PNG. Run each figure in its own process so that its peak RSS is its own::

    for f in map heatmap network; do
        /usr/bin/time -v python benchmarks/huge_figures.py $f --voices 50000 -o /tmp/huge
    done

The network is drawn with ``metric="cityblock", threshold=0.75``. It prints the CPU
seconds of building the dataset, of the figure (build and PNG), the peak RSS after the
dataset was built and at the end (``ru_maxrss``). ``--huge-at N`` lowers the threshold
(for a quick look at the huge path on small data). Not a test: times depend on the
machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synthesize

import posmatrix
from posmatrix import blockwise
from posmatrix.plot._style import figure_bytes


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("figure", choices=["map", "heatmap", "network"])
    parser.add_argument("--voices", type=int, default=50_000)
    parser.add_argument("--issues", type=int, default=30)
    parser.add_argument("--coverage", type=float, default=0.3)
    parser.add_argument("--huge-at", type=int, default=None, help="lower HUGE_VOICES")
    parser.add_argument("-o", "--out", type=Path, default=Path("."))
    args = parser.parse_args()
    if args.huge_at is not None:
        blockwise.HUGE_VOICES = args.huge_at
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    t0 = time.process_time()
    syn = synthesize(args.voices, args.issues, coverage=args.coverage, seed=7)
    ds = posmatrix.from_frame(
        syn.codings,
        issues=syn.issues,
        sources=syn.sources,
        title=f"Synthetic, {args.voices:,} voices",
    )
    t1 = time.process_time()
    base = _peak_mb()
    print(
        f"dataset: {args.voices:,} voices x {args.issues} issues, {len(ds.codings):,} codings; "
        f"{t1 - t0:.1f} s CPU; peak RSS {base:,.0f} MB"
    )
    from posmatrix.plot.graph import network
    from posmatrix.plot.heat import heatmap
    from posmatrix.plot.position import position_map

    build = {"map": position_map, "heatmap": heatmap, "network": network}[args.figure]
    # the network past HUGE_VOICES takes the metrics top=k computes (not congruence)
    options = {"metric": "cityblock", "threshold": 0.75} if args.figure == "network" else {}
    t2 = time.process_time()
    fig = build(ds, **options)
    t3 = time.process_time()
    data = figure_bytes(fig, "png", name=args.figure)
    t4 = time.process_time()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"huge-{args.figure}-{args.voices}.png"
    path.write_bytes(data)
    print(
        f"{args.figure}: build {t3 - t2:.1f} s CPU, PNG {t4 - t3:.1f} s CPU, "
        f"total {t4 - t2:.1f} s CPU; peak RSS {_peak_mb():,.0f} MB "
        f"(dataset alone {base:,.0f} MB); wrote {path}"
    )
    print(f"load average at end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
