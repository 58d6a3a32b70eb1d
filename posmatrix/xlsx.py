"""Safe, deterministic .xlsx writing on top of openpyxl's write-only mode.

Everything posmatrix puts in a workbook goes through :class:`BookWriter` and
:class:`SheetWriter`, which guarantee that

- **text stays text**: every string is written as a string cell (``data_type
  "s"``), so a quote or title starting with ``=``, ``+``, ``-`` or ``@`` never
  becomes a formula; such cells also carry Excel's *quote prefix*, so editing
  them in a spreadsheet application keeps them text;
- **no character breaks the file**: control characters, U+FFFE, U+FFFF and
  lone surrogates (which openpyxl rejects or saves into a file that no longer
  opens) are removed, with a :class:`CellWarning` naming the cell;
- **text shows as written**: a literal ``_xHHHH_``, which Excel would show as the
  character U+HHHH, is stored escaped (:func:`escape_ooxml`);
- **limits are enforced, not silent**: text longer than Excel's 32,767
  characters is cut with a visible marker and a warning; sheet titles are made
  valid (at most 31 characters, none of ``[ ] : * ? / \\``) and unique; rows and
  columns beyond Excel's 1,048,576 × 16,384 raise :class:`~posmatrix.errors.OutputError`;
- **the bytes are reproducible**: the same content gives the same file,
  because the zip is rewritten with fixed entry times and fixed document
  timestamps (``SOURCE_DATE_EPOCH`` is honoured when set);
- **the file appears atomically** (:mod:`posmatrix.atomic`).

Write-only mode streams rows, so a sheet's widths, frozen panes and print
titles are fixed when it is created (:meth:`BookWriter.add_sheet`).

>>> book = BookWriter(title="Demo")
>>> sheet = book.add_sheet("Quotes", widths=[12, 40], freeze="A2")
>>> _ = sheet.append([Styled("id", font=BOLD), Styled("quote", font=BOLD)])
>>> _ = sheet.append(["q1", "=HYPERLINK(\\"http://evil\\")"])
>>> import io, openpyxl
>>> ws = openpyxl.load_workbook(io.BytesIO(book.to_bytes()))["Quotes"]
>>> ws["B2"].value, ws["B2"].data_type
('=HYPERLINK("http://evil")', 's')
"""

from __future__ import annotations

import copy
import dataclasses
import io
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.comments import Comment
from openpyxl.formatting.rule import ColorScaleRule, Rule
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from .atomic import PathLike, atomic_write
from .errors import OutputError
from .xlsxfit import _LINE_PT, _comment_size, row_height
from .xlsxprint import PORTRAIT_WIDTH, PRINT_WIDTH, print_setup
from .xlsxstyle import BOLD, FONT_NAME, HEADER_BORDER, HEADER_FILL, WRAP, Styled, font
from .xlsxtext import (
    _ILLEGAL,
    _SPECIAL,
    MAX_CELL_CHARS,
    MAX_SHEET_TITLE,
    CellWarning,
    clean_text,
    escape_ooxml,
    internal_link,
    sheet_title,
    unescape_ooxml,
)
from .xlsxzip import normalize_xlsx

__all__ = [
    "BOLD",
    "FONT_NAME",
    "HEADER_BORDER",
    "HEADER_FILL",
    "MAX_CELL_CHARS",
    "MAX_COLS",
    "MAX_ROWS",
    "MAX_SHEET_TITLE",
    "PORTRAIT_WIDTH",
    "PRINT_WIDTH",
    "WRAP",
    "BookWriter",
    "CellWarning",
    "SheetWriter",
    "Styled",
    "clean_text",
    "escape_ooxml",
    "font",
    "internal_link",
    "normalize_xlsx",
    "sheet_title",
    "unescape_ooxml",
]

MAX_ROWS: Final = 1_048_576
"""The most rows an Excel sheet holds."""
MAX_COLS: Final = 16_384
"""The most columns an Excel sheet holds."""

# Leading characters spreadsheet applications read as the start of a formula.
_RISKY = ("=", "+", "-", "@", "\t", "\r")
_SAFE_URL = re.compile(r"^https?://[^\s\"<>]+$", re.IGNORECASE)
_DEFAULT_WIDTH: Final = 8.43


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return not math.isfinite(float(value))
    try:
        import pandas as pd

        return bool(value is pd.NA or value is pd.NaT)
    except ImportError:  # pragma: no cover
        return False


class SheetWriter:
    """One worksheet being streamed; create it with :meth:`BookWriter.add_sheet`.

    Attributes
    ----------
    title : str
        The sheet's (valid, unique) title.
    rows : int
        Rows written so far.
    """

    def __init__(
        self,
        book: BookWriter,
        ws: Any,
        title: str,
        widths: Sequence[float] = (),
        align: Alignment | None = None,
    ) -> None:
        self._book = book
        self._ws = ws
        self.title = title
        self.rows = 0
        self._cols = 0
        self._widths = [float(w) for w in widths]
        self._align = align

    @property
    def columns(self) -> int:
        """The most cells written in one row so far."""
        return self._cols

    @property
    def worksheet(self) -> Any:
        """The underlying openpyxl write-only worksheet."""
        return self._ws

    def _checked_text(self, text: str, row: int, col: int) -> str:
        """``text`` cleaned, cut and OOXML-escaped so that it is stored as written."""
        where = f"{self.title}!{get_column_letter(col)}{row}"
        if len(text) > MAX_CELL_CHARS or _ILLEGAL.search(text) is not None:
            text = clean_text(text, where=where)
        escaped = escape_ooxml(text)
        if len(escaped) > MAX_CELL_CHARS:
            # the escapes lengthened it: cut the text so its escaped form fits
            # (openpyxl would cut the escaped form silently)
            text = clean_text(text, where=where, limit=MAX_CELL_CHARS - (len(escaped) - len(text)))
            escaped = escape_ooxml(text)
        return escaped

    def _copy(self, template: Any) -> Any:
        cell = copy.copy(template)
        cell.parent = self._ws  # the template may come from another sheet
        return cell

    def _text_cell(self, text: str, row: int, col: int, template: Any = None) -> Any:
        text = self._checked_text(text, row, col)
        cell = WriteOnlyCell(self._ws) if template is None else self._copy(template)
        # openpyxl guesses a formula for "=..." and an error for "#N/A": the text was
        # checked above, so store it as a string whatever it starts with
        cell.value = text
        cell.data_type = "s"
        if template is None and text.startswith(_RISKY):
            cell.quotePrefix = True
        return cell

    def _cell(self, value: object, row: int, col: int) -> Any:
        if self._align is not None and value is not None:
            if not isinstance(value, Styled):
                value = Styled(value, alignment=self._align)
            elif value.alignment is None:
                value = dataclasses.replace(value, alignment=self._align)
        elif type(value) is str:  # the common cases first
            if (
                len(value) <= MAX_CELL_CHARS
                and not value.startswith(_RISKY)
                and value not in ERROR_CODES
                and _SPECIAL.search(value) is None
            ):
                # openpyxl stores this as a plain string itself (it guesses a formula
                # only for "=...", an error only for "#N/A" and the like): the fast path
                return value
            return self._text_cell(value, row, col)
        elif type(value) is float:
            return value if math.isfinite(value) else None
        styled = value if isinstance(value, Styled) else None
        raw = styled.value if styled is not None else value
        cell: Any
        if _is_missing(raw):
            raw = None
        elif isinstance(raw, bool):
            pass
        elif isinstance(raw, numbers.Integral):
            raw = int(raw)
        elif isinstance(raw, numbers.Real):
            raw = float(raw)
        elif not isinstance(raw, str):
            raw = str(raw)
        if styled is None:
            if isinstance(raw, str):
                return self._text_cell(raw, row, col)
            return raw
        # Registering a style hashes it (slow): style one template cell per look through
        # openpyxl's public setters, then copy it (the copies share its style).
        risky = isinstance(raw, str) and raw.startswith(_RISKY)
        key = (
            id(styled.font),
            id(styled.fill),
            id(styled.alignment),
            styled.number_format,
            id(styled.border),
            risky,
        )
        cached = self._book._templates.get(key)
        if cached is None:
            template = WriteOnlyCell(self._ws)
            if styled.font is not None:
                template.font = styled.font
            if styled.fill is not None:
                template.fill = styled.fill
            if styled.alignment is not None:
                template.alignment = styled.alignment
            if styled.number_format is not None:
                template.number_format = styled.number_format
            if styled.border is not None:
                template.border = styled.border
            if risky:
                template.quotePrefix = True
            # keep the style objects alive so their ids stay unique while cached
            self._book._templates[key] = (template, styled)
        else:
            template = cached[0]
        if isinstance(raw, str):
            cell = self._text_cell(raw, row, col, template)
        else:
            cell = self._copy(template)
            cell.value = raw
        coordinate = f"{get_column_letter(col)}{row}"
        if styled.comment:
            text = clean_text(styled.comment, where=f"the comment on {self.title}!{coordinate}")
            width, height = _comment_size(text)
            cell.comment = Comment(escape_ooxml(text), "posmatrix", width=width, height=height)
        if styled.link:
            cell.hyperlink = Hyperlink(ref=coordinate, location=styled.link)
        elif styled.url and _SAFE_URL.match(styled.url) and not _ILLEGAL.search(styled.url):
            cell.hyperlink = Hyperlink(ref=coordinate, target=styled.url[:2000])
        return cell

    def _width(self, col: int) -> float:
        return self._widths[col] if col < len(self._widths) else _DEFAULT_WIDTH

    def _height(
        self, values: Sequence[object], span: int = 1, merge: dict[int, int] | None = None
    ) -> float | None:
        return row_height(values, self._width, span, merge)

    def append(
        self,
        values: Sequence[object],
        *,
        height: float | None = None,
        merge: dict[int, int] | None = None,
    ) -> int:
        """Write one row; return its row number (1-based).

        Values may be None or NaN (an empty cell), numbers, bools, text (always written
        as text), :class:`Styled` values, or anything else (written as ``str(value)``).
        The row is made tall enough for wrapped, rotated or large text (estimated from
        the column widths; spreadsheet applications do not re-measure rows on opening),
        unless ``height`` (points) is given. ``merge`` maps a 0-based column to the
        number of columns its cell covers (merged, the height fitting the merged width;
        the covered cells must be None).

        Raises
        ------
        OutputError
            When the row would pass Excel's 1,048,576 rows or 16,384 columns.
        """
        row = self.rows + 1
        if row > MAX_ROWS:
            raise OutputError(
                f"sheet {self.title!r} needs more than Excel's {MAX_ROWS:,} rows; "
                "select fewer voices or split the dataset"
            )
        if len(values) > MAX_COLS:
            raise OutputError(
                f"row {row} of sheet {self.title!r} has {len(values):,} cells; "
                f"Excel holds at most {MAX_COLS:,} columns"
            )
        tall = height if height is not None else self._height(values, merge=merge)
        if tall is not None:
            self._ws.row_dimensions[row].height = tall
        self._ws.append([self._cell(v, row, col) for col, v in enumerate(values, 1)])
        for col, span in (merge or {}).items():
            if span > 1:
                first, last = get_column_letter(col + 1), get_column_letter(col + span)
                self._ws.merged_cells.add(f"{first}{row}:{last}{row}")
        self.rows = row
        self._cols = max(self._cols, len(values))
        return row

    def append_merged(self, value: object, span: int) -> int:
        """Write one value across the first ``span`` columns of a new row (merged cells);
        for titles and paragraphs. The row height fits the text over the merged width."""
        if span < 1 or span > MAX_COLS:
            raise ValueError(f"span must be 1..{MAX_COLS}, got {span!r}")
        row = self.append([value], height=self._height([value], span) or _LINE_PT)
        if span > 1:
            self._ws.merged_cells.add(f"A{row}:{get_column_letter(span)}{row}")
        return row

    def auto_filter(self, first_row: int = 1, last_row: int | None = None) -> None:
        """Put filter buttons on ``first_row`` over the columns written so far."""
        if self._cols == 0:
            return
        last = self.rows if last_row is None else last_row
        self._ws.auto_filter.ref = f"A{first_row}:{get_column_letter(self._cols)}{max(last, 1)}"

    def color_scale(
        self,
        ref: str,
        *,
        low: float,
        high: float,
        mid: float | None = None,
        colors: tuple[str, str, str] = ("FFD7301F", "FFF7F7F7", "FF2166AC"),
    ) -> None:
        """Colour the cells of ``ref`` on a scale from ``low`` (first colour) through
        ``mid`` to ``high`` (last colour): a conditional format, so it follows edits."""
        if mid is None:
            mid = (low + high) / 2
        rule: Rule = ColorScaleRule(
            start_type="num",
            start_value=low,
            start_color=colors[0],
            mid_type="num",
            mid_value=mid,
            mid_color=colors[1],
            end_type="num",
            end_value=high,
            end_color=colors[2],
        )
        self._ws.conditional_formatting.add(ref, rule)


class BookWriter:
    """A workbook written in write-only mode, safely and reproducibly.

    Parameters
    ----------
    title : str
        The document title stored in the file's properties.
    """

    def __init__(self, title: str = "") -> None:
        self._wb = Workbook(write_only=True)
        self._wb.properties.creator = "posmatrix"
        self._wb.properties.lastModifiedBy = "posmatrix"
        if title:
            self._wb.properties.title = clean_text(title, where="the document title", limit=255)
        self.sheets: list[SheetWriter] = []
        self._saved = False
        # one styled template cell per look (see SheetWriter._cell)
        self._templates: dict[tuple[object, ...], tuple[Any, Styled]] = {}

    def add_sheet(
        self,
        title: str,
        *,
        widths: Sequence[float] = (),
        freeze: str | None = None,
        landscape: bool | None = None,
        title_rows: int = 1,
        footer: str = "&A – page &P of &N",
        tab_color: str | None = None,
        align: Alignment | None = None,
    ) -> SheetWriter:
        """Add a sheet set up for screen and print.

        Parameters
        ----------
        title : str
            Made valid and unique by :func:`sheet_title`.
        widths : sequence of float
            Column widths in characters, from column A.
        freeze : str, optional
            The top-left cell that scrolls, e.g. ``"B2"`` freezes row 1 and column A.
        landscape : bool, optional
            Page orientation; by default landscape when the columns are wider than
            :data:`PORTRAIT_WIDTH`, else portrait. Every sheet prints fit to the page
            width.
        title_rows : int
            Rows repeated at the top of every printed page (0 for none).
        footer : str
            Centre footer; ``&A`` is the sheet name, ``&P``/``&N`` page and page count.
        tab_color : str, optional
            ARGB colour of the sheet's tab.
        align : Alignment, optional
            Alignment of every cell that sets none (e.g. top-aligned rows of wrapped text).

        Notes
        -----
        Printing fits the sheet to the page width; a sheet wider than about
        :data:`PRINT_WIDTH` characters is spread over as many pages across as needed
        (instead of shrinking to illegible type), with column A repeated on each.
        """
        name = sheet_title(title, [s.title for s in self.sheets])
        ws = self._wb.create_sheet(name)
        for col, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(col)].width = float(width)
        if freeze is not None:
            ws.freeze_panes = freeze
        print_setup(ws, widths, landscape=landscape, title_rows=title_rows, footer=footer)
        if tab_color is not None:
            ws.sheet_properties.tabColor = tab_color
        sheet = SheetWriter(self, ws, name, widths, align)
        self.sheets.append(sheet)
        return sheet

    def to_bytes(self) -> bytes:
        """The finished workbook as reproducible bytes (see :func:`normalize_xlsx`).

        A write-only workbook is saved once; call this (or :meth:`save`) once.
        """
        if self._saved:
            raise OutputError("this workbook was already saved; build a new BookWriter")
        if not self.sheets:
            self.add_sheet("Sheet")
        buffer = io.BytesIO()
        self._wb.save(buffer)
        self._saved = True
        return normalize_xlsx(buffer.getvalue())

    def save(self, path: PathLike, *, protect: Iterable[PathLike | None] = ()) -> Path:
        """Write the workbook to ``path`` atomically, never over a ``protect`` file."""
        from .atomic import check_output_path

        check_output_path(path, protect)  # fail before the work of serialising
        return atomic_write(path, self.to_bytes(), protect=protect)
