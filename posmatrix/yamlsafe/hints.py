"""YAML syntax errors in plain words: where the mistake is (an unclosed double quote is
pointed at where it opens, a long simple key at its start) and a hint how to fix it."""

from __future__ import annotations

import re
from typing import Final

import yaml

from ..errors import Problem
from .messages import _at, _line_col

_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")


_HINTS: Final = (
    (
        "mapping values are not allowed",
        "an unquoted value holds ': ' (or the indentation is off); put the value in double quotes",
    ),
    (
        "could not find expected ':'",
        "a line is neither 'key: value' nor '- item', or an unquoted value runs on; "
        "check this line and the one before",
    ),
    (
        "did not find expected key",
        "this line's indentation does not match the keys above it; align it with its siblings",
    ),
    (
        "did not find expected '-' indicator",
        "this line's indentation does not match the list items above it",
    ),
    (
        "found unexpected end of stream",
        "a quote or bracket is opened but never closed",
    ),
    (
        "expected a single document",
        "the file holds more than one YAML document (a '---' line in the middle?); keep one",
    ),
    (
        "found unknown escape character",
        "inside double quotes a backslash starts an escape; write \\\\ for a backslash, "
        "or use single quotes",
    ),
    (
        "while scanning an alias",
        "a value may not start with '*' unless quoted; put it in double quotes",
    ),
    (
        "while scanning an anchor",
        "a value may not start with '&' unless quoted; put it in double quotes",
    ),
    (
        "found character that cannot start any token",
        "a value may not start with this character unless quoted (` @ and % are reserved); "
        "put it in double quotes",
    ),
)


def _syntax_problem(exc: yaml.YAMLError, text: str, name: str) -> Problem:
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(name, 1, 1, f"YAML syntax error: {exc}")
    mark = exc.problem_mark or exc.context_mark
    what = "; ".join(part for part in (exc.context, exc.problem) if part)
    if mark is None:
        return Problem(name, 1, 1, f"YAML syntax error: {what}")
    lines = _LINE_BREAK.split(text, mark.line + 1)[: mark.line + 1]
    line = lines[mark.line] if mark.line < len(lines) else ""
    hint = ""
    if line[mark.column : mark.column + 1] == "\t" or (
        "cannot start any token" in what and "\t" in line[: mark.column + 1]
    ):
        hint = "a tab character: YAML indents with spaces only; replace the tab with spaces"
    else:
        hint = next((h for key, h in _HINTS if key in what), "")
    context = exc.context_mark
    if (
        context is not None
        and exc.problem_mark is not None
        and context.line < mark.line
        and (exc.context or "").startswith("while")
    ):
        # an unclosed double quote swallows the lines after it: point at where it opens
        for number in range(context.line, mark.line):
            if lines[number].replace('\\"', "").count('"') % 2:
                return Problem(
                    name,
                    number + 1,
                    lines[number].index('"') + 1,
                    "YAML syntax error: a double quote opened on this line is not closed "
                    f"(the parser stopped at line {mark.line + 1}: {what}); close the quote, "
                    'and write \\" for a quote mark inside it',
                )
        what += f" (in the {exc.context.split()[-1] if exc.context else 'item'} "
        what += f"that starts at line {context.line + 1})"
    if context is not None and (exc.context or "").startswith("while scanning a simple key"):
        # point at the start of the would-be key, not at the end of a long line
        if mark.column - context.column > 1024:
            hint = "a key (the text before ': ') may be at most 1024 characters long"
        mark = context
    message = f"YAML syntax error: {what}" + (f" ({hint})" if hint else "")
    last, column = _line_col(text, len(text))
    if mark.line + 1 > last:  # libyaml may place the end of the stream past the last line
        return Problem(name, last, column, message)
    return _at(name, mark, message)
