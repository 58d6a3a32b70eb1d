"""Issue spectra: each issue a line from the scale's minimum to its maximum, with every
voice placed at its stance — who stands where on each question."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import matplotlib as mpl
import numpy as np
import numpy.typing as npt

from ..errors import UsageError
from ..gapreport import issue_ranking
from ..matrix import HolderSpec, stance_matrix, voices
from ..model import AUTHOR, Dataset
from ._layout import axis_names, pin_labels, text_height
from ._style import (
    MUTED,
    camp_colour,
    camp_handles,
    new_axes,
    points,
    short,
    style,
    voice_camps,
    voice_kind_handles,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["spectrum"]

_BAND = 0.36  # half the height (in rows) a row's points may spread over
_HALF_WIDTH = 0.28  # half the width (in scale points) a stance's points may spread over


def _grid(
    values: npt.NDArray[np.float64], keys: npt.NDArray[np.int64], dx: float, dy: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Offsets (x in scale points, y in rows) that lay the voices sharing one stance out
    in a small centred grid, ``dx`` × ``dy`` apart, sorted by ``keys`` (camp, then input
    order): at most ``_BAND`` rows and ``_HALF_WIDTH`` points from the stance."""
    ox = np.zeros(len(values))
    oy = np.zeros(len(values))
    rows_max = max(1, int(2 * _BAND / dy) + 1)
    cols_max = max(1, int(2 * _HALF_WIDTH / dx) + 1)
    for v in np.unique(values):
        idx = np.flatnonzero(values == v)
        idx = idx[np.lexsort((idx, keys[idx]))]
        m = len(idx)
        cols = min(cols_max, -(-m // rows_max))
        rows = -(-m // cols)
        step_x = dx if cols <= cols_max else 2 * _HALF_WIDTH / (cols - 1)
        step_y = min(dy, 2 * _BAND / max(rows - 1, 1))
        r, c = np.divmod(np.arange(m), cols)
        ox[idx] = (c - (cols - 1) / 2) * step_x
        oy[idx] = (r - (rows - 1) / 2) * step_y
    return ox, oy


def spectrum(
    ds: Dataset,
    issues: Sequence[str] | None = None,
    *,
    holder: HolderSpec = None,
    ax: Axes | None = None,
    k: int | None = None,
) -> Figure:
    """Each issue as a line from the scale's minimum to its maximum, every voice on it.

    Parameters
    ----------
    ds : Dataset
    issues : sequence of str, optional
        Issue ids to show (default: every issue some voice addresses). Shown most
        contested first (the order of :func:`posmatrix.gaps`).
    holder : str, list of str, or None
        Which voices (default: every voice).
    ax : matplotlib Axes, optional
    k : int, optional
        Camps coloured, as in :func:`position_map` (the same colours).

    Returns
    -------
    matplotlib.figure.Figure
        The axes is labelled ``spectrum``; its points are one collection per issue and
        kind of voice, labelled ``issue:own`` or ``issue:reported``, in the voices'
        order, each within 0.3 scale points of its stance (voices sharing a stance are
        laid out in a small grid around it).

    Examples
    --------
    >>> import posmatrix
    >>> fig = spectrum(posmatrix.example(), ["ceasefire-first"])
    >>> sorted(c.get_label() for c in fig.axes[0].collections if c.get_label()[0] != "_")
    ['ceasefire-first:own', 'ceasefire-first:reported']
    """
    s = stance_matrix(ds, holder)
    ranked = issue_ranking(ds, holder)  # the order of gaps(ds, holder=holder).issues
    if issues is None:
        chosen = [i for i in ranked if s[i].notna().any()]
    else:
        wanted = [issues] if isinstance(issues, str) else list(issues)
        for i in wanted:
            if i not in ds.issues:
                import difflib

                close = difflib.get_close_matches(str(i), list(ds.issues), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise UsageError(f"unknown issue {i!r}{hint}")
        chosen = [i for i in ranked if i in set(wanted)]
    names = [str(v) for v in s.index]
    camp = voice_camps(ds, names, metric="cityblock", holder=holder, k=k)
    meta = voices(ds, holder).reindex(s.index)
    own = (meta["holder"] == AUTHOR).to_numpy()
    colours = np.array([camp_colour(camp.get(v, 0)) for v in names])
    scale = ds.scale
    n_i = len(chosen)
    with style():
        fig, ax = new_axes(ax, (10.0, 1.5 + 0.55 * max(n_i, 1)))
        if fig.axes == [ax]:
            fw, fh = fig.get_size_inches()
            ax.set_position((3.0 / fw, 0.75 / fh, 5.2 / fw, (fh - 1.35) / fh))
        ax.set_label("spectrum")
        lo, hi = scale.min, scale.max
        # limits first: with autoscaling off, each added artist does not re-autoscale
        # the axes over all artists so far (quadratic; most of this function's time)
        ax.set_ylim(n_i - 0.5, -0.5)
        ax.set_xlim(lo - 0.35, hi + 0.35)
        from matplotlib.collections import LineCollection

        # one collection each for the scale points' guides and the issues' lines: one
        # artist to build and draw instead of one per point and per issue
        ax.add_collection(
            LineCollection(
                [((p, -0.5), (p, n_i - 0.5)) for p in scale.points],
                colors="#EEEEEE",
                linewidths=0.8,
                zorder=0,
                label="_scale points",
            ),
            autolim=False,
        )
        ax.add_collection(
            LineCollection(
                [((lo, row), (hi, row)) for row in range(n_i)],
                colors="#BBBBBB",
                linewidths=1.2,
                capstyle="round",
                zorder=1,
                label="_issue lines",
            ),
            autolim=False,
        )
        n_v = len(names)
        size = 34.0 if n_v <= 60 else (12.0 if n_v <= 400 else 4.0)
        # marker spacing in data units: a diameter and a bit, from the axes' size
        bbox = ax.get_position()
        fw, fh = fig.get_size_inches()
        pt_x = bbox.width * fw * 72 / (hi - lo + 0.7)  # points per scale point
        pt_y = bbox.height * fh * 72 / max(n_i, 1)  # points per row
        gap = np.sqrt(size) + 1.5
        dx, dy = gap / pt_x, gap / pt_y
        keys = np.array(
            [camp.get(v, 0) * 2 + (0 if o else 1) for v, o in zip(names, own, strict=True)]
        )
        for row, issue in enumerate(chosen):
            col = s[issue].to_numpy(dtype=np.float64)
            has = ~np.isnan(col)
            ox, oy = np.zeros(len(col)), np.zeros(len(col))
            ox[has], oy[has] = _grid(col[has], keys[has], dx, dy)
            for kind, marker in ((True, "o"), (False, "^")):
                sel = has & (own == kind)
                if sel.any():
                    points(
                        ax,
                        col[sel] + ox[sel],
                        row + oy[sel],
                        s=size,
                        c=list(colours[sel]),
                        marker=marker,
                        edgecolors="white",
                        linewidths=0.5,
                        zorder=3,
                        alpha=0.9 if n_v <= 400 else 0.5,
                        label=f"{issue}:{'own' if kind else 'reported'}",
                    )
        ylabels = [f"{short(i, 44)}\n{short(ds.issues[i].proposition, 52, 2)}" for i in chosen]
        axis_names(ax, "y", range(n_i), ylabels, fontsize=6.8, linespacing=1.15)
        xlabels = [
            short(f"{p:+d} {scale.labels[j]}" if p else f"0 {scale.labels[j]}", 14, 2)
            for j, p in enumerate(scale.points)
        ]
        for side in ("top", "bottom"):
            axis_names(ax, "x", scale.points, xlabels, side=side, fontsize=7)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(
            f"Who stands where on each issue — {short(ds.title, 60)}",
            loc="left",
            fontsize=11,
            pad=26,
            y=1.0,  # given: placed once, not re-placed from the tick labels at every draw
        )
        handles = camp_handles(camp, size=6, unit="") + voice_kind_handles(size=6)
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            frameon=False,
            fontsize=7,
            title="camps (as on the map)",
            title_fontsize=7,
            alignment="left",
        )
        ax.set_xlabel(
            short(
                f"{n_i} issues, most contested first; each point a voice at its stance "
                "(voices sharing a stance are laid out around it, grouped by camp). A voice "
                "that does not address an issue is absent from its line.",
                100,
                3,
            ),
            fontsize=7.5,
            color=MUTED,
            loc="left",
        )
        lines = max((t.count("\n") + 1 for t in xlabels), default=1)
        pad = float(mpl.rcParams["xtick.major.pad"])  # as axis_names places them
        pin_labels(ax, below=pad + text_height(7, lines))
    return fig
