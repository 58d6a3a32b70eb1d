"""Trajectories: each actor's median stance on an issue, window by window — who moved,
and when. Reads the frame of :func:`posmatrix.timeline`; draws one panel per issue."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, cast

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from ..errors import UsageError
from ..groups import _window_label, parse_by, source_windows
from ..matrix import HolderSpec
from ..model import AUTHOR, Dataset
from ..timelines import moves_of, timeline
from ._layout import axis_names, pin_labels
from ._style import (
    CAMP_COLOURS,
    INK,
    MUTED,
    OTHER,
    new_axes,
    points,
    short,
    style,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["MAX_PANELS", "trajectory"]

MAX_PANELS: Final = 6
"""Issues drawn when none are chosen: the most moved."""

_DODGE: Final = 0.36  # total x spread (in windows) of the actors' points in one window


def _calendar(placed: pd.DataFrame, freq: str) -> list[tuple[str, pd.Timestamp]]:
    """Every window from the first to the last source's (``placed``: the rows of
    :func:`~posmatrix.groups.source_windows` with a window), in time order, as (label,
    start): the windows no source falls in included, so silence shows."""
    starts = pd.DatetimeIndex(sorted(set(placed["start"])))
    labels = dict(zip(placed["start"], placed["window"], strict=False))
    unit = parse_by(freq)[0]
    if unit in ("Y", "Q", "M", "W", "D"):
        periods = pd.period_range(starts[0], starts[-1], freq=unit)
        full = [
            (p.start_time.normalize(), p.end_time.normalize(), p)
            for p in periods
            if p.start_time.normalize() <= starts[-1]
        ]
        return [(labels.get(a) or _window_label(unit, p, a, b), a) for a, b, p in full]
    days = int(unit[:-1])
    step = pd.Timedelta(days=days)
    n = (starts[-1] - starts[0]).days // days + 1
    out = []
    for k in range(n):
        a = starts[0] + k * step
        b = a + pd.Timedelta(days=days - 1)
        out.append((labels.get(a) or f"{a:%Y-%m-%d}..{b:%Y-%m-%d}", a))
    return out


def _ranked_issues(ds: Dataset, t: pd.DataFrame, issues: Sequence[str] | None) -> list[str]:
    """The issues to draw: those given (validated), or the most moved (sum of |move|
    over the holders shown, then most codings, then codebook order), at most
    :data:`MAX_PANELS`."""
    order = {i: n for n, i in enumerate(ds.issues)}
    if issues is not None:
        wanted = [issues] if isinstance(issues, str) else list(issues)
        for i in wanted:
            if i not in ds.issues:
                import difflib

                close = difflib.get_close_matches(str(i), list(ds.issues), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise UsageError(f"unknown issue {i!r}{hint}")
        return sorted(dict.fromkeys(wanted), key=lambda i: order[i])
    m = moves_of(t)
    moved = m.assign(size=m["move"].abs()).groupby("issue")["size"].sum()
    coded = t.groupby("issue")["count"].sum()
    keys = pd.DataFrame({"moved": moved, "coded": coded}).fillna(0.0)
    ranked = sorted(
        keys.index, key=lambda i: (-keys.at[i, "moved"], -keys.at[i, "coded"], order[i])
    )
    return [str(i) for i in ranked[:MAX_PANELS]]


_CAP: Final = 8  # markers grow up to this many codings


def _size(count: Any) -> Any:
    """Marker area (points²) for ``count`` codings: 18 for one, 22 more for each further
    coding up to :data:`_CAP`."""
    return 18.0 + 22.0 * (np.minimum(np.asarray(count, dtype=np.float64), _CAP) - 1.0)


def trajectory(
    ds: Dataset,
    *,
    freq: str = "M",
    holder: HolderSpec = None,
    issues: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Each actor's median stance on each issue, window by window, as a line.

    Parameters
    ----------
    ds : Dataset
    freq : str
        The time window, as for :func:`posmatrix.timeline` (``M`` by default, ``Q``,
        ``Y``, ``W``, ``D``, ``30D``…).
    holder : str, list of str, or None
        Whose trajectories: actor id(s), or ``author`` (the sources' own stances, the
        median over a window's articles). Default: every actor (``author`` only when
        the dataset has no actor's codings), as in the "Change over time" section.
    issues : sequence of str, optional
        Issue ids to draw, one panel each (codebook order). Default: the most moved
        (largest total change between consecutive windows), at most
        :data:`MAX_PANELS`.
    ax : matplotlib Axes, optional
        Draw into it; only the first issue is drawn (one panel).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per issue, labelled ``timeline:<issue>``. Each holder's trajectory is
        a :class:`~matplotlib.lines.Line2D` labelled ``<issue>:<holder>``, one point per
        window from the first to the last dated source's (x = 0, 1, … plus a
        small per-holder offset; y = the window's median stance, NaN where the holder
        was not coded on the issue, so no line crosses silence); its markers, sized by
        the codings behind each point, are a collection with the same label.
        Windows that hold no source are shaded.

    Examples
    --------
    >>> import posmatrix
    >>> fig = trajectory(posmatrix.example(), issues=["freeze-line-of-contact"])
    >>> ax = fig.axes[0]
    >>> from posmatrix.plot._layout import axis_texts
    >>> axis_texts(ax, "x")
    ['2025-07', '2025-08', '2025-09', '2025-10']
    >>> line = [ln for ln in ax.get_lines() if ln.get_label().endswith(":russia")][0]
    >>> line.get_ydata().tolist()
    [nan, 0.0, nan, 1.0]
    """
    if not isinstance(ds, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(ds).__name__}")
    t = timeline(ds, freq, holder)
    if holder is None:
        actors = t[t["holder"] != AUTHOR]
        if len(actors):
            t = actors.reset_index(drop=True)
    if not len(t):
        unplaced = t.attrs.get("unplaced", {})
        why = (
            f"; {len(unplaced)} of {len(ds.sources)} sources are in no {freq} window "
            f"({', '.join(sorted(set(unplaced.values())))})"
            if unplaced
            else ""
        )
        raise UsageError(
            f"nothing to draw: no coding of the chosen holders falls in a {freq} window{why}"
        )
    chosen = _ranked_issues(ds, t, issues)
    if ax is not None:
        chosen = chosen[:1]
    placed = source_windows(ds, freq).dropna(subset=["window"])
    calendar = _calendar(placed, freq)
    position = {label: k for k, (label, _) in enumerate(calendar)}
    n_w = len(calendar)
    with_sources = set(placed["window"])
    holders = list(dict.fromkeys(t["holder"]))
    names = dict(zip(t["holder"], t["holder_name"], strict=False))
    names[AUTHOR] = "sources' own (median)"
    # an actor keeps its colour whichever holders are drawn: by its place in the file
    place = {a: k for k, a in enumerate(ds.actors)}
    colour = {
        h: INK
        if h == AUTHOR
        else (CAMP_COLOURS[place[h]] if place[h] < len(CAMP_COLOURS) - 1 else OTHER)
        for h in holders
    }
    offset = {
        h: (k - (len(holders) - 1) / 2) * (_DODGE / max(len(holders) - 1, 1))
        for k, h in enumerate(holders)
    }
    scale = ds.scale
    unplaced = t.attrs.get("unplaced", {})
    n_i = max(len(chosen), 1)
    cols = 1 if n_i == 1 or ax is not None else 2
    rows = math.ceil(n_i / cols)
    with style():
        if ax is not None:
            fig, _ = new_axes(ax, (0.0, 0.0))
            axes = [ax]
        else:
            from matplotlib.figure import Figure

            width = 11.0 if cols == 2 else 7.5
            fig = Figure(figsize=(width, 1.5 + 2.35 * rows), dpi=150)
            grid = fig.add_gridspec(
                rows,
                cols,
                left=0.13 if cols == 2 else 0.2,
                right=0.79 if cols == 2 else 0.72,
                top=1 - 0.75 / (1.5 + 2.35 * rows),
                bottom=0.85 / (1.5 + 2.35 * rows),
                hspace=0.75,
                wspace=0.08,
            )
            axes = [fig.add_subplot(grid[k // cols, k % cols]) for k in range(len(chosen))]
        xticks = list(range(n_w))
        step = max(1, math.ceil(n_w / (12 if cols == 1 else 7)))
        drawn: set[str] = set()
        # each (issue, holder)'s windows, stances and counts, split once
        slots = t["window"].map(position).to_numpy(dtype=np.int64)
        stance = t["stance"].to_numpy(dtype=np.float64)
        count = t["count"].to_numpy(dtype=np.float64)
        rows_of: dict[tuple[str, str], Any] = {}
        for key, idx in t.groupby(["issue", "holder"], sort=False).indices.items():
            i, h = cast(tuple[Any, Any], key)
            rows_of[(str(i), str(h))] = np.asarray(idx)
        from matplotlib.collections import LineCollection

        for k, (issue, a) in enumerate(zip(chosen, axes, strict=False)):
            a.set_label(f"timeline:{issue}")
            # limits first: with autoscaling off, each added artist does not re-autoscale
            # the axes over all artists so far
            a.set_xlim(-0.5, n_w - 0.5)
            a.set_ylim(scale.min - 0.45, scale.max + 0.45)
            a.add_collection(  # the scale's points: one artist, across the panel
                LineCollection(
                    [((0.0, p), (1.0, p)) for p in scale.points],
                    colors="#EEEEEE",
                    linewidths=0.8,
                    zorder=0,
                    transform=a.get_yaxis_transform(),
                ),
                autolim=False,
            )
            # windows no source falls in: shaded, so a gap there reads as "no articles"
            for label, x in position.items():
                if label not in with_sources:
                    a.axvspan(x - 0.5, x + 0.5, color="#F3F3F3", lw=0, zorder=0)
                    if n_w <= 24:
                        a.text(
                            x,
                            scale.max + 0.4,
                            "no\nsources",
                            ha="center",
                            va="top",
                            fontsize=6,
                            color=MUTED,
                            linespacing=1.0,
                        )
            for h in holders:
                mine = rows_of.get((issue, h), np.zeros(0, dtype=np.int64))
                y = np.full(n_w, np.nan)
                n = np.zeros(n_w)
                y[slots[mine]] = stance[mine]
                n[slots[mine]] = count[mine]
                if np.isnan(y).all():
                    continue
                drawn.add(h)
                xs = np.arange(n_w) + offset[h]
                a.plot(
                    xs,
                    y,
                    color=colour[h],
                    lw=1.6,
                    zorder=2,
                    label=f"{issue}:{h}",
                    solid_capstyle="round",
                )
                has = ~np.isnan(y)
                points(
                    a,
                    xs[has],
                    y[has],
                    s=_size(n[has]),
                    c=colour[h],
                    edgecolors="white",
                    linewidths=0.7,
                    zorder=3,
                    label=f"{issue}:{h}",
                )
            axis_names(
                a,
                "x",
                xticks,
                [lab if j % step == 0 else "" for j, (lab, _) in enumerate(calendar)],
            )
            first_col = k % cols == 0
            if first_col:
                axis_names(
                    a,
                    "y",
                    scale.points,
                    [
                        short(f"{p:+d} {scale.labels[j]}" if p else f"0 {scale.labels[j]}", 20)
                        for j, p in enumerate(scale.points)
                    ],
                )
            else:
                a.set_yticks([])
            for side in ("top", "right"):
                a.spines[side].set_visible(False)
            # y given: placed once, not re-placed from the tick labels at every draw
            a.set_title(short(issue, 50), fontsize=8.5, loc="left", pad=24, y=1.0)
            pin_labels(a)  # empty labels: nothing to place
            a.annotate(
                short(ds.issues[issue].proposition, 64 if cols == 2 else 80, 2),
                (0.0, 1.0),
                xycoords="axes fraction",
                xytext=(0, 4),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=6.8,
                color=MUTED,
                linespacing=1.15,
                annotation_clip=False,
            )
        if ax is None:
            fig.suptitle(
                f"Who moved, and when — {short(ds.title, 60)}",
                x=0.01,
                y=1 - 0.12 / (1.5 + 2.35 * rows),
                ha="left",
                va="top",
                fontsize=11,
                fontweight="bold",
            )
            handles: list[Any] = [
                Line2D([], [], color=colour[h], lw=1.6, marker="o", label=short(names[h], 22))
                for h in holders
                if h in drawn
            ]
            handles += [Line2D([], [], ls="", marker="o", color="#888888", label=" ", markersize=0)]
            top_n = min(int(t.loc[t["issue"].isin(chosen), "count"].max()), _CAP)
            for c in sorted({1, min(2, top_n), top_n}):
                handles.append(
                    Line2D(
                        [],
                        [],
                        ls="",
                        marker="o",
                        color="#888888",
                        markeredgecolor="white",
                        markersize=float(np.sqrt(_size(c))),
                        label=f"{c}{'+' if c == _CAP else ''} coding{'s' if c != 1 else ''}",
                    )
                )
            fig.legend(
                handles=handles,
                loc="upper left",
                bbox_to_anchor=(0.805 if cols == 2 else 0.74, 1 - 0.75 / (1.5 + 2.35 * rows)),
                frameon=False,
                fontsize=7.5,
                title="actor; marker area = codings",
                title_fontsize=7.5,
                alignment="left",
            )
            empty = n_w - len(with_sources)
            text = (
                f"Each line: an actor's median stance on the issue in each "
                f"{_unit_name(freq)} (x), on the scale {scale.min:+d}..{scale.max:+d} (y). "
                "A break in a line: the actor was not coded on the issue in that window "
                "(no line is drawn across silence)"
                + ("; shaded: no source at all in that window" if empty else "")
                + ". "
                + (
                    f"{len(chosen)} issue{'s' if len(chosen) != 1 else ''}, "
                    + ("as chosen." if issues is not None else "the most moved first.")
                )
            )
            if unplaced:
                text += (
                    f" {len(unplaced)} of {len(ds.sources)} sources are in no window "
                    "and left out (undated, or a date too coarse)."
                )
            fig.text(
                0.01,
                0.012,
                short(text, 150 if cols == 2 else 110, 4),
                ha="left",
                va="bottom",
                fontsize=7,
                color=MUTED,
            )
    return fig


def _unit_name(freq: str) -> str:
    unit = parse_by(freq)[0]
    names = {"Y": "year", "Q": "quarter", "M": "month", "W": "week", "D": "day"}
    return names.get(unit, f"window of {unit[:-1]} days")
