"""The "Where a deal could be" section: the Deals sheet read back, and the fallbacks."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from test_deals import HAND

import posmatrix
from posmatrix.briefing import build_briefing
from posmatrix.dealreport import deal_text, default_deals


def _sheet(ds: posmatrix.Dataset) -> list[list[Any]]:
    data = build_briefing(ds).data
    ws = openpyxl.load_workbook(io.BytesIO(data))["Deals"]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_deals_sheet_of_hand_dataset() -> None:
    rows = _sheet(posmatrix.loads(HAND))
    assert rows[0][0] == "Where a deal could be"
    zone = {r[0]: r[2:5] for r in rows if r[0] in ("p1", "p2", "p3", "p4") and r[2]}
    # p1 must be adopted (a's red line), p2 rejected (b's)
    assert zone["p1"] == ["adopted only", "–", "Party A"]
    assert zone["p2"] == ["rejected only", "Party B", "–"]
    assert zone["p3"] == ["either", "–", "–"]
    titles = [r[0] for r in rows if r[0] and str(r[0]).startswith("Feasible packages")]
    assert titles == ["Feasible packages (4); the best"]
    packages = [r for r in rows if r[0] in ("1, 1", "2, 3", "3, 2", "4, 4")]
    # ranks (total, maximin) and totals as worked out in tests/test_deals.py; the
    # sheet lists the best SHEET_PACKAGES (3) and says how many more there are
    assert [(r[0], r[2], r[3]) for r in packages] == [
        ("1, 1", 5, 0),
        ("2, 3", 5, -2),
        ("3, 2", 1, -1),
    ]
    assert ["… and 1 more packages"] in [[c for c in r if c is not None] for r in rows]
    trade = [r for r in rows if r[0] == "Party A" and r[1] != "A gets"]
    assert trade == [["Party A", "p1 adopted", "Party B", "p2 rejected", "1, 1", None]]


def test_deals_sheet_lists_blocking_quotes() -> None:
    text = HAND.replace("stance: -1, quote: B dislikes P4.", "stance: -2, quote: B refuses P4.")
    text = text.replace("stance: 0, quote: C is torn on P4.", "stance: 2, quote: C needs P4.")
    rows = _sheet(posmatrix.loads(text))
    # issue, party, stance, source, quote (over the last two columns)
    blocking = [r for r in rows if r[0] == "p4" and r[4] in ("B refuses P4.", "C needs P4.")]
    assert [(r[1], r[2], r[3]) for r in blocking] == [
        ("Party B", "-2 strongly opposes", "s1"),
        ("Party C", "+2 strongly supports", "s1"),
    ]
    assert any(r[0] == "Leaving the blocking issues aside, the best packages" for r in rows)


ONE_ACTOR = """
format: posmatrix/1
title: One actor
issues:
  - {id: p1, proposition: P1 should happen.}
actors:
  - {id: a, name: Party A}
sources:
  - id: s1
    title: Source one
    reports:
      a:
        - {issue: p1, stance: 2, quote: A wants P1.}
"""
THREE_POINTS = (
    HAND.replace("issues:", "scale: {min: -1, max: 1}\nissues:")
    .replace("stance: 2", "stance: 1")
    .replace("stance: -2", "stance: -1")
)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (ONE_ACTOR, "a deal needs at least two parties"),
        # without marks, every non-neutral stance would be a red line
        (THREE_POINTS, "every non-neutral stance is at an end of the scale"),
    ],
)
def test_no_deal_space_gives_a_reason(text: str, reason: str) -> None:
    ds = posmatrix.loads(text)
    deals = default_deals(ds)
    assert deals.space is None
    assert reason in deals.reason
    rows = _sheet(ds)
    assert rows[1][0].startswith("No deal space: ")
    assert reason in rows[1][0]
    assert "No deal space:" in posmatrix.render_report(ds, "plain")


def test_text_is_the_report_section() -> None:
    space = posmatrix.deal_space(posmatrix.loads(HAND), ["a", "b", "c"])
    text = deal_text(space)
    assert text.splitlines()[:2] == ["Where a deal could be", "====================="]
    assert str(space) == text
