"""posmatrix.sheetfigures: the map and heatmap in the Excel briefing."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import openpyxl
import pytest

import posmatrix
from posmatrix.briefing import build_briefing
from posmatrix.cli import main
from posmatrix.plot import render
from posmatrix.sheetfigures import MISSING_NOTE, PAGE_HEIGHT_IN, _fit, figure_png


def test_map_on_summary_heatmap_on_agreement_same_bytes_twice() -> None:
    ds = posmatrix.example()
    one = build_briefing(ds).data
    assert build_briefing(ds).data == one  # the workbook stays byte-identical
    wb = openpyxl.load_workbook(io.BytesIO(one))
    summary, agreement = wb["Summary"], wb["Agreement"]
    (smap,) = summary._images
    # the Agreement matrix is itself the clustered heatmap, coloured: no figure repeats
    # it (the figure comes with the large view, which lists neighbours instead)
    assert not agreement._images
    assert smap._data() == render(ds, "map", "png")
    # each figure starts a printed page of its own, below the last row of text
    anchor = smap.anchor._from.row + 1  # 0-based in the file
    breaks = [b.id for b in summary.row_breaks.brk]
    assert breaks
    assert breaks[-1] < anchor
    assert summary.cell(anchor - 1, 1).value == "Who stands where (position map)"
    # sized in proportion to the figure
    w, h = smap.anchor.ext.width, smap.anchor.ext.height
    assert w / h == pytest.approx(1350 / 1080, rel=0.01)


@pytest.mark.parametrize(
    ("widths", "reserved", "expected_h"),
    [
        # 150 chars ≈ 1195 px ≈ 12.4 in at 96 px/in (7.5 px a character, Calibri's
        # metrics) -> zoom 10/12.4 = 0.80; room 7 / 0.80 * 0.85 = 7.4 in tall,
        # 12.4 * 0.95 = 11.8 in wide: height binds
        ([30, 44, 18, 18, 14, 14, 12], 0.0, 7.0 / (10 / ((150 * 7.5 + 70) / 96)) * 0.85),
        # a narrow sheet prints at 100%: its width binds
        ([10], 0.0, min(PAGE_HEIGHT_IN * 0.85, (10 * 7.5 + 10) / 96 * 0.95 * 0.8)),
    ],
)
def test_fit_fills_the_printed_page(
    widths: list[float], reserved: float, expected_h: float
) -> None:
    size = _fit(widths, 10.0, 8.0, reserved)
    assert 8.0 * size == pytest.approx(expected_h, rel=1e-6)


def test_without_matplotlib_the_briefing_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [
        m
        for m in sys.modules
        if m == "matplotlib" or m.startswith(("matplotlib.", "posmatrix.plot"))
    ]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib fails
    ds = posmatrix.example()
    assert figure_png(ds, "map") is None
    wb = openpyxl.load_workbook(io.BytesIO(build_briefing(ds).data))
    assert not wb["Summary"]._images
    about = [c.value for row in wb["About"].iter_rows() for c in row if c.value]
    assert MISSING_NOTE in about


def test_no_figures_leaves_them_out_without_a_note(tmp_path: Path) -> None:
    out = tmp_path / "b.xlsx"
    assert main(["brief", "-o", str(out), "--no-figures"]) == 0
    wb = openpyxl.load_workbook(out)
    assert not wb["Summary"]._images
    assert not wb["Agreement"]._images
    about = [c.value for row in wb["About"].iter_rows() for c in row if c.value]
    assert MISSING_NOTE not in about
