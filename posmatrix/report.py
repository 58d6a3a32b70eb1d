"""The text briefing: a report readable in a terminal and pasteable into a memo.

:func:`render_report` writes, in Markdown, GitHub Markdown, LaTeX, HTML or plain
text: a summary of the dataset, the most contested issues with the quotes at
both ends of the scale, the red lines between actors, where a deal could be
between the actors (:mod:`posmatrix.dealreport`), the agreement between the
sources' own stances with the number of issues each pair shares, the most
aligned and most divergent voices, and the coverage of issues by sources.

The text is deterministic (the same dataset gives the same report), so it can
be snapshot-tested; numbers are rounded only here, never in the frames.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd

from ._version import __version__
from .errors import UsageError
from .findings import METRIC, Findings
from .model import AUTHOR, FORMAT, Dataset, Scale
from .render import FORMATS, Document

if TYPE_CHECKING:
    from .gapreport import GapReport

__all__ = ["REPORT_FORMATS", "render_report"]

REPORT_FORMATS: Final = FORMATS
"""The formats :func:`render_report` writes (those of the document layer)."""

_FEW: Final = 3
"""An agreement over fewer shared issues than this is marked in the report's table."""

_Doc = Document  # the name dealreport and overtime sections type their ``doc`` with


def _stance(scale: Scale, value: float) -> str:
    return "–" if math.isnan(value) else scale.describe(value, brackets=True)


def _issues(n: int) -> str:
    return f"{n} shared issue" if n == 1 else f"{n} shared issues"


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0%}"


def render_report(
    ds: Dataset | Findings,
    fmt: str = "markdown",
    *,
    top: int = 5,
    report: GapReport | None = None,
    figures: Mapping[str, str] | None = None,
) -> str:
    """The text briefing of ``ds``.

    Parameters
    ----------
    ds : Dataset or Findings
        The dataset, or its :class:`~posmatrix.Findings` (computed parts are reused;
        the report computes nothing itself).
    fmt : {"markdown", "github", "latex", "html", "plain"}
        ``markdown`` (pipe tables), ``github`` (GitHub-flavoured tables), ``latex``
        (a fragment with booktabs tables), ``html`` (a complete page, every text
        escaped) or ``plain`` (for a terminal).
    top : int
        How many contested issues (with quotes) and pairs of voices to show.
    report : GapReport, optional
        A gap report of ``ds`` already computed (default: the findings' ``report``,
        ``posmatrix.gaps(ds)``); kept for compatibility, a ``Findings`` holds it.
    figures : mapping, optional
        ``map`` and/or ``heatmap`` -> SVG markup (HTML) or a relative file name
        (Markdown, LaTeX), as :func:`posmatrix.reportfigures.report_figures` makes
        them; the map follows the summary, the heatmap the agreement table. Default:
        no figures.

    Returns
    -------
    str
        The report, ending with a newline. The same dataset gives the same text.

    Raises
    ------
    UsageError
        For an unknown format or a bad ``top``.

    Examples
    --------
    >>> import posmatrix
    >>> text = render_report(posmatrix.example(), "plain")
    >>> print(text.splitlines()[0])
    Talks to end the war in Ukraine, 2025
    >>> "Most contested issues" in text and "Red lines between actors" in text
    True
    """
    if fmt not in REPORT_FORMATS:
        raise UsageError(f"format must be one of {', '.join(REPORT_FORMATS)}; got {fmt!r}")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise UsageError(f"top must be an integer >= 1, got {top!r}")
    if not isinstance(ds, (Dataset, Findings)):
        raise UsageError(f"ds must be a posmatrix Dataset or Findings, got {type(ds).__name__}")
    found = ds if isinstance(ds, Findings) else Findings(ds)
    ds = found.dataset
    if report is not None:
        found.__dict__["report"] = report  # a cached part, given instead of computed
    r = found.report
    scale = ds.scale
    names, issue_names = found.voice_names, found.issue_names

    def voice(label: object) -> str:
        return names.get(str(label), str(label))

    def issue_name(issue: object) -> str:
        return issue_names.get(str(issue), str(issue))

    doc = Document(fmt)
    doc.heading(ds.title, 1)
    if ds.description:
        doc.para(ds.description)
    vframe = found.voices
    n_own = int((vframe["holder"] == AUTHOR).sum())
    doc.para(
        f"Dataset version {ds.version or '(not given)'} · format {FORMAT} · "
        f"posmatrix {__version__}. {len(ds.sources)} sources, {len(ds.issues)} issues, "
        f"{len(ds.actors)} actors; {len(vframe)} voices ({n_own} sources' own stances, "
        f"{len(vframe) - n_own} positions attributed to actors); {len(ds.codings)} codings, "
        + (
            "each with a verbatim quote."
            if not ds.quoteless
            else f"{len(ds.codings) - ds.quoteless} with a verbatim quote, "
            f"{ds.quoteless} without one (evidence: optional)."
        )
    )

    # -- summary
    doc.heading("Summary", 2)
    contested = r.issues[r.issues["contested"]]
    points = [
        f"{len(contested)} of {len(ds.issues)} issues are contested (some voice supports "
        "what another opposes)."
    ]
    if len(contested):
        first = contested.iloc[0]
        points.append(
            f"Most contested: {issue_name(contested.index[0])} — {first['proposition']} "
            f"({int(first['support'])} for, {int(first['oppose'])} against)."
        )
    points.append(f"{len(r.red_lines)} red lines between actors.")
    aligned = r.pairs[r.pairs["kind"] == "aligned"]
    divergent = r.pairs[r.pairs["kind"] == "divergent"]
    if len(aligned):
        a = aligned.iloc[0]
        points.append(
            f"Most aligned: {voice(a['voice_a'])} and {voice(a['voice_b'])} "
            f"({_pct(a['agreement'])} "
            f"over {_issues(int(a['overlap']))})."
        )
    if len(divergent):
        d = divergent.iloc[0]
        points.append(
            f"Most divergent: {voice(d['voice_a'])} and {voice(d['voice_b'])} "
            f"({_pct(d['agreement'])} "
            f"over {_issues(int(d['overlap']))})."
        )
    if len(r.thin_issues):
        points.append(
            f"{len(r.thin_issues)} issues are addressed by fewer than {r.min_sources} sources."
        )
    doc.bullets(points)
    doc.para(
        f"Stances run from {scale.min} ({scale.labels[0]}) to {scale.max} ({scale.labels[-1]}). "
        "An issue a voice does not address is left out, never counted as 0."
    )
    figs = figures or {}
    doc.figure(
        figs.get("map"),
        "Who stands where: each voice placed so that the distance between two points "
        "reflects how much they disagree (position map).",
    )

    # -- contested issues with quotes
    doc.heading("Most contested issues", 2)
    if not len(contested):
        doc.para("No issue is contested.")
    for issue, row in contested.head(top).iterrows():
        doc.heading(f"{row['rank']}. {issue_name(issue)}: {row['proposition']}", 3)
        doc.para(
            f"{int(row['voices'])} voices: {int(row['support'])} support, "
            f"{int(row['neutral'])} neutral or mixed, {int(row['oppose'])} oppose; "
            f"polarization {_pct(row['polarization'])}, agreement A "
            f"{row['van_der_eijk_a']:.2f}."
        )
        for side in ("low", "high"):
            point = scale.min if side == "low" else scale.max
            who = list(row[f"{side}_voices"])
            if who:
                doc.para(f"At {_stance(scale, float(point))}:")
                doc.quotes([(voice(w), q) for w, q in zip(who, row[f"{side}_quotes"], strict=True)])

    # -- red lines
    doc.heading("Red lines between actors", 2)
    red = r.red_lines
    doc.table(
        pd.DataFrame(
            {
                "actors": [
                    f"{ds.holder_name(a)} / {ds.holder_name(b)}"
                    for a, b in zip(red["actor_a"], red["actor_b"], strict=True)
                ],
                "issue": [issue_name(i) for i in red["issue"]],
                "stance A": [_stance(scale, float(v)) for v in red["stance_a"]],
                "stance B": [_stance(scale, float(v)) for v in red["stance_b"]],
                "reported by (A)": [", ".join(map(voice, s)) for s in red["sources_a"]],
                "reported by (B)": [", ".join(map(voice, s)) for s in red["sources_b"]],
            }
        )
    )

    # -- who clashes with whom, any voices (posmatrix.reportcamps)
    from .reportcamps import camps_section, clashes_section

    clashes_section(doc, found, top)

    # -- where a deal could be (posmatrix.dealreport)
    from .dealreport import deal_section

    deal_section(doc, found.deals, top=min(top, 3))

    # -- agreement
    doc.heading("Agreement between the sources' own stances", 2)
    own = vframe.index[vframe["holder"] == AUTHOR]
    if len(own) >= 2:
        agr = found.author_agreement
        ovl = found.author_overlap
        a_vals = agr.to_numpy(dtype=np.float64)
        o_vals = ovl.to_numpy(dtype=np.int64)
        n = len(agr.index)
        few = o_vals < _FEW
        cells = [
            ["" if i == j else _pct(a_vals[i, j]) + ("*" if few[i, j] else "") for j in range(n)]
            for i in range(n)
        ]
        off = ~np.eye(n, dtype=bool)
        shared = o_vals[off]
        low, high = int(shared.min()), int(shared.max())
        doc.para(
            f"{METRIC} agreement (100% = identical stances) over the issues both address, "
            "in clustered order; columns are numbered as the rows. "
            + (
                f"Every pair shares {low} {'issue' if low == 1 else 'issues'}"
                if low == high
                else f"Pairs share from {low} to {high} issues "
                f"(median {float(np.median(shared)):g})"
            )
            + (f"; * fewer than {_FEW} shared issues" if bool(few[off].any()) else "")
            + ("; a dash: none" if low == 0 else "")
            + "."
        )
        doc.table(
            pd.DataFrame(
                cells,
                index=pd.Index(
                    [f"{k}. {voice(v)}" for k, v in enumerate(agr.index, start=1)], name="source"
                ),
                columns=[str(k) for k in range(1, n + 1)],
            )
        )
    else:
        doc.para("Fewer than two sources state their own stances.")
    doc.figure(
        figs.get("heatmap"),
        "Agreement between all voices in clustered order (blue: agree, red: disagree, "
        "grey: no shared issue).",
    )
    for title, part in (("Most aligned voices", aligned), ("Most divergent voices", divergent)):
        doc.heading(title, 3)
        shown = part.head(top)
        doc.table(
            pd.DataFrame(
                {
                    "voice A": [voice(v) for v in shown["voice_a"]],
                    "voice B": [voice(v) for v in shown["voice_b"]],
                    "agreement": shown["agreement"].astype(float).tolist(),
                    "shared issues": shown["overlap"].astype(int).tolist(),
                }
            ),
            floatfmt=["g", "g", ".0%", "g"],
        )

    # -- camps and what defines them
    camps_section(doc, found, top)

    # -- change over time (when the dates span more than one month)
    from .overtime import report_section

    change = found.change
    if change is not None:
        report_section(doc, ds, change, top)

    # -- coverage
    doc.heading("Coverage", 2)
    per = r.coverage_sources
    doc.table(
        pd.DataFrame(
            {
                "issues": per["issues"].astype(int).tolist(),
                "share": per["share"].astype(float).tolist(),
                "codings": per["codings"].astype(int).tolist(),
                "low confidence": per["low_confidence"].astype(int).tolist(),
            },
            index=pd.Index([voice(s) for s in per.index], name="source"),
        ),
        floatfmt=["g", ".0%", "g", "g"],
    )
    thin = r.thin_issues
    if len(thin):
        doc.para(f"Issues addressed by fewer than {r.min_sources} sources:")
        doc.bullets(
            [
                f"{issue_name(issue)} ({int(row['n_sources'])}: "
                f"{', '.join(map(voice, row['sources'])) or 'none'})"
                for issue, row in thin.iterrows()
            ]
        )
    _checks_section(doc, found.checks)
    if ds.citation:
        doc.heading("Citation", 2)
        doc.para(ds.citation)
    return doc.text(ds.title)


def _checks_section(doc: Document, found: pd.DataFrame) -> None:
    """The codebook checks (:func:`posmatrix.check`'s frame): every warning, and the
    notes counted by kind."""
    doc.heading("Codebook checks", 2)
    warnings = found[found["severity"] == "warning"]
    notes = found[found["severity"] == "note"]
    if not len(found):
        doc.para("No findings: no issue pair double-counts and no quote is coded twice.")
        return
    doc.para(
        f"{len(warnings)} warnings and {len(notes)} notes from posmatrix check "
        "(methods: docs/methods.md, Codebook checks); line numbers are the dataset file's."
    )
    if len(warnings):
        doc.bullets(
            [
                f"{kind}: {message} (line {location.rsplit(':', 2)[1]})"
                for kind, message, location in zip(
                    warnings["kind"], warnings["message"], warnings["location"], strict=True
                )
            ]
        )
    if len(notes):
        counts = notes["kind"].value_counts(sort=False)
        doc.para(
            "Notes: "
            + ", ".join(f"{int(n)} {kind}" for kind, n in counts.items())
            + "; posmatrix check lists them."
        )
