"""posmatrix.blockwise: agreement by blocks of rows, checked against the dense matrix."""

from __future__ import annotations

import attrs
import numpy as np
import pandas as pd
import pytest

import posmatrix
from posmatrix import blockwise, nearest
from posmatrix.blockwise import dense_fits, group_agreement, score_blocks
from posmatrix.errors import UsageError


def _stances(n: int, m: int, seed: int, coverage: float = 0.6) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.integers(-2, 3, size=(n, m)).astype(np.float64)
    x[rng.random((n, m)) > coverage] = np.nan
    return pd.DataFrame(
        x, index=[f"v{i:03d}" for i in range(n)], columns=[f"i{j}" for j in range(m)]
    )


@pytest.mark.parametrize("metric", ["exact", "sign", "cityblock"])
@pytest.mark.parametrize("min_overlap", [1, 3])
@pytest.mark.parametrize("upper", [False, True])
def test_scores_are_the_dense_agreement_bit_for_bit(
    metric: str, min_overlap: int, upper: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nearest, "_BLOCK_ELEMENTS", 7 * 90)  # blocks of 7 rows
    s = _stances(90, 8, seed=min_overlap)
    dense = posmatrix.agreement(s, metric, min_overlap=min_overlap).to_numpy().copy()  # type: ignore[arg-type]
    np.fill_diagonal(dense, np.nan)
    common = posmatrix.overlap(s).to_numpy().copy()
    if upper:  # each pair once: the strict upper triangle
        dense[np.tril_indices(90)] = np.nan
    labels, blocks = score_blocks(s, metric, min_overlap=min_overlap, upper=upper)
    assert list(labels) == list(s.index)
    got = np.full_like(dense, np.nan)
    over = np.zeros_like(common)
    starts = []
    for rows, scores, ov in blocks:
        starts.append(rows.start)
        cols = slice(rows.start if upper else 0, None)
        assert scores.shape == (rows.stop - rows.start, 90 - cols.start)
        got[rows, cols] = scores
        over[rows, cols] = ov
    assert starts == list(range(0, 90, 7))
    assert np.array_equal(np.isnan(got), np.isnan(dense))
    assert np.array_equal(got[~np.isnan(got)], dense[~np.isnan(dense)])  # same floats
    part = np.triu_indices(90) if upper else np.indices((90, 90))
    assert np.array_equal(over[part], common[part])
    assert (~np.isnan(got)).sum() > 1000


def _reference(dense: np.ndarray, group: np.ndarray, groups: int) -> tuple[np.ndarray, ...]:
    """Sums and counts by a loop over pairs of groups (the test's own arithmetic)."""
    a = dense.copy()
    np.fill_diagonal(a, np.nan)
    sums, counts = np.zeros((groups, groups)), np.zeros((groups, groups))
    for g in range(groups):
        for h in range(groups):
            block = a[np.ix_(group == g, group == h)]
            sums[g, h] = np.nansum(block)
            counts[g, h] = np.count_nonzero(~np.isnan(block))
    return sums, counts


@pytest.mark.parametrize("metric", ["exact", "sign", "cityblock"])
def test_group_sums_equal_the_dense_matrix_summed(
    metric: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nearest, "_BLOCK_ELEMENTS", 11 * 120)
    s = _stances(120, 6, seed=5, coverage=0.4)
    rng = np.random.default_rng(9)
    group = rng.integers(-1, 4, size=120)  # -1: in no group
    sums, counts = group_agreement(s, group, 4, metric)
    dense = posmatrix.agreement(s, metric).to_numpy()  # type: ignore[arg-type]
    want_sums, want_counts = _reference(dense, group, 4)
    assert np.array_equal(counts, want_counts)
    assert np.allclose(sums, want_sums, rtol=0, atol=1e-12)
    assert counts.sum() > 0
    assert np.array_equal(counts, counts.T)


def test_a_weighted_dataset_with_actors_sums_the_same() -> None:
    from _plotdata import build

    rng = np.random.default_rng(2)
    stances = {
        f"s{i}" + ("/act" if i % 3 == 0 else ""): {
            f"q{j}": int(rng.integers(-2, 3)) for j in range(5) if rng.random() < 0.7
        }
        or {"q0": 1}
        for i in range(40)
    }
    ds = build(stances)
    issues = dict(ds.issues.items())
    issues["q1"] = attrs.evolve(issues["q1"], weight=2.5)
    ds = attrs.evolve(ds, issues=issues)
    group = np.arange(40) % 3
    sums, counts = group_agreement(ds, group, 3, "cityblock", holder=None)
    dense = posmatrix.agreement(ds, "cityblock", holder=None).to_numpy()
    want_sums, want_counts = _reference(dense, group, 3)
    assert np.array_equal(counts, want_counts)
    assert np.allclose(sums, want_sums, rtol=0, atol=1e-12)


def test_hand_worked_sums() -> None:
    s = pd.DataFrame({"a": [2, 2, -2], "b": [2, 1, -2]}, index=["x", "y", "z"])
    # cityblock on -2..2 (span 8 per pair of issues): x-y 1 - 1/8, x-z 0, y-z 1 - 7/8
    sums, counts = group_agreement(s, np.array([0, 0, 1]), 2, "cityblock")
    assert sums.tolist() == [[1.75, 0.125], [0.125, 0.0]]
    assert counts.tolist() == [[2.0, 2.0], [2.0, 0.0]]


def test_other_metrics_are_refused_with_the_way_out() -> None:
    with pytest.raises(UsageError, match=r"exact, sign, cityblock only; got 'congruence'"):
        score_blocks(_stances(4, 3, seed=1), "congruence")
    with pytest.raises(UsageError, match="one entry per voice"):
        group_agreement(_stances(4, 3, seed=1), np.zeros(3), 1, "sign")


def test_dense_fits_follows_the_threshold_and_the_memory_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert dense_fits(blockwise.HUGE_VOICES // 10)
    assert not dense_fits(blockwise.HUGE_VOICES + 1)
    monkeypatch.setattr(blockwise, "HUGE_VOICES", 50)
    assert dense_fits(50)
    assert not dense_fits(51)
    monkeypatch.setattr(blockwise, "HUGE_VOICES", 10**6)
    monkeypatch.setenv("POSMATRIX_MAX_MEMORY", "320K")  # 100² × 32 bytes = 320,000
    assert dense_fits(100)
    assert not dense_fits(101)
