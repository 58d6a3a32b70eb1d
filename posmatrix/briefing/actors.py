"""The Actors and Coverage sheets."""

from __future__ import annotations

import math
from typing import cast

import numpy as np

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
    _header,
    _hex,
    _lines,
    _num,
    _pct,
    _section,
    _stance_fill,
    _stance_text,
    _wrap,
    _yes,
)
from .context import Context


def actors(ctx: Context) -> None:
    ds, r = ctx.ds, ctx.report
    actor_ids = list(ds.actors)
    widths = [26, 24, 40, 16, 8, 9, 10, 60]
    widths += [0] * max(0, len(actor_ids) + 1 - len(widths))
    widths = [w or 14 for w in widths]
    sheet = ctx.book.add_sheet("Actors", widths=widths, freeze="C2", align=_TOP)
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
                    _stance_text(ctx.scale, stance),
                    fill=_stance_fill(ctx.scale, stance, ctx.fills),
                    alignment=_CENTER,
                ),
                _num(float(row["spread"])),
                int(row["n_sources"]),
                _yes(row["same_side"]),
                _wrap(
                    _lines(
                        row["sources"],
                        [_stance_text(ctx.scale, float(s)) for s in row["stances"]],
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
                        comment=f"{int(shared[i, j])} shared issues" if not math.isnan(v) else None,
                    )
                )
            sheet.append(cells)
        from openpyxl.utils import get_column_letter

        sheet.color_scale(
            f"B{first + 1}:{get_column_letter(len(actor_ids) + 1)}{sheet.rows}",
            low=0.0,
            mid=ctx.scale.range / 4,
            high=float(ctx.scale.range),
            colors=(_hex(_NEUTRAL), "FFFDDBC7", _hex(_OPPOSE)),
        )


def coverage(ctx: Context) -> None:
    ds, r = ctx.ds, ctx.report
    cov = r.coverage
    issues = [str(i) for i in cov.columns][: MAX_COLS - 6]
    sheet = ctx.book.add_sheet(
        "Coverage", widths=[24, 40, 8, 8, 9, 10, *([4] * len(issues))], freeze="C2", align=_TOP
    )
    _header(
        sheet,
        ["Source", "Title", "Issues", "Share", "Codings", "Low confidence", *issues],
        rotate_from=6,
    )
    per = r.coverage_sources
    mask = cov[issues].to_numpy(dtype=bool)
    n = ctx.limit_rows(len(per), "Coverage", 1)
    for i, (source, row) in enumerate(per.head(n).iterrows()):
        sheet.append(
            [
                str(source),
                _wrap(row["title"]),
                int(row["issues"]),
                _pct(float(row["share"])),
                int(row["codings"]),
                int(row["low_confidence"]),
                *[Styled("✓", fill=_COVERED, alignment=_CENTER) if m else None for m in mask[i]],
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
