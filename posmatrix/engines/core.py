"""``aggregate``: codings → voice × issue in the engine that holds them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from ..errors import DatasetError, UsageError
from ..groups import BySpec, _is_window, _labels, parse_by, windows_of
from ..matrix import HolderSpec, voice_label
from ..model import AUTHOR, Scale

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["CELL_COLUMNS", "Aggregate", "aggregate"]

Stat = Literal["median", "mean"]

CELL_COLUMNS: Final = (
    "voice",
    "group",
    "holder",
    "issue",
    "stance",
    "count",
    "min",
    "max",
    "range",
    "mean",
    "disagrees",
)
"""The columns of :attr:`Aggregate.cells`."""


@attrs.frozen(eq=False)
class Aggregate:
    """Codings aggregated into voices × issues by :func:`aggregate`.

    Attributes
    ----------
    by : tuple of str
        The normalised grouping keys (empty: one voice per source and holder).
    stat : {"median", "mean"}
        What ``stance`` holds.
    scale : Scale
        The scale the stances were checked against.
    engine : str
        The engine that aggregated (``duckdb``, ``polars``, ``pandas``, ``dask``, …).
    matrix : pandas.DataFrame
        Voices × issues, float64, NaN = not addressed: what
        :func:`posmatrix.stance_matrix` gives for the same codings (``stat="median"``).
    cells : pandas.DataFrame
        One row per voice and issue coded; columns :data:`CELL_COLUMNS`: ``voice``,
        ``group`` (the source, or the group's label with ``by``), ``holder``, ``issue``,
        ``stance`` (the ``stat``), ``count`` (int64), ``min``, ``max``, ``range``,
        ``mean`` (float64), ``disagrees`` (codings on both sides of the midpoint).
    groups : pandas.DataFrame
        Index ``group``; a column per key with its value (a window's label in
        ``window``), ``start`` and ``end`` (the window's days, NaT without one).
    unplaced : pandas.DataFrame
        Index ``reason`` (``undated``, ``no outlet``, ``month precision is too coarse
        for D windows``); column ``codings``: how many codings no group holds.
    counts : dict
        What the engine counted: ``rows``, ``missing_source``, ``missing_holder``,
        ``missing_issue``, ``missing_stance``, ``off_scale``, ``coded_twice``.
    """

    by: tuple[str, ...]
    stat: str
    scale: Scale
    engine: str
    matrix: pd.DataFrame
    cells: pd.DataFrame
    groups: pd.DataFrame
    unplaced: pd.DataFrame
    counts: dict[str, int]

    def note(self) -> str:
        """One sentence on the codings no group holds, ``""`` when none is left out."""
        if self.unplaced.empty:
            return ""
        total = int(self.unplaced["codings"].sum())
        reasons = "; ".join(f"{r} ({int(n)})" for r, n in self.unplaced["codings"].items())
        return f"{total} codings are in no group: {reasons}."


def aggregate(
    codings: object,
    *,
    by: BySpec = None,
    holder: HolderSpec = AUTHOR,
    stat: Stat = "median",
    scale: Scale | None = None,
    check: bool = True,
    memory_limit: str | None = "2GB",
) -> Aggregate:
    """Aggregate a codings table into voices × issues where the table lives.

    The validation counts and the aggregation run in the table's own engine; only
    the voice × issue result (and a few located problem rows) is collected.

    Parameters
    ----------
    codings : dataframe or path
        One row per coding with columns ``source``, ``holder``, ``issue``, ``stance``
        (numbers) and optionally ``adjudicated``, ``coder`` and the source fields that
        ``by`` names (``outlet``, ``published``, …); other columns (``quote``) are left
        in the table. Any dataframe narwhals supports — pandas, Polars, PyArrow, a
        DuckDB relation, Dask, PySpark — or a ``.parquet``/``.csv`` path, which DuckDB
        reads out-of-core.
    by : str or list of str, optional
        Source fields (columns of the table) and at most one time window of the
        ``published`` column, as in :func:`posmatrix.grouped`.
    holder : str, list of str, or None
        ``author`` (default), actor id(s), or None for every voice.
    stat : {"median", "mean"}
        The cell's stance: the median (as :func:`posmatrix.stance_matrix`) or the mean.
    scale : Scale, optional
        The stance scale; default −2..+2, refused when a stance lies outside it.
    check : bool, default True
        Count missing ids, stances off the scale and cells coded twice in the engine,
        and raise :class:`~posmatrix.DatasetError` listing the first rows of each.
    memory_limit : str or None, default "2GB"
        For a path: DuckDB's memory limit; it spills to disk beyond it.

    Returns
    -------
    Aggregate

    Notes
    -----
    The rule is that of :func:`posmatrix.stance_matrix` and :func:`posmatrix.grouped`:
    where a source, holder and issue has adjudicated codings, only those count; a
    group's cell is the median of its remaining codings. Voices, holders and issues
    come in order of first appearance where the engine keeps a row order (eager frames
    and Parquet paths) and sorted by id otherwise.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "source": ["a1", "a2", "b1"], "holder": "author", "issue": "tax",
    ...     "stance": [2, -1, 1], "outlet": ["A", "A", "B"],
    ... })
    >>> agg = aggregate(table, by="outlet")
    >>> agg.matrix
    issue  tax
    voice
    A      0.5
    B      1.0
    >>> agg.cells[["voice", "count", "min", "max", "disagrees"]].to_dict("records")[0]
    {'voice': 'A', 'count': 2, 'min': -1.0, 'max': 2.0, 'disagrees': True}
    """
    from .checks import check_table
    from .histogram import KEEP, histogram
    from .source import open_table

    if stat not in ("median", "mean"):
        raise UsageError(f"stat must be 'median' or 'mean', got {stat!r}")
    if scale is not None and not isinstance(scale, Scale):
        raise UsageError(f"scale must be a posmatrix.Scale or None, got {type(scale).__name__}")
    keys = parse_by(by) if by is not None else ()
    table = open_table(codings, memory_limit=memory_limit)
    fields = [k for k in keys if not _is_window(k)]
    window = next((k for k in keys if _is_window(k)), None)
    wanted = [*fields, *(["published"] if window else [])]
    missing = [c for c in wanted if c not in table.columns]
    if missing:
        raise UsageError(
            f"by {','.join(keys)} needs the column(s) {', '.join(missing)} in the codings "
            f"table; it has {', '.join(table.columns)}"
        )
    counts: dict[str, int] = {}
    sc = scale if scale is not None else Scale()
    if check:
        sc, counts, problems = check_table(table, scale)
        if problems:
            raise DatasetError(problems)
    hist = histogram(table, wanted if keys else ["source"])
    return _finish(hist, keys, holder, stat, sc, table.engine, table.rows, counts, KEEP)


def _order(values: pd.Series, first: pd.Series | None) -> list[Any]:
    """Distinct ``values`` by first row, or sorted when there is no row order."""
    import pandas as pd

    if first is None:
        return sorted(pd.unique(values), key=str)
    return list(first.groupby(values, sort=False).min().sort_values(kind="stable").index)


def _text(series: pd.Series) -> pd.Series:
    import pandas as pd

    values = [None if pd.isna(v) else str(v) for v in series.tolist()]
    return pd.Series(values, index=series.index, dtype=object)


def _finish(
    hist: pd.DataFrame,
    keys: tuple[str, ...],
    holder: HolderSpec,
    stat: str,
    scale: Scale,
    engine: str,
    rows: bool,
    counts: dict[str, int],
    keep: str,
) -> Aggregate:
    import numpy as np
    import pandas as pd

    for c in ("holder", "issue", *(("source",) if not keys else ())):
        hist[c] = _text(hist[c])
    first = hist["first"] if rows else None
    issues = _order(hist["issue"], first)
    actors = [h for h in _order(hist["holder"], first) if h != AUTHOR]
    holders = _holders([AUTHOR, *actors], holder)
    label, reason, groups = _group_labels(hist, keys, first)
    hist = hist.assign(group=label, reason=reason)
    kept = hist[hist[keep].astype(bool)]
    left = kept[kept["group"].isna()]
    unplaced = (
        left.groupby("reason", sort=False)["n"].sum().rename("codings").astype(np.int64).to_frame()
    )
    used = kept[kept["group"].notna() & kept["holder"].isin(holders)]
    g_rank = {g: i for i, g in enumerate(groups.index)}
    h_rank = {h: i for i, h in enumerate(holders)}
    i_rank = {s: i for i, s in enumerate(issues)}
    table = pd.DataFrame(
        {
            "g": used["group"].map(g_rank).to_numpy(np.int64),
            "h": used["holder"].map(h_rank).to_numpy(np.int64),
            "i": used["issue"].map(i_rank).to_numpy(np.int64),
            "v": used["stance"].to_numpy(np.float64),
            "n": used["n"].to_numpy(np.int64),
        }
    )
    table = table.groupby(["g", "h", "i", "v"], sort=True)["n"].sum().reset_index()
    cells = _cells(table, scale.midpoint, stat)
    group_ids = list(groups.index)
    cells.insert(
        0,
        "voice",
        [
            voice_label(group_ids[g], holders[h])
            for g, h in cells[["g", "h"]].itertuples(index=False)
        ],
    )
    cells.insert(1, "group", pd.Series([group_ids[g] for g in cells["g"]], dtype=object))
    cells.insert(2, "holder", pd.Series([holders[h] for h in cells["h"]], dtype=object))
    cells.insert(3, "issue", pd.Series([issues[i] for i in cells["i"]], dtype=object))
    voices = cells.drop_duplicates(["g", "h"])["voice"].tolist()
    row = cells.groupby(["g", "h"], sort=True).ngroup().to_numpy()
    matrix = np.full((len(voices), len(issues)), np.nan)
    matrix[row, cells["i"].to_numpy()] = cells["stance"].to_numpy(np.float64)
    frame = pd.DataFrame(
        matrix,
        index=pd.Index(voices, name="voice", dtype=object),
        columns=pd.Index(issues, name="issue", dtype=object),
    )
    return Aggregate(
        by=keys,
        stat=stat,
        scale=scale,
        engine=engine,
        matrix=frame,
        cells=cells.loc[:, list(CELL_COLUMNS)].reset_index(drop=True),
        groups=groups,
        unplaced=unplaced,
        counts=counts,
    )


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


def _cells(table: pd.DataFrame, mid: float, stat: str) -> pd.DataFrame:
    """Per (g, h, i) cell from its stance histogram (sorted by cell, then stance):
    exact median (the mean of the two middle codings when their count is even), mean,
    count, min, max."""
    import numpy as np
    import pandas as pd

    cell = table.groupby(["g", "h", "i"], sort=True).ngroup().to_numpy()
    n = table["n"].to_numpy(np.int64)
    v = table["v"].to_numpy(np.float64)
    starts = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]]) if len(cell) else np.zeros(0, int)
    cum = np.cumsum(n)
    before = np.r_[0, cum][starts]  # codings in earlier cells
    count = np.add.reduceat(n, starts) if len(n) else np.zeros(0, np.int64)
    lo_at = np.searchsorted(cum, before + (count - 1) // 2, side="right")
    hi_at = np.searchsorted(cum, before + count // 2, side="right")
    median = (v[lo_at] + v[hi_at]) / 2
    mean = (np.add.reduceat(v * n, starts) if len(n) else np.zeros(0)) / np.maximum(count, 1)
    last = np.r_[starts[1:], len(v)] - 1 if len(v) else np.zeros(0, int)
    lo, hi = v[starts], v[last]
    out = pd.DataFrame(
        {
            "g": table["g"].to_numpy()[starts],
            "h": table["h"].to_numpy()[starts],
            "i": table["i"].to_numpy()[starts],
            "stance": median if stat == "median" else mean,
            "count": count.astype(np.int64),
            "min": lo,
            "max": hi,
            "range": hi - lo,
            "mean": mean,
            "disagrees": (hi > mid) & (lo < mid),
        }
    )
    return out


def _group_labels(
    hist: pd.DataFrame, keys: tuple[str, ...], first: pd.Series | None
) -> tuple[list[str | None], list[str], pd.DataFrame]:
    """Each histogram row's group label (None when left out) and why it is left out,
    and the groups frame in group order: as :func:`posmatrix.grouped` orders and
    labels them (fields by first appearance, windows by start)."""
    import numpy as np
    import pandas as pd

    n = len(hist)
    if not keys:
        order = _order(hist["source"], first)
        groups = pd.DataFrame(
            {"start": pd.Series(pd.NaT, index=range(len(order)), dtype="datetime64[ns]")}
        )
        groups["end"] = groups["start"]
        groups.index = pd.Index(order, name="group", dtype=object)
        return hist["source"].tolist(), [""] * n, groups
    columns: dict[str, list[Any]] = {}
    ranks: list[np.ndarray] = []
    reason = [""] * n
    start = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
    end = start.copy()
    for key in keys:
        if _is_window(key):
            published = _text(hist["published"])
            dates = list(dict.fromkeys(published))
            w = windows_of(dates, key, [str(i) for i in range(len(dates))])
            at = pd.Index(dates, dtype=object).get_indexer(published.tolist())
            values = w["window"].to_numpy(dtype=object)[at].tolist()
            start = pd.Series(w["start"].to_numpy()[at])
            end = pd.Series(w["end"].to_numpy()[at])
            ranks.append(start.to_numpy())
            why = w["reason"].to_numpy(dtype=object)[at].tolist()
        else:
            raw = _text(hist[key])
            values = [v if v is not None and v.strip() else None for v in raw]
            have = pd.Series(values, index=hist.index, dtype=object).dropna()
            seen = _order(have, None if first is None else first.loc[have.index])
            rank = {v: i for i, v in enumerate(seen)}
            ranks.append(np.array([rank.get(v, len(rank)) for v in values]))
            why = ["" if v is not None else f"no {key}" for v in values]
        columns[key] = values
        reason = [r or w_ for r, w_ in zip(reason, why, strict=True)]
    placed = np.array([not r for r in reason], dtype=bool)
    tuples = list(zip(*columns.values(), strict=True))
    if first is not None:
        by_first = np.argsort(first.to_numpy(), kind="stable")
    else:  # no row order: alike labels are told apart (~2) in sorted order
        by_first = np.argsort(np.array([repr(t) for t in tuples], dtype=object), kind="stable")
    named = _labels([tuples[i] for i in by_first], keys, placed[by_first])
    labels: list[str | None] = [None] * n
    for i, lab in zip(by_first, named, strict=True):
        labels[i] = lab
    order = np.lexsort(list(reversed(ranks))) if n else np.zeros(0, dtype=np.int64)
    group_ids = list(dict.fromkeys(labels[i] for i in order if placed[i]))
    first_of = {lab: i for i, lab in reversed(list(enumerate(labels))) if lab is not None}
    groups = pd.DataFrame(
        {
            **{
                ("window" if _is_window(k) else k): [columns[k][first_of[g]] for g in group_ids]
                for k in keys
            },
            "start": pd.Series(
                [start.iloc[first_of[g]] for g in group_ids], dtype="datetime64[ns]"
            ),
            "end": pd.Series([end.iloc[first_of[g]] for g in group_ids], dtype="datetime64[ns]"),
        }
    ).set_axis(pd.Index(group_ids, name="group", dtype=object))
    return labels, [r if not ok else "" for r, ok in zip(reason, placed, strict=True)], groups
