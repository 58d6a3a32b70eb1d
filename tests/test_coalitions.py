"""coalitions(): a hand-worked ranking, and brute force on random data."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix import Coding, Dataset, Issue, Source, UsageError, coalitions
from posmatrix import coalition as coalitions_module

# Four sources' own stances on three issues (-2..2, cityblock: 1 - mean|a-b|/4):
#
#        i1   i2   i3
#   w    +2   +2   -2
#   x    +2   +1   -1
#   y    -2   -2   --
#   z    +1   +2   -2
#
# pair agreement: w-x 1-(0+1+1)/12 = 10/12; w-y 1-(4+4)/8 = 0; w-z 1-(1+0+0)/12 = 11/12;
# x-y 1-(4+3)/8 = 1/8; x-z 1-(1+1+1)/12 = 9/12; y-z 1-(3+4)/8 = 1/8.
# Sets of 3: wxz (10+11+9)/36 = 30/36 = 0.8333; wxy (10/12 + 0 + 1/8)/3 = 0.3194;
# wyz (0 + 11/12 + 1/8)/3 = 0.3472; xyz (1/8 + 9/12 + 1/8)/3 = 0.3333.
# Clashes: w, x, z never on opposite sides, so wxz has 0 and agrees on all three issues.
# y opposes w, x, z on i1 and i2 (2 clashes per pair); wyz: w-y 2 + y-z 2 = 4.
HAND = """
format: posmatrix/1
title: Four voices
issues:
  - {id: i1, proposition: I1.}
  - {id: i2, proposition: I2.}
  - {id: i3, proposition: I3.}
sources:
  - id: w
    title: W
    stances:
      - {issue: i1, stance: 2, quote: q}
      - {issue: i2, stance: 2, quote: q}
      - {issue: i3, stance: -2, quote: q}
  - id: x
    title: X
    stances:
      - {issue: i1, stance: 2, quote: q}
      - {issue: i2, stance: 1, quote: q}
      - {issue: i3, stance: -1, quote: q}
  - id: y
    title: Y
    stances:
      - {issue: i1, stance: -2, quote: q}
      - {issue: i2, stance: -2, quote: q}
  - id: z
    title: Z
    stances:
      - {issue: i1, stance: 1, quote: q}
      - {issue: i2, stance: 2, quote: q}
      - {issue: i3, stance: -2, quote: q}
"""


def test_hand_worked_ranking() -> None:
    got = coalitions(posmatrix.loads(HAND), size=3)
    assert got["members"].tolist() == [
        ["w", "x", "z"],
        ["w", "y", "z"],
        ["x", "y", "z"],
        ["w", "x", "y"],
    ]
    np.testing.assert_allclose(
        got["mean_agreement"], [30 / 36, (11 / 12 + 1 / 8) / 3, 1 / 3, (10 / 12 + 1 / 8) / 3]
    )
    assert got["clashes"].tolist() == [0, 4, 4, 4]
    assert got["min_agreement"].iloc[0] == pytest.approx(9 / 12)
    first = got.iloc[0]
    assert (first["overlap"], first["agreed"], first["split"]) == (3, ["i1", "i2", "i3"], [])
    # w, y, z: i3 is not addressed by y; i1 and i2 split them
    assert got.iloc[1]["overlap"] == 2
    assert got.iloc[1]["agreed"] == []
    assert got.iloc[1]["split"] == ["i1", "i2"]
    assert got.attrs["exact"]


@pytest.mark.parametrize(("size", "top"), [(1, 3), (5, 3), (2, 0)])
def test_bad_size_or_top(size: int, top: int) -> None:
    with pytest.raises(UsageError):
        coalitions(posmatrix.loads(HAND), size=size, top=top)


def _dataset(stances: np.ndarray) -> Dataset:
    n_v, n_i = stances.shape
    codings = [
        Coding(f"s{v}", "author", f"i{i}", int(stances[v, i]), "q")
        for v in range(n_v)
        for i in range(n_i)
        if stances[v, i] != 9
    ]
    return Dataset(
        title="random",
        issues=[Issue(f"i{i}", f"I{i}.", weight=1.0 + (i % 2)) for i in range(n_i)],
        sources=[Source(f"s{v}", f"S{v}") for v in range(n_v)],
        codings=codings,
    )


def _brute(ds: Dataset, size: int, metric: str) -> list[tuple[Any, ...]]:
    """Every set scored with plain Python loops, sorted by the documented rule."""
    agree = posmatrix.agreement(ds, metric)  # type: ignore[arg-type]
    stances = posmatrix.stance_matrix(ds, "author")
    labels = list(stances.index)
    out = []
    for members in itertools.combinations(labels, size):
        scores, clashes, undefined, shared = [], 0, 0, 0
        for a, b in itertools.combinations(members, 2):
            v = agree.loc[a, b]
            if np.isnan(v):
                undefined += 1
            else:
                scores.append(v)
            for issue in stances.columns:
                sa, sb = stances.loc[a, issue], stances.loc[b, issue]
                clashes += int((sa > 0 and sb < 0) or (sa < 0 and sb > 0))
                shared += int(not np.isnan(sa) and not np.isnan(sb))
        mean = sum(scores) / len(scores) if scores else float("nan")
        out.append((undefined, mean, clashes, members, shared))
    out.sort(key=lambda r: (r[0], -round(r[1], 12) if r[1] == r[1] else np.inf, r[2], -r[4]))
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.integers(min_value=0, max_value=2**32 - 1),
    n_voices=st.integers(min_value=3, max_value=7),
    size=st.integers(min_value=2, max_value=4),
    metric=st.sampled_from(["cityblock", "exact", "sign"]),
)
def test_ranking_matches_brute_force(data: int, n_voices: int, size: int, metric: str) -> None:
    rng = np.random.default_rng(data)
    stances = rng.integers(-2, 3, size=(n_voices, 4))
    stances[rng.random(stances.shape) < 0.25] = 9  # not addressed
    stances[:, 0] = np.where(stances[:, 0] == 9, 1, stances[:, 0])  # every voice speaks
    ds = _dataset(stances)
    size = min(size, n_voices)
    got = coalitions(ds, size=size, metric=metric, top=1000)  # type: ignore[arg-type]
    want = _brute(ds, size, metric)
    assert [tuple(m) for m in got["members"]] == [w[3] for w in want]
    np.testing.assert_allclose(got["mean_agreement"], [w[1] for w in want])
    assert got["clashes"].tolist() == [w[2] for w in want]
    assert got["undefined_pairs"].tolist() == [w[0] for w in want]
    assert got["pair_overlap"].tolist() == [w[4] for w in want]


@pytest.mark.parametrize("seed", range(4))
def test_heuristic_is_bounded_and_locally_optimal(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(seed)
    ds = _dataset(rng.integers(-2, 3, size=(9, 6)))
    exact = coalitions(ds, size=4, top=1)
    monkeypatch.setattr(coalitions_module, "EXACT_LIMIT", 0)
    heur = coalitions(ds, size=4, top=5)
    assert not heur.attrs["exact"]
    best = heur["mean_agreement"].iloc[0]
    assert best <= exact["mean_agreement"].iloc[0] + 1e-12
    assert exact["mean_agreement"].iloc[0] <= heur.attrs["bound"] + 1e-12
    # no single swap improves the top set
    agree = posmatrix.agreement(ds).to_numpy()
    labels = list(posmatrix.stance_matrix(ds, "author").index)
    members = [labels.index(m) for m in heur["members"].iloc[0]]
    base = np.mean([agree[a, b] for a, b in itertools.combinations(members, 2)])
    for out_m in members:
        for in_o in set(range(len(labels))) - set(members):
            other = [in_o if m == out_m else m for m in members]
            assert np.mean([agree[a, b] for a, b in itertools.combinations(other, 2)]) <= (
                base + 1e-12
            )
