"""``posmatrix coalitions`` and ``posmatrix deals``: output, formats, exit status."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from test_cli import OUTLETS
from test_deals import HAND

from posmatrix.cli import main


@pytest.fixture
def hand(tmp_path: Path) -> str:
    path = tmp_path / "hand.yaml"
    path.write_text(HAND, encoding="utf-8")
    return str(path)


def test_deals_text_lists_packages_and_trade(hand: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deals", hand, "--parties", "a,b,c"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Where a deal could be\n")
    # 4 feasible packages; the best by total rejects p2, p3, p4 (see tests/test_deals.py)
    assert "4 feasible packages (all scored)" in out
    assert (
        "Rank 1 by total, 1 by maximin: total 5, least satisfied Party B (0); scores a 2; "
        "b 0; c 3. Adopts p1; rejects p2, p3, p4." in out
    )
    assert "a: p1 adopted" in out
    assert "b: p2 rejected" in out


def test_deals_json(hand: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deals", hand, "--parties", "a,b,c", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["n_packages"] == 4
    assert [p["total"] for p in data["packages"]] == [5.0, 5.0, 1.0, 1.0]
    assert data["trades"][0]["joint_gain"] == 2.0


def test_deals_markdown_of_bundled_dataset_names_blocking_quotes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["deals", "--parties", "russia,ukraine,united-states,europe", "--format", "markdown"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "block every package" in out
    assert "> “" in out  # the clashing quotes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--parties", "a,zz"], "party 'zz' is neither"),
        (["--parties", "a"], "at least two parties"),
        (["--parties", "a,b", "--format", "docx"], "--format must be one of"),
        (["--parties", "a,b", "--red-line-at", "-1"], "red_line_at must be a number > 0"),
    ],
)
def test_deals_usage_errors(
    hand: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deals", hand, *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_coalitions_table_and_csv(hand: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coalitions", hand, "--size", "2", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "rank,members,mean_agreement,min_agreement,clashes,undefined_pairs,pair_overlap,"
        "overlap,agreed,split"
    )
    # three voices, three pairs; cityblock 1 - sum w|d| / (4 sum w), p3 weighs 2:
    # a-c (1 + 0 + 1) / 16 -> 0.875; b-c (2 + 4 + 1) / 16 -> 0.5625; a-b 12 / 20 -> 0.4
    rows = list(csv.reader(lines[1:]))
    assert [row[1:3] for row in rows] == [
        ["s1/a, s1/c", "0.875"],
        ["s1/b, s1/c", "0.5625"],
        ["s1/a, s1/b", "0.4"],
    ]
    assert main(["coalitions", hand, "--size", "2", "--format", "github"]) == 0
    out = capsys.readouterr().out
    # Markdown escapes the header's underscores (mean\_agreement renders as mean_agreement)
    assert out.startswith("| rank   | members    |   mean\\_agreement |")
    assert "| 1      | s1/a, s1/c |              0.88 |" in out


def test_coalitions_json_and_errors(hand: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coalitions", hand, "--size", "3", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["exact"] is True
    assert data["coalitions"][0]["members"] == ["s1/a", "s1/b", "s1/c"]
    assert main(["coalitions", hand, "--size", "9"]) == 2
    assert "size must be an integer from 2" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:  # --metric's choices: the metric registry
        main(["coalitions", hand, "--metric", "nope"])
    assert exc.value.code == 2


def test_coalitions_by_outlet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "outlets.yaml"
    path.write_text(OUTLETS, encoding="utf-8")
    assert main(["coalitions", str(path), "--size", "2", "--by", "outlet", "--format", "csv"]) == 0
    rows = list(csv.reader(capsys.readouterr().out.splitlines()[1:]))
    # outlets' medians (i1, i2): Alpha (1, 0), Beta (-2, -1), Gamma (1, 1); cityblock
    # 1 - mean|d| / 4 (worked out in test_cli.OUTLETS); clashes: opposite sides of 0
    # (Alpha-Beta on i1; Beta-Gamma on i1 and i2)
    assert [row[1:3] + row[4:5] for row in rows] == [
        ["Alpha_Daily, Gamma_News", "0.875", "0"],
        ["Alpha_Daily, Beta_Times", "0.5", "1"],
        ["Beta_Times, Gamma_News", "0.375", "2"],
    ]
    # --window works too: no source is dated, so no group at all (exit 1, said plainly)
    assert main(["coalitions", str(path), "--window", "M"]) == 1
    assert "no source falls in any group of --by M" in capsys.readouterr().err
