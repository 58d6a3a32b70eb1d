"""Clashes between any two voices: hand-worked datasets and a brute-force property."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix.clashes import find_clashes
from posmatrix.model import Actor, Coding, Dataset, Issue, Scale, Source

THREE = Scale(-1, 1)


def _parties(rows: dict[str, list[int | None]], scale: Scale = THREE) -> Dataset:
    """One source per party, its own answers to issues i0, i1, ... (None: no answer)."""
    n = len(next(iter(rows.values())))
    codings = tuple(
        Coding(p, "author", f"i{j}", v, f"{p} on i{j}")
        for p, answers in rows.items()
        for j, v in enumerate(answers)
        if v is not None
    )
    return Dataset(
        title="parties",
        scale=scale,
        issues={f"i{j}": Issue(f"i{j}", f"Thesis {j}.") for j in range(n)},
        sources={p: Source(p, f"Party {p.upper()}") for p in rows},
        codings=codings,
    )


def test_three_parties_by_hand() -> None:
    # a: + - + 0   b: - + + .   c: - - - +
    # a-b clash on i0, i1 (shared i0 i1 i2): 2 of 3
    # a-c clash on i0, i2 (i1 both -, i3 0 vs +): 2 of 4
    # b-c clash on i1, i2: 2 of 3
    ds = _parties({"a": [1, -1, 1, 0], "b": [-1, 1, 1, None], "c": [-1, -1, -1, 1]})
    c = find_clashes(ds)
    got = c.pairs[["voice_a", "voice_b", "clashes", "shared"]].values.tolist()
    # ties on 2 clashes: share 2/3 (a-b, b-c) before 2/4 (a-c); then voice order
    assert got == [["a", "b", 2, 3], ["b", "c", 2, 3], ["a", "c", 2, 4]]
    assert c.pairs["share"].tolist() == pytest.approx([2 / 3, 2 / 3, 0.5])
    assert c.pairs["name_a"].tolist() == ["Party A", "Party B", "Party A"]
    d = c.detail
    assert d[["voice_a", "voice_b", "issue"]].values.tolist() == [
        ["a", "b", "i0"],
        ["a", "b", "i1"],
        ["b", "c", "i1"],
        ["b", "c", "i2"],
        ["a", "c", "i0"],
        ["a", "c", "i2"],
    ]
    assert d["quote_a"].tolist()[:2] == ["a on i0", "a on i1"]
    assert d["quote_b"].tolist()[:2] == ["b on i0", "b on i1"]
    assert d["gap"].tolist() == [2.0] * 6
    assert c.at_ends_only  # a 3-point scale: every clash is at an end
    assert d["at_end"].all()
    assert not c.truncated
    assert len(c) == 3


def test_five_point_scale_marks_ends_and_mixes_holders() -> None:
    # the source's own voice +1 and the actor it reports at -2 on x; +2 and -1 on y
    ds = Dataset(
        title="t",
        issues={"x": Issue("x", "X."), "y": Issue("y", "Y."), "z": Issue("z", "Z.")},
        actors={"gov": Actor("gov", "The Government")},
        sources={"s": Source("s", "A paper")},
        codings=(
            Coding("s", "author", "x", 1, "we back x"),
            Coding("s", "gov", "x", -2, "gov rejects x"),
            Coding("s", "author", "y", 1, "we back y"),
            Coding("s", "gov", "y", -1, "gov doubts y"),
            Coding("s", "author", "z", 0, "mixed"),
            Coding("s", "gov", "z", 2, "gov loves z"),
        ),
    )
    c = find_clashes(ds)
    assert c.pairs[["voice_a", "voice_b", "clashes", "shared"]].values.tolist() == [
        ["s", "s/gov", 2, 3]
    ]
    assert c.pairs["name_b"].tolist() == ["The Government"]  # one source: the actor's name
    assert c.detail["at_end"].tolist() == [True, False]  # -2 is an end; +1/-1 are not
    assert c.detail["gap"].tolist() == [3.0, 2.0]
    assert not c.at_ends_only


def test_gaps_holds_the_clashes_of_its_voices() -> None:
    ds = _parties({"a": [1, 1, -1], "b": [-1, -1, 1], "c": [1, 0, -1]})
    r = posmatrix.gaps(ds, holder="author")
    assert r.clashes is not None
    # a-b: 3 of 3; b-c: 2 of 3 (i1: c neutral); a-c: none
    assert r.clashes.pairs[["voice_a", "voice_b", "clashes"]].values.tolist() == [
        ["a", "b", 3],
        ["b", "c", 2],
    ]
    assert len(r.red_lines) == 0  # no actors: red lines cannot see these clashes


def test_detail_is_bounded_from_the_top_pairs() -> None:
    ds = _parties({"a": [1, 1, -1], "b": [-1, -1, 1], "c": [1, 0, -1]})
    c = find_clashes(ds, max_detail=3)
    assert c.truncated
    assert c.detail[["voice_a", "voice_b"]].drop_duplicates().values.tolist() == [["a", "b"]]


def test_no_clash() -> None:
    c = find_clashes(_parties({"a": [1, 0], "b": [1, None]}))
    assert len(c) == 0
    assert len(c.detail) == 0


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([None, -2, -1, 0, 1, 2]), min_size=4, max_size=4),
        min_size=2,
        max_size=6,
    )
)
def test_matches_a_brute_force_count(answers: list[list[int | None]]) -> None:
    rows = {f"p{k}": a for k, a in enumerate(answers)}
    ds = _parties(rows, Scale(-2, 2))
    if not ds.codings:
        return
    c = find_clashes(ds)
    got = {(r.voice_a, r.voice_b): (r.clashes, r.shared) for r in c.pairs.itertuples()}
    want = {}
    voiced = [p for p in rows if any(v is not None for v in rows[p])]
    for p, q in itertools.combinations(voiced, 2):
        both = [(x, y) for x, y in zip(rows[p], rows[q], strict=True) if None not in (x, y)]
        k = sum(1 for x, y in both if x * y < 0)  # type: ignore[operator]
        if k:
            want[(p, q)] = (k, len(both))
    assert got == want
    assert np.all(np.diff(c.pairs["clashes"].to_numpy()) <= 0)


@pytest.mark.parametrize("top", [1, 7, 40, 10_000])
def test_top_clashes_are_the_first_pairs_of_all(top: int) -> None:
    import pandas as pd

    from posmatrix.clashes import top_clashes

    # 70 voices on a 3-point scale, 5 issues, a third missing: many tied pairs
    rng = np.random.default_rng(2)
    x = rng.integers(-1, 2, (70, 5))
    keep = rng.random(x.shape) > 0.33
    ds = Dataset(
        title="t",
        scale=Scale(-1, 1),
        issues={f"i{j}": Issue(f"i{j}", f"I{j}.") for j in range(5)},
        sources={f"s{i:02d}": Source(f"s{i:02d}", f"S{i}") for i in range(70)},
        codings=tuple(
            Coding(f"s{i:02d}", "author", f"i{j}", int(x[i, j]), f"q{i}{j}")
            for i, j in zip(*np.nonzero(keep), strict=True)
        ),
    )
    every = find_clashes(ds)
    got = top_clashes(ds, posmatrix.stance_matrix(ds, None), top)
    pd.testing.assert_frame_equal(got.pairs, every.pairs.head(top))
    assert len(got) == len(every) == got.total
    first = got.pairs[["voice_a", "voice_b"]]
    pd.testing.assert_frame_equal(
        got.detail, every.detail.merge(first, on=["voice_a", "voice_b"]).head(len(got.detail))
    )
