"""Time ``posmatrix.deal_space`` (goal: 30 issues × 6 parties in under 1 s) and
``posmatrix.coalitions``.

Run ``python benchmarks/deals.py`` (a few seconds). Synthetic parties are actors, each
reported by three sources with small disagreements; stances are drawn so that a chosen
number of issues stay open (no red line on either side), which sets the number of
feasible packages: up to 2**16 they are enumerated, beyond that the integer program
(scipy.optimize.milp) finds the best ones. Times are the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable, Sequence

import numpy as np

import posmatrix
from posmatrix import Actor, Coding, Dataset, Issue, Source


def synthetic(
    n_issues: int, n_parties: int, n_open: int, *, blocked: int = 0, seed: int = 0
) -> Dataset:
    """``n_parties`` actors on ``n_issues`` issues; the first ``n_open`` issues carry no
    stance at an end of the scale (open), the others one party's red line (forced),
    and ``blocked`` of them red lines on both sides."""
    rng = np.random.default_rng(seed)
    stances = rng.integers(-1, 2, size=(n_parties, n_issues))
    for i in range(n_open, n_issues):
        p = int(rng.integers(n_parties))
        side = int(rng.choice([-2, 2]))
        stances[p, i] = side
        stances[:, i] = np.where(np.sign(stances[:, i]) == -np.sign(side), 0, stances[:, i])
        stances[p, i] = side
    for i in range(n_open, n_open + blocked):
        stances[0, i], stances[1, i] = 2, -2
    sources = [Source(f"s{k}", f"Source {k}") for k in range(3)]
    codings = []
    for p in range(n_parties):
        for i in range(n_issues):
            for s in range(3):
                # the median over the three sources is the drawn stance
                st = int(stances[p, i]) if s != 2 else int(np.clip(stances[p, i] + 1, -2, 2))
                if s == 1 and abs(st) == 2:
                    st = int(stances[p, i])
                codings.append(Coding(f"s{s}", f"p{p}", f"i{i}", st, f"quote {p} {i} {s}"))
    return Dataset(
        title="synthetic deals",
        issues=[Issue(f"i{i}", f"Issue {i}.", weight=float(1 + i % 3)) for i in range(n_issues)],
        actors=[Actor(f"p{p}", f"Party {p}") for p in range(n_parties)],
        sources=sources,
        codings=codings,
    )


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print(f"{'case':44} {'packages':>14} {'method':>10} {'seconds':>8}  goal")
    cases = [
        ("30 issues, 6 parties, 12 open", 30, 6, 12, 0),
        ("30 issues, 6 parties, 16 open", 30, 6, 16, 0),
        ("30 issues, 6 parties, 24 open", 30, 6, 24, 0),
        ("30 issues, 6 parties, 30 open", 30, 6, 30, 0),
        ("30 issues, 6 parties, 2 blocked", 30, 6, 20, 2),
    ]
    for name, n_i, n_p, n_open, blocked in cases:
        ds = synthetic(n_i, n_p, n_open, blocked=blocked)
        parties = [f"p{p}" for p in range(n_p)]
        space = posmatrix.deal_space(ds, parties)
        seconds = best_of(
            args.repeat, lambda ds=ds, parties=parties: posmatrix.deal_space(ds, parties)
        )
        method = "enumerate" if space.exact else "bound"
        mark = "✓" if seconds < 1.0 else "✗"
        print(f"{name:44} {space.n_packages:>14,} {method:>10} {seconds:>8.3f}  < 1 s {mark}")
    for n_sources, size in ((60, 3), (200, 3), (40, 5)):
        ds = synthetic(30, 1, 30, seed=1)
        rng = np.random.default_rng(2)
        codings = [
            Coding(f"v{v}", "author", f"i{i}", int(rng.integers(-2, 3)), "q")
            for v in range(n_sources)
            for i in range(30)
            if rng.random() < 0.6
        ]
        voices = Dataset(
            title="voices",
            issues=list(ds.issues.values()),
            sources=[Source(f"v{v}", f"V{v}") for v in range(n_sources)],
            codings=codings,
        )
        got = posmatrix.coalitions(voices, size=size)
        seconds = best_of(
            args.repeat, lambda voices=voices, size=size: posmatrix.coalitions(voices, size=size)
        )
        method = "exact" if got.attrs["exact"] else "heuristic"
        name = f"coalitions: {n_sources} voices, size {size}"
        print(f"{name:44} {got.attrs['sets']:>14,} {method:>10} {seconds:>8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
