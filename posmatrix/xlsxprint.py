"""How a sheet of the workbook prints: orientation, fit to the page width, margins,
repeated title rows, the page-number footer (:meth:`posmatrix.xlsx.BookWriter.add_sheet`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final

__all__ = ["PORTRAIT_WIDTH", "PRINT_WIDTH", "print_setup"]

PRINT_WIDTH: Final = 200
"""Column-width units printed on one landscape page (wider sheets span more pages)."""
PORTRAIT_WIDTH: Final = 150
"""Sheets at most this many column-width units wide print portrait: fit to the width
of a portrait page they print at about the scale a :data:`PRINT_WIDTH`-wide sheet
prints at on a landscape page (about 70 %), with twice the rows per page."""


def print_setup(
    ws: Any,
    widths: Sequence[float],
    *,
    landscape: bool | None = None,
    title_rows: int = 1,
    footer: str = "&A – page &P of &N",
) -> None:
    """Set up worksheet ``ws`` (columns ``widths``) for print: landscape when wider than
    :data:`PORTRAIT_WIDTH` (unless ``landscape`` says), fit to the page width (past
    :data:`PRINT_WIDTH` over several pages with column A repeated), narrow margins,
    rows ``1..title_rows`` repeated, ``footer`` centred in 8 points."""
    if landscape is None:
        landscape = sum(widths) > PORTRAIT_WIDTH
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    # up to 15% over PRINT_WIDTH still prints on one page across, a little smaller
    pages = max(1, math.ceil(sum(widths) / (PRINT_WIDTH * 1.15))) if widths else 1
    ws.page_setup.fitToWidth = pages
    if pages > 1:
        ws.print_title_cols = "A:A"
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.45
    ws.page_margins.bottom = 0.55
    ws.page_margins.header = 0.2
    ws.page_margins.footer = 0.25
    if title_rows > 0:
        ws.print_title_rows = f"1:{title_rows}"
    ws.oddFooter.center.text = footer
    ws.oddFooter.center.size = 8
