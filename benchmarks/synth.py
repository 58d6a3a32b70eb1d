"""Synthetic posmatrix datasets of any size, for benchmarks and scale tests.

Voices follow a few latent camps: each camp has a position on every issue, each voice
takes its camp's position plus noise, rounded onto the scale, so agreement matrices
have structure (blocks) instead of noise. A voice addresses each issue with
probability ``coverage`` (silence is a missing coding, never a 0); every present voice
addresses at least one issue. With several coders, each coding is repeated per coder
and later coders deviate from the first with probability ``disagreement``.

Usage::

    python benchmarks/synth.py --sources 2000 --issues 50 --actors 3 \\
        --yaml big.yaml --csv big.csv

writes a valid ``posmatrix/1`` YAML file and/or a codings table (see
``docs/dataset-format.md`` and :func:`posmatrix.from_frame`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs
import numpy as np
import pandas as pd

__all__ = ["Synthetic", "main", "stance_array", "synthesize", "to_yaml"]


@attrs.frozen
class Synthetic:
    """A synthetic dataset as tables.

    Attributes
    ----------
    codings : pandas.DataFrame
        One row per coding, columns ``source, holder, issue, stance, quote,
        confidence, coder`` (coder empty with one coder), sources in order, then
        holders (``author`` first), then issues, then coders.
    issues : pandas.DataFrame
        Columns ``id, proposition``.
    actors : pandas.DataFrame
        Columns ``id, name``.
    sources : pandas.DataFrame
        Columns ``id, title``.
    """

    codings: pd.DataFrame
    issues: pd.DataFrame
    actors: pd.DataFrame
    sources: pd.DataFrame


def stance_array(
    n_voices: int,
    n_issues: int,
    *,
    coverage: float = 0.5,
    camps: int = 4,
    noise: float = 0.8,
    lo: int = -2,
    hi: int = 2,
    seed: int = 0,
) -> np.ndarray:
    """Voices × issues stances (float64, NaN = not addressed) with camp structure.

    >>> x = stance_array(6, 4, coverage=1.0, seed=1)
    >>> x.shape, bool(np.isin(x, [-2, -1, 0, 1, 2]).all())
    ((6, 4), True)
    """
    rng = np.random.default_rng(seed)
    centres = rng.uniform(lo, hi, size=(camps, n_issues))
    camp = rng.integers(0, camps, size=n_voices)
    raw = centres[camp] + rng.normal(0.0, noise, size=(n_voices, n_issues))
    x = np.clip(np.rint(raw), lo, hi)
    present = rng.random((n_voices, n_issues)) < coverage
    if n_issues:
        nothing = ~present.any(axis=1)
        present[nothing, rng.integers(0, n_issues, size=int(nothing.sum()))] = True
    return np.where(present, x, np.nan)


def synthesize(
    n_sources: int,
    n_issues: int,
    *,
    coverage: float = 0.5,
    n_actors: int = 0,
    report_rate: float = 0.5,
    n_coders: int = 1,
    disagreement: float = 0.2,
    camps: int = 4,
    seed: int = 0,
) -> Synthetic:
    """A synthetic dataset: ``n_sources`` author voices, plus the voices of ``n_actors``
    actors each source reports with probability ``report_rate``.

    >>> s = synthesize(3, 4, coverage=1.0, n_actors=1, report_rate=1.0, n_coders=2)
    >>> len(s.codings), list(s.codings.columns)  # 3 sources x 2 holders x 4 issues x 2 coders
    (48, ['source', 'holder', 'issue', 'stance', 'quote', 'confidence', 'coder'])
    """
    rng = np.random.default_rng(seed + 1)
    sources = [f"s{i:06d}" for i in range(n_sources)]
    actors = [f"actor{k:02d}" for k in range(n_actors)]
    issues = [f"issue-{j:04d}" for j in range(n_issues)]
    holders = ["author", *actors]
    # voices: (source, holder) in source order, author first
    src_idx = np.repeat(np.arange(n_sources), len(holders))
    hol_idx = np.tile(np.arange(len(holders)), n_sources)
    keep = (hol_idx == 0) | (rng.random(len(hol_idx)) < report_rate)
    src_idx, hol_idx = src_idx[keep], hol_idx[keep]
    x = stance_array(len(src_idx), n_issues, coverage=coverage, camps=camps, seed=seed)
    v, j = np.nonzero(~np.isnan(x))
    stance = x[v, j].astype(np.int64)
    n = len(v)
    frames = []
    for c in range(max(n_coders, 1)):
        s = stance.copy()
        if c > 0:
            flip = rng.random(n) < disagreement
            s[flip] = np.clip(s[flip] + rng.choice([-1, 1], size=int(flip.sum())), -2, 2)
        frames.append(
            pd.DataFrame(
                {
                    "row": np.arange(n) * n_coders + c,
                    "source": np.asarray(sources, dtype=object)[src_idx[v]],
                    "holder": np.asarray(holders, dtype=object)[hol_idx[v]],
                    "issue": np.asarray(issues, dtype=object)[j],
                    "stance": s,
                    "coder": f"c{c + 1}" if n_coders > 1 else "",
                }
            )
        )
    codings = pd.concat(frames).sort_values("row").drop(columns="row").reset_index(drop=True)
    codings.insert(4, "quote", "A verbatim sentence of the source on " + codings["issue"] + ".")
    codings.insert(5, "confidence", "high")
    return Synthetic(
        codings=codings,
        issues=pd.DataFrame({"id": issues, "proposition": [f"Proposition {i}." for i in issues]}),
        actors=pd.DataFrame({"id": actors, "name": [f"Actor {a}" for a in actors]}),
        sources=pd.DataFrame({"id": sources, "title": [f"Source {s}" for s in sources]}),
    )


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def to_yaml(data: Synthetic, title: str = "Synthetic dataset") -> str:
    """The dataset as ``posmatrix/1`` YAML text (codings nested under their sources).

    >>> import posmatrix
    >>> s = synthesize(4, 3, n_actors=2, n_coders=2, seed=3)
    >>> ds = posmatrix.loads(to_yaml(s))
    >>> len(ds.codings) == len(s.codings), len(ds.sources), len(ds.actors)
    (True, 4, 2)
    """
    out = [f"format: posmatrix/1\ntitle: {_q(title)}\nissues:\n"]
    out.extend(
        f"  - {{id: {i}, proposition: {_q(p)}}}\n"
        for i, p in zip(data.issues["id"], data.issues["proposition"], strict=True)
    )
    if len(data.actors):
        out.append("actors:\n")
        out.extend(
            f"  - {{id: {a}, name: {_q(n)}}}\n"
            for a, n in zip(data.actors["id"], data.actors["name"], strict=True)
        )
    out.append("sources:\n")
    by_source = dict(list(data.codings.groupby("source", sort=False)))
    for sid, title in zip(data.sources["id"], data.sources["title"], strict=True):
        out.append(f"  - id: {sid}\n    title: {_q(title)}\n")
        group = by_source.get(sid)
        if group is None:
            continue
        reports = False
        for holder, rows in group.groupby("holder", sort=False):
            if holder == "author":
                out.append("    stances:\n")
                indent = "      "
            else:
                if not reports:
                    out.append("    reports:\n")
                    reports = True
                out.append(f"      {holder}:\n")
                indent = "        "
            for issue, stance, quote, coder in zip(
                rows["issue"], rows["stance"], rows["quote"], rows["coder"], strict=True
            ):
                who = f", coder: {coder}" if coder else ""
                item = f"issue: {issue}, stance: {int(stance)}, quote: {_q(quote)}{who}"
                out.append(f"{indent}- {{{item}}}\n")
    return "".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write YAML and/or CSV."""
    p = argparse.ArgumentParser(description="Write a synthetic posmatrix dataset.")
    p.add_argument("--sources", type=int, default=1000, help="number of sources (default 1000)")
    p.add_argument("--issues", type=int, default=50, help="number of issues (default 50)")
    p.add_argument("--coverage", type=float, default=0.5, help="share of issues a voice codes")
    p.add_argument("--actors", type=int, default=0, help="number of actors (default 0)")
    p.add_argument("--report-rate", type=float, default=0.5, help="P(a source reports an actor)")
    p.add_argument("--coders", type=int, default=1, help="coders per coding (default 1)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--yaml", type=Path, help="write the YAML dataset here")
    p.add_argument("--csv", type=Path, help="write the codings table here")
    args = p.parse_args(argv)
    if args.yaml is None and args.csv is None:
        p.error("give --yaml and/or --csv")
    data = synthesize(
        args.sources,
        args.issues,
        coverage=args.coverage,
        n_actors=args.actors,
        report_rate=args.report_rate,
        n_coders=args.coders,
        seed=args.seed,
    )
    if args.yaml is not None:
        args.yaml.write_text(to_yaml(data), encoding="utf-8")
    if args.csv is not None:
        data.codings.to_csv(args.csv, index=False)
    print(f"{len(data.codings):,} codings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
