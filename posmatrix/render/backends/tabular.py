"""The table formats' backend: every other format tabulate writes (``grid``, ``psql``,
``rst``, ``orgtbl``, ``mediawiki``, ``jira``, ``tsv``, ...).

These formats are tables with no markup of their own for headings or lists, so a
document in one of them is written like plain text (headings underlined; a TSV heading
bare: an underline of ``-`` would be a formula to a spreadsheet), with its tables in
the format and text escaped by the format's cell rule.
"""

from __future__ import annotations

from ...textsafe import visible
from .base import Backend

__all__ = ["Tabular"]


class Tabular(Backend):
    def heading(self, text: str, level: int) -> str:
        if self.fmt == "tsv":
            return self.esc(" ".join(visible(text).split()))
        return super().heading(text, level)
