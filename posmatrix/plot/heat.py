"""The clustered agreement heatmap with its dendrogram, in the workbook's palette."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt

from ..analysis import (
    Metric,
    _distances,
    _leaf_order,
    _upgma,
    agreement,
    camps,
    overlap,
)
from ..blockwise import dense_fits, group_agreement
from ..matrix import HolderSpec, stance_matrix
from ..model import Dataset
from ._layout import axis_names, pin_labels, text_width
from ._style import (
    MUTED,
    agreement_cmap,
    new_axes,
    points,
    short,
    short_voice,
    style,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["LARGE_HEATMAP", "heatmap"]

LARGE_HEATMAP: Final = 300
"""Past this many voices the heatmap shows camps as blocks instead of voices."""

_BLOCKS: Final = 12  # camps shown as blocks
F64 = npt.NDArray[np.float64]


def _range(metric: str) -> tuple[float, float, bool]:
    """(vmin, vmax, reversed colours) of a metric's colour scale."""
    if metric in ("subtract", "pearson", "spearman", "kappa"):
        return -1.0, 1.0, False
    return 0.0, 1.0, metric == "conflict"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _tree_lines(
    merges: list[tuple[int, int, float]], pos: dict[int, float]
) -> list[list[tuple[float, float]]]:
    """U-shaped segments (height, position) of a dendrogram from UPGMA merges."""
    parent = list(range(len(pos)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    where = dict(pos)  # root -> (position)
    height = dict.fromkeys(pos, 0.0)
    lines = []
    for a, b, h in merges:
        ra, rb = find(a), find(b)
        pa, pb, ha, hb = where[ra], where[rb], height[ra], height[rb]
        lines.append([(ha, pa), (h, pa), (h, pb), (hb, pb)])
        parent[rb] = ra
        where[ra] = (pa + pb) / 2
        height[ra] = h
    return lines


def heatmap(
    ds: Dataset,
    *,
    metric: Metric = "cityblock",
    holder: HolderSpec = None,
    ax: Axes | None = None,
    min_overlap: int = 2,
) -> Figure:
    """Agreement between voices in clustered order, with the dendrogram.

    Parameters
    ----------
    ds : Dataset
    metric : str
        Agreement metric (default ``cityblock``, as in the workbook).
    holder : str, list of str, or None
        Which voices (default: every voice).
    ax : matplotlib Axes, optional
        Draw into this axes (the dendrogram goes in an inset to its left).
    min_overlap : int
        Cells resting on fewer shared issues are marked with a dot (default 2: a
        score resting on a single issue is marked).

    Returns
    -------
    matplotlib.figure.Figure
        The heatmap axes is labelled ``heatmap`` (rows and columns in the order of
        ``posmatrix.agreement(ds, metric, holder=holder, order="cluster")``), the
        dendrogram ``dendrogram``.

    Notes
    -----
    Colours: the workbook's red – white – blue scale (0 – 50% – 100% agreement;
    −1 – 0 – 1 for the signed metrics; reversed for ``conflict``). Grey: no shared
    issue (or the voice itself, on the diagonal). Past :data:`LARGE_HEATMAP` voices the
    voices are grouped into camps and each block shows the mean agreement between two
    camps' voices.

    Examples
    --------
    >>> import posmatrix
    >>> fig = heatmap(posmatrix.example(), holder="author")
    >>> from posmatrix.plot._layout import axis_texts
    >>> axis_texts(fig.axes[0], "y")[:2]
    ['no-nato-key', 'russia-guarantees-too']
    """
    n = len(stance_matrix(ds, holder))
    if not dense_fits(n):  # past HUGE_VOICES: the blocks summed without the n × n matrix
        return _blocks(ds, metric=metric, holder=holder, ax=ax, values=None)
    agr = agreement(ds, metric, holder=holder)
    if n > LARGE_HEATMAP:
        return _blocks(ds, metric=metric, holder=holder, ax=ax, values=agr.to_numpy())
    values = agr.to_numpy(dtype=np.float64)
    merges = _upgma(_distances(values, metric, "average")) if n > 1 else []
    leaves = _leaf_order(n, merges) if n else []
    labels = [str(agr.index[i]) for i in leaves]
    a = values[np.ix_(leaves, leaves)] if n else np.zeros((0, 0))
    o = overlap(ds, holder=holder).to_numpy()[np.ix_(leaves, leaves)] if n else np.zeros((0, 0))
    vmin, vmax, rev = _range(metric)
    with style():
        side = min(max(3.0 + n * 0.16, 5.5), 12.0)
        cell_pt = side * 72 / max(n, 1)
        fs = min(max(cell_pt * 0.75, 4.0), 8.0)
        label_in = (max((len(short_voice(v, 40)) for v in labels), default=4) * 0.56 * fs + 6) / 72
        left, right, top, bottom = 1.3, label_in + 0.3, 1.2, label_in + 0.75
        fig, ax = new_axes(ax, (left + side + right, top + side + bottom))
        if fig.axes == [ax]:
            fw, fh = fig.get_size_inches()
            ax.set_position((left / fw, bottom / fh, side / fw, side / fh))
        ax.set_label("heatmap")
        shown = np.array(a, dtype=np.float64)
        np.fill_diagonal(shown, np.nan)
        cmap = agreement_cmap(rev)
        mesh = ax.pcolormesh(
            np.arange(n + 1),
            np.arange(n + 1),
            np.ma.masked_invalid(shown),
            cmap=cmap,
            vmin=vmin,
            vmax=vmax,
            edgecolors="white" if n <= 60 else "face",
            linewidth=0.3 if n <= 60 else 0.0,
        )
        ax.set_facecolor("#D9D9D9")
        ax.set_xlim(0, max(n, 1))
        ax.set_ylim(max(n, 1), 0)
        weak = (o > 0) & (o < min_overlap)
        np.fill_diagonal(weak, False)
        if weak.any():
            rows, cols = np.nonzero(weak)
            points(
                ax,
                cols + 0.5,
                rows + 0.5,
                s=max(min(cell_pt * 0.3, 9.0), 1.0),
                c="#333333",
                marker="o",
                linewidths=0,
                label="_weak",
            )
        step = max(1, math.ceil(4.0 / max(cell_pt, 1e-9)))
        ticks = np.arange(0, n, step)
        names = [short_voice(labels[i], 40) for i in ticks]
        axis_names(ax, "x", ticks + 0.5, names, pad=2, fontsize=fs, rotation=90)
        axis_names(ax, "y", ticks + 0.5, names, side="right", pad=2, fontsize=fs)
        for spine in ax.spines.values():
            spine.set_visible(False)
        tree = ax.inset_axes((-1.0 / side * 1.2, 0.0, 1.1 / side, 1.0))
        tree.set_label("dendrogram")
        from matplotlib.collections import LineCollection

        pos = {leaf: k + 0.5 for k, leaf in enumerate(leaves)}
        tree.add_collection(LineCollection(_tree_lines(merges, pos), colors=MUTED, linewidths=0.7))
        tree.set_ylim(max(n, 1), 0)
        top_h = max((h for *_, h in merges), default=1.0) or 1.0
        tree.set_xlim(top_h * 1.02, 0)
        tree.axis("off")
        bar = ax.inset_axes((0.0, 1 + 0.12 / side, min(0.3, 3.0 / side), 0.12 / side))
        cb = fig.colorbar(mesh, cax=bar, orientation="horizontal")
        cb.ax.tick_params(labelsize=6.5, length=2, pad=1)
        cb.ax.xaxis.set_ticks_position("top")
        cb.outline.set_visible(False)
        if vmin == 0.0:
            cb.set_ticks([0, 0.5, 1], labels=["0%", "50%", "100%"])
        ax.set_title(  # above the colour bar (its ticks reach 0.4 in above the cells)
            f"Who agrees with whom — {short(ds.title, 60)}",
            loc="left",
            fontsize=11,
            y=1 + 0.5 / side,
            pad=0,
        )
        note = (
            f"{metric} agreement of {n} voices, clustered (average linkage on 1 − agreement; "
            "the tree at left). Grey: no shared issue."
        )
        if weak.any():
            note += f" Dot: the score rests on fewer than {min_overlap} shared issues."
        if step > 1:
            note += f" Every {step}th voice named."
        ax.set_xlabel(short(note, 110, 3), fontsize=7.5, color=MUTED, loc="left", labelpad=6)
        ax.xaxis.set_label_position("bottom")
        pin_labels(ax, below=2 + text_width(names, fs))  # under the names, as they are long
    return fig


def _blocks(
    ds: Dataset, *, metric: Metric, holder: HolderSpec, ax: Axes | None, values: F64 | None
) -> Figure:
    """Camps as blocks: mean agreement between the voices of two camps (``values``: the
    dense agreement matrix; None: summed without it, past ``HUGE_VOICES``)."""
    labels = stance_matrix(ds, holder).index
    n = len(labels)
    k = min(_BLOCKS, n)
    cp = camps(ds, k, metric=metric, holder=holder)
    camp_of = cp.assignment["camp"].to_numpy()
    index = {str(v): i for i, v in enumerate(cp.assignment.index)}
    seq: list[int] = []
    for v in cp.order:  # camps in dendrogram order
        c = int(camp_of[index[v]])
        if c not in seq:
            seq.append(c)
    ind = (camp_of[:, None] == np.array(seq)[None, :]).astype(np.float64)
    if values is None:  # row block by row block, the same scores (blockwise.py)
        block_of = {c: b for b, c in enumerate(seq)}
        group = np.array([block_of[int(camp_of[index[str(v)]])] for v in labels])
        sums, counts = group_agreement(ds, group, len(seq), metric, holder=holder)
    else:
        a = np.array(values, dtype=np.float64)
        np.fill_diagonal(a, np.nan)
        defined = ~np.isnan(a)
        sums = ind.T @ np.where(defined, a, 0.0) @ ind
        counts = ind.T @ defined.astype(np.float64) @ ind
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(counts > 0, sums / counts, np.nan)
    if len(seq) > 2:  # similar camps side by side: average linkage of the blocks' means
        leaves = _leaf_order(len(seq), _upgma(_distances(mean.copy(), metric, "average")))
        seq, ind, mean = [seq[i] for i in leaves], ind[:, leaves], mean[np.ix_(leaves, leaves)]
    sizes = ind.sum(axis=0)
    edges = np.concatenate([[0.0], np.cumsum(sizes)])
    vmin, vmax, rev = _range(metric)
    with style():
        fig, ax = new_axes(ax, (9.0, 8.6))
        if fig.axes == [ax]:
            ax.set_position((0.08, 0.2, 0.68, 0.68))
        ax.set_label("heatmap")
        mesh = ax.pcolormesh(
            edges,
            edges,
            np.ma.masked_invalid(mean),
            cmap=agreement_cmap(rev),
            vmin=vmin,
            vmax=vmax,
            edgecolors="white",
            linewidth=1.0,
        )
        ax.set_facecolor("#D9D9D9")
        ax.set_xlim(0, edges[-1])
        ax.set_ylim(edges[-1], 0)
        mids = (edges[:-1] + edges[1:]) / 2
        names = [
            f"camp {c} ({int(s):,})" if c else f"set aside ({int(s):,})"
            for c, s in zip(seq, sizes, strict=True)
        ]
        big = sizes >= edges[-1] * 0.02  # name blocks tall enough to hold a label
        ax.set_xticks(
            mids[big], [nm for nm, b in zip(names, big, strict=True) if b], rotation=90, fontsize=7
        )
        ax.set_yticks(mids[big], [nm for nm, b in zip(names, big, strict=True) if b], fontsize=7)
        ax.yaxis.tick_right()
        ax.tick_params(length=0)
        for i in range(len(seq)):
            for j in range(len(seq)):
                if big[i] and big[j] and not np.isnan(mean[i, j]):
                    ax.text(
                        mids[j],
                        mids[i],
                        f"{mean[i, j]:.0%}" if vmin == 0 else f"{mean[i, j]:.2f}",
                        ha="center",
                        va="center",
                        fontsize=6.5,
                        color="#222222",
                    )
        cb = fig.colorbar(
            mesh, cax=ax.inset_axes((0.0, 1.02, 0.3, 0.025)), orientation="horizontal"
        )
        cb.ax.tick_params(labelsize=6.5, length=2, pad=1)
        cb.ax.xaxis.set_ticks_position("top")
        if vmin == 0.0:
            cb.set_ticks([0, 0.5, 1], labels=["0%", "50%", "100%"])
        ax.set_title(  # above the colour bar
            f"Who agrees with whom — {short(ds.title, 60)}", loc="left", fontsize=11, y=1.09, pad=0
        )
        ax.set_xlabel(
            short(
                f"{n:,} voices are too many to show one by one: {sum(1 for c in seq if c)} "
                "camps (k-means of the stances, posmatrix.camps"
                + ("; camp 0: the voices set aside" if 0 in seq else "")
                + "), each block as wide as its camp, similar camps side by side (average "
                "linkage of the blocks); a block shows the mean agreement between the two "
                "camps' voices (the diagonal: within the camp)."
                + (
                    f" {_count(int((~big).sum()), 'block')} under 2% of the voices "
                    + (
                        "is a thin unnamed strip."
                        if (~big).sum() == 1
                        else "are thin unnamed strips."
                    )
                    if (~big).any()
                    else ""
                ),
                110,
                4,
            ),
            fontsize=7.5,
            color=MUTED,
            loc="left",
        )
    return fig
