"""Labels beside points without overlaps: a small deterministic greedy repel.

Labels are tried in priority order at eight positions around their point, near and
then farther; a label whose every position would touch a placed label, another
point or the frame is left out. Sizes are estimated from the character count (DejaVu
Sans averages about 0.6 em per character), so placement is fast and the same every
run. Everything is in points (1/72 inch) of the figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text

__all__ = ["place_labels"]

F64 = npt.NDArray[np.float64]

# (dx, dy, ha, va) in units of the gap; tried in this order
_SPOTS = (
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
    (0, 1, "center", "bottom"),
    (0, -1, "center", "top"),
    (1, 1, "left", "bottom"),
    (-1, 1, "right", "bottom"),
    (1, -1, "left", "top"),
    (-1, -1, "right", "top"),
)


def _box(x: float, y: float, w: float, h: float, dx: int, dy: int) -> tuple[float, ...]:
    left = x if dx > 0 else (x - w if dx < 0 else x - w / 2)
    bottom = y if dy > 0 else (y - h if dy < 0 else y - h / 2)
    return left, bottom, left + w, bottom + h


def place_labels(
    ax: Axes,
    x: Sequence[float] | F64,
    y: Sequence[float] | F64,
    texts: Sequence[str],
    *,
    radius: Sequence[float] | F64,
    priority: Sequence[float] | F64 | None = None,
    fontsize: float | Sequence[float] = 7.0,
    color: str | Sequence[str] = "#222222",
    obstacles: Sequence[tuple[float, float, float, float]] = (),
    max_labels: int = 400,
) -> dict[int, Text]:
    """Draw the labels that fit; return them by index (the others are left out).

    Parameters
    ----------
    ax : Axes
        Its limits and figure size must be final (placement is in figure points).
    x, y : arrays
        Data coordinates of the points.
    texts : sequence of str
    radius : array
        Each point's marker radius in points; a label keeps clear of every marker.
    priority : array, optional
        Higher first (ties: input order); default input order.
    obstacles : sequence of (x0, y0, x1, y1)
        Further boxes in figure points (e.g. labels placed earlier).
    max_labels : int
        At most this many labels are tried (the highest priority ones).
    """
    n = len(texts)
    if n == 0:
        return {}
    fig = ax.get_figure()
    assert fig is not None
    scale = 72.0 / fig.dpi
    pts = ax.transData.transform(np.column_stack([np.asarray(x, float), np.asarray(y, float)]))
    px, py = pts[:, 0] * scale, pts[:, 1] * scale
    r = np.asarray(radius, dtype=np.float64)
    frame = ax.get_window_extent()
    fx0, fy0, fx1, fy1 = (v * scale for v in (frame.x0, frame.y0, frame.x1, frame.y1))
    marks = np.column_stack([px - r, py - r, px + r, py + r])
    boxes = np.empty((n + len(obstacles), 4))
    boxes[: len(obstacles)] = np.asarray(obstacles, dtype=np.float64).reshape(-1, 4)
    placed = len(obstacles)
    order = (
        np.arange(n)
        if priority is None
        else np.lexsort((np.arange(n), -np.asarray(priority, dtype=np.float64)))
    )
    colours = [color] * n if isinstance(color, str) else list(color)
    sizes = np.broadcast_to(np.asarray(fontsize, dtype=np.float64), (n,))
    out: dict[int, Text] = {}
    for i in order[:max_labels]:
        i = int(i)
        text = texts[i]
        if not text or not (np.isfinite(px[i]) and np.isfinite(py[i])):
            continue
        fs = float(sizes[i])
        h = fs * 1.2
        w = fs * 0.6 * len(text) + 1.0
        others = np.ones(n, dtype=bool)
        others[i] = False
        gap = r[i] + 1.5
        for reach in (1.0, 2.2):
            found = None
            for dx, dy, ha, va in _SPOTS:
                b = _box(px[i] + dx * gap * reach, py[i] + dy * gap * reach, w, h, dx, dy)
                if b[0] < fx0 or b[1] < fy0 or b[2] > fx1 or b[3] > fy1:
                    continue
                lab = boxes[:placed]
                if np.any(
                    (lab[:, 0] < b[2])
                    & (lab[:, 2] > b[0])
                    & (lab[:, 1] < b[3])
                    & (lab[:, 3] > b[1])
                ):
                    continue
                hit = (
                    others
                    & (marks[:, 0] < b[2])
                    & (marks[:, 2] > b[0])
                    & (marks[:, 1] < b[3])
                    & (marks[:, 3] > b[1])
                )
                if np.any(hit):
                    continue
                found = (b, dx, dy, ha, va)
                break
            if found is not None:
                break
        if found is None:
            continue
        b, dx, dy, ha, va = found
        boxes[placed] = b
        placed += 1
        kwargs: dict[str, Any] = {"ha": ha, "va": va, "fontsize": fs, "color": colours[i]}
        out[i] = ax.annotate(
            text,
            (float(np.asarray(x)[i]), float(np.asarray(y)[i])),
            xytext=(dx * gap * reach, dy * gap * reach),
            textcoords="offset points",
            annotation_clip=False,
            **kwargs,
        )
    return out
