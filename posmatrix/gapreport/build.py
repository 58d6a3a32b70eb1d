""":func:`gaps`: a dataset's gap report, computed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import attrs
import numpy as np
import pandas as pd

from ..clashes import find_clashes, top_clashes
from ..errors import UsageError
from ..matrix import HolderSpec, select_holders, stance_matrix, voices
from ..model import Dataset

if TYPE_CHECKING:
    from ..engines.core import Aggregate
    from ..groups import BySpec

from ._common import _objectify
from .frames import (
    _actor_cells,
    _actor_distance,
    _actor_matrix,
    _coverage,
    _issue_table,
    _no_sensitivity_pairs,
    _red_lines,
    _sensitivity,
    _sensitivity_issues,
)
from .pairs import _agreement_and_overlap, _pairs_frame, _pairs_table
from .result import GapReport


def gaps(
    ds: Dataset | Aggregate,
    *,
    holder: HolderSpec = None,
    min_sources: int = 2,
    top: int = 10,
    by: BySpec = None,
) -> GapReport:
    """The gap report of a dataset.

    Parameters
    ----------
    ds : Dataset or Aggregate
        A dataset, or a codings table aggregated in its engine
        (:func:`posmatrix.aggregate`): see
        :func:`~posmatrix.gapreport.aggregated.gaps_from_aggregate` for what such a
        report holds and what it cannot compute.
    holder : str, list of str, or None
        The voices whose positions ``issues``, ``pairs``, ``coverage`` and
        ``sensitivity`` consider: ``"author"``, an actor id, a list of these, or None
        (default) for every voice.
    min_sources : int
        Issues addressed by fewer sources are listed in ``thin_issues`` (default 2).
    top : int
        How many pairs ``pairs`` (per kind) and ``sensitivity_pairs`` keep (default 10).
    by : str or list of str, optional
        Group the sources into voices first (``"outlet"``, ``"month"``, ``"30D"``; see
        :func:`posmatrix.grouped`): the report is then that of the derived dataset,
        whose sources are the groups (``report.dataset``), a cell's stance the median
        of its group's codings.

    Returns
    -------
    GapReport
        See :class:`GapReport` for each part.

    Raises
    ------
    UsageError
        ``ds`` is not a Dataset, ``holder`` names an unknown holder, or ``min_sources``
        or ``top`` is not a positive integer.

    Examples
    --------
    >>> import posmatrix
    >>> ds = posmatrix.loads('''
    ... format: posmatrix/1
    ... title: Two sources
    ... issues:
    ...   - {id: a, proposition: A should happen.}
    ...   - {id: b, proposition: B should happen.}
    ... actors:
    ...   - {id: east, name: East}
    ...   - {id: west, name: West}
    ... sources:
    ...   - id: s1
    ...     title: First
    ...     stances:
    ...       - {issue: a, stance: 1, quote: A would help.}
    ...     reports:
    ...       east:
    ...         - {issue: a, stance: -2, quote: East rejects A outright.}
    ...       west:
    ...         - {issue: a, stance: 1, quote: West backs A.}
    ...         - {issue: b, stance: 0, quote: West is torn on B.}
    ... ''')
    >>> from posmatrix.gapreport import gaps
    >>> report = gaps(ds)
    >>> report.issues[["rank", "voices", "contested", "polarization", "range"]]
           rank  voices  contested  polarization  range
    issue
    a         1       3       True      0.666667    3.0
    b         2       1      False      0.000000    0.0
    >>> report.between("east", "west")[["stance_a", "stance_b", "gap", "red_line"]]
           stance_a  stance_b  gap  red_line
    issue
    a          -2.0       1.0  3.0      True
    b           NaN       0.0  NaN      <NA>
    """
    from ..engines.core import Aggregate

    if isinstance(ds, Aggregate):  # a table aggregated in its engine
        from .aggregated import gaps_from_aggregate

        if by is not None:
            raise UsageError("by= groups a Dataset; an Aggregate is grouped by aggregate(by=)")
        return gaps_from_aggregate(ds, holder=holder, min_sources=min_sources, top=top)
    if not isinstance(ds, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(ds).__name__}")
    if by is not None:
        from ..groups import grouped

        ds = grouped(ds, by).dataset
    for arg, value in (("min_sources", min_sources), ("top", top)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise UsageError(f"{arg} must be an integer >= 1, got {value!r}")
    return _assemble(ds, select_holders(ds, holder), int(min_sources), int(top))


def huge_gaps(
    ds: Dataset, neighbours: pd.DataFrame, *, min_sources: int = 2, top: int = 10
) -> GapReport:
    """The gap report of every voice of ``ds`` without a voices × voices matrix, for
    more voices than a dense matrix holds (:data:`posmatrix.blockwise.HUGE_VOICES`).

    ``neighbours`` is every voice's :func:`posmatrix.nearest.neighbours` (cityblock,
    ``ties="overlap"``, ``k >= top``). ``pairs`` then equals :func:`gaps`'s (read off the
    neighbours, exactly: :func:`posmatrix.nearest.top_pairs`); ``clashes`` holds the
    top :data:`posmatrix.clashes.TOP_CLASHES` pairs (``len`` counts them all);
    ``sensitivity_pairs`` is empty (it compares two dense matrices); the rest is as
    :func:`gaps` computes it.

    >>> import posmatrix
    >>> from posmatrix.nearest import neighbours
    >>> ds = posmatrix.example()
    >>> r = huge_gaps(ds, neighbours(ds, k=10, ties="overlap"))
    >>> r.pairs.equals(gaps(ds).pairs), len(r.sensitivity_pairs)
    (True, 0)
    """
    if not isinstance(ds, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(ds).__name__}")
    return _assemble(ds, select_holders(ds, None), int(min_sources), int(top), neighbours)


def _assemble(
    ds: Dataset,
    holders: list[str],
    min_sources: int,
    top: int,
    neighbours: pd.DataFrame | None = None,
) -> GapReport:
    """The report; with ``neighbours`` (every voice's, ``ties="overlap"``, ``k >= top``:
    :func:`posmatrix.nearest.neighbours`) no voices × voices matrix is built: the pairs
    come from the neighbours (exactly: :func:`posmatrix.nearest.top_pairs`), the clashes
    are the top :data:`posmatrix.clashes.TOP_CLASHES` pairs, and ``sensitivity_pairs``
    is empty."""
    stances = stance_matrix(ds, holders)
    vframe = voices(ds, holders)
    issues = _issue_table(ds, stances, vframe)
    labels = [str(v) for v in stances.index]
    if neighbours is None:
        agr, ovl = _agreement_and_overlap(ds, stances)
        pairs = _pairs_table(ds, stances, vframe, agr, ovl, int(top))
    else:
        pairs = _neighbour_pairs(ds, stances, vframe, neighbours, top)
    cells = _actor_cells(ds)
    matrix = _actor_matrix(ds, cells)
    distance, actor_overlap = _actor_distance(ds, matrix)
    red_lines = _red_lines(ds, cells, matrix)
    coverage, per_source, thin, low = _coverage(ds, holders, int(min_sources))
    kept = tuple(c for c in ds.codings if c.confidence != "low")
    # cast: the attrs plugin types the converter-backed field as a bare Iterable[_T_co]
    high = attrs.evolve(ds, codings=cast(Any, kept))
    if neighbours is None:
        sensitivity, sensitivity_pairs = _sensitivity(
            ds, high, holders, issues, labels, agr, ovl, int(top)
        )
    else:
        sensitivity = _sensitivity_issues(ds, high, holders, issues)[0]
        sensitivity_pairs = _no_sensitivity_pairs()
    parts = [issues, pairs, cells, red_lines, per_source, thin, low]
    for frame in (*parts, sensitivity, sensitivity_pairs):
        _objectify(frame)
    return GapReport(
        dataset=ds,
        holders=tuple(holders),
        min_sources=int(min_sources),
        top=int(top),
        issues=issues,
        pairs=pairs,
        actors=cells,
        actor_distance=distance,
        actor_overlap=actor_overlap,
        red_lines=red_lines,
        coverage=coverage,
        coverage_sources=per_source,
        thin_issues=thin,
        low_confidence=low,
        sensitivity=sensitivity,
        sensitivity_pairs=sensitivity_pairs,
        clashes=find_clashes(ds, stances) if neighbours is None else top_clashes(ds, stances),
    )


def _neighbour_pairs(
    ds: Dataset, stances: pd.DataFrame, vframe: pd.DataFrame, found: pd.DataFrame, top: int
) -> pd.DataFrame:
    """The ``pairs`` part from each voice's neighbours: the same rows as from the dense
    matrix (:func:`posmatrix.nearest.top_pairs` is exact)."""
    from ..nearest import top_pairs

    position = {str(v): i for i, v in enumerate(stances.index)}
    picks = []
    for kind, side in (("divergent", "farthest"), ("aligned", "nearest")):
        best = top_pairs(found, side, top)
        ia = best["voice_a"].map(position).to_numpy(dtype=np.int64)
        ib = best["voice_b"].map(position).to_numpy(dtype=np.int64)
        picks.append((kind, ia, ib, best["score"].to_numpy(), best["overlap"].to_numpy()))
    return _pairs_frame(ds, stances, vframe, picks)
