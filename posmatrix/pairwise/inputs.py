"""The input of every pairwise measure: a stance matrix checked once, as numbers.

:func:`_prepare` turns a :class:`~posmatrix.Dataset` (through
:func:`posmatrix.stance_matrix`) or a stance matrix DataFrame into an :class:`_Input`:
float64 values (NaN = not addressed), the voice labels, one weight per issue and the
scale's bounds; every bad argument is a :class:`~posmatrix.UsageError` naming the way
out, raised before any voices × voices array exists.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from ..errors import UsageError
from ..limits import check_pairs
from ..matrix import HolderSpec, stance_matrix
from ..model import Dataset, Scale

Weights = Mapping[str, float] | pd.Series
ScaleSpec = Scale | tuple[int, int] | None
F64 = npt.NDArray[np.float64]


@attrs.frozen
class _Input:
    values: F64  # voices × issues, NaN = not addressed
    voices: pd.Index
    weights: F64  # one per issue, >= 0
    lo: float
    hi: float

    @property
    def mask(self) -> npt.NDArray[np.bool_]:
        return ~np.isnan(self.values)

    @property
    def range(self) -> float:
        return self.hi - self.lo

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2


def _scale_bounds(scale: ScaleSpec, default: Scale) -> tuple[float, float]:
    if scale is None:
        return float(default.min), float(default.max)
    if isinstance(scale, Scale):
        return float(scale.min), float(scale.max)
    if isinstance(scale, tuple) and len(scale) == 2:
        lo, hi = scale
        ok = all(
            isinstance(v, (int, float, np.integer, np.floating))
            and not isinstance(v, bool)
            and math.isfinite(v)
            for v in (lo, hi)
        )
        if ok and lo < hi:
            return float(lo), float(hi)
    raise UsageError(
        "scale must be a posmatrix.Scale or a (min, max) tuple of finite numbers with "
        f"min < max, e.g. (-2, 2); got {scale!r}"
    )


def _issue_weights(weights: Weights | None, issues: pd.Index, base: F64) -> F64:
    out: F64 = np.array(base, dtype=np.float64)
    if weights is None:
        return out
    if isinstance(weights, (pd.Series, Mapping)):
        items: list[tuple[Any, Any]] = list(weights.items())
    else:
        raise UsageError(
            "weights must be a mapping issue -> weight or a pandas Series indexed by issue, "
            f"got {type(weights).__name__}"
        )
    position = {issue: j for j, issue in enumerate(issues)}
    unknown = [str(k) for k, _ in items if k not in position]
    if unknown:
        raise UsageError(
            f"weights name issue(s) not in the data: {', '.join(unknown)}; "
            f"known issues: {', '.join(map(str, issues)) or 'none'}"
        )
    for key, value in items:
        number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
            value, (bool, np.bool_)
        )
        if not number or not (math.isfinite(value) and value >= 0):
            raise UsageError(f"weight of issue {key!r} must be a finite number >= 0, got {value!r}")
        out[position[key]] = float(value)
    return out


def _prepare(
    data: Dataset | pd.DataFrame,
    *,
    holder: HolderSpec,
    weights: Weights | None,
    scale: ScaleSpec,
    check_scale: bool = True,
    pairs: bool = True,
) -> _Input:
    """The input checked once; ``pairs=False`` for a caller that builds no voices ×
    voices array (the camp space: O(voices × issues)), which skips :func:`check_pairs`."""
    if isinstance(data, Dataset):
        frame = stance_matrix(data, holder)
        base = np.array([data.issues[i].weight for i in frame.columns], dtype=np.float64)
        lo, hi = _scale_bounds(scale, data.scale)
    elif isinstance(data, pd.DataFrame):
        if holder is not None and holder != "all":
            raise UsageError(
                "holder selects voices of a Dataset; with a stance matrix DataFrame pass "
                f"holder=None and select rows yourself (got holder={holder!r})"
            )
        frame = data
        base = np.ones(frame.shape[1], dtype=np.float64)
        lo, hi = _scale_bounds(scale, Scale())
    else:
        raise UsageError(
            "data must be a posmatrix.Dataset or a stance matrix DataFrame (voices x issues), "
            f"got {type(data).__name__}"
        )
    if not frame.index.is_unique:
        dup = frame.index[frame.index.duplicated()][0]
        raise UsageError(f"voice labels (the index) must be unique; {dup!r} appears twice")
    if not frame.columns.is_unique:
        dup = frame.columns[frame.columns.duplicated()][0]
        raise UsageError(f"issue labels (the columns) must be unique; {dup!r} appears twice")
    for column, dtype in frame.dtypes.items():
        if not (pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)):
            raise UsageError(
                f"stance matrix column {column!r} must hold numbers (NaN = not addressed), "
                f"got dtype {dtype}"
            )
    # refuse before any voices x voices array exists, naming the size and the way out
    if pairs:
        check_pairs(frame.shape[0], "a voices x voices matrix (agreement, overlap)")
    values = frame.to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isnan(values) & ~((values >= lo) & (values <= hi))
    if not check_scale:
        bad = np.isinf(values)
    if bad.any():
        i, j = (int(x[0]) for x in np.nonzero(bad))
        raise UsageError(
            f"stance of voice {frame.index[i]!r} on issue {frame.columns[j]!r} must lie on the "
            f"scale {lo:g}..{hi:g} (NaN = not addressed), got {values[i, j]!r}; "
            "pass scale=(min, max) if the matrix uses another scale"
        )
    w = _issue_weights(weights, frame.columns, base)
    voice_index = pd.Index(list(frame.index), name="voice", dtype=object)
    return _Input(values=values, voices=voice_index, weights=w, lo=lo, hi=hi)
