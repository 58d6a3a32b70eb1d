"""The time window each source falls in, by its ``published`` date and that date's
precision (see ``docs/methods.md``, "Groups of sources as voices").
:mod:`posmatrix.groups` re-exports these names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from .errors import UsageError
from .groupkeys import _is_window, parse_by
from .model import Dataset

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["source_windows", "windows_of"]

_DATE: Final = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PRECISION: Final = {1: "year", 2: "month", 3: "day"}


def source_windows(ds: Dataset, freq: str = "M") -> pd.DataFrame:
    """The time window each source falls in, by its ``published`` date and precision.

    A date stands for the whole period its precision gives (``2025-08`` is 1–31 August
    2025); the source falls in a window only when that whole period lies inside it. So
    a month-precision date falls in its month, quarter and year windows, but in no day
    or week window; a year-precision date only in a year window.

    Returns
    -------
    pandas.DataFrame
        Index ``source`` (file order). Columns: ``published`` (str or None),
        ``precision`` (``year``, ``month``, ``day`` or None), ``window`` (label, or None
        when the source is undated or its date is too coarse), ``start``, ``end``
        (Timestamps: the window's first and last day; NaT without a window), ``reason``
        (``""``, ``undated``, or ``month precision is too coarse for M windows``).

    Examples
    --------
    >>> import posmatrix
    >>> w = source_windows(posmatrix.example(), "M")
    >>> sorted(set(w["window"]))
    ['2025-07', '2025-08', '2025-10']
    >>> source_windows(posmatrix.example(), "D")["reason"].iloc[0]
    'month precision is too coarse for D windows'
    """
    key = parse_by(freq)
    if len(key) != 1 or not _is_window(key[0]):
        raise UsageError(f"freq must be a time window such as M, Q, Y, W, D or 30D; got {freq!r}")
    ids = list(ds.sources)
    return windows_of([ds.sources[s].published for s in ids], key[0], ids)


def windows_of(published: Sequence[str | None], unit: str, ids: Sequence[str]) -> pd.DataFrame:
    """:func:`source_windows` of ``published`` dates (one per id of ``ids``) for a
    normalised window ``unit`` (see :func:`parse_by`); the engines call it on the
    distinct dates of a table, so both paths place a date in the same window."""
    import numpy as np
    import pandas as pd

    published = list(published)
    starts: list[Any] = []
    ends: list[Any] = []
    precision: list[str | None] = []
    for value in published:
        m = _DATE.match(value) if value else None
        if m is None:
            starts.append(pd.NaT)
            ends.append(pd.NaT)
            precision.append(None)
            continue
        parts = [int(p) for p in m.groups() if p is not None]
        precision.append(_PRECISION[len(parts)])
        year, month, day = [*parts, 1, 1][:3]
        start = pd.Timestamp(year=year, month=month, day=day)
        if len(parts) == 1:
            end = pd.Timestamp(year=year, month=12, day=31)
        elif len(parts) == 2:
            end = start + pd.offsets.MonthEnd(0)
        else:
            end = start
        starts.append(start)
        ends.append(end)
    s_idx, e_idx = pd.DatetimeIndex(starts), pd.DatetimeIndex(ends)
    if unit in ("Y", "Q", "M", "W", "D"):
        p_s, p_e = s_idx.to_period(unit), e_idx.to_period(unit)
        fits = np.asarray(p_s == p_e) & ~np.asarray(s_idx.isna())
        w_start = p_s.start_time.normalize()
        w_end = p_s.end_time.normalize()
        labels = [
            _window_label(unit, p, a, b) if ok else None
            for p, a, b, ok in zip(p_s, w_start, w_end, fits, strict=True)
        ]
    else:
        days = int(unit[:-1])
        anchor = s_idx.min()
        i_s = np.asarray((s_idx - anchor).days // days)
        i_e = np.asarray((e_idx - anchor).days // days)
        fits = ~np.asarray(s_idx.isna()) & (i_s == i_e)
        w_start = pd.DatetimeIndex(
            [
                anchor + pd.Timedelta(days=int(i) * days) if ok else pd.NaT
                for i, ok in zip(i_s, fits, strict=True)
            ]
        )
        w_end = w_start + pd.Timedelta(days=days - 1)
        labels = [
            f"{a:%Y-%m-%d}..{b:%Y-%m-%d}" if ok else None
            for a, b, ok in zip(w_start, w_end, fits, strict=True)
        ]
    reason = [
        ""
        if ok
        else ("undated" if p is None else f"{p} precision is too coarse for {unit} windows")
        for ok, p in zip(fits, precision, strict=True)
    ]
    out: pd.DataFrame = pd.DataFrame(
        {
            "published": pd.Series(published, dtype=object),
            "precision": pd.Series(precision, dtype=object),
            "window": pd.Series(labels, dtype=object),
            "start": pd.DatetimeIndex(w_start).where(fits),
            "end": pd.DatetimeIndex(w_end).where(fits),
            "reason": pd.Series(reason, dtype=object),
        }
    ).set_axis(pd.Index(ids, name="source", dtype=object))
    return out


def _window_label(unit: str, period: Any, start: Any, end: Any) -> str:
    if unit == "W":
        return f"{start:%Y-%m-%d}..{end:%Y-%m-%d}"
    return str(period)
