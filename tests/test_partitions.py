"""The adjusted Rand index, against hand-worked values and its invariances."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posmatrix.errors import UsageError
from posmatrix.partitions import adjusted_rand_index


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # table [[2, 0], [1, 2]]: index 2, rows 1 + 3 = 4, cols 3 + 1 = 4,
        # expected 4 * 4 / 10 = 1.6, max 4 -> (2 - 1.6) / (4 - 1.6) = 1/6
        ([1, 1, 2, 2, 2], [1, 1, 1, 2, 2], 1 / 6),
        # table [[1, 1], [1, 1]]: index 0, rows 1 + 1, cols 1 + 1, expected 2 * 2 / 6,
        # max 2 -> (0 - 2/3) / (2 - 2/3) = -0.5
        ([0, 0, 1, 1], [0, 1, 0, 1], -0.5),
        # the same partition under other names
        (["x", "x", "y", "z"], [3, 3, 1, 2], 1.0),
        # both trivial (one cluster each): the denominator is 0 -> 1
        ([1, 1, 1], [2, 2, 2], 1.0),
    ],
)
def test_hand_worked(a: list[object], b: list[object], expected: float) -> None:
    assert adjusted_rand_index(a, b) == pytest.approx(expected)


def test_matches_scipy_contingency_when_available() -> None:
    # cross-check with the pair counts of scipy's contingency table
    contingency = pytest.importorskip("scipy.stats.contingency")
    rng = np.random.default_rng(4)
    a, b = rng.integers(0, 4, 60), rng.integers(0, 3, 60)
    table = contingency.crosstab(a, b).count.astype(float)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    exp = rows * cols / (60 * 59 / 2)
    want = (pairs(table) - exp) / ((rows + cols) / 2 - exp)
    assert adjusted_rand_index(a, b) == pytest.approx(want)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=2, max_size=40))
def test_symmetric_and_invariant_to_renaming(a: list[int]) -> None:
    b = [(x * 7 + 3) % 5 for x in reversed(a)]
    assert adjusted_rand_index(a, b) == pytest.approx(adjusted_rand_index(b, a))
    renamed = [f"c{x}" for x in a]
    assert adjusted_rand_index(renamed, b) == pytest.approx(adjusted_rand_index(a, b))
    assert adjusted_rand_index(a, a) == pytest.approx(1.0)


def test_lengths_must_match() -> None:
    with pytest.raises(UsageError, match="two labelings of the same items"):
        adjusted_rand_index([1, 2], [1])
