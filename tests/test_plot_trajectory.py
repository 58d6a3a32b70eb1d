"""posmatrix.plot.trajectory: each actor's median stance per window, gaps where silent.

Constructed dataset (hand-worked medians in the comments):

    source published    x on a   y on a   x on b   y on b
    s1     2025-07-03    2       -1
    s2     2025-07-20    1
    s3     2025-08-10             1
    s4     2025-09-05   -1        2
    s5     2025-09-25    0        2        1
    s6     2025-11-02                               -2
    (no source in 2025-10)

    x on a: Jul median(2, 1) = 1.5 (2 codings), Aug not coded, Sep median(-1, 0) = -0.5
            (2), Oct, Nov nothing  -> [1.5, nan, -0.5, nan, nan]
    y on a: Jul -1 (1), Aug 1 (1), Sep median(2, 2) = 2 (2)  -> [-1, 1, 2, nan, nan]
    x on b: Sep 1 -> [nan, nan, 1, nan, nan];  y on b: Nov -2 -> [nan, nan, nan, nan, -2]
    moves: a: y -1 -> 1 -> 2 (2 + 1), x 1.5 -> -0.5 (2): 5 in all; b: none. So a first.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

import posmatrix
from posmatrix import UsageError
from posmatrix.cli import main
from posmatrix.model import Actor, Coding, Dataset, Issue, Source
from posmatrix.plot import figure_bytes, render, trajectory
from posmatrix.plot._layout import axis_texts

NAN = np.nan
DS = Dataset(
    title="Moves",
    issues={k: Issue(k, f"{k} should happen.") for k in ("a", "b")},
    actors={"x": Actor("x", "Ex"), "y": Actor("y", "Why")},
    sources=[
        Source("s1", "S1", published="2025-07-03"),
        Source("s2", "S2", published="2025-07-20"),
        Source("s3", "S3", published="2025-08-10"),
        Source("s4", "S4", published="2025-09-05"),
        Source("s5", "S5", published="2025-09-25"),
        Source("s6", "S6", published="2025-11-02"),
    ],
    codings=[
        Coding("s1", "x", "a", 2, "s1 x a"),
        Coding("s1", "y", "a", -1, "s1 y a"),
        Coding("s2", "x", "a", 1, "s2 x a"),
        Coding("s3", "y", "a", 1, "s3 y a"),
        Coding("s4", "x", "a", -1, "s4 x a"),
        Coding("s4", "y", "a", 2, "s4 y a"),
        Coding("s5", "x", "a", 0, "s5 x a"),
        Coding("s5", "y", "a", 2, "s5 y a"),
        Coding("s5", "x", "b", 1, "s5 x b"),
        Coding("s6", "y", "b", -2, "s6 y b"),
    ],
)
EXPECTED = {
    ("a", "x"): [1.5, NAN, -0.5, NAN, NAN],
    ("a", "y"): [-1.0, 1.0, 2.0, NAN, NAN],
    ("b", "x"): [NAN, NAN, 1.0, NAN, NAN],
    ("b", "y"): [NAN, NAN, NAN, NAN, -2.0],
}
COUNTS = {("a", "x"): [2, 2], ("a", "y"): [1, 1, 2], ("b", "x"): [1], ("b", "y"): [1]}


def _lines(fig: Figure) -> dict[tuple[str, str], np.ndarray]:
    out = {}
    for ax in fig.axes:
        for line in ax.get_lines():
            issue, _, holder = str(line.get_label()).partition(":")
            if holder:
                out[(issue, holder)] = np.asarray(line.get_ydata(), dtype=float)
    return out


def test_lines_are_the_timeline_medians_with_gaps() -> None:
    fig = trajectory(DS)
    assert [a.get_label() for a in fig.axes] == ["timeline:a", "timeline:b"]  # most moved first
    ticks = axis_texts(fig.axes[0], "x")
    assert ticks == ["2025-07", "2025-08", "2025-09", "2025-10", "2025-11"]  # Oct: no source
    lines = _lines(fig)
    assert set(lines) == set(EXPECTED)
    for key, want in EXPECTED.items():
        np.testing.assert_array_equal(lines[key], np.array(want))  # NaN where silent
    # and the same numbers as posmatrix.timeline, window by window
    t = posmatrix.timeline(DS)
    for row in t.itertuples(index=False):
        k = ticks.index(str(row.window))
        assert lines[(str(row.issue), str(row.holder))][k] == row.stance
    # x on a: coded in July and September only, so no segment spans August
    assert np.isnan(lines[("a", "x")][1])


def test_markers_sized_by_codings_and_on_the_points() -> None:
    fig = trajectory(DS)
    for ax in fig.axes:
        for coll in ax.collections:
            label = str(coll.get_label())
            issue, _, holder = label.partition(":")
            if not holder:
                continue
            want = np.array(EXPECTED[(issue, holder)])
            xy = coll.get_offsets()
            np.testing.assert_array_equal(xy[:, 1], want[~np.isnan(want)])
            # area 18 for one coding, 22 more for each further one
            sizes = 18 + 22 * (np.array(COUNTS[(issue, holder)]) - 1)
            np.testing.assert_array_equal(coll.get_sizes(), sizes)
            # dodged within the window: x never more than .18 from the window's position
            k = np.flatnonzero(~np.isnan(want))
            assert np.all(np.abs(xy[:, 0] - k) <= 0.18 + 1e-12)


@pytest.mark.parametrize(
    ("kwargs", "panels", "holders"),
    [
        ({"issues": ["b"]}, ["timeline:b"], {"x", "y"}),
        ({"holder": "y"}, ["timeline:a", "timeline:b"], {"y"}),
        ({"issues": ["b", "a"], "holder": ["x"]}, ["timeline:a", "timeline:b"], {"x"}),
    ],
)
def test_chosen_issues_and_holders(kwargs: dict, panels: list[str], holders: set[str]) -> None:
    fig = trajectory(DS, **kwargs)
    assert [a.get_label() for a in fig.axes] == panels
    lines = _lines(fig)
    assert {h for _, h in lines} == holders
    for key, y in lines.items():
        np.testing.assert_array_equal(y, np.array(EXPECTED[key]))


def test_quarters_and_30_day_windows() -> None:
    # Q: Jul..Sep in 2025Q3: x on a median(2, 1, -1, 0) = 0.5; 2025Q4: nothing of x on a
    fig = trajectory(DS, freq="Q", issues=["a"])
    assert axis_texts(fig.axes[0], "x") == ["2025Q3", "2025Q4"]
    np.testing.assert_array_equal(_lines(fig)[("a", "x")], [0.5, NAN])
    # 30D from 2025-07-03: [07-03..08-01] x: 2, 1 -> 1.5; [08-02..08-31] y only;
    # [09-01..09-30] x: -1, 0 -> -0.5; [10-01..10-30] empty; [10-31..11-29] y on b
    fig = trajectory(DS, freq="30D", issues=["a"])
    np.testing.assert_array_equal(_lines(fig)[("a", "x")], [1.5, NAN, -0.5, NAN, NAN])


def test_draws_into_a_given_axes() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    assert trajectory(DS, ax=ax) is fig
    assert ax.get_label() == "timeline:a"  # the first (most moved) issue only
    assert len(fig.axes) == 1


def test_bad_requests_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="did you mean 'a'"):
        trajectory(DS, issues=["aa"])
    with pytest.raises(UsageError, match="nothing to draw"):
        trajectory(DS, holder="author")  # the sources' own stances: none coded
    undated = Dataset(
        title="u",
        issues=DS.issues,
        actors=DS.actors,
        sources=[Source(s.id, s.title) for s in DS.sources.values()],
        codings=DS.codings,
    )
    with pytest.raises(UsageError, match="6 of 6 sources are in no M window"):
        trajectory(undated)
    with pytest.raises(UsageError, match="time window"):
        trajectory(DS, freq="outlet")
    with pytest.raises(UsageError, match="only to the timeline"):
        render(DS, "map", freq="Q")


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_same_bytes_twice(fmt: str) -> None:
    ds = posmatrix.example()
    one = figure_bytes(trajectory(ds), fmt, name="timeline")
    assert one == figure_bytes(trajectory(ds), fmt, name="timeline")
    assert one == render(ds, "timeline", fmt)


def test_bundled_dataset_months_and_russias_move() -> None:
    # russia on freeze-line-of-contact: 0 in 2025-08 (2 codings), +1 in 2025-10
    fig = trajectory(posmatrix.example(), issues=["freeze-line-of-contact"])
    ax = fig.axes[0]
    assert axis_texts(ax, "x") == [
        "2025-07",
        "2025-08",
        "2025-09",
        "2025-10",
    ]
    np.testing.assert_array_equal(
        _lines(fig)[("freeze-line-of-contact", "russia")], [NAN, 0.0, NAN, 1.0]
    )
    assert ("freeze-line-of-contact", "author") not in _lines(fig)  # actors by default


def test_cli_writes_an_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.svg"
    args = ["plot", "timeline", "-o", str(out), "--holder", "russia,ukraine"]
    assert main([*args, "--issue", "negotiated-compromise", "--window", "Q"]) == 0
    svg = out.read_bytes()
    assert svg == render(
        posmatrix.example(),
        "timeline",
        "svg",
        holder=["russia", "ukraine"],
        issues=["negotiated-compromise"],
        freq="Q",
    )
    text = svg.decode("utf-8")
    for shown in ("negotiated-compromise", "2025Q3", "Russian government"):
        assert shown in text
    assert "wrote" in capsys.readouterr().err
    assert main(["plot", "timeline", "-o", str(tmp_path / "u.svg"), "--issue", "nope"]) == 2
    assert not (tmp_path / "u.svg").exists()
