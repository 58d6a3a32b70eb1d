"""The gap report's pairs: the most divergent and most aligned pairs of voices.

From the dense agreement matrix (:func:`_pairs_table`), from chosen pairs
(:func:`_pairs_frame`, which the huge path of :func:`~posmatrix.gapreport.build.huge_gaps`
fills from each voice's neighbours), or, for an aggregated table
(:func:`pairs_table`), past :data:`DENSE_LIMIT` voices block of rows by block of rows:
the agreement of a block with the voices after it (:func:`posmatrix.blockwise.score_blocks`,
the exact products of :func:`posmatrix.agreement`), each block's ``top`` candidates kept
and the block dropped. The ``top`` pairs overall are among the blocks' candidates, so the
result is the same, in memory O(block · voices).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

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
    ds: Dataset,
    stances: pd.DataFrame,
    vframe: pd.DataFrame,
    picks: list[tuple[Any, ...]],
    evidence: Any = None,
) -> pd.DataFrame:
    """The ``pairs`` frame of the chosen pairs: ``picks`` holds, per kind, (kind, rows
    a, rows b, agreement, overlap), rows into ``stances``, ``a < b``, in rank order.
    The quote columns hold ``evidence[(source, holder, issue)]`` (default: the dataset's
    evidence quotes)."""
    labels = [str(v) for v in stances.index]
    keys = list(zip(vframe["source"], vframe["holder"], strict=True))
    issue_ids = [str(c) for c in stances.columns]
    values = stances.to_numpy(dtype=np.float64)
    present = ~np.isnan(values)
    evidence = _evidence(ds) if evidence is None else evidence
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


DENSE_LIMIT: Final = 4000
"""Up to this many voices :func:`pairs_table` ranks the dense agreement matrix."""

_KINDS: Final = (("divergent", 1.0), ("aligned", -1.0))


def pairs_table(
    ds: Dataset, stances: pd.DataFrame, vframe: pd.DataFrame, top: int, evidence: Any
) -> pd.DataFrame:
    """The ``pairs`` part (see :attr:`GapReport.pairs`) of ``stances``, without the dense
    matrix past :data:`DENSE_LIMIT` voices; the quote columns hold
    ``evidence[(source, holder, issue)]``."""
    if len(stances) <= DENSE_LIMIT:
        agr, ovl = _agreement_and_overlap(ds, stances)
        valid = ~np.isnan(agr)
        score = np.nan_to_num(agr)
        picks = []
        for kind, sign in _KINDS:
            ia, ib = _upper_top(valid, [-ovl.astype(np.float64), sign * score], top)
            picks.append((kind, ia, ib, agr[ia, ib], ovl[ia, ib]))
    else:
        picks = _blocked(ds, stances, top)
    return _pairs_frame(ds, stances, vframe, picks, evidence)


def _blocked(ds: Dataset, stances: pd.DataFrame, top: int) -> list[tuple[Any, ...]]:
    """Per kind: (kind, rows, columns, agreement, overlap) of the ``top`` pairs, ranked as
    :func:`_upper_top` ranks the dense matrix (agreement, then larger overlap, then voice
    order), one block of rows at a time."""
    from ..blockwise import score_blocks

    n = len(stances)
    weights = {str(i): float(ds.issues[str(i)].weight) for i in stances.columns}
    _, blocks = score_blocks(stances, METRIC, weights=weights, scale=ds.scale, upper=True)
    found: list[list[Any]] = [[], []]
    for rows, scores, over in blocks:  # columns from rows.start on: each pair once
        s, width = rows.start, scores.shape[1]
        bad = np.isnan(scores).ravel()
        n_valid = int(bad.size - np.count_nonzero(bad))
        for k, (_kind, sign) in enumerate(_KINDS):
            primary = scores.ravel() * sign  # a copy: scores stay as they are
            primary[bad] = np.inf
            if n_valid > top:
                kth = np.partition(primary, top - 1)[top - 1]
                cand = np.flatnonzero(primary <= kth)
            else:
                cand = np.flatnonzero(~bad)
            r, c = cand // width, cand % width
            f, sc, ov = (s + r) * n + (s + c), scores[r, c], over[r, c]
            order = np.lexsort((f, -ov, sign * sc))[:top]
            found[k].append((f[order], sc[order], ov[order]))
    out: list[tuple[Any, ...]] = []
    for k, (kind, sign) in enumerate(_KINDS):
        parts = found[k]
        f = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
        sc = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0)
        ov = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0, np.int64)
        order = np.lexsort((f, -ov, sign * sc))[:top]
        f = f[order]
        out.append((kind, f // n, f % n, sc[order], ov[order]))
    return out
