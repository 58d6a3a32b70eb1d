"""Coalitions: the sets of ``size`` voices that agree with each other most.

:func:`coalitions` ranks every set of ``size`` voices by the mean pairwise agreement
of its members (any metric of :func:`posmatrix.agreement`), then by the fewest clashes
(member pairs on opposite sides of an issue), and says what each rests on: the issues
all members address, those they agree on and those that split them.

While there are at most :data:`EXACT_LIMIT` sets, all are scored at once: the sets
are an integer array (one row per set) and each of its ``size·(size−1)/2`` member
pairs is one gather from the agreement and clash matrices — no Python loop over pairs
of voices. Beyond the limit a heuristic runs (greedy growth from every voice, then
single swaps while they raise the score); its result carries an upper bound on the
best mean agreement, so the gap it may leave is known. Formulas in
``docs/methods.md`` ("Coalitions").
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from .analysis import Metric, agreement
from .errors import UsageError
from .matrix import HolderSpec, stance_matrix
from .model import Dataset

__all__ = ["EXACT_LIMIT", "coalitions"]

EXACT_LIMIT: Final = 1_000_000
"""Up to this many sets of voices are all scored (exact); beyond it, the heuristic."""

_CHUNK: Final = 2**17
_MAX_SWAPS: Final = 1000
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def coalitions(
    ds: Dataset,
    size: int = 3,
    *,
    holder: HolderSpec = None,
    metric: Metric = "cityblock",
    top: int = 10,
) -> pd.DataFrame:
    """The ``top`` sets of ``size`` voices with the highest mean pairwise agreement.

    Parameters
    ----------
    ds : Dataset
    size : int
        Voices per coalition, at least 2 and at most the number of voices.
    holder : str, list of str, or None
        Whose voices, as for :func:`posmatrix.agreement` (None: every voice).
    metric : str
        The agreement metric (default ``cityblock``); the dataset's issue weights apply.
    top : int
        How many coalitions to return (default 10).

    Returns
    -------
    pandas.DataFrame
        Index ``rank`` (1 = best). Columns: ``members`` (list of voice labels, voice
        order); ``mean_agreement`` (float: mean over member pairs with a defined score);
        ``min_agreement`` (the weakest such pair); ``clashes`` (int: member pairs ×
        issues on which the two stand on opposite sides of the midpoint);
        ``undefined_pairs`` (int: member pairs sharing no issue); ``pair_overlap``
        (int: issues shared, summed over member pairs); ``overlap`` (int: issues every
        member addresses); ``agreed`` (those on which all members take
        the same side — support, neutral or oppose); ``split`` (issues on which some
        member supports and another opposes), both lists in codebook order.
        Order: sets without undefined pairs first, then mean agreement (high first),
        clashes (few first), pair overlap (large first: scores resting on more issues),
        then voice order of the members. ``attrs["exact"]`` is
        True when every set was scored; otherwise ``attrs["bound"]`` is an upper bound
        on the best mean agreement (the mean of the ``size·(size−1)/2`` highest
        pairwise scores).

    Raises
    ------
    UsageError
        A bad ``size``, ``top``, ``metric`` or ``holder``.

    Examples
    --------
    >>> import posmatrix
    >>> best = posmatrix.coalitions(posmatrix.example(), size=3, holder="author")
    >>> best.columns.tolist()[:4]
    ['members', 'mean_agreement', 'min_agreement', 'clashes']
    >>> bool(best.attrs["exact"]), len(best)
    (True, 10)
    """
    if not isinstance(ds, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(ds).__name__}")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise UsageError(f"top must be an integer >= 1, got {top!r}")
    stances = stance_matrix(ds, holder)
    labels = [str(v) for v in stances.index]
    n = len(labels)
    if isinstance(size, bool) or not isinstance(size, int) or not 2 <= size <= max(n, 2):
        raise UsageError(
            f"size must be an integer from 2 to the number of voices ({n}), got {size!r}"
        )
    if size > n:
        raise UsageError(f"size {size} is more than the {n} voices")
    agree = agreement(ds, metric, holder=holder).loc[labels, labels].to_numpy(dtype=np.float64)
    values = stances.to_numpy(dtype=np.float64)
    mid = ds.scale.midpoint
    with np.errstate(invalid="ignore"):
        pos = (values > mid).astype(np.float64)
        neg = (values < mid).astype(np.float64)
    clash = np.rint(pos @ neg.T + neg @ pos.T).astype(np.int64)
    seen = (~np.isnan(values)).astype(np.float64)
    shared = np.rint(seen @ seen.T).astype(np.int64)
    n_sets = math.comb(n, size)
    if n_sets <= EXACT_LIMIT:
        sets = _all_sets(n, size)
        exact, bound = True, math.nan
    else:
        sets = _heuristic(agree, size)
        exact, bound = False, _bound(agree, size)
    mean, least, clashes, undefined, pair_overlap = _score(sets, agree, clash, shared)
    # full order only for the sets that can reach the top: those whose (undefined pairs,
    # mean agreement) ties or beats the top-th best
    rounded = np.round(mean, 12)
    key = undefined * 10.0 + np.where(np.isnan(rounded), 5.0, -rounded)
    cut = np.partition(key, min(top, len(key)) - 1)[min(top, len(key)) - 1]
    near = np.flatnonzero(key <= cut)
    order = near[
        np.lexsort((near, -pair_overlap[near], clashes[near], -rounded[near], undefined[near]))
    ]
    chosen = order[:top]
    frame = _frame(ds, stances, labels, sets[chosen], chosen, mean, least, clashes, undefined)
    frame.insert(5, "pair_overlap", pair_overlap[chosen].astype(np.int64))
    frame.attrs["exact"] = exact
    frame.attrs["bound"] = bound
    frame.attrs["sets"] = n_sets
    return frame


def _all_sets(n: int, size: int) -> I64:
    """Every ``size``-subset of ``range(n)`` as rows, lexicographic order."""
    flat = itertools.chain.from_iterable(itertools.combinations(range(n), size))
    count = math.comb(n, size) * size
    out: I64 = np.fromiter(flat, dtype=np.int64, count=count).reshape(-1, size)
    return out


def _score(sets: I64, agree: F64, clash: I64, shared: I64) -> tuple[F64, F64, I64, I64, I64]:
    """Per set: mean and least defined agreement, clashes, undefined pairs, and the
    issues shared summed over member pairs."""
    n_sets, size = sets.shape
    total = np.zeros(n_sets)
    defined = np.zeros(n_sets, dtype=np.int64)
    least = np.full(n_sets, np.inf)
    clashes = np.zeros(n_sets, dtype=np.int64)
    pair_overlap = np.zeros(n_sets, dtype=np.int64)
    n = len(agree)
    flat_agree, flat_clash, flat_shared = agree.ravel(), clash.ravel(), shared.ravel()
    for a, b in itertools.combinations(range(size), 2):  # member positions, not voices
        for start in range(0, n_sets, _CHUNK):
            rows = slice(start, start + _CHUNK)
            cell = sets[rows, a] * n + sets[rows, b]
            v = flat_agree[cell]
            ok = ~np.isnan(v)
            total[rows] += np.where(ok, v, 0.0)
            defined[rows] += ok
            np.fmin(least[rows], v, out=least[rows])
            clashes[rows] += flat_clash[cell]
            pair_overlap[rows] += flat_shared[cell]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(defined > 0, total / np.maximum(defined, 1), np.nan)
    least[np.isinf(least)] = np.nan
    undefined = size * (size - 1) // 2 - defined
    return mean, least, clashes, undefined, pair_overlap


def _bound(agree: F64, size: int) -> float:
    """Mean of the ``C(size, 2)`` highest defined pairwise scores: no set does better."""
    upper = agree[np.triu_indices(len(agree), k=1)]
    upper = np.sort(upper[~np.isnan(upper)])[::-1]
    pairs = size * (size - 1) // 2
    return float(upper[:pairs].mean()) if len(upper) else math.nan


def _heuristic(agree: F64, size: int) -> I64:
    """Greedy growth from every voice, then best single swaps until none helps.

    The score is the sum of member-pair agreements, an undefined pair counting as a
    penalty below any defined score, so sets without undefined pairs are preferred
    as in the ranking. Each result is a local optimum: no single swap of a member for
    a non-member raises it.
    """
    n = len(agree)
    work = np.where(np.isnan(agree), -2.0 * size - 2.0, agree)
    np.fill_diagonal(work, 0.0)
    found: set[tuple[int, ...]] = set()
    for seed in range(n):
        members = [seed]
        inside = np.zeros(n, dtype=bool)
        inside[seed] = True
        gain = work[seed].copy()  # gain[v] = sum of v's scores with the members
        while len(members) < size:
            pick = int(np.argmax(np.where(inside, -np.inf, gain)))
            members.append(pick)
            inside[pick] = True
            gain += work[pick]
        for _ in range(_MAX_SWAPS):
            m = np.array(members)
            outside = np.flatnonzero(~inside)
            if not len(outside):
                break
            # swapping member m for outsider o changes the sum by
            # (gain[o] - work[o, m]) - gain[m]
            delta = gain[outside][None, :] - work[np.ix_(m, outside)] - gain[m][:, None]
            k = int(np.argmax(delta))
            if delta.flat[k] <= 1e-12:
                break
            out_m, in_o = int(m[k // len(outside)]), int(outside[k % len(outside)])
            members[members.index(out_m)] = in_o
            inside[out_m], inside[in_o] = False, True
            gain += work[in_o] - work[out_m]
        found.add(tuple(sorted(members)))
    return np.array(sorted(found), dtype=np.int64).reshape(-1, size)


def _frame(
    ds: Dataset,
    stances: pd.DataFrame,
    labels: list[str],
    sets: I64,
    chosen: I64,
    mean: F64,
    least: F64,
    clashes: I64,
    undefined: I64,
) -> pd.DataFrame:
    values = stances.to_numpy(dtype=np.float64)
    issues = [str(i) for i in stances.columns]
    mid = ds.scale.midpoint
    rows: list[dict[str, Any]] = []
    for members in sets:
        v = values[members]
        addressed = ~np.isnan(v)
        with np.errstate(invalid="ignore"):
            side = np.sign(v - mid)
        everyone = addressed.all(axis=0)
        known = np.where(addressed, side, 0.0)
        same = everyone & (known.max(axis=0) == known.min(axis=0))
        split = (known > 0).any(axis=0) & (known < 0).any(axis=0)
        rows.append(
            {
                "members": [labels[m] for m in members],
                "overlap": int(everyone.sum()),
                "agreed": [issues[j] for j in np.flatnonzero(same)],
                "split": [issues[j] for j in np.flatnonzero(split)],
            }
        )
    frame = pd.DataFrame(
        {
            "members": pd.Series([r["members"] for r in rows], dtype=object),
            "mean_agreement": mean[chosen].astype(np.float64),
            "min_agreement": least[chosen].astype(np.float64),
            "clashes": clashes[chosen].astype(np.int64),
            "undefined_pairs": undefined[chosen].astype(np.int64),
            "overlap": np.array([r["overlap"] for r in rows], dtype=np.int64),
            "agreed": pd.Series([r["agreed"] for r in rows], dtype=object),
            "split": pd.Series([r["split"] for r in rows], dtype=object),
        }
    )
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="rank")
    return frame
