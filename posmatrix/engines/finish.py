"""From the engine's stance histogram to the voice × issue frames, vectorised.

The histogram may hold millions of rows (voices × issues × stance values), so every
step works on integer codes; Python touches only the distinct values (ids, outlets,
dates, groups), never a row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..datewindows import windows_of
from ..errors import UsageError
from ..groupkeys import _is_window
from ..groups import _labels
from ..matrix import HolderSpec, voice_label
from ..model import AUTHOR

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd

    I64 = npt.NDArray[np.int64]

__all__ = ["finish"]


def finish(
    hist: pd.DataFrame,
    keys: tuple[str, ...],
    holder: HolderSpec,
    stat: str,
    mid: float,
    keep: str,
    rows: bool,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(matrix, cells, groups, unplaced)`` of :class:`~posmatrix.engines.Aggregate`."""
    import pandas as pd

    first = hist["first"].to_numpy(np.int64) if rows else None
    i_code, issues = _coded(hist["issue"])
    h_code, holders_seen = _coded(hist["holder"])
    issue_order = _order(i_code, issues, first)
    issues = [issues[j] for j in issue_order]
    i_code = _recode(i_code, issue_order)
    h_order = _order(h_code, holders_seen, first)
    actors = [holders_seen[j] for j in h_order if holders_seen[j] != AUTHOR]
    holders = _holders([AUTHOR, *actors], holder)
    h_pos = np.array([holders.index(h) if h in holders else -1 for h in holders_seen] + [-1])
    h_sel = h_pos[h_code]  # -1: a holder not asked for (or missing)
    g_code, reason_code, reasons, groups = _groups(hist, keys, first)
    kept = hist[keep].to_numpy(bool)
    n = hist["n"].to_numpy(np.int64)
    left = kept & (g_code < 0)
    unplaced = pd.DataFrame(
        {"codings": np.bincount(reason_code[left], weights=n[left], minlength=len(reasons))},
        index=pd.Index(reasons, name="reason", dtype=object),
    )
    unplaced = unplaced[unplaced["codings"] > 0].astype(np.int64)
    use = kept & (g_code >= 0) & (h_sel >= 0) & (i_code >= 0)
    stance = hist["stance"].to_numpy(np.float64)[use]
    v_code, v_uniq = pd.factorize(stance, sort=True)
    g, h, i = g_code[use], h_sel[use], i_code[use]
    nv, ni, nh = max(len(v_uniq), 1), max(len(issues), 1), max(len(holders), 1)
    key = ((g * nh + h) * ni + i) * nv + v_code
    uk, inverse = np.unique(key, return_inverse=True)  # sorted: group, holder, issue, stance
    counts = np.bincount(inverse, weights=n[use], minlength=len(uk)).astype(np.int64)
    cells = _stats(uk // nv, np.asarray(v_uniq, np.float64)[uk % nv], counts, mid, stat)
    cells["row"] = _first_rows(uk // nv, inverse, first[use] if first is not None else None)
    cell = cells.pop("cell").to_numpy(np.int64)
    gi, hi_, ii = cell // (nh * ni), (cell // ni) % nh, cell % ni
    voice_key = gi * nh + hi_
    vk, v_row = np.unique(voice_key, return_inverse=True)
    group_ids = np.asarray(list(groups.index), dtype=object)
    labels = np.array(
        [voice_label(str(group_ids[k // nh]), holders[k % nh]) for k in vk], dtype=object
    )
    cells.insert(0, "voice", pd.Series(labels[v_row], dtype=object))
    cells.insert(1, "group", pd.Series(group_ids[gi], dtype=object))
    cells.insert(2, "holder", pd.Series(np.asarray(holders, dtype=object)[hi_], dtype=object))
    cells.insert(3, "issue", pd.Series(np.asarray(issues, dtype=object)[ii], dtype=object))
    values = np.full((len(vk), len(issues)), np.nan)
    values[v_row, ii] = cells["stance"].to_numpy(np.float64)
    matrix = pd.DataFrame(
        values,
        index=pd.Index(list(labels), name="voice", dtype=object),
        columns=pd.Index(issues, name="issue", dtype=object),
    )
    return matrix, cells, groups, unplaced


def _first_rows(cell_of: I64, inverse: I64, first: I64 | None) -> I64:
    """Per cell (sorted, distinct), the table row of its first coding that counts
    (adjudication applied): the coding whose quote is the cell's evidence, as
    :func:`posmatrix.gapreport.gaps` picks it. −1 without a row order."""
    cells = np.unique(cell_of)
    out = np.full(len(cells), np.iinfo(np.int64).max)
    if first is None:
        return np.full(len(cells), -1, np.int64)
    np.minimum.at(out, np.searchsorted(cells, cell_of[inverse]), first)
    return out


def _coded(series: pd.Series) -> tuple[I64, list[str]]:
    """Integer codes (−1 for missing) and the distinct values as text."""
    import pandas as pd

    codes, uniq = pd.factorize(series, use_na_sentinel=True)
    return np.asarray(codes, np.int64), [str(u) for u in uniq]


def _order(codes: I64, uniq: list[str], first: I64 | None) -> list[int]:
    """The distinct values' indices by first row, or sorted by text without a row order."""
    if first is None:
        return sorted(range(len(uniq)), key=uniq.__getitem__)
    best = np.full(len(uniq), np.iinfo(np.int64).max)
    ok = codes >= 0
    np.minimum.at(best, codes[ok], first[ok])
    return [int(j) for j in np.lexsort((np.arange(len(uniq)), best))]


def _recode(codes: I64, order: list[int]) -> I64:
    """``codes`` renumbered so that value ``order[p]`` gets code ``p``; −1 stays."""
    pos = np.empty(len(order) + 1, np.int64)
    pos[np.asarray(order, np.int64)] = np.arange(len(order))
    pos[-1] = -1
    return pos[codes]


def _holders(known: list[str], holder: HolderSpec) -> list[str]:
    if holder is None:
        return known
    wanted = [holder] if isinstance(holder, str) else list(holder)
    for h in wanted:
        if h not in known:
            raise UsageError(
                f"holder must be 'author', an actor id ({', '.join(known[1:]) or 'none'}), "
                f"a list of these, or None; got {h!r}"
            )
    return [h for h in known if h in set(wanted)]


def _stats(cell: I64, v: Any, n: I64, mid: float, stat: str) -> pd.DataFrame:
    """Per cell from its stance histogram (rows sorted by cell, then stance): exact
    median (the mean of the two middle codings when their count is even), mean, count,
    min, max."""
    import pandas as pd

    if len(cell) == 0:
        starts = np.zeros(0, np.int64)
        count = np.zeros(0, np.int64)
        total = np.zeros(0)
    else:
        starts = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
        count = np.add.reduceat(n, starts)
        total = np.add.reduceat(v * n, starts)
    cum = np.cumsum(n)
    before = np.r_[0, cum][starts]  # codings in earlier cells
    lo_at = np.searchsorted(cum, before + (count - 1) // 2, side="right")
    hi_at = np.searchsorted(cum, before + count // 2, side="right")
    median = (v[lo_at] + v[hi_at]) / 2 if len(cell) else np.zeros(0)
    mean = total / np.maximum(count, 1)
    last = np.r_[starts[1:], len(v)] - 1 if len(cell) else np.zeros(0, np.int64)
    lo, hi = np.asarray(v)[starts], np.asarray(v)[last]
    return pd.DataFrame(
        {
            "cell": cell[starts],
            "stance": median if stat == "median" else mean,
            "count": count.astype(np.int64),
            "min": lo.astype(np.float64),
            "max": hi.astype(np.float64),
            "range": (hi - lo).astype(np.float64),
            "mean": mean,
            "disagrees": (hi > mid) & (lo < mid),
        }
    )


def _groups(
    hist: pd.DataFrame, keys: tuple[str, ...], first: I64 | None
) -> tuple[I64, I64, list[str], pd.DataFrame]:
    """Each histogram row's group (its position in group order, −1 when left out), the
    code of why it is left out, the reasons, and the groups frame: ordered and labelled
    as :func:`posmatrix.grouped` does (fields by first appearance, windows by start)."""
    import pandas as pd

    nat = "datetime64[ns]"
    if not keys:
        codes, uniq = _coded(hist["source"])
        order = _order(codes, uniq, first)
        groups = pd.DataFrame({"start": pd.Series(pd.NaT, index=range(len(order)), dtype=nat)})
        groups["end"] = groups["start"]
        groups.index = pd.Index([uniq[j] for j in order], name="group", dtype=object)
        return _recode(codes, order), np.where(codes < 0, 1, 0), ["", "no source"], groups
    reasons: list[str] = [""]
    per_key: list[tuple[I64, list[Any], Any, Any, Any]] = []  # codes, values, rank, start, end
    why_rows: list[I64] = []
    for key in keys:
        codes, uniq = _coded(hist["published" if _is_window(key) else key])
        m = len(uniq)
        if _is_window(key):
            w = windows_of([*uniq, None], key, [str(j) for j in range(m + 1)])
            label = w["window"].tolist()
            why = w["reason"].tolist()
            v_codes, values = _coded(pd.Series(label, dtype=object))
            codes = np.where(codes < 0, m, codes)
            row_value = v_codes[codes]
            start = w["start"].to_numpy()
            end = w["end"].to_numpy()
            v_start = np.full(len(values), np.datetime64("NaT"), dtype=nat)
            v_end = v_start.copy()
            ok = v_codes >= 0
            v_start[v_codes[ok]] = start[ok]
            v_end[v_codes[ok]] = end[ok]
            rank = v_start
            why_code = np.array([_reason(reasons, r) for r in why], np.int64)[codes]
            per_key.append((row_value, values, rank, v_start, v_end))
        else:
            blank = np.array([not u.strip() for u in uniq] + [True])
            codes = np.where(codes < 0, m, codes)
            row_value = np.where(blank[codes], -1, codes)
            values = uniq
            order = _order(row_value, uniq, first)
            rank = np.empty(m, np.int64)
            rank[np.asarray(order, np.int64)] = np.arange(m)
            why_code = np.where(row_value < 0, _reason(reasons, f"no {key}"), 0)
            per_key.append((row_value, values, rank, None, None))
        why_rows.append(why_code)
    reason_code = why_rows[0]
    for w_code in why_rows[1:]:
        reason_code = np.where(reason_code > 0, reason_code, w_code)
    placed = reason_code == 0
    combined = np.zeros(len(hist), np.int64)
    for row_value, values, *_ in per_key:
        combined = combined * (len(values) + 1) + np.where(row_value < 0, len(values), row_value)
    combined = np.where(placed, combined, -1)
    g_code, g_uniq_int = _coded_int(combined)
    members = []
    rest = np.asarray(g_uniq_int, np.int64)
    for _codes, values, *_ in reversed(per_key):
        members.append(rest % (len(values) + 1))
        rest = rest // (len(values) + 1)
    members.reverse()  # per key: the value code of each group
    tuples = [
        tuple(per_key[k][1][members[k][j]] for k in range(len(keys)))
        for j in range(len(g_uniq_int))
    ]
    if first is not None:
        best = np.full(len(tuples), np.iinfo(np.int64).max)
        ok = g_code >= 0
        np.minimum.at(best, g_code[ok], first[ok])
        by_first = np.lexsort((np.arange(len(tuples)), best))
    else:  # no row order: alike labels are told apart (~2) in sorted order
        by_first = np.argsort(np.array([repr(t) for t in tuples], dtype=object), kind="stable")
    named = _labels([tuples[j] for j in by_first], keys, np.ones(len(tuples), bool))
    label_of = [""] * len(tuples)
    for j, lab in zip(by_first, named, strict=True):
        label_of[j] = str(lab)
    ranks = [per_key[k][2][members[k]] for k in range(len(keys))]
    g_order: Any = np.lexsort(list(reversed(ranks))) if tuples else np.zeros(0, np.int64)
    windows = [k for k in range(len(keys)) if _is_window(keys[k])]
    g_start: Any = per_key[windows[0]][3][members[windows[0]]][g_order] if windows else None
    g_end: Any = per_key[windows[0]][4][members[windows[0]]][g_order] if windows else None
    n_g = len(g_order)
    groups = pd.DataFrame(
        {
            **{
                ("window" if _is_window(key) else key): pd.Series(
                    [tuples[j][k] for j in g_order], dtype=object
                )
                for k, key in enumerate(keys)
            },
            "start": pd.Series(g_start if g_start is not None else [pd.NaT] * n_g, dtype=nat),
            "end": pd.Series(g_end if g_end is not None else [pd.NaT] * n_g, dtype=nat),
        }
    ).set_axis(pd.Index([label_of[j] for j in g_order], name="group", dtype=object))
    position = np.empty(len(g_order) + 1, np.int64)
    position[g_order] = np.arange(len(g_order))
    position[-1] = -1
    return position[g_code], reason_code, reasons, groups


def _coded_int(values: I64) -> tuple[I64, list[int]]:
    """Codes of non-negative integers (−1 stays −1) and the distinct ones."""
    import pandas as pd

    codes, uniq = pd.factorize(np.where(values < 0, np.iinfo(np.int64).min, values))
    uniq = np.asarray(uniq, np.int64)
    bad = np.flatnonzero(uniq == np.iinfo(np.int64).min)
    codes = np.asarray(codes, np.int64)
    if len(bad):
        b = int(bad[0])
        codes = np.where(codes == b, -1, np.where(codes > b, codes - 1, codes))
        uniq = np.delete(uniq, b)
    return codes, [int(u) for u in uniq]


def _reason(reasons: list[str], text: str) -> int:
    if not text:
        return 0
    if text not in reasons:
        reasons.append(text)
    return reasons.index(text)
