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

import html
import math
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Final

import numpy as np
import pandas as pd

from . import __version__
from .analysis import agreement, overlap
from .errors import UsageError
from .gapreport import METRIC, GapReport, gaps
from .matrix import voices
from .model import AUTHOR, FORMAT, Dataset, Scale, quoted
from .tables import to_table
from .textsafe import md_block, md_inline, visible

__all__ = ["REPORT_FORMATS", "render_report"]

REPORT_FORMATS: Final = ("markdown", "github", "latex", "html", "plain")
"""The formats :func:`render_report` writes."""

_TABLE_FORMAT: Final = {
    "markdown": "pipe",
    "github": "github",
    "latex": "latex_booktabs",
    "html": "html",
    "plain": "simple",
}
_LINE_BREAKS: Final = re.compile(r"\s*\n\s*")
_LATEX_SPECIAL: Final = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX_SPECIAL))


class _Doc:
    """Blocks of a document, rendered in one of :data:`REPORT_FORMATS`."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.parts: list[str] = []

    def esc(self, text: str, *, line_start: bool = False) -> str:
        """``text`` for one line: control characters shown, markup escaped; in Markdown
        and LaTeX line breaks become spaces (a blank line would end a quote or break a
        heading)."""
        text = visible(text)
        if self.fmt in ("markdown", "github"):
            return md_inline(text, line_start=line_start)
        if self.fmt == "latex":
            text = _LATEX_RE.sub(lambda m: _LATEX_SPECIAL[m.group(0)], text)
            return _LINE_BREAKS.sub(" ", text)
        if self.fmt == "html":
            return html.escape(text, quote=False)
        return text

    def heading(self, text: str, level: int = 2) -> None:
        text = " ".join(visible(text).split())
        t = self.esc(text)
        if self.fmt in ("markdown", "github"):
            self.parts.append(f"{'#' * level} {t}")
        elif self.fmt == "latex":
            cmd = {1: "section*", 2: "subsection*", 3: "subsubsection*"}[level]
            self.parts.append(f"\\{cmd}{{{t}}}")
        elif self.fmt == "html":
            self.parts.append(f"<h{level}>{t}</h{level}>")
        else:
            self.parts.append(f"{text}\n{'=-~'[min(level, 3) - 1] * len(text)}")

    def para(self, text: str) -> None:
        t = md_block(text) if self.fmt in ("markdown", "github") else self.esc(text)
        self.parts.append(f"<p>{t}</p>" if self.fmt == "html" else t)

    def bullets(self, items: Sequence[str]) -> None:
        if not items:
            return
        es = [self.esc(i, line_start=True) for i in items]
        if self.fmt == "latex":
            body = "\n".join(f"  \\item {i}" for i in es)
            self.parts.append(f"\\begin{{itemize}}\n{body}\n\\end{{itemize}}")
        elif self.fmt == "html":
            body = "\n".join(f"<li>{i}</li>" for i in es)
            self.parts.append(f"<ul>\n{body}\n</ul>")
        else:
            self.parts.append("\n".join(f"- {i}" for i in es))

    def quotes(self, items: Sequence[tuple[str, str]]) -> None:
        """``(who, quote)`` pairs as attributed quotations."""
        if not items:
            return
        if self.fmt in ("markdown", "github"):
            lines = [
                f"> {quoted(self.esc(q))} — {self.esc(who)}" + ("  " if k < len(items) - 1 else "")
                for k, (who, q) in enumerate(items)
            ]
            self.parts.append("\n".join(lines))
        elif self.fmt == "latex":
            body = "\n\n".join(
                f"{quoted(self.esc(q), '``', chr(39) * 2)} --- {self.esc(who)}" for who, q in items
            )
            self.parts.append(f"\\begin{{quote}}\n{body}\n\\end{{quote}}")
        elif self.fmt == "html":
            body = "\n".join(
                f"<p>{quoted(self.esc(q))} — <cite>{self.esc(who)}</cite></p>" for who, q in items
            )
            self.parts.append(f"<blockquote>\n{body}\n</blockquote>")
        else:
            self.parts.append(
                "\n".join(f"    {quoted(self.esc(q))} — {self.esc(who)}" for who, q in items)
            )

    def table(self, frame: pd.DataFrame, floatfmt: str | Sequence[str] = ".2f") -> None:
        if not len(frame):
            self.para("(none)")
            return
        # to_table escapes Markdown (HTML, links, emphasis, "|") and shows control characters
        if self.fmt in ("markdown", "github"):
            frame = frame.copy()
            frame.index = pd.Index([str(v) for v in frame.index], name=frame.index.name)
        self.parts.append(to_table(frame, _TABLE_FORMAT[self.fmt], floatfmt=floatfmt))

    def figure(self, ref: str | None, caption: str) -> None:
        """A figure: ``ref`` is SVG markup (HTML) or a relative file name."""
        if not ref or self.fmt == "plain":
            return
        c = self.esc(caption)
        if self.fmt in ("markdown", "github"):
            self.parts.append(f"![{c}]({urllib.parse.quote(ref)})")
        elif self.fmt == "latex":
            self.parts.append(
                "% needs \\usepackage{graphicx}\n\\begin{figure}[htbp]\n\\centering\n"
                f"\\includegraphics[width=\\linewidth]{{{ref}}}\n\\caption{{{c}}}\n"
                "\\end{figure}"
            )
        elif self.fmt == "html":
            self.parts.append(f"<figure>\n{ref}\n<figcaption>{c}</figcaption>\n</figure>")

    def text(self, title: str) -> str:
        body = "\n\n".join(self.parts)
        if self.fmt == "html":
            t = html.escape(" ".join(visible(title).split()), quote=False)
            return (
                '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
                f"<title>{t}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
            )
        if self.fmt == "latex":
            return (
                "% posmatrix report; needs \\usepackage{booktabs} (and a Unicode engine such "
                "as LuaLaTeX or XeLaTeX for non-Latin scripts)\n" + body + "\n"
            )
        return body + "\n"


def _stance(scale: Scale, value: float) -> str:
    return "–" if math.isnan(value) else scale.describe(value, brackets=True)


def _issues(n: int) -> str:
    return f"{n} shared issue" if n == 1 else f"{n} shared issues"


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0%}"


def render_report(
    ds: Dataset,
    fmt: str = "markdown",
    *,
    top: int = 5,
    report: GapReport | None = None,
    figures: Mapping[str, str] | None = None,
) -> str:
    """The text briefing of ``ds``.

    Parameters
    ----------
    ds : Dataset
    fmt : {"markdown", "github", "latex", "html", "plain"}
        ``markdown`` (pipe tables), ``github`` (GitHub-flavoured tables), ``latex``
        (a fragment with booktabs tables), ``html`` (a complete page, every text
        escaped) or ``plain`` (for a terminal).
    top : int
        How many contested issues (with quotes) and pairs of voices to show.
    report : GapReport, optional
        A gap report of ``ds`` already computed (default: ``posmatrix.gaps(ds)``).
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
    if not isinstance(ds, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(ds).__name__}")
    r = report if report is not None else gaps(ds)
    scale = ds.scale
    doc = _Doc(fmt)
    doc.heading(ds.title, 1)
    if ds.description:
        doc.para(ds.description)
    vframe = voices(ds)
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
            f"Most contested: {contested.index[0]} — {first['proposition']} "
            f"({int(first['support'])} for, {int(first['oppose'])} against)."
        )
    points.append(f"{len(r.red_lines)} red lines between actors.")
    aligned = r.pairs[r.pairs["kind"] == "aligned"]
    divergent = r.pairs[r.pairs["kind"] == "divergent"]
    if len(aligned):
        a = aligned.iloc[0]
        points.append(
            f"Most aligned: {a['voice_a']} and {a['voice_b']} ({_pct(a['agreement'])} "
            f"over {_issues(int(a['overlap']))})."
        )
    if len(divergent):
        d = divergent.iloc[0]
        points.append(
            f"Most divergent: {d['voice_a']} and {d['voice_b']} ({_pct(d['agreement'])} "
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
        doc.heading(f"{row['rank']}. {issue}: {row['proposition']}", 3)
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
                doc.quotes(list(zip(who, row[f"{side}_quotes"], strict=True)))

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
                "issue": red["issue"].astype(str).tolist(),
                "stance A": [_stance(scale, float(v)) for v in red["stance_a"]],
                "stance B": [_stance(scale, float(v)) for v in red["stance_b"]],
                "reported by (A)": [", ".join(s) for s in red["sources_a"]],
                "reported by (B)": [", ".join(s) for s in red["sources_b"]],
            }
        )
    )

    # -- where a deal could be (posmatrix.dealreport)
    from .dealreport import deal_section, default_deals

    deal_section(doc, default_deals(ds), top=min(top, 3))

    # -- agreement
    doc.heading("Agreement between the sources' own stances", 2)
    own = vframe.index[vframe["holder"] == AUTHOR]
    if len(own) >= 2:
        agr = agreement(ds, METRIC, holder=AUTHOR, order="cluster")
        ovl = overlap(ds, holder=AUTHOR).loc[agr.index, agr.columns]
        a_vals = agr.to_numpy(dtype=np.float64)
        o_vals = ovl.to_numpy(dtype=np.int64)
        labels = [str(v) for v in agr.index]
        cells = [
            ["" if i == j else f"{_pct(a_vals[i, j])} ({o_vals[i, j]})" for j in range(len(labels))]
            for i in range(len(labels))
        ]
        doc.para(
            f"{METRIC} agreement (100% = identical stances) over the issues both address; "
            "in brackets the number of those issues. Clustered order."
        )
        doc.table(
            pd.DataFrame(
                cells,
                index=pd.Index(labels, name="source"),
                columns=labels,
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
                    "voice A": shown["voice_a"].astype(str).tolist(),
                    "voice B": shown["voice_b"].astype(str).tolist(),
                    "agreement": shown["agreement"].astype(float).tolist(),
                    "shared issues": shown["overlap"].astype(int).tolist(),
                }
            ),
            floatfmt=["g", "g", ".0%", "g"],
        )

    # -- change over time (when the dates span more than one month)
    from .overtime import change_over_time, report_section

    change = change_over_time(ds)
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
            index=pd.Index([str(s) for s in per.index], name="source"),
        ),
        floatfmt=["g", ".0%", "g", "g"],
    )
    thin = r.thin_issues
    if len(thin):
        doc.para(f"Issues addressed by fewer than {r.min_sources} sources:")
        doc.bullets(
            [
                f"{issue} ({int(row['n_sources'])}: {', '.join(row['sources']) or 'none'})"
                for issue, row in thin.iterrows()
            ]
        )
    _checks_section(doc, ds)
    if ds.citation:
        doc.heading("Citation", 2)
        doc.para(ds.citation)
    return doc.text(ds.title)


def _checks_section(doc: _Doc, ds: Dataset) -> None:
    """The codebook checks: every warning, and the notes counted by kind."""
    from .codebook import check

    found = check(ds)
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
