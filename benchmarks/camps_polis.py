"""Compare posmatrix's camps with Pol.is's own groups on exported conversations.

    PYTHONPATH=. python benchmarks/camps_polis.py FOLDER [FOLDER ...]

Each FOLDER is a Pol.is export (``comments.csv`` + ``participants-votes.csv``, as in
github.com/compdemocracy/openData) or a folder of such folders. Every conversation is
read with ``posmatrix.load(..., format="polis")``; the platform's groups are its
``group-id`` column (kept as each participant's ``section``). For each it prints the
participants, issues, share of cells voted, the platform's group sizes, then
``camps(ds, k)`` with k = the platform's number of groups and ``camps(ds)`` (k chosen
by silhouette): camp sizes, voices set aside, silhouette and the adjusted Rand index
with the platform's groups over the participants both place. Numbers in
``docs/performance.md`` ("Camps").
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import posmatrix
from posmatrix.matrix import stance_matrix
from posmatrix.partitions import adjusted_rand_index


def conversations(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if (p / "participants-votes.csv").is_file():
            out.append(p)
        else:
            out.extend(sorted(d for d in p.iterdir() if (d / "participants-votes.csv").is_file()))
    return out


def compare(folder: Path) -> str:
    ds = posmatrix.load(folder, format="polis")
    m = stance_matrix(ds, "author")
    group = {s.id: s.section for s in ds.sources.values()}
    platform = np.array([group.get(str(v), "") for v in m.index], dtype=object)
    placed = platform != ""
    sizes = sorted((int((platform == g).sum()) for g in set(platform[placed])), reverse=True)
    fill = float(m.notna().to_numpy().mean())
    row = [
        f"{folder.name[:34]:34}",
        f"{m.shape[0]:>5} x {m.shape[1]:>4}",
        f"{100 * fill:4.1f}%",
        f"platform {sizes}",
    ]
    for k in (len(sizes), None):
        t = time.perf_counter()
        c = posmatrix.camps(ds, k)
        took = time.perf_counter() - t
        camp = c.assignment["camp"].reindex(m.index).to_numpy()
        both = placed & (camp > 0)
        ari = adjusted_rand_index(camp[both], platform[both]) if both.sum() > 1 else float("nan")
        label = f"k={k}" if k else f"k*={c.k}"
        row.append(
            f"{label}: ARI {ari:.2f} sizes {list(c.sizes)} aside {len(c.set_aside)} "
            f"sil {c.silhouette:.2f} ({took:.1f} s)"
        )
    return " | ".join(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+")
    args = parser.parse_args()
    for folder in conversations(args.folders):
        try:
            print(compare(folder), flush=True)
        except posmatrix.DatasetError as exc:
            print(f"{folder.name}: not read ({str(exc).splitlines()[0]})", flush=True)


if __name__ == "__main__":
    main()
