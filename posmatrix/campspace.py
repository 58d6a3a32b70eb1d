"""The space camps are found in: principal components of the stances, missing-aware.

:func:`camp_space` follows the published Pol.is pipeline (Small et al. 2021): voices
with fewer than :data:`MIN_POSITIONS` positions, and voices whose every position is
neutral, are set aside (listed with the reason, never forced into a camp); every
other voice's missing positions are filled with the issue's mean stance among the
voices that address it (so missing counts as "like the average voice", never as
neutral); the centred matrix is reduced to its first :data:`DIMENSIONS` principal
components; and each voice's coordinates are stretched by ``sqrt(issues / positions)``
so that a voice who addressed few issues is not pulled towards the centre merely by
its imputed means. :mod:`posmatrix.campfind` clusters these points. Method and
references: ``docs/methods.md`` ("Camps").

Cost: one pass over the voices × issues matrix, one issues × issues product and an
eigendecomposition — no voices × voices array.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from .errors import UsageError

if TYPE_CHECKING:
    from .analysis import ScaleSpec, Weights
    from .matrix import HolderSpec
    from .model import Dataset

__all__ = [
    "DIMENSIONS",
    "MIN_POSITIONS",
    "MIN_POSITIONS_FLOOR",
    "CampSpace",
    "camp_space",
    "default_min_positions",
]

F64 = npt.NDArray[np.float64]

MIN_POSITIONS: Final = 7
"""The most positions a voice is asked for (Pol.is's minimum of 7 votes)."""

MIN_POSITIONS_FLOOR: Final = 3
"""The fewest: a voice with one or two positions is always set aside."""


def default_min_positions(issues: int) -> int:
    """The default minimum of positions for a matrix of ``issues`` issues: a tenth of the
    issues, at least :data:`MIN_POSITIONS_FLOOR` (3), at most :data:`MIN_POSITIONS` (7).

    Examples
    --------
    >>> [default_min_positions(n) for n in (5, 22, 50, 896)]
    [3, 3, 5, 7]
    """
    return int(min(MIN_POSITIONS, max(MIN_POSITIONS_FLOOR, math.ceil(issues / 10))))


DIMENSIONS: Final = 3
"""Principal components kept. Two (as Pol.is) cannot hold four well-separated camps
apart; three recovered 2–4 planted camps in the measurements of ``docs/methods.md``."""

TOO_FEW: Final = "too few positions"
ONLY_NEUTRAL: Final = "only neutral positions"
_AXES: Final = ("x", "y", "z")
_STEPS: Final = 40  # subspace iterations


@attrs.frozen(eq=False)
class CampSpace:
    """Voices placed by :func:`camp_space`.

    Attributes
    ----------
    points : pandas.DataFrame
        Index ``voice`` (stance matrix order). Columns ``x``, ``y``, ``z`` (float64, the
        first three principal components after the participation correction; NaN for a
        voice set aside; an axis the data cannot fill is 0), ``positions`` (int64, issues
        addressed) and ``note`` (``""``, ``"too few positions"`` or ``"only neutral
        positions"``: why the voice is set aside).
    explained : tuple of float
        Share of the total variance of the filled-in, centred stances on each axis.
    min_positions : int
        The minimum number of positions used.
    projected : pandas.DataFrame
        The voices set aside, placed in the same axes for drawing (the camps ignore
        them), as Pol.is projects the participants it does not cluster: index ``voice``
        (stance matrix order, only voices set aside), columns ``x``, ``y``, ``z``. Their
        missing positions are filled with the same issue means, their centred row is
        projected on the same axes and stretched by ``sqrt(p / max(n_i, min_positions))``:
        a voice with one or two positions is stretched as one with the minimum would be,
        so it stays near the centre instead of being flung out by the correction.
    """

    points: pd.DataFrame
    explained: tuple[float, ...]
    min_positions: int
    projected: pd.DataFrame = attrs.field(
        factory=lambda: pd.DataFrame({a: pd.Series(dtype=np.float64) for a in _AXES})
    )

    @property
    def plane(self) -> pd.DataFrame:
        """Every voice's ``x``, ``y`` (stance matrix order): the camp space for the voices
        kept, :attr:`projected` for those set aside — what the position map draws."""
        out: pd.DataFrame = self.points[["x", "y"]].copy()
        if len(self.projected):
            out.loc[self.projected.index, ["x", "y"]] = self.projected[["x", "y"]].to_numpy()
        return out

    @property
    def kept(self) -> npt.NDArray[np.bool_]:
        """Which voices were placed (not set aside)."""
        out: npt.NDArray[np.bool_] = (self.points["note"] == "").to_numpy(dtype=bool)
        return out


def _orient(vectors: F64) -> F64:
    """Sign each eigenvector so that its largest loading (first on ties) is positive."""
    if vectors.size == 0:
        return vectors
    big = np.argmax(np.abs(vectors), axis=0)
    sign = np.where(vectors[big, np.arange(vectors.shape[1])] < 0, -1.0, 1.0)
    out: F64 = vectors * sign[None, :]
    return out


def _top_eigen(c: F64, dims: int) -> tuple[F64, F64]:
    """Largest ``dims`` eigenpairs of the symmetric positive semi-definite ``c``: full
    ``eigh`` for a small matrix, else seeded block subspace iteration (``dims + 10``
    columns, 40 steps, then Rayleigh-Ritz; Halko, Martinsson and Tropp 2011), which
    costs matrix-vector-block products instead of a full decomposition."""
    m = c.shape[0]
    if m <= 128:
        vals, vecs = np.linalg.eigh(c)
    else:
        q = np.random.default_rng(0).standard_normal((m, min(m, dims + 10)))
        for step in range(_STEPS):
            q = c @ q
            if step % 5 == 4 or step == _STEPS - 1:  # re-orthonormalise now and then
                q, _ = np.linalg.qr(q)
            else:
                q /= np.maximum(np.linalg.norm(q, axis=0), 1e-300)[None, :]
        vals, small = np.linalg.eigh(q.T @ c @ q)
        vecs = q @ small
    top = np.argsort(vals)[::-1][:dims]
    out: tuple[F64, F64] = (vals[top], vecs[:, top])
    return out


def _components(x: F64, dims: int) -> tuple[F64, F64, float, F64]:
    """Top ``dims`` principal axes of the centred ``x`` (rows × cols): scores, variances,
    total variance, the axes (cols × dims). Eigendecomposition of the smaller Gram matrix."""
    n, p = x.shape
    total = float((x * x).sum())
    if n == 0 or p == 0 or total <= 0.0:
        return np.zeros((n, dims)), np.zeros(dims), total, np.zeros((p, dims))
    if p <= n:
        vals, vecs = _top_eigen(x.T @ x, dims)
        axes = _orient(vecs)
        scores: F64 = x @ axes
    else:
        vals, vecs = _top_eigen(x @ x.T, dims)
        axes = x.T @ vecs
        norm = np.linalg.norm(axes, axis=0)
        axes = _orient(axes / np.where(norm > 0, norm, 1.0)[None, :])
        scores = x @ axes
    var = np.maximum(vals, 0.0)
    if scores.shape[1] < dims:
        pad = dims - scores.shape[1]
        scores = np.hstack([scores, np.zeros((n, pad))])
        axes = np.hstack([axes, np.zeros((p, pad))])
        var = np.concatenate([var, np.zeros(pad)])
    empty = var <= 1e-12 * total
    scores[:, empty] = 0.0  # solver noise on an empty axis
    axes = axes.copy()
    axes[:, empty] = 0.0
    return scores, var, total, axes


def camp_space(
    data: Dataset | pd.DataFrame,
    *,
    holder: HolderSpec = None,
    weights: Weights | None = None,
    scale: ScaleSpec = None,
    min_positions: int | None = None,
) -> CampSpace:
    """Place the voices in the space camps are found in (see the module docstring).

    Parameters
    ----------
    data : Dataset or pandas.DataFrame
        A dataset, or a stance matrix (voices × issues, NaN = not addressed).
    holder, weights, scale
        As for :func:`posmatrix.agreement`: which voices, issue weights (an issue's
        column is multiplied by the square root of its weight), the stance scale.
    min_positions : int or None
        Voices with fewer positions are set aside; default
        :func:`default_min_positions` (a tenth of the issues, 3 to 7).

    Returns
    -------
    CampSpace

    Notes
    -----
    With stances ``s_ij`` mapped to −1..1 (``2(s − mid)/(max − min)``), the issue means
    ``m_j`` over the kept voices addressing ``j``, and ``a_ij`` = 1 where voice ``i``
    addressed issue ``j``: ``X_ij = a_ij (s_ij − m_j) · sqrt(w_j)`` (mean-filled and
    centred), ``P = X V`` with ``V`` the top three eigenvectors of ``XᵀX``, and voice
    ``i``'s point is ``P_i · sqrt(p / n_i)`` (``p`` issues addressed by any kept voice,
    ``n_i`` the voice's positions).

    Examples
    --------
    By hand: on −2..2, w, x, y map to (1, 1), (1, 1), (−1, −1); the issue means are
    1/3, so the centred rows are ±(2/3, 2/3) and (−4/3, −4/3); the first axis is
    (1, 1)/√2, giving 2/3·√2 = 0.943 and −4/3·√2 = −1.886 (every kept voice addressed
    both issues: no stretch). n took only neutral positions; u took one position.

    >>> import pandas as pd
    >>> s = pd.DataFrame(
    ...     {"a": [2, 2, -2, 0, 2], "b": [2, 2, -2, 0, None]},
    ...     index=["w", "x", "y", "n", "u"],
    ... )
    >>> sp = camp_space(s, min_positions=2)
    >>> sp.points["note"].tolist()
    ['', '', '', 'only neutral positions', 'too few positions']
    >>> sp.points["x"].round(3).tolist()
    [0.943, 0.943, -1.886, nan, nan]
    >>> [round(v, 3) for v in sp.explained]
    [1.0, 0.0, 0.0]

    The voices set aside are projected for drawing: n's centred row is (−1/3, −1/3),
    u's is (2/3, 0) (its missing b filled with the mean), giving ∓1/3·√2 = ∓0.471:

    >>> sp.projected["x"].round(3).tolist()
    [-0.471, 0.471]
    >>> sp.plane["x"].round(3).tolist()
    [0.943, 0.943, -1.886, -0.471, 0.471]
    """
    from .analysis import _prepare  # analysis re-exports Camps from campfind

    if min_positions is not None and (
        isinstance(min_positions, bool)
        or not isinstance(min_positions, (int, np.integer))
        or min_positions < 1
    ):
        raise UsageError(f"min_positions must be an integer >= 1 or None, got {min_positions!r}")
    # the camp space and the blocked silhouette hold no voices x voices array
    inp = _prepare(data, holder=holder, weights=weights, scale=scale, pairs=False)
    if min_positions is None:
        min_positions = default_min_positions(inp.values.shape[1])
    half = (inp.hi - inp.lo) / 2.0 or 1.0
    s = (inp.values - (inp.hi + inp.lo) / 2.0) / half
    mask = ~np.isnan(s)
    positions = mask.sum(axis=1).astype(np.int64)
    neutral = ~np.any(mask & (s != 0.0), axis=1)
    note = np.where(positions < min_positions, TOO_FEW, np.where(neutral, ONLY_NEUTRAL, ""))
    kept = note == ""
    km = mask[kept]
    ks = np.where(km, s[kept], 0.0)
    count = km.sum(axis=0)
    used = count > 0
    mean = np.divide(ks.sum(axis=0), count, out=np.zeros(s.shape[1]), where=used)
    x = np.where(km, ks - mean[None, :], 0.0)[:, used] * np.sqrt(inp.weights[used])[None, :]
    scores, var, total, axes = _components(x, DIMENSIONS)
    p = int(used.sum())
    scores *= np.sqrt(p / np.maximum(positions[kept], 1))[:, None]
    coords = np.full((len(inp.voices), DIMENSIONS), np.nan)
    coords[kept] = scores + 0.0  # no "-0.0"
    aside = ~kept
    am = mask[aside][:, used]
    ax = np.where(am, s[aside][:, used] - mean[used][None, :], 0.0)
    ax = np.nan_to_num(ax) * np.sqrt(inp.weights[used])[None, :]
    stretch = np.sqrt(p / np.maximum(positions[aside], max(int(min_positions), 1)))
    proj = (ax @ axes) * stretch[:, None] + 0.0
    projected = pd.DataFrame(
        {axis: proj[:, i] for i, axis in enumerate(_AXES)}, index=inp.voices[aside]
    )
    points = pd.DataFrame(
        {axis: coords[:, i] for i, axis in enumerate(_AXES)},
        index=inp.voices.copy(),
    )
    points["positions"] = positions
    points["note"] = pd.Series(note, index=points.index, dtype=object)
    explained = tuple(float(v / total) if total > 0 else 0.0 for v in var)
    return CampSpace(
        points=points,
        explained=explained,
        min_positions=int(min_positions),
        projected=projected,
    )
