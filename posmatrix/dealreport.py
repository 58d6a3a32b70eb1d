"""Text of a deal space (placeholder, filled below)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .deals import DealSpace


def deal_text(space: DealSpace) -> str:
    return repr(space)
