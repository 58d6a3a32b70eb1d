"""Placing a figure's texts once, before it is drawn: names along an axis as plain
texts instead of matplotlib's tick labels, axis labels pinned, text measured without
a renderer. Every draw of a matplotlib tick re-measures its label for the axis label,
the title and the offset text; these helpers make that work happen once
(docs/performance.md, "Figures, second pass")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from ..errors import UsageError
from ._style import _RC, INK

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["axis_names", "axis_texts", "pin_labels", "text_height", "text_width"]


def pin_labels(ax: Axes, *, below: float = 0.0) -> None:
    """Fix the axis labels' places once, instead of matplotlib working them out at every
    draw from the bounding boxes of all the tick labels (measured again for each axis,
    each save).

    The x label hangs ``below`` points (the height of the bottom tick labels and their
    pad; 0 without them) plus its ``labelpad`` under the axes, where matplotlib's
    automatic placement puts it; an empty y label (every posmatrix figure's) is pinned
    where it is, since it draws nothing.
    """
    from matplotlib.transforms import ScaledTranslation

    fig = ax.get_figure()
    if not isinstance(fig, Figure):
        return
    drop = (below + ax.xaxis.labelpad) / 72
    x = ax.xaxis.label.get_position()[0]
    shift = ScaledTranslation(0.0, -drop, fig.dpi_scale_trans)
    ax.xaxis.set_label_coords(x, 0.0, transform=ax.transAxes + shift)
    if not ax.yaxis.label.get_text():
        ax.yaxis.set_label_coords(0.0, 0.5)


def axis_names(
    ax: Axes,
    axis: str,
    positions: Sequence[float] | npt.ArrayLike,
    labels: Sequence[str],
    *,
    side: str | None = None,
    pad: float | None = None,
    fontsize: float = 7.0,
    **text: Any,
) -> list[Any]:
    """Names along an axis, where tick labels would be, as plain texts.

    The axis keeps no ticks: a matplotlib tick is three lines and two texts, and every
    draw measures every tick label again to place the axis label and the title, which
    made the tick labels most of a figure's build and a good part of its drawing. Each
    text is labelled ``_<axis>name`` (``_xname``, ``_yname``; :func:`axis_texts`
    reads them back in order) and placed as a tick label: ``pad`` points (default the
    rc tick pad) out from the axes on ``side`` (``bottom``/``top`` for x, default
    bottom; ``left``/``right`` for y, default left), aligned as matplotlib aligns tick
    labels there. ``text`` goes to each :class:`~matplotlib.text.Text` (``rotation``,
    ``linespacing``, ``color``…).
    """
    from matplotlib.transforms import ScaledTranslation

    fig = ax.get_figure()
    if not isinstance(fig, Figure):
        raise UsageError("ax must belong to a matplotlib Figure")
    if axis == "x":
        ax.set_xticks([])
        side = side or "bottom"
        step = float(mpl.rcParams["xtick.major.pad"] if pad is None else pad) / 72
        top = side == "top"
        shift = ScaledTranslation(0.0, step if top else -step, fig.dpi_scale_trans)
        transform = ax.get_xaxis_transform() + shift
        at = [(float(p), 1.0 if top else 0.0) for p in np.ravel(positions)]
        align = {"ha": "center", "va": "bottom" if top else "top"}
    else:
        ax.set_yticks([])
        side = side or "left"
        step = float(mpl.rcParams["ytick.major.pad"] if pad is None else pad) / 72
        right = side == "right"
        shift = ScaledTranslation(step if right else -step, 0.0, fig.dpi_scale_trans)
        transform = ax.get_yaxis_transform() + shift
        at = [(1.0 if right else 0.0, float(p)) for p in np.ravel(positions)]
        align = {"ha": "left" if right else "right", "va": "center_baseline"}
    out = []
    for (x, y), name in zip(at, labels, strict=True):
        t = ax.text(
            x,
            y,
            name,
            transform=transform,
            fontsize=fontsize,
            color=INK,
            clip_on=False,
            **{**align, **text},
        )
        t.set_label(f"_{axis}name")
        out.append(t)
    return out


def axis_texts(ax: Axes, axis: str) -> list[str]:
    """The names :func:`axis_names` put along ``axis`` (``x`` or ``y``), in order."""
    return [t.get_text() for t in ax.texts if t.get_label() == f"_{axis}name"]


def text_width(texts: Sequence[str], size: float) -> float:
    """Width in points of the widest of ``texts`` (one line each) in the figures' font
    at ``size`` points, unhinted as figures are saved; 0 for none. Measured without a
    renderer, so a figure can place things beside long names before it is drawn."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=_RC["font.family"], size=size)
    return max(
        (text_to_path.get_text_width_height_descent(t, prop, ismath=False)[0] for t in texts),
        default=0.0,
    )


def text_height(size: float, lines: int = 1, linespacing: float = 1.2) -> float:
    """Height in points of ``lines`` lines of DejaVu Sans at ``size`` points, as
    matplotlib lays them out: one ``size`` for the first line (the ascent of "l" to the
    descent of "p"), ``linespacing`` times 1.167 ``size`` for each further one."""
    return size * (1.0 + linespacing * 1.167 * (lines - 1))
