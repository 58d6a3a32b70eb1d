"""Coder reliability: how far independent coders of the same cells agree.

A *cell* is one ``(source, holder, issue)``. Where two or more coders coded the same
cell, :func:`reliability` computes Krippendorff's alpha (ordinal and interval, over
the dataset's full scale), the percent agreement, and lists the disagreements to
adjudicate, each with every coder's quote.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from .matrix import HolderSpec, select_holders, voice_label
from .measures import krippendorff_alpha
from .model import Coding, Dataset

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DISAGREEMENT_COLUMNS", "Reliability", "independent_codings", "reliability"]

DISAGREEMENT_COLUMNS = (
    "source",
    "holder",
    "issue",
    "voice",
    "coder",
    "stance",
    "confidence",
    "adjudicated",
    "resolved",
    "spread",
    "quote",
    "note",
)
"""Columns of :attr:`Reliability.disagreements`, in order."""


@attrs.frozen
class Reliability:
    """Agreement of independent coders on the cells they both (or all) coded.

    Attributes
    ----------
    alpha_ordinal, alpha_interval : float
        Krippendorff's alpha at the ordinal and interval levels over the pairable cells,
        with every point of the dataset's scale as value domain. NaN when no cell was
        coded by two or more coders, or when every pairable coding has the same stance.
    percent_agreement : float
        Share (0..1) of pairable cells on which all their coders gave the same stance;
        NaN when there is no pairable cell.
    n_units : int
        Pairable cells: coded by two or more independent coders.
    coders : tuple of (str or None)
        The independent coders, in order of first appearance (None: codings without a
        coder).
    disagreements : pandas.DataFrame
        One row per coding of each pairable cell whose coders disagree, cells in dataset
        order (sources, then ``author`` and actors, then codebook issues), codings in file
        order; a RangeIndex. Columns: ``source``, ``holder``, ``issue`` (ids), ``voice``
        (label), ``coder`` (str or None), ``stance`` (int), ``confidence``,
        ``adjudicated`` (bool: this coding settles the cell), ``resolved`` (bool: the
        cell has an adjudicated coding), ``spread`` (int: largest minus smallest
        independent stance in the cell), ``quote``, ``note``. Empty (same columns)
        when nobody disagrees.
    """

    alpha_ordinal: float
    alpha_interval: float
    percent_agreement: float
    n_units: int
    coders: tuple[str | None, ...]
    disagreements: pd.DataFrame = attrs.field(eq=False, repr=False)

    @property
    def n_coders(self) -> int:
        """The number of independent coders."""
        return len(self.coders)

    @property
    def n_disagreements(self) -> int:
        """The number of cells whose coders disagree."""
        frame = self.disagreements
        if frame.empty:
            return 0
        return int(frame[["source", "holder", "issue"]].drop_duplicates().shape[0])

    @property
    def comparable(self) -> bool:
        """Whether any cell was coded by two or more coders."""
        return self.n_units > 0

    def to_dict(self) -> dict[str, Any]:
        """The result as plain Python types (JSON-ready: NaN becomes None).

        Keys: ``alpha_ordinal``, ``alpha_interval``, ``percent_agreement`` (float or
        None), ``n_units``, ``n_coders``, ``n_disagreements`` (int), ``coders`` (list),
        ``disagreements`` (list of dicts, one per row of :attr:`disagreements`).
        """
        rows = [
            {col: _plain(value) for col, value in zip(DISAGREEMENT_COLUMNS, row, strict=True)}
            for row in self.disagreements[list(DISAGREEMENT_COLUMNS)].itertuples(
                index=False, name=None
            )
        ]
        return {
            "alpha_ordinal": _plain(self.alpha_ordinal),
            "alpha_interval": _plain(self.alpha_interval),
            "percent_agreement": _plain(self.percent_agreement),
            "n_units": self.n_units,
            "n_coders": self.n_coders,
            "n_disagreements": self.n_disagreements,
            "coders": list(self.coders),
            "disagreements": rows,
        }

    def __str__(self) -> str:
        names = ", ".join("(no coder)" if c is None else c for c in self.coders) or "none"
        head = f"{self.n_coders} coder{'s' if self.n_coders != 1 else ''} ({names})"
        if not self.comparable:
            return f"{head}: no cell was coded by two or more coders; nothing to compare."
        open_cells = self.n_disagreements
        resolved = 0
        if open_cells:
            frame = self.disagreements
            resolved = int(
                frame.loc[frame["resolved"], ["source", "holder", "issue"]]
                .drop_duplicates()
                .shape[0]
            )
        return (
            f"{head}, {self.n_units} cells coded by two or more: "
            f"alpha ordinal {self.alpha_ordinal:.3f}, interval {self.alpha_interval:.3f}; "
            f"all coders agree on {self.percent_agreement:.1%}; "
            f"{open_cells} disagreement{'s' if open_cells != 1 else ''} "
            f"({resolved} adjudicated)"
        )

    def __repr__(self) -> str:
        from .notebook import reliability_repr

        return reliability_repr(self)

    def _repr_html_(self) -> str:
        from .notebook import reliability_html

        return reliability_html(self)


def _plain(value: Any) -> Any:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value


def independent_codings(ds: Dataset) -> tuple[Coding, ...]:
    """The codings that count as independent judgements, in file order.

    A coder all of whose codings are adjudicated is an adjudicator: their codings
    settle disagreements and are left out of reliability. An adjudicated coding by
    a coder who also coded independently elsewhere (the winning coder's own coding
    marked ``adjudicated``) stays in.

    >>> from posmatrix.model import Coding, Dataset
    >>> cs = [Coding("s", "author", "a", 1, "q", coder="ann"),
    ...       Coding("s", "author", "a", 2, "q", coder="bob"),
    ...       Coding("s", "author", "a", 2, "q", coder="eve", adjudicated=True)]
    >>> [c.coder for c in independent_codings(Dataset("t", codings=cs))]
    ['ann', 'bob']
    """
    independent_coders = {c.coder for c in ds.codings if not c.adjudicated}
    return tuple(c for c in ds.codings if c.coder in independent_coders)


def reliability(ds: Dataset, holder: HolderSpec = None) -> Reliability:
    """Agreement of the coders who coded the same ``(source, holder, issue)`` cells.

    Parameters
    ----------
    ds : Dataset
    holder : str, list of str, or None
        The holders whose cells count: ``"author"``, an actor id, a list of these, or
        None (default) for every cell.

    Returns
    -------
    Reliability
        Alphas, percent agreement, counts and the table of disagreements (see
        :class:`Reliability`). A dataset with a single coder, or whose coders never
        coded the same cell, gives NaN alphas and percent agreement, ``n_units == 0``
        and an empty table: nothing to compare, not an error.

    Notes
    -----
    Only independent codings count (see :func:`independent_codings`); an
    adjudicator's codings still appear in the disagreements table. Cells coded by one
    coder are not pairable and are left out. Alpha follows Krippendorff (2011), see
    :func:`posmatrix.measures.krippendorff_alpha`; its value domain is every point of
    ``ds.scale``.

    Examples
    --------
    >>> from posmatrix.model import Coding, Dataset, Issue, Source
    >>> issues = {i: Issue(i, f"{i} should happen.") for i in "abc"}
    >>> def code(issue, stance, coder):
    ...     return Coding("s1", "author", issue, stance, f"{coder} reads {issue}", coder=coder)
    >>> ds = Dataset("Two coders", issues=issues, sources={"s1": Source("s1", "One")},
    ...              codings=[code("a", 2, "ann"), code("a", 2, "bob"),
    ...                       code("b", -1, "ann"), code("b", 1, "bob"),
    ...                       code("c", 0, "ann"), code("c", 0, "bob")])
    >>> rel = reliability(ds)
    >>> rel.n_units, rel.n_coders, round(rel.percent_agreement, 3)
    (3, 2, 0.667)
    >>> round(rel.alpha_interval, 4)  # by hand: 1 - (6 - 1) * 8 / 88
    0.5455
    >>> rel.disagreements[["issue", "coder", "stance", "quote"]]
      issue coder  stance         quote
    0     b   ann      -1  ann reads b
    1     b   bob       1  bob reads b
    """
    import pandas as pd

    holders = select_holders(ds, holder)
    holder_rank = {h: i for i, h in enumerate(holders)}
    source_rank = {s: i for i, s in enumerate(ds.sources)}
    issue_rank = {s: i for i, s in enumerate(ds.issues)}

    indep = [c for c in independent_codings(ds) if c.holder in holder_rank]
    coders: dict[str | None, int] = {}
    cells: dict[tuple[str, str, str], int] = {}
    cell_of: list[int] = []
    coder_of: list[int] = []
    stances: list[int] = []
    for c in indep:
        coder_of.append(coders.setdefault(c.coder, len(coders)))
        cell_of.append(cells.setdefault((c.source, c.holder, c.issue), len(cells)))
        stances.append(c.stance)

    data = np.full((len(coders), len(cells)), np.nan)
    data[np.asarray(coder_of, dtype=np.int64), np.asarray(cell_of, dtype=np.int64)] = stances
    pairable = np.bincount(np.asarray(cell_of, dtype=np.int64), minlength=len(cells)) >= 2
    paired = data[:, pairable]
    points = list(ds.scale.points)
    if paired.shape[1]:
        alpha_ord = krippendorff_alpha(paired, "ordinal", values=points)
        alpha_int = krippendorff_alpha(paired, "interval", values=points)
        spread_all = np.nanmax(paired, axis=0) - np.nanmin(paired, axis=0)
        agree = float(np.mean(spread_all == 0))
    else:
        alpha_ord = alpha_int = agree = math.nan
        spread_all = np.zeros(0)

    keys = list(cells)
    pair_keys = [k for k, p in zip(keys, pairable, strict=True) if p]
    spread = {k: int(s) for k, s in zip(pair_keys, spread_all, strict=True) if s > 0}
    rows = [
        c
        for c in ds.codings
        if (c.source, c.holder, c.issue) in spread and (c.coder in coders or c.adjudicated)
    ]
    resolved = {(c.source, c.holder, c.issue) for c in rows if c.adjudicated}
    rows.sort(
        key=lambda c: (
            source_rank.get(c.source, len(source_rank)),
            holder_rank[c.holder],
            issue_rank.get(c.issue, len(issue_rank)),
        )
    )
    frame = pd.DataFrame(
        {
            "source": pd.Series([c.source for c in rows], dtype=object),
            "holder": pd.Series([c.holder for c in rows], dtype=object),
            "issue": pd.Series([c.issue for c in rows], dtype=object),
            "voice": pd.Series([voice_label(c.source, c.holder) for c in rows], dtype=object),
            "coder": pd.Series([c.coder for c in rows], dtype=object),
            "stance": np.array([c.stance for c in rows], dtype=np.int64),
            "confidence": pd.Series([c.confidence for c in rows], dtype=object),
            "adjudicated": np.array([c.adjudicated for c in rows], dtype=bool),
            "resolved": np.array(
                [(c.source, c.holder, c.issue) in resolved for c in rows], dtype=bool
            ),
            "spread": np.array(
                [spread[(c.source, c.holder, c.issue)] for c in rows], dtype=np.int64
            ),
            "quote": pd.Series([c.quote for c in rows], dtype=object),
            "note": pd.Series([c.note for c in rows], dtype=object),
        },
        columns=list(DISAGREEMENT_COLUMNS),
    )
    return Reliability(
        alpha_ordinal=alpha_ord,
        alpha_interval=alpha_int,
        percent_agreement=agree,
        n_units=int(pairable.sum()),
        coders=tuple(coders),
        disagreements=frame,
    )
