""":func:`gaps_from_aggregate`: the gap report of a codings table aggregated in its engine.

An :class:`~posmatrix.engines.Aggregate` holds the voices × issues matrix and its cells,
not the codings. Every frame of the gap report that rests on the matrix is computed
from it by the same code as :func:`posmatrix.gaps` on a loaded dataset (``issues``,
``pairs``, ``actors``, ``actor_distance``, ``actor_overlap``, ``red_lines``,
``coverage``, ``coverage_sources``, ``thin_issues``); quotes are fetched from the table
on demand (:class:`posmatrix.engines.evidence.Evidence`), in one query. What needs
every coding's confidence (``low_confidence``, ``sensitivity``, ``sensitivity_pairs``,
``coverage_sources.low_confidence``) or the dense pairwise clash list (``clashes``) is
not computed: the report says so in :attr:`GapReport.notes`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Literal, cast

import numpy as np
import pandas as pd

from ..errors import UsageError
from ..model import AUTHOR, Actor, Dataset, Issue, Source, unchecked
from ._common import POLE_VOICES, _obj, _objectify
from .frames import (
    _actor_distance,
    _actor_matrix,
    _issue_table,
    _no_sensitivity_pairs,
    _red_lines,
    _thin_issues,
)
from .result import GapReport

if TYPE_CHECKING:
    from ..engines import Aggregate
    from ..matrix import HolderSpec

__all__ = ["POLE_VOICES", "Quotes", "gaps_from_aggregate"]

Quotes = Literal["all", "shown", "none"]

NOT_COMPUTED: Final = (
    "low_confidence, sensitivity, sensitivity_pairs and coverage_sources.low_confidence "
    "are not computed from an aggregated table: they need every coding's confidence",
    "clashes is not computed from an aggregated table (use posmatrix.clashes on a loaded dataset)",
)


def gaps_from_aggregate(
    agg: Aggregate,
    *,
    holder: HolderSpec = None,
    min_sources: int = 2,
    top: int = 10,
    codebook: Dataset | None = None,
    quotes: Quotes = "all",
) -> GapReport:
    """The gap report of an :class:`~posmatrix.engines.Aggregate` (what
    ``posmatrix.gaps(agg)`` returns).

    Parameters
    ----------
    agg : Aggregate
        From :func:`posmatrix.aggregate`; aggregate with ``holder=None`` for the
        actor frames (``actors``, ``actor_distance``, ``red_lines``).
    holder : str, list of str, or None
        The voices ``issues``, ``pairs`` and ``coverage`` consider, as in
        :func:`posmatrix.gaps` (default: every voice of the aggregate).
    min_sources, top : int
        As in :func:`posmatrix.gaps`.
    codebook : Dataset, optional
        A dataset whose issues (propositions, groups, weights, order), actors (names,
        order), sources (titles) and title the report uses; without it issues and
        actors are named by their ids, in the table's order, with weight 1.
    quotes : {"all", "shown", "none"}
        Which quote columns are fetched from the table (one query in all): ``all``
        (every one: the frames equal those of :func:`posmatrix.gaps` on the loaded
        codings), ``shown`` (only the poles ``str(report)`` prints, at most
        :data:`POLE_VOICES` per pole), ``none``. Quotes not fetched are None.

    Returns
    -------
    GapReport
        With ``aggregate`` set; :attr:`GapReport.notes` lists what was not computed.
        ``low_confidence``, ``sensitivity`` and ``sensitivity_pairs`` are empty, with
        their columns; ``coverage_sources.low_confidence`` is missing (NA);
        ``coverage_sources.codings`` counts the codings that decide the cells (a
        coding set aside by adjudication is not counted); ``clashes`` is None.

    Examples
    --------
    >>> import pandas as pd
    >>> from posmatrix.engines import aggregate
    >>> table = pd.DataFrame({
    ...     "source": ["s1", "s1", "s2", "s2"], "holder": "author",
    ...     "issue": ["tax", "war", "tax", "war"], "stance": [2, -1, -2, -1],
    ...     "quote": ["Cut it.", "No war.", "Raise it.", "Never."],
    ... })
    >>> report = gaps_from_aggregate(aggregate(table))
    >>> report.issues[["rank", "contested", "low_voices", "low_quotes"]]
           rank  contested low_voices  low_quotes
    issue
    tax       1       True       [s2] [Raise it.]
    war       2      False   [s1, s2]  [No war., Never.]
    """
    from ..engines import Aggregate

    if not isinstance(agg, Aggregate):
        raise UsageError(f"agg must be a posmatrix Aggregate, got {type(agg).__name__}")
    for arg, value in (("min_sources", min_sources), ("top", top)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise UsageError(f"{arg} must be an integer >= 1, got {value!r}")
    if quotes not in ("all", "shown", "none"):
        raise UsageError(f"quotes must be 'all', 'shown' or 'none', got {quotes!r}")
    skel = _skeleton(agg, codebook)
    every, vframe = _voices(agg, skel)
    holders = _selected(skel, vframe, holder)
    chosen = vframe["holder"].isin(holders).to_numpy()
    stances, vsel = every.loc[chosen], vframe.loc[chosen]
    rowmap = _rowmap(agg)
    issues = _issue_table(skel, stances, vsel, evidence=rowmap)
    from .pairs import pairs_table

    pairs = pairs_table(skel, stances, vsel, int(top), rowmap)
    cells = _actor_cells(skel, every, vframe, rowmap)
    matrix = _actor_matrix(skel, cells)
    distance, actor_overlap = _actor_distance(skel, matrix)
    red_lines = _red_lines(skel, cells, matrix)
    coverage, per_source, thin = _coverage(agg, skel, holders, int(min_sources))
    low, sensitivity, sensitivity_pairs = _not_computed(issues.index)
    notes = list(NOT_COMPUTED)
    evidence = agg.evidence()
    if quotes != "none" and not evidence.available:
        notes.append("quotes are not shown: the table keeps no row order (no first coding)")
        quotes = "none"
    _resolve(evidence, quotes, issues, pairs, cells, red_lines)
    for frame in (issues, pairs, cells, red_lines, per_source, thin, low):
        _objectify(frame)
    return GapReport(
        dataset=skel,
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
        clashes=None,
        aggregate=agg,
        quotes=quotes,
        notes=tuple(notes),
    )


def _skeleton(agg: Aggregate, codebook: Dataset | None) -> Dataset:
    """A dataset without codings that names what the aggregate holds: the codebook's
    issues and actors (or ids), one source per group (titled as
    :func:`posmatrix.grouped` titles its groups)."""
    from ..groupkeys import _column

    coded = [str(i) for i in agg.matrix.columns]
    seen = list(dict.fromkeys(str(h) for h in agg.cells["holder"]))
    actors_seen = [h for h in seen if h != AUTHOR]
    if codebook is not None:
        if not isinstance(codebook, Dataset):
            raise UsageError(f"codebook must be a posmatrix Dataset, got {type(codebook)}")
        for kind, ids, known in (
            ("issue", coded, codebook.issues),
            ("actor", actors_seen, codebook.actors),
        ):
            unknown = [i for i in ids if i not in known]
            if unknown:
                raise UsageError(
                    f"the table codes the {kind}(s) {', '.join(unknown[:5])}, which the "
                    f"codebook {codebook.title!r} does not list"
                )
        issues: Any = codebook.issues
        actors: Any = codebook.actors
    else:
        issues = [Issue(i, i) for i in coded]
        actors = [Actor(a, a) for a in actors_seen]
    make = unchecked(Source)
    groups = agg.groups
    if agg.by:
        titles = [
            " · ".join(f"{_column(k)} {row[_column(k)]}" for k in agg.by)
            for _, row in groups.iterrows()
        ]
    else:
        own = codebook.sources if codebook is not None else {}
        titles = [own[g].title if g in own else str(g) for g in groups.index]
    sources = [make(str(g), t) for g, t in zip(groups.index, titles, strict=True)]
    where = agg.table.file if agg.table is not None else "codings"
    title = codebook.title if codebook is not None else where
    if agg.by:
        title = f"{title} (by {', '.join(agg.by)})"
    return Dataset(
        title=title,
        scale=agg.scale,
        issues=issues,
        actors=actors,
        sources=cast(Any, sources),
        codings=cast(Any, ()),
    )


def _voices(agg: Aggregate, skel: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The aggregate's matrix in the dataset path's order (groups, then holders as the
    codebook lists them; issues in codebook order) and its voices frame (``source``,
    ``holder``; index ``voice``)."""
    cells = agg.cells
    first = ~cells["voice"].duplicated()
    voice = cells.loc[first, ["voice", "group", "holder"]]
    g_pos = {g: k for k, g in enumerate(skel.sources)}
    h_pos = {h: k for k, h in enumerate([AUTHOR, *skel.actors])}
    order = np.lexsort(
        (
            np.array([h_pos[h] for h in voice["holder"]], dtype=np.int64),
            np.array([g_pos[g] for g in voice["group"]], dtype=np.int64),
        )
    )
    voice = voice.iloc[order]
    labels = pd.Index(voice["voice"].tolist(), name="voice", dtype=object)
    vframe = pd.DataFrame(
        {"source": voice["group"].to_numpy(), "holder": voice["holder"].to_numpy()},
        index=labels,
    )
    issue_ids = pd.Index(list(skel.issues), name="issue", dtype=object)
    matrix = agg.matrix.reindex(index=labels, columns=issue_ids)
    return matrix, vframe


def _selected(skel: Dataset, vframe: pd.DataFrame, holder: HolderSpec) -> list[str]:
    """The holders ``holder`` selects (``None`` or ``"all"``: every one), as the
    aggregation selected them (:func:`posmatrix.engines.finish._holders`)."""
    from ..engines.finish import _holders

    return _holders([AUTHOR, *skel.actors], None if holder == "all" else holder)


def _rowmap(agg: Aggregate) -> dict[tuple[str, str, str], int]:
    """``(group, holder, issue)`` -> the table row of the cell's evidence: what the
    frames hold in their quote columns until :func:`_resolve` fetches the quotes."""
    cells = agg.cells
    rows = np.asarray(agg.rows if agg.rows is not None else np.full(len(cells), -1))
    keys = zip(cells["group"], cells["holder"], cells["issue"], strict=True)
    return dict(zip(keys, rows.astype(np.int64).tolist(), strict=True))


def _actor_cells(
    skel: Dataset, every: pd.DataFrame, vframe: pd.DataFrame, rowmap: dict[Any, int]
) -> pd.DataFrame:
    """The ``actors`` part, as :func:`posmatrix.gapreport.frames._actor_cells` computes it
    on a dataset, from the aggregate's actor voices."""
    from .frames import _actor_frame

    is_actor = vframe["holder"].isin(list(skel.actors)).to_numpy()
    values = every.to_numpy(dtype=np.float64)[is_actor]
    src = vframe["source"].to_numpy(dtype=object)[is_actor]
    hold = vframe["holder"].to_numpy(dtype=object)[is_actor]
    g_pos = {g: k for k, g in enumerate(skel.sources)}
    return _actor_frame(skel, values, src, hold, rowmap, [g_pos[s] for s in src])


def _coverage(
    agg: Aggregate, skel: Dataset, holders: list[str], min_sources: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``coverage``, ``coverage_sources`` and ``thin_issues`` from the cells."""
    cells = agg.cells
    source_ids, issue_ids = list(skel.sources), list(skel.issues)
    s_pos = {s: i for i, s in enumerate(source_ids)}
    i_pos = {s: j for j, s in enumerate(issue_ids)}
    mine = cells[cells["holder"].isin(holders)]
    r = np.array([s_pos[g] for g in mine["group"]], dtype=np.int64)
    k = np.array([i_pos[i] for i in mine["issue"]], dtype=np.int64)
    addressed = np.zeros((len(source_ids), len(issue_ids)), dtype=bool)
    addressed[r, k] = True
    coverage = pd.DataFrame(
        addressed,
        index=pd.Index(source_ids, name="source", dtype=object),
        columns=pd.Index(issue_ids, name="issue", dtype=object),
    )
    n_issues = addressed.sum(axis=1).astype(np.int64)
    counts = mine["count"].to_numpy(dtype=np.int64)
    per_source = pd.DataFrame(
        {
            "title": [skel.sources[s].title for s in source_ids],
            "issues": n_issues,
            "share": n_issues / len(issue_ids) if issue_ids else np.full(len(source_ids), np.nan),
            "codings": np.bincount(r, weights=counts, minlength=len(source_ids)).astype(np.int64),
            "low_confidence": pd.array([pd.NA] * len(source_ids), dtype="Int64"),
        },
        index=pd.Index(source_ids, name="source", dtype=object),
    )
    thin_issues = _thin_issues(skel, addressed, source_ids, issue_ids, min_sources)
    return coverage, per_source, thin_issues


def _not_computed(issues: pd.Index) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Empty ``low_confidence``, ``sensitivity`` and ``sensitivity_pairs`` frames with
    the columns of the dataset path (see :data:`NOT_COMPUTED`)."""
    text = ("voice", "source", "holder", "issue", "coder", "quote", "note")
    low = pd.DataFrame({c: _obj([]) for c in text}).assign(stance=np.zeros(0, np.int64))
    low = low[["voice", "source", "holder", "issue", "stance", "coder", "quote", "note"]]
    columns = ["rank", "rank_high", "rank_change", "dropped", "voices", "voices_high"]
    columns += ["contested", "contested_high", "polarization", "polarization_high"]
    columns += ["van_der_eijk_a", "van_der_eijk_a_high"]
    sensitivity = pd.DataFrame(
        {c: pd.Series([], dtype=object) for c in columns},
        index=pd.Index([], name="issue", dtype=object),
    )
    return low, sensitivity, _no_sensitivity_pairs()


def _resolve(
    evidence: Any,
    quotes: str,
    issues: pd.DataFrame,
    pairs: pd.DataFrame,
    actors: pd.DataFrame,
    red_lines: pd.DataFrame,
) -> None:
    """Replace the row numbers in the quote columns by the quotes, fetched in one query:
    every one (``all``), the poles ``str(report)`` prints (``shown``) or none (None)."""
    lists = [
        (issues, "low_quotes"),
        (issues, "high_quotes"),
        (pairs, "quotes_a"),
        (pairs, "quotes_b"),
        (actors, "quotes"),
        (red_lines, "evidence_a"),
        (red_lines, "evidence_b"),
    ]
    wanted: set[int] = set()
    if quotes == "all":
        for frame, column in lists:
            for cell in frame[column]:
                wanted.update(cell)
    elif quotes == "shown":
        for column in ("low_quotes", "high_quotes"):
            for cell in issues.loc[issues["contested"], column]:
                wanted.update(cell[:POLE_VOICES])
    found = evidence.by_rows(sorted(wanted)) if wanted else {}
    for frame, column in lists:
        frame[column] = pd.Series(
            [[found[r][1] if r in found else None for r in cell] for cell in frame[column]],
            index=frame.index,
            dtype=object,
        )
