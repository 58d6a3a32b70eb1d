"""Quotes on demand: the evidence of the cells a report shows, fetched from the table.

An :class:`~posmatrix.engines.Aggregate` holds numbers only; its codings' quotes stay
in the table where they live (a Parquet file, a DuckDB relation, a Polars frame, …).
:class:`Evidence` is bound to that table: given the (group, holder, issue) cells a
report shows, it asks the engine for those cells' evidence rows in ONE query and
returns their quotes and source ids, so quotes never enter memory for the whole table.

A cell's evidence is the quote of its first coding, in table order, among those that
count (where a source, holder and issue has adjudicated codings, only those): the rule
of :func:`posmatrix.gaps` on a loaded dataset. The aggregation already noted each
cell's row (:attr:`Aggregate.rows`), so the fetch is a filter on row numbers. Engines
that keep no row order (DuckDB relations, Dask, Spark, CSV paths) have no first coding:
:attr:`Evidence.available` is then False and :meth:`Evidence.quotes` refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from ..errors import UsageError
from .source import ROW

if TYPE_CHECKING:
    import pandas as pd

    from .core import Aggregate

__all__ = ["QUOTE_COLUMNS", "Evidence"]

QUOTE_COLUMNS: Final = ("group", "holder", "issue", "row", "source", "quote")
"""The columns of :meth:`Evidence.quotes`."""

Key = tuple[str, str, str]


class Evidence:
    """The evidence quotes of an :class:`~posmatrix.engines.Aggregate`'s cells, fetched
    from its table on demand.

    Attributes
    ----------
    queries : int
        How many queries the table has answered so far.
    fetched : int
        How many table rows those queries returned, in all.

    Examples
    --------
    >>> import pandas as pd
    >>> from posmatrix.engines import aggregate
    >>> table = pd.DataFrame({
    ...     "source": ["a", "a", "b"], "holder": "author", "issue": ["tax", "tax", "tax"],
    ...     "stance": [2, 1, -1], "coder": ["x", "y", "x"],
    ...     "adjudicated": [False, True, False],
    ...     "quote": ["Cut it.", "Cut it a little.", "Keep it."],
    ... })
    >>> ev = aggregate(table).evidence()
    >>> ev.quotes([("a", "author", "tax")])[["group", "source", "quote"]].values.tolist()
    [['a', 'a', 'Cut it a little.']]
    >>> ev.queries, ev.fetched
    (1, 1)
    """

    def __init__(self, agg: Aggregate) -> None:
        self._agg = agg
        self._lookup: dict[Key, int] | None = None
        self.queries = 0
        self.fetched = 0

    @property
    def available(self) -> bool:
        """Whether quotes can be fetched: the table is still at hand and keeps a row
        order (a Parquet path or an eager frame)."""
        rows = self._agg.rows
        return (
            self._agg.table is not None
            and rows is not None
            and bool(self._agg.table.rows)
            and not bool(np.any(np.asarray(rows) < 0))
        )

    def rows_of(self, keys: Iterable[Key]) -> list[int]:
        """The table row of each ``(group, holder, issue)`` cell's evidence coding."""
        if self._lookup is None:
            cells = self._agg.cells
            self._lookup = dict(
                zip(
                    zip(cells["group"], cells["holder"], cells["issue"], strict=True),
                    np.asarray(self._agg.rows, dtype=np.int64).tolist(),
                    strict=True,
                )
            )
        out = []
        for key in keys:
            key = (str(key[0]), str(key[1]), str(key[2]))
            if key not in self._lookup:
                raise UsageError(
                    f"no cell {key[0]!r}, holder {key[1]!r}, issue {key[2]!r} in the "
                    f"aggregate: it holds the (group, holder, issue) cells that were coded"
                )
            out.append(self._lookup[key])
        return out

    def quotes(self, keys: Iterable[Key]) -> pd.DataFrame:
        """The evidence of the given cells, fetched in one query.

        Parameters
        ----------
        keys : iterable of (group, holder, issue)
            The cells a report shows (``group`` is the source without ``by``).

        Returns
        -------
        pandas.DataFrame
            One row per key, in the given order (a repeated key repeats its row);
            columns :data:`QUOTE_COLUMNS`: ``group``, ``holder``, ``issue``, ``row``
            (the table row), ``source`` (the coding's source id) and ``quote`` (``""``
            where the table has no ``quote`` column or the cell is empty).

        Raises
        ------
        UsageError
            A key is not a cell of the aggregate, or the table keeps no row order.
        """
        import pandas as pd

        wanted = [(str(k[0]), str(k[1]), str(k[2])) for k in keys]
        if wanted and not self.available:
            raise UsageError(
                "quotes cannot be fetched: the table keeps no row order (a DuckDB "
                "relation, Dask, Spark or a CSV path), so no coding is first; aggregate "
                "a Parquet path or an eager frame (pandas, Polars, PyArrow) for quotes"
            )
        rows = self.rows_of(wanted)
        found = self.by_rows(sorted(set(rows)))
        source = [found[r][0] for r in rows]
        quote = [found[r][1] for r in rows]
        return pd.DataFrame(
            {
                "group": pd.Series([k[0] for k in wanted], dtype=object),
                "holder": pd.Series([k[1] for k in wanted], dtype=object),
                "issue": pd.Series([k[2] for k in wanted], dtype=object),
                "row": np.asarray(rows, dtype=np.int64),
                "source": pd.Series(source, dtype=object),
                "quote": pd.Series(quote, dtype=object),
            },
            columns=list(QUOTE_COLUMNS),
        )

    def by_rows(self, rows: list[int]) -> dict[int, tuple[str, str]]:
        """``row -> (source, quote)`` for the table rows ``rows`` (from :attr:`Aggregate.rows`):
        one query filtering on the row number, reading only the source and quote columns."""
        if not rows:
            return {}
        import narwhals as nw

        table = self._agg.table
        assert table is not None  # checked by available
        has_quote = "quote" in table.columns
        columns = [ROW, "source", *(["quote"] if has_quote else [])]
        got: Any = (
            table.frame.filter(nw.col(ROW).is_in(rows)).select(*columns).collect().to_pandas()
        )
        self.queries += 1
        self.fetched += len(got)
        quotes = got["quote"].tolist() if has_quote else [""] * len(got)
        return {
            int(r): (str(s), "" if q is None or q != q else str(q))
            for r, s, q in zip(got[ROW].tolist(), got["source"].tolist(), quotes, strict=True)
        }
