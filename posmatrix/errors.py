"""Exceptions raised by posmatrix.

One root, :class:`PosmatrixError`; each subclass also inherits the built-in
exception a caller would naturally catch (the tablib pattern), so
``except ValueError`` keeps working in code that knows nothing of posmatrix.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "DatasetError",
    "LimitError",
    "Location",
    "OutputError",
    "PosmatrixError",
    "Problem",
    "UsageError",
]


def cell_name(row: int, column: int) -> str:
    """A spreadsheet cell's name from its 1-based row and column: ``cell_name(12, 4)``
    is ``'D12'`` (no openpyxl import: ``posmatrix validate`` stays light).

    >>> cell_name(12, 4), cell_name(1, 27), cell_name(3, 702), cell_name(3, 703)
    ('D12', 'AA1', 'ZZ3', 'AAA3')
    """
    letters = ""
    n = column
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


@attrs.frozen
class Location:
    """Where something stands in a file: 1-based line and column; in a workbook
    (``sheet`` given), the row and column of a cell, shown as ``FILE:Sheet!D12``."""

    file: str
    line: int
    column: int
    sheet: str | None = attrs.field(default=None, repr=False)  # str() shows it

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}:{self.sheet}!{cell_name(self.line, self.column)}"
        return f"{self.file}:{self.line}:{self.column}"


@attrs.frozen
class Problem:
    """One problem found in a dataset, with where it is and what to do about it.

    ``str(problem)`` gives the compiler format editors jump to:
    ``FILE:LINE:COL: message``; a problem in a workbook (``sheet`` given) reads
    ``FILE:Sheet!D12: message``, ``line`` and ``column`` being the cell's row and column.

    >>> str(Problem("coding.xlsx", 12, 4, "stance: expected an integer", sheet="Codings"))
    'coding.xlsx:Codings!D12: stance: expected an integer'
    """

    file: str
    line: int
    column: int
    message: str
    sheet: str | None = None

    @classmethod
    def at(cls, where: Location | None, message: str, file: str = "<dataset>") -> Problem:
        """A problem at ``where``, or at line 1, column 1 of ``file`` when unknown."""
        if where is None:
            return cls(file, 1, 1, message)
        return cls(where.file, where.line, where.column, message, where.sheet)

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column, self.sheet)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class PosmatrixError(Exception):
    """Root of every error posmatrix raises on purpose."""


class DatasetError(PosmatrixError, ValueError):
    """A dataset is invalid. ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.file, p.sheet or "", p.line, p.column))
        )
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in dataset"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


class UsageError(PosmatrixError, ValueError):
    """A function or command was called with arguments it cannot use."""


class OutputError(PosmatrixError, OSError):
    """An output file could not be written; any previous file at the path is intact."""


class LimitError(PosmatrixError, MemoryError):
    """An input or a computation is larger than a resource limit allows; the message
    names the size, the limit and how to get under it."""
