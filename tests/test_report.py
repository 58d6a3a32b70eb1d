"""The text briefing in every format: content, escaping, Unicode, determinism."""

from __future__ import annotations

import html.parser
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import posmatrix
from posmatrix.analysis import overlap
from posmatrix.errors import UsageError
from posmatrix.gapreport import gaps
from posmatrix.model import Actor, Coding, Dataset, Issue, Source
from posmatrix.report import REPORT_FORMATS, render_report


def _dataset(**changes: Any) -> Dataset:
    fields: dict[str, Any] = {
        "title": "Київ talks | <b>brief</b>",
        "version": "3",
        "citation": "Cite as: test & co.",
        "issues": {
            "a": Issue("a", "A should happen."),
            "b": Issue("b", "B should happen."),
        },
        "actors": {"east": Actor("east", "East"), "west": Actor("west", "West")},
        "sources": {"s1": Source("s1", "One"), "s2": Source("s2", "Two")},
        "codings": (
            Coding("s1", "author", "a", 2, "We want A | now <script>x</script>"),
            Coding("s1", "author", "b", -1, "B is doubtful, 50% & more_x"),
            Coding("s1", "east", "a", -2, "East rejects A (كييف)"),
            Coding("s1", "west", "a", 2, "West backs A 🇺🇦"),
            Coding("s2", "author", "a", -2, "A is a disaster, 50% & more_x, e\u0301"),
            Coding("s2", "author", "b", -1, "B too"),
        ),
    }
    fields.update(changes)
    return Dataset(**fields)


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return _dataset()


def test_plain_report_exact_sections(ds: Dataset) -> None:
    text = render_report(ds, "plain")
    lines = text.splitlines()
    assert lines[0] == "Київ talks | <b>brief</b>"
    assert lines[1] == "=" * len(lines[0])
    headings = [lines[i - 1] for i, ln in enumerate(lines) if ln and set(ln) == {"-"} and i > 0]
    assert headings == [
        "Summary",
        "Most contested issues",
        "Red lines between actors",
        "Who clashes with whom",
        "Where a deal could be",
        "Agreement between the sources' own stances",
        "Camps",
        "Coverage",
        "Codebook checks",
        "Citation",
    ]
    minor = [lines[i - 1] for i, ln in enumerate(lines) if ln and set(ln) == {"~"} and i > 0]
    # a is also the issue that blocks a deal between East (-2) and West (+2)
    assert minor == [
        "1. a: A should happen.",
        "a: A should happen.",
        "Most aligned voices",
        "Most divergent voices",
    ]
    # 5 voices: s1, s1/east, s1/west, s2 (own), no s2 reports; a is contested 2 vs 2
    assert "2 sources, 2 issues, 2 actors; 4 voices (2 sources' own stances, 2 positions" in text
    assert "1 of 2 issues are contested" in text
    assert "4 voices: 2 support, 0 neutral or mixed, 2 oppose; polarization 100%" in text
    # quotes at both poles, attributed by name: an actor's as "actor · source title"
    assert "    “East rejects A (كييف)” — East · One" in text
    assert "    “West backs A 🇺🇦” — West · One" in text
    assert "“A is a disaster, 50% & more_x, e\u0301” — Two" in text
    # red line East (-2) vs West (+2) on a
    assert "East / West" in text
    # s1 vs s2 own stances: a |2 - -2| = 4, b 0 -> 1 - 4/8 = 50% over 2 issues, said
    # once (not in every cell), the cell marked as resting on fewer than 3 issues
    assert "Every pair shares 2 issues; * fewer than 3 shared issues." in text
    assert "1. One          50%*" in text
    assert "(2)" not in text
    # the clash ranking: One (+2) vs Two (-2) on a, out of the 2 issues both address
    assert "One         Two                 1                2      50%" in text
    assert "No camps to profile." in text  # 4 voices, too few positions for camps
    assert text.endswith("Cite as: test & co.\n")


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_every_format_has_the_content(ds: Dataset, fmt: str) -> None:
    text = render_report(ds, fmt)
    assert text.endswith("\n")
    for needle in ("Київ talks", "Most contested issues", "East rejects A (كييف)", "🇺🇦", "e\u0301"):
        assert needle in text, (fmt, needle)
    assert render_report(ds, fmt) == text  # deterministic


def test_markdown_escapes(ds: Dataset) -> None:
    text = render_report(ds, "markdown")
    assert text.startswith("# Київ talks \\| \\<b\\>brief\\</b\\>\n")
    assert "<script>" not in text
    assert "“We want A \\| now \\<script\\>x\\</script\\>”" in text
    assert "| East / West " in text  # the red-line table is a pipe table


def test_html_is_escaped_and_well_formed(ds: Dataset) -> None:
    text = render_report(ds, "html")
    assert text.startswith("<!DOCTYPE html>")
    assert "<script>" not in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text
    assert "<title>Київ talks | &lt;b&gt;brief&lt;/b&gt;</title>" in text

    class Tags(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag not in ("meta",):
                self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack.pop() == tag

    parser = Tags()
    parser.feed(text)
    assert parser.stack == []


def test_latex_escapes(ds: Dataset) -> None:
    text = render_report(ds, "latex")
    assert "\\section*{Київ talks | <b>brief</b>}" in text
    assert "50\\% \\& more\\_x" in text
    assert "\\begin{quote}" in text
    assert "\\toprule" in text


def test_github_tables(ds: Dataset) -> None:
    text = render_report(ds, "github")
    assert "|-----" in text
    assert "| source   |" in text


def test_no_contested_issue() -> None:
    ds = _dataset(
        codings=(
            Coding("s1", "author", "a", 1, "Fine."),
            Coding("s2", "author", "a", 2, "Great."),
        )
    )
    text = render_report(ds, "plain")
    assert "No issue is contested." in text
    assert "0 of 2 issues are contested" in text


def test_top_limits_quotes() -> None:
    text = render_report(posmatrix.example(), "markdown", top=1)
    # one contested issue, the three issues blocking a deal in 2025.2 (russia-guarantor-
    # veto, nato-eastern-buildup, talks-before-summit: each has a -2 and a +2 among the
    # four parties), the two pair lists, and the largest move (the bundled dataset's
    # dates span three months, so the report has a Change over time section), and the
    # Camps section's five: its two camps (one defining list each, not cut by top),
    # all camps agree on, camps divide on, the voices that bridge two camps
    assert text.count("\n### ") == 12


def test_reuses_given_report(ds: Dataset) -> None:
    rep = gaps(ds)
    assert render_report(ds, "plain", report=rep) == render_report(ds, "plain")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"fmt": "docx"}, "format must be one of markdown, github, latex, html, plain"),
        ({"top": 0}, "top must be an integer >= 1"),
    ],
)
def test_bad_arguments(ds: Dataset, kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(UsageError, match=match):
        render_report(ds, **kwargs)


def test_not_a_dataset() -> None:
    with pytest.raises(UsageError, match="must be a posmatrix Dataset"):
        render_report({"title": "x"})  # type: ignore[arg-type]


# -- the `posmatrix report`, `matrix` and `gaps` commands -----------------------------------


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from posmatrix.cli import main

    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_cli_report_matches_library(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["report", "--format", fmt], capsys)
    assert code == 0
    # HTML inlines the figures (SVG); the other formats have none on standard output
    from posmatrix.reportfigures import report_figures

    figures = report_figures(posmatrix.example(), fmt)[0]
    assert bool(figures) == (fmt == "html")
    assert out == render_report(posmatrix.example(), fmt, figures=figures)


def test_cli_report_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "memo.md"
    code, out, err = _run(["report", "--top", "2", "--output", str(target), "--no-figures"], capsys)
    assert code == 0
    assert out == ""
    assert err == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == render_report(posmatrix.example(), top=2)


def test_cli_report_never_over_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ds = posmatrix.example()
    assert ds.path is not None
    data = tmp_path / "d.yaml"
    data.write_bytes(Path(ds.path).read_bytes())
    before = data.read_bytes()
    code, _, err = _run(["report", str(data), "-o", str(data)], capsys)
    assert code == 1
    assert "refusing to write over the input dataset" in err
    assert data.read_bytes() == before


SMALL = """\
format: posmatrix/1
title: Small
issues:
  - {id: a, proposition: A.}
  - {id: b, proposition: B.}
  - {id: c, proposition: C.}
sources:
  - id: s1
    title: One
    stances:
      - {issue: a, stance: 2, quote: qa1}
      - {issue: b, stance: -1, quote: qb1}
  - id: s2
    title: Two
    stances:
      - {issue: a, stance: -2, quote: qa2}
      - {issue: b, stance: -1, quote: qb2}
  - id: s3
    title: Three
    stances:
      - {issue: c, stance: 0, quote: qc3}
"""


def test_cli_matrix_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "small.yaml"
    data.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "m.csv"
    code, _, _ = _run(
        ["matrix", str(data), "--order", "file", "--format", "csv", "--output", str(out)], capsys
    )
    assert code == 0
    frame = pd.read_csv(out, index_col=0)
    assert list(frame.index) == ["s1", "s2", "s3"]
    assert list(frame.columns) == ["s1", "s2", "s3"]
    # s1 vs s2 over a and b: 1 - (|2 - -2| + |-1 - -1|) / (2 * 4) = 0.5; s3 shares nothing
    assert frame.loc["s1", "s2"] == 0.5
    assert frame.loc["s1", "s1"] == 1.0
    assert np.isnan(frame.loc["s1", "s3"])
    code, text, _ = _run(["matrix", str(data), "--order", "file", "--show", "overlap"], capsys)
    assert text.splitlines()[2].split() == ["s1", "2", "2", "0"]
    code, text, _ = _run(["matrix", str(data), "--order", "file", "--digits", "3"], capsys)
    assert text.splitlines()[2].split() == ["s1", "1.000", "0.500", "–"]


def test_cli_matrix_json_and_overlap(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        ["matrix", "--holder", "all", "--show", "overlap", "--order", "file", "--format", "json"],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    want = overlap(posmatrix.example())
    assert data["index"] == [str(v) for v in want.index]
    assert data["values"] == want.to_numpy().tolist()


def test_cli_matrix_stances_github(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["matrix", "--show", "stances", "--format", "github"], capsys)
    assert code == 0
    lines = out.splitlines()
    ds = posmatrix.example()
    assert lines[0].split("|")[2].strip() == next(iter(ds.issues))
    assert len(lines) == 2 + len(ds.sources)  # one own voice per source in the example


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["matrix", "--format", "gihtub"], "did you mean 'github'"),
        (["matrix", "--holder", "nobody"], "holder must be 'author'"),
        (["gaps", "--format", "xml"], "--format must be one of text, json"),
    ],
)
def test_cli_usage_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(args, capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_cli_unknown_metric_is_an_argparse_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # --metric's choices are the metric registry: argparse refuses others, exit 2
    with pytest.raises(SystemExit) as exc:
        _run(["matrix", "--metric", "nope"], capsys)
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert "argument --metric: invalid choice: 'nope'" in err
    assert "'exact', 'sign'" in err or "exact, sign" in err


def test_cli_gaps_formats(capsys: pytest.CaptureFixture[str]) -> None:
    ds = posmatrix.example()
    code, out, _ = _run(["gaps"], capsys)
    assert code == 0
    assert out == str(gaps(ds))
    code, out, _ = _run(["gaps", "--format", "json"], capsys)
    assert json.loads(out)["title"] == ds.title
    code, out, _ = _run(["gaps", "--format", "github"], capsys)
    assert out.startswith("## issues\n\n| issue ")
    assert "## red lines" in out
    assert "quote" not in out.split("\n", 3)[2]  # quote columns left to text and json


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    from posmatrix.cli import build_parser

    parser = build_parser()
    for command in ("brief", "report", "matrix", "gaps"):
        with pytest.raises(SystemExit):
            parser.parse_args([command, "--help"])
        assert "examples:" in capsys.readouterr().out


def test_codebook_checks_section(ds: Dataset) -> None:
    # The fixture: issue a coded by s1 (+2), s1/east (-2), s1/west (+2), s2 (-2): 4 voices;
    # issue b by s1 (-1) and s2 (-1): 2 voices, fewer than 3 -> one thin-issue warning;
    # b is also one-sided (nobody supports it) -> one note. No two issues share a quote
    # and the pair a~b rests on 2 voices (< 5), one on matching sides (s2): no pair finding.
    text = render_report(ds, "plain")
    section = text.split("Codebook checks\n---------------\n", 1)[1].split("Citation")[0]
    assert "1 warnings and 1 notes from posmatrix check" in section
    assert "- thin-issue: issue 'b' is coded by 2 voice(s), fewer than 3" in section
    assert "Notes: 1 one-sided-issue;" in section


@pytest.mark.parametrize("fmt", ["markdown", "plain", "html"])
def test_a_coding_without_a_quote_is_never_shown_as_evidence(fmt: str) -> None:
    ds = Dataset(
        title="T",
        issues=[Issue("i", "P.")],
        sources=[Source("a", "A"), Source("b", "B")],
        codings=[Coding("a", "author", "i", 2, ""), Coding("b", "author", "i", -2, "No way.")],
        evidence="optional",
    )
    text = render_report(ds, fmt)
    assert "(no quote given)" in text
    assert "“(no quote given)”" not in text
    assert "“”" not in text
    assert "“No way.”" in text
    # the opening counts them instead of calling every coding quoted
    assert "each with a verbatim quote" not in text
    assert "2 codings, 1 with a verbatim quote, 1 without one (evidence: optional)." in text
