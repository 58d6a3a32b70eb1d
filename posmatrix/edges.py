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

__all__ = ["NETWORK_TIES", "agreement_edges", "conflict_rule", "neighbour_edges"]

NETWORK_TIES = 3
"""Past :data:`posmatrix.blockwise.HUGE_VOICES` voices the network draws, for each voice,
only its ties to its 3 nearest and 3 farthest voices (:func:`neighbour_edges`)."""


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
    _check_threshold(threshold)
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


def neighbour_edges(
    data: Dataset | pd.DataFrame,
    *,
    metric: Metric = "cityblock",
    threshold: float = 0.5,
    k: int = NETWORK_TIES,
    holder: HolderSpec = None,
    min_overlap: int = 1,
) -> pd.DataFrame:
    """:func:`agreement_edges` restricted to each voice's ``k`` nearest and ``k``
    farthest voices, without the voices × voices matrix (memory O(n·k)).

    An ``agree`` edge joins a voice and one of its ``k`` nearest voices
    (:func:`posmatrix.nearest.neighbours`) whose agreement is above ``threshold``; a
    ``conflict`` edge a voice and one of its ``k`` farthest whose agreement is below
    1 − ``threshold``. A pair is one edge, whichever of its two voices lists the other.
    So every edge is an edge of :func:`agreement_edges` (same score, same overlap), and
    a voice has at least its own qualifying ties (ties to voices that list it come on
    top).

    Parameters
    ----------
    data, holder, min_overlap
        As for :func:`agreement_edges`.
    metric : str
        One of :data:`posmatrix.nearest.TOP_METRICS` (``exact``, ``sign``,
        ``cityblock``).
    threshold : float
    k : int, default :data:`NETWORK_TIES`

    Returns
    -------
    pandas.DataFrame
        The columns and order of :func:`agreement_edges`.

    Examples
    --------
    >>> s = pd.DataFrame({"a": [2, 2, -2, 1], "b": [1, 2, -1, 1]}, index=list("wxyz"))
    >>> # cityblock: w-x .875, w-z .875, x-z .75, w-y .25, x-y .125, y-z .375
    >>> neighbour_edges(s, metric="cityblock", threshold=0.8, k=1)
      voice_a voice_b      kind  score  overlap
    0       w       x     agree  0.875        2
    1       w       z     agree  0.875        2
    2       x       y  conflict  0.125        2
    """
    from .matrix import stance_matrix
    from .nearest import neighbours

    _check_threshold(threshold)
    top = neighbours(data, metric, k=k, min_overlap=min_overlap, holder=holder)
    order = data.index if isinstance(data, pd.DataFrame) else stance_matrix(data, holder).index
    position = pd.Series(np.arange(len(order)), index=pd.Index(order, dtype=object))
    mine = position.loc[top["voice"]].to_numpy()
    theirs = position.loc[top["other"]].to_numpy()
    score = top["score"].to_numpy(dtype=np.float64)
    near = (top["kind"] == "nearest").to_numpy()
    kind = np.where(near, "agree", "conflict")
    keep = np.where(near, score > threshold, score < 1.0 - threshold)
    edges = pd.DataFrame(
        {
            "_i": np.minimum(mine, theirs)[keep],
            "_j": np.maximum(mine, theirs)[keep],
            "kind": kind[keep],
            "score": score[keep],
            "overlap": top["overlap"].to_numpy(dtype=np.int64)[keep],
        }
    )
    edges = edges.drop_duplicates(["_i", "_j", "kind"]).sort_values(
        ["_i", "_j", "kind"], kind="stable"
    )
    labels = np.array([str(v) for v in order], dtype=object)
    out = pd.DataFrame(
        {
            "voice_a": labels[edges["_i"].to_numpy()],
            "voice_b": labels[edges["_j"].to_numpy()],
            "kind": edges["kind"].to_numpy(dtype=object),
            "score": edges["score"].to_numpy(dtype=np.float64),
            "overlap": edges["overlap"].to_numpy(dtype=np.int64),
        }
    )
    return out


def _check_threshold(threshold: object) -> None:
    """An edge threshold must be a finite number (not a bool)."""
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise UsageError(f"threshold must be a number, got {threshold!r}")
    if not np.isfinite(threshold):
        raise UsageError(f"threshold must be finite, got {threshold!r}")
