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
from .model import AUTHOR, Dataset, quoted
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


_NARROW = 4.5  # a grid column: one holder's stance in one month
_SPANS = (5, 2, 4, 2, 4, 2, 10, 10)  # the moves' columns after A, in grid columns
_MOVE_QUOTE = 55  # characters of the one quote shown a side (all: the Evidence sheet)


def _spans(sheet: Any, values: list[object], spans: tuple[int, ...]) -> int:
    """One row whose cells after column A each cover ``spans`` grid columns (merged)."""
    row: list[object] = [values[0]]
    merge: dict[int, int] = {}
    for value, span in zip(values[1:], spans, strict=True):
        merge[len(row)] = span
        row.extend([value] + [None] * (span - 1))
    return int(sheet.append(row, merge=merge))


def briefing_sheet(writer: _Writer, change: ChangeOverTime) -> None:
    """Write the "Change over time" sheet: the actors' moves (one quote a side,
    cut; every quote is on the Evidence sheet), then the whole timeline as one grid: an
    issue per row, a narrow column per holder and month."""
    from .briefing._style import _CENTER, _HEADER_NUM, _wrap
    from .evidence import cut
    from .xlsx import BOLD, HEADER_BORDER, HEADER_FILL, Styled

    ds, scale = writer.ds, writer.scale
    inames = writer.findings.issue_names
    windows = [str(w) for w in change.windows.index]
    holders = list(dict.fromkeys(str(h) for h in change.timeline["holder"]))
    narrow = max(len(windows) * len(holders), sum(_SPANS))
    sheet = writer.book.add_sheet(
        SHEET, widths=[34, *([_NARROW] * narrow)], align=_header_align(), title_rows=0
    )
    sheet.append_merged(
        _wrap(
            f"{change.intro()} Evidence: the first source's quote of each month, cut; "
            "+N more sources; every quote is on the Evidence sheet."
        ),
        1 + sum(_SPANS),
    )
    head = {"font": BOLD, "fill": HEADER_FILL, "border": HEADER_BORDER}
    names = ["Actor", "Issue", "From", "Stance before", "To", "Stance after", "Move"]
    _spans(
        sheet,
        [
            Styled(n, alignment=_HEADER_NUM if n == "Move" else _wrap("").alignment, **head)
            for n in [*names, "Evidence before", "Evidence after"]
        ],
        _SPANS,
    )

    def stance(value: float) -> Styled:
        return Styled(
            _stance(ds, value), fill=_stance_fill_of(writer, scale, value), alignment=_CENTER
        )

    def evidence(sources: tuple[str, ...], quotes: tuple[str, ...]) -> Styled:
        if not quotes:
            return _wrap("")
        more = f" +{len(quotes) - 1}" if len(quotes) > 1 else ""
        return _wrap(f"{quoted(cut(quotes[0], _MOVE_QUOTE))}{more}")

    rows: Any = change.moves.itertuples(index=False)
    for row in rows:
        _spans(
            sheet,
            [
                _wrap(row.holder_name),
                _wrap(inames.get(str(row.issue), str(row.issue))),
                _wrap(row.window_before),
                stance(float(row.stance_before)),
                _wrap(row.window_after),
                stance(float(row.stance_after)),
                Styled(float(row.move), number_format="0.00"),
                evidence(row.sources_before, row.quotes_before),
                evidence(row.sources_after, row.quotes_after),
            ],
            _SPANS,
        )
    if not len(change.moves):
        sheet.append(["No actor's position moved between months."])
    _timeline_grid(writer, sheet, change, windows, holders)


def _stance_fill_of(writer: _Writer, scale: Any, value: float) -> Any:
    from .briefing._style import _stance_fill

    return _stance_fill(scale, value, writer.fills)


def _timeline_grid(
    writer: _Writer,
    sheet: Any,
    change: ChangeOverTime,
    windows: list[str],
    holders: list[str],
) -> None:
    """Every position month by month: an issue per row; per holder, one column per
    month with the median stance on its colour, ``*`` where that month's sources
    disagree (their quotes: the Evidence sheet)."""

    from .briefing._style import _CENTER, _section, _wrap
    from .xlsx import BOLD, HEADER_BORDER, HEADER_FILL, Styled

    ds = writer.ds
    inames = writer.findings.issue_names
    t = change.timeline
    _section(sheet, "Every position, month by month")
    sheet.append_merged(
        _wrap(
            "One row per issue; for each holder one column per month with the median "
            "stance of that month's sources (blank: not reported that month; * the "
            "sources disagreed). The quotes are on the Evidence sheet."
        ),
        1 + sum(_SPANS),
    )
    per = len(windows)
    names = {str(h): str(n) for h, n in zip(t["holder"], t["holder_name"], strict=True)}
    head = {"font": BOLD, "fill": HEADER_FILL, "border": HEADER_BORDER}
    top: list[object] = [Styled("", **head)]
    months: list[object] = [Styled("Issue", alignment=_wrap("").alignment, **head)]
    for h in holders:
        name = "Sources' own stances" if h == "author" else names[h]
        top.extend([Styled(name, alignment=_CENTER, **head)] + [Styled("", **head)] * (per - 1))
        # "2025-07" on two short lines: narrower than rotated text is tall
        months.extend(Styled(w.replace("-", "\n", 1), alignment=_CENTER, **head) for w in windows)
    sheet.append(top, merge={1 + j * per: per for j in range(len(holders))})
    sheet.append(months)
    cells: dict[tuple[str, str, str], Any] = {
        (str(x.issue), str(x.holder), str(x.window)): x for x in t.itertuples(index=False)
    }
    for issue in ds.issues:
        if not any((issue, h, w) in cells for h in holders for w in windows):
            continue
        line: list[object] = [_wrap(inames.get(issue, issue))]
        for h in holders:
            for w in windows:
                x = cells.get((issue, h, w))
                if x is None:
                    line.append(None)
                    continue
                v = float(x.stance)
                mark = _stance(ds, v).split(" ", 1)[0] + ("*" if x.disagrees else "")
                line.append(
                    Styled(mark, fill=_stance_fill_of(writer, writer.scale, v), alignment=_CENTER)
                )
        sheet.append(line)


def _header_align() -> Any:
    from .briefing._style import _TOP

    return _TOP
