"""Safe reading of untrusted YAML text into located nodes.

A dataset file is hand-edited and may come from anyone, so this package reads it
defensively, in one composition pass of libyaml (the C loader when available):

* the raw bytes are checked first: size limit, UTF-8 (a BOM is stripped),
  no NUL or other control characters;
* nesting depth, anchors, aliases and explicit tags are checked on libyaml's
  event stream *before* anything is composed (libyaml's composer kills the
  process near 30,000 levels, aliases enable "billion laughs" bombs, and tags
  must never be executed) — a cheap scan of the text decides whether that event
  pass is needed at all, so ordinary files are parsed only once;
* plain scalars are resolved by the YAML 1.2 core schema: only ``true``/``false``
  are booleans, ``yes``/``no``/``on``/``off`` and unquoted dates stay text,
  ``010`` is the integer 10, and ``null``/``~``/empty are null;
* duplicate mapping keys (which PyYAML silently drops) and merge keys ``<<`` are
  reported by :func:`mapping`, with both lines.

Every problem is a located :class:`~posmatrix.errors.Problem`. The result is a tree of
the reader's own nodes (:mod:`posmatrix.format.nodes`: ``Scalar``, ``Mapping``,
``Sequence``, each with its file, 1-based line and column), composed from the parser's
events (``composer``: no PyYAML node is built); :func:`value` turns a scalar into a
Python value and :func:`describe` into words for messages.

This package holds :func:`compose` and re-exports the names others import; each concern
has its module: ``decoding`` (bytes and characters), ``guard`` (depth, anchors, aliases,
tags), ``hints`` (syntax errors in plain words), ``resolver`` (the YAML 1.2 core schema
and the parsers), ``composer`` (events into our nodes), ``nodes`` (scalar values,
descriptions, duplicate and merge keys) and ``messages`` (what they share to word and
place a problem).

>>> node = compose("answer: yes\\nwhen: 2025-08-18\\ncount: 010\\n")
>>> {k.value: value(v) for k, v in node.pairs}
{'answer': 'yes', 'when': '2025-08-18', 'count': 10}
>>> compose("a: 1\\na: 2\\n", name="x.yaml") is not None
True
>>> problems: list[Problem] = []
>>> sorted(mapping(compose("a: 1\\na: 2\\n", "x.yaml"), problems))
['a']
>>> print(problems[0])
x.yaml:2:1: duplicate key 'a' (first at line 1); YAML keeps only the last one, so remove one
"""

from __future__ import annotations

import yaml

from ..errors import DatasetError, Problem
from ..format.nodes import Node
from .composer import compose_nodes
from .decoding import MAX_BYTES, decode
from .guard import MAX_DEPTH, _may_need_event_scan, _scan_events
from .hints import _syntax_problem
from .messages import show
from .nodes import check_tree, describe, mapping, value
from .resolver import BOOL, FLOAT, INT, MAP, NULL, SEQ, STR, _Loader
from .resolver import HAVE_LIBYAML as HAVE_LIBYAML

__all__ = [
    "BOOL",
    "FLOAT",
    "INT",
    "MAP",
    "MAX_BYTES",
    "MAX_DEPTH",
    "NULL",
    "SEQ",
    "STR",
    "Node",
    "check_tree",
    "compose",
    "decode",
    "describe",
    "mapping",
    "show",
    "value",
]


def compose(
    data: str | bytes,
    name: str = "<string>",
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Node | None:
    """Check ``data`` and compose it into a tree of :mod:`posmatrix.format.nodes`; None
    for an empty document.

    Raises :class:`DatasetError` (every problem located) for oversize input, bytes
    that are not UTF-8, control characters, syntax errors, nesting deeper than
    ``max_depth``, anchors, aliases and explicit tags. Duplicate keys are reported
    by :func:`mapping` and :func:`check_tree` while walking the result.
    """
    text = decode(data, name, max_bytes=max_bytes)
    scan, deep = _may_need_event_scan(text, max_depth)
    if scan:
        problems = _scan_events(text, name, max_depth, deep=deep)
        if problems:
            raise DatasetError(problems)
    loader = _Loader(text)
    try:
        node = compose_nodes(loader, name)
    except yaml.YAMLError as exc:
        raise DatasetError([_syntax_problem(exc, text, name)]) from None
    except RecursionError:  # pragma: no cover - excluded by the depth scan
        raise DatasetError([Problem(name, 1, 1, "the file is nested too deeply")]) from None
    finally:
        loader.dispose()
    return node
