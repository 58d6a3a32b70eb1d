"""posmatrix.findings: each part computed once, equal to the analysis it stands for."""

from __future__ import annotations

import math

import pytest

import posmatrix
from posmatrix import Findings, UsageError

# Three sources on a 5-point scale (-2..2), two issues:
#   a: x=+2, y=+2   b: x=+2, y=-2   c: x=-2 (silent on y)
# cityblock agreement = 1 - mean|diff|/4 over shared issues:
#   a-b: (0 + 4)/2 = 2 → 1 - 2/4 = 0.5;  a-c: 4/1 → 0.0;  b-c: 4/1 → 0.0
TINY = """\
format: posmatrix/1
title: Tiny
scale: {min: -2, max: 2}
issues:
  - {id: x, proposition: X should happen.}
  - {id: y, proposition: Y should happen.}
sources:
  - id: a
    title: A
    stances:
      - {issue: x, stance: 2, quote: "x yes"}
      - {issue: y, stance: 2, quote: "y yes"}
  - id: b
    title: B
    stances:
      - {issue: x, stance: 2, quote: "x yes too"}
      - {issue: y, stance: -2, quote: "y no"}
  - id: c
    title: C
    stances:
      - {issue: x, stance: -2, quote: "x no"}
"""


@pytest.fixture(scope="module")
def tiny() -> posmatrix.Dataset:
    return posmatrix.loads(TINY, name="tiny.yaml")


def test_agreement_by_hand(tiny: posmatrix.Dataset) -> None:
    f = Findings(tiny)
    a = f.agreement
    assert a.at["a", "b"] == pytest.approx(0.5)
    assert a.at["a", "c"] == pytest.approx(0.0)
    assert a.at["b", "c"] == pytest.approx(0.0)
    assert f.overlap.at["a", "b"] == 2
    assert f.overlap.at["a", "c"] == 1
    # clustered order: a and b (0.5) join before c
    assert f.order.index("c") in (0, 2)
    assert list(f.overlap.index) == f.order == list(a.columns)
    assert f.stances.loc["b", "y"] == -2
    assert math.isnan(float(f.stances.to_numpy()[2, 1]))
    assert f.metric == "cityblock"
    assert not f.large


@pytest.mark.parametrize(
    "part", ["voices", "stances", "agreement", "overlap", "report", "camps", "deals", "checks"]
)
def test_each_part_is_computed_once(part: str) -> None:
    f = Findings(posmatrix.example())
    assert part not in repr(f)
    first = getattr(f, part)
    assert getattr(f, part) is first
    assert part in repr(f)


def test_parts_equal_the_public_functions() -> None:
    ds = posmatrix.example()
    f = Findings(ds)
    want = posmatrix.agreement(ds, "cityblock", order="cluster")
    assert f.agreement.equals(want)
    assert f.author_agreement.equals(
        posmatrix.agreement(ds, "cityblock", holder="author", order="cluster")
    )
    assert f.report.pairs.equals(posmatrix.gaps(ds).pairs)
    assert f.change is not None
    assert list(f.change.windows.index) == [
        "2025-07",
        "2025-08",
        "2025-10",
    ]


def test_changes_need_since(tiny: posmatrix.Dataset) -> None:
    assert Findings(tiny).changes is None
    same = Findings(tiny, since=tiny).changes
    assert same is not None
    assert same.summary["codings_changed"] == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dataset": "data/positions.yaml"}, "ds must be a posmatrix Dataset, got str"),
        ({"since": "old.yaml"}, "since must be a posmatrix Dataset .*got str"),
    ],
)
def test_bad_arguments(tiny: posmatrix.Dataset, kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"dataset": tiny, **kwargs}
    with pytest.raises(UsageError, match=message):
        Findings(**args)  # type: ignore[arg-type,unused-ignore]


def test_frozen(tiny: posmatrix.Dataset) -> None:
    f = Findings(tiny)
    with pytest.raises(AttributeError):
        f.dataset = tiny  # type: ignore[misc]


# -- past HUGE_VOICES: no voices x voices matrix ------------------------------------------


def _three_camps() -> posmatrix.Dataset:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(11)
    centres = rng.integers(-2, 3, (3, 6))
    rows = []
    for s in range(60):
        centre = centres[s % 3]
        for j in range(6):
            if rng.random() < 0.7:
                v = int(np.clip(centre[j] + rng.integers(-1, 2), -2, 2))
                rows.append((f"s{s:02d}", "author", f"i{j}", v, f"q {s} {j}"))
    frame = pd.DataFrame(rows, columns=["source", "holder", "issue", "stance", "quote"])
    return posmatrix.from_frame(frame, title="Three camps")


def test_huge_builds_no_matrix_and_equals_the_dense_parts() -> None:
    import pandas as pd

    from posmatrix.findings import HUGE_VOICES
    from posmatrix.nearest import neighbours

    ds = _three_camps()
    dense, huge = Findings(ds), Findings(ds, huge_voices=59)
    assert HUGE_VOICES == 30_000
    assert not dense.huge
    assert huge.huge
    assert huge.large
    assert huge.order == list(huge.camps.order)  # camp by camp, no clustering
    with pytest.raises(UsageError, match="too many for a voices x voices matrix"):
        _ = huge.agreement
    with pytest.raises(UsageError, match=r"Findings\.neighbours"):
        _ = huge.overlap
    pd.testing.assert_frame_equal(huge.neighbours, dense.neighbours)
    pd.testing.assert_frame_equal(huge.neighbours, neighbours(ds, k=10, ties="overlap"))
    # the gap report's best pairs and the camp profiles: the same as from the dense matrix
    pd.testing.assert_frame_equal(huge.report.pairs, dense.report.pairs)
    for part in ("defining", "consensus", "divisive", "bridging"):
        pd.testing.assert_frame_equal(
            getattr(huge.profiles, part), getattr(dense.profiles, part), rtol=1e-12
        )
    assert len(huge.report.sensitivity_pairs) == 0
    pd.testing.assert_frame_equal(huge.report.sensitivity, dense.report.sensitivity)
    c, every = huge.report.clashes, dense.report.clashes
    assert c is not None
    assert every is not None
    pd.testing.assert_frame_equal(c.pairs, every.pairs.head(len(c.pairs)))
    assert len(c) == len(every) > 0
    assert "agreement" not in huge.__dict__


def test_huge_when_the_memory_limit_refuses_the_dense_matrix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ds = _three_camps()  # 60 voices: 60² x 32 bytes = 115,200 bytes
    monkeypatch.setenv("POSMATRIX_MAX_MEMORY", "115200")
    assert not Findings(ds).huge
    monkeypatch.setenv("POSMATRIX_MAX_MEMORY", "115199")
    assert Findings(ds).huge


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "10"])
def test_huge_voices_must_be_a_count(tiny: posmatrix.Dataset, bad: object) -> None:
    with pytest.raises(UsageError, match="huge_voices must be a whole number"):
        Findings(tiny, huge_voices=bad)  # type: ignore[arg-type]
