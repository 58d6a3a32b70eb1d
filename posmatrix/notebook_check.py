"""The codebook problems (:func:`posmatrix.check`) in a Dataset's notebook display.

Computed only when the HTML is rendered, never at load; bounded to
:data:`MAX_FINDINGS` warnings (then "… and N more"), notes counted by kind. A check
that fails shows nothing: the display of a dataset never fails because of it.
"""

from __future__ import annotations

from collections import Counter
from typing import Final

from .htmlparts import Html, cut, details, el, join, plural, table
from .model import Dataset

__all__ = ["MAX_FINDINGS", "check_html"]

MAX_FINDINGS: Final = 5
"""Most warnings listed in a Dataset's display."""


def check_html(ds: Dataset) -> Html:
    """The warnings found by :func:`posmatrix.check` (at most :data:`MAX_FINDINGS`) and
    the notes counted by kind; empty when there are none or the check fails."""
    try:
        from .codebook import check

        found = check(ds)
        warnings = found[found["severity"] == "warning"]
        notes = found[found["severity"] != "warning"]
        rows = [
            [kind, ", ".join(map(str, items)), cut(str(message), 240)]
            for kind, items, message in zip(
                warnings["kind"].head(MAX_FINDINGS),
                warnings["items"].head(MAX_FINDINGS),
                warnings["message"].head(MAX_FINDINGS),
                strict=True,
            )
        ]
        by_kind = Counter(str(k) for k in notes["kind"])
    except Exception:  # a failing check must never break the display
        return Html("")
    if not len(found):
        return Html("")
    blocks: list[object] = []
    if rows:
        blocks.append(table(["kind", "items", "message"], rows, ids=[0], total=len(warnings)))
    if by_kind:
        counted = ", ".join(f"{n:,} {kind}" for kind, n in by_kind.items())
        blocks.append(el("p", f"Notes: {counted}.", "muted"))
    blocks.append(el("p", "All findings: posmatrix.check(ds).", "muted"))
    summary = f"Codebook check: {plural(len(warnings), 'warning')}, {plural(len(notes), 'note')}"
    return details(summary, join(blocks), open_=bool(rows))
