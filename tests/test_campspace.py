"""The camp space: set-aside voices, missing-aware filling, the stretch, the axes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import posmatrix
from posmatrix.campspace import (
    MIN_POSITIONS,
    _top_eigen,
    camp_space,
    default_min_positions,
)
from posmatrix.errors import UsageError

NAN = math.nan


@pytest.mark.parametrize(
    ("issues", "expected"), [(1, 3), (30, 3), (31, 4), (60, 6), (70, 7), (896, 7)]
)
def test_default_min_positions(issues: int, expected: int) -> None:
    # ceil(issues / 10), clamped to 3..7
    assert default_min_positions(issues) == expected
    assert default_min_positions(issues) <= MIN_POSITIONS


def test_hand_worked_stretch() -> None:
    # on −1..1: p (1, 1, 1, 1), q (−1, −1, −1, −1), r (1, NaN, NaN, 1) with min 2.
    # means over the voices addressing each issue: a, d: 1/3; b, c: 0.
    # centred rows: p (2/3, 1, 1, 2/3), q (−4/3, −1, −1, −4/3), r (2/3, 0, 0, 2/3)
    s = pd.DataFrame(
        {"a": [1.0, -1, 1], "b": [1.0, -1, NAN], "c": [1.0, -1, NAN], "d": [1.0, -1, 1]},
        index=["p", "q", "r"],
    )
    sp = camp_space(s, scale=(-1, 1), min_positions=2)
    x = np.array([[2 / 3, 1, 1, 2 / 3], [-4 / 3, -1, -1, -4 / 3], [2 / 3, 0, 0, 2 / 3]])
    vals, vecs = np.linalg.eigh(x.T @ x)
    axis = vecs[:, -1] * np.sign(vecs[np.argmax(np.abs(vecs[:, -1])), -1])
    raw = x @ axis
    # r addressed 2 of 4 issues: stretched by sqrt(4 / 2)
    want = raw * np.sqrt([1.0, 1.0, 2.0])
    np.testing.assert_allclose(sp.points["x"].to_numpy(), want)
    assert sp.explained[0] == pytest.approx(vals[-1] / (x * x).sum())
    assert sp.points["positions"].tolist() == [4, 4, 2]


def test_missing_is_filled_with_the_mean_not_neutral() -> None:
    # r never addressed b: filled with b's mean (1), r sits exactly where p does;
    # a neutral 0 in its place would move it
    s = pd.DataFrame(
        {"a": [1.0, -1, 1], "b": [1.0, NAN, NAN], "c": [1.0, -1, 1]}, index=["p", "q", "r"]
    )
    filled = camp_space(s, scale=(-1, 1), min_positions=2).points
    neutral = camp_space(s.fillna(0.0), scale=(-1, 1), min_positions=2).points
    assert filled.loc["r", "x"] != pytest.approx(neutral.loc["r", "x"])
    # r's coordinates: its own centred stances only (b contributes 0), then the stretch
    assert filled.loc["r", "positions"] == 2


def test_set_aside_notes() -> None:
    s = pd.DataFrame(
        {"a": [2.0, -2, 0, 1, 2], "b": [2.0, -2, 0, NAN, 2], "c": [1.0, -1, 0, NAN, 2]},
        index=["p", "q", "n", "u", "k"],
    )
    sp = camp_space(s)
    assert sp.points["note"].to_dict() == {
        "p": "",
        "q": "",
        "n": "only neutral positions",
        "u": "too few positions",
        "k": "",  # the same side on everything still takes sides
    }
    assert sp.kept.tolist() == [True, True, False, False, True]
    assert sp.points.loc[["n", "u"], ["x", "y", "z"]].isna().all().all()


def test_top_eigen_matches_eigh() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 200)) @ np.diag(np.linspace(3, 0.1, 200))
    c = x.T @ x
    vals, vecs = _top_eigen(c, 3)
    want_vals, want_vecs = np.linalg.eigh(c)
    np.testing.assert_allclose(vals, want_vals[::-1][:3], rtol=1e-8)
    for i in range(3):
        assert abs(float(vecs[:, i] @ want_vecs[:, -1 - i])) == pytest.approx(1.0, abs=1e-6)


def test_dataset_and_weights() -> None:
    ds = posmatrix.example()
    sp = camp_space(ds)
    assert sp.min_positions == 3  # 22 issues
    assert len(sp.points) == 25
    zero = dict.fromkeys(ds.issues, 0.0)
    flat = camp_space(ds, weights=zero)  # every issue weighs 0: no spread at all
    assert (flat.points.loc[flat.kept, ["x", "y", "z"]] == 0).all().all()


def test_bad_min_positions() -> None:
    with pytest.raises(UsageError, match="min_positions must be an integer >= 1 or None"):
        camp_space(pd.DataFrame({"a": [1.0]}), min_positions=0)
