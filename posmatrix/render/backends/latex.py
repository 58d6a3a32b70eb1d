"""The LaTeX backends: ``latex`` (booktabs tables) and the other LaTeX table formats."""

from __future__ import annotations

from collections.abc import Sequence

from ...model import quoted
from ...textsafe import visible
from .base import Backend

__all__ = ["Latex"]


class Latex(Backend):
    fmt = "latex"
    tablefmt = "latex_booktabs"
    grid_fmt = "latex_raw"  # grid cells are escaped by the backend

    def heading(self, text: str, level: int) -> str:
        cmd = {1: "section*", 2: "subsection*", 3: "subsubsection*"}[min(level, 3)]
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
