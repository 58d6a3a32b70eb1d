"""Camp profiles: what defines each camp, what all camps share, where they divide, and
which voices bridge two camps — each with a representative quote.

Given a camp assignment (:func:`posmatrix.camps`), with ``S``/``O`` the voice × issue
masks of support/opposition and ``M`` the voice × camp membership matrix:

- **defining issues** of camp *g*: Pol.is' representativeness, the Laplace-smoothed
  share of the camp on a side over the same share among the other voices,
  ``((1 + s_g) / (2 + n_g)) / ((1 + s_r) / (2 + n_r))``, taken for support and for
  opposition (the larger; ``s`` = voices on that side, ``n`` = voices addressing the
  issue); shown with the camp's mean stance and the rest's.
- **consensus issues**: every camp's mean on the same side of the midpoint, the
  smallest spread between camp means first.
- **divisive issues**: the largest spread (max − min) between camp means first.
- **bridging voices**: a voice's mean agreement with its own camp and with the
  closest other camp; the bridge score is the smaller of the two (high = at home in
  both).

Counts are matrix products (``Mᵀ·S``), no loop over voices or pairs. A representative
quote is the quote of the camp's (or the issue's) most central voice on that side: the
voice with the highest mean agreement with its camp. Voices without a camp (NaN or
below 1, e.g. set aside by camp finding) take part in no camp's counts.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np

from .errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from .model import Dataset

__all__ = ["TOP", "Profiles", "camp_profiles"]

TOP: Final = 3
"""Issues and voices listed per camp and per list."""


@attrs.frozen(eq=False)
class Profiles:
    """Camp profiles (see the module for the scores).

    Attributes
    ----------
    defining : pandas.DataFrame
        ``camp``, ``issue``, ``side`` (``support``/``oppose``), ``repness`` (> 1:
        more of the camp on that side than of the rest), ``camp_mean``, ``rest_mean``,
        ``voice`` (whose quote), ``quote``. Up to ``top`` rows per camp, best first; only
        issues with ``repness > 1``.
    consensus, divisive : pandas.DataFrame
        ``issue``, ``spread`` (max − min camp mean), ``low``, ``high`` (the smallest and
        largest camp mean), ``voice``, ``quote``. Up to ``top`` rows each.
    bridging : pandas.DataFrame
        ``voice``, ``camp``, ``other`` (closest other camp), ``own`` and ``with_other``
        (mean agreement), ``bridge`` (the smaller). Up to ``top`` rows, best first.
    """

    defining: pd.DataFrame = attrs.field(repr=False)
    consensus: pd.DataFrame = attrs.field(repr=False)
    divisive: pd.DataFrame = attrs.field(repr=False)
    bridging: pd.DataFrame = attrs.field(repr=False)


def camp_profiles(
    ds: Dataset,
    camp: pd.Series[Any],
    stances: pd.DataFrame,
    agreement: pd.DataFrame | None,
    *,
    top: int = TOP,
    camp_means: pd.DataFrame | None = None,
) -> Profiles:
    """Profiles of the camps ``camp`` (voice → camp number) over ``stances``.

    Parameters
    ----------
    ds : Dataset
        For the scale's midpoint and the quotes.
    camp : pandas.Series
        Camp per voice (index: voice labels); NaN or < 1: no camp.
    stances : pandas.DataFrame
        Voice × issue stances (:func:`posmatrix.stance_matrix`).
    agreement : pandas.DataFrame or None
        Voice × voice agreement (any order; reindexed to ``stances``); None with
        ``camp_means``.
    top : int
        Rows per camp (defining) and per list.
    camp_means : pandas.DataFrame, optional
        Instead of ``agreement`` (past the size where the dense matrix is not built):
        each voice's mean agreement with each camp's other members, index voices,
        columns camp numbers (:func:`posmatrix.nearest.neighbours_and_means`) — what
        this function would compute from ``agreement``.

    Examples
    --------
    Camp 1 (a, b) supports x, camp 2 (c, d) opposes it; all support y:

    >>> import pandas as pd, posmatrix
    >>> from posmatrix.model import Coding, Dataset, Issue, Source
    >>> rows = [(v, "x", s) for v, s in zip("abcd", (2, 2, -2, -1))]
    >>> rows += [(v, "y", 1) for v in "abcd"]
    >>> ds = Dataset(title="t", issues={i: Issue(i, i) for i in "xy"},
    ...     sources={v: Source(v, v.upper()) for v in "abcd"},
    ...     codings=tuple(Coding(v, "author", i, s, f"{v} {i}") for v, i, s in rows))
    >>> st = posmatrix.stance_matrix(ds, "author")
    >>> p = camp_profiles(ds, pd.Series([1, 1, 2, 2], index=list("abcd")), st,
    ...                   posmatrix.agreement(ds))
    >>> p.defining[["camp", "issue", "side"]].values.tolist()[:1]
    [[1, 'x', 'support']]
    >>> p.consensus["issue"].tolist(), p.divisive["issue"].tolist()[:1]
    (['y'], ['x'])
    """
    import pandas as pd

    labels = [str(v) for v in stances.index]
    issues = [str(i) for i in stances.columns]
    values = stances.to_numpy(dtype=np.float64)
    mid = ds.scale.midpoint
    addressed = ~np.isnan(values)
    support = ((values > mid) & addressed).astype(np.float64)
    oppose = ((values < mid) & addressed).astype(np.float64)
    c = camp.reindex(labels).to_numpy(dtype=np.float64)
    valid = ~np.isnan(c) & (np.nan_to_num(c) >= 1)
    camps = sorted({int(x) for x in c[valid]})
    m = np.zeros((len(labels), len(camps)))
    for j, g in enumerate(camps):  # a loop over camps (few), not voices
        m[:, j] = valid & (np.nan_to_num(c) == g)
    total_a = addressed.astype(np.float64)
    n_g = m.T @ total_a  # camps × issues
    s_g, o_g = m.T @ support, m.T @ oppose
    all_in = m.sum(axis=1, keepdims=True).T @ total_a  # voices in any camp
    n_r = all_in - n_g
    s_r = m.sum(axis=1, keepdims=True).T @ support - s_g
    o_r = m.sum(axis=1, keepdims=True).T @ oppose - o_g
    rep_s = ((1 + s_g) / (2 + n_g)) / ((1 + s_r) / (2 + n_r))
    rep_o = ((1 + o_g) / (2 + n_g)) / ((1 + o_r) / (2 + n_r))
    vals0 = np.nan_to_num(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_g = (m.T @ vals0) / n_g
        mean_r = ((m.sum(axis=1, keepdims=True).T @ vals0) - m.T @ vals0) / n_r
    # centrality: each voice's mean agreement with each camp (voices × camps)
    if camp_means is not None:
        to_camp = camp_means.reindex(index=labels, columns=camps).to_numpy(dtype=np.float64)
    elif agreement is None:
        raise UsageError("camp_profiles needs agreement or camp_means")
    else:
        a = agreement.reindex(index=labels, columns=labels).to_numpy(dtype=np.float64).copy()
        np.fill_diagonal(a, np.nan)
        defined = ~np.isnan(a)
        with np.errstate(invalid="ignore", divide="ignore"):
            to_camp = (np.nan_to_num(a) @ m) / (defined.astype(np.float64) @ m)
    quotes = _quotes(ds, labels, issues)

    def central(members: np.ndarray[Any, Any], j: int, side: np.ndarray[Any, Any]) -> int:
        """The most central voice among ``members`` on ``side`` of issue ``j``; -1 if none."""
        ok = members & (side[:, j] > 0)
        if not ok.any():
            return -1
        score = np.where(ok, np.nan_to_num(np.nanmax(to_camp, axis=1, initial=-1.0)), -np.inf)
        return int(np.argmax(score))

    rows = []
    for j, g in enumerate(camps):
        members = m[:, j] > 0
        best = np.maximum(rep_s[j], rep_o[j])
        best = np.where(n_g[j] > 0, best, -np.inf)
        for i in np.argsort(-best, kind="stable")[:top]:
            if not np.isfinite(best[i]) or best[i] <= 1:
                continue  # not more of the camp on either side than of the rest
            side_support = rep_s[j, i] >= rep_o[j, i]
            v = central(members, int(i), support if side_support else oppose)
            rows.append(
                (
                    g,
                    issues[i],
                    "support" if side_support else "oppose",
                    float(best[i]),
                    float(mean_g[j, i]),
                    float(mean_r[j, i]),
                    labels[v] if v >= 0 else "",
                    quotes[v, i] if v >= 0 else "",
                )
            )
    defining = pd.DataFrame(
        rows,
        columns=["camp", "issue", "side", "repness", "camp_mean", "rest_mean", "voice", "quote"],
    )
    in_camp = valid
    means = np.where(n_g > 0, mean_g, np.nan)
    no_camp = np.full(len(issues), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an issue no camp addresses
        hi = np.nanmax(means, axis=0) if camps else no_camp
        lo = np.nanmin(means, axis=0) if camps else no_camp
    spread = hi - lo
    same_side = ((lo > mid) | (hi < mid)) & (len(camps) > 1)

    def issue_rows(order: np.ndarray[Any, Any]) -> pd.DataFrame:
        out = []
        for i in order[:top]:
            side = support if hi[i] + lo[i] >= 2 * mid else oppose
            v = central(in_camp, int(i), side)
            out.append(
                (
                    issues[i],
                    float(spread[i]),
                    float(lo[i]),
                    float(hi[i]),
                    labels[v] if v >= 0 else "",
                    quotes[v, i] if v >= 0 else "",
                )
            )
        return pd.DataFrame(out, columns=["issue", "spread", "low", "high", "voice", "quote"])

    finite = np.isfinite(spread)
    cons = np.flatnonzero(same_side & finite)
    consensus = issue_rows(cons[np.argsort(spread[cons], kind="stable")])
    div = np.flatnonzero(finite & (len(camps) > 1))
    divisive = issue_rows(div[np.argsort(-spread[div], kind="stable")])
    # bridging voices
    brows = []
    if len(camps) > 1:
        own_idx = np.array(
            [camps.index(int(x)) if ok else 0 for x, ok in zip(c, valid, strict=True)]
        )
        own = np.where(valid, to_camp[np.arange(len(labels)), own_idx], np.nan)
        other = to_camp.copy()
        other[np.arange(len(labels)), own_idx] = -np.inf
        other = np.where(np.isnan(other), -np.inf, other)
        oj = other.argmax(axis=1)
        with_other = other[np.arange(len(labels)), oj]
        bridge = np.where(valid & np.isfinite(with_other), np.minimum(own, with_other), np.nan)
        order = np.argsort(-np.nan_to_num(bridge, nan=-np.inf), kind="stable")
        for v in order[:top]:
            if np.isnan(bridge[v]):
                continue
            brows.append(
                (
                    labels[v],
                    camps[own_idx[v]],
                    camps[int(oj[v])],
                    float(own[v]),
                    float(with_other[v]),
                    float(bridge[v]),
                )
            )
    bridging = pd.DataFrame(
        brows, columns=["voice", "camp", "other", "own", "with_other", "bridge"]
    )
    return Profiles(defining=defining, consensus=consensus, divisive=divisive, bridging=bridging)


def _quotes(ds: Dataset, labels: list[str], issues: list[str]) -> np.ndarray[Any, Any]:
    from .clashes import _quote_matrix

    return _quote_matrix(ds, labels, issues)
