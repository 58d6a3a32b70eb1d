"""The Markdown backends: ``markdown`` (pipe tables), ``github``, ``pipe``."""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...model import quoted
from ...textsafe import md_block, visible
from .base import Backend, Floatfmt

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["GitHub", "Markdown"]


class Markdown(Backend):
    fmt = "markdown"
    tablefmt = "pipe"

    def heading(self, text: str, level: int) -> str:
        return f"{'#' * level} {self.esc(' '.join(visible(text).split()))}"

    def paragraph(self, text: str) -> str:
        return md_block(text)

    def quotes(self, items: Sequence[tuple[str, str]]) -> str:
        return "\n".join(
            f"> {quoted(self.esc(q))} — {self.esc(who)}" + ("  " if k < len(items) - 1 else "")
            for k, (who, q) in enumerate(items)
        )

    def table(self, frame: pd.DataFrame, floatfmt: Floatfmt) -> str:
        import pandas as pd

        unnamed_counter = isinstance(frame.index, pd.RangeIndex) and frame.index.name is None
        if frame.index.nlevels == 1 and not unnamed_counter:
            # labels as text (tabulate would parse "1e3"); an unnamed counter stays hidden
            frame = frame.copy()
            frame.index = pd.Index([str(v) for v in frame.index], name=frame.index.name)
        return super().table(frame, floatfmt)

    def figure(self, ref: str, caption: str) -> str | None:
        return f"![{self.esc(caption)}]({urllib.parse.quote(ref)})"

    def code(self, text: str) -> str:
        return f"`{text}`" if "`" not in text else self.esc(text)

    def strong(self, text: str) -> str:
        return f"**{self.esc(text)}**"


class GitHub(Markdown):
    fmt = "github"
    tablefmt = "github"
