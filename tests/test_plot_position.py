"""posmatrix.plot.position: the position map, checked by its geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _plotdata import CON, PRO, two_camps
from matplotlib.figure import Figure
from matplotlib.text import Annotation

import posmatrix
from posmatrix.geometry import embedding
from posmatrix.plot import position_map


def _points(fig: Figure) -> dict[tuple[float, float], int]:
    ax = next(a for a in fig.axes if a.get_label() == "map")
    xy = np.vstack([c.get_offsets() for c in ax.collections])
    return {(round(float(x), 9), round(float(y), 9)): 1 for x, y in xy}


def test_map_draws_the_embedding_and_puts_camps_apart() -> None:
    ds = two_camps()
    fig = position_map(ds)
    e = embedding(ds).points
    drawn = _points(fig)
    assert len(drawn) == len(e)
    for v in e.index:  # every voice at its coordinates
        assert (round(e.at[v, "x"], 9), round(e.at[v, "y"], 9)) in drawn
    pro = e.loc[list(PRO), ["x", "y"]].to_numpy()
    con = e.loc[list(CON), ["x", "y"]].to_numpy()
    spread = max(np.ptp(pro, axis=0).max(), np.ptp(con, axis=0).max())
    gap = math.dist(pro.mean(axis=0), con.mean(axis=0))
    assert gap > 3 * spread  # apart, and each camp tight


def test_camps_coloured_and_kinds_told_apart() -> None:
    fig = position_map(two_camps(), k=2)
    ax = fig.axes[0]
    own, reported = ax.collections[0], ax.collections[1]
    assert own.get_label() == "_own"
    assert reported.get_label() == "_reported"
    assert len(own.get_offsets()) == 6  # p1..p3, c1..c3
    assert len(reported.get_offsets()) == 2  # p1/gov, c1/rebels
    colours = {tuple(c) for c in own.get_facecolors()}
    assert len(colours) == 2  # two camps, two colours
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["camp 1 (4 voices)", "camp 2 (4 voices)"]


def _label_boxes(fig: Figure) -> list:
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    return [
        t.get_window_extent(renderer)
        for t in ax.texts
        if isinstance(t, Annotation) and t.get_text()
    ]


@pytest.mark.parametrize("make", ["example", "synthetic40"])
def test_labels_never_overlap(make: str) -> None:
    from _plotdata import synthetic40

    ds = posmatrix.example() if make == "example" else synthetic40()
    fig = position_map(ds)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    boxes = _label_boxes(fig)
    assert len(boxes) >= 10
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), "two labels overlap"


def test_caption_reports_stress_and_draws_into_given_axes() -> None:
    ds = posmatrix.example()
    e = embedding(ds)
    fig = Figure()
    ax = fig.add_subplot()
    assert position_map(ds, ax=ax) is fig
    caption = ax.get_xlabel().replace("\n", " ")
    assert f"stress-1 = {e.stress:.3f}" in caption
    assert "SMACOF" in caption
