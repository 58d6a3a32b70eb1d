"""One escaping rule per text format.

Every piece of user text a text output shows passes :func:`escape` once: control
characters are shown (:func:`posmatrix.textsafe.visible`), then the format's markup is
escaped — Markdown's (both ``markdown`` and ``github``) by
:func:`posmatrix.textsafe.md_inline`, LaTeX's special characters, HTML's ``& < >`` —
and plain text is left as it is. In Markdown and LaTeX line breaks become spaces (a
blank line would end a quote or break a heading).
"""

from __future__ import annotations

import html
import re
from typing import Final

from ..textsafe import md_inline, visible

__all__ = ["FORMATS", "escape"]

FORMATS: Final = ("markdown", "github", "latex", "html", "plain")
"""The text formats the document layer writes."""

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


def escape(text: str, fmt: str, *, line_start: bool = False) -> str:
    """``text`` for one line of ``fmt``: control characters shown, markup escaped.

    ``line_start``: the text starts a line (Markdown then also escapes what would
    open a list, a heading or a quote there).

    Examples
    --------
    >>> escape("50% & <b>", "latex"), escape("50% & <b>", "html")
    ('50\\\\% \\\\& <b>', '50% &amp; &lt;b&gt;')
    >>> escape("a\\nb", "plain")
    'a\\nb'
    """
    text = visible(text)
    if fmt in ("markdown", "github"):
        return md_inline(text, line_start=line_start)
    if fmt == "latex":
        text = _LATEX_RE.sub(lambda m: _LATEX_SPECIAL[m.group(0)], text)
        return _LINE_BREAKS.sub(" ", text)
    if fmt == "html":
        return html.escape(text, quote=False)
    return text
