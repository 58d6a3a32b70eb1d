"""posmatrix.format.nodes: the YAML reader's own node model, and its one boundary with
PyYAML (posmatrix/yamlsafe/composer.py, composing our nodes from PyYAML's events)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from posmatrix.errors import Location
from posmatrix.format.nodes import INT, NULL, STR, Mapping, Node, Scalar, Sequence, kind
from posmatrix.format.spec import CODING, ISSUE
from posmatrix.format.yamlwalk import BAD, Walker
from posmatrix.yamlsafe import compose

PACKAGE = Path(__file__).resolve().parent.parent / "posmatrix"
# PyYAML's node classes and its node module; its marks (of nodes, events and errors)
_NODE_CLASSES = re.compile(r"\b(ScalarNode|MappingNode|SequenceNode|CollectionNode)\b|yaml\.nodes")
_MARKS = re.compile(r"\b(start_mark|end_mark)\b|yaml\.error")
_IMPORTS_YAML = re.compile(r"^\s*(import yaml\b|from yaml\b)", re.MULTILINE)


def _source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_reader_names_no_pyyaml_node_class() -> None:
    """format/, the model, loading and the workbook reader read our nodes only."""
    readers = [
        *sorted((PACKAGE / "format").glob("*.py")),
        *sorted((PACKAGE / "codingbook").glob("*.py")),
        PACKAGE / "loading.py",
        PACKAGE / "model.py",
        PACKAGE / "modelfields.py",
    ]
    assert len(readers) > 10
    offenders = {
        p.relative_to(PACKAGE).as_posix(): sorted(
            {m.group(0) for m in _NODE_CLASSES.finditer(_source(p))}
            | {m.group(0) for m in _MARKS.finditer(_source(p))}
            | ({"import yaml"} if _IMPORTS_YAML.search(_source(p)) else set())
        )
        for p in readers
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_nothing_in_the_package_names_pyyaml_nodes() -> None:
    """No PyYAML node is built or read anywhere: our nodes are composed from PyYAML's
    events, in one module (the guard also reads events, before anything is composed)."""
    naming = sorted(
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if _NODE_CLASSES.search(_source(p))
    )
    assert naming == []
    events = sorted(
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if re.search(r"\bScalarEvent\b", _source(p))
    )
    assert events == ["yamlsafe/composer.py", "yamlsafe/guard.py"]


def _all_nodes(node: Node) -> list[Node]:
    out: list[Node] = [node]
    if isinstance(node, Mapping):
        for k, v in node.pairs:
            out += _all_nodes(k) + _all_nodes(v)
    elif isinstance(node, Sequence):
        for item in node.items:
            out += _all_nodes(item)
    return out


def test_compose_gives_our_nodes_only_located_from_one() -> None:
    text = "a: [1, 'x']\nb:\n  c: ~\n  \"d\": |\n    long\n"
    root = compose(text, "f.yaml")
    assert isinstance(root, Mapping)
    nodes = _all_nodes(root)
    assert {type(n) for n in nodes} == {Scalar, Mapping, Sequence}
    assert all(n.file == "f.yaml" and n.sheet is None for n in nodes)
    scalars = [(n.tag, n.value, n.line, n.column, n.plain) for n in nodes if isinstance(n, Scalar)]
    # worked out by hand: line and column of each scalar's first character (quote included)
    assert scalars == [
        (STR, "a", 1, 1, True),
        (INT, "1", 1, 5, True),
        (STR, "x", 1, 8, False),
        (STR, "b", 2, 1, True),
        (STR, "c", 3, 3, True),
        (NULL, "~", 3, 6, True),
        (STR, "d", 4, 3, False),
        (STR, "long\n", 4, 8, False),
    ]
    inner = root.pairs[1][1]
    assert isinstance(inner, Mapping)
    assert (inner.line, inner.column) == (3, 3)
    assert kind(root) == "mapping"
    assert kind(root.pairs[0][1]) == "sequence"


def test_nodes_are_frozen() -> None:
    s = Scalar(STR, "x", "f.yaml", 1, 1)
    with pytest.raises(AttributeError):
        s.value = "y"  # type: ignore[misc]
    m = Mapping(((s, s),), "f.yaml", 1, 1)
    with pytest.raises(AttributeError):
        m.pairs = ()  # type: ignore[misc]


@pytest.mark.parametrize(
    ("node", "where"),
    [
        (Scalar(STR, "x", "f.yaml", 3, 7), "f.yaml:3:7"),
        (Sequence((), "f.yaml", 9, 1), "f.yaml:9:1"),
        (Scalar(STR, "x", "book.xlsx", 12, 4, sheet="Codings"), "book.xlsx:Codings!D12"),
        (Mapping((), "book.xlsx", 2, 1, "Sources"), "book.xlsx:Sources!A2"),
    ],
)
def test_a_node_knows_where_it_starts(node: Node, where: str) -> None:
    assert isinstance(node.start, Location)
    assert str(node.start) == where


def _walk(spec_node: Node, field: Any = CODING["stance"]) -> tuple[Any, list[str]]:
    w = Walker("book.xlsx")
    got = w.read(field, spec_node, "stance")
    return got, [str(p) for p in w.problems]


def test_the_walker_reads_hand_built_nodes_as_the_workbook_builds_them() -> None:
    cell = Scalar(STR, "two", "book.xlsx", 5, 4, "Codings", plain=False)
    got, problems = _walk(cell)
    assert got is BAD
    assert problems == ["book.xlsx:Codings!D5: stance: expected an integer, got the text 'two'"]
    assert _walk(Scalar(INT, "2", "book.xlsx", 5, 4, "Codings")) == (2, [])
    # a list where a value belongs: located at the list, in the YAML's wording
    listed = Sequence((cell,), "f.yaml", 2, 9)
    assert _walk(listed, ISSUE["label"])[1] == [
        "book.xlsx:2:9: stance: expected text, got a list; if the text holds ': ' or starts "
        "with '[' or '{', quote it"
    ]


def test_duplicate_keys_of_hand_built_mappings_are_located_at_the_key() -> None:
    w = Walker("book.xlsx")
    key1 = Scalar(STR, "id", "book.xlsx", 2, 1, "Sources")
    key2 = Scalar(STR, "id", "book.xlsx", 2, 3, "Sources")
    value = Scalar(STR, "s1", "book.xlsx", 2, 2, "Sources")
    row = Mapping(((key1, value), (key2, value)), "book.xlsx", 2, 1, "Sources")
    assert w.fields(row, "sources[1]", {"id": "the source's id"}) == {"id": value}
    assert [str(p) for p in w.problems] == [
        "book.xlsx:Sources!C2: duplicate key 'id' (first at line 2); YAML keeps only the "
        "last one, so remove one"
    ]


def test_both_parsers_compose_the_same_tree() -> None:
    """libyaml's parser and PyYAML's pure-Python one (used where libyaml is missing)
    give the same events, so the same nodes, marks included."""
    from posmatrix.yamlsafe.composer import compose_nodes
    from posmatrix.yamlsafe.resolver import _Loader, _PureLoader

    text = "a: [1, 'x', ~]\nb:\n  - {c: true, d: 2.5}\n  - >\n    folded\ne: \"q\"\n"
    fast, pure = _Loader(text), _PureLoader(text)
    try:
        assert compose_nodes(fast, "f.yaml") == compose_nodes(pure, "f.yaml")
    finally:
        fast.dispose()
        pure.dispose()


def test_a_second_document_is_refused_at_its_start() -> None:
    from posmatrix.errors import DatasetError

    with pytest.raises(DatasetError) as info:
        compose("a: 1\n---\nb: 2\n", "f.yaml")
    first = info.value.problems[0]
    assert (first.line, first.column) == (2, 1)
    assert "expected a single document in the stream" in first.message
