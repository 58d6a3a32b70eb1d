"""The polis reader, on export folders written here in Pol.is's layout (columns as in
compdemocracy/openData's 15-per-hour-seattle export)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import posmatrix
from posmatrix.cli import main
from posmatrix.readers import ReaderWarning

COMMENTS = [
    [
        "timestamp",
        "datetime",
        "comment-id",
        "author-id",
        "agrees",
        "disagrees",
        "moderated",
        "comment-body",
    ],
    [
        "1403054214174",
        "Wed Jun 18 08:16:54 WIB 2014",
        "0",
        "0",
        "2",
        "1",
        "1",
        "Wages should rise.\n",
    ],
    [
        "1403054218578",
        "Wed Jun 18 08:16:58 WIB 2014",
        "1",
        "0",
        "1",
        "1",
        "0",
        'Small "shops" will suffer, surely.',
    ],
    ["1403058803883", "Wed Jun 18 09:33:23 WIB 2014", "2", "8", "1", "0", "-1", "Hello."],
    ["1403058803884", "Wed Jun 18 09:33:24 WIB 2014", "3", "8", "0", "0", "1", "Robots will come."],
]
VOTES = [
    [
        "participant",
        "group-id",
        "n-comments",
        "n-votes",
        "n-agree",
        "n-disagree",
        "0",
        "1",
        "2",
        "3",
    ],
    ["0", "0", "1", "3", "1", "1", "1", "-1", "", "0"],
    ["1", "1", "0", "2", "1", "1", "-1", "1", "1", ""],
    ["5", "", "0", "0", "0", "0", "", "", "", ""],  # saw nothing
]


def export(
    folder: Path, comments: list[list[str]] = COMMENTS, votes: list[list[str]] = VOTES
) -> Path:
    folder.mkdir(exist_ok=True)
    for name, rows in (("comments.csv", comments), ("participants-votes.csv", votes)):
        with open(folder / name, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
    return folder


def test_mapping(tmp_path: Path) -> None:
    with pytest.warns(ReaderWarning, match=r"1 votes on 1 comments moderated out"):
        ds = posmatrix.load(export(tmp_path / "wage"))
    assert ds.evidence == "optional"
    assert (ds.scale.min, ds.scale.max) == (-1, 1)
    # comment 2 is moderated out (-1); comment 1 not yet moderated (0) stays
    assert {i.id: i.proposition for i in ds.issues.values()} == {
        "comment-0": "Wages should rise.",
        "comment-1": 'Small "shops" will suffer, surely.',
        "comment-3": "Robots will come.",
    }
    assert [(s.id, s.section) for s in ds.sources.values()] == [
        ("participant-0", "group 0"),
        ("participant-1", "group 1"),
        ("participant-5", ""),
    ]
    assert [(c.source, c.issue, c.stance, c.quote) for c in ds.codings] == [
        ("participant-0", "comment-0", 1, ""),
        ("participant-0", "comment-1", -1, ""),
        ("participant-0", "comment-3", 0, ""),  # pass is a neutral 0, not silence
        ("participant-1", "comment-0", -1, ""),
        ("participant-1", "comment-1", 1, ""),
    ]
    assert all(c.holder == "author" for c in ds.codings)


def test_xid_column_is_ignored(tmp_path: Path) -> None:
    # later exports (e.g. openData's austria-climate.*) carry an xid column after
    # participant; it is metadata, not a comment id
    votes = [[*row[:1], "xid" if i == 0 else f"x{i}", *row[1:]] for i, row in enumerate(VOTES)]
    with pytest.warns(ReaderWarning):
        ds = posmatrix.load(export(tmp_path / "wage", votes=votes))
    with pytest.warns(ReaderWarning):
        plain = posmatrix.load(export(tmp_path / "plain"))
    assert ds.codings == plain.codings
    assert [s.section for s in ds.sources.values()] == ["group 0", "group 1", ""]


def test_participant_who_saw_nothing_is_silent(tmp_path: Path) -> None:
    with pytest.warns(ReaderWarning):
        ds = posmatrix.load(export(tmp_path / "wage"))
    assert "participant-5" in ds.sources
    assert list(posmatrix.stance_matrix(ds, "author").index) == ["participant-0", "participant-1"]
    # participants 0 and 1 disagree on both comments they share, comment 0 and 1:
    # cityblock on -1..+1: 1 - mean(2, 2) / 2 = 0
    assert posmatrix.agreement(ds).loc["participant-0", "participant-1"] == 0.0


def test_cli_reads_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = export(tmp_path / "wage")
    assert main(["validate", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "3 sources, 3 issues, 0 actors, 5 codings (5 without a quote)" in out
    assert "moderated out" in err


@pytest.mark.parametrize(
    ("which", "rows", "expected"),
    [
        (
            "comments",
            [[c for c in r if c != r[7]] for r in COMMENTS],
            "comments.csv:1:1: missing column comment-body",
        ),
        ("votes", [r[1:] for r in VOTES], "participants-votes.csv:1:1: missing column participant"),
        (
            "votes",
            [*VOTES[:2], ["1", "1", "0", "2", "1", "1", "-1", "yes", "1", ""]],
            "participants-votes.csv:3:8: row 2, comment 1: a vote must be 1 (agree), -1 "
            "(disagree), 0 (pass) or empty (not seen), got 'yes'",
        ),
        (
            "votes",
            [*VOTES[:2], ["1", "1", "0", "2", "1", "1", "-1", "2", "1", ""]],
            "participants-votes.csv:3:8: row 2, comment 1: a vote must be 1 (agree), -1 "
            "(disagree), 0 (pass) or empty (not seen), got 2",
        ),
        (
            "votes",
            [[*VOTES[0], "9"], *[[*r, ""] for r in VOTES[1:]]],
            "participants-votes.csv:1:11: column '9' names no comment of comments.csv",
        ),
        (
            "comments",
            [*COMMENTS[:2], ["1", "x", "1", "0", "1", "1", "1", "   "]],
            "comments.csv:3:8: row 2: 'comment-body' is empty",
        ),
        (
            "comments",
            [*COMMENTS[:2], ["1", "x", "one", "0", "1", "1", "1", "Text"]],
            "comments.csv:3:3: row 2: 'comment-id' must be a whole number, got 'one'",
        ),
    ],
)
def test_bad_input(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    which: str,
    rows: list[list[str]],
    expected: str,
) -> None:
    kwargs = {"comments": rows} if which == "comments" else {"votes": rows}
    folder = export(tmp_path / "bad", **kwargs)  # type: ignore[arg-type]
    assert main(["validate", str(folder), "--from", "polis"]) == 1
    err = capsys.readouterr().err
    assert f"{folder}/{expected}" in err
    assert "Traceback" not in err


def test_a_file_is_not_a_polis_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = export(tmp_path / "wage")
    assert main(["validate", str(folder / "comments.csv"), "--from", "polis"]) == 2
    assert "a polis export is a folder" in capsys.readouterr().err
    (folder / "comments.csv").unlink()
    assert main(["validate", str(folder), "--from", "polis"]) == 1
    assert "has no comments.csv" in capsys.readouterr().err
