"""Load a dataset file strictly: every problem, located, in one pass.

:func:`load` reads a file, :func:`loads` text or bytes, :func:`example` the bundled
dataset, :func:`load_arg` whatever the command line names. The YAML is read by
:mod:`posmatrix.yamlsafe`; this module walks its node tree once, checks every key
and value against the format ``posmatrix/1`` (see ``docs/dataset-format.md``) and
builds the frozen :mod:`posmatrix.model` objects. All problems of a file are
collected and raised together as one :class:`~posmatrix.errors.DatasetError`; each
names the item (``sources[2] 'nato-key' > stances[3]``, counting from 1), what was
expected, what was found, and a did-you-mean hint for misspelt keys and ids.

>>> ds = loads('''
... format: posmatrix/1
... title: Demo
... issues:
...   - {id: ceasefire-first, proposition: A ceasefire should come first.}
... actors:
...   - {id: russia, name: Russian government}
... sources:
...   - id: a1
...     title: An article
...     stances:
...       - {issue: ceasefire-first, stance: -2, quote: "No ceasefire first."}
...     reports:
...       russia:
...         - {issue: ceasefire-first, stance: -1, quote: "Moscow says no."}
... ''')
>>> [(c.source, c.holder, c.issue, c.stance) for c in ds.codings]
[('a1', 'author', 'ceasefire-first', -2), ('a1', 'russia', 'ceasefire-first', -1)]
>>> loads("format: posmatrix/1\\ntitle: T\\nissues: []\\nsources:\\n  - {id: s, titel: x}\\n")
Traceback (most recent call last):
...
posmatrix.errors.DatasetError: 1 problem in dataset
<string>:5:13: sources[1] 's': unknown key 'titel'; did you mean 'title'?
"""

from __future__ import annotations

import difflib
import math
import os
import re
import sys
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from .errors import DatasetError, LimitError, Location, PosmatrixError, Problem, UsageError
from .ids import invisible_char, look_alike, nfc, warn_confusables
from .limits import read_bounded, read_stream_bounded
from .model import (
    AUTHOR,
    CONFIDENCES,
    EVIDENCE,
    FORMAT,
    SCALE_BOUND,
    Actor,
    Coding,
    Dataset,
    Issue,
    Scale,
    Source,
    check_date,
    is_valid_id,
    red_line_message,
    replaces_problems,
)
from .textsafe import bad_value_char
from .yamlsafe import (
    BOOL,
    FLOAT,
    INT,
    MAX_BYTES,
    NULL,
    STR,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    check_tree,
    compose,
    describe,
    mapping,
    show,
    value,
)

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["MAX_BYTES", "example", "load", "load_arg", "loads"]

_BAD: Final = object()  # a value that failed its check (already reported)

# key -> what it is, for "missing required key" messages; None marks optional keys.
_TOP_KEYS: Final = {
    "format": f"the format tag, {FORMAT}",
    "title": "the dataset's title",
    "description": None,
    "version": None,
    "citation": None,
    "coder": None,
    "scale": None,
    "issues": "the codebook: a list of issues",
    "actors": None,
    "sources": "a list of sources",
    "evidence": None,
    "codings": None,
}
_SCALE_KEYS: Final = {"min": "the lowest stance", "max": "the highest stance", "labels": None}
_ISSUE_KEYS: Final = {
    "id": "the issue's id",
    "proposition": "a statement one can support or oppose",
    "group": None,
    "weight": None,
    "description": None,
    "label": None,
    "replaces": None,
    "inverted": None,
}
_ACTOR_KEYS: Final = {"id": "the actor's id", "name": "the actor's name", "kind": None}
_SOURCE_KEYS: Final = {
    "id": "the source's id",
    "title": "the source's title",
    "subtitle": None,
    "section": None,
    "outlet": None,
    "author": None,
    "published": None,
    "url": None,
    "file": None,
    "notes": None,
    "stances": None,
    "reports": None,
}
_CODING_KEYS: Final = {
    "issue": "the id of the issue coded",
    "stance": "an integer on the scale",
    "quote": "verbatim evidence from the source",
    "confidence": None,
    "coder": None,
    "adjudicated": None,
    "note": None,
    "red_line": None,
}
_CODING_KEYS_NO_QUOTE: Final = {**_CODING_KEYS, "quote": None}  # under evidence: optional
_DRIVE: Final = re.compile(r"^[A-Za-z]:")


def _close(word: object, known: Iterable[Any]) -> str | None:
    """The closest of ``known`` to ``word``, if any is close."""
    if not isinstance(word, str):
        return None
    folded = word.casefold()
    for candidate in known:
        if isinstance(candidate, str) and candidate.casefold() == folded:
            return candidate
    for candidate in known:  # the same to the eye: a Cyrillic 'а' for a Latin 'a'
        if isinstance(candidate, str) and look_alike(word, candidate):
            return candidate
    close = difflib.get_close_matches(word, [k for k in known if isinstance(k, str)], n=1)
    return close[0] if close else None


def _hint(word: object, known: Iterable[Any]) -> str:
    """``; did you mean 'x'?`` for the closest of ``known``, or ``""``; both escaped
    when they differ only in look-alike characters."""
    close = _close(word, known)
    if isinstance(word, str) and isinstance(close, str) and look_alike(word, close):
        return f"; did you mean {close!a}? (written {word!a}: a look-alike)"
    return f"; did you mean {close!r}?" if close is not None else ""


class _Walker:
    """One pass over the node tree: converts, checks, and collects problems."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        # kind -> ids declared (valid, first occurrence), in file order; references are
        # checked against these, so a faulty issue does not make its codings "unknown"
        self.declared: dict[str, dict[str, None]] = {"issue": {}, "actor": {}, "source": {}}
        self.quote_optional = False  # the dataset declares evidence: optional

    # -- reporting ------------------------------------------------------------------

    def at(self, node: Node, message: str) -> None:
        mark = node.start_mark
        sheet = getattr(mark, "sheet", None)  # a workbook cell (posmatrix.codingbook)
        self.problems.append(Problem(self.name, mark.line + 1, mark.column + 1, message, sheet))

    def where(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.name, mark.line + 1, mark.column + 1, getattr(mark, "sheet", None))

    def wrong(self, node: Node, path: str, expected: str) -> object:
        """Report that ``node`` is not what ``path`` expects; returns :data:`_BAD`."""
        fix = ""
        if isinstance(node, ScalarNode) and node.tag in (INT, FLOAT, BOOL) and "text" in expected:
            fix = f'; quote it: "{node.value}"' if len(node.value) < 40 else "; quote it"
        elif isinstance(node, (MappingNode, SequenceNode)):
            check_tree(node, self.problems, self.name)
            if "text" in expected:
                fix = "; if the text holds ': ' or starts with '[' or '{', quote it"
        self.at(node, f"{path}: expected {expected}, got {describe(node)}{fix}")
        return _BAD

    # -- structure ------------------------------------------------------------------

    def fields(self, node: Node, path: str, keys: dict[str, str | None]) -> dict[Any, Node] | None:
        """The values of a mapping by key; reports unknown and missing keys."""
        if node.__class__ is not MappingNode:
            self.wrong(node, path, "a mapping of keys to values")
            return None
        pairs = mapping(node, self.problems, self.name)
        out: dict[Any, Node] = {}
        meant = set()
        for key, (knode, vnode) in pairs.items():
            if key in keys:
                out[key] = vnode
                continue
            close = _close(key, [k for k in keys if k not in pairs])
            if close is not None:
                meant.add(close)
                hint = f"; did you mean {close!r}?"
            else:
                hint = f"; allowed keys are: {', '.join(keys)}"
            self.at(knode, f"{path}: unknown key {show(key)}{hint}")
            check_tree(vnode, self.problems, self.name)
        for key, what in keys.items():
            if what is not None and key not in out and key not in meant:
                self.at(node, f"{path}: missing required key {key!r} ({what})")
        return out

    def items(self, node: Node, path: str, what: str) -> list[Node]:
        if node.__class__ is SequenceNode:
            items: list[Node] = node.value
            return items
        if isinstance(node, ScalarNode) and node.tag == NULL:
            return []
        self.wrong(node, path, f"a list of {what} (lines starting with '- ')")
        return []

    # -- scalars --------------------------------------------------------------------

    def text(self, node: Node | None, path: str, *, required: bool = False) -> Any:
        """A text value; None when absent or empty (null)."""
        if node is None:
            return _BAD if required else None  # a missing required key is reported by fields()
        if node.__class__ is ScalarNode:
            tag = node.tag
            if tag == STR:
                text: str = node.value
                bad = bad_value_char(text)  # after "\e", "\0", "\u2028" escapes are decoded
                if bad is not None:
                    self.at(
                        node,
                        f"{path}: the text holds {bad}, which no text may hold (it would act "
                        "on a terminal when shown); remove it",
                    )
                    return _BAD
                if required and not text.strip():
                    self.at(node, f"{path}: expected non-empty text, got {describe(node)}")
                    return _BAD
                return text
            if tag == NULL:
                if required:
                    self.at(node, f"{path}: expected non-empty text, got {describe(node)}")
                    return _BAD
                return None
        return self.wrong(node, path, "text")

    def coder(self, node: Node | None, path: str) -> Any:
        """A coder's name: text, not empty (an empty name would count as another coder)."""
        name = self.text(node, path)
        if isinstance(name, str) and not name.strip():
            self.at(
                node,  # type: ignore[arg-type]
                f"{path}: expected non-empty text (or leave the key out), got {describe(node)}",  # type: ignore[arg-type]
            )
            return _BAD
        return name

    def ident(self, node: Node | None, path: str) -> Any:
        if node is None:
            return None
        if node.__class__ is ScalarNode and node.tag == STR:
            ident: str = nfc(node.value)  # NFC and NFD 'café' are one id
            if is_valid_id(ident):
                return ident
            hidden = invisible_char(ident)
            if hidden is not None and len(ident) <= 80:
                self.at(
                    node,
                    f"{path}: the id {ident!a} holds {hidden}, an invisible character "
                    "that would make it look like another id; remove it",
                )
                return _BAD
            self.at(
                node,
                f"{path}: expected an id (1-80 characters, no spaces, no '/'), got "
                f"{describe(node)}; use e.g. {_slug(ident)!r}",
            )
            return _BAD
        return self.wrong(node, path, "an id (text such as 'nato-membership')")

    def integer(self, node: Node, path: str) -> Any:
        if node.__class__ is ScalarNode and node.tag == INT:
            number = value(node)
            if isinstance(number, int):
                return number
        return self.wrong(node, path, "an integer")


def _slug(text: str) -> str:
    slug = re.sub(r"[\s/]+", "-", text.strip())
    slug = "".join(ch for ch in slug if ch.isprintable())[:80].strip("-")
    return slug or "my-id"


# -- the dataset ------------------------------------------------------------------------


def _build(root: Node | None, name: str) -> Dataset:
    w = _Walker(name)
    if root is None:
        raise DatasetError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "the file is empty (or only comments); a dataset starts with "
                    f"'format: {FORMAT}'",
                )
            ]
        )
    if root.__class__ is not MappingNode:
        w.wrong(root, "the top level", f"a mapping that starts with 'format: {FORMAT}'")
        raise DatasetError(w.problems)
    top = w.fields(root, "the top level", _TOP_KEYS) or {}

    fmt = top.get("format")
    if fmt is not None and not (
        fmt.__class__ is ScalarNode and fmt.tag == STR and fmt.value == FORMAT
    ):
        w.at(
            fmt,
            f"format: expected {FORMAT!r} (the only format this version reads), "
            f"got {describe(fmt)}",
        )
    title = w.text(top.get("title"), "title", required=True)
    meta = {key: w.text(top.get(key), key) for key in ("description", "version", "citation")}
    default_coder = w.coder(top.get("coder"), "coder")
    evidence = _evidence(w, top.get("evidence"))
    scale = _scale(w, top.get("scale"))
    issues = _issues(w, top.get("issues"))
    actors = _actors(w, top.get("actors"))
    sources, codings = _sources(w, top.get("sources"), scale, issues, actors, default_coder)
    table = (
        _file_value(w, top.get("codings"), "codings", "beside the YAML file (or below it)")
        if "codings" in top
        else None
    )

    if w.problems:
        raise DatasetError(w.problems)
    if isinstance(table, str):
        from .codingbook.tables import table_codings

        codings = table_codings(
            table,
            top["codings"],
            w.where(top["codings"]),
            scale,
            issues,
            actors,
            sources,
            codings,
            default_coder,
            evidence,
        )
    warn_confusables(issues, actors, sources)
    try:
        return Dataset(
            title=title,
            scale=scale,
            issues=issues,
            actors=actors,
            sources=sources,
            codings=tuple(codings),  # type: ignore[arg-type]
            description=meta["description"] or "",
            version=meta["version"] or "",
            citation=meta["citation"] or "",
            coder=default_coder,
            path=name,
            evidence=evidence,
        )
    except (ValueError, TypeError) as exc:  # pragma: no cover - every field checked above
        raise DatasetError([Problem.at(None, f"the dataset: {exc.args[0]}", name)]) from None


def _evidence(w: _Walker, node: Node | None) -> Any:
    """``evidence: optional`` lets codings omit their quote; ``required`` is the default."""
    if node is None or (node.__class__ is ScalarNode and node.tag == NULL):
        return "required"
    got = w.text(node, "evidence")
    if got in EVIDENCE:
        w.quote_optional = got == "optional"
        return got
    if got is not _BAD:
        w.at(
            node,
            f"evidence: expected 'required' or 'optional' (may a coding omit its quote?), "
            f"got {describe(node)}{_hint(got, EVIDENCE)}",
        )
    return "required"


def _scale(w: _Walker, node: Node | None) -> Scale:
    if node is None or (node.__class__ is ScalarNode and node.tag == NULL):
        return Scale()
    fields = w.fields(node, "scale", _SCALE_KEYS)
    if fields is None:
        return Scale()
    lo: Any = w.integer(fields["min"], "scale > min") if "min" in fields else _BAD
    hi: Any = w.integer(fields["max"], "scale > max") if "max" in fields else _BAD
    if lo is _BAD or hi is _BAD:
        return Scale()
    for key, end in (("min", lo), ("max", hi)):
        if not -SCALE_BOUND <= end <= SCALE_BOUND:
            w.at(
                fields[key],
                f"scale > {key}: expected an integer from {-SCALE_BOUND:,} to {SCALE_BOUND:,} "
                f"(the agreement measures are exact only within that), got {show(end)}; "
                "shift the scale, e.g. 0..100 instead of 1000000..1000100",
            )
            return Scale()
    if not hi > lo:
        w.at(fields["max"], f"scale > max: expected an integer greater than min ({lo}), got {hi}")
        return Scale()
    if hi - lo > 1000:
        w.at(node, f"scale: may have at most 1001 points, got {show(lo)}..{show(hi)}")
        return Scale()
    labels = _labels(w, fields.get("labels"), lo, hi)
    return Scale(min=lo, max=hi, labels=labels)  # type: ignore[arg-type]


def _labels(w: _Walker, node: Node | None, lo: int, hi: int) -> tuple[str, ...]:
    if node is None or (node.__class__ is ScalarNode and node.tag == NULL):
        return ()
    points = list(range(lo, hi + 1))
    path = "scale > labels"
    if node.__class__ is SequenceNode:
        texts = [
            w.text(item, f"{path}[{i}]", required=True) for i, item in enumerate(node.value, 1)
        ]
        if len(texts) != len(points):
            w.at(
                node,
                f"{path}: expected one label per point {lo}..{hi} ({len(points)}), "
                f"got {len(texts)}",
            )
            return ()
        return () if _BAD in texts else tuple(texts)
    if node.__class__ is not MappingNode:
        w.wrong(node, path, f"a mapping of each point {lo}..{hi} to its label")
        return ()
    pairs = mapping(node, w.problems, w.name)
    out: dict[int, str] = {}
    for key, (knode, vnode) in pairs.items():
        if not (knode.tag == INT and key in points):
            w.at(
                knode, f"{path}: expected a point of the scale ({lo}..{hi}), got {describe(knode)}"
            )
            continue
        label = w.text(vnode, f"{path} > {key}", required=True)
        if label is not _BAD:
            out[key] = label
    missing = [p for p in points if p not in out]
    if missing:
        if len(out) == len(pairs):  # no other problem explains the gap
            w.at(node, f"{path}: every point needs a label; missing {', '.join(map(str, missing))}")
        return ()
    return tuple(out[p] for p in points)


def _ids(
    w: _Walker, node: Node | None, key: str, kind: str, fields: dict[str, str | None]
) -> Iterable[tuple[str, Any, dict[Any, Node], Node, int]]:
    """Yield ``(path, id, fields, item, before)`` for each item of a list of identified
    things, ``before`` being the number of problems before the item; reports duplicate ids."""
    if node is None:
        return
    seen: dict[str, Node] = {}
    for i, item in enumerate(w.items(node, key, f"{kind}s"), 1):
        idnode: Node | None = None
        before = len(w.problems)
        path = f"{key}[{i}]"
        if item.__class__ is MappingNode:
            for knode, vnode in item.value:
                if knode.__class__ is ScalarNode and knode.value == "id":
                    idnode = vnode
                    break
        ident = w.ident(idnode, f"{path} > id") if idnode is not None else None
        if isinstance(ident, str):
            path = f"{path} {ident!r}"
            if ident in seen:
                first = seen[ident].start_mark.line + 1
                raw = (idnode.value, seen[ident].value)  # type: ignore[union-attr]
                spelt = (
                    f", written {raw[0]!a} here and {raw[1]!a} there: the same "
                    "after Unicode normalisation (NFC)"
                    if raw[0] != raw[1]
                    else ""
                )
                w.at(
                    idnode,  # type: ignore[arg-type]
                    f"{path}: duplicate {kind} id {ident!r} (first at line {first}{spelt}); "
                    f"give each {kind} its own id",
                )
                ident = _BAD
            else:
                seen[ident] = idnode  # type: ignore[assignment]
                w.declared[kind][ident] = None
        f = w.fields(item, path, fields)
        if f is None:
            continue
        yield path, ident, f, item, before


def _issues(w: _Walker, node: Node | None) -> dict[str, Issue]:
    out: dict[str, Issue] = {}
    where_replaces: dict[str, tuple[str, Node]] = {}
    for path, ident, f, item, before in _ids(w, node, "issues", "issue", _ISSUE_KEYS):
        proposition = w.text(f.get("proposition"), f"{path} > proposition", required=True)
        label = w.text(f.get("label"), f"{path} > label")
        if isinstance(label, str) and not label.strip():
            w.at(f["label"], f"{path} > label: expected a short non-empty text (or leave it out)")
        group = w.text(f.get("group"), f"{path} > group")
        description = w.text(f.get("description"), f"{path} > description")
        weight: Any = 1.0
        if "weight" in f:
            wnode = f["weight"]
            number = value(wnode) if wnode.__class__ is ScalarNode else None
            if (
                wnode.tag in (INT, FLOAT)
                and isinstance(number, (int, float))
                and 0 <= number < math.inf
            ):
                weight = float(number)
            else:
                weight = w.wrong(wnode, f"{path} > weight", "a finite number >= 0 (default 1)")
        replaces = w.ident(f.get("replaces"), f"{path} > replaces")
        inverted: Any = False
        inode = f.get("inverted")
        if inode is not None:
            if inode.__class__ is ScalarNode and inode.tag == BOOL:
                inverted = value(inode)
            else:
                inverted = w.wrong(inode, f"{path} > inverted", "true or false (default false)")
        if len(w.problems) == before and isinstance(ident, str):
            made = _make(
                w,
                item,
                path,
                Issue,
                id=ident,
                proposition=proposition,
                group=group,
                weight=weight,
                description=description or "",
                where=w.where(item),
                label=label,
                replaces=replaces,
                inverted=inverted,
            )
            if made is not None:
                out[ident] = made
                if replaces is not None:
                    where_replaces[ident] = (path, f["replaces"])
    for ident, message in replaces_problems(out):
        path, rnode = where_replaces[ident]
        w.at(rnode, f"{path} > replaces: {message}")
    return out


def _actors(w: _Walker, node: Node | None) -> dict[str, Actor]:
    out: dict[str, Actor] = {}
    for path, ident, f, item, before in _ids(w, node, "actors", "actor", _ACTOR_KEYS):
        if ident == AUTHOR:
            w.at(
                f["id"],
                f"{path} > id: {AUTHOR!r} is reserved for a source's own stance; "
                "give the actor another id",
            )
        name = w.text(f.get("name"), f"{path} > name", required=True)
        kind = w.text(f.get("kind"), f"{path} > kind")
        if len(w.problems) == before and isinstance(ident, str):
            made = _make(w, item, path, Actor, id=ident, name=name, kind=kind, where=w.where(item))
            if made is not None:
                out[ident] = made
    return out


def _file_value(
    w: _Walker, node: Node | None, path: str, inside: str = "inside the texts folder"
) -> Any:
    text = w.text(node, path)
    if not isinstance(text, str) or not text:
        return None if text == "" else text
    parts = re.split(r"[\\/]", text)
    if text.startswith(("/", "\\")) or _DRIVE.match(text) or ".." in parts:
        w.at(
            node,  # type: ignore[arg-type]
            f"{path}: expected a file name {inside}, got {show(text)}; "
            "absolute paths and '..' are not allowed",
        )
        return _BAD
    return text


def _published(w: _Walker, node: Node | None, path: str) -> Any:
    if node is None:
        return None
    if node.__class__ is ScalarNode and node.tag == INT and len(node.value) == 4:
        date: Any = node.value  # an unquoted year
    else:
        date = w.text(node, path)
    if isinstance(date, str):
        why = check_date(date)
        if why is not None:
            why = "" if why.startswith("expected") else f" ({why})"
            w.at(
                node,
                f"{path}: expected an ISO 8601 date, YYYY, YYYY-MM or YYYY-MM-DD{why}, "
                f"got {describe(node)}",
            )
            return _BAD
    return date


def _sources(
    w: _Walker,
    node: Node | None,
    scale: Scale,
    issues: dict[str, Issue],
    actors: dict[str, Actor],
    default_coder: Any,
) -> tuple[dict[str, Source], list[Coding]]:
    sources: dict[str, Source] = {}
    codings: list[Coding] = []
    seen: dict[tuple[Any, ...], Coding] = {}
    coder = default_coder if isinstance(default_coder, str) else None
    known_actors = w.declared["actor"]
    for path, ident, f, item, before in _ids(w, node, "sources", "source", _SOURCE_KEYS):
        text = {
            key: w.text(f.get(key), f"{path} > {key}")
            for key in ("subtitle", "section", "outlet", "author", "url", "notes")
        }
        title = w.text(f.get("title"), f"{path} > title", required=True)
        published = _published(w, f.get("published"), f"{path} > published")
        file = _file_value(w, f.get("file"), f"{path} > file")
        if len(w.problems) == before and isinstance(ident, str):
            made = _make(
                w,
                item,
                path,
                Source,
                id=ident,
                title=title,
                published=published,
                file=file,
                where=w.where(item),
                **{k: v or "" for k, v in text.items()},
            )
            if made is not None:
                sources[ident] = made
        source = ident if isinstance(ident, str) else None
        stances = f.get("stances")
        if stances is not None:
            _codings(
                w, stances, f"{path} > stances", source, AUTHOR, scale, issues, coder, codings, seen
            )
        reports = f.get("reports")
        if reports is None or (reports.__class__ is ScalarNode and reports.tag == NULL):
            continue
        if reports.__class__ is not MappingNode:
            w.wrong(reports, f"{path} > reports", "a mapping of actor ids to lists of codings")
            continue
        for key, (knode, vnode) in mapping(reports, w.problems, w.name).items():
            key = nfc(key) if isinstance(key, str) else key
            holder: str | None = None
            if key == AUTHOR:
                w.at(
                    knode,
                    f"{path} > reports: 'author' is not an actor; put the source's own "
                    "stances under 'stances'",
                )
            elif not (knode.tag == STR and key in known_actors):
                if knode.tag == STR and is_valid_id(key):
                    what = f"unknown actor {show(key)}{_hint(key, known_actors)}"
                    if not _hint(key, known_actors):
                        names = ", ".join(known_actors) or "none (add an actors list)"
                        what += f"; known actors: {names}"
                elif isinstance(key, str) and invisible_char(key) is not None:
                    what = (
                        f"the actor id {key!a} holds {invisible_char(key)}, an invisible "
                        "character that would make it look like another id; remove it"
                    )
                else:
                    what = f"expected an actor id, got {describe(knode)}"
                w.at(knode, f"{path} > reports: {what}")
            else:
                holder = key
            _codings(
                w,
                vnode,
                f"{path} > reports > {show(key)[1:-1] if isinstance(key, str) else key}",
                source,
                holder,
                scale,
                issues,
                coder,
                codings,
                seen,
            )
    return sources, codings


def _codings(
    w: _Walker,
    node: Node,
    path: str,
    source: str | None,
    holder: str | None,
    scale: Scale,
    issues: dict[str, Issue],
    default_coder: str | None,
    out: list[Coding],
    seen: dict[tuple[Any, ...], Coding],
    *,
    numbered: bool = True,
) -> None:
    problems = w.problems
    known = w.declared["issue"]
    lo, hi = scale.min, scale.max
    keys = _CODING_KEYS_NO_QUOTE if w.quote_optional else _CODING_KEYS
    for i, item in enumerate(w.items(node, path, "codings"), 1):
        here = f"{path}[{i}]" if numbered else path
        before = len(problems)
        f = w.fields(item, here, keys)
        if f is None:
            continue
        issue: Any = None
        inode = f.get("issue")
        if inode is not None:
            # fast path: a declared issue id was checked where it was declared
            if inode.__class__ is ScalarNode and inode.tag == STR and inode.value in known:
                issue = inode.value
            else:
                issue = w.ident(inode, f"{here} > issue")
            if isinstance(issue, str) and issue not in known:
                hint = _hint(issue, known)
                if not hint:
                    hint = f"; known issues: {', '.join(list(known)[:20]) or 'none'}"
                w.at(inode, f"{here} > issue: unknown issue {show(issue)}{hint}")
        stance: Any = None
        snode = f.get("stance")
        if snode is not None:
            if snode.__class__ is ScalarNode and snode.tag == INT:
                stance = value(snode)
                if not (isinstance(stance, int) and lo <= stance <= hi):
                    w.at(
                        snode,
                        f"{here} > stance: expected an integer from {lo} to {hi}, "
                        f"got {describe(snode)}",
                    )
            else:
                w.wrong(snode, f"{here} > stance", f"an integer from {lo} to {hi}")
        qnode = f.get("quote")
        if w.quote_optional and (qnode is None or (qnode.tag == NULL)):
            quote: Any = ""  # no quote given: allowed by evidence: optional
        elif qnode is not None and qnode.tag == NULL:
            quote = w.text(qnode, f"{here} > quote", required=True)
            w.problems[-1] = attrs.evolve(
                w.problems[-1],
                message=w.problems[-1].message + "; give the verbatim evidence, or declare "
                "'evidence: optional' for positions recorded without a quote",
            )
        else:
            quote = w.text(qnode, f"{here} > quote", required=True)
        confidence: Any = "high"
        cnode = f.get("confidence")
        if cnode is not None:
            confidence = w.text(cnode, f"{here} > confidence")
            if confidence not in CONFIDENCES and confidence is not _BAD:
                w.at(
                    cnode,
                    f"{here} > confidence: expected one of high, medium, low, got "
                    f"{describe(cnode)}{_hint(confidence, CONFIDENCES)}",
                )
        coder = default_coder
        if "coder" in f:
            coder = w.coder(f["coder"], f"{here} > coder")
        note = w.text(f.get("note"), f"{here} > note")
        adjudicated: Any = False
        anode = f.get("adjudicated")
        if anode is not None:
            if anode.__class__ is ScalarNode and anode.tag == BOOL:
                adjudicated = value(anode)
            else:
                w.wrong(anode, f"{here} > adjudicated", "true or false")
        red_line: Any = False
        rnode = f.get("red_line")
        if rnode is not None:
            if rnode.__class__ is ScalarNode and rnode.tag == BOOL:
                red_line = value(rnode)
                if red_line and isinstance(stance, int) and stance == scale.midpoint:
                    w.at(rnode, f"{here} > red_line: {red_line_message(stance)}")
            else:
                w.wrong(rnode, f"{here} > red_line", "true or false")
        if len(problems) != before or source is None or holder is None:
            continue
        made = _make(
            w,
            item,
            here,
            Coding,
            source=source,
            holder=holder,
            issue=issue,
            stance=stance,
            quote=quote,
            confidence=confidence,
            coder=coder,
            note=note or "",
            adjudicated=adjudicated,
            red_line=red_line,
            where=w.where(item),
            quote_where=w.where(f["quote"]) if "quote" in f else None,
        )
        if made is None:
            continue
        key = made.key
        first = seen.get(key)
        if first is not None:
            line = first.where.line if first.where is not None else 0
            unit = "row" if first.where is not None and first.where.sheet else "line"
            by = f", coder {coder!r}" if coder is not None else ""
            w.at(
                item,
                f"{here}: issue {issue!r} is coded twice for source {source!r}, holder "
                f"{holder!r}{by} (first at {unit} {line}); keep one coding, or give each its "
                "own coder",
            )
            continue
        seen[key] = made
        out.append(made)


def _make(w: _Walker, node: Node, path: str, cls: Callable[..., Any], **kwargs: Any) -> Any:
    """``cls(**kwargs)``, with a residual model error turned into a located problem."""
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as exc:  # pragma: no cover - fields are checked first
        w.at(node, f"{path}: {exc.args[0] if exc.args else exc}")
        return None


# -- entry points -----------------------------------------------------------------------


def _check_limit(max_bytes: int | None) -> int:
    if max_bytes is None:
        return MAX_BYTES
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise UsageError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    return max_bytes


def loads(
    text: str | bytes, name: str = "<string>", *, max_bytes: int | None = MAX_BYTES
) -> Dataset:
    """Load a dataset from YAML text (or UTF-8 bytes).

    Parameters
    ----------
    text : str or bytes
        The YAML document. Bytes must be UTF-8 (a BOM is allowed).
    name : str
        The file name used in problem locations and as ``Dataset.path``.
    max_bytes : int
        Largest input accepted (default 50 MB).

    Returns
    -------
    Dataset

    Raises
    ------
    DatasetError
        With every problem found, each located ``name:line:column``.
    """
    limit = _check_limit(max_bytes)
    root = compose(text, name, max_bytes=limit)
    return _build(root, name)


TABLE_SCALE: ContextVar[Scale | None] = ContextVar("posmatrix_table_scale", default=None)
"""The scale a ``.csv``/``.parquet`` codings table read on its own is coded on (None: the
default scale, when every stance fits it). The command line's ``--scale`` sets it."""


def load(
    path: str | PathLike[str],
    *,
    max_bytes: int | None = MAX_BYTES,
    scale: Scale | None = None,
    format: str | None = None,
    **options: Any,
) -> Dataset:
    """Load a dataset file: YAML, a coding workbook (``.xlsx``, written by
    ``posmatrix coding-sheet``), or a ``.csv``/``.parquet`` table of codings (one row
    per coding, see :func:`posmatrix.from_frame`). The file is only read.

    ``scale`` is the scale of a codings table read on its own (default: the −2..+2
    scale, only when every stance fits it); YAML files and workbooks declare their own.

    ``format`` names a reader of :data:`posmatrix.readers.READERS` (``"dna"``,
    ``"polis"``, ``"qual-o-mat"``, ``"mat-o-wahl"``, or ``"yaml"``, ``"csv"``, ...) for
    a file or folder in another tool's format; without it a ``.dna`` file and the
    export folders of Pol.is and qual-o-mat are recognised (``docs/formats.md``).
    ``options`` go to that reader (``actor="person"`` for ``dna``).

    Raises :class:`PosmatrixError` naming the path when it is missing, a directory
    or unreadable, and :class:`DatasetError` with every problem of an invalid file.
    """
    limit = _check_limit(max_bytes)
    name = os.fspath(path)
    from .readers import detect

    foreign = format if format is not None else detect(name)
    if foreign is not None or options:
        from .readers import read

        if foreign in ("csv", "parquet") and scale is None:
            scale = TABLE_SCALE.get()
        extra = {"scale": scale} if scale is not None else {}
        return read(name, foreign or "yaml", max_bytes=limit, **extra, **options)
    if name.lower().endswith((".csv", ".parquet")):
        from .frame import load_table

        table: Dataset = load_table(
            name, max_bytes=limit, scale=scale if scale is not None else TABLE_SCALE.get()
        )
        return table
    if name.lower().endswith((".xlsx", ".xlsm")):
        from .codingbook.reader import read_coding_workbook

        book: Dataset = read_coding_workbook(name, max_bytes=limit)
        return book
    return load_yaml(name, max_bytes=limit)


def load_yaml(name: str, *, max_bytes: int | None = MAX_BYTES) -> Dataset:
    """Load a YAML dataset file, whatever its suffix (the ``yaml`` reader)."""
    limit = _check_limit(max_bytes)
    try:
        if os.path.isdir(name):
            raise PosmatrixError(f"{name} is a directory, not a dataset file")
        size = os.stat(name).st_size
        if size > limit:
            raise DatasetError(
                [
                    Problem(
                        name,
                        1,
                        1,
                        f"the file is {size:,} bytes, over the limit of {limit:,} bytes; "
                        "split it, or raise the limit (max_bytes=..., or --max-bytes)",
                    )
                ]
            )
        try:
            # regular files only, read in chunks: never /dev/zero, a FIFO, or a
            # limit-sized allocation up front
            data = read_bounded(name, limit)
        except LimitError:
            raise DatasetError(
                [
                    Problem(
                        name,
                        1,
                        1,
                        f"the file grew over the limit of {limit:,} bytes while read; "
                        "split it, or raise the limit (max_bytes=..., or --max-bytes)",
                    )
                ]
            ) from None
        except UsageError as exc:
            raise PosmatrixError(str(exc)) from None
    except FileNotFoundError:
        raise PosmatrixError(f"{name}: no such file") from None
    except PermissionError:
        raise PosmatrixError(f"{name}: permission denied; cannot read the dataset") from None
    except OSError as exc:
        raise PosmatrixError(f"{name}: cannot read the dataset: {exc.strerror or exc}") from None
    return loads(data, name, max_bytes=limit)


def _bundled() -> tuple[bytes, str]:
    from importlib.resources import files

    resource = files("posmatrix") / "data" / "positions.yaml"
    if resource.is_file():
        return resource.read_bytes(), str(resource)
    path = Path(__file__).resolve().parent.parent / "data" / "positions.yaml"
    try:
        return path.read_bytes(), str(path)
    except OSError as exc:
        raise PosmatrixError(f"the bundled dataset is missing ({path}): {exc.strerror}") from None


def example() -> Dataset:
    """The bundled example dataset (``data/positions.yaml``).

    >>> ds = example()
    >>> ds.path.endswith("positions.yaml"), len(ds.codings) > 0
    (True, True)
    """
    data, name = _bundled()
    return loads(data, name)


def load_arg(file: str | None, *, max_bytes: int | None = None) -> Dataset:
    """The dataset a command line names: None for the bundled one, ``-`` for standard
    input, a ``.csv``/``.parquet`` codings table, a coding workbook (``.xlsx``), or a
    YAML file."""
    limit = _check_limit(max_bytes)
    fmt, options = READ_AS.get()
    if file is None:
        if fmt is not None or options:
            raise UsageError("--from and reader options need a FILE to read")
        return example()
    if file == "-":
        if fmt not in (None, "yaml") or options:
            raise UsageError(f"standard input is read as YAML only; give the {fmt} input as a file")
        try:
            data = read_stream_bounded(sys.stdin.buffer, "<stdin>", limit)
        except LimitError:
            raise DatasetError(
                [
                    Problem(
                        "<stdin>",
                        1,
                        1,
                        f"standard input holds more than the limit of {limit:,} bytes; "
                        "split it, or raise the limit (--max-bytes)",
                    )
                ]
            ) from None
        return loads(data, "<stdin>", max_bytes=limit)
    import warnings

    from .readers import ReaderWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReaderWarning)
        ds = load(file, max_bytes=limit, format=fmt, **options)
    for w in caught:
        if issubclass(w.category, ReaderWarning):
            print(f"posmatrix: warning: {w.message}", file=sys.stderr)
        else:  # pragma: no cover - other warnings pass on unchanged
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    return ds


READ_AS: ContextVar[tuple[str | None, dict[str, Any]]] = ContextVar(
    "posmatrix_read_as", default=(None, {})
)
"""The command line's ``--from FORMAT`` and reader options (``--actor``), for
:func:`load_arg`."""
