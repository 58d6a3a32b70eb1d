"""The Summary sheet (headline findings with links) and the Changes sheet."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment

from .._version import __version__
from ..evidence import cut
from ..findings import METRIC
from ..model import AUTHOR, FORMAT, quoted
from ..voicenames import shorten
from ..xlsx import (
    BOLD,
    WRAP,
    Styled,
)
from ._style import (
    _TITLE,
    _TOP,
    NO_VARIANCE_NOTE,
    _count,
    _header,
    _num,
    _pct,
    _section,
    _stance_text,
    _wrap,
)
from .context import Context

_RIGHT = Alignment(horizontal="right", vertical="top")

CAMP_ROWS = 2
"""Defining issues shown per camp, and consensus and divisive issues shown, on the
Summary (the strongest first; all of them: ``Findings.profiles``)."""


def summary(ctx: Context) -> None:
    ds, r = ctx.ds, ctx.report
    widths = [30, 44, 18, 18, 14, 14, 12]
    sheet = ctx.book.add_sheet(
        "Summary",
        widths=widths,
        title_rows=0,
        tab_color="FF1F3864",
        align=_TOP,
    )
    span = 7
    sheet.append_merged(Styled(ds.title, font=_TITLE, alignment=WRAP), span)
    if ds.description:
        sheet.append_merged(_wrap(ds.description), span)
    version = ds.version or "(not given)"
    sheet.append_merged(
        f"Dataset version {version} · format {FORMAT} · posmatrix {__version__}", span
    )

    _section(sheet, "In numbers")
    clashes = r.clashes
    n_clash = len(clashes) if clashes is not None else 0
    inames, vnames = ctx.findings.issue_names, ctx.findings.voice_names
    n_voices = len(ctx.vframe)
    authors = int((ctx.vframe["holder"] == AUTHOR).sum())
    for label, value in (
        ("Sources", len(ds.sources)),
        ("Issues", len(ds.issues)),
        ("Actors", len(ds.actors)),
        ("Voices (source's own + reported)", n_voices),
        ("  of which sources' own stances", authors),
        (
            "Codings (each with a verbatim quote)" if not ds.quoteless else "Codings",
            len(ds.codings),
        ),
        ("  of which without a quote (evidence: optional)", ds.quoteless),
        ("Contested issues", int(r.issues["contested"].sum())),
        ("Pairs of voices that clash", n_clash),
        ("Red lines between actors", len(r.red_lines)),
    ):
        if label.startswith("  of which without") and not value:
            continue  # only a dataset with quoteless codings says so
        sheet.append([label, value])

    _section(sheet, "Contents")
    from .registry import purpose

    for title in ctx.titles[1:]:
        sheet.append([ctx.link(title, title), _wrap(purpose(title))], merge={1: span - 1})

    if ctx.changes is not None:
        s = ctx.changes.summary
        _section(sheet, f"Changes since {ctx.changes.old_name}")
        sheet.append(
            [
                "Codings",
                f"{s['codings_added']} added, {s['codings_removed']} removed, "
                f"{s['codings_changed']} changed",
                ctx.link("Changes"),
            ]
        )
        sheet.append(
            [
                "Issues, actors, sources",
                f"{s['issues_added'] + s['actors_added'] + s['sources_added']} added, "
                f"{s['issues_removed'] + s['actors_removed'] + s['sources_removed']} "
                f"removed, "
                f"{s['issues_changed'] + s['actors_changed'] + s['sources_changed']} edited",
            ]
        )

    _section(sheet, "Most contested issues")
    contested = r.issues[r.issues["contested"]].head(5)
    if len(contested):
        _header(
            sheet,
            ["Issue", "Proposition", "Support", "Oppose", "Polarization", ""],
            numeric=(2, 3, 4),
        )
        for issue, row in contested.iterrows():
            sheet.append(
                [
                    _wrap(inames.get(str(issue), str(issue))),
                    _wrap(row["proposition"]),
                    int(row["support"]),
                    int(row["oppose"]),
                    _pct(float(row["polarization"])),
                    ctx.link("Gaps"),
                ]
            )
    else:
        sheet.append(["No issue is contested: no voice opposes what another supports."])

    _section(sheet, "Voices that clash most")
    if clashes is not None and n_clash:
        _header(
            sheet, ["Voice", "Voice", "Clashes", "Shared issues", "Share", ""], numeric=(2, 3, 4)
        )
        for row in clashes.pairs.head(5).itertuples(index=False):
            sheet.append(
                [
                    _wrap(row.name_a),
                    _wrap(row.name_b),
                    int(row.clashes),
                    int(row.shared),
                    _pct(float(row.share)),
                    ctx.link("Clashes"),
                ]
            )
        if n_clash > 5:
            sheet.append([f"… and {n_clash - 5:,} more pairs", ctx.link("Clashes")])
    else:
        sheet.append(["No two voices stand on opposite sides of any issue."])

    _section(sheet, "Red lines between actors")
    red = r.red_lines.head(5)
    if len(red):
        _header(sheet, ["Actors", "Issue", "Stance A", "Stance B", "", "", ""])
        for _, row in red.iterrows():
            sheet.append(
                [
                    _wrap(f"{ds.holder_name(row['actor_a'])} ↔ {ds.holder_name(row['actor_b'])}"),
                    _wrap(inames.get(str(row["issue"]), str(row["issue"]))),
                    _wrap(_stance_text(ctx.scale, float(row["stance_a"]))),
                    _wrap(_stance_text(ctx.scale, float(row["stance_b"]))),
                    ctx.link("Red lines"),
                ]
            )
        if len(r.red_lines) > len(red):
            sheet.append([f"… and {len(r.red_lines) - len(red)} more", ctx.link("Red lines")])
    elif n_clash:
        sheet.append_merged(
            _wrap(
                "No red lines between actors' reported positions (opposite sides, one at an "
                f"end of the scale); {n_clash:,} pairs of voices clash: see above."
            ),
            span,
        )
    else:
        sheet.append(["No red lines: no two actors stand on opposite sides at an extreme."])

    _camps(ctx, sheet, span)

    for kind, title in (("aligned", "Most aligned voices"), ("divergent", "Least aligned")):
        _section(sheet, f"{title} ({METRIC} agreement)")
        pairs = r.pairs[r.pairs["kind"] == kind].head(3)
        if not len(pairs):
            sheet.append(["No two voices address a common issue."])
            continue
        _header(sheet, ["Voice", "Voice", "Agreement", "Shared issues", ""], numeric=(2, 3))
        for _, row in pairs.iterrows():
            sheet.append(
                [
                    _wrap(vnames.get(row["voice_a"], row["voice_a"])),
                    _wrap(vnames.get(row["voice_b"], row["voice_b"])),
                    _pct(float(row["agreement"])),
                    int(row["overlap"]),
                    ctx.link("Agreement"),
                ]
            )
    sheet.append([])
    sheet.append_merged(
        _wrap(
            "Stances run from "
            f"{ctx.scale.min} ({ctx.scale.labels[0]}) to {ctx.scale.max} "
            f"({ctx.scale.labels[-1]}); an issue a voice does not address is blank, "
            "never 0. See About for the measures."
        ),
        span,
    )
    ctx.figure(sheet, "map", "Who stands where (position map)", widths)


def changes_sheet(ctx: Context) -> None:
    changes = ctx.changes
    assert changes is not None  # the registry writes this sheet only then
    sheet = ctx.book.add_sheet(
        "Changes", widths=[10, 10, 34, 16, 22, 22, 40, 40], freeze="A2", align=_TOP
    )
    names = ["Kind", "Change", "Item", "Field", "Old", "New", "Old quote", "New quote"]
    _header(sheet, names)
    frame = changes.changes
    n = ctx.limit_rows(len(frame), "Changes", 1)
    cols = ["kind", "change", "item", "field", "old", "new", "old_quote", "new_quote"]
    for row in frame[cols].head(n).itertuples(index=False):
        sheet.append([_wrap(v) for v in row])
    if not len(frame):
        sheet.append(["", "", "No differences between the two versions."])
    sheet.auto_filter()


def _camps(ctx: Context, sheet: Any, span: int) -> None:
    """The Camps section: each camp's defining issues, then consensus, divisive issues
    and bridging voices, each with a representative quote (:mod:`posmatrix.profiles`)."""
    f = ctx.findings
    p = f.profiles
    inames, vnames = f.issue_names, f.voice_names
    sizes = f.camps.sizes
    _section(sheet, "Camps (clusters of voices that agree)")
    if len(sizes) < 2 or not len(p.defining):
        sheet.append(["Too few voices for camps."])
        return
    _header(sheet, ["Camp: defining issue", "Quote", "Camp mean", "Rest mean"], numeric=(2, 3))
    for row in _tuples(p.defining.groupby("camp", sort=False).head(CAMP_ROWS)):
        who = shorten(vnames.get(row.voice, row.voice), 36)
        sheet.append(
            [
                _wrap(
                    f"Camp {row.camp} ({_count(sizes[int(row.camp) - 1], 'voice')}): "
                    f"{inames.get(row.issue, row.issue)} ({row.side}s)"
                ),
                _wrap(f"{who}: {quoted(cut(row.quote, 80))}" if row.voice else ""),
                _num(float(row.camp_mean)),
                _num(float(row.rest_mean)),
            ]
        )
    for title, frame in (("All camps agree on", p.consensus), ("Camps divide on", p.divisive)):
        if not len(frame):
            continue
        sheet.append([Styled(title, font=BOLD), "", _right("Lowest camp"), _right("Highest camp")])
        for row in _tuples(frame.head(CAMP_ROWS)):
            who = shorten(vnames.get(row.voice, row.voice), 36)
            sheet.append(
                [
                    _wrap(inames.get(row.issue, row.issue)),
                    _wrap(f"{who}: {quoted(cut(row.quote, 80))}" if row.voice else ""),
                    _num(float(row.low)),
                    _num(float(row.high)),
                ]
            )
    _set_aside(ctx, sheet, span)
    if len(p.bridging):
        sheet.append(
            [
                Styled("Voices that bridge two camps", font=BOLD),
                "",
                _right("Own camp"),
                _right("Other"),
            ]
        )
        for row in _tuples(p.bridging):
            sheet.append(
                [
                    _wrap(vnames.get(row.voice, row.voice)),
                    _wrap(f"camp {row.camp} and camp {row.other}"),
                    _pct(float(row.own)),
                    _pct(float(row.with_other)),
                ]
            )


def _set_aside(ctx: Context, sheet: Any, span: int) -> None:
    """One note naming the voices in no camp, and why (no variance, too few positions)."""
    aside = ctx.findings.camps.set_aside
    if not len(aside):
        return
    vnames = ctx.findings.voice_names
    flat = ctx.findings.no_variance
    parts = []
    for note, group in aside.groupby("note", sort=True):
        names = [vnames.get(str(v), str(v)) for v in group.index]
        shown = "; ".join(names[:5]) + (f"; and {len(names) - 5:,} more" if len(names) > 5 else "")
        parts.append(f"{note} ({len(names):,}): {shown}")
    text = "Set aside, in no camp — " + " · ".join(parts) + "."
    if any(str(v) in flat for v in aside.index):
        text += " " + NO_VARIANCE_NOTE.removeprefix("† ")
    sheet.append_merged(_wrap(text), span)


def _right(text: str) -> Styled:
    """A column label over numbers: bold, right-aligned like them."""
    return Styled(text, font=BOLD, alignment=_RIGHT)


def _tuples(frame: Any) -> Any:
    return frame.itertuples(index=False)
