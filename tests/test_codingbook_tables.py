"""Codings tables with a codebook: ``codings: table.csv`` beside a YAML file, and a table
read on its own with its scale declared (``--scale``, ``scale=``) or refused."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import posmatrix
from posmatrix.cli import main
from posmatrix.errors import DatasetError
from posmatrix.model import Scale

# A −1..+1 dataset: two articles' own stances on three issues.
#   a:  i1 +1, i2 −1, i3 0
#   b:  i1 +1, i2 +1, i3 0
# cityblock agreement = 1 − Σ|a−b| / (n · range) = 1 − (0 + 2 + 0) / (3 · 2) = 2/3;
# read on the default −2..+2 scale it would be 1 − 2 / (3 · 4) = 5/6.
CODEBOOK = """\
format: posmatrix/1
title: Minus one to one
scale: {min: -1, max: 1}
issues:
  - {id: i1, proposition: One.}
  - {id: i2, proposition: Two.}
  - {id: i3, proposition: Three.}
sources:
  - {id: a, title: Article A}
  - {id: b, title: Article B}
"""
ROWS = [
    ("a", "i1", 1),
    ("a", "i2", -1),
    ("a", "i3", 0),
    ("b", "i1", 1),
    ("b", "i2", 1),
    ("b", "i3", 0),
]
TABLE = pd.DataFrame(
    {
        "source": [r[0] for r in ROWS],
        "holder": "author",
        "issue": [r[1] for r in ROWS],
        "stance": [r[2] for r in ROWS],
        "quote": [f"Quote {n}." for n in range(len(ROWS))],
    }
)
INLINE = CODEBOOK.replace(
    "  - {id: a, title: Article A}\n  - {id: b, title: Article B}\n",
    "".join(
        f"  - id: {s}\n    title: Article {s.upper()}\n    stances:\n"
        + "".join(
            f"      - {{issue: {i}, stance: {v}, quote: 'Quote {n}.'}}\n"
            for n, (s2, i, v) in enumerate(ROWS)
            if s2 == s
        )
        for s in ("a", "b")
    ),
)


def ab(ds: posmatrix.Dataset) -> float:
    return float(posmatrix.agreement(ds, "cityblock").loc["a", "b"])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    TABLE.to_csv(tmp_path / "codings.csv", index=False)
    TABLE.to_parquet(tmp_path / "codings.parquet", index=False)
    for name in ("csv", "parquet"):
        (tmp_path / f"with-{name}.yaml").write_text(
            CODEBOOK + f"codings: codings.{name}\n", encoding="utf-8"
        )
    (tmp_path / "inline.yaml").write_text(INLINE, encoding="utf-8")
    return tmp_path


def test_yaml_path_by_hand(folder: Path) -> None:
    assert ab(posmatrix.load(folder / "inline.yaml")) == pytest.approx(2 / 3)


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_table_with_codebook_agrees_with_yaml(folder: Path, suffix: str) -> None:
    ds = posmatrix.load(folder / f"with-{suffix}.yaml")
    assert ds.scale == Scale(min=-1, max=1)
    assert ds.sources["a"].title == "Article A"
    assert ab(ds) == pytest.approx(2 / 3)
    inline = posmatrix.load(folder / "inline.yaml")
    assert ds == inline  # the same dataset (codings in the same order here)


def test_from_frame_with_declared_scale_agrees(folder: Path) -> None:
    assert ab(posmatrix.from_frame(TABLE, scale=Scale(min=-1, max=1))) == pytest.approx(2 / 3)
    # the trap the declaration avoids: every stance fits −2..+2, so nothing is refused
    assert ab(posmatrix.from_frame(TABLE)) == pytest.approx(5 / 6)


def test_cli_scale_option_agrees(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["matrix", str(folder / "codings.csv"), "--scale", "-1:1", "--format", "json"]
    assert main([*args, "--order", "file"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["index"] == ["a", "b"]
    assert out["values"][0][1] == pytest.approx(2 / 3)


def test_cli_bad_scale_is_a_usage_error(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate", str(folder / "codings.csv"), "--scale", "1:-1"])
    assert info.value.code == 2
    assert "expected MIN < MAX" in capsys.readouterr().err


def test_table_off_the_default_scale_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "ten.csv"
    TABLE.assign(stance=[0, 7, 10, 3, 5, -3]).to_csv(path, index=False)
    with pytest.raises(DatasetError) as info:
        posmatrix.load(path)
    first = str(info.value.problems[0])
    assert first == (
        f"{path}:1:4: stances -3, 3, 5, 7, 10 lie outside the default scale -2..2, and the "
        "table declares no scale; declare it: --scale -3:10 on the command line, "
        "scale=posmatrix.Scale(min=-3, max=10) in from_frame, or a YAML codebook with "
        "'scale:' and 'codings: <this file>'"
    )
    # declared, it loads (and -3 is still refused on a 0..10 scale)
    with pytest.raises(DatasetError) as info:
        posmatrix.load(path, scale=Scale(min=0, max=10))
    assert [str(p).removeprefix(f"{path}:") for p in info.value.problems] == [
        "7:4: stance: expected an integer from 0 to 10, got the integer -3"
    ]


def test_table_rows_are_checked_against_the_codebook(folder: Path) -> None:
    TABLE.assign(issue=["i1", "i2", "i3", "i1", "i9", "i3"], stance=[1, -1, 0, 2, 1, 0]).to_csv(
        folder / "codings.csv", index=False
    )
    with pytest.raises(DatasetError) as info:
        posmatrix.load(folder / "with-csv.yaml")
    table = folder / "codings.csv"
    assert [str(p) for p in info.value.problems] == [
        f"{table}:5:4: stance: expected an integer from -1 to 1, got the integer 2",
        f"{table}:6:3: issue: unknown issue 'i9'; known issues: i1, i2, i3",
    ]


def test_missing_table_is_located_in_the_yaml(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(CODEBOOK + "codings: nowhere.csv\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        posmatrix.load(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (11, 10)
    assert "codings: no such file" in problem.message


@pytest.mark.parametrize("value", ["/etc/passwd.csv", "../up.csv", "codings.txt"])
def test_table_path_must_stay_beside_the_yaml(tmp_path: Path, value: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(CODEBOOK + f"codings: {value}\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        posmatrix.load(path)
    assert str(info.value.problems[0]).startswith(f"{path}:11:10: codings: expected a")


def test_inline_and_table_codings_may_not_repeat_a_cell(folder: Path) -> None:
    text = INLINE + "codings: codings.csv\n"
    (folder / "both.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        posmatrix.load(folder / "both.yaml")
    assert len(info.value.problems) == len(ROWS)
    assert "is coded twice" in info.value.problems[0].message
