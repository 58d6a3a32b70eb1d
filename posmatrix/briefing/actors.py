"""The Actors and Coverage sheets."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import cast

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
                _wrap(ctx.findings.issue_names.get(str(issue), str(issue))),
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
                        _titles(ds, row["sources"]),
                        [_stance_text(ctx.scale, float(s)) for s in row["stances"]],
                        [cut(q, 110) for q in row["quotes"]],
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


def _titles(ds: Dataset, sources: Sequence[str]) -> list[str]:
    return [shorten(ds.sources[s].title if s in ds.sources else s, 50) for s in sources]
