"""The reference sheets: Codebook (with the codebook checks), Sources, About."""

from __future__ import annotations

from typing import Final

from .._version import __version__
from ..findings import METRIC
from ..model import FORMAT
from ..xlsx import (
    BOLD,
    WRAP,
    SheetWriter,
    Styled,
    internal_link,
)
from ._style import (
    _LINK,
    _TITLE,
    _TOP,
    _header,
    _section,
    _stance_fill,
    _stance_text,
    _wrap,
)
from .context import Context

_CHECKS_SHOWN: Final = 6  # codebook findings listed on the Codebook sheet at most


def codebook(ctx: Context) -> None:
    ds = ctx.ds
    sheet = ctx.book.add_sheet("Codebook", widths=[24, 46, 16, 7, 100, 7], freeze="A2", align=_TOP)
    _header(sheet, ["Issue", "Proposition", "Group", "Weight", "Description", "Voices"])
    voices_on = ctx.report.issues["voices"]
    for issue in ds.issues.values():
        sheet.append(
            [
                _wrap(issue.id),
                _wrap(issue.proposition),
                _wrap(issue.group or ""),
                issue.weight,
                _wrap(issue.description),
                int(voices_on.get(issue.id, 0)),
            ]
        )
    sheet.auto_filter()
    groups: dict[str, list[str]] = {}
    for issue in ds.issues.values():
        if issue.group:
            groups.setdefault(issue.group, []).append(issue.id)
    if groups:
        _section(sheet, "Groups")
        _header(sheet, ["Group", "Issues"])
        for group, members in groups.items():
            sheet.append([_wrap(group), _wrap(", ".join(members))])
    _section(sheet, "Scale and colours")
    _header(sheet, ["Stance", "Label (as shown on the Stances sheet)"])
    for point in ctx.scale.points:
        sheet.append(
            [
                point,
                Styled(
                    _stance_text(ctx.scale, float(point)),
                    fill=_stance_fill(ctx.scale, float(point), ctx.fills),
                ),
            ]
        )
    sheet.append(["(blank)", "not addressed: the voice says nothing on the issue"])
    if ds.actors:
        _section(sheet, "Actors")
        _header(sheet, ["Actor id", "Name", "Kind"])
        for actor in ds.actors.values():
            sheet.append([actor.id, _wrap(actor.name), actor.kind or ""])
    codebook_checks(ctx, sheet)


def codebook_checks(ctx: Context, sheet: SheetWriter) -> None:
    """The findings of :func:`posmatrix.check` below the codebook (warnings first)."""
    found = ctx.findings.checks
    _section(sheet, "Codebook checks (posmatrix check; see docs/methods.md)")
    if not len(found):
        sheet.append(["None: no issue pair double-counts, no quote is coded twice."])
        return
    # line and column only: the file's full path would differ from machine to machine
    name = ctx.ds.name.replace("\\", "/").rsplit("/", 1)[-1]
    # the codebook's columns: the long texts go to its wide columns B and E
    _header(sheet, ["Kind", f"Items; where in {name}", "Severity", "", "Finding"])
    order = found.sort_values("severity", key=lambda s: s != "warning", kind="stable")
    for row in order.head(_CHECKS_SHOWN).itertuples(index=False):
        where = "line {}, column {}".format(*row.location.rsplit(":", 2)[1:])
        sheet.append(
            [
                _wrap(row.kind),
                _wrap(f"{', '.join(row.items)}; {where}"),
                row.severity,
                None,
                _wrap(row.message),
            ]
        )
    if len(found) > _CHECKS_SHOWN:
        sheet.append(
            [
                "",
                _wrap(
                    f"{len(found) - _CHECKS_SHOWN} more findings: run "
                    "`posmatrix check` for the full list."
                ),
            ]
        )


def sources(ctx: Context) -> None:
    """One row per source: title (and subtitle), where and when, link, notes."""
    ds = ctx.ds
    sheet = ctx.book.add_sheet("Sources", widths=[36, 22, 10, 26, 84, 8], freeze="B2", align=_TOP)
    _header(
        sheet,
        ["Title", "Outlet, section, author", "Published", "Link or file", "Notes", "Codings"],
        numeric=(5,),
    )
    counts: dict[str, int] = {}
    for c in ds.codings:
        counts[c.source] = counts.get(c.source, 0) + 1
    n = ctx.limit_rows(len(ds.sources), "Sources", 1)
    for source in list(ds.sources.values())[:n]:
        title = source.title + (f": {source.subtitle}" if source.subtitle else "")
        where = ", ".join(x for x in (source.outlet, source.section, source.author) if x)
        if source.url:
            shown = source.url if len(source.url) <= 48 else source.url[:47] + "…"
            link: object = Styled(shown, url=source.url, font=_LINK, alignment=WRAP)
        else:
            link = _wrap(source.file or "")
        sheet.append(
            [
                _wrap(title),
                _wrap(where),
                source.published or "",
                link,
                _wrap(source.notes),
                counts.get(source.id, 0),
            ]
        )
    sheet.auto_filter()
    ctx.print_first(sheet, 1, n, "sources")


def about(ctx: Context) -> None:
    ds = ctx.ds
    sheet = ctx.book.add_sheet("About", widths=[20, 130], title_rows=0, align=_TOP)
    sheet.append([Styled("About this briefing", font=_TITLE)], height=24)
    facts = [
        ("Dataset", ds.title),
        ("Dataset version", ds.version or "(not given)"),
        ("Format", FORMAT),
        ("Citation", ds.citation or "(not given)"),
        ("Made with", f"posmatrix {__version__}"),
        (
            "Stance scale",
            f"{ctx.scale.min} to {ctx.scale.max}: "
            + ", ".join(
                f"{p} {lab}" for p, lab in zip(ctx.scale.points, ctx.scale.labels, strict=True)
            ),
        ),
    ]
    for label, text in facts:
        sheet.append([Styled(label, font=BOLD, alignment=WRAP), _wrap(text)])
    _section(sheet, "Measures used")
    measures = [
        (
            "Voice",
            "A source's own stance (labelled by the source id) or a position a source "
            "attributes to an actor (labelled source/actor).",
        ),
        (
            "Not addressed",
            "A voice that says nothing on an issue has no stance there (a blank cell); "
            "silence is never counted as 0. 0 means a neutral or mixed stance.",
        ),
        (
            "Agreement",
            f"{METRIC}: 1 − mean |a − b| / scale range over the issues both voices "
            "address, weighted by issue weight; 100% = the same stances, 0% = opposite "
            "ends of the scale on every shared issue (smartvote-style).",
        ),
        (
            "Clustered order",
            "Voices ordered by average-linkage (UPGMA) clustering on 1 − agreement, so "
            "voices that agree sit together.",
        ),
        (
            "Contested",
            "An issue is contested when at least one voice supports it and at least one "
            "opposes it.",
        ),
        (
            "Polarization",
            "2 × min(support, oppose) / voices: 100% when the voices split evenly between "
            "support and opposition with nobody neutral.",
        ),
        (
            "Agreement A",
            "van der Eijk's agreement A of the distribution of stances on an issue: 1 all "
            "at one point, 0 uniform, −1 split between the two ends.",
        ),
        (
            "Red line",
            "Two actors' median reported stances on opposite sides of the midpoint, at "
            "least one at an end of the scale.",
        ),
        (
            "Actor stance",
            "The median of the stances the sources attribute to the actor; 'spread' is "
            "max − min across the sources (0 = they agree).",
        ),
    ]
    for label, text in measures:
        sheet.append([Styled(label, font=BOLD, alignment=WRAP), _wrap(text)])
    _section(sheet, "How to read the sheets")
    from .registry import REGISTRY

    shown = set(ctx.titles)
    for entry in REGISTRY:
        if entry.title in shown:
            sheet.append(
                [
                    Styled(entry.title, font=_LINK, link=internal_link(entry.title)),
                    _wrap(entry.guide),
                ]
            )
    if ctx.notes:
        _section(sheet, "Limits applied to this workbook")
        for note in ctx.notes:
            sheet.append(["", _wrap(note)])
