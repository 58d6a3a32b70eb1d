"""Tests of posmatrix.htmlparts: the one escaping rule and the bounded components."""

from __future__ import annotations

import html

import pytest
from htmlcheck import HOSTILE_TEXTS, check_page
from hypothesis import given, settings
from hypothesis import strategies as st

from posmatrix.htmlparts import MAX_ROWS, Html, chip, cut, details, el, esc, table


@pytest.mark.parametrize("text", [*HOSTILE_TEXTS, "plain", "", "&amp; already escaped"])
def test_esc_is_html_escape_with_quotes(text: str) -> None:
    assert esc(text) == html.escape(text, quote=True)
    assert isinstance(esc(text), Html)


def test_html_is_not_escaped_twice() -> None:
    # a component's output passes through esc unchanged: one escaping, at placement
    inner = el("b", "<x>")
    assert inner == "<b>&lt;x&gt;</b>"
    assert esc(inner) is inner
    assert el("p", inner) == "<p><b>&lt;x&gt;</b></p>"
    # but a plain str that looks like markup is text
    assert el("p", "<b>&lt;x&gt;</b>") == "<p>&lt;b&gt;&amp;lt;x&amp;gt;&lt;/b&gt;</p>"


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("short", 10, "short"),
        ("a  b\n\tc", 10, "a b c"),  # whitespace runs become one space
        ("one two three four", 12, "one two…"),  # cut at the last word that fits in 11
        ("abcdefghijklmnop", 6, "abcde…"),  # no space in the second half: cut mid-word
        ("x" * 240, 240, "x" * 240),  # exactly the width: kept whole
    ],
)
def test_cut(text: str, width: int, expected: str) -> None:
    assert cut(text, width) == expected
    assert len(cut(text, width)) <= width


def test_table_escapes_every_cell_and_bounds_rows() -> None:
    rows = [[f"<r{i}>", i] for i in range(3)]
    out = table(["<h>", "n"], rows, numeric=[1], total=MAX_ROWS + 7)
    page = check_page(out)
    assert "<h>" in page.all_text
    assert "<r2>" in page.all_text
    assert f"… and {MAX_ROWS + 7 - 3:,} more" in page.all_text
    assert '<td class="num">2</td>' in out


def test_chip_and_details_well_formed() -> None:
    out = details("<summary>", chip("#4393C3", "+2", title='" onclick="x'), open_=True)
    page = check_page(out)
    assert page.tags == ["details", "summary", "span"]
    assert '" onclick="x' in page.attributes
    assert "<summary>" in page.all_text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_any_text_stays_text(text: str) -> None:
    # whatever a dataset says, a table cell shows it as text, and the HTML stays balanced
    page = check_page(table(["h"], [[text]]))
    shown = page.all_text
    assert shown.startswith("h")
    assert shown[1:] == text
