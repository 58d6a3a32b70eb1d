"""The structure guard: nesting depth, anchors, aliases and explicit tags, refused on the
YAML event stream *before* anything is composed (libyaml's composer kills the process near
30,000 levels, aliases enable "billion laughs" bombs, and tags must never be executed). A
cheap scan of the text decides whether that event pass is needed at all."""

from __future__ import annotations

import re
from typing import Final

import yaml

from ..errors import Problem
from .hints import _syntax_problem
from .messages import _MAX_REPORTED, _at, show
from .resolver import _Loader, _PureLoader

MAX_DEPTH: Final = 100
"""Deepest nesting of lists and mappings accepted (a dataset needs 6)."""


# Characters after which an anchor '&', alias '*' or tag '!' may start a token.
_SPECIAL: Final = re.compile(r"(?:^|[\s\[\]{},?:-])(?:[&*]\S|!)", re.MULTILINE)
_FLOW: Final = re.compile(r"[\[\]{}]")


def _may_need_event_scan(text: str, max_depth: int) -> tuple[bool, bool]:
    """Whether ``text`` may hold anchors, aliases, tags or deep nesting.

    Returns ``(scan, deep)``. ``scan`` False guarantees none of them: every block
    level needs its own column in the run of spaces and ``- ? :`` indicators that
    starts a line (a sequence may share the column of its parent key, hence the
    factor 2), and flow nesting is bounded by the running count of brackets. True
    only means "look closer". ``deep`` says nesting past ``max_depth`` is possible,
    which is when the event scan must not go through libyaml: libyaml looks up to
    1,024 characters ahead for a simple key and, from libyaml 0.2.6 on, stops at its
    own nesting limit (1,000 flow levels) before the guard could speak.
    """
    flow = 0
    brackets = text.count("[") + text.count("{")
    if brackets > max_depth // 2:
        depth = 0
        for m in _FLOW.finditer(text):
            depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
            flow = max(flow, depth)
    else:
        flow = brackets
    block_columns = (max_depth - flow) // 2 - 1
    deep = block_columns <= 0 or (
        re.search(rf"^[ \t?:-]{{{block_columns},}}", text, re.MULTILINE) is not None
    )
    return deep or _SPECIAL.search(text) is not None, deep


def _scan_events(text: str, name: str, max_depth: int, *, deep: bool = False) -> list[Problem]:
    """Problems of nesting, anchors, aliases and tags, from the YAML event stream.

    Both parsers keep explicit stacks (no recursion), so this is safe at any depth;
    it stops at the first level past ``max_depth``. Where nesting that deep is
    possible (``deep``), PyYAML's pure-Python parser reads the events, so that no
    libyaml limit, whatever its version, speaks before this guard does; it is
    slower, but only a generated or hostile file takes that path.
    """
    problems: list[Problem] = []
    depth = 0
    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    loader = _PureLoader(text) if deep else _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if event is None:  # pragma: no cover - check_event said there is one
                break
            if isinstance(event, ends):
                depth -= 1
                continue
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent):
                problems.append(
                    _at(
                        name,
                        mark,
                        f"alias *{show(event.anchor)[1:-1]} is not allowed: a dataset needs no "
                        "anchors or aliases (they enable alias bombs); write the value out",
                    )
                )
            elif isinstance(event, (yaml.ScalarEvent, *starts)):
                if event.anchor is not None:
                    problems.append(
                        _at(
                            name,
                            mark,
                            f"anchor &{show(event.anchor)[1:-1]} is not allowed: a dataset needs "
                            "no anchors or aliases; remove it",
                        )
                    )
                if event.tag is not None:
                    problems.append(
                        _at(
                            name,
                            mark,
                            f"tag {show(_short_tag(event.tag))} is not allowed: YAML tags are "
                            "never executed or honoured; remove it (quote the value if it is text)",
                        )
                    )
                if isinstance(event, starts):
                    depth += 1
                    if depth > max_depth:
                        problems.append(
                            _at(
                                name,
                                mark,
                                f"lists and mappings are nested more than {max_depth} levels "
                                "deep here; a dataset needs 6 (is this file generated?)",
                            )
                        )
                        break
            if len(problems) > _MAX_REPORTED:
                break
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(exc, text, name))
    finally:
        loader.dispose()
    return problems


def _short_tag(tag: str) -> str:
    return "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag
