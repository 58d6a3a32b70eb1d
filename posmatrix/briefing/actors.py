"""The Actors and Coverage sheets."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..evidence import cut
from ..model import Dataset
from ..voicenames import shorten
from ..xlsx import (
    MAX_COLS,
    Styled,
)
from ._style import (
    _CENTER,
    _COVERED,
    _GREY,
    _NEUTRAL,
    _NUM,
    _OPPOSE,
    _TOP,
    _first_page_span,
    _header,
    _hex,
    _lines,
    _pct,
    _section,
    _stance_fill,
    _stance_text,
    _wrap,
)
from .context import Context


def actors(ctx: Context) -> None:
    """An issue per row, an actor per column: the median of the stances the sources
    report for the actor, how many sources report it, ``*`` where they stand on
    different sides; each source's report and quote in the cell's comment."""
    ds, r = ctx.ds, ctx.report
    actor_ids = list(ds.actors)
    inames = ctx.findings.issue_names
    widths = [28, 56, *([13] * max(1, len(actor_ids)))]
    sheet = ctx.book.add_sheet("Actors", widths=widths, freeze="C3", align=_TOP, title_rows=2)
    sheet.append_merged(
        _wrap(
            "Each actor's position as the sources report it: the median stance, (n) the "
            "number of sources reporting it, * the sources put it on different sides. "
            "Each source's report and quote: the cell's comment and the Evidence sheet."
        ),
        len(widths),
    )
    _header(sheet, ["Issue", "Proposition", *[ds.holder_name(a) for a in actor_ids]])
    frame = r.actors
    cells: dict[tuple[str, str], Any] = {
        (str(a), str(i)): row
        for (a, i), row in zip(frame.index, frame.itertuples(index=False), strict=True)
    }
    issues = [i for i in ds.issues if any((a, i) in cells for a in actor_ids)]
    for issue in issues:
        line: list[object] = [_wrap(inames.get(issue, issue)), _wrap(ds.issues[issue].proposition)]
        for a in actor_ids:
            row = cells.get((a, issue))
            if row is None:
                line.append(None)
                continue
            stance = float(row.stance)
            mark = _stance_text(ctx.scale, stance).split(" ", 1)[0]
            text = f"{mark} ({int(row.n_sources)})" + ("" if row.same_side else " *")
            note = _lines(
                _titles(ds, row.sources),
                [_stance_text(ctx.scale, float(x)) for x in row.stances],
                [cut(q, 110) for q in row.quotes],
            )
            line.append(
                Styled(
                    text,
                    fill=_stance_fill(ctx.scale, stance, ctx.fills),
                    alignment=_CENTER,
                    comment=note,
                )
            )
        sheet.append(line)
    if not issues:
        sheet.append(["No source reports an actor's position."])
    if actor_ids:
        _section(sheet, "Distance between actors: mean gap in scale points (shared issues)")
        first = sheet.rows + 1
        # the actor's name over the issue and proposition columns, one actor a column
        _header(sheet, ["Actor", "", *[ds.holder_name(a) for a in actor_ids]])
        dist = r.actor_distance.to_numpy(dtype=np.float64)
        shared = r.actor_overlap.to_numpy(dtype=np.int64)
        for i, a in enumerate(actor_ids):
            dist_row: list[object] = [ds.holder_name(a), None]
            for j in range(len(actor_ids)):
                v = float(dist[i, j])
                dist_row.append(
                    Styled(None, fill=_GREY)
                    if i == j
                    else Styled(
                        v,
                        number_format=_NUM,
                        comment=f"{int(shared[i, j])} shared issues" if not math.isnan(v) else None,
                    )
                )
            sheet.append(dist_row, merge={0: 2})
        from openpyxl.utils import get_column_letter

        sheet.color_scale(
            f"C{first + 1}:{get_column_letter(len(actor_ids) + 2)}{sheet.rows}",
            low=0.0,
            mid=ctx.scale.range / 4,
            high=float(ctx.scale.range),
            colors=(_hex(_NEUTRAL), "FFFDDBC7", _hex(_OPPOSE)),
        )


def coverage(ctx: Context) -> None:
    ds, r = ctx.ds, ctx.report
    cov = r.coverage
    issues = [str(i) for i in cov.columns][: MAX_COLS - 5]
    inames = ctx.findings.issue_names
    sheet = ctx.book.add_sheet(
        "Coverage", widths=[40, 7, 7, 8, 8, *([3.5] * len(issues))], freeze="B2", align=_TOP
    )
    _header(
        sheet,
        [
            "Source",
            "Issues",
            "Share",
            "Codings",
            "Low conf.",
            *[shorten(inames.get(i, i), 22) for i in issues],
        ],
        rotate_from=5,
        numeric=(1, 2, 3, 4),
    )
    per = r.coverage_sources
    mask = cov[issues].to_numpy(dtype=bool)
    n = ctx.limit_rows(len(per), "Coverage", 1)
    for i, (_source, row) in enumerate(per.head(n).iterrows()):
        sheet.append(
            [
                _wrap(shorten(str(row["title"]), 80)),
                int(row["issues"]),
                _pct(float(row["share"])),
                int(row["codings"]),
                int(row["low_confidence"]),
                *[Styled("✓", fill=_COVERED, alignment=_CENTER) if m else None for m in mask[i]],
            ]
        )
    sheet.auto_filter()
    tail = sheet.rows + 1
    thin = r.thin_issues
    _section(sheet, f"Issues addressed by fewer than {r.min_sources} sources")
    if len(thin):
        span = _first_page_span([40, 7, 7, 8, 8, *([3.5] * len(issues))])
        for issue, row in thin.iterrows():
            only = "; ".join(_titles(ds, row["sources"])) or "no source"
            n_src = int(row["n_sources"])
            sheet.append_merged(
                _wrap(
                    f"{inames.get(str(issue), str(issue))} ({n_src} source"
                    f"{'' if n_src == 1 else 's'}): {row['proposition']} Addressed by: {only}"
                ),
                span,
            )
    else:
        sheet.append(["None."])
    # the thin issues print too, when there are any (a page of "None." would not help)
    ctx.print_first(sheet, 1, n, "sources", tail=tail if len(thin) else None)


def _titles(ds: Dataset, sources: Sequence[str]) -> list[str]:
    return [shorten(ds.sources[s].title if s in ds.sources else s, 50) for s in sources]
