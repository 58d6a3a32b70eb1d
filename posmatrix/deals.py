"""Where a deal could be: the outcomes every party can live with, and the packages of them.

:func:`deal_space` reads the parties' coded positions on a set of issues and answers
"what could all of them live with?". Each issue is decided one of two ways — its
proposition is *adopted* or *rejected* — and a party's red line on an issue rules out
the outcome on the other side of it. The result, a :class:`DealSpace`, holds four tidy
frames (documented on the class): the outcomes issue by issue (the zone of possible
agreement), the feasible packages ranked by total support and by the least-satisfied
party, the issues that block every package, and logrolling trades.

Definitions, the optimisation, tie rules and references are in ``docs/methods.md``
("Where a deal could be"). The analysis reads stated positions, not the private
reservation points of a negotiation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar, Final

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from .errors import UsageError
from .matrix import stance_matrix, voices
from .model import AUTHOR, Coding, Dataset

__all__ = ["ENUMERATION_LIMIT", "OUTCOMES", "DealSpace", "deal_space"]

OUTCOMES: Final = ("adopted", "rejected")
"""The two outcomes of an issue: its proposition is adopted, or rejected."""

ENUMERATION_LIMIT: Final = 2**12
"""Up to this many feasible packages are all scored (ranks known for all); beyond it a
branch and bound finds every package that ties or beats the ``top``-th best by each
criterion (ranks exact for those), with integer programming (scipy.optimize.milp) as
the fallback when its frontier grows too large."""

_TOL: Final = 1e-9
F64 = npt.NDArray[np.float64]


@attrs.frozen
class DealSpace:
    """The space of possible deals between ``parties`` (built by :func:`deal_space`).

    Lists in cells are parallel where several go together (the *k*-th quote belongs to
    the *k*-th party and source). Numbers are unrounded. A party's *stance* on an issue
    is its median stance over the sources reporting it (an actor) or the source's own
    stance (a source); *utility* of an outcome for a party is ``weight × (stance −
    midpoint)`` for adoption and its negative for rejection (0 when silent).

    Attributes
    ----------
    dataset : Dataset
    parties : tuple of str
        Actor ids or source ids, in the order given.
    red_line_rule : str
        How red lines were found: ``"marks"`` (codings marked ``red_line: true``) or
        ``"marks and stances at least X from the midpoint"``.
    issues : pandas.DataFrame
        Two rows per issue considered, codebook order. Index (``issue``, ``outcome``),
        ``outcome`` in ``adopted``, ``rejected``. Columns: ``proposition``; ``favour``,
        ``oppose``, ``neutral``, ``silent`` (lists of parties whose stance is on this
        outcome's side, on the other side, at the midpoint, or missing); ``red_line``
        (parties whose red line this outcome crosses); ``accept`` (parties that address
        the issue and whose red line it does not cross); ``support`` (float: summed
        utility of this outcome over the parties); ``feasible`` (bool: crosses no red
        line); ``zopa`` (the issue's zone of possible agreement: ``both``, ``adopted``,
        ``rejected`` or ``none``, the same on both rows); ``decided`` (bool: some party
        takes a side, so packages decide the issue); ``quote_parties``,
        ``quote_sources``, ``quote_stances``, ``quotes`` (the evidence of the red lines
        this outcome crosses).
    packages : pandas.DataFrame
        Feasible packages: every decided issue adopted or rejected, no red line
        crossed. The ``top`` best by total support and the ``top`` best by maximin
        (their union), ordered by ``rank_total``. Index ``package`` (1, 2, …).
        Columns: ``rank_total``, ``rank_maximin`` (Int64, 1 = best among all feasible
        packages; NA when the package is outside that criterion's top and the space
        was too large to score every package); ``total`` (summed utility over parties and
        issues); ``maximin`` (the smallest score of a party with a stake, i.e. a
        side on some decided issue); ``least_satisfied`` (those parties with that
        score); ``adopted``, ``rejected`` (issue ids, codebook order); then
        ``score_<party>`` per party (float: its summed utility). Empty when an issue
        blocks.
    blocking : pandas.DataFrame
        Issues on which both outcomes cross someone's red line: no deal unless one of
        these positions moves. Index ``issue``. Columns: ``proposition``,
        ``adopt_blocked_by``, ``reject_blocked_by`` (parties), and ``parties``,
        ``sources``, ``stances``, ``quotes``, ``marked`` (parallel lists: the clashing
        evidence, the blockers of adoption first; ``marked`` says whether the coding
        carries ``red_line: true``).
    trades : pandas.DataFrame
        Logrolling candidates: two parties on opposite sides of two issues, each caring
        more about a different one, so each gives on the issue it cares less about. Both
        traded outcomes cross no red line. RangeIndex. Columns: ``party_a``,
        ``party_b``; ``issue_a``, ``outcome_a`` (where ``party_a`` gets its way),
        ``issue_b``, ``outcome_b`` (where ``party_b`` does); ``a_on_issue_a``,
        ``a_on_issue_b``, ``b_on_issue_a``, ``b_on_issue_b`` (stances); ``gain_a``
        (``|u_a(issue_a)| − |u_a(issue_b)|`` > 0), ``gain_b`` (likewise), ``joint_gain``
        (their sum). Largest joint gain first, then largest smaller gain, then party
        and codebook order.
    n_packages : int
        How many feasible packages there are (``2 ** open issues``, 0 when blocked).
    exact : bool
        True when every feasible package was scored (all ranks known); False when the
        best were found by branch and bound (ranks exact, NA outside a criterion's top)
        or, rarely, integer programming (see :mod:`posmatrix.deal_packages`).
    top : int
    red_line_at : float or None
        As given to :func:`deal_space`.
    """

    dataset: Dataset = attrs.field(repr=False)
    parties: tuple[str, ...]
    red_line_rule: str
    issues: pd.DataFrame = attrs.field(eq=False, repr=False)
    packages: pd.DataFrame = attrs.field(eq=False, repr=False)
    blocking: pd.DataFrame = attrs.field(eq=False, repr=False)
    trades: pd.DataFrame = attrs.field(eq=False, repr=False)
    n_packages: int
    exact: bool
    top: int
    red_line_at: float | None = None

    PARTS: ClassVar[tuple[str, ...]] = ("issues", "packages", "blocking", "trades")

    @property
    def feasible(self) -> bool:
        """Whether some package crosses no party's red line."""
        return self.n_packages > 0

    def party_name(self, party: str) -> str:
        """An actor's name, or a source's title."""
        ds = self.dataset
        if party in ds.actors:
            return ds.actors[party].name
        return ds.sources[party].title

    def without_blocking(self) -> DealSpace | None:
        """The deal space of the same parties on the issues that do not block: what a
        deal could hold if the blocking positions moved. None when nothing blocks or
        every issue does."""
        if self.blocking.empty:
            return None
        rest = [
            i
            for i in self.issues.index.get_level_values("issue").unique()
            if i not in set(self.blocking.index)
        ]
        if not rest:
            return None
        return deal_space(
            self.dataset,
            list(self.parties),
            issues=[str(i) for i in rest],
            red_line_at=self.red_line_at,
            top=self.top,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain Python (JSON-ready): each frame as a list of records, NaN/NA as None."""
        from .gapreport import _records

        out: dict[str, Any] = {
            "parties": list(self.parties),
            "red_line_rule": self.red_line_rule,
            "n_packages": self.n_packages,
            "exact": self.exact,
        }
        for part in self.PARTS:
            out[part] = _records(getattr(self, part))
        return out

    def __str__(self) -> str:
        from .dealreport import deal_text

        return deal_text(self)

    def __repr__(self) -> str:
        from .notebook_deals import deals_repr

        return deals_repr(self)

    def _repr_html_(self) -> str:
        from .notebook_deals import deals_html

        return deals_html(self)


# -- parties and their stances ------------------------------------------------------------


def _resolve_parties(ds: Dataset, parties: Sequence[str] | None) -> list[str]:
    if parties is None:
        reported = {c.holder for c in ds.codings if c.holder != AUTHOR}
        chosen = [a for a in ds.actors if a in reported]
    elif isinstance(parties, str) or not isinstance(parties, Sequence):
        raise UsageError(
            f"parties must be a list of actor or source ids, got {type(parties).__name__} "
            f"{parties!r}"
        )
    else:
        chosen = list(parties)
    for p in chosen:
        if not isinstance(p, str) or (p not in ds.actors and p not in ds.sources):
            import difflib

            known = [*ds.actors, *ds.sources]
            close = difflib.get_close_matches(str(p), known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UsageError(
                f"party {p!r} is neither an actor id ({', '.join(ds.actors) or 'none'}) nor a "
                f"source id{hint}"
            )
    if len(set(chosen)) != len(chosen):
        raise UsageError(f"parties must be distinct, got {chosen!r}")
    if len(chosen) < 2:
        raise UsageError(f"a deal needs at least two parties, got {chosen!r}")
    return chosen


def _resolve_issues(ds: Dataset, issues: Sequence[str] | None) -> list[str]:
    if issues is None:
        return list(ds.issues)
    if isinstance(issues, str) or not isinstance(issues, Sequence):
        raise UsageError(f"issues must be a list of issue ids, got {issues!r}")
    for i in issues:
        if i not in ds.issues:
            import difflib

            close = difflib.get_close_matches(str(i), list(ds.issues), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UsageError(f"issue {i!r} is not in the codebook{hint}")
    wanted = set(issues)
    if len(wanted) != len(issues) or not wanted:
        raise UsageError(f"issues must be distinct and at least one, got {list(issues)!r}")
    return [i for i in ds.issues if i in wanted]


def _voice(party: str, ds: Dataset, source: str, holder: str) -> bool:
    """Whether the voice ``(source, holder)`` speaks for ``party``."""
    if party in ds.actors:
        return holder == party
    return source == party and holder == AUTHOR


def _party_stances(ds: Dataset, parties: list[str], issues: list[str]) -> F64:
    """parties × issues: an actor's median over its reporting sources, a source's own."""
    out = np.full((len(parties), len(issues)), np.nan)
    actors = [p for p in parties if p in ds.actors]
    if actors:
        m = stance_matrix(ds, actors)
        holder = voices(ds, actors).loc[m.index, "holder"]
        med = m[issues].groupby(holder.to_numpy(), sort=False).median()
        for k, p in enumerate(parties):
            if p in ds.actors and p in med.index:
                out[k] = med.loc[p].to_numpy(dtype=np.float64)
    own = [p for p in parties if p not in ds.actors]
    if own:
        m = stance_matrix(ds, AUTHOR)
        for k, p in enumerate(parties):
            if p not in ds.actors and p in m.index:
                out[k] = m.loc[p, issues].to_numpy(dtype=np.float64)
    return out


@attrs.frozen
class Say:
    """One voice of a party on an issue: its stance, evidence quote, red-line mark."""

    source: str
    stance: float
    quote: str
    mark: int  # side of a red_line mark: +1 above the midpoint, -1 below, 0 none


def _evidence(
    ds: Dataset, parties: list[str], issues: list[str]
) -> dict[tuple[int, int], list[Say]]:
    """(party, issue) positions -> the voices of that party on that issue, source order."""
    p_of = {p: k for k, p in enumerate(parties)}
    i_of = {i: k for k, i in enumerate(issues)}
    mid = ds.scale.midpoint
    cells: dict[tuple[str, str, str], list[Coding]] = {}
    for c in ds.codings:
        if c.issue in i_of and (c.holder in p_of or (c.holder == AUTHOR and c.source in p_of)):
            cells.setdefault((c.source, c.holder, c.issue), []).append(c)
    src_rank = {s: k for k, s in enumerate(ds.sources)}
    out: dict[tuple[int, int], list[Say]] = {}
    for (source, holder, issue), codings in sorted(
        cells.items(), key=lambda kv: src_rank.get(kv[0][0], 0)
    ):
        adj = [c for c in codings if c.adjudicated]
        deciding = adj or codings
        marked = [c for c in deciding if c.red_line]
        first = marked[0] if marked else deciding[0]
        stance = float(np.median([c.stance for c in deciding]))
        mark = 0 if not marked else (1 if marked[0].stance > mid else -1)
        party = holder if holder != AUTHOR else source
        if holder != AUTHOR and party not in ds.actors:
            continue
        say = Say(source, stance, first.quote, mark)
        out.setdefault((p_of[party], i_of[issue]), []).append(say)
    return out


def _threshold(ds: Dataset, red_line_at: float | None) -> tuple[float, str]:
    """The distance from the midpoint at which a stance is a red line, and its wording."""
    scale = ds.scale
    end = scale.max - scale.midpoint
    if red_line_at is None:
        if any(c.red_line for c in ds.codings):
            return math.inf, "marks"
        if scale.range <= 2:
            raise UsageError(
                f"on a {scale.range + 1}-point scale every non-neutral stance is at an end of "
                "the scale, so every one would count as a red line; mark red lines with "
                "'red_line: true' on the codings, or pass red_line_at (e.g. 1)"
            )
        return end, f"marks and stances at an end of the scale ({scale.min} or {scale.max})"
    if isinstance(red_line_at, bool) or not isinstance(red_line_at, (int, float)):
        raise UsageError(f"red_line_at must be a number > 0, got {red_line_at!r}")
    if not red_line_at > 0:
        raise UsageError(f"red_line_at must be a number > 0, got {red_line_at!r}")
    if red_line_at > end:
        return math.inf, "marks"
    return float(red_line_at), f"marks and stances at least {red_line_at:g} from the midpoint"


# -- the entry point ------------------------------------------------------------------------


def deal_space(
    ds: Dataset,
    parties: Sequence[str] | None = None,
    *,
    issues: Sequence[str] | None = None,
    red_line_at: float | None = None,
    top: int = 10,
) -> DealSpace:
    """The outcomes all ``parties`` can live with, and the packages of them.

    Parameters
    ----------
    ds : Dataset
    parties : list of str, optional
        Actor ids (their positions aggregated over the sources that report them: the
        median) or source ids (the source's own stances); an id naming both is the
        actor. At least two. Default: every actor some source reports.
    issues : list of str, optional
        The issues to negotiate (default: the whole codebook).
    red_line_at : float, optional
        A party's stance at least this far from the scale's midpoint is a red line, as
        is every coding marked ``red_line: true``. Default: the marks alone when the
        dataset has any, else stances at an end of the scale; on a scale of three
        points or fewer that would make every non-neutral stance a red line, so marks
        or a threshold are required. A value beyond the end of the scale (``math.inf``)
        means marks only.
    top : int
        How many packages to keep by each criterion (default 10).

    Returns
    -------
    DealSpace

    Raises
    ------
    UsageError
        Unknown or repeated parties or issues, fewer than two parties, a bad
        ``red_line_at`` or ``top``, a 3-point scale without marks or threshold, or
        scipy missing when the packages are too many to enumerate.

    Examples
    --------
    >>> import posmatrix
    >>> ds = posmatrix.loads('''
    ... format: posmatrix/1
    ... title: Two parties
    ... issues:
    ...   - {id: truce, proposition: A truce should come first.}
    ...   - {id: border, proposition: The border should follow the front line.}
    ... actors: [{id: east, name: East}, {id: west, name: West}]
    ... sources:
    ...   - id: s
    ...     title: S
    ...     reports:
    ...       east:
    ...         - {issue: truce, stance: -1, quote: East doubts a truce.}
    ...         - {issue: border, stance: 2, quote: East will never leave the line.}
    ...       west:
    ...         - {issue: truce, stance: 2, quote: West insists on a truce first.}
    ...         - {issue: border, stance: 1, quote: West could accept the line.}
    ... ''')
    >>> space = posmatrix.deal_space(ds, ["east", "west"])
    >>> space.issues["zopa"].xs("adopted", level="outcome").to_dict()
    {'truce': 'adopted', 'border': 'adopted'}
    >>> space.packages[["total", "maximin", "score_east", "score_west"]]
             total  maximin  score_east  score_west
    package
    1          4.0      1.0         1.0         3.0
    >>> space.issues.loc[("border", "rejected"), "quotes"]
    ['East will never leave the line.']
    """
    from .deal_frames import blocking_frame, issue_frame, trade_frame
    from .deal_packages import best_packages

    if not isinstance(ds, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(ds).__name__}")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise UsageError(f"top must be an integer >= 1, got {top!r}")
    party_ids = _resolve_parties(ds, parties)
    issue_ids = _resolve_issues(ds, issues)
    t, rule = _threshold(ds, red_line_at)
    mid = ds.scale.midpoint
    stance = _party_stances(ds, party_ids, issue_ids)
    says = _evidence(ds, party_ids, issue_ids)
    dev = stance - mid  # NaN where silent
    # red lines: side +1 (needs adoption: rejecting crosses it), side -1 (needs rejection)
    with np.errstate(invalid="ignore"):
        strong = np.abs(dev) >= t - _TOL
        need_adopt = strong & (dev > 0)
        need_reject = strong & (dev < 0)
    evidence: dict[tuple[int, int, int], list[Say]] = {}
    for (p, i), voice_says in says.items():
        for side in (1, -1):
            hit = [s for s in voice_says if s.mark == side]
            if (need_adopt if side == 1 else need_reject)[p, i]:
                # the quotes of the sources that put the party at or past the threshold
                hit += [
                    s for s in voice_says if (s.stance - mid) * side >= t - _TOL and s not in hit
                ]
            if hit:
                evidence[(p, i, side)] = hit
                (need_adopt if side == 1 else need_reject)[p, i] = True
    weights = np.array([float(ds.issues[i].weight) for i in issue_ids])
    utility = np.where(np.isnan(dev), 0.0, dev) * weights  # utility of adoption
    issues_frame = issue_frame(
        ds, party_ids, issue_ids, stance, need_adopt, need_reject, utility, evidence
    )
    zopa = issues_frame.xs("adopted", level="outcome")["zopa"].to_numpy(dtype=object)
    blocking = blocking_frame(ds, party_ids, issue_ids, zopa, need_adopt, need_reject, evidence)
    decided = np.any(~np.isnan(dev) & (dev != 0), axis=0)
    packages, n_packages, exact = best_packages(
        party_ids, issue_ids, utility, zopa, decided, top, ENUMERATION_LIMIT
    )
    trades = trade_frame(party_ids, issue_ids, stance, mid, utility, need_adopt, need_reject)
    return DealSpace(
        dataset=ds,
        parties=tuple(party_ids),
        red_line_rule=rule,
        issues=issues_frame,
        packages=packages,
        blocking=blocking,
        trades=trades,
        n_packages=n_packages,
        exact=exact,
        top=top,
        red_line_at=red_line_at,
    )
