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
