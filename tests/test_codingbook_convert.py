"""``posmatrix convert`` and the YAML writer: every format to every other, by suffix,
atomically and never over the input; YAML written loads back to the same dataset."""

from __future__ import annotations

import csv
from pathlib import Path

import attrs
import pytest

import posmatrix
from posmatrix.cli import main
from posmatrix.codingbook import convert, dump_yaml
from posmatrix.codingbook.convert import write_dataset
from posmatrix.model import Coding, Dataset, Issue, Scale, Source


def same(a: Dataset, b: Dataset) -> bool:
    """Equal datasets, the order of codings aside (YAML groups them by source)."""
    return a == attrs.evolve(b, codings=sorted(b.codings, key=a.codings.index))


AWKWARD = Dataset(
    title="yes",  # YAML 1.1 would read a bool
    version="010",
    description='Line one\nline two: "quoted" \\ backslash\u00a0after a no-break space',
    scale=Scale(min=1, max=5),
    issues=[
        Issue("true", "null", weight=0.25, label="T"),
        Issue("Київ", "#not a comment", group="- dash"),
    ],
    sources=[Source("1", "[flow]", published="2025", notes="{x: 1}")],
    codings=[
        Coding("1", "author", "true", 5, "*alias &anchor !tag", note="@note"),
        Coding("1", "author", "Київ", 1, "", coder="c2", confidence="low", adjudicated=True),
    ],
    coder="c1",
    evidence="optional",
)


def test_yaml_writer_round_trips_awkward_text() -> None:
    text = dump_yaml(AWKWARD)
    assert "\u00a0after" in text  # kept as written (U+2028 is refused by the model now)
    assert posmatrix.loads(text) == AWKWARD


def test_yaml_writer_round_trips_the_bundled_dataset() -> None:
    ds = posmatrix.example()
    assert same(ds, posmatrix.loads(dump_yaml(ds)))


def test_quoteless_coding_has_no_quote_key() -> None:
    text = dump_yaml(AWKWARD)
    assert "evidence: optional" in text
    assert text.count("quote:") == 1


@pytest.mark.parametrize("first", ["yaml", "xlsx", "csv", "parquet"])
@pytest.mark.parametrize("second", ["yaml", "xlsx"])
def test_every_path_keeps_the_codings(tmp_path: Path, first: str, second: str) -> None:
    ds = posmatrix.example()
    assert ds.path is not None
    a = tmp_path / f"a.{first}"
    b = tmp_path / f"b.{second}"
    convert(ds.path, a)
    scale = ["--scale", "-2:2"] if first in ("csv", "parquet") else []
    assert main(["convert", str(a), str(b), *scale]) == 0
    back = posmatrix.load(b)
    assert set(back.codings) == set(ds.codings)
    if first in ("yaml", "xlsx"):  # a table holds the codings only
        assert same(ds, back)


def test_table_output_has_the_table_columns(tmp_path: Path) -> None:
    ds = posmatrix.example()
    assert ds.path is not None
    path = convert(ds.path, tmp_path / "c.csv")
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == "source,holder,issue,stance,quote,confidence,coder,note,adjudicated,red_line"


def test_never_over_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(dump_yaml(AWKWARD), encoding="utf-8")
    before = path.read_bytes()
    assert main(["convert", str(path), str(path)]) == 1
    assert "refusing to write over the input" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_unknown_output_suffix_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(posmatrix.example().path), str(tmp_path / "x.json")]) == 2
    assert "cannot tell the output format" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_csv_cells_a_spreadsheet_would_evaluate_are_neutralised_and_read_back(
    tmp_path: Path,
) -> None:
    ds = Dataset(
        title="T",
        issues=[Issue("i", "P.")],
        sources=[Source("=1+2", "S"), Source("s2", "S2")],
        codings=[
            Coding("=1+2", "author", "i", 2, '=HYPERLINK("http://evil.invalid","x")'),
            Coding("s2", "author", "i", -2, "'=already marked", note="@SUM(A1:A9)"),
        ],
    )
    path = write_dataset(ds, tmp_path / "c.csv")
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    # every cell that starts with = + - @ gets a leading ' (OWASP); one that already
    # starts with ' before such a character gets one more, so reading takes exactly one
    assert rows[1][:5] == ["'=1+2", "author", "i", "2", '\'=HYPERLINK("http://evil.invalid","x")']
    assert rows[2][4] == "''=already marked"
    assert rows[2][7] == "'@SUM(A1:A9)"
    back = posmatrix.load(path, scale=ds.scale)
    assert [(c.source, c.quote, c.note) for c in back.codings] == [
        (c.source, c.quote, c.note) for c in ds.codings
    ]
