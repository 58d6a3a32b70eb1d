"""The YAML 1.2 core schema: the tags of resolved scalars, the resolver of plain scalars
(only ``true``/``false`` are booleans, ``yes``/``no`` and unquoted dates stay text, ``010``
is the integer 10, ``null``/``~``/empty are null), and the parsers whose events are
composed with it (libyaml's C parser when available, PyYAML's pure-Python one for very
deep input)."""

from __future__ import annotations

import re
from typing import Final

from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from ..format.nodes import BOOL, FLOAT, INT, MAP, NULL, SEQ, STR

__all__ = ["BOOL", "FLOAT", "HAVE_LIBYAML", "INT", "MAP", "NULL", "SEQ", "STR", "resolve"]

_WORDS: Final = {
    "": NULL,
    "~": NULL,
    "null": NULL,
    "Null": NULL,
    "NULL": NULL,
    "true": BOOL,
    "True": BOOL,
    "TRUE": BOOL,
    "false": BOOL,
    "False": BOOL,
    "FALSE": BOOL,
}
_NUMBER_START: Final = frozenset("-+.0123456789")
_INT_RE: Final = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_RE: Final = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def resolve(text: str) -> str:
    """The tag of a plain (unquoted) scalar by the YAML 1.2 core schema; quoted scalars
    are text. Kept to a dictionary look-up and, for text starting like a number, two
    regexes: it runs for every plain scalar of a file.

    >>> [resolve(t)[18:] for t in ("yes", "true", "~", "", "010", "0x1F", "1e3", "2025-08-18")]
    ['str', 'bool', 'null', 'null', 'int', 'int', 'float', 'str']
    """
    tag = _WORDS.get(text)
    if tag is not None:
        return tag
    if text[0] in _NUMBER_START:
        if _INT_RE.fullmatch(text):
            return INT
        if _FLOAT_RE.fullmatch(text):
            return FLOAT
    return STR


class _PureLoader(Reader, Scanner, Parser):
    """PyYAML's pure-Python parser: explicit stacks, no nesting limit of its own."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


try:
    from yaml._yaml import CParser as _CParser

    class _Loader(_CParser):
        """libyaml's parser (events only: :mod:`posmatrix.yamlsafe.composer` composes)."""

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = _PureLoader  # type: ignore[misc,assignment]
    HAVE_LIBYAML = False
