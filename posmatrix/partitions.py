"""How far two partitions of the same items agree: the adjusted Rand index.

Used to compare camps with a known grouping (planted camps in the tests, a
platform's own groups in ``benchmarks/camps_polis.py``). Formula and reference:
``docs/methods.md`` ("Camps").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import UsageError

__all__ = ["adjusted_rand_index"]


def _pairs(x: npt.NDArray[np.float64]) -> float:
    return float((x * (x - 1.0) / 2.0).sum())


def adjusted_rand_index(
    a: Sequence[Any] | npt.ArrayLike, b: Sequence[Any] | npt.ArrayLike
) -> float:
    """Adjusted Rand index of two labelings of the same items (Hubert and Arabie 1985).

    Parameters
    ----------
    a, b : sequence
        One label per item, same length; labels are compared for equality only.

    Returns
    -------
    float
        ``(Σ_ij C(n_ij,2) − E) / (½(Σ_i C(a_i,2) + Σ_j C(b_j,2)) − E)`` with
        ``E = Σ_i C(a_i,2) Σ_j C(b_j,2) / C(n,2)``: 1 for identical partitions (up to
        renaming), about 0 for chance agreement, negative below chance. 1.0 when both
        partitions are trivial in the same way (the denominator is 0).

    Examples
    --------
    Worked by hand: a = [1, 1, 2, 2, 2], b = [1, 1, 1, 2, 2]; the table of counts is
    [[2, 0], [1, 2]], so Σ C(n_ij,2) = 1 + 0 + 0 + 1 = 2; rows 2, 3 give 1 + 3 = 4,
    columns 3, 2 give 3 + 1 = 4; E = 4 · 4 / C(5,2) = 1.6; max = 4;
    ARI = (2 − 1.6) / (4 − 1.6) = 1/6.

    >>> round(adjusted_rand_index([1, 1, 2, 2, 2], [1, 1, 1, 2, 2]), 6)
    0.166667
    >>> adjusted_rand_index(["x", "x", "y"], [5, 5, 7])
    1.0
    """
    la = np.asarray(a, dtype=object)
    lb = np.asarray(b, dtype=object)
    if la.ndim != 1 or lb.ndim != 1 or len(la) != len(lb):
        raise UsageError(
            f"two labelings of the same items are needed, got lengths {la.shape} and {lb.shape}"
        )
    n = len(la)
    if n < 2:
        return 1.0
    _, ia = np.unique(la.astype(str), return_inverse=True)
    _, ib = np.unique(lb.astype(str), return_inverse=True)
    table = np.zeros((int(ia.max()) + 1, int(ib.max()) + 1))
    np.add.at(table, (ia, ib), 1.0)
    index = _pairs(table)
    rows = _pairs(table.sum(axis=1))
    cols = _pairs(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2.0)
    top = (rows + cols) / 2.0
    if top == expected:
        return 1.0
    return (index - expected) / (top - expected)
