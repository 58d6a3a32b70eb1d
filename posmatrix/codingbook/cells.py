"""Cells of a coding workbook as the reader's scalar nodes (:mod:`posmatrix.format.nodes`),
typed as their column expects.

A node's place is its cell (sheet, row, column), so the YAML reader's walker
(:mod:`posmatrix.format.yamlwalk`) locates every problem as ``FILE:Sheet!D12``; no cell
is ``plain`` (that marks unquoted YAML scalars).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import Any, Final

import attrs

from ..errors import Problem
from ..format.checks import close, hint
from ..format.nodes import BOOL, FLOAT, INT, NULL, STR, Mapping, Node, Scalar
from ..format.yamlwalk import Walker
from ..xlsx import unescape_ooxml
from ..yamlsafe import show

__all__ = ["Book", "Cell", "rows_of", "typed"]

_INT_TEXT: Final = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_NUMBER_TEXT: Final = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_TRUE: Final = frozenset({"true", "yes", "1", "wahr", "vrai"})
_FALSE: Final = frozenset({"false", "no", "0", "falsch", "faux"})


@attrs.frozen
class Cell:
    row: int  # 1-based
    col: int  # 1-based
    value: Any
    formula: bool


def rows_of(ws: Any) -> Iterator[tuple[int, list[Cell]]]:
    """``(row number, cells)`` of every row with a value, cells in column order."""
    for cells in ws.iter_rows():
        out = []
        number = 0
        for cell in cells:
            value = getattr(cell, "value", None)
            if value is None:
                continue
            if isinstance(value, str) and not value.strip():
                continue
            number = cell.row
            out.append(Cell(cell.row, cell.column, value, cell.data_type == "f"))
        if out:
            yield number, out


class Book:
    """One pass over the workbook: cells to nodes, tables to node trees."""

    def __init__(self, w: Walker) -> None:
        self.w = w
        self.formulas: set[tuple[str, int, int]] = set()  # cells holding a formula
        self.meant: set[str] = set()  # column names a misspelt header was taken for

    def problem(self, sheet: str, row: int, col: int, message: str) -> None:
        self.w.problems.append(Problem(self.w.name, row, col, message, sheet))

    # -- cells ------------------------------------------------------------------------

    def node(self, sheet: str, cell: Cell | None, kind: str, row: int, col: int) -> Scalar:
        """A scalar node for a cell, typed as the column expects what it shows."""
        name = self.w.name
        if cell is None:
            return Scalar(NULL, "", name, row, col, sheet, plain=False)
        value = cell.value
        if cell.formula:
            self.formulas.add((sheet, row, col))
            self.problem(
                sheet,
                row,
                col,
                f"the cell holds a formula ({show(str(value))}); posmatrix reads typed "
                "values only: type the value itself",
            )
            return Scalar(NULL, "", name, row, col, sheet, plain=False)
        tag, text = typed(value, kind)
        return Scalar(tag, text, name, row, col, sheet, plain=False)

    # -- tables -------------------------------------------------------------------------

    def header(
        self, sheet: str, cells: list[Cell], columns: dict[str, str], what: str
    ) -> dict[int, str]:
        """Column number -> field name from a header row; reports unknown and repeated
        names, and missing required ones (those the walker needs: ``required``)."""
        out: dict[int, str] = {}
        seen: dict[str, int] = {}
        for cell in cells:
            name = str(cell.value).strip()
            key = name.casefold()
            if key in columns:
                if key in seen:
                    self.problem(
                        sheet,
                        cell.row,
                        cell.col,
                        f"column {show(name)} appears twice (first in column {seen[key]}); "
                        "keep one",
                    )
                    continue
                seen[key] = cell.col
                out[cell.col] = key
                continue
            meant = close(name, [c for c in columns if c not in seen])
            if meant is not None:
                self.meant.add(meant)  # not also "missing"
            self.problem(
                sheet,
                cell.row,
                cell.col,
                f"unknown column {show(name)}{hint(name, list(columns))}; {what} has "
                f"the columns {', '.join(columns)}",
            )
        return out

    def items(
        self,
        sheet: str,
        rows: list[tuple[int, list[Cell]]],
        head: dict[int, str],
        columns: dict[str, str],
        required: tuple[str, ...],
    ) -> list[tuple[int, Mapping]]:
        """One mapping node per row: the row's values by field name. An empty optional
        cell is left out (as an absent key); an empty required one is an empty value."""
        out: list[tuple[int, Mapping]] = []
        name = self.w.name
        for number, cells in rows:
            by_col = {c.col: c for c in cells if c.col in head}
            if not by_col:
                continue
            pairs: list[tuple[Node, Node]] = []
            for col, key in head.items():
                cell = by_col.get(col)
                if cell is None and key not in required:
                    continue
                pairs.append(
                    (
                        Scalar(STR, key, name, number, col, sheet, plain=False),
                        self.node(sheet, cell, columns[key], number, col),
                    )
                )
            out.append((number, Mapping(tuple(pairs), name, number, min(head), sheet)))
        return out


def typed(value: Any, kind: str) -> tuple[str, str]:
    """The YAML tag and text of a cell's value for a column of ``kind``."""
    if isinstance(value, bool):
        if kind in ("bool", "int", "number"):
            return BOOL, "true" if value else "false"
        return STR, "true" if value else "false"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            value = value.date()
        return STR, value.isoformat()
    if isinstance(value, (int, float)):
        number = value
        if isinstance(number, float) and not math.isfinite(number):
            return FLOAT, ".nan" if number != number else (".inf" if number > 0 else "-.inf")
        integral = isinstance(number, int) or float(number).is_integer()
        if kind == "int":
            return (INT, str(int(number))) if integral else (FLOAT, repr(number))
        if kind == "number":
            return (INT, str(int(number))) if integral else (FLOAT, repr(number))
        if kind == "bool" and number in (0, 1):
            return BOOL, "true" if number else "false"
        return STR, str(int(number)) if integral else repr(number)
    text = unescape_ooxml(str(value))
    if kind == "text":
        return (STR, text) if text.strip() else (NULL, "")
    text = text.strip()
    if not text:
        return NULL, ""
    if kind == "int" and _INT_TEXT.match(text):
        return INT, str(int(float(text))) if "." in text else str(int(text))
    if kind == "number" and _NUMBER_TEXT.match(text):
        return FLOAT, text
    if kind == "bool" and text.casefold() in _TRUE | _FALSE:
        return BOOL, "true" if text.casefold() in _TRUE else "false"
    if kind == "enum":
        return STR, text.casefold() if text.casefold() in ("high", "medium", "low") else text
    return STR, text
