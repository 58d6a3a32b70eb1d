"""What every sheet writer of one briefing shares: the findings, the book, the notes.

A sheet writer is a function ``write(ctx)`` that reads :attr:`Context.findings` (computed
once, :class:`posmatrix.Findings`) and places cells; it never calls an analysis
function and never loads a file.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from openpyxl.styles import PatternFill

from ..xlsx import MAX_ROWS, BookWriter, CellWarning, SheetWriter, Styled, internal_link
from ._style import _LINK, _SECTION

if TYPE_CHECKING:
    import pandas as pd

    from ..changes import DatasetDiff
    from ..findings import Findings
    from ..gapreport import GapReport
    from ..model import Dataset, Scale

__all__ = ["LONG_LIST", "PRINTED_LONG", "Context"]

LONG_LIST: Final = 200
"""A sheet listing more rows than this (voices, sources) prints its first rows only."""
PRINTED_LONG: Final = 30
"""The rows such a sheet prints."""


class Context:
    """One briefing being written: what its sheet writers share.

    Parameters
    ----------
    findings : Findings
        What the sheets show, computed once.
    book : BookWriter
        The workbook being written.
    titles : sequence of str
        The titles of the sheets this workbook has, in order (from the registry).
    figures : bool
        Whether to place the position map and heatmap.
    quotes_per_pole : int
        At most this many quotes at each end of an issue on the Gaps sheet.
    """

    def __init__(
        self,
        findings: Findings,
        book: BookWriter,
        titles: Sequence[str],
        *,
        figures: bool = True,
        quotes_per_pole: int = 3,
    ) -> None:
        self.findings = findings
        self.book = book
        self.titles = list(titles)
        self.figures = figures
        self.quotes_per_pole = quotes_per_pole
        self.fills: dict[float, PatternFill] = {}
        self.notes: list[str] = []  # limits applied, for the About sheet

    # what the sheets read, by their old names
    @property
    def ds(self) -> Dataset:
        return self.findings.dataset

    @property
    def scale(self) -> Scale:
        return self.findings.dataset.scale

    @property
    def report(self) -> GapReport:
        return self.findings.report

    @property
    def vframe(self) -> pd.DataFrame:
        return self.findings.voices

    @property
    def changes(self) -> DatasetDiff | None:
        return self.findings.changes

    @property
    def large(self) -> bool:
        return self.findings.large

    def link(self, title: str, text: str | None = None) -> Styled:
        """A link to another sheet of the workbook."""
        return Styled(text or f"→ {title}", font=_LINK, link=internal_link(title))

    def limit_rows(self, n: int, sheet: str, header_rows: int) -> int:
        """How many data rows fit; warns and notes when rows are left out."""
        room = MAX_ROWS - header_rows - 2
        if n > room:
            msg = f"{sheet}: {n - room:,} of {n:,} rows left out (Excel holds {MAX_ROWS:,} rows)"
            warnings.warn(msg, CellWarning, stacklevel=3)
            self.notes.append(msg)
            return room
        return n

    _limit_rows = limit_rows  # the name dealreport/overtime knew

    def print_first(
        self, sheet: SheetWriter, header_rows: int, n: int, what: str, tail: int | None = None
    ) -> None:
        """Past :data:`LONG_LIST` rows, print the sheet's first :data:`PRINTED_LONG`
        only (a long list would fill dozens of pages; on screen every row is there),
        saying so in the printed page header and on the About sheet. Rows from
        ``tail`` to the end (a section below the list) print too."""
        if n <= LONG_LIST:
            return
        from openpyxl.utils import get_column_letter

        ws = sheet.worksheet
        last = get_column_letter(max(1, sheet.columns))
        area = f"A1:{last}{header_rows + PRINTED_LONG}"
        if tail is not None and tail <= sheet.rows:
            area += f",A{tail}:{last}{sheet.rows}"
        ws.print_area = area
        note = (
            f"{sheet.title}: printed, the first {PRINTED_LONG} of {n:,} {what}; the sheet holds all"
        )
        ws.oddHeader.center.text = f"Printed: the first {PRINTED_LONG} of {n:,} {what}"
        ws.oddHeader.center.size = 8
        self.notes.append(note)

    def figure(
        self,
        sheet: SheetWriter,
        kind: str,
        title: str | None,
        widths: Sequence[float],
        anchor: str | None = None,
    ) -> None:
        """A figure from posmatrix.plot (:mod:`posmatrix.sheetfigures`); without
        matplotlib, a note on the About sheet instead."""
        from ..sheetfigures import MISSING_NOTE, figure_png, place_figure, start_page

        if not self.figures:
            return
        png = figure_png(self.ds, kind)
        if png is None:
            if MISSING_NOTE not in self.notes:
                self.notes.append(MISSING_NOTE)
            return
        if anchor is None:  # below the rows, on a printed page of its own
            start_page(sheet)
            if title is not None:
                sheet.append([Styled(title, font=_SECTION)])
            anchor = f"A{sheet.rows + 1}"
        place_figure(sheet, png, anchor, widths)
