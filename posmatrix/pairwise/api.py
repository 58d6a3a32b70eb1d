"""Who agrees with whom: :func:`agreement`, :func:`overlap` and :func:`camps`.

:func:`agreement` compares every pair of voices (rows of a stance matrix) over the
issues both address, by one of the registered metrics (:mod:`.registry`);
:func:`overlap` counts those common issues, so a score resting on one issue is
visible; :func:`camps` cuts an average-linkage tree of the voices into camps and
scores how polarized they are.

Everything is computed for all pairs at once with masks, one-hot (or cumulative
"at most") encodings and matrix products — never a Python loop over pairs of
voices. Products run in float32 when every summand is a small integer (or a
multiple of 1/2 or 1/4) so that the float32 sums are exact, and in float64
otherwise; the final ratios are float64. Formulas, ranges, missing-value rules and
references for every metric are in ``docs/methods.md`` ("Agreement metrics").
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import pandas as pd

from ..errors import UsageError
from ..matrix import HolderSpec
from ..model import Dataset
from .clustering import _cut, _distances, _leaf_order, _polarization, _upgma
from .inputs import ScaleSpec, Weights, _Input, _prepare
from .registry import METRICS, NORMALIZATIONS, Metric, Normalization, spec
from .runtime import F64, _counts, _frame

if TYPE_CHECKING:
    from ..groups import BySpec

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


@attrs.frozen
class Camps:
    """Voices split into camps by :func:`camps`.

    Attributes
    ----------
    assignment : pandas.DataFrame
        Index ``voice`` (stance matrix order); column ``camp`` (int64, 1..k: camp 1 is
        the largest, ties broken by the camp's earliest voice).
    k : int
        The number of camps asked for.
    metric : str
        The agreement metric the distances come from.
    polarization : float
        ``between − within`` (NaN if either is undefined), −1..1: 0 means the camps are
        no further apart than their members are from each other.
    within : float
        Mean distance between two voices of one camp, over pairs with a defined score.
    between : float
        Mean distance between two voices of different camps, over defined pairs.
    order : tuple of str
        Voices in dendrogram (leaf) order.
    """

    assignment: pd.DataFrame
    k: int
    metric: str
    polarization: float
    within: float
    between: float
    order: tuple[str, ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        """Number of voices in camp 1, 2, … k."""
        counts = self.assignment["camp"].value_counts()
        return tuple(int(counts.get(c, 0)) for c in range(1, self.k + 1))

    def to_dict(self) -> dict[str, Any]:
        """Plain Python (JSON-ready): NaN becomes None, camps map voice -> number."""

        def num(v: float) -> float | None:
            return None if math.isnan(v) else float(v)

        return {
            "k": self.k,
            "metric": self.metric,
            "polarization": num(self.polarization),
            "within": num(self.within),
            "between": num(self.between),
            "sizes": list(self.sizes),
            "camps": {str(v): int(c) for v, c in self.assignment["camp"].items()},
            "order": list(self.order),
        }

    def __repr__(self) -> str:
        from ..notebook import camps_repr

        return camps_repr(self)

    def _repr_html_(self) -> str:
        from ..notebook import camps_html

        return camps_html(self)


def camps(
    data: Dataset | pd.DataFrame,
    k: int,
    *,
    metric: Metric = "cityblock",
    min_overlap: int = 1,
    holder: HolderSpec = None,
    weights: Weights | None = None,
    scale: ScaleSpec = None,
    normalization: Normalization = "average",
) -> Camps:
    """Split the voices into ``k`` camps and score how polarized the camps are.

    The voices' average-linkage tree (distances as for ``agreement(..., order="cluster")``:
    1 − agreement mapped to 0..1, undefined pairs at distance 1) is cut into ``k``
    clusters by undoing its ``k − 1`` highest merges.

    Parameters
    ----------
    data, metric, min_overlap, holder, weights, scale, normalization
        As for :func:`agreement`.
    k : int
        Number of camps, 1 <= k <= number of voices.

    Returns
    -------
    Camps
        ``assignment`` (index ``voice``, column ``camp``), ``polarization``
        (mean between-camp distance − mean within-camp distance, −1..1, over pairs of
        distinct voices whose score is defined; NaN with one camp or only singleton
        camps), ``within``, ``between``, ``order``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame(
    ...     {"a": [2, 2, -2, -1], "b": [1, 2, -2, -2]}, index=["w", "x", "y", "z"]
    ... )
    >>> c = camps(s, 2)
    >>> c.assignment["camp"].tolist(), c.sizes
    ([1, 1, 2, 2], (2, 2))
    >>> round(c.within, 4), round(c.between, 4), round(c.polarization, 4)
    (0.125, 0.875, 0.75)
    """
    _check_options(metric, normalization, min_overlap)
    inp = _prepare(data, holder=holder, weights=weights, scale=scale)
    n = len(inp.voices)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= max(n, 1):
        raise UsageError(f"k must be an integer from 1 to the number of voices ({n}), got {k!r}")
    values = _metric_values(inp, metric, normalization, int(min_overlap))
    merges = _upgma(_distances(values, metric, normalization)) if n > 1 else []
    labels = _cut(n, merges, int(k)) if n else np.zeros(0, dtype=np.int64)
    within, between = (float(v) for v in _polarization(values, labels, metric, normalization))
    order = tuple(str(inp.voices[i]) for i in _leaf_order(n, merges))
    assignment = pd.DataFrame({"camp": labels}, index=inp.voices.copy())
    return Camps(
        assignment=assignment,
        k=int(k),
        metric=str(metric),
        polarization=between - within,
        within=within,
        between=between,
        order=order,
    )
