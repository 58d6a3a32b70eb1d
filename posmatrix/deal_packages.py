"""The feasible packages of :func:`posmatrix.deal_space`, ranked exactly.

A package decides every *decided* issue (one some party takes a side on). An issue
whose zone of possible agreement holds one outcome is *forced*; one whose zone holds
both is *open*; one with none blocks every package. So the feasible packages are the
``2 ** n_open`` choices on the open issues, and a party's score is linear in them::

    score_p(x) = c_p + Σ_open 2·u[p, i]·x_i        (x_i = 1: adopted, 0: rejected)

with ``c_p`` the forced issues' utilities minus the open issues' utilities. Up to
:data:`posmatrix.deals.ENUMERATION_LIMIT` packages every one is scored at once as a
matrix product and ranked; beyond it, the ``top`` best by each criterion are found
one at a time with :func:`scipy.optimize.milp` (HiGHS): maximise the criterion, then
the other one at that optimum, then exclude the package found (a "no-good" cut) and
repeat. Both give the same best packages; the integer program breaks ties beyond the
two criteria in its own order, enumeration by codebook order (adopted first).
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
_CHUNK: Final = 2**14


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
    if n_packages <= limit:
        x, rank_t, rank_m = _enumerate(const, gain, stake, top)
        exact = True
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


def _enumerate(
    const: F64, gain: F64, stake: npt.NDArray[np.bool_], top: int
) -> tuple[F64, list[int | None], list[int | None]]:
    """Every package scored as a matrix product; ranks by both criteria."""
    n_open = gain.shape[1]
    n = 2**n_open
    codes = np.arange(n, dtype=np.int64)
    # issue 0 is the most significant bit; bit 1 = rejected, so a smaller code means
    # "adopted" on the earliest issue that differs: the tie rule
    shifts = np.arange(n_open - 1, -1, -1, dtype=np.int64)
    total = np.empty(n)
    least = np.empty(n)
    for start in range(0, n, _CHUNK):
        c = codes[start : start + _CHUNK]
        x = 1.0 - ((c[:, None] >> shifts[None, :]) & 1).astype(np.float64)
        s = const[None, :] + x @ gain.T
        total[start : start + len(c)] = s.sum(axis=1)
        least[start : start + len(c)] = s[:, stake].min(axis=1)
    t, m = _round(total), _round(least)
    by_total = np.lexsort((codes, -m, -t))
    by_least = np.lexsort((codes, -t, -m))
    rank_t = np.empty(n, dtype=np.int64)
    rank_t[by_total] = np.arange(1, n + 1)
    rank_m = np.empty(n, dtype=np.int64)
    rank_m[by_least] = np.arange(1, n + 1)
    keep = np.flatnonzero((rank_t <= top) | (rank_m <= top))
    keep = keep[np.argsort(rank_t[keep], kind="stable")]
    chosen = codes[keep]
    x = 1.0 - ((chosen[:, None] >> shifts[None, :]) & 1).astype(np.float64)
    return x, rank_t[keep].tolist(), rank_m[keep].tolist()


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
