"""Camp profiles on a hand-worked dataset (scores worked out in the comments)."""

from __future__ import annotations

import pandas as pd
import pytest

import posmatrix
from posmatrix.model import Coding, Dataset, Issue, Scale, Source
from posmatrix.profiles import camp_profiles

# camp 1 = a, b, c; camp 2 = d, e, f; 3-point scale
#      x   y   z
# a   +1  +1  +1
# b   +1  +1  -1
# c   +1  +1   0
# d   -1  +1  +1
# e   -1  +1  +1
# f   -1  +1   0
ROWS = {
    "a": (1, 1, 1),
    "b": (1, 1, -1),
    "c": (1, 1, 0),
    "d": (-1, 1, 1),
    "e": (-1, 1, 1),
    "f": (-1, 1, 0),
}


def _dataset() -> Dataset:
    return Dataset(
        title="two camps",
        scale=Scale(-1, 1),
        issues={i: Issue(i, f"{i}.") for i in "xyz"},
        sources={v: Source(v, v.upper()) for v in ROWS},
        codings=tuple(
            Coding(v, "author", i, s, f"{v} says {s} on {i}")
            for v, stances in ROWS.items()
            for i, s in zip("xyz", stances, strict=True)
        ),
    )


@pytest.fixture(scope="module")
def profiles() -> posmatrix.profiles.Profiles:
    ds = _dataset()
    camp = pd.Series([1, 1, 1, 2, 2, 2], index=list(ROWS))
    return camp_profiles(ds, camp, posmatrix.stance_matrix(ds), posmatrix.agreement(ds))


def test_defining_issues(profiles: posmatrix.profiles.Profiles) -> None:
    d = profiles.defining
    one = d[d["camp"] == 1]
    # x, camp 1 supporting: ((1+3)/(2+3)) / ((1+0)/(2+3)) = 4
    # z, camp 1 opposing:   ((1+1)/5) / ((1+0)/5) = 2 (supporting: (2/5)/(3/5) = 2/3)
    # y: everyone supports: (4/5)/(4/5) = 1, no more the camp's than the rest's: left out
    assert one[["issue", "side"]].values.tolist() == [["x", "support"], ["z", "oppose"]]
    assert one["repness"].tolist() == pytest.approx([4.0, 2.0])
    assert one["camp_mean"].tolist()[0] == pytest.approx(1.0)
    assert one["rest_mean"].tolist()[0] == pytest.approx(-1.0)
    # camp 2 on z: supporting (3/5)/(2/5) = 1.5
    two = d[d["camp"] == 2]
    assert two[["issue", "side"]].values.tolist()[:2] == [["x", "oppose"], ["z", "support"]]
    assert two["repness"].tolist()[1] == pytest.approx(1.5)
    # every row has a quote from a voice of that camp on that side
    assert one["quote"].tolist()[0].endswith("says 1 on x")
    assert one["voice"].tolist()[0] in {"a", "b", "c"}
    assert one["quote"].tolist()[1] == "b says -1 on z"  # b is camp 1's only opponent of z


def test_consensus_and_divisive(profiles: posmatrix.profiles.Profiles) -> None:
    # camp means: x 1 | -1 (opposite), y 1 | 1 (same side, spread 0), z 0 | 2/3
    assert profiles.consensus["issue"].tolist() == ["y"]
    assert profiles.consensus["spread"].tolist() == [0.0]
    assert profiles.consensus["quote"].tolist()[0].endswith("says 1 on y")
    assert profiles.divisive["issue"].tolist() == ["x", "z", "y"]
    assert profiles.divisive["spread"].tolist() == pytest.approx([2.0, 2 / 3, 0.0])


def test_bridging_voices(profiles: posmatrix.profiles.Profiles) -> None:
    b = profiles.bridging
    assert len(b) == 3
    assert (b["bridge"] == b[["own", "with_other"]].min(axis=1)).all()
    assert b["bridge"].is_monotonic_decreasing
    # c (+1, +1, 0) stands between: agreement (cityblock, range 2) with camp 2:
    # d: 1 - (2 + 0 + 1) / 3 / 2 = 0.5, e: 0.5, f: 1 - (2 + 0 + 0) / 6 = 2/3 -> 5/9;
    # with its own camp: a: 1 - 1/6 = 5/6, b: 5/6 -> 5/6; bridge = 5/9
    row = b[b["voice"] == "c"]
    assert row["with_other"].tolist() == pytest.approx([5 / 9])
    assert row["own"].tolist() == pytest.approx([5 / 6])


def test_voices_without_a_camp_are_left_out() -> None:
    ds = _dataset()
    camp = pd.Series([1, 1, 1, 2, 2, float("nan")], index=list(ROWS))
    p = camp_profiles(ds, camp, posmatrix.stance_matrix(ds), posmatrix.agreement(ds))
    assert "f" not in set(p.bridging["voice"])
    two = p.defining[p.defining["camp"] == 2]
    # z, camp 2 = d, e (both +1): ((1+2)/4) / ((1+1)/5) = 1.875 against camp 1's a (+1)
    assert two[two["issue"] == "z"]["repness"].tolist() == pytest.approx([1.875])
