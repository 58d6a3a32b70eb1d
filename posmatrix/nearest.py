"""Each voice's nearest and farthest voices without the dense voices × voices matrix.

Past about 30,000 voices a dense float64 agreement matrix passes 7 GB.
:func:`neighbours` (and ``agreement(..., top=k)``) computes the agreement of a block of
voices with every voice — the same exact matrix products as :func:`posmatrix.agreement`
— keeps each voice's ``k`` highest and ``k`` lowest scores, and drops the block: memory
is O(n·k) for the result plus one block of O(block·n).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np

from .errors import UsageError
from .groups import BySpec
from .matrix import HolderSpec
from .model import Dataset, Scale

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd

__all__ = [
    "NEIGHBOUR_COLUMNS",
    "TOP_METRICS",
    "Ties",
    "neighbours",
    "neighbours_and_means",
    "top_pairs",
]

TOP_METRICS: Final = ("exact", "sign", "cityblock")
"""The metrics :func:`neighbours` computes."""

NEIGHBOUR_COLUMNS: Final = ("voice", "kind", "rank", "other", "score", "overlap")
"""The columns of the frame :func:`neighbours` returns."""

Ties = Literal["voice", "overlap"]
"""How :func:`neighbours` orders voices of equal score."""

_BLOCK_ELEMENTS: Final = 2**22  # elements of one block × voices temporary (16–32 MB)
_F32_EXACT: Final = 2.0**24


def neighbours(
    data: Dataset | pd.DataFrame,
    metric: str = "cityblock",
    *,
    k: int = 10,
    min_overlap: int = 1,
    weights: Any = None,
    scale: Scale | tuple[float, float] | None = None,
    holder: HolderSpec = None,
    by: BySpec = None,
    ties: Ties = "voice",
) -> pd.DataFrame:
    """Each voice's ``k`` nearest (highest agreement) and ``k`` farthest voices.

    Parameters
    ----------
    data, metric, min_overlap, weights, scale, holder, by
        As for :func:`posmatrix.agreement`; ``metric`` is one of :data:`TOP_METRICS`.
        A stance matrix may come from :func:`posmatrix.aggregate` (its ``matrix``).
    k : int, default 10
        How many voices on each side (fewer where fewer voices have a score).
    ties : {"voice", "overlap"}, default "voice"
        Of voices with equal scores, ``"voice"`` takes the one earlier in the stance
        matrix; ``"overlap"`` the one sharing more issues first, then the earlier one
        (the order of :attr:`posmatrix.GapReport.pairs`, so the best pairs of all are
        the best of each voice's: see :func:`top_pairs`).

    Returns
    -------
    pandas.DataFrame
        RangeIndex; columns :data:`NEIGHBOUR_COLUMNS`: ``voice``, ``kind``
        (``nearest`` or ``farthest``), ``rank`` (1 = nearest, or farthest),
        ``other`` (the other voice), ``score`` (float64, exactly the entry of the dense
        ``agreement`` matrix), ``overlap`` (int64, issues both address). Rows by voice
        (stance-matrix order), nearest before farthest, by rank. A voice is never its
        own neighbour; pairs with no score (NaN: fewer than ``min_overlap`` common
        issues) are left out. Ties as ``ties`` says.

    Examples
    --------
    >>> import pandas as pd, numpy as np
    >>> s = pd.DataFrame(
    ...     {"a": [2, 2, -2], "b": [1, np.nan, -1], "c": [0, 1, np.nan]},
    ...     index=pd.Index(["x", "y", "z"], name="voice"),
    ... )
    >>> top = neighbours(s, k=1)  # cityblock: x-y 0.875, x-z 0.25, y-z 0.0
    >>> print(top[["voice", "kind", "other", "score"]].to_string(index=False))
    voice     kind other  score
        x  nearest     y  0.875
        x farthest     z  0.250
        y  nearest     x  0.875
        y farthest     z  0.000
        z  nearest     x  0.250
        z farthest     y  0.000
    """
    frame, _ = _scan(data, metric, k, min_overlap, weights, scale, holder, by, ties, None)
    return frame


def neighbours_and_means(
    data: Dataset | pd.DataFrame,
    groups: pd.Series[Any],
    metric: str = "cityblock",
    *,
    k: int = 10,
    ties: Ties = "overlap",
    min_overlap: int = 1,
    weights: Any = None,
    scale: Scale | tuple[float, float] | None = None,
    holder: HolderSpec = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """:func:`neighbours` and, in the same pass over the blocks, each voice's mean
    agreement with each group of voices (camps), without the dense matrix.

    Parameters
    ----------
    data, metric, k, ties, min_overlap, weights, scale, holder
        As for :func:`neighbours`.
    groups : pandas.Series
        Group number per voice (index: voice labels); NaN or < 1: in no group.

    Returns
    -------
    neighbours : pandas.DataFrame
        As :func:`neighbours` returns.
    means : pandas.DataFrame
        Index the voices (stance-matrix order), columns the group numbers (ascending):
        the mean of the voice's defined agreement scores with the group's other
        members (NaN where none is defined) — ``(nan_to_num(A) @ M) / (defined @ M)``
        of the dense matrix ``A`` with its diagonal NaN and ``M`` the membership.
    counts : pandas.DataFrame
        Like ``means``: how many defined scores each mean is over (``defined @ M``),
        so means over whole groups can be pooled (``M.T @ (means * counts)``).

    Examples
    --------
    >>> import pandas as pd, numpy as np
    >>> s = pd.DataFrame({"a": [2, 2, -2], "b": [1, np.nan, -1]}, index=["x", "y", "z"])
    >>> _, means, counts = neighbours_and_means(s, pd.Series({"x": 1, "y": 1, "z": 2}), k=1)
    >>> means.values.tolist()  # x-y 1.0, x-z 0.25, y-z 0.0; z alone in group 2
    [[1.0, 0.25], [1.0, 0.0], [0.125, nan]]
    >>> counts.values.tolist()
    [[1.0, 1.0], [1.0, 1.0], [2.0, 0.0]]
    """
    frame, sums = _scan(data, metric, k, min_overlap, weights, scale, holder, None, ties, groups)
    assert sums is not None
    means, counts = sums
    return frame, means, counts


def _scan(
    data: Dataset | pd.DataFrame,
    metric: str,
    k: int,
    min_overlap: int,
    weights: Any,
    scale: Any,
    holder: HolderSpec,
    by: BySpec,
    ties: str,
    groups: pd.Series[Any] | None,
) -> tuple[pd.DataFrame, tuple[pd.DataFrame, pd.DataFrame] | None]:
    import pandas as pd

    from .pairwise.inputs import _issue_weights, _scale_bounds
    from .pairwise.runtime import _values

    if metric not in TOP_METRICS:
        raise UsageError(f"top= supports the metrics {', '.join(TOP_METRICS)}; got {metric!r}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise UsageError(f"top must be a whole number >= 1, got {k!r}")
    if ties not in ("voice", "overlap"):
        raise UsageError(f"ties must be 'voice' or 'overlap', got {ties!r}")
    if isinstance(min_overlap, bool) or not isinstance(min_overlap, (int, np.integer)):
        raise UsageError(f"min_overlap must be a whole number, got {min_overlap!r}")
    frame, base, lo, hi = _matrix(data, holder, by, scale, _scale_bounds)
    w = _issue_weights(weights, frame.columns, base)
    x = frame.to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isnan(x) & ~((x >= lo) & (x <= hi))
    if bad.any():
        i, j = (int(v[0]) for v in np.nonzero(bad))
        raise UsageError(
            f"stance of voice {frame.index[i]!r} on issue {frame.columns[j]!r} must lie on "
            f"the scale {lo:g}..{hi:g}, got {x[i, j]!r}"
        )
    n = x.shape[0]
    kk = min(int(k), max(n - 1, 0))
    parts: list[tuple[Any, ...]] = []
    member, names = _membership(groups, frame.index)
    sums = np.zeros((n, member.shape[1]))
    counts = np.zeros((n, member.shape[1]))
    for rows, scores, over in _score_rows(x, w, metric, lo, hi, int(min_overlap), _values):
        if kk:
            parts.append(_pick(scores, over, rows.start, kk, ties == "overlap"))
        if member.shape[1]:
            defined = ~np.isnan(scores)
            sums[rows] = np.where(defined, scores, 0.0) @ member
            counts[rows] = defined.astype(np.float64) @ member
    cols = [np.concatenate([p[i] for p in parts]) if parts else np.zeros(0) for i in range(5)]
    voice_i, kind_i, rank, other_i, score = cols
    over_v = np.concatenate([p[5] for p in parts]) if parts else np.zeros(0, np.int64)
    order = np.lexsort((rank, kind_i, voice_i))
    labels = np.asarray(frame.index, dtype=object)
    voice_i, kind_i, rank = (
        voice_i[order].astype(np.int64),
        kind_i[order].astype(np.int64),
        rank[order],
    )
    out = pd.DataFrame(
        {
            "voice": pd.Series(labels[voice_i], dtype=object),
            "kind": pd.Series(
                np.array(["nearest", "farthest"], dtype=object)[kind_i], dtype=object
            ),
            "rank": rank.astype(np.int64),
            "other": pd.Series(labels[other_i[order].astype(np.int64)], dtype=object),
            "score": score[order].astype(np.float64),
            "overlap": over_v[order].astype(np.int64),
        },
        columns=list(NEIGHBOUR_COLUMNS),
    )
    if groups is None:
        return out, None
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sums / counts
    columns = pd.Index(names, name="group")
    means = pd.DataFrame(mean, index=frame.index.copy(), columns=columns)
    return out, (means, pd.DataFrame(counts, index=frame.index.copy(), columns=columns))


def _score_rows(
    x: Any,
    w: Any,
    metric: str,
    lo: float,
    hi: float,
    min_overlap: int,
    values: Any,
    upper: bool = False,
) -> Iterator[tuple[slice, npt.NDArray[np.float64], npt.NDArray[np.int64]]]:
    """Block of rows by block of rows, ``(rows, scores, overlap)`` of the stances ``x``
    (voices × issues, NaN = not addressed; weights ``w``): ``scores[r, c]`` is exactly
    the dense agreement of voice ``rows.start + r`` with voice ``c`` (NaN on the diagonal,
    where no weighted issue is shared and below ``min_overlap`` shared issues),
    ``overlap`` the issues shared. ``upper``: only the columns from ``rows.start`` on,
    NaN on and below the diagonal — each pair once. The one scoring loop of
    :func:`neighbours` and :func:`posmatrix.blockwise.score_blocks`."""
    mask = ~np.isnan(x)
    left, right, finish = _encoding(x, mask, w, metric, lo, hi, values)
    count = mask.astype(np.float32 if x.shape[1] < _F32_EXACT else np.float64)
    unit = _unit(w)
    least = max(min_overlap, 1)
    for rows in _blocks(x.shape[0]):
        cols = slice(rows.start if upper else 0, None)
        over = np.asarray(count[rows] @ count[cols].T, dtype=np.int64)
        if unit:
            common = over.astype(np.float64)
        else:
            common = np.asarray((mask[rows] * w) @ mask[cols].T, dtype=np.float64)
        scores = finish(left[rows] @ right[cols].T, common)
        scores[over < least if unit else ~(common > 0)] = np.nan
        if least > 1:
            scores[over < least] = np.nan
        b = rows.stop - rows.start
        if upper:  # on and below the diagonal of the block's square
            scores[:, :b][np.tril_indices(b)] = np.nan
        else:
            scores[np.arange(b), np.arange(rows.start, rows.stop)] = np.nan
        yield rows, scores, over


def _membership(groups: pd.Series[Any] | None, index: pd.Index[Any]) -> tuple[Any, list[int]]:
    """(n × groups float64 membership, the group numbers ascending)."""
    if groups is None:
        return np.zeros((len(index), 0)), []
    g = groups.reindex(index).to_numpy(dtype=np.float64)
    valid = ~np.isnan(g) & (np.nan_to_num(g) >= 1)
    names = sorted({int(x) for x in g[valid]})
    member = np.zeros((len(index), len(names)))
    for j, name in enumerate(names):  # a loop over groups (few), not voices
        member[:, j] = valid & (np.nan_to_num(g) == name)
    return member, names


def _unit(w: Any) -> bool:
    return bool(np.all(w == 1.0))


def _matrix(
    data: Dataset | pd.DataFrame, holder: HolderSpec, by: BySpec, scale: Any, bounds: Any
) -> tuple[pd.DataFrame, Any, float, float]:
    import pandas as pd

    from .matrix import stance_matrix

    if isinstance(data, Dataset):
        frame = stance_matrix(data, holder, by=by)
        base = np.array([data.issues[i].weight for i in frame.columns], dtype=np.float64)
        lo, hi = bounds(scale, data.scale)
        return frame, base, lo, hi
    if isinstance(data, pd.DataFrame):
        if holder is not None or by is not None:
            raise UsageError("holder and by select voices of a Dataset; a stance matrix has none")
        if not data.index.is_unique:
            raise UsageError("voice labels (the index) must be unique")
        lo, hi = bounds(scale, Scale())
        return data, np.ones(data.shape[1]), lo, hi
    raise UsageError(
        f"data must be a posmatrix.Dataset or a stance matrix DataFrame, got {type(data).__name__}"
    )


def _encoding(
    x: Any, mask: Any, w: Any, metric: str, lo: float, hi: float, values: Any
) -> tuple[Any, Any, Any]:
    """(left, right, finish): ``left[a] @ right.T`` is the metric's exact sum for
    every pair, ``finish(products, common)`` the score — the formulas and the order of
    operations of :func:`posmatrix.agreement`, so every score is the same float."""
    n, m = x.shape
    rng = hi - lo
    if metric in ("exact", "sign"):
        y = np.sign(x - (lo + hi) / 2) if metric == "sign" else x
        levels = values(y)
        hot = np.concatenate([y == v for v in levels], axis=1) if len(levels) else np.zeros((n, 0))
        ww = np.tile(w, len(levels))
        dtype = _dtype(ww, float(w.sum()))
        right = hot.astype(dtype)
        left = right if _unit(w) else right * ww.astype(dtype)

        def share(prod: Any, common: Any) -> Any:
            out = np.empty(prod.shape)
            with np.errstate(divide="ignore", invalid="ignore"):
                np.divide(prod, common, out=out, dtype=np.float64)
            out[~(common > 0)] = np.nan
            return out

        return left, right, share
    levels = values(x)
    if len(levels) < 2:  # one stance level: every co-addressed pair agrees fully

        def full(prod: Any, common: Any) -> Any:
            out = np.empty(common.shape)
            with np.errstate(divide="ignore", invalid="ignore"):
                np.divide(common, common, out=out, dtype=np.float64)
            return out

        z = np.zeros((n, 1))
        return z, z, full
    span = float(levels[-1] - levels[0])
    gaps = np.diff(levels)
    signed = np.concatenate(
        [np.where(mask, np.where(x <= v, 1, -1), 0).astype(np.int8) for v in levels[:-1]], axis=1
    )
    zw = np.repeat(gaps, m) * np.tile(w, len(gaps))
    dtype = _dtype(zw, span * float(w.sum()))
    right = signed.astype(dtype)
    left = right if _unit(zw) else right * zw.astype(dtype)

    def cityblock(prod: Any, common: Any) -> Any:
        out = np.empty(prod.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(prod, common, out=out, dtype=np.float64)
        out *= 0.5 / rng
        out += 1.0 - span / (2.0 * rng)
        out[~(common > 0)] = np.nan
        return out

    return left, right, cityblock


def _dtype(parts: Any, bound: float) -> type[np.floating[Any]]:
    """float32 where every sum is an exactly representable integer (multiples of 1/g,
    g in 1, 2, 4), else float64 — as the dense kernels choose."""
    for g in (1.0, 2.0, 4.0):
        scaled = np.asarray(parts, dtype=np.float64) * g
        if bool(np.all(scaled == np.round(scaled))):
            return np.float32 if bound * g * g < _F32_EXACT else np.float64
    return np.float64


def _blocks(n: int) -> Iterator[slice]:
    block = max(1, min(n, _BLOCK_ELEMENTS // max(1, n)))
    for start in range(0, n, block):
        yield slice(start, min(n, start + block))


def _pick(
    scores: npt.NDArray[np.float64], over: Any, start: int, k: int, by_overlap: bool = False
) -> tuple[Any, ...]:
    """The ``k`` highest and ``k`` lowest scores of each row (NaN left out), ties to the
    lower column (``by_overlap``: to the larger overlap, then the lower column), without
    a loop over rows: the k-th value by a partition, every value above it, and of the
    values equal to it the first ones (a running count; ``by_overlap``: the tied cells
    sorted by row, overlap, column); then the at most k picks per row sorted by score
    (overlap), column."""
    b = scores.shape[0]
    out: list[list[Any]] = [[], [], [], [], [], []]
    for kind, signed in ((0, scores), (1, -scores)):
        keyed = np.where(np.isnan(signed), -np.inf, signed)  # scores themselves are finite
        kth = -np.partition(-keyed, k - 1, axis=1)[:, k - 1 : k]
        above = keyed > kth
        tie = (keyed == kth) & (kth > -np.inf)
        need = k - above.sum(axis=1, keepdims=True)
        if by_overlap:
            tr, tc = np.nonzero(tie)
            tied = np.lexsort((tc, -over[tr, tc], tr))
            tr, tc = tr[tied], tc[tied]
            within = np.arange(len(tr)) - np.searchsorted(tr, tr)  # rank in its row
            keep = within < need[tr, 0]
            take = above
            take[tr[keep], tc[keep]] = True
        else:
            take = above | (tie & (np.cumsum(tie, axis=1) <= need))
        r, c = np.nonzero(take)
        value = scores[r, c]
        keys = (
            (c, -over[r, c], value if kind else -value, r)
            if by_overlap
            else (c, value if kind else -value, r)
        )
        order = np.lexsort(keys)
        r, c = r[order], c[order]
        first = np.searchsorted(r, np.arange(b))
        out[0].append(start + r)
        out[1].append(np.full(len(r), kind))
        out[2].append(np.arange(len(r)) - first[r] + 1)
        out[3].append(c)
        out[4].append(scores[r, c])
        out[5].append(over[r, c])
    return tuple(np.concatenate(o) for o in out)


def top_pairs(found: pd.DataFrame, kind: str, top: int) -> pd.DataFrame:
    """The ``top`` best pairs of all, read off each voice's neighbours.

    ``found`` is a :func:`neighbours` frame computed with ``ties="overlap"`` and
    ``k >= top``; ``kind`` is ``"nearest"`` (highest agreement first) or
    ``"farthest"`` (lowest first). Pairs are ordered as :attr:`posmatrix.GapReport.pairs`
    orders them: by score, then the larger overlap, then voice order (``voice_a`` is the
    earlier of the two).

    This is exact. Order all pairs by that key; restricted to the pairs of one voice
    ``i`` it orders them by score, overlap, then the other voice — the order in which
    :func:`neighbours` picks ``i``'s list. Take a pair ``(i, j)`` among the best ``top``
    of all: every pair of ``i`` ahead of it in ``i``'s order is ahead of it overall,
    so fewer than ``top <= k`` are, and ``j`` is in ``i``'s list. So the best ``top``
    pairs all lie in the union of the lists, and sorting that union gives them.

    Returns
    -------
    pandas.DataFrame
        RangeIndex; columns ``voice_a``, ``voice_b``, ``score``, ``overlap``, at most
        ``top`` rows.

    Examples
    --------
    >>> import pandas as pd, numpy as np
    >>> s = pd.DataFrame(
    ...     {"a": [2, 2, -2, 2], "b": [1, np.nan, -1, 1]},
    ...     index=pd.Index(["x", "y", "z", "w"], name="voice"),
    ... )
    >>> found = neighbours(s, k=2, ties="overlap")
    >>> top_pairs(found, "nearest", 2).values.tolist()  # all 1.0; x-w share 2 issues
    [['x', 'w', 1.0, 2], ['x', 'y', 1.0, 1]]
    """
    import pandas as pd

    if kind not in ("nearest", "farthest"):
        raise UsageError(f"kind must be 'nearest' or 'farthest', got {kind!r}")
    rows = found[found["kind"] == kind]
    position = {v: i for i, v in enumerate(pd.unique(found["voice"]))}
    i = rows["voice"].map(position).to_numpy(dtype=np.int64)
    j = rows["other"].map(position).to_numpy(dtype=np.int64)
    a, b = np.minimum(i, j), np.maximum(i, j)
    score = rows["score"].to_numpy(dtype=np.float64)
    over = rows["overlap"].to_numpy(dtype=np.int64)
    _, first = np.unique(a * max(len(position), 1) + b, return_index=True)  # each pair once
    a, b, score, over = a[first], b[first], score[first], over[first]
    order = np.lexsort((b, a, -over, -score if kind == "nearest" else score))[: int(top)]
    labels = np.array(list(position), dtype=object)
    return pd.DataFrame(
        {
            "voice_a": pd.Series(labels[a[order]], dtype=object),
            "voice_b": pd.Series(labels[b[order]], dtype=object),
            "score": score[order],
            "overlap": over[order],
        }
    )
