"""Who agrees with whom: :func:`agreement`, :func:`overlap` and :func:`camps`.

:func:`agreement` compares every pair of voices (rows of a stance matrix) over the
issues both address, by one of the registered metrics (:mod:`.registry`);
:func:`overlap` counts those common issues, so a score resting on one issue is
visible; :func:`camps` hands over to
:mod:`posmatrix.campfind` (k-means in a missing-aware principal-component space, with
sparse voices set aside); the average-linkage tree orders heatmaps
(``agreement(..., order="cluster")``).

Everything is computed for all pairs at once with masks, one-hot (or cumulative
"at most") encodings and matrix products — never a Python loop over pairs of
voices. Products run in float32 when every summand is a small integer (or a
multiple of 1/2 or 1/4) so that the float32 sums are exact, and in float64
otherwise; the final ratios are float64. Formulas, ranges, missing-value rules and
references for every metric are in ``docs/methods.md`` ("Agreement metrics").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import pandas as pd

from ..campfind import Camps
from ..errors import UsageError
from ..matrix import HolderSpec, stance_matrix
from ..model import Dataset
from .clustering import _distances, _leaf_order, _upgma
from .inputs import ScaleSpec, Weights, _Input, _prepare
from .registry import METRICS, NORMALIZATIONS, Metric, Normalization, spec
from .runtime import F64, _counts, _frame

if TYPE_CHECKING:
    from ..groups import BySpec
    from ..profiles import Profiles

__all__ = ["Camps", "agreement", "camps", "overlap"]


def _check_options(metric: object, normalization: object, min_overlap: object) -> None:
    if metric not in METRICS:
        raise UsageError(f"metric must be one of {', '.join(METRICS)}; got {metric!r}")
    if normalization not in NORMALIZATIONS:
        raise UsageError(
            f"normalization must be one of {', '.join(NORMALIZATIONS)}; got {normalization!r}"
        )
    if (
        isinstance(min_overlap, bool)
        or not isinstance(min_overlap, (int, np.integer))
        or min_overlap < 0
    ):
        raise UsageError(f"min_overlap must be an integer >= 0, got {min_overlap!r}")


def _metric_values(inp: _Input, metric: str, normalization: str, min_overlap: int) -> F64:
    """The metric for every pair by its registered kernel, NaN where fewer than
    ``min_overlap`` issues are co-addressed; symmetric bit for bit."""
    return spec(metric).compute()(inp, metric, normalization, min_overlap)


def agreement(
    data: Dataset | pd.DataFrame,
    metric: Metric = "cityblock",
    *,
    min_overlap: int = 1,
    weights: Weights | None = None,
    scale: ScaleSpec = None,
    order: Literal["cluster"] | None = None,
    holder: HolderSpec = None,
    normalization: Normalization = "average",
    by: BySpec = None,
    top: int | None = None,
) -> pd.DataFrame:
    """Pairwise agreement between voices over the issues both address.

    Parameters
    ----------
    data : Dataset or pandas.DataFrame
        A dataset (its voices are the rows of ``stance_matrix(data, holder)``; its
        scale and its codebook's issue weights apply), or a stance matrix: voices ×
        issues, numbers on the scale, NaN = not addressed.
    metric : str
        ``exact`` — weighted share of co-addressed issues with identical stances, 0..1;
        ``sign`` — share with the same direction (support / neutral / oppose, relative
        to the scale midpoint), 0..1;
        ``cityblock`` — 1 − weighted mean |a − b| / scale range (smartvote-style), 0..1;
        ``congruence``, ``conflict``, ``subtract`` — the Discourse Network Analyzer's
        one-mode networks with its integer-qualifier aggregation: summed similarity
        1 − |a − b| / range, summed distance |a − b| / range, or their difference, each
        divided by ``normalization``;
        ``pearson``, ``spearman`` — correlation over pairwise-complete issues, −1..1;
        ``kappa`` — linearly weighted Cohen's kappa, at most 1.
    min_overlap : int, default 1
        Pairs that co-address fewer issues get NaN (the issue count, unweighted).
    weights : mapping or Series, optional
        Issue -> weight (>= 0), overriding the codebook's weights (or 1 for a
        DataFrame) for the issues it names. Weights multiply each issue's term in every
        sum; for ``spearman`` they also weight the mid-ranks.
    scale : Scale or (min, max), optional
        The stance scale; default: the dataset's, or −2..+2 for a DataFrame.
    order : {None, "cluster"}
        None keeps the stance matrix's voice order; ``"cluster"`` orders voices by
        average-linkage clustering on 1 − agreement (see Notes).
    holder : str, list of str, or None
        Which voices of a Dataset: ``author``, actor id(s), or None for every voice.
        Must be None for a DataFrame.
    normalization : {"average", "none", "jaccard", "cosine"}
        Only for ``congruence``, ``conflict`` and ``subtract`` (ignored otherwise), as
        in DNA: raw sum, or divided by the mean of the two voices' (weighted) issue
        counts, by the size of the union of their (issue, stance) codings, or by the
        geometric mean of their issue counts.
    by : str or list of str, optional
        Only for a Dataset: group its sources into voices (``"outlet"``, ``"month"``,
        ``"outlet,month"``, ``"30D"``; see :func:`posmatrix.grouped`) and compare the
        groups' median stances. ``.attrs["unplaced"]`` names the sources left out.
    top : int, optional
        Instead of the dense matrix, each voice's ``top`` nearest and farthest voices
        as a tidy frame, computed in blocks with memory O(n·top): for tens of thousands
        of voices (see :func:`posmatrix.neighbours`; ``exact``, ``sign``, ``cityblock``).

    Returns
    -------
    pandas.DataFrame, shape (n_voices, n_voices)
        float64, symmetric; index and columns both named ``voice`` (labels as in
        :func:`posmatrix.stance_matrix`). Values unrounded.

    Raises
    ------
    UsageError
        Unknown metric, normalization or order; a bad ``min_overlap``, ``weights``,
        ``scale`` or ``holder``; a stance off the scale; non-numeric columns.

    Notes
    -----
    *Missing values.* An entry is NaN when the two voices co-address fewer than
    ``min_overlap`` issues, and also when its formula is undefined: every common
    issue has weight 0; ``pearson``/``spearman`` when either voice is constant on the
    common issues (so always with fewer than two); ``kappa`` when chance disagreement
    is 0 (both voices take one and the same stance throughout); a DNA normalization
    whose denominator is 0.

    *Diagonal.* The metric of a voice with itself over the issues it addresses
    (1 for the similarity metrics, 0 for ``conflict``; NaN if it addresses fewer than
    ``min_overlap`` issues or the formula is undefined). DNA itself leaves the
    diagonal at 0.

    *Clustering* (``order="cluster"``): distances are 1 − agreement for ``exact``,
    ``sign``, ``cityblock``, ``congruence``; ``conflict`` itself; (1 − value) / 2 for
    ``subtract``, ``pearson``, ``spearman`` and ``kappa``; clipped to 0..1. An undefined
    (NaN) distance counts as the maximal distance 1. DNA metrics need a normalization.
    Average linkage (UPGMA) by :func:`scipy.cluster.hierarchy.linkage`; voices are listed in
    dendrogram order, the subtree holding the earlier voice (input order) first.

    Examples
    --------
    >>> import pandas as pd, numpy as np
    >>> s = pd.DataFrame(
    ...     {"a": [2, 2, -2], "b": [1, np.nan, -1], "c": [0, 1, np.nan]},
    ...     index=pd.Index(["x", "y", "z"], name="voice"),
    ... )
    >>> agreement(s, "exact")
    voice    x    y    z
    voice
    x      1.0  0.5  0.0
    y      0.5  1.0  0.0
    z      0.0  0.0  1.0
    >>> agreement(s)  # cityblock: 1 − mean |a − b| / 4
    voice      x      y     z
    voice
    x      1.000  0.875  0.25
    y      0.875  1.000  0.00
    z      0.250  0.000  1.00
    >>> agreement(s, "exact", min_overlap=2)
    voice    x    y    z
    voice
    x      1.0  0.5  0.0
    y      0.5  1.0  NaN
    z      0.0  NaN  1.0
    """
    _check_options(metric, normalization, min_overlap)
    if top is not None:  # k nearest and farthest per voice, without the n × n matrix
        from ..nearest import neighbours

        kw: dict[str, Any] = {"min_overlap": min_overlap, "weights": weights, "scale": scale}
        return neighbours(data, metric, k=top, holder=holder, by=by, **kw)
    if order not in (None, "cluster"):
        raise UsageError(f"order must be None or 'cluster', got {order!r}")
    data, unplaced = _by(data, by)
    inp = _prepare(data, holder=holder, weights=weights, scale=scale)
    values = _metric_values(inp, metric, normalization, int(min_overlap))
    labels = inp.voices
    if order == "cluster" and len(labels) > 1:
        leaves = np.array(
            _leaf_order(len(labels), _upgma(_distances(values, metric, normalization)))
        )
        values = values[leaves]  # rows, then columns: one n × n copy at a time
        values = values[:, leaves]
        labels = labels[leaves]
    out = _frame(values, labels)
    if unplaced is not None:
        out.attrs["unplaced"] = unplaced
    return out


def _by(
    data: Dataset | pd.DataFrame, by: BySpec
) -> tuple[Dataset | pd.DataFrame, dict[str, str] | None]:
    """``data`` grouped by ``by`` (see :func:`posmatrix.grouped`) and the sources left
    out, or ``data`` itself and None when ``by`` is None."""
    if by is None:
        return data, None
    if not isinstance(data, Dataset):
        raise UsageError("by groups the sources of a Dataset; a stance matrix has none")
    from ..groups import grouped

    group = grouped(data, by)
    return group.dataset, group.unplaced


def overlap(
    data: Dataset | pd.DataFrame, *, holder: HolderSpec = None, by: BySpec = None
) -> pd.DataFrame:
    """How many issues each pair of voices both address.

    Parameters
    ----------
    data : Dataset or pandas.DataFrame
        As for :func:`agreement`.
    holder : str, list of str, or None
        As for :func:`agreement` (None = every voice; must be None for a DataFrame).
    by : str or list of str, optional
        As for :func:`agreement`.

    Returns
    -------
    pandas.DataFrame, shape (n_voices, n_voices)
        int64, symmetric, index and columns named ``voice``; the diagonal is the
        number of issues each voice addresses. Issue weights play no part.

    Examples
    --------
    >>> import pandas as pd, numpy as np
    >>> s = pd.DataFrame({"a": [2, 1], "b": [np.nan, 0]}, index=["x", "y"])
    >>> overlap(s)
    voice  x  y
    voice
    x      1  1
    y      1  2
    """
    data, unplaced = _by(data, by)
    inp = _prepare(data, holder=holder, weights=None, scale=None, check_scale=False)
    counts = np.rint(_counts(inp.mask)).astype(np.int64)
    out = _frame(counts, inp.voices)
    if unplaced is not None:
        out.attrs["unplaced"] = unplaced
    return out


def camps(
    data: Dataset | pd.DataFrame,
    k: int | None = None,
    *,
    metric: Metric = "cityblock",
    min_overlap: int = 1,
    holder: HolderSpec = None,
    weights: Weights | None = None,
    scale: ScaleSpec = None,
    normalization: Normalization = "average",
    min_positions: int | None = None,
    seed: int = 0,
) -> Camps:
    """Split the voices into camps (``k`` of them, or ``k=None``: chosen by silhouette).

    Voices with fewer than ``min_positions`` positions, or only neutral ones, are set
    aside (camp 0, with the reason). The others are placed by
    :func:`posmatrix.camp_space` (missing stances filled with the issue's mean, three
    principal components, corrected for how many issues each voice addressed) and
    split by seeded k-means; ``k=None`` tries 2 … 6 camps and keeps the best mean
    silhouette (the scores are in ``Camps.scores``). ``docs/methods.md`` ("Camps").
    The average-linkage tree of the agreement stays with
    ``agreement(..., order="cluster")`` for ordering heatmaps.

    Parameters
    ----------
    data, holder, weights, scale
        As for :func:`agreement`.
    k : int or None
        Number of camps, 1 <= k <= number of voices (at most the voices kept are
        used); None: chosen by silhouette.
    metric, min_overlap, normalization
        Checked as for :func:`agreement` and otherwise unused: the camps rest on the
        stances themselves, not on one agreement metric.
    min_positions : int or None
        Voices addressing fewer issues are set aside as "too few positions"; default a
        tenth of the issues, at least 3, at most 7 (Pol.is's minimum of 7 votes).
    seed : int
        Seed of the k-means starts: the same data and seed give the same camps.

    Returns
    -------
    Camps
        ``assignment`` (index ``voice``; ``camp``, 0 = set aside; ``note``), ``sizes``,
        ``silhouette`` (the separation score), ``clear``, ``verdict``, ``scores``,
        ``set_aside``, ``within``, ``between``, ``polarization``, ``order``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame(
    ...     {"a": [2, 2, -2, -1, 0], "b": [1, 2, -2, -2, 0]},
    ...     index=["w", "x", "y", "z", "n"],
    ... )
    >>> c = camps(s, 2, min_positions=2)
    >>> c.assignment["camp"].tolist(), c.sizes
    ([1, 1, 2, 2, 0], (2, 2))
    >>> c.set_aside["note"].tolist()
    ['only neutral positions']
    >>> c.verdict
    '2 clear camps (silhouette 0.80)'
    """
    from ..campfind import find_camps

    _check_options(metric, normalization, min_overlap)
    found = find_camps(
        data,
        k,
        holder=holder,
        weights=weights,
        scale=scale,
        min_positions=min_positions,
        seed=seed,
    )
    if not isinstance(data, Dataset):
        return found
    ds = data

    def profiler(c: Camps) -> Profiles:
        from ..profiles import camp_profiles

        who: HolderSpec = "all" if holder is None else holder
        stances = stance_matrix(ds, who)
        agree = agreement(
            ds,
            metric=metric,
            min_overlap=min_overlap,
            holder=who,
            weights=weights,
            scale=scale,
            normalization=normalization,
        )
        return camp_profiles(ds, c.assignment["camp"], stances, agree)

    return attrs.evolve(found, profiler=profiler)
