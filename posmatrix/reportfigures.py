"""Figures for the text report: inline SVG in HTML, files beside Markdown and LaTeX.

:func:`report_figures` draws the position map and the heatmap for
:func:`posmatrix.render_report`'s ``figures=`` argument. HTML gets the SVG markup
itself (one self-contained page); Markdown gets PNG files and LaTeX PDF files
written beside the document, linked by relative paths, so the folder can be moved
as a whole. Without matplotlib (the ``plot`` extra) there are no figures.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from .matrix import HolderSpec
    from .model import Dataset

__all__ = ["FIGURES", "report_figures"]

FIGURES: Final = ("map", "heatmap")
"""The figures a report embeds: the position map (after the summary) and the
clustered agreement heatmap (in the agreement section)."""

_FILE_FORMAT: Final = {"markdown": "png", "github": "png", "latex": "pdf"}


def _inline(svg: bytes) -> str:
    """SVG markup for an HTML page: the XML prolog and DOCTYPE dropped."""
    text = svg.decode("utf-8")
    return text[text.index("<svg") :].rstrip() if "<svg" in text else ""


def report_figures(
    ds: Dataset, fmt: str, output: str | Path | None = None, *, holder: HolderSpec = None
) -> tuple[dict[str, str], dict[Path, bytes]]:
    """The figures of a report in format ``fmt``.

    Parameters
    ----------
    ds : Dataset
    fmt : str
        A report format (:data:`posmatrix.report.REPORT_FORMATS`).
    output : path, optional
        Where the document will be written. Markdown and LaTeX need it: their figures
        are files named ``<stem>-map.png`` (``.pdf`` for LaTeX) beside it.

    Returns
    -------
    (dict, dict)
        Figure name -> what the document embeds (SVG markup for HTML, a relative file
        name otherwise); and path -> bytes of the files to write. Both empty for
        ``plain``, for Markdown/LaTeX without ``output``, and without matplotlib.
    """
    if fmt == "plain" or (fmt != "html" and output is None):
        return {}, {}
    try:
        from .plot import render
    except ImportError:
        return {}, {}
    if fmt == "html":
        return {k: _inline(render(ds, k, "svg", holder=holder)) for k in FIGURES}, {}
    ext = _FILE_FORMAT.get(fmt)
    if ext is None or output is None:
        return {}, {}
    out = Path(output)
    refs: dict[str, str] = {}
    files: dict[Path, bytes] = {}
    for kind in FIGURES:
        stem = re.sub(r"[^A-Za-z0-9.-]+", "-", out.stem).strip("-.") or "report"
        name = f"{stem}-{kind}.{ext}"  # safe in a URL and in \\includegraphics
        refs[kind] = name
        files[out.with_name(name)] = render(ds, kind, ext, holder=holder)
    return refs, files
