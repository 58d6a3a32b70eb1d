"""The briefing's two pictures as inline SVG: the agreement heatmap and the position map.

Both are drawn from frames the :class:`~posmatrix.Findings` hold; colours come from
CSS classes (:mod:`.assets`), never from the data, and every label is escaped for SVG
text. The heatmap puts one ``<rect>`` per pair of voices at ``x`` = column, ``y`` = row
(the page's script reads those to show the pair); a large dataset gets one block per
pair of camps instead, sized by the camps. The map puts one ``<circle data-v>`` per
voice at its embedding coordinates and draws the issues that correlate most with the
axes as directions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import numpy as np

from ..voicenames import shorten
from .escape import Markup, text

if TYPE_CHECKING:
    import pandas as pd

    from .data import Layout

__all__ = ["MAX_LABELLED", "blocks_svg", "heatmap_svg", "legend", "map_svg", "shade"]

MAX_LABELLED: Final = 80
"""Heatmaps of up to this many voices name each row; larger ones leave names to the tooltip."""

_LABEL_CHARS: Final = 30
_ROW_CHARS: Final = 46
_ASIDE = re.compile(r"\s*\([^()]*\)")


def _row_label(name: str) -> str:
    """A heatmap row's label: the name without bracketed asides (``United States (Trump
    administration) · Loose talk`` → ``United States · Loose talk``), cut at a word.

    >>> _row_label("United States (Trump administration) · Loose, abstract talk of 'guarantees'")
    'United States · Loose, abstract talk of…'
    """
    return shorten(_ASIDE.sub("", name), _ROW_CHARS)


_MAP_SIZE: Final = 100.0
_MAX_ARROWS: Final = 6


def shade(value: float) -> str:
    """The colour class of a value in [-1, 1] (oppose/disagree … support/agree): ``k0``
    … ``k10``; ``kn`` for NaN.

    >>> shade(-1.0), shade(0.0), shade(0.96), shade(float("nan"))
    ('k0', 'k5', 'k10', 'kn')
    """
    if math.isnan(value):
        return "kn"
    return f"k{round((min(max(value, -1.0), 1.0) + 1.0) * 5)}"


def heatmap_svg(
    agreement: pd.DataFrame, lay: Layout, names: Mapping[str, str] | None = None
) -> Markup:
    """The clustered agreement heatmap, one rect per pair (row ``y``, column ``x``).

    Rows are labelled with the voices' names (``names``, by voice id; the id where a
    voice has none) without bracketed asides, cut at a word boundary; the label's
    ``<title>`` holds the voice id.
    """
    a = agreement.to_numpy(dtype=np.float64)
    n = len(lay.voices)
    labelled = n <= MAX_LABELLED
    names = names or {}
    shown = [_row_label(names.get(v, v)) for v in lay.voices]
    left = (max((len(s) for s in shown), default=0) * 0.45 + 0.6) if labelled else 0
    width, height = left + n, n
    parts = [
        f'<svg id="heat" class="grid" viewBox="{-left:.2f} 0 {width:.2f} {height}" '
        f'role="img" tabindex="0" aria-label="Agreement heatmap of {n} voices in clustered '
        'order; arrow keys move between cells, Enter pins the details, Escape closes" '
        'preserveAspectRatio="xMinYMin meet">'
    ]
    if labelled:
        parts.append('<g class="lab">')
        for i, v in enumerate(lay.voices):
            parts.append(
                f'<text x="-0.3" y="{i + 0.72}" class="h{lay.voice_holder[i]}">'
                f"<title>{text(v)}</title>{text(shown[i])}</text>"
            )
        parts.append("</g>")
    parts.append("<g>")
    for i in range(n):
        row = a[i]
        for j in range(n):
            cls = "kd" if i == j else shade(2.0 * row[j] - 1.0)
            parts.append(f'<rect x="{j}" y="{i}" width="1" height="1" class="{cls}"/>')
    parts.append('</g><rect id="heat-cursor" class="cursor" width="1" height="1" x="0" y="0"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def blocks_svg(sizes: list[int], mean: np.ndarray) -> Markup:
    """The heatmap of a large dataset: one equal block per pair of camps (a camp of four
    voices stays as visible as one of 600), coloured by the mean agreement of their
    voices; ``data-a``/``data-b`` are the camp numbers, the labels give the sizes."""
    k = len(sizes)
    parts = [
        f'<svg id="heat" class="grid blocks" viewBox="-5.2 0 {k + 5.2} {k}" role="img" '
        f'tabindex="0" aria-label="Mean agreement between {k} camps; arrow keys move between '
        'blocks, Enter pins the details, Escape closes" preserveAspectRatio="xMinYMin meet">'
    ]
    for a in range(k):
        parts.append(
            f'<text x="-0.15" y="{a + 0.6}" class="camp">camp {a + 1} · {sizes[a]:,}</text>'
        )
        for b in range(k):
            parts.append(
                f'<rect x="{b}" y="{a}" width="1" height="1" data-a="{a}" data-b="{b}" '
                f'class="{shade(2.0 * mean[a, b] - 1.0)}"/>'
            )
    parts.append('<rect id="heat-cursor" class="cursor" width="1" height="1" x="0" y="0"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def map_svg(
    points: pd.DataFrame,
    issues: pd.DataFrame,
    lay: Layout,
    issue_names: Mapping[str, str] | None = None,
) -> Markup:
    """The position map: a circle per voice (``data-v`` = voice number, class = holder
    and camp), the issues that correlate most with the axes as labelled directions
    (named by ``issue_names``, by issue id; the id where an issue has no name)."""
    issue_names = issue_names or {}
    xy = points.loc[lay.voices, ["x", "y"]].to_numpy(dtype=np.float64)
    xy = np.nan_to_num(xy)
    span = float(np.abs(xy).max()) if len(xy) else 1.0
    span = span if span > 0 else 1.0
    half = _MAP_SIZE / 2
    scale = (half - 8) / span
    px = half + xy[:, 0] * scale
    py = half - xy[:, 1] * scale  # y up, as in the figure
    radius = 1.3 if len(lay.voices) <= 200 else 0.6
    parts = [
        f'<svg id="posmap" viewBox="-22 0 {_MAP_SIZE + 44:g} {_MAP_SIZE:g}" role="img" '
        'tabindex="0" '
        f'aria-label="Position map of {len(lay.voices)} voices; arrow keys step through '
        'the voices, Enter pins the details, Escape closes">',
        f'<line x1="{half:g}" y1="2" x2="{half:g}" y2="98" class="axis"/>'
        f'<line x1="2" y1="{half:g}" x2="98" y2="{half:g}" class="axis"/>',
    ]
    strong = issues.dropna(subset=["r"]).sort_values("r", ascending=False, kind="stable")
    for issue, row in strong.head(_MAX_ARROWS).iterrows():
        ex = half + float(row["x"]) * (half - 8)
        ey = half - float(row["y"]) * (half - 8)
        anchor = "start" if ex >= half else "end"
        parts.append(
            f'<g class="arrow"><line x1="{half:g}" y1="{half:g}" x2="{ex:.2f}" y2="{ey:.2f}"/>'
            f'<text x="{ex:.2f}" y="{ey:.2f}" text-anchor="{anchor}">'
            f"{text(shorten(issue_names.get(str(issue), str(issue)), _LABEL_CHARS))}</text></g>"
        )
    for v in range(len(lay.voices)):
        parts.append(
            f'<circle cx="{px[v]:.2f}" cy="{py[v]:.2f}" r="{radius}" data-v="{v}" '
            f'class="h{lay.voice_holder[v]} c{min(lay.voice_camp[v], 9)}"/>'
        )
    parts.append(f'<circle id="map-cursor" class="cursor" cx="0" cy="0" r="{radius * 1.9:g}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def legend(labels: list[str]) -> Markup:
    """A colour key: one swatch per label, from the oppose end to the support end."""
    steps = [0, 3, 5, 7, 10]
    cells = "".join(
        f'<span class="sw k{k}"></span><span>{text(lab)}</span>'
        for k, lab in zip(steps, labels, strict=False)
    )
    return Markup(f'<p class="legend" aria-hidden="true">{cells}</p>')
