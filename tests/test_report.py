"""The text briefing in every format: content, escaping, Unicode, determinism."""

from __future__ import annotations

import html.parser
from typing import Any

import pytest

import posmatrix
from posmatrix.errors import UsageError
from posmatrix.gaps import gaps
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
        "Agreement between the sources' own stances",
        "Coverage",
        "Citation",
    ]
    minor = [lines[i - 1] for i, ln in enumerate(lines) if ln and set(ln) == {"~"} and i > 0]
    assert minor == ["1. a: A should happen.", "Most aligned voices", "Most divergent voices"]
    # 5 voices: s1, s1/east, s1/west, s2 (own), no s2 reports; a is contested 2 vs 2
    assert "2 sources, 2 issues, 2 actors; 4 voices (2 sources' own stances, 2 positions" in text
    assert "1 of 2 issues are contested" in text
    assert "4 voices: 2 support, 0 neutral or mixed, 2 oppose; polarization 100%" in text
    # quotes at both poles, attributed
    assert "    “East rejects A (كييف)” — s1/east" in text
    assert "    “West backs A 🇺🇦” — s1/west" in text
    assert "“A is a disaster, 50% & more_x, e\u0301” — s2" in text
    # red line East (-2) vs West (+2) on a
    assert "East / West" in text
    # s1 vs s2 own stances: a |2 - -2| = 4, b 0 -> 1 - 4/8 = 50% over 2 issues
    assert "50% (2)" in text
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
    assert text.count("\n### ") == 3  # one contested issue, then the two pair lists


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
