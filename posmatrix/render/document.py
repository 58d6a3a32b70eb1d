"""A text document built block by block and written by one format's backend.

:class:`Document` is what every text output builds — the report
(:func:`posmatrix.render_report`), its deal and change-over-time sections, the deal
text (:func:`posmatrix.dealreport.deal_text`), the diff text, the gap report's text
(``str(report)``) and its tables (``posmatrix gaps --format ...``) — with the same
five kinds of block: heading, paragraph, bullet list, attributed quotes, table (and a
figure where the format can hold one). The format's backend
(:data:`~posmatrix.render.backends.BACKENDS`)
decides the markup and escapes the text by the format's one rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import UsageError
from .backends import BACKENDS, Backend, Floatfmt

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Document"]


class Document:
    """Blocks of a document, written in one of the formats of
    :data:`~posmatrix.render.BACKENDS` (the document formats
    :data:`~posmatrix.render.FORMATS`, or any table format).

    Examples
    --------
    >>> doc = Document("markdown")
    >>> doc.heading("Title *one*", 1)
    >>> doc.bullets(["a", "b"])
    >>> print(doc.text("Title"), end="")
    # Title \\*one\\*
    <BLANKLINE>
    - a
    - b
    """

    def __init__(self, fmt: str) -> None:
        if fmt not in BACKENDS:
            raise UsageError(f"format must be one of {', '.join(BACKENDS)}; got {fmt!r}")
        self.fmt = fmt
        self.backend: Backend = BACKENDS[fmt]
        self.parts: list[str] = []

    def esc(self, text: str, *, line_start: bool = False) -> str:
        """``text`` escaped by the format's rule (for text placed inside a block)."""
        return self.backend.esc(text, line_start=line_start)

    def heading(self, text: str, level: int = 2) -> None:
        self.parts.append(self.backend.heading(text, level))

    def para(self, text: str) -> None:
        self.parts.append(self.backend.paragraph(text))

    def bullets(self, items: Sequence[str]) -> None:
        if items:
            self.parts.append(self.backend.bullets(items))

    def quotes(self, items: Sequence[tuple[str, str]]) -> None:
        """``(who, quote)`` pairs as attributed quotations."""
        if items:
            self.parts.append(self.backend.quotes(items))

    def table(self, frame: pd.DataFrame, floatfmt: Floatfmt = ".2f") -> None:
        if not len(frame):
            self.para("(none)")
            return
        self.parts.append(self.backend.table(frame, floatfmt))

    def grid(self, headers: Sequence[str], rows: Sequence[Sequence[str]], left: int) -> None:
        """A table of cells already as text (numbers formatted by the caller): the first
        ``left`` columns left-aligned, the rest right-aligned."""
        self.parts.append(self.backend.grid(headers, rows, left))

    def nested(self, entries: Sequence[tuple[str, Sequence[str]]]) -> None:
        """A list of items built with :meth:`esc`, :meth:`code`, :meth:`strong` and
        :meth:`quote`, each with its sub-items."""
        if entries:
            self.parts.append(self.backend.nested(entries))

    def code(self, text: str) -> str:
        """``text`` as an identifier (code in Markdown), escaped."""
        return self.backend.code(text)

    def strong(self, text: str) -> str:
        """``text`` in bold where the format has bold, escaped."""
        return self.backend.strong(text)

    def quote(self, text: str) -> str:
        """``text`` on one line in quotation marks, escaped."""
        return "“" + self.esc(" ".join(text.split())) + "”"

    def figure(self, ref: str | None, caption: str) -> None:
        """A figure: ``ref`` is SVG markup (HTML) or a relative file name."""
        if ref:
            block = self.backend.figure(ref, caption)
            if block is not None:
                self.parts.append(block)

    def text(self, title: str) -> str:
        """The whole document (a complete page for HTML), ending with a newline."""
        return self.backend.page(title, "\n\n".join(self.parts))
