"""The look of workbook cells: the typeface, shared fonts, fills, borders, and
:class:`Styled` (a value with its look). Re-exported by :mod:`posmatrix.xlsx`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

__all__ = [
    "BOLD",
    "FONT_NAME",
    "HEADER_BORDER",
    "HEADER_FILL",
    "WRAP",
    "Styled",
    "font",
]

FONT_NAME: Final = "Calibri"
"""The workbook's typeface (Excel's default; the row-height estimate uses its widths)."""


def font(
    *,
    bold: bool = False,
    size: float = 11.0,
    color: str | None = None,
    underline: str | None = None,
) -> Font:
    """A :class:`~openpyxl.styles.Font` in the workbook's typeface.

    ``openpyxl.styles.Font(bold=True)`` leaves the name and size out of the file, and
    spreadsheet applications then fill in defaults of their own (LibreOffice a serif);
    every font posmatrix writes names Calibri and its size.

    >>> f = font(bold=True, size=16)
    >>> f.name, f.sz, f.b
    ('Calibri', 16.0, True)
    """
    return Font(name=FONT_NAME, family=2, sz=size, b=bold, color=color, u=underline)


BOLD: Final = font(bold=True)
WRAP: Final = Alignment(wrap_text=True, vertical="top")
HEADER_FILL: Final = PatternFill("solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
_THIN = Side(style="thin", color="FFB4B4B4")
HEADER_BORDER: Final = Border(bottom=_THIN)


@dataclass(frozen=True)
class Styled:
    """A cell value with its look: font, fill, alignment, number format, border, a
    comment (shown on hover), an internal link (a location such as
    ``internal_link("Gaps")``) and an external ``url`` (only ``http``/``https``
    addresses become links; anything else stays plain text)."""

    value: object
    font: Font | None = None
    fill: PatternFill | None = None
    alignment: Alignment | None = None
    number_format: str | None = None
    border: Border | None = None
    comment: str | None = None
    link: str | None = None
    url: str | None = None
