"""Compose the reader's own nodes (:mod:`posmatrix.format.nodes`) straight from the
parser's event stream: the one place where what PyYAML parses becomes our tree.

No PyYAML node is ever built: composing PyYAML's tree and converting it would cost
three times as much (every PyYAML node holds a dictionary and two marks, which the
garbage collector then walks again and again while the tree grows). Plain scalars are
resolved by the YAML 1.2 core schema (:func:`posmatrix.yamlsafe.resolver.resolve`),
lines and columns become 1-based, and the tree is built with an explicit stack, so
nesting of any depth composes. Anchors, aliases and tags never reach here: the guard
(:mod:`posmatrix.yamlsafe.guard`) refuses them first.
"""

from __future__ import annotations

from typing import Any

from yaml.composer import ComposerError
from yaml.events import (
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..format.nodes import STR, Mapping, Node, Scalar, Sequence
from .resolver import resolve

__all__ = ["compose_nodes"]


def compose_nodes(loader: Any, name: str) -> Node | None:
    """The one document of ``loader``'s event stream as our nodes (None when the stream
    holds no document), located in file ``name``; raises PyYAML's own
    ``ComposerError`` for a second document, as its composer does.

    >>> from posmatrix.yamlsafe.resolver import _Loader
    >>> tree = compose_nodes(_Loader("a: [1, 'x', ~]\\n"), "f.yaml")
    >>> key, items = tree.pairs[0]
    >>> key.value, [(s.tag[18:], s.value, s.line, s.column, s.plain) for s in items.items]
    ('a', [('int', '1', 1, 5, True), ('str', 'x', 1, 8, False), ('null', '~', 1, 13, True)])
    """
    get = loader.get_event
    new = tuple.__new__  # a named tuple without its __new__'s call: a third faster
    get()  # the stream starts
    event = get()
    if event.__class__ is StreamEndEvent:
        return None
    # open collections: (is a mapping, its first event, its keys and values so far)
    stack: list[tuple[bool, Any, list[Node]]] = []
    node: Node
    where: Any = None  # the mark where the node just composed starts
    while True:
        event = get()
        cls = event.__class__
        mark = event.start_mark
        if cls is ScalarEvent:
            text = event.value
            plain = not event.style
            tag = resolve(text) if plain and event.implicit[0] else STR
            node = new(Scalar, (tag, text, name, mark.line + 1, mark.column + 1, None, plain))
            where = mark
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            stack.append((cls is MappingStartEvent, event, []))
            continue
        else:  # the end of the innermost collection
            is_mapping, first, children = stack.pop()
            start = where = first.start_mark
            if is_mapping:
                keys = iter(children)
                node = new(
                    Mapping,
                    (
                        tuple(zip(keys, keys, strict=False)),
                        name,
                        start.line + 1,
                        start.column + 1,
                        None,
                    ),
                )
            else:
                if cls is not SequenceEndEvent:  # pragma: no cover - refused by the guard
                    raise ComposerError(None, None, f"unexpected {cls.__name__}", mark)
                node = new(
                    Sequence, (tuple(children), name, start.line + 1, start.column + 1, None)
                )
        if stack:
            stack[-1][2].append(node)
            continue
        break
    get()  # the document ends
    event = get()
    if event.__class__ is not StreamEndEvent:
        raise ComposerError(
            "expected a single document in the stream",
            where,
            "but found another document",
            event.start_mark,
        )
    return node
