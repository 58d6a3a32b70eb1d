"""Where each voice stands: a 2-D map of the voices.

:func:`embedding` places every voice in the plane. By default
(``method="camps"``) the plane is the first two axes of the space camps are found in
(:func:`posmatrix.camp_space`: missing-aware principal components of the stances), so
the map shows the geometry :func:`posmatrix.camps` clusters; the voices the camps set
aside are projected into the same axes. ``method="smacof"`` is the older map: weighted
metric multidimensional scaling (SMACOF, de Leeuw 1977) of the agreement distances,
with each pair weighted by the number of issues the two voices share, so a pair that
shares no issue pulls on nothing (it gets a token weight, see Notes). Either way it
fits every issue's stances to the two coordinates, over the voices that address the
issue, so a map can draw issues as directions (a biplot). The result is a tidy frame;
:mod:`posmatrix.plot` draws it. Method, fit and references: ``docs/methods.md``
("Position map").

No matplotlib here: this module needs only numpy and pandas.
"""

from __future__ import annotations

import math
from typing import Final, Literal

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from .analysis import Metric, Normalization, Weights, _check_options, _dissimilarity, agreement
from .analysis import overlap as _overlap
from .errors import UsageError
from .matrix import HolderSpec, stance_matrix, voices
from .model import Dataset

__all__ = ["METHODS", "Embedding", "embedding"]

F64 = npt.NDArray[np.float64]

EmbeddingMethod = Literal["camps", "smacof"]
METHODS: Final = ("camps", "smacof")
"""The ways :func:`embedding` places the voices; the first is the default."""

TOKEN_WEIGHT: Final = 0.01
"""Weight of a pair with no defined score (at the maximal distance 1): a hundredth of
one shared issue, enough to keep unconnected groups apart, too little to bend the rest."""

_MAX_ITER: Final = 500
_TOL: Final = 1e-5


@attrs.frozen(eq=False)
class Embedding:
    """Voices placed in 2-D by :func:`embedding`.

    Attributes
    ----------
    points : pandas.DataFrame
        Index ``voice`` (stance matrix order). Columns ``x``, ``y`` (float64; camps:
        the camp space's first two axes, :attr:`posmatrix.CampSpace.plane`; smacof: in
        units of the distance 1 − agreement, centred on 0, rotated to principal axes),
        ``issues`` (int64, issues the voice addresses), ``note`` (camps: why the camps
        set the voice aside, ``"too few positions"`` or ``"only neutral positions"``,
        else ``""``; smacof: always ``""``) and, for a Dataset, ``source``, ``holder``
        and ``holder_name``.
    issues : pandas.DataFrame
        Index ``issue``. Columns ``x``, ``y`` (Pearson correlation of the issue's
        stances with each coordinate over the voices that address it; NaN with fewer
        than three such voices or no spread), ``r`` (the length ``hypot(x, y)``) and
        ``voices`` (int64, how many voices address it).
    stress : float
        smacof: Kruskal's stress-1 over the pairs with a defined score:
        ``sqrt(Σ w (d − δ)² / Σ w d²)``, 0 = a perfect fit (NaN with fewer than 3
        voices). camps: NaN (no distances are fitted; see :attr:`explained`).
    metric : str
        smacof: the agreement metric the distances come from. camps: ``"stances"``.
    iterations : int
        SMACOF iterations run (0 for camps).
    method : str
        ``"camps"`` or ``"smacof"``.
    explained : tuple of float
        camps: the share of the variance of the filled-in, centred stances that the
        x and y axes carry (:attr:`posmatrix.CampSpace.explained`, first two); the
        map's fit. smacof: ``(nan, nan)``.
    """

    points: pd.DataFrame
    issues: pd.DataFrame
    stress: float
    metric: str
    iterations: int
    method: str = "smacof"
    explained: tuple[float, float] = (math.nan, math.nan)

    @property
    def fit(self) -> str:
        """smacof: Kruskal's verbal rating of ``stress`` (to three decimals, as shown):
        excellent (≤ .025), good (≤ .05), fair (≤ .10), poor (≤ .20) or bad.
        camps: the variance the two axes explain, e.g. ``"43% of the variance"``."""
        if self.method == "camps":
            share = sum(v for v in self.explained if not math.isnan(v))
            return f"{share:.0%} of the variance"
        s = round(self.stress, 3)
        if math.isnan(s):
            return "exact"
        for bound, word in ((0.025, "excellent"), (0.05, "good"), (0.1, "fair"), (0.2, "poor")):
            if s <= bound:
                return word
        return "bad"


def _pairwise(x: F64) -> F64:
    """Euclidean distances between the rows of ``x`` (n × 2)."""
    sq = (x * x).sum(axis=1)
    d2 = sq[:, None] + sq[None, :] - 2.0 * (x @ x.T)
    np.maximum(d2, 0.0, out=d2)
    np.fill_diagonal(d2, 0.0)
    out: F64 = np.sqrt(d2)
    return out


def _torgerson(dist: F64) -> F64:
    """Classical (Torgerson) scaling: the start configuration."""
    n = dist.shape[0]
    d2 = dist * dist
    d2 -= d2.mean(axis=0)[None, :]
    d2 -= d2.mean(axis=1)[:, None]
    b = -0.5 * d2
    vals, vecs = np.linalg.eigh((b + b.T) / 2)
    top = np.argsort(vals)[::-1][:2]
    start: F64 = vecs[:, top] * np.sqrt(np.maximum(vals[top], 0.0))[None, :]
    if start.shape[1] < 2:
        start = np.hstack([start, np.zeros((n, 2 - start.shape[1]))])
    if not np.any(start):  # every distance 0: any spread start will do
        start = np.column_stack([np.linspace(-0.5, 0.5, n), np.zeros(n)])
    return start


def _smacof(dist: F64, w: F64, start: F64) -> tuple[F64, int]:
    """Weighted SMACOF by Guttman transforms (de Leeuw and Mair 2009), from ``start``."""
    n = dist.shape[0]
    v = -w.copy()
    np.fill_diagonal(v, w.sum(axis=1) - np.diag(w))
    ones = np.full((n, n), 1.0 / n)
    vplus = np.linalg.inv(v + ones) - ones  # Moore-Penrose inverse (connected weights)
    x = start - start.mean(axis=0)
    wd = w * dist
    old = math.inf
    it = 0
    for it in range(1, _MAX_ITER + 1):  # noqa: B007 - iterations are reported
        dx = _pairwise(x)
        sigma = float((w * (dist - dx) ** 2).sum()) / 2
        if sigma <= 1e-18 or (math.isfinite(old) and old - sigma <= _TOL * old):
            break
        old = sigma
        with np.errstate(divide="ignore", invalid="ignore"):
            b = np.where(dx > 0, -wd / dx, 0.0)
        np.fill_diagonal(b, 0.0)
        np.fill_diagonal(b, -b.sum(axis=1))
        x = vplus @ (b @ x)
    return x, it


def _fit_issues(values: F64, xy: F64) -> tuple[F64, npt.NDArray[np.int64]]:
    """Property fitting: regress each issue's stances on the two coordinates over the
    voices that address it. Returns (issues × 2: the unit direction of steepest rise
    times the multiple correlation R, voices per issue). Masked products, no loops."""
    mask = ~np.isnan(values)
    m = mask.astype(np.float64)
    s = np.where(mask, values, 0.0)
    n = m.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ms = s.sum(axis=0) / n
        mx = (m.T @ xy) / n[:, None]  # issue × 2: mean coordinates of its voices
        vs = (s * s).sum(axis=0) / n - ms**2
        cxx = (m.T @ (xy[:, 0] * xy[:, 0])) / n - mx[:, 0] ** 2
        cyy = (m.T @ (xy[:, 1] * xy[:, 1])) / n - mx[:, 1] ** 2
        cxy = (m.T @ (xy[:, 0] * xy[:, 1])) / n - mx[:, 0] * mx[:, 1]
        csx = (s.T @ xy) / n[:, None] - ms[:, None] * mx  # issue × 2
        det = cxx * cyy - cxy * cxy
        solvable = det > 1e-12 * np.maximum(cxx * cyy, 1e-300)
        bx = np.where(solvable, (cyy * csx[:, 0] - cxy * csx[:, 1]) / det, 0.0)
        by = np.where(solvable, (cxx * csx[:, 1] - cxy * csx[:, 0]) / det, 0.0)
        one = ~solvable & (cxx + cyy > 1e-12)  # voices on a line: regress on that line
        bx = np.where(one & (cxx >= cyy), csx[:, 0] / cxx, bx)
        by = np.where(one & (cyy > cxx), csx[:, 1] / cyy, by)
        r2 = (bx * csx[:, 0] + by * csx[:, 1]) / vs
        norm = np.hypot(bx, by)
        r = np.sqrt(np.clip(r2, 0.0, 1.0))
        out = np.column_stack([bx / norm * r, by / norm * r])
    out[(n < 4) | ~(vs > 1e-12) | ~(norm > 0)] = np.nan
    return out, n.astype(np.int64)


def _orient(x: F64, values: F64) -> tuple[F64, F64, npt.NDArray[np.int64]]:
    """Principal axes, each signed so that the issue loading most on it points to +;
    with the issues' correlations on the final axes."""
    if len(x):
        x = x - x.mean(axis=0)
    if len(x) > 1 and np.any(x):
        _, _, vt = np.linalg.svd(x, full_matrices=False)
        x = x @ vt.T
    x[np.abs(x) < 1e-6 * max(float(np.abs(x).max(initial=0.0)), 1e-300)] = 0.0  # solver noise
    r, counts = _fit_issues(values, x)
    for k in range(2):
        col = r[:, k] if r.size else np.zeros(0)
        if col.size and np.any(~np.isnan(col)):
            j = int(np.nanargmax(np.abs(col)))
            sign = 1.0 if col[j] >= 0 else -1.0
        else:
            sign = 1.0 if (x[:, k] ** 3).sum() >= 0 else -1.0
        x[:, k] *= sign
        if r.size:
            r[:, k] *= sign
    return x, r, counts


def embedding(
    data: Dataset | pd.DataFrame,
    *,
    method: EmbeddingMethod = "camps",
    metric: Metric = "cityblock",
    holder: HolderSpec = None,
    min_overlap: int = 1,
    weights: Weights | None = None,
    normalization: Normalization = "average",
    min_positions: int | None = None,
) -> Embedding:
    """Place every voice in 2-D: the plane camps are found in, or distance = disagreement.

    Parameters
    ----------
    data : Dataset or pandas.DataFrame
        A dataset, or a stance matrix (voices × issues, NaN = not addressed).
    method : {"camps", "smacof"}
        ``"camps"`` (default): the first two axes of :func:`posmatrix.camp_space`, the
        space :func:`posmatrix.camps` clusters, so a map coloured by camps shows the
        geometry the camps were found in; voices the camps set aside are projected into
        the same axes (:attr:`posmatrix.CampSpace.projected`). ``"smacof"``: weighted
        metric MDS of the agreement distances (see Notes).
    metric, min_overlap, normalization
        smacof only, as for :func:`posmatrix.agreement`; the distance between two
        voices is 1 − agreement mapped to 0..1 as for clustering (``docs/methods.md``).
        Checked but unused by camps.
    weights : mapping or None
        Issue weights, as for :func:`posmatrix.agreement` (both methods).
    holder : str, list of str, or None
        Which voices of a Dataset (default: every voice).
    min_positions : int or None
        camps only: as for :func:`posmatrix.camp_space`.

    Returns
    -------
    Embedding
        ``points`` (voice → x, y), ``issues`` (issue → direction), the fit
        (``explained`` for camps, ``stress`` for smacof).

    Notes
    -----
    camps: the coordinates are :attr:`posmatrix.CampSpace.plane` as they are (not
    rotated nor flipped), so each point equals the voice's camp-space ``x``, ``y``.

    smacof: weighted SMACOF minimises ``Σ w_ij (d_ij − ‖x_i − x_j‖)²`` from a
    classical (Torgerson) start. ``w_ij`` is the number of issues voices i and j share
    when their score is defined; a pair without a score (no shared issue, or fewer than
    ``min_overlap``) gets the token weight :data:`TOKEN_WEIGHT` at distance 1. The
    result is centred, rotated to its principal axes and each axis signed so the issue
    correlating most with it points in its positive direction: the same data always
    give the same map. It costs O(n³) time and n² memory: minutes at 2,500 voices.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [2, 2, -2, -2], "b": [2, 1, -2, -1]},
    ...                  index=["w", "x", "y", "z"])
    >>> e = embedding(s, method="smacof")
    >>> e.points["x"].round(3).tolist()  # distances 0.125, 1, 0.875 … fit on a line
    [0.5, 0.375, -0.5, -0.375]
    >>> float(e.points["y"].abs().max())
    0.0
    >>> round(e.stress, 3), e.fit
    (0.0, 'excellent')
    >>> e.issues[["x", "voices"]].round(2)
             x  voices
    issue
    a      1.0       4
    b      1.0       4

    The default places the same voices in the camp space (:func:`posmatrix.camp_space`):
    on −1..1 the rows are (1, 1), (1, .5), (−1, −1), (−1, −.5), already centred;
    ``XᵀX`` = [[4, 3], [3, 2.5]] has eigenvalues 6.342 and 0.158, the first with the
    axis (0.788, 0.615), so w is at 0.788 + 0.615 = 1.404 and x at 0.788 + 0.308 =
    1.096; the two axes carry all the variance.

    >>> c = embedding(s, min_positions=2)
    >>> c.points["x"].round(3).tolist()
    [1.404, 1.096, -1.404, -1.096]
    >>> round(c.explained[0], 3), c.fit
    (0.976, '100% of the variance')
    """
    if method not in METHODS:
        raise UsageError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    _check_options(metric, normalization, min_overlap)
    if isinstance(data, Dataset):
        values_frame = stance_matrix(data, holder)
        meta = voices(data, holder).reindex(values_frame.index)
    elif isinstance(data, pd.DataFrame):
        values_frame = data
        meta = None
    else:
        raise UsageError(
            "data must be a posmatrix.Dataset or a stance matrix DataFrame (voices x issues), "
            f"got {type(data).__name__}"
        )
    values = values_frame.to_numpy(dtype=np.float64, na_value=np.nan)
    if method == "camps":
        from .campspace import camp_space

        space = camp_space(data, holder=holder, weights=weights, min_positions=min_positions)
        plane = space.plane.reindex(values_frame.index)
        xy = plane.to_numpy(dtype=np.float64) + 0.0
        r, counts = _fit_issues(values, xy)
        note = space.points["note"].reindex(values_frame.index).to_numpy()
        labels = values_frame.index
        stress, iterations, metric_name = math.nan, 0, "stances"
        explained = (float(space.explained[0]), float(space.explained[1]))
    else:
        xy, r, counts, stress, iterations = _smacof_map(
            data, values, metric, holder, min_overlap, weights, normalization
        )
        labels = values_frame.index
        note = np.full(len(labels), "", dtype=object)
        metric_name = str(metric)
        explained = (math.nan, math.nan)
    points = pd.DataFrame(
        {"x": xy[:, 0], "y": xy[:, 1], "issues": _addressed(values)},
        index=pd.Index(list(labels), name="voice", dtype=object),
    )
    points["note"] = pd.Series(list(note), index=points.index, dtype=object)
    if meta is not None:
        for col in ("source", "holder", "holder_name"):
            points[col] = meta[col].to_numpy()
    issues = pd.DataFrame(
        {
            "x": r[:, 0],
            "y": r[:, 1],
            "r": np.hypot(r[:, 0], r[:, 1]),
            "voices": np.asarray(counts, dtype=np.int64),
        },
        index=pd.Index(list(values_frame.columns), name="issue", dtype=object),
    )
    return Embedding(
        points=points,
        issues=issues,
        stress=stress,
        metric=metric_name,
        iterations=iterations,
        method=method,
        explained=explained,
    )


def _smacof_map(
    data: Dataset | pd.DataFrame,
    values: F64,
    metric: Metric,
    holder: HolderSpec,
    min_overlap: int,
    weights: Weights | None,
    normalization: Normalization,
) -> tuple[F64, F64, npt.NDArray[np.int64], float, int]:
    """The smacof method: (xy, issue directions, voices per issue, stress, iterations)."""
    agr = agreement(
        data,
        metric,
        holder=holder,
        min_overlap=min_overlap,
        weights=weights,
        normalization=normalization,
    )
    ovl = _overlap(data, holder=holder).to_numpy(dtype=np.float64)
    n = len(agr.index)
    dist = _dissimilarity(agr.to_numpy(dtype=np.float64), metric, normalization)
    defined = ~np.isnan(dist)
    np.fill_diagonal(defined, False)
    w = np.where(defined, ovl, TOKEN_WEIGHT)
    dist = np.where(defined, dist, 1.0)
    np.fill_diagonal(w, 0.0)
    np.fill_diagonal(dist, 0.0)
    if n >= 3:
        xy, iterations = _smacof(dist, w, _torgerson(dist))
        dx = _pairwise(xy)
        upper = np.triu(defined, 1)
        num = float((w[upper] * (dist[upper] - dx[upper]) ** 2).sum())
        den = float((w[upper] * dist[upper] ** 2).sum())
        stress = math.sqrt(num / den) if den > 0 else 0.0
    else:
        xy = np.zeros((n, 2))
        if n == 2:
            xy[:, 0] = [-dist[0, 1] / 2, dist[0, 1] / 2]
        iterations, stress = 0, math.nan
    xy, r, counts = _orient(xy, values)
    xy += 0.0  # no "-0.0"
    return xy, r, counts, stress, iterations


def _addressed(values: F64) -> npt.NDArray[np.int64]:
    """How many issues each row of a stance matrix addresses."""
    out: npt.NDArray[np.int64] = (~np.isnan(values)).sum(axis=1).astype(np.int64)
    return out
