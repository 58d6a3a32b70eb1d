"""``aggregate``: codings → voice × issue in the engine that holds them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from ..errors import DatasetError, UsageError
from ..groupkeys import BySpec, _is_window, parse_by
from ..matrix import HolderSpec
from ..model import AUTHOR, Scale

if TYPE_CHECKING:
    import pandas as pd

    from .evidence import Evidence
    from .source import Table

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
    rows : numpy.ndarray
        int64, parallel to ``cells``: the table row (0-based) of each cell's first
        coding that counts — the coding whose quote is the cell's evidence; −1 where
        the engine keeps no row order (DuckDB relations, Dask, Spark, CSV paths).
    table : Table or None
        The codings table, still in its engine: :meth:`evidence` fetches quotes from it.
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
    rows: Any = attrs.field(default=None, repr=False)
    table: Table | None = attrs.field(default=None, repr=False)

    def evidence(self) -> Evidence:
        """An :class:`~posmatrix.engines.evidence.Evidence` fetcher bound to the table:
        the quotes (and source ids) of the cells a report shows, in one query."""
        from .evidence import Evidence

        return Evidence(self)

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
    from .finish import finish
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
    hist = histogram(table, wanted if keys else ["source"], window)
    matrix, cells, groups, unplaced = finish(
        hist, keys, holder, stat, sc.midpoint, KEEP, table.rows
    )
    rows = cells["row"].to_numpy(dtype="int64")
    return Aggregate(
        by=keys,
        stat=stat,
        scale=sc,
        engine=table.engine,
        matrix=matrix,
        cells=cells.loc[:, list(CELL_COLUMNS)],
        groups=groups,
        unplaced=unplaced,
        counts=counts,
        rows=rows,
        table=table,
    )
