"""What touching fresh memory costs on this machine: the part of an agreement call that
is neither arithmetic nor posmatrix's.

Every ``agreement`` call at 10,000 voices returns a new 800 MB float64 matrix, and its
floor's products write 400 MB float32 matrices. This script times allocating and
filling one such 800 MB array, several times, with a pause between runs, both with
numpy's default transparent-huge-page advice and without it::

    python benchmarks/fresh_memory.py              # pauses of 0.2 s and 3 s
    python benchmarks/fresh_memory.py --mb 400 --pause 0 5

On a virtual machine whose kernel reports free pages to the host (``dmesg | grep
page_reporting``), memory freed for a few seconds is handed back and must be faulted
in again through the host: the cost of the same fill then depends on how long ago the
memory was freed. docs/performance.md ("Fresh memory") records what it gave here.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence

import numpy as np


def fill_times(mb: int, pause: float, runs: int) -> list[float]:
    """Seconds to allocate and fill ``mb`` MB of float64, ``runs`` times, freeing the
    array and sleeping ``pause`` seconds after each run."""
    n = mb * 2**20 // 8
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        a = np.empty(n)
        a.fill(1.0)
        times.append(time.perf_counter() - t0)
        del a
        time.sleep(pause)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=int, default=800, help="size of the array (default 800)")
    p.add_argument("--pause", type=float, nargs="+", default=[0.2, 3.0], help="seconds")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--huge", choices=("on", "off"), help=argparse.SUPPRESS)  # child
    args = p.parse_args(argv)
    if args.huge:
        # numpy's own switch for madvise(MADV_HUGEPAGE) on large arrays (on by default)
        np._core.multiarray._set_madvise_hugepage(args.huge == "on")  # type: ignore[attr-defined]
        print(" ".join(f"{t:.2f}" for t in fill_times(args.mb, args.pause[0], args.runs)))
        return 0
    print(f"allocate + fill {args.mb} MB of float64, {args.runs} runs each (seconds)")
    for pause in args.pause:
        for huge in ("on", "off"):
            cmd = [sys.executable, __file__, "--mb", str(args.mb), "--runs", str(args.runs)]
            cmd += ["--pause", str(pause), "--huge", huge]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            label = "huge pages (numpy default)" if huge == "on" else "4 KB pages"
            print(f"  pause {pause:>4} s, {label:<27}: {out.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
