"""Two sections of the text report: the camps with their profiles, and who clashes
with whom.

Both only place blocks of a :class:`~posmatrix.render.Document` from computed parts of
a :class:`~posmatrix.Findings` (``camps``, ``profiles``, ``report.clashes``), showing
voices and issues by their readable names (:mod:`posmatrix.voicenames`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final

import pandas as pd

from .voicenames import shorten

if TYPE_CHECKING:
    from .findings import Findings
    from .render import Document

__all__ = ["QUOTE", "camps_section", "clashes_section"]

QUOTE: Final = 200
"""Quotes in these sections are cut at a word to about this many characters."""
_MEMBERS: Final = 12


def _mean(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:+.1f}"


def camps_section(doc: Document, found: Findings, top: int) -> None:
    """Camps of voices (:attr:`Findings.camps`) and what defines them
    (:attr:`Findings.profiles`): each camp's members and defining issues, the issues
    all camps agree on, those they divide on, and the voices that bridge two camps."""
    names, issues = found.voice_names, found.issue_names
    camps = found.camps
    doc.heading("Camps", 2)
    doc.para(
        f"Voices grouped by their stances ({camps.method}; {camps.verdict}). "
        "A camp's mean is its voices' mean stance on an issue; the rest is every other "
        "voice. Methods: docs/methods.md, Camps and Camp profiles."
    )
    assigned = camps.assignment["camp"]
    if not len(camps.sizes):
        doc.para("No camps to profile.")
        return
    profiles = found.profiles

    def said(voice: str, quote: str) -> list[tuple[str, str]]:
        return [(names.get(voice, voice), shorten(quote, QUOTE))] if quote else []

    for k, size in enumerate(camps.sizes, start=1):
        members = [names.get(str(v), str(v)) for v in assigned.index[assigned == k]]
        more = f" and {len(members) - _MEMBERS} more" if len(members) > _MEMBERS else ""
        doc.heading(f"Camp {k} ({int(size)} voices)", 3)
        doc.para("Members: " + "; ".join(members[:_MEMBERS]) + more + ".")
        rows = profiles.defining[profiles.defining["camp"] == k].head(top)
        if not len(rows):
            doc.para("No issue sets this camp apart from the rest.")
        for r in rows.itertuples(index=False):
            issue = str(r.issue)
            side = "in favour" if r.side == "support" else "against"
            doc.bullets(
                [
                    f"{issues.get(issue, issue)}: more {side} than the rest"
                    f" (camp mean {_mean(float(r.camp_mean))}, rest {_mean(float(r.rest_mean))})."
                ]
            )
            doc.quotes(said(str(r.voice), str(r.quote)))
    set_aside = int((assigned == 0).sum())
    if set_aside:
        doc.para(
            f"{set_aside} voices are in no camp: too few positions to place them "
            "(they are kept in every other table)."
        )
    for title, frame, none in (
        ("All camps agree on", profiles.consensus, "No issue has every camp on one side."),
        ("Camps divide on", profiles.divisive, "No issue divides the camps."),
    ):
        doc.heading(title, 3)
        if not len(frame):
            doc.para(none)
        for r in frame.head(top).itertuples(index=False):
            issue = str(r.issue)
            doc.bullets(
                [
                    f"{issues.get(issue, issue)}: camp means from {_mean(float(r.low))} "
                    f"to {_mean(float(r.high))}."
                ]
            )
            doc.quotes(said(str(r.voice), str(r.quote)))
    doc.heading("Voices that bridge two camps", 3)
    bridging = profiles.bridging.head(top)
    doc.bullets(
        [
            f"{names.get(str(r.voice), str(r.voice))}: camp {int(r.camp)}, "
            f"{float(r.own):.0%} agreement with its own camp and "
            f"{float(r.with_other):.0%} with camp {int(r.other)}."
            for r in bridging.itertuples(index=False)
        ]
    )
    if not len(bridging):
        doc.para("No voice bridges two camps.")


def clashes_section(doc: Document, found: Findings, top: int) -> None:
    """The pairs of voices that clash most (:attr:`GapReport.clashes`): on how many
    issues they stand on opposite sides, out of how many both address."""
    clashes = found.report.clashes
    doc.heading("Who clashes with whom", 2)
    if clashes is None or not len(clashes):
        doc.para("No two voices stand on opposite sides of an issue.")
        return
    doc.para(
        f"{len(clashes)} pairs of voices stand on opposite sides of at least one issue "
        "(one supports what the other opposes); the pairs that clash on the most issues "
        "first, out of the issues both address."
        + (
            " On a scale of three points every such clash is at an end of the scale."
            if clashes.at_ends_only
            else ""
        )
    )
    pairs = clashes.pairs.head(top)
    doc.table(
        pd.DataFrame(
            {
                "voice A": pairs["name_a"].astype(str).tolist(),
                "voice B": pairs["name_b"].astype(str).tolist(),
                "clashes": pairs["clashes"].astype(int).tolist(),
                "shared issues": pairs["shared"].astype(int).tolist(),
                "share": pairs["share"].astype(float).tolist(),
            }
        ),
        floatfmt=["g", "g", "g", "g", ".0%"],
    )
