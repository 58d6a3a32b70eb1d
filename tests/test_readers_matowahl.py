"""The mat-o-wahl reader, on files written here in Mat-O-Wahl's layout
(msteudtn/Mat-O-Wahl, data/Obsthausen_Fragen.csv and data/Obsthausen_Parteien*.csv)."""

from __future__ import annotations

from pathlib import Path

import pytest

import posmatrix
from posmatrix.cli import main

QUESTIONS = """\
"Gehalt";"Wie hoch ist Ihr Bruttojahreseinkommen?";"slider"
"Farbe";"Die beste Fruchtfarbe ist <b>gelb</b>."
"Form";"Die beste Fruchtform ist rund &amp; glatt."
"""

PARTY = """\
Candidate-short-name;"{short}"
Candidate-long-name;"{long}"
Candidate-description;"Die Partei. &#8203; <span data-email='x@y.z'></span>"
Candidate-URL;"https://www.example.org"
Candidate-image;"data/a.jpg"
Candidate-mail;
Candidate-tel;
Candidate-filter;
Candidate-reserved-for-future-use-1;
Candidate-reserved-for-future-use-2;
{answers}
"""


def files(folder: Path, parties: list[tuple[str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Obsthausen_Fragen.csv").write_text(QUESTIONS, encoding="utf-8")
    blocks = [PARTY.format(short=s, long=lo, answers=a) for s, lo, a in parties]
    path = folder / "Obsthausen_Parteien.csv"
    path.write_text("#\n".join(blocks), encoding="utf-8")
    return path


PARTIES = [
    ("APPD", "Appelpartei Deutschlands", '-1;"Rot ist besser!"\n1;"Runde Früchte!"'),
    ("TBC", "Citronenpartei", "1;Gelb ist die beste Farbe.\n0;"),
]


def test_mapping(tmp_path: Path) -> None:
    ds = posmatrix.load(files(tmp_path, PARTIES), format="mat-o-wahl")
    assert ds.evidence == "optional"
    # the slider question is no position: left out; markup removed, entities decoded
    assert {i.id: i.proposition for i in ds.issues.values()} == {
        "Farbe": "Die beste Fruchtfarbe ist gelb.",
        "Form": "Die beste Fruchtform ist rund & glatt.",
    }
    assert [(s.id, s.title, s.notes) for s in ds.sources.values()] == [
        ("APPD", "Appelpartei Deutschlands", "Die Partei."),
        ("TBC", "Citronenpartei", "Die Partei."),
    ]
    assert [(c.source, c.issue, c.stance, c.quote) for c in ds.codings] == [
        ("APPD", "Farbe", -1, "Rot ist besser!"),
        ("APPD", "Form", 1, "Runde Früchte!"),
        ("TBC", "Farbe", 1, "Gelb ist die beste Farbe."),
        ("TBC", "Form", 0, ""),  # no reason given: no quote
    ]


def test_cli_needs_from(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = files(tmp_path, PARTIES)
    assert main(["validate", str(path), "--from", "mat-o-wahl"]) == 0
    assert "2 sources, 2 issues, 0 actors, 4 codings (1 without a quote)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("parties", "expected"),
    [
        (
            [("APPD", "A", "-1;x\n2;y")],
            "Obsthausen_Parteien.csv:12:1: line 12: an answer must be 1 (agree), 0 (neutral) "
            "or -1 (disagree), got '2'",
        ),
        ([("APPD", "A", "-1;x")], "party 'APPD' has 1 answers, but Obsthausen_Fragen.csv has 2"),
    ],
)
def test_bad_input(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    parties: list[tuple[str, str, str]],
    expected: str,
) -> None:
    path = files(tmp_path, parties)
    assert main(["validate", str(path), "--from", "mat-o-wahl"]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


def test_no_questions_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = files(tmp_path, PARTIES)
    (tmp_path / "Obsthausen_Fragen.csv").unlink()
    assert main(["validate", str(path), "--from", "mat-o-wahl"]) == 1
    assert "found no questions file" in capsys.readouterr().err
