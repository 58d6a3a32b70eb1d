"""Text tables of any report frame (:func:`to_table`), in every format tabulate knows.

The implementation lives in the document layer, :mod:`posmatrix.render.table`: every
text output, tables included, is written there with the format's one escaping rule.
"""

from __future__ import annotations

from .render.table import FORMATS, MARKDOWN_FORMATS, to_table

__all__ = ["FORMATS", "MARKDOWN_FORMATS", "to_table"]
