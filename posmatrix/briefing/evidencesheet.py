"""The Evidence sheet: every coding once, one row each, filterable.

Other sheets show at most a few quotes, cut at a word, and link here. On paper the
sheet prints its first :data:`PRINTED_ROWS` rows only (the whole table of a large
dataset would fill hundreds of pages); on screen every row is there.
"""

from __future__ import annotations

from typing import Final

from ..xlsx import Styled
from ._style import _CENTER, _TOP, _header, _stance_fill, _stance_text, _wrap
from .context import Context

__all__ = ["PRINTED_ROWS", "evidence_sheet"]

PRINTED_ROWS: Final = 12
"""Past this many codings the sheet's print area is its first rows (at most this many,
fewer when they would not fit one page), with a note."""
PRINTED_HEIGHT: Final = 620.0
"""Points of rows (at 100 %) the printed first rows may take: about one landscape page
of this sheet's width."""


def evidence_sheet(ctx: Context) -> None:
    """Write the Evidence sheet: voice, issue, stance, quote, confidence, note."""
    ev = ctx.findings.evidence
    scale = ctx.scale
    sheet = ctx.book.add_sheet("Evidence", widths=[30, 20, 16, 80, 10, 30], freeze="A3", align=_TOP)
    n = ctx.limit_rows(len(ev), "Evidence", 2)
    printed = n <= PRINTED_ROWS
    sheet.append_merged(
        _wrap(
            f"Every coding, one row each ({n:,}); use the filter buttons to show one voice "
            "or one issue."
            + ("" if printed else " Printed: the first rows only, one page (the sheet holds all).")
        ),
        6,
    )
    _header(sheet, ["Voice", "Issue", "Stance", "Quote", "Confidence", "Note"])
    cols = ev[["voice_name", "issue_name", "stance", "quote", "confidence", "note"]].head(n)
    for name, issue, stance, quote, conf, note in cols.itertuples(index=False):
        v = float(stance)
        sheet.append(
            [
                _wrap(name),
                _wrap(issue),
                Styled(
                    _stance_text(scale, v),
                    fill=_stance_fill(scale, v, ctx.fills),
                    alignment=_CENTER,
                ),
                _wrap(quote),
                conf,
                _wrap(note),
            ]
        )
    sheet.auto_filter(first_row=2)
    if not printed:
        ws = sheet.worksheet
        used, last = 0.0, 2
        for row in range(3, 3 + PRINTED_ROWS):
            used += float(ws.row_dimensions[row].height or 15.0)
            if used > PRINTED_HEIGHT and last > 3:
                break
            last = row
        ws.print_area = f"A1:F{last}"
        ws.oddHeader.center.text = f"Printed: the first {last - 2} of {n:,} codings"
        ws.oddHeader.center.size = 8
