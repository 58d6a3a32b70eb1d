"""Reading composed nodes (:mod:`posmatrix.format.nodes`): a scalar's Python value by the
YAML 1.2 core schema, a node described in words for messages, and a mapping's pairs with
duplicate keys (which PyYAML silently drops), merge keys ``<<`` and complex keys
reported, with both lines."""

from __future__ import annotations

import math
from typing import Any

from ..errors import Problem
from ..format.nodes import BOOL, FLOAT, INT, NULL, STR, Mapping, Node, Scalar, Sequence
from .messages import show


def _at(node: Node, message: str) -> Problem:
    return Problem(node.file, node.line, node.column, message, node.sheet)


def value(node: Scalar) -> Any:
    """The Python value of a scalar node: str, int, float, bool or None.

    Integers too long for Python (over 4,300 digits) become ``±inf``.

    >>> from posmatrix.yamlsafe import compose
    >>> [value(v) for v in compose("[1, 0x1F, 0o17, 1.5e3, .inf, true, ~, 'true']").items]
    [1, 31, 15, 1500.0, inf, True, None, 'true']
    """
    tag = node.tag
    raw: str = node.value
    if tag == STR:
        return raw
    if tag == INT:
        if raw.startswith("0x"):
            return int(raw[2:], 16)
        if raw.startswith("0o"):
            return int(raw[2:], 8)
        try:
            return int(raw)
        except ValueError:  # more digits than Python converts
            return -math.inf if raw.startswith("-") else math.inf
    if tag == FLOAT:
        lowered = raw.lower()
        if lowered.endswith((".inf", ".nan")):
            return float(lowered.replace(".", ""))
        return float(raw)
    if tag == BOOL:
        return raw in ("true", "True", "TRUE")
    if tag == NULL:
        return None
    return raw


def describe(node: Node) -> str:
    """What ``node`` is, in words, for "expected ..., got ..." messages.

    >>> from posmatrix.yamlsafe import compose
    >>> [describe(v) for v in compose("[abc, 3, 2.5, .nan, yes, true, ~, [1], {a: 1}]").items]
    ["the text 'abc'", 'the integer 3', 'the number 2.5', 'the number .nan', "the text 'yes'", \
'the boolean true', 'an empty value', 'a list', 'a mapping']
    """
    if node.__class__ is Mapping:
        return "a mapping"
    if node.__class__ is not Scalar:
        return "a list"
    tag = node.tag
    if tag == STR:
        return f"the text {show(node.value)}"
    if tag == INT:
        return f"the integer {show(node.value)[1:-1]}"
    if tag == FLOAT:
        return f"the number {node.value}"
    if tag == BOOL:
        return f"the boolean {node.value}"
    if tag == NULL:
        return "an empty value"
    return f"a value tagged {show(tag)}"


def mapping(node: Mapping, problems: list[Problem]) -> dict[Any, tuple[Scalar, Node]]:
    """The pairs of a mapping node by key value: ``{key: (key_node, value_node)}``.

    Appends a problem for every duplicate key (naming the first line; the first
    pair is kept), merge key ``<<`` and non-scalar key, located at the key.
    """
    out: dict[Any, tuple[Scalar, Node]] = {}
    for knode, vnode in node.pairs:
        if not isinstance(knode, Scalar):
            problems.append(
                _at(
                    knode,
                    f"a key must be plain text, got {describe(knode)}; "
                    "a '?' or a bracket at the start of a line starts a complex key",
                )
            )
            continue
        key = knode.value if knode.tag == STR else value(knode)
        if key in out:
            first = out[key][0].line
            problems.append(
                _at(
                    knode,
                    f"duplicate key {show(key)} (first at line {first}); YAML keeps only the "
                    "last one, so remove one",
                )
            )
            continue
        if key == "<<" and knode.plain:
            problems.append(
                _at(
                    knode,
                    "merge key '<<' is not allowed: a dataset needs no anchors, aliases or "
                    "merges; write the keys out",
                )
            )
            continue
        out[key] = (knode, vnode)
    return out


def check_tree(node: Node, problems: list[Problem]) -> None:
    """Report duplicate and merge keys anywhere below ``node`` (iteratively)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Mapping):
            mapping(current, problems)
            for k, v in current.pairs:
                stack.append(k)
                stack.append(v)
        elif isinstance(current, Sequence):
            stack.extend(current.items)
