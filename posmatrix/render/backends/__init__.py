"""The registry of text backends: one :class:`Backend` per format name.

``base``      :class:`Backend`: the plain-text backend, what the others share
``markdown``  ``markdown``, ``github``, ``pipe``
``latex``     ``latex`` and tabulate's other LaTeX table formats
``html``      ``html``, ``unsafehtml``
``tabular``   every other format tabulate writes (``grid``, ``rst``, ``tsv``, ...)

:data:`BACKENDS` is the one list: the report, the gap report and the diff accept
exactly its formats (a test checks), and adding a format is one entry here (with a
backend class in a module of its own if no family fits) and its escaping rule in
:mod:`posmatrix.render.escape`.
"""

from __future__ import annotations

from typing import Final

from ..escape import FORMATS, HTML, LATEX, MARKDOWN, TABLE_FORMATS
from .base import Backend, Floatfmt
from .html import Html
from .latex import Latex
from .markdown import GitHub, Markdown
from .tabular import Tabular

__all__ = ["BACKENDS", "Backend", "Floatfmt"]


def _family(fmt: str) -> Backend:
    """The backend of a table format that is not one of the document formats."""
    if fmt in MARKDOWN:
        return Markdown(fmt)
    if fmt in LATEX:
        return Latex(fmt)
    if fmt in HTML:
        return Html(fmt)
    return Tabular(fmt)


BACKENDS: Final[dict[str, Backend]] = {
    "markdown": Markdown(),
    "github": GitHub(),
    "latex": Latex(),
    "html": Html(),
    "plain": Backend(),
    **{f: _family(f) for f in TABLE_FORMATS if f not in FORMATS},
}
"""Format name -> its backend: the document formats
(:data:`~posmatrix.render.escape.FORMATS`) first, then every other table format."""
