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


@attrs.frozen
class Location:
    """Where something stands in a file: 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@attrs.frozen
class Problem:
    """One problem found in a dataset, with where it is and what to do about it.

    ``str(problem)`` gives the compiler format editors jump to:
    ``FILE:LINE:COL: message``.
    """

    file: str
    line: int
    column: int
    message: str

    @classmethod
    def at(cls, where: Location | None, message: str, file: str = "<dataset>") -> Problem:
        """A problem at ``where``, or at line 1, column 1 of ``file`` when unknown."""
        if where is None:
            return cls(file, 1, 1, message)
        return cls(where.file, where.line, where.column, message)

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PosmatrixError(Exception):
    """Root of every error posmatrix raises on purpose."""


class DatasetError(PosmatrixError, ValueError):
    """A dataset is invalid. ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.file, p.line, p.column))
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
