"""The YAML reader's builders: the dataset, its scale, issues, actors, sources and
codings, walked in file order with :class:`~posmatrix.format.yamlwalk.Walker` and the
spec (:mod:`posmatrix.format.spec`); objects are made by the model's unchecked
constructor, every field having been checked by the spec's checks on the way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ..errors import DatasetError, Problem
from ..ids import invisible_char, nfc, warn_confusables
from ..model import AUTHOR, Actor, Coding, Dataset, Issue, Scale, Source, unchecked
from ..yamlsafe import describe, mapping, show, value
from .checks import (
    EVIDENCE,
    Shown,
    check_stance,
    hint,
    is_valid_id,
    labels_problem,
    scale_problem,
)
from .nodes import INT, NULL, STR, Mapping, Node, Scalar, Sequence
from .refs import coded_twice, red_line_message, replaces_problems, unknown
from .spec import ACTOR, CODING, DATASET, FORMAT, ISSUE, SCALE, SOURCE
from .yamlwalk import BAD, Walker

__all__ = ["build"]

_BAD = BAD
_hint = hint
_TOP_KEYS = DATASET.keys()
_SCALE_KEYS = SCALE.keys()
_ISSUE_KEYS = ISSUE.keys()
_ACTOR_KEYS = ACTOR.keys()
_SOURCE_KEYS = SOURCE.keys()
_CODING_KEYS = CODING.keys()
_CODING_KEYS_NO_QUOTE = {**_CODING_KEYS, "quote": None}  # under evidence: optional
_CODING_OWN = frozenset({"source", "holder", "issue", "stance", "quote"})  # read above


def build(root: Node | None, name: str) -> Dataset:
    """The dataset of the node tree ``root`` of file ``name``, or a
    :class:`~posmatrix.errors.DatasetError` with every problem, located."""
    w = Walker(name)
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
    if not isinstance(root, Mapping):
        w.wrong(root, "the top level", f"a mapping that starts with 'format: {FORMAT}'")
        raise DatasetError(w.problems)
    top = w.fields(root, "the top level", _TOP_KEYS) or {}

    meta = w.values(DATASET, top, "", skip=("evidence", "codings"))
    default_coder = meta["coder"]
    evidence = _evidence(w, top.get("evidence"))
    scale = _scale(w, top.get("scale"))
    issues = _issues(w, top.get("issues"))
    actors = _actors(w, top.get("actors"))
    sources, codings = _sources(w, top.get("sources"), scale, issues, actors, default_coder)
    table = w.read(DATASET["codings"], top.get("codings"), "codings") or None

    if w.problems:
        raise DatasetError(w.problems)
    if isinstance(table, str):
        from ..codingbook.tables import table_codings

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
            title=meta["title"],
            scale=scale,
            issues=issues,
            actors=actors,
            sources=sources,
            codings=tuple(codings),  # type: ignore[arg-type]
            description=meta["description"],
            version=meta["version"],
            citation=meta["citation"],
            coder=default_coder,
            path=name,
            evidence=evidence,
        )
    except (ValueError, TypeError) as exc:  # pragma: no cover - every field checked above
        raise DatasetError([Problem.at(None, f"the dataset: {exc.args[0]}", name)]) from None


def _evidence(w: Walker, node: Node | None) -> Any:
    """``evidence: optional`` lets codings omit their quote; ``required`` is the default."""
    if node is None or (isinstance(node, Scalar) and node.tag == NULL):
        return "required"
    got = w.read(DATASET["evidence"], node, "evidence")
    if got in EVIDENCE:
        w.quote_optional = got == "optional"
        return got
    return "required"


def _scale(w: Walker, node: Node | None) -> Scale:
    if node is None or (isinstance(node, Scalar) and node.tag == NULL):
        return Scale()
    fields = w.fields(node, "scale", _SCALE_KEYS)
    if fields is None:
        return Scale()
    lo: Any = w.read(SCALE["min"], fields.get("min"), "scale > min")
    hi: Any = w.read(SCALE["max"], fields.get("max"), "scale > max")
    if lo is _BAD or hi is _BAD:
        return Scale()
    problem = scale_problem(lo, hi)
    if problem is not None:
        key, message = problem
        w.at(
            fields[key] if key is not None else node,
            f"scale > {key}: {message}" if key else f"scale: {message}",
        )
        return Scale()
    labels = _labels(w, fields.get("labels"), lo, hi)
    made: Scale = unchecked(Scale)(lo, hi, labels or _default_labels(lo, hi))
    return made


def _default_labels(lo: int, hi: int) -> tuple[str, ...]:
    return Scale(lo, hi).labels


def _labels(w: Walker, node: Node | None, lo: int, hi: int) -> tuple[str, ...]:
    if node is None or (isinstance(node, Scalar) and node.tag == NULL):
        return ()
    points = list(range(lo, hi + 1))
    path = "scale > labels"
    if isinstance(node, Sequence):
        texts = [
            w.text(item, f"{path}[{i}]", required=True) for i, item in enumerate(node.items, 1)
        ]
        why = labels_problem(lo, hi, len(texts))
        if why is not None:
            w.at(node, f"{path}: {why}")
            return ()
        return () if _BAD in texts else tuple(texts)
    if not isinstance(node, Mapping):
        w.wrong(node, path, f"a mapping of each point {lo}..{hi} to its label")
        return ()
    pairs = mapping(node, w.problems)
    out: dict[int, str] = {}
    for key, (knode, vnode) in pairs.items():
        if not (isinstance(knode, Scalar) and knode.tag == INT and key in points):
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
    w: Walker, node: Node | None, key: str, kind: str, fields: dict[str, str | None]
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
        if isinstance(item, Mapping):
            for knode, vnode in item.pairs:
                if isinstance(knode, Scalar) and knode.value == "id":
                    idnode = vnode
                    break
        ident = w.ident(idnode, f"{path} > id") if idnode is not None else None
        if isinstance(ident, str):
            path = f"{path} {ident!r}"
            if ident in seen:
                first = seen[ident].line
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


def _issues(w: Walker, node: Node | None) -> dict[str, Issue]:
    out: dict[str, Issue] = {}
    where_replaces: dict[str, tuple[str, Node]] = {}
    make = unchecked(Issue)
    for path, ident, f, item, before in _ids(w, node, "issues", "issue", _ISSUE_KEYS):
        values = w.values(ISSUE, f, path, skip=("id",))
        if len(w.problems) == before and isinstance(ident, str):
            out[ident] = make(id=ident, where=w.where(item), **values)
            if values["replaces"] is not None:
                where_replaces[ident] = (path, f["replaces"])
    for ident, message in replaces_problems({k: v.replaces for k, v in out.items()}):
        path, rnode = where_replaces[ident]
        w.at(rnode, f"{path} > replaces: {message}")
    return out


def _actors(w: Walker, node: Node | None) -> dict[str, Actor]:
    out: dict[str, Actor] = {}
    make = unchecked(Actor)
    spec = ACTOR["id"]
    for path, ident, f, item, before in _ids(w, node, "actors", "actor", _ACTOR_KEYS):
        why = spec.check(ident, "") if isinstance(ident, str) and spec.check else None
        if why is not None:
            w.at(f["id"], f"{path} > id: {why}")
        values = w.values(ACTOR, f, path, skip=("id",))
        if len(w.problems) == before and isinstance(ident, str):
            out[ident] = make(id=ident, where=w.where(item), **values)
    return out


def _sources(
    w: Walker,
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
    make_source = unchecked(Source)
    for path, ident, f, item, before in _ids(w, node, "sources", "source", _SOURCE_KEYS):
        values = w.values(SOURCE, f, path, skip=("id",))
        if len(w.problems) == before and isinstance(ident, str):
            values["file"] = values["file"] or None  # an empty file name: none
            sources[ident] = make_source(id=ident, where=w.where(item), **values)
        source = ident if isinstance(ident, str) else None
        stances = f.get("stances")
        if stances is not None:
            _codings(
                w, stances, f"{path} > stances", source, AUTHOR, scale, issues, coder, codings, seen
            )
        reports = f.get("reports")
        if reports is None or (isinstance(reports, Scalar) and reports.tag == NULL):
            continue
        if not isinstance(reports, Mapping):
            w.wrong(reports, f"{path} > reports", "a mapping of actor ids to lists of codings")
            continue
        for key, (knode, vnode) in mapping(reports, w.problems).items():
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
                    what = unknown("actor", key, known_actors)
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
    w: Walker,
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
    make = unchecked(Coding)
    issue_spec = CODING["issue"]
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
            if isinstance(inode, Scalar) and inode.tag == STR and inode.value in known:
                issue = inode.value
            else:
                issue = w.read(issue_spec, inode, f"{here} > issue")
            if isinstance(issue, str) and issue not in known:
                w.at(inode, f"{here} > issue: {unknown('issue', issue, known)}")
        stance: Any = None
        snode = f.get("stance")
        if snode is not None:
            if isinstance(snode, Scalar) and snode.tag == INT:
                stance = value(snode)
                why = check_stance(stance, Shown(describe, snode), lo, hi)
                if why is not None:
                    w.at(snode, f"{here} > stance: {why}")
            else:
                w.wrong(snode, f"{here} > stance", f"an integer from {lo} to {hi}")
        qnode = f.get("quote")
        empty = isinstance(qnode, Scalar) and qnode.tag == NULL
        if w.quote_optional and (qnode is None or empty):
            quote: Any = ""  # no quote given: allowed by evidence: optional
        else:
            quote = w.text(qnode, f"{here} > quote", required=True)
            if empty:
                w.problems[-1] = attrs.evolve(
                    w.problems[-1],
                    message=w.problems[-1].message + "; give the verbatim evidence, or declare "
                    "'evidence: optional' for positions recorded without a quote",
                )
        rest = w.values(CODING, f, here, skip=_CODING_OWN)
        if "coder" not in f:
            rest["coder"] = default_coder
        red_line = rest["red_line"]
        if red_line is True and isinstance(stance, int) and stance == scale.midpoint:
            w.at(f["red_line"], f"{here} > red_line: {red_line_message(stance)}")
        if len(problems) != before or source is None or holder is None:
            continue
        made = make(
            source,
            holder,
            issue,
            stance,
            quote,
            where=w.where(item),
            quote_where=w.where(qnode) if qnode is not None else None,
            **rest,
        )
        key = made.key
        first = seen.get(key)
        if first is not None:
            line = first.where.line if first.where is not None else 0
            unit = "row" if first.where is not None and first.where.sheet else "line"
            w.at(
                item,
                f"{here}: {coded_twice(issue, source, holder, made.coder, f'{unit} {line}')}",
            )
            continue
        seen[key] = made
        out.append(made)
