"""Open a codings table where it lives: a narwhals frame or a Parquet/CSV path.

A path is opened by DuckDB (embedded, out-of-core: it streams the file and spills to
disk past ``memory_limit``); a dataframe of any library narwhals supports (pandas,
Polars, PyArrow, DuckDB relations, Dask, PySpark, …) is wrapped as it is and stays in
its engine. Eager frames get a row number, so problems are located at their row and
voices keep the table's order of first appearance; lazy frames of engines with no row
order (DuckDB relations, Dask, Spark) are ordered by id instead.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any, Final

import attrs

from ..errors import DatasetError, Problem, UsageError

__all__ = ["ROW", "Table", "open_table", "to_pandas"]

ROW: Final = "__posmatrix_row"
"""The 0-based row number column added where the engine has a row order."""

REQUIRED: Final = ("source", "holder", "issue", "stance")


@attrs.frozen
class Table:
    """A codings table in its engine.

    Attributes
    ----------
    frame : narwhals.LazyFrame
        The table, lazily: nothing is computed until a result is collected.
    file : str
        The name problems are located in (the path, or ``<codings>``).
    rows : bool
        Whether ``frame`` has the row-number column :data:`ROW`.
    columns : tuple of str
        The table's columns (without :data:`ROW`).
    engine : str
        ``duckdb``, ``polars``, ``pandas``, ``pyarrow``, ``dask``, ``pyspark``, …
    """

    frame: Any
    file: str
    rows: bool
    columns: tuple[str, ...]
    engine: str


def open_table(data: object, *, memory_limit: str | None = "2GB") -> Table:
    """``data`` as a :class:`Table`: a ``.parquet`` or ``.csv`` path is read by DuckDB
    (with ``memory_limit``, spilling to a temporary directory beyond it), any
    narwhals-supported dataframe stays in its engine."""
    import narwhals as nw

    if isinstance(data, (str, os.PathLike)):
        return _open_path(os.fspath(data), memory_limit)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # narwhals on Dask moves to a plugin
        try:
            frame = nw.from_native(data)  # type: ignore[call-overload]
        except TypeError:
            raise UsageError(
                "codings must be a dataframe (pandas, Polars, PyArrow, DuckDB, Dask, "
                f"PySpark, …) or a .parquet/.csv path, got {type(data).__name__}"
            ) from None
    engine = nw.get_native_namespace(frame).__name__.split(".")[0]
    columns = tuple(str(c) for c in frame.columns)
    _need(columns, "<codings>")
    if isinstance(frame, nw.DataFrame):
        return Table(frame.with_row_index(ROW).lazy(), "<codings>", True, columns, engine)
    return Table(frame, "<codings>", False, columns, engine)


def _open_path(name: str, memory_limit: str | None) -> Table:
    import duckdb
    import narwhals as nw

    suffix = Path(name).suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise UsageError(f"a codings table must be a .parquet or .csv file, got {name!r}")
    if not Path(name).is_file():
        raise UsageError(f"cannot read {name!r}: no such file")
    con = duckdb.connect()
    if memory_limit is not None:
        con.execute(f"SET memory_limit = '{_limit(memory_limit)}'")
    con.execute("SET preserve_insertion_order = false")  # lets DuckDB spill a big GROUP BY
    try:
        if suffix == ".parquet":
            rel = con.read_parquet(name, file_row_number=True)
            columns = tuple(c for c in rel.columns if c != "file_row_number")
            rel = rel.project(
                ", ".join([*(_quoted(c) for c in columns), f"file_row_number AS {ROW}"])
            )
        else:
            rel = con.read_csv(name, header=True, all_varchar=False)
            columns = tuple(rel.columns)
    except duckdb.Error as exc:
        raise UsageError(f"cannot read {name!r}: {exc}") from None
    _need(columns, name)
    frame = nw.from_native(rel)
    return Table(frame, name, suffix == ".parquet", columns, "duckdb")


def _limit(value: str) -> str:
    text = value.strip()
    if not text.replace(".", "").rstrip("KMGTBkmgtib").isdigit() or "'" in text:
        raise UsageError(f"memory_limit must read like '2GB', got {value!r}")
    return text


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _need(columns: tuple[str, ...], file: str) -> None:
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        message = (
            f"the codings table lacks the column(s) {', '.join(missing)}; "
            f"it has {', '.join(columns) or 'none'}"
        )
        raise DatasetError([Problem(file, 1, 1, message)])


def to_pandas(data: object) -> object:
    """``data`` as a pandas DataFrame when it is another library's dataframe that
    narwhals knows (a lazy one is computed), else ``data`` unchanged: the hook that
    lets :func:`posmatrix.from_frame` take Polars, PyArrow, DuckDB, Dask or Spark
    frames. Without narwhals installed nothing is converted."""
    try:
        import narwhals as nw
    except ImportError:
        return data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        frame: Any = nw.from_native(data, pass_through=True)
    if frame is data:
        return data
    if isinstance(frame, nw.LazyFrame):
        frame = frame.collect()
    return frame.to_pandas()
