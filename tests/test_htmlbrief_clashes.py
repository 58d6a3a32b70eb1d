"""The HTML briefing's clashes section (htmlbrief/clashes.py) on hand-worked datasets."""

from __future__ import annotations

import html
import re

import pytest
from htmlcheck import Page

import posmatrix
from posmatrix.htmlbrief import html_briefing
from posmatrix.htmlbrief.clashes import CLASH_ISSUES, CLASH_PAIRS, clash_pairs
from posmatrix.model import Coding, Dataset, Issue, Scale, Source

THREE = Scale(-1, 1)


def _parties(
    rows: dict[str, list[int | None]], scale: Scale = THREE, quote: str = "{p} on i{j}"
) -> Dataset:
    """One source per party (title "Party X"), its answers to issues i0, i1, ..."""
    n = len(next(iter(rows.values())))
    return Dataset(
        title="parties",
        scale=scale,
        issues={f"i{j}": Issue(f"i{j}", f"Thesis {j}.", label=f"Thesis {j}") for j in range(n)},
        sources={p: Source(p, f"Party {p.upper()}") for p in rows},
        codings=tuple(
            Coding(p, "author", f"i{j}", v, quote.format(p=p, j=j))
            for p, answers in rows.items()
            for j, v in enumerate(answers)
            if v is not None
        ),
    )


def _cells(markup: str, cls: str) -> list[list[str]]:
    """The body cells of the table of class ``cls``, as text."""
    body = re.search(rf'<table class="{cls}[^"]*">.*?<tbody>(.*?)</tbody>', markup, re.S)
    assert body is not None
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", td)) for td in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    ]


def test_pairs_ranked_by_clashes_out_of_shared() -> None:
    # a: + - + 0   b: - + + .   c: - - - +
    # a-b clash on i0, i1 of shared i0 i1 i2: 2 of 3 (67%)
    # b-c clash on i1, i2 of shared i0 i1 i2: 2 of 3
    # a-c clash on i0, i2 of shared i0..i3: 2 of 4 (50%)
    ds = _parties({"a": [1, -1, 1, 0], "b": [-1, 1, 1, None], "c": [-1, -1, -1, 1]})
    out = clash_pairs(posmatrix.Findings(ds))
    assert _cells(out, "clashes") == [
        ["1", "Party A", "Party B", "2 of 3", "67%"],
        ["2", "Party B", "Party C", "2 of 3", "67%"],
        ["3", "Party A", "Party C", "2 of 4", "50%"],
    ]
    # the sort value of "2 of 3" is the clash count; ids are titles of the names
    assert '<td class="num" data-sort="2.0">2 of 3</td>' in out
    assert '<td class="name" title="a">Party A</td>' in out
    # 3-point scale: the workbook's sentence
    assert "On this 3-point scale every stance off the midpoint is at an end" in out
    # pair 1 opens to i0 and i1, each with both quotes and stances
    first = out.split('<details class="clash">')[1]
    assert "1. " in first
    assert "clash on 2 of 3 shared issues" in first
    li = re.findall(r"<li>(.*?)</li>", first)
    texts = [[html.unescape(t) for t in re.split(r"<[^>]+>", x) if t] for x in li]
    assert texts == [
        ["Thesis 0", "Party A +1", " ", "a on i0", "Party B -1", " ", "b on i0"],
        ["Thesis 1", "Party A -1", " ", "a on i1", "Party B +1", " ", "b on i1"],
    ]
    assert "a on i1" in first
    assert "b on i1" in first
    assert "i2" not in first
    assert Page(f"<div>{out}</div>").errors == []


def test_five_point_scale_says_what_a_clash_is() -> None:
    ds = _parties({"a": [2, 1], "b": [-1, -2]}, scale=Scale(-2, 2))
    out = clash_pairs(posmatrix.Findings(ds))
    assert "one supports and the other opposes it" in out
    assert "3-point" not in out
    assert _cells(out, "clashes") == [["1", "Party A", "Party B", "2 of 2", "100%"]]


def test_bounded_like_the_workbook() -> None:
    # 6 parties for i0..i3, 7 against: 6 * 7 = 42 pairs clash on 4 of 4 issues each
    rows: dict[str, list[int | None]] = {f"p{k:02d}": [1, 1, 1, 1] for k in range(6)}
    rows |= {f"q{k:02d}": [-1, -1, -1, -1] for k in range(7)}
    out = clash_pairs(posmatrix.Findings(_parties(rows)))
    assert len(_cells(out, "clashes")) == CLASH_PAIRS == 25
    assert "… and 17 more pairs that clash" in out
    blocks = out.split('<details class="clash">')[1:]
    assert len(blocks) == 25
    # each pair lists CLASH_ISSUES (3) of its 4 clashes, then says how many more
    assert all(b.count("<strong") == CLASH_ISSUES for b in blocks)
    assert all("… and 1 more issues" in b for b in blocks)


def test_long_quotes_cut_at_a_word_and_hostile_text_escaped() -> None:
    quote = "</script><script>alert(1)</script> " + "word " * 60
    ds = _parties({"a": [1], "b": [-1]}, quote=quote)
    out = clash_pairs(posmatrix.Findings(ds))
    assert "<script>" not in out
    assert "&lt;/script&gt;&lt;script&gt;" in out
    q = re.findall(r"<q>(.*?)</q>", out)
    assert len(q) == 2
    assert all(html.unescape(x).endswith("word…") for x in q)
    assert all(len(html.unescape(x)) <= 110 for x in q)


def test_no_clash_says_so() -> None:
    out = clash_pairs(posmatrix.Findings(_parties({"a": [1, 0], "b": [1, -1]})))
    assert "No two voices stand on opposite sides of any issue." in out
    assert "<table" not in out


@pytest.mark.parametrize("part", ["Clashes: pairs on opposite sides", "Red lines between"])
def test_section_in_the_page(part: str) -> None:
    page = html_briefing(posmatrix.example())
    section = page.split('<section id="clashes"')[1].split("</section>")[0]
    assert part in section
