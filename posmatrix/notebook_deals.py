"""How a :class:`~posmatrix.DealSpace` shows itself in Jupyter.

:class:`~posmatrix.DealSpace` delegates ``__repr__`` and ``_repr_html_`` here. The HTML
is built from :mod:`posmatrix.htmlparts` (one escaping rule) and bounded as the other
notebook displays: at most :data:`~posmatrix.notebook.TOP_ISSUES` blocking issues, each
with at most :data:`~posmatrix.notebook.MAX_QUOTES` clashing quotes per side, texts cut
to :data:`~posmatrix.htmlparts.QUOTE_WIDTH` characters and tables to
:data:`~posmatrix.htmlparts.MAX_ROWS` rows. It only reads the space's frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .htmlparts import (
    MAX_ROWS,
    Html,
    cut,
    details,
    el,
    esc,
    head,
    join,
    page,
    plural,
    quote,
    stance_chip,
    table,
)
from .notebook import MAX_QUOTES, TOP_ISSUES

if TYPE_CHECKING:
    from .deals import DealSpace

__all__ = ["best_rows", "deals_html", "deals_repr"]

_ZONE = {
    "both": "either",
    "adopted": "adopted only",
    "rejected": "rejected only",
    "none": "neither: blocks",
}


def _n_issues(space: DealSpace) -> int:
    return len(space.issues.index.get_level_values("issue").unique())


def best_rows(space: DealSpace) -> list[tuple[str, Any, pd.Series]]:
    """The best package by total support and by maximin: ``(criterion, package, row)``,
    the first package of the lowest rank when ranks tie; one row ``total and maximin``
    when the same package is best by both. Empty when blocked."""
    p = space.packages
    out: list[tuple[str, Any, pd.Series]] = []
    if not len(p):
        return out
    for criterion, column in (("total", "rank_total"), ("maximin", "rank_maximin")):
        ranks = p[column].to_numpy(dtype=float, na_value=np.nan)
        if not np.isnan(ranks).all():
            row = p.iloc[int(np.nanargmin(ranks))]  # the first of the lowest rank
            if out and out[-1][1] == row.name:
                out[-1] = (f"{out[-1][0]} and {criterion}", row.name, out[-1][2])
            else:
                out.append((criterion, row.name, row))
    return out


def deals_repr(space: DealSpace) -> str:
    """``<DealSpace east, west on 2 issues: 1 feasible package; best by total: #1 …>``,
    or the blocking issues when nothing is feasible."""
    who = f"{', '.join(space.parties)} on {plural(_n_issues(space), 'issue')}"
    if not space.feasible:
        ids = [str(i) for i in space.blocking.index]
        shown = ", ".join(ids[:TOP_ISSUES]) + (
            f" … and {len(ids) - TOP_ISSUES} more" if len(ids) > TOP_ISSUES else ""
        )
        return (
            f"<DealSpace {who}: no feasible package; {plural(len(ids), 'blocking issue')}: {shown}>"
        )
    best = "; ".join(
        f"best by {c}: #{label} (total {row['total']:g}, maximin {row['maximin']:g})"
        for c, label, row in best_rows(space)
    )
    return f"<DealSpace {who}: {plural(space.n_packages, 'feasible package')}; {best}>"


def _names(space: DealSpace, parties: Sequence[str]) -> str:
    return ", ".join(space.party_name(p) for p in parties) or "nobody"


def _blocking_block(space: DealSpace, issue: str, row: pd.Series) -> Html:
    """One blocking issue: whose red lines each outcome crosses, and the clashing quotes
    (the blockers of adoption, then of rejection), at most MAX_QUOTES per side."""
    scale = space.dataset.scale
    entries = list(
        zip(
            row["parties"],
            row["sources"],
            row["stances"],
            row["quotes"],
            row["marked"],
            strict=True,
        )
    )
    sides = (
        [e for e in entries if float(e[2]) < scale.midpoint],
        [e for e in entries if float(e[2]) >= scale.midpoint],
    )
    items: list[Html] = []
    for side, word in zip(sides, ("adoption", "rejection"), strict=True):
        for party, source, stance, text, marked in side[:MAX_QUOTES]:
            flag = " (marked red line)" if marked else ""
            items.append(
                Html(
                    f"<li>{stance_chip(scale, float(stance))} {el('b', space.party_name(party))}"
                    f" {el('span', f'as reported by {source}{flag}', 'muted')}: {quote(text)}</li>"
                )
            )
        if len(side) > MAX_QUOTES:
            items.append(
                el(
                    "li",
                    f"… and {len(side) - MAX_QUOTES} more against {word} "
                    f"(space.blocking.loc[{issue!r}, 'quotes'])",
                    "muted",
                )
            )
    crosses = (
        f"Adopting it crosses the red line of {_names(space, row['adopt_blocked_by'])}; "
        f"rejecting it that of {_names(space, row['reject_blocked_by'])}."
    )
    return details(
        Html(f"{esc(issue)}: {esc(cut(str(row['proposition']), 160))}"),
        Html(f"{el('p', crosses, 'muted')}<ul>{''.join(items)}</ul>"),
        open_=True,
    )


def _packages_table(space: DealSpace) -> Html:
    rows = []
    for criterion, label, row in best_rows(space):
        rows.append(
            [
                f"best by {criterion}",
                label,
                f"{row['total']:g}",
                f"{row['maximin']:g}",
                _names(space, row["least_satisfied"]),
                cut(", ".join(row["adopted"]) or "nothing", 200),
                cut(", ".join(row["rejected"]) or "nothing", 200),
            ]
        )
    return table(
        ["", "package", "total", "maximin", "least satisfied", "adopts", "rejects"],
        rows,
        numeric=[1, 2, 3],
        ids=[0],
    )


def _zone_table(space: DealSpace) -> Html:
    adopted = space.issues.xs("adopted", level="outcome")
    rejected = space.issues.xs("rejected", level="outcome")
    shown = adopted.head(MAX_ROWS)
    rows = [
        [
            str(issue),
            cut(str(a["proposition"]), 160),
            _ZONE.get(str(a["zopa"]), str(a["zopa"])),
            _names(space, a["red_line"]) if len(a["red_line"]) else "",
            _names(space, rejected.loc[issue, "red_line"])
            if len(rejected.loc[issue, "red_line"])
            else "",
        ]
        for issue, a in shown.iterrows()
    ]
    return table(
        ["issue", "proposition", "possible outcome", "adopting crosses", "rejecting crosses"],
        rows,
        ids=[0],
        total=len(adopted),
    )


def deals_html(space: DealSpace) -> Html:
    """Parties, the count of feasible packages and the best by total and by maximin,
    or the blocking issues with their clashing quotes; then the outcomes issue by issue."""
    parties = join(
        (Html(f"{el('b', space.party_name(p))} ({esc(p)})") for p in space.parties), ", "
    )
    n = _n_issues(space)
    top = head(
        "Where a deal could be",
        f"{plural(len(space.parties), 'party', 'parties')} on {plural(n, 'issue')}; "
        f"red lines: {space.red_line_rule}",
    )
    blocks: list[object] = [top, Html(f"<p>Parties: {parties}</p>")]
    if space.feasible:
        how = "all scored" if space.exact else "the best found by branch and bound"
        blocks.append(el("p", f"{plural(space.n_packages, 'feasible package')} ({how}). The best:"))
        blocks.append(_packages_table(space))
    else:
        b = space.blocking
        blocks.append(
            el(
                "p",
                f"No feasible package: {plural(len(b), 'issue')} block every package "
                "(both outcomes cross someone's red line). No deal unless one of these "
                "positions moves.",
            )
        )
        for issue, row in b.head(TOP_ISSUES).iterrows():
            blocks.append(_blocking_block(space, str(issue), row))
        if len(b) > TOP_ISSUES:
            blocks.append(
                el("p", f"… and {len(b) - TOP_ISSUES} more blocking (space.blocking)", "muted")
            )
        blocks.append(
            el(
                "p",
                "space.without_blocking() is the space of the other issues.",
                "muted",
            )
        )
    blocks.append(details(f"Outcomes issue by issue ({n:,})", _zone_table(space)))
    if len(space.trades):
        blocks.append(el("p", f"{plural(len(space.trades), 'trade')} (space.trades).", "muted"))
    blocks.append(
        el(
            "p",
            "Every table in full: space.issues, .packages, .blocking, .trades.",
            "muted",
        )
    )
    return page(*blocks)
