"""Time the Pol.is reader on a synthetic conversation export.

    PYTHONPATH=. python benchmarks/polis.py [--participants 2000] [--comments 1000]
        [--density 0.3] [--repeat 3]

Writes comments.csv and participants-votes.csv (in Pol.is's export layout) to a
temporary folder, then reads it with ``posmatrix.load`` ``--repeat`` times and prints
the best time. Target (issue 23): 2,000 participants x 1,000 comments under 3 s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import timeit
from pathlib import Path

import numpy as np
import pandas as pd

import posmatrix


def write_export(folder: Path, participants: int, comments: int, density: float) -> int:
    """The two export files; returns the number of votes."""
    rng = np.random.default_rng(23)
    pd.DataFrame(
        {
            "timestamp": 1403054214174,
            "datetime": "Wed Jun 18 08:16:54 WIB 2014",
            "comment-id": np.arange(comments),
            "author-id": 0,
            "agrees": 0,
            "disagrees": 0,
            "moderated": 1,
            "comment-body": [f"Comment number {i}, with a comma." for i in range(comments)],
        }
    ).to_csv(folder / "comments.csv", index=False)
    seen = rng.random((participants, comments)) < density
    votes = np.where(seen, rng.integers(-1, 2, (participants, comments)), np.nan)
    table = pd.DataFrame(votes, columns=[str(c) for c in range(comments)]).astype("Int64")
    meta = pd.DataFrame(
        {
            "participant": np.arange(participants),
            "group-id": rng.integers(0, 3, participants),
            "n-comments": 0,
            "n-votes": seen.sum(axis=1),
            "n-agree": (votes == 1).sum(axis=1),
            "n-disagree": (votes == -1).sum(axis=1),
        }
    )
    pd.concat([meta, table], axis=1).to_csv(folder / "participants-votes.csv", index=False)
    return int(seen.sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=1000)
    parser.add_argument("--density", type=float, default=0.3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        n = write_export(folder, args.participants, args.comments, args.density)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            ds = posmatrix.load(folder)
            best = min(best, time.perf_counter() - start)
        assert len(ds.codings) == n
        calibration = min(timeit.repeat("sum(range(1000))", number=1000, repeat=5)) * 1000
        print(
            f"machine: sum(range(1000)) takes {calibration:.1f} us "
            "(about 10 us on an idle core; a higher figure means a loaded machine)"
        )
        print(
            f"polis: {args.participants} participants x {args.comments} comments, "
            f"{n:,} votes: best of {args.repeat} {best:.2f} s"
        )


if __name__ == "__main__":
    main()
