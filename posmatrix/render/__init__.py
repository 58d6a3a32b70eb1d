"""The text document layer: one document model, one backend per format.

``escape``     one escaping rule per format (:func:`escape`, :func:`cell`,
               :data:`FORMATS`, :data:`TABLE_FORMATS`)
``backends/``  how each block is written in each format (:data:`BACKENDS`, the registry;
               one module per family of backends)
``table``      :func:`to_table`: a frame as a table in any table format
``document``   :class:`Document`: heading, paragraph, list, quotes, table, figure

Renderers of text (the report, its sections, the deal text, the diff, the gap report)
build a :class:`Document`; they read computed frames and never compute analysis
themselves. Nothing outside this package calls tabulate or writes markup.
"""

from __future__ import annotations

from .backends import BACKENDS, Backend
from .document import Document
from .escape import FORMATS, TABLE_FORMATS, cell, escape
from .table import to_table

__all__ = [
    "BACKENDS",
    "FORMATS",
    "TABLE_FORMATS",
    "Backend",
    "Document",
    "cell",
    "escape",
    "to_table",
]
