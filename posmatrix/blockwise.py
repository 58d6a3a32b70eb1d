"""What the figures need past :data:`posmatrix.blockwise.HUGE_VOICES` voices, without a
voices × voices matrix.

:func:`dense_fits` says whether a figure may still build the dense agreement matrix;
:func:`group_agreement` sums the agreement between groups of voices (the heatmap's camp
blocks) block of rows by block of rows, with the exact products of
:func:`posmatrix.agreement` (the encodings of :mod:`posmatrix.nearest`), so memory is
one block of O(block · n) plus the groups × groups sums.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from . import nearest
from .errors import UsageError
from .limits import BYTES_PER_PAIR, max_memory
from .matrix import HolderSpec
from .model import Dataset

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["HUGE_VOICES", "dense_fits", "group_agreement", "score_blocks"]

F64 = npt.NDArray[np.float64]

HUGE_VOICES = 30_000
"""Past this many voices no figure and no briefing builds a voices × voices matrix (a
dense float64 agreement matrix of 30,000 voices is 7.2 GB): the heatmap's camp blocks
are summed block by block (:func:`group_agreement`), the network's ties come from
:func:`posmatrix.nearest.neighbours`, and :class:`posmatrix.Findings` takes each voice's
neighbours, camp order and camp means from one blocked pass (its ``huge_voices=``
defaults to this). A module variable, not a constant, so tests (and the benchmark) can
lower it."""


def dense_fits(n: int, huge_voices: int | None = None) -> bool:
    """Whether a figure or a briefing of ``n`` voices may build the dense voices × voices
    matrix: at most ``huge_voices`` voices (default :data:`HUGE_VOICES`, read when called,
    so tests can lower it) and within the memory limit of
    :func:`posmatrix.limits.check_pairs` (``POSMATRIX_MAX_MEMORY``, default 1.5 GB: about
    6,800 voices), which would otherwise refuse the dense matrix.

    >>> dense_fits(100), dense_fits(50_000), dense_fits(100, huge_voices=50)
    (True, False, False)
    """
    limit = HUGE_VOICES if huge_voices is None else huge_voices
    return n <= limit and n * n * BYTES_PER_PAIR <= max_memory()


def score_blocks(
    data: Dataset | pd.DataFrame,
    metric: str,
    *,
    holder: HolderSpec = None,
    min_overlap: int = 1,
    weights: Any = None,
    scale: Any = None,
    upper: bool = False,
) -> tuple[pd.Index, Iterator[tuple[slice, F64, npt.NDArray[np.int64]]]]:
    """The voices (stance-matrix order) and, block of rows by block of rows, ``(rows,
    scores, overlap)``: ``scores[r, c]`` is exactly ``agreement(data, metric)`` of voice
    ``rows.start + r`` with voice ``c`` (NaN on the diagonal and below ``min_overlap``
    shared issues), ``overlap`` the shared issues. ``upper=True``: only the columns
    from ``rows.start`` on (``c`` is then voice ``rows.start + c``), NaN on and below
    the diagonal — each pair once, half the work. ``metric`` is one of
    :data:`posmatrix.nearest.TOP_METRICS` (the metrics computed without the dense
    matrix); ``weights`` and ``scale`` as :func:`posmatrix.agreement` takes them."""
    from .pairwise.inputs import _issue_weights, _scale_bounds
    from .pairwise.runtime import _values

    if metric not in nearest.TOP_METRICS:
        raise UsageError(
            f"past {HUGE_VOICES:,} voices (posmatrix.blockwise.HUGE_VOICES) agreement is "
            f"computed without the voices x voices matrix for the metrics "
            f"{', '.join(nearest.TOP_METRICS)} only; got {metric!r}: choose one of those "
            "(--metric cityblock), or fewer voices with --holder"
        )
    frame, base, lo, hi = nearest._matrix(data, holder, None, scale, _scale_bounds)
    w = _issue_weights(weights, frame.columns, base)
    x = frame.to_numpy(dtype=np.float64, na_value=np.nan)
    blocks = nearest._score_rows(x, w, metric, lo, hi, int(min_overlap), _values, upper=upper)
    return frame.index, blocks


def group_agreement(
    data: Dataset | pd.DataFrame,
    group: npt.NDArray[Any],
    groups: int,
    metric: str,
    *,
    holder: HolderSpec = None,
    min_overlap: int = 1,
) -> tuple[F64, F64]:
    """Sums and counts of the agreement between groups of voices, without the dense matrix.

    Parameters
    ----------
    data, metric, holder, min_overlap
        As for :func:`score_blocks`.
    group : array of int
        Each voice's group (stance-matrix order), 0 … ``groups − 1``; −1: in none.
    groups : int

    Returns
    -------
    (sums, counts) : two groups × groups float64 arrays
        ``sums[g, h]``: the sum of the defined scores between a voice of ``g`` and a
        different voice of ``h``; ``counts[g, h]`` how many there are. ``sums / counts``
        is the mean agreement between the two groups' voices (the heatmap's blocks).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [2, 2, -2], "b": [2, 1, -2]}, index=["x", "y", "z"])
    >>> # cityblock: x-y 1 - 1/8 = .875, x-z 0, y-z 1 - 7/8 = .125
    >>> sums, counts = group_agreement(s, np.array([0, 0, 1]), 2, "cityblock")
    >>> sums.tolist(), counts.tolist()
    ([[1.75, 0.125], [0.125, 0.0]], [[2.0, 2.0], [2.0, 0.0]])
    """
    labels, blocks = score_blocks(data, metric, holder=holder, min_overlap=min_overlap, upper=True)
    group = np.asarray(group, dtype=np.int64)
    if group.shape != (len(labels),):
        raise UsageError(f"group must hold one entry per voice ({len(labels)}), got {group.shape}")
    onehot = (group[:, None] == np.arange(groups)[None, :]).astype(np.float64)
    sums = np.zeros((groups, groups))
    counts = np.zeros((groups, groups))
    for rows, scores, _ in blocks:  # each pair a < b once: the sums of the upper triangle
        defined = ~np.isnan(scores)
        scores[~defined] = 0.0
        right = onehot[rows.start :]
        sums += onehot[rows].T @ (scores @ right)
        counts += onehot[rows].T @ (defined.astype(np.float32) @ right.astype(np.float32))
    return sums + sums.T, counts + counts.T  # the lower triangle is the mirror
