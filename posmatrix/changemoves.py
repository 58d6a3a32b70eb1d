"""How agreement and the ranking of contested issues moved between two versions of a
dataset (parts of :func:`posmatrix.diff`): the moved pairs of voices, by row blocks,
and the contested issues whose rank moved. :mod:`posmatrix.changes` re-exports the
column names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from .model import Dataset

__all__ = ["AGREEMENT_COLUMNS", "CONTESTED_COLUMNS"]

AGREEMENT_COLUMNS: Final = (
    "voice_a",
    "voice_b",
    "old",
    "new",
    "delta",
    "old_overlap",
    "new_overlap",
    "common",
)
CONTESTED_COLUMNS: Final = ("issue", "old_rank", "new_rank", "move")
_TOL: Final = 1e-12


def _empty(columns: Iterable[str], *, text: Iterable[str]) -> pd.DataFrame:
    """An empty frame with float64 columns, except the ``text`` ones (object)."""
    strings = set(text)
    return pd.DataFrame(
        {col: pd.Series(dtype=object if col in strings else "float64") for col in columns}
    )


def _moved_pairs(
    a_old: npt.NDArray[np.float64], a_new: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Row and column of every pair i < j whose score moved (by more than rounding, or
    to or from NaN), in row-major order; by row blocks of the upper triangle, so no
    n × n temporary is made."""
    from .analysis import _row_blocks

    rows, cols = [], []
    for block in _row_blocks(a_old.shape[0], 1):
        start, stop = block.start, block.stop
        x, y = a_old[start:stop, start:], a_new[start:stop, start:]
        with np.errstate(invalid="ignore"):
            moved = np.abs(y - x) > _TOL
        moved |= np.isnan(x) != np.isnan(y)
        # within the block's own columns keep only j > i
        moved[:, : stop - start] &= np.triu(np.ones((stop - start,) * 2, dtype=bool), k=1)
        i, j = np.nonzero(moved)
        rows.append(i + start)
        cols.append(j + start)
    return np.concatenate(rows), np.concatenate(cols)


def _contested_moves(old: Dataset, new: Dataset, *, same: bool) -> pd.DataFrame:
    if same:
        return _empty(CONTESTED_COLUMNS, text=("issue",))
    from .gapreport import issue_ranking

    ranks = []
    for ds in (old, new):
        ids = issue_ranking(ds)
        ranks.append(pd.Series(np.arange(1, len(ids) + 1, dtype=float), index=ids))
    issues = list(dict.fromkeys([*ranks[1].index, *ranks[0].index]))
    r_old = ranks[0].reindex(issues).to_numpy(float)
    r_new = ranks[1].reindex(issues).to_numpy(float)
    nan_o, nan_n = np.isnan(r_old), np.isnan(r_new)
    moved = (nan_o != nan_n) | (~nan_o & ~nan_n & (r_old != r_new))
    frame = pd.DataFrame(
        {
            "issue": np.asarray(issues, dtype=object)[moved],
            "old_rank": r_old[moved],
            "new_rank": r_new[moved],
            "move": (r_old - r_new)[moved],
        },
        columns=list(CONTESTED_COLUMNS),
    )
    ordered = frame.sort_values(["new_rank", "old_rank"], na_position="last")
    out: pd.DataFrame = ordered.reset_index(drop=True)
    return out


# -- output ---------------------------------------------------------------------------------
