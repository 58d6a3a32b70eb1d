"""The qual-o-mat reader, on election folders written here in the layout of
gockelhahn/qual-o-mat-data (data/<year>/<election>/*.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import posmatrix
from posmatrix.cli import main

PARTIES = [
    {"id": 0, "name": "GRÜNE", "longname": "BÜNDNIS 90/DIE GRÜNEN"},
    {"id": 1, "name": "CDU", "longname": "Christlich Demokratische Union"},
]
STATEMENTS = [
    {"id": 0, "text": "Tuition fees should be abolished."},
    {"id": 1, "text": "The river should be deepened."},
]
OPINIONS = [
    {"id": 0, "party": 0, "statement": 0, "answer": 0, "comment": 0},
    {"id": 1, "party": 0, "statement": 1, "answer": 1, "comment": 1},
    {"id": 2, "party": 1, "statement": 0, "answer": 1, "comment": None},  # no justification
    {"id": 3, "party": 1, "statement": 1, "answer": 2, "comment": 2},
]
COMMENTS = [
    {"id": 0, "text": '"Fees are a social hurdle."'},
    {"id": 1, "text": '"A deeper river is an \\"ecological\\" risk."'},
    {"id": 2, "text": '"It depends on the dikes."'},
]


def election(folder: Path, **override: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "party.json": PARTIES,
        "statement.json": STATEMENTS,
        "opinion.json": OPINIONS,
        "comment.json": COMMENTS,
        "overview.json": {"title": "Bürgerschaftswahl", "date": "2008-02-24"},
        **override,
    }
    for name, data in files.items():
        if data is not None:
            (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def test_mapping(tmp_path: Path) -> None:
    ds = posmatrix.load(election(tmp_path / "data" / "2008" / "hamburg"))
    assert ds.title == "Bürgerschaftswahl 2008 (qual-o-mat)"
    assert ds.evidence == "optional"
    assert [(s.id, s.title, s.published) for s in ds.sources.values()] == [
        ("GRÜNE", "BÜNDNIS 90/DIE GRÜNEN", "2008-02-24"),
        ("CDU", "Christlich Demokratische Union", "2008-02-24"),
    ]
    assert ds.issues["statement-1"].proposition == "The river should be deepened."
    got = [(c.source, c.issue, c.stance, c.quote) for c in ds.codings]
    assert got == [
        ("GRÜNE", "statement-0", 1, "Fees are a social hurdle."),  # 0: agree
        ("GRÜNE", "statement-1", -1, 'A deeper river is an \\"ecological\\" risk.'),  # 1: disagree
        ("CDU", "statement-0", -1, ""),  # a party with no justification: no quote
        ("CDU", "statement-1", 0, "It depends on the dikes."),  # 2: neutral
    ]
    # agreement on -1..+1: the parties differ by 2 on statement-0 and 1 on statement-1:
    # cityblock 1 - mean(2, 1) / 2 = 0.25
    assert posmatrix.agreement(ds).loc["GRÜNE", "CDU"] == 0.25


def test_answer_json_above_the_folder_wins(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    answers = [
        {"id": 0, "message": "Stimme nicht zu"},
        {"id": 1, "message": "Stimme zu"},
        {"id": 2, "message": "Neutral"},
    ]
    (tmp_path / "data" / "answer.json").write_text(json.dumps(answers), encoding="utf-8")
    ds = posmatrix.load(election(tmp_path / "data" / "2008" / "hamburg"))
    assert [c.stance for c in ds.codings] == [-1, 1, 1, 0]


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        (
            {"opinion.json": [{**OPINIONS[0], "party": 7}]},
            "opinion.json:1:1: entry 1 (id 0): party 7 is not in party.json",
        ),
        (
            {"opinion.json": [{**OPINIONS[0], "answer": 5}]},
            "entry 1 (id 0): answer 5 is none of 0, 1, 2",
        ),
        ({"statement.json": [{"id": 0}]}, "statement.json:1:1: entry 1: missing key text"),
        ({"party.json": None}, "has no party.json"),
    ],
)
def test_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], override: dict[str, Any], expected: str
) -> None:
    folder = election(tmp_path / "e", **override)
    assert main(["validate", str(folder), "--from", "qual-o-mat"]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


def test_malformed_json_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = election(tmp_path / "e")
    (folder / "opinion.json").write_text('[\n  {"id": 0,\n  "party" 0}\n]', encoding="utf-8")
    assert main(["validate", str(folder), "--from", "qual-o-mat"]) == 1
    assert f"{folder / 'opinion.json'}:3:11: malformed JSON: Expecting ':' delimiter" in (
        capsys.readouterr().err
    )
