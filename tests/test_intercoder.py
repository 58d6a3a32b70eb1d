"""Tests of posmatrix.reliability: values worked out by hand or by naive loops over cells."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from itertools import permutations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix.errors import UsageError
from posmatrix.intercoder import DISAGREEMENT_COLUMNS, Reliability, reliability
from posmatrix.model import Actor, Coding, Dataset, Issue, Scale, Source

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "double-coded.yaml"


def naive_alpha(units: list[list[int]], level: str, points: list[int]) -> float:
    """Krippendorff (2011) with explicit loops: units are lists of the coders' values."""
    index = {v: i for i, v in enumerate(points)}
    k = len(points)
    o = [[0.0] * k for _ in range(k)]
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for a, b in permutations(range(m), 2):
            o[index[values[a]]][index[values[b]]] += 1 / (m - 1)
    n_c = [sum(row) for row in o]
    n = sum(n_c)

    def delta(c: int, d: int) -> float:
        if level == "interval":
            return float((points[c] - points[d]) ** 2)
        lo, hi = min(c, d), max(c, d)
        return (sum(n_c[lo : hi + 1]) - (n_c[c] + n_c[d]) / 2) ** 2

    d_o = sum(o[c][d] * delta(c, d) for c in range(k) for d in range(k))
    d_e = sum(n_c[c] * n_c[d] * delta(c, d) for c in range(k) for d in range(k))
    return 1 - (n - 1) * d_o / d_e


def cells_by_hand(
    ds: Dataset, skip_coders: set[str | None]
) -> dict[tuple[str, str, str], list[int]]:
    cells: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for c in ds.codings:
        if c.coder not in skip_coders:
            cells[(c.source, c.holder, c.issue)].append(c.stance)
    return cells


# -- the shipped example ------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Dataset:
    return posmatrix.load(EXAMPLE)


def test_example_is_labelled_an_illustration(example: Dataset) -> None:
    assert "ILLUSTRATION" in example.description
    assert len(example.sources) == 3
    assert len(example.issues) == 5


def test_example_reliability_by_hand(example: Dataset) -> None:
    rel = reliability(example)
    # By hand from the file: cara codes only an adjudicated coding, so she is an
    # adjudicator; ann and ben both code 15 cells (2 cells have one coder only) and
    # differ on 5 of them: ceasefire-now nato (1/2), ceasefire-now/russia territory
    # (2/1), guarantees-first ceasefire (-1/0), guarantees-first sanctions (-2/-1),
    # sanctions-debate sanctions (1/-1).
    assert rel.coders == ("ann", "ben")
    assert rel.n_coders == 2
    assert rel.n_units == 15
    assert rel.percent_agreement == pytest.approx(10 / 15, abs=1e-12)
    cells = cells_by_hand(example, skip_coders={"cara"})
    pairable = [v for v in cells.values() if len(v) >= 2]
    assert len(pairable) == 15
    points = [-2, -1, 0, 1, 2]
    for level, got in (("ordinal", rel.alpha_ordinal), ("interval", rel.alpha_interval)):
        assert got == pytest.approx(naive_alpha(pairable, level, points), abs=1e-12)
    # Interval alpha by hand: the 30 pairable values count 5, 5, 3, 5, 12 at -2..2; the
    # five disagreements add 2 * ((2-1)^2 + (2-1)^2 + (0+1)^2 + (-1+2)^2 + (1+1)^2) = 16
    # to sum_ck o_ck d_ck; alpha = 1 - (30 - 1) * 16 / sum_ck n_c n_k (c - k)^2.
    counts = {-2: 5, -1: 5, 0: 3, 1: 5, 2: 12}
    assert sum(counts.values()) == 30
    d_e = sum(counts[c] * counts[k] * (c - k) ** 2 for c in counts for k in counts)
    assert rel.alpha_interval == pytest.approx(1 - 29 * 16 / d_e, abs=1e-12)


def test_example_disagreements(example: Dataset) -> None:
    rel = reliability(example)
    frame = rel.disagreements
    assert list(frame.columns) == list(DISAGREEMENT_COLUMNS)
    assert rel.n_disagreements == 5
    cells = list(dict.fromkeys(zip(frame["source"], frame["holder"], frame["issue"], strict=True)))
    assert cells == [
        ("ceasefire-now", "author", "nato-membership-ruled-out"),
        ("ceasefire-now", "russia", "territorial-concessions"),
        ("guarantees-first", "author", "ceasefire-first"),
        ("guarantees-first", "author", "sanctions-relief"),
        ("sanctions-debate", "author", "sanctions-relief"),
    ]
    # Every coder's quote is there, the adjudicator's too.
    settled = frame[frame["issue"] == "ceasefire-first"]
    assert list(settled["coder"]) == ["ann", "ben", "cara"]
    assert list(settled["stance"]) == [-1, 0, -1]
    assert list(settled["adjudicated"]) == [False, False, True]
    assert settled["resolved"].all()
    assert frame.loc[frame["issue"] != "ceasefire-first", "resolved"].sum() == 0
    nato = frame[frame["issue"] == "nato-membership-ruled-out"]
    assert set(nato["quote"]) == {
        "Membership can wait; it should not block a deal.",
        "Kyiv should give up its NATO ambitions for good.",
    }
    assert list(frame["spread"]) == [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2]
    assert frame["voice"].iloc[2] == "ceasefire-now/russia"
    assert frame["stance"].dtype == np.int64
    assert frame.index.equals(pd.RangeIndex(len(frame)))


def test_example_holder_filter(example: Dataset) -> None:
    rel = reliability(example, holder="russia")
    # By hand: ceasefire-now/russia nato (2/2) and territory (2/1), sanctions-debate/russia
    # sanctions (2/2): 3 cells, 2 agree.
    assert rel.n_units == 3
    assert rel.percent_agreement == pytest.approx(2 / 3, abs=1e-12)
    assert rel.n_disagreements == 1


def test_to_dict_is_plain_and_json_ready(example: Dataset) -> None:
    out = reliability(example).to_dict()
    assert json.loads(json.dumps(out)) == out
    assert out["n_units"] == 15
    assert out["n_disagreements"] == 5
    assert out["coders"] == ["ann", "ben"]
    assert len(out["disagreements"]) == 11
    first = out["disagreements"][0]
    assert set(first) == set(DISAGREEMENT_COLUMNS)
    assert type(first["stance"]) is int
    assert type(first["adjudicated"]) is bool
    assert type(out["alpha_ordinal"]) is float


def test_str_summary(example: Dataset) -> None:
    text = str(reliability(example))
    assert text.startswith("2 coders (ann, ben), 15 cells coded by two or more")
    assert "66.7%" in text
    assert "5 disagreements (1 adjudicated)" in text


# -- edge cases ---------------------------------------------------------------------------


def _dataset(codings: list[Coding], scale: Scale | None = None) -> Dataset:
    issues = {i: Issue(i, f"{i} should happen.") for i in ("a", "b", "c")}
    sources = {s: Source(s, s.upper()) for s in ("s1", "s2")}
    return Dataset(
        "Test",
        scale=scale or Scale(),
        issues=issues,
        actors={"x": Actor("x", "X")},
        sources=sources,
        codings=codings,
    )


def _c(source: str, issue: str, stance: int, coder: str | None, **kw: object) -> Coding:
    return Coding(source, "author", issue, stance, f"{coder} on {issue}", coder=coder, **kw)  # type: ignore[arg-type]


def test_single_coder_has_nothing_to_compare() -> None:
    ds = _dataset([_c("s1", "a", 1, "pm"), _c("s1", "b", -2, "pm"), _c("s2", "a", 0, "pm")])
    rel = reliability(ds)
    assert math.isnan(rel.alpha_ordinal)
    assert math.isnan(rel.alpha_interval)
    assert math.isnan(rel.percent_agreement)
    assert rel.n_units == 0
    assert rel.coders == ("pm",)
    assert not rel.comparable
    assert rel.disagreements.empty
    assert list(rel.disagreements.columns) == list(DISAGREEMENT_COLUMNS)
    assert "nothing to compare" in str(rel)
    out = rel.to_dict()
    assert out["alpha_ordinal"] is None
    assert out["disagreements"] == []


def test_empty_dataset() -> None:
    rel = reliability(_dataset([]))
    assert rel.n_units == 0
    assert rel.coders == ()
    assert "0 coders (none)" in str(rel)


def test_adjudicated_flag_on_a_coders_own_coding_stays_in() -> None:
    # ann's coding on b is marked as the winner; ann codes independently elsewhere, so
    # the cell stays pairable and counts as a disagreement.
    ds = _dataset(
        [
            _c("s1", "a", 1, "ann"),
            _c("s1", "a", 1, "ben"),
            _c("s1", "b", 2, "ann", adjudicated=True),
            _c("s1", "b", -2, "ben"),
        ]
    )
    rel = reliability(ds)
    assert rel.n_units == 2
    assert rel.percent_agreement == 0.5
    assert rel.disagreements["resolved"].all()
    assert list(rel.disagreements["spread"]) == [4, 4]


def test_codings_without_coder_count_as_one_coder() -> None:
    ds = _dataset([_c("s1", "a", 1, None), _c("s1", "a", 2, "ben")])
    rel = reliability(ds)
    assert rel.coders == (None, "ben")
    assert rel.n_units == 1
    assert rel.disagreements["coder"].tolist() == [None, "ben"]
    assert "(no coder)" in str(rel)


def test_all_agree_alpha_is_one() -> None:
    ds = _dataset([_c("s1", i, v, coder) for i, v in (("a", 1), ("b", -1)) for coder in "pq"])
    rel = reliability(ds)
    assert rel.alpha_ordinal == 1.0
    assert rel.alpha_interval == 1.0
    assert rel.percent_agreement == 1.0


def test_unknown_holder_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="holder"):
        reliability(_dataset([]), holder="nobody")


def test_result_is_frozen() -> None:
    rel = reliability(_dataset([]))
    assert isinstance(rel, Reliability)
    with pytest.raises(AttributeError):
        rel.n_units = 3  # type: ignore[misc]


@st.composite
def double_coded(draw: st.DrawFn) -> Dataset:
    codings = []
    for source in ("s1", "s2"):
        for issue in ("a", "b", "c"):
            for coder in ("p", "q", "r"):
                if draw(st.booleans()):
                    stance = draw(st.integers(-2, 2))
                    codings.append(_c(source, issue, stance, coder))
    return _dataset(codings)


@settings(max_examples=100, deadline=None)
@given(ds=double_coded())
def test_random_datasets_match_naive_loops(ds: Dataset) -> None:
    rel = reliability(ds)
    pairable = [v for v in cells_by_hand(ds, set()).values() if len(v) >= 2]
    assert rel.n_units == len(pairable)
    if not pairable:
        assert math.isnan(rel.alpha_interval)
        assert rel.disagreements.empty
        return
    agree = sum(len(set(v)) == 1 for v in pairable) / len(pairable)
    assert rel.percent_agreement == pytest.approx(agree, abs=1e-12)
    assert rel.n_disagreements == sum(len(set(v)) > 1 for v in pairable)
    assert len(rel.disagreements) == sum(len(v) for v in pairable if len(set(v)) > 1)
    if len({x for v in pairable for x in v}) < 2:
        assert math.isnan(rel.alpha_ordinal)
        return
    for level, got in (("ordinal", rel.alpha_ordinal), ("interval", rel.alpha_interval)):
        assert got == pytest.approx(naive_alpha(pairable, level, [-2, -1, 0, 1, 2]), abs=1e-9)
