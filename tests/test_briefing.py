"""The Excel briefing: sheets, values, comments, colours, safety and reproducibility."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lopdf import page_count, to_pdf

import posmatrix
from posmatrix import findings as findings_module
from posmatrix.analysis import agreement
from posmatrix.briefing import build_briefing, matrices, write_briefing
from posmatrix.errors import OutputError, UsageError
from posmatrix.model import Actor, Coding, Dataset, Issue, Source
from posmatrix.xlsx import CellWarning

EVIL_TITLE = '=HYPERLINK("http://evil.invalid","click me")'


def _dataset(**changes: Any) -> Dataset:
    """Six voices, hand-checkable: see the expected values in each test."""
    issues = {
        "a": Issue("a", "=1+1 A should happen."),
        "b": Issue("b", "B should happen.", group="-grp"),
        "Київ": Issue("Київ", "Київ should be rebuilt."),
    }
    actors = {"east": Actor("east", "@East"), "west": Actor("west", "West")}
    sources = {
        "s1": Source("s1", "=cmd|' /C calc'!A0", url="https://example.org/s1"),
        "s2": Source("s2", "Київ news 🕊️", url="javascript:alert(1)"),
    }
    codings = (
        Coding("s1", "author", "a", 2, '=HYPERLINK("http://evil")'),
        Coding("s1", "author", "b", -1, "-1 is what we think", confidence="low"),
        Coding("s1", "east", "a", -2, "+East rejects A"),
        Coding("s1", "west", "a", 2, "@West backs A"),
        Coding("s2", "author", "a", -2, "كييف لا"),
        Coding("s2", "author", "Київ", 0, "e\u0301 mixed 🇺🇦"),
        Coding("s2", "east", "a", -2, "East again rejects A"),
        Coding("s2", "west", "b", 1, "West likes B"),
    )
    fields: dict[str, Any] = {
        "title": EVIL_TITLE,
        "description": "+ a description that starts like a formula",
        "version": "=2025",
        "citation": "@cite",
        "issues": issues,
        "actors": actors,
        "sources": sources,
        "codings": codings,
    }
    fields.update(changes)
    return Dataset(**fields)


@pytest.fixture(scope="module")
def book_bytes() -> bytes:
    return build_briefing(_dataset()).data


@pytest.fixture(scope="module")
def wb(book_bytes: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(book_bytes))


def _rows(ws: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def _find(ws: Any, value: str) -> Any:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not on sheet {ws.title}")


def test_sheets(wb: Any) -> None:
    assert wb.sheetnames == [
        "Summary",
        "Stances",
        "Agreement",
        "Gaps",
        "Clashes",
        "Red lines",
        "Deals",
        "Actors",
        "Coverage",
        "Codebook",
        "Evidence",
        "Sources",
        "About",
    ]


def test_no_cell_is_a_formula(wb: Any, book_bytes: bytes) -> None:
    seen_payloads = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    seen_payloads.add(cell.value)
                    assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(book_bytes)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode()
    # the payloads really are in the workbook, as text
    assert EVIL_TITLE in seen_payloads
    assert "=cmd|' /C calc'!A0" in seen_payloads
    assert "@East" in seen_payloads


def test_summary(wb: Any) -> None:
    ws = wb["Summary"]
    assert ws["A1"].value == EVIL_TITLE
    assert ws["A1"].data_type == "s"
    rows = _rows(ws)
    counts = {r[0]: r[1] for r in rows if r and isinstance(r[1], int)}
    assert counts["Sources"] == 2
    assert counts["Issues"] == 3
    assert counts["Actors"] == 2
    assert counts["Voices (source's own + reported)"] == 6
    assert counts["Codings (each with a verbatim quote)"] == 8
    # a contested: s1 and s1/west support, s1/east, s2, s2/east oppose; b: s1 -1, s2/west +1
    assert counts["Contested issues"] == 2
    assert counts["Red lines between actors"] == 1
    links = {c.value: c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink}
    for title in ("Stances", "Agreement", "Gaps", "Red lines", "Codebook", "About"):
        assert links[title] == f"'{title}'!A1"
    red = _find(ws, "@East ↔ West")
    assert [ws.cell(red.row, c).value for c in (2, 3, 4)] == [
        "a",
        "-2 strongly opposes",
        "+2 strongly supports",
    ]


def test_stances(wb: Any) -> None:
    ws = wb["Stances"]
    # names, not ids: a source's own voice by its title, a reported one by the actor
    # and the source; one Voice column (no repeated id columns), the stance as its
    # signed number on its colour (the labels are in the Codebook's scale legend)
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == "A1:E7"
    rows = _rows(ws)
    assert rows[0] == ["Voice", "Holder", "a", "b", "Київ"]
    s1, s2 = "=cmd|' /C calc'!A0", "Київ news 🕊️"
    assert rows[1:] == [
        [s1, "author", "+2", "-1", None],
        [f"@East · {s1}", "@East", "-2", None, None],
        [f"West · {s1}", "West", "+2", None, None],
        [s2, "author", "-2", None, "0"],
        [f"@East · {s2}", "@East", "-2", None, None],
        [f"West · {s2}", "West", None, "+1", None],
    ]
    assert ws["C1"].alignment.textRotation == 90
    assert ws["C1"].comment.text == "=1+1 A should happen."
    comment = ws["C2"].comment.text
    assert comment.startswith('“=HYPERLINK("http://evil")”\n— =cmd')
    assert "confidence high" in comment
    assert "confidence low" in ws["D2"].comment.text
    assert "e\u0301 mixed 🇺🇦" in ws["E5"].comment.text
    assert ws["C3"].comment.text.startswith("“+East rejects A”")
    assert ws["D3"].comment is None  # not addressed: blank, no comment
    # diverging fills: support blue, oppose red, neutral near white
    assert ws["C2"].fill.fgColor.rgb == "FF4393C3"
    assert ws["C3"].fill.fgColor.rgb == "FFD6604D"
    assert ws["E5"].fill.fgColor.rgb == "FFF7F7F7"
    # -1 is halfway from white (247, 247, 247) to red (214, 96, 77): (230.5, 171.5, 162),
    # rounded half to even
    assert ws["D2"].fill.fgColor.rgb == "FFE6ACA2"


def test_agreement(wb: Any) -> None:
    ws = wb["Agreement"]
    # row 1: the legend (above the matrix, so it never prints alone); row 2: the numbers
    assert ws.freeze_panes == "B3"
    assert ws["A1"].value.startswith("Agreement (cityblock)")
    assert "Below the diagonal: agreement" in ws["A1"].value
    assert ws.print_title_rows == "$2:$2"
    names = posmatrix.Findings(_dataset()).voice_names
    assert [c.value for c in ws[2][:7]] == ["Voice (clustered order)", "1", "2", "3", "4", "5", "6"]
    order = list(agreement(_dataset(), order="cluster").index)
    # rows numbered like the columns, in clustered order
    assert [ws.cell(3 + i, 1).value for i in range(6)] == [
        f"{i + 1}. {names[v]}" for i, v in enumerate(order)
    ]
    pos = {label: i for i, label in enumerate(order)}

    def score(a: str, b: str) -> Any:  # below the diagonal: the later voice's row
        i, j = sorted((pos[a], pos[b]), reverse=True)
        return ws.cell(3 + i, 2 + j).value

    def shared(a: str, b: str) -> Any:  # above it: the earlier voice's row
        i, j = sorted((pos[a], pos[b]))
        return ws.cell(3 + i, 2 + j).value

    # cityblock by hand: 1 - |a - b| / 4 over shared issues
    assert score("s1", "s1/east") == 0.0  # a: +2 vs -2
    assert score("s1", "s1/west") == 1.0  # a: +2 vs +2
    assert score("s1", "s2/west") == 0.5  # b: -1 vs +1
    assert score("s2", "s2/west") is None  # nothing shared
    i, j = max(pos["s1"], pos["s1/east"]), min(pos["s1"], pos["s1/east"])
    assert ws.cell(3 + i, 2 + j).number_format == "0%"
    assert shared("s1", "s2") == 1  # s1 addresses a and b, s2 only a
    assert shared("s2", "s2/west") == 0
    assert ws.cell(3 + pos["s1"], 2 + pos["s1"]).value == 2  # the diagonal: s1's issues
    (rng,) = list(ws.conditional_formatting)
    # one colour scale over the cells below the diagonal, row by row
    assert str(rng.sqref) == "B4 B5:C5 B6:D6 B7:E7 B8:F8"
    (rule,) = rng.rules
    assert rule.type == "colorScale"
    assert [float(v.val) for v in rule.colorScale.cfvo] == [0.0, 0.5, 1.0]


def test_gaps_and_red_lines(wb: Any) -> None:
    ws = wb["Gaps"]
    assert ws.freeze_panes == "C2"
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Rank", "Issue", "Proposition", "Voices", "Polarization"]
    first = [c.value for c in ws[2]]
    assert first[:4] == [1, "a", "=1+1 A should happen.", 5]
    # a: 2 support, 3 oppose -> polarization 2 * 2 / 5
    assert first[4] == pytest.approx(0.8)
    # one row per issue; at -2 on a: s1/east, s2, s2/east (3 = quotes_per_pole, all shown)
    assert [row[1] for row in _rows(ws)[1:]].count("a") == 1
    low = first[10].split("\n")
    assert "Київ news 🕊️: “كييف لا”" in low
    assert len(low) == 3
    assert first[12] is None  # nothing more than shown
    red = wb["Red lines"]
    assert _rows(red)[1][:7] == [
        "@East",
        "West",
        "a",
        "=1+1 A should happen.",
        "-2 strongly opposes",
        "+2 strongly supports",
        4,
    ]
    evidence = red["H2"].value
    assert evidence == "=cmd|' /C calc'!A0: “+East rejects A”\nКиїв news 🕊️: “East again rejects A”"


def test_codebook_sources_about(wb: Any) -> None:
    code = _rows(wb["Codebook"])
    assert code[1][:4] == ["a", "=1+1 A should happen.", None, 1]
    assert code[2][2] == "-grp"
    scale = [r for r in code if r and r[0] in (-2, -1, 0, 1, 2)]
    assert [r[1] for r in scale] == [
        "-2 strongly opposes",
        "-1 opposes",
        "0 neutral or mixed",
        "+1 supports",
        "+2 strongly supports",
    ]
    src = wb["Sources"]
    # one row per source: title first (no id column), the link in D
    assert src["A2"].value == "=cmd|' /C calc'!A0"
    assert src["D2"].hyperlink.target == "https://example.org/s1"
    assert src["D3"].value == "javascript:alert(1)"
    assert src["D3"].hyperlink is None  # only http(s) become links
    about = {r[0]: r[1] for r in _rows(wb["About"]) if r and r[0]}
    assert about["Dataset version"] == "=2025"
    assert about["Citation"] == "@cite"
    assert about["Made with"] == f"posmatrix {posmatrix.__version__}"
    assert about["Format"] == "posmatrix/1"


def test_print_setup(wb: Any) -> None:
    from openpyxl.utils import get_column_letter

    from posmatrix.xlsx import PORTRAIT_WIDTH

    for ws in wb.worksheets:
        # landscape where wide, portrait where narrow (it prints at about the same scale)
        width = sum(
            ws.column_dimensions[get_column_letter(c)].width or 0
            for c in range(1, ws.max_column + 1)
            if get_column_letter(c) in ws.column_dimensions
        )
        wide = width > PORTRAIT_WIDTH
        assert ws.page_setup.orientation == ("landscape" if wide else "portrait"), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "&P" in ws.oddFooter.center.text
    assert wb["Stances"].print_title_rows == "$1:$1"
    assert wb["Gaps"].print_title_rows == "$1:$1"


def test_every_font_names_its_typeface_and_size(book_bytes: bytes) -> None:
    # a font record without a name makes applications substitute their own (LibreOffice:
    # a serif); the row heights are estimated for Calibri
    import re

    with zipfile.ZipFile(io.BytesIO(book_bytes)) as z:
        styles = z.read("xl/styles.xml").decode()
    fonts = re.findall(r"<font>(.*?)</font>", styles)
    assert len(fonts) >= 5
    for record in fonts:
        assert '<name val="Calibri"' in record, record
        assert re.search(r'<sz val="\d+(\.\d+)?"', record), record


def test_identical_bytes(tmp_path: Path) -> None:
    ds = _dataset()
    one = write_briefing(ds, tmp_path / "one.xlsx").read_bytes()
    two = write_briefing(ds, tmp_path / "two.xlsx").read_bytes()
    assert one == two
    assert build_briefing(ds).data == one


def test_example_dataset(tmp_path: Path) -> None:
    ds = posmatrix.example()
    out = write_briefing(ds, tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(out)
    stances = wb["Stances"]
    assert stances.max_row == len(posmatrix.voices(ds)) + 1
    from posmatrix.voicenames import shorten

    # Voice and Holder, then one rotated column per issue, by its short name
    assert [c.value for c in stances[1][2:]] == [shorten(i.short, 24) for i in ds.issues.values()]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_refuses_to_overwrite_input(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text("x")
    ds = _dataset(path=str(data))
    with pytest.raises(OutputError, match="refusing to write over the input dataset"):
        write_briefing(ds, data)
    assert data.read_text() == "x"


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_briefing(_dataset(), tmp_path / "no" / "b.xlsx")


def test_unholdable_characters_warn(tmp_path: Path) -> None:
    import attrs

    # the model refuses control characters since issue 16 (D2); built past the checks,
    # as a library user could, the workbook writer still removes them
    with attrs.validators.disabled():
        coding = Coding("s1", "author", "a", 2, "bell\x07 and \ufffe")
    ds = _dataset(codings=(coding,))
    with pytest.warns(CellWarning, match=r"removed 2 characters .*U\+0007, U\+FFFE"):
        data = build_briefing(ds).data
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb["Stances"]["C2"].comment.text.startswith("“bell and ”")


def test_since_adds_changes(tmp_path: Path) -> None:
    old = _dataset()
    codings = tuple(
        Coding(c.source, c.holder, c.issue, 1, "Now it is softer")
        if (c.source, c.holder, c.issue) == ("s1", "east", "a")
        else c
        for c in old.codings
    )
    new = _dataset(codings=codings)
    built = build_briefing(new, since=old)
    wb = openpyxl.load_workbook(io.BytesIO(built.data))
    assert wb.sheetnames[1] == "Changes"
    rows = _rows(wb["Changes"])
    assert rows[0][:3] == ["Kind", "Change", "Item"]
    (coding,) = [r for r in rows[1:] if r[0] == "coding"]
    assert coding[1] == "changed"
    assert coding[2] == "s1 · east · a"
    assert coding[6:8] == ["+East rejects A", "Now it is softer"]
    assert "changes since" in built.summary()


def test_since_bad_type() -> None:
    with pytest.raises(UsageError, match="since must be a Dataset"):
        build_briefing(_dataset(), since=42)  # type: ignore[arg-type]


def test_large_data_lists_neighbours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(findings_module, "LARGE_VOICES", 3)
    built = build_briefing(_dataset())
    assert built.large
    ws = openpyxl.load_workbook(io.BytesIO(built.data))["Agreement"]
    rows = _rows(ws)
    assert rows[0] == [
        "Voice",
        "Camp",
        "Nearest voice",
        "Agreement",
        "Shared issues",
        "Farthest voice",
        "Agreement",
        "Shared issues",
    ]
    by_voice = {r[0]: r for r in rows[1:]}
    s1, s2 = "=cmd|' /C calc'!A0", "Київ news 🕊️"
    # s1/east (a: -2) agrees fully with s2 and s2/east (a: -2), not at all with s1, s1/west
    near = by_voice[f"@East · {s1}"]
    assert near[2] == s2  # first of the ties in voice order
    assert near[3] == 1.0
    assert near[5] == s1
    assert near[6] == 0.0
    assert by_voice[f"West · {s2}"][2] == s1  # its only shared issue is b, with s1
    about = _rows(openpyxl.load_workbook(io.BytesIO(built.data))["About"])
    assert any("nearest and farthest" in str(r[1]) for r in about if len(r) > 1)


UNICODE = ["Київ", "كييف لا", "🕊️", "e\u0301 mixed 🇺🇦"]


def test_unicode_survives(wb: Any) -> None:
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    comments = {
        c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment
    }
    assert "Київ" in texts
    assert "Київ news 🕊️" in texts
    assert any("كييف لا" in t for t in comments)
    assert any("e\u0301 mixed 🇺🇦" in t for t in comments)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_to_pdf(tmp_path: Path) -> None:
    out = write_briefing(posmatrix.example(), tmp_path / "briefing.xlsx")
    pdf = to_pdf(out, tmp_path, timeout=300)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdfinfo"):
        pages = page_count(pdf)
        assert pages >= 10  # every sheet printed, Summary to About
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Talks to end the war in Ukraine" in text
        assert "Most contested issues" in text


# -- the `posmatrix brief` command ---------------------------------------------------------


def test_cli_brief(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from posmatrix.cli import main

    out = tmp_path / "b.xlsx"
    assert main(["brief", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"wrote {out} (")
    ds = posmatrix.example()
    assert f"{len(ds.sources)} sources, {len(ds.issues)} issues, {len(ds.actors)} actors" in printed
    assert "sheets: Summary, Stances, Agreement" in printed
    assert out.read_bytes() == build_briefing(posmatrix.example()).data


def test_cli_brief_since(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from posmatrix.cli import main

    ds = posmatrix.example()
    assert ds.path is not None
    old = tmp_path / "old.yaml"
    text = Path(ds.path).read_text(encoding="utf-8")
    old.write_text(text.replace("stance: 2", "stance: 1", 1), encoding="utf-8")
    out = tmp_path / "b.xlsx"
    assert main(["brief", ds.path, "-o", str(out), "--since", str(old)]) == 0
    assert "changes since" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames[1] == "Changes"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("input", "refusing to write over the input dataset"),
        ("missing/b.xlsx", "does not exist"),
    ],
)
def test_cli_brief_bad_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, message: str
) -> None:
    from posmatrix.cli import main

    ds = posmatrix.example()
    assert ds.path is not None
    data = tmp_path / "data.yaml"
    data.write_bytes(Path(ds.path).read_bytes())
    before = data.read_bytes()
    path = str(data) if target == "input" else str(tmp_path / target)
    assert main(["brief", str(data), "-o", path]) == 1
    assert message in capsys.readouterr().err
    assert data.read_bytes() == before


def test_cli_brief_read_only_keeps_previous(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from posmatrix.cli import main

    out = tmp_path / "b.xlsx"
    out.write_bytes(b"previous")
    out.chmod(0o444)
    assert main(["brief", "-o", str(out)]) == 1
    assert "read-only" in capsys.readouterr().err
    assert out.read_bytes() == b"previous"


def test_cli_brief_warns_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from posmatrix.cli import main

    data = tmp_path / "d.yaml"
    data.write_text(
        "format: posmatrix/1\ntitle: T\nissues:\n  - {id: a, proposition: A.}\n"
        "sources:\n  - id: s\n    title: S\n    stances:\n"
        '      - {issue: a, stance: 1, quote: "x\\uFFFEy"}\n',
        encoding="utf-8",
    )
    code = main(["brief", str(data), "-o", str(tmp_path / "b.xlsx")])
    err = capsys.readouterr().err
    if code == 0:  # the loader let U+FFFE through: the workbook drops it, with a warning
        assert "posmatrix brief: warning: " in err
        assert "U+FFFE" in err
        wb = openpyxl.load_workbook(tmp_path / "b.xlsx")
        assert wb["Stances"]["D2"].comment.text.startswith("“xy”")
    else:  # the loader rejected it with a located problem
        assert code == 1
        assert "d.yaml:" in err
    assert "Traceback" not in err


def _brief_process(out: str) -> int:
    return subprocess.run(
        [sys.executable, "-m", "posmatrix", "brief", "-o", out],
        capture_output=True,
        check=False,
        timeout=300,
    ).returncode


@pytest.mark.slow
def test_racing_brief_runs_leave_one_complete_workbook(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    out = tmp_path / "briefing.xlsx"
    out.write_bytes(b"an older briefing")
    with ThreadPoolExecutor(max_workers=3) as pool:
        codes = list(pool.map(_brief_process, [str(out)] * 3))
    assert codes == [0, 0, 0]
    data = out.read_bytes()
    assert data == build_briefing(posmatrix.example()).data
    openpyxl.load_workbook(io.BytesIO(data))  # complete and readable
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.xlsx"]


def test_many_coded_cells_drop_comments_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matrices, "MAX_COMMENTS", 7)  # the dataset has 8 coded cells
    wb = openpyxl.load_workbook(io.BytesIO(build_briefing(_dataset()).data))
    stances = wb["Stances"]
    assert stances["C2"].value == "+2"
    assert stances["C2"].comment is None
    about = [r[1] for r in _rows(wb["About"]) if len(r) > 1 and r[1]]
    assert any("more than 7 coded cells" in str(t) for t in about)


def test_too_many_issues_for_excel_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matrices, "MAX_COLS", 4)  # room for 2 fixed columns and 2 issues
    with pytest.warns(CellWarning, match="Stances: 1 of 3 issues left out"):
        data = build_briefing(_dataset()).data
    stances = openpyxl.load_workbook(io.BytesIO(data))["Stances"]
    assert [c.value for c in stances[1]] == ["Voice", "Holder", "a", "b"]


def test_codebook_checks_listed(wb: Any) -> None:
    # Voices per issue in _dataset(): a by s1, s1/east, s1/west, s2, s2/east (5);
    # b by s1 and s2/west (2); Київ by s2 (1). With fewer than 3 voices b and Київ are
    # thin (two warnings). a~b share one voice (s1: +2, -1), not both extremes: no pair
    # finding; no quote is shared; west's positions rest on one source each, but no
    # other source reports west on 3 issues: no single-source note.
    code = _rows(wb["Codebook"])
    start = next(n for n, r in enumerate(code) if r[0] and str(r[0]).startswith("Codebook checks"))
    # the codebook's columns: the long finding goes to its widest column (E)
    assert code[start + 1][:5] == ["Kind", "Items; where in <dataset>", "Severity", None, "Finding"]
    rows = [r for r in code[start + 2 :] if r[0]]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("thin-issue", "b; line 1, column 1", "warning"),
        ("thin-issue", "Київ; line 1, column 1", "warning"),
    ]
    assert rows[0][4].startswith("issue 'b' is coded by 2 voice(s), fewer than 3")


def test_a_coding_without_a_quote_shows_as_no_quote_given() -> None:
    ds = Dataset(
        title="T",
        issues=[Issue("i", "P.")],
        sources=[Source("a", "A"), Source("b", "B")],
        codings=[Coding("a", "author", "i", 2, ""), Coding("b", "author", "i", -2, "No way.")],
        evidence="optional",
    )
    book = openpyxl.load_workbook(io.BytesIO(build_briefing(ds).data))
    texts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                texts.append(str(cell.value or ""))
                if cell.comment is not None:
                    texts.append(cell.comment.text)
    joined = "\n".join(texts)
    assert "(no quote given)" in joined
    assert "“(no quote given)”" not in joined
    assert "“”" not in joined
    assert "“No way.”" in joined
    assert "  of which without a quote (evidence: optional)" in texts  # the summary counts it
    assert "Codings (each with a verbatim quote)" not in texts
