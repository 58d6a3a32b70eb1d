"""The agreement network: which pairs of voices agree (or clash) beyond a threshold.

:func:`agreement_edges` turns an agreement matrix into a tidy edge list, one row per
pair of voices above the threshold, with the kind of tie (``agree`` or ``conflict``).
:func:`posmatrix.plot.network` draws it. Masks over the upper triangle, no loops.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .analysis import Metric, Normalization, _check_options, agreement, overlap
from .errors import UsageError
from .matrix import HolderSpec
from .model import Dataset

__all__ = ["agreement_edges", "conflict_rule"]


def conflict_rule(metric: str) -> str:
    """How a metric's conflict ties are found (see :func:`agreement_edges`)."""
    if metric in ("congruence", "conflict"):
        return "DNA conflict > threshold"
    if metric == "subtract":
        return "subtract < −threshold"
    if metric in ("pearson", "spearman", "kappa"):
        return f"{metric} < −threshold"
    return f"{metric} < 1 − threshold"


def agreement_edges(
    data: Dataset | pd.DataFrame,
    *,
    metric: Metric = "congruence",
    threshold: float = 0.5,
    holder: HolderSpec = None,
    min_overlap: int = 1,
    normalization: Normalization = "average",
) -> pd.DataFrame:
    """Pairs of voices whose agreement (or conflict) passes ``threshold``.

    Parameters
    ----------
    data : Dataset or pandas.DataFrame
        As for :func:`posmatrix.agreement`.
    metric : str
        Default ``congruence`` (the Discourse Network Analyzer's).
    threshold : float
        An ``agree`` edge joins two voices whose agreement is above it. A ``conflict``
        edge joins two voices that clash beyond it: for ``congruence`` and ``conflict``
        DNA's conflict score (same normalization) above it; for ``subtract``,
        ``pearson``, ``spearman`` and ``kappa`` a score below −threshold; for ``exact``,
        ``sign`` and ``cityblock`` a score below 1 − threshold.
    holder, min_overlap, normalization
        As for :func:`posmatrix.agreement`.

    Returns
    -------
    pandas.DataFrame
        One row per edge, pairs in stance-matrix order (``voice_a`` before
        ``voice_b``): ``voice_a``, ``voice_b``, ``kind`` (``agree`` or ``conflict``),
        ``score`` (the score compared with the threshold), ``overlap`` (shared issues).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [2, 2, -2], "b": [1, 2, -1]}, index=["x", "y", "z"])
    >>> # cityblock: x–y 1 − 1/8 = .875 (agree, > .8); x–z 1 − 6/8 = .25 (neither);
    >>> # y–z 1 − 7/8 = .125 (conflict, < 1 − .8)
    >>> agreement_edges(s, metric="cityblock", threshold=0.8)
      voice_a voice_b      kind  score  overlap
    0       x       y     agree  0.875        2
    1       y       z  conflict  0.125        2
    """
    _check_options(metric, normalization, min_overlap)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise UsageError(f"threshold must be a number, got {threshold!r}")
    if not np.isfinite(threshold):
        raise UsageError(f"threshold must be finite, got {threshold!r}")
    kw = {"holder": holder, "min_overlap": min_overlap, "normalization": normalization}
    if metric in ("congruence", "conflict"):
        agree = agreement(data, "congruence", **kw)  # type: ignore[arg-type]
        clash = agreement(data, "conflict", **kw).to_numpy()  # type: ignore[arg-type]
        a = agree.to_numpy()
        agree_mask, clash_mask = a > threshold, clash > threshold
        clash_score = clash
    else:
        agree = agreement(data, metric, **kw)  # type: ignore[arg-type]
        a = agree.to_numpy()
        bound = 1.0 - threshold if metric in ("exact", "sign", "cityblock") else -threshold
        agree_mask, clash_mask = a > threshold, a < bound
        clash_score = a
    labels = np.array([str(v) for v in agree.index], dtype=object)
    ovl = overlap(data, holder=holder).to_numpy()
    upper = np.triu(np.ones(a.shape, dtype=bool), 1)
    parts = []
    for kind, mask, score in (("agree", agree_mask, a), ("conflict", clash_mask, clash_score)):
        i, j = np.nonzero(mask & upper)
        parts.append(
            pd.DataFrame(
                {
                    "voice_a": labels[i],
                    "voice_b": labels[j],
                    "kind": kind,
                    "score": score[i, j].astype(np.float64),
                    "overlap": ovl[i, j].astype(np.int64),
                    "_i": i,
                    "_j": j,
                }
            )
        )
    edges = pd.concat(parts, ignore_index=True)
    edges = edges.sort_values(["_i", "_j", "kind"], kind="stable").drop(columns=["_i", "_j"])
    out: pd.DataFrame = edges.reset_index(drop=True)
    return out
