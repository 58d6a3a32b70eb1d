"""The briefing's sheets, in one list: the workbook's contents, the Summary's contents
list, the About guide and the write order all derive from :data:`REGISTRY`.

Adding a sheet is one :class:`SheetSpec` here and one writer function (in its own module,
reading :class:`posmatrix.Findings`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import attrs

from ..findings import Findings
from .context import Context

__all__ = ["REGISTRY", "SheetSpec", "purpose", "titles"]


def _always(_: Findings) -> bool:
    return True


@attrs.frozen
class SheetSpec:
    """One sheet of the briefing.

    Attributes
    ----------
    title : str
        The sheet's title (at most 31 characters).
    purpose : str
        One line for the Summary's contents.
    guide : str
        How to read it, for the About sheet.
    write : callable
        ``write(ctx)`` places the sheet's cells (:class:`Context`).
    when : callable
        ``when(findings)``: whether this workbook has the sheet.
    """

    title: str
    purpose: str
    guide: str
    write: Callable[[Context], None]
    when: Callable[[Findings], bool] = _always


def _summary(ctx: Context) -> None:
    from .summary import summary

    summary(ctx)


def _changes(ctx: Context) -> None:
    from .summary import changes_sheet

    changes_sheet(ctx)


def _stances(ctx: Context) -> None:
    from .matrices import stances

    stances(ctx)


def _agreement(ctx: Context) -> None:
    from .matrices import agreement

    agreement(ctx)


def _over_time(ctx: Context) -> None:
    from ..overtime import briefing_sheet

    change = ctx.findings.change
    assert change is not None  # the registry writes this sheet only then
    briefing_sheet(ctx, change)


def _gaps(ctx: Context) -> None:
    from .gaps import gaps_sheet

    gaps_sheet(ctx)


def _clashes(ctx: Context) -> None:
    from .gaps import clashes_sheet

    clashes_sheet(ctx)


def _evidence(ctx: Context) -> None:
    from .evidencesheet import evidence_sheet

    evidence_sheet(ctx)


def _red_lines(ctx: Context) -> None:
    from .gaps import red_lines

    red_lines(ctx)


def _deals(ctx: Context) -> None:
    from ..dealreport import deals_sheet

    deals_sheet(ctx, ctx.findings.deals)


def _actors(ctx: Context) -> None:
    from .actors import actors

    actors(ctx)


def _coverage(ctx: Context) -> None:
    from .actors import coverage

    coverage(ctx)


def _codebook(ctx: Context) -> None:
    from .reference import codebook

    codebook(ctx)


def _sources(ctx: Context) -> None:
    from .reference import sources

    sources(ctx)


def _about(ctx: Context) -> None:
    from .reference import about

    about(ctx)


def _with_actors(f: Findings) -> bool:
    """Red lines, Deals and Actors are about actors: without any, no sheet (it would
    print a page saying there is nothing)."""
    return bool(f.dataset.actors)


REGISTRY: Final[tuple[SheetSpec, ...]] = (
    SheetSpec(
        "Summary",
        "the headline findings",
        "The headline findings, with links to the detail.",
        _summary,
    ),
    SheetSpec(
        "Changes",
        "what changed since the older version",
        "One row per changed item or coding; old and new side by side.",
        _changes,
        lambda f: f.since is not None,
    ),
    SheetSpec(
        "Stances",
        "every voice's stance on every issue, with the evidence quote on hover",
        "Rows are voices, columns issues (hover an issue for its proposition). "
        "Red = opposes, blue = supports, white = neutral or mixed, blank = not "
        "addressed. Hover a stance for its verbatim evidence quote. Use the filter "
        "buttons to show one source or one holder.",
        _stances,
    ),
    SheetSpec(
        "Agreement",
        "who agrees with whom, clustered, with the number of shared issues",
        "Blue = agree, red = disagree, below the diagonal; above it, the number of "
        "issues both voices address: read it before trusting a score. Voices are "
        "numbered in clustered order; † marks a voice with no variance.",
        _agreement,
    ),
    SheetSpec(
        "Change over time",
        "who moved, month by month, with the quotes before and after",
        "Each actor's moves between months (median of the month's "
        "sources), largest first, with a quote before and after; below, every "
        "position month by month as a grid (an issue per row, a column per holder and "
        "month).",
        _over_time,
        lambda f: f.change is not None,
    ),
    SheetSpec(
        "Gaps",
        "issues, most contested first, with the quotes at both ends",
        "Issues ranked by how contested they are, with the voices and quotes at "
        "both ends of the scale.",
        _gaps,
    ),
    SheetSpec(
        "Clashes",
        "pairs of voices on opposite sides, ranked by how many issues they clash on",
        "Every pair of voices (sources' own stances and the positions they report alike) "
        "that stands on opposite sides of at least one issue, ranked by the issues they "
        "clash on out of those both address; below, the top pairs' clashes with both quotes.",
        _clashes,
    ),
    SheetSpec(
        "Red lines",
        "actor pairs on opposite sides, one of them at an extreme",
        "Where two actors' reported positions collide, with each side's evidence.",
        _red_lines,
        _with_actors,
    ),
    SheetSpec(
        "Deals",
        "where a deal could be: outcomes no actor's red line rules out, packages, trades",
        "Where a deal could be between the actors: which outcome of each issue "
        "crosses no red line, the best packages (or the issues that block them, with "
        "quotes), and trades.",
        _deals,
        _with_actors,
    ),
    SheetSpec(
        "Actors",
        "actors' positions as the sources report them",
        "An issue per row, an actor per column: the median of the positions the "
        "sources report, (n) sources, * when they disagree on the side; each source's "
        "report in the cell's comment; below, how far apart the actors stand.",
        _actors,
        _with_actors,
    ),
    SheetSpec(
        "Coverage",
        "which source addresses which issue",
        "Which source addresses which issue (✓); thinly covered issues below.",
        _coverage,
    ),
    SheetSpec(
        "Codebook",
        "issues, propositions, groups, the scale and its colours, codebook checks",
        "The issues, their groups and weights, the scale and its colours; "
        "below, the codebook checks (issues that double-count, quotes coded twice).",
        _codebook,
    ),
    SheetSpec(
        "Evidence",
        "every coding once: voice, issue, stance, quote, confidence, note",
        "All the evidence, one row per coding, with filter buttons; the other sheets show "
        "a few quotes each (the most confident, then the most representative) and link "
        "here for the rest.",
        _evidence,
    ),
    SheetSpec(
        "Sources",
        "the sources: titles, dates, links",
        "The coded texts and where to find them.",
        _sources,
    ),
    SheetSpec(
        "About",
        "versions, citation, measures and how to read each sheet",
        "Versions, citation, the measures used and this guide.",
        _about,
    ),
)
"""Every sheet the briefing can have, in workbook order."""


def titles(findings: Findings) -> list[str]:
    """The titles of the sheets a briefing of ``findings`` has, in order."""
    return [s.title for s in REGISTRY if s.when(findings)]


def purpose(title: str) -> str:
    """The one-line purpose of the sheet titled ``title``."""
    for s in REGISTRY:
        if s.title == title:
            return s.purpose
    raise KeyError(title)
