"""Consensus and dispersion of one distribution of stances, from its frequency
vector over the full scale: van der Eijk's A, Leik's D, Tastle and Wierman's
consensus, Hix, Noury and Roland's agreement index (see :mod:`posmatrix.measures`).
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from ..errors import UsageError
from ._arrays import FloatArray, _as_float

__all__ = ["hix_agreement_index", "leik_d", "tastle_wierman", "van_der_eijk_a"]

# Rows of (n, k, k) layer patterns handled at once by van_der_eijk_a (bounds memory).
_CHUNK_CELLS: Final = 1 << 22


def _frequencies(freq: npt.ArrayLike, min_categories: int) -> FloatArray:
    """``freq`` as a float array of shape (n, k), checked."""
    arr = _as_float(freq, "freq")
    if arr.ndim not in (1, 2):
        raise UsageError(
            f"'freq' must be a frequency vector of shape (k,) or a stack of them of shape "
            f"(n, k), got an array of shape {arr.shape}"
        )
    k = arr.shape[-1]
    if k < min_categories:
        raise UsageError(
            f"'freq' must span at least {min_categories} categories (the full scale, empty "
            f"categories included as 0), got {k}"
        )
    rows = arr.reshape(-1, k)
    bad = ~np.isfinite(rows) | (rows < 0)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        where = f"freq[{c}]" if arr.ndim == 1 else f"freq[{r}, {c}]"
        raise UsageError(
            f"frequencies must be finite numbers >= 0, got {where} = {rows[r, c]:g}; "
            "count the observations per category"
        )
    empty = rows.sum(axis=1) == 0
    if empty.any():
        which = "'freq'" if arr.ndim == 1 else f"row {int(np.argmax(empty))} of 'freq'"
        raise UsageError(
            f"{which} has no observations (all frequencies are 0): the measure is "
            "undefined; drop empty rows before calling"
        )
    return rows


def _shape_out(values: FloatArray, ndim: int) -> float | FloatArray:
    return float(values[0]) if ndim == 1 else values


# -- frequency measures -------------------------------------------------------------------


def van_der_eijk_a(freq: npt.ArrayLike) -> float | FloatArray:
    """Agreement *A* of an ordered rating scale (van der Eijk 2001).

    The frequency distribution is split into layers: the first layer is the smallest
    frequency in every category, the next layer the smallest non-zero remainder in
    every category that still has observations, and so on. Each layer is a pattern of
    empty (0) and non-empty (1) categories with agreement
    ``A = U * (1 - (S - 1) / (K - 1))``, where ``S`` is the number of non-empty
    categories, ``K`` the number of categories and
    ``U = ((K - 2) * TU - (K - 1) * TDU) / ((K - 2) * (TU + TDU))`` counts the
    category triples showing unimodality (``TU``: patterns 110, 011) and bimodality
    (``TDU``: 101). A layer with one non-empty category has ``A = 1``; a layer with
    every category non-empty has ``A = 0``. The result is the mean of the layers'
    agreement weighted by their share of the observations (the algorithm of the R
    package ``agrmt``, ``agreement(V)``, equation 2 of the paper).

    Parameters
    ----------
    freq : array_like, shape (k,) or (n, k)
        Frequencies (counts or shares) of the ``k >= 3`` ordered categories of the full
        scale, empty categories included as 0.

    Returns
    -------
    float or ndarray of shape (n,)
        *A* in −1..1: 1 when every observation falls in one category, 0 for a uniform
        distribution, −1 when the observations are split evenly between the two
        extreme categories.

    Raises
    ------
    UsageError
        Fewer than 3 categories, a negative or non-finite frequency, a row with no
        observations, or an array of more than two dimensions.

    References
    ----------
    van der Eijk, C. (2001). Measuring agreement in ordered rating scales. *Quality and
    Quantity* 35(3), 325-341. doi:10.1023/A:1010374114305

    Examples
    --------
    The worked example of the paper (p. 331) as documented by ``agrmt``:

    >>> round(van_der_eijk_a([30, 40, 210, 130, 530, 50, 10]), 7)
    0.6113333
    >>> van_der_eijk_a([[0, 5, 0], [4, 4, 4], [10, 0, 10]])
    array([ 1.,  0., -1.])
    """
    rows = _frequencies(freq, 3)
    ndim = np.ndim(freq)
    k = rows.shape[1]
    out = np.empty(rows.shape[0])
    step = max(1, _CHUNK_CELLS // (k * k))
    for start in range(0, rows.shape[0], step):
        out[start : start + step] = _eijk_rows(rows[start : start + step])
    return _shape_out(out, ndim)


def _eijk_rows(f: FloatArray) -> FloatArray:
    """van der Eijk's A for each row of ``f`` (shape (n, k)), all layers at once."""
    k = f.shape[1]
    thresholds = np.sort(f, axis=1)  # layer j covers the categories with f >= thresholds[j]
    heights = np.diff(thresholds, axis=1, prepend=0.0)  # observations per category in layer j
    ones = (f[:, None, :] >= thresholds[:, :, None]).astype(np.int64)  # (n, layers, k)
    s = ones.sum(axis=2)  # non-empty categories per layer
    before1 = np.cumsum(ones, axis=2) - ones  # ones strictly left of each position
    after1 = s[:, :, None] - before1 - ones  # ones strictly right
    pos = np.arange(k)
    before0 = pos - before1
    after0 = (k - 1 - pos) - after1
    tdu = ((1 - ones) * before1 * after1).sum(axis=2)  # 1 0 1
    tu = (ones * (before1 * after0 + before0 * after1)).sum(axis=2)  # 1 1 0 and 0 1 1
    denom = (k - 2) * (tu + tdu)
    u = np.divide(
        (k - 2) * tu - (k - 1) * tdu,
        denom,
        out=np.zeros(denom.shape),
        where=denom > 0,
    )
    layer_a = np.where(s == 1, 1.0, u * (1.0 - (s - 1) / (k - 1)))
    weights = heights * s  # observations in each layer
    result: FloatArray = (weights * layer_a).sum(axis=1) / f.sum(axis=1)
    return result


def leik_d(freq: npt.ArrayLike) -> float | FloatArray:
    """Leik's (1966) ordinal dispersion.

    With ``F_i`` the cumulative proportion up to category ``i`` of ``k``,
    ``D = sum_i min(F_i, 1 - F_i) / ((k - 1) / 2)``, as in the R package ``agrmt``
    (``Leik(V)``).

    Parameters
    ----------
    freq : array_like, shape (k,) or (n, k)
        Frequencies of the ``k >= 2`` ordered categories, empty categories included.

    Returns
    -------
    float or ndarray of shape (n,)
        *D* in 0..1: 0 when every observation falls in one category, 1 when they are
        split evenly between the two extreme categories. ``1 - D`` is a consensus.

    Raises
    ------
    UsageError
        Fewer than 2 categories, a negative or non-finite frequency, a row with no
        observations, or an array of more than two dimensions.

    References
    ----------
    Leik, R. K. (1966). A measure of ordinal consensus. *Pacific Sociological Review*
    9(2), 85-90.

    Examples
    --------
    ``agrmt`` documents 0.287 for this vector:

    >>> round(leik_d([30, 40, 210, 130, 530, 50, 10]), 4)
    0.2867
    >>> leik_d([[7, 0, 0, 0], [5, 0, 0, 5]])
    array([0., 1.])
    """
    rows = _frequencies(freq, 2)
    k = rows.shape[1]
    cum = np.cumsum(rows, axis=1) / rows.sum(axis=1, keepdims=True)
    d = np.minimum(cum, 1.0 - cum)[:, :-1].sum(axis=1) / (0.5 * (k - 1))
    return _shape_out(d, np.ndim(freq))


def tastle_wierman(freq: npt.ArrayLike) -> float | FloatArray:
    """Tastle and Wierman's (2007) consensus.

    With proportions ``p_i`` at positions ``X_i = 1..k``, mean ``mu`` and width
    ``d = k - 1``: ``Cns = 1 + sum_i p_i * log2(1 - |X_i - mu| / d)``; empty categories
    add nothing. Equal to ``agrmt``'s ``consensus(V)``.

    Parameters
    ----------
    freq : array_like, shape (k,) or (n, k)
        Frequencies of the ``k >= 2`` ordered categories, empty categories included.

    Returns
    -------
    float or ndarray of shape (n,)
        Consensus in 0..1: 1 when every observation falls in one category, 0 when they
        are split evenly between the two extreme categories.

    Raises
    ------
    UsageError
        Fewer than 2 categories, a negative or non-finite frequency, a row with no
        observations, or an array of more than two dimensions.

    References
    ----------
    Tastle, W. J., and Wierman, M. J. (2007). Consensus and dissention: a measure of
    ordinal dispersion. *International Journal of Approximate Reasoning* 45(3), 531-545.

    Examples
    --------
    ``agrmt`` documents 0.7256876 for this vector:

    >>> round(tastle_wierman([30, 40, 210, 130, 530, 50, 10]), 7)
    0.7256876
    >>> tastle_wierman([[0, 9, 0], [1, 0, 1]])
    array([1., 0.])
    """
    rows = _frequencies(freq, 2)
    k = rows.shape[1]
    p = rows / rows.sum(axis=1, keepdims=True)
    pos = np.arange(1, k + 1, dtype=np.float64)
    mu = p @ pos
    closeness = 1.0 - np.abs(pos[None, :] - mu[:, None]) / (k - 1)
    logs = np.log2(closeness, out=np.zeros_like(p), where=p > 0)  # empty categories add 0
    return _shape_out(1.0 + (p * logs).sum(axis=1), np.ndim(freq))


def hix_agreement_index(
    yes: npt.ArrayLike, no: npt.ArrayLike, abstain: npt.ArrayLike
) -> float | FloatArray:
    """Agreement index of a voting group (Hix, Noury and Roland 2005).

    ``AI = (max(Y, N, A) - 0.5 * ((Y + N + A) - max(Y, N, A))) / (Y + N + A)``.

    Parameters
    ----------
    yes, no, abstain : array_like, broadcastable to a common shape
        Votes (or codings) for, against and abstaining, per group.

    Returns
    -------
    float or ndarray
        AI in 0..1 with the broadcast shape (a float for scalar input): 1 when everyone
        votes alike, 0 when the votes split evenly over the three options.

    Raises
    ------
    UsageError
        A negative or non-finite count, arguments that do not broadcast, or a group
        with no votes at all.

    References
    ----------
    Hix, S., Noury, A., and Roland, G. (2005). Power to the parties: cohesion and
    competition in the European Parliament, 1979-2001. *British Journal of Political
    Science* 35(2), 209-234.

    Examples
    --------
    >>> hix_agreement_index(10, 0, 0), hix_agreement_index(5, 5, 5)
    (1.0, 0.0)
    >>> hix_agreement_index([50, 8], [50, 2], [0, 0])
    array([0.25, 0.7 ])
    """
    arrays = [_as_float(v, name) for v, name in ((yes, "yes"), (no, "no"), (abstain, "abstain"))]
    try:
        y, n, a = np.broadcast_arrays(*arrays)
    except ValueError:
        shapes = ", ".join(str(x.shape) for x in arrays)
        raise UsageError(
            f"'yes', 'no' and 'abstain' must have the same or broadcastable shapes, got {shapes}"
        ) from None
    for arr, name in ((y, "yes"), (n, "no"), (a, "abstain")):
        bad = ~np.isfinite(arr) | (arr < 0)
        if bad.any():
            raise UsageError(
                f"'{name}' must hold vote counts >= 0, got {arr[bad].flat[0]:g}"
                + (f" at index {tuple(int(i) for i in np.argwhere(bad)[0])}" if arr.ndim else "")
            )
    total = y + n + a
    if (total == 0).any():
        at = f" at index {tuple(int(i) for i in np.argwhere(total == 0)[0])}" if total.ndim else ""
        raise UsageError(
            f"a group has no votes (yes + no + abstain = 0){at}: the index is undefined"
        )
    top = np.maximum(np.maximum(y, n), a)
    ai = (top - 0.5 * (total - top)) / total
    return float(ai) if ai.ndim == 0 else ai


# -- Krippendorff's alpha -----------------------------------------------------------------
