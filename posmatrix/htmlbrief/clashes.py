"""The "Clashes and red lines" section of the HTML briefing.

Three parts, bounded like the workbook's Clashes and Red lines sheets
(:mod:`posmatrix.briefing.gaps`):

- **Clashes** (:attr:`posmatrix.GapReport.clashes`): the pairs of voices that clash
  most — the issues where one supports and the other opposes, out of the issues both
  address — as a sortable table of at most :data:`CLASH_PAIRS` pairs; each pair opens
  (a ``<details>``) to at most :data:`CLASH_ISSUES` of its clashes with both quotes,
  cut to :data:`CLASH_QUOTE` characters at a word (the workbook
  shows the top pair's clashes; the page can open each ranked pair).
- the most divergent pairs of voices (by agreement) with their evidence;
- red lines between actors.

Voices and issues show by their readable names (``Findings.voice_names``,
``Findings.issue_names``), the ids in ``title`` attributes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ..voicenames import shorten
from .data import cut
from .escape import Markup
from .html import Cell, el, fmt, join, pct, section, signed, table

if TYPE_CHECKING:
    from ..findings import Findings
    from .data import Layout

__all__ = ["CLASH_ISSUES", "CLASH_NAME", "CLASH_PAIRS", "CLASH_QUOTE", "clash_pairs", "clashes"]

CLASH_PAIRS: Final = 25
"""Pairs ranked, as on the workbook's Clashes sheet (``briefing.gaps.CLASH_PAIRS``)."""
CLASH_ISSUES: Final = 3
"""Clashes (issues) listed, with both quotes, when a pair is opened."""
CLASH_QUOTE: Final = 110
"""Quotes in a clash are cut to about this many characters (as in the workbook)."""
CLASH_NAME: Final = 90
"""Voice and issue names are cut at a word to about this many characters."""
_MAX_EVIDENCE: Final = 3
_SHORT_QUOTE: Final = 280


def _note(f: Findings, at_ends_only: bool) -> str:
    """What a clash is; on a 3-point scale, the workbook's sentence."""
    scale = f.dataset.scale
    if at_ends_only:
        return (
            f"On this {len(scale.points)}-point scale every stance off the midpoint is at an "
            "end, so every clash is one \u201cat an end\u201d: pairs are ranked by how many "
            "issues they clash on, out of the issues both address."
        )
    return (
        "Two voices clash on an issue when one supports and the other opposes it. "
        "Pairs are ranked by how many issues they clash on, out of those both address."
    )


def _said(name: str, voice: str, stance: float, quote: str) -> Markup:
    return el(
        "div",
        join(
            [
                el("span", f"{shorten(name, CLASH_NAME)} {signed(stance)}", "who", title=voice),
                " ",
                el("q", cut(quote, CLASH_QUOTE)) if quote else el("span", "(no quote)", "muted"),
            ]
        ),
    )


def clash_pairs(f: Findings) -> Markup:
    """The Clashes part: the ranking of pairs, each pair's clashes with both quotes.

    Rows are ``Rank``, ``Voice A``, ``Voice B``, ``Clashes`` (``2 of 3``: clashes out of
    shared issues, sorted by the count), ``Share``; at most :data:`CLASH_PAIRS` pairs,
    then "… and N more pairs that clash".

    >>> import posmatrix
    >>> out = clash_pairs(posmatrix.Findings(posmatrix.example()))
    >>> '<td class="num" data-sort="4.0">4 of 4</td>' in out, out.count('<details class="clash">')
    (True, 25)
    """
    c = f.report.clashes
    if c is None:
        return Markup("")
    head = Markup(
        el("h3", "Clashes: pairs on opposite sides") + el("p", _note(f, c.at_ends_only), "muted")
    )
    if not len(c.pairs):
        return Markup(
            head + el("p", "No two voices stand on opposite sides of any issue.", "muted")
        )
    names = f.issue_names
    pairs = c.pairs.head(CLASH_PAIRS)
    shown = c.detail.merge(pairs[["voice_a", "voice_b"]], on=["voice_a", "voice_b"])
    by_pair: dict[tuple[str, str], list[Any]] = {}
    for row in shown.itertuples(index=False):
        by_pair.setdefault((str(row.voice_a), str(row.voice_b)), []).append(row)
    rows: list[list[object]] = []
    blocks = []
    for rank, p in enumerate(pairs.itertuples(index=False), start=1):
        va, vb = str(p.voice_a), str(p.voice_b)
        na, nb = str(p.name_a), str(p.name_b)
        n, shared = int(p.clashes), int(p.shared)
        on = by_pair.get((va, vb), [])
        rows.append(
            [
                Cell(rank, float(rank), "num"),
                Cell(shorten(na, CLASH_NAME), cls="name", title=va),
                Cell(shorten(nb, CLASH_NAME), cls="name", title=vb),
                Cell(f"{n} of {shared}", float(n), "num"),
                Cell(pct(float(p.share)), float(p.share), "num"),
            ]
        )
        items = []
        for k, d in enumerate(on):
            if k >= CLASH_ISSUES:
                break
            issue = str(d.issue)
            items.append(
                el(
                    "li",
                    join(
                        [
                            el("strong", shorten(names.get(issue, issue), CLASH_NAME), title=issue),
                            _said(na, va, float(d.stance_a), str(d.quote_a)),
                            _said(nb, vb, float(d.stance_b), str(d.quote_b)),
                        ]
                    ),
                )
            )
        if n > len(items):
            items.append(el("li", f"… and {n - len(items)} more issues", "muted"))
        blocks.append(
            Markup(
                f'<details class="clash"><summary>{rank}. '
                f"{el('span', shorten(na, CLASH_NAME), title=va)} × "
                f"{el('span', shorten(nb, CLASH_NAME), title=vb)}: "
                f"clash on {n} of {shared} shared issues</summary>"
                f"{el('ul', join(items), 'evidence')}</details>"
            )
        )
    more = len(c) - len(pairs)
    tail = el("p", f"… and {more:,} more pairs that clash", "muted") if more > 0 else ""
    heads = ["Rank", "Voice A", "Voice B", "Clashes", "Share"]
    return Markup(
        head
        + table(heads, rows, cls="clashes")
        + tail
        + el("h4", "Open a pair for the issues they clash on")
        + join(blocks)
    )


def _divergent(f: Findings) -> Markup:
    report = f.report
    ds = f.dataset
    vn = f.voice_names
    pairs = report.pairs[report.pairs["kind"] == "divergent"]
    blocks = []
    for _, p in pairs.iterrows():
        items = []
        va, vb = str(p["voice_a"]), str(p["voice_b"])
        trio = zip(p["issues"], p["stances_a"], p["stances_b"], strict=False)
        for k, (issue, sa, sb) in enumerate(trio):
            if k >= _MAX_EVIDENCE:
                items.append(el("li", f"… and {len(p['issues']) - k} more issues", "muted"))
                break
            items.append(
                el(
                    "li",
                    join(
                        [
                            el("strong", cut(ds.issues[str(issue)].proposition, 140)),
                            _said(vn.get(va, va), va, float(sa), str(p["quotes_a"][k])),
                            _said(vn.get(vb, vb), vb, float(sb), str(p["quotes_b"][k])),
                        ]
                    ),
                )
            )
        blocks.append(
            Markup(
                f"<details><summary>{el('span', shorten(vn.get(va, va), CLASH_NAME), title=va)}"
                f" × {el('span', shorten(vn.get(vb, vb), CLASH_NAME), title=vb)}: "
                f"{pct(float(p['agreement']))} agreement over {int(p['overlap'])} shared "
                f"issues</summary>{el('ul', join(items), 'evidence')}</details>"
            )
        )
    return join(blocks) if blocks else el("p", "No pair of voices shares an issue.", "muted")


def _red_lines(f: Findings) -> Markup:
    ds = f.dataset
    red = f.report.red_lines
    names = {a.id: a.name for a in ds.actors.values()}
    inames = f.issue_names
    rows = [
        [
            Cell(names.get(str(r["actor_a"]), str(r["actor_a"])), title=str(r["actor_a"])),
            Cell(names.get(str(r["actor_b"]), str(r["actor_b"])), title=str(r["actor_b"])),
            Cell(
                shorten(inames.get(str(r["issue"]), str(r["issue"])), CLASH_NAME),
                cls="name",
                title=f"{r['issue']}: {ds.issues[str(r['issue'])].proposition}",
            ),
            Cell(signed(float(r["stance_a"])), float(r["stance_a"]), "num"),
            Cell(signed(float(r["stance_b"])), float(r["stance_b"]), "num"),
            Cell(fmt(float(r["gap"]), "g"), float(r["gap"]), "num"),
            cut(str(r["evidence_a"][0]), 200) if len(r["evidence_a"]) else "",
            cut(str(r["evidence_b"][0]), 200) if len(r["evidence_b"]) else "",
        ]
        for _, r in red.iterrows()
    ]
    heads = ["Actor A", "Actor B", "Issue", "A", "B", "Gap", "Evidence A", "Evidence B"]
    if not rows:
        return el("p", "No actor declares a red line.", "muted")
    return table(heads, rows, cls="redlines")


def clashes(f: Findings, lay: Layout) -> Markup:
    """The section: clashes, the most divergent pairs, red lines between actors."""
    del lay
    return section(
        "clashes",
        "Clashes and red lines",
        clash_pairs(f),
        el("h3", "The most divergent pairs of voices"),
        _divergent(f),
        el("h3", "Red lines between actors"),
        _red_lines(f),
        intro="Where voices stand on opposite sides: pairs that clash most, pairs that agree "
        "least, and red lines between actors. Hover a name for its id.",
    )
