"""Figures in the Excel briefing: the position map on Summary, the heatmap on Agreement.

The figures come from :mod:`posmatrix.plot` as PNG (same input, same bytes, so the
workbook stays byte-identical run to run). They need matplotlib (the ``plot``
extra); without it the briefing is written without figures and says so on its
About sheet.
"""

from __future__ import annotations

import io
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
MAX_WIDTH_IN: Final = 9.5  # a landscape page's printable width, with margins
MAX_HEIGHT_IN: Final = 6.0  # its printable height, with the footer


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


def place_figure(sheet: SheetWriter, png: bytes, anchor: str) -> None:
    """Put ``png`` on ``sheet`` with its top-left corner at ``anchor``, scaled to fit a
    printed landscape page."""
    from openpyxl.drawing.image import Image

    img = Image(io.BytesIO(png))
    w_in, h_in = img.width / 150.0, img.height / 150.0  # posmatrix.plot renders at 150 dpi
    shrink = min(1.0, MAX_WIDTH_IN / w_in, MAX_HEIGHT_IN / h_in)
    img.width = round(w_in * shrink * _SCREEN_DPI)
    img.height = round(h_in * shrink * _SCREEN_DPI)
    sheet.worksheet.add_image(img, anchor)
