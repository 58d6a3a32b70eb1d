"""The one aggregation the engine runs: codings counted per cell and stance value.

Stances are integers on a small scale, so a cell's codings are fully described by how
many of them take each stance value. The engine groups the table by the grouping
columns, holder, issue, stance and whether the coding survives adjudication, and
counts; posmatrix collects that histogram (at most cells × scale points rows) and
derives the exact median, mean, count, minimum and maximum from it. No engine's
median (approximate in some) is relied on, so every engine gives the same numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .source import ROW, Table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KEEP", "histogram"]

KEEP: Final = "__posmatrix_keep"
"""False for a coding set aside by adjudication (another coding of its source, holder
and issue is adjudicated); kept in the histogram only to order ids by first row."""

_CELL: Final = ("source", "holder", "issue")


def histogram(table: Table, columns: list[str], window: str | None = None) -> pd.DataFrame:
    """Counts ``n`` per ``columns``, holder, issue, stance and :data:`KEEP`, with the
    first row ``first`` of each (when the table has a row order), as pandas.

    With a ``window`` (``Y``, ``Q``, ``M``; see :func:`posmatrix.groups.parse_by`) the
    ``published`` column is first cut to the part that decides the window (the year,
    or the year and month): ``2025-03-04`` and ``2025-03`` fall in the same month
    window, so one histogram row holds both and the histogram stays small."""
    import narwhals as nw

    lf = table.frame
    cut = {"Y": 4, "Q": 7, "M": 7}.get(window or "")
    if cut is not None and "published" in columns:
        text = nw.col("published").cast(nw.String)
        shorter = nw.when(text.str.len_chars() > cut).then(text.str.slice(0, cut))
        lf = lf.with_columns(shorter.otherwise(text).alias("published"))
    if "adjudicated" in table.columns:
        lf = lf.with_columns(_adjudicated(lf.collect_schema()["adjudicated"]).alias("__adj"))
        marked = (
            lf.filter(nw.col("__adj"))
            .select(*_CELL)
            .unique()
            .with_columns(nw.lit(True).alias("__cell_adj"))
        )
        lf = lf.join(marked, on=list(_CELL), how="left").with_columns(
            (nw.col("__adj") | nw.col("__cell_adj").is_null()).alias(KEEP)
        )
    else:
        lf = lf.with_columns(nw.lit(True).alias(KEEP))
    keys = list(dict.fromkeys([*columns, "holder", "issue", "stance", KEEP]))
    aggs: list[Any] = [nw.len().alias("n")]
    if table.rows:
        aggs.append(nw.col(ROW).min().alias("first"))
    out: pd.DataFrame = lf.group_by(keys).agg(*aggs).collect().to_pandas()
    return out


def _adjudicated(dtype: Any) -> Any:
    """``adjudicated`` read as in :func:`posmatrix.from_frame`: bool, or text
    ``true``/``yes``/``1``, or the number 1; empty means false."""
    import narwhals as nw

    col = nw.col("adjudicated")
    if dtype == nw.Boolean:
        return col.fill_null(value=False)
    if dtype.is_numeric():
        return (col == 1).fill_null(value=False)
    text = col.cast(nw.String).str.strip_chars().str.to_lowercase()
    return text.is_in(["true", "yes", "1"]).fill_null(value=False)
