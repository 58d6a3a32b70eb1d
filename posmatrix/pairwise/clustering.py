"""Average-linkage clustering of voices by their agreement, and camps.

Scores become distances in 0..1 by each metric's registered ``distance``
(:mod:`.registry`); undefined pairs count as the maximal distance 1. SciPy builds the
average-linkage tree; this module fixes the documented orders on top of it: voices in
dendrogram order with the subtree holding the earlier voice first (:func:`_leaf_order`),
and camps numbered largest first, ties by the earliest voice (:func:`_cut`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import UsageError
from .registry import spec
from .runtime import F64, _row_blocks


def _dissimilarity(values: F64, metric: str, normalization: str) -> F64:
    """1 − similarity, in [0, 1], as a new array (NaN stays NaN), by the metric's
    registered ``distance``: 1 − score (exact, sign, cityblock, congruence), the score
    itself (conflict) or (1 − score) / 2 (the signed metrics), clipped to [0, 1]."""
    entry = spec(metric)
    if entry.normalized and normalization == "none":
        raise UsageError(
            f"clustering needs a bounded score, but metric {metric!r} with normalization='none' "
            "is an unbounded count; use normalization='average', 'jaccard' or 'cosine'"
        )
    dist: F64 = np.array(values, dtype=np.float64)
    if entry.distance == "half_one_minus":
        dist *= -0.5
        dist += 0.5
    elif entry.distance == "one_minus":
        np.subtract(1.0, dist, out=dist)
    return np.clip(dist, 0.0, 1.0, out=dist)


def _distances(values: F64, metric: str, normalization: str) -> F64:
    """:func:`_dissimilarity`; undefined pairs (NaN) count as the maximal distance 1."""
    dist = _dissimilarity(values, metric, normalization)
    dist[np.isnan(dist)] = 1.0
    np.fill_diagonal(dist, 0.0)
    return dist


def _polarization(values: F64, labels: npt.NDArray[np.int64], metric: str, norm: str) -> F64:
    """Mean distance within camps and between camps over pairs of distinct voices with
    a defined score, by row blocks: ``[within, between]`` (NaN when there is no pair)."""
    n = values.shape[0]
    sums = np.zeros(2)
    counts = np.zeros(2)
    for rows in _row_blocks(n, 3):
        dist = _dissimilarity(values[rows], metric, norm)
        upper = np.arange(n)[None, :] > np.arange(rows.start, rows.stop)[:, None]
        valid = upper & ~np.isnan(dist)
        same = labels[rows, None] == labels[None, :]
        for i, part in enumerate((valid & same, valid & ~same)):
            sums[i] += dist[part].sum()
            counts[i] += np.count_nonzero(part)
    out: F64 = np.full(2, np.nan)
    np.divide(sums, counts, out=out, where=counts > 0)
    return out


def _scipy() -> tuple[Any, Any]:
    """SciPy's ``linkage`` and ``squareform``. Importing ``scipy.cluster`` imports
    ``numpy.f2py``, which reads ``SOURCE_DATE_EPOCH`` with ``int()`` and raises on a
    value that is not an integer; posmatrix reports such a value itself where it uses
    it (the workbook's timestamps), so the import runs without it."""
    import os

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    bad = False
    if saved is not None:
        try:
            int(saved)
        except ValueError:
            bad = True
    if bad:
        del os.environ["SOURCE_DATE_EPOCH"]
    try:
        from scipy.cluster.hierarchy import linkage
        from scipy.spatial.distance import squareform
    finally:
        if bad and saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return linkage, squareform


def _upgma(dist: F64) -> list[tuple[int, int, float]]:
    """Average-linkage (UPGMA) merges, by :func:`scipy.cluster.hierarchy.linkage`.

    ``dist``: float64, symmetric, zero diagonal, no NaN (see :func:`_distances`).

    Returns ``n − 1`` merges ``(leaf_a, leaf_b, height)`` sorted by height: each joins
    the cluster holding ``leaf_a`` with the one holding ``leaf_b`` (each cluster named by
    its earliest voice). Ties are SciPy's: a chain element's nearest neighbour is the
    previous chain element if it is among the nearest, else the lowest-numbered
    cluster, where a merged cluster takes the higher of its two numbers (until
    posmatrix 0.1 it took the lower one, so tied distances could give another, equally
    valid tree).
    """
    n = dist.shape[0]
    if n < 2:
        return []
    linkage, squareform = _scipy()
    tree = linkage(squareform(dist, checks=False), method="average")
    first = list(range(n)) + [0] * (n - 1)  # cluster id -> its earliest leaf
    merges: list[tuple[int, int, float]] = []
    for row, (a, b, height, _) in enumerate(tree):
        la, lb = first[int(a)], first[int(b)]
        first[n + row] = min(la, lb)
        merges.append((la, lb, float(height)))
    return merges


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _leaf_order(n: int, merges: Sequence[tuple[int, int, float]]) -> list[int]:
    """Leaves of the tree left to right; at each node the child holding the earlier
    voice (in input order) goes first."""
    parent = list(range(n))
    node_of = list(range(n))  # union-find root -> tree node
    first = list(range(n))  # tree node -> smallest leaf
    children: list[tuple[int, int]] = []
    for a, b, _ in merges:
        ra, rb = _find(parent, a), _find(parent, b)
        na, nb = node_of[ra], node_of[rb]
        if first[nb] < first[na]:
            na, nb = nb, na
        children.append((na, nb))
        first.append(first[na])
        parent[rb] = ra
        node_of[ra] = n + len(children) - 1
    roots = sorted({node_of[_find(parent, i)] for i in range(n)}, key=lambda v: first[v])
    out: list[int] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        if node < n:
            out.append(node)
        else:
            left, right = children[node - n]
            stack.extend((right, left))
    return out


def _cut(n: int, merges: Sequence[tuple[int, int, float]], k: int) -> npt.NDArray[np.int64]:
    """Camp numbers 1..k after the ``n − k`` lowest merges: largest camp first, ties by
    the earliest voice."""
    parent = list(range(n))
    for a, b, _ in merges[: n - k]:
        ra, rb = _find(parent, a), _find(parent, b)
        parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([_find(parent, i) for i in range(n)], dtype=np.int64)
    uniq, first, counts = np.unique(roots, return_index=True, return_counts=True)
    rank = np.lexsort((first, -counts))  # size descending, then first appearance
    number = np.empty(len(uniq), dtype=np.int64)
    number[rank] = np.arange(1, len(uniq) + 1)
    return number[np.searchsorted(uniq, roots)]
