"""What the YAML checks share to word and place a problem: how a value is shown in a
message, where a parser mark or a character index is (1-based line and column), and how
many problems of one kind are reported."""

from __future__ import annotations

from typing import Any, Final

from ..errors import Problem

_MAX_REPORTED: Final = 20  # problems of one kind reported before "and N more"


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index`` of ``text``, counting line breaks
    as YAML and editors do (LF, CRLF, and a lone CR)."""
    head = text[:index]
    line = head.count("\n") + head.count("\r") - head.count("\r\n") + 1
    return line, index - max(head.rfind("\n"), head.rfind("\r"))


def show(value: object, limit: int = 60) -> str:
    """``repr(value)``, shortened to about ``limit`` characters for messages.

    >>> show("qoute"), show("x" * 100, limit=12)
    ("'qoute'", "'xxxxxxxxxx…' (100 characters)")
    """
    if isinstance(value, str) and len(value) > limit:
        return f"{value[: limit - 2]!r}"[:-1] + f"…' ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _at(name: str, mark: Any, message: str) -> Problem:
    return Problem(name, mark.line + 1, mark.column + 1, message)
