"""The tidy frames of :func:`posmatrix.deal_space`: outcomes issue by issue, blocking
issues and logrolling trades (documented on :class:`posmatrix.DealSpace`).

Trades are found on (party, party, issue, issue) arrays at once, never by a Python
loop over pairs of parties.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from .deals import OUTCOMES, Say
from .model import Dataset

__all__ = ["blocking_frame", "issue_frame", "trade_frame"]

_TOL: Final = 1e-9
F64 = npt.NDArray[np.float64]


def _obj(values: Iterable[Any]) -> pd.Series[Any]:
    return pd.Series(list(values), dtype=object)


def issue_frame(
    ds: Dataset,
    parties: list[str],
    issues: list[str],
    stance: F64,
    need_adopt: npt.NDArray[np.bool_],
    need_reject: npt.NDArray[np.bool_],
    utility: F64,
    evidence: dict[tuple[int, int, int], list[Say]],
) -> pd.DataFrame:
    mid = ds.scale.midpoint
    dev = stance - mid
    blocked_adopt = need_reject.any(axis=0)  # someone's red line needs rejection
    blocked_reject = need_adopt.any(axis=0)
    zopa = np.where(
        blocked_adopt,
        np.where(blocked_reject, "none", "rejected"),
        np.where(blocked_reject, "adopted", "both"),
    )
    decided = np.any(~np.isnan(dev) & (dev != 0), axis=0)
    rows: list[dict[str, Any]] = []
    index: list[tuple[str, str]] = []
    names = np.array(parties, dtype=object)
    for i, issue in enumerate(issues):
        d = dev[:, i]
        silent = np.isnan(d)
        for outcome, sign, crossers in (
            ("adopted", 1, need_reject[:, i]),
            ("rejected", -1, need_adopt[:, i]),
        ):
            side = -sign  # the red-line side this outcome crosses
            ev = [
                (parties[p], s)
                for p in np.flatnonzero(crossers).tolist()
                for s in evidence.get((p, i, side), [])
            ]
            with np.errstate(invalid="ignore"):
                rows.append(
                    {
                        "proposition": ds.issues[issue].proposition,
                        "favour": names[sign * d > 0].tolist(),
                        "oppose": names[sign * d < 0].tolist(),
                        "neutral": names[d == 0].tolist(),
                        "silent": names[silent].tolist(),
                        "red_line": names[crossers].tolist(),
                        "accept": names[~silent & ~crossers].tolist(),
                        "support": float(sign * utility[:, i].sum()) + 0.0,
                        "feasible": not bool(crossers.any()),
                        "zopa": str(zopa[i]),
                        "decided": bool(decided[i]),
                        "quote_parties": [p for p, _ in ev],
                        "quote_sources": [s.source for _, s in ev],
                        "quote_stances": [s.stance for _, s in ev],
                        "quotes": [s.quote for _, s in ev],
                    }
                )
            index.append((issue, outcome))
    columns = [
        "proposition",
        "favour",
        "oppose",
        "neutral",
        "silent",
        "red_line",
        "accept",
        "support",
        "feasible",
        "zopa",
        "decided",
        "quote_parties",
        "quote_sources",
        "quote_stances",
        "quotes",
    ]
    frame = pd.DataFrame(
        {c: _obj(r[c] for r in rows) for c in columns},
    )
    frame["support"] = frame["support"].astype(np.float64)
    frame["feasible"] = frame["feasible"].astype(bool)
    frame["decided"] = frame["decided"].astype(bool)
    frame.index = pd.MultiIndex.from_tuples(index, names=["issue", "outcome"])
    if not index:
        frame.index = pd.MultiIndex.from_arrays([[], []], names=["issue", "outcome"])
    return frame


def blocking_frame(
    ds: Dataset,
    parties: list[str],
    issues: list[str],
    zopa: npt.NDArray[Any],
    need_adopt: npt.NDArray[np.bool_],
    need_reject: npt.NDArray[np.bool_],
    evidence: dict[tuple[int, int, int], list[Say]],
) -> pd.DataFrame:
    columns = [
        "proposition",
        "adopt_blocked_by",
        "reject_blocked_by",
        "parties",
        "sources",
        "stances",
        "quotes",
        "marked",
    ]
    rows: list[list[Any]] = []
    keep: list[str] = []
    for i in np.flatnonzero(zopa == "none").tolist():
        ev = [
            (parties[p], s, side)
            for side, mask in ((-1, need_reject[:, i]), (1, need_adopt[:, i]))
            for p in np.flatnonzero(mask).tolist()
            for s in evidence.get((p, i, side), [])
        ]
        keep.append(issues[i])
        rows.append(
            [
                ds.issues[issues[i]].proposition,
                [parties[p] for p in np.flatnonzero(need_reject[:, i]).tolist()],
                [parties[p] for p in np.flatnonzero(need_adopt[:, i]).tolist()],
                [p for p, _, _ in ev],
                [s.source for _, s, _ in ev],
                [s.stance for _, s, _ in ev],
                [s.quote for _, s, _ in ev],
                [s.mark == side for _, s, side in ev],
            ]
        )
    frame = pd.DataFrame({c: _obj(r[k] for r in rows) for k, c in enumerate(columns)})
    frame.index = pd.Index(keep, name="issue", dtype=object)
    return frame


def trade_frame(
    parties: list[str],
    issues: list[str],
    stance: F64,
    mid: float,
    utility: F64,
    need_adopt: npt.NDArray[np.bool_],
    need_reject: npt.NDArray[np.bool_],
) -> pd.DataFrame:
    """Every (a < b, i != j) where a gets its way on i, b on j, and each cares more about
    the issue it gets."""
    columns = [
        "party_a",
        "party_b",
        "issue_a",
        "outcome_a",
        "issue_b",
        "outcome_b",
        "a_on_issue_a",
        "a_on_issue_b",
        "b_on_issue_a",
        "b_on_issue_b",
        "gain_a",
        "gain_b",
        "joint_gain",
    ]
    n_p, n_i = stance.shape
    intensity = np.abs(utility)  # (P, I); 0 where silent
    side = np.sign(np.nan_to_num(stance - mid))  # (P, I); 0 silent or neutral
    # feasible[o, i]: outcome o (side +1 adopt / -1 reject) of issue i crosses no red line
    adopt_ok: npt.NDArray[np.bool_] = np.asarray(~need_reject.any(axis=0), dtype=bool)
    reject_ok: npt.NDArray[np.bool_] = np.asarray(~need_adopt.any(axis=0), dtype=bool)
    # one party a at a time against every b: (party, issue, issue) arrays, so memory
    # stays P·I² however many parties there are
    found: list[tuple[npt.NDArray[Any], ...]] = []
    b, i, j = np.ix_(np.arange(n_p), np.arange(n_i), np.arange(n_i))
    shape = (n_p, n_i, n_i)
    for a in range(n_p - 1):
        opposite_i = side[a, i] * side[b, i] < 0
        opposite_j = side[a, j] * side[b, j] < 0
        gain_a = np.broadcast_to(intensity[a, i] - intensity[a, j], shape)
        gain_b = np.broadcast_to(intensity[b, j] - intensity[b, i], shape)
        ok_i = np.where(side[a, i] > 0, adopt_ok[i], reject_ok[i])
        ok_j = np.where(side[b, j] > 0, adopt_ok[j], reject_ok[j])
        mask = (b > a) & (i != j) & opposite_i & opposite_j & (gain_a > _TOL) & (gain_b > _TOL)
        mask &= ok_i & ok_j
        kb, ki, kj = np.nonzero(mask)
        found.append((np.full(len(kb), a), kb, ki, kj, gain_a[kb, ki, kj], gain_b[kb, ki, kj]))
    parts = [np.concatenate(col) if found else np.zeros(0) for col in zip(*found, strict=True)]
    if not parts:
        parts = [np.zeros(0)] * 6
    joint = np.asarray(parts[4], dtype=np.float64) + np.asarray(parts[5], dtype=np.float64)
    least = np.minimum(parts[4], parts[5])
    order = np.lexsort((parts[3], parts[2], parts[1], parts[0], -least, -joint))
    pa, pb, ii, jj = (np.asarray(x, dtype=np.int64)[order] for x in parts[:4])
    ga, gb = (np.asarray(x, dtype=np.float64)[order] for x in parts[4:])
    joint = joint[order]
    frame = pd.DataFrame(
        {
            "party_a": _obj(parties[k] for k in pa.tolist()),
            "party_b": _obj(parties[k] for k in pb.tolist()),
            "issue_a": _obj(issues[k] for k in ii.tolist()),
            "outcome_a": _obj(OUTCOMES[0] if s > 0 else OUTCOMES[1] for s in side[pa, ii]),
            "issue_b": _obj(issues[k] for k in jj.tolist()),
            "outcome_b": _obj(OUTCOMES[0] if s > 0 else OUTCOMES[1] for s in side[pb, jj]),
            "a_on_issue_a": stance[pa, ii],
            "a_on_issue_b": stance[pa, jj],
            "b_on_issue_a": stance[pb, ii],
            "b_on_issue_b": stance[pb, jj],
            "gain_a": ga,
            "gain_b": gb,
            "joint_gain": joint,
        }
    )
    return pd.DataFrame(frame[columns])
