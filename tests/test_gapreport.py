"""Tests of posmatrix.gaps: every expected number is worked out by hand in the test
(or by a naive loop over voices), never read back from the code under test."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix.errors import UsageError
from posmatrix.gapreport import GapReport, gaps
from posmatrix.measures import van_der_eijk_a
from posmatrix.model import Coding, Dataset, Issue, Source

CodingSpec = tuple[Any, ...]


def quote(source: str, holder: str, issue: str) -> str:
    return f"{source} says {holder} on {issue}."


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def make(
    codings: Sequence[CodingSpec],
    *,
    issues: Sequence[str] = ("a", "b", "c"),
    actors: Sequence[str] = (),
    sources: Sequence[str] | None = None,
    weights: dict[str, float] | None = None,
    scale: tuple[int, int] | None = None,
) -> Dataset:
    """A dataset, written as YAML and read by :func:`posmatrix.loads`, from codings
    ``(source, holder, issue, stance[, confidence[, coder[, adjudicated]]])``.

    Each coding's quote is :func:`quote` of its cell (plus the coder, if any), so the
    tests can say which quote must appear where.
    """
    if sources is None:
        sources = sorted({c[0] for c in codings})
    weights = weights or {}
    doc: dict[str, Any] = {"format": "posmatrix/1", "title": "Hand-made"}
    if scale is not None:
        doc["scale"] = {"min": scale[0], "max": scale[1]}
    doc["issues"] = [
        {"id": i, "proposition": f"{i.upper()} should happen.", "weight": weights.get(i, 1)}
        for i in issues
    ]
    if actors:
        doc["actors"] = [{"id": a, "name": a.title()} for a in actors]
    entries: dict[str, dict[str, Any]] = {s: {"id": s, "title": f"Title of {s}"} for s in sources}
    for spec in codings:
        source, holder, issue, stance = spec[:4]
        coding: dict[str, Any] = {"issue": issue, "stance": stance}
        coding["quote"] = quote(source, holder, issue) + (f" ({spec[5]})" if len(spec) > 5 else "")
        if len(spec) > 4:
            coding["confidence"] = spec[4]
        if len(spec) > 5:
            coding["coder"] = spec[5]
        if len(spec) > 6:
            coding["adjudicated"] = spec[6]
        entry = entries[source]
        if holder == "author":
            entry.setdefault("stances", []).append(coding)
        else:
            entry.setdefault("reports", {}).setdefault(holder, []).append(coding)
    doc["sources"] = list(entries.values())
    return posmatrix.loads(yaml.dump(doc, Dumper=_NoAliases, sort_keys=False, allow_unicode=True))


# -- D1: silence versus 0 ------------------------------------------------------------------
# s1: a=0, b=2;  s2: a=2 (silent on b);  s3: b=-2 (silent on a);  nobody addresses c.
D1 = [
    ("s1", "author", "a", 0),
    ("s1", "author", "b", 2),
    ("s2", "author", "a", 2),
    ("s3", "author", "b", -2),
]


@pytest.fixture
def d1() -> GapReport:
    return gaps(make(D1))


def test_silence_is_not_zero_in_issue_statistics(d1: GapReport) -> None:
    a = d1.issues.loc["a"]
    # a: stances 0 and 2 only; counting s3's silence as 0 would give 3 voices, mean 2/3.
    assert a["voices"] == 2
    assert a["mean"] == 1.0
    assert a["std"] == 1.0  # population std of (0, 2)
    assert (a["min"], a["max"], a["range"]) == (0.0, 2.0, 2.0)
    assert (a["support"], a["neutral"], a["oppose"]) == (1, 1, 0)
    assert [a[f"n_{p}"] for p in (-2, -1, 0, 1, 2)] == [0.0, 0.0, 1.0, 0.0, 1.0]
    assert a["polarization"] == 0.0
    assert not a["contested"]
    assert a["low_voices"] == ["s1"]
    assert a["low_quotes"] == [quote("s1", "author", "a")]
    assert a["high_voices"] == ["s2"]
    assert a["high_quotes"] == [quote("s2", "author", "a")]


def test_split_between_extremes_is_fully_polarized(d1: GapReport) -> None:
    b = d1.issues.loc["b"]
    assert b["voices"] == 2
    assert b["contested"]
    assert b["polarization"] == 1.0
    assert b["van_der_eijk_a"] == pytest.approx(-1.0)  # half at -2, half at +2
    assert (b["mean"], b["std"], b["range"]) == (0.0, 2.0, 4.0)
    assert b["low_voices"] == ["s3"]
    assert b["high_voices"] == ["s1"]


def test_issue_nobody_addresses(d1: GapReport) -> None:
    c = d1.issues.loc["c"]
    assert c["voices"] == 0
    assert not c["contested"]
    for column in ("mean", "std", "range", "polarization", "van_der_eijk_a"):
        assert math.isnan(c[column])
    assert c["low_voices"] == []
    assert c["high_quotes"] == []


def test_contested_ranking(d1: GapReport) -> None:
    assert list(d1.issues.index) == ["b", "a", "c"]
    assert list(d1.issues["rank"]) == [1, 2, 3]


def test_coverage(d1: GapReport) -> None:
    expected = pd.DataFrame(
        [[True, True, False], [True, False, False], [False, True, False]],
        index=["s1", "s2", "s3"],
        columns=["a", "b", "c"],
    )
    assert d1.coverage.to_numpy().tolist() == expected.to_numpy().tolist()
    assert list(d1.coverage.index) == ["s1", "s2", "s3"]
    assert list(d1.coverage.columns) == ["a", "b", "c"]
    assert d1.coverage_sources["issues"].tolist() == [2, 1, 1]
    assert d1.coverage_sources["share"].tolist() == pytest.approx([2 / 3, 1 / 3, 1 / 3])
    assert d1.coverage_sources["codings"].tolist() == [2, 1, 1]
    # a: s1, s2; b: s1, s3; c: nobody.
    assert list(d1.thin_issues.index) == ["c"]
    assert d1.thin_issues.loc["c", "n_sources"] == 0
    assert d1.thin_issues.loc["c", "sources"] == []


def test_min_sources_raises_the_bar() -> None:
    report = gaps(make(D1), min_sources=3)
    assert list(report.thin_issues.index) == ["a", "b", "c"]
    assert report.thin_issues["sources"].tolist() == [["s1", "s2"], ["s1", "s3"], []]


def test_pairs_rest_on_one_issue_each(d1: GapReport) -> None:
    # s1-s2 share only a: 1 - |0 - 2| / 4 = 0.5;  s1-s3 share only b: 1 - 4/4 = 0;
    # s2-s3 share nothing and are no pair.
    div = d1.pairs[d1.pairs["kind"] == "divergent"]
    assert div[["voice_a", "voice_b"]].to_numpy().tolist() == [["s1", "s3"], ["s1", "s2"]]
    assert div["agreement"].tolist() == pytest.approx([0.0, 0.5])
    assert div["overlap"].tolist() == [1, 1]
    assert div["issues"].tolist() == [["b"], ["a"]]
    ali = d1.pairs[d1.pairs["kind"] == "aligned"]
    assert ali[["voice_a", "voice_b"]].to_numpy().tolist() == [["s1", "s2"], ["s1", "s3"]]
    assert ali["rank"].tolist() == [1, 2]


def test_between_voices_keeps_silence_apart(d1: GapReport) -> None:
    gap = d1.between("s1", "s2")
    assert list(gap.index) == ["a", "b"]  # c: neither side speaks
    assert (gap.loc["a", "stance_a"], gap.loc["a", "stance_b"], gap.loc["a", "gap"]) == (0, 2, 2)
    assert not gap.loc["a", "red_line"]  # 0 is neutral, not the opposite side
    assert not gap.loc["a", "bridgeable"]
    assert gap.loc["b", "stance_a"] == 2.0
    assert math.isnan(gap.loc["b", "stance_b"])
    assert math.isnan(gap.loc["b", "gap"])
    assert gap.loc["b", "red_line"] is pd.NA
    assert gap.loc["b", "bridgeable"] is pd.NA
    assert gap.loc["a", "evidence_a"] == [quote("s1", "author", "a")]
    assert gap.loc["a", "sources_b"] == ["s2"]
    assert gap.loc["b", "evidence_b"] == []


# -- D2: an actor reported inconsistently by two sources -----------------------------------
# s1 reports russia: w=-2, a=+1; europe: w=+2.   s2 reports russia: w=-1, a=-1; europe: a=-2.
D2 = [
    ("s1", "russia", "w", -2),
    ("s1", "russia", "a", 1),
    ("s1", "europe", "w", 2),
    ("s2", "russia", "w", -1),
    ("s2", "russia", "a", -1),
    ("s2", "europe", "a", -2),
]


@pytest.fixture
def d2() -> GapReport:
    return gaps(make(D2, issues=("a", "b", "w"), actors=("russia", "europe")))


def test_actor_cells_list_every_source(d2: GapReport) -> None:
    ra = d2.actors.loc[("russia", "a")]
    assert ra["stance"] == 0.0  # median of +1 and -1
    assert (ra["min"], ra["max"], ra["spread"]) == (-1.0, 1.0, 2.0)
    assert ra["n_sources"] == 2
    assert not ra["same_side"]
    assert ra["sources"] == ["s1", "s2"]
    assert ra["stances"] == [1.0, -1.0]
    assert ra["quotes"] == [quote("s1", "russia", "a"), quote("s2", "russia", "a")]
    rw = d2.actors.loc[("russia", "w")]
    assert (rw["stance"], rw["spread"], rw["same_side"]) == (-1.5, 1.0, True)
    assert list(d2.actors.index) == [
        ("russia", "a"),
        ("russia", "w"),
        ("europe", "a"),
        ("europe", "w"),
    ]
    assert d2.actors.loc[("europe", "w"), "actor_name"] == "Europe"


def test_between_actors_medians_and_red_line(d2: GapReport) -> None:
    gap = d2.between("russia", "europe")
    assert list(gap.index) == ["w", "a"]  # gaps 3.5, 2
    w = gap.loc["w"]
    assert (w["stance_a"], w["stance_b"], w["gap"]) == (-1.5, 2.0, 3.5)
    assert w["red_line"]
    assert not w["bridgeable"]
    assert w["spread_a"] == 1.0
    assert w["spread_b"] == 0.0
    assert w["voices_a"] == ["s1/russia", "s2/russia"]
    assert w["sources_a"] == ["s1", "s2"]
    assert w["stances_a"] == [-2.0, -1.0]
    assert w["evidence_a"] == [quote("s1", "russia", "w"), quote("s2", "russia", "w")]
    assert w["sources_b"] == ["s1"]
    assert w["evidence_b"] == [quote("s1", "europe", "w")]
    a = gap.loc["a"]
    assert (a["stance_a"], a["stance_b"], a["gap"]) == (0.0, -2.0, 2.0)
    assert not a["red_line"]  # russia's median is neutral


def test_between_is_symmetric_in_the_gap(d2: GapReport) -> None:
    ab = d2.between("russia", "europe")
    ba = d2.between("europe", "russia")
    assert ab["gap"].to_dict() == ba["gap"].to_dict()
    assert ab["red_line"].tolist() == ba["red_line"].tolist()
    assert ab["evidence_a"].tolist() == ba["evidence_b"].tolist()


def test_red_lines_between_actors(d2: GapReport) -> None:
    rl = d2.red_lines
    assert len(rl) == 1
    row = rl.iloc[0]
    assert (row["actor_a"], row["actor_b"], row["issue"]) == ("russia", "europe", "w")
    assert (row["stance_a"], row["stance_b"], row["gap"]) == (-1.5, 2.0, 3.5)
    assert row["sources_a"] == ["s1", "s2"]
    assert row["evidence_b"] == [quote("s1", "europe", "w")]


def test_actor_distance_and_overlap(d2: GapReport) -> None:
    # russia vs europe on a: |0 - (-2)| = 2, on w: |-1.5 - 2| = 3.5; mean 2.75.
    assert d2.actor_distance.loc["russia", "europe"] == pytest.approx(2.75)
    assert d2.actor_distance.loc["europe", "russia"] == pytest.approx(2.75)
    assert d2.actor_distance.loc["russia", "russia"] == pytest.approx(0.0)
    assert d2.actor_overlap.loc["russia", "europe"] == 2


def test_actor_distance_uses_issue_weights() -> None:
    ds = make(D2, issues=("a", "b", "w"), actors=("russia", "europe"), weights={"w": 3.0})
    # (2 * 1 + 3.5 * 3) / (1 + 3)
    assert gaps(ds).actor_distance.loc["russia", "europe"] == pytest.approx(3.125)


def test_holder_selects_the_voices_of_the_issue_table() -> None:
    ds = make([*D2, ("s1", "author", "w", 1)], issues=("a", "b", "w"), actors=("russia", "europe"))
    report = gaps(ds, holder="russia")
    assert report.holders == ("russia",)
    assert report.issues["voices"].to_dict() == {"a": 2, "w": 2, "b": 0}
    assert report.coverage.loc["s2"].tolist() == [True, False, True]
    assert report.coverage_sources["codings"].tolist() == [2, 2]  # s1's own w is not counted
    # actors and between always see every voice
    assert len(report.actors) == 4
    assert report.between("europe", "s1").loc["w", "gap"] == 1.0  # europe +2, s1 (author) +1


# -- ties ------------------------------------------------------------------------------------


@pytest.mark.parametrize("order", [("x", "y"), ("y", "x")])
def test_ties_in_the_ranking_keep_codebook_order(order: tuple[str, str]) -> None:
    # x and y have identical distributions: the codebook order decides.
    ds = make(
        [
            ("s1", "author", "x", 2),
            ("s1", "author", "y", 2),
            ("s2", "author", "x", -2),
            ("s2", "author", "y", -2),
        ],
        issues=order,
    )
    assert list(gaps(ds).issues.index) == list(order)


def test_ties_between_pairs_prefer_more_overlap() -> None:
    # s1-s2: x 2/-2 and y 2/-2 -> agreement 0 on 2 issues; s2-s3: x -2/2 -> 0 on 1 issue;
    # s1-s3: x 2/2 -> 1 on 1 issue.
    ds = make(
        [
            ("s1", "author", "x", 2),
            ("s1", "author", "y", 2),
            ("s2", "author", "x", -2),
            ("s2", "author", "y", -2),
            ("s3", "author", "x", 2),
        ],
        issues=("x", "y"),
    )
    pairs = gaps(ds).pairs
    div = pairs[pairs["kind"] == "divergent"]
    assert div[["voice_a", "voice_b", "overlap"]].to_numpy().tolist() == [
        ["s1", "s2", 2],
        ["s2", "s3", 1],
        ["s1", "s3", 1],
    ]
    ali = pairs[pairs["kind"] == "aligned"]
    assert ali[["voice_a", "voice_b"]].to_numpy().tolist() == [
        ["s1", "s3"],
        ["s1", "s2"],
        ["s2", "s3"],
    ]


def test_top_limits_the_pairs() -> None:
    ds = make([(f"s{i}", "author", "a", i % 5 - 2) for i in range(6)])
    pairs = gaps(ds, top=2).pairs
    assert pairs["kind"].tolist() == ["divergent", "divergent", "aligned", "aligned"]


# -- a single voice --------------------------------------------------------------------------


def test_single_voice() -> None:
    report = gaps(make([("s1", "author", "a", 1)], issues=("a", "b")))
    a = report.issues.loc["a"]
    assert (a["voices"], a["mean"], a["std"], a["range"]) == (1, 1.0, 0.0, 0.0)
    assert a["van_der_eijk_a"] == pytest.approx(1.0)
    assert a["polarization"] == 0.0
    assert not a["contested"]
    assert a["low_voices"] == a["high_voices"] == ["s1"]
    assert report.pairs.empty
    assert report.actors.empty
    assert report.red_lines.empty
    assert report.sensitivity_pairs.empty
    same = report.between("s1", "s1")
    assert same.loc["a", "gap"] == 0.0
    assert same.loc["a", "bridgeable"]
    text = str(report)
    assert "Gap report: Hand-made" in text
    assert "(none)" in text


# -- several coders ----------------------------------------------------------------------------


def test_median_of_coders_counts_to_both_neighbours() -> None:
    ds = make(
        [
            ("s1", "author", "a", 1, "high", "p"),
            ("s1", "author", "a", 2, "high", "q"),
            ("s2", "author", "a", -1),
        ]
    )
    a = gaps(ds).issues.loc["a"]
    assert a["voices"] == 2
    assert [a[f"n_{p}"] for p in (-2, -1, 0, 1, 2)] == [0.0, 1.0, 0.0, 0.5, 0.5]
    assert a["mean"] == 0.25  # (1.5 + -1) / 2
    assert a["high_voices"] == ["s1"]
    assert a["high_quotes"] == [quote("s1", "author", "a") + " (p)"]  # first coding in file order


def test_adjudicated_coding_gives_the_evidence() -> None:
    ds = make(
        [
            ("s1", "author", "a", 1, "high", "p"),
            ("s1", "author", "a", -1, "high", "q"),
            ("s1", "author", "a", 2, "high", "r", True),
        ]
    )
    a = gaps(ds).issues.loc["a"]
    assert a["max"] == 2.0
    assert a["high_quotes"] == [quote("s1", "author", "a") + " (r)"]


# -- sensitivity -------------------------------------------------------------------------------
# p: s1=+2, s2=-1 (low), s3=-2.   q: s1=+1, s2=-1, s3=+1, s4=0 (low).
D7 = [
    ("s1", "author", "p", 2),
    ("s2", "author", "p", -1, "low"),
    ("s3", "author", "p", -2),
    ("s1", "author", "q", 1),
    ("s2", "author", "q", -1),
    ("s3", "author", "q", 1),
    ("s4", "author", "q", 0, "low"),
]


@pytest.fixture
def d7() -> GapReport:
    return gaps(make(D7, issues=("p", "q")))


def test_low_confidence_codings_listed(d7: GapReport) -> None:
    low = d7.low_confidence
    assert low[["voice", "issue", "stance"]].to_numpy().tolist() == [
        ["s2", "p", -1],
        ["s4", "q", 0],
    ]
    assert low["quote"].tolist() == [quote("s2", "author", "p"), quote("s4", "author", "q")]
    assert d7.coverage_sources["low_confidence"].tolist() == [0, 1, 0, 1]


def test_sensitivity_ranking(d7: GapReport) -> None:
    # Full: p 1 support x 2 oppose = 2 clashes, polarization 2/3; q 2 x 1 = 2 clashes,
    # polarization 2/4 -> p first. Without low: p (+2, -2) has 1 clash; q (+1, -1, +1)
    # keeps 2 -> q first.
    sens = d7.sensitivity
    assert list(sens.index) == ["p", "q"]
    assert sens["rank"].tolist() == [1, 2]
    assert sens["rank_high"].tolist() == [2, 1]
    assert sens["rank_change"].tolist() == [1, -1]
    assert sens["dropped"].tolist() == [1, 1]
    assert sens["voices"].tolist() == [3, 4]
    assert sens["voices_high"].tolist() == [2, 3]
    assert sens["contested_high"].tolist() == [True, True]
    assert sens["polarization"].tolist() == pytest.approx([2 / 3, 0.5])
    assert sens["polarization_high"].tolist() == pytest.approx([1.0, 2 / 3])


def test_sensitivity_pairs(d7: GapReport) -> None:
    sp = d7.sensitivity_pairs
    # s4 speaks only through a low-confidence coding: every pair with it is lost (full
    # agreement 1 - 1/4 = 0.75 with each). s1-s2: full (|2+1| + |1+1|) / 2 = 2.5 ->
    # 0.375, without p 2 -> 0.5. s2-s3: full (|-1+2| + |-1-1|) / 2 = 1.5 -> 0.625,
    # without p 2 -> 0.5. s1-s3 keeps both issues and does not move.
    assert sp[["voice_a", "voice_b"]].to_numpy().tolist() == [
        ["s1", "s4"],
        ["s2", "s4"],
        ["s3", "s4"],
        ["s1", "s2"],
        ["s2", "s3"],
    ]
    assert sp["lost"].tolist() == [True, True, True, False, False]
    assert sp["agreement"].tolist() == pytest.approx([0.75, 0.75, 0.75, 0.375, 0.625])
    assert sp["agreement_high"].iloc[3:].tolist() == pytest.approx([0.5, 0.5])
    assert sp["agreement_high"].iloc[:3].isna().all()
    assert sp["change"].iloc[3:].tolist() == pytest.approx([0.125, -0.125])
    assert sp["overlap"].tolist() == [1, 1, 1, 2, 2]
    assert sp["overlap_high"].tolist() == [0, 0, 0, 1, 1]


def test_clashes_rank_a_broad_split_above_a_lone_pair() -> None:
    # x: (+2, -2): 1 clash, polarization 1.  y: (+2, +2, +1, -2, -1): 3 x 2 = 6 clashes,
    # polarization 0.8 -> y is the more contested issue.
    ds = make(
        [
            ("s1", "author", "x", 2),
            ("s2", "author", "x", -2),
            *[(f"s{k}", "author", "y", v) for k, v in enumerate([2, 2, 1, -2, -1], start=1)],
        ],
        issues=("x", "y"),
    )
    issues = gaps(ds).issues
    assert list(issues.index) == ["y", "x"]
    assert issues["clashes"].tolist() == [6, 1]
    assert issues["polarization"].tolist() == pytest.approx([0.8, 1.0])


# -- red line definition -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sa", "sb", "red", "bridgeable"),
    [
        (-2, 1, True, False),  # opposite sides, one at the end
        (2, -1, True, False),
        (-1, 1, False, False),  # opposite sides, neither at the end
        (2, 0, False, False),  # neutral is no side
        (-2, -2, False, True),  # same side
        (1, 2, False, True),
        (0, 1, False, True),
    ],
)
def test_red_line_and_bridgeable(sa: int, sb: int, red: bool, bridgeable: bool) -> None:
    ds = make([("s1", "author", "a", sa), ("s2", "author", "a", sb)])
    row = gaps(ds).between("s1", "s2").loc["a"]
    assert bool(row["red_line"]) is red
    assert bool(row["bridgeable"]) is bridgeable
    assert row["gap"] == abs(sa - sb)


def test_red_line_on_another_scale() -> None:
    scale = (0, 10)  # midpoint 5
    ds = make(
        [("s1", "author", "a", 10), ("s2", "author", "a", 4), ("s3", "author", "a", 6)], scale=scale
    )
    report = gaps(ds)
    gap = report.between("s1", "s2")
    assert gap.loc["a", "red_line"]
    assert gap.loc["a", "gap"] == 6.0
    assert not report.between("s3", "s2").loc["a", "red_line"]
    assert [f"n_{p}" for p in range(11)] == [c for c in report.issues.columns if c.startswith("n_")]
    assert report.issues.loc["a", "contested"]  # 6 and 10 support, 4 opposes


# -- groups and errors -------------------------------------------------------------------------


def test_between_groups_of_voices(d1: GapReport) -> None:
    gap = d1.between(["s1", "s2"], ["s3"])
    # a: group median of 0 and 2 = 1, s3 silent.  b: group 2 (s1 only) vs -2.
    assert gap.loc["b", "stance_a"] == 2.0
    assert gap.loc["b", "gap"] == 4.0
    assert gap.loc["b", "red_line"]
    assert gap.loc["a", "stance_a"] == 1.0
    assert math.isnan(gap.loc["a", "stance_b"])
    assert gap.loc["a", "voices_a"] == ["s1", "s2"]


def test_between_takes_any_iterable_of_voice_labels(d1: GapReport) -> None:
    expected = d1.between(["s1", "s2"], ["s3"])
    got = d1.between(np.array(["s1", "s2"]), pd.Index(["s3"]))
    pd.testing.assert_frame_equal(got, expected)


def test_between_author_means_every_own_voice(d2: GapReport) -> None:
    ds = make([*D2, ("s1", "author", "w", 1)], issues=("a", "b", "w"), actors=("russia", "europe"))
    gap = gaps(ds).between("author", "russia")
    assert list(gap.index) == ["w", "a"]
    assert gap.loc["w", "stance_a"] == 1.0
    assert gap.loc["w", "gap"] == 2.5


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ("rusia", "europe", "did you mean 'russia'?"),
        ("russia", "s3", "side b must be a voice label"),
        (["s2/russia", "s1/rusia"], "europe", "'s1/rusia', which is not a voice label"),
        (["s2/russia", "s1/rusia"], "europe", "did you mean 's1/russia'?"),
        ([], "europe", "at least one voice"),
        (3, "europe", "got int"),
        ({"s1": 1}, "europe", "got dict"),
    ],
)
def test_between_rejects_unknown_names(d2: GapReport, a: Any, b: Any, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("?", r"\?")):
        d2.between(a, b)


def test_between_rejects_an_ambiguous_name() -> None:
    ds = make([("russia", "author", "a", 1), ("s2", "russia", "a", -1)], actors=("russia",))
    report = gaps(ds)
    with pytest.raises(UsageError, match="both a holder and a voice label"):
        report.between("russia", "s2/russia")
    assert report.between(["russia"], "s2/russia").loc["a", "gap"] == 2.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_sources": 0}, "min_sources must be an integer >= 1, got 0"),
        ({"min_sources": True}, "min_sources must be an integer >= 1, got True"),
        ({"top": 1.5}, "top must be an integer >= 1, got 1.5"),
        ({"holder": "rusia"}, "did you mean 'russia'"),
    ],
)
def test_gaps_rejects_bad_arguments(kwargs: dict[str, Any], message: str) -> None:
    ds = make(D2, issues=("a", "b", "w"), actors=("russia", "europe"))
    with pytest.raises(UsageError, match=message):
        gaps(ds, **kwargs)


def test_gaps_rejects_a_non_dataset() -> None:
    with pytest.raises(UsageError, match="must be a posmatrix Dataset, got dict"):
        gaps({})  # type: ignore[arg-type]


# -- to_dict and str ---------------------------------------------------------------------------


def _assert_plain(value: Any, where: str = "report") -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            assert type(k) is str, where
            _assert_plain(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _assert_plain(v, f"{where}[{i}]")
    else:
        assert value is None or type(value) in (str, int, float, bool), (where, type(value))
        if type(value) is float:
            assert not math.isnan(value), where


@pytest.mark.parametrize("spec", ["d1", "d2", "d7"])
def test_to_dict_is_plain_python(spec: str, request: pytest.FixtureRequest) -> None:
    report: GapReport = request.getfixturevalue(spec)
    data = report.to_dict()
    _assert_plain(data)
    assert set(GapReport.PARTS) <= set(data)
    yaml.safe_dump(data)  # what data_regression writes


def test_to_dict_values(d1: GapReport) -> None:
    data = d1.to_dict()
    assert data["holders"] == ["author"]
    first = data["issues"][0]
    assert first["issue"] == "b"
    assert first["rank"] == 1
    assert first["contested"] is True
    last = data["issues"][2]
    assert last["issue"] == "c"
    assert last["mean"] is None
    assert last["voices"] == 0
    assert data["coverage"]["s2"] == {"a": True, "b": False, "c": False}
    assert data["pairs"][0] == {
        "kind": "divergent",
        "rank": 1,
        "voice_a": "s1",
        "voice_b": "s3",
        "agreement": 0.0,
        "overlap": 1,
        "issues": ["b"],
        "stances_a": [2.0],
        "stances_b": [-2.0],
        "quotes_a": [quote("s1", "author", "b")],
        "quotes_b": [quote("s3", "author", "b")],
    }


def test_ids_that_look_like_column_names() -> None:
    # An issue called "source" and an actor called "actor" must not clash with the
    # index names of the coverage matrix and the actor frames.
    ds = make(
        [("s1", "actor", "source", 2), ("s2", "actor", "source", -2), ("s1", "author", "a", 1)],
        issues=("source", "a"),
        actors=("actor",),
    )
    report = gaps(ds)
    data = report.to_dict()
    assert data["coverage"]["s1"] == {"source": True, "a": True}
    assert data["actor_distance"] == {"actor": {"actor": 0.0}}
    assert data["actors"][0]["actor"] == "actor"
    assert data["actors"][0]["issue"] == "source"
    assert data["actors"][0]["spread"] == 4.0
    assert "actor" in str(report)


def test_str_shows_poles_with_quotes(d2: GapReport) -> None:
    text = str(d2)
    assert "Red lines between actors" in text
    assert quote("s2", "europe", "a") in text  # a low pole of a contested issue
    assert "russia" in text
    assert "europe" in text


# -- properties against a naive loop -------------------------------------------------------


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    n_sources = draw(st.integers(1, 4))
    issues = [f"i{k}" for k in range(draw(st.integers(1, 4)))]
    actors = [f"x{k}" for k in range(draw(st.integers(0, 2)))]
    codings = []
    for s in range(n_sources):
        for holder in ["author", *actors]:
            for issue in issues:
                if draw(st.booleans()):
                    stance = draw(st.integers(-2, 2))
                    conf = draw(st.sampled_from(["high", "medium", "low"]))
                    codings.append((f"s{s}", holder, issue, stance, conf))
    return make(codings, issues=issues, actors=actors, sources=[f"s{s}" for s in range(n_sources)])


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(datasets())
def test_issue_statistics_match_a_naive_loop(ds: Dataset) -> None:
    report = gaps(ds)
    for issue in ds.issues:
        values = [c.stance for c in ds.codings if c.issue == issue]
        row = report.issues.loc[issue]
        assert row["voices"] == len(values)
        for p in ds.scale.points:
            assert row[f"n_{p}"] == values.count(p)
        if values:
            assert row["mean"] == pytest.approx(np.mean(values))
            assert row["std"] == pytest.approx(np.std(values))
            assert row["range"] == max(values) - min(values)
            sup = sum(v > 0 for v in values)
            opp = sum(v < 0 for v in values)
            assert row["polarization"] == pytest.approx(2 * min(sup, opp) / len(values))
            assert bool(row["contested"]) == (sup > 0 and opp > 0)
            lows = [
                c.source if c.holder == "author" else f"{c.source}/{c.holder}"
                for c in ds.codings
                if c.issue == issue and c.stance == min(values)
            ]
            assert sorted(row["low_voices"]) == sorted(lows)
    naive = []
    for pos, issue in enumerate(ds.issues):
        values = [c.stance for c in ds.codings if c.issue == issue]
        sup, opp = sum(v > 0 for v in values), sum(v < 0 for v in values)
        counts = [values.count(p) for p in ds.scale.points]
        a = float(van_der_eijk_a(counts)) if values else math.inf
        pol = 2 * min(sup, opp) / len(values) if values else -math.inf
        rng = max(values) - min(values) if values else -math.inf
        naive.append((-(sup > 0 and opp > 0), -sup * opp, -pol, a, -rng, -len(values), pos, issue))
        assert report.issues.loc[issue, "clashes"] == sup * opp
    assert list(report.issues.index) == [key[-1] for key in sorted(naive)]
    ranks = report.issues["rank"].tolist()
    assert ranks == list(range(1, len(ds.issues) + 1))
    contested = report.issues["contested"].tolist()
    assert contested == sorted(contested, reverse=True)  # contested issues come first
    _assert_plain(report.to_dict())


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(datasets())
def test_red_lines_agree_with_between(ds: Dataset) -> None:
    report = gaps(ds)
    actors = list(ds.actors)
    expected = set()
    for i, a in enumerate(actors):
        for b in actors[i + 1 :]:
            gap = report.between(a, b)
            for issue in gap.index[gap["red_line"].fillna(False).astype(bool)]:
                expected.add((a, b, issue))
    got = set(
        zip(
            report.red_lines["actor_a"],
            report.red_lines["actor_b"],
            report.red_lines["issue"],
            strict=True,
        )
    )
    assert got == expected


# -- the bundled dataset -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> GapReport:
    return gaps(posmatrix.example())


def _label(source: str, holder: str) -> str:
    return source if holder == "author" else f"{source}/{holder}"


def test_bundled_red_line_on_western_troops(bundled: GapReport) -> None:
    ds = bundled.dataset
    gap = bundled.between("russia", "europe")
    row = gap.loc["western-troops-in-ukraine"]
    assert row["red_line"]
    assert row["stance_a"] == -2.0  # Russia rejects Western troops outright
    assert row["stance_b"] > 0
    for side, holder in (("a", "russia"), ("b", "europe")):
        assert row[f"evidence_{side}"], side
        expected = [
            c.quote
            for c in ds.codings
            if c.holder == holder and c.issue == "western-troops-in-ukraine"
        ]
        assert sorted(row[f"evidence_{side}"]) == sorted(expected)
        assert len(row[f"sources_{side}"]) == len(row[f"evidence_{side}"])
    assert gap["gap"].iloc[0] == gap["gap"].max()


def test_bundled_every_row_traces_to_codings(bundled: GapReport) -> None:
    ds = bundled.dataset
    cells = {(_label(c.source, c.holder), c.issue, c.quote) for c in ds.codings}
    for issue, row in bundled.issues.iterrows():
        for side in ("low", "high"):
            for voice, text in zip(row[f"{side}_voices"], row[f"{side}_quotes"], strict=True):
                assert (voice, issue, text) in cells
    for (actor, issue), row in bundled.actors.iterrows():
        for source, text in zip(row["sources"], row["quotes"], strict=True):
            assert (_label(source, actor), issue, text) in cells
    for _, row in bundled.red_lines.iterrows():
        for side in ("a", "b"):
            for source, text in zip(row[f"sources_{side}"], row[f"evidence_{side}"], strict=True):
                assert (_label(source, row[f"actor_{side}"]), row["issue"], text) in cells
    for _, row in bundled.low_confidence.iterrows():
        assert (row["voice"], row["issue"], row["quote"]) in cells
    voices = {_label(c.source, c.holder) for c in ds.codings}
    assert set(bundled.pairs["voice_a"]) | set(bundled.pairs["voice_b"]) <= voices
    _assert_plain(bundled.to_dict())


def _naive_voices(ds: Dataset) -> dict[str, dict[str, int]]:
    """voice label -> {issue: stance}, in the canonical voice order."""
    holders = ["author", *ds.actors]
    out: dict[str, dict[str, int]] = {}
    for s in ds.sources:
        for h in holders:
            cells = {c.issue: c.stance for c in ds.codings if c.source == s and c.holder == h}
            if cells:
                out[_label(s, h)] = cells
    return out


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(datasets(), st.integers(1, 4))
def test_pairs_match_a_naive_loop(ds: Dataset, top: int) -> None:
    voices = _naive_voices(ds)
    labels = list(voices)
    rows = []
    for i, va in enumerate(labels):
        for j in range(i + 1, len(labels)):
            vb = labels[j]
            shared = [k for k in ds.issues if k in voices[va] and k in voices[vb]]
            if shared:
                dist = sum(abs(voices[va][k] - voices[vb][k]) for k in shared) / len(shared)
                rows.append((1 - dist / 4, len(shared), i, j, shared))
    divergent = sorted(rows, key=lambda r: (r[0], -r[1], r[2], r[3]))[:top]
    aligned = sorted(rows, key=lambda r: (-r[0], -r[1], r[2], r[3]))[:top]
    pairs = gaps(ds, top=top).pairs
    for kind, expected in (("divergent", divergent), ("aligned", aligned)):
        got = pairs[pairs["kind"] == kind]
        assert got[["voice_a", "voice_b"]].to_numpy().tolist() == [
            [labels[r[2]], labels[r[3]]] for r in expected
        ]
        assert got["agreement"].tolist() == pytest.approx([r[0] for r in expected])
        assert got["overlap"].tolist() == [r[1] for r in expected]
        assert got["issues"].tolist() == [r[4] for r in expected]
        for (_, row), r in zip(got.iterrows(), expected, strict=True):
            for side, label in (("a", labels[r[2]]), ("b", labels[r[3]])):
                assert row[f"stances_{side}"] == [voices[label][k] for k in r[4]]
                source, _, holder = label.partition("/")
                assert row[f"quotes_{side}"] == [quote(source, holder or "author", k) for k in r[4]]


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(datasets(), st.data())
def test_between_groups_match_naive_medians(ds: Dataset, data: st.DataObject) -> None:
    voices = _naive_voices(ds)
    labels = list(voices)
    assume(labels)
    group_a = data.draw(st.lists(st.sampled_from(labels), min_size=1, unique=True))
    group_b = data.draw(st.lists(st.sampled_from(labels), min_size=1, unique=True))
    gap = gaps(ds).between(group_a, group_b)
    expected_rows = []
    for issue in ds.issues:
        a = [voices[v][issue] for v in labels if v in group_a and issue in voices[v]]
        b = [voices[v][issue] for v in labels if v in group_b and issue in voices[v]]
        if not a and not b:
            continue
        expected_rows.append(issue)
        row = gap.loc[issue]
        for side, values in (("a", a), ("b", b)):
            if values:
                assert row[f"stance_{side}"] == np.median(values)
                assert row[f"spread_{side}"] == max(values) - min(values)
            else:
                assert math.isnan(row[f"stance_{side}"])
            assert row[f"stances_{side}"] == [float(v) for v in values]
        if a and b:
            ma, mb = float(np.median(a)), float(np.median(b))
            assert row["gap"] == abs(ma - mb)
            assert bool(row["bridgeable"]) == (abs(ma - mb) <= 1)
            red = ma * mb < 0 and (abs(ma) == 2 or abs(mb) == 2)
            assert bool(row["red_line"]) == red
        else:
            assert row["red_line"] is pd.NA
    assert sorted(gap.index) == sorted(expected_rows)
    gaps_sorted = gap["gap"].dropna().tolist()
    assert gaps_sorted == sorted(gaps_sorted, reverse=True)


COLUMNS = {
    "issues": [
        "rank",
        "proposition",
        "group",
        "voices",
        "contested",
        "clashes",
        "polarization",
        "van_der_eijk_a",
        "mean",
        "std",
        "min",
        "max",
        "range",
        "support",
        "neutral",
        "oppose",
        "n_-2",
        "n_-1",
        "n_0",
        "n_1",
        "n_2",
        "low_voices",
        "low_quotes",
        "high_voices",
        "high_quotes",
    ],
    "pairs": [
        "kind",
        "rank",
        "voice_a",
        "voice_b",
        "agreement",
        "overlap",
        "issues",
        "stances_a",
        "stances_b",
        "quotes_a",
        "quotes_b",
    ],
    "actors": [
        "actor_name",
        "proposition",
        "stance",
        "min",
        "max",
        "spread",
        "n_sources",
        "same_side",
        "sources",
        "stances",
        "quotes",
    ],
    "red_lines": [
        "actor_a",
        "actor_b",
        "issue",
        "stance_a",
        "stance_b",
        "gap",
        "sources_a",
        "evidence_a",
        "sources_b",
        "evidence_b",
    ],
    "coverage_sources": ["title", "issues", "share", "codings", "low_confidence"],
    "thin_issues": ["proposition", "n_sources", "sources"],
    "low_confidence": ["voice", "source", "holder", "issue", "stance", "coder", "quote", "note"],
    "sensitivity": [
        "rank",
        "rank_high",
        "rank_change",
        "dropped",
        "voices",
        "voices_high",
        "contested",
        "contested_high",
        "polarization",
        "polarization_high",
        "van_der_eijk_a",
        "van_der_eijk_a_high",
    ],
    "sensitivity_pairs": [
        "voice_a",
        "voice_b",
        "agreement",
        "agreement_high",
        "change",
        "lost",
        "overlap",
        "overlap_high",
    ],
}
INDEX = {
    "issues": ["issue"],
    "pairs": [None],
    "actors": ["actor", "issue"],
    "red_lines": [None],
    "coverage_sources": ["source"],
    "thin_issues": ["issue"],
    "low_confidence": [None],
    "sensitivity": ["issue"],
    "sensitivity_pairs": [None],
}
INTS = {
    "issues": {"rank", "voices", "clashes", "support", "neutral", "oppose"},
    "pairs": {"rank", "overlap"},
    "actors": {"n_sources"},
    "red_lines": set(),
    "coverage_sources": {"issues", "codings", "low_confidence"},
    "thin_issues": {"n_sources"},
    "low_confidence": {"stance"},
    "sensitivity": {"rank", "rank_high", "rank_change", "dropped", "voices", "voices_high"},
    "sensitivity_pairs": {"overlap", "overlap_high"},
}


@pytest.mark.parametrize(
    "codings",
    [
        pytest.param(D2, id="with-actors"),
        pytest.param([("s1", "author", "a", 1)], id="one-voice-empty-parts"),
    ],
)
def test_columns_index_and_dtypes_are_the_documented_ones(codings: list[CodingSpec]) -> None:
    report = gaps(make(codings, issues=("a", "b", "w"), actors=("russia", "europe")))
    for part, columns in COLUMNS.items():
        frame = getattr(report, part)
        assert list(frame.columns) == columns, part
        assert list(frame.index.names) == INDEX[part], part
        for column in columns:
            # int columns stay int64 even when empty; the rest are float, bool or object
            expected = "i" if column in INTS[part] else "fbO"
            assert frame[column].dtype.kind in expected, (part, column, frame[column].dtype)
    assert report.coverage.dtypes.map(lambda d: d.kind).eq("b").all()
    assert list(report.actor_distance.index) == ["russia", "europe"]
    assert list(report.actor_distance.columns) == ["russia", "europe"]
    assert report.actor_overlap.dtypes.map(lambda d: d.kind).eq("i").all()


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), coverage=st.sampled_from([0.2, 0.5, 0.9]))
def test_issue_ranking_is_the_report_order(seed: int, coverage: float) -> None:
    # what diff compares: the order of gaps(ds).issues, computed without the rest
    from posmatrix.gapreport import issue_ranking

    rng = np.random.default_rng(seed)
    codings = [
        Coding(
            source=f"s{s}",
            holder="author",
            issue=f"i{i}",
            stance=int(rng.integers(-2, 3)),
            quote="q",
        )
        for s in range(6)
        for i in range(5)
        if rng.random() < coverage
    ]
    ds = Dataset(
        title="ranking",
        issues=tuple(Issue(id=f"i{i}", proposition=f"p{i}") for i in range(5)),
        sources=tuple(Source(id=f"s{s}", title=f"t{s}") for s in range(6)),
        codings=tuple(codings),
    )
    assert issue_ranking(ds) == [str(i) for i in gaps(ds).issues.index]


def test_text_shows_a_coding_without_a_quote_as_no_quote_given() -> None:
    from posmatrix.model import Coding, Dataset, Issue, Source

    ds = Dataset(
        title="T",
        issues=[Issue("i", "P.")],
        sources=[Source("a", "A"), Source("b", "B")],
        codings=[
            Coding("a", "author", "i", 2, "", confidence="low"),
            Coding("b", "author", "i", -2, "No way."),
        ],
        evidence="optional",
    )
    text = str(gaps(ds))
    assert "(no quote given)" in text
    assert "“(no quote given)”" not in text


# -- the text (gapreport/text.py, on the document layer) ----------------------------------


def test_counts_print_as_integers_in_every_table_format(d1: GapReport) -> None:
    from posmatrix.gapreport.text import gap_tables

    text = gap_tables(d1, "github")
    # D1's issue a: n_0 = 1 (s1) and n_2 = 1 (s2), stored as floats; mean 1.0, std 1.0
    # are measures and keep two decimals
    row = next(ln for ln in text.splitlines() if ln.startswith("| a "))
    cells = [c.strip() for c in row.strip("|").split("|")]
    header = next(ln for ln in text.splitlines() if ln.startswith("| issue "))
    names = [c.strip().replace("\\_", "_") for c in header.strip("|").split("|")]
    got = dict(zip(names, cells, strict=True))
    assert [got[f"n_{p}"] for p in (-2, -1, 0, 1, 2)] == ["0", "0", "1", "0", "1"]
    assert (got["mean"], got["std"], got["voices"]) == ("1.00", "1.00", "2")


def test_no_sensitivity_tables_without_low_confidence(d1: GapReport, d7: GapReport) -> None:
    plain = str(d1)  # D1 has no low-confidence coding
    assert "Sensitivity: no coding has low confidence, so nothing changes without them." in plain
    assert "Sensitivity: ranking" not in plain
    assert "Sensitivity: ranking without low-confidence codings" in str(d7)  # D7 has two
