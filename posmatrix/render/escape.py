"""One escaping rule per text format.

Every piece of user text a text output shows passes this module once. :func:`escape`
is the rule for text in blocks (headings, paragraphs, lists, quotes): control
characters are shown (:func:`posmatrix.textsafe.visible`), then the format's markup is
escaped — Markdown's (``markdown``, ``github``, ``pipe``) by
:func:`posmatrix.textsafe.md_inline`, LaTeX's special characters, HTML's ``& < >`` —
and plain text is left as it is. In Markdown and LaTeX line breaks become spaces (a
blank line would end a quote or break a heading). The table-only formats (every other
format tabulate writes: ``grid``, ``rst``, ``mediawiki``, ``tsv``, ...) have no markup
but their cell separator, so their rule is :func:`cell`'s.

:func:`cell` is the rule for text handed to tabulate as a table cell: the same
Markdown rule; ``|`` escaped where it separates cells (wiki formats); one line per
row where a line break would break the table; a TSV cell never a formula; LaTeX and
HTML cells are escaped by tabulate itself (``latex_raw`` and ``unsafehtml`` by this
rule, since tabulate leaves them raw).
"""

from __future__ import annotations

import html
import re
from typing import Final

from ..textsafe import md_inline, neutralise_cell, visible

__all__ = ["FORMATS", "HTML", "LATEX", "MARKDOWN", "TABLE_FORMATS", "cell", "escape"]

FORMATS: Final = ("markdown", "github", "latex", "html", "plain")
"""The document formats: what the report writes (every block, figures where they fit)."""

TABLE_FORMATS: Final[tuple[str, ...]] = (
    "asciidoc", "colon_grid", "double_grid", "double_outline", "fancy_grid",
    "fancy_outline", "github", "grid", "heavy_grid", "heavy_outline", "html", "jira",
    "latex", "latex_booktabs", "latex_longtable", "latex_raw", "mediawiki", "mixed_grid",
    "mixed_outline", "moinmoin", "orgtbl", "outline", "pipe", "plain", "presto",
    "pretty", "psql", "rounded_grid", "rounded_outline", "rst", "simple", "simple_grid",
    "simple_outline", "textile", "tsv", "unsafehtml", "youtrack",
)  # fmt: skip
"""The table formats (tabulate's; a test keeps this equal to ``tabulate_formats``)."""

MARKDOWN: Final = frozenset({"markdown", "github", "pipe"})
LATEX: Final = frozenset({"latex", "latex_raw", "latex_booktabs", "latex_longtable"})
HTML: Final = frozenset({"html", "unsafehtml"})

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
_LATEX_RE: Final = re.compile("|".join(re.escape(k) for k in _LATEX_SPECIAL))

# How a literal "|" is written inside a cell of formats that use it as a separator.
_PIPE_ESCAPE: Final[dict[str, str]] = {
    "github": "\\|",
    "pipe": "\\|",
    "jira": "\\|",
    "youtrack": "\\|",
    "moinmoin": "\\|",
    "asciidoc": "\\|",
    "orgtbl": "\\vert{}",
    "textile": "&#124;",
    "mediawiki": "&#124;",
}
# Formats with exactly one line per row: a line break in a cell would break the table.
_ONE_LINE: Final = frozenset(
    {*_PIPE_ESCAPE, "tsv", "latex", "latex_raw", "latex_booktabs", "latex_longtable", "rst"}
)


def _latex(text: str) -> str:
    text = _LATEX_RE.sub(lambda m: _LATEX_SPECIAL[m.group(0)], text)
    return _LINE_BREAKS.sub(" ", text)


def escape(text: str, fmt: str, *, line_start: bool = False) -> str:
    """``text`` for one line of ``fmt``: control characters shown, markup escaped.

    ``line_start``: the text starts a line (Markdown then also escapes what would
    open a list, a heading or a quote there).

    Examples
    --------
    >>> escape("50% & <b>", "latex"), escape("50% & <b>", "html")
    ('50\\\\% \\\\& <b>', '50% &amp; &lt;b&gt;')
    >>> escape("a\\nb", "plain"), escape("a|b", "mediawiki")
    ('a\\nb', 'a&#124;b')
    """
    text = visible(text)
    if fmt in MARKDOWN:
        return md_inline(text, line_start=line_start)
    if fmt in LATEX:
        return _latex(text)
    if fmt in HTML:
        return html.escape(text, quote=False)
    if fmt == "plain":
        return text
    return cell(text, fmt)


def cell(text: str, fmt: str) -> str:
    """``text`` as a cell of a ``fmt`` table, before tabulate writes it.

    Examples
    --------
    >>> cell("a|b", "github"), cell("=1+1", "tsv"), cell("x\\ny", "rst")
    ('a\\\\|b', "'=1+1", 'x y')
    """
    text = visible(text)  # a terminal escape in a cell is shown, never sent
    if fmt in MARKDOWN:
        # HTML, links, emphasis and "|" escaped: a cell cannot inject markup
        return md_inline(text, line_start=False)
    if fmt == "unsafehtml":  # tabulate leaves these cells raw: nothing may execute
        return html.escape(text, quote=False)
    if fmt == "latex_raw":
        return _latex(text)
    if fmt in _ONE_LINE:
        text = " ".join(text.splitlines())
    if fmt == "tsv":
        # a spreadsheet opening the file must not evaluate a cell
        text = neutralise_cell(text.replace("\t", " "))
    pipe = _PIPE_ESCAPE.get(fmt)
    if pipe is not None:
        text = text.replace("|", pipe)
    return text
