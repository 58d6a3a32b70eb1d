"""Time ``posmatrix.camps`` on a sparse synthetic stance matrix.

    PYTHONPATH=. python benchmarks/camps_speed.py [--voices 2000] [--issues 900]
        [--fill 0.12] [--repeat 3]

Two planted camps (each voice takes its camp's side, 10 % flipped), ``--fill`` of the
cells addressed, as in a large Pol.is conversation. Prints the best of ``--repeat``
runs of ``camps(frame, 2)`` and ``camps(frame)`` (k chosen by silhouette). Target
(issue 27): 2,000 voices x 900 issues under 2 s. On a shared, loaded 2-core machine
set OMP_NUM_THREADS=1 (threaded BLAS oversubscribes the cores). It also prints the
time of ``sum(range(1000))`` (about 10 µs on an idle core) to scale by.
"""

from __future__ import annotations

import argparse
import timeit

import numpy as np
import pandas as pd

import posmatrix


def frame(voices: int, issues: int, fill: float) -> pd.DataFrame:
    rng = np.random.default_rng(27)
    sides = rng.choice([-1.0, 1.0], size=(2, issues))
    v = sides[rng.integers(0, 2, voices)] * np.where(rng.random((voices, issues)) < 0.1, -1, 1)
    v[rng.random((voices, issues)) >= fill] = np.nan
    return pd.DataFrame(
        v, index=[f"v{i}" for i in range(voices)], columns=[f"i{j}" for j in range(issues)]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voices", type=int, default=2000)
    parser.add_argument("--issues", type=int, default=900)
    parser.add_argument("--fill", type=float, default=0.12)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = frame(args.voices, args.issues, args.fill)
    tick = min(timeit.repeat(lambda: sum(range(1000)), number=1000, repeat=5)) / 1000
    print(f"sum(range(1000)): {tick * 1e6:.1f} µs (about 10 µs on an idle core)")
    for k in (2, None):
        times = timeit.repeat(
            lambda k=k: posmatrix.camps(data, k, scale=(-1, 1)), number=1, repeat=args.repeat
        )
        c = posmatrix.camps(data, k, scale=(-1, 1))
        print(
            f"camps(k={k}) on {args.voices:,} voices x {args.issues:,} issues "
            f"({100 * args.fill:.0f}% filled): best {min(times):.2f} s; {c!r}"
        )


if __name__ == "__main__":
    main()
