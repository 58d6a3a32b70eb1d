"""The Excel briefing: one workbook a decision-maker can open, read and print.

:func:`write_briefing` writes the sheets

========== ==============================================================================
Summary    title, version, counts, contents (links), most contested issues, red lines
           between actors, most and least aligned voices — all derived from the data
Changes    (with ``since``) every item and coding changed since an older version
Stances    voice × issue stance labels on a diverging palette; the evidence quote as a
           cell comment; blank = not addressed
Agreement  voice × voice agreement in clustered order as a heatmap below the diagonal,
           the issues both address above it
           (past 200 voices: camps and each voice's nearest and farthest voices instead)
Gaps       issues, most contested first, with the quotes at both ends of the scale
Red lines  actor pairs on opposite sides with one at an end of the scale, with evidence
Deals      where a deal could be between the actors (:mod:`posmatrix.dealreport`)
Actors     actors' positions as reported, source by source consistency, actor distances
Coverage   which source addresses which issue; thinly covered issues
Codebook   issues, propositions, groups, the scale and its colours, actors
Sources    source metadata and links
About      versions, citation, the measures used, how to read each sheet
========== ==============================================================================

The sheet list lives once, in :data:`posmatrix.briefing.registry.REGISTRY`; each sheet's
writer reads a :class:`posmatrix.Findings` (computed once) and only places cells.

Every text is written as text (never a formula), cleaned of characters a workbook
cannot hold, and the file is written atomically with reproducible bytes
(:mod:`posmatrix.xlsx`, :mod:`posmatrix.atomic`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from ..atomic import PathLike, atomic_write, check_output_path
from ..errors import UsageError
from ..findings import LARGE_VOICES, Findings
from ..model import Dataset
from ..xlsx import BookWriter
from ._style import _CENTER as _CENTER
from ._style import _NEUTRAL as _NEUTRAL
from ._style import _OPPOSE as _OPPOSE
from ._style import _SUPPORT as _SUPPORT
from ._style import _TOP as _TOP
from ._style import _count
from ._style import _stance_fill as _stance_fill
from .context import Context
from .registry import REGISTRY

if TYPE_CHECKING:
    from ..changes import DatasetDiff
    from ..gapreport import GapReport

__all__ = ["LARGE_VOICES", "SHEETS", "Briefing", "build_briefing", "write_briefing"]

_Writer = Context  # the name posmatrix.dealreport and posmatrix.overtime knew

SHEETS: Final = tuple(s.title for s in REGISTRY)
"""Sheet titles in workbook order (``Changes`` only with ``since``; ``Change over time``
only when the sources' dates span more than one month; ``Red lines``, ``Deals`` and
``Actors`` only when the dataset has actors); from the registry."""


@attrs.frozen(eq=False)
class Briefing:
    """A built briefing workbook, not yet written.

    Attributes
    ----------
    data : bytes
        The .xlsx file (reproducible: the same input gives the same bytes).
    sheets : tuple of str
        Sheet titles in order.
    report : GapReport
        The gap report the sheets were drawn from.
    changes : DatasetDiff or None
        The diff against ``since``, if given.
    large : bool
        Whether the Agreement sheet lists camps and neighbours (more than
        :data:`LARGE_VOICES` voices) instead of the square matrix.
    """

    data: bytes = attrs.field(repr=False)
    sheets: tuple[str, ...]
    report: GapReport = attrs.field(repr=False)
    changes: DatasetDiff | None = attrs.field(repr=False)
    large: bool
    findings: Findings = attrs.field(repr=False)

    def summary(self) -> str:
        """A few lines for a terminal: counts, the most contested issues, the pairs of
        voices that clash most (never "0" when voices clash), red lines between actors."""
        r = self.report
        ds = r.dataset
        n_voices = len(self.findings.voices)
        lines = [
            f"{ds.title}" + (f" (version {ds.version})" if ds.version else ""),
            ", ".join(
                _count(n, word)
                for n, word in (
                    (len(ds.sources), "source"),
                    (len(ds.issues), "issue"),
                    (len(ds.actors), "actor"),
                    (n_voices, "voice"),
                    (len(ds.codings), "coding"),
                )
            ),
        ]
        contested = r.issues[r.issues["contested"]]
        if len(contested):
            top = contested.index[: min(3, len(contested))]
            lines.append(f"most contested: {', '.join(str(i) for i in top)}")
        else:
            lines.append("no issue is contested (no voice opposes what another supports)")
        lines.extend(_clash_lines(r))
        lines.append(f"red lines between actors: {len(r.red_lines)}")
        if self.changes is not None:
            s = self.changes.summary
            lines.append(
                f"changes since {self.changes.old_name}: {s['codings_added']} codings added, "
                f"{s['codings_removed']} removed, {s['codings_changed']} changed"
            )
        lines.append(f"sheets: {', '.join(self.sheets)}")
        return "\n".join(lines)


def _clash_lines(report: GapReport, top: int = 3) -> list[str]:
    """The clash count and the pairs that clash most, for :meth:`Briefing.summary`."""
    clashes = report.clashes
    if clashes is None or not len(clashes):
        return ["no two voices stand on opposite sides of any issue"]
    lines = [f"pairs of voices that clash (opposite sides of an issue): {len(clashes):,}"]
    for row in clashes.pairs.head(top).itertuples(index=False):
        lines.append(
            f"  {row.name_a} ↔ {row.name_b}: {int(row.clashes)} of {int(row.shared)} shared issues"
        )
    return lines


def _load_since(since: Dataset | PathLike) -> Dataset:
    if isinstance(since, Dataset):
        return since
    if isinstance(since, (str, os.PathLike)):
        from ..loading import load

        return load(since)
    raise UsageError(
        f"since must be a Dataset or the path of an older version, got {type(since).__name__}"
    )


def build_briefing(
    ds: Dataset,
    *,
    since: Dataset | PathLike | None = None,
    figures: bool = True,
    quotes_per_pole: int = 3,
    findings: Findings | None = None,
) -> Briefing:
    """Build the briefing workbook of ``ds`` in memory.

    Parameters
    ----------
    ds : Dataset
    since : Dataset or path, optional
        An older version of the dataset; adds a Changes sheet (:func:`posmatrix.diff`).
    figures : bool
        Put the position map on Summary, and the heatmap beside the neighbour list of
        a large Agreement sheet (a small one's matrix is itself the heatmap); needs
        matplotlib (without it they are left out with a note on the About sheet).
    quotes_per_pole : int
        At most this many quotes at each end of an issue on the Gaps sheet (the most
        confident first); every quote is on the Evidence sheet.
    findings : Findings, optional
        What to show, if already computed (of ``ds``, and of ``since`` when given).

    Returns
    -------
    Briefing
        The bytes, the sheet titles and the report they were drawn from.

    Warns
    -----
    CellWarning
        When a text had to be changed to fit a cell (see :mod:`posmatrix.xlsx`).
    """
    if not isinstance(ds, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(ds).__name__}")
    old = _load_since(since) if since is not None else None
    if findings is None:
        findings = Findings(ds, since=old)
    elif findings.dataset is not ds or (old is not None and findings.since is not old):
        raise UsageError("findings must be of ds (and of since, when given)")
    if quotes_per_pole < 1:
        raise UsageError(f"quotes_per_pole must be at least 1, got {quotes_per_pole}")
    book = BookWriter(title=f"{ds.title} — briefing")
    shown = [s for s in REGISTRY if s.when(findings)]
    ctx = Context(
        findings, book, [s.title for s in shown], figures=figures, quotes_per_pole=quotes_per_pole
    )
    for spec in shown:
        spec.write(ctx)
    data = book.to_bytes()
    return Briefing(
        data=data,
        sheets=tuple(s.title for s in book.sheets),
        report=findings.report,
        changes=findings.changes,
        large=findings.large,
        findings=findings,
    )


def write_briefing(
    ds: Dataset,
    path: PathLike,
    *,
    since: Dataset | PathLike | None = None,
    protect: Iterable[PathLike | None] = (),
    figures: bool = True,
    quotes_per_pole: int = 3,
) -> Path:
    """Write the Excel briefing of ``ds`` to ``path``.

    Parameters
    ----------
    ds : Dataset
    path : str or os.PathLike
        The .xlsx file to write; its directory must exist. Written atomically: a
        failure leaves any previous file intact.
    since : Dataset or path, optional
        An older version of the dataset: adds a Changes sheet.
    protect : iterable of paths
        Files never to overwrite, besides the dataset's own file (``ds.path``) and
        ``since``'s, which are always protected.
    figures, quotes_per_pole : bool, int
        As for :func:`build_briefing`.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    OutputError
        ``path`` is the input dataset, lies in a missing directory, is read-only, or
        the write failed; any previous file at ``path`` is intact.

    Examples
    --------
    >>> import posmatrix, tempfile, pathlib, openpyxl
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "briefing.xlsx"
    >>> posmatrix.write_briefing(posmatrix.example(), out) == out
    True
    >>> openpyxl.load_workbook(out).sheetnames[:4]
    ['Summary', 'Stances', 'Agreement', 'Change over time']

    A path ending in ``.html`` (or ``.htm``) gets the interactive HTML briefing
    instead (:func:`posmatrix.html_briefing`; ``figures`` and ``quotes_per_pole`` do
    not apply).
    """
    if Path(path).suffix.lower() in (".html", ".htm"):
        from ..htmlbrief import write_html_briefing

        return write_html_briefing(ds, path, since=since, protect=protect)
    keep: list[PathLike | None] = [ds.path, *protect]
    if isinstance(since, (str, os.PathLike)):
        keep.append(since)
    elif isinstance(since, Dataset):
        keep.append(since.path)
    check_output_path(path, keep)  # before the work
    built = build_briefing(ds, since=since, figures=figures, quotes_per_pole=quotes_per_pole)
    return atomic_write(path, built.data, protect=keep)
