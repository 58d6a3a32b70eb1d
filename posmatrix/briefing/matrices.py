"""The Stances sheet (voice × issue) and the Agreement sheet (voice × voice; past
``LARGE_VOICES`` voices, camps and each voice's neighbours)."""

from __future__ import annotations

import math
import warnings
from typing import Final

import numpy as np

from ..findings import LARGE_VOICES, METRIC
from ..xlsx import (
    BOLD,
    HEADER_BORDER,
    HEADER_FILL,
    MAX_COLS,
    CellWarning,
    Styled,
)
from ._style import (
    _CENTER,
    _GREY,
    _HEADER_WRAP,
    _NEUTRAL,
    _OPPOSE,
    _PCT,
    _SUPPORT,
    _TOP,
    _comment,
    _evidence,
    _first_page_span,
    _header,
    _hex,
    _pct,
    _stance_fill,
    _stance_text,
    _wrap,
)
from .context import Context

MAX_COMMENTS: Final = 20_000
"""At most this many evidence comments on the Stances sheet (each is a drawing)."""


def stances(ctx: Context) -> None:
    ds, scale = ctx.ds, ctx.scale
    matrix = ctx.findings.stances
    issues = list(matrix.columns)
    fixed = 3
    if len(issues) + fixed > MAX_COLS:
        keep = MAX_COLS - fixed
        msg = (
            f"Stances: {len(issues) - keep:,} of {len(issues):,} issues left out "
            f"(Excel holds {MAX_COLS:,} columns)"
        )
        warnings.warn(msg, CellWarning, stacklevel=2)
        ctx.notes.append(msg)
        issues = issues[:keep]
    sheet = ctx.book.add_sheet(
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
        ctx.notes.append(
            f"Stances: more than {MAX_COMMENTS:,} coded cells, so the evidence quotes are "
            "not attached as comments (they are in the dataset and the Gaps sheet)"
        )
    n = ctx.limit_rows(len(matrix), "Stances", 1)
    sources = ctx.vframe["source"].tolist()
    holders = ctx.vframe["holder"].tolist()
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
                    fill=_stance_fill(scale, v, ctx.fills),
                    alignment=_CENTER,
                    comment=_comment(ds, coding) if coding is not None else None,
                )
            )
        sheet.append(row)
    sheet.auto_filter()


def agreement(ctx: Context) -> None:
    if ctx.large:
        _neighbours(ctx)
        return
    agr = ctx.findings.agreement
    labels = ctx.findings.order
    ovl = ctx.findings.overlap
    n = len(labels)
    widths = [34, *([6] * n), 4, *([5] * n)]
    sheet = ctx.book.add_sheet("Agreement", widths=widths, freeze="B2")
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
    ctx.figure(sheet, "heatmap", "Agreement as a picture (clustered heatmap)", widths)


def _neighbours(ctx: Context) -> None:
    agr = ctx.findings.agreement
    ovl = ctx.findings.overlap.to_numpy(dtype=np.int64)
    labels = [str(v) for v in agr.index]
    a = agr.to_numpy(dtype=np.float64).copy()
    np.fill_diagonal(a, np.nan)
    defined = ~np.isnan(a)
    has = defined.any(axis=1)
    near = np.where(defined, a, -np.inf).argmax(axis=1)
    far = np.where(defined, a, np.inf).argmin(axis=1)
    k = min(6, len(labels))
    camp = ctx.findings.camps.assignment["camp"].reindex(labels)
    sheet = ctx.book.add_sheet("Agreement", widths=[30, 8, 30, 11, 9, 30, 11, 9], freeze="B2")
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
    rows = ctx.limit_rows(len(labels), "Agreement", 1)
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
    ctx.figure(sheet, "heatmap", None, [100], anchor="J2")
    ctx.notes.append(
        f"Agreement: {len(labels):,} voices are more than {LARGE_VOICES}, so the sheet lists "
        f"{k} camps and each voice's nearest and farthest voices instead of the square "
        "matrix (posmatrix matrix --format ... gives the full matrix)"
    )
