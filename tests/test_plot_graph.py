"""posmatrix.plot.graph: the network draws exactly the thresholded edges."""

from __future__ import annotations

import numpy as np
import pytest

import posmatrix
from posmatrix.edges import agreement_edges
from posmatrix.plot import network


@pytest.mark.parametrize(("metric", "threshold"), [("congruence", 0.5), ("cityblock", 0.75)])
def test_segments_are_the_edges(metric: str, threshold: float) -> None:
    ds = posmatrix.example()
    fig = network(ds, metric=metric, threshold=threshold)  # type: ignore[arg-type]
    ax = fig.axes[0]
    assert ax.get_label() == "network"
    edges = agreement_edges(ds, metric=metric, threshold=threshold)  # type: ignore[arg-type]
    nodes = np.vstack(
        [c.get_offsets() for c in ax.collections if c.get_label() in ("_own", "_reported")]
    )
    assert len(nodes) == len(posmatrix.voices(ds))
    for kind in ("agree", "conflict"):
        (lines,) = [c for c in ax.collections if c.get_label() == kind]
        segs = lines.get_segments()
        assert len(segs) == int((edges["kind"] == kind).sum())
        for seg in segs:  # each end is a node
            for end in seg:
                assert np.min(np.hypot(*(nodes - end).T)) < 1e-9


def test_same_layout_twice() -> None:
    ds = posmatrix.example()
    a = [c.get_offsets().copy() for c in network(ds).axes[0].collections]
    b = [c.get_offsets().copy() for c in network(ds).axes[0].collections]
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def test_past_huge_voices_the_segments_are_each_voices_top_ties(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from posmatrix import blockwise
    from posmatrix.edges import neighbour_edges
    from posmatrix.plot import graph

    ds = posmatrix.example()
    monkeypatch.setattr(blockwise, "HUGE_VOICES", 5)  # the bundled voices are "huge" now
    monkeypatch.setattr(graph, "agreement_edges", None)  # the dense path would fail
    monkeypatch.setattr(graph, "layout", None)  # and so would the O(n²) layout
    fig = network(ds, metric="cityblock", threshold=0.75, ties=2)
    ax = fig.axes[0]
    want = neighbour_edges(ds, metric="cityblock", threshold=0.75, k=2, min_overlap=2)
    plane = posmatrix.embedding(ds).points  # the map's plane, centred and scaled
    xy = plane[["x", "y"]].to_numpy()
    xy = (xy - xy.mean(axis=0)) / np.ptp(xy, axis=0).max()
    at = dict(zip(plane.index, xy, strict=True))
    for kind in ("agree", "conflict"):
        (lines,) = [c for c in ax.collections if c.get_label() == kind]
        rows = want[want["kind"] == kind]
        segs = lines.get_segments()
        assert len(segs) == len(rows) > 0
        for seg, a, b in zip(segs, rows["voice_a"], rows["voice_b"], strict=True):
            assert np.allclose(seg, [at[a], at[b]], rtol=0, atol=1e-12)
    caption = ax.get_xlabel().replace("\n", " ")
    assert "2 nearest and 2 farthest voices sharing at least 2 issues only" in caption


def test_past_huge_voices_a_metric_without_neighbours_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from posmatrix import blockwise
    from posmatrix.errors import UsageError

    monkeypatch.setattr(blockwise, "HUGE_VOICES", 5)
    with pytest.raises(UsageError, match=r"got 'congruence': choose one of those"):
        network(posmatrix.example())
