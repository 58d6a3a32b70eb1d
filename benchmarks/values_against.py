"""Compare every agreement matrix of the working tree with those of an earlier commit.

A change that makes a metric faster should move its values by rounding at most. This
script computes every metric (every DNA normalization, min_overlap 1 and 3) on
synthetic matrices — integer stances, half points, integer weights, float weights, and
constant or silent voices — once with ``posmatrix`` as of ``REV`` (extracted with
``git archive``) and once with the working tree, and prints the largest difference::

    python benchmarks/values_against.py 8ff0460

Exit status 0 when NaN patterns match and every difference is within ``--tol``, else 1.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import itertools
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth import stance_array  # noqa: E402

Case = tuple[str, pd.DataFrame, dict[str, float] | None]


def cases() -> Iterator[Case]:
    rng = np.random.default_rng(5)
    for seed, (n, m) in enumerate([(300, 40), (500, 25), (200, 60)]):
        x = stance_array(n, m, coverage=0.4 + 0.1 * seed, seed=seed)
        frame = pd.DataFrame(x, index=[f"v{i}" for i in range(n)])
        frame.columns = [f"i{j}" for j in range(m)]
        yield "integer stances", frame, None
        half = frame.copy()
        half.iloc[::3, ::2] = (half.iloc[::3, ::2] + 0.5).clip(-2, 2)
        yield "half points", half, None
        yield "integer weights", frame, {c: int(rng.integers(1, 4)) for c in frame.columns}
        yield "float weights", frame, {c: float(rng.uniform(0.1, 3)) for c in frame.columns}
        const = frame.copy()
        const.iloc[:20] = 1.0
        const.iloc[20:30, ::2] = np.nan
        yield "constant and silent voices", const, None


@contextlib.contextmanager
def analysis_at(path: Path) -> Iterator[ModuleType]:
    """``posmatrix.analysis`` as imported from the package folder under ``path``, for the
    duration of the block; the modules ``posmatrix`` had before are restored after it
    (classes from two copies of the package must never meet)."""

    def ours() -> list[str]:
        return [k for k in sys.modules if k == "posmatrix" or k.startswith("posmatrix.")]

    saved = {name: sys.modules.pop(name) for name in ours()}
    sys.path.insert(0, str(path))
    try:
        yield importlib.import_module("posmatrix.analysis")
    finally:
        sys.path.remove(str(path))
        for name in ours():
            del sys.modules[name]
        sys.modules.update(saved)


def matrices(analysis: ModuleType) -> dict[tuple[Any, ...], np.ndarray]:
    out = {}
    for (i, (kind, frame, weights)), metric in itertools.product(
        enumerate(cases()), analysis.METRICS
    ):
        dna = metric in ("congruence", "conflict", "subtract")
        for norm in analysis.NORMALIZATIONS if dna else ("average",):
            for min_overlap in (1, 3):
                got = analysis.agreement(
                    frame, metric, normalization=norm, min_overlap=min_overlap, weights=weights
                )
                out[i, kind, metric, norm, min_overlap] = got.to_numpy()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("rev", help="the earlier commit (anything git accepts)")
    p.add_argument("--tol", type=float, default=1e-12, help="largest accepted difference")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.rev, "posmatrix"],
            capture_output=True,
            check=True,
        ).stdout
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, **safe)  # type: ignore[arg-type]
        with analysis_at(Path(tmp)) as analysis:
            old = matrices(analysis)
    with analysis_at(ROOT) as analysis:
        new = matrices(analysis)
    worst, where, nan_differs = 0.0, None, 0
    for key, before in old.items():
        after = new[key]
        if not np.array_equal(np.isnan(before), np.isnan(after)):
            nan_differs += 1
            print(f"NaN pattern differs: {key[1:]}")
            continue
        ok = ~np.isnan(before)
        diff = float(np.max(np.abs(before[ok] - after[ok]))) if ok.any() else 0.0
        if diff > worst:
            worst, where = diff, key[1:]
    print(
        f"{len(old)} matrices against {args.rev}: NaN patterns differ in {nan_differs}; "
        f"largest difference {worst:.3g}" + (f" ({', '.join(map(str, where))})" if where else "")
    )
    return 0 if nan_differs == 0 and worst <= args.tol else 1


if __name__ == "__main__":
    sys.exit(main())
