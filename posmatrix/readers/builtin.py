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
    from ..frame import _read_csv, from_frame

    check_size(name, max_bytes)
    return from_frame(_read_csv(name), path=name, scale=scale)


def read_codings_parquet(
    name: str, *, max_bytes: int | None = None, scale: Scale | None = None
) -> Dataset:
    """A codings table in Parquet, whatever the file's suffix."""
    from ..frame import _read_parquet, from_frame

    check_size(name, max_bytes)
    return from_frame(_read_parquet(name), path=name, scale=scale)


def read_workbook(name: str, *, max_bytes: int | None = None) -> Dataset:
    """The coding workbook (``posmatrix coding-sheet``), whatever the file's suffix."""
    from ..codingbook.reader import read_coding_workbook
    from ..loading import MAX_BYTES

    book: Dataset = read_coding_workbook(
        name, max_bytes=max_bytes if max_bytes is not None else MAX_BYTES
    )
    return book
