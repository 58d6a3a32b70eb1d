"""Positions over time: who stood where in each time window, and who moved.

:func:`timeline` groups the sources by the time window of their ``published`` date
(:func:`posmatrix.grouped`) and lists, for each window, holder and issue, the median
stance of the window's codings with their count, range, sources and quotes.
:func:`moves` compares each holder's stance on an issue between consecutive windows in
which the holder was coded on it, largest move first, with the quotes before and after.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from .errors import UsageError
from .groups import SOURCE_FIELDS, grouped, parse_by
from .matrix import HolderSpec, select_holders
from .model import Dataset

__all__ = ["MOVE_COLUMNS", "TIMELINE_COLUMNS", "moves", "moves_of", "timeline"]

TIMELINE_COLUMNS: Final = (
    "window",
    "start",
    "end",
    "holder",
    "holder_name",
    "issue",
    "stance",
    "count",
    "min",
    "max",
    "range",
    "disagrees",
    "sources",
    "quotes",
)
MOVE_COLUMNS: Final = (
    "holder",
    "holder_name",
    "issue",
    "window_before",
    "window_after",
    "stance_before",
    "stance_after",
    "move",
    "sources_before",
    "sources_after",
    "quotes_before",
    "quotes_after",
)


def timeline(ds: Dataset, freq: str = "M", holder: HolderSpec = None) -> pd.DataFrame:
    """Each holder's stance on each issue, window by window.

    Parameters
    ----------
    ds : Dataset
    freq : str
        The time window: ``M`` (month, default), ``Q``, ``Y``, ``W``, ``D``, or a number
        of days such as ``30D`` (also ``month``, ``quarter``, ``year``, ``week``,
        ``day``). A source falls in a window only when the whole period its date
        stands for lies inside it: ``2025-08`` falls in the month 2025-08, but in no
        day or week window (see :func:`posmatrix.groups.source_windows`).
    holder : str, list of str, or None
        ``author``, actor id(s), or None (default) for every holder.

    Returns
    -------
    pandas.DataFrame
        One row per window, holder and issue coded in that window. RangeIndex.
        Columns: ``window`` (label: ``2025-08``, ``2025Q3``, ``2025-08-04..2025-09-02``),
        ``start``, ``end`` (the window's first and last day); ``holder``,
        ``holder_name``, ``issue``; ``stance`` (float64, the median of the window's
        codings of that holder and issue, across its sources), ``count`` (int64,
        codings), ``min``, ``max``, ``range`` (float64), ``disagrees`` (bool: codings
        on both sides of the scale midpoint), ``sources``, ``quotes`` (tuples, file
        order). Sorted by window, holder (``author`` first, then actors in file
        order), issue (codebook order). ``.attrs["unplaced"]`` maps each source in no
        window to why (``undated``, ``year precision is too coarse for M windows``).

    Examples
    --------
    >>> import posmatrix
    >>> t = posmatrix.timeline(posmatrix.example(), holder="russia")
    >>> sorted(set(t["window"]))
    ['2025-07', '2025-08', '2025-10']
    >>> t.query("issue == 'freeze-line-of-contact'")[["window", "stance", "count"]]
         window  stance  count
    14  2025-08     0.0      2
    23  2025-10     1.0      1
    """
    if not isinstance(ds, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(ds).__name__}")
    holders = select_holders(ds, holder)
    keys = parse_by(freq)
    if len(keys) != 1 or keys[0] in SOURCE_FIELDS:
        raise UsageError(f"freq must be a time window such as M, Q, Y, W, D or 30D; got {freq!r}")
    g = grouped(ds, keys)
    cells = g.cells
    cells = cells[cells["holder"].isin(holders)].reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "window": cells["group"].astype(object),
            "start": g.groups["start"].reindex(cells["group"]).to_numpy(),
            "end": g.groups["end"].reindex(cells["group"]).to_numpy(),
            "holder": cells["holder"].astype(object),
            "holder_name": pd.Series([ds.holder_name(h) for h in cells["holder"]], dtype=object),
            "issue": cells["issue"].astype(object),
            "stance": cells["stance"].astype(np.float64),
            "count": cells["count"].astype(np.int64),
            "min": cells["min"].astype(np.float64),
            "max": cells["max"].astype(np.float64),
            "range": cells["range"].astype(np.float64),
            "disagrees": cells["disagrees"].astype(bool),
            "sources": cells["sources"].astype(object),
            "quotes": cells["quotes"].astype(object),
        },
        columns=list(TIMELINE_COLUMNS),
    )
    frame.attrs["unplaced"] = g.unplaced
    return frame


def moves(ds: Dataset, freq: str = "M", holder: HolderSpec = None) -> pd.DataFrame:
    """Holders whose stance on an issue changed between consecutive windows in which
    they were coded on it.

    Parameters
    ----------
    ds, freq, holder
        As for :func:`timeline`.

    Returns
    -------
    pandas.DataFrame
        One row per move. RangeIndex. Columns: ``holder``, ``holder_name``, ``issue``;
        ``window_before``, ``window_after`` (window labels; the windows between them,
        if any, hold no coding of that holder on that issue); ``stance_before``,
        ``stance_after`` (float64 medians, see :func:`timeline`); ``move``
        (``stance_after - stance_before``); ``sources_before``, ``sources_after``,
        ``quotes_before``, ``quotes_after`` (tuples). Sorted by ``|move|`` (largest
        first), then window, holder and issue. ``.attrs["unplaced"]`` as for
        :func:`timeline`.

    Examples
    --------
    >>> import posmatrix
    >>> m = posmatrix.moves(posmatrix.example(), holder="russia")
    >>> m[["issue", "window_before", "window_after", "move"]].head(2)
                        issue window_before window_after  move
    0  freeze-line-of-contact       2025-08      2025-10   1.0
    1   negotiated-compromise       2025-08      2025-10   1.0
    """
    return moves_of(timeline(ds, freq, holder))


def moves_of(t: pd.DataFrame) -> pd.DataFrame:
    """:func:`moves` from a frame :func:`timeline` returned (to compute it once)."""
    # the timeline is sorted by window, so within a (holder, issue) the rows are in time
    # order; shift(-1) pairs each row with the next window of the same holder and issue
    key = t[["holder", "issue"]]
    nxt = t.groupby(["holder", "issue"], sort=False).shift(-1)
    has_next = nxt["window"].notna().to_numpy()
    before, after = t[has_next], nxt[has_next]
    delta = after["stance"].to_numpy(np.float64) - before["stance"].to_numpy(np.float64)
    moved = np.abs(delta) > 1e-12
    before, after, delta = before[moved], after[moved], delta[moved]
    out = pd.DataFrame(
        {
            "holder": key.loc[before.index, "holder"].to_numpy(object),
            "holder_name": before["holder_name"].to_numpy(object),
            "issue": key.loc[before.index, "issue"].to_numpy(object),
            "window_before": before["window"].to_numpy(object),
            "window_after": after["window"].to_numpy(object),
            "stance_before": before["stance"].to_numpy(np.float64),
            "stance_after": after["stance"].to_numpy(np.float64),
            "move": delta,
            "sources_before": before["sources"].to_numpy(object),
            "sources_after": after["sources"].to_numpy(object),
            "quotes_before": before["quotes"].to_numpy(object),
            "quotes_after": after["quotes"].to_numpy(object),
        },
        columns=list(MOVE_COLUMNS),
    )
    # timeline order is window, holder, issue: a stable sort on -|move| keeps it for ties
    order = np.argsort(-np.abs(delta), kind="stable")
    result: pd.DataFrame = out.iloc[order].reset_index(drop=True)
    result.attrs["unplaced"] = t.attrs["unplaced"]
    return result
