"""The :class:`GapReport` result: its frames, :meth:`~GapReport.between`, plain data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs
import numpy as np
import pandas as pd

from ..errors import UsageError
from ..matrix import stance_matrix, voices
from ..model import AUTHOR, Dataset

if TYPE_CHECKING:
    from ..clashes import Clashes

from ._common import (
    METRIC,
    Side,
    _evidence,
    _hint,
    _is_red_line,
    _labels,
    _matrix,
    _objectify,
    _order_key,
    _records,
)


@attrs.frozen(eq=False)
class GapReport:
    """Where the voices of a dataset diverge, where sides stand apart, what nobody covers.

    Build one with :func:`gaps`. Every attribute holding a DataFrame is documented below
    with its index and columns; lists in cells are parallel (the *i*-th quote belongs to
    the *i*-th voice or source). Numbers are unrounded.

    Attributes
    ----------
    dataset : Dataset
        The dataset reported on.
    holders : tuple of str
        The holders whose voices ``issues``, ``pairs``, ``coverage`` and ``sensitivity``
        consider (``author`` and/or actor ids). ``actors``, ``red_lines`` and
        :meth:`between` always consider every voice.
    min_sources : int
        Issues addressed by fewer sources are listed in ``thin_issues``.
    top : int
        How many pairs ``pairs`` and ``sensitivity_pairs`` keep per list.
    issues : pandas.DataFrame, shape (n_issues, 20 + n_scale_points)
        One row per issue of the codebook, most contested first. Index ``issue``.
        Columns: ``rank`` (int, 1 = most contested), ``proposition``, ``group``
        (None if none), ``voices`` (int, voices addressing it), ``contested`` (bool:
        some voice supports it and some opposes it), ``clashes`` (int, pairs of voices
        on opposite sides: ``support * oppose``), ``polarization`` (float in [0, 1],
        ``2 * min(support, oppose) / voices``), ``van_der_eijk_a`` (van der Eijk's
        agreement A in [-1, 1] over the distribution, :func:`posmatrix.measures.van_der_eijk_a`;
        NaN on a scale of fewer than three points), ``mean``, ``std`` (population,
        ``ddof=0``), ``min``, ``max``, ``range`` (``max - min``), ``support``,
        ``neutral``, ``oppose`` (int, voices above, at and below the midpoint), then one
        float column ``n_<point>`` per scale point (``n_-2`` … ``n_2``: voices at that
        point; a voice between two points, the median of several coders, counts to both
        in proportion to closeness), and ``low_voices``, ``low_quotes`` (the voices at
        ``min`` and their evidence quotes), ``high_voices``, ``high_quotes`` (at
        ``max``). Statistics of an issue nobody addresses are NaN and its lists empty.
        Order, most contested first: contested issues first, then clashes (many
        first), polarization (high first), A (low first), range (wide first), voices
        (many first), codebook order; NaN last.
    pairs : pandas.DataFrame
        The ``top`` most divergent and ``top`` most aligned pairs of voices sharing at
        least one issue, by cityblock agreement (:func:`posmatrix.agreement`). RangeIndex.
        Columns: ``kind`` (``divergent`` or ``aligned``), ``rank`` (int, 1-based within
        kind), ``voice_a``, ``voice_b`` (labels, ``voice_a`` first in voice order),
        ``agreement`` (float in [0, 1]), ``overlap`` (int, issues both address),
        ``issues`` (list of those issue ids, codebook order), ``stances_a``,
        ``stances_b`` (lists of the two voices' stances on them) and ``quotes_a``,
        ``quotes_b`` (their evidence quotes), parallel to ``issues``. Divergent: lowest
        agreement first; aligned: highest first; ties by larger overlap, then voice
        order. With few pairs a pair can appear in both lists.
    actors : pandas.DataFrame
        Actor x issue as reported across the sources, one row per cell some source
        reports. Index (``actor``, ``issue``), actors and issues in file order. Columns:
        ``actor_name``, ``proposition``, ``stance`` (median over the reporting
        sources), ``min``, ``max``, ``spread`` (``max - min``: 0 when the sources
        agree), ``n_sources`` (int), ``same_side`` (bool: every source puts the actor on
        the same side of the midpoint, or all at it), ``sources``, ``stances``,
        ``quotes`` (parallel lists, in source order).
    actor_distance : pandas.DataFrame, shape (n_actors, n_actors)
        Mean absolute gap, in scale points, between two actors' median stances over the
        issues both are reported on (issue weights applied); NaN where none. Index
        ``actor``, columns ``other``; every actor of the codebook in file order.
    actor_overlap : pandas.DataFrame, shape (n_actors, n_actors)
        int: issues both actors are reported on. Labelled like ``actor_distance``.
    red_lines : pandas.DataFrame
        Every red line between two actors' median stances. RangeIndex, actor pairs in
        file order, then issues. Columns: ``actor_a``, ``actor_b``, ``issue``,
        ``stance_a``, ``stance_b``, ``gap`` (absolute difference), ``sources_a``,
        ``evidence_a``, ``sources_b``, ``evidence_b`` (parallel lists of the reporting
        sources and their quotes).
    coverage : pandas.DataFrame, shape (n_sources, n_issues)
        bool: whether the source has a coding on the issue (by any selected holder).
        Index ``source``, columns ``issue``, both in file order.
    coverage_sources : pandas.DataFrame
        Index ``source``. Columns: ``title``, ``issues`` (int, issues addressed),
        ``share`` (``issues / n_issues``), ``codings`` (int), ``low_confidence`` (int,
        codings of confidence ``low``).
    thin_issues : pandas.DataFrame
        Issues addressed by fewer than ``min_sources`` sources, codebook order. Index
        ``issue``. Columns: ``proposition``, ``n_sources`` (int), ``sources`` (list).
    low_confidence : pandas.DataFrame
        Every coding of confidence ``low`` by a selected holder, file order. RangeIndex.
        Columns: ``voice``, ``source``, ``holder``, ``issue``, ``stance`` (int),
        ``coder`` (None if none), ``quote``, ``note``.
    sensitivity : pandas.DataFrame
        How the contested ranking moves when low-confidence codings are dropped. Index
        ``issue`` in the order of ``issues``. Columns: ``rank``, ``rank_high`` (the rank
        without low-confidence codings), ``rank_change`` (``rank_high - rank``: positive
        means the issue looks less contested without them), ``dropped`` (int,
        low-confidence codings on it), and ``voices``, ``contested``, ``polarization``,
        ``van_der_eijk_a`` each beside its ``_high`` counterpart.
    sensitivity_pairs : pandas.DataFrame
        Up to ``top`` pairs of voices whose agreement moves when low-confidence codings
        are dropped. RangeIndex. Columns: ``voice_a``, ``voice_b``, ``agreement``,
        ``agreement_high``, ``change`` (``agreement_high - agreement``; NaN when either
        is undefined), ``lost`` (bool: the pair shares no issue any more), ``overlap``,
        ``overlap_high`` (int). Lost pairs first, then the largest absolute change.
    clashes : Clashes
        Every pair of the selected voices on opposite sides of an issue, ranked, with
        both quotes (:func:`posmatrix.clashes.find_clashes`). None for a report of an
        aggregate.
    aggregate : Aggregate or None
        The :class:`~posmatrix.engines.Aggregate` the report was computed from (by
        :func:`~posmatrix.gapreport.aggregated.gaps_from_aggregate`), None for a
        dataset's report; ``dataset`` then names its issues, actors and groups but
        holds no codings.
    quotes : {"all", "shown", "none"}
        Which quote columns hold quotes: every one (a dataset's report), or of an
        aggregate's report only those ``str(report)`` prints, or none (None).
    notes : tuple of str
        What the report could not compute (an aggregate's report), in plain words.
    """

    dataset: Dataset = attrs.field(repr=False)
    holders: tuple[str, ...]
    min_sources: int
    top: int
    issues: pd.DataFrame = attrs.field(eq=False, repr=False)
    pairs: pd.DataFrame = attrs.field(eq=False, repr=False)
    actors: pd.DataFrame = attrs.field(eq=False, repr=False)
    actor_distance: pd.DataFrame = attrs.field(eq=False, repr=False)
    actor_overlap: pd.DataFrame = attrs.field(eq=False, repr=False)
    red_lines: pd.DataFrame = attrs.field(eq=False, repr=False)
    coverage: pd.DataFrame = attrs.field(eq=False, repr=False)
    coverage_sources: pd.DataFrame = attrs.field(eq=False, repr=False)
    thin_issues: pd.DataFrame = attrs.field(eq=False, repr=False)
    low_confidence: pd.DataFrame = attrs.field(eq=False, repr=False)
    sensitivity: pd.DataFrame = attrs.field(eq=False, repr=False)
    sensitivity_pairs: pd.DataFrame = attrs.field(eq=False, repr=False)
    clashes: Clashes | None = attrs.field(default=None, eq=False, repr=False)
    aggregate: Any = attrs.field(default=None, eq=False, repr=False)
    quotes: str = "all"
    notes: tuple[str, ...] = ()

    PARTS: ClassVar[tuple[str, ...]] = (
        "issues",
        "pairs",
        "actors",
        "actor_distance",
        "actor_overlap",
        "red_lines",
        "coverage",
        "coverage_sources",
        "thin_issues",
        "low_confidence",
        "sensitivity",
        "sensitivity_pairs",
    )

    MATRICES: ClassVar[tuple[str, ...]] = ("actor_distance", "actor_overlap", "coverage")

    def between(self, a: Side, b: Side) -> pd.DataFrame:
        """The gap between two sides, issue by issue.

        Parameters
        ----------
        a, b : str or list of str
            A voice label (``"rs-nato"``, ``"rs-nato/russia"``), an actor id (every
            voice whose holder is that actor, whichever source reports it),
            ``"author"`` (every source's own voice), or a list (any iterable) of voice
            labels. A name that is both a holder and a source id is refused as
            ambiguous: pass ``[name]`` for the source's own voice. A side's stance on
            an issue is the median over its voices addressing it.
            Every voice of the dataset counts, whatever ``holder`` the report was
            built with.

        Returns
        -------
        pandas.DataFrame
            One row per issue at least one side addresses. Index ``issue``. Columns:
            ``proposition``; ``stance_a``, ``stance_b`` (float, NaN when that side is
            silent); ``gap`` (``|stance_a - stance_b|``); ``red_line`` and
            ``bridgeable`` (nullable boolean, NA when a side is silent; see the module
            docs); ``spread_a``, ``spread_b`` (max - min over the side's voices: how
            consistently the sources report it); ``voices_a``, ``sources_a``,
            ``stances_a``, ``evidence_a`` and the same for ``b`` (parallel lists: each
            voice, its source, its stance and its quote). Largest gap first, then red
            lines first, then codebook order; one-sided issues last.

        Raises
        ------
        UsageError
            A side names no voice, actor or ``author`` (with a did-you-mean hint), is
            ambiguous, or is an empty list.
        """
        if self.aggregate is not None:
            raise UsageError(
                "between needs the codings: a report of an aggregated table has none; "
                "compare two voices' rows of report.aggregate.matrix instead"
            )
        ds = self.dataset
        every = [AUTHOR, *ds.actors]
        vframe = voices(ds, every)
        stances = stance_matrix(ds, every)
        labels = _labels(vframe)
        holder_of = [str(h) for h in vframe["holder"]]
        rows_a = _resolve(ds, a, labels, holder_of, "a")
        rows_b = _resolve(ds, b, labels, holder_of, "b")
        values = stances.to_numpy(dtype=np.float64)
        issue_ids = list(ds.issues)
        evidence = _evidence(ds)
        keys = list(zip(vframe["source"], vframe["holder"], strict=True))

        data: dict[str, Any] = {}
        for side, rows in (("a", rows_a), ("b", rows_b)):
            sub = values[rows]
            has = ~np.isnan(sub)
            any_ = has.any(axis=0)
            with np.errstate(invalid="ignore"):
                med = np.full(len(issue_ids), np.nan)
                lo = np.full(len(issue_ids), np.nan)
                hi = np.full(len(issue_ids), np.nan)
                if any_.any():
                    med[any_] = np.nanmedian(sub[:, any_], axis=0)
                    lo[any_] = np.nanmin(sub[:, any_], axis=0)
                    hi[any_] = np.nanmax(sub[:, any_], axis=0)
            voices_l: list[list[str]] = [[] for _ in issue_ids]
            sources_l: list[list[str]] = [[] for _ in issue_ids]
            stances_l: list[list[float]] = [[] for _ in issue_ids]
            quotes_l: list[list[str]] = [[] for _ in issue_ids]
            r_idx, c_idx = np.nonzero(has)
            order = np.lexsort((r_idx, c_idx))
            for r, c in zip(r_idx[order].tolist(), c_idx[order].tolist(), strict=True):
                row = rows[r]
                source, holder = keys[row]
                voices_l[c].append(labels[row])
                sources_l[c].append(source)
                stances_l[c].append(float(sub[r, c]))
                quotes_l[c].append(evidence[(source, holder, issue_ids[c])])
            data[f"stance_{side}"] = med
            data[f"spread_{side}"] = hi - lo
            data[f"voices_{side}"] = voices_l
            data[f"sources_{side}"] = sources_l
            data[f"stances_{side}"] = stances_l
            data[f"evidence_{side}"] = quotes_l

        sa, sb = data["stance_a"], data["stance_b"]
        scale = ds.scale
        both = ~np.isnan(sa) & ~np.isnan(sb)
        gap = np.abs(sa - sb)
        with np.errstate(invalid="ignore"):
            red = _is_red_line(sa, sb, scale.min, scale.max, scale.midpoint)
        frame = pd.DataFrame(
            {
                "proposition": [ds.issues[i].proposition for i in issue_ids],
                "stance_a": sa,
                "stance_b": sb,
                "gap": gap,
                "red_line": pd.array(np.where(both, red, False), dtype="boolean"),
                "bridgeable": pd.array(np.where(both, gap <= 1, False), dtype="boolean"),
                **{
                    f"{field}_{side}": data[f"{field}_{side}"]
                    for side in ("a", "b")
                    for field in ("spread", "voices", "sources", "stances", "evidence")
                },
            },
            index=pd.Index(issue_ids, name="issue", dtype=object),
        )
        frame.loc[~both, ["red_line", "bridgeable"]] = pd.NA
        keep = ~np.isnan(sa) | ~np.isnan(sb)
        order = np.lexsort(
            (np.arange(len(issue_ids)), ~(both & red), _order_key(gap, descending=True))
        )
        order = order[keep[order]]
        return _objectify(pd.DataFrame(frame.iloc[order]))

    def to_dict(self) -> dict[str, Any]:
        """The whole report as plain Python (dicts, lists, str, int, float, bool, None).

        Each tidy part becomes a list of records (one dict per row, the index levels as
        its first keys); the labelled matrices ``actor_distance``, ``actor_overlap`` and
        ``coverage`` become ``{row: {column: value}}``. NaN and NA become None. Made for
        ``data_regression.check(report.to_dict())`` snapshots.
        """
        out: dict[str, Any] = {
            "title": self.dataset.title,
            "holders": list(self.holders),
            "min_sources": self.min_sources,
            "top": self.top,
            "metric": METRIC,
        }
        for part in self.PARTS:
            frame = getattr(self, part)
            out[part] = _matrix(frame) if part in self.MATRICES else _records(frame)
        if self.notes:  # an aggregate's report: what it could not compute
            out["notes"] = list(self.notes)
        return out

    def __str__(self) -> str:
        from .text import gap_text

        return gap_text(self)

    def __repr__(self) -> str:
        from ..notebook import gaps_repr

        return gaps_repr(self)

    def _repr_html_(self) -> str:
        from ..notebook import gaps_html

        return gaps_html(self)


def _resolve(
    ds: Dataset, side: Any, labels: list[str], holder_of: list[str], name: str
) -> list[int]:
    """Row positions (into ``labels``) of the voices a side of :meth:`between` names;
    ``holder_of`` gives each voice's holder."""
    pos = {v: i for i, v in enumerate(labels)}
    holders = [AUTHOR, *ds.actors]
    if isinstance(side, str):
        is_holder = side in holders
        if is_holder and side in pos:
            raise UsageError(
                f"side {name} {side!r} is both a holder and a voice label; pass [{side!r}] "
                f"for the single voice"
            )
        if is_holder:
            return [i for i, h in enumerate(holder_of) if h == side]
        if side in pos:
            return [pos[side]]
        raise UsageError(
            f"side {name} must be a voice label, an actor id or 'author', got {side!r}"
            f"{_hint(side, holders + labels)}"
        )
    if isinstance(side, Iterable) and not isinstance(side, (bytes, bytearray, Mapping)):
        items = list(side)
        if not items:
            raise UsageError(f"side {name} must name at least one voice, got an empty list")
        rows = []
        for item in items:
            if not isinstance(item, str) or item not in pos:
                raise UsageError(
                    f"side {name} lists {item!r}, which is not a voice label of the dataset "
                    f"(a source id, or 'source/actor'){_hint(str(item), labels)}"
                )
            rows.append(pos[item])
        return sorted(set(rows))
    raise UsageError(
        f"side {name} must be a voice label, an actor id, 'author' or a list of voice labels,"
        f" got {type(side).__name__}"
    )
