"""timeline() and moves(): stances window by window, and who moved.

Constructed dataset (hand-worked values in the comments):

    source published   author's a  author's b  x's a
    s1     2025-07-03   2          -1          -2
    s2     2025-07      1                       1
    s3     2025-07-20  -1           1
    s4     2025         0
    s5     (none)                   2
    s6     2025-08-15  -2                       2
"""

from __future__ import annotations

import pandas as pd
import pytest

import posmatrix
from posmatrix.errors import UsageError
from posmatrix.model import AUTHOR, Actor, Coding, Dataset, Issue, Source
from posmatrix.timelines import MOVE_COLUMNS, TIMELINE_COLUMNS, moves, timeline


def _source(sid: str, published: str | None) -> Source:
    return Source(sid, sid.upper(), published=published)


DS = Dataset(
    title="t",
    issues={k: Issue(k, f"{k} should happen.") for k in ("a", "b")},
    actors={"x": Actor("x", "X")},
    sources=[
        _source("s1", "2025-07-03"),
        _source("s2", "2025-07"),
        _source("s3", "2025-07-20"),
        _source("s4", "2025"),
        _source("s5", None),
        _source("s6", "2025-08-15"),
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


def test_timeline_by_month() -> None:
    t = timeline(DS)
    assert tuple(t.columns) == TIMELINE_COLUMNS
    cols = ["window", "holder", "issue", "stance", "count", "range"]
    rows = list(t[cols].itertuples(index=False, name=None))
    assert rows == [
        # 2025-07 holds s1, s2 (month precision), s3
        ("2025-07", AUTHOR, "a", 1.0, 3, 3.0),  # median(2, 1, -1) = 1, range 2 - -1 = 3
        ("2025-07", AUTHOR, "b", 0.0, 2, 2.0),  # median(-1, 1) = 0
        ("2025-07", "x", "a", -0.5, 2, 3.0),  # median(-2, 1) = -0.5
        ("2025-08", AUTHOR, "a", -2.0, 1, 0.0),  # s6
        ("2025-08", "x", "a", 2.0, 1, 0.0),
    ]
    assert t["disagrees"].tolist() == [True, True, True, False, False]
    assert t.loc[0, "sources"] == ("s1", "s2", "s3")
    assert t.loc[0, "quotes"] == ("s1 a", "s2 a", "s3 a")
    assert t.loc[0, "start"] == pd.Timestamp("2025-07-01")
    assert t.loc[0, "end"] == pd.Timestamp("2025-07-31")
    assert t.attrs["unplaced"] == {
        "s4": "year precision is too coarse for M windows",
        "s5": "undated",
    }


def test_timeline_by_day_leaves_coarser_dates_out() -> None:
    t = timeline(DS, "D", holder=AUTHOR)
    # day windows: s1 (a 2, b -1), s3 (a -1, b 1), s6 (a -2); s2 (month) is too coarse
    assert list(zip(t["window"], t["issue"], t["stance"], strict=True)) == [
        ("2025-07-03", "a", 2.0),
        ("2025-07-03", "b", -1.0),
        ("2025-07-20", "a", -1.0),
        ("2025-07-20", "b", 1.0),
        ("2025-08-15", "a", -2.0),
    ]
    assert t.attrs["unplaced"]["s2"] == "month precision is too coarse for D windows"


def test_moves_by_month() -> None:
    m = moves(DS)
    assert tuple(m.columns) == MOVE_COLUMNS
    # author a: 1 (2025-07) -> -2 (2025-08) = -3; x a: -0.5 -> 2 = +2.5; author b is
    # coded in 2025-07 only (s5 has no date), so it has no move
    cols = ["holder", "issue", "stance_before", "stance_after"]
    assert list(m[cols].itertuples(index=False, name=None)) == [
        (AUTHOR, "a", 1.0, -2.0),
        ("x", "a", -0.5, 2.0),
    ]
    assert m["move"].tolist() == [-3.0, 2.5]
    assert m.loc[1, "quotes_before"] == ("s1 x a", "s2 x a")
    assert m.loc[1, "quotes_after"] == ("s6 x a",)
    assert (m.loc[0, "window_before"], m.loc[0, "window_after"]) == ("2025-07", "2025-08")


def test_moves_by_day_skips_windows_without_coding() -> None:
    m = moves(DS, "D", holder="x")
    # x is coded on day windows 2025-07-03 (-2) and 2025-08-15 (2) only: one move of +4
    assert list(zip(m["window_before"], m["window_after"], m["move"], strict=True)) == [
        ("2025-07-03", "2025-08-15", 4.0)
    ]


def test_no_move_when_the_stance_stays() -> None:
    ds = Dataset(
        title="t",
        issues=[Issue("a", "A should happen.")],
        sources=[_source("s1", "2025-01"), _source("s2", "2025-02")],
        codings=[Coding("s1", AUTHOR, "a", 1, "q1"), Coding("s2", AUTHOR, "a", 1, "q2")],
    )
    assert len(moves(ds)) == 0
    assert list(timeline(ds)["window"]) == ["2025-01", "2025-02"]


def test_bundled_dataset_windows_and_movers() -> None:
    ds = posmatrix.example()
    t = posmatrix.timeline(ds)
    assert sorted(set(t["window"])) == ["2025-07", "2025-08", "2025-10"]
    assert t.attrs["unplaced"] == {}
    m = posmatrix.moves(ds)
    assert len(m) > 0
    assert all(len(q) > 0 for q in m["quotes_before"])
    assert all(len(q) > 0 for q in m["quotes_after"])
    assert (m["move"].abs().diff().dropna() <= 0).all()  # largest first


@pytest.mark.parametrize("freq", ["outlet", "month,outlet", "3M"])
def test_timeline_needs_a_window(freq: str) -> None:
    with pytest.raises(UsageError):
        timeline(DS, freq)
