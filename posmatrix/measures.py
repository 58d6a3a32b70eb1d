"""Consensus, dispersion and reliability measures on plain arrays.

One vectorized function per measure, in the style of ``fast-krippendorff``:

* :func:`van_der_eijk_a` — agreement *A* (van der Eijk 2001), −1..1;
* :func:`leik_d` — Leik's (1966) ordinal dispersion, 0..1;
* :func:`tastle_wierman` — Tastle and Wierman's (2007) consensus, 0..1;
* :func:`hix_agreement_index` — Hix, Noury and Roland's (2005) agreement index, 0..1;
* :func:`krippendorff_alpha` — Krippendorff's alpha at four levels of measurement.

The frequency measures take a frequency vector spanning the *full* scale, empty
categories included (``[3, 0, 1]`` on a three-point scale, never ``[3, 1]``), of
shape ``(k,)`` — giving a float — or ``(n, k)`` — giving an array of shape ``(n,)``,
one value per row. Frequencies may be counts or shares: every measure depends only
on the proportions. Only numpy is needed. Formulas, ranges and references are in
``docs/methods.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from .errors import UsageError

__all__ = [
    "LEVELS",
    "hix_agreement_index",
    "krippendorff_alpha",
    "leik_d",
    "tastle_wierman",
    "van_der_eijk_a",
]

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: Final = ("nominal", "ordinal", "interval", "ratio")
"""The levels of measurement :func:`krippendorff_alpha` accepts."""

FloatArray = npt.NDArray[np.float64]

# Rows of (n, k, k) layer patterns handled at once by van_der_eijk_a (bounds memory).
_CHUNK_CELLS: Final = 1 << 22


# -- input checks -------------------------------------------------------------------------


def _as_float(data: npt.ArrayLike, name: str) -> FloatArray:
    try:
        arr = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise UsageError(
            f"'{name}' must be numeric (array_like of numbers), could not convert it: {exc}"
        ) from None
    return arr


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


def _nominal(values: FloatArray, n_v: FloatArray) -> FloatArray:
    return 1.0 - np.eye(len(values))


def _ordinal(values: FloatArray, n_v: FloatArray) -> FloatArray:
    # delta_ck = (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2 = (H_k - H_c)^2, H = cumsum(n) - n / 2
    mid = np.cumsum(n_v) - n_v / 2.0
    diff = mid[:, None] - mid[None, :]
    return diff * diff


def _interval(values: FloatArray, n_v: FloatArray) -> FloatArray:
    diff = values[:, None] - values[None, :]
    return diff * diff


def _ratio(values: FloatArray, n_v: FloatArray) -> FloatArray:
    total = values[:, None] + values[None, :]
    diff = values[:, None] - values[None, :]
    ratio = np.divide(diff, total, out=np.zeros_like(diff), where=total != 0)
    return ratio * ratio


_METRICS: Final[dict[str, Callable[[FloatArray, FloatArray], FloatArray]]] = {
    "nominal": _nominal,
    "ordinal": _ordinal,
    "interval": _interval,
    "ratio": _ratio,
}


def krippendorff_alpha(
    reliability_data: npt.ArrayLike,
    level: Level = "interval",
    *,
    values: npt.ArrayLike | None = None,
) -> float:
    """Krippendorff's alpha: chance-corrected agreement of several coders.

    ``alpha = 1 - D_o / D_e = 1 - (n - 1) * sum_ck o_ck d_ck / sum_ck n_c n_k d_ck``,
    with ``o`` the coincidence matrix of the pairable values, ``n_c`` its margins,
    ``n`` the number of pairable values and ``d`` the squared difference function of
    the level of measurement (Krippendorff 2011):

    * ``nominal``: 0 for equal values, 1 otherwise;
    * ``ordinal``: ``(sum_{g=c..k} n_g - (n_c + n_k) / 2)^2`` — ranks weighted by how
      often each value occurs, values ordered by size;
    * ``interval``: ``(c - k)^2``;
    * ``ratio``: ``((c - k) / (c + k))^2`` (non-negative values only).

    Computed from a one-hot count matrix and one matrix product, without loops over
    units or coder pairs: memory grows with units × distinct values.

    Parameters
    ----------
    reliability_data : array_like, shape (m, N)
        The value coder ``i`` gave unit ``u`` (``m`` coders, ``N`` units); NaN where the
        coder did not code the unit. Units with fewer than two values are not pairable
        and are left out. Numbers are ordered by size. Non-numeric labels (text) work at
        the nominal level, and at the ordinal level when ``values`` gives their order;
        None, NaN and ``"nan"`` mark missing labels.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement.
    values : array_like, shape (V,), optional
        The value domain (say, every point of the scale). Default: the values that
        occur. Every value in the data must belong to it. Values that do not occur add
        nothing, so the result does not depend on it; it guards against values outside
        the domain and, for labels, gives their order (lowest first).

    Returns
    -------
    float
        Alpha: 1 for perfect agreement, 0 for agreement at chance level, below 0 for
        systematic disagreement. NaN when it is undefined: no unit has two or more
        values, or every pairable value is the same (no variation, so ``D_e = 0``).

    Raises
    ------
    UsageError
        An unknown level, data that are not a 2-D array, infinite values, values
        outside ``values``, negative values at the ratio level, or labels at the
        interval or ratio level (or at the ordinal level without ``values``).

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Departmental
    papers (ASC), University of Pennsylvania. https://repository.upenn.edu/asc_papers/43

    Examples
    --------
    The worked example of Krippendorff (2011): 4 coders, 12 units, missing values.

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> [round(krippendorff_alpha(data, level), 3) for level in LEVELS]
    [0.743, 0.815, 0.849, 0.797]

    The same data as ordered labels:

    >>> words = ["very low", "low", "mid", "high", "very high"]
    >>> labels = [[None if v != v else words[int(v) - 1] for v in row] for row in data]
    >>> round(krippendorff_alpha(labels, "ordinal", values=words), 3)
    0.815
    """
    if level not in _METRICS:
        raise UsageError(f"'level' must be one of {', '.join(LEVELS)}; got {level!r}")
    numeric = _numeric(reliability_data) and (values is None or _numeric(values))
    if not numeric:
        data, domain = _categories(reliability_data, level, values)
    else:
        data = _as_float(reliability_data, "reliability_data")
        _check_2d(data)
        if np.isinf(data).any():
            raise UsageError("'reliability_data' must hold finite values or NaN, found inf")
        observed = np.unique(data[~np.isnan(data)])
        domain = observed if values is None else _domain(values, observed)
    if level == "ratio" and domain.size and domain[0] < 0:
        raise UsageError(
            f"the ratio level needs values >= 0 (an absolute zero), got {domain[0]:g}; "
            "use level='interval'"
        )
    present = ~np.isnan(data)
    n_values = domain.size
    coder_idx, unit_idx = np.nonzero(present)
    value_idx = np.searchsorted(domain, data[coder_idx, unit_idx])
    n_units = data.shape[1]
    counts = np.bincount(unit_idx * n_values + value_idx, minlength=n_units * n_values).reshape(
        n_units, n_values
    )
    m_u = counts.sum(axis=1)
    pairable = m_u >= 2
    if not pairable.any():
        return float("nan")
    c = counts[pairable].astype(np.float64)
    weighted = c / (m_u[pairable] - 1.0)[:, None]
    n_v = c.sum(axis=0)  # margins of the coincidence matrix
    coincidences = weighted.T @ c
    coincidences[np.diag_indices(n_values)] -= weighted.sum(axis=0)
    total = n_v.sum()
    delta = _METRICS[level](domain, n_v)
    expected = n_v @ delta @ n_v
    if expected == 0:
        return float("nan")
    observed_d = float((coincidences * delta).sum())
    return float(1.0 - (total - 1.0) * observed_d / expected)


def _numeric(data: npt.ArrayLike) -> bool:
    try:
        np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return True


def _check_2d(data: npt.NDArray[np.generic]) -> None:
    if data.ndim != 2:
        raise UsageError(
            "'reliability_data' must be a 2-D array, coders x units, got an array of shape "
            f"{data.shape}; wrap a single coder's values in a list"
        )


def _categories(
    reliability_data: npt.ArrayLike, level: str, values: npt.ArrayLike | None
) -> tuple[FloatArray, FloatArray]:
    """Text (or other non-numeric) labels as float codes 0..V-1 and the domain 0..V-1.

    Missing: None, NaN and the string ``"nan"`` (what numpy makes of NaN in a text
    array). Codes follow ``values`` (its order is the rank order at the ordinal level)
    or, for nominal data without ``values``, the order of first appearance.
    """
    import pandas as pd

    if level in ("interval", "ratio"):
        raise UsageError(
            f"'reliability_data' holds non-numeric values, which have no {level} distances; "
            "use level='nominal', or 'ordinal' with the ordered labels in 'values'"
        )
    labels = np.asarray(reliability_data, dtype=object)
    _check_2d(labels)
    missing = np.asarray(pd.isna(labels), dtype=bool) | (labels == "nan")
    present = labels[~missing]
    if values is None:
        if level == "ordinal":
            raise UsageError(
                "ordinal alpha on non-numeric labels needs their order: pass "
                "values=[lowest, ..., highest]"
            )
        codes, uniques = pd.factorize(pd.Series(present, dtype=object))
        n_values = len(uniques)
    else:
        domain = pd.Index(np.asarray(values, dtype=object).ravel())
        if not domain.is_unique:
            raise UsageError("'values' must not repeat a value")
        codes = domain.get_indexer(pd.Series(present, dtype=object))
        if (codes < 0).any():
            outside = list(dict.fromkeys(present[codes < 0].tolist()))[:5]
            raise UsageError(
                f"'reliability_data' holds values outside 'values': {outside}; add them to "
                "'values' or fix the data"
            )
        n_values = len(domain)
    data = np.full(labels.shape, np.nan)
    data[~missing] = codes
    return data, np.arange(n_values, dtype=np.float64)


def _domain(values: npt.ArrayLike, observed: FloatArray) -> FloatArray:
    domain = _as_float(values, "values")
    if domain.ndim != 1:
        raise UsageError(f"'values' must be 1-D, the value domain, got shape {domain.shape}")
    if not np.isfinite(domain).all():
        raise UsageError("'values' must hold finite numbers, found NaN or inf")
    domain = np.sort(domain)
    if (np.diff(domain) == 0).any():
        dup = domain[1:][np.diff(domain) == 0][0]
        raise UsageError(f"'values' must not repeat a value, got {dup:g} twice")
    outside = observed[~np.isin(observed, domain)]
    if outside.size:
        shown = ", ".join(f"{v:g}" for v in outside[:5])
        raise UsageError(
            f"'reliability_data' holds values outside 'values': {shown}"
            f"{' ...' if outside.size > 5 else ''}; add them to 'values' or fix the data"
        )
    return domain
