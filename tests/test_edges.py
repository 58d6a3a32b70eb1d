"""posmatrix.edges: edges equal the thresholded agreement matrices."""

from __future__ import annotations

import pandas as pd
import pytest

import posmatrix
from posmatrix import UsageError
from posmatrix.edges import agreement_edges


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
