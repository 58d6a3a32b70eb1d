"""posmatrix.plot.position: the position map, checked by its geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _plotdata import CON, PRO, build, two_camps
from matplotlib.figure import Figure
from matplotlib.text import Annotation

import posmatrix
from posmatrix.geometry import embedding
from posmatrix.plot import position_map


def _points(fig: Figure) -> list[tuple[float, float]]:
    ax = next(a for a in fig.axes if a.get_label() == "map")
    xy = np.vstack([c.get_offsets() for c in ax.collections])
    return sorted((round(float(x), 9), round(float(y), 9)) for x, y in xy)


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
    within = [math.dist(a, b) for g in (pro, con) for a in g for b in g]
    between = [math.dist(a, b) for a in pro for b in con]
    assert max(within) < min(between)  # apart, and each camp together


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
    e = embedding(ds, method="smacof")
    fig = Figure()
    ax = fig.add_subplot()
    assert position_map(ds, ax=ax, method="smacof") is fig
    caption = ax.get_xlabel().replace("\n", " ")
    assert f"stress-1 = {e.stress:.3f}" in caption
    assert "SMACOF" in caption


def test_map_is_the_camp_space_and_sets_aside_hollow() -> None:
    # bundled data: every drawn point is the camp space's plane (camps' x, y for the
    # voices kept, the projection for those set aside); the voices camps set aside are
    # hollow grey and named so in the legend; the caption gives the explained variance.
    ds = posmatrix.example()
    space = posmatrix.camp_space(ds)
    camps = posmatrix.camps(ds, 3).assignment
    fig = position_map(ds)
    ax = fig.axes[0]
    plane = space.plane
    kept = space.kept
    assert plane.loc[kept].to_numpy().tolist() == camps.loc[kept, ["x", "y"]].to_numpy().tolist()
    drawn = _points(fig)
    assert len(drawn) == len(plane) == 25
    want = sorted((round(float(x), 9), round(float(y), 9)) for x, y in plane.to_numpy())
    assert drawn == want  # two voices share a point: compared as a multiset
    hollow = [c for c in ax.collections if c.get_label().endswith("_aside")]
    aside = sum(len(c.get_offsets()) for c in hollow)
    assert aside == int((camps["camp"] == 0).sum()) == int((~kept).sum()) == 9
    for c in hollow:
        assert (c.get_facecolors()[:, 3] == 0).all()  # transparent fill
        assert tuple(c.get_edgecolors()[0][:3]) == pytest.approx((0.6, 0.6, 0.6))  # #999999
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "set aside (9 voices)" in legend
    caption = ax.get_xlabel().replace("\n", " ")
    share = sum(space.explained[:2])
    assert f"carry {share:.0%} of the variance" in caption
    assert "Hollow grey: 9 voices the camps set aside" in caption


def test_caption_explains_arrows_only_when_some_are_drawn() -> None:
    # an arrow needs an issue addressed by at least 4 voices: three voices get none,
    # so the caption must not explain arrows; the bundled map draws some and does
    few = build({"x": {"a": 2, "b": 2}, "y": {"a": 1, "b": -2}, "z": {"a": -2, "b": 1}})
    ax = position_map(few).axes[0]
    assert not [c for c in ax.texts if isinstance(c, Annotation) and c.arrow_patch]
    assert "Arrows" not in ax.get_xlabel()
    assert "Marker area: issues addressed." in ax.get_xlabel().replace("\n", " ")
    ax = position_map(posmatrix.example()).axes[0]
    assert [c for c in ax.texts if isinstance(c, Annotation) and c.arrow_patch]
    assert "Arrows: issues the map fits" in ax.get_xlabel().replace("\n", " ")
