"""posmatrix.plot.spectra: every voice at its stance on every issue."""

from __future__ import annotations

import numpy as np
import pytest
from _plotdata import synthetic40

import posmatrix
from posmatrix import UsageError
from posmatrix.plot import spectrum
from posmatrix.plot._layout import axis_texts


@pytest.mark.parametrize("make", ["example", "synthetic40"])
def test_every_voice_at_its_stance_most_contested_first(make: str) -> None:
    ds = posmatrix.example() if make == "example" else synthetic40()
    s = posmatrix.stance_matrix(ds, None)
    fig = spectrum(ds)
    ax = fig.axes[0]
    assert ax.get_label() == "spectrum"
    ranked = [i for i in posmatrix.gaps(ds).issues.index if s[i].notna().any()]
    shown = [t.split("\n")[0] for t in axis_texts(ax, "y")]
    assert len(shown) == len(ranked)
    for label, issue in zip(shown, ranked, strict=True):  # long ids are cut with "…"
        assert label == issue or (label.endswith("…") and issue.startswith(label[:-1]))
    kinds = posmatrix.voices(ds)["holder"].reindex(s.index) == "author"
    for row, issue in enumerate(ranked):
        for kind in ("own", "reported"):
            col = s[issue][kinds if kind == "own" else ~kinds].dropna()
            coll = [c for c in ax.collections if c.get_label() == f"{issue}:{kind}"]
            if col.empty:
                assert not coll
                continue
            (points,) = coll
            xy = points.get_offsets()
            # each voice by its stance (voice order), laid out within .3 of it
            assert np.all(np.abs(xy[:, 0] - col.to_numpy()) <= 0.3)
            assert np.all(np.abs(xy[:, 1] - row) <= 0.37)  # on its issue's line
            # the layout keeps every voice nearer its own stance than any other point
            points = np.array(ds.scale.points, dtype=float)
            nearest = points[np.abs(xy[:, [0]] - points[None, :]).argmin(axis=1)]
            whole = col.to_numpy() == np.round(col.to_numpy())
            assert np.array_equal(nearest[whole], col.to_numpy()[whole])


def test_chosen_issues_and_unknown_issue() -> None:
    ds = posmatrix.example()
    fig = spectrum(ds, ["sanctions-relief", "ceasefire-first"])
    shown = [t.split("\n")[0] for t in axis_texts(fig.axes[0], "y")]
    ranked = [i for i in posmatrix.gaps(ds).issues.index if i in shown]
    assert shown == ranked
    assert len(shown) == 2
    with pytest.raises(UsageError, match="did you mean 'ceasefire-first'"):
        spectrum(ds, ["ceasefire-firs"])
