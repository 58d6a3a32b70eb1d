"""The "Change over time" section of the text report and the briefing workbook.

Shown when the sources' dates span more than one month. It reads the frames of
:func:`posmatrix.timeline` and :func:`posmatrix.moves` (computed once, in
:func:`change_over_time`) and renders them; numbers are rounded only here.

Only actors' moves are listed: the sources' own stances (holder ``author``) in two
months come from different articles, so a difference between them is not a holder
moving. The timeline frame keeps them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

from .groups import grouped
from .model import AUTHOR, Dataset
from .timelines import moves_of, timeline

if TYPE_CHECKING:
    from .briefing.context import Context as _Writer
    from .report import _Doc

__all__ = ["ChangeOverTime", "change_over_time", "report_section"]

SHEET = "Change over time"
"""The briefing sheet's title."""


@attrs.frozen(eq=False)
class ChangeOverTime:
    """What the section shows; made by :func:`change_over_time`.

    Attributes
    ----------
    windows : pandas.DataFrame
        Index ``group`` (month label, time order); columns ``start``, ``end``,
        ``sources`` (tuple of source ids).
    unplaced : dict of str to str
        Source id -> why it is in no month (undated, only a year).
    total : int
        Number of sources in the dataset.
    timeline : pandas.DataFrame
        :func:`posmatrix.timeline` of the dataset, every holder.
    moves : pandas.DataFrame
        :func:`posmatrix.moves` of the actors (not ``author``), largest first.
    """

    windows: pd.DataFrame
    unplaced: dict[str, str]
    total: int
    timeline: pd.DataFrame
    moves: pd.DataFrame

    def intro(self) -> str:
        """One paragraph: the windows, the rule, the sources left out."""
        spans = ", ".join(
            f"{w} ({len(row['sources'])} source{'s' if len(row['sources']) != 1 else ''})"
            for w, row in self.windows.iterrows()
        )
        text = (
            f"Sources by month of publication: {spans}. An actor's position in a month is "
            "the median of the stances that month's sources report for it; a move is a "
            "change between two consecutive months in which the actor was coded on the "
            "issue. The sources' own stances are not compared across months (they are "
            "different articles)."
        )
        if self.unplaced:
            text += (
                f" {len(self.unplaced)} of {self.total} sources are left out: their date "
                "gives no month (" + ", ".join(sorted(self.unplaced)) + ")."
            )
        return text


def change_over_time(ds: Dataset) -> ChangeOverTime | None:
    """The section's data, or None when the dated sources fall in fewer than two months.

    >>> import posmatrix
    >>> c = change_over_time(posmatrix.example())
    >>> list(c.windows.index), len(c.moves) > 0
    (['2025-07', '2025-08', '2025-10'], True)
    """
    g = grouped(ds, "month")
    if len(g.groups) < 2:
        return None
    t = timeline(ds)
    m = moves_of(t)
    m = m[m["holder"] != AUTHOR].reset_index(drop=True)
    return ChangeOverTime(
        windows=g.groups[["start", "end", "sources"]],
        unplaced=g.unplaced,
        total=len(ds.sources),
        timeline=t,
        moves=m,
    )


def _stance(ds: Dataset, value: float) -> str:
    return "–" if math.isnan(value) else ds.scale.describe(value, brackets=True)


def _who(sources: tuple[str, ...], window: str) -> list[str]:
    return [f"{s}, {window}" for s in sources]


def report_section(doc: _Doc, ds: Dataset, change: ChangeOverTime, top: int) -> None:
    """Write the "Change over time" section into a report document."""
    doc.heading("Change over time", 2)
    doc.para(change.intro())
    m = change.moves
    if not len(m):
        doc.para("No actor's position moved between months.")
        return
    doc.para(f"{len(m)} moves; the largest {min(len(m), 2 * top)}:")
    shown = m.head(2 * top)
    doc.table(
        pd.DataFrame(
            {
                "issue": [str(i) for i in shown["issue"]],
                "from": [
                    f"{_stance(ds, float(v))}, {w}"
                    for v, w in zip(shown["stance_before"], shown["window_before"], strict=True)
                ],
                "to": [
                    f"{_stance(ds, float(v))}, {w}"
                    for v, w in zip(shown["stance_after"], shown["window_after"], strict=True)
                ],
                "move": shown["move"].astype(float).tolist(),
            },
            index=pd.Index([str(h) for h in shown["holder_name"]], name="actor"),
        ),
        floatfmt=["g", "g", "g", "+g"],
    )
    rows: Any = m.head(top).itertuples(index=False)
    for row in rows:
        doc.heading(
            f"{row.holder_name} on {row.issue}: {ds.scale.describe(float(row.stance_before))} "
            f"({row.window_before}) → {ds.scale.describe(float(row.stance_after))} "
            f"({row.window_after})",
            3,
        )
        before: Any = row.quotes_before
        after: Any = row.quotes_after
        doc.quotes(
            [
                *zip(_who(row.sources_before, str(row.window_before)), before, strict=False),
                *zip(_who(row.sources_after, str(row.window_after)), after, strict=False),
            ]
        )


def briefing_sheet(writer: _Writer, change: ChangeOverTime) -> None:
    """Write the "Change over time" sheet: the actors' moves, then the whole timeline."""
    from .briefing._style import _CENTER, _header, _num, _section, _stance_fill, _wrap
    from .xlsx import Styled

    ds, scale = writer.ds, writer.scale
    sheet = writer.book.add_sheet(
        SHEET, widths=[20, 22, 10, 14, 10, 14, 6, 52, 52], freeze="A3", align=_header_align()
    )
    sheet.append_merged(_wrap(change.intro()), 9)
    names = ["Actor", "Issue", "From", "Stance before", "To", "Stance after", "Move"]
    _header(sheet, [*names, "Evidence before", "Evidence after"])

    def stance(value: float) -> Styled:
        return Styled(
            _stance(ds, value), fill=_stance_fill(scale, value, writer.fills), alignment=_CENTER
        )

    def evidence(sources: tuple[str, ...], quotes: tuple[str, ...]) -> Styled:
        from .evidence import cut

        return _wrap(
            "\n".join(f"{s}: {cut(q, 110)}" for s, q in zip(sources, quotes, strict=False))
        )

    rows: Any = change.moves.itertuples(index=False)
    for row in rows:
        sheet.append(
            [
                _wrap(row.holder_name),
                _wrap(row.issue),
                _wrap(row.window_before),
                stance(float(row.stance_before)),
                _wrap(row.window_after),
                stance(float(row.stance_after)),
                _num(float(row.move)),
                evidence(row.sources_before, row.quotes_before),
                evidence(row.sources_after, row.quotes_after),
            ]
        )
    if not len(change.moves):
        sheet.append(["No actor's position moved between months."])
    _section(sheet, "Every position, month by month")
    _header(
        sheet,
        ["Month", "Holder", "Issue", "Stance (median)", "Codings", "Range", "Split", "Evidence"],
    )
    rows = change.timeline.itertuples(index=False)
    for row in rows:
        sheet.append(
            [
                _wrap(row.window),
                _wrap(row.holder_name),
                _wrap(row.issue),
                stance(float(row.stance)),
                int(row.count),
                _num(float(row.range)),
                _wrap("yes" if row.disagrees else ""),
                evidence(row.sources, row.quotes),
            ]
        )


def _header_align() -> Any:
    from .briefing._style import _TOP

    return _TOP
