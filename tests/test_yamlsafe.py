"""posmatrix.yamlsafe: YAML 1.2 core scalars, byte and character checks, depth,
anchors, aliases, tags, duplicate keys and syntax errors, each located."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml
from _yamldata import to_python
from hypothesis import given, settings
from hypothesis import strategies as st

from posmatrix import yamlsafe
from posmatrix.errors import DatasetError, Problem
from posmatrix.format.nodes import Mapping
from posmatrix.yamlsafe import (
    check_tree,
    compose,
    decode,
    describe,
    mapping,
    show,
    value,
)


def first_problem(data: str | bytes, **kwargs: Any) -> str:
    with pytest.raises(DatasetError) as info:
        compose(data, "f.yaml", **kwargs)
    return str(info.value.problems[0])


def scalar(text: str) -> Any:
    node = compose(f"v: {text}\n")
    assert node is not None
    assert isinstance(node, Mapping)
    return value(node.pairs[0][1])  # type: ignore[arg-type]


# -- YAML 1.2 core schema ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("Yes", "Yes"),
        ("y", "y"),
        ("2025-08-18", "2025-08-18"),
        ("2025-08", "2025-08"),
        ("12:30:00", "12:30:00"),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("010", 10),
        ("-7", -7),
        ("+3", 3),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("-1.", -1.0),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("~", None),
        ("null", None),
        ("", None),
        ("'true'", "true"),
        ('"42"', "42"),
        ("1.2.3", "1.2.3"),
        ("-x", "-x"),
        ("+", "+"),
    ],
)
def test_plain_scalars_follow_yaml_1_2_core(text: str, expected: Any) -> None:
    got = scalar(text)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(("text", "sign"), [(".inf", 1), ("-.Inf", -1), ("+.INF", 1)])
def test_infinities(text: str, sign: int) -> None:
    assert scalar(text) == sign * math.inf


def test_nan() -> None:
    assert math.isnan(scalar(".nan"))


def test_integers_too_long_for_python_become_infinite() -> None:
    assert scalar("9" * 5000) == math.inf
    assert scalar("-" + "9" * 5000) == -math.inf
    assert scalar("9" * 50) == int("9" * 50)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("abc", "the text 'abc'"),
        ("3", "the integer 3"),
        ("2.5", "the number 2.5"),
        (".nan", "the number .nan"),
        ("true", "the boolean true"),
        ("~", "an empty value"),
        ("[1]", "a list"),
        ("{a: 1}", "a mapping"),
    ],
)
def test_describe(text: str, words: str) -> None:
    node = compose(f"v: {text}\n")
    assert node is not None
    assert isinstance(node, Mapping)
    assert describe(node.pairs[0][1]) == words


def test_show_shortens_long_text() -> None:
    assert show("abc") == "'abc'"
    assert show("x" * 61) == "'" + "x" * 58 + "…' (61 characters)"
    assert show(list(range(100)), limit=10) == "[0, 1, 2,…"


def test_to_python() -> None:
    assert to_python(compose("a: [1, yes, {b: ~}]\n")) == {"a": [1, "yes", {"b": None}]}
    assert to_python(None) is None


# -- bytes and characters ---------------------------------------------------------------


def test_bom_is_stripped() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\n") == "a: 1\n"
    assert decode("\ufeffa: 1\n") == "a: 1\n"


def test_not_utf8_is_located_by_line_and_column() -> None:
    data = "a: 1\nb: Ünïcode fine\nc: caf".encode() + b"\xe9\n"
    assert first_problem(data) == (
        "f.yaml:3:7: the file is not UTF-8: byte 0xe9 at offset 29 cannot be decoded; save the "
        "file as UTF-8 (it may be Latin-1/Windows-1252, or binary)"
    )


def test_utf16_is_named() -> None:
    assert first_problem("a: 1\n".encode("utf-16")) == (
        "f.yaml:1:1: the file is UTF-16 (it starts with a UTF-16 BOM); save it as UTF-8"
    )


def test_lone_surrogate_in_text_is_refused() -> None:
    assert first_problem("a: 1\nb: \udc80\n") == (
        "f.yaml:2:4: the text holds a lone surrogate character; remove it"
    )


@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\x00", "NUL"),
        ("\x07", "BEL"),
        ("\x1b", "escape"),
        ("\x7f", "DEL"),
        ("\x9b", "a control character"),
        ("\ufffe", "a non-character"),
    ],
)
def test_control_characters_are_located(char: str, what: str) -> None:
    code = ord(char)
    assert first_problem(f"a: 1\nb: x{char}y\n") == (
        f"f.yaml:2:5: character U+{code:04X} ({what}) is not allowed in a dataset; remove it "
        "(is this a binary file, or a bad copy-paste?)"
    )


def test_many_control_characters_are_capped() -> None:
    with pytest.raises(DatasetError) as info:
        compose("a: " + "\x01" * 100 + "\n", "f")
    problems = info.value.problems
    assert len(problems) == 21
    assert problems[-1].message == "... and 80 more such characters after this"


@pytest.mark.parametrize("text", ["a:\tb\n", "a: b\r\nc: d\r\n", 'a: "tab\\there"\n'])
def test_tabs_inside_values_and_crlf_are_fine(text: str) -> None:
    assert compose(text) is not None


def test_size_limit() -> None:
    assert first_problem(b"a: 1\n" * 10, max_bytes=49) == (
        "f.yaml:1:1: the file is 50 bytes, over the limit of 49 bytes; split it, or raise the "
        "limit (max_bytes=..., or --max-bytes)"
    )
    assert compose(b"a: 1\n" * 10, max_bytes=50) is not None
    # text is measured in UTF-8 bytes, not characters
    assert "14 bytes" in first_problem("a: ÄÄÄÄÄ\n", max_bytes=11)


# -- structure ---------------------------------------------------------------------------


def _nested(depth: int) -> str:
    return "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"


def test_depth_limit_is_exact() -> None:
    assert compose(_nested(100)) is not None
    assert first_problem(_nested(101)) == (
        "f.yaml:1:103: lists and mappings are nested more than 100 levels deep here; "
        "a dataset needs 6 (is this file generated?)"
    )
    assert compose(_nested(8), max_depth=8) is not None
    assert "more than 7 levels" in first_problem(_nested(8), max_depth=7)


def _depth(node: Any) -> int:
    """Naive recursive depth of a composed tree (scalars count 0)."""
    if isinstance(node, yaml.MappingNode):
        return 1 + max([0, *(max(_depth(k), _depth(v)) for k, v in node.value)])
    if isinstance(node, yaml.SequenceNode):
        return 1 + max([0, *(_depth(item) for item in node.value)])
    return 0


trees = st.recursive(
    st.integers(0, 9) | st.text("ab -:", max_size=3),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text("abc", min_size=1, max_size=2), children, max_size=3)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(
    tree=trees,
    flow=st.sampled_from([None, True, False]),
    indent=st.integers(2, 5),
    limit=st.integers(1, 8),
)
def test_cheap_depth_scan_never_misses_deep_nesting(
    tree: Any, flow: bool | None, indent: int, limit: int
) -> None:
    text = yaml.safe_dump({"top": tree}, default_flow_style=flow, indent=indent)
    depth = _depth(yaml.compose(text))
    if depth > limit:
        assert yamlsafe._may_need_event_scan(text, limit) == (True, True)
        with pytest.raises(DatasetError, match="nested more than"):
            compose(text, max_depth=limit)
    else:
        assert compose(text, max_depth=limit) is not None


def test_ordinary_files_skip_the_event_scan() -> None:
    text = "a: 1\nb:\n  - c: R & D, 5 * 3, wow!\n    d: [x, y]\n"
    assert yamlsafe._may_need_event_scan(text, 100) == (False, False)


def test_anchors_alone_scan_through_libyaml_not_the_pure_parser() -> None:
    assert yamlsafe._may_need_event_scan("a: &x 1\nb: *x\n", 100) == (True, False)


# PyYAML's pure parser takes seconds for a thousand flow levels: the limit past
# libyaml's own runs with the slow tests
@pytest.mark.parametrize("limit", [1, 100, pytest.param(1001, marks=pytest.mark.slow)])
def test_deep_flow_nesting_is_refused_by_the_guard_not_by_libyaml(limit: int) -> None:
    # libyaml 0.2.6 (PyYAML 6.0.4) stops at its 1,000th flow level with its own words,
    # scanning up to 1,024 characters ahead; the guard must speak first at any limit
    # below that and at the limits around it.
    text = "k: " + "[" * 2_000 + "]" * 2_000 + "\n"
    with pytest.raises(DatasetError) as info:
        compose(text, max_depth=limit)
    problem = info.value.problems[0]
    assert problem.message.startswith(f"lists and mappings are nested more than {limit} ")
    # the top mapping is level 1, so the (max_depth)th '[' opens level max_depth + 1
    assert (problem.line, problem.column) == (1, len("k: ") + limit)


TAGGED = (
    " is not allowed: YAML tags are never executed or honoured; remove it (quote the value "
    "if it is text)"
)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "a: &x 1\n",
            "1:4: anchor &x is not allowed: a dataset needs no anchors or aliases; remove it",
        ),
        (
            "a: 1\nb: *x\n",
            "2:4: alias *x is not allowed: a dataset needs no anchors or aliases (they enable "
            "alias bombs); write the value out",
        ),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            "1:4: tag '!!python/object/apply:os.system'" + TAGGED,
        ),
        (
            "a: !!str 1\n",
            "1:4: tag '!!str'" + TAGGED,
        ),
        (
            "a: !local x\n",
            "1:4: tag '!local'" + TAGGED,
        ),
        (
            "- !!map {a: 1}\n",
            "1:3: tag '!!map'" + TAGGED,
        ),
    ],
)
def test_anchors_aliases_and_tags_are_refused(text: str, first: str) -> None:
    assert first_problem(text) == f"f.yaml:{first}"


def test_an_alias_in_the_middle_of_text_is_just_text() -> None:
    node = compose('a: "say *this* & that!"\nb: 5 * 3\n')
    assert to_python(node) == {"a": "say *this* & that!", "b": "5 * 3"}


def test_duplicate_and_merge_keys() -> None:
    problems: list[Problem] = []
    node = compose("a: 1\nb: 2\na: 3\n<<: {c: 1}\n'<<': 4\n", "f")
    assert isinstance(node, Mapping)
    pairs = mapping(node, problems)
    assert sorted(pairs) == ["<<", "a", "b"]
    assert to_python(pairs["a"][1]) == 1  # the first one is kept
    assert to_python(pairs["<<"][1]) == 4  # a quoted '<<' is an ordinary key
    assert [str(p) for p in problems] == [
        "f:3:1: duplicate key 'a' (first at line 1); YAML keeps only the last one, so remove one",
        "f:4:1: merge key '<<' is not allowed: a dataset needs no anchors, aliases or merges; "
        "write the keys out",
    ]


def test_duplicate_keys_compare_values() -> None:
    problems: list[Problem] = []
    node = compose("1: a\n01: b\n", "f")
    assert isinstance(node, Mapping)
    mapping(node, problems)
    assert [str(p) for p in problems] == [
        "f:2:1: duplicate key 1 (first at line 1); YAML keeps only the last one, so remove one"
    ]


def test_check_tree_finds_duplicates_anywhere() -> None:
    problems: list[Problem] = []
    node = compose("x:\n  - y: {k: 1, k: 2}\n  - [{z: 1}, {z: 2, z: 3}]\n", "f")
    assert node is not None
    check_tree(node, problems)
    assert sorted((p.line, p.column) for p in problems) == [(2, 15), (3, 21)]


def test_complex_keys_are_refused() -> None:
    problems: list[Problem] = []
    node = compose("? [a, b]\n: 1\n", "f")
    assert isinstance(node, Mapping)
    assert mapping(node, problems) == {}
    assert problems[0].message.startswith("a key must be plain text, got a list")


def test_empty_documents_compose_to_none() -> None:
    assert compose("") is None
    assert compose("# only a comment\n") is None


# -- syntax errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "a:\n\tb: 1\n",
            "2:1: YAML syntax error: while scanning for the next token; found character that "
            "cannot start any token (a tab character: YAML indents with spaces only; replace the "
            "tab with spaces)",
        ),
        (
            "a: b: c\n",
            "1:5: YAML syntax error: mapping values are not allowed in this context (an unquoted "
            "value holds ': ' (or the indentation is off); put the value in double quotes)",
        ),
        (
            'a: "open\nb: 1\nc: "x"\n',
            "1:4: YAML syntax error: a double quote opened on this line is not closed (the parser "
            "stopped at line 3: while parsing a block mapping; did not find expected key); close "
            'the quote, and write \\" for a quote mark inside it',
        ),
        (
            "a: 1\n---\nb: 2\n",
            "2:1: YAML syntax error: expected a single document in the stream; but found another "
            "document (the file holds more than one YAML document (a '---' line in the middle?); "
            "keep one)",
        ),
        (
            "a: [1, 2\n",
            "2:1: YAML syntax error: while parsing a flow sequence; did not find expected ',' or "
            "']' (in the sequence that starts at line 1)",
        ),
        (
            "a: @home\n",
            "1:4: YAML syntax error: while scanning for the next token; found character that "
            "cannot start any token (a value may not start with this character unless quoted "
            "(` @ and % are reserved); put it in double quotes)",
        ),
    ],
)
def test_syntax_errors_in_plain_words(text: str, first: str) -> None:
    assert first_problem(text) == f"f.yaml:{first}"


@pytest.mark.parametrize(
    ("char", "what"),
    [("\x85", "next line, NEL"), ("\u2028", "line separator"), ("\u2029", "paragraph separator")],
)
def test_line_separators_editors_do_not_count_are_refused(char: str, what: str) -> None:
    # libyaml would count them as line breaks and shift every later line number
    assert first_problem(f"a: 1\nb: x{char}y\n") == (
        f"f.yaml:2:5: character U+{ord(char):04X} ({what}) is not allowed in a dataset; "
        "replace it with a space or a line break"
    )


def test_bidi_marks_are_text() -> None:
    assert to_python(compose("a: \u202eabc \u200f x\n")) == {"a": "\u202eabc \u200f x"}


@pytest.mark.parametrize(
    ("text", "where"),
    [("a: [", "1:5"), ("a: [\n", "2:1"), ("a: 1\nb: {c", "2:6")],
)
def test_end_of_stream_errors_stay_inside_the_file(text: str, where: str) -> None:
    assert first_problem(text).startswith(f"f.yaml:{where}: YAML syntax error: ")


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ("a: 1\rb: \x01\n", "2:4"),
        (b"a: 1\rb: \xe9\n", "2:4"),
        ("a: 1\r\nb: \x01\r\n", "2:4"),
        ("a: [\r", "2:1"),
    ],
)
def test_a_lone_carriage_return_ends_a_line_everywhere(data: str | bytes, where: str) -> None:
    assert first_problem(data).startswith(f"f.yaml:{where}: ")
