"""Krippendorff's alpha at four levels of measurement (see :mod:`posmatrix.measures`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from ..errors import UsageError
from ._arrays import FloatArray, _as_float

__all__ = ["LEVELS", "Level", "krippendorff_alpha"]

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: Final = ("nominal", "ordinal", "interval", "ratio")
"""The levels of measurement :func:`krippendorff_alpha` accepts."""


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
