"""The sections of the HTML briefing, each built from the frames of a Findings.

Evidence is bounded as in the workbook: a few quotes per side of a contested issue, a
few issues per clash, a bounded stance table for a large dataset; the whole evidence
stays in the page's data (tooltips, quote search) and in the dataset.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from ..voicenames import shorten
from .data import cut
from .escape import Markup, text
from .html import Cell, el, fmt, join, link, section, signed, table
from .svg import blocks_svg, heatmap_svg, legend, map_svg, shade

if TYPE_CHECKING:
    from ..findings import Findings
    from .data import Layout

__all__ = [
    "MAX_STANCE_ROWS",
    "codebook",
    "contested",
    "controls",
    "heatmap",
    "position_map",
    "quotes",
    "stance_matrix",
    "summary",
]

MAX_STANCE_ROWS: Final = 200
"""Most voices the stance table lists (clustered order); the rest are in the data."""
MAX_EVIDENCE: Final = 3
"""Quotes shown per side of a contested issue, and issues per clash."""
MAX_CONTESTED: Final = 10
"""Contested issues shown with their evidence."""
MAX_MEMBERS: Final = 12
"""Members named per camp."""
SHORT_QUOTE: Final = 280


def _stance_shade(f: Findings, value: float) -> str:
    scale = f.dataset.scale
    return shade((value - scale.midpoint) / (scale.range / 2))


def _label(f: Findings, value: float) -> str:
    return "not addressed" if math.isnan(value) else f.dataset.scale.label(value)


def summary(f: Findings, lay: Layout) -> Markup:
    ds = f.dataset
    report = f.report
    contested = report.issues[report.issues["contested"]]
    top = [str(i) for i in contested.index[:3]]
    facts = [
        f"{len(ds.sources):,} sources",
        f"{len(lay.voices):,} voices ({len(lay.holders) - 1:,} actors reported)",
        f"{len(ds.issues):,} issues",
        f"{len(ds.codings):,} codings",
        f"{len(contested):,} contested issues",
        f"{len(report.red_lines):,} red lines between actors",
    ]
    if lay.voices:
        facts.append(f"{f.camps.k} camps (sizes {', '.join(str(s) for s in f.camps.sizes)})")
    parts: list[object] = []
    if ds.description:
        parts.append(el("p", cut(ds.description, 1200), "lead"))
    parts.append(el("ul", join(el("li", x) for x in facts), "facts"))
    if top:
        props = [ds.issues[i].proposition for i in top]
        parts.append(
            el(
                "p",
                join(
                    [
                        "Most contested: ",
                        join((el("q", cut(p, 160)) for p in props), "; "),
                    ]
                ),
            )
        )
    if ds.version or ds.citation:
        parts.append(el("p", " · ".join(x for x in (ds.version, ds.citation) if x), "muted"))
    return section("summary", "Summary", *parts)


def controls(lay: Layout) -> Markup:
    """Filters by holder and by issue group (checkboxes the script reads)."""
    holders = join(
        Markup(
            f'<label><input type="checkbox" data-filter="h" value="{k}" checked> '
            f"{text(name if k == 0 else f'{name} ({hid})')}</label>"
        )
        for k, (hid, name) in enumerate(lay.holders)
    )
    groups = join(
        Markup(
            f'<label><input type="checkbox" data-filter="g" value="{k}" checked> {text(g)}</label>'
        )
        for k, g in enumerate(lay.groups)
    )
    return Markup(
        '<form id="filters" class="controls" aria-label="Filters">'
        f"<fieldset><legend>Voices of</legend>{holders}</fieldset>"
        f"<fieldset><legend>Issue groups</legend>{groups}</fieldset>"
        '<p class="muted" id="filter-state" aria-live="polite"></p></form>'
    )


def position_map(f: Findings, lay: Layout) -> Markup:
    emb = f.embedding
    camps = "".join(
        f'<span class="sw c{min(c, 9)}"></span><span>camp {c}</span>'
        for c in range(1, f.camps.k + 1)
    )
    if len(f.camps.set_aside):
        camps += '<span class="sw c0"></span><span>set aside (too few positions)</span>'
    return section(
        "map",
        "Position map",
        Markup(f'<div class="figure">{map_svg(emb.points, emb.issues, lay, f.issue_names)}</div>'),
        Markup(f'<p class="legend" aria-hidden="true">{camps}</p>'),
        el(
            "p",
            f"The axes are the first two of the three the camps are found in (principal "
            f"components of the stances, a missing position filled with the issue's mean), "
            f"so the colours are camps of this very picture; they carry {emb.fit}, and camps "
            "that overlap here may be apart on the third. Hollow: "
            "voices set aside, placed by the same projection. Lines: the issues whose "
            "stances correlate most with the two axes, pointing towards support.",
            "muted",
        ),
        intro="Each dot is a voice; close dots take similar stances. Hover or tap a dot "
        "for the voice and its quotes; colours are camps.",
    )


def heatmap(f: Findings, lay: Layout) -> Markup:
    labels = ["0% agree", "", "50%", "", "100% agree"]
    if f.large:
        from .data import camp_blocks

        sizes, mean = camp_blocks(f, lay)
        picture = blocks_svg(sizes, mean)
        intro = (
            f"{len(lay.voices):,} voices are too many for one cell per pair: each block is "
            "a pair of camps (labelled with their sizes), coloured by the mean agreement of "
            "their voices. Hover or tap a block for the camps and the score."
        )
        note = "Blank: no pair of their voices shares an issue."
    else:
        picture = heatmap_svg(f.agreement, lay, f.voice_names)
        note = "Grey: the same voice. Outlined white: the two voices share no issue."
        intro = (
            f"Agreement ({f.metric}) of every pair of voices, in clustered order so camps "
            "sit together. Hover or tap a cell for the two voices, the score, the issues "
            "both address and their quotes."
        )
    return section(
        "agreement",
        "Agreement",
        Markup(f'<div class="figure heat scroll">{picture}</div>'),
        legend(labels),
        el("p", note, "muted"),
        intro=intro,
    )


def stance_matrix(f: Findings, lay: Layout) -> Markup:
    ds = f.dataset
    shown = lay.voices[:MAX_STANCE_ROWS]
    iname = {i: shorten(f.issue_names.get(i, i), 28) for i in lay.issues}
    values = f.stances.loc[shown, lay.issues].to_numpy(dtype=np.float64)
    heads = "".join(
        f'<th scope="col" class="g{lay.issue_group[j]} iss" '
        f'title="{text(i)}: {text(ds.issues[i].proposition)}">'
        f"<span>{text(iname[i])}</span></th>"
        for j, i in enumerate(lay.issues)
    )
    rows: list[str] = []
    for v, label in enumerate(shown):
        cells = []
        for j in range(len(lay.issues)):
            x = values[v, j]
            g = lay.issue_group[j]
            if math.isnan(x):
                cells.append(f'<td class="g{g}"></td>')
            else:
                cells.append(
                    f'<td class="g{g} s {_stance_shade(f, x)}" tabindex="-1">{signed(x)}</td>'
                )
        rows.append(
            f'<tr class="h{lay.voice_holder[v]}" data-v="{v}">'
            f'<th scope="row" title="{text(label)}">'
            f"{text(shorten(f.voice_names.get(label, label), 70))}</th>"
            f'<td class="camp c{min(lay.voice_camp[v], 9)}">{lay.voice_camp[v] or "–"}</td>'
            + "".join(cells)
            + "</tr>"
        )
    more = ""
    if len(lay.voices) > len(shown):
        more = el(
            "p",
            f"The first {len(shown):,} of {len(lay.voices):,} voices (clustered order); the "
            "quote search below covers every voice.",
            "muted",
        )
    scale = ds.scale
    key = ", ".join(f"{signed(float(p))} {scale.label(p)}" for p in range(scale.min, scale.max + 1))
    return section(
        "stances",
        "Stances",
        Markup(
            '<div class="scroll"><table id="stance-table" class="stances">'
            f'<thead><tr><th scope="col">Voice</th><th scope="col">Camp</th>{heads}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        ),
        more,
        intro=f"Each voice's stance on each issue ({key}). Hover, tap or press Enter on a "
        "cell for the quote; arrow keys move between cells.",
    )


def _quotes(voices: list[Any], quotes: list[Any]) -> Markup:
    items = [
        el("li", join([el("span", v, "who"), " ", el("q", cut(str(q), SHORT_QUOTE))]))
        for v, q in list(zip(voices, quotes, strict=False))[:MAX_EVIDENCE]
    ]
    extra = len(voices) - MAX_EVIDENCE
    if extra > 0:
        items.append(el("li", f"… and {extra} more", "muted"))
    return el("ul", join(items), "evidence")


def contested(f: Findings, lay: Layout) -> Markup:
    issues = f.report.issues
    ds = f.dataset
    rows = []
    row_cls = []
    for issue, r in issues.iterrows():
        j = lay.issues.index(str(issue))
        row_cls.append(f"g{lay.issue_group[j]}")
        rows.append(
            [
                Cell(int(r["rank"]), float(r["rank"]), "num"),
                Cell(shorten(f.issue_names.get(str(issue), str(issue)), 70), title=str(issue)),
                cut(str(r["proposition"]), 200),
                lay.groups[lay.issue_group[j]],
                Cell(int(r["voices"]), float(r["voices"]), "num"),
                Cell(int(r["support"]), float(r["support"]), "num"),
                Cell(int(r["neutral"]), float(r["neutral"]), "num"),
                Cell(int(r["oppose"]), float(r["oppose"]), "num"),
                Cell(fmt(float(r["polarization"])), float(r["polarization"]), "num"),
            ]
        )
    heads = ["Rank", "Issue", "Proposition", "Group", "Voices", "Support", "Neutral",
             "Oppose", "Polarization"]  # fmt: skip
    blocks = []
    for issue, r in issues[issues["contested"]].head(MAX_CONTESTED).iterrows():
        lo = ds.scale.label(float(r["min"]))
        hi = ds.scale.label(float(r["max"]))
        j = lay.issues.index(str(issue))
        blocks.append(
            Markup(
                f'<details class="g{lay.issue_group[j]}"><summary>'
                f"{text(cut(str(r['proposition']), 160))} "
                f'<span class="muted">({text(issue)})</span></summary>'
                f'<div class="sides"><div><h4>{text(hi)}</h4>'
                f"{_quotes(list(r['high_voices']), list(r['high_quotes']))}</div>"
                f"<div><h4>{text(lo)}</h4>"
                f"{_quotes(list(r['low_voices']), list(r['low_quotes']))}</div></div></details>"
            )
        )
    return section(
        "contested",
        "Contested issues",
        table(heads, rows, cls="issues", row_cls=row_cls),
        el("h3", "The evidence on each side") if blocks else "",
        join(blocks),
        intro="Every issue, most contested first (some voices support it, others oppose "
        "it). Click a column header to sort. Below, the quotes at the two extremes.",
    )


def quotes() -> Markup:
    return section(
        "quotes",
        "Quotes",
        Markup(
            '<p><label for="q-search">Search the quotes</label> '
            '<input id="q-search" type="search" autocomplete="off" spellcheck="false" '
            'placeholder="a word, a name, an issue id"></p>'
            '<p id="q-count" class="muted" aria-live="polite"></p>'
            '<ol id="q-results" class="quotes"></ol>'
            '<noscript><p class="muted">The quote search needs JavaScript; the quotes of '
            "contested issues and clashes are shown above.</p></noscript>"
        ),
        intro="Every coded quote, filtered by the holder and group filters above; the first "
        "100 matches are listed.",
    )


def codebook(f: Findings, lay: Layout) -> Markup:
    ds = f.dataset
    rows = [
        [
            Cell(i.id, cls="id"),
            i.proposition,
            lay.groups[lay.issue_group[k]],
            Cell(fmt(i.weight, "g"), i.weight, "num"),
            cut(i.description, 400),
        ]
        for k, i in enumerate(ds.issues.values())
    ]
    row_cls = [f"g{g}" for g in lay.issue_group]
    srows = [
        [
            Cell(s.id, cls="id"),
            s.title,
            s.outlet,
            s.author,
            s.published or "",
            link(s.url) if s.url else "",
        ]
        for s in ds.sources.values()
    ]
    return section(
        "codebook",
        "Codebook and sources",
        el("h3", "Issues"),
        table(
            ["Issue", "Proposition", "Group", "Weight", "Description"],
            rows,
            cls="codebook",
            row_cls=row_cls,
        ),
        el("h3", "Sources"),
        table(["Source", "Title", "Outlet", "Author", "Published", "URL"], srows, cls="sources"),
    )
