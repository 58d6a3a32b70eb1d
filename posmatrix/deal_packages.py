"""The feasible packages of :func:`posmatrix.deal_space`, ranked exactly.

A package decides every *decided* issue (one some party takes a side on). An issue
whose zone of possible agreement holds one outcome is *forced*; one whose zone holds
both is *open*; one with none blocks every package. So the feasible packages are the
``2 ** n_open`` choices on the open issues, and a party's score is linear in them::

    score_p(x) = c_p + Σ_open 2·u[p, i]·x_i        (x_i = 1: adopted, 0: rejected)

with ``c_p`` the forced issues' utilities minus the open issues' utilities. Up to
:data:`posmatrix.deals.ENUMERATION_LIMIT` packages every one is scored at once as a
matrix product and ranked. Beyond it a branch and bound runs issue by issue over all
partial packages at once (numpy arrays, no recursion): a partial package is dropped
when even its best completion (each party winning every remaining issue it can)
falls below the ``top``-th best completed package found so far. It keeps every package
that ties or beats the ``top``-th best, so ranks and tie rules are those of full
enumeration. Should its frontier outgrow :data:`_FRONTIER` partial packages, the
``top`` best by each criterion are found one at a time with
:func:`scipy.optimize.milp` (HiGHS) instead: maximise the criterion, then the other
one at that optimum, then exclude the package found (a "no-good" cut) and repeat;
ties beyond the two criteria then fall in the solver's order. Ties otherwise go by
codebook order, adopted first.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from .errors import UsageError

__all__ = ["best_packages"]

F64 = npt.NDArray[np.float64]
_DIGITS: Final = 9  # scores are compared rounded to this many decimals (ties)
_FRONTIER: Final = 2**18  # partial packages kept by the branch and bound before the MILP
_MAX_BITS: Final = 62  # open issues a package code (int64) holds
I64 = npt.NDArray[np.int64]


def best_packages(
    parties: list[str],
    issues: list[str],
    utility: F64,
    zopa: npt.NDArray[Any],
    decided: npt.NDArray[np.bool_],
    top: int,
    limit: int,
) -> tuple[pd.DataFrame, int, bool]:
    """``(packages frame, number of feasible packages, exact)`` as documented on
    :attr:`posmatrix.DealSpace.packages`."""
    # maximin is over the parties with a stake: a side on some decided issue (a party
    # with none scores 0 in every package and would only flatten the ranking)
    stake = np.any((utility != 0) & decided[None, :], axis=1)
    if not stake.any():
        stake[:] = True
    if np.any(zopa == "none"):
        empty = np.zeros((0, len(parties)))
        return _frame(parties, [], [], empty, stake, [], []), 0, True
    forced_adopt = decided & (zopa == "adopted")
    forced_reject = decided & (zopa == "rejected")
    open_ = np.flatnonzero(decided & (zopa == "both"))
    u_open = utility[:, open_]  # (P, n_open)
    const = (
        utility[:, forced_adopt].sum(axis=1)
        - utility[:, forced_reject].sum(axis=1)
        - u_open.sum(axis=1)
    )
    gain = 2.0 * u_open  # (P, n_open)
    n_open = len(open_)
    n_packages = 2**n_open
    found = None
    if n_packages <= limit:
        codes = np.arange(n_packages, dtype=np.int64)
        found = (codes, codes)
        exact = True
    elif n_open <= _MAX_BITS:
        by_total = _search(const, gain, stake, top, "total")
        by_least = _search(const, gain, stake, top, "maximin")
        if by_total is not None and by_least is not None:
            found = (by_total, by_least)
        exact = False
    if found is not None:
        x, rank_t, rank_m = _rank(found[0], found[1], n_open, const, gain, stake, top)
    else:
        x, rank_t, rank_m = _milp(const[stake], gain[stake], top, gain.sum(axis=0))
        exact = False
    scores = const[None, :] + x @ gain.T if len(x) else np.zeros((0, len(parties)))
    adopted: list[list[str]] = []
    rejected: list[list[str]] = []
    fa, fr = np.flatnonzero(forced_adopt), np.flatnonzero(forced_reject)
    for row in x:
        yes = set(fa.tolist()) | {int(open_[k]) for k in np.flatnonzero(row > 0.5)}
        no = set(fr.tolist()) | {int(open_[k]) for k in np.flatnonzero(row < 0.5)}
        adopted.append([issues[k] for k in sorted(yes)])
        rejected.append([issues[k] for k in sorted(no)])
    frame = _frame(parties, rank_t, rank_m, scores, stake, adopted, rejected)
    return frame, n_packages, exact


def _round(v: F64) -> F64:
    out: F64 = np.round(v, _DIGITS)
    return out


def _bits(codes: I64, n_open: int) -> F64:
    """Packages as rows of x (1 = adopted): bit ``n_open − 1 − i`` of a code is 1 when
    open issue ``i`` is rejected, so a smaller code adopts the earliest differing issue
    (the tie rule)."""
    shifts = np.arange(n_open - 1, -1, -1, dtype=np.int64)
    out: F64 = 1.0 - ((codes[:, None] >> shifts[None, :]) & 1).astype(np.float64)
    return out


def _criteria(
    codes: I64, n_open: int, const: F64, gain: F64, stake: npt.NDArray[np.bool_]
) -> tuple[F64, F64]:
    scores = const[None, :] + _bits(codes, n_open) @ gain.T
    return _round(scores.sum(axis=1)), _round(scores[:, stake].min(axis=1))


def _rank(
    by_total: I64,
    by_least: I64,
    n_open: int,
    const: F64,
    gain: F64,
    stake: npt.NDArray[np.bool_],
    top: int,
) -> tuple[F64, list[int | None], list[int | None]]:
    """Rank each candidate set by its criterion (ties: the other one, then code) and
    keep the ``top`` of each. Every package at least as good as a candidate is a
    candidate, so ranks within a set are ranks among all feasible packages."""
    ranks: dict[int, list[int | None]] = {}
    for k, (codes, primary) in enumerate(((by_total, 0), (by_least, 1))):
        crit = _criteria(codes, n_open, const, gain, stake)
        order = np.lexsort((codes, -crit[1 - primary], -crit[primary]))
        for r, c in enumerate(codes[order].tolist(), 1):
            ranks.setdefault(c, [None, None])[k] = r
    keep = sorted(
        (c for c, (rt, rm) in ranks.items() if (rt or top + 1) <= top or (rm or top + 1) <= top),
        key=lambda c: (ranks[c][0] or np.iinfo(np.int64).max, ranks[c][1] or 0),
    )
    x = _bits(np.array(keep, dtype=np.int64), n_open)
    return x, [ranks[c][0] for c in keep], [ranks[c][1] for c in keep]


def _search(
    const: F64, gain: F64, stake: npt.NDArray[np.bool_], top: int, criterion: str
) -> I64 | None:
    """Branch and bound over the open issues, one issue at a time for all partial
    packages at once: every package whose ``criterion`` ties or beats the ``top``-th
    best, as codes; None when the frontier outgrows :data:`_FRONTIER`.

    A partial package is dropped when its upper bound (each party gains on every
    remaining issue where it can: for total, the best outcome of every remaining issue)
    is below the ``top``-th best value among the completions of the partials (each
    remaining issue decided by total support), which are real, distinct packages.
    """
    n = gain.shape[1]
    total_gain = gain.sum(axis=0)
    order = np.argsort(-(np.abs(total_gain) + np.abs(gain).max(axis=0)), kind="stable")
    g = gain[:, order]

    def suffix(a: F64) -> F64:
        out: F64 = np.concatenate(
            [np.cumsum(a[:, ::-1], axis=1)[:, ::-1], np.zeros((a.shape[0], 1))], axis=1
        )
        return out

    best_each = suffix(np.maximum(g, 0.0))  # (P, n + 1): party by party
    greedy = suffix(g * (total_gain[order] >= 0)[None, :])  # completion by total support
    best_total = suffix(np.maximum(total_gain[order], 0.0)[None, :])[0]
    scores = const[None, :].copy()
    codes = np.zeros(1, dtype=np.int64)
    for t in range(n):
        bit = np.int64(1) << np.int64(n - 1 - int(order[t]))
        scores = np.concatenate([scores + g[:, t][None, :], scores])
        codes = np.concatenate([codes, codes | bit])
        if criterion == "total":
            upper = scores.sum(axis=1) + best_total[t + 1]
            done = upper  # deciding the rest by total support is optimal for the total
        else:
            upper = (scores + best_each[:, t + 1][None, :])[:, stake].min(axis=1)
            done = (scores + greedy[:, t + 1][None, :])[:, stake].min(axis=1)
        if len(done) >= top:
            floor = np.partition(done, len(done) - top)[len(done) - top]
            keep = upper >= floor - 1e-9 * (1.0 + abs(floor))
            scores, codes = scores[keep], codes[keep]
        if len(codes) > _FRONTIER:
            return None
    return codes


def _milp(
    const: F64, gain: F64, top: int, total_gain: F64
) -> tuple[F64, list[int | None], list[int | None]]:
    """The ``top`` best packages by total and by maximin, by integer programming;
    ``const`` and ``gain`` are the rows of the parties with a stake, ``total_gain``
    the gains summed over every party."""
    try:
        from scipy.optimize import LinearConstraint, milp
    except ImportError as exc:  # pragma: no cover - scipy is in the test environment
        raise UsageError(
            f"{2 ** gain.shape[1]:,} feasible packages are too many to enumerate; ranking "
            "them needs scipy (pip install 'posmatrix[deals]')"
        ) from exc
    n_p, n = gain.shape
    # variables: x_0 .. x_{n-1} (binary), z (the least party score, free)
    integrality = np.r_[np.ones(n), 0.0]
    lower = np.r_[np.zeros(n), -np.inf]
    upper = np.r_[np.ones(n), np.inf]
    from scipy.optimize import Bounds

    bounds = Bounds(lower, upper)
    # z - gain_p · x <= const_p for every party
    party_rows = np.hstack([-gain, np.ones((n_p, 1))])
    base = LinearConstraint(party_rows, -np.inf, const)
    total_row = np.r_[total_gain, 0.0]
    z_row = np.r_[np.zeros(n), 1.0]

    def solve(objective: F64, extra: list[LinearConstraint]) -> F64 | None:
        res = milp(-objective, integrality=integrality, bounds=bounds, constraints=[base, *extra])
        if res.x is None:
            return None
        out: F64 = np.asarray(res.x, dtype=np.float64)
        return out

    def k_best(first: F64, second: F64) -> list[F64]:
        found: list[F64] = []
        cuts: list[LinearConstraint] = []
        while len(found) < min(top, 2**n):
            sol = solve(first, cuts)
            if sol is None:
                break
            best = float(first @ sol)
            floor = LinearConstraint(first[None, :], best - 1e-7 * max(1.0, abs(best)), np.inf)
            sol2 = solve(second, [*cuts, floor])
            sol = sol2 if sol2 is not None else sol
            x = np.round(sol[:n])
            found.append(x)
            # no-good cut: at least one x differs from this package
            row = np.r_[np.where(x > 0.5, -1.0, 1.0), 0.0]
            cuts.append(LinearConstraint(row[None, :], 1.0 - float(x.sum()), np.inf))
        return found

    by_total = k_best(total_row, z_row)
    by_least = k_best(z_row, total_row)
    keys: dict[bytes, int] = {}
    xs: list[F64] = []
    rank_t: list[int | None] = []
    rank_m: list[int | None] = []
    for r, x in enumerate(by_total, 1):
        keys[x.tobytes()] = len(xs)
        xs.append(x)
        rank_t.append(r)
        rank_m.append(None)
    for r, x in enumerate(by_least, 1):
        k = keys.get(x.tobytes())
        if k is None:
            keys[x.tobytes()] = len(xs)
            xs.append(x)
            rank_t.append(None)
            rank_m.append(r)
        else:
            rank_m[k] = r
    return (np.array(xs) if xs else np.zeros((0, n))), rank_t, rank_m


def _frame(
    parties: list[str],
    rank_t: list[int | None],
    rank_m: list[int | None],
    scores: F64,
    stake: npt.NDArray[np.bool_],
    adopted: list[list[str]],
    rejected: list[list[str]],
) -> pd.DataFrame:
    total = scores.sum(axis=1) if len(scores) else np.zeros(0)
    least = scores[:, stake].min(axis=1) if len(scores) else np.zeros(0)
    names = np.array(parties, dtype=object)[stake]
    least_of = [
        names[_round(s[stake]) == _round(np.array([m]))[0]].tolist()
        for s, m in zip(scores, least, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "rank_total": pd.array(rank_t, dtype="Int64"),
            "rank_maximin": pd.array(rank_m, dtype="Int64"),
            "total": total.astype(np.float64),
            "maximin": least.astype(np.float64),
            "least_satisfied": pd.Series(least_of, dtype=object),
            "adopted": pd.Series(adopted, dtype=object),
            "rejected": pd.Series(rejected, dtype=object),
        }
    )
    for k, p in enumerate(parties):
        frame[f"score_{p}"] = scores[:, k].astype(np.float64) if len(scores) else np.zeros(0)
    if len(frame):
        order = np.lexsort(
            (
                frame["rank_maximin"].fillna(np.iinfo(np.int64).max).to_numpy(dtype=np.int64),
                frame["rank_total"].fillna(np.iinfo(np.int64).max).to_numpy(dtype=np.int64),
            )
        )
        frame = frame.iloc[order].reset_index(drop=True)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="package")
    return frame
