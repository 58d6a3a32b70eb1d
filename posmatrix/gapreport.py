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
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final, cast

import attrs
import numpy as np
import pandas as pd
from tabulate import tabulate

from .clashes import Clashes, find_clashes
from .errors import UsageError
from .matrix import HolderSpec, select_holders, stance_matrix, voices
from .model import AUTHOR, NO_QUOTE, Dataset
from .textsafe import visible

if TYPE_CHECKING:
    from .groups import BySpec

__all__ = ["GapReport", "gaps"]

METRIC: Final = "cityblock"
"""The agreement metric of :attr:`GapReport.pairs` and :attr:`GapReport.sensitivity_pairs`."""

Side = str | Sequence[str]
"""One side of :meth:`GapReport.between`: a voice label, an actor id, ``"author"``
(every source's own voice), or a list of voice labels."""

_EvidenceKey = tuple[str, str, str]


# -- helpers ------------------------------------------------------------------------------


def _evidence(ds: Dataset) -> dict[_EvidenceKey, str]:
    """``(source, holder, issue)`` -> the evidence quote of that voice on that issue."""
    first: dict[_EvidenceKey, str] = {}
    first_adj: dict[_EvidenceKey, str] = {}
    for c in ds.codings:
        key = (c.source, c.holder, c.issue)
        first.setdefault(key, c.quote)
        if c.adjudicated:
            first_adj.setdefault(key, c.quote)
    first.update(first_adj)
    return first


def _point_name(point: int) -> str:
    return f"n_{point}"


def _order_key(values: np.ndarray[Any, Any], *, descending: bool) -> np.ndarray[Any, Any]:
    """A lexsort key sorting ``values`` as asked, NaN always last."""
    v = np.asarray(values, dtype=np.float64)
    key = -v if descending else v.copy()
    key[np.isnan(v)] = np.inf
    return key


def _hint(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _obj(values: Sequence[Any]) -> pd.Series[Any]:
    """``values`` as an object column (also when empty): text stays Python ``str`` under
    every pandas version, and an empty column is not taken for floats."""
    return pd.Series(list(values), dtype=object)


def _objectify(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn the string-dtype columns pandas infers for text into object columns."""
    for column in frame.columns:
        dtype = frame[column].dtype
        if isinstance(dtype, pd.StringDtype):
            frame[column] = frame[column].astype(object)
    return frame


def _labels(frame: pd.DataFrame) -> list[str]:
    return [str(v) for v in frame.index]


# -- issues -------------------------------------------------------------------------------


def issue_ranking(ds: Dataset) -> list[str]:
    """Issue ids in the order of :attr:`GapReport.issues` of ``gaps(ds)`` (most contested
    first), without the rest of the report: what :func:`posmatrix.diff` compares.

    >>> from posmatrix import example, gaps
    >>> ds = example()
    >>> issue_ranking(ds) == list(gaps(ds).issues.index)
    True
    """
    holders = select_holders(ds, None)
    table = _issue_table(ds, stance_matrix(ds, holders), voices(ds, holders))
    return [str(i) for i in table.index]


def _issue_table(ds: Dataset, stances: pd.DataFrame, vframe: pd.DataFrame) -> pd.DataFrame:
    """The ``issues`` part (see :attr:`GapReport.issues`) from the stance matrix of the
    selected voices and their :func:`~posmatrix.matrix.voices` frame."""
    from .measures import van_der_eijk_a

    scale = ds.scale
    values = stances.to_numpy(dtype=np.float64)
    issue_ids = list(ds.issues)
    n_issues = len(issue_ids)
    present = ~np.isnan(values)
    n = present.sum(axis=0).astype(np.int64)

    # Distribution over the scale: a stance between two points (a median of coders)
    # counts to both neighbours in proportion to its closeness.
    filled = values  # NaN where not addressed; every comparison below is False there
    counts = np.zeros((n_issues, len(scale.points)), dtype=np.float64)
    for k, point in enumerate(scale.points):  # one pass per scale point, not per voice
        weight = np.clip(1.0 - np.abs(filled - point), 0.0, 1.0)
        counts[:, k] = np.where(present, weight, 0.0).sum(axis=0)

    mid = scale.midpoint
    support = (present & (filled > mid)).sum(axis=0).astype(np.int64)
    oppose = (present & (filled < mid)).sum(axis=0).astype(np.int64)
    neutral = (present & (filled == mid)).sum(axis=0).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        polarization = np.where(n > 0, 2.0 * np.minimum(support, oppose) / n, np.nan)

    a_values = np.full(n_issues, np.nan)
    if n.any() and len(scale.points) >= 3:  # A needs at least three categories
        a_values[n > 0] = np.asarray(van_der_eijk_a(counts[n > 0]), dtype=np.float64)

    mean = stances.mean(axis=0).to_numpy(dtype=np.float64)
    std = stances.std(axis=0, ddof=0).to_numpy(dtype=np.float64)
    lo = stances.min(axis=0).to_numpy(dtype=np.float64)
    hi = stances.max(axis=0).to_numpy(dtype=np.float64)
    contested = (support > 0) & (oppose > 0)

    # Poles: the voices at the lowest and at the highest stance of each issue.
    evidence = _evidence(ds)
    keys = list(zip(vframe["source"], vframe["holder"], strict=True))
    labels = _labels(vframe)
    low_v: list[list[str]] = [[] for _ in issue_ids]
    low_q: list[list[str]] = [[] for _ in issue_ids]
    high_v: list[list[str]] = [[] for _ in issue_ids]
    high_q: list[list[str]] = [[] for _ in issue_ids]
    for target_v, target_q, pole in ((low_v, low_q, lo), (high_v, high_q, hi)):
        rows, cols = np.nonzero(present & (filled == pole[np.newaxis, :]))
        order = np.lexsort((rows, cols))
        for r, c in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
            source, holder = keys[r]
            target_v[c].append(labels[r])
            target_q[c].append(evidence[(source, holder, issue_ids[c])])

    frame = pd.DataFrame(
        {
            "proposition": [ds.issues[i].proposition for i in issue_ids],
            "group": [ds.issues[i].group for i in issue_ids],
            "voices": n,
            "contested": contested,
            "clashes": support * oppose,
            "polarization": polarization,
            "van_der_eijk_a": a_values,
            "mean": mean,
            "std": std,
            "min": lo,
            "max": hi,
            "range": hi - lo,
            "support": support,
            "neutral": neutral,
            "oppose": oppose,
            **{_point_name(p): counts[:, k] for k, p in enumerate(scale.points)},
            "low_voices": low_v,
            "low_quotes": low_q,
            "high_voices": high_v,
            "high_quotes": high_q,
        },
        index=pd.Index(issue_ids, name="issue", dtype=object),
    )
    order = np.lexsort(
        (
            np.arange(n_issues),
            -n,
            _order_key(hi - lo, descending=True),
            _order_key(a_values, descending=False),
            _order_key(polarization, descending=True),
            -(support * oppose),
            -contested.astype(np.int64),
        )
    )
    ranked = pd.DataFrame(frame.iloc[order])
    ranked.insert(0, "rank", np.arange(1, n_issues + 1, dtype=np.int64))
    return ranked


# -- pairs --------------------------------------------------------------------------------


def _agreement_and_overlap(
    ds: Dataset, stances: pd.DataFrame
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Cityblock agreement (codebook weights, the dataset's scale) and overlap among the
    rows of ``stances``, as n x n arrays in row order."""
    n = len(stances)
    if n == 0:
        return np.zeros((0, 0)), np.zeros((0, 0), dtype=np.int64)
    from .analysis import agreement, overlap

    weights = {i: float(issue.weight) for i, issue in ds.issues.items()}
    agr = agreement(stances, METRIC, scale=ds.scale, weights=weights)
    ovl = overlap(stances)
    return agr.to_numpy(dtype=np.float64), ovl.to_numpy().astype(np.int64)


def _upper_top(
    valid: np.ndarray[Any, Any], keys: Sequence[np.ndarray[Any, Any]], k: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Rows and columns of the (at most) ``k`` first cells ``(i, j)``, ``i < j``, where
    ``valid`` holds, ordered by ``keys`` (n x n arrays; the last is the primary key, as in
    :func:`numpy.lexsort`; no NaN), then by ``(i, j)``.

    Only the cells that can reach the first ``k`` by the primary key (ties included)
    are sorted, so the cost stays near one pass over the matrix.
    """
    n = valid.shape[0]
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    ok = (valid & ~np.tri(n, dtype=bool)).ravel()
    primary = np.where(ok, keys[-1].ravel(), np.inf)
    n_ok = int(ok.sum())
    if n_ok > k:
        kth = np.partition(primary, k - 1)[k - 1]
        cand = np.flatnonzero(ok & (primary <= kth))
    else:
        cand = np.flatnonzero(ok)
    # the flat index is row-major, so it orders ties by (i, j)
    order = np.lexsort((cand, *(key.ravel()[cand] for key in keys)))[:k]
    flat = cand[order]
    return flat // n, flat % n


def _pairs_table(
    ds: Dataset,
    stances: pd.DataFrame,
    vframe: pd.DataFrame,
    agr: np.ndarray[Any, Any],
    ovl: np.ndarray[Any, Any],
    top: int,
) -> pd.DataFrame:
    """The ``pairs`` part (see :attr:`GapReport.pairs`)."""
    labels = [str(v) for v in stances.index]
    keys = list(zip(vframe["source"], vframe["holder"], strict=True))
    issue_ids = [str(c) for c in stances.columns]
    values = stances.to_numpy(dtype=np.float64)
    present = ~np.isnan(values)
    evidence = _evidence(ds)
    valid = ~np.isnan(agr)
    score = np.nan_to_num(agr)
    parts = []
    for kind, sign in (("divergent", 1.0), ("aligned", -1.0)):
        ia, ib = _upper_top(valid, [-ovl.astype(np.float64), sign * score], top)
        shared = [np.flatnonzero(row) for row in present[ia] & present[ib]]
        columns: dict[str, list[Any]] = {f: [] for f in ("issues", "stances_a", "stances_b")}
        columns.update(quotes_a=[], quotes_b=[])
        for i, j, ks in zip(ia.tolist(), ib.tolist(), shared, strict=True):
            columns["issues"].append([issue_ids[k] for k in ks])
            for side, row in (("a", i), ("b", j)):
                source, holder = keys[row]
                columns[f"stances_{side}"].append(values[row, ks].tolist())
                columns[f"quotes_{side}"].append(
                    [evidence[(source, holder, issue_ids[k])] for k in ks]
                )
        parts.append(
            pd.DataFrame(
                {
                    "kind": pd.Series([kind] * len(ia), dtype=object),
                    "rank": np.arange(1, len(ia) + 1, dtype=np.int64),
                    "voice_a": pd.Series([labels[i] for i in ia], dtype=object),
                    "voice_b": pd.Series([labels[j] for j in ib], dtype=object),
                    "agreement": agr[ia, ib],
                    "overlap": ovl[ia, ib].astype(np.int64),
                    **{name: pd.Series(col, dtype=object) for name, col in columns.items()},
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


# -- actors -------------------------------------------------------------------------------


def _actor_cells(ds: Dataset) -> pd.DataFrame:
    """The ``actors`` part (see :attr:`GapReport.actors`)."""
    columns = [
        "actor_name",
        "proposition",
        "stance",
        "min",
        "max",
        "spread",
        "n_sources",
        "same_side",
        "sources",
        "stances",
        "quotes",
    ]
    actor_ids = list(ds.actors)
    dtypes = {"stance": "float64", "min": "float64", "max": "float64", "spread": "float64"}
    dtypes.update(n_sources="int64", same_side="bool")
    empty = pd.DataFrame(
        {c: pd.Series([], dtype=dtypes.get(c, object)) for c in columns},
        index=pd.MultiIndex.from_arrays(
            [pd.Index([], dtype=object), pd.Index([], dtype=object)], names=["actor", "issue"]
        ),
    )
    if not actor_ids:
        return empty
    stances = stance_matrix(ds, actor_ids)
    vframe = voices(ds, actor_ids)
    values = stances.to_numpy(dtype=np.float64)
    rows, cols = np.nonzero(~np.isnan(values))
    if len(rows) == 0:
        return empty
    evidence = _evidence(ds)
    issue_ids = list(ds.issues)
    src = vframe["source"].to_numpy(dtype=object)
    hold = vframe["holder"].to_numpy(dtype=object)
    actor_rank = {a: i for i, a in enumerate(actor_ids)}
    long = pd.DataFrame(
        {
            "actor": hold[rows],
            "issue": [issue_ids[c] for c in cols],
            "a_pos": [actor_rank[h] for h in hold[rows]],
            "i_pos": cols,
            "s_pos": rows,
            "source": src[rows],
            "stance": values[rows, cols],
            "quote": [
                evidence[(s, h, issue_ids[c])]
                for s, h, c in zip(src[rows], hold[rows], cols, strict=True)
            ],
        }
    ).sort_values(["a_pos", "i_pos", "s_pos"], kind="stable")
    grouped = long.groupby(["a_pos", "i_pos"], sort=True)
    out = grouped.agg(
        actor=("actor", "first"),
        issue=("issue", "first"),
        stance=("stance", "median"),
        min=("stance", "min"),
        max=("stance", "max"),
        n_sources=("source", "size"),
        sources=("source", list),
        stances=("stance", list),
        quotes=("quote", list),
    )
    mid = ds.scale.midpoint
    out["spread"] = out["max"] - out["min"]
    out["same_side"] = (
        (out["min"] > mid) | (out["max"] < mid) | ((out["min"] == mid) & (out["max"] == mid))
    )
    out["actor_name"] = [ds.actors[a].name for a in out["actor"]]
    out["proposition"] = [ds.issues[i].proposition for i in out["issue"]]
    out["n_sources"] = out["n_sources"].astype(np.int64)
    out.index = pd.MultiIndex.from_arrays(
        [out["actor"].astype(object), out["issue"].astype(object)], names=["actor", "issue"]
    )
    return pd.DataFrame(out[columns])


def _actor_matrix(ds: Dataset, cells: pd.DataFrame) -> pd.DataFrame:
    """Actor x issue median stances (every actor and issue of the codebook)."""
    actor_ids = list(ds.actors)
    issue_ids = list(ds.issues)
    out = np.full((len(actor_ids), len(issue_ids)), np.nan)
    if len(cells):
        a_pos = {a: i for i, a in enumerate(actor_ids)}
        i_pos = {s: j for j, s in enumerate(issue_ids)}
        r = np.array([a_pos[a] for a in cells.index.get_level_values("actor")], dtype=np.int64)
        c = np.array([i_pos[i] for i in cells.index.get_level_values("issue")], dtype=np.int64)
        out[r, c] = cells["stance"].to_numpy(dtype=np.float64)
    return pd.DataFrame(
        out,
        index=pd.Index(actor_ids, name="actor", dtype=object),
        columns=pd.Index(issue_ids, name="issue", dtype=object),
    )


def _actor_distance(ds: Dataset, matrix: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    index = pd.Index(list(matrix.index), name="actor", dtype=object)
    columns = pd.Index(list(matrix.index), name="other", dtype=object)
    if len(matrix) == 0:
        return (
            pd.DataFrame(np.zeros((0, 0)), index=index, columns=columns),
            pd.DataFrame(np.zeros((0, 0), dtype=np.int64), index=index, columns=columns),
        )
    from .analysis import agreement, overlap

    weights = {i: float(issue.weight) for i, issue in ds.issues.items()}
    agr = agreement(matrix, METRIC, scale=ds.scale, weights=weights)
    ovl = overlap(matrix)
    distance = (1.0 - agr.to_numpy(dtype=np.float64)) * ds.scale.range
    return (
        pd.DataFrame(distance, index=index, columns=columns),
        pd.DataFrame(ovl.to_numpy().astype(np.int64), index=index, columns=columns),
    )


def _red_lines(ds: Dataset, cells: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """Every red line between two actors (see :attr:`GapReport.red_lines`)."""
    scale = ds.scale
    m = matrix.to_numpy(dtype=np.float64)
    actor_ids = list(matrix.index)
    issue_ids = list(matrix.columns)
    ia, ib = np.triu_indices(len(actor_ids), k=1)
    a, b = m[ia], m[ib]
    with np.errstate(invalid="ignore"):
        red = _is_red_line(a, b, scale.min, scale.max, scale.midpoint)
    p, k = np.nonzero(red)
    frame = pd.DataFrame(
        {
            "actor_a": _obj([actor_ids[i] for i in ia[p]]),
            "actor_b": _obj([actor_ids[j] for j in ib[p]]),
            "issue": _obj([issue_ids[c] for c in k]),
            "stance_a": a[p, k],
            "stance_b": b[p, k],
        }
    )
    frame["gap"] = (frame["stance_a"] - frame["stance_b"]).abs()
    for side in ("a", "b"):
        keys = list(zip(frame[f"actor_{side}"], frame["issue"], strict=True))
        for column, field in (("sources", "sources"), ("evidence", "quotes")):
            lookup: list[Any] = [cells.at[key, field] for key in keys]
            frame[f"{column}_{side}"] = pd.Series(
                [list(v) for v in lookup], index=frame.index, dtype=object
            )
    return frame


def _is_red_line(
    a: np.ndarray[Any, Any], b: np.ndarray[Any, Any], lo: float, hi: float, mid: float
) -> np.ndarray[Any, Any]:
    opposite = ((a > mid) & (b < mid)) | ((a < mid) & (b > mid))
    at_end = (a == lo) | (a == hi) | (b == lo) | (b == hi)
    result: np.ndarray[Any, Any] = opposite & at_end
    return result


# -- coverage -----------------------------------------------------------------------------


def _coverage(
    ds: Dataset, holders: list[str], min_sources: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    source_ids = list(ds.sources)
    issue_ids = list(ds.issues)
    s_pos = {s: i for i, s in enumerate(source_ids)}
    i_pos = {s: j for j, s in enumerate(issue_ids)}
    wanted = set(holders)
    chosen = [c for c in ds.codings if c.holder in wanted]
    addressed = np.zeros((len(source_ids), len(issue_ids)), dtype=bool)
    r = np.array([s_pos[c.source] for c in chosen], dtype=np.int64)
    k = np.array([i_pos[c.issue] for c in chosen], dtype=np.int64)
    addressed[r, k] = True
    low = np.array([c.confidence == "low" for c in chosen], dtype=bool)
    coverage = pd.DataFrame(
        addressed,
        index=pd.Index(source_ids, name="source", dtype=object),
        columns=pd.Index(issue_ids, name="issue", dtype=object),
    )
    n_issues = addressed.sum(axis=1).astype(np.int64)
    per_source = pd.DataFrame(
        {
            "title": [ds.sources[s].title for s in source_ids],
            "issues": n_issues,
            "share": n_issues / len(issue_ids) if issue_ids else np.full(len(source_ids), np.nan),
            "codings": np.bincount(r, minlength=len(source_ids)).astype(np.int64),
            "low_confidence": np.bincount(r[low], minlength=len(source_ids)).astype(np.int64),
        },
        index=pd.Index(source_ids, name="source", dtype=object),
    )
    n_sources = addressed.sum(axis=0).astype(np.int64)
    thin = np.flatnonzero(n_sources < min_sources)
    thin_issues = pd.DataFrame(
        {
            "proposition": [ds.issues[issue_ids[j]].proposition for j in thin],
            "n_sources": n_sources[thin],
            "sources": [
                [source_ids[i] for i in np.flatnonzero(addressed[:, j])] for j in thin.tolist()
            ],
        },
        index=pd.Index([issue_ids[j] for j in thin], name="issue", dtype=object),
    )
    from .matrix import voice_label

    lows = [c for c in chosen if c.confidence == "low"]
    low_confidence = pd.DataFrame(
        {
            "voice": _obj([voice_label(c.source, c.holder) for c in lows]),
            "source": _obj([c.source for c in lows]),
            "holder": _obj([c.holder for c in lows]),
            "issue": _obj([c.issue for c in lows]),
            "stance": np.array([c.stance for c in lows], dtype=np.int64),
            "coder": _obj([c.coder for c in lows]),
            "quote": _obj([c.quote for c in lows]),
            "note": _obj([c.note for c in lows]),
        }
    )
    return coverage, per_source, thin_issues, low_confidence


# -- sensitivity --------------------------------------------------------------------------


def _sensitivity(
    ds: Dataset,
    high: Dataset,
    holders: list[str],
    full: pd.DataFrame,
    labels: list[str],
    agr: np.ndarray[Any, Any],
    ovl: np.ndarray[Any, Any],
    top: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    high_stances = stance_matrix(high, holders)
    reduced = _issue_table(high, high_stances, voices(high, holders)).reindex(full.index)
    wanted = set(holders)
    dropped = pd.Series(
        [c.issue for c in ds.codings if c.holder in wanted and c.confidence == "low"],
        dtype=object,
    ).value_counts()
    issues = pd.DataFrame(
        {
            "rank": full["rank"],
            "rank_high": reduced["rank"],
            "rank_change": reduced["rank"] - full["rank"],
            "dropped": dropped.reindex(full.index, fill_value=0).to_numpy(dtype=np.int64),
            "voices": full["voices"],
            "voices_high": reduced["voices"],
            "contested": full["contested"],
            "contested_high": reduced["contested"],
            "polarization": full["polarization"],
            "polarization_high": reduced["polarization"],
            "van_der_eijk_a": full["van_der_eijk_a"],
            "van_der_eijk_a_high": reduced["van_der_eijk_a"],
        },
        index=full.index,
    )

    # The reduced dataset's voices are a subset of the full one's: align them by label.
    agr_h, ovl_h = _agreement_and_overlap(high, high_stances)
    pos = {v: i for i, v in enumerate(labels)}
    at = np.array([pos[str(v)] for v in high_stances.index], dtype=np.int64)
    n = len(labels)
    agr_high = np.full((n, n), np.nan)
    ovl_high = np.zeros((n, n), dtype=np.int64)
    agr_high[np.ix_(at, at)] = agr_h
    ovl_high[np.ix_(at, at)] = ovl_h
    with np.errstate(invalid="ignore"):
        change = agr_high - agr
        moved = ~((agr == agr_high) | (np.isnan(agr) & np.isnan(agr_high)))
    lost = ~np.isnan(agr) & np.isnan(agr_high)
    ia, ib = _upper_top(
        moved,
        [_order_key(np.abs(change), descending=True), (~lost).astype(np.float64)],
        top,
    )
    pairs = pd.DataFrame(
        {
            "voice_a": pd.Series([labels[i] for i in ia], dtype=object),
            "voice_b": pd.Series([labels[j] for j in ib], dtype=object),
            "agreement": agr[ia, ib],
            "agreement_high": agr_high[ia, ib],
            "change": change[ia, ib],
            "lost": lost[ia, ib],
            "overlap": ovl[ia, ib].astype(np.int64),
            "overlap_high": ovl_high[ia, ib].astype(np.int64),
        }
    )
    return issues, pairs


# -- the report ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """``value`` as plain Python: no numpy scalars, NaN and NA as None."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return None if np.isnan(f) else f
    return str(value)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A tidy frame as records: the named index levels first, then the columns."""
    levels = [str(n) for n in frame.index.names if n is not None]
    columns = [str(c) for c in frame.columns]
    index_rows = [k if isinstance(k, tuple) else (k,) for k in frame.index] if levels else None
    out = []
    for i, row in enumerate(frame.itertuples(index=False, name=None)):
        record = {} if index_rows is None else dict(zip(levels, index_rows[i], strict=True))
        record.update((col, _plain(v)) for col, v in zip(columns, row, strict=True))
        out.append({k: _plain(v) for k, v in record.items()})
    return out


def _matrix(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """A labelled matrix as ``{row: {column: value}}``."""
    return {
        str(r): {str(c): _plain(v) for c, v in zip(frame.columns, row, strict=True)}
        for r, row in zip(frame.index, frame.itertuples(index=False, name=None), strict=True)
    }


def _cell(value: Any, width: int = 60) -> Any:
    value = _plain(value)
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) > width:
        value = value[: width - 1] + "…"
    return value


def _table(
    frame: pd.DataFrame, columns: Sequence[Hashable], width: int = 60, max_rows: int = 50
) -> str:
    """The named index levels and ``columns`` of ``frame`` as a plain-text table: lists
    joined, long texts cut to ``width``, numbers to 2 decimals, at most ``max_rows`` rows."""
    if len(frame) == 0:
        return "(none)"
    shown = frame.iloc[:max_rows]
    levels = [n for n in shown.index.names if n is not None]
    values = [shown.index.get_level_values(i).tolist() for i in range(len(levels))]
    values += [shown[c].tolist() for c in columns]
    rows = [[_cell(v, width) for v in row] for row in zip(*values, strict=True)]
    headers = [str(c) for c in (*levels, *columns)]
    text = tabulate(rows, headers=headers, floatfmt=".2f", missingval="–", tablefmt="simple")
    if len(frame) > max_rows:
        text += f"\n… and {len(frame) - max_rows} more rows"
    return text


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
        both quotes (:func:`posmatrix.clashes.find_clashes`).
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
        return out

    def __str__(self) -> str:
        ds = self.dataset
        lines = [
            f"Gap report: {ds.title}",
            f"{len(ds.sources)} sources, {len(ds.issues)} issues, {len(ds.actors)} actors; "
            f"voices of {', '.join(self.holders)}",
        ]

        def section(title: str, body: str) -> None:
            lines.extend(["", title, "=" * len(title), body])

        section(
            "Issues, most contested first",
            _table(
                self.issues,
                [
                    "rank",
                    "voices",
                    "contested",
                    "clashes",
                    "polarization",
                    "van_der_eijk_a",
                    "mean",
                    "std",
                    "range",
                    "low_voices",
                    "high_voices",
                ],
                width=40,
            ),
        )
        contested = self.issues[self.issues["contested"]]
        poles = []
        for issue, row in contested.iterrows():
            poles.append(f"{issue}: {ds.issues[str(issue)].proposition}")
            for side, stance in (("low", row["min"]), ("high", row["max"])):
                for voice, quote in zip(row[f"{side}_voices"], row[f"{side}_quotes"], strict=True):
                    poles.append(f"  {stance:+g}  {voice}: {_cell(quote or NO_QUOTE, 100)}")
        section("Poles of the contested issues", "\n".join(poles) or "(none)")
        section(
            "Red lines between actors",
            _table(
                self.red_lines,
                ["actor_a", "actor_b", "issue", "stance_a", "stance_b", "sources_a", "sources_b"],
            ),
        )
        for kind in ("divergent", "aligned"):
            section(
                f"Most {kind} pairs ({METRIC} agreement)",
                _table(
                    self.pairs[self.pairs["kind"] == kind],
                    ["rank", "voice_a", "voice_b", "agreement", "overlap"],
                ),
            )
        section(
            "Actors as reported (median over sources)",
            _table(
                self.actors,
                ["stance", "spread", "n_sources", "same_side", "sources"],
            ),
        )
        dist = self.actor_distance.to_numpy(dtype=np.float64)
        shown = np.where(
            np.isnan(dist),
            "–",
            np.char.add(
                np.char.mod("%.2f (", np.nan_to_num(dist)),
                np.char.add(self.actor_overlap.to_numpy().astype(str), ")"),
            ),
        )
        section(
            "Actor distance: mean gap in scale points (issues both are reported on)",
            _table(
                pd.DataFrame(
                    shown, index=self.actor_distance.index, columns=self.actor_distance.columns
                ),
                list(self.actor_distance.columns),
            ),
        )
        section(
            "Coverage by source",
            _table(self.coverage_sources, ["issues", "share", "codings", "low_confidence"]),
        )
        section(
            f"Issues addressed by fewer than {self.min_sources} sources",
            _table(self.thin_issues, ["n_sources", "sources"]),
        )
        section(
            "Low-confidence codings",
            _table(
                self.low_confidence.assign(
                    quote=[q or NO_QUOTE for q in self.low_confidence["quote"]]
                ),
                ["voice", "issue", "stance", "quote"],
            ),
        )
        section(
            "Sensitivity: ranking without low-confidence codings",
            _table(
                self.sensitivity,
                ["rank", "rank_high", "dropped", "contested", "contested_high"],
            ),
        )
        section(
            "Sensitivity: agreement without low-confidence codings",
            _table(
                self.sensitivity_pairs,
                ["voice_a", "voice_b", "agreement", "agreement_high", "lost"],
            ),
        )
        return visible("\n".join(lines) + "\n")  # control characters shown, never sent

    def __repr__(self) -> str:
        from .notebook import gaps_repr

        return gaps_repr(self)

    def _repr_html_(self) -> str:
        from .notebook import gaps_html

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


def gaps(
    ds: Dataset,
    *,
    holder: HolderSpec = None,
    min_sources: int = 2,
    top: int = 10,
    by: BySpec = None,
) -> GapReport:
    """The gap report of a dataset.

    Parameters
    ----------
    ds : Dataset
    holder : str, list of str, or None
        The voices whose positions ``issues``, ``pairs``, ``coverage`` and
        ``sensitivity`` consider: ``"author"``, an actor id, a list of these, or None
        (default) for every voice.
    min_sources : int
        Issues addressed by fewer sources are listed in ``thin_issues`` (default 2).
    top : int
        How many pairs ``pairs`` (per kind) and ``sensitivity_pairs`` keep (default 10).
    by : str or list of str, optional
        Group the sources into voices first (``"outlet"``, ``"month"``, ``"30D"``; see
        :func:`posmatrix.grouped`): the report is then that of the derived dataset,
        whose sources are the groups (``report.dataset``), a cell's stance the median
        of its group's codings.

    Returns
    -------
    GapReport
        See :class:`GapReport` for each part.

    Raises
    ------
    UsageError
        ``ds`` is not a Dataset, ``holder`` names an unknown holder, or ``min_sources``
        or ``top`` is not a positive integer.

    Examples
    --------
    >>> import posmatrix
    >>> ds = posmatrix.loads('''
    ... format: posmatrix/1
    ... title: Two sources
    ... issues:
    ...   - {id: a, proposition: A should happen.}
    ...   - {id: b, proposition: B should happen.}
    ... actors:
    ...   - {id: east, name: East}
    ...   - {id: west, name: West}
    ... sources:
    ...   - id: s1
    ...     title: First
    ...     stances:
    ...       - {issue: a, stance: 1, quote: A would help.}
    ...     reports:
    ...       east:
    ...         - {issue: a, stance: -2, quote: East rejects A outright.}
    ...       west:
    ...         - {issue: a, stance: 1, quote: West backs A.}
    ...         - {issue: b, stance: 0, quote: West is torn on B.}
    ... ''')
    >>> from posmatrix.gapreport import gaps
    >>> report = gaps(ds)
    >>> report.issues[["rank", "voices", "contested", "polarization", "range"]]
           rank  voices  contested  polarization  range
    issue
    a         1       3       True      0.666667    3.0
    b         2       1      False      0.000000    0.0
    >>> report.between("east", "west")[["stance_a", "stance_b", "gap", "red_line"]]
           stance_a  stance_b  gap  red_line
    issue
    a          -2.0       1.0  3.0      True
    b           NaN       0.0  NaN      <NA>
    """
    if not isinstance(ds, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(ds).__name__}")
    if by is not None:
        from .groups import grouped

        ds = grouped(ds, by).dataset
    for arg, value in (("min_sources", min_sources), ("top", top)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise UsageError(f"{arg} must be an integer >= 1, got {value!r}")
    holders = select_holders(ds, holder)
    stances = stance_matrix(ds, holders)
    vframe = voices(ds, holders)
    issues = _issue_table(ds, stances, vframe)
    labels = [str(v) for v in stances.index]
    agr, ovl = _agreement_and_overlap(ds, stances)
    pairs = _pairs_table(ds, stances, vframe, agr, ovl, int(top))
    cells = _actor_cells(ds)
    matrix = _actor_matrix(ds, cells)
    distance, actor_overlap = _actor_distance(ds, matrix)
    red_lines = _red_lines(ds, cells, matrix)
    coverage, per_source, thin, low = _coverage(ds, holders, int(min_sources))
    kept = tuple(c for c in ds.codings if c.confidence != "low")
    # cast: the attrs plugin types the converter-backed field as a bare Iterable[_T_co]
    high = attrs.evolve(ds, codings=cast(Any, kept))
    sensitivity, sensitivity_pairs = _sensitivity(
        ds, high, holders, issues, labels, agr, ovl, int(top)
    )
    parts = [issues, pairs, cells, red_lines, per_source, thin, low]
    for frame in (*parts, sensitivity, sensitivity_pairs):
        _objectify(frame)
    return GapReport(
        dataset=ds,
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
        clashes=find_clashes(ds, stances),
    )
