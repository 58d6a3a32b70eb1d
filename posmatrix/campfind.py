"""Camps: seeded k-means in the camp space, k chosen by silhouette, quality shown.

:func:`find_camps` (what :func:`posmatrix.camps` runs) clusters the points of
:func:`posmatrix.camp_space` with k-means (k-means++ starts from a fixed seed, the
best of :data:`RESTARTS` runs), scores the camps by their mean silhouette (Rousseeuw
1987) and, when no ``k`` is given, tries k = 2 … :data:`MAX_K` and keeps the best
silhouette (the smallest k within :data:`TIE` of it). Voices set aside by the camp
space get camp 0 and their reason. Camps whose silhouette stays below :data:`CLEAR`
are reported as "no clear camps".
Method, measurements and references: ``docs/methods.md`` ("Camps").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from .campspace import camp_space
from .errors import UsageError

if TYPE_CHECKING:
    from .analysis import ScaleSpec, Weights
    from .matrix import HolderSpec
    from .model import Dataset
    from .profiles import Profiles

__all__ = [
    "CLEAR",
    "MAX_K",
    "METHOD",
    "RESTARTS",
    "TIE",
    "Camps",
    "find_camps",
    "silhouette",
]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

MAX_K: Final = 6
"""``k=None`` tries 2 … 6 camps (fewer when fewer voices are kept)."""

CLEAR: Final = 0.4
"""Camps are called clear when their mean silhouette is at least 0.4; below it the
briefing says "no clear camps" (k-means on structureless data scored up to 0.35 in
the measurements of ``docs/methods.md``)."""

TIE: Final = 0.05
"""``k=None``: the smallest k whose mean silhouette is within 0.05 of the best wins
(fewer camps when the data cannot tell)."""

RESTARTS: Final = 10
"""k-means runs from different k-means++ starts; the one with the least inertia wins."""

METHOD: Final = "k-means on 3 principal components"

_ITERATIONS: Final = 300
_BLOCK: Final = 1024  # rows of a distance block in the silhouette, at most
_BLOCK_ELEMENTS: Final = 2**22  # elements of one block's distances (fewer rows past 4,096)


@attrs.frozen(eq=False)
class Camps:
    """Voices split into camps by :func:`posmatrix.camps`.

    Attributes
    ----------
    assignment : pandas.DataFrame
        Index ``voice`` (stance matrix order). Columns ``camp`` (int64, 1..k: camp 1 is
        the largest, ties broken by the camp's earliest voice; 0 = set aside), ``note``
        (why a voice is set aside: ``"too few positions"`` or ``"only neutral
        positions"``; ``""`` otherwise), ``positions`` (int64), ``x``, ``y``, ``z``
        (the camp space, :func:`posmatrix.camp_space`) and ``silhouette`` (float64,
        the voice's silhouette; NaN when set aside or with one camp).
    k : int
        The number of camps (asked for, or chosen; 0 when every voice is set aside).
    method : str
        How the camps were found.
    polarization : float
        ``between − within`` (NaN if either is undefined): how much farther apart two
        voices of different camps are than two of one camp, in the camp space.
    within : float
        Mean Euclidean distance in the camp space between two kept voices of one camp.
    between : float
        Mean distance between two kept voices of different camps.
    order : tuple of str
        Voices camp by camp (1, 2, …, then those set aside), along the first axis
        within a camp.
    silhouette : float
        Mean silhouette of the kept voices (−1..1; NaN with fewer than two camps): the
        separation score.
    scores : tuple of (int, float)
        ``(k, mean silhouette)`` of every k tried (only the one k when it was given).
    min_positions : int
        The minimum number of positions a voice needs to be placed in a camp.
    profiles : Profiles
        What defines each camp, what all camps agree on, where they divide and the
        voices that bridge two camps, each with a quote (:func:`posmatrix.camp_profiles`);
        computed on first use. Needs the dataset's quotes: ``camps(ds, ...)`` with a
        ``Dataset``, not a stance matrix.
    """

    assignment: pd.DataFrame
    k: int
    method: str
    polarization: float
    within: float
    between: float
    order: tuple[str, ...]
    silhouette: float
    scores: tuple[tuple[int, float], ...]
    min_positions: int
    profiler: Callable[[Camps], Profiles] | None = attrs.field(
        default=None, kw_only=True, eq=False, repr=False
    )
    _cache: dict[str, Profiles] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    @property
    def profiles(self) -> Profiles:
        """The camps' profiles (see the class's attributes), computed once."""
        if "profiles" not in self._cache:
            if self.profiler is None:
                raise UsageError(
                    "Camps.profiles needs the dataset's quotes: call posmatrix.camps with "
                    "the Dataset, not a stance matrix (or call posmatrix.camp_profiles)"
                )
            self._cache["profiles"] = self.profiler(self)
        return self._cache["profiles"]

    @property
    def metric(self) -> str:
        """The method (kept under its old name for callers of the average-linkage camps)."""
        return self.method

    @property
    def sizes(self) -> tuple[int, ...]:
        """Number of voices in camp 1, 2, … k (voices set aside not counted)."""
        counts = self.assignment["camp"].value_counts()
        return tuple(int(counts.get(c, 0)) for c in range(1, self.k + 1))

    @property
    def set_aside(self) -> pd.DataFrame:
        """The voices in no camp: index ``voice``, columns ``positions`` and ``note``."""
        out: pd.DataFrame = self.assignment.loc[
            self.assignment["camp"] == 0, ["positions", "note"]
        ].copy()
        return out

    @property
    def clear(self) -> bool:
        """Whether the camps are clear: two or more, mean silhouette >= :data:`CLEAR`."""
        return self.k >= 2 and not math.isnan(self.silhouette) and self.silhouette >= CLEAR

    @property
    def verdict(self) -> str:
        """One line for a reader: ``"2 clear camps (silhouette 0.61)"`` or
        ``"no clear camps (silhouette 0.21 < 0.4)"``."""
        if self.k < 2:
            return "no clear camps (fewer than two camps)"
        sil = f"silhouette {self.silhouette:.2f}"
        if self.clear:
            return f"{self.k} clear camps ({sil})"
        return f"no clear camps ({sil} < {CLEAR:g})"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python (JSON-ready): NaN becomes None, camps map voice -> number."""

        def num(v: float) -> float | None:
            return None if math.isnan(v) else float(v)

        aside = self.set_aside
        return {
            "k": self.k,
            "method": self.method,
            "silhouette": num(self.silhouette),
            "clear": self.clear,
            "scores": {str(k): num(s) for k, s in self.scores},
            "polarization": num(self.polarization),
            "within": num(self.within),
            "between": num(self.between),
            "sizes": list(self.sizes),
            "min_positions": self.min_positions,
            "set_aside": {str(v): str(n) for v, n in aside["note"].items()},
            "camps": {str(v): int(c) for v, c in self.assignment["camp"].items()},
            "order": list(self.order),
        }

    def __repr__(self) -> str:
        from .notebook import camps_repr

        return camps_repr(self)

    def _repr_html_(self) -> str:
        from .notebook import camps_html

        return camps_html(self)


def _sqdist(x: F64, centres: F64) -> F64:
    out: F64 = ((x[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    return out


def _kmeans(x: F64, k: int, seed: int) -> I64:
    """Lloyd's k-means from :data:`RESTARTS` k-means++ starts (Arthur and Vassilvitskii
    2007) drawn from ``numpy.random.default_rng(seed)``; the least inertia wins."""
    n = len(x)
    rng = np.random.default_rng(seed)
    best: tuple[float, I64] | None = None
    for _ in range(RESTARTS):
        centres = np.empty((k, x.shape[1]))
        centres[0] = x[rng.integers(n)]
        near = _sqdist(x, centres[:1])[:, 0]
        for c in range(1, k):
            total = float(near.sum())
            pick = int(rng.choice(n, p=near / total)) if total > 0 else int(rng.integers(n))
            centres[c] = x[pick]
            near = np.minimum(near, _sqdist(x, centres[c : c + 1])[:, 0])
        labels = np.full(n, -1, dtype=np.int64)
        for _ in range(_ITERATIONS):
            d = _sqdist(x, centres)
            new = d.argmin(axis=1).astype(np.int64)
            if np.array_equal(new, labels):
                break
            labels = new
            onehot = (labels[:, None] == np.arange(k)[None, :]).astype(np.float64)
            counts = onehot.sum(axis=0)
            sums = onehot.T @ x
            filled = counts > 0
            centres[filled] = sums[filled] / counts[filled, None]
        inertia = float(_sqdist(x, centres)[np.arange(n), labels].sum())
        if best is None or inertia < best[0] - 1e-12 * max(inertia, 1.0):
            best = (inertia, labels)
    assert best is not None
    return best[1]


def silhouette(x: npt.ArrayLike, labels: npt.ArrayLike) -> tuple[F64, float, float]:
    """Silhouette of every point (Rousseeuw 1987), with the mean distances within and
    between clusters, by row blocks (no n × n array).

    Parameters
    ----------
    x : array (n × d)
        Points (Euclidean distances).
    labels : array of int (n)
        Cluster of each point.

    Returns
    -------
    (s, within, between)
        ``s_i = (b_i − a_i) / max(a_i, b_i)``, ``a_i`` the mean distance to the other
        members of its cluster, ``b_i`` the least mean distance to another cluster's
        members; 0 for a point alone in its cluster; all NaN with fewer than two
        clusters. ``within``/``between``: mean distance over pairs of distinct points in
        one cluster / in different clusters (NaN when there is no such pair).

    Examples
    --------
    Points 0, 1 | 4 on a line: point 0 has a = 1, b = 4 → 1 − 1/4 = 0.75; point 1:
    a = 1, b = 3 → 0.667; point 4 is alone → 0. Within: the one pair (0, 1) at 1;
    between: (0, 4) and (1, 4) at 4 and 3 → 3.5.

    >>> s, w, b = silhouette([[0.0], [1.0], [4.0]], [0, 0, 1])
    >>> s.round(3).tolist(), w, b
    ([0.75, 0.667, 0.0], 1.0, 3.5)
    """
    pts = np.asarray(x, dtype=np.float64)
    return _silhouettes(pts, [np.asarray(labels)])[0]


def _silhouettes(pts: F64, labelings: list[npt.NDArray[Any]]) -> list[tuple[F64, float, float]]:
    """:func:`silhouette` of several labelings of the same points, computing each block
    of distances once."""
    n = len(pts)
    parts = []
    for lab in labelings:
        _, idx = np.unique(lab, return_inverse=True)
        k = int(idx.max()) + 1 if n else 0
        parts.append((idx, (idx[:, None] == np.arange(k)[None, :]).astype(np.float64)))
    sums = [np.zeros((n, oh.shape[1])) for _, oh in parts]
    sq = (pts * pts).sum(axis=1)
    block = max(1, min(_BLOCK, _BLOCK_ELEMENTS // max(n, 1)))  # temporaries of 32 MB
    for start in range(0, n, block):
        rows = slice(start, min(start + block, n))
        d2 = sq[rows, None] + sq[None, :] - 2.0 * (pts[rows] @ pts.T)
        dist = np.sqrt(np.maximum(d2, 0.0))
        for total, (_, onehot) in zip(sums, parts, strict=True):
            total[rows] = dist @ onehot
    return [_finish(idx, onehot, total) for (idx, onehot), total in zip(parts, sums, strict=True)]


def _finish(idx: I64, onehot: F64, sums: F64) -> tuple[F64, float, float]:
    n, k = sums.shape
    size = onehot.sum(axis=0)
    own = sums[np.arange(n), idx]
    pairs_within = float((size * (size - 1.0)).sum())
    pairs_between = float(n * (n - 1.0)) - pairs_within
    total = float(sums.sum())
    within = float(own.sum()) / pairs_within if pairs_within > 0 else math.nan
    between = (total - float(own.sum())) / pairs_between if pairs_between > 0 else math.nan
    s: F64 = np.full(n, np.nan)
    if k < 2:
        return s, within, between
    alone = size[idx] <= 1
    a = own / np.maximum(size[idx] - 1.0, 1.0)
    other = np.where(onehot.astype(bool), np.inf, sums / size[None, :])
    b = other.min(axis=1)
    top = np.maximum(a, b)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(alone | (top <= 0), 0.0, (b - a) / top)
    return s, within, between


def _number(labels: I64, first_axis: F64) -> I64:
    """Camp numbers 1..k: largest first, ties by the earliest voice."""
    uniq, first, counts = np.unique(labels, return_index=True, return_counts=True)
    rank = np.lexsort((first, -counts))
    number = np.empty(len(uniq), dtype=np.int64)
    number[rank] = np.arange(1, len(uniq) + 1)
    out: I64 = number[np.searchsorted(uniq, labels)]
    return out


def find_camps(
    data: Dataset | pd.DataFrame,
    k: int | None = None,
    *,
    holder: HolderSpec = None,
    weights: Weights | None = None,
    scale: ScaleSpec = None,
    min_positions: int | None = None,
    seed: int = 0,
) -> Camps:
    """Camps of the voices; what :func:`posmatrix.camps` runs (see there)."""
    if k is not None and (isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1):
        raise UsageError(f"k must be an integer >= 1 or None (choose by silhouette), got {k!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise UsageError(f"seed must be an integer, got {seed!r}")
    space = camp_space(
        data, holder=holder, weights=weights, scale=scale, min_positions=min_positions
    )
    pts = space.points
    n = len(pts)
    if k is not None and k > max(n, 1):
        raise UsageError(f"k must be an integer from 1 to the number of voices ({n}), got {k!r}")
    kept = space.kept
    x = pts.loc[kept, ["x", "y", "z"]].to_numpy(dtype=np.float64)
    m = len(x)
    scores: list[tuple[int, float]] = []
    if m == 0:
        chosen, labels = 0, np.zeros(0, dtype=np.int64)
    elif k is None:
        chosen, labels = 1, np.zeros(m, dtype=np.int64)
        ks = list(range(2, min(MAX_K, m - 1) + 1))
        trials = {kk: _kmeans(x, kk, int(seed)) for kk in ks}
        results = dict(zip(ks, _silhouettes(x, [trials[kk] for kk in ks]), strict=True))
        scores = [(kk, float(np.mean(results[kk][0]))) for kk in ks]
        if scores:
            best = max(score for _, score in scores)
            chosen = min(kk for kk, score in scores if score >= best - TIE)
            labels = trials[chosen]
    else:
        chosen = min(int(k), m)
        labels = _kmeans(x, chosen, int(seed)) if chosen > 1 else np.zeros(m, dtype=np.int64)
    if k is None and scores:
        s, within, between = results[chosen]
    elif m:
        s, within, between = _silhouettes(x, [labels])[0]
    else:
        s, within, between = np.zeros(0), math.nan, math.nan
    mean_s = float(np.mean(s)) if m and chosen >= 2 else math.nan
    if k is not None and chosen >= 2:
        scores = [(chosen, mean_s)]
    camp = np.zeros(n, dtype=np.int64)
    if m:
        camp[kept] = _number(labels, x[:, 0])
        chosen = int(camp.max())
    sil = np.full(n, np.nan)
    sil[kept] = s
    assignment = pd.DataFrame(
        {
            "camp": camp,
            "note": pts["note"].to_numpy(dtype=object),
            "positions": pts["positions"].to_numpy(dtype=np.int64),
            "x": pts["x"].to_numpy(),
            "y": pts["y"].to_numpy(),
            "z": pts["z"].to_numpy(),
            "silhouette": sil,
        },
        index=pts.index.copy(),
    )
    first = np.nan_to_num(pts["x"].to_numpy(dtype=np.float64), nan=0.0)
    group = np.where(camp == 0, chosen + 1, camp)
    order_idx = np.lexsort((np.arange(n), first, group))
    return Camps(
        assignment=assignment,
        k=chosen,
        method=METHOD,
        polarization=between - within,
        within=within,
        between=between,
        order=tuple(str(pts.index[i]) for i in order_idx),
        silhouette=mean_s,
        scores=tuple(scores),
        min_positions=space.min_positions,
    )
