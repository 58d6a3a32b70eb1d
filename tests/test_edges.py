"""posmatrix.edges: edges equal the thresholded agreement matrices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import posmatrix
from posmatrix import UsageError
from posmatrix.edges import agreement_edges, neighbour_edges


def _pairs(frame: pd.DataFrame, keep) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    labels = list(frame.index)
    out = set()
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if keep(frame.at[a, b]):
                out.add((a, b))
    return out


@pytest.mark.parametrize(
    ("metric", "threshold"),
    [("congruence", 0.5), ("cityblock", 0.7), ("pearson", 0.3), ("subtract", 0.2)],
)
def test_edges_equal_thresholded_matrix(metric: str, threshold: float) -> None:
    ds = posmatrix.example()
    e = agreement_edges(ds, metric=metric, threshold=threshold)  # type: ignore[arg-type]
    got = {k: set(zip(g["voice_a"], g["voice_b"], strict=True)) for k, g in e.groupby("kind")}
    if metric == "congruence":
        agree = posmatrix.agreement(ds, "congruence")
        clash = posmatrix.agreement(ds, "conflict")
        want_a = _pairs(agree, lambda v: v > threshold)
        want_c = _pairs(clash, lambda v: v > threshold)
    else:
        m = posmatrix.agreement(ds, metric)  # type: ignore[arg-type]
        low = 1 - threshold if metric == "cityblock" else -threshold
        want_a = _pairs(m, lambda v: v > threshold)
        want_c = _pairs(m, lambda v: v < low)
    assert got.get("agree", set()) == want_a
    assert got.get("conflict", set()) == want_c
    assert want_a  # the test sees edges
    assert list(e.columns) == ["voice_a", "voice_b", "kind", "score", "overlap"]
    ovl = posmatrix.overlap(ds)
    assert all(
        ovl.at[a, b] == o
        for a, b, o in e[["voice_a", "voice_b", "overlap"]].itertuples(index=False)
    )


def test_bad_threshold() -> None:
    with pytest.raises(UsageError, match="threshold"):
        agreement_edges(posmatrix.example(), threshold="high")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="finite"):
        agreement_edges(posmatrix.example(), threshold=float("nan"))


def _top(a: np.ndarray, k: int) -> dict[str, set[tuple[int, int]]]:
    """Pairs of a voice and one of its k highest (``agree``) or k lowest (``conflict``)
    defined scores, ties to the earlier voice: the test's own loop, the reference for
    neighbour_edges."""
    picked: dict[str, set[tuple[int, int]]] = {"agree": set(), "conflict": set()}
    for i in range(len(a)):
        row = a[i].copy()
        row[i] = np.nan
        cols = np.flatnonzero(~np.isnan(row))
        for kind, signed in (("agree", -row[cols]), ("conflict", row[cols])):
            for c in cols[np.argsort(signed, kind="stable")[:k]]:
                picked[kind].add((min(i, int(c)), max(i, int(c))))
    return picked


@pytest.mark.parametrize("metric", ["exact", "sign", "cityblock"])
@pytest.mark.parametrize(("threshold", "k", "least"), [(0.6, 2, 1), (0.7, 5, 2), (0.5, 1, 3)])
def test_neighbour_edges_are_the_dense_edges_of_each_voices_top_k(
    metric: str, threshold: float, k: int, least: int
) -> None:
    rng = np.random.default_rng(k)
    x = rng.integers(-2, 3, size=(70, 7)).astype(np.float64)
    x[rng.random(x.shape) < 0.35] = np.nan
    s = pd.DataFrame(x, index=[f"v{i:02d}" for i in range(70)], columns=list("abcdefg"))
    dense = agreement_edges(s, metric=metric, threshold=threshold, min_overlap=least)  # type: ignore[arg-type]
    a = posmatrix.agreement(s, metric, min_overlap=least).to_numpy()  # type: ignore[arg-type]
    pos = {v: i for i, v in enumerate(s.index)}
    near = _top(a, k)
    keep = [
        (pos[u], pos[v]) in near[kind]
        for u, v, kind in zip(dense["voice_a"], dense["voice_b"], dense["kind"], strict=True)
    ]
    want = dense[keep].reset_index(drop=True)
    got = neighbour_edges(s, metric=metric, threshold=threshold, k=k, min_overlap=least)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(got, want)
    assert 0 < len(got) < len(dense)  # a real restriction, and not empty


def test_neighbour_edges_of_a_dataset_and_bad_threshold() -> None:
    ds = posmatrix.example()
    got = neighbour_edges(ds, metric="cityblock", threshold=0.75, k=len(posmatrix.voices(ds)))
    # with k = every voice, each voice's list holds every pair: the dense edges exactly
    want = agreement_edges(ds, metric="cityblock", threshold=0.75)
    pd.testing.assert_frame_equal(got, want)
    with pytest.raises(UsageError, match="threshold must be finite"):
        neighbour_edges(ds, threshold=float("nan"))
