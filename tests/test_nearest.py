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


def _ties_overlap_from_dense(dense: pd.DataFrame, counts: pd.DataFrame, k: int) -> pd.DataFrame:
    """The expected ``ties="overlap"`` frame, one voice at a time: by score, then the
    larger overlap, then the earlier voice."""
    values, over = dense.to_numpy(), counts.to_numpy()
    labels = list(dense.index)
    rows: list[tuple[Any, ...]] = []
    for a in range(len(labels)):
        row = values[a].copy()
        row[a] = np.nan
        idx = np.flatnonzero(~np.isnan(row))
        for kind, sign in (("nearest", -1.0), ("farthest", 1.0)):
            best = idx[np.lexsort((idx, -over[a, idx], sign * row[idx]))][:k]
            rows += [
                (labels[a], kind, r + 1, labels[b], row[b], int(over[a, b]))
                for r, b in enumerate(best)
            ]
    return pd.DataFrame(rows, columns=list(NEIGHBOUR_COLUMNS))


@pytest.mark.parametrize("k", [1, 3, 50])
@pytest.mark.parametrize("seed", [0, 1])
def test_ties_by_overlap_match_dense(k: int, seed: int) -> None:
    # a 3-point scale over 4 issues, a third missing: many equal scores
    rng = np.random.default_rng(seed)
    x = rng.integers(-1, 2, (80, 4)).astype(np.float64)
    x[rng.random(x.shape) < 0.35] = np.nan
    frame = pd.DataFrame(x, index=pd.Index([f"v{i}" for i in range(80)], name="voice"))
    frame.columns = [f"i{j}" for j in range(4)]
    dense = posmatrix.agreement(frame, "cityblock", scale=(-1, 1))
    counts = posmatrix.overlap(frame)
    top = neighbours(frame, k=k, scale=(-1, 1), ties="overlap")
    expected = _ties_overlap_from_dense(dense, counts, k)
    pd.testing.assert_frame_equal(top, expected, check_dtype=False)
    assert (top["score"].to_numpy() == expected["score"].to_numpy()).all()


@pytest.mark.parametrize("kind", ["nearest", "farthest"])
@pytest.mark.parametrize("top", [1, 5, 10])
def test_top_pairs_are_the_best_pairs_of_all(kind: str, top: int) -> None:
    from posmatrix.nearest import top_pairs

    rng = np.random.default_rng(7)
    x = rng.integers(-2, 3, (60, 5)).astype(np.float64)
    x[rng.random(x.shape) < 0.5] = np.nan
    frame = pd.DataFrame(x, index=pd.Index([f"v{i}" for i in range(60)], name="voice"))
    frame.columns = [f"i{j}" for j in range(5)]
    a = posmatrix.agreement(frame).to_numpy()
    o = posmatrix.overlap(frame).to_numpy()
    ia, ib = np.triu_indices(60, k=1)
    ok = ~np.isnan(a[ia, ib])
    ia, ib = ia[ok], ib[ok]
    score = a[ia, ib]
    # every pair of all, by score (best first), then the larger overlap, then (a, b)
    order = np.lexsort((ib, ia, -o[ia, ib], -score if kind == "nearest" else score))[:top]
    got = top_pairs(neighbours(frame, k=top, ties="overlap"), kind, top)
    assert got["voice_a"].tolist() == [f"v{i}" for i in ia[order]]
    assert got["voice_b"].tolist() == [f"v{j}" for j in ib[order]]
    assert got["score"].tolist() == score[order].tolist()
    assert got["overlap"].tolist() == o[ia[order], ib[order]].tolist()


def test_means_by_group_equal_the_dense_formula() -> None:
    from posmatrix.nearest import neighbours_and_means

    frame = _random(5, 90, 6)
    groups = pd.Series(np.r_[np.ones(30), np.full(30, 2.0), np.full(20, 3.0), np.zeros(10)])
    groups.index = frame.index
    groups.iloc[3] = np.nan  # in no group
    found, means, counts = neighbours_and_means(frame, groups, k=2)
    a = posmatrix.agreement(frame).to_numpy().copy()
    np.fill_diagonal(a, np.nan)
    m = np.stack([(groups == g).to_numpy(dtype=np.float64) for g in (1, 2, 3)], axis=1)
    expected = (np.nan_to_num(a) @ m) / ((~np.isnan(a)).astype(np.float64) @ m)
    assert list(means.columns) == [1, 2, 3]
    np.testing.assert_allclose(means.to_numpy(), expected, rtol=1e-12)
    np.testing.assert_array_equal(counts.to_numpy(), (~np.isnan(a)).astype(np.float64) @ m)
    pd.testing.assert_frame_equal(found, neighbours(frame, k=2, ties="overlap"))
