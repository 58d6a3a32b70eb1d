"""posmatrix.plot.heat: the clustered heatmap, checked cell by cell."""

from __future__ import annotations

import numpy as np
import pytest
from _plotdata import build, two_camps
from matplotlib.colors import Normalize

import posmatrix
from posmatrix.plot import heatmap
from posmatrix.plot._layout import axis_texts
from posmatrix.plot._style import NEUTRAL, OPPOSE, SUPPORT, agreement_cmap
from posmatrix.plot.heat import LARGE_HEATMAP


def _axes(fig, label):  # type: ignore[no-untyped-def]
    every = [*fig.axes, *(c for a in fig.axes for c in a.child_axes)]  # insets too
    return next(a for a in every if a.get_label() == label)


@pytest.mark.parametrize(("holder", "metric"), [(None, "cityblock"), ("author", "sign")])
def test_order_and_cells_equal_the_clustered_agreement(holder: str | None, metric: str) -> None:
    ds = posmatrix.example()
    fig = heatmap(ds, holder=holder, metric=metric)  # type: ignore[arg-type]
    ax = _axes(fig, "heatmap")
    want = posmatrix.agreement(ds, metric, holder=holder, order="cluster")  # type: ignore[arg-type]
    rows = axis_texts(ax, "y")
    cols = axis_texts(ax, "x")
    assert rows == [str(v) for v in want.index]
    assert cols == rows
    mesh = ax.collections[0]
    values = np.ma.getdata(mesh.get_array()).reshape(len(rows), len(rows))
    mask = np.ma.getmaskarray(mesh.get_array()).reshape(len(rows), len(rows))
    a = want.to_numpy().copy()
    np.fill_diagonal(a, np.nan)  # the diagonal is grey, as in the workbook
    assert (mask == np.isnan(a)).all()
    assert np.allclose(values[~mask], a[~mask])


def test_colours_are_the_workbooks() -> None:
    import posmatrix.briefing as b

    assert (OPPOSE, NEUTRAL, SUPPORT) == (b._OPPOSE, b._NEUTRAL, b._SUPPORT)
    cmap = agreement_cmap()
    assert np.allclose(cmap(0.0)[:3], np.array(OPPOSE) / 255)
    assert np.allclose(cmap(0.5)[:3], np.array(NEUTRAL) / 255, atol=0.01)
    assert np.allclose(cmap(1.0)[:3], np.array(SUPPORT) / 255)
    fig = heatmap(two_camps())
    mesh = _axes(fig, "heatmap").collections[0]
    norm = mesh.norm
    assert isinstance(norm, Normalize)
    assert (norm.vmin, norm.vmax) == (0.0, 1.0)  # 0 – 50% – 100% as in the workbook


def test_weak_cells_marked_and_dendrogram_has_n_minus_1_merges() -> None:
    # x and y share one issue, everyone else two or more
    ds = build(
        {
            "x": {"a": 2, "b": 2},
            "y": {"a": 1, "c": -2},
            "z": {"a": 2, "b": 1, "c": 1},
        }
    )
    fig = heatmap(ds, min_overlap=2)
    ax = _axes(fig, "heatmap")
    rows = axis_texts(ax, "y")
    dots = next(c for c in ax.collections if c.get_label() == "_weak")
    marked = {(rows[int(r - 0.5)], rows[int(c - 0.5)]) for c, r in dots.get_offsets()}
    assert marked == {("x", "y"), ("y", "x")}
    tree = _axes(fig, "dendrogram")
    assert len(tree.collections[0].get_segments()) == 2


def test_many_voices_show_camps_as_blocks() -> None:
    rng = np.random.default_rng(3)
    n = LARGE_HEATMAP + 20
    stances = {
        f"v{i:03d}": {f"i{j}": int(rng.integers(-2, 3)) for j in range(6) if rng.random() < 0.8}
        or {"i0": 0}
        for i in range(n)
    }
    fig = heatmap(build(stances))
    ax = _axes(fig, "heatmap")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels
    assert all(t.startswith(("camp ", "set aside (")) for t in labels)
    sizes = [int(t.split("(")[1].rstrip(")").replace(",", "")) for t in labels]
    assert sum(sizes) <= n
    assert "camps" in ax.get_xlabel()


def _many(n: int, seed: int) -> posmatrix.Dataset:
    rng = np.random.default_rng(seed)
    return build(
        {
            f"v{i:03d}" + ("/act" if i % 7 == 0 else ""): {
                f"i{j}": int(rng.integers(-2, 3)) for j in range(6) if rng.random() < 0.8
            }
            or {"i0": 0}
            for i in range(n)
        }
    )


def _block_values(fig):  # type: ignore[no-untyped-def]
    mesh = _axes(fig, "heatmap").collections[0]
    return np.ma.getdata(mesh.get_array()).ravel(), np.ma.getmaskarray(mesh.get_array()).ravel()


@pytest.mark.parametrize("metric", ["cityblock", "sign"])
def test_past_huge_voices_the_blocks_equal_the_dense_blocks(
    metric: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posmatrix import blockwise
    from posmatrix.plot import heat

    ds = _many(LARGE_HEATMAP + 20, seed=4)
    dense_values, dense_mask = _block_values(heatmap(ds, metric=metric))  # type: ignore[arg-type]
    # the reference, by the test's own loop over camp pairs on the dense matrix
    cp = posmatrix.camps(ds, 12, metric=metric)  # type: ignore[arg-type]
    camp = cp.assignment["camp"]
    seq = list(dict.fromkeys(int(camp[v]) for v in cp.order))
    a = posmatrix.agreement(ds, metric).loc[camp.index, camp.index].to_numpy().copy()  # type: ignore[arg-type]
    np.fill_diagonal(a, np.nan)
    want = np.array(
        [[np.nanmean(a[np.ix_(camp == g, camp == h)]) for h in seq] for g in seq]
    ).ravel()
    # the blocks are in average-linkage order of their means: compare as sorted values,
    # the diagonal (within each camp) as its own set
    assert np.allclose(np.sort(dense_values), np.sort(want), rtol=0, atol=1e-12)
    diagonal = dense_values.reshape(len(seq), len(seq)).diagonal()
    assert np.allclose(
        np.sort(diagonal), np.sort(want.reshape(len(seq), len(seq)).diagonal()), atol=1e-12
    )
    monkeypatch.setattr(blockwise, "HUGE_VOICES", 100)  # no voices x voices matrix now
    monkeypatch.setattr(heat, "agreement", None)  # the dense path would fail now
    huge_values, huge_mask = _block_values(heatmap(ds, metric=metric))  # type: ignore[arg-type]
    assert np.array_equal(huge_mask, dense_mask)
    assert np.allclose(huge_values, dense_values, rtol=0, atol=1e-12)
    assert len(seq) ** 2 == len(huge_values) == 13**2  # 12 camps and the voices set aside


def test_past_huge_voices_a_metric_without_a_blockwise_form_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from posmatrix import blockwise
    from posmatrix.errors import UsageError

    monkeypatch.setattr(blockwise, "HUGE_VOICES", 2)
    with pytest.raises(UsageError, match="--metric cityblock"):
        heatmap(two_camps(), metric="pearson")
