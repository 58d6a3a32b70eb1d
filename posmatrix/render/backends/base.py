"""The plain-text backend, and what every backend shares.

A backend turns blocks — heading, paragraph, bullet list, attributed quotes, table,
figure — into text, escaping user text by the format's one rule
(:func:`~posmatrix.render.escape.escape`), and wraps the finished body into a page.
The other backends (``markdown``, ``latex``, ``html``, ``tabular``) override what
differs; :data:`posmatrix.render.backends.BACKENDS` is the registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...model import quoted
from ...textsafe import visible
from ..escape import escape

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Backend", "Floatfmt"]

Floatfmt = str | Sequence[str]


class Backend:
    """The plain-text backend; the others override what differs.

    ``fmt`` names the format (and its escaping rule), ``tablefmt`` the tabulate format
    of its tables; a subclass sets both as class attributes, or an instance is given
    them (one backend class serves a family of formats).
    """

    fmt: str = "plain"
    tablefmt: str = "simple"
    grid_fmt: str | None = None  # tabulate format for cells escaped here (default tablefmt)

    def __init__(self, fmt: str | None = None, tablefmt: str | None = None) -> None:
        if fmt is not None:
            self.fmt = fmt
            self.tablefmt = tablefmt or fmt

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
        from ..table import to_table  # cells by the format's rule, control characters shown

        return to_table(frame, self.tablefmt, floatfmt=floatfmt)

    def grid(self, headers: Sequence[str], rows: Sequence[Sequence[str]], left: int) -> str:
        """Cells already as text: the first ``left`` columns left-aligned, the rest
        right-aligned; every cell escaped here."""
        from tabulate import tabulate

        cells = [[self.esc(c) for c in r] for r in rows]
        heads = [self.esc(h) for h in headers]
        align = ["left"] * left + ["right"] * (len(headers) - left)
        fmt = self.grid_fmt or self.tablefmt
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
