"""Input checks shared by the measures: plain arrays as float arrays."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..errors import UsageError

FloatArray = npt.NDArray[np.float64]


def _as_float(data: npt.ArrayLike, name: str) -> FloatArray:
    try:
        arr = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise UsageError(
            f"'{name}' must be numeric (array_like of numbers), could not convert it: {exc}"
        ) from None
    return arr
