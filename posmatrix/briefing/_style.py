"""Looks and small cell builders shared by the briefing's sheets (no analysis here)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final

import pandas as pd
from openpyxl.styles import Alignment, PatternFill

from ..model import Dataset, Scale, quoted
from ..xlsx import (
    BOLD,
    HEADER_BORDER,
    HEADER_FILL,
    PRINT_WIDTH,
    WRAP,
    SheetWriter,
    Styled,
    font,
)

# ColorBrewer RdBu ends (colour-blind safe), lightened so black text stays legible.
_OPPOSE: Final = (214, 96, 77)
_NEUTRAL: Final = (247, 247, 247)
_SUPPORT: Final = (67, 147, 195)
_GREY: Final = PatternFill("solid", start_color="FFE0E0E0", end_color="FFE0E0E0")
_COVERED: Final = PatternFill("solid", start_color="FFC7E9C0", end_color="FFC7E9C0")
_TITLE: Final = font(bold=True, size=16)
_SECTION: Final = font(bold=True, size=12, color="FF1F3864")
_LINK: Final = font(color="FF0563C1", underline="single")
_HEADER_WRAP: Final = Alignment(wrap_text=True, vertical="bottom")
_HEADER_NUM: Final = Alignment(wrap_text=True, vertical="bottom", horizontal="right")
_ROTATED: Final = Alignment(text_rotation=90, vertical="bottom", horizontal="center")
_MUTED: Final = font(color="FF808080")
_TOP: Final = Alignment(vertical="top")
_CENTER: Final = Alignment(horizontal="center", vertical="top", wrap_text=True)
_PCT: Final = "0%"
_NUM: Final = "0.00"


# -- helpers ------------------------------------------------------------------------------


def _count(n: int, word: str) -> str:
    """``1 source``, ``2 sources``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _hex(rgb: tuple[float, float, float]) -> str:
    return "FF" + "".join(f"{round(c):02X}" for c in rgb)


def _stance_fill(scale: Scale, value: float, cache: dict[float, PatternFill]) -> PatternFill:
    """A diverging fill: red below the midpoint, white at it, blue above."""
    fill = cache.get(value)
    if fill is None:
        half = scale.range / 2
        t = max(-1.0, min(1.0, (value - scale.midpoint) / half))
        end = _SUPPORT if t > 0 else _OPPOSE
        rgb = tuple(n + (e - n) * abs(t) for n, e in zip(_NEUTRAL, end, strict=True))
        color = _hex((rgb[0], rgb[1], rgb[2]))
        fill = PatternFill("solid", start_color=color, end_color=color)
        cache[value] = fill
    return fill


def _stance_text(scale: Scale, value: float) -> str:
    """``+2 strongly supports``, ``0 neutral or mixed``, ``-1.5`` (between points)."""
    return "" if math.isnan(value) else scale.describe(value)


def _yes(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return "yes" if bool(value) else "no"


def _lines(*columns: Sequence[Any], sep: str = ": ") -> str:
    """Parallel lists joined line by line, e.g. voice: “quote”."""
    out = []
    for parts in zip(*columns, strict=True):
        *heads, quote = parts
        lead = " · ".join(str(h) for h in heads)
        out.append(f"{lead}{sep}{quoted(quote)}" if lead else quoted(quote))
    return "\n".join(out)


def _header(
    sheet: SheetWriter,
    names: Sequence[str],
    *,
    rotate_from: int | None = None,
    numeric: Sequence[int] = (),
) -> int:
    """A header row; ``numeric`` columns are right-aligned, over their numbers."""
    cells: list[object] = []
    for i, name in enumerate(names):
        rotated = rotate_from is not None and i >= rotate_from
        if i in numeric and not rotated:
            cells.append(
                Styled(
                    name, font=BOLD, fill=HEADER_FILL, border=HEADER_BORDER, alignment=_HEADER_NUM
                )
            )
            continue
        cells.append(
            Styled(
                name,
                font=BOLD,
                fill=HEADER_FILL,
                border=HEADER_BORDER,
                alignment=_ROTATED if rotated else _HEADER_WRAP,
            )
        )
    return sheet.append(cells)


def _first_page_span(widths: Sequence[float]) -> int:
    """How many columns from A fit on the first printed page (at least one)."""
    total, n = 0.0, 0
    for w in widths:
        total += w
        if total > PRINT_WIDTH:
            break
        n += 1
    return max(1, n)


def _wrap(value: object) -> Styled:
    return Styled(value, alignment=WRAP)


def _pct(value: float) -> Styled:
    return Styled(value, number_format=_PCT, alignment=Alignment(vertical="top"))


def _num(value: float) -> Styled:
    return Styled(value, number_format=_NUM, alignment=Alignment(vertical="top"))


def _section(sheet: SheetWriter, title: str) -> None:
    sheet.append([])
    sheet.append([Styled(title, font=_SECTION)])


def _evidence(ds: Dataset) -> dict[tuple[str, str, str], Any]:
    """The coding whose quote is the evidence of each cell: the first deciding coding
    in file order (an adjudicated one when the cell has any)."""
    first: dict[tuple[str, str, str], Any] = {}
    first_adj: dict[tuple[str, str, str], Any] = {}
    for c in ds.codings:
        key = (c.source, c.holder, c.issue)
        first.setdefault(key, c)
        if c.adjudicated:
            first_adj.setdefault(key, c)
    first.update(first_adj)
    return first


NO_VARIANCE: Final = "†"
"""The mark of a voice with no variance (one position on every issue it addresses)."""

NO_VARIANCE_NOTE: Final = (
    "† No variance: the voice took the same position (e.g. neutral) on every issue it "
    "addresses, so Pearson and Spearman correlations and Cohen's kappa with it are "
    "undefined (blank with --metric pearson, spearman, kappa); the camps set it aside."
)


def _comment(ds: Dataset, coding: Any) -> str:
    source = ds.sources.get(coding.source)
    lines = [quoted(coding.quote)]
    if source is not None:
        lines.append(f"— {source.title}")
    details = [f"confidence {coding.confidence}"]
    if coding.coder:
        details.append(f"coder {coding.coder}")
    lines.append("; ".join(details))
    if coding.note:
        lines.append(f"Note: {coding.note}")
    return "\n".join(lines)
