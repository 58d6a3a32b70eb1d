"""One backend per text format: how each kind of block of a document is written.

A backend turns blocks — heading, paragraph, bullet list, attributed quotes, table,
figure — into text, escaping user text by the format's one rule
(:func:`~posmatrix.render.escape.escape`), and wraps the finished body into a page.
:data:`BACKENDS` maps each format of :data:`~posmatrix.render.escape.FORMATS` to its
backend; adding a text format is one class here and one entry there.
"""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from ..model import quoted
from ..textsafe import md_block, visible
from .escape import escape

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BACKENDS", "Backend"]

Floatfmt = str | Sequence[str]


def _table(frame: pd.DataFrame, tablefmt: str, floatfmt: Floatfmt) -> str:
    from ..tables import to_table  # escapes Markdown, shows control characters

    return to_table(frame, tablefmt, floatfmt=floatfmt)


class Backend:
    """The plain-text backend; the others override what differs."""

    fmt: str = "plain"
    tablefmt: str = "simple"

    def esc(self, text: str, *, line_start: bool = False) -> str:
        return escape(text, self.fmt, line_start=line_start)

    def heading(self, text: str, level: int) -> str:
        text = " ".join(visible(text).split())
        return f"{text}\n{'=-~'[min(level, 3) - 1] * len(text)}"

    def paragraph(self, text: str) -> str:
        return self.esc(text)

    def bullets(self, items: Sequence[str]) -> str:
        return "\n".join(f"- {self.esc(i, line_start=True)}" for i in items)

    def quotes(self, items: Sequence[tuple[str, str]]) -> str:
        return "\n".join(f"    {quoted(self.esc(q))} — {self.esc(who)}" for who, q in items)

    def table(self, frame: pd.DataFrame, floatfmt: Floatfmt) -> str:
        return _table(frame, self.tablefmt, floatfmt)

    def grid(self, headers: Sequence[str], rows: Sequence[Sequence[str]], left: int) -> str:
        """Cells already as text: the first ``left`` columns left-aligned, the rest
        right-aligned; every cell escaped here."""
        from tabulate import tabulate

        cells = [[self.esc(c) for c in r] for r in rows]
        heads = [self.esc(h) for h in headers]
        align = ["left"] * left + ["right"] * (len(headers) - left)
        fmt = {"latex": "latex_raw", "html": "unsafehtml"}.get(self.fmt, self.tablefmt)
        return tabulate(cells, headers=heads, tablefmt=fmt, disable_numparse=True, colalign=align)

    def nested(self, entries: Sequence[tuple[str, Sequence[str]]]) -> str:
        """Items already formatted inline (see :meth:`code`, :meth:`strong`), each with
        its sub-items."""
        out = []
        for item, details in entries:
            out.append(f"- {item}")
            out.extend(f"  - {d}" for d in details)
        return "\n".join(out)

    def code(self, text: str) -> str:
        """An identifier, marked as code where the format has a mark for it."""
        return self.esc(text)

    def strong(self, text: str) -> str:
        return self.esc(text)

    def figure(self, ref: str, caption: str) -> str | None:
        return None  # a terminal shows no figure

    def page(self, title: str, body: str) -> str:
        return body + "\n"


class Markdown(Backend):
    fmt = "markdown"
    tablefmt = "pipe"

    def heading(self, text: str, level: int) -> str:
        return f"{'#' * level} {self.esc(' '.join(visible(text).split()))}"

    def paragraph(self, text: str) -> str:
        return md_block(text)

    def quotes(self, items: Sequence[tuple[str, str]]) -> str:
        return "\n".join(
            f"> {quoted(self.esc(q))} — {self.esc(who)}" + ("  " if k < len(items) - 1 else "")
            for k, (who, q) in enumerate(items)
        )

    def table(self, frame: pd.DataFrame, floatfmt: Floatfmt) -> str:
        import pandas as pd

        frame = frame.copy()
        frame.index = pd.Index([str(v) for v in frame.index], name=frame.index.name)
        return _table(frame, self.tablefmt, floatfmt)

    def figure(self, ref: str, caption: str) -> str | None:
        return f"![{self.esc(caption)}]({urllib.parse.quote(ref)})"

    def code(self, text: str) -> str:
        return f"`{text}`" if "`" not in text else self.esc(text)

    def strong(self, text: str) -> str:
        return f"**{self.esc(text)}**"


class GitHub(Markdown):
    fmt = "github"
    tablefmt = "github"


class Latex(Backend):
    fmt = "latex"
    tablefmt = "latex_booktabs"

    def heading(self, text: str, level: int) -> str:
        cmd = {1: "section*", 2: "subsection*", 3: "subsubsection*"}[level]
        return f"\\{cmd}{{{self.esc(' '.join(visible(text).split()))}}}"

    def bullets(self, items: Sequence[str]) -> str:
        body = "\n".join(f"  \\item {self.esc(i, line_start=True)}" for i in items)
        return f"\\begin{{itemize}}\n{body}\n\\end{{itemize}}"

    def quotes(self, items: Sequence[tuple[str, str]]) -> str:
        body = "\n\n".join(
            f"{quoted(self.esc(q), '``', chr(39) * 2)} --- {self.esc(who)}" for who, q in items
        )
        return f"\\begin{{quote}}\n{body}\n\\end{{quote}}"

    def figure(self, ref: str, caption: str) -> str | None:
        return (
            "% needs \\usepackage{graphicx}\n\\begin{figure}[htbp]\n\\centering\n"
            f"\\includegraphics[width=\\linewidth]{{{ref}}}\n\\caption{{{self.esc(caption)}}}\n"
            "\\end{figure}"
        )

    def nested(self, entries: Sequence[tuple[str, Sequence[str]]]) -> str:
        out = ["\\begin{itemize}"]
        for item, details in entries:
            out.append(f"  \\item {item}")
            if details:
                out.append("  \\begin{itemize}")
                out.extend(f"    \\item {d}" for d in details)
                out.append("  \\end{itemize}")
        out.append("\\end{itemize}")
        return "\n".join(out)

    def code(self, text: str) -> str:
        return f"\\texttt{{{self.esc(text)}}}"

    def strong(self, text: str) -> str:
        return f"\\textbf{{{self.esc(text)}}}"

    def page(self, title: str, body: str) -> str:
        return (
            "% posmatrix report; needs \\usepackage{booktabs} (and a Unicode engine such "
            "as LuaLaTeX or XeLaTeX for non-Latin scripts)\n" + body + "\n"
        )


class Html(Backend):
    fmt = "html"
    tablefmt = "html"

    def heading(self, text: str, level: int) -> str:
        return f"<h{level}>{self.esc(' '.join(visible(text).split()))}</h{level}>"

    def paragraph(self, text: str) -> str:
        return f"<p>{self.esc(text)}</p>"

    def bullets(self, items: Sequence[str]) -> str:
        body = "\n".join(f"<li>{self.esc(i, line_start=True)}</li>" for i in items)
        return f"<ul>\n{body}\n</ul>"

    def quotes(self, items: Sequence[tuple[str, str]]) -> str:
        body = "\n".join(
            f"<p>{quoted(self.esc(q))} — <cite>{self.esc(who)}</cite></p>" for who, q in items
        )
        return f"<blockquote>\n{body}\n</blockquote>"

    def nested(self, entries: Sequence[tuple[str, Sequence[str]]]) -> str:
        out = ["<ul>"]
        for item, details in entries:
            sub = "".join(f"<li>{d}</li>" for d in details)
            out.append(f"<li>{item}" + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
        out.append("</ul>")
        return "\n".join(out)

    def code(self, text: str) -> str:
        return f"<code>{self.esc(text)}</code>"

    def strong(self, text: str) -> str:
        return f"<strong>{self.esc(text)}</strong>"

    def figure(self, ref: str, caption: str) -> str | None:
        return f"<figure>\n{ref}\n<figcaption>{self.esc(caption)}</figcaption>\n</figure>"

    def page(self, title: str, body: str) -> str:
        t = html.escape(" ".join(visible(title).split()), quote=False)
        return (
            '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
            f"<title>{t}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
        )


BACKENDS: Final[dict[str, Backend]] = {
    "markdown": Markdown(),
    "github": GitHub(),
    "latex": Latex(),
    "html": Html(),
    "plain": Backend(),
}
"""Format name -> its backend (the keys are :data:`~posmatrix.render.escape.FORMATS`)."""
