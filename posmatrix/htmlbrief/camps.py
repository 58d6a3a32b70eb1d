"""The Camps section of the HTML briefing: members, camp profiles, mean stances.

Camp profiles come from ``Findings.profiles`` (:mod:`posmatrix.profiles`), bounded as
on the workbook's Summary: each camp's defining issues (the camp's mean vs the rest's),
the issues all camps agree on, those they divide on, and the voices that bridge two
camps — each issue with one representative quote cut at a word. Voices and issues show
by their readable names, ids in ``title`` attributes.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from ..voicenames import shorten
from .data import cut
from .escape import Markup
from .html import Cell, el, fmt, join, section, signed, table
from .svg import shade

if TYPE_CHECKING:
    import pandas as pd

    from ..findings import Findings
    from .data import Layout

__all__ = ["MAX_MEMBERS", "PROFILE_QUOTE", "camp_profiles", "camps"]

MAX_MEMBERS: Final = 12
"""Members named per camp."""
PROFILE_QUOTE: Final = 160
"""Quotes in the camp profiles are cut to about this many characters."""
_NAME: Final = 70


def _rows(frame: pd.DataFrame) -> list[Any]:
    return list(frame.itertuples(index=False))


def _stance_shade(f: Findings, value: float) -> str:
    scale = f.dataset.scale
    return shade((value - scale.midpoint) / (scale.range / 2))


def _label(f: Findings, value: float) -> str:
    return "not addressed" if math.isnan(value) else f.dataset.scale.label(value)


def _mean(f: Findings, value: float) -> Cell:
    if math.isnan(value):
        return Cell("–", value, "num", title="not addressed")
    return Cell(
        signed(round(value, 1)),
        value,
        f"num s {_stance_shade(f, value)}",
        title=_label(f, round(value)),
    )


def _issue(f: Findings, issue: str) -> Cell:
    name = f.issue_names.get(issue, issue)
    return Cell(
        shorten(name, _NAME),
        cls="name",
        title=f"{issue}: {f.dataset.issues[issue].proposition}",
    )


def _quote(f: Findings, voice: str, quote: str) -> Markup:
    if not quote:
        return Markup("")
    who = shorten(f.voice_names.get(voice, voice), _NAME)
    return join([el("span", who, "who", title=voice), " ", el("q", cut(quote, PROFILE_QUOTE))])


def _issue_table(f: Findings, frame: pd.DataFrame) -> Markup:
    rows = [
        [
            _issue(f, str(r.issue)),
            Cell(fmt(float(r.spread), ".1f"), float(r.spread), "num"),
            _mean(f, float(r.low)),
            _mean(f, float(r.high)),
            _quote(f, str(r.voice), str(r.quote)),
        ]
        for r in _rows(frame)
    ]
    heads = ["Issue", "Spread", "Lowest camp", "Highest camp", "Quote"]
    return table(heads, rows, cls="profiles-issues")


def camp_profiles(f: Findings) -> Markup:
    """What defines each camp, what all share, where they divide, who bridges them.

    >>> import posmatrix
    >>> out = camp_profiles(posmatrix.Findings(posmatrix.example()))
    >>> [h in out for h in ("What defines each camp", "Camps divide on", "bridge two camps")]
    [True, True, True]
    """
    p = f.profiles
    sizes = f.camps.sizes
    rows = [
        [
            Cell(f"Camp {int(r.camp)}", float(r.camp)),
            Cell(int(sizes[int(r.camp) - 1]), float(sizes[int(r.camp) - 1]), "num"),
            _issue(f, str(r.issue)),
            str(r.side),
            _mean(f, float(r.camp_mean)),
            _mean(f, float(r.rest_mean)),
            _quote(f, str(r.voice), str(r.quote)),
        ]
        for r in _rows(p.defining)
    ]
    heads = ["Camp", "Voices", "Defining issue", "Side", "Camp mean", "Rest mean", "Quote"]
    parts: list[object] = [
        el("h3", "What defines each camp"),
        table(heads, rows, cls="defining")
        if rows
        else el("p", "No issue sets a camp apart from the rest.", "muted"),
    ]
    for title, frame, none in (
        ("All camps agree on", p.consensus, "No issue has every camp on the same side."),
        ("Camps divide on", p.divisive, "No issue divides the camps."),
    ):
        parts.append(el("h3", title))
        parts.append(_issue_table(f, frame) if len(frame) else el("p", none, "muted"))
    bridge = [
        [
            Cell(
                shorten(f.voice_names.get(str(r.voice), str(r.voice)), _NAME),
                cls="name",
                title=str(r.voice),
            ),
            f"camp {int(r.camp)} and camp {int(r.other)}",
            Cell(fmt(float(r.own), ".0%"), float(r.own), "num"),
            Cell(fmt(float(r.with_other), ".0%"), float(r.with_other), "num"),
        ]
        for r in _rows(p.bridging)
    ]
    parts.append(el("h3", "Voices that bridge two camps"))
    parts.append(
        table(["Voice", "Camps", "Own camp", "Other"], bridge, cls="bridging")
        if bridge
        else el("p", "No voice bridges two camps.", "muted")
    )
    parts.append(
        el(
            "p",
            "Defining: the camp is more often on that side than the other voices "
            "(Laplace-smoothed ratio > 1). Spread: highest minus lowest camp mean. Bridge: "
            "mean agreement with the own camp and with the closest other camp.",
            "muted",
        )
    )
    return join(parts)


def camps(f: Findings, lay: Layout) -> Markup:
    """Members of each camp, their profiles, and each camp's mean stance per issue."""
    k = f.camps.k
    camp = np.asarray(lay.voice_camp, dtype=np.int64)
    values = f.stances.loc[lay.voices, lay.issues].to_numpy(dtype=np.float64)
    heads = ["Issue", "Proposition", *[f"Camp {c}" for c in range(1, k + 1)]]
    means = np.full((k, len(lay.issues)), np.nan)
    counts = np.zeros((k, len(lay.issues)), dtype=np.int64)
    for c in range(1, k + 1):
        block = values[camp == c]
        counts[c - 1] = (~np.isnan(block)).sum(axis=0)
        with np.errstate(invalid="ignore"):
            total = np.nansum(block, axis=0)
        means[c - 1] = np.where(counts[c - 1] > 0, total / np.maximum(counts[c - 1], 1), np.nan)
    rows = []
    row_cls = []
    for j, issue in enumerate(lay.issues):
        row_cls.append(f"g{lay.issue_group[j]}")
        row: list[object] = [
            _issue(f, issue),
            cut(f.dataset.issues[issue].proposition, 140),
        ]
        for c in range(k):
            m = float(means[c, j])
            row.append(
                Cell(
                    signed(round(m, 1)) if not math.isnan(m) else "",
                    m,
                    f"num s {_stance_shade(f, m)}" if not math.isnan(m) else "num",
                    title=f"{_label(f, round(m))}; {counts[c, j]} voices"
                    if not math.isnan(m)
                    else "not addressed",
                )
            )
        rows.append(row)
    members = []
    for c in range(1, k + 1):
        who = [v for v, vc in zip(lay.voices, lay.voice_camp, strict=True) if vc == c]
        names = [
            el("span", shorten(f.voice_names.get(v, v), _NAME), "name", title=v)
            for v in who[:MAX_MEMBERS]
        ]
        more = f" … and {len(who) - MAX_MEMBERS:,} more" if len(who) > MAX_MEMBERS else ""
        shown = Markup(join(names, "; ") + join([more]))
        members.append(
            el(
                "li",
                join(
                    [
                        Markup(f'<span class="sw c{min(c, 9)}"></span> '),
                        el("strong", f"Camp {c}"),
                        f" ({len(who):,} voices): ",
                        shown,
                    ]
                ),
            )
        )
    cmp = f.camps
    return section(
        "camps",
        "Camps",
        el("ul", join(members), "members"),
        el(
            "p",
            f"Mean distance within camps {fmt(cmp.within)}, between camps "
            f"{fmt(cmp.between)}; polarization {fmt(cmp.polarization)}.",
            "muted",
        ),
        camp_profiles(f),
        el("h3", "Each camp's mean stance per issue"),
        table(heads, rows, cls="profiles", row_cls=row_cls),
        intro="Voices grouped by average-linkage clustering of their agreement; below, what "
        "defines each camp, where camps agree and divide, and each camp's mean stance per issue.",
    )
