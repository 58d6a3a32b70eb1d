"""Figures: who stands where, on matplotlib (the ``plot`` extra).

>>> import posmatrix
>>> from posmatrix import plot
>>> fig = plot.heatmap(posmatrix.example())
>>> plot.figure_bytes(fig, "svg")[:5]
b'<?xml'
"""

from __future__ import annotations

from ._style import FALLBACK_FONTS, FORMATS, FontWarning, figure_bytes, figure_format
from .graph import network
from .heat import heatmap
from .position import position_map
from .render import KINDS, render
from .spectra import spectrum
from .trajectory import trajectory

__all__ = [
    "FALLBACK_FONTS",
    "FORMATS",
    "KINDS",
    "FontWarning",
    "figure_bytes",
    "figure_format",
    "heatmap",
    "network",
    "position_map",
    "render",
    "spectrum",
    "trajectory",
]
