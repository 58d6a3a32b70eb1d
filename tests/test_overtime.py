"""The Change over time section of the report and the briefing, read back."""

from __future__ import annotations

import io

import openpyxl

from posmatrix.briefing import build_briefing
from posmatrix.model import AUTHOR, Actor, Coding, Dataset, Issue, Source
from posmatrix.overtime import change_over_time
from posmatrix.report import render_report


def _ds(*dates: str | None) -> Dataset:
    """Sources s1.. with the given dates; actor x on issue a: -2, 1, 2 (one per source)."""
    ids = [f"s{k + 1}" for k in range(len(dates))]
    stances = [-2, 1, 2]
    return Dataset(
        title="T",
        issues=[Issue("a", "A should happen.")],
        actors=[Actor("x", "Xland")],
        sources=[Source(s, s.upper(), published=d) for s, d in zip(ids, dates, strict=True)],
        codings=[
            *(Coding(s, "x", "a", v, f"{s} quote") for s, v in zip(ids, stances, strict=False)),
            *(Coding(s, AUTHOR, "a", 0, f"{s} own") for s in ids),
        ],
    )


# s1 2025-07-03 and s2 2025-07 fall in July: x's median(-2, 1) = -0.5; s3 in August: 2.
# One move of +2.5; the author's stances (all 0) never move; s4 (a year only) is left out.
MOVED = _ds("2025-07-03", "2025-07", "2025-08-15", "2025")


def test_section_and_its_move() -> None:
    change = change_over_time(MOVED)
    assert change is not None
    assert list(change.windows.index) == ["2025-07", "2025-08"]
    assert change.unplaced == {"s4": "year precision is too coarse for M windows"}
    assert len(change.moves) == 1
    text = render_report(MOVED, "plain")
    assert "Change over time\n----------------" in text
    assert "1 of 4 sources are left out: their date gives no month (s4)." in text
    assert "Xland on a: -0.5 (2025-07) → +2 strongly supports (2025-08)" in text
    assert "“s1 quote” — s1, 2025-07" in text
    assert "“s3 quote” — s3, 2025-08" in text


def test_no_section_within_one_month() -> None:
    ds = _ds("2025-07-03", "2025-07", None)
    assert change_over_time(ds) is None
    assert "Change over time" not in render_report(ds, "markdown")
    assert "Change over time" not in build_briefing(ds).sheets


def test_briefing_sheet_read_back() -> None:
    built = build_briefing(MOVED)
    assert built.sheets.index("Change over time") == built.sheets.index("Agreement") + 1
    ws = openpyxl.load_workbook(io.BytesIO(built.data))["Change over time"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert str(rows[0][0]).startswith("Sources by month of publication: 2025-07 (2 sources)")
    # the moves' cells span narrow grid columns (merged): read the values only
    filled = [[c for c in r if c is not None] for r in rows]
    assert filled[1] == [
        "Actor",
        "Issue",
        "From",
        "Stance before",
        "To",
        "Stance after",
        "Move",
        "Evidence before",
        "Evidence after",
    ]
    assert filled[2] == [
        "Xland",
        "a",
        "2025-07",
        "-0.5",
        "2025-08",
        "+2 (strongly supports)",
        2.5,
        "“s1 quote” +1",  # one quote a side, +N more sources
        "“s3 quote”",
    ]
    flat = [c for r in filled for c in r]
    assert "Every position, month by month" in flat
    # the grid: a row per issue, a column per holder and month. a: the sources' own
    # stances 0 and 0; Xland -0.5 in July (s1 -2 and s2 +1 disagree: *), +2 in August
    start = flat.index("Every position, month by month")
    grid = [r for r in filled if r and r[0] == "a" and r is not filled[2]]
    assert sorted(map(str, grid[-1])) == ["+2", "-0.5*", "0", "0", "a"]
    assert "Sources' own stances" in flat[start:]
    assert "Xland" in flat[start:]
