"""The text document layer: one backend per format, one escaping rule per format, and
every text output built on it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import attrs
import pandas as pd
import pytest
import tabulate

import posmatrix
from posmatrix.changes import FORMATS as DIFF_FORMATS
from posmatrix.changes import diff
from posmatrix.cli import main
from posmatrix.gapreport.text import gap_tables, gap_text
from posmatrix.render import BACKENDS, FORMATS, TABLE_FORMATS, Document, cell, escape
from posmatrix.report import REPORT_FORMATS, render_report

PACKAGE = Path(posmatrix.__file__).parent


def test_every_format_has_one_backend() -> None:
    assert tuple(sorted(tabulate.tabulate_formats)) == TABLE_FORMATS
    assert tuple(BACKENDS)[: len(FORMATS)] == FORMATS  # the document formats first
    assert set(BACKENDS) == set(FORMATS) | set(TABLE_FORMATS)
    assert REPORT_FORMATS == FORMATS
    assert set(DIFF_FORMATS) - {"json"} <= set(FORMATS)
    assert [BACKENDS[f].fmt for f in BACKENDS] == list(BACKENDS)
    for fmt in ("markdown", "pipe", "latex_raw", "unsafehtml", "grid"):
        doc = Document(fmt)
        doc.heading("h", 2)
        assert doc.text("t")  # every registered format writes a document


def _accepted(capsys: pytest.CaptureFixture[str], argv: list[str]) -> set[str]:
    """The --format names the command line accepts, as its own error lists them."""
    try:
        code = main([*argv, "--format", "no-such-format"])
    except SystemExit as stop:  # argparse's choices
        code = int(str(stop.code))
    assert code == 2
    err = capsys.readouterr().err
    listed = re.search(r"\(choose from (.*)\)|must be one of (.*?); got", err, re.S)
    assert listed is not None, err
    return {name.strip(" '\n") for name in (listed[1] or listed[2]).split(",")}


def test_the_cli_accepts_exactly_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    """Every text format any of report, gaps and diff accepts is a backend of the
    registry, and every backend is reachable: no side path writes text of its own."""
    report = _accepted(capsys, ["report"])
    gaps = _accepted(capsys, ["gaps"])
    diffs = _accepted(capsys, ["diff", "a.yaml", "b.yaml"])
    data = {"json", "text"}  # JSON is data; gaps' "text" is str(report), the plain document
    assert report == set(FORMATS)
    assert gaps - data == set(TABLE_FORMATS)
    assert diffs - data <= set(BACKENDS)
    assert (report | gaps | diffs) - data == set(BACKENDS)


_TEXT_MODULES = ("report.py", "difftext.py", "dealreport.py", "overtime.py", "gapreport", "cli")
# markup written by hand: a Markdown heading or table rule, an HTML heading or table,
# a LaTeX sectioning command, an underline of a heading
_MARKUP = re.compile(r"^#{1,6} |\|[-:]{3}|<h[1-6]>|<table|\\(sub)*section|^[=~-]{3,}$", re.M)


def _sources(*names: str) -> list[Path]:
    out: list[Path] = []
    for name in names:
        path = PACKAGE / name
        out.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return out


def test_only_the_document_layer_calls_tabulate() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if PACKAGE / "render" in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] == "tabulate" for n in names):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_text_renderers_write_no_markup_of_their_own() -> None:
    """The report, the diff, the gap report and the CLI place blocks; headings, tables
    and their markup are the backends' (a string literal with markup is a side path)."""
    found = []
    for path in _sources(*_TEXT_MODULES):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _MARKUP.search(node.value)
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value[:40]!r}")
    # docstrings are not output
    found = [f for f in found if not _is_docstring_line(f)]
    assert found == []


def _is_docstring_line(found: str) -> bool:
    path, line, _ = found.split(":", 2)
    tree = ast.parse((PACKAGE / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            doc = node.body[0] if node.body else None
            if (
                isinstance(doc, ast.Expr)
                and isinstance(doc.value, ast.Constant)
                and doc.lineno <= int(line) <= (doc.end_lineno or doc.lineno)
            ):
                return True
    return False


@pytest.mark.parametrize(
    ("fmt", "want"),
    [
        # worked out from each format's rule: Markdown escapes its inline syntax,
        # LaTeX its ten specials, HTML & < >, plain nothing
        ("markdown", r"50% \& \<b\> a\_b"),
        ("github", r"50% \& \<b\> a\_b"),
        ("latex", r"50\% \& <b> a\_b"),
        ("html", "50% &amp; &lt;b&gt; a_b"),
        ("plain", "50% & <b> a_b"),
    ],
)
def test_one_escaping_rule_per_format(fmt: str, want: str) -> None:
    assert escape("50% & <b> a_b", fmt) == want
    assert BACKENDS[fmt].esc("50% & <b> a_b") == want


@pytest.mark.parametrize(
    ("fmt", "want"),
    [
        ("markdown", "## A \\& B\n\n- x\n  - y\n"),
        ("plain", "A & B\n-----\n\n- x\n  - y\n"),
        ("html", "<h2>A &amp; B</h2>\n\n<ul>\n<li>x<ul><li>y</li></ul></li>\n</ul>"),
    ],
)
def test_blocks_by_backend(fmt: str, want: str) -> None:
    doc = Document(fmt)
    doc.heading("A & B", 2)
    doc.nested([("x", ["y"])])
    assert want in doc.text("t")


def test_empty_table_says_none() -> None:
    doc = Document("plain")
    doc.table(pd.DataFrame({"a": []}))
    assert doc.text("t") == "(none)\n"


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The escaping rules, marked: text that passed a block's rule shows as «text», a
    table cell's as ‹text›."""
    import posmatrix.render.backends.base as base
    import posmatrix.render.table as table

    rule, cell_rule = base.escape, table.cell

    def mark(text: str, fmt: str, *, line_start: bool = False) -> str:
        return "«" + rule(text, fmt, line_start=line_start) + "»"

    def mark_cell(text: str, fmt: str) -> str:
        return "‹" + cell_rule(text, fmt) + "›"

    monkeypatch.setattr(base, "escape", mark)
    monkeypatch.setattr(table, "cell", mark_cell)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.usefixtures("marked")
def test_the_report_goes_through_the_document_layer(fmt: str) -> None:
    ds = posmatrix.example()
    text = render_report(ds, fmt)
    # the voice quoted first at the low end of the most contested issue is attributed
    # through the format's rule
    issues = posmatrix.gaps(ds).issues
    first = issues[issues["contested"]].iloc[0]
    name = posmatrix.Findings(ds).voice_names[first["low_voices"][0]]
    assert f"«{name}»" in text


@pytest.mark.parametrize("fmt", ["markdown", "github", "plain"])
@pytest.mark.usefixtures("marked")
def test_the_diff_goes_through_the_document_layer(fmt: str) -> None:
    ds = posmatrix.example()
    new = attrs.evolve(ds, codings=ds.codings[:-1])
    text = diff(ds, new).render(fmt)
    removed = ds.codings[-1]
    assert f"«{removed.source}»" in text  # the removed coding's source, escaped once


@pytest.fixture(scope="module")
def example_gaps() -> posmatrix.GapReport:
    return posmatrix.gaps(posmatrix.example())


@pytest.mark.parametrize("fmt", list(BACKENDS))
@pytest.mark.usefixtures("marked")
def test_the_gap_tables_go_through_the_document_layer(
    fmt: str, example_gaps: posmatrix.GapReport
) -> None:
    text = gap_tables(example_gaps, fmt)
    first = example_gaps.issues.index[0]
    assert f"‹{first}›" in text  # the most contested issue's id, a cell by the format's rule
    assert "‹issues›" in text  # and the headers


@pytest.mark.usefixtures("marked")
def test_the_gap_text_goes_through_the_document_layer(example_gaps: posmatrix.GapReport) -> None:
    text = gap_text(example_gaps)
    ds = example_gaps.dataset
    assert text.startswith(f"«Gap report: {ds.title}")  # the opening paragraph
    assert f"‹{example_gaps.issues.index[0]}›" in text  # a cell of the first table


@pytest.mark.parametrize("fmt", ["text", "github", "grid", "html"])
def test_the_cli_prints_the_document(
    fmt: str, example_gaps: posmatrix.GapReport, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["gaps", "--format", fmt]) == 0
    want = str(example_gaps) if fmt == "text" else gap_tables(example_gaps, fmt)
    assert capsys.readouterr().out == want


@pytest.mark.parametrize(
    ("fmt", "text", "want"),
    [
        # worked out from each rule: "|" separates mediawiki cells (written &#124;),
        # a TSV cell starting "=" would be a formula, rst rows are one line,
        # unsafehtml and latex_raw cells are left raw by tabulate so escaped here
        ("mediawiki", "a|b", "a&#124;b"),
        ("tsv", "=1+1", "'=1+1"),
        ("rst", "x\ny", "x y"),
        ("unsafehtml", "<b>", "&lt;b&gt;"),
        ("latex_raw", "50%", r"50\%"),
        ("grid", "a|b", "a|b"),
    ],
)
def test_one_cell_rule_per_table_format(fmt: str, text: str, want: str) -> None:
    assert cell(text, fmt) == want
