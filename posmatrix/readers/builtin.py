"""posmatrix's own formats as entries of the readers table, for ``--from`` on a file
whose suffix says otherwise (``--from csv`` on ``codings.txt``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import check_size

if TYPE_CHECKING:
    from ..model import Dataset, Scale

__all__ = ["read_codings_csv", "read_codings_parquet", "read_workbook"]


def read_codings_csv(
    name: str, *, max_bytes: int | None = None, scale: Scale | None = None
) -> Dataset:
    """A codings table in CSV, whatever the file's suffix (see :func:`posmatrix.from_frame`)."""
    from ..frame import _need, _relocated, from_frame
    from ..tableread import read_csv
    from ..yamlsafe import MAX_BYTES

    check_size(name, max_bytes)
    table = read_csv(name, MAX_BYTES if max_bytes is None else max_bytes, _need())
    if table.lines is None:
        return from_frame(table.frame, path=name, scale=scale)
    return _relocated(table.frame, name, table.lines, scale)


def read_codings_parquet(
    name: str, *, max_bytes: int | None = None, scale: Scale | None = None
) -> Dataset:
    """A codings table in Parquet, whatever the file's suffix."""
    from ..frame import from_frame, read_table

    check_size(name, max_bytes)
    return from_frame(read_table(name, max_bytes, parquet=True), path=name, scale=scale)


def read_workbook(name: str, *, max_bytes: int | None = None) -> Dataset:
    """The coding workbook (``posmatrix coding-sheet``), whatever the file's suffix."""
    from ..codingbook.reader import read_coding_workbook
    from ..loading import MAX_BYTES

    book: Dataset = read_coding_workbook(
        name, max_bytes=max_bytes if max_bytes is not None else MAX_BYTES
    )
    return book
