"""The reader's own node model: what the YAML walker (:mod:`posmatrix.format.yamlwalk`)
and builders (:mod:`posmatrix.format.yamlbuild`) read, independent of any YAML library.

A document is a tree of three kinds of node, each frozen and typed, each knowing where
it starts (``file``, 1-based ``line`` and ``column``; in a workbook also the ``sheet``,
``line`` and ``column`` then being the cell's row and column):

* :class:`Scalar` — a resolved scalar: its ``tag`` (one of :data:`STR`, :data:`INT`,
  :data:`FLOAT`, :data:`BOOL`, :data:`NULL`, the YAML 1.2 core schema's), its ``value``
  as written (the text, before any conversion), and ``plain`` (written without quotes);
* :class:`Mapping` — ``pairs`` of key and value nodes, in file order (duplicates kept:
  :func:`posmatrix.yamlsafe.mapping` reports them);
* :class:`Sequence` — ``items``, in file order.

:func:`posmatrix.yamlsafe.compose` converts PyYAML's composed tree into these nodes once
(``posmatrix/yamlsafe/convert.py``, the one module that reads PyYAML's node classes);
the coding workbook's reader (:mod:`posmatrix.codingbook`) builds them from cells.
Only where a node starts is kept: no message points at where one ends.

The nodes are named tuples (a tree of a million nodes is built in a fraction of a
second), so read them by field name, never by position or length.

>>> s = Scalar(INT, "3", "f.yaml", 4, 12)
>>> s.start, str(s.start), s.plain
(Location(file='f.yaml', line=4, column=12), 'f.yaml:4:12', True)
>>> m = Mapping(((Scalar(STR, "stance", "f.yaml", 4, 4), s),), "f.yaml", 4, 4)
>>> [(k.value, v.value) for k, v in m.pairs], kind(m), kind(s)
([('stance', '3')], 'mapping', 'scalar')
>>> str(Scalar(STR, "x", "book.xlsx", 12, 4, sheet="Codings").start)
'book.xlsx:Codings!D12'
"""

from __future__ import annotations

from typing import Final, NamedTuple, TypeAlias

from ..errors import Location

__all__ = [
    "BOOL",
    "FLOAT",
    "INT",
    "MAP",
    "NULL",
    "SEQ",
    "STR",
    "Mapping",
    "Node",
    "Scalar",
    "Sequence",
    "kind",
]

# the tags of the YAML 1.2 core schema, as the resolver gives them
STR: Final = "tag:yaml.org,2002:str"
INT: Final = "tag:yaml.org,2002:int"
FLOAT: Final = "tag:yaml.org,2002:float"
BOOL: Final = "tag:yaml.org,2002:bool"
NULL: Final = "tag:yaml.org,2002:null"
MAP: Final = "tag:yaml.org,2002:map"
SEQ: Final = "tag:yaml.org,2002:seq"


class Scalar(NamedTuple):
    """A scalar: its resolved ``tag``, its ``value`` as written, where it starts, and
    whether it was written ``plain`` (unquoted)."""

    tag: str
    value: str
    file: str
    line: int
    column: int
    sheet: str | None = None
    plain: bool = True

    @property
    def start(self) -> Location:
        """Where the scalar starts."""
        return Location(self.file, self.line, self.column, self.sheet)


class Mapping(NamedTuple):
    """A mapping: its ``(key, value)`` pairs in file order, and where it starts."""

    pairs: tuple[tuple[Node, Node], ...]
    file: str
    line: int
    column: int
    sheet: str | None = None

    @property
    def start(self) -> Location:
        """Where the mapping starts."""
        return Location(self.file, self.line, self.column, self.sheet)


class Sequence(NamedTuple):
    """A list: its ``items`` in file order, and where it starts."""

    items: tuple[Node, ...]
    file: str
    line: int
    column: int
    sheet: str | None = None

    @property
    def start(self) -> Location:
        """Where the list starts."""
        return Location(self.file, self.line, self.column, self.sheet)


Node: TypeAlias = Scalar | Mapping | Sequence
"""Any node of the tree."""

_KINDS: Final = {Scalar: "scalar", Mapping: "mapping", Sequence: "sequence"}


def kind(node: Node) -> str:
    """``'scalar'``, ``'mapping'`` or ``'sequence'``."""
    return _KINDS[node.__class__]
