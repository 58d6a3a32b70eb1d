"""posmatrix.geometry: the position map's coordinates, checked by geometry."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from _plotdata import CON, PRO, two_camps
from hypothesis import given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix import UsageError
from posmatrix.geometry import TOKEN_WEIGHT, embedding
from posmatrix.geometry import EmbeddingMethod as Method


def _dist(points: pd.DataFrame, a: str, b: str) -> float:
    return math.hypot(points.at[a, "x"] - points.at[b, "x"], points.at[a, "y"] - points.at[b, "y"])


def test_points_on_a_line_are_placed_exactly() -> None:
    # cityblock distance = mean |a − b| / 4: w–x 0.125, w–y 1, w–z 0.875, x–y 0.875,
    # x–z 0.75, y–z 0.125: the line w=.5, x=.375, z=−.375, y=−.5 fits every one.
    s = pd.DataFrame({"a": [2, 2, -2, -2], "b": [2, 1, -2, -1]}, index=["w", "x", "y", "z"])
    e = embedding(s, method="smacof")
    assert e.points["x"].tolist() == pytest.approx([0.5, 0.375, -0.5, -0.375], abs=1e-6)
    assert e.points["y"].tolist() == pytest.approx([0, 0, 0, 0], abs=1e-9)
    assert e.stress == pytest.approx(0.0, abs=1e-6)
    assert e.fit == "excellent"


@pytest.mark.parametrize("method", ["camps", "smacof"])
def test_two_camps_apart_and_members_together(method: Method) -> None:
    e = embedding(two_camps(), method=method)
    p = e.points
    within = [_dist(p, a, b) for g in (PRO, CON) for a in g for b in g if a < b]
    between = [_dist(p, a, b) for a in PRO for b in CON]
    assert max(within) < min(between)
    # the first axis separates the camps: all of one sign vs the other
    pro_side = set(np.sign(p.loc[list(PRO), "x"]))
    con_side = set(np.sign(p.loc[list(CON), "x"]))
    # every issue rises from con to pro; the axis is signed so the issue loading most on
    # it points to +x, so the pro camp sits on the right
    assert pro_side == {1.0}
    assert con_side == {-1.0}
    assert (e.issues["x"] > 0).all()


@pytest.mark.parametrize("method", ["camps", "smacof"])
def test_issue_fit_equals_least_squares(method: Method) -> None:
    ds = posmatrix.example()
    e = embedding(ds, method=method)
    s = posmatrix.stance_matrix(ds, None)
    checked = 0
    for issue in s.columns:
        has = s[issue].notna()
        if has.sum() < 4 or s.loc[has, issue].nunique() < 2:
            assert np.isnan(e.issues.at[issue, "r"])
            continue
        xy = e.points.loc[has[has].index, ["x", "y"]].to_numpy()
        y = s.loc[has, issue].to_numpy()
        design = np.column_stack([np.ones(len(y)), xy])
        beta = np.linalg.lstsq(design, y, rcond=None)[0]
        fitted = design @ beta
        r = np.corrcoef(fitted, y)[0, 1]
        unit = beta[1:] / np.hypot(*beta[1:])
        assert e.issues.at[issue, "r"] == pytest.approx(r, abs=1e-9)
        assert [e.issues.at[issue, "x"], e.issues.at[issue, "y"]] == pytest.approx(unit * r)
        checked += 1
    assert checked >= 10


def test_voice_sharing_no_issue_is_placed_and_pairs_weighted_by_overlap() -> None:
    s = pd.DataFrame(
        {"a": [2, 2, -2, np.nan], "b": [2, 1, -2, np.nan], "c": [np.nan] * 3 + [1.0]},
        index=["w", "x", "y", "alone"],
    )
    e = embedding(s, method="smacof")
    assert np.isfinite(e.points[["x", "y"]].to_numpy()).all()
    assert e.points["issues"].tolist() == [2, 2, 2, 1]
    assert 0 < TOKEN_WEIGHT < 1
    # stress counts only the pairs with a score: w, x, y are placed exactly
    assert e.stress == pytest.approx(0.0, abs=1e-3)


@pytest.mark.parametrize("method", ["camps", "smacof"])
def test_same_input_same_coordinates_and_metadata(method: Method) -> None:
    ds = posmatrix.example()
    a, b = embedding(ds, method=method), embedding(ds, method=method)
    pd.testing.assert_frame_equal(a.points, b.points)
    pd.testing.assert_frame_equal(a.issues, b.issues)
    cols = ["x", "y", "issues", "note", "source", "holder", "holder_name"]
    assert list(a.points.columns) == cols
    assert a.points.loc["no-nato-key/russia", "holder"] == "russia"


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_inputs(n: int) -> None:
    s = pd.DataFrame({"a": [2.0, -2.0][:n]}, index=["u", "v"][:n])
    e = embedding(s, method="smacof")
    assert len(e.points) == n
    assert math.isnan(e.stress)
    if n == 2:  # distance 1, split around 0
        assert sorted(e.points["x"].abs()) == pytest.approx([0.5, 0.5])


def test_bad_input() -> None:
    with pytest.raises(UsageError, match="Dataset or a stance matrix"):
        embedding([[1, 2]])  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="metric"):
        embedding(posmatrix.example(), metric="nope")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="method must be one of camps, smacof"):
        embedding(posmatrix.example(), method="mds")  # type: ignore[arg-type]


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([-2.0, -1.0, 0.0, 1.0, 2.0, math.nan]), min_size=4, max_size=4),
        min_size=3,
        max_size=9,
    )
)
def test_any_matrix_gives_finite_coordinates(rows: list[list[float]]) -> None:
    s = pd.DataFrame(rows, index=[f"v{i}" for i in range(len(rows))], columns=list("abcd"))
    c = embedding(s)  # camps: finite everywhere, exactly the camp space's plane
    assert np.isfinite(c.points[["x", "y"]].to_numpy()).all()
    plane = posmatrix.camp_space(s).plane
    assert c.points[["x", "y"]].to_numpy().tolist() == plane.to_numpy().tolist()
    assert c.points["note"].tolist() == posmatrix.camp_space(s).points["note"].tolist()
    e = embedding(s, method="smacof")
    assert np.isfinite(e.points[["x", "y"]].to_numpy()).all()
    assert e.stress >= 0 or math.isnan(e.stress)
    # centred
    assert e.points[["x", "y"]].mean().abs().max() < 1e-9


def test_camps_map_is_the_camp_space_and_its_camps_sit_apart() -> None:
    # two planted camps: the map's points are the camp space's x, y for the kept voices,
    # the coloured camps (posmatrix.camps) are apart on it, and each camp's points sit
    # together: every within-camp distance is below every between-camp distance.
    ds = two_camps()
    e = embedding(ds)
    space = posmatrix.camp_space(ds)
    kept = space.kept
    assert kept.sum() >= 8
    got = e.points.loc[kept, ["x", "y"]].to_numpy()
    assert got.tolist() == space.points.loc[kept, ["x", "y"]].to_numpy().tolist()
    camps = posmatrix.camps(ds, 2).assignment
    assert camps[["x", "y"]].loc[kept].to_numpy().tolist() == got.tolist()
    c = camps["camp"]
    one, two = list(c[c == 1].index), list(c[c == 2].index)
    assert {frozenset(one), frozenset(two)} == {frozenset(PRO), frozenset(CON)}
    p = e.points
    within = [_dist(p, a, b) for g in (one, two) for a in g for b in g if a < b]
    between = [_dist(p, a, b) for a in one for b in two]
    assert max(within) < min(between)
    assert e.method == "camps"
    assert math.isnan(e.stress)
    assert e.iterations == 0
    assert e.explained == pytest.approx(space.explained[:2])
    assert e.fit == f"{sum(space.explained[:2]):.0%} of the variance"


def test_camps_map_projects_the_voices_set_aside() -> None:
    # a, b: 1 → 1/2 → 0.5 on −1..1, so the rows of w, x, y are (1, 1), (1, .5), (−1, −1);
    # means (1/3, 1/6). "one" took a single position (a = 2 → 1): set aside with
    # min_positions=2, its centred row (2/3, 0) is projected on the same axes, its
    # stretch that of a voice with 2 positions: sqrt(2 / 2) = 1.
    s = pd.DataFrame({"a": [2, 2, -2, 2], "b": [2, 1, -2, np.nan]}, index=["w", "x", "y", "one"])
    e = embedding(s, min_positions=2)
    space = posmatrix.camp_space(s, min_positions=2)
    assert e.points["note"].tolist() == ["", "", "", "too few positions"]
    rows = np.array([[1, 1], [1, 0.5], [-1, -1]]) - [1 / 3, 1 / 6]
    _, vecs = np.linalg.eigh(rows.T @ rows)
    axis = vecs[:, -1] * np.sign(vecs[np.argmax(np.abs(vecs[:, -1])), -1])
    assert e.points.at["one", "x"] == pytest.approx(np.array([2 / 3, 0]) @ axis)
    assert e.points["x"].tolist()[:3] == pytest.approx(list(rows @ axis))
    assert e.points.at["one", "x"] == space.projected.at["one", "x"]
    assert math.isnan(space.points.at["one", "x"])  # the camps still ignore it
