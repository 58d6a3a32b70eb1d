"""posmatrix.nearest: each voice's k nearest and farthest voices equal the dense
agreement matrix's, score for score."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix.nearest import NEIGHBOUR_COLUMNS, neighbours


def _random(seed: int, n: int, m: int, missing: float = 0.4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.integers(-2, 3, (n, m)).astype(np.float64)
    x[rng.random(x.shape) < missing] = np.nan
    return pd.DataFrame(
        x,
        index=pd.Index([f"v{i}" for i in range(n)], name="voice", dtype=object),
        columns=pd.Index([f"i{j}" for j in range(m)], name="issue", dtype=object),
    )


def _from_dense(dense: pd.DataFrame, k: int) -> pd.DataFrame:
    """The expected frame, read off the dense matrix one voice at a time: scores
    sorted (highest first for nearest, lowest for farthest), ties to the earlier voice,
    the voice itself and NaN left out."""
    values = dense.to_numpy()
    labels = list(dense.index)
    rows: list[tuple[Any, ...]] = []
    for a in range(len(labels)):
        row = values[a].copy()
        row[a] = np.nan
        idx = np.flatnonzero(~np.isnan(row))
        for kind, sign in (("nearest", -1.0), ("farthest", 1.0)):
            best = idx[np.lexsort((idx, sign * row[idx]))][:k]
            rows += [(labels[a], kind, r + 1, labels[b], row[b]) for r, b in enumerate(best)]
    return pd.DataFrame(rows, columns=["voice", "kind", "rank", "other", "score"])


@pytest.mark.parametrize("metric", ["cityblock", "exact", "sign"])
@pytest.mark.parametrize("min_overlap", [1, 3])
@pytest.mark.parametrize("k", [1, 4, 500])
def test_same_neighbours_and_scores_as_dense(metric: str, min_overlap: int, k: int) -> None:
    frame = _random(3, 120, 7)
    dense = posmatrix.agreement(frame, metric, min_overlap=min_overlap)
    top = posmatrix.agreement(frame, metric, min_overlap=min_overlap, top=k)
    assert list(top.columns) == list(NEIGHBOUR_COLUMNS)
    expected = _from_dense(dense, k)
    pd.testing.assert_frame_equal(
        top[["voice", "kind", "rank", "other", "score"]], expected, check_dtype=False
    )
    assert (top["score"].to_numpy() == expected["score"].to_numpy()).all()  # bit for bit
    # overlap: the issues the pair both addresses
    counts = posmatrix.overlap(frame)
    want = [counts.loc[v, o] for v, o in zip(top["voice"], top["other"], strict=True)]
    assert top["overlap"].tolist() == want


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(1, 40),
    m=st.integers(1, 6),
    k=st.integers(1, 6),
    metric=st.sampled_from(["cityblock", "exact", "sign"]),
)
def test_property_matches_dense(seed: int, n: int, m: int, k: int, metric: str) -> None:
    frame = _random(seed, n, m, missing=0.3)
    expected = _from_dense(posmatrix.agreement(frame, metric), k)
    got = neighbours(frame, metric, k=k)
    pd.testing.assert_frame_equal(
        got[["voice", "kind", "rank", "other", "score"]], expected, check_dtype=False
    )


def test_integer_weights_and_a_dataset() -> None:
    frame = _random(5, 60, 5)
    weights = {"i0": 3, "i2": 0}
    dense = posmatrix.agreement(frame, "cityblock", weights=weights)
    got = neighbours(frame, "cityblock", k=3, weights=weights)
    pd.testing.assert_frame_equal(
        got[["voice", "kind", "rank", "other", "score"]], _from_dense(dense, 3), check_dtype=False
    )
    ds = posmatrix.example()
    dense = posmatrix.agreement(ds, "exact", holder=None)
    got = posmatrix.agreement(ds, "exact", holder=None, top=2)
    pd.testing.assert_frame_equal(
        got[["voice", "kind", "rank", "other", "score"]], _from_dense(dense, 2), check_dtype=False
    )


def test_hand_worked_ties() -> None:
    # x, y, z identical on a; w opposite. cityblock: x-y = x-z = y-z = 1, each-w = 0.
    frame = pd.DataFrame(
        {"a": [1.0, 1.0, 1.0, -1.0]}, index=pd.Index(["x", "y", "z", "w"], name="voice")
    )
    got = neighbours(frame, k=1)
    assert got[["voice", "kind", "other", "score"]].values.tolist() == [
        ["x", "nearest", "y", 1.0],  # a tie between y and z: the earlier voice
        ["x", "farthest", "w", 0.5],  # 1 - |1 - -1| / 4
        ["y", "nearest", "x", 1.0],
        ["y", "farthest", "w", 0.5],
        ["z", "nearest", "x", 1.0],
        ["z", "farthest", "w", 0.5],
        ["w", "nearest", "x", 0.5],
        ["w", "farthest", "x", 0.5],
    ]


def test_voice_with_no_common_issue_has_no_neighbour() -> None:
    frame = pd.DataFrame(
        {"a": [1.0, 2.0, np.nan], "b": [np.nan, np.nan, 0.0]},
        index=pd.Index(["x", "y", "z"], name="voice"),
    )
    got = neighbours(frame, k=2)
    assert "z" not in set(got["voice"])
    assert "z" not in set(got["other"])
    assert got["score"].tolist() == [0.75] * 4  # 1 - 1/4 for x-y, both kinds, both ways


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"metric": "pearson"}, "top= supports the metrics exact, sign, cityblock"),
        ({"k": 0}, "top must be a whole number >= 1"),
        ({"k": True}, "top must be a whole number >= 1"),
        ({"holder": "author"}, "holder and by select voices of a Dataset"),
    ],
)
def test_usage_errors(kw: dict[str, Any], message: str) -> None:
    with pytest.raises(posmatrix.UsageError, match=message):
        neighbours(_random(1, 5, 3), **kw)


def test_off_scale_is_refused() -> None:
    with pytest.raises(posmatrix.UsageError, match=r"must lie on the scale -2\.\.2"):
        neighbours(_random(1, 5, 3) * 3)


def test_uneven_stance_levels_match_dense() -> None:
    """Stances only at −2, 0, 2 (gaps of 2) and a 0..10 scale: the level gaps weigh in."""
    frame = _random(9, 50, 6) * 1.0
    frame = frame.where(frame.isna() | (frame % 2 == 0), frame - 1)  # −2, 0, 2 only (−3 → −2)
    frame = frame.clip(-2, 2)
    pd.testing.assert_frame_equal(
        neighbours(frame, k=3)[["voice", "kind", "rank", "other", "score"]],
        _from_dense(posmatrix.agreement(frame), 3),
        check_dtype=False,
    )
    ten = (_random(10, 50, 6) + 2) * 2.5 // 1  # 0, 2, 5, 7, 10 on 0..10
    pd.testing.assert_frame_equal(
        neighbours(ten, k=3, scale=(0, 10))[["voice", "kind", "rank", "other", "score"]],
        _from_dense(posmatrix.agreement(ten, scale=(0, 10)), 3),
        check_dtype=False,
    )
