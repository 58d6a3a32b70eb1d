"""Aggregate codings where they live: pandas, Polars, PyArrow, DuckDB, Dask, PySpark.

:func:`aggregate` takes a codings table as a dataframe of any library narwhals
supports, or a ``.parquet``/``.csv`` path read by DuckDB out-of-core, and pushes the
validation counts and the aggregation (codings → voice × issue, ``by=`` groups and
time windows) into that engine, collecting only the voice × issue result. Needs the
``engines`` extra (``pip install 'posmatrix[engines]'``: narwhals, duckdb, polars);
Dask and Spark frames need their own packages.
"""

from __future__ import annotations

from .core import CELL_COLUMNS, Aggregate, aggregate

__all__ = ["CELL_COLUMNS", "Aggregate", "aggregate"]
