"""deal_space on small datasets worked out by hand (see the comments)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

import posmatrix
from posmatrix import DealSpace, UsageError, deal_packages, deal_space
from posmatrix.deal_packages import best_packages

# Three parties (actors a, b, c, reported by one source), four issues on -2..2, issue p3
# weighs 2. Without red_line marks a stance at -2 or +2 is a red line.
#
#        p1   p2   p3(w2)  p4
#   a    +2   +1    -1     +1        red line: p1 must be adopted
#   b    -1   -2    +1     -1        red line: p2 must be rejected
#   c    +1   --    -1      0        (silent on p2, neutral on p4)
#
# Utility of adoption u = weight * stance: a (2, 1, -2, 1), b (-1, -2, 2, -1),
# c (1, 0, -2, 0). Zones of possible agreement: p1 adopted only, p2 rejected only,
# p3 and p4 both. So 2**2 = 4 feasible packages. Forced part of each score:
# a: +2 (p1 adopted) - 1 (p2 rejected) = 1; b: -1 + 2 = 1; c: 1 + 0 = 1.
#
#   p3, p4       a              b             c            total  maximin
#   adopt,adopt  1-2+1 = 0      1+2-1 = 2     1-2+0 = -1     1      -1
#   adopt,rej    1-2-1 = -2     1+2+1 = 4     -1             1      -2
#   rej,adopt    1+2+1 = 4      1-2-1 = -2    1+2 = 3        5      -2
#   rej,rej      1+2-1 = 2      1-2+1 = 0     3              5       0
#
# By total (ties: maximin): RR (5, 0), RA (5, -2), AA (1, -1), AR (1, -2): ranks 1-4.
# By maximin (ties: total): RR 0, AA -1, RA (-2, total 5), AR (-2, total 1): ranks 1-4.
#
# Trades (party a gets its way on issue_a, b on issue_b; intensities |u|):
# a: p1 2, p2 1, p3 2, p4 1;  b: p1 1, p2 2, p3 2, p4 1;  c: p1 1, p3 2.
# a and b are on opposite sides of every issue. Outcomes that cross no red line: a's way
# on p1, p3, p4 (not p2); b's way on p2, p3, p4 (not p1). Of those pairs only p1 <-> p2
# has both gains positive: gain_a = 2 - 1 = 1, gain_b = 2 - 1 = 1. a and c never stand on
# opposite sides; b and c do on p1 and p3, but c cares about both equally relative to b:
# b on p3 / c on p1 gives c 1 - 2 < 0, the reverse gives b 1 - 2 < 0. One trade.
HAND = """
format: posmatrix/1
title: Hand-worked deal
issues:
  - {id: p1, proposition: P1 should happen.}
  - {id: p2, proposition: P2 should happen.}
  - {id: p3, proposition: P3 should happen., weight: 2}
  - {id: p4, proposition: P4 should happen.}
actors:
  - {id: a, name: Party A}
  - {id: b, name: Party B}
  - {id: c, name: Party C}
sources:
  - id: s1
    title: Source one
    reports:
      a:
        - {issue: p1, stance: 2, quote: A will never give up P1.}
        - {issue: p2, stance: 1, quote: A likes P2.}
        - {issue: p3, stance: -1, quote: A dislikes P3.}
        - {issue: p4, stance: 1, quote: A likes P4.}
      b:
        - {issue: p1, stance: -1, quote: B dislikes P1.}
        - {issue: p2, stance: -2, quote: B rejects P2 outright.}
        - {issue: p3, stance: 1, quote: B likes P3.}
        - {issue: p4, stance: -1, quote: B dislikes P4.}
      c:
        - {issue: p1, stance: 1, quote: C likes P1.}
        - {issue: p3, stance: -1, quote: C dislikes P3.}
        - {issue: p4, stance: 0, quote: C is torn on P4.}
"""


@pytest.fixture(scope="module")
def space() -> DealSpace:
    return deal_space(posmatrix.loads(HAND), ["a", "b", "c"])


def test_issues_zone_of_possible_agreement(space: DealSpace) -> None:
    zopa = space.issues.xs("adopted", level="outcome")["zopa"].to_dict()
    assert zopa == {"p1": "adopted", "p2": "rejected", "p3": "both", "p4": "both"}
    row = space.issues.loc[("p1", "rejected")]
    assert row["red_line"] == ["a"]
    assert row["quotes"] == ["A will never give up P1."]
    assert not row["feasible"]
    # support of an outcome: summed utility; p3 adopted = -2 + 2 - 2
    assert space.issues.loc[("p3", "adopted"), "support"] == -2.0
    p4 = space.issues.loc[("p4", "adopted")]
    assert (p4["favour"], p4["oppose"], p4["neutral"], p4["silent"]) == (["a"], ["b"], ["c"], [])
    assert space.issues.loc[("p2", "adopted"), "silent"] == ["c"]
    assert space.issues.loc[("p2", "adopted"), "accept"] == ["a"]


def test_packages_ranked_by_total_and_maximin(space: DealSpace) -> None:
    assert space.n_packages == 4
    assert space.exact
    assert space.feasible
    p = space.packages
    assert p["rejected"].tolist() == [
        ["p2", "p3", "p4"],
        ["p2", "p3"],
        ["p2"],
        ["p2", "p4"],
    ]
    assert p["adopted"].tolist() == [["p1"], ["p1", "p4"], ["p1", "p3", "p4"], ["p1", "p3"]]
    assert p["total"].tolist() == [5.0, 5.0, 1.0, 1.0]
    assert p["maximin"].tolist() == [0.0, -2.0, -1.0, -2.0]
    assert p["rank_total"].tolist() == [1, 2, 3, 4]
    assert p["rank_maximin"].tolist() == [1, 3, 2, 4]
    assert p[["score_a", "score_b", "score_c"]].to_numpy().tolist() == [
        [2, 0, 3],
        [4, -2, 3],
        [0, 2, -1],
        [-2, 4, -1],
    ]
    assert p["least_satisfied"].tolist() == [["b"], ["b"], ["c"], ["a"]]
    assert space.blocking.empty


def test_top_keeps_the_union_of_both_lists(space: DealSpace) -> None:
    one = deal_space(space.dataset, ["a", "b", "c"], top=1)
    # RR is first by both criteria
    assert one.packages["rank_total"].tolist() == [1]
    two = deal_space(space.dataset, ["a", "b", "c"], top=2)
    # by total RR, RA; by maximin RR, AA (rank_total 3)
    assert two.packages["rank_total"].tolist() == [1, 2, 3]
    assert two.packages["rank_maximin"].tolist() == [1, 3, 2]


def test_trades(space: DealSpace) -> None:
    t = space.trades
    assert len(t) == 1
    row = t.iloc[0]
    assert (row["party_a"], row["issue_a"], row["outcome_a"]) == ("a", "p1", "adopted")
    assert (row["party_b"], row["issue_b"], row["outcome_b"]) == ("b", "p2", "rejected")
    assert (row["gain_a"], row["gain_b"], row["joint_gain"]) == (1.0, 1.0, 2.0)
    assert (row["a_on_issue_a"], row["a_on_issue_b"]) == (2.0, 1.0)
    assert (row["b_on_issue_a"], row["b_on_issue_b"]) == (-1.0, -2.0)


def test_no_feasible_package_and_blocking_quotes() -> None:
    # b at -2 and c at +2 on p4: adopting crosses b's red line, rejecting c's
    text = HAND.replace("stance: -1, quote: B dislikes P4.", "stance: -2, quote: B refuses any P4.")
    text = text.replace("stance: 0, quote: C is torn on P4.", "stance: 2, quote: C needs P4.")
    got = deal_space(posmatrix.loads(text), ["a", "b", "c"])
    assert not got.feasible
    assert got.n_packages == 0
    assert got.packages.empty
    assert list(got.blocking.index) == ["p4"]
    row = got.blocking.loc["p4"]
    assert (row["adopt_blocked_by"], row["reject_blocked_by"]) == (["b"], ["c"])
    assert row["parties"] == ["b", "c"]
    assert row["quotes"] == ["B refuses any P4.", "C needs P4."]
    assert row["stances"] == [-2.0, 2.0]
    assert row["marked"] == [False, False]


def test_marks_replace_the_end_of_scale_rule() -> None:
    # with one mark in the dataset, only marks count: a's +1 on p2 must be adopted,
    # the +2 / -2 stances are no longer red lines; p1, p3, p4 open: 2**3 packages
    text = HAND.replace("quote: A likes P2.}", "quote: A likes P2., red_line: true}")
    got = deal_space(posmatrix.loads(text), ["a", "b", "c"])
    zopa = got.issues.xs("adopted", level="outcome")["zopa"].tolist()
    assert zopa == ["both", "adopted", "both", "both"]
    assert got.red_line_rule == "marks"
    assert got.n_packages == 8
    assert got.issues.loc[("p2", "rejected"), "quotes"] == ["A likes P2."]
    # a threshold adds stances again: b's -2 on p2 now blocks p2 against a's mark
    both = deal_space(posmatrix.loads(text), ["a", "b", "c"], red_line_at=2)
    assert list(both.blocking.index) == ["p2"]
    assert both.blocking.loc["p2", "marked"] == [False, True]


def test_threshold_one_makes_every_side_a_red_line() -> None:
    got = deal_space(posmatrix.loads(HAND), ["a", "b"], red_line_at=1)
    # a and b on opposite sides of every issue: all four block
    assert list(got.blocking.index) == ["p1", "p2", "p3", "p4"]


def test_sources_as_parties_and_issue_subset() -> None:
    ds = posmatrix.example()
    sources = list(ds.sources)[:2]
    got = deal_space(ds, sources, issues=["nato-membership-ruled-out", "ceasefire-first"])
    assert got.parties == tuple(sources)
    assert list(got.issues.index.get_level_values("issue").unique()) == [
        "nato-membership-ruled-out",
        "ceasefire-first",
    ]


def test_three_point_scale_needs_marks_or_threshold() -> None:
    text = HAND.replace("issues:", "scale: {min: -1, max: 1}\nissues:").replace(
        "stance: 2", "stance: 1"
    )
    text = text.replace("stance: -2", "stance: -1")
    ds = posmatrix.loads(text)
    with pytest.raises(UsageError, match="every non-neutral stance"):
        deal_space(ds, ["a", "b"])
    assert deal_space(ds, ["a", "b"], red_line_at=math.inf).n_packages == 16


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"parties": ["a"]}, "at least two parties"),
        ({"parties": ["a", "x"]}, "party 'x' is neither"),
        ({"parties": ["a", "a"]}, "distinct"),
        ({"parties": "a,b"}, "must be a list"),
        ({"parties": ["a", "b"], "issues": ["p9"]}, "issue 'p9' is not in the codebook"),
        ({"parties": ["a", "b"], "red_line_at": 0}, "red_line_at must be a number > 0"),
        ({"parties": ["a", "b"], "top": 0}, "top must be an integer"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        deal_space(posmatrix.loads(HAND), **kwargs)  # type: ignore[arg-type]


def _random_packages(seed: int) -> tuple[Any, ...]:
    rng = np.random.default_rng(seed)
    n_p, n_i = 4, 11
    utility = rng.integers(-2, 3, size=(n_p, n_i)).astype(float) * rng.choice([1.0, 2.0], n_i)
    zopa = np.array(rng.choice(["both", "both", "both", "adopted", "rejected"], n_i), dtype=object)
    decided = np.ones(n_i, dtype=bool)
    return [f"p{k}" for k in range(n_p)], [f"i{k}" for k in range(n_i)], utility, zopa, decided


@pytest.mark.parametrize("seed", range(8))
def test_branch_and_bound_equals_enumeration(seed: int) -> None:
    args = _random_packages(seed)
    enumerated, n, is_exact = best_packages(*args, 4, 2**20)
    bounded, n2, not_exact = best_packages(*args, 4, 1)
    assert n == n2
    assert is_exact
    assert not not_exact
    # the same packages in either top 4, in the same order, and every rank the search
    # knows is the rank among all packages (it leaves NA only outside a criterion's top)
    ranks = ["rank_total", "rank_maximin"]
    key = "rejected"

    def by_package(frame: pd.DataFrame) -> pd.DataFrame:
        order = sorted(range(len(frame)), key=lambda k: frame[key].iloc[k])
        return frame.iloc[order].reset_index(drop=True)

    enumerated, bounded = by_package(enumerated), by_package(bounded)
    pd.testing.assert_frame_equal(enumerated.drop(columns=ranks), bounded.drop(columns=ranks))
    for column in ranks:
        known = bounded[column].notna().to_numpy()
        assert (bounded[column][known] == enumerated[column][known]).all()
        assert (enumerated[column][~known] > 4).all()


@pytest.mark.parametrize("seed", range(4))
def test_integer_program_finds_the_enumerated_best(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deal_packages, "_FRONTIER", 0)  # force the MILP fallback
    args = _random_packages(seed)
    exact, _, _ = best_packages(*args, 5, 2**20)
    milp, _, _ = best_packages(*args, 5, 1)
    # the same best values by each criterion (packages may differ within ties)
    for rank, key in (("rank_total", "total"), ("rank_maximin", "maximin")):
        a = exact[exact[rank] <= 5].sort_values(rank)
        b = milp[milp[rank].notna()].sort_values(rank)
        assert len(a) == len(b)
        np.testing.assert_allclose(a[key].to_numpy(float), b[key].to_numpy(float))
