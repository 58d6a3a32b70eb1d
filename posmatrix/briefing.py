"""The Excel briefing: one workbook a decision-maker can open, read and print.

:func:`write_briefing` writes the sheets

========== ==============================================================================
Summary    title, version, counts, contents (links), most contested issues, red lines
           between actors, most and least aligned voices — all derived from the data
Changes    (with ``since``) every item and coding changed since an older version
Stances    voice × issue stance labels on a diverging palette; the evidence quote as a
           cell comment; blank = not addressed
Agreement  voice × voice agreement in clustered order as a heatmap, with overlap counts
           (past 200 voices: camps and each voice's nearest and farthest voices instead)
Gaps       issues, most contested first, with the quotes at both ends of the scale
Red lines  actor pairs on opposite sides with one at an end of the scale, with evidence
Deals      where a deal could be between the actors (:mod:`posmatrix.dealreport`)
Actors     actors' positions as reported, source by source consistency, actor distances
Coverage   which source addresses which issue; thinly covered issues
Codebook   issues, propositions, groups, the scale and its colours, actors
Sources    source metadata and links
About      versions, citation, the measures used, how to read each sheet
========== ==============================================================================

Every text is written as text (never a formula), cleaned of characters a workbook
cannot hold, and the file is written atomically with reproducible bytes
(:mod:`posmatrix.xlsx`, :mod:`posmatrix.atomic`).
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

import attrs
import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, PatternFill

from ._version import __version__
from .analysis import agreement, camps, overlap
from .atomic import PathLike, atomic_write, check_output_path
from .errors import UsageError
from .gapreport import METRIC, GapReport, gaps
from .matrix import stance_matrix, voices
from .model import AUTHOR, FORMAT, Dataset, Scale, quoted
from .xlsx import (
    BOLD,
    HEADER_BORDER,
    HEADER_FILL,
    MAX_COLS,
    MAX_ROWS,
    PRINT_WIDTH,
    WRAP,
    BookWriter,
    CellWarning,
    SheetWriter,
    Styled,
    font,
    internal_link,
)

if TYPE_CHECKING:
    from .changes import DatasetDiff

__all__ = ["LARGE_VOICES", "SHEETS", "Briefing", "build_briefing", "write_briefing"]

LARGE_VOICES: Final = 200
"""Past this many voices the Agreement sheet lists camps and neighbours, not a matrix."""

MAX_COMMENTS: Final = 20_000
"""At most this many evidence comments on the Stances sheet (each is a drawing)."""

SHEETS: Final = (
    "Summary",
    "Changes",
    "Stances",
    "Agreement",
    "Change over time",
    "Gaps",
    "Red lines",
    "Deals",
    "Actors",
    "Coverage",
    "Codebook",
    "Sources",
    "About",
)
"""Sheet titles in workbook order (``Changes`` only with ``since``; ``Change over time``
only when the sources' dates span more than one month)."""

_CHECKS_SHOWN: Final = 200  # codebook findings listed on the Codebook sheet at most

_PURPOSE: Final = {
    "Changes": "what changed since the older version",
    "Stances": "every voice's stance on every issue, with the evidence quote on hover",
    "Agreement": "who agrees with whom, clustered, with the number of shared issues",
    "Change over time": "who moved, month by month, with the quotes before and after",
    "Gaps": "issues, most contested first, with the quotes at both ends",
    "Red lines": "actor pairs on opposite sides, one of them at an extreme",
    "Deals": "where a deal could be: outcomes no actor's red line rules out, packages, trades",
    "Actors": "actors' positions as the sources report them",
    "Coverage": "which source addresses which issue",
    "Codebook": "issues, propositions, groups, the scale and its colours, codebook checks",
    "Sources": "the sources: titles, dates, links",
    "About": "versions, citation, measures and how to read each sheet",
}

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


def _header(sheet: SheetWriter, names: Sequence[str], *, rotate_from: int | None = None) -> int:
    cells: list[object] = []
    for i, name in enumerate(names):
        rotated = rotate_from is not None and i >= rotate_from
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


# -- the briefing ---------------------------------------------------------------------------


@attrs.frozen(eq=False)
class Briefing:
    """A built briefing workbook, not yet written.

    Attributes
    ----------
    data : bytes
        The .xlsx file (reproducible: the same input gives the same bytes).
    sheets : tuple of str
        Sheet titles in order.
    report : GapReport
        The gap report the sheets were drawn from.
    changes : DatasetDiff or None
        The diff against ``since``, if given.
    large : bool
        Whether the Agreement sheet lists camps and neighbours (more than
        :data:`LARGE_VOICES` voices) instead of the square matrix.
    """

    data: bytes = attrs.field(repr=False)
    sheets: tuple[str, ...]
    report: GapReport = attrs.field(repr=False)
    changes: DatasetDiff | None = attrs.field(repr=False)
    large: bool

    def summary(self) -> str:
        """A few lines for a terminal: counts, the most contested issue, red lines."""
        r = self.report
        ds = r.dataset
        n_voices = len(voices(ds))
        lines = [
            f"{ds.title}" + (f" (version {ds.version})" if ds.version else ""),
            ", ".join(
                _count(n, word)
                for n, word in (
                    (len(ds.sources), "source"),
                    (len(ds.issues), "issue"),
                    (len(ds.actors), "actor"),
                    (n_voices, "voice"),
                    (len(ds.codings), "coding"),
                )
            ),
        ]
        contested = r.issues[r.issues["contested"]]
        if len(contested):
            top = contested.index[: min(3, len(contested))]
            lines.append(f"most contested: {', '.join(str(i) for i in top)}")
        else:
            lines.append("no issue is contested (no voice opposes what another supports)")
        lines.append(f"red lines between actors: {len(r.red_lines)}")
        if self.changes is not None:
            s = self.changes.summary
            lines.append(
                f"changes since {self.changes.old_name}: {s['codings_added']} codings added, "
                f"{s['codings_removed']} removed, {s['codings_changed']} changed"
            )
        lines.append(f"sheets: {', '.join(self.sheets)}")
        return "\n".join(lines)


def _load_since(since: Dataset | PathLike) -> Dataset:
    if isinstance(since, Dataset):
        return since
    if isinstance(since, (str, os.PathLike)):
        from .loading import load

        return load(since)
    raise UsageError(
        f"since must be a Dataset or the path of an older version, got {type(since).__name__}"
    )


def build_briefing(
    ds: Dataset, *, since: Dataset | PathLike | None = None, figures: bool = True
) -> Briefing:
    """Build the briefing workbook of ``ds`` in memory.

    Parameters
    ----------
    ds : Dataset
    since : Dataset or path, optional
        An older version of the dataset; adds a Changes sheet (:func:`posmatrix.diff`).
    figures : bool
        Put the position map on Summary and the heatmap on Agreement (needs matplotlib;
        without it they are left out with a note on the About sheet).

    Returns
    -------
    Briefing
        The bytes, the sheet titles and the report they were drawn from.

    Warns
    -----
    CellWarning
        When a text had to be changed to fit a cell (see :mod:`posmatrix.xlsx`).
    """
    if not isinstance(ds, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(ds).__name__}")
    old = _load_since(since) if since is not None else None
    changes = None
    if old is not None:
        from .changes import diff

        changes = diff(old, ds)
    report = gaps(ds)
    vframe = voices(ds)
    large = len(vframe) > LARGE_VOICES
    book = BookWriter(title=f"{ds.title} — briefing")
    writer = _Writer(ds, report, vframe, book, changes, large)
    writer.figures = figures
    writer.write()
    data = book.to_bytes()
    return Briefing(
        data=data,
        sheets=tuple(s.title for s in book.sheets),
        report=report,
        changes=changes,
        large=large,
    )


def write_briefing(
    ds: Dataset,
    path: PathLike,
    *,
    since: Dataset | PathLike | None = None,
    protect: Iterable[PathLike | None] = (),
    figures: bool = True,
) -> Path:
    """Write the Excel briefing of ``ds`` to ``path``.

    Parameters
    ----------
    ds : Dataset
    path : str or os.PathLike
        The .xlsx file to write; its directory must exist. Written atomically: a
        failure leaves any previous file intact.
    since : Dataset or path, optional
        An older version of the dataset: adds a Changes sheet.
    protect : iterable of paths
        Files never to overwrite, besides the dataset's own file (``ds.path``) and
        ``since``'s, which are always protected.
    figures : bool
        As for :func:`build_briefing`.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    OutputError
        ``path`` is the input dataset, lies in a missing directory, is read-only, or
        the write failed; any previous file at ``path`` is intact.

    Examples
    --------
    >>> import posmatrix, tempfile, pathlib, openpyxl
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "briefing.xlsx"
    >>> posmatrix.write_briefing(posmatrix.example(), out) == out
    True
    >>> openpyxl.load_workbook(out).sheetnames[:4]
    ['Summary', 'Stances', 'Agreement', 'Change over time']

    A path ending in ``.html`` (or ``.htm``) gets the interactive HTML briefing
    instead (:func:`posmatrix.html_briefing`; ``figures`` does not apply).
    """
    if Path(path).suffix.lower() in (".html", ".htm"):
        from .htmlbrief import write_html_briefing

        return write_html_briefing(ds, path, since=since, protect=protect)
    keep: list[PathLike | None] = [ds.path, *protect]
    if isinstance(since, (str, os.PathLike)):
        keep.append(since)
    elif isinstance(since, Dataset):
        keep.append(since.path)
    check_output_path(path, keep)  # before the work
    built = build_briefing(ds, since=since, figures=figures)
    return atomic_write(path, built.data, protect=keep)


class _Writer:
    """Writes the sheets of one briefing; holds what several sheets share."""

    def __init__(
        self,
        ds: Dataset,
        report: GapReport,
        vframe: pd.DataFrame,
        book: BookWriter,
        changes: DatasetDiff | None,
        large: bool,
    ) -> None:
        self.ds = ds
        self.report = report
        self.vframe = vframe
        self.book = book
        self.changes = changes
        self.large = large
        self.figures = True  # the position map and heatmap (posmatrix.sheetfigures)
        self.scale = ds.scale
        self.fills: dict[float, PatternFill] = {}
        self.notes: list[str] = []  # limits applied, for the About sheet
        from .overtime import change_over_time

        self.change = change_over_time(ds)
        self.titles = [
            t
            for t in SHEETS
            if (t != "Changes" or changes is not None)
            and (t != "Change over time" or self.change is not None)
        ]

    def write(self) -> None:
        self.summary()
        if self.changes is not None:
            self.changes_sheet(self.changes)
        self.stances()
        self.agreement()
        if self.change is not None:
            from .overtime import briefing_sheet

            briefing_sheet(self, self.change)
        self.gaps_sheet()
        self.red_lines()
        self.deals()
        self.actors()
        self.coverage()
        self.codebook()
        self.sources()
        self.about()

    def link(self, title: str, text: str | None = None) -> Styled:
        return Styled(text or f"→ {title}", font=_LINK, link=internal_link(title))

    def _limit_rows(self, n: int, sheet: str, header_rows: int) -> int:
        """How many data rows fit; warns and notes when rows are left out."""
        room = MAX_ROWS - header_rows - 2
        if n > room:
            msg = f"{sheet}: {n - room:,} of {n:,} rows left out (Excel holds {MAX_ROWS:,} rows)"
            warnings.warn(msg, CellWarning, stacklevel=3)
            self.notes.append(msg)
            return room
        return n

    # -- Summary -------------------------------------------------------------------------------

    def summary(self) -> None:
        ds, r = self.ds, self.report
        widths = [30, 44, 18, 18, 14, 14, 12]
        sheet = self.book.add_sheet(
            "Summary",
            widths=widths,
            title_rows=0,
            tab_color="FF1F3864",
            align=_TOP,
        )
        span = 7
        sheet.append_merged(Styled(ds.title, font=_TITLE, alignment=WRAP), span)
        if ds.description:
            sheet.append_merged(_wrap(ds.description), span)
        version = ds.version or "(not given)"
        sheet.append_merged(
            f"Dataset version {version} · format {FORMAT} · posmatrix {__version__}", span
        )

        _section(sheet, "In numbers")
        n_voices = len(self.vframe)
        authors = int((self.vframe["holder"] == AUTHOR).sum())
        for label, value in (
            ("Sources", len(ds.sources)),
            ("Issues", len(ds.issues)),
            ("Actors", len(ds.actors)),
            ("Voices (source's own + reported)", n_voices),
            ("  of which sources' own stances", authors),
            (
                "Codings (each with a verbatim quote)" if not ds.quoteless else "Codings",
                len(ds.codings),
            ),
            ("  of which without a quote (evidence: optional)", ds.quoteless),
            ("Contested issues", int(r.issues["contested"].sum())),
            ("Red lines between actors", len(r.red_lines)),
        ):
            if label.startswith("  of which without") and not value:
                continue  # only a dataset with quoteless codings says so
            sheet.append([label, value])

        _section(sheet, "Contents")
        for title in self.titles[1:]:
            sheet.append([self.link(title, title), _wrap(_PURPOSE[title])])

        if self.changes is not None:
            s = self.changes.summary
            _section(sheet, f"Changes since {self.changes.old_name}")
            sheet.append(
                [
                    "Codings",
                    f"{s['codings_added']} added, {s['codings_removed']} removed, "
                    f"{s['codings_changed']} changed",
                    self.link("Changes"),
                ]
            )
            sheet.append(
                [
                    "Issues, actors, sources",
                    f"{s['issues_added'] + s['actors_added'] + s['sources_added']} added, "
                    f"{s['issues_removed'] + s['actors_removed'] + s['sources_removed']} "
                    f"removed, "
                    f"{s['issues_changed'] + s['actors_changed'] + s['sources_changed']} edited",
                ]
            )

        _section(sheet, "Most contested issues")
        contested = r.issues[r.issues["contested"]].head(5)
        if len(contested):
            _header(sheet, ["Issue", "Proposition", "Support", "Oppose", "Polarization", ""])
            for issue, row in contested.iterrows():
                sheet.append(
                    [
                        _wrap(str(issue)),
                        _wrap(row["proposition"]),
                        int(row["support"]),
                        int(row["oppose"]),
                        _pct(float(row["polarization"])),
                        self.link("Gaps"),
                    ]
                )
        else:
            sheet.append(["No issue is contested: no voice opposes what another supports."])

        _section(sheet, "Red lines between actors")
        red = r.red_lines.head(10)
        if len(red):
            _header(sheet, ["Actors", "Issue", "Stance A", "Stance B", "", "", ""])
            for _, row in red.iterrows():
                sheet.append(
                    [
                        _wrap(
                            f"{ds.holder_name(row['actor_a'])} ↔ {ds.holder_name(row['actor_b'])}"
                        ),
                        _wrap(row["issue"]),
                        _wrap(_stance_text(self.scale, float(row["stance_a"]))),
                        _wrap(_stance_text(self.scale, float(row["stance_b"]))),
                        self.link("Red lines"),
                    ]
                )
            if len(r.red_lines) > len(red):
                sheet.append([f"… and {len(r.red_lines) - len(red)} more", self.link("Red lines")])
        else:
            sheet.append(["No red lines: no two actors stand on opposite sides at an extreme."])

        for kind, title in (("aligned", "Most aligned voices"), ("divergent", "Least aligned")):
            _section(sheet, f"{title} ({METRIC} agreement)")
            pairs = r.pairs[r.pairs["kind"] == kind].head(5)
            if not len(pairs):
                sheet.append(["No two voices address a common issue."])
                continue
            _header(sheet, ["Voice", "Voice", "Agreement", "Shared issues", ""])
            for _, row in pairs.iterrows():
                sheet.append(
                    [
                        _wrap(row["voice_a"]),
                        _wrap(row["voice_b"]),
                        _pct(float(row["agreement"])),
                        int(row["overlap"]),
                        self.link("Agreement"),
                    ]
                )
        sheet.append([])
        sheet.append_merged(
            _wrap(
                "Stances run from "
                f"{self.scale.min} ({self.scale.labels[0]}) to {self.scale.max} "
                f"({self.scale.labels[-1]}); an issue a voice does not address is blank, "
                "never 0. See About for the measures."
            ),
            span,
        )
        self._figure(sheet, "map", "Who stands where (position map)", widths)

    def _figure(
        self,
        sheet: SheetWriter,
        kind: str,
        title: str | None,
        widths: Sequence[float],
        anchor: str | None = None,
    ) -> None:
        """A figure from posmatrix.plot (:mod:`posmatrix.sheetfigures`); without
        matplotlib, a note on the About sheet instead."""
        from .sheetfigures import MISSING_NOTE, figure_png, place_figure, start_page

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

    # -- Changes -------------------------------------------------------------------------------

    def changes_sheet(self, changes: DatasetDiff) -> None:
        sheet = self.book.add_sheet(
            "Changes", widths=[10, 10, 34, 16, 22, 22, 40, 40], freeze="A2", align=_TOP
        )
        names = ["Kind", "Change", "Item", "Field", "Old", "New", "Old quote", "New quote"]
        _header(sheet, names)
        frame = changes.changes
        n = self._limit_rows(len(frame), "Changes", 1)
        cols = ["kind", "change", "item", "field", "old", "new", "old_quote", "new_quote"]
        for row in frame[cols].head(n).itertuples(index=False):
            sheet.append([_wrap(v) for v in row])
        if not len(frame):
            sheet.append(["", "", "No differences between the two versions."])
        sheet.auto_filter()

    # -- Stances -------------------------------------------------------------------------------

    def stances(self) -> None:
        ds, scale = self.ds, self.scale
        matrix = stance_matrix(ds, None)
        issues = list(matrix.columns)
        fixed = 3
        if len(issues) + fixed > MAX_COLS:
            keep = MAX_COLS - fixed
            msg = (
                f"Stances: {len(issues) - keep:,} of {len(issues):,} issues left out "
                f"(Excel holds {MAX_COLS:,} columns)"
            )
            warnings.warn(msg, CellWarning, stacklevel=2)
            self.notes.append(msg)
            issues = issues[:keep]
        sheet = self.book.add_sheet(
            "Stances", widths=[28, 18, 20, *([12] * len(issues))], freeze="D2", align=_TOP
        )
        header: list[object] = [
            Styled(n, font=BOLD, fill=HEADER_FILL, border=HEADER_BORDER, alignment=_HEADER_WRAP)
            for n in ("Voice", "Source", "Holder")
        ]
        for issue in issues:
            header.append(
                Styled(
                    issue,
                    font=BOLD,
                    fill=HEADER_FILL,
                    border=HEADER_BORDER,
                    alignment=_HEADER_WRAP,
                    comment=ds.issues[issue].proposition,
                )
            )
        sheet.append(header)
        evidence = _evidence(ds)
        values = matrix[issues].to_numpy(dtype=np.float64)
        comments = int(np.count_nonzero(~np.isnan(values))) <= MAX_COMMENTS
        if not comments:
            self.notes.append(
                f"Stances: more than {MAX_COMMENTS:,} coded cells, so the evidence quotes are "
                "not attached as comments (they are in the dataset and the Gaps sheet)"
            )
        n = self._limit_rows(len(matrix), "Stances", 1)
        sources = self.vframe["source"].tolist()
        holders = self.vframe["holder"].tolist()
        labels = matrix.index.tolist()
        for i in range(n):
            row: list[object] = [
                _wrap(labels[i]),
                _wrap(sources[i]),
                _wrap(ds.holder_name(holders[i])),
            ]
            for j, issue in enumerate(issues):
                v = values[i, j]
                if math.isnan(v):
                    row.append(None)
                    continue
                coding = evidence.get((sources[i], holders[i], issue)) if comments else None
                row.append(
                    Styled(
                        _stance_text(scale, v),
                        fill=_stance_fill(scale, v, self.fills),
                        alignment=_CENTER,
                        comment=_comment(ds, coding) if coding is not None else None,
                    )
                )
            sheet.append(row)
        sheet.auto_filter()

    # -- Agreement -----------------------------------------------------------------------------

    def agreement(self) -> None:
        if self.large:
            self._neighbours()
            return
        ds = self.ds
        agr = agreement(ds, METRIC, order="cluster")
        labels = [str(v) for v in agr.index]
        ovl = overlap(ds).loc[labels, labels]
        n = len(labels)
        widths = [34, *([6] * n), 4, *([5] * n)]
        sheet = self.book.add_sheet("Agreement", widths=widths, freeze="B2")
        names = ["Voice (clustered order)", *labels, "issues both address →", *labels]
        _header(sheet, names, rotate_from=1)
        a = agr.to_numpy(dtype=np.float64)
        o = ovl.to_numpy(dtype=np.int64)
        for i, label in enumerate(labels):
            row: list[object] = [label]
            for j in range(n):
                if i == j:
                    row.append(Styled(None, fill=_GREY))
                else:
                    row.append(Styled(float(a[i, j]), number_format=_PCT))
            row.append(None)
            for j in range(n):
                row.append(Styled(int(o[i, j]), fill=_GREY) if i == j else int(o[i, j]))
            sheet.append(row)
        if n:
            from openpyxl.utils import get_column_letter

            last = get_column_letter(n + 1)
            sheet.color_scale(
                f"B2:{last}{n + 1}",
                low=0.0,
                mid=0.5,
                high=1.0,
                colors=(_hex(_OPPOSE), _hex(_NEUTRAL), _hex(_SUPPORT)),
            )
        sheet.append([])
        sheet.append_merged(
            _wrap(
                f"Agreement: {METRIC} — 1 − mean |difference| / scale range over the issues "
                "both voices address (100% = identical stances). Blank: no shared issue. "
                "Voices are ordered by average-linkage clustering, so camps sit together. "
                "Right: the number of issues each pair both addresses — a score resting on "
                "one or two issues is weak."
            ),
            _first_page_span(widths),
        )
        self._figure(sheet, "heatmap", "Agreement as a picture (clustered heatmap)", widths)

    def _neighbours(self) -> None:
        ds = self.ds
        agr = agreement(ds, METRIC)
        ovl = overlap(ds).to_numpy(dtype=np.int64)
        labels = [str(v) for v in agr.index]
        a = agr.to_numpy(dtype=np.float64).copy()
        np.fill_diagonal(a, np.nan)
        defined = ~np.isnan(a)
        has = defined.any(axis=1)
        near = np.where(defined, a, -np.inf).argmax(axis=1)
        far = np.where(defined, a, np.inf).argmin(axis=1)
        split = camps(ds, metric=METRIC)  # k chosen by silhouette (issue 27)
        k = split.k
        camp = split.assignment["camp"].reindex(labels)
        sheet = self.book.add_sheet("Agreement", widths=[30, 8, 30, 11, 9, 30, 11, 9], freeze="B2")
        _header(
            sheet,
            [
                "Voice",
                "Camp",
                "Nearest voice",
                "Agreement",
                "Shared issues",
                "Farthest voice",
                "Agreement",
                "Shared issues",
            ],
        )
        rows = self._limit_rows(len(labels), "Agreement", 1)
        for i in range(rows):
            if has[i]:
                jn, jf = int(near[i]), int(far[i])
                sheet.append(
                    [
                        labels[i],
                        int(camp.iloc[i]),
                        labels[jn],
                        _pct(float(a[i, jn])),
                        int(ovl[i, jn]),
                        labels[jf],
                        _pct(float(a[i, jf])),
                        int(ovl[i, jf]),
                    ]
                )
            else:
                sheet.append([labels[i], int(camp.iloc[i]), "(shares no issue with any voice)"])
        sheet.auto_filter()
        self._figure(sheet, "heatmap", None, [100], anchor="J2")
        self.notes.append(
            f"Agreement: {len(labels):,} voices are more than {LARGE_VOICES}, so the sheet lists "
            f"{k} camps and each voice's nearest and farthest voices instead of the square "
            "matrix (posmatrix matrix --format ... gives the full matrix). Camps: "
            f"{split.verdict}; camp 0 = set aside ({len(split.set_aside):,} voices with "
            f"fewer than {split.min_positions} positions or only neutral ones)"
        )

    # -- Gaps ----------------------------------------------------------------------------------

    def gaps_sheet(self) -> None:
        r = self.report
        ds = self.ds
        sheet = self.book.add_sheet(
            "Gaps",
            widths=[5, 20, 32, 7, 10, 12, 11, 7, 8, 8, 8, 36, 36],
            freeze="C2",
            align=_TOP,
        )
        _header(
            sheet,
            [
                "Rank",
                "Issue",
                "Proposition",
                "Voices",
                "Contested",
                "Polarization",
                "Agreement A",
                "Mean",
                "Support",
                "Neutral",
                "Oppose",
                f"At {self.scale.min} ({self.scale.labels[0]})",
                f"At {self.scale.max} ({self.scale.labels[-1]})",
            ],
        )
        # One row per issue, then one more per further quote at either end, so that no
        # row outgrows Excel's 409-point limit; continuation rows repeat the issue id.
        for issue, row in r.issues.iterrows():
            low = [
                f"{v}: {quoted(q)}"
                for v, q in zip(row["low_voices"], row["low_quotes"], strict=True)
            ]
            high = [
                f"{v}: {quoted(q)}"
                for v, q in zip(row["high_voices"], row["high_quotes"], strict=True)
            ]
            sheet.append(
                [
                    int(row["rank"]),
                    _wrap(str(issue)),
                    _wrap(row["proposition"]),
                    int(row["voices"]),
                    _yes(row["contested"]),
                    _pct(float(row["polarization"])),
                    _num(float(row["van_der_eijk_a"])),
                    _num(float(row["mean"])),
                    int(row["support"]),
                    int(row["neutral"]),
                    int(row["oppose"]),
                    _wrap(low[0] if low else ""),
                    _wrap(high[0] if high else ""),
                ]
            )
            for k in range(1, max(len(low), len(high))):
                sheet.append(
                    [
                        None,
                        Styled(str(issue), font=_MUTED, alignment=WRAP),
                        *([None] * 9),
                        _wrap(low[k] if k < len(low) else ""),
                        _wrap(high[k] if k < len(high) else ""),
                    ]
                )
        sheet.auto_filter()
        del ds

    # -- Red lines -----------------------------------------------------------------------------

    def red_lines(self) -> None:
        ds, r = self.ds, self.report
        sheet = self.book.add_sheet(
            "Red lines", widths=[18, 18, 20, 30, 14, 14, 6, 40, 40], freeze="C2", align=_TOP
        )
        _header(
            sheet,
            [
                "Actor A",
                "Actor B",
                "Issue",
                "Proposition",
                "Stance A",
                "Stance B",
                "Gap",
                "Evidence for A",
                "Evidence for B",
            ],
        )
        red = r.red_lines
        for _, row in red.iterrows():
            issue = str(row["issue"])
            sa, sb = float(row["stance_a"]), float(row["stance_b"])
            sheet.append(
                [
                    _wrap(ds.holder_name(row["actor_a"])),
                    _wrap(ds.holder_name(row["actor_b"])),
                    _wrap(issue),
                    _wrap(ds.issues[issue].proposition),
                    Styled(
                        _stance_text(self.scale, sa),
                        fill=_stance_fill(self.scale, sa, self.fills),
                        alignment=_CENTER,
                    ),
                    Styled(
                        _stance_text(self.scale, sb),
                        fill=_stance_fill(self.scale, sb, self.fills),
                        alignment=_CENTER,
                    ),
                    _num(float(row["gap"])),
                    _wrap(_lines(row["sources_a"], row["evidence_a"])),
                    _wrap(_lines(row["sources_b"], row["evidence_b"])),
                ]
            )
        if not len(red):
            sheet.append(["No red lines: no two actors stand on opposite sides at an extreme."])
        sheet.auto_filter()

    # -- Deals (posmatrix.dealreport) ----------------------------------------------------------

    def deals(self) -> None:
        from .dealreport import deals_sheet, default_deals

        deals_sheet(self, default_deals(self.ds))

    # -- Actors --------------------------------------------------------------------------------

    def actors(self) -> None:
        ds, r = self.ds, self.report
        actor_ids = list(ds.actors)
        widths = [26, 24, 40, 16, 8, 9, 10, 60]
        widths += [0] * max(0, len(actor_ids) + 1 - len(widths))
        widths = [w or 14 for w in widths]
        sheet = self.book.add_sheet("Actors", widths=widths, freeze="C2", align=_TOP)
        _header(
            sheet,
            [
                "Actor",
                "Issue",
                "Proposition",
                "Stance (median)",
                "Spread",
                "Sources",
                "Same side",
                "As reported by each source",
            ],
        )
        for key, row in r.actors.iterrows():
            issue = cast(tuple[str, str], key)[1]
            stance = float(row["stance"])
            sheet.append(
                [
                    _wrap(row["actor_name"]),
                    _wrap(str(issue)),
                    _wrap(row["proposition"]),
                    Styled(
                        _stance_text(self.scale, stance),
                        fill=_stance_fill(self.scale, stance, self.fills),
                        alignment=_CENTER,
                    ),
                    _num(float(row["spread"])),
                    int(row["n_sources"]),
                    _yes(row["same_side"]),
                    _wrap(
                        _lines(
                            row["sources"],
                            [_stance_text(self.scale, float(s)) for s in row["stances"]],
                            row["quotes"],
                        )
                    ),
                ]
            )
        last = sheet.rows
        sheet.auto_filter(last_row=last)
        if actor_ids:
            _section(sheet, "Distance between actors: mean gap in scale points (shared issues)")
            first = sheet.rows + 1
            _header(sheet, ["Actor", *[ds.holder_name(a) for a in actor_ids]], rotate_from=1)
            dist = r.actor_distance.to_numpy(dtype=np.float64)
            shared = r.actor_overlap.to_numpy(dtype=np.int64)
            for i, a in enumerate(actor_ids):
                cells: list[object] = [ds.holder_name(a)]
                for j in range(len(actor_ids)):
                    v = float(dist[i, j])
                    cells.append(
                        Styled(None, fill=_GREY)
                        if i == j
                        else Styled(
                            v,
                            number_format=_NUM,
                            comment=f"{int(shared[i, j])} shared issues"
                            if not math.isnan(v)
                            else None,
                        )
                    )
                sheet.append(cells)
            from openpyxl.utils import get_column_letter

            sheet.color_scale(
                f"B{first + 1}:{get_column_letter(len(actor_ids) + 1)}{sheet.rows}",
                low=0.0,
                mid=self.scale.range / 4,
                high=float(self.scale.range),
                colors=(_hex(_NEUTRAL), "FFFDDBC7", _hex(_OPPOSE)),
            )

    # -- Coverage ------------------------------------------------------------------------------

    def coverage(self) -> None:
        ds, r = self.ds, self.report
        cov = r.coverage
        issues = [str(i) for i in cov.columns][: MAX_COLS - 6]
        sheet = self.book.add_sheet(
            "Coverage", widths=[24, 40, 8, 8, 9, 10, *([4] * len(issues))], freeze="C2", align=_TOP
        )
        _header(
            sheet,
            ["Source", "Title", "Issues", "Share", "Codings", "Low confidence", *issues],
            rotate_from=6,
        )
        per = r.coverage_sources
        mask = cov[issues].to_numpy(dtype=bool)
        n = self._limit_rows(len(per), "Coverage", 1)
        for i, (source, row) in enumerate(per.head(n).iterrows()):
            sheet.append(
                [
                    str(source),
                    _wrap(row["title"]),
                    int(row["issues"]),
                    _pct(float(row["share"])),
                    int(row["codings"]),
                    int(row["low_confidence"]),
                    *[
                        Styled("✓", fill=_COVERED, alignment=_CENTER) if m else None
                        for m in mask[i]
                    ],
                ]
            )
        sheet.auto_filter()
        thin = r.thin_issues
        _section(sheet, f"Issues addressed by fewer than {r.min_sources} sources")
        if len(thin):
            _header(sheet, ["Issue", "Proposition and the sources addressing it", "Sources"])
            for issue, row in thin.iterrows():
                only = ", ".join(row["sources"]) or "no source"
                sheet.append(
                    [
                        _wrap(str(issue)),
                        _wrap(f"{row['proposition']}\nAddressed by: {only}"),
                        int(row["n_sources"]),
                    ]
                )
        else:
            sheet.append(["None."])
        del ds

    # -- Codebook ------------------------------------------------------------------------------

    def codebook(self) -> None:
        ds = self.ds
        sheet = self.book.add_sheet(
            "Codebook", widths=[28, 56, 22, 8, 48, 8], freeze="A2", align=_TOP
        )
        _header(sheet, ["Issue", "Proposition", "Group", "Weight", "Description", "Voices"])
        voices_on = self.report.issues["voices"]
        for issue in ds.issues.values():
            sheet.append(
                [
                    _wrap(issue.id),
                    _wrap(issue.proposition),
                    _wrap(issue.group or ""),
                    issue.weight,
                    _wrap(issue.description),
                    int(voices_on.get(issue.id, 0)),
                ]
            )
        sheet.auto_filter()
        groups: dict[str, list[str]] = {}
        for issue in ds.issues.values():
            if issue.group:
                groups.setdefault(issue.group, []).append(issue.id)
        if groups:
            _section(sheet, "Groups")
            _header(sheet, ["Group", "Issues"])
            for group, members in groups.items():
                sheet.append([_wrap(group), _wrap(", ".join(members))])
        _section(sheet, "Scale and colours")
        _header(sheet, ["Stance", "Label (as shown on the Stances sheet)"])
        for point in self.scale.points:
            sheet.append(
                [
                    point,
                    Styled(
                        _stance_text(self.scale, float(point)),
                        fill=_stance_fill(self.scale, float(point), self.fills),
                    ),
                ]
            )
        sheet.append(["(blank)", "not addressed: the voice says nothing on the issue"])
        if ds.actors:
            _section(sheet, "Actors")
            _header(sheet, ["Actor id", "Name", "Kind"])
            for actor in ds.actors.values():
                sheet.append([actor.id, _wrap(actor.name), actor.kind or ""])
        self.codebook_checks(sheet)

    def codebook_checks(self, sheet: SheetWriter) -> None:
        """The findings of :func:`posmatrix.check` below the codebook (warnings first)."""
        from .codebook import check

        found = check(self.ds)
        _section(sheet, "Codebook checks (posmatrix check; see docs/methods.md)")
        if not len(found):
            sheet.append(["None: no issue pair double-counts, no quote is coded twice."])
            return
        # line and column only: the file's full path would differ from machine to machine
        name = self.ds.name.replace("\\", "/").rsplit("/", 1)[-1]
        _header(sheet, ["Kind", "Finding", "Items", "Severity", f"Where in {name}"])
        order = found.sort_values("severity", key=lambda s: s != "warning", kind="stable")
        for row in order.head(_CHECKS_SHOWN).itertuples(index=False):
            sheet.append(
                [
                    _wrap(row.kind),
                    _wrap(row.message),
                    _wrap(", ".join(row.items)),
                    row.severity,
                    _wrap("line {}, column {}".format(*row.location.rsplit(":", 2)[1:])),
                ]
            )
        if len(found) > _CHECKS_SHOWN:
            sheet.append(
                [
                    "",
                    _wrap(
                        f"{len(found) - _CHECKS_SHOWN} more findings: run "
                        "`posmatrix check` for the full list."
                    ),
                ]
            )

    # -- Sources -------------------------------------------------------------------------------

    def sources(self) -> None:
        ds = self.ds
        sheet = self.book.add_sheet(
            "Sources", widths=[18, 34, 26, 14, 12, 14, 10, 28, 16, 20, 8], freeze="B2", align=_TOP
        )
        _header(
            sheet,
            [
                "Source",
                "Title",
                "Subtitle",
                "Section",
                "Outlet",
                "Author",
                "Published",
                "URL",
                "Text file",
                "Notes",
                "Codings",
            ],
        )
        counts: dict[str, int] = {}
        for c in ds.codings:
            counts[c.source] = counts.get(c.source, 0) + 1
        n = self._limit_rows(len(ds.sources), "Sources", 1)
        for source in list(ds.sources.values())[:n]:
            sheet.append(
                [
                    source.id,
                    _wrap(source.title),
                    _wrap(source.subtitle),
                    _wrap(source.section),
                    _wrap(source.outlet),
                    _wrap(source.author),
                    source.published or "",
                    Styled(source.url, url=source.url, font=_LINK, alignment=WRAP)
                    if source.url
                    else "",
                    _wrap(source.file or ""),
                    _wrap(source.notes),
                    counts.get(source.id, 0),
                ]
            )
        sheet.auto_filter()

    # -- About ---------------------------------------------------------------------------------

    def about(self) -> None:
        ds = self.ds
        sheet = self.book.add_sheet("About", widths=[26, 100], title_rows=0, align=_TOP)
        sheet.append([Styled("About this briefing", font=_TITLE)], height=24)
        facts = [
            ("Dataset", ds.title),
            ("Dataset version", ds.version or "(not given)"),
            ("Format", FORMAT),
            ("Citation", ds.citation or "(not given)"),
            ("Made with", f"posmatrix {__version__}"),
            (
                "Stance scale",
                f"{self.scale.min} to {self.scale.max}: "
                + ", ".join(
                    f"{p} {lab}"
                    for p, lab in zip(self.scale.points, self.scale.labels, strict=True)
                ),
            ),
        ]
        for label, text in facts:
            sheet.append([Styled(label, font=BOLD, alignment=WRAP), _wrap(text)])
        _section(sheet, "Measures used")
        measures = [
            (
                "Voice",
                "A source's own stance (labelled by the source id) or a position a source "
                "attributes to an actor (labelled source/actor).",
            ),
            (
                "Not addressed",
                "A voice that says nothing on an issue has no stance there (a blank cell); "
                "silence is never counted as 0. 0 means a neutral or mixed stance.",
            ),
            (
                "Agreement",
                f"{METRIC}: 1 − mean |a − b| / scale range over the issues both voices "
                "address, weighted by issue weight; 100% = the same stances, 0% = opposite "
                "ends of the scale on every shared issue (smartvote-style).",
            ),
            (
                "Clustered order",
                "Voices ordered by average-linkage (UPGMA) clustering on 1 − agreement, so "
                "voices that agree sit together.",
            ),
            (
                "Contested",
                "An issue is contested when at least one voice supports it and at least one "
                "opposes it.",
            ),
            (
                "Polarization",
                "2 × min(support, oppose) / voices: 100% when the voices split evenly between "
                "support and opposition with nobody neutral.",
            ),
            (
                "Agreement A",
                "van der Eijk's agreement A of the distribution of stances on an issue: 1 all "
                "at one point, 0 uniform, −1 split between the two ends.",
            ),
            (
                "Red line",
                "Two actors' median reported stances on opposite sides of the midpoint, at "
                "least one at an end of the scale.",
            ),
            (
                "Actor stance",
                "The median of the stances the sources attribute to the actor; 'spread' is "
                "max − min across the sources (0 = they agree).",
            ),
        ]
        for label, text in measures:
            sheet.append([Styled(label, font=BOLD, alignment=WRAP), _wrap(text)])
        _section(sheet, "How to read the sheets")
        guide = {
            "Summary": "The headline findings, with links to the detail.",
            "Changes": "One row per changed item or coding; old and new side by side.",
            "Stances": "Rows are voices, columns issues (hover an issue for its proposition). "
            "Red = opposes, blue = supports, white = neutral or mixed, blank = not "
            "addressed. Hover a stance for its verbatim evidence quote. Use the filter "
            "buttons to show one source or one holder.",
            "Agreement": "Blue = agree, red = disagree. Read the shared-issue counts beside "
            "the matrix before trusting a score.",
            "Change over time": "Each actor's moves between months (median of the month's "
            "sources), largest first, with the evidence before and after; below, every "
            "position month by month.",
            "Gaps": "Issues ranked by how contested they are, with the voices and quotes at "
            "both ends of the scale.",
            "Red lines": "Where two actors' reported positions collide, with each side's evidence.",
            "Deals": "Where a deal could be between the actors: which outcome of each issue "
            "crosses no red line, the best packages (or the issues that block them, with "
            "quotes), and trades.",
            "Actors": "Each actor's position per issue as reported by the sources, and how "
            "consistently; below, how far apart the actors stand.",
            "Coverage": "Which source addresses which issue (✓); thinly covered issues below.",
            "Codebook": "The issues, their groups and weights, the scale and its colours; "
            "below, the codebook checks (issues that double-count, quotes coded twice).",
            "Sources": "The coded texts and where to find them.",
        }
        for title in self.titles:
            if title in guide:
                sheet.append(
                    [Styled(title, font=_LINK, link=internal_link(title)), _wrap(guide[title])]
                )
        if self.notes:
            _section(sheet, "Limits applied to this workbook")
            for note in self.notes:
                sheet.append(["", _wrap(note)])
