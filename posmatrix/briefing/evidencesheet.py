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
"""Past this many codings the sheet's print area is its first rows, with a note."""


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
            + (
                ""
                if printed
                else f" Printed: the first {PRINTED_ROWS} rows only (the sheet holds all)."
            )
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
        sheet.worksheet.print_area = f"A1:F{2 + PRINTED_ROWS}"
