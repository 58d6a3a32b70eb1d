"""The interactive HTML briefing: one self-contained file, hover a cell and read the evidence.

:func:`html_briefing` renders a :class:`~posmatrix.Findings` (or a Dataset) as one HTML
page with inline SVG (position map, clustered agreement heatmap), the stance matrix,
contested issues with bounded evidence, clashes and red lines, camp profiles, a quote
search, the codebook and the sources; :func:`write_html_briefing` writes it atomically.
``posmatrix.write_briefing(ds, "x.html")`` and ``posmatrix brief -o x.html`` reach it by
the suffix.

Modules: :mod:`.escape` (one escaping rule per context), :mod:`.data` (the page's data
from the findings), :mod:`.svg` (the pictures), :mod:`.html` and :mod:`.sections` (the
page's parts), :mod:`.assets` (CSS and JavaScript), :mod:`.page` (assembly, CSP).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..model import Dataset

if TYPE_CHECKING:
    from ..findings import Findings

__all__ = ["HTML_SUFFIXES", "html_briefing", "write_html_briefing"]

HTML_SUFFIXES = frozenset({".html", ".htm"})
"""Output suffixes that make :func:`posmatrix.write_briefing` write this page."""

PathLike = str | os.PathLike[str]


def _findings(data: object, since: Dataset | None = None) -> Findings:
    from ..findings import Findings

    if isinstance(data, Findings):
        return data
    if isinstance(data, Dataset):
        return Findings(data, since)
    raise UsageError(
        f"html_briefing needs a posmatrix Findings or Dataset, got {type(data).__name__}"
    )


def html_briefing(data: Findings | Dataset) -> str:
    """The HTML briefing of a dataset, as one self-contained page.

    Parameters
    ----------
    data : Findings or Dataset
        What to show; a Dataset is wrapped in a :class:`~posmatrix.Findings`. Pass the
        Findings you already have to reuse what it computed.

    Returns
    -------
    str
        The page (write it as UTF-8). It loads nothing (a Content-Security-Policy meta
        tag forbids every remote load), escapes every dataset text for its context, and
        is the same text for the same data.

    Examples
    --------
    >>> import posmatrix
    >>> page = posmatrix.html_briefing(posmatrix.example())
    >>> page.startswith("<!DOCTYPE html>"), "default-src &#x27;none&#x27;" in page
    (True, True)
    >>> page == posmatrix.html_briefing(posmatrix.Findings(posmatrix.example()))
    True
    """
    from .page import render

    return render(_findings(data))


def write_html_briefing(
    ds: Dataset | Findings,
    path: PathLike,
    *,
    since: Dataset | PathLike | None = None,
    protect: Iterable[PathLike | None] = (),
) -> Path:
    """Write the HTML briefing of ``ds`` to ``path`` atomically (never over an input).

    Parameters
    ----------
    ds : Dataset or Findings
    path : str or os.PathLike
        The ``.html`` file to write; its directory must exist.
    since : Dataset or path, optional
        An older version: accepted for the same call as the workbook and never
        overwritten; the page does not show changes yet.
    protect : iterable of paths
        Files never to overwrite, besides the dataset's own file.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    from ..atomic import atomic_write, check_output_path

    f = _findings(ds)
    keep: list[PathLike | None] = [f.dataset.path, *protect]
    if isinstance(since, Dataset):
        keep.append(since.path)
    elif since is not None:
        keep.append(since)
    check_output_path(path, keep)
    return atomic_write(path, html_briefing(f).encode("utf-8"), protect=keep)
