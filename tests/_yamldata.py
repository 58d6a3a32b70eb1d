"""Test helper: the plain Python data of a composed YAML node tree (what a JSON Schema
validator sees), as YAML 1.2 reads it."""

from __future__ import annotations

from typing import Any

from posmatrix.format.nodes import Mapping, Node, Sequence
from posmatrix.yamlsafe import value


def to_python(node: Node | None) -> Any:
    """Dicts, lists and scalars of ``node``.

    >>> from posmatrix.yamlsafe import compose
    >>> to_python(compose("a: [1, yes, 2025-08-18]\\n"))
    {'a': [1, 'yes', '2025-08-18']}
    """
    if node is None:
        return None
    if isinstance(node, Mapping):
        return {to_python(k): to_python(v) for k, v in node.pairs}
    if isinstance(node, Sequence):
        return [to_python(item) for item in node.items]
    return value(node)
