"""The agreement network: voices as nodes, agreement and conflict as two kinds of edge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from .. import blockwise
from ..analysis import Metric
from ..blockwise import dense_fits
from ..edges import NETWORK_TIES, agreement_edges, conflict_rule, neighbour_edges
from ..errors import UsageError
from ..geometry import embedding
from ..matrix import HolderSpec, stance_matrix
from ..model import AUTHOR, Dataset
from ..nearest import TOP_METRICS
from ._labels import place_labels
from ._layout import pin_labels
from ._style import (
    INK,
    MUTED,
    OPPOSE,
    SUPPORT,
    camp_colour,
    camp_handles,
    new_axes,
    points,
    rgb,
    short,
    short_voice,
    style,
    voice_camps,
    voice_kind_handles,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["HUGE_OVERLAP", "layout", "network"]

HUGE_OVERLAP: Final = 2
"""Past ``HUGE_VOICES`` voices a voice's nearest and farthest voices are those sharing at
least 2 issues with it: on one shared issue a score is 0 or 1 by chance of coverage, and
sparse voices would become hubs everyone is "nearest" to."""

F64 = npt.NDArray[np.float64]


def layout(start: F64, i: npt.NDArray[np.int64], j: npt.NDArray[np.int64], w: F64) -> F64:
    """A force-directed layout (Fruchterman and Reingold 1991) seeded with ``start``:
    edges (i, j) of weight w pull, every pair pushes. No randomness: the same input
    gives the same layout."""
    n = len(start)
    x = np.array(start, dtype=np.float64)
    if n < 2:
        return x
    span = float(np.ptp(x, axis=0).max()) or 1.0
    x = x / span  # unit box
    k = 0.9 / np.sqrt(n)  # ideal distance
    temp = 0.08
    for _ in range(80):
        delta = x[:, None, :] - x[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2))
        np.fill_diagonal(dist, 1.0)
        dist = np.maximum(dist, 1e-3)
        push = (k * k / dist**2)[:, :, None] * delta
        np.einsum("iik->ik", push)[:] = 0.0
        force = push.sum(axis=1)
        if len(i):
            d = x[i] - x[j]
            length = np.sqrt((d**2).sum(axis=1))[:, None]
            pull = d * length / k * w[:, None]
            np.add.at(force, i, -pull)
            np.add.at(force, j, pull)
        force -= 0.05 * x  # a weak pull to the centre keeps loose voices in view
        size = np.sqrt((force**2).sum(axis=1))[:, None]
        x += force / np.maximum(size, 1e-12) * np.minimum(size, temp)
        temp *= 0.95
    out: F64 = x - x.mean(axis=0)
    return out


def network(
    ds: Dataset,
    *,
    metric: Metric = "congruence",
    threshold: float = 0.5,
    holder: HolderSpec = None,
    ax: Axes | None = None,
    k: int | None = None,
    labels: bool = True,
    ties: int = NETWORK_TIES,
) -> Figure:
    """Voices as nodes, agreement above ``threshold`` as edges, conflict as a second kind.

    Parameters
    ----------
    ds : Dataset
    metric : str
        Default ``congruence`` (the Discourse Network Analyzer's, average-normalized).
    threshold : float
        Edge threshold; the edges are exactly :func:`posmatrix.edges.agreement_edges`.
    holder : str, list of str, or None
        Which voices (default: every voice).
    ax : matplotlib Axes, optional
    k : int, optional
        Camps coloured, as in :func:`position_map`.
    labels : bool
        Name the nodes where the names fit.
    ties : int, default :data:`posmatrix.edges.NETWORK_TIES` (3)
        Past :data:`posmatrix.blockwise.HUGE_VOICES` voices only: the edges are each
        voice's ties to its ``ties`` nearest and ``ties`` farthest voices among those
        sharing at least :data:`HUGE_OVERLAP` (2) issues with it
        (:func:`posmatrix.edges.neighbour_edges`).

    Returns
    -------
    matplotlib.figure.Figure
        The axes is labelled ``network``; its edge collections are labelled ``agree``
        and ``conflict``, one segment per edge in the order of ``agreement_edges``.

    Notes
    -----
    The layout starts from the position map's coordinates (cityblock) and relaxes
    them by a seeded force-directed layout, so it is the same every run and reads
    like the map.

    Past :data:`posmatrix.blockwise.HUGE_VOICES` voices (30,000; or sooner where the
    dense matrix would pass ``POSMATRIX_MAX_MEMORY``) no voices × voices matrix is
    built: the edges are :func:`posmatrix.edges.neighbour_edges` — the thresholded
    ties of each voice to its ``ties`` nearest and farthest voices sharing at least
    :data:`HUGE_OVERLAP` issues with it (``min_overlap=2``), so the network
    shows only those, a subset of :func:`~posmatrix.edges.agreement_edges` — for the
    metrics ``exact``, ``sign`` and ``cityblock``; the layout is the position map's
    plane (the camp space), not relaxed.

    Examples
    --------
    >>> import posmatrix
    >>> fig = network(posmatrix.example(), threshold=0.6)
    >>> sorted(c.get_label() for c in fig.axes[0].collections)
    ['_own', '_reported', 'agree', 'conflict']
    """
    n = len(stance_matrix(ds, holder))
    huge = not dense_fits(n)
    if huge:  # no voices × voices matrix: each voice's nearest and farthest, the map's plane
        if metric not in TOP_METRICS:
            raise UsageError(
                f"past {blockwise.HUGE_VOICES:,} voices (posmatrix.blockwise.HUGE_VOICES) the "
                "network takes each voice's nearest and farthest voices, computed for the "
                f"metrics {', '.join(TOP_METRICS)} only; got {metric!r}: choose one of those "
                "(--metric cityblock), or fewer voices with --holder"
            )
        edges = neighbour_edges(  # a "nearest" voice on one shared issue is noise
            ds, metric=metric, threshold=threshold, k=ties, holder=holder, min_overlap=HUGE_OVERLAP
        )
        pts = embedding(ds, method="camps", holder=holder).points
    else:
        edges = agreement_edges(ds, metric=metric, threshold=threshold, holder=holder)
        pts = embedding(ds, method="smacof", holder=holder).points
    names = [str(v) for v in pts.index]
    pos_of = {v: p for p, v in enumerate(names)}
    ei = np.array([pos_of[v] for v in edges["voice_a"]], dtype=np.int64)
    ej = np.array([pos_of[v] for v in edges["voice_b"]], dtype=np.int64)
    agree = (edges["kind"] == "agree").to_numpy()
    xy = pts[["x", "y"]].to_numpy(dtype=np.float64)
    if huge:  # the map's plane as it is (the force layout pushes every pair: O(n²))
        span = float(np.ptp(xy, axis=0).max()) if n else 1.0
        xy = (xy - xy.mean(axis=0)) / (span or 1.0) if n else xy
    else:
        xy = layout(
            xy,
            ei[agree],
            ej[agree],
            np.clip(edges["score"].to_numpy(dtype=np.float64)[agree], 0.05, None),
        )
    camp = voice_camps(ds, names, metric="cityblock", holder=holder, k=k)
    own = (pts["holder"] == AUTHOR).to_numpy()
    issues = pts["issues"].to_numpy(dtype=np.float64)
    area = 14.0 + 80.0 * issues / max(float(issues.max(initial=1.0)), 1.0)
    if n > 150:
        area = area / 4
    if huge:  # tens of thousands of points: dots, not discs
        area = area / 8
    with style():
        fig, ax = new_axes(ax, (9.0, 7.2))
        if fig.axes == [ax]:
            ax.set_position((0.02, 0.12, 0.72, 0.80))
        ax.set_label("network")
        pad = 0.12
        lo = xy.min(axis=0) - pad if n else np.array([-1.0, -1.0])
        hi = xy.max(axis=0) + pad if n else np.array([1.0, 1.0])
        bbox = ax.get_position()
        fw, fh = fig.get_size_inches()
        aspect = (bbox.height * fh) / max(bbox.width * fw, 1e-9)
        half = max(float(hi[0] - lo[0]), float(hi[1] - lo[1]) / aspect) / 2
        c = (lo + hi) / 2
        ax.set_xlim(c[0] - half, c[0] + half)
        ax.set_ylim(c[1] - half * aspect, c[1] + half * aspect)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        score = edges["score"].to_numpy(dtype=np.float64)
        for kind, colour, style_ in (("agree", SUPPORT, "solid"), ("conflict", OPPOSE, "dashed")):
            sel = (edges["kind"] == kind).to_numpy()
            segs = (
                np.stack([xy[ei[sel]], xy[ej[sel]]], axis=1) if sel.any() else np.zeros((0, 2, 2))
            )
            s = np.abs(score[sel])
            ax.add_collection(
                LineCollection(
                    list(segs),
                    colors=[rgb(colour)],
                    linewidths=(0.4 + 1.8 * np.clip(s, 0, 1)) * (0.25 if huge else 1.0),
                    linestyles=style_,
                    alpha=max(0.012, min(0.15, 800.0 / max(len(segs), 1))) if huge else 0.55,
                    zorder=1,
                    label=kind,
                )
            )
        colours = [camp_colour(camp.get(v, 0)) for v in names]
        for is_own, marker in ((True, "o"), (False, "^")):
            sel = own == is_own
            if sel.any():
                points(
                    ax,
                    xy[sel, 0],
                    xy[sel, 1],
                    s=area[sel],
                    c=[colours[i] for i in np.flatnonzero(sel)],
                    marker=marker,
                    edgecolors="none" if huge else "white",
                    linewidths=0.0 if huge else 0.6,
                    alpha=0.35 if huge else None,  # the ties show through the crowd
                    zorder=3,
                    label="_own" if is_own else "_reported",
                )
        if labels and n:
            place_labels(
                ax,
                xy[:, 0],
                xy[:, 1],
                [short_voice(v, 34) for v in names],
                radius=np.sqrt(area) / 2,
                priority=issues,
                fontsize=6.5 if n <= 60 else 5.0,
                color=INK,
            )
        n_agree, n_clash = int(agree.sum()), int((~agree).sum())
        rule = conflict_rule(metric).replace("threshold", f"{threshold:g}")
        ax.set_title(f"Who sides with whom — {short(ds.title, 60)}", loc="left", fontsize=11, y=1.0)
        ax.set_xlabel(
            short(
                f"{n:,} voices; {n_agree:,} agreement ties ({metric} > {threshold:g}, solid blue) "
                f"and {n_clash:,} conflict ties ({rule}, dashed red); line "
                "width grows with the score. "
                + (
                    f"Too many voices for every tie: each voice's ties to its {ties} nearest "
                    f"and {ties} farthest voices sharing at least {HUGE_OVERLAP} issues only. "
                    "Layout: the position map's plane (the camp space). Colour: camp."
                    if huge
                    else "Layout: the position map relaxed by a seeded force-directed layout "
                    "(Fruchterman–Reingold). Colour: camp."
                ),
                120,
                4 if huge else 3,
            ),
            fontsize=7.5,
            color=MUTED,
            loc="left",
        )
        pin_labels(ax)  # no tick labels under the axes
        handles = [
            *camp_handles(camp),
            Line2D([], [], color=rgb(SUPPORT), lw=1.5, label="agree"),
            Line2D([], [], color=rgb(OPPOSE), lw=1.5, ls="--", label="conflict"),
            *voice_kind_handles(),
        ]
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            frameon=False,
            fontsize=7.5,
            alignment="left",
        )
    return fig
