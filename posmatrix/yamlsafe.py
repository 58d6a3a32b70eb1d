"""Safe reading of untrusted YAML text into located nodes.

A dataset file is hand-edited and may come from anyone, so this module reads it
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

Every problem is a located :class:`~posmatrix.errors.Problem`. The result is the
PyYAML node tree: every node keeps its ``start_mark`` (0-based line and column);
:func:`value` turns a scalar into a Python value and :func:`describe` into words for messages.

>>> node = compose("answer: yes\\nwhen: 2025-08-18\\ncount: 010\\n")
>>> {k.value: value(v) for k, v in node.value}
{'answer': 'yes', 'when': '2025-08-18', 'count': 10}
>>> compose("a: 1\\na: 2\\n", name="x.yaml") is not None
True
>>> problems: list[Problem] = []
>>> sorted(mapping(compose("a: 1\\na: 2\\n"), problems, "x.yaml"))
['a']
>>> print(problems[0])
x.yaml:2:1: duplicate key 'a' (first at line 1); YAML keeps only the last one, so remove one
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .errors import DatasetError, Problem

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
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "check_tree",
    "compose",
    "decode",
    "describe",
    "mapping",
    "show",
    "value",
]

MAX_BYTES: Final = 50_000_000
"""Default size limit of a dataset file in bytes (50 MB)."""

MAX_DEPTH: Final = 100
"""Deepest nesting of lists and mappings accepted (a dataset needs 6)."""

STR: Final = "tag:yaml.org,2002:str"
INT: Final = "tag:yaml.org,2002:int"
FLOAT: Final = "tag:yaml.org,2002:float"
BOOL: Final = "tag:yaml.org,2002:bool"
NULL: Final = "tag:yaml.org,2002:null"
MAP: Final = "tag:yaml.org,2002:map"
SEQ: Final = "tag:yaml.org,2002:seq"

_MAX_REPORTED: Final = 20  # problems of one kind reported before "and N more"

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


# -- bytes and characters ---------------------------------------------------------------

# Everything YAML 1.2 (and libyaml) refuses to read: C0/C1 controls except tab, line
# feed and carriage return, and the non-characters U+FFFE/U+FFFF.
# NEL, LS and PS are line breaks to libyaml but not to editors, so they would shift every
# line number after them: refused as well.
_BAD_CHAR: Final = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_CHAR_NAMES: Final = {
    0: "NUL",
    7: "BEL",
    8: "backspace",
    11: "vertical tab",
    12: "form feed",
    27: "escape",
    127: "DEL",
    0x85: "next line, NEL",
    0x2028: "line separator",
    0x2029: "paragraph separator",
    0xFFFE: "a non-character",
    0xFFFF: "a non-character",
}


_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")


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


def decode(data: str | bytes, name: str = "<string>", *, max_bytes: int = MAX_BYTES) -> str:
    """Check raw input and return it as text without a BOM.

    Raises :class:`DatasetError` for input over ``max_bytes``, bytes that are not
    UTF-8 (naming the byte offset, line and column), and control characters.

    >>> decode(b"\\xef\\xbb\\xbfformat: posmatrix/1\\n")
    'format: posmatrix/1\\n'
    >>> decode(b"title: caf\\xe9\\n", name="f.yaml")
    Traceback (most recent call last):
    ...
    posmatrix.errors.DatasetError: 1 problem in dataset
    f.yaml:1:11: the file is not UTF-8: byte 0xe9 at offset 10 cannot be decoded; ...
    """
    if isinstance(data, str):
        size = len(data) if len(data) * 4 <= max_bytes else len(data.encode("utf-8", "replace"))
        _check_size(size, name, max_bytes)
        try:
            data.encode("utf-8")
        except UnicodeEncodeError as exc:
            line, col = _line_col(data, exc.start)
            raise DatasetError(
                [Problem(name, line, col, "the text holds a lone surrogate character; remove it")]
            ) from None
        text = data
    else:
        _check_size(len(data), name, max_bytes)
        text = _decode_bytes(bytes(data), name)
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_characters(text, name)
    return text


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise DatasetError(
            [
                Problem(
                    name,
                    1,
                    1,
                    f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes; "
                    "split it, or raise the limit (max_bytes=..., or --max-bytes)",
                )
            ]
        )


def _decode_bytes(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DatasetError(
            [
                Problem(
                    name, 1, 1, "the file is UTF-16 (it starts with a UTF-16 BOM); save it as UTF-8"
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        head = data[:start].decode("utf-8", "replace")
        line, column = _line_col(head, len(head))
        raise DatasetError(
            [
                Problem(
                    name,
                    line,
                    column,
                    f"the file is not UTF-8: byte 0x{data[start]:02x} at offset {start} cannot be "
                    "decoded; save the file as UTF-8 (it may be Latin-1/Windows-1252, or binary)",
                )
            ]
        ) from None


def _check_characters(text: str, name: str) -> None:
    if _BAD_CHAR.search(text) is None:
        return
    problems = []
    for m in _BAD_CHAR.finditer(text):
        code = ord(m.group())
        what = _CHAR_NAMES.get(code, "a control character")
        line, col = _line_col(text, m.start())
        problems.append(
            Problem(
                name,
                line,
                col,
                f"character U+{code:04X} ({what}) is not allowed in a dataset; "
                + (
                    "replace it with a space or a line break"
                    if code in (0x85, 0x2028, 0x2029)
                    else "remove it (is this a binary file, or a bad copy-paste?)"
                ),
            )
        )
        if len(problems) == _MAX_REPORTED:
            rest = len(_BAD_CHAR.findall(text, m.end()))
            if rest:
                problems.append(
                    Problem(name, line, col, f"... and {rest:,} more such characters after this")
                )
            break
    raise DatasetError(problems)


# -- structure ------------------------------------------------------------------------

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


def compose(
    data: str | bytes,
    name: str = "<string>",
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Node | None:
    """Check ``data`` and compose it into a node tree; None for an empty document.

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
        node: Node | None = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise DatasetError([_syntax_problem(exc, text, name)]) from None
    except RecursionError:  # pragma: no cover - excluded by the depth scan
        raise DatasetError([Problem(name, 1, 1, "the file is nested too deeply")]) from None
    finally:
        loader.dispose()
    return node


# -- syntax errors in plain words -------------------------------------------------------

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


def _at(name: str, mark: Any, message: str) -> Problem:
    return Problem(name, mark.line + 1, mark.column + 1, message)


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


# -- walking ---------------------------------------------------------------------------


def value(node: ScalarNode) -> Any:
    """The Python value of a scalar node: str, int, float, bool or None.

    Integers too long for Python (over 4,300 digits) become ``±inf``.

    >>> [value(v) for v in compose("[1, 0x1F, 0o17, 1.5e3, .inf, true, ~, 'true']").value]
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

    >>> [describe(v) for v in compose("[abc, 3, 2.5, .nan, yes, true, ~, [1], {a: 1}]").value]
    ["the text 'abc'", 'the integer 3', 'the number 2.5', 'the number .nan', "the text 'yes'", \
'the boolean true', 'an empty value', 'a list', 'a mapping']
    """
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
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


def mapping(node: MappingNode, problems: list[Problem], name: str) -> dict[Any, tuple[Node, Node]]:
    """The pairs of a mapping node by key value: ``{key: (key_node, value_node)}``.

    Appends a problem for every duplicate key (naming the first line; the first
    pair is kept), merge key ``<<`` and non-scalar key.
    """
    out: dict[Any, tuple[Node, Node]] = {}
    for pair in node.value:
        knode = pair[0]
        if knode.__class__ is not ScalarNode:
            problems.append(
                _at(
                    name,
                    knode.start_mark,
                    f"a key must be plain text, got {describe(knode)}; "
                    "a '?' or a bracket at the start of a line starts a complex key",
                )
            )
            continue
        key = knode.value if knode.tag == STR else value(knode)
        if key in out:
            first = out[key][0].start_mark.line + 1
            problems.append(
                _at(
                    name,
                    knode.start_mark,
                    f"duplicate key {show(key)} (first at line {first}); YAML keeps only the "
                    "last one, so remove one",
                )
            )
            continue
        if key == "<<" and not knode.style:  # plain: '' from libyaml, None from PyYAML
            problems.append(
                _at(
                    name,
                    knode.start_mark,
                    "merge key '<<' is not allowed: a dataset needs no anchors, aliases or "
                    "merges; write the keys out",
                )
            )
            continue
        out[key] = pair
    return out


def check_tree(node: Node, problems: list[Problem], name: str) -> None:
    """Report duplicate and merge keys anywhere below ``node`` (iteratively)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, MappingNode):
            mapping(current, problems, name)
            for k, v in current.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
