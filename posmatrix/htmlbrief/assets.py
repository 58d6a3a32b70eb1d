"""The briefing's stylesheet and script, inlined into every page (no file, no CDN).

:func:`stylesheet` adds the colour classes (the workbook's diverging palette in 11 steps,
the camps' Okabe-Ito colours) and one hiding rule per holder and issue group to the
fixed CSS (``brief.css``, package data); :data:`SCRIPT` is the page's vanilla
JavaScript (``brief.js``). The script builds every
tooltip and search result with ``textContent`` (never ``innerHTML``), so dataset text
cannot become markup in the browser either.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Final

import numpy as np

from ..styling import colours

__all__ = ["CAMP_COLOURS", "SCRIPT", "stylesheet"]

CAMP_COLOURS: Final = (
    "#E69F00",
    "#0072B2",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#999999",
)
"""Camps 1–8 (Okabe-Ito, as the figures), then grey: the same colours as ``plot``."""


def stylesheet(n_holders: int, n_groups: int) -> str:
    """The page's CSS: the fixed rules, the colour classes and the filter rules."""
    ramp = colours(np.linspace(-1.0, 1.0, 11)).tolist()
    shades = "".join(
        f".k{k}{{fill:{c}}}td.k{k},.sw.k{k}{{background:{c}}}" for k, c in enumerate(ramp)
    )
    shades += ".kn{fill:#fff;stroke:#e4e4e4;stroke-width:.03}.sw.kn{background:#fff}"
    camps = "".join(
        f".c{k}{{fill:{c}}}.sw.c{k},td.c{k}{{background:{c}}}"
        for k, c in enumerate(CAMP_COLOURS, start=1)
    )
    camps += (  # set aside: hollow on the map and in its key
        ".c0,#posmap circle.c0{fill:#fff;stroke:#777;stroke-width:.4}"
        ".sw.c0{background:#fff;border-color:#777}"
        "td.c0{background:#bbb}"
    )
    holders = "".join(
        f".hide-h{k} tr.h{k},.hide-h{k} circle.h{k}{{display:none}}"
        f".hide-h{k} text.h{k}{{opacity:.2}}"
        for k in range(n_holders)
    )
    groups = "".join(f".hide-g{k} .g{k}{{display:none}}" for k in range(n_groups))
    return _read("brief.css") + shades + "\n" + camps + "\n" + holders + "\n" + groups + "\n"


def _read(name: str) -> str:
    return (files("posmatrix.htmlbrief") / name).read_text(encoding="utf-8")


SCRIPT: Final = _read("brief.js")
"""The page's script (``brief.js``): tooltips, keyboard access, filters, quote search,
sorting, print."""
