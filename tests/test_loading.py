"""posmatrix.loading: the model built from a file, every rejection with its message and
location, all problems in one pass, and the entry points (load, loads, example, load_arg)."""

from __future__ import annotations

import io
import os
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from _yamldata import to_python

import posmatrix
from posmatrix import loading
from posmatrix.errors import DatasetError, Location, PosmatrixError, UsageError
from posmatrix.loading import example, load, load_arg, loads
from posmatrix.model import Dataset, Scale
from posmatrix.yamlsafe import compose

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "positions.yaml"

FULL = """\
format: posmatrix/1
title: Full example
description: Every optional key.
version: "2025.10"
citation: Cite me.
coder: pm
scale:
  min: -1
  max: 1
  labels:
    -1: against
    0: mixed
    1: for
issues:
  - id: ceasefire-first
    proposition: A ceasefire should come first.
    group: sequencing
    weight: 2.5
    description: Before any political settlement.
  - id: nato-ruled-out
    proposition: NATO membership should be ruled out.
actors:
  - id: russia
    name: Russian government
    kind: state
  - id: united-states
    name: United States
sources:
  - id: art-1
    title: An article
    subtitle: Its subtitle
    section: Analysis
    outlet: The Outlet
    author: A. Writer
    published: 2025-08
    url: https://example.invalid/a
    file: texts/art-1.txt
    notes: Dated from the text.
    stances:
      - issue: ceasefire-first
        stance: -1
        quote: "No ceasefire before talks."
        confidence: medium
        note: Opposes sequencing.
      - issue: ceasefire-first
        stance: 0
        quote: "Mixed."
        coder: ab
        adjudicated: true
    reports:
      russia:
        - issue: nato-ruled-out
          stance: 1
          quote: "Moscow insists on neutrality."
      united-states:
        - {issue: ceasefire-first, stance: 1, quote: "Washington wants a ceasefire."}
  - id: art-2
    title: Another
    published: 2025
"""


def problems_of(text: str, name: str = "f.yaml") -> list[str]:
    with pytest.raises(DatasetError) as info:
        loads(text, name)
    return [str(p) for p in info.value.problems]


def test_full_dataset_builds_the_model() -> None:
    ds = loads(FULL, "full.yaml")
    assert ds.path == "full.yaml"
    assert (ds.title, ds.description, ds.version, ds.citation, ds.coder) == (
        "Full example",
        "Every optional key.",
        "2025.10",
        "Cite me.",
        "pm",
    )
    assert ds.scale == Scale(min=-1, max=1, labels=("against", "mixed", "for"))
    assert list(ds.issues) == ["ceasefire-first", "nato-ruled-out"]
    issue = ds.issues["ceasefire-first"]
    assert (issue.group, issue.weight, issue.description) == (
        "sequencing",
        2.5,
        "Before any political settlement.",
    )
    assert ds.issues["nato-ruled-out"].weight == 1.0
    assert ds.issues["nato-ruled-out"].group is None
    assert [(a.id, a.name, a.kind) for a in ds.actors.values()] == [
        ("russia", "Russian government", "state"),
        ("united-states", "United States", None),
    ]
    src = ds.sources["art-1"]
    assert (src.subtitle, src.section, src.outlet, src.author) == (
        "Its subtitle",
        "Analysis",
        "The Outlet",
        "A. Writer",
    )
    assert (src.published, src.url, src.file, src.notes) == (
        "2025-08",
        "https://example.invalid/a",
        "texts/art-1.txt",
        "Dated from the text.",
    )
    assert ds.sources["art-2"].published == "2025"  # an unquoted year
    assert ds.sources["art-2"].subtitle == ""
    assert [
        (c.source, c.holder, c.issue, c.stance, c.confidence, c.coder, c.adjudicated, c.note)
        for c in ds.codings
    ] == [
        ("art-1", "author", "ceasefire-first", -1, "medium", "pm", False, "Opposes sequencing."),
        ("art-1", "author", "ceasefire-first", 0, "high", "ab", True, ""),
        ("art-1", "russia", "nato-ruled-out", 1, "high", "pm", False, ""),
        ("art-1", "united-states", "ceasefire-first", 1, "high", "pm", False, ""),
    ]


def test_codings_know_where_they_are() -> None:
    ds = loads(FULL, "full.yaml")
    first, _, reported, flow = ds.codings
    assert first.where == Location("full.yaml", 40, 9)
    assert first.quote_where == Location("full.yaml", 42, 16)
    assert reported.where == Location("full.yaml", 52, 11)
    assert flow.where == Location("full.yaml", 56, 11)
    # '        - {issue: ceasefire-first, stance: 1, quote: "…' : the quote opens at 54
    assert flow.quote_where == Location("full.yaml", 56, 54)
    assert ds.issues["nato-ruled-out"].where == Location("full.yaml", 20, 5)
    assert ds.sources["art-2"].where == Location("full.yaml", 57, 5)


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ("", ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10")),
        (
            "  labels: [" + ", ".join(f"p{i}" for i in range(11)) + "]\n",
            tuple(f"p{i}" for i in range(11)),
        ),
    ],
)
def test_other_scales(labels: str, expected: tuple[str, ...]) -> None:
    text = FULL.replace(
        "  min: -1\n  max: 1\n  labels:\n    -1: against\n    0: mixed\n    1: for\n",
        "  min: 0\n  max: 10\n" + labels,
    )
    text = text.replace("stance: -1", "stance: 10")
    ds = loads(text)
    assert (ds.scale.min, ds.scale.max, ds.scale.labels) == (0, 10, expected)
    assert ds.codings[0].stance == 10


def test_default_scale() -> None:
    text = FULL.split("scale:")[0] + "issues:" + FULL.split("\nissues:")[1]
    assert loads(text).scale == Scale()


def test_unicode_ids_names_and_quotes_load_unchanged() -> None:
    ids = {
        "ceasefire-first": "Київ",
        "nato-ruled-out": "السلام",
        "russia": "🇷🇺-gov",
        "united-states": "e\u0301tats",
    }
    text = FULL
    for old, new in ids.items():
        text = text.replace(old, new)
    text = text.replace("Moscow insists on neutrality.", "Москва наполягає 🕊 على الحياد")
    text = text.replace("Russian government", "Уряд Росії")
    ds = loads(text.encode("utf-8"))
    assert list(ds.issues) == ["Київ", "السلام"]
    # ids are read in NFC (issue 16, D9): the decomposed é of the file is one character
    assert list(ds.actors) == ["🇷🇺-gov", "\u00e9tats"]
    assert ds.actors["🇷🇺-gov"].name == "Уряд Росії"
    assert ds.codings[2].quote == "Москва наполягає 🕊 على الحياد"
    assert ds.codings[3].holder == "\u00e9tats"


# -- every rejection, with message and location --------------------------------------------

BASE = """\
format: posmatrix/1
title: T
issues:
  - {id: i1, proposition: P.}
actors:
  - {id: a1, name: A}
sources:
  - id: s1
    title: S
    stances:
      - {issue: i1, stance: 1, quote: Q}
"""


def test_base_is_valid() -> None:
    assert len(loads(BASE).codings) == 1


@pytest.mark.parametrize(
    ("old", "new", "first"),
    [
        ("title: T", "title: ''", "2:8: title: expected non-empty text, got the text ''"),
        ("title: T", "title:", "2:7: title: expected non-empty text, got an empty value"),
        (
            "title: T",
            "title: [T]",
            "2:8: title: expected text, got a list; if the text holds ': ' or starts with '[' or "
            "'{', quote it",
        ),
        (
            "title: T",
            "title: true",
            '2:8: title: expected text, got the boolean true; quote it: "true"',
        ),
        (
            "title: T",
            "title: T\ncoder: 7",
            '3:8: coder: expected text, got the integer 7; quote it: "7"',
        ),
        (
            "format: posmatrix/1",
            "format: 1",
            "1:9: format: expected 'posmatrix/1' (the only format this version reads), got the "
            "integer 1",
        ),
        (
            "issues:\n  - {id: i1, proposition: P.}",
            "issues:\n  - {id: i1, proposition: P., wieght: 2}",
            "4:31: issues[1] 'i1': unknown key 'wieght'; did you mean 'weight'?",
        ),
        (
            "issues:\n  - {id: i1, proposition: P.}",
            "issues:\n  - {id: i1, proposition: P., colour: red}",
            "4:31: issues[1] 'i1': unknown key 'colour'; allowed keys are: id, proposition, "
            "group, weight, description, label, replaces, inverted",
        ),
        (
            "{id: i1, proposition: P.}",
            "{id: i1, proposition: P., weight: .inf}",
            "4:39: issues[1] 'i1' > weight: expected a finite number >= 0 (default 1), got the "
            "number .inf",
        ),
        (
            "{id: i1, proposition: P.}",
            "{id: i1, proposition: P., weight: true}",
            "4:39: issues[1] 'i1' > weight: expected a finite number >= 0 (default 1), got the "
            "boolean true",
        ),
        (
            "{id: i1, proposition: P.}",
            "{id: i/1, proposition: P.}",
            "4:10: issues[1] > id: expected an id (1-80 characters, no spaces, no '/'), got the "
            "text 'i/1'; use e.g. 'i-1'",
        ),
        (
            "{id: i1, proposition: P.}",
            "{id: i1}",
            "4:5: issues[1] 'i1': missing required key 'proposition' (a statement one can support "
            "or oppose)",
        ),
        (
            "{id: i1, proposition: P.}",
            "{proposition: P.}",
            "4:5: issues[1]: missing required key 'id' (the issue's id)",
        ),
        (
            "{id: a1, name: A}",
            "{id: a1, name: A, kind: [x]}",
            "6:29: actors[1] 'a1' > kind: expected text, got a list; if the text holds ': ' or "
            "starts with '[' or '{', quote it",
        ),
        (
            "{id: a1, name: A}",
            "{id: a1, name: '  '}",
            "6:20: actors[1] 'a1' > name: expected non-empty text, got the text '  '",
        ),
        (
            "    title: S\n",
            "    title: S\n    published: 2025-02-30\n",
            "10:16: sources[1] 's1' > published: expected an ISO 8601 date, YYYY, YYYY-MM or "
            "YYYY-MM-DD (day 30 is not 01..28 in 2025-02), got the text '2025-02-30'",
        ),
        (
            "    title: S\n",
            "    title: S\n    published: 25\n",
            "10:16: sources[1] 's1' > published: expected text, got the integer 25; quote it: "
            '"25"',
        ),
        (
            "    title: S\n",
            "    title: S\n    file: C:\\texts\\a.txt\n",
            "10:11: sources[1] 's1' > file: expected a file name inside the texts folder, got "
            "'C:\\\\texts\\\\a.txt'; absolute paths and '..' are not allowed",
        ),
        (
            "    title: S\n",
            "    title: S\n    file: a/../../b.txt\n",
            "10:11: sources[1] 's1' > file: expected a file name inside the texts folder, got "
            "'a/../../b.txt'; absolute paths and '..' are not allowed",
        ),
        (
            "    title: S\n",
            "    title: S\n    reports: {a1: {issue: i1}}\n",
            "10:19: sources[1] 's1' > reports > a1: expected a list of codings (lines starting "
            "with '- '), got a mapping",
        ),
        (
            "    title: S\n",
            "    title: S\n    reports: {7: []}\n",
            "10:15: sources[1] 's1' > reports: expected an actor id, got the integer 7",
        ),
        (
            "stance: 1, quote: Q",
            "stance: 1, quote: Q, coder: ''",
            "11:49: sources[1] 's1' > stances[1] > coder: expected non-empty text (or leave the "
            "key out), got the text ''",
        ),
        (
            "stance: 1",
            "stance: 1.0",
            "11:29: sources[1] 's1' > stances[1] > stance: expected an integer from -2 to 2, got "
            "the number 1.0",
        ),
        (
            "stance: 1",
            "stance: -3",
            "11:29: sources[1] 's1' > stances[1] > stance: expected an integer from -2 to 2, got "
            "the integer -3",
        ),
        (
            "stance: 1",
            "stance: '1'",
            "11:29: sources[1] 's1' > stances[1] > stance: expected an integer from -2 to 2, got "
            "the text '1'",
        ),
        (
            "stance: 1",
            "stance: off",
            "11:29: sources[1] 's1' > stances[1] > stance: expected an integer from -2 to 2, got "
            "the text 'off'",
        ),
        (
            "quote: Q",
            "quote: 12",
            "11:39: sources[1] 's1' > stances[1] > quote: expected text, got the integer 12; "
            'quote it: "12"',
        ),
        (
            "quote: Q",
            "quote: Q, confidence: hihg",
            "11:54: sources[1] 's1' > stances[1] > confidence: expected one of high, medium, low, "
            "got the text 'hihg'; did you mean 'high'?",
        ),
        (
            "quote: Q",
            "quote: Q, confidence: yes",
            "11:54: sources[1] 's1' > stances[1] > confidence: expected one of high, medium, low, "
            "got the text 'yes'",
        ),
        (
            "quote: Q",
            "quote: Q, adjudicated: 1",
            "11:55: sources[1] 's1' > stances[1] > adjudicated: expected true or false, got the "
            "integer 1",
        ),
        (
            "quote: Q",
            "quote: Q, red_line: yes",
            "11:52: sources[1] 's1' > stances[1] > red_line: expected true or false, got the "
            "text 'yes'",
        ),
        (
            "stance: 1, quote: Q",
            "stance: 0, quote: Q, red_line: true",
            "11:52: sources[1] 's1' > stances[1] > red_line: a red line needs a side: stance 0 "
            "is the "
            "midpoint of the scale (neutral or mixed); mark a stance above or below it, or drop "
            "red_line",
        ),
        (
            "{issue: i1,",
            "{isue: i1,",
            "11:10: sources[1] 's1' > stances[1]: unknown key 'isue'; did you mean 'issue'?",
        ),
        (
            "{issue: i1,",
            "{issue: I1,",
            "11:17: sources[1] 's1' > stances[1] > issue: unknown issue 'I1'; did you mean 'i1'?",
        ),
        (
            "    stances:\n      - {issue: i1, stance: 1, quote: Q}\n",
            "    stances: oops\n",
            "10:14: sources[1] 's1' > stances: expected a list of codings (lines starting with '- "
            "'), got the text 'oops'",
        ),
        (
            "sources:\n  - id: s1\n    title: S\n    stances:\n      - {issue: i1, stance: 1, "
            "quote: Q}\n",
            "sources: {}\n",
            "7:10: sources: expected a list of sources (lines starting with '- '), got a mapping",
        ),
        (
            "sources:\n",
            "scale: {min: 1, max: 5.5}\nsources:\n",
            "7:22: scale > max: expected an integer, got the number 5.5",
        ),
        (
            "sources:\n",
            "scale: {min: 0, max: 2000}\nsources:\n",
            "7:8: scale: may have at most 1001 points, got 0..2000",
        ),
        (
            "sources:\n",
            "scale: {min: 0, max: 2, labels: [a, b]}\nsources:\n",
            "7:33: scale > labels: expected one label per point 0..2 (3), got 2",
        ),
        (
            "sources:\n",
            "scale: {min: 0, max: 2, labels: {0: a, 1: b, 5: c}}\nsources:\n",
            "7:46: scale > labels: expected a point of the scale (0..2), got the integer 5",
        ),
        (
            "sources:\n",
            "scale: [0, 2]\nsources:\n",
            "7:8: scale: expected a mapping of keys to values, got a list",
        ),
    ],
)
def test_rejections_name_item_expectation_and_location(old: str, new: str, first: str) -> None:
    assert old in BASE
    problems = problems_of(BASE.replace(old, new, 1))
    assert problems[0] == f"f.yaml:{first}"


def test_required_top_level_keys() -> None:
    assert problems_of("format: posmatrix/1\n") == [
        "f.yaml:1:1: the top level: missing required key 'title' (the dataset's title)",
        "f.yaml:1:1: the top level: missing required key 'issues' (the codebook: a list of issues)",
        "f.yaml:1:1: the top level: missing required key 'sources' (a list of sources)",
    ]


def test_all_problems_in_one_pass_in_file_order() -> None:
    text = (
        BASE.replace("title: T", "title: T\ntitle: U")
        .replace("stance: 1", "stance: 9")
        .replace("quote: Q", "qoute: Q")
    )
    text += "  - {id: s1, title: again}\n"
    assert problems_of(text) == [
        "f.yaml:3:1: duplicate key 'title' (first at line 2); YAML keeps only the last one, so "
        "remove one",
        "f.yaml:12:29: sources[1] 's1' > stances[1] > stance: expected an integer from -2 to 2, "
        "got the integer 9",
        "f.yaml:12:32: sources[1] 's1' > stances[1]: unknown key 'qoute'; did you mean 'quote'?",
        "f.yaml:13:10: sources[2] 's1': duplicate source id 's1' (first at line 9); give each "
        "source its own id",
    ]


def test_coded_twice_names_the_first_line_and_coders_may_double_code() -> None:
    twice = BASE + "      - {issue: i1, stance: 2, quote: R}\n"
    assert problems_of(twice) == [
        "f.yaml:12:9: sources[1] 's1' > stances[2]: issue 'i1' is coded twice for source 's1', "
        "holder 'author' (first at line 11); keep one coding, or give each its own coder"
    ]
    two_coders = BASE.replace("quote: Q}", "quote: Q, coder: x}") + (
        "      - {issue: i1, stance: 2, quote: R, coder: y}\n"
    )
    assert [c.coder for c in loads(two_coders).codings] == ["x", "y"]


def test_a_faulty_item_does_not_cascade_into_unknown_references() -> None:
    text = BASE.replace("{id: i1, proposition: P.}", "{id: i1, proposition: ''}")
    assert problems_of(text) == [
        "f.yaml:4:27: issues[1] 'i1' > proposition: expected non-empty text, got the text ''"
    ]


def test_null_lists_are_empty() -> None:
    ds = loads("format: posmatrix/1\ntitle: T\nissues:\nactors: ~\nsources: []\n")
    assert (dict(ds.issues), dict(ds.actors), dict(ds.sources), ds.codings) == ({}, {}, {}, ())


def test_problem_messages_shorten_huge_values() -> None:
    text = BASE.replace("quote: Q", "quote: Q, confidence: " + "z" * 10_000)
    (problem,) = problems_of(text)
    assert len(problem) < 300
    assert "(10,000 characters)" in problem


# -- entry points -------------------------------------------------------------------------


def test_example_is_the_bundled_file() -> None:
    ds = example()
    data = to_python(compose(BUNDLED.read_bytes()))
    sources = data["sources"]
    n_codings = sum(
        len(s.get("stances") or []) + sum(len(v or []) for v in (s.get("reports") or {}).values())
        for s in sources
    )
    assert len(ds.sources) == len(sources)
    assert len(ds.issues) == len(data["issues"])
    assert len(ds.actors) == len(data.get("actors") or [])
    assert len(ds.codings) == n_codings
    assert ds == load(BUNDLED)
    assert posmatrix.example() == ds


def test_example_prefers_the_packaged_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "posmatrix"
    (package / "data").mkdir(parents=True)
    (package / "data" / "positions.yaml").write_text(BASE, encoding="utf-8")

    class FakeFiles:
        def __init__(self, root: Path) -> None:
            self.root = root

        def __truediv__(self, part: str) -> Any:
            return self.root / part

    import importlib.resources

    monkeypatch.setattr(importlib.resources, "files", lambda _: FakeFiles(package))
    ds = example()
    assert ds.title == "T"
    assert ds.path == str(package / "data" / "positions.yaml")


def test_load_reads_files_and_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(BASE, encoding="utf-8")
    os.chmod(path, 0o444)
    before = path.stat().st_mtime_ns
    assert load(path) == loads(BASE)
    assert load(str(path)).path == str(path)
    assert path.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.yaml", "{p}/missing.yaml: no such file"),
        (lambda p: p, "{p} is a directory, not a dataset file"),
    ],
    ids=["missing", "directory"],
)
def test_load_names_the_path_it_cannot_read(tmp_path: Path, make: Any, message: str) -> None:
    with pytest.raises(PosmatrixError) as info:
        load(make(tmp_path))
    assert not isinstance(info.value, DatasetError)
    assert str(info.value) == message.format(p=tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_load_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text(BASE, encoding="utf-8")
    os.chmod(path, 0)
    with pytest.raises(PosmatrixError, match="permission denied"):
        load(path)


@pytest.mark.parametrize("limit", [0, -1, 1.5, True])
def test_bad_limits_are_usage_errors(limit: Any) -> None:
    with pytest.raises(UsageError, match="max_bytes must be a positive integer"):
        loads(BASE, max_bytes=limit)


def test_load_arg_dispatch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert load_arg(None) == example()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BASE.encode("utf-8"))))
    from_stdin = load_arg("-")
    assert from_stdin == loads(BASE)
    assert from_stdin.path == "<stdin>"
    path = tmp_path / "d.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert load_arg(str(path)) == loads(BASE)

    calls: list[tuple[str, Any]] = []
    fake = types.ModuleType("posmatrix.frame")

    def load_table(file: str, *, max_bytes: int | None = None, scale: Any = None) -> Dataset:
        calls.append((file, max_bytes))
        return loads(BASE)

    fake.load_table = load_table  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "posmatrix.frame", fake)
    assert load_arg("codings.CSV", max_bytes=123) == loads(BASE)
    assert load_arg("codings.parquet") == loads(BASE)
    assert calls == [("codings.CSV", 123), ("codings.parquet", loading.MAX_BYTES)]


def test_stdin_problems_are_named_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"format: posmatrix/1\n")))
    with pytest.raises(DatasetError) as info:
        load_arg("-")
    assert info.value.problems[0].file == "<stdin>"


# -- evidence: optional, and issue labels ------------------------------------------------------

NO_QUOTE_CODING = "      - {issue: i1, stance: 1}\n"


def test_missing_quote_stays_an_error_without_the_declaration() -> None:
    text = BASE.replace("      - {issue: i1, stance: 1, quote: Q}\n", NO_QUOTE_CODING, 1)
    assert text != BASE
    got = problems_of(text)
    assert len(got) == 1
    assert got[0].endswith("missing required key 'quote' (verbatim evidence from the source)")


def test_evidence_optional_lets_a_coding_omit_its_quote() -> None:
    text = BASE.replace("      - {issue: i1, stance: 1, quote: Q}\n", NO_QUOTE_CODING, 1)
    ds = loads(text.replace("title: T\n", "title: T\nevidence: optional\n", 1))
    assert ds.evidence == "optional"
    assert ds.quoteless == 1
    (c,) = ds.codings_of(issue="i1", holder="author")
    assert (c.quote, c.has_quote, c.quote_where) == ("", False, None)
    # it counts in the analysis like any coding
    assert posmatrix.stance_matrix(ds).loc["s1", "i1"] == 1


def test_empty_quote_under_evidence_optional_is_no_quote() -> None:
    text = BASE.replace("quote: Q}", "quote: ~}", 1)
    ds = loads(text.replace("title: T\n", "title: T\nevidence: optional\n", 1))
    assert ds.quoteless == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "optinal",
            "evidence: expected 'required' or 'optional' (may a coding omit its "
            "quote?), got the text 'optinal'; did you mean 'optional'?",
        ),
        (
            "true",
            "evidence: expected 'required' or 'optional' (may a coding omit its "
            "quote?), got the boolean true",
        ),
    ],
)
def test_bad_evidence_value(value: str, message: str) -> None:
    got = problems_of(BASE.replace("title: T\n", f"title: T\nevidence: {value}\n", 1))
    assert got == [f"f.yaml:3:11: {message}"]


def test_null_quote_without_declaration_says_how_to_fix() -> None:
    got = problems_of(BASE.replace("quote: Q}", "quote: ~}", 1))
    assert len(got) == 1
    assert got[0].endswith(
        "got an empty value; give the verbatim evidence, or declare 'evidence: optional' for "
        "positions recorded without a quote"
    )


def test_issue_label_is_read_and_defaults_to_none() -> None:
    ds = loads(
        BASE.replace(
            "  - {id: i1, proposition: P.}\n",
            "  - {id: i1, label: Ceasefire, proposition: P.}\n  - {id: i2, proposition: Q.}\n",
        )
    )
    assert ds.issues["i1"].label == "Ceasefire"
    assert ds.issues["i1"].short == "Ceasefire"
    assert ds.issues["i2"].label is None
    assert ds.issues["i2"].short == "i2"


def test_blank_issue_label_is_refused() -> None:
    got = problems_of(
        BASE.replace("{id: i1, proposition: P.}", "{id: i1, label: ' ', proposition: P.}")
    )
    assert len(got) == 1
    assert "label: expected a short non-empty text (or leave it out)" in got[0]


def test_replaces_and_inverted_load() -> None:
    text = BASE.replace(
        "  - {id: i1, proposition: P.}",
        "  - {id: i1, proposition: P., replaces: old-i1, inverted: true}\n"
        "  - {id: i2, proposition: Q.}",
    )
    ds = loads(text, "f.yaml")
    assert (ds.issues["i1"].replaces, ds.issues["i1"].inverted) == ("old-i1", True)
    assert (ds.issues["i2"].replaces, ds.issues["i2"].inverted) == (None, False)


@pytest.mark.parametrize(
    ("issues", "problem"),
    [
        (
            # two issues continue one old issue
            "  - {id: i1, proposition: P., replaces: old}\n"
            "  - {id: i2, proposition: Q., replaces: old}",
            "f.yaml:5:41: issues[2] 'i2' > replaces: replaces 'old', which issue 'i1' already "
            "replaces; each old issue continues in one issue",
        ),
        (
            # i1 -> i2 -> i1
            "  - {id: i1, proposition: P., replaces: i2}\n"
            "  - {id: i2, proposition: Q., replaces: i1}",
            "f.yaml:4:41: issues[1] 'i1' > replaces: replaces 'i2', which is still an issue of "
            "this version (a cycle: i1 → i2 → i1); 'replaces' names the id the issue had in "
            "an older version",
        ),
        (
            "  - {id: i1, proposition: P., replaces: i1}",
            "f.yaml:4:41: issues[1] 'i1' > replaces: replaces 'i1', its own id; leave "
            "'replaces' out",
        ),
        (
            "  - {id: i1, proposition: P., replaces: two words}",
            "f.yaml:4:41: issues[1] 'i1' > replaces: expected an id (1-80 characters, no "
            "spaces, no '/'), got the text 'two words'; use e.g. 'two-words'",
        ),
        (
            "  - {id: i1, proposition: P., inverted: 1}",
            "f.yaml:4:41: issues[1] 'i1' > inverted: expected true or false (default false), "
            "got the integer 1",
        ),
    ],
)
def test_replaces_and_inverted_problems_are_located(issues: str, problem: str) -> None:
    text = BASE.replace("  - {id: i1, proposition: P.}", issues)
    assert problems_of(text)[0] == problem
