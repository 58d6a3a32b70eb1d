"""Voices and the stance matrix, checked against hand-built expectations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix.errors import UsageError
from posmatrix.matrix import no_variance, stance_matrix, voice_label, voices
from posmatrix.model import AUTHOR, Actor, Coding, Dataset, Issue, Source

NAN = math.nan


def _ds(*codings: Coding) -> Dataset:
    return Dataset(
        title="t",
        issues={k: Issue(k, f"{k} should happen.") for k in ("a", "b", "c")},
        actors={"russia": Actor("russia", "Russia"), "europe": Actor("europe", "Europe")},
        sources={k: Source(k, k.upper()) for k in ("s1", "s2")},
        codings=codings,
    )


DS = _ds(
    Coding("s2", "europe", "a", -2, "q"),
    Coding("s1", "russia", "a", 2, "q"),
    Coding("s1", AUTHOR, "a", 1, "q"),
    Coding("s1", AUTHOR, "b", 0, "q"),
    Coding("s2", AUTHOR, "c", -1, "q"),
)


def test_voice_labels() -> None:
    assert voice_label("s1", AUTHOR) == "s1"
    assert voice_label("s1", "russia") == "s1/russia"


def test_voices_order_and_counts() -> None:
    v = voices(DS)
    assert v.index.tolist() == ["s1", "s1/russia", "s2", "s2/europe"]
    assert v["issues"].tolist() == [2, 1, 1, 1]
    assert v["holder_name"].tolist() == ["author", "Russia", "author", "Europe"]


@pytest.mark.parametrize(
    ("holder", "expected"),
    [
        (AUTHOR, {"s1": [1, 0, NAN], "s2": [NAN, NAN, -1]}),
        ("russia", {"s1/russia": [2, NAN, NAN]}),
        (["europe", "russia"], {"s1/russia": [2, NAN, NAN], "s2/europe": [-2, NAN, NAN]}),
    ],
)
def test_stance_matrix_selects_holders(
    holder: str | list[str], expected: dict[str, list[float]]
) -> None:
    m = stance_matrix(DS, holder)
    assert m.index.tolist() == list(expected)
    assert m.columns.tolist() == ["a", "b", "c"]
    np.testing.assert_array_equal(m.to_numpy(), np.array(list(expected.values()), dtype=float))


def test_silence_is_nan_and_zero_is_zero() -> None:
    m = stance_matrix(DS, "author")
    assert m.loc["s1", "b"] == 0.0
    assert math.isnan(m.loc["s1", "c"])


def test_unknown_holder_is_a_usage_error_with_hint() -> None:
    with pytest.raises(UsageError, match=r"got 'rusia'; did you mean 'russia'\?"):
        stance_matrix(DS, "rusia")


def test_several_coders_median_and_adjudication() -> None:
    ds = _ds(
        Coding("s1", AUTHOR, "a", 2, "q", coder="x"),
        Coding("s1", AUTHOR, "a", 1, "q", coder="y"),
        Coding("s1", AUTHOR, "b", -2, "q", coder="x"),
        Coding("s1", AUTHOR, "b", 2, "q", coder="y"),
        Coding("s1", AUTHOR, "b", 1, "q", coder="z", adjudicated=True),
        Coding("s2", AUTHOR, "c", 0, "q", coder="x"),
    )
    m = stance_matrix(ds, "author")
    assert m.loc["s1", "a"] == 1.5  # median of 2 and 1
    assert m.loc["s1", "b"] == 1.0  # the adjudicated coding wins
    assert m.loc["s2", "c"] == 0.0


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["s1", "s2"]), st.sampled_from([AUTHOR, "russia"]),
                  st.sampled_from(["a", "b", "c"]), st.integers(-2, 2)),
        unique_by=lambda t: t[:3],
    )
)  # fmt: skip
def test_matrix_holds_every_single_coding(cells: list[tuple[str, str, str, int]]) -> None:
    ds = _ds(*(Coding(s, h, i, v, "q") for s, h, i, v in cells))
    m = stance_matrix(ds, None)
    assert int(m.notna().to_numpy().sum()) == len(cells)
    for s, h, i, v in cells:
        assert m.loc[voice_label(s, h), i] == v


def test_default_holder_warns_and_keeps_the_authors() -> None:
    ds = posmatrix.example()
    with pytest.warns(FutureWarning, match="holder='author' to keep this result"):
        m = stance_matrix(ds)
    # the authors' matrix: one row per source (5), none of the 20 actor voices
    assert list(m.index) == list(ds.sources)
    assert m.equals(stance_matrix(ds, "author"))
    assert len(stance_matrix(ds, "all")) == 25


@pytest.mark.parametrize(
    ("rows", "flat"),
    [
        ({"v": [1.0, -1.0], "n": [0.0, 0.0], "p": [1.0, 1.0]}, ["n", "p"]),
        # one position is too few to speak of variance; NaN is not a position
        ({"one": [1.0, float("nan")], "two": [float("nan"), 0.0]}, []),
        ({"m": [0.0, float("nan"), 0.0], "x": [0.0, 1.0, float("nan")]}, ["m"]),
    ],
)
def test_no_variance(rows: dict[str, list[float]], flat: list[str]) -> None:
    frame = pd.DataFrame(rows).T
    assert sorted(no_variance(frame)) == flat
