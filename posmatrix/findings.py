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

from .blockwise import HUGE_VOICES
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

__all__ = ["HUGE_VOICES", "LARGE_VOICES", "METRIC", "NEIGHBOURS", "POLE_DENSE", "Findings"]

METRIC: Final = "cityblock"
"""The agreement metric the briefings show (see :data:`posmatrix.METRICS`)."""

LARGE_VOICES: Final = 200
"""Above this many voices, briefings list camps and neighbours instead of the square
agreement matrix (a 200 × 200 grid is the most that still reads on paper)."""

# HUGE_VOICES (30,000) is posmatrix.blockwise's, the one threshold of the briefings and the
# figures: past it, or sooner where the dense matrices would pass the memory limit
# (posmatrix.limits.max_memory: POSMATRIX_MAX_MEMORY, by default 1.5 GB at 32 bytes a pair,
# about 6,800 voices), Findings builds no voices x voices matrix: each voice's nearest and
# farthest voices come from Findings.neighbours (blocked, memory O(n·k)), the voice order
# from the camps, the best pairs of the gap report from the neighbours, the clashes from a
# blocked count.

NEIGHBOURS: Final = 10
"""How many nearest and farthest voices :attr:`Findings.neighbours` keeps per voice
(at least the gap report's ``top``, so its best pairs are exact)."""

POLE_DENSE: Final = 2_000
"""Past :data:`HUGE_VOICES`, the Gaps sheet ranks a pole's quotes by agreement among
the pole's voices only for poles of at most this many voices (a 2,000² block, 32 MB);
larger poles by confidence, then voice order."""


def _dataset(value: object) -> Dataset:
    if not isinstance(value, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(value).__name__}")
    return value


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UsageError(f"huge_voices must be a whole number >= 1, got {value!r}")
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
    huge_voices : int, default :data:`HUGE_VOICES`
        Past this many voices no voices × voices matrix is built (:attr:`huge`).

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
        issue, and on the diagonal's undefined cells. Refused (``UsageError``) when
        :attr:`huge`.
    overlap : pandas.DataFrame
        Voice × voice count of the issues both address, in the same order as
        :attr:`agreement`. Refused when :attr:`huge`.
    order : list of str
        The voices in clustered order; when :attr:`huge`, camp by camp
        (:attr:`Camps.order <posmatrix.Camps>`: along the camp space's first axis
        within a camp, the voices set aside last).
    neighbours : pandas.DataFrame
        Each voice's :data:`NEIGHBOURS` nearest and farthest voices
        (:func:`posmatrix.nearest.neighbours`, :attr:`metric`, ties to the voice
        sharing more issues, then the earlier one), blocked: memory O(n·k). When
        :attr:`huge`, computed in one pass with each voice's mean agreement with each
        camp (for :attr:`profiles`).
    huge : bool
        More than :attr:`huge_voices` voices, or more than the memory limit allows
        dense (see :data:`HUGE_VOICES`): no voices × voices matrix is built.
    author_agreement, author_overlap : pandas.DataFrame
        The same two, restricted to the sources' own stances (the text report's
        matrix), in their own clustered order.
    large : bool
        More than :data:`LARGE_VOICES` voices (or :attr:`huge`): briefings list
        :attr:`camps` and each voice's nearest and farthest voices instead of the
        square matrix.
    camps : Camps
        :func:`posmatrix.camps` with ``k`` chosen by silhouette (``k=None``); voices
        with too few positions are set aside (camp 0).
    report : GapReport
        :func:`posmatrix.gaps` of the dataset (every voice); when :attr:`huge`, built
        without a voices × voices matrix (:func:`posmatrix.gapreport.huge_gaps`: the
        same ``pairs``, the top clashes, no ``sensitivity_pairs``).
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
    huge_voices: int = attrs.field(default=HUGE_VOICES, kw_only=True, converter=_count)

    def __repr__(self) -> str:
        done = sorted(
            k.strip("_")
            for k in self.__dict__
            if k not in ("dataset", "since", "huge_voices", "huge")
        )
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

    def _dense(self, what: str) -> None:
        if self.huge:
            raise UsageError(
                f"Findings.{what}: {len(self.voices):,} voices are too many for a voices x "
                f"voices matrix (more than {self.huge_voices:,}, or than the memory limit "
                "allows); read Findings.neighbours (each voice's nearest and farthest) "
                "or posmatrix.agreement(..., top=k)"
            )

    @cached_property
    def agreement(self) -> pd.DataFrame:
        from .analysis import agreement

        self._dense("agreement")
        return agreement(self.dataset, METRIC, order="cluster")

    @cached_property
    def order(self) -> list[str]:
        if self.huge:
            return list(self.camps.order)
        return [str(v) for v in self.agreement.index]

    @cached_property
    def huge(self) -> bool:
        from .blockwise import dense_fits

        return not dense_fits(len(self.voices), self.huge_voices)

    @cached_property
    def _neighbour_scan(self) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
        from .nearest import neighbours, neighbours_and_means

        if self.huge:
            camp = self.camps.assignment["camp"]
            return neighbours_and_means(
                self.dataset, camp, METRIC, k=NEIGHBOURS, ties="overlap", holder=None
            )
        return neighbours(self.dataset, METRIC, k=NEIGHBOURS, ties="overlap"), None, None

    @property
    def neighbours(self) -> pd.DataFrame:
        return self._neighbour_scan[0]

    @cached_property
    def camp_agreement(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(means, counts), index the voices (stance-matrix order), columns the camps
        1..k: each voice's mean agreement with a camp's other members and how many
        defined scores that mean is over (:func:`posmatrix.nearest.neighbours_and_means`;
        from the dense matrix unless :attr:`huge`)."""
        import numpy as np
        import pandas as pd

        from .nearest import _membership

        if self.huge:
            _, means, counts = self._neighbour_scan
            assert means is not None
            assert counts is not None
            return means, counts
        labels = self.stances.index
        member, names = _membership(self.camps.assignment["camp"], labels)
        a = self.agreement.reindex(index=labels, columns=labels).to_numpy(dtype=np.float64)
        a = a.copy()
        np.fill_diagonal(a, np.nan)
        defined = ~np.isnan(a)
        sums, count = np.where(defined, a, 0.0) @ member, defined.astype(np.float64) @ member
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = sums / count
        columns = pd.Index(names, name="group")
        return (
            pd.DataFrame(mean, index=labels.copy(), columns=columns),
            pd.DataFrame(count, index=labels.copy(), columns=columns),
        )

    def agreement_among(self, voices: list[str]) -> pd.DataFrame:
        """Agreement (:attr:`metric`) among ``voices`` only: the block of
        :attr:`agreement`, computed for those voices alone when :attr:`huge` (then
        empty past :data:`POLE_DENSE` voices)."""
        import pandas as pd

        if not self.huge:
            frame: pd.DataFrame = self.agreement.loc[voices, voices]
            return frame
        if len(voices) > POLE_DENSE:
            return pd.DataFrame()
        from .analysis import agreement

        weights = {i: float(issue.weight) for i, issue in self.dataset.issues.items()}
        sub = self.stances.loc[voices]
        return agreement(sub, METRIC, scale=self.dataset.scale, weights=weights)

    @cached_property
    def overlap(self) -> pd.DataFrame:
        from .analysis import overlap

        self._dense("overlap")

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
        return len(self.voices) > LARGE_VOICES or self.huge

    @cached_property
    def camps(self) -> Camps:
        from .analysis import camps

        return camps(self.dataset)

    @cached_property
    def report(self) -> GapReport:
        from .gapreport import gaps, huge_gaps

        if self.huge:
            return huge_gaps(self.dataset, self.neighbours)
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
        if self.huge:
            means = self.camp_agreement[0]
            return camp_profiles(self.dataset, camp, self.stances, None, camp_means=means)
        return camp_profiles(self.dataset, camp, self.stances, self.agreement)
