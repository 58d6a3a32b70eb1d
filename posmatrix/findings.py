"""What a briefing shows, computed once from a dataset: the analysis layer's one object.

Renderers (the Excel and HTML briefings, the text report, figures, the CLI) read a
:class:`Findings`; they never load files and never call analysis functions themselves.
Each part is computed on first use and then kept, so a renderer that does not show the
deals never pays for them, and two renderers of the same ``Findings`` compute nothing
twice.

>>> import posmatrix
>>> f = posmatrix.Findings(posmatrix.example())
>>> f.agreement is f.agreement          # computed once, then kept
True
>>> list(f.agreement.index) == list(f.overlap.index) == f.order
True
>>> f.large, len(f.voices)
(False, 25)
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Final

import attrs

from .errors import UsageError
from .model import AUTHOR, Dataset

if TYPE_CHECKING:
    import pandas as pd

    from .analysis import Camps
    from .changes import DatasetDiff
    from .dealreport import Deals
    from .gapreport import GapReport
    from .geometry import Embedding
    from .overtime import ChangeOverTime
    from .profiles import Profiles

__all__ = ["LARGE_VOICES", "METRIC", "Findings"]

METRIC: Final = "cityblock"
"""The agreement metric the briefings show (see :data:`posmatrix.METRICS`)."""

LARGE_VOICES: Final = 200
"""Above this many voices, briefings list camps and neighbours instead of the square
agreement matrix (a 200 × 200 grid is the most that still reads on paper)."""


def _dataset(value: object) -> Dataset:
    if not isinstance(value, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(value).__name__}")
    return value


def _since(value: object) -> Dataset | None:
    if value is None or isinstance(value, Dataset):
        return value
    raise UsageError(
        "since must be a posmatrix Dataset (load the older version first, e.g. "
        f"posmatrix.load(path)), got {type(value).__name__}"
    )


@attrs.define(frozen=True, slots=False, eq=False, repr=False)
class Findings:
    """Everything a briefing shows about one dataset, each part computed once.

    Parameters
    ----------
    dataset : Dataset
        The dataset.
    since : Dataset, optional
        An older version of it; :attr:`changes` then holds the diff.

    Attributes
    ----------
    dataset, since : Dataset
        As given.
    metric : str
        The agreement metric shown (:data:`METRIC`, ``"cityblock"``).
    voices : pandas.DataFrame
        :func:`posmatrix.voices` of the dataset: one row per voice (index ``voice``;
        columns ``source``, ``holder``, ``holder_name``, ``issues``), in file order.
    stances : pandas.DataFrame
        :func:`posmatrix.stance_matrix` over every voice: index voice (file order),
        columns issue ids, values the stances (NaN where a voice is silent).
    no_variance : set of str
        Voices with two or more stances, all equal (:func:`posmatrix.matrix.no_variance`):
        Pearson, Spearman and kappa with them are undefined.
    agreement : pandas.DataFrame
        Voice × voice agreement (:attr:`metric`) over every voice, rows and columns
        in clustered order (:attr:`order`), unrounded; NaN where two voices share no
        issue, and on the diagonal's undefined cells.
    overlap : pandas.DataFrame
        Voice × voice count of the issues both address, in the same order as
        :attr:`agreement`.
    order : list of str
        The voices in clustered order.
    author_agreement, author_overlap : pandas.DataFrame
        The same two, restricted to the sources' own stances (the text report's
        matrix), in their own clustered order.
    large : bool
        More than :data:`LARGE_VOICES` voices: briefings list :attr:`camps` and
        :attr:`neighbours` instead of the square matrix.
    camps : Camps
        :func:`posmatrix.camps` with ``k`` chosen by silhouette (``k=None``); voices
        with too few positions are set aside (camp 0).
    report : GapReport
        :func:`posmatrix.gaps` of the dataset (every voice).
    change : ChangeOverTime or None
        Positions over time (:mod:`posmatrix.overtime`), None when the dated sources
        fall in fewer than two months.
    changes : DatasetDiff or None
        :func:`posmatrix.diff` of ``since`` and the dataset, None without ``since``.
    deals : Deals
        The deal space of every reported actor (:mod:`posmatrix.dealreport`).
    checks : pandas.DataFrame
        :func:`posmatrix.check` of the dataset (codebook findings, one row each).
    embedding : Embedding
        :func:`posmatrix.geometry.embedding` of every voice: the position map's
        coordinates (the first two axes of the camp space :attr:`camps` are found in,
        the voices set aside projected into it) and issue directions. At any size: it
        costs one pass over the stances and a principal-component step.
    evidence : pandas.DataFrame
        Every coding as one row with names beside ids
        (:func:`posmatrix.evidence.evidence_table`).
    profiles : Profiles
        Camp profiles of :attr:`camps` (:func:`posmatrix.profiles.camp_profiles`).
    voice_names, issue_names : dict of str to str
        Readable names of the voices and issues (:mod:`posmatrix.voicenames`).
    """

    dataset: Dataset = attrs.field(converter=_dataset)
    since: Dataset | None = attrs.field(default=None, converter=_since)

    def __repr__(self) -> str:
        done = sorted(k for k in self.__dict__ if k not in ("dataset", "since"))
        return (
            f"<Findings of {self.dataset.title!r}"
            + (" since an older version" if self.since is not None else "")
            + (f"; computed: {', '.join(done)}" if done else "; nothing computed yet")
            + ">"
        )

    @property
    def metric(self) -> str:
        return METRIC

    @cached_property
    def voices(self) -> pd.DataFrame:
        from .matrix import voices

        return voices(self.dataset)

    @cached_property
    def stances(self) -> pd.DataFrame:
        from .matrix import stance_matrix

        return stance_matrix(self.dataset, None)

    @cached_property
    def no_variance(self) -> set[str]:
        from .matrix import no_variance

        return no_variance(self.stances)

    @cached_property
    def agreement(self) -> pd.DataFrame:
        from .analysis import agreement

        return agreement(self.dataset, METRIC, order="cluster")

    @cached_property
    def order(self) -> list[str]:
        return [str(v) for v in self.agreement.index]

    @cached_property
    def overlap(self) -> pd.DataFrame:
        from .analysis import overlap

        frame: pd.DataFrame = overlap(self.dataset).loc[
            self.agreement.index, self.agreement.columns
        ]
        return frame

    @cached_property
    def author_agreement(self) -> pd.DataFrame:
        from .analysis import agreement

        return agreement(self.dataset, METRIC, holder=AUTHOR, order="cluster")

    @cached_property
    def author_overlap(self) -> pd.DataFrame:
        from .analysis import overlap

        a = self.author_agreement
        frame: pd.DataFrame = overlap(self.dataset, holder=AUTHOR).loc[a.index, a.columns]
        return frame

    @property
    def large(self) -> bool:
        return len(self.voices) > LARGE_VOICES

    @cached_property
    def camps(self) -> Camps:
        from .analysis import camps

        return camps(self.dataset)

    @cached_property
    def report(self) -> GapReport:
        from .gapreport import gaps

        return gaps(self.dataset)

    @cached_property
    def change(self) -> ChangeOverTime | None:
        from .overtime import change_over_time

        return change_over_time(self.dataset)

    @cached_property
    def changes(self) -> DatasetDiff | None:
        if self.since is None:
            return None
        from .changes import diff

        return diff(self.since, self.dataset)

    @cached_property
    def deals(self) -> Deals:
        from .dealreport import default_deals

        return default_deals(self.dataset)

    @cached_property
    def checks(self) -> pd.DataFrame:
        from .codebook import check

        return check(self.dataset)

    @cached_property
    def embedding(self) -> Embedding:
        from .geometry import embedding

        return embedding(self.dataset)

    @cached_property
    def evidence(self) -> pd.DataFrame:
        from .evidence import evidence_table

        return evidence_table(self.dataset)

    @cached_property
    def voice_names(self) -> dict[str, str]:
        from .voicenames import voice_names

        return voice_names(self.dataset)

    @cached_property
    def issue_names(self) -> dict[str, str]:
        from .voicenames import issue_names

        return issue_names(self.dataset)

    @cached_property
    def profiles(self) -> Profiles:
        from .profiles import camp_profiles

        camp = self.camps.assignment["camp"]
        return camp_profiles(self.dataset, camp, self.stances, self.agreement)
