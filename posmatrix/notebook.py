"""How results show themselves in Jupyter: ``_repr_html_`` and a short ``__repr__``.

:class:`~posmatrix.Dataset`, :class:`~posmatrix.GapReport`, :class:`~posmatrix.Camps`,
:class:`~posmatrix.Reliability` and :class:`~posmatrix.changes.DatasetDiff` delegate to
the functions here. The HTML is built from a few components (:func:`table`,
:func:`chip`, :func:`details`, …) under one escaping rule: every text from a dataset goes
through :func:`esc` (``html.escape``, quotes included, for text and attribute values
alike) exactly once, when it is placed; a component's output is marked :class:`Html`
and never escaped again. Nothing a dataset says can run as markup or script.

What is shown is bounded, as in the briefing: long texts are cut to
:data:`QUOTE_WIDTH` characters, at most :data:`MAX_QUOTES` quotes per pole, at most
:data:`MAX_ROWS` rows per table; the full data stays in the result's frames.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from .model import AUTHOR, FORMAT, Dataset, Scale

if TYPE_CHECKING:
    from .analysis import Camps
    from .changes import DatasetDiff
    from .gapreport import GapReport
    from .intercoder import Reliability

__all__ = [
    "MAX_QUOTES",
    "MAX_ROWS",
    "QUOTE_WIDTH",
    "Html",
    "camps_html",
    "camps_repr",
    "cut",
    "dataset_html",
    "dataset_repr",
    "diff_html",
    "diff_repr",
    "esc",
    "gaps_html",
    "gaps_repr",
    "reliability_html",
    "reliability_repr",
    "table",
]

QUOTE_WIDTH: Final = 240
"""Longest quote or text shown, in characters (longer ones end in ``…``)."""
MAX_QUOTES: Final = 3
"""Most quotes shown per pole of a contested issue."""
MAX_ROWS: Final = 50
"""Most rows shown per table."""
TOP_ISSUES: Final = 5
"""Contested issues shown with their quotes in a gap report."""

_CSS: Final = (
    "<style>"
    ".posmatrix-repr{line-height:1.45;max-width:72em}"
    ".posmatrix-repr table{border-collapse:collapse;margin:.3em 0 .6em}"
    ".posmatrix-repr th,.posmatrix-repr td{text-align:left;vertical-align:top;"
    "padding:.15em .6em}"
    ".posmatrix-repr td.num{text-align:right;font-variant-numeric:tabular-nums}"
    ".posmatrix-repr .muted{color:#808080}"
    ".posmatrix-repr summary{cursor:pointer;font-weight:bold;margin:.4em 0}"
    ".posmatrix-repr .chip{display:inline-block;min-width:1.8em;text-align:center;"
    "border-radius:3px;padding:0 .25em;color:#000;font-variant-numeric:tabular-nums}"
    ".posmatrix-repr ul{margin:.2em 0 .5em;padding-left:1.4em}"
    ".posmatrix-repr q{font-style:italic}"
    "</style>"
)


# -- components ---------------------------------------------------------------------------


class Html(str):
    """A piece of HTML built by the components here: placed as is, never escaped again."""

    __slots__ = ()


def esc(value: object) -> Html:
    """The one escaping rule: ``html.escape`` with quotes, for text and attributes.

    An :class:`Html` value is already markup built here and passes unchanged.

    >>> esc('<script>alert("x")</script> & {{ x }}')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; {{ x }}'
    """
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=True))


def cut(text: str, width: int = QUOTE_WIDTH) -> str:
    """``text`` on one line (runs of whitespace become one space), at most ``width``
    characters: a longer text is cut at a word and ends in ``…``.

    >>> cut("One  two\\nthree four five", 14)
    'One two three…'
    """
    flat = " ".join(str(text).split())
    if len(flat) <= width:
        return flat
    head = flat[: width - 1]
    space = head.rfind(" ")
    if space > width // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


def _join(parts: Iterable[object], sep: str = "") -> Html:
    return Html(sep.join(esc(p) for p in parts))


def _el(tag: str, body: object, cls: str = "", title: str = "") -> Html:
    attrs = (f' class="{esc(cls)}"' if cls else "") + (f' title="{esc(title)}"' if title else "")
    return Html(f"<{tag}{attrs}>{esc(body)}</{tag}>")


def _num(value: float, fmt: str = ".2f") -> str:
    return "–" if math.isnan(value) else format(value, fmt)


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def chip(scale_colour: str, text: str, title: str = "") -> Html:
    """A stance as a small coloured label; ``scale_colour`` is ``#RRGGBB`` (from
    :func:`posmatrix.styling.colour`, never from the data)."""
    style = f' style="background:{scale_colour}"' if scale_colour else ""
    tip = f' title="{esc(title)}"' if title else ""
    return Html(f'<span class="chip"{style}{tip}>{esc(text)}</span>')


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    numeric: Iterable[int] = (),
    total: int | None = None,
) -> Html:
    """An HTML table: every cell escaped (an :class:`Html` cell placed as is); the
    columns numbered in ``numeric`` right-aligned. When ``total`` exceeds the rows
    given, a last line says how many more there are."""
    right = set(numeric)
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{esc(c)}</td>' if k in right else f"<td>{esc(c)}</td>"
            for k, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    more = ""
    if total is not None and total > len(rows):
        more = _el("p", f"… and {total - len(rows):,} more", "muted")
    return Html(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}")


def details(summary: object, body: object, *, open_: bool = False) -> Html:
    """A block the reader opens with a click."""
    flag = " open" if open_ else ""
    return Html(f"<details{flag}><summary>{esc(summary)}</summary>{esc(body)}</details>")


def _page(*blocks: object) -> Html:
    return Html(f'{_CSS}<div class="posmatrix-repr">{_join(blocks)}</div>')


def _stance_chip(scale: Scale, value: float) -> Html:
    from .styling import colour

    if math.isnan(value):
        return chip("", "–", "not addressed")
    number = "0" if value == 0 else f"{value:+g}"
    return chip(colour(scale, value), number, scale.label(value))


def _q(text: str) -> Html:
    return _el("q", cut(text))


def _head(title: str, note: str = "") -> Html:
    muted = _el("span", note, "muted") if note else ""
    return Html(f"<p><strong>{esc(title)}</strong> {muted}</p>")


# -- Dataset ------------------------------------------------------------------------------


def dataset_repr(ds: Dataset) -> str:
    """``<Dataset 'title' v2025.1: 18 issues, 5 actors, 5 sources, 112 codings>``."""
    version = f" v{ds.version}" if ds.version else ""
    return (
        f"<Dataset {cut(ds.title, 60)!r}{version}: {_plural(len(ds.issues), 'issue')}, "
        f"{_plural(len(ds.actors), 'actor')}, {_plural(len(ds.sources), 'source')}, "
        f"{_plural(len(ds.codings), 'coding')}>"
    )


def dataset_html(ds: Dataset) -> Html:
    """Title, version, counts, the scale's colours and the codebook as compact tables."""
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
        f"{_plural(len(ds.issues), 'issue')} · {_plural(len(ds.actors), 'actor')} · "
        f"{_plural(len(ds.sources), 'source')} · {_plural(len(ds.codings), 'coding')} by "
        f"{_plural(len(voices), 'voice')} ({own:,} sources' own, {len(voices) - own:,} "
        "attributed to actors)"
    )
    scale = ds.scale
    legend = Html(
        "<p>Scale: "
        + _join(
            (Html(f"{_stance_chip(scale, p)} {esc(scale.label(p))}") for p in scale.points)
            if len(scale.points) <= 11
            else (Html(f"{_stance_chip(scale, p)}") for p in (scale.min, scale.max)),
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
        headers, rows, numeric=range(len(headers) - n_num, len(headers)), total=len(ds.issues)
    )
    actors = table(
        ["actor", "name", "kind", "codings"],
        [
            [a.id, cut(a.name, 80), a.kind or "", per_holder.get(a.id, 0)]
            for a in list(ds.actors.values())[:MAX_ROWS]
        ],
        numeric=[3],
        total=len(ds.actors),
    )
    sources = table(
        ["source", "title", "outlet", "published", "codings"],
        [
            [s.id, cut(s.title, 100), cut(s.outlet, 40), s.published or "", per_source.get(s.id, 0)]
            for s in list(ds.sources.values())[:MAX_ROWS]
        ],
        numeric=[4],
        total=len(ds.sources),
    )
    return _page(
        _head(ds.title, note),
        _el("p", cut(ds.description, 400)) if ds.description else "",
        _el("p", counts),
        legend,
        details(f"Codebook: {_plural(len(ds.issues), 'issue')}", codebook, open_=True),
        details(f"Actors ({len(ds.actors):,})", actors),
        details(f"Sources ({len(ds.sources):,})", sources),
    )


# -- GapReport ----------------------------------------------------------------------------


def gaps_repr(r: GapReport) -> str:
    """``<GapReport 'title': 12 of 18 issues contested, 7 red lines, 25 voices>``."""
    contested = int(r.issues["contested"].sum())
    return (
        f"<GapReport {cut(r.dataset.title, 60)!r}: {contested} of "
        f"{_plural(len(r.issues), 'issue')} contested, {_plural(len(r.red_lines), 'red line')}; "
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
    points.append(f"{_plural(len(r.red_lines), 'red line')} between actors.")
    for kind, word in (("aligned", "Most aligned"), ("divergent", "Most divergent")):
        part = r.pairs[r.pairs["kind"] == kind]
        if len(part):
            p = part.iloc[0]
            points.append(
                f"{word}: {p['voice_a']} and {p['voice_b']} ({_num(p['agreement'], '.0%')} "
                f"over {_plural(int(p['overlap']), 'shared issue')})."
            )
    if len(r.thin_issues):
        points.append(
            f"{_plural(len(r.thin_issues), 'issue')} addressed by fewer than "
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
                Html(f"<li>{_stance_chip(scale, value)} {_el('b', v)}: {_q(q)}</li>")
                for v, q in zip(voices[:MAX_QUOTES], quotes[:MAX_QUOTES], strict=True)
            ]
            if len(voices) > MAX_QUOTES:
                items.append(
                    _el(
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
            f"polarization {_num(row['polarization'], '.0%')}"
        )
        blocks.append(
            details(
                Html(f"{esc(row['rank'])}. {esc(issue)}: {esc(cut(row['proposition'], 160))}"),
                Html(f"{_el('p', counts, 'muted')}{_join(poles)}"),
                open_=True,
            )
        )
    if not len(contested):
        blocks.append(_el("p", "No issue is contested."))
    elif len(contested) > TOP_ISSUES:
        blocks.append(
            _el("p", f"… and {len(contested) - TOP_ISSUES} more contested (report.issues)", "muted")
        )
    return _page(
        _head(f"Gap report: {ds.title}", f"voices of {', '.join(r.holders)}"),
        summary,
        _el("p", _el("strong", "Most contested issues, the voices at both ends of the scale")),
        *blocks,
        _el(
            "p",
            "Every table in full: report.issues, .pairs, .red_lines, .actors, "
            ".actor_distance, .coverage_sources, .thin_issues, .low_confidence, .sensitivity.",
            "muted",
        ),
    )


# -- Camps --------------------------------------------------------------------------------


def camps_repr(c: Camps) -> str:
    """``<Camps k=2 (cityblock): sizes 5, 3; polarization 0.42>``."""
    sizes = ", ".join(str(s) for s in c.sizes)
    return f"<Camps k={c.k} ({c.metric}): sizes {sizes}; polarization {_num(c.polarization)}>"


def camps_html(c: Camps) -> Html:
    """Polarization and each camp's members, in dendrogram order."""
    camp = c.assignment["camp"]
    where = {str(v): int(k) for v, k in camp.items()}
    members: dict[int, list[str]] = {k: [] for k in range(1, c.k + 1)}
    for voice in c.order:
        members[where[voice]].append(voice)
    limit = 40
    rows = [
        [
            k,
            len(vs),
            ", ".join(vs[:limit]) + (f" … and {len(vs) - limit} more" if len(vs) > limit else ""),
        ]
        for k, vs in members.items()
    ]
    note = (
        f"polarization {_num(c.polarization)} = between {_num(c.between)} − within "
        f"{_num(c.within)} (mean distance between voices of different camps minus within one)"
    )
    return _page(
        _head(f"{c.k} camps by {c.metric} agreement", note),
        table(["camp", "voices", "members (dendrogram order)"], rows, numeric=[0, 1]),
    )


# -- Reliability --------------------------------------------------------------------------


def reliability_repr(r: Reliability) -> str:
    """``<Reliability 2 coders, 15 cells: alpha ordinal 0.884, interval 0.892; …>``."""
    if not r.comparable:
        return f"<Reliability {_plural(r.n_coders, 'coder')}: no cell coded by two or more>"
    return (
        f"<Reliability {_plural(r.n_coders, 'coder')}, {_plural(r.n_units, 'cell')}: "
        f"alpha ordinal {_num(r.alpha_ordinal, '.3f')}, interval "
        f"{_num(r.alpha_interval, '.3f')}; {_plural(r.n_disagreements, 'disagreement')}>"
    )


def reliability_html(r: Reliability) -> Html:
    """The measures, then each disagreeing cell's codings with their quotes."""
    names = ", ".join("(no coder)" if c is None else c for c in r.coders) or "none"
    head = _head("Coder reliability", f"{_plural(r.n_coders, 'coder')}: {names}")
    if not r.comparable:
        return _page(head, _el("p", "No cell was coded by two or more coders; nothing to compare."))
    measures = table(
        ["measure", "value"],
        [
            ["Krippendorff's alpha, ordinal", _num(r.alpha_ordinal, ".3f")],
            ["Krippendorff's alpha, interval", _num(r.alpha_interval, ".3f")],
            ["cells on which all coders agree", _num(r.percent_agreement, ".1%")],
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
            f"{int(row.stance):+d}" if row.stance else "0",
            "adjudicated" if row.adjudicated else ("resolved" if row.resolved else ""),
            _q(str(row.quote)),
        ]
        for row in shown.itertuples(index=False)
    ]
    listing = table(
        ["voice", "issue", "coder", "stance", "status", "quote"],
        rows,
        numeric=[3],
        total=len(d),
    )
    return _page(
        head,
        measures,
        details(
            f"Disagreements to adjudicate ({r.n_disagreements:,} cells, {len(d):,} codings)",
            listing,
            open_=True,
        ),
    )


# -- DatasetDiff --------------------------------------------------------------------------


def _diff_summary(d: DatasetDiff) -> str:
    s = d.summary
    parts = []
    for kind in ("codings", "issues", "actors", "sources"):
        counts = [
            f"{s[f'{kind}_{change}']} {change}"
            for change in ("changed", "added", "removed")
            if s[f"{kind}_{change}"]
        ]
        if counts:
            parts.append(f"{kind} {', '.join(counts)}")
    if s["dataset_changed"]:
        parts.append(f"{s['dataset_changed']} dataset fields changed")
    if s["agreement_moved"]:
        parts.append(f"agreement moved for {_plural(s['agreement_moved'], 'pair')}")
    if s["contested_moved"]:
        parts.append(f"{_plural(s['contested_moved'], 'issue')} moved in the contested ranking")
    return "; ".join(parts)


def diff_repr(d: DatasetDiff) -> str:
    """``<DatasetDiff old.yaml → new.yaml: codings 1 changed, 1 removed; …>``."""
    what = "no differences" if d.is_empty else _diff_summary(d)
    return f"<DatasetDiff {d.old_name} → {d.new_name}: {what}>"


def _stance_text(value: float, label: object) -> str:
    if math.isnan(value):
        return "–"
    number = "0" if value == 0 else f"{value:+g}"
    return f"{number} ({label})" if label else number


def diff_html(d: DatasetDiff) -> Html:
    """The summary, then the changed items and codings (with quotes) and what moved."""
    head = _head("Changes", f"from {d.old_name} to {d.new_name}")
    if d.is_empty:
        return _page(head, _el("p", "No differences: the two versions hold the same data."))
    blocks: list[object] = [_el("p", _diff_summary(d) + ".")]
    items = d.items
    if len(items):
        rows = [
            [r.kind, r.id, r.change, r.field, cut(str(r.old), 120), cut(str(r.new), 120)]
            for r in items.head(MAX_ROWS).itertuples(index=False)
        ]
        blocks.append(
            details(
                f"Items ({len(items):,})",
                table(["kind", "id", "change", "field", "old", "new"], rows, total=len(items)),
                open_=True,
            )
        )
    c = d.codings
    if len(c):
        rows = []
        for r in c.head(MAX_ROWS).itertuples(index=False):
            old = _stance_text(float(r.old_stance), r.old_label)
            new = _stance_text(float(r.new_stance), r.new_label)
            quotes: list[object] = []
            if r.old_quote and r.old_quote != r.new_quote:
                quotes.append(Html(f"old {_q(str(r.old_quote))}"))
            if r.new_quote:
                quotes.append(Html(f"{'new ' if quotes else ''}{_q(str(r.new_quote))}"))
            rows.append(
                [
                    r.change,
                    r.source,
                    r.holder,
                    r.issue,
                    r.fields,
                    f"{old} → {new}",
                    _join(quotes, "<br>"),
                ]
            )
        blocks.append(
            details(
                f"Codings ({len(c):,})",
                table(
                    ["change", "source", "holder", "issue", "fields", "stance", "quote"],
                    rows,
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
                _num(float(r.old), ".0%"),
                _num(float(r.new), ".0%"),
                "–" if math.isnan(float(r.delta)) else f"{float(r.delta) * 100:+.0f} pts",
                f"{float(r.old_overlap):g} → {float(r.new_overlap):g}",
            ]
            for r in a.head(MAX_ROWS).itertuples(index=False)
        ]
        blocks.append(
            details(
                f"Agreement ({d.metric}) moved for {_plural(len(a), 'pair')}, largest move first",
                table(
                    ["voice a", "voice b", "old", "new", "change", "shared issues"],
                    rows,
                    numeric=[2, 3, 4, 5],
                    total=len(a),
                ),
            )
        )
    k = d.contested
    if len(k):
        rows = [
            [
                r.issue,
                _num(float(r.old_rank), "g"),
                _num(float(r.new_rank), "g"),
                "–" if math.isnan(float(r.move)) else f"{float(r.move):+g}",
            ]
            for r in k.head(MAX_ROWS).itertuples(index=False)
        ]
        blocks.append(
            details(
                f"Contested ranking moved for {_plural(len(k), 'issue')} (rank 1 = most contested)",
                table(["issue", "old rank", "new rank", "move"], rows, numeric=[1, 2, 3]),
            )
        )
    return _page(head, *blocks)
