"""Figures in the Excel briefing: the position map on Summary, the heatmap on Agreement.

The figures come from :mod:`posmatrix.plot` as PNG (same input, same bytes, so the
workbook stays byte-identical run to run). They need matplotlib (the ``plot``
extra); without it the briefing is written without figures and says so on its
About sheet.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from .model import Dataset
    from .xlsx import SheetWriter

__all__ = ["MISSING_NOTE", "figure_png", "place_figure", "start_page"]

MISSING_NOTE: Final = (
    "Figures: left out because matplotlib is not installed "
    "(pip install 'posmatrix[plot]' adds the position map and the heatmap)"
)

_SCREEN_DPI: Final = 96  # openpyxl sizes images in pixels at 96 per inch
PAGE_WIDTH_IN: Final = 10.0  # a landscape Letter or A4 page's printable width
PAGE_HEIGHT_IN: Final = 7.0  # its printable height, footer aside
PORTRAIT_IN: Final = (7.5, 9.5)  # a portrait Letter page's printable width and height


def figure_png(ds: Dataset, kind: str) -> bytes | None:
    """The figure as PNG bytes, or None when matplotlib is not installed."""
    try:
        from .plot import render
    except ImportError:
        return None
    return render(ds, kind, "png")


def start_page(sheet: SheetWriter) -> None:
    """End the printed page after the rows written so far."""
    from openpyxl.worksheet.pagebreak import Break

    sheet.worksheet.row_breaks.append(Break(id=sheet.rows))


def _fit(
    widths: Sequence[float],
    w_in: float,
    h_in: float,
    reserved_in: float = 0.0,
    *,
    landscape: bool = True,
) -> float:
    """The factor that sizes a ``w_in`` × ``h_in`` figure to fill, but not overflow, a
    printed page of a sheet with column ``widths`` whose repeated title rows take
    ``reserved_in`` inches (at 100%)."""
    from .xlsx import PRINT_WIDTH

    page_w, page_h = (PAGE_WIDTH_IN, PAGE_HEIGHT_IN) if landscape else PORTRAIT_IN
    # A column of w characters as laid out in print with Calibri's metrics (Excel, and
    # LibreOffice with Carlito): about 7.5 px per character plus 10 px, at 96 px/inch.
    # With a wider fallback font the sheet prints smaller, and the figure with it.
    sheet_in = sum(w * 7.5 + 10 for w in widths) / _SCREEN_DPI or page_w
    pages = max(1, math.ceil(sum(widths) / PRINT_WIDTH)) if widths else 1
    zoom = min(1.0, pages * page_w / sheet_in)  # fit-to-width printing
    room_w = min(sheet_in / pages, page_w / zoom) * 0.95
    room_h = (page_h / zoom - reserved_in) * 0.85  # and a title row and caption
    room_h = max(room_h, 1.0)
    return min(room_w / w_in, room_h / h_in)


def place_figure(sheet: SheetWriter, png: bytes, anchor: str, widths: Sequence[float] = ()) -> None:
    """Put ``png`` on ``sheet`` with its top-left corner at ``anchor``, sized to fill a
    printed landscape page of a sheet with column ``widths`` (see
    :meth:`posmatrix.xlsx.BookWriter.add_sheet`: sheets print fit to the page width)."""
    from openpyxl.drawing.image import Image

    img = Image(io.BytesIO(png))
    w_in, h_in = img.width / 150.0, img.height / 150.0  # posmatrix.plot renders at 150 dpi
    ws = sheet.worksheet
    titles = str(ws.print_title_rows or "")  # e.g. "1:1": repeated on every page
    last = int(titles.rsplit(":", 1)[-1].lstrip("$")) if titles else 0
    reserved = sum(float(ws.row_dimensions[r].height or 15.0) for r in range(1, last + 1))
    landscape = ws.page_setup.orientation != "portrait"
    size = _fit(widths, w_in, h_in, reserved / 72.0, landscape=landscape)
    img.width = round(w_in * size * _SCREEN_DPI)
    img.height = round(h_in * size * _SCREEN_DPI)
    ws.add_image(img, anchor)
