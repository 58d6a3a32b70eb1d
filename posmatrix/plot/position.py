"""The position map: every voice a point in the plane its camps are found in, issues as
arrows."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ..analysis import Metric
from ..geometry import Embedding, EmbeddingMethod, embedding
from ..matrix import HolderSpec
from ..model import AUTHOR, Dataset
from ._labels import place_labels
from ._layout import pin_labels
from ._style import (
    INK,
    MUTED,
    OTHER,
    camp_colour,
    camp_handles,
    new_axes,
    points,
    short,
    short_voice,
    style,
    voice_camps,
    voice_kind_handles,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["MAX_ARROWS", "position_map"]

MAX_ARROWS = 8
"""At most this many issues are drawn as arrows (those the map fits best)."""

_MIN_FIT = 0.5  # an issue fitting the map worse than R = .5 gets no arrow


def _arrows(emb: Embedding) -> list[tuple[str, float, float, float]]:
    """(issue, dx, dy, R) of the issues drawn, best fitting first."""
    iss = emb.issues
    ok = iss[(iss["r"] >= _MIN_FIT) & (iss["voices"] >= 4)]
    ok = ok.assign(_pos=np.arange(len(ok))).sort_values(
        ["r", "voices", "_pos"], ascending=[False, False, True]
    )
    return [
        (str(i), float(row["x"]), float(row["y"]), float(row["r"]))
        for i, row in ok.head(MAX_ARROWS).iterrows()
    ]


def position_map(
    ds: Dataset,
    *,
    holder: HolderSpec = None,
    metric: Metric = "cityblock",
    ax: Axes | None = None,
    k: int | None = None,
    labels: bool = True,
    method: EmbeddingMethod = "camps",
) -> Figure:
    """Every voice as a point in 2-D: the plane its camps are found in.

    Parameters
    ----------
    ds : Dataset
    holder : str, list of str, or None
        Which voices (default: every voice).
    metric : str
        Agreement metric of the distances of ``method="smacof"`` (default
        ``cityblock``); checked, but unused by the camps and their plane.
    ax : matplotlib Axes, optional
        Draw into this axes (its figure is returned); default: a new figure.
    k : int, optional
        Number of camps coloured (:func:`posmatrix.camps`); default 3 (2 with fewer
        than 6 voices, 6 past 300 voices).
    labels : bool
        Name the points (those whose label would collide are left unnamed).
    method : {"camps", "smacof"}
        The plane (:func:`posmatrix.embedding`): ``"camps"`` (default) draws the first
        two axes of :func:`posmatrix.camp_space`, where the coloured camps are found;
        ``"smacof"`` the older map where distance reflects disagreement.

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    The coordinates are :func:`posmatrix.embedding`: by default the camp space's
    first two axes, so each voice sits where :func:`posmatrix.camps` placed it and the
    colours are camps of this very geometry; the share of the variance the two axes
    carry is given under the map (for ``"smacof"``: stress-1). Colour = camp; hollow
    grey = a voice the camps set aside (too few positions, or only neutral ones),
    projected onto the same axes; filled circle = a source's own stance, triangle = a
    position the source reports for an actor; marker area grows with the number of
    issues the voice addresses. Arrows: the issues the map fits best
    (multiple correlation R ≥ .5 over at least 4 voices): stances rise in the arrow's
    direction, its length is R.

    Examples
    --------
    >>> import posmatrix
    >>> from posmatrix.plot import position_map
    >>> fig = position_map(posmatrix.example())
    >>> fig.axes[0].get_label()
    'map'
    """
    emb = embedding(ds, method=method, metric=metric, holder=holder)
    pts = emb.points
    n = len(pts)
    names = [str(v) for v in pts.index]
    camp = voice_camps(ds, names, metric=metric, holder=holder, k=k)
    with style():
        fig, ax = new_axes(ax, (9.0, 7.2))
        if not fig.axes or fig.axes == [ax]:
            ax.set_position((0.02, 0.13, 0.70, 0.80))
        ax.set_label("map")
        x = pts["x"].to_numpy(dtype=np.float64)
        y = pts["y"].to_numpy(dtype=np.float64)
        issues = pts["issues"].to_numpy(dtype=np.float64)
        big = max(float(issues.max(initial=1.0)), 1.0)
        base, extra = (14.0, 90.0) if n <= 150 else (4.0, 20.0)
        area = base + extra * issues / big
        crowd = n > 5000  # a cloud: small dots without edges, faint enough to show density
        if crowd:
            area = area / 4
        own = (pts["holder"] == AUTHOR).to_numpy() if "holder" in pts else np.ones(n, bool)
        colours = np.array([camp_colour(camp.get(v, 0)) for v in names])
        aside = np.array([camp.get(v, 0) == 0 for v in names], dtype=bool)
        reach = float(np.hypot(x, y).max(initial=0.0)) or 1.0
        arrows = _arrows(emb)
        # limits: the points and arrow tips, padded, in the axes' aspect (equal units)
        bbox = ax.get_position()
        fw, fh = fig.get_size_inches()
        aspect = (bbox.height * fh) / max(bbox.width * fw, 1e-9)
        span_x = max(float(np.ptp(x)) if n else 0.0, 2 * 0.9 * reach if arrows else 0.0, 0.1)
        span_y = max(float(np.ptp(y)) if n else 0.0, 2 * 0.9 * reach if arrows else 0.0, 0.1)
        cx = (float(x.max() + x.min()) / 2) if n else 0.0
        cy = (float(y.max() + y.min()) / 2) if n else 0.0
        if arrows:
            cx, cy = 0.0, 0.0
        half_w = max(span_x, span_y / aspect) * 0.5 * 1.18
        ax.set_xlim(cx - half_w, cx + half_w)
        ax.set_ylim(cy - half_w * aspect, cy + half_w * aspect)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_color("#CCCCCC")
        ax.axhline(0, color="#EEEEEE", lw=0.8, zorder=0)
        ax.axvline(0, color="#EEEEEE", lw=0.8, zorder=0)
        alpha = 0.9 if n <= 300 else 0.35 if crowd else 0.6
        for kind, marker in ((True, "o"), (False, "^")):
            sel = (own == kind) & ~aside
            if sel.any():
                points(
                    ax,
                    x[sel],
                    y[sel],
                    s=area[sel] * (1.0 if kind else 1.15),
                    c=list(colours[sel]),
                    marker=marker,
                    edgecolors="none" if crowd else "white",
                    linewidths=0.0 if crowd else 0.6,
                    alpha=alpha,
                    zorder=3,
                    label="_own" if kind else "_reported",
                )
        for kind, marker in ((True, "o"), (False, "^")):  # set aside: hollow grey, below
            sel = (own == kind) & aside
            if sel.any():
                points(
                    ax,
                    x[sel],
                    y[sel],
                    s=area[sel] * (1.0 if kind else 1.15),
                    c="none",
                    marker=marker,
                    edgecolors=OTHER,
                    linewidths=0.9,
                    alpha=alpha,
                    zorder=2.5,
                    label="_own_aside" if kind else "_reported_aside",
                )
        tips = [(dx * 0.9 * reach, dy * 0.9 * reach) for _, dx, dy, _ in arrows]
        shown = set(range(len(arrows)))
        if labels:
            fs = 6.5 if n <= 60 else (5.5 if n <= 300 else 5.0)
            texts = [short(i, 34) for i, *_ in arrows] + [short_voice(v, 34) for v in names]
            placed = place_labels(
                ax,
                np.array([t[0] for t in tips] + list(x)),
                np.array([t[1] for t in tips] + list(y)),
                texts,
                radius=np.array([2.0] * len(arrows) + list(np.sqrt(area) / 2)),
                priority=np.array([1e9 + a[3] for a in arrows] + list(issues)),
                fontsize=[7.0] * len(arrows) + [fs] * n,
                color=["#555555"] * len(arrows) + [INK] * n,
                max_labels=len(arrows) + 400,
            )
            shown = {i for i in placed if i < len(arrows)}  # no arrow without its name
        for j, (ex, ey) in enumerate(tips):
            if j in shown:
                ax.annotate(
                    "",
                    (ex, ey),
                    xytext=(0, 0),
                    arrowprops={"arrowstyle": "->", "color": MUTED, "lw": 0.9, "alpha": 0.8},
                    zorder=2,
                )
        title = f"Who stands where — {short(ds.title, 70)}"
        ax.set_title(title, loc="left", fontsize=11, y=1.0)  # y: no re-placing per draw
        ax.set_xlabel(
            _caption(emb, n, metric, int(aside.sum()), arrows=len(shown)),
            fontsize=7.5,
            color=MUTED,
            loc="left",
        )
        pin_labels(ax)  # no tick labels under the axes
        handles = camp_handles(camp)
        for h in handles:  # the set-aside entry drawn as on the map: hollow grey
            if h.get_label().startswith("set aside"):
                h.set_markerfacecolor("none")
                h.set_markeredgecolor(OTHER)
        handles += voice_kind_handles(actor_label="position reported\nfor an actor")
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            frameon=False,
            fontsize=7.5,
            title="camps (k-means)",
            title_fontsize=7.5,
            alignment="left",
        )
    return fig


def _caption(emb: Embedding, n: int, metric: str, aside: int, *, arrows: int = 1) -> str:
    """The text under the map: how the voices were placed and how well the plane fits;
    the arrows are explained only when ``arrows`` (how many are drawn) is not 0."""
    tail = (
        "Arrows: issues the map fits (stances rise along the arrow; length = fit R). "
        if arrows
        else ""
    ) + "Marker area: issues addressed."
    if emb.method == "camps":
        share = sum(v for v in emb.explained if not math.isnan(v))
        hollow = (
            f" Hollow grey: {aside} voice{'s' if aside != 1 else ''} the camps set aside, "
            "projected onto the same axes."
            if aside
            else ""
        )
        text = (
            f"{n:,} voices on the first two of the three axes the camps are found in "
            "(principal components of the stances, a missing position filled with the "
            "issue's mean, stretched by how few issues a voice addresses); the two axes "
            f"carry {share:.0%} of the variance (camps overlapping here may be apart on the "
            f"third). Close points take similar stances.{hollow} " + tail
        )
        return short(text, 125, 5)
    stress = "n/a (fewer than 3 voices)" if math.isnan(emb.stress) else f"{emb.stress:.3f}"
    return short(
        f"{n:,} voices placed by weighted metric MDS (SMACOF) of {metric} distances "
        f"(1 − agreement), each pair weighted by its shared issues; stress-1 = {stress} "
        f"({emb.fit} by Kruskal's rule of thumb): the closer two points, the more the "
        "voices agree. " + tail,
        125,
        4,
    )
