"""Safe workbook writing: text stays text, bad characters go, limits hold, bytes repeat."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posmatrix.errors import OutputError
from posmatrix.xlsx import (
    BOLD,
    MAX_CELL_CHARS,
    MAX_COLS,
    MAX_ROWS,
    WRAP,
    BookWriter,
    CellWarning,
    Styled,
    clean_text,
    escape_ooxml,
    internal_link,
    normalize_xlsx,
    sheet_title,
    unescape_ooxml,
)

FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://example.invalid","click")',
    "+1",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "= spaced",
    "#N/A",
    "#REF!",
    "#DIV/0!",
]


def _book(rows: list[list[Any]], **kwargs: Any) -> bytes:
    book = BookWriter(title="Test")
    sheet = book.add_sheet("Data", **kwargs)
    for row in rows:
        sheet.append(row)
    return book.to_bytes()


def _load(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _sheet_xml(data: bytes, n: int = 1) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(f"xl/worksheets/sheet{n}.xml").decode()


@pytest.mark.parametrize("payload", FORMULAS)
def test_formula_payloads_stay_text(payload: str) -> None:
    data = _book(
        [
            [payload, Styled(payload, font=BOLD, comment=payload)],
            [Styled(payload, link=internal_link("Data"))],
        ]
    )
    ws = _load(data)["Data"]
    for ref in ("A1", "B1", "A2"):
        cell = ws[ref]
        assert cell.value == payload
        assert cell.data_type == "s"
    assert ws["B1"].comment.text == payload
    assert ws["A1"].quotePrefix is payload.startswith(("=", "+", "-", "@", "\t"))
    assert ws["A1"].data_type == "s"  # not "e", the error type openpyxl gives "#N/A"
    assert "<f>" not in _sheet_xml(data)


def test_plain_text_has_no_quote_prefix() -> None:
    ws = _load(_book([["plain", "a=b"]]))["Data"]
    assert ws["A1"].quotePrefix is False
    assert ws["B1"].quotePrefix is False


@pytest.mark.parametrize(
    ("text", "expected", "codes"),
    [
        ("a\x00b", "ab", "U+0000"),
        ("a\x07b\x1f", "ab", "U+0007, U+001F"),
        ("x\x0b\x0cy", "xy", "U+000B, U+000C"),
        ("non\ufffechar\uffff", "nonchar", "U+FFFE, U+FFFF"),
        ("lone \ud800 surrogate", "lone  surrogate", "U+D800"),
        ("low \udcff too", "low  too", "U+DCFF"),
    ],
)
def test_illegal_characters_removed_with_warning(text: str, expected: str, codes: str) -> None:
    with pytest.warns(
        CellWarning, match=rf"Data!A1: removed \d+ characters? .*\({re.escape(codes)}\)"
    ):
        data = _book([[text]])
    assert _load(data)["Data"]["A1"].value == expected


def test_legal_whitespace_is_kept() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", CellWarning)
        data = _book([["line one\nline two\ttabbed"]])
    assert _load(data)["Data"]["A1"].value == "line one\nline two\ttabbed"


@pytest.mark.parametrize("extra", [1, 100, 50_000])
def test_long_text_cut_with_visible_marker(extra: int) -> None:
    text = "y" * (MAX_CELL_CHARS + extra)
    with pytest.warns(CellWarning, match="cut to the Excel cell limit of 32,767"):
        data = _book([[text]])
    value = _load(data)["Data"]["A1"].value
    assert len(value) == MAX_CELL_CHARS
    marker = value[value.index("…") :]
    kept = len(value) - len(marker)
    assert value[:kept] == "y" * kept
    assert marker == f"… [{len(text) - kept:,} more characters cut: an Excel cell holds 32,767]"


def test_text_at_the_limit_is_untouched() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", CellWarning)
        assert clean_text("z" * MAX_CELL_CHARS) == "z" * MAX_CELL_CHARS


UNICODE = ["Київ", "كييف العاصمة", "🇺🇦 peace 🕊️", "e\u0301te\u0301", "日本語", "שלום"]


def test_unicode_survives_unchanged() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", CellWarning)
        data = _book([UNICODE, [Styled("x", comment=" / ".join(UNICODE))]])
    ws = _load(data)["Data"]
    assert [c.value for c in ws[1]] == UNICODE
    assert ws["A2"].comment.text == " / ".join(UNICODE)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.5, 1.5),
        (np.float64(2.25), 2.25),
        (np.int64(7), 7),
        (True, True),
        (float("nan"), None),
        (float("inf"), None),
        (np.float32("nan"), None),
        (None, None),
        (Path("a/b"), "a/b"),
    ],
)
def test_values(value: object, expected: object) -> None:
    ws = _load(_book([["x", value]]))["Data"]
    assert ws["B1"].value == expected


def test_sheet_setup_reads_back() -> None:
    book = BookWriter(title="Setup")
    sheet = book.add_sheet("Stances", widths=[30, 12.5], freeze="B2", tab_color="FF336699")
    sheet.append([Styled("voice", font=BOLD), "issue"])
    sheet.append(["a", 1.0])
    sheet.append(["b", -1.0])
    sheet.auto_filter()
    sheet.color_scale("B2:B3", low=-2, high=2)
    other = book.add_sheet("Other", landscape=False, title_rows=0)
    other.append([Styled("back", link=internal_link("Stances", "B2"))])
    wb = _load(book.to_bytes())
    assert wb.sheetnames == ["Stances", "Other"]
    ws = wb["Stances"]
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:B3"
    assert ws.column_dimensions["A"].width == 30
    assert ws.column_dimensions["B"].width == 12.5
    # 42.5 wide, narrower than PORTRAIT_WIDTH: portrait, fit to the page width
    assert ws.page_setup.orientation == "portrait"
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert "&P" in ws.oddFooter.center.text
    assert "&N" in ws.oddFooter.center.text
    assert ws["A1"].font.bold
    (rule_range,) = list(ws.conditional_formatting)
    assert str(rule_range.sqref) == "B2:B3"
    (rule,) = rule_range.rules
    assert rule.type == "colorScale"
    assert [float(v.val) for v in rule.colorScale.cfvo] == [-2.0, 0.0, 2.0]
    back = wb["Other"]
    assert back.page_setup.orientation == "portrait"
    assert back.print_title_rows is None
    link = back["A1"].hyperlink
    assert link.location == "'Stances'!B2"
    assert link.target is None


def test_two_builds_give_identical_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    rows: list[list[Any]] = [["=1", Styled("quote", comment="evidence")], [1.0, 2.0]]
    one = _book(rows, freeze="A2")
    monkeypatch.setattr("time.time", lambda: 2_000_000_000.0)  # openpyxl reads the clock
    two = _book(rows, freeze="A2")
    assert one == two
    with zipfile.ZipFile(io.BytesIO(one)) as z:
        core = z.read("docProps/core.xml").decode()
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == [
        "1980-01-01T00:00:00Z",
        "1980-01-01T00:00:00Z",
    ]


def test_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    data = _book([["x"]])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.infolist()[0].date_time == (2023, 11, 14, 22, 13, 20)
        assert "2023-11-14T22:13:20Z" in z.read("docProps/core.xml").decode()
    assert _load(data).properties.created.year == 2023


def test_saves_at_different_times_normalize_to_the_same_bytes() -> None:
    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    raw = buf.getvalue()
    later = io.BytesIO()  # the same workbook as saved in 2031: other zip and core times
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as src,
        zipfile.ZipFile(later, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2031-05-06T07:08:09Z", data)
            info.date_time = (2031, 5, 6, 7, 8, 10)
            dst.writestr(info, data)
    assert later.getvalue() != raw
    assert b"2031-05-06T07:08:09Z" in zipfile.ZipFile(later).read("docProps/core.xml")
    assert normalize_xlsx(later.getvalue()) == normalize_xlsx(raw)


def test_normalize_is_idempotent() -> None:
    data = _book([["x", 1]])
    assert normalize_xlsx(data) == data


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("Summary", [], "Summary"),
        ("a/b\\c", [], "a-b-c"),
        ("[x]:*?", [], "-x----"),
        ("'quoted'", [], "quoted"),
        ("", [], "Sheet"),
        ("History", [], "History (sheet)"),
        ("x" * 40, [], "x" * 31),
        ("Gaps", ["GAPS"], "Gaps (2)"),
        ("Gaps", ["gaps", "Gaps (2)"], "Gaps (3)"),
        ("y" * 31, ["y" * 31], "y" * 27 + " (2)"),
    ],
)
def test_sheet_title(name: str, taken: list[str], expected: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert sheet_title(name, taken) == expected
    assert bool(caught) is (expected != name)
    assert all(issubclass(w.category, CellWarning) for w in caught)


@settings(max_examples=60, deadline=None)
@given(name=st.text(max_size=60), taken=st.lists(st.text(max_size=35), max_size=4))
def test_sheet_title_always_valid(name: str, taken: list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        title = sheet_title(name, taken)
    assert 0 < len(title) <= 31
    assert not set(title) & set("[]:*?/\\")
    assert not title.startswith("'")
    assert not title.endswith("'")
    assert title.casefold() not in {t.casefold() for t in taken}
    openpyxl.Workbook().create_sheet(title)  # accepted by openpyxl


def test_sheet_titles_in_a_book_are_unique() -> None:
    book = BookWriter()
    with pytest.warns(CellWarning):
        names = [book.add_sheet(n).title for n in ("Data", "data", "A" * 40)]
    assert names == ["Data", "data (2)", "A" * 31]
    assert _load(book.to_bytes()).sheetnames == names


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=st.text(max_size=80) | st.text(alphabet="_xX0aF5A ", max_size=40))
def test_any_text_roundtrips_as_cleaned_text(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CellWarning)
        expected = clean_text(text)
        data = _book([["k", text]])
    value = _load(data)["Data"]["B1"].value
    # XML turns a carriage return into a line feed; openpyxl reads "" as an empty cell
    expected = expected.replace("\r\n", "\n").replace("\r", "\n")
    # openpyxl reads the stored form; Excel would decode its _xHHHH_ escapes
    assert value == (escape_ooxml(expected) or None)
    assert unescape_ooxml(value or "") == expected


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("_x0041_", "_x005F_x0041_"),
        ("a_x0041_x0042_b", "a_x005F_x0041_x005F_x0042_b"),  # overlapping: both escaped
        ("_X00ff_", "_x005F_X00ff_"),
        ("_x005F_", "_x005F_x005F_"),
        ("__x0041__", "__x005F_x0041__"),
        ("_x41_ _x00411_ x0041_ _x004G_", "_x41_ _x00411_ x0041_ _x004G_"),  # no escape
        ("snake_case_x", "snake_case_x"),
    ],
)
def test_ooxml_escapes_stored_escaped(text: str, stored: str) -> None:
    assert escape_ooxml(text) == stored
    assert unescape_ooxml(stored) == text
    data = _book([[text, Styled("c", comment=text)]])
    ws = _load(data)["Data"]
    assert ws["A1"].value == stored
    assert ws["B1"].comment.text == stored


@given(text=st.text(alphabet="_xX0123456789aAfF5G ", max_size=60))
def test_ooxml_escape_roundtrips_as_excel_decodes(text: str) -> None:
    # unescape_ooxml decodes left to right as Excel does: what Excel shows is the text
    assert unescape_ooxml(escape_ooxml(text)) == text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_escape_like_text_as_written(tmp_path: Path) -> None:
    texts = ["_x0041_", "a_x0041_x0042_b", "plain_text", "_x005F_"]
    path = tmp_path / "escapes.xlsx"
    path.write_bytes(_book([[t] for t in texts]))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(path)],
        capture_output=True,
        timeout=180,
        check=True,
    )
    shown = (tmp_path / "escapes.csv").read_text(encoding="utf-8").splitlines()
    assert shown == texts


def test_row_and_column_limits() -> None:
    book = BookWriter()
    sheet = book.add_sheet("Big")
    with pytest.raises(OutputError, match="16,384 columns"):
        sheet.append([0] * (MAX_COLS + 1))
    sheet.rows = MAX_ROWS  # as if a million rows had been written
    with pytest.raises(OutputError, match="more than Excel's 1,048,576 rows"):
        sheet.append([1])


def test_saved_once_only() -> None:
    book = BookWriter()
    book.to_bytes()
    with pytest.raises(OutputError, match="already saved"):
        book.to_bytes()


def test_save_is_atomic_and_protects_input(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text("format: posmatrix/1\n")
    book = BookWriter()
    book.add_sheet("A").append(["x"])
    with pytest.raises(OutputError, match="refusing to write over the input"):
        book.save(data, protect=[data])
    assert data.read_text() == "format: posmatrix/1\n"
    out = BookWriter()
    out.add_sheet("A").append([math.pi])
    path = out.save(tmp_path / "b.xlsx", protect=[data])
    assert _load(path.read_bytes())["A"]["A1"].value == pytest.approx(math.pi)


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a?b=1", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ('=HYPERLINK("http://x")', False),
        ("http://has space", False),
    ],
)
def test_external_links_only_for_web_addresses(url: str, linked: bool) -> None:
    ws = _load(_book([[Styled(url, url=url)]]))["Data"]
    assert ws["A1"].value == url
    assert ws["A1"].data_type == "s"
    if linked:
        assert ws["A1"].hyperlink.target == url
    else:
        assert ws["A1"].hyperlink is None


def test_merged_paragraph_and_row_height() -> None:
    book = BookWriter()
    sheet = book.add_sheet("P", widths=[10, 10, 10])
    text = " ".join(["word"] * 60)  # 299 characters over 30 columns of width
    sheet.append_merged(Styled(text, alignment=WRAP), 3)
    sheet.append(["short"])
    ws = _load(book.to_bytes())["P"]
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:C1"]
    # In Calibri "word" is 4,334/1,038 = 4.18 widths of "0" and "word " 4.62; of 30
    # widths 0.945 are filled (28.35): 4.18 + 5 × 4.62 = 27.3 fits six words a line,
    # so 60 words take 10 lines: 15 points, 14 for each further line, plus 3
    assert ws.row_dimensions[1].height == pytest.approx(15 + 14 * 9 + 3)
    assert ws.row_dimensions[2].height is None


@pytest.mark.parametrize(
    ("text", "per_line", "lines"),
    [
        ("0" * 9, 9.0, 1),  # "0" is the unit: nine fit in nine
        ("0" * 10, 9.0, 2),  # a word longer than the line breaks inside
        ("iiii iiii", 4.1, 1),  # i is 470/1038 = 0.45 wide, space 0.45: 4.07 in all
        ("iiii iiii", 4.0, 2),
        ("MMMM MMMM", 10.0, 2),  # M is 1751/1038 = 1.69 wide: 6.75 a word
        ("mmmm", 6.0, 2),  # m is 1636/1038 = 1.58 wide: 6.30 breaks inside a 6 line
        ("漢字漢字", 8.0, 1),  # full-width: 2 each
        ("漢字漢字漢", 8.0, 2),
        ("Київ Київ", 4.0, 2),  # other scripts: 1 each (combining marks 0)
        ("well-known", 6.0, 2),  # "well-" 3.90 + "known" 5.42: breaks after the hyphen
        ("a\nb", 50.0, 2),
    ],
)
def test_wrapped_lines_by_glyph_width(text: str, per_line: float, lines: int) -> None:
    from posmatrix.xlsxfit import _wrapped_lines

    assert _wrapped_lines(text, per_line) == lines


@pytest.mark.parametrize(
    # PRINT_WIDTH 200, up to 15% more on one page: 230 characters a page across
    ("widths", "pages"),
    [([30, 40], 1), ([100, 129], 1), ([100, 131], 2), ([150] * 3, 2), ([200] * 3, 3)],
)
def test_wide_sheets_print_across_pages(widths: list[float], pages: int) -> None:
    book = BookWriter()
    book.add_sheet("W", widths=widths).append(["x"])
    ws = _load(book.to_bytes())["W"]
    assert ws.page_setup.fitToWidth == pages
    assert ws.print_title_cols == ("$A:$A" if pages > 1 else None)


def test_openpyxl_through_its_public_api_only() -> None:
    """No cell._value, cell._style or other underscored openpyxl attribute (issue 14)."""
    import re

    import posmatrix.xlsx as module

    # xlsx.py and its siblings (xlsxstyle, xlsxtext, xlsxfit, xlsxprint, xlsxzip)
    files = sorted(Path(module.__file__).parent.glob("xlsx*.py"))
    assert len(files) == 6
    private = re.compile(r"\bcell\._|template\._|\._(value|style|hyperlink|comment)\b")
    for file in files:
        assert private.search(file.read_text(encoding="utf-8")) is None, file.name


def test_styled_cells_stay_on_their_sheet() -> None:
    """Cells of one look are copied from one template; each keeps its own sheet's links."""
    import io

    import openpyxl

    from posmatrix.xlsx import BOLD, BookWriter, Styled, internal_link

    book = BookWriter()
    first = book.add_sheet("One")
    second = book.add_sheet("Two")
    first.append([Styled("=x", font=BOLD), Styled(1.5, font=BOLD, number_format="0%")])
    second.append([Styled("go", font=BOLD, link=internal_link("One")), Styled("=y", font=BOLD)])
    wb = openpyxl.load_workbook(io.BytesIO(book.to_bytes()))
    one, two = wb["One"], wb["Two"]
    assert (one["A1"].value, one["A1"].data_type, one["A1"].font.b) == ("=x", "s", True)
    assert one["A1"].quotePrefix
    assert not two["A1"].quotePrefix
    assert (one["B1"].value, one["B1"].number_format) == (1.5, "0%")
    assert one["A1"].hyperlink is None
    assert two["A1"].hyperlink.location == "'One'!A1"
    assert (two["B1"].value, two["B1"].data_type, two["B1"].quotePrefix) == ("=y", "s", True)
