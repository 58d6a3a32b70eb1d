"""posmatrix.format: one spec drives the YAML reader, the table reader, the model and the
JSON Schema. The same mistake gets the same message from both readers; validation is
never global state."""

from __future__ import annotations

import contextlib
import re
import sys
import threading
from typing import Any

import attrs
import pandas as pd
import pytest

from posmatrix import from_frame, loads
from posmatrix.errors import DatasetError
from posmatrix.format import ACTOR, CODING, DATASET, ISSUE, SCALE, SOURCE, describe_value
from posmatrix.format.jsonschema import generate
from posmatrix.model import Actor, Coding, Dataset, Issue, Scale, Source, unchecked

YAML = """\
format: posmatrix/1
title: T
issues:
  - {{id: i1, proposition: P.}}
  - {{id: i2, proposition: Q.}}
actors:
  - {{id: russia, name: Russia}}
sources:
  - id: s1
    title: S
    reports:
      russia:
        - {{issue: i1, stance: 1, quote: Q}}
        - {{{field}: {yaml}, {rest}}}
"""

BASE = {"issue": "i2", "stance": "1", "quote": "Q"}


def _table(field: str, cell: str) -> pd.DataFrame:
    row = {"source": "s1", "holder": "russia", **BASE, field: cell}
    first = {"source": "s1", "holder": "russia", "issue": "i1", "stance": "1", "quote": "Q"}
    columns = ["source", "holder", "issue", "stance", "quote"]
    columns += [field] if field not in columns else []
    return pd.DataFrame([first, row], columns=columns).fillna("")


# (field, as written in YAML, the CSV cell, the message both give after the path)
MISTAKES = [
    ("stance", "7", "7", "stance: expected an integer from -2 to 2, got the integer 7"),
    ("stance", "two", "two", "stance: expected an integer from -2 to 2, got the text 'two'"),
    ("quote", "'   '", "   ", "quote: expected non-empty text, got the text '   '"),
    (
        "confidence",
        "sure",
        "sure",
        "confidence: expected one of high, medium, low, got the text 'sure'",
    ),
    (
        "confidence",
        "hihg",
        "hihg",
        "confidence: expected one of high, medium, low, got the text 'hihg'; did you mean 'high'?",
    ),
    ("adjudicated", "maybe", "maybe", "adjudicated: expected true or false, got the text 'maybe'"),
    # a cell of spaces is a value (only an empty cell is an absent key): refused as in YAML
    (
        "coder",
        "'  '",
        "  ",
        "coder: expected non-empty text (or leave the key out), got the text '  '",
    ),
    ("red_line", "maybe", "maybe", "red_line: expected true or false, got the text 'maybe'"),
    (
        "issue",
        "'two words'",
        "two words",
        "issue: expected an id (1-80 characters, no spaces, no '/'), got the text 'two words'; "
        "use e.g. 'two-words'",
    ),
    (
        "issue",
        "i3",
        "i3",
        "issue: unknown issue 'i3'; known issues: i1, i2",
    ),
    (
        "note",
        '"\\e[31m"',
        "\x1b[31m",
        "note: the text holds character U+001B (escape) at position 1, which no text may hold "
        "(it would act on a terminal when shown); remove it",
    ),
    (
        "issue",
        "i1",
        "i1",
        "issue 'i1' is coded twice for source 's1', holder 'russia' (first at line 13); keep "
        "one coding, or give each its own coder",
    ),
]


def _yaml_message(field: str, written: str) -> str:
    rest = ", ".join(f"{k}: {v}" for k, v in BASE.items() if k != field)
    with pytest.raises(DatasetError) as info:
        loads(YAML.format(field=field, yaml=written, rest=rest), "f.yaml")
    return info.value.problems[0].message


def _table_message(field: str, cell: str) -> tuple[str, int]:
    with pytest.raises(DatasetError) as info:
        from_frame(
            _table(field, cell),
            issues=[Issue("i1", "P."), Issue("i2", "Q.")],
            sources=[Source("s1", "S")],
            actors=[Actor("russia", "Russia")],
            scale=Scale(),
        )
    first = info.value.problems[0]
    return first.message, first.column


@pytest.mark.parametrize(("field", "written", "cell", "message"), MISTAKES)
def test_both_readers_word_a_mistake_alike(
    field: str, written: str, cell: str, message: str
) -> None:
    got_yaml = _yaml_message(field, written)
    got_table, column = _table_message(field, cell)
    # the YAML names the item's path first; the table's row and column stand for it
    path = "sources[1] 's1' > reports > russia[2]"
    separator = ": " if "coded twice" in message else " > "
    assert got_yaml == f"{path}{separator}{message}"
    if "coded twice" in message:
        # the first coding is row 2 of the table, line 13 of the YAML
        message = message.replace("line 13", "line 2")
    assert got_table == message
    columns = list(_table(field, cell).columns)
    assert column == columns.index(field) + 1  # located at the field's own column


def test_model_fields_are_the_spec_entries() -> None:
    # the model declares each spec entry as an attribute (plus its locations), nothing else
    located = {"where", "quote_where", "path", "scale", "issues", "actors", "sources", "codings"}
    for cls, entity in (
        (Issue, ISSUE),
        (Actor, ACTOR),
        (Source, SOURCE),
        (Coding, CODING),
        (Scale, SCALE),
        (Dataset, DATASET),
    ):
        names = {f.name for f in attrs.fields(cls)} - located
        spec = {f.key for f in entity if f.kind != "structure" or f.key == "labels"}
        spec -= {"format", "codings"} if entity is DATASET else set()
        assert names == spec, cls.__name__


def test_model_validator_messages_are_the_spec_messages() -> None:
    cases = [
        (lambda: Issue("i", "p", weight=-5), "weight", ISSUE["weight"].message(-5)),
        (
            lambda: Source("s", "t", published="2025-13-45"),
            "published",
            SOURCE["published"].message("2025-13-45"),
        ),
        (
            lambda: Coding("s", "author", "i", 1, "q", confidence="x"),  # type: ignore[arg-type]
            "confidence",
            CODING["confidence"].message("x"),
        ),
    ]
    for make, key, message in cases:
        with pytest.raises(ValueError, match=f"^{key}: ") as info:
            make()
        assert str(info.value) == f"{key}: {message}"
    assert describe_value(-5) == "the integer -5"


def test_unchecked_constructor_takes_positions_and_keywords() -> None:
    made = unchecked(Coding)("s", "author", "i", 9, "", red_line=True)
    assert (made.stance, made.red_line, made.confidence, made.coder) == (9, True, "high", None)
    assert unchecked(Coding) is unchecked(Coding)  # generated once per class


def test_schema_requires_what_the_spec_requires() -> None:
    schema = generate()
    assert schema["required"] == [f.key for f in DATASET if f.required]
    issue = schema["properties"]["issues"]["items"]
    assert issue["required"] == ["id", "proposition"]
    assert set(issue["properties"]) == {f.key for f in ISSUE}
    coding = schema["definitions"]["coding"]
    assert set(coding["properties"]) == {f.key for f in CODING if f.yaml}


# -- validation is never global state -------------------------------------------------------


def test_invalid_objects_and_frames_are_refused_while_a_large_table_loads() -> None:
    big = pd.DataFrame(
        {
            "source": [f"s{k % 50}" for k in range(40_000)],
            "holder": "author",
            "issue": [f"i{k // 50}" for k in range(40_000)],
            "stance": [k % 5 - 2 for k in range(40_000)],
            "quote": "q",
        }
    )
    bad_frames = [
        big.head(3).assign(stance=[1, 2, 9]),
        big.head(3).assign(issue=["i0", "two words", "i2"]),
        big.head(3).assign(quote=["q", "", "q"]),
    ]
    loaded: list[int] = []
    errors: list[BaseException] = []
    accepted: list[object] = []
    stop = threading.Event()

    def load_big() -> None:
        try:
            for _ in range(3):
                loaded.append(len(from_frame(big).codings))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            stop.set()

    def make_invalid() -> None:
        while not stop.is_set():
            for make in (
                lambda: Issue("i", "p", weight=-5),
                lambda: Source("s", "t", published="2025-13-45"),
                lambda: Coding("s", "author", "i", 1.5, "q"),  # type: ignore[arg-type]
                lambda: Actor("author", "A"),
            ):
                with contextlib.suppress(TypeError, ValueError):
                    accepted.append(make())

    def load_invalid() -> None:
        while not stop.is_set():
            for frame in bad_frames:
                with contextlib.suppress(DatasetError):
                    accepted.append(from_frame(frame))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    threads = [threading.Thread(target=f) for f in (load_big, make_invalid, load_invalid)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert loaded == [40_000] * 3
    assert accepted == []


# -- a field added by one spec entry: Source.label --------------------------------------

LABELLED = """\
format: posmatrix/1
title: T
issues: [{{id: i1, proposition: P.}}]
sources:
  - id: s1
    title: A long title of an article
    label: {label}
    stances: [{{issue: i1, stance: 1, quote: Q}}]
"""


def _sources_frame(label: object) -> pd.DataFrame:
    return pd.DataFrame({"id": ["s1"], "title": ["A long title of an article"], "label": [label]})


def _codings_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"source": ["s1"], "holder": ["author"], "issue": ["i1"], "stance": [1], "quote": ["Q"]}
    )


def test_source_label_is_known_to_every_reader_the_model_and_the_schema(tmp_path: Any) -> None:
    from posmatrix.codingbook import read_coding_workbook, write_coding_workbook

    ds = loads(LABELLED.format(label="FAZ"), "f.yaml")
    assert ds.sources["s1"].label == "FAZ"
    table = from_frame(_codings_frame(), sources=_sources_frame("FAZ"))
    assert table.sources["s1"].label == "FAZ"
    assert from_frame(_codings_frame(), sources=_sources_frame("")).sources["s1"].label is None
    assert Source("s", "t").label is None
    assert Source("s", "t", label="L").label == "L"
    book = tmp_path / "book.xlsx"
    write_coding_workbook(ds, book)
    assert read_coding_workbook(book).sources["s1"].label == "FAZ"
    source = generate()["properties"]["sources"]["items"]
    assert source["properties"]["label"] == {
        "type": ["string", "null"],
        "pattern": "\\S",
        "description": SOURCE["label"].description,
    }
    assert "label" not in source["required"]


@pytest.mark.parametrize(
    ("written", "cell", "message"),
    [
        ("'  '", "  ", "label: expected a short non-empty text (or leave it out)"),
        ("3", 3, "label: expected text, got the integer 3"),
    ],
)
def test_a_bad_source_label_reads_alike_in_yaml_tables_and_the_model(
    written: str, cell: object, message: str
) -> None:
    with pytest.raises(DatasetError) as info:
        loads(LABELLED.format(label=written), "f.yaml")
    got = info.value.problems[0]
    assert (got.line, got.column) == (7, 12)
    assert got.message.startswith(f"sources[1] 's1' > {message}")  # YAML adds a fix for 3
    with pytest.raises(DatasetError) as info:
        from_frame(_codings_frame(), sources=_sources_frame(cell))
    located = [p for p in info.value.problems if p.file == "<sources>"]
    assert [(p.line, p.column, p.message) for p in located] == [(2, 3, message)]
    with pytest.raises((ValueError, TypeError), match=re.escape(message)):
        Source("s1", "t", label=cell)  # type: ignore[arg-type]
