"""The YAML 1.2 core schema: the tags of resolved nodes, the resolver of plain scalars
(only ``true``/``false`` are booleans, ``yes``/``no`` and unquoted dates stay text, ``010``
is the integer 10, ``null``/``~``/empty are null), and the loaders that compose with it
(libyaml's C parser when available, PyYAML's pure-Python one for very deep input)."""

from __future__ import annotations

import re
from typing import Any, Final

from yaml.composer import Composer
from yaml.nodes import Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

STR: Final = "tag:yaml.org,2002:str"
INT: Final = "tag:yaml.org,2002:int"
FLOAT: Final = "tag:yaml.org,2002:float"
BOOL: Final = "tag:yaml.org,2002:bool"
NULL: Final = "tag:yaml.org,2002:null"
MAP: Final = "tag:yaml.org,2002:map"
SEQ: Final = "tag:yaml.org,2002:seq"

# -- YAML 1.2 core schema resolver ------------------------------------------------------

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


class _CoreResolver(BaseResolver):
    """Resolve plain scalars by the YAML 1.2 core schema, nothing else.

    ``resolve`` is called by the composer for every node, so it is kept to a
    dictionary look-up and, for scalars starting like a number, two regexes.
    """

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (PyYAML's class attribute)
    yaml_path_resolvers: dict[Any, Any] = {}  # noqa: RUF012

    def resolve(  # the defaults bind globals as fast locals
        self,
        kind: type[Node],
        value: Any,
        implicit: Any,
        _scalar: type[Node] = ScalarNode,
        _words: dict[str, str] = _WORDS,
        _start: frozenset[str] = _NUMBER_START,
        _int: re.Pattern[str] = _INT_RE,
        _float: re.Pattern[str] = _FLOAT_RE,
    ) -> str:
        if kind is _scalar:
            if implicit[0]:
                tag = _words.get(value)
                if tag is not None:
                    return tag
                if value[0] in _start:
                    if _int.fullmatch(value):
                        return INT
                    if _float.fullmatch(value):
                        return FLOAT
            return STR
        if kind is SequenceNode:
            return SEQ
        return MAP


class _PureLoader(Reader, Scanner, Parser, Composer, _CoreResolver):
    """PyYAML's pure-Python loader: explicit stacks, no nesting limit of its own."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreResolver.__init__(self)


try:
    from yaml._yaml import CParser as _CParser

    class _Loader(_CParser, _CoreResolver):
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            _CoreResolver.__init__(self)

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = _PureLoader  # type: ignore[misc,assignment]
    HAVE_LIBYAML = False
