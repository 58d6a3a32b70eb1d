"""The gap report's frames, computed: issues, pairs, actors and red lines, coverage,
sensitivity. Numbers unrounded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..matrix import stance_matrix, voices
from ..model import Dataset

if TYPE_CHECKING:
    pass

from ._common import METRIC, _evidence, _is_red_line, _labels, _obj, _order_key, _point_name
from .pairs import _agreement_and_overlap, _upper_top


def _issue_table(
    ds: Dataset, stances: pd.DataFrame, vframe: pd.DataFrame, evidence: Any = None
) -> pd.DataFrame:
    """The ``issues`` part (see :attr:`GapReport.issues`) from the stance matrix of the
    selected voices and their :func:`~posmatrix.matrix.voices` frame; ``evidence`` maps
    ``(source, holder, issue)`` to a quote (default: the dataset's codings')."""
    from ..measures import van_der_eijk_a

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
    evidence = _evidence(ds) if evidence is None else evidence
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


# -- actors -------------------------------------------------------------------------------


def _actor_cells(ds: Dataset) -> pd.DataFrame:
    """The ``actors`` part (see :attr:`GapReport.actors`)."""
    actor_ids = list(ds.actors)
    if not actor_ids:
        return _actor_frame(ds, np.zeros((0, 0)), [], [], {}, [])
    stances = stance_matrix(ds, actor_ids)
    vframe = voices(ds, actor_ids)
    values = stances.to_numpy(dtype=np.float64)
    positions = np.arange(len(values))
    src = vframe["source"].to_numpy(dtype=object)
    hold = vframe["holder"].to_numpy(dtype=object)
    return _actor_frame(ds, values, src, hold, _evidence(ds), positions)


def _actor_frame(
    ds: Dataset, values: Any, src: Any, hold: Any, evidence: Any, source_pos: Any
) -> pd.DataFrame:
    """The ``actors`` part from the actor voices' stances ``values`` (voices x the
    codebook's issues), each voice's source and holder, the quote of each
    ``(source, holder, issue)`` and each voice's source position (sources in order)."""
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
    dtypes = {"stance": "float64", "min": "float64", "max": "float64", "spread": "float64"}
    dtypes.update(n_sources="int64", same_side="bool")
    empty = pd.DataFrame(
        {c: pd.Series([], dtype=dtypes.get(c, object)) for c in columns},
        index=pd.MultiIndex.from_arrays(
            [pd.Index([], dtype=object), pd.Index([], dtype=object)], names=["actor", "issue"]
        ),
    )
    rows, cols = np.nonzero(~np.isnan(values))
    if len(rows) == 0:
        return empty
    issue_ids = list(ds.issues)
    src, hold = np.asarray(src, dtype=object), np.asarray(hold, dtype=object)
    source_pos = np.asarray(source_pos)
    actor_rank = {a: i for i, a in enumerate(ds.actors)}
    long = pd.DataFrame(
        {
            "actor": hold[rows],
            "issue": [issue_ids[c] for c in cols],
            "a_pos": [actor_rank[h] for h in hold[rows]],
            "i_pos": cols,
            "s_pos": source_pos[rows],
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
    from ..analysis import agreement, overlap

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
    thin_issues = _thin_issues(ds, addressed, source_ids, issue_ids, min_sources)
    from ..matrix import voice_label

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
    issues, high_stances = _sensitivity_issues(ds, high, holders, full)
    return issues, _sensitivity_pairs(high, high_stances, labels, agr, ovl, top)


def _sensitivity_issues(
    ds: Dataset, high: Dataset, holders: list[str], full: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``sensitivity`` part and the stances without low-confidence codings."""
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
    return issues, high_stances


def _sensitivity_pairs(
    high: Dataset,
    high_stances: pd.DataFrame,
    labels: list[str],
    agr: np.ndarray[Any, Any],
    ovl: np.ndarray[Any, Any],
    top: int,
) -> pd.DataFrame:
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
    return pairs


def _no_sensitivity_pairs() -> pd.DataFrame:
    """An empty ``sensitivity_pairs`` frame with its columns and dtypes, where the pairs
    are not compared (past ``HUGE_VOICES``, or from an aggregate)."""
    return pd.DataFrame(
        {
            "voice_a": pd.Series(dtype=object),
            "voice_b": pd.Series(dtype=object),
            "agreement": pd.Series(dtype=np.float64),
            "agreement_high": pd.Series(dtype=np.float64),
            "change": pd.Series(dtype=np.float64),
            "lost": pd.Series(dtype=bool),
            "overlap": pd.Series(dtype=np.int64),
            "overlap_high": pd.Series(dtype=np.int64),
        }
    )


def _thin_issues(
    ds: Dataset, addressed: Any, source_ids: list[Any], issue_ids: list[Any], min_sources: int
) -> pd.DataFrame:
    """The ``thin_issues`` part: the issues fewer than ``min_sources`` sources address
    (``addressed``: sources × issues, bool)."""
    n_sources = addressed.sum(axis=0).astype(np.int64)
    thin = np.flatnonzero(n_sources < min_sources)
    return pd.DataFrame(
        {
            "proposition": [ds.issues[issue_ids[j]].proposition for j in thin],
            "n_sources": n_sources[thin],
            "sources": [
                [source_ids[i] for i in np.flatnonzero(addressed[:, j])] for j in thin.tolist()
            ],
        },
        index=pd.Index([issue_ids[j] for j in thin], name="issue", dtype=object),
    )
