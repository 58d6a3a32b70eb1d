"""The terminal summary reports clashes; voices with no variance are marked (issue 18)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from posmatrix.briefing import build_briefing
from posmatrix.briefing._style import NO_VARIANCE
from posmatrix.model import Coding, Dataset, Issue, Scale, Source

# Five parties on five theses (3-point scale). a and b agree except on i3; c and d are
# a's and b's mirror images; n answers "neutral" to everything (no variance).
ROWS = {
    "a": [1, -1, 1, -1, 1],
    "b": [1, -1, 1, 1, 1],
    "c": [-1, 1, -1, 1, -1],
    "d": [-1, 1, -1, -1, -1],
    "n": [0, 0, 0, 0, 0],
}


def _parties(rows: dict[str, list[int | None]]) -> Dataset:
    n = len(next(iter(rows.values())))
    return Dataset(
        title="Parties",
        scale=Scale(-1, 1),
        issues={f"i{j}": Issue(f"i{j}", f"Thesis {j}.") for j in range(n)},
        sources={p: Source(p, f"Party {p.upper()}") for p in rows},
        codings=tuple(
            Coding(p, "author", f"i{j}", v, f"{p} on i{j}")
            for p, answers in rows.items()
            for j, v in enumerate(answers)
            if v is not None
        ),
    )


def _cells(data: bytes, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(io.BytesIO(data))[sheet]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_summary_reports_the_pairs_that_clash_most() -> None:
    # Opposite sides (n's zeros never clash): a-c 5 of 5 (every thesis), b-d 5 of 5,
    # a-d 4 of 5 (not i3: both -1), b-c 4 of 5 (not i3: both +1), a-b 1 (i3), c-d 1 (i3):
    # six pairs; ranked by clashes, then share, then voice order.
    text = build_briefing(_parties(ROWS), figures=False).summary()
    lines = text.splitlines()
    assert "pairs of voices that clash (opposite sides of an issue): 6" in lines
    top = lines[lines.index("pairs of voices that clash (opposite sides of an issue): 6") + 1 :][:3]
    assert top == [
        "  Party A ↔ Party C: 5 of 5 shared issues",
        "  Party B ↔ Party D: 5 of 5 shared issues",
        "  Party A ↔ Party D: 4 of 5 shared issues",
    ]
    assert "red lines between actors: 0" in lines  # no actors: the clashes say it


def test_summary_says_so_when_nobody_clashes() -> None:
    calm = {"a": [1, 1, 0, 1, 1], "b": [1, 0, 1, 1, 1], "n": [0, 0, 0, 0, 0]}
    text = build_briefing(_parties(calm), figures=False).summary()
    assert "no two voices stand on opposite sides of any issue" in text.splitlines()


def test_voice_with_no_variance_is_marked() -> None:
    data = build_briefing(_parties(ROWS), figures=False).data
    agreement = _cells(data, "Agreement")
    assert agreement[0].endswith(
        "† No variance: the voice took the same position (e.g. neutral) on every issue it "
        "addresses, so Pearson and Spearman correlations and Cohen's kappa with it are "
        "undefined (blank with --metric pearson, spearman, kappa); the camps set it aside."
    )
    marked = [c for c in agreement if c.endswith(f" {NO_VARIANCE}")]
    assert len(marked) == 1  # the row label of party N only (columns show numbers)
    assert marked[0].endswith(f"Party N {NO_VARIANCE}")
    summary: Any = _cells(data, "Summary")
    (note,) = [c for c in summary if c.startswith("Set aside, in no camp")]
    assert note.startswith("Set aside, in no camp — only neutral positions (1): Party N.")
    assert "Cohen's kappa" in note


def test_long_lists_print_their_first_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    from posmatrix.briefing import context

    monkeypatch.setattr(context, "LONG_LIST", 3)  # five voices, five sources: "long"
    monkeypatch.setattr(context, "PRINTED_LONG", 2)
    wb = openpyxl.load_workbook(io.BytesIO(build_briefing(_parties(ROWS), figures=False).data))
    stances = wb["Stances"]
    # one header row, then the first two voices; columns A (voice) and five issues: F
    assert stances.print_area == "'Stances'!$A$1:$F$3"
    assert stances.oddHeader.center.text == "Printed: the first 2 of 5 voices"
    sources = wb["Sources"]
    assert sources.print_area == "'Sources'!$A$1:$F$3"
    # every party addresses every thesis: no thin issue, so no section below the list
    assert wb["Coverage"].print_area == "'Coverage'!$A$1:$J$3"
    thin = {**ROWS, "e": [1, 0, 0, 0, 0]}  # i1..i4 still have five voices, as has i0
    thin = {p: [*v, 1 if p == "e" else None] for p, v in thin.items()}  # i5: e only
    wb = openpyxl.load_workbook(io.BytesIO(build_briefing(_parties(thin), figures=False).data))
    # the first two of six sources, and the thin-issues section (i5) below the list
    first, tail = str(wb["Coverage"].print_area).split(",")
    assert first == "'Coverage'!$A$1:$K$3"
    assert tail == "'Coverage'!$A$8:$K$10"  # the blank row, the heading, i5's line
    about = [str(c.value) for row in wb["About"].iter_rows() for c in row if c.value]
    assert "Stances: printed, the first 2 of 6 voices; the sheet holds all" in about
