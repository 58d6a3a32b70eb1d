"""The text of a dataset diff (:meth:`posmatrix.changes.DatasetDiff.render`), built
as a :class:`~posmatrix.render.Document`: Markdown, GitHub Markdown or plain text, with
the document layer's one escaping rule per format.

It only reads the diff's frames; nothing is computed here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .model import AUTHOR, NO_QUOTE
from .render import Document

if TYPE_CHECKING:
    from .changes import DatasetDiff

__all__ = ["diff_text"]


def _num(value: float, digits: int = 3) -> str:
    return "–" if math.isnan(value) else f"{value:.{digits}f}"


def _signed(value: float, digits: int = 3) -> str:
    return "–" if math.isnan(value) else f"{value:+.{digits}f}"


def _stance_text(value: float, label: str) -> str:
    if isinstance(value, float) and math.isnan(value):
        return ""
    return f"{value:g} ({label})"


def diff_text(d: DatasetDiff, fmt: str, limit: int) -> str:
    """The diff ``d`` as text in ``fmt`` (``markdown``, ``github`` or ``plain``), with
    at most ``limit`` rows in the agreement and ranking tables."""
    doc = Document(fmt)
    doc.heading(f"Changes from {d.old_name} to {d.new_name}", 1)
    if d.is_empty:
        doc.para("No differences: the two versions hold the same data.")
        return doc.text("")
    doc.para(_summary_line(d))
    cg = d.common_ground
    if cg is not None and cg.differs:
        doc.para(cg.sentence())
    _items(doc, d)
    _codings(doc, d)
    _agreement(doc, d, limit)
    _contested(doc, d, limit)
    return doc.text("")


def change_counts(d: DatasetDiff) -> list[str]:
    """``"codings: 2 changed, 1 added"`` and the like: one part per kind of item that
    changed, shared by the diff's text and its notebook view."""
    s = d.summary
    parts = []
    for kind in ("codings", "issues", "actors", "sources"):
        counts = [
            f"{s[f'{kind}_{change}']} {change}"
            for change in ("changed", "added", "removed")
            if s[f"{kind}_{change}"]
        ]
        if counts:
            parts.append(f"{kind}: {', '.join(counts)}")
    return parts


def _summary_line(d: DatasetDiff) -> str:
    s = d.summary
    parts = change_counts(d)
    if s["dataset_changed"]:
        parts.append(f"dataset fields changed: {s['dataset_changed']}")
    if s["agreement_moved"]:
        parts.append(f"voice pairs whose agreement moved: {s['agreement_moved']}")
    if s["contested_moved"]:
        parts.append(f"issues that moved in the contested ranking: {s['contested_moved']}")
    return "; ".join(parts) + "."


def _evidence(doc: Document, text: str) -> str:
    """A coding's quote, or "(no quote given)" (not in quotation marks)."""
    return doc.quote(text) if text else doc.esc(NO_QUOTE)


def _items(doc: Document, d: DatasetDiff) -> None:
    items = d.items
    titles = {"dataset": "Dataset", "issue": "Issues", "actor": "Actors", "source": "Sources"}
    for kind, title in titles.items():
        part = items[items["kind"] == kind]
        if not len(part):
            continue
        doc.heading(title, 2)
        entries: list[tuple[str, list[str]]] = []
        for r in part.itertuples(index=False):
            what = doc.code(str(r.id)) if kind != "dataset" else ""
            if r.change == "changed":
                subject = f"{what} {doc.esc(str(r.field))}".strip()
                line = f"changed {subject}: {doc.quote(str(r.old))} → {doc.quote(str(r.new))}"
            else:
                text = r.new if r.change == "added" else r.old
                line = f"{r.change} {what}: {doc.quote(str(text))}"
            entries.append((line, []))
        doc.nested(entries)


def _codings(doc: Document, d: DatasetDiff) -> None:
    c = d.codings
    if not len(c):
        return
    doc.heading("Codings", 2)
    # name coders only when the changes involve several (double coding), not when
    # every coding carries the file's default coder
    show_coder = c["coder"].nunique(dropna=False) > 1
    for change in ("changed", "added", "removed"):
        part = c[c["change"] == change]
        if not len(part):
            continue
        doc.heading(f"{change.capitalize()} ({len(part)})", 3)
        entries: list[tuple[str, list[str]]] = []
        for r in part.itertuples(index=False):
            holder = doc.strong(str(r.holder))
            if r.holder != AUTHOR and r.holder_name != r.holder:
                holder += f" ({doc.esc(str(r.holder_name))})"
            coder = (  # a coding without coder is None here, or NaN once in a frame
                f", coder {doc.code(str(r.coder))}"
                if show_coder and isinstance(r.coder, str)
                else ""
            )
            flag = f" [issue {doc.esc(str(r.issue_note))}]" if r.issue_note else ""
            who = (
                f"source {doc.strong(str(r.source))}, holder {holder}, "
                f"issue {doc.strong(str(r.issue))}{flag}{coder}"
            )
            old = doc.esc(_stance_text(float(r.old_stance), str(r.old_label)))
            new = doc.esc(_stance_text(float(r.new_stance), str(r.new_label)))
            details: list[str] = []
            if change == "changed":
                fields = str(r.fields).split(", ")
                if "stance" in fields:
                    line = f"{who}: stance {old} → {new}"
                else:
                    line = f"{who}: {doc.esc(str(r.fields))} changed (stance {new})"
                if r.old_quote == r.new_quote:
                    details.append(f"quote (unchanged): {_evidence(doc, str(r.new_quote))}")
                else:
                    details.append(f"old quote: {_evidence(doc, str(r.old_quote))}")
                    details.append(f"new quote: {_evidence(doc, str(r.new_quote))}")
                for field in ("confidence", "note"):
                    if field in fields:
                        a, b = getattr(r, f"old_{field}"), getattr(r, f"new_{field}")
                        details.append(f"{field}: {doc.quote(str(a))} → {doc.quote(str(b))}")
            else:
                side = "new" if change == "added" else "old"
                line = f"{who}: stance {new if change == 'added' else old}"
                details.append(f"quote: {_evidence(doc, str(getattr(r, f'{side}_quote')))}")
            entries.append((line, details))
        doc.nested(entries)


def _more(doc: Document, total: int, limit: int) -> None:
    if total > limit:
        doc.para(f"… and {total - limit} more (posmatrix diff --format json lists them all).")


def _agreement(doc: Document, d: DatasetDiff, limit: int) -> None:
    a = d.agreement
    if not len(a):
        return
    doc.heading(f"Agreement ({d.metric})", 2)
    cg = d.common_ground
    ground = f" of the {len(cg.common)} issues both versions hold" if cg is not None else ""
    doc.para(
        "Pairs of voices whose agreement moved, largest move first, each compared over "
        f"the common ground: the issues{ground} that both voices address in both "
        "versions (pairs without any are not listed); overlap is the number of issues "
        "both address in each whole version."
    )
    rows = [
        [
            str(r.voice_a),
            str(r.voice_b),
            _num(float(r.old)),
            _num(float(r.new)),
            _signed(float(r.delta)),
            f"{float(r.common):g}",
            f"{float(r.old_overlap):g} → {float(r.new_overlap):g}",
        ]
        for r in a.head(limit).itertuples(index=False)
    ]
    headers = ["voice a", "voice b", "old", "new", "change", "common ground", "overlap"]
    doc.grid(headers, rows, 2)
    _more(doc, len(a), limit)


def _contested(doc: Document, d: DatasetDiff, limit: int) -> None:
    c = d.contested
    if not len(c):
        return
    doc.heading("Contested ranking", 2)
    doc.para("Rank 1 is the most contested issue; a positive move means more contested.")

    def rank(v: float) -> str:
        return "–" if math.isnan(v) else f"{v:g}"

    rows = [
        [
            str(r.issue),
            rank(float(r.old_rank)),
            rank(float(r.new_rank)),
            "–" if math.isnan(float(r.move)) else f"{float(r.move):+g}",
        ]
        for r in c.head(limit).itertuples(index=False)
    ]
    doc.grid(["issue", "old rank", "new rank", "move"], rows, 1)
    _more(doc, len(c), limit)
