"""The text document layer: one document model, one backend per format.

``escape``     one escaping rule per format (:func:`escape`, :data:`FORMATS`)
``backends``   how each block is written in each format (:data:`BACKENDS`)
``document``   :class:`Document`: heading, paragraph, list, quotes, table, figure

Renderers of text (the report, its sections, the deal text) build a
:class:`Document`; they read computed frames and never compute analysis themselves.
"""

from __future__ import annotations

from .backends import BACKENDS, Backend
from .document import Document
from .escape import FORMATS, escape

__all__ = ["BACKENDS", "FORMATS", "Backend", "Document", "escape"]
