"""The gap report's pairs: the most divergent and most aligned pairs of voices, from
the dense agreement matrix (:func:`_pairs_table`) or from chosen pairs
(:func:`_pairs_frame`, which the huge path fills from each voice's neighbours)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..model import Dataset
from ._common import METRIC, _evidence


def _agreement_and_overlap(
    ds: Dataset, stances: pd.DataFrame
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Cityblock agreement (codebook weights, the dataset's scale) and overlap among the
    rows of ``stances``, as n x n arrays in row order."""
    n = len(stances)
    if n == 0:
        return np.zeros((0, 0)), np.zeros((0, 0), dtype=np.int64)
    from ..analysis import agreement, overlap

    weights = {i: float(issue.weight) for i, issue in ds.issues.items()}
    agr = agreement(stances, METRIC, scale=ds.scale, weights=weights)
    ovl = overlap(stances)
    return agr.to_numpy(dtype=np.float64), ovl.to_numpy().astype(np.int64)


def _upper_top(
    valid: np.ndarray[Any, Any], keys: Sequence[np.ndarray[Any, Any]], k: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Rows and columns of the (at most) ``k`` first cells ``(i, j)``, ``i < j``, where
    ``valid`` holds, ordered by ``keys`` (n x n arrays; the last is the primary key, as in
    :func:`numpy.lexsort`; no NaN), then by ``(i, j)``.

    Only the cells that can reach the first ``k`` by the primary key (ties included)
    are sorted, so the cost stays near one pass over the matrix.
    """
    n = valid.shape[0]
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    ok = (valid & ~np.tri(n, dtype=bool)).ravel()
    primary = np.where(ok, keys[-1].ravel(), np.inf)
    n_ok = int(ok.sum())
    if n_ok > k:
        kth = np.partition(primary, k - 1)[k - 1]
        cand = np.flatnonzero(ok & (primary <= kth))
    else:
        cand = np.flatnonzero(ok)
    # the flat index is row-major, so it orders ties by (i, j)
    order = np.lexsort((cand, *(key.ravel()[cand] for key in keys)))[:k]
    flat = cand[order]
    return flat // n, flat % n


def _pairs_table(
    ds: Dataset,
    stances: pd.DataFrame,
    vframe: pd.DataFrame,
    agr: np.ndarray[Any, Any],
    ovl: np.ndarray[Any, Any],
    top: int,
) -> pd.DataFrame:
    """The ``pairs`` part (see :attr:`GapReport.pairs`)."""
    valid = ~np.isnan(agr)
    score = np.nan_to_num(agr)
    picks = []
    for kind, sign in (("divergent", 1.0), ("aligned", -1.0)):
        ia, ib = _upper_top(valid, [-ovl.astype(np.float64), sign * score], top)
        picks.append((kind, ia, ib, agr[ia, ib], ovl[ia, ib]))
    return _pairs_frame(ds, stances, vframe, picks)


def _pairs_frame(
    ds: Dataset, stances: pd.DataFrame, vframe: pd.DataFrame, picks: list[tuple[Any, ...]]
) -> pd.DataFrame:
    """The ``pairs`` frame of the chosen pairs: ``picks`` holds, per kind, (kind, rows
    a, rows b, agreement, overlap), rows into ``stances``, ``a < b``, in rank order."""
    labels = [str(v) for v in stances.index]
    keys = list(zip(vframe["source"], vframe["holder"], strict=True))
    issue_ids = [str(c) for c in stances.columns]
    values = stances.to_numpy(dtype=np.float64)
    present = ~np.isnan(values)
    evidence = _evidence(ds)
    parts = []
    for kind, ia, ib, agreement, overlap in picks:
        shared = [np.flatnonzero(row) for row in present[ia] & present[ib]]
        columns: dict[str, list[Any]] = {f: [] for f in ("issues", "stances_a", "stances_b")}
        columns.update(quotes_a=[], quotes_b=[])
        for i, j, ks in zip(ia.tolist(), ib.tolist(), shared, strict=True):
            columns["issues"].append([issue_ids[k] for k in ks])
            for side, row in (("a", i), ("b", j)):
                source, holder = keys[row]
                columns[f"stances_{side}"].append(values[row, ks].tolist())
                columns[f"quotes_{side}"].append(
                    [evidence[(source, holder, issue_ids[k])] for k in ks]
                )
        parts.append(
            pd.DataFrame(
                {
                    "kind": pd.Series([kind] * len(ia), dtype=object),
                    "rank": np.arange(1, len(ia) + 1, dtype=np.int64),
                    "voice_a": pd.Series([labels[i] for i in ia], dtype=object),
                    "voice_b": pd.Series([labels[j] for j in ib], dtype=object),
                    "agreement": np.asarray(agreement, dtype=np.float64),
                    "overlap": np.asarray(overlap).astype(np.int64),
                    **{name: pd.Series(col, dtype=object) for name, col in columns.items()},
                }
            )
        )
    return pd.concat(parts, ignore_index=True)
