"""How results show themselves in Jupyter: ``_repr_html_`` and a short ``__repr__``.

:class:`~posmatrix.Dataset`, :class:`~posmatrix.GapReport`, :class:`~posmatrix.Camps`,
:class:`~posmatrix.Reliability` and :class:`~posmatrix.changes.DatasetDiff` delegate to
the functions here, which build their HTML from :mod:`posmatrix.htmlparts` (one
escaping rule: a dataset text never runs as markup). What is shown is bounded, as in
the briefing: texts cut to :data:`~posmatrix.htmlparts.QUOTE_WIDTH` characters, at most
:data:`MAX_QUOTES` quotes per pole of :data:`TOP_ISSUES` contested issues, at most
:data:`~posmatrix.htmlparts.MAX_ROWS` rows per table; the full data stays in the
result's frames.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Final

from .htmlparts import (
    MAX_ROWS,
    Html,
    chip,
    cut,
    details,
    el,
    esc,
    head,
    join,
    num,
    page,
    plural,
    quote,
    signed,
    stance_chip,
    table,
)
from .model import AUTHOR, FORMAT, Dataset
from .notebook_check import check_html

if TYPE_CHECKING:
    from .analysis import Camps
    from .changes import DatasetDiff
    from .gapreport import GapReport
    from .intercoder import Reliability

__all__ = [
    "MAX_QUOTES",
    "TOP_ISSUES",
    "camps_html",
    "camps_repr",
    "dataset_html",
    "dataset_repr",
    "diff_html",
    "diff_repr",
    "gaps_html",
    "gaps_repr",
    "reliability_html",
    "reliability_repr",
]

MAX_QUOTES: Final = 3
"""Most quotes shown per pole of a contested issue."""
TOP_ISSUES: Final = 5
"""Contested issues shown with their quotes in a gap report."""


# -- Dataset ------------------------------------------------------------------------------


def dataset_repr(ds: Dataset) -> str:
    """``<Dataset 'title' v2025.1: 18 issues, 5 actors, 5 sources, 112 codings>``."""
    version = f" v{ds.version}" if ds.version else ""
    return (
        f"<Dataset {cut(ds.title, 60)!r}{version}: {plural(len(ds.issues), 'issue')}, "
        f"{plural(len(ds.actors), 'actor')}, {plural(len(ds.sources), 'source')}, "
        f"{plural(len(ds.codings), 'coding')}>"
    )


def dataset_html(ds: Dataset) -> Html:
    """Title, version, counts, the scale's colours, the codebook as compact tables and
    the problems :func:`posmatrix.check` finds (see :mod:`posmatrix.notebook_check`)."""
    per_issue = Counter(c.issue for c in ds.codings)
    per_holder = Counter(c.holder for c in ds.codings)
    per_source = Counter(c.source for c in ds.codings)
    voices = {(c.source, c.holder) for c in ds.codings}
    own = sum(1 for _, h in voices if h == AUTHOR)
    sources_of: dict[str, set[str]] = {}
    for c in ds.codings:
        sources_of.setdefault(c.issue, set()).add(c.source)
    note = " · ".join(
        p for p in (f"version {ds.version}" if ds.version else "", FORMAT, ds.path or "") if p
    )
    counts = (
        f"{plural(len(ds.issues), 'issue')} · {plural(len(ds.actors), 'actor')} · "
        f"{plural(len(ds.sources), 'source')} · {plural(len(ds.codings), 'coding')} by "
        f"{plural(len(voices), 'voice')} ({own:,} sources' own, {len(voices) - own:,} "
        "attributed to actors)"
    )
    scale = ds.scale
    legend = Html(
        "<p>Scale: "
        + join(
            (Html(f"{stance_chip(scale, p)} {esc(scale.label(p))}") for p in scale.points)
            if len(scale.points) <= 11
            else (Html(f"{stance_chip(scale, p)}") for p in (scale.min, scale.max)),
            " · ",
        )
        + f" · {chip('', '–')} not addressed (never counted as 0)</p>"
    )
    issues = list(ds.issues.values())[:MAX_ROWS]
    weights = any(i.weight != 1 for i in ds.issues.values())
    groups = any(i.group for i in ds.issues.values())
    headers = ["issue", "proposition", *(["group"] if groups else [])]
    headers += [*(["weight"] if weights else []), "sources", "codings"]
    rows = [
        [
            i.id,
            cut(i.proposition, 160),
            *([i.group or ""] if groups else []),
            *([f"{i.weight:g}"] if weights else []),
            len(sources_of.get(i.id, ())),
            per_issue.get(i.id, 0),
        ]
        for i in issues
    ]
    n_num = 2 + weights
    codebook = table(
        headers,
        rows,
        numeric=range(len(headers) - n_num, len(headers)),
        ids=[0],
        total=len(ds.issues),
    )
    actors = table(
        ["actor", "name", "kind", "codings"],
        [
            [a.id, cut(a.name, 80), a.kind or "", per_holder.get(a.id, 0)]
            for a in list(ds.actors.values())[:MAX_ROWS]
        ],
        numeric=[3],
        ids=[0],
        total=len(ds.actors),
    )
    sources = table(
        ["source", "title", "outlet", "published", "codings"],
        [
            [s.id, cut(s.title, 100), cut(s.outlet, 40), s.published or "", per_source.get(s.id, 0)]
            for s in list(ds.sources.values())[:MAX_ROWS]
        ],
        numeric=[4],
        ids=[0, 3],
        total=len(ds.sources),
    )
    return page(
        head(ds.title, note),
        el("p", cut(ds.description, 400)) if ds.description else "",
        el("p", counts),
        legend,
        details(f"Codebook: {plural(len(ds.issues), 'issue')}", codebook, open_=True),
        check_html(ds),
        details(f"Actors ({len(ds.actors):,})", actors),
        details(f"Sources ({len(ds.sources):,})", sources),
    )


# -- GapReport ----------------------------------------------------------------------------


def gaps_repr(r: GapReport) -> str:
    """``<GapReport 'title': 12 of 18 issues contested, 7 red lines, 25 voices>``."""
    contested = int(r.issues["contested"].sum())
    return (
        f"<GapReport {cut(r.dataset.title, 60)!r}: {contested} of "
        f"{plural(len(r.issues), 'issue')} contested, {plural(len(r.red_lines), 'red line')}; "
        f"holders {', '.join(r.holders)}>"
    )


def gaps_html(r: GapReport) -> Html:
    """The summary, then the most contested issues with the quotes at both poles."""
    ds = r.dataset
    scale = ds.scale
    issues = r.issues
    contested = issues[issues["contested"]]
    points: list[object] = [
        f"{len(contested)} of {len(issues)} issues are contested "
        "(some voice supports what another opposes)."
    ]
    points.append(f"{plural(len(r.red_lines), 'red line')} between actors.")
    for kind, word in (("aligned", "Most aligned"), ("divergent", "Most divergent")):
        part = r.pairs[r.pairs["kind"] == kind]
        if len(part):
            p = part.iloc[0]
            points.append(
                f"{word}: {p['voice_a']} and {p['voice_b']} ({num(p['agreement'], '.0%')} "
                f"over {plural(int(p['overlap']), 'shared issue')})."
            )
    if len(r.thin_issues):
        points.append(
            f"{plural(len(r.thin_issues), 'issue')} addressed by fewer than "
            f"{r.min_sources} sources."
        )
    summary = Html("<ul>" + "".join(f"<li>{esc(p)}</li>" for p in points) + "</ul>")
    blocks: list[object] = []
    for issue, row in contested.head(TOP_ISSUES).iterrows():
        poles: list[object] = []
        for side in ("low", "high"):
            voices = list(row[f"{side}_voices"])
            quotes = list(row[f"{side}_quotes"])
            value = float(row["min"] if side == "low" else row["max"])
            items = [
                Html(f"<li>{stance_chip(scale, value)} {el('b', v)}: {quote(q)}</li>")
                for v, q in zip(voices[:MAX_QUOTES], quotes[:MAX_QUOTES], strict=True)
            ]
            if len(voices) > MAX_QUOTES:
                items.append(
                    el(
                        "li",
                        f"… and {len(voices) - MAX_QUOTES} more at this pole "
                        f"(report.issues.loc[{str(issue)!r}, '{side}_voices'])",
                        "muted",
                    )
                )
            poles.append(Html("<ul>" + "".join(items) + "</ul>"))
        counts = (
            f"{int(row['voices'])} voices: {int(row['support'])} support, "
            f"{int(row['neutral'])} neutral or mixed, {int(row['oppose'])} oppose; "
            f"polarization {num(row['polarization'], '.0%')}"
        )
        blocks.append(
            details(
                Html(f"{esc(row['rank'])}. {esc(issue)}: {esc(cut(row['proposition'], 160))}"),
                Html(f"{el('p', counts, 'muted')}{join(poles)}"),
                open_=True,
            )
        )
    if not len(contested):
        blocks.append(el("p", "No issue is contested."))
    elif len(contested) > TOP_ISSUES:
        blocks.append(
            el("p", f"… and {len(contested) - TOP_ISSUES} more contested (report.issues)", "muted")
        )
    return page(
        head(f"Gap report: {ds.title}", f"voices of {', '.join(r.holders)}"),
        summary,
        el("p", el("strong", "Most contested issues, the voices at both ends of the scale")),
        *blocks,
        el(
            "p",
            "Every table in full: report.issues, .pairs, .red_lines, .actors, "
            ".actor_distance, .coverage_sources, .thin_issues, .low_confidence, .sensitivity.",
            "muted",
        ),
    )


# -- Camps --------------------------------------------------------------------------------


def camps_repr(c: Camps) -> str:
    """``<Camps k=2: sizes 5, 3; 1 set aside; 2 clear camps (silhouette 0.61)>``."""
    sizes = ", ".join(str(s) for s in c.sizes) or "–"
    aside = len(c.set_aside)
    return f"<Camps k={c.k}: sizes {sizes}; {aside} set aside; {c.verdict}>"


def camps_html(c: Camps) -> Html:
    """The verdict and each camp's members (camp 0: the voices set aside, with why)."""
    camp = c.assignment["camp"]
    where = {str(v): int(k) for v, k in camp.items()}
    members: dict[int, list[str]] = {k: [] for k in range(1, c.k + 1)}
    for voice in c.order:
        members.setdefault(where[voice], []).append(voice)
    limit = 40
    rows = [
        [
            k if k else "set aside",
            len(vs),
            ", ".join(vs[:limit]) + (f" … and {len(vs) - limit} more" if len(vs) > limit else ""),
        ]
        for k, vs in members.items()
    ]
    note = (
        f"{c.verdict}; polarization {num(c.polarization)} = between {num(c.between)} − within "
        f"{num(c.within)} (mean distance in the camp space between voices of different camps "
        f"minus within one); set aside: fewer than {c.min_positions} positions or only "
        "neutral ones"
    )
    return page(
        head(f"{c.k} camps ({c.method})", note),
        table(["camp", "voices", "members"], rows, numeric=[1]),
    )


# -- Reliability --------------------------------------------------------------------------


def reliability_repr(r: Reliability) -> str:
    """``<Reliability 2 coders, 15 cells: alpha ordinal 0.884, interval 0.892; …>``."""
    if not r.comparable:
        return f"<Reliability {plural(r.n_coders, 'coder')}: no cell coded by two or more>"
    return (
        f"<Reliability {plural(r.n_coders, 'coder')}, {plural(r.n_units, 'cell')}: "
        f"alpha ordinal {num(r.alpha_ordinal, '.3f')}, interval "
        f"{num(r.alpha_interval, '.3f')}; {plural(r.n_disagreements, 'disagreement')}>"
    )


def reliability_html(r: Reliability) -> Html:
    """The measures, then each disagreeing cell's codings with their quotes."""
    names = ", ".join("(no coder)" if c is None else c for c in r.coders) or "none"
    top = head("Coder reliability", f"{plural(r.n_coders, 'coder')}: {names}")
    if not r.comparable:
        return page(top, el("p", "No cell was coded by two or more coders; nothing to compare."))
    measures = table(
        ["measure", "value"],
        [
            ["Krippendorff's alpha, ordinal", num(r.alpha_ordinal, ".3f")],
            ["Krippendorff's alpha, interval", num(r.alpha_interval, ".3f")],
            ["cells on which all coders agree", num(r.percent_agreement, ".1%")],
            ["cells coded by two or more coders", f"{r.n_units:,}"],
            ["cells whose coders disagree", f"{r.n_disagreements:,}"],
        ],
        numeric=[1],
    )
    d = r.disagreements
    shown = d.head(MAX_ROWS)
    rows = [
        [
            row.voice,
            row.issue,
            "" if row.coder is None else row.coder,
            signed(float(row.stance)),
            "adjudicated" if row.adjudicated else ("resolved" if row.resolved else ""),
            quote(str(row.quote)),
        ]
        for row in shown.itertuples(index=False)
    ]
    listing = table(
        ["voice", "issue", "coder", "stance", "status", "quote"],
        rows,
        numeric=[3],
        ids=[0, 1],
        total=len(d),
    )
    return page(
        top,
        measures,
        details(
            f"Disagreements to adjudicate ({r.n_disagreements:,} cells, {len(d):,} codings)",
            listing,
            open_=True,
        ),
    )


# -- DatasetDiff --------------------------------------------------------------------------


def _diff_summary(d: DatasetDiff) -> str:
    from .difftext import change_counts

    s = d.summary
    parts = change_counts(d)
    if s["dataset_changed"]:
        parts.append(f"dataset: {plural(s['dataset_changed'], 'field')} changed")
    if s["agreement_moved"]:
        parts.append(f"agreement moved for {plural(s['agreement_moved'], 'pair')}")
    if s["contested_moved"]:
        parts.append(f"{plural(s['contested_moved'], 'issue')} moved in the contested ranking")
    return "; ".join(parts)


def diff_repr(d: DatasetDiff) -> str:
    """``<DatasetDiff old.yaml → new.yaml: codings 1 changed, 1 removed; …>``."""
    what = "no differences" if d.is_empty else _diff_summary(d)
    return f"<DatasetDiff {d.old_name} → {d.new_name}: {what}>"


def diff_html(d: DatasetDiff) -> Html:
    """The summary, then the changed items and codings (with quotes) and what moved."""
    top = head("Changes", f"from {d.old_name} to {d.new_name}")
    if d.is_empty:
        return page(top, el("p", "No differences: the two versions hold the same data."))
    blocks: list[object] = [el("p", _diff_summary(d) + ".")]
    items = d.items
    if len(items):
        rows = [
            [r.kind, r.id, r.change, r.field, cut(str(r.old), 120), cut(str(r.new), 120)]
            for r in items.head(MAX_ROWS).itertuples(index=False)
        ]
        blocks.append(
            details(
                f"Items ({len(items):,})",
                table(
                    ["kind", "id", "change", "field", "old", "new"], rows, ids=[1], total=len(items)
                ),
                open_=True,
            )
        )
    c = d.codings
    if len(c):
        rows = []
        for r in c.head(MAX_ROWS).itertuples(index=False):
            old_q, new_q = str(r.old_quote), str(r.new_quote)
            if old_q and new_q and old_q != new_q:
                shown = Html(f"old {quote(old_q)}<br>new {quote(new_q)}")
            else:
                shown = quote(new_q or old_q)
            stance = el(
                "span",
                f"{signed(float(r.old_stance))} → {signed(float(r.new_stance))}",
                title=f"{r.old_label or 'none'} → {r.new_label or 'none'}",
            )
            rows.append([r.change, r.source, r.holder, r.issue, r.fields, stance, shown])
        blocks.append(
            details(
                f"Codings ({len(c):,})",
                table(
                    ["change", "source", "holder", "issue", "fields", "stance", "quote"],
                    rows,
                    ids=[1, 2, 3, 5],
                    total=len(c),
                ),
                open_=True,
            )
        )
    a = d.agreement
    if len(a):
        rows = [
            [
                r.voice_a,
                r.voice_b,
                num(float(r.old), ".0%"),
                num(float(r.new), ".0%"),
                "–" if math.isnan(float(r.delta)) else f"{float(r.delta) * 100:+.0f} pts",
                f"{float(r.old_overlap):g} → {float(r.new_overlap):g}",
            ]
            for r in a.head(MAX_ROWS).itertuples(index=False)
        ]
        blocks.append(
            details(
                f"Agreement ({d.metric}) moved for {plural(len(a), 'pair')}, largest move first",
                table(
                    ["voice a", "voice b", "old", "new", "change", "shared issues"],
                    rows,
                    numeric=[2, 3, 4, 5],
                    ids=[0, 1],
                    total=len(a),
                ),
            )
        )
    k = d.contested
    if len(k):
        rows = [
            [
                r.issue,
                num(float(r.old_rank), "g"),
                num(float(r.new_rank), "g"),
                "–" if math.isnan(float(r.move)) else f"{float(r.move):+g}",
            ]
            for r in k.head(MAX_ROWS).itertuples(index=False)
        ]
        blocks.append(
            details(
                f"Contested ranking moved for {plural(len(k), 'issue')} (rank 1 = most contested)",
                table(["issue", "old rank", "new rank", "move"], rows, numeric=[1, 2, 3], ids=[0]),
            )
        )
    return page(top, *blocks)
