"""Gap reports: where positions diverge, where two sides stand apart, what nobody covers.

:func:`gaps` turns a :class:`~posmatrix.model.Dataset` into a :class:`GapReport`: a
set of tidy DataFrames, each documented below, every row of which names the codings
(voices, sources and verbatim quotes) it rests on. Numbers are never rounded in the
frames; ``str(report)`` rounds them for reading.

Definitions used throughout
---------------------------
*Voice*
    A ``(source, holder)`` pair, labelled as in :func:`posmatrix.matrix.voice_label`.
*Stance of a voice*
    Its cell of :func:`posmatrix.stance_matrix` (several coders: an adjudicated coding
    wins, otherwise the median). "Not addressed" is NaN and is never counted as 0.
*Evidence quote of a voice on an issue*
    The quote of its first coding in file order among those that decide the cell (the
    adjudicated ones if any, otherwise all).
*Sides*
    A stance above the scale's midpoint supports the proposition, one below opposes it,
    one at the midpoint is neutral or mixed.
*Polarization*
    ``2 * min(support, oppose) / voices``: 1 when the voices split evenly between the
    two sides with nobody neutral, 0 when nobody stands on one of the sides.
*Contested*
    An issue is contested when at least one voice supports it and at least one opposes
    it (stances on both sides of the midpoint).
*Clashes*
    ``support * oppose``: the number of pairs of voices on opposite sides of an issue.
    It grows both with how evenly the voices split and with how many take part, so a
    clash between two voices ranks below a debate in which many voices split.
*Red line*
    Two stances on opposite sides of the midpoint, at least one of them at an end of the
    scale (its ``min`` or ``max``).
*Bridgeable*
    Two stances at most one scale point apart.

Modules: ``_common`` (metric, evidence, ranking, plain data), ``frames`` (the frames,
computed), ``result`` (:class:`GapReport`), ``text`` (``str(report)``), ``build``
(:func:`gaps`), ``aggregated`` (:func:`gaps_from_aggregate`: the report of a table
aggregated in its engine, ``posmatrix.gaps(agg)``; quotes fetched on demand) and
``pairs`` (its pairs, blocked past :data:`~posmatrix.gapreport.pairs.DENSE_LIMIT` voices).
"""

from __future__ import annotations

from ._common import METRIC, Side, _evidence, _records, issue_ranking
from .aggregated import gaps_from_aggregate
from .build import gaps, huge_gaps
from .result import GapReport

__all__ = [
    "METRIC",
    "GapReport",
    "Side",
    "_evidence",
    "_records",
    "gaps",
    "gaps_from_aggregate",
    "huge_gaps",
    "issue_ranking",
]
