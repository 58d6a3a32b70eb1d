"""Groups of sources as voices: placement, aggregation, and the by= of the kernels.

Every expected value below is worked out by hand from the constructed dataset DS:

    source published   outlet      author's a  author's b  x's a
    s1     2025-07-03  Daily Post   2          -1          -2
    s2     2025-07     Daily Post   1                       1
    s3     2025-07-20  Weekly      -1           1
    s4     2025        Weekly       0
    s5     (none)      (none)                   2
    s6     2025-08-15  Weekly      -2                       2
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix.analysis import agreement, overlap
from posmatrix.errors import UsageError
from posmatrix.gapreport import gaps
from posmatrix.groups import grouped, parse_by, source_windows
from posmatrix.matrix import stance_matrix
from posmatrix.model import AUTHOR, Actor, Coding, Dataset, Issue, Source

NAN = math.nan


def _source(sid: str, published: str | None, outlet: str) -> Source:
    return Source(sid, sid.upper(), published=published, outlet=outlet)


DS = Dataset(
    title="t",
    issues={k: Issue(k, f"{k} should happen.") for k in ("a", "b")},
    actors={"x": Actor("x", "X")},
    sources=[
        _source("s1", "2025-07-03", "Daily Post"),
        _source("s2", "2025-07", "Daily Post"),
        _source("s3", "2025-07-20", "Weekly"),
        _source("s4", "2025", "Weekly"),
        _source("s5", None, ""),
        _source("s6", "2025-08-15", "Weekly"),
    ],
    codings=[
        Coding("s1", AUTHOR, "a", 2, "s1 a"),
        Coding("s1", AUTHOR, "b", -1, "s1 b"),
        Coding("s1", "x", "a", -2, "s1 x a"),
        Coding("s2", AUTHOR, "a", 1, "s2 a"),
        Coding("s2", "x", "a", 1, "s2 x a"),
        Coding("s3", AUTHOR, "a", -1, "s3 a"),
        Coding("s3", AUTHOR, "b", 1, "s3 b"),
        Coding("s4", AUTHOR, "a", 0, "s4 a"),
        Coding("s5", AUTHOR, "b", 2, "s5 b"),
        Coding("s6", AUTHOR, "a", -2, "s6 a"),
        Coding("s6", "x", "a", 2, "s6 x a"),
    ],
)


def _cell(g: posmatrix.Grouped, voice: str, issue: str) -> dict[str, object]:
    row = g.cells[(g.cells["voice"] == voice) & (g.cells["issue"] == issue)]
    assert len(row) == 1
    out: dict[str, object] = row.iloc[0].to_dict()
    return out


@pytest.mark.parametrize(
    ("by", "keys"),
    [
        ("outlet", ("outlet",)),
        ("outlet, month", ("outlet", "M")),
        (["author", "30D"], ("author", "30D")),
        ("2W", ("14D",)),
        ("week", ("W",)),
        ("Q", ("Q",)),
    ],
)
def test_parse_by(by: str | list[str], keys: tuple[str, ...]) -> None:
    assert parse_by(by) == keys


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ("outlt", "did you mean 'outlet'"),
        ("month,30D", "one time window"),
        ("outlet,outlet", "twice"),
        ("3M", "use days"),
        ("", "cannot group by ''"),
    ],
)
def test_parse_by_refuses(by: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_by(by)


def test_by_outlet_median_count_range_disagreement() -> None:
    g = grouped(DS, "outlet")
    # s5 has no outlet; Daily Post (s1, s2) first appears before Weekly (s3, s4, s6)
    assert list(g.groups.index) == ["Daily_Post", "Weekly"]
    assert g.groups.loc["Weekly", "sources"] == ("s3", "s4", "s6")
    assert g.groups.loc["Daily_Post", "outlet"] == "Daily Post"
    assert g.unplaced == {"s5": "no outlet"}
    # Daily Post, author, a: codings 2 (s1), 1 (s2): median 1.5, range 1, one side only
    c = _cell(g, "Daily_Post", "a")
    assert (c["stance"], c["count"], c["min"], c["max"], c["range"]) == (1.5, 2, 1.0, 2.0, 1.0)
    assert c["disagrees"] is False or c["disagrees"] == np.False_
    assert c["sources"] == ("s1", "s2")
    assert c["quotes"] == ("s1 a", "s2 a")
    # Daily Post, x, a: -2 (s1), 1 (s2): median -0.5; one opposes, one supports
    c = _cell(g, "Daily_Post/x", "a")
    assert (c["stance"], c["count"], c["range"]) == (-0.5, 2, 3.0)
    assert bool(c["disagrees"])
    # Weekly, author, a: -1 (s3), 0 (s4), -2 (s6): median -1, range 2; 0 is not support
    c = _cell(g, "Weekly", "a")
    assert (c["stance"], c["count"], c["min"], c["max"]) == (-1.0, 3, -2.0, 0.0)
    assert not bool(c["disagrees"])
    assert c["quotes"] == ("s3 a", "s4 a", "s6 a")


def test_stance_matrix_by_is_the_median_of_the_group() -> None:
    m = stance_matrix(DS, None, by="outlet")
    assert list(m.index) == ["Daily_Post", "Daily_Post/x", "Weekly", "Weekly/x"]
    expected = np.array(
        [
            [1.5, -1.0],  # Daily Post: a (2, 1), b (-1)
            [-0.5, NAN],  # Daily Post / x: a (-2, 1)
            [-1.0, 1.0],  # Weekly: a (-1, 0, -2), b (1)
            [2.0, NAN],  # Weekly / x: a (2)
        ]
    )
    np.testing.assert_array_equal(m.to_numpy(), expected)
    assert m.attrs["unplaced"] == {"s5": "no outlet"}


def test_agreement_and_overlap_by_month() -> None:
    # 2025-07 holds s1, s2 (month precision fits a month), s3; 2025-08 holds s6;
    # s4 (year) is too coarse, s5 undated.
    # author 2025-07: a = median(2, 1, -1) = 1, b = median(-1, 1) = 0; 2025-08: a = -2.
    # cityblock over a alone: 1 - |1 - (-2)| / 4 = 0.25
    a = agreement(DS, holder=AUTHOR, by="month")
    assert list(a.index) == ["2025-07", "2025-08"]
    assert a.loc["2025-07", "2025-08"] == pytest.approx(0.25)
    assert a.attrs["unplaced"] == {
        "s4": "year precision is too coarse for M windows",
        "s5": "undated",
    }
    o = overlap(DS, holder=AUTHOR, by="month")
    assert o.loc["2025-07", "2025-08"] == 1
    assert o.loc["2025-07", "2025-07"] == 2
    # x: 2025-07 a = median(-2, 1) = -0.5; 2025-08 a = 2: 1 - 2.5 / 4 = 0.375
    ax = agreement(DS, holder="x", by="month")
    assert ax.loc["2025-07/x", "2025-08/x"] == pytest.approx(0.375)


def test_by_outlet_and_month() -> None:
    g = grouped(DS, "outlet,month")
    assert list(g.groups.index) == ["Daily_Post:2025-07", "Weekly:2025-07", "Weekly:2025-08"]
    assert g.unplaced == {"s4": "year precision is too coarse for M windows", "s5": "no outlet"}
    assert g.groups.loc["Weekly:2025-08", "window"] == "2025-08"
    assert _cell(g, "Daily_Post:2025-07", "a")["stance"] == 1.5


@pytest.mark.parametrize(
    ("freq", "windows"),
    [
        # day precision only: s2 (month), s4 (year), s5 (none) are left out
        ("D", {"s1": "2025-07-03", "s3": "2025-07-20", "s6": "2025-08-15"}),
        # 2025-07-03 is a Thursday: its ISO week runs Monday 30 June to Sunday 6 July
        (
            "W",
            {
                "s1": "2025-06-30..2025-07-06",
                "s3": "2025-07-14..2025-07-20",
                "s6": "2025-08-11..2025-08-17",
            },
        ),
        ("M", {"s1": "2025-07", "s2": "2025-07", "s3": "2025-07", "s6": "2025-08"}),
        ("Q", {"s1": "2025Q3", "s2": "2025Q3", "s3": "2025Q3", "s6": "2025Q3"}),
        ("Y", {"s1": "2025", "s2": "2025", "s3": "2025", "s4": "2025", "s6": "2025"}),
        # 30-day windows from the earliest date's first day, 2025-01-01 (s4's year):
        # 3 July is day 183 -> window 6 (days 180..209 = 30 June..29 July); 20 July is
        # day 200 -> window 6; July as a month (days 181..211) straddles windows 6 and 7
        # -> left out; 15 August is day 226 -> window 7 (30 July..28 August).
        (
            "30D",
            {
                "s1": "2025-06-30..2025-07-29",
                "s3": "2025-06-30..2025-07-29",
                "s6": "2025-07-30..2025-08-28",
            },
        ),
    ],
)
def test_windows_follow_date_precision(freq: str, windows: dict[str, str]) -> None:
    w = source_windows(DS, freq)
    placed = {str(s): str(v) for s, v in w["window"].items() if v is not None}
    assert placed == windows
    assert w.loc["s5", "reason"] == "undated"


def test_month_date_is_too_coarse_for_day_windows() -> None:
    w = source_windows(DS, "D")
    assert w.loc["s2", "reason"] == "month precision is too coarse for D windows"
    assert w.loc["s2", "precision"] == "month"
    assert pd.isna(w.loc["s2", "start"])
    assert w.loc["s1", "start"] == pd.Timestamp("2025-07-03")


def test_adjudicated_coding_replaces_its_source_s_others() -> None:
    ds = Dataset(
        title="t",
        issues=[Issue("a", "A should happen.")],
        sources=[_source("s1", "2025-07", ""), _source("s2", "2025-07", "")],
        codings=[
            Coding("s1", AUTHOR, "a", 2, "A says yes", coder="A"),
            Coding("s1", AUTHOR, "a", -2, "B says no", coder="B", adjudicated=True),
            Coding("s2", AUTHOR, "a", 1, "s2 yes"),
        ],
    )
    g = grouped(ds, "month")
    # s1 counts with its adjudicated -2 only; with s2's 1: median -0.5 over 2 codings
    c = _cell(g, "2025-07", "a")
    assert (c["stance"], c["count"]) == (-0.5, 2)
    assert c["quotes"] == ("B says no", "s2 yes")
    assert c["sources"] == ("s1", "s2")


def test_by_id_reproduces_the_ungrouped_analysis() -> None:
    ds = posmatrix.example()
    pd.testing.assert_frame_equal(
        stance_matrix(ds, None, by="id"), stance_matrix(ds, None), check_like=False
    )
    pd.testing.assert_frame_equal(agreement(ds, by="id"), agreement(ds))


def test_gaps_by_month_reports_on_the_groups() -> None:
    report = gaps(posmatrix.example(), by="month")
    assert list(report.dataset.sources) == ["2025-07", "2025-08", "2025-10"]
    assert set(report.coverage_sources.index) == {"2025-07", "2025-08", "2025-10"}


def test_by_needs_a_dataset() -> None:
    frame = stance_matrix(DS, "author")
    with pytest.raises(UsageError, match="sources of a Dataset"):
        agreement(frame, by="month")


def test_group_labels_are_ids_and_distinct() -> None:
    ds = Dataset(
        title="t",
        issues=[Issue("a", "A should happen.")],
        sources=[_source("s1", None, "A B"), _source("s2", None, "A_B"), _source("s3", None, "x/")],
        codings=[Coding(s, AUTHOR, "a", 1, "q") for s in ("s1", "s2", "s3")],
    )
    assert list(grouped(ds, "outlet").groups.index) == ["A_B", "A_B~2", "x-"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-2, 2), min_size=1, max_size=7))
def test_group_cell_is_median_min_max_of_its_codings(stances: list[int]) -> None:
    ids = [f"s{k}" for k in range(len(stances))]
    ds = Dataset(
        title="t",
        issues=[Issue("a", "A should happen.")],
        sources=[_source(s, "2025-03", "o") for s in ids],
        codings=[Coding(s, AUTHOR, "a", v, f"q{s}") for s, v in zip(ids, stances, strict=True)],
    )
    c = _cell(grouped(ds, "outlet"), "o", "a")
    assert c["stance"] == float(np.median(stances))
    assert c["count"] == len(stances)
    assert c["range"] == max(stances) - min(stances)
    assert bool(c["disagrees"]) == (max(stances) > 0 and min(stances) < 0)


def test_a_source_label_is_a_grouping_key() -> None:
    import attrs

    ds = posmatrix.example()
    # the first three sources labelled "A", the other two "B"
    labels = {k: "A" if i < 3 else "B" for i, k in enumerate(ds.sources)}
    ds = attrs.evolve(
        ds, sources={k: attrs.evolve(s, label=labels[k]) for k, s in ds.sources.items()}
    )
    by_label = posmatrix.stance_matrix(ds, "author", by="label")
    assert by_label.index.tolist() == ["A", "B"]
    # the same groups as an outlet column holding the same values
    by_outlet = posmatrix.stance_matrix(
        attrs.evolve(
            ds, sources={k: attrs.evolve(s, outlet=labels[k]) for k, s in ds.sources.items()}
        ),
        "author",
        by="outlet",
    )
    pd.testing.assert_frame_equal(by_label, by_outlet)
