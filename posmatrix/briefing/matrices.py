"""The Stances sheet (voice × issue) and the Agreement sheet (voice × voice; past
``LARGE_VOICES`` voices, camps and each voice's neighbours)."""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Final

import numpy as np
from openpyxl.utils import get_column_letter

from ..findings import LARGE_VOICES, METRIC
from ..voicenames import shorten
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
    _MUTED,
    _NEUTRAL,
    _OPPOSE,
    _PCT,
    _ROTATED,
    _SUPPORT,
    _TOP,
    NO_VARIANCE,
    NO_VARIANCE_NOTE,
    _comment,
    _evidence,
    _first_page_span,
    _header,
    _hex,
    _pct,
    _stance_fill,
    _wrap,
)
from .context import Context

if TYPE_CHECKING:
    import pandas as pd

    from ..findings import Findings

MAX_COMMENTS: Final = 20_000
"""At most this many evidence comments on the Stances sheet (each is a drawing)."""


STANCE_WIDTH: Final = 4.5
"""Width of a stance column: the signed stance (``+2``) on its colour; the label is in
the Codebook's scale legend and the issue's header is rotated."""


NAME_WIDTH: Final = 44
"""Width of the Agreement sheet's voice column: a numbered name on one line."""
NAME_CHARS: Final = 50
"""Names on the Agreement sheet are shortened to this many characters."""
CELL_WIDTH: Final = 5.5
"""Width of an agreement cell ("100%")."""


def column_width(header: str, least: float = 9, most: float = 18) -> float:
    """A column wide enough that its header's longest word fits on one line (so a
    header wraps at spaces, never mid-word), between ``least`` and ``most``."""
    longest = max((len(w) for w in header.split()), default=0)
    return float(min(most, max(least, longest * 1.15 + 1.5)))


def stances(ctx: Context) -> None:
    ds, scale = ctx.ds, ctx.scale
    matrix = ctx.findings.stances
    issues = list(matrix.columns)
    with_holder = bool(ds.actors)
    fixed = 2 if with_holder else 1
    if len(issues) + fixed > MAX_COLS:
        keep = MAX_COLS - fixed
        msg = (
            f"Stances: {len(issues) - keep:,} of {len(issues):,} issues left out "
            f"(Excel holds {MAX_COLS:,} columns)"
        )
        warnings.warn(msg, CellWarning, stacklevel=2)
        ctx.notes.append(msg)
        issues = issues[:keep]
    inames = ctx.findings.issue_names
    heads = [inames.get(i, i) for i in issues]
    widths = [32, 18][:fixed] + [STANCE_WIDTH] * len(heads)
    sheet = ctx.book.add_sheet(
        "Stances", widths=widths, freeze=f"{get_column_letter(fixed + 1)}2", align=_TOP
    )
    header: list[object] = [
        Styled(n, font=BOLD, fill=HEADER_FILL, border=HEADER_BORDER, alignment=_HEADER_WRAP)
        for n in ("Voice", "Holder")[:fixed]
    ]
    for issue, head in zip(issues, heads, strict=True):
        header.append(
            Styled(
                shorten(head, 24),
                font=BOLD,
                fill=HEADER_FILL,
                border=HEADER_BORDER,
                alignment=_ROTATED,
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
    vnames = ctx.findings.voice_names
    for i in range(n):
        row: list[object] = [_wrap(vnames.get(labels[i], labels[i]))]
        if with_holder:
            row.append(_wrap(ds.holder_name(holders[i])))
        for j, issue in enumerate(issues):
            v = values[i, j]
            if math.isnan(v):
                row.append(None)
                continue
            coding = evidence.get((sources[i], holders[i], issue)) if comments else None
            row.append(
                Styled(
                    scale.describe(v).split(" ", 1)[0],
                    fill=_stance_fill(scale, v, ctx.fills),
                    alignment=_CENTER,
                    comment=_comment(ds, coding) if coding is not None else None,
                )
            )
        sheet.append(row)
    sheet.auto_filter()
    ctx.print_first(sheet, 1, n, "voices")


def agreement(ctx: Context) -> None:
    if ctx.large:
        _neighbours(ctx)
        return
    agr = ctx.findings.agreement
    labels = ctx.findings.order
    ovl = ctx.findings.overlap
    n = len(labels)
    vnames = ctx.findings.voice_names
    flat = ctx.findings.no_variance
    # voices numbered in clustered order: the columns show the numbers, so headers
    # stay one line; names shortened to one line (the full name in the comment)
    full = [vnames.get(v, v) + (f" {NO_VARIANCE}" if v in flat else "") for v in labels]
    a = agr.to_numpy(dtype=np.float64)
    o = ovl.to_numpy(dtype=np.int64)
    off = o[~np.eye(n, dtype=bool)]
    same = n > 1 and bool((off == off[0]).all())  # every pair shares as many issues
    widths = [NAME_WIDTH, *([CELL_WIDTH] * n)]
    sheet = ctx.book.add_sheet("Agreement", widths=widths, freeze="B3", title_rows=0)
    layout = (
        f"Every pair of voices shares {int(off[0])} issues."
        if same
        else "Below the diagonal: agreement (coloured); above it, in grey: the number of "
        "issues both voices address (a score resting on one or two issues is weak); on "
        "the diagonal: the issues the voice addresses."
    )
    legend = (
        f"Agreement ({METRIC}): 1 − mean |difference| / scale range over the issues both "
        "voices address; 100% = identical stances, blank = no shared issue. Voices in "
        "clustered order, so camps sit together; columns are numbered like the rows. "
        f"{layout}"
    ) + (f" {NO_VARIANCE_NOTE}" if flat else "")
    span = _first_page_span(widths)
    sheet.append_merged(_wrap(legend), span)
    sheet.worksheet.print_title_rows = "2:2"

    def names_row(i: int) -> Styled:
        label = f"{i + 1}. {full[i]}"
        long = len(label) > NAME_CHARS
        return Styled(shorten(label, NAME_CHARS), comment=full[i] if long else None)

    _header(
        sheet,
        ["Voice (clustered order)", *[str(j + 1) for j in range(n)]],
        numeric=range(1, n + 1),
    )
    for i in range(n):
        row: list[object] = [names_row(i)]
        for j in range(n):
            if i == j:
                row.append(Styled(None if same else int(o[i, i]), fill=_GREY, font=_MUTED))
            elif same or j < i:
                row.append(Styled(float(a[i, j]), number_format=_PCT))
            else:
                row.append(Styled(int(o[i, j]), font=_MUTED))
        sheet.append(row)
    colors = (_hex(_OPPOSE), _hex(_NEUTRAL), _hex(_SUPPORT))
    if n and same:
        sheet.color_scale(
            f"B3:{get_column_letter(n + 1)}{n + 2}", low=0.0, mid=0.5, high=1.0, colors=colors
        )
    elif n > 1:
        # the scores sit below the diagonal: one range per row, columns B up to it
        ranges = " ".join(f"B{i + 3}:{get_column_letter(i + 1)}{i + 3}" for i in range(1, n))
        sheet.color_scale(ranges, low=0.0, mid=0.5, high=1.0, colors=colors)
    # the matrix above is the clustered heatmap, coloured; the figure would repeat it


def best_neighbours(f: Findings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each voice's nearest and farthest voice (index ``voice`` in :attr:`Findings.order`;
    columns ``other``, ``score``, ``overlap``; NaN where it shares no issue with any
    voice): the highest (lowest) agreement, ties to the voice sharing more issues, then
    the one earlier in the stance matrix. Read off the dense matrix, or past
    :data:`~posmatrix.blockwise.HUGE_VOICES` off :attr:`Findings.neighbours` (rank 1),
    which orders ties the same way — so both give the same rows."""
    import pandas as pd

    labels = f.order
    index = pd.Index(labels, name="voice", dtype=object)
    if f.huge:
        found = f.neighbours[f.neighbours["rank"] == 1]
        return tuple(
            found[found["kind"] == kind]
            .set_index("voice")[["other", "score", "overlap"]]
            .reindex(index)
            for kind in ("nearest", "farthest")
        )
    a = f.agreement.loc[labels, labels].to_numpy(dtype=np.float64).copy()
    o = f.overlap.loc[labels, labels].to_numpy(dtype=np.int64)
    np.fill_diagonal(a, np.nan)
    defined = ~np.isnan(a)
    where = {v: i for i, v in enumerate(f.stances.index)}
    pos = np.array([where[v] for v in labels], dtype=np.int64)
    rows = np.arange(len(labels))
    out = []
    for sign in (1.0, -1.0):
        s = np.where(defined, sign * a, -np.inf)
        cand = defined & (s == s.max(axis=1, initial=-np.inf, keepdims=True))
        ob = np.where(cand, o, -1).max(axis=1, initial=-1, keepdims=True)
        cand &= o == ob
        j = np.where(cand, pos[None, :], len(labels)).argmin(axis=1) if len(labels) else rows
        none = ~defined.any(axis=1)
        other = np.array(labels, dtype=object)[j]
        other[none] = np.nan
        out.append(
            pd.DataFrame(
                {
                    "other": pd.Series(other, index=index, dtype=object),
                    "score": np.where(none, np.nan, a[rows, j]),
                    "overlap": np.where(none, np.nan, o[rows, j]),
                },
                index=index,
            )
        )
    return out[0], out[1]


def _neighbours(ctx: Context) -> None:
    f = ctx.findings
    near, far = best_neighbours(f)
    labels = list(near.index)
    split = ctx.findings.camps  # k chosen by silhouette; camp 0 = set aside
    k = split.k
    camp = split.assignment["camp"].reindex(labels)
    vnames = ctx.findings.voice_names
    flat = ctx.findings.no_variance

    def name(v: str) -> str:
        return vnames.get(v, v) + (f" {NO_VARIANCE}" if v in flat else "")

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
    cols = [near["other"], near["score"], near["overlap"], far["other"], far["score"]]
    others, scores, overlaps, far_others, far_scores = (c.tolist() for c in cols)
    far_overlaps = far["overlap"].tolist()
    for i in range(rows):
        if isinstance(others[i], str):
            sheet.append(
                [
                    name(labels[i]),
                    int(camp.iloc[i]),
                    name(others[i]),
                    _pct(float(scores[i])),
                    int(overlaps[i]),
                    name(far_others[i]),
                    _pct(float(far_scores[i])),
                    int(far_overlaps[i]),
                ]
            )
        else:
            sheet.append([name(labels[i]), int(camp.iloc[i]), "(shares no issue with any voice)"])
    sheet.auto_filter()
    ctx.print_first(sheet, 1, rows, "voices")
    ctx.figure(sheet, "heatmap", None, [100], anchor="J2")
    more = (
        f"more than {f.huge_voices:,} (or than the memory limit allows), so no voices × "
        "voices matrix is built: the nearest and farthest come from a blocked pass "
        "(posmatrix.agreement(..., top=k) gives each voice's k nearest and farthest)"
        if f.huge
        else f"more than {LARGE_VOICES} (posmatrix matrix --format ... gives the full matrix)"
    )
    ctx.notes.append(
        f"Agreement: {len(labels):,} voices are {more}; the sheet lists "
        f"{k} camps and each voice's nearest and farthest voices instead of the square "
        "matrix. Ties go to the voice sharing more issues. Camps: "
        f"{split.verdict}; camp 0 = set aside ({len(split.set_aside):,} voices with "
        f"fewer than {split.min_positions} positions or only neutral ones)"
    )
    if flat:
        ctx.notes.append(f"Agreement: {NO_VARIANCE_NOTE}")
