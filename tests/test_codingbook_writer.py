"""The coding workbook's writer: sheets, headers, drop-downs, frozen panes, widths, no
formulas, the same bytes for the same dataset, and the CLI's coding-sheet command."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

import posmatrix
from posmatrix.cli import main
from posmatrix.codingbook.writer import coding_workbook_bytes, new_dataset, write_coding_workbook
from posmatrix.model import Coding, Dataset, Issue, Scale, Source


def book_of(ds: Dataset) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(coding_workbook_bytes(ds)))


@pytest.fixture(scope="module")
def example_book() -> openpyxl.Workbook:
    return book_of(posmatrix.example())


def test_sheets_and_headers(example_book: openpyxl.Workbook) -> None:
    assert example_book.sheetnames == ["Read-me", "Codings", "Codebook", "Actors", "Sources"]
    header = [c.value for c in example_book["Codings"][1]]
    assert header == [
        "source",
        "holder",
        "issue",
        "stance",
        "quote",
        "confidence",
        "note",
        "coder",
        "adjudicated",
        "red_line",
    ]
    codebook = [c.value for c in example_book["Codebook"][1]]
    assert codebook[:8] == [
        "id",
        "label",
        "proposition",
        "group",
        "weight",
        "description",
        "replaces",
        "inverted",
    ]
    assert codebook[9:11] == ["setting", "value"]
    assert codebook[12:14] == ["stance", "label"]
    assert codebook[15] == "confidence"
    assert [c.value for c in example_book["Actors"][2]] == [
        "author",
        "(the source itself: its own stance)",
        None,
    ]


def test_one_row_per_coding_in_order(example_book: openpyxl.Workbook) -> None:
    ds = posmatrix.example()
    ws = example_book["Codings"]
    assert ws.max_row == len(ds.codings) + 1
    first = ds.codings[0]
    row = [c.value for c in ws[2]]
    assert row[:5] == [first.source, first.holder, first.issue, first.stance, first.quote]
    # the example's codings all have the dataset's coder: the column stays empty
    assert row[7] is None


def test_scale_settings_and_lists(example_book: openpyxl.Workbook) -> None:
    ws = example_book["Codebook"]
    # -2..2: five points with their labels, in M2:N6 (after the issues' eight columns)
    assert [ws.cell(r, 13).value for r in range(2, 7)] == [-2, -1, 0, 1, 2]
    assert ws["N2"].value == "strongly opposes"
    assert ws["N6"].value == "strongly supports"
    settings = {ws.cell(r, 10).value: ws.cell(r, 11).value for r in range(2, 9)}
    assert settings["format"] == "posmatrix/1"
    assert settings["title"] == posmatrix.example().title
    assert settings["evidence"] == "required"
    assert [ws.cell(r, 16).value for r in range(2, 5)] == ["high", "medium", "low"]


def test_dropdowns_point_at_the_other_sheets(example_book: openpyxl.Workbook) -> None:
    ds = posmatrix.example()
    ws = example_book["Codings"]
    by_column = {str(dv.sqref).split(":")[0][0]: dv for dv in ws.data_validations.dataValidation}
    assert set(by_column) == {"A", "B", "C", "D", "F", "I"}
    assert all(dv.type == "list" for dv in by_column.values())
    last = len(ds.codings) + 1 + 1000
    assert str(by_column["A"].sqref) == f"A2:A{last}"
    assert by_column["A"].formula1 == f"Sources!$A$2:$A${len(ds.sources) + 1001}"
    # holders: 'author' plus the actors
    assert by_column["B"].formula1 == f"Actors!$A$2:$A${len(ds.actors) + 2 + 1000}"
    assert by_column["C"].formula1 == f"Codebook!$A$2:$A${len(ds.issues) + 1001}"
    assert by_column["D"].formula1 == "Codebook!$M$2:$M$6"  # the five stances
    assert by_column["F"].formula1 == "Codebook!$P$2:$P$4"
    assert by_column["I"].formula1 == '"true,false"'
    assert by_column["D"].errorStyle == "stop"
    assert by_column["A"].errorStyle == "warning"


def test_frozen_headers_and_widths(example_book: openpyxl.Workbook) -> None:
    for name in ("Codings", "Codebook", "Actors"):
        assert example_book[name].freeze_panes == "A2"
    assert example_book["Sources"].freeze_panes == "B2"
    assert example_book["Codings"].column_dimensions["E"].width == 70


def test_no_formulas_and_text_stays_text() -> None:
    ds = Dataset(
        title='=HYPERLINK("http://evil")',
        issues=[Issue("i", "+1 is not a formula", description="@SUM(A1)")],
        sources=[Source("s", "-2 and _x0041_ stay as typed")],
        codings=[Coding("s", "author", "i", 1, "=cmd|' /C calc'!A0")],
    )
    book = book_of(ds)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
    assert book["Codings"]["E2"].value == "=cmd|' /C calc'!A0"
    assert book["Codings"]["E2"].data_type == "s"


def test_same_dataset_same_bytes() -> None:
    ds = posmatrix.example()
    assert coding_workbook_bytes(ds) == coding_workbook_bytes(ds)


def test_custom_scale_and_stance_dropdown() -> None:
    ds = Dataset(title="T", scale=Scale(min=0, max=10))
    ws = book_of(ds)["Codebook"]
    assert [ws.cell(r, 13).value for r in range(2, 13)] == list(range(11))
    dv = [d for d in book_of(ds)["Codings"].data_validations.dataValidation if "D" in str(d.sqref)]
    assert dv[0].formula1 == "Codebook!$M$2:$M$12"


def test_new_project_workbook_is_valid_and_empty(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    assert main(["coding-sheet", "--new", "-o", str(path)]) == 0
    ds = posmatrix.load(path)
    assert ds == new_dataset()
    assert (len(ds.codings), len(ds.issues), len(ds.sources)) == (0, 0, 0)


def test_cli_never_writes_over_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.xlsx"
    write_coding_workbook(posmatrix.example(), path)
    before = path.read_bytes()
    assert main(["coding-sheet", str(path), "-o", str(path)]) == 1  # as brief: an output error
    assert "refusing to write over the input" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_cli_new_with_a_file_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["coding-sheet", "--new", "x.yaml", "-o", str(tmp_path / "c.xlsx")]) == 2
