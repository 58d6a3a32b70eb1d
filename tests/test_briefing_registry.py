"""The briefing's sheet registry drives the workbook: its sheets, the Summary's contents
and the About guide all equal :data:`posmatrix.briefing.registry.REGISTRY`."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

import posmatrix
from posmatrix.briefing import SHEETS, build_briefing
from posmatrix.briefing.registry import REGISTRY, purpose, titles
from posmatrix.findings import Findings


def _guide(wb: Any) -> list[tuple[str, str]]:
    rows = [[c.value for c in r] for r in wb["About"].iter_rows()]
    start = next(i for i, r in enumerate(rows) if r[0] == "How to read the sheets")
    out = []
    for r in rows[start + 1 :]:
        if r[0] in (None, "") or r[0] == "Limits applied to this workbook":
            break
        out.append((r[0], r[1]))
    return out


@pytest.mark.parametrize("since", [False, True])
def test_workbook_and_about_guide_equal_the_registry(since: bool) -> None:
    ds = posmatrix.example()
    f = Findings(ds, since=ds if since else None)
    built = build_briefing(ds, since=ds if since else None, figures=False, findings=f)
    wb = openpyxl.load_workbook(io.BytesIO(built.data))
    expected = [s for s in REGISTRY if s.when(f)]
    assert wb.sheetnames == [s.title for s in expected] == titles(f)
    # the bundled dataset has no older version and spans several months
    assert ("Changes" in wb.sheetnames) is since
    assert "Change over time" in wb.sheetnames
    assert _guide(wb) == [(s.title, s.guide) for s in expected]
    summary = [[c.value for c in r] for r in wb["Summary"].iter_rows()]
    start = next(i for i, r in enumerate(summary) if r[0] == "Contents")
    contents = [(r[0], r[1]) for r in summary[start + 1 : start + len(expected)]]
    assert contents == [(s.title, s.purpose) for s in expected[1:]]


def test_sheets_constant_is_the_registry() -> None:
    assert tuple(s.title for s in REGISTRY) == SHEETS
    assert len(set(SHEETS)) == len(SHEETS)
    assert all(len(t) <= 31 for t in SHEETS)  # Excel's limit on a sheet title
    assert purpose("Gaps") == REGISTRY[SHEETS.index("Gaps")].purpose
    with pytest.raises(KeyError):
        purpose("Nope")


def test_the_writer_reads_findings_only() -> None:
    """The sheet modules import no analysis function and no loader."""
    import pathlib

    import posmatrix.briefing as pkg

    forbidden = (
        "from ..analysis",
        "from ..gapreport import gaps",
        "from ..loading",
        "from ..matrix",
        "stance_matrix(",
        "agreement(ds",
        "camps(ds",
    )
    for path in pathlib.Path(pkg.__file__).parent.glob("*.py"):
        text = path.read_text()
        if path.name == "__init__.py":  # the public API loads ``since`` given as a path
            text = text.replace("from ..loading import load", "")
        for word in forbidden:
            assert word not in text, (path.name, word)
