"""Codebook checks: findings about a dataset's design rather than its validity.

:func:`check` looks for issues that count one dimension twice (stances that move
together, or against each other, across the voices coding both), quotes that carry
codings on several issues, issues that cannot discriminate (one-sided, or coded by
too few voices), and actor positions that rest on one source where other sources
report the same actor on many issues. Each finding is explained in
``docs/methods.md`` ("Codebook checks"); none of them makes a dataset invalid.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt

from .errors import Location, UsageError
from .model import Coding, Dataset

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "KINDS", "check", "describe"]

KINDS: Final = (
    "redundant-issues",
    "mirror-issues",
    "mirror-quote",
    "co-quoted-issues",
    "shared-quote",
    "thin-issue",
    "one-sided-issue",
    "single-source",
)
"""Every kind of finding, in the order :func:`check` lists them."""

COLUMNS: Final = (
    "kind",
    "severity",
    "items",
    "message",
    "location",
    "association",
    "overlap",
)
"""The columns of the frame :func:`check` returns."""

_F64 = npt.NDArray[np.float64]
_CONTAINMENT_MAX: Final = 2000  # distinct quotes of one source compared for containment


def _where(loc: Location | None, ds: Dataset) -> str:
    return str(loc) if loc is not None else f"{ds.name}:1:1"


def _norm(text: str) -> str:
    return " ".join(text.split())


def _check_int(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise UsageError(f"{name} must be an integer >= {low}, got {value!r}")
    return value


def _issue_pairs(ds: Dataset, values: _F64, mid: float) -> tuple[_F64, _F64, _F64, _F64]:
    """Per pair of issues: voices coding both (n), same side (C), opposite sides (D),
    and voices at opposite ends of the scale on them (``max`` on one, ``min`` on the other).

    Matrix products over the voices x issues stances: with ``S = sgn(x - mid)`` (0 where
    not coded) and ``M`` the coded mask, ``n = MᵀM``, ``C - D = SᵀS``, ``C + D = |S|ᵀ|S|``.
    """
    mask = ~np.isnan(values)
    m = mask.astype(np.float64)
    s = np.where(mask, np.sign(np.nan_to_num(values) - mid), 0.0)
    a = np.abs(s)
    n = m.T @ m
    net = s.T @ s
    signed = a.T @ a
    same = (signed + net) / 2
    opposite = (signed - net) / 2
    ext = np.where(mask & (np.nan_to_num(values) == ds.scale.max), 1.0, 0.0)
    low = np.where(mask & (np.nan_to_num(values) == ds.scale.min), 1.0, 0.0)
    extremes = ext.T @ low + low.T @ ext
    return n, same, opposite, extremes


def _redundant(
    ds: Dataset, min_overlap: int, min_association: float
) -> list[tuple[str, str, tuple[str, ...], str, str, float, int]]:
    from .matrix import stance_matrix

    stances = stance_matrix(ds, None)
    issue_ids = [str(i) for i in stances.columns]
    values = stances.to_numpy(dtype=np.float64)
    n, same, opposite, extremes = _issue_pairs(ds, values, ds.scale.midpoint)
    with np.errstate(invalid="ignore", divide="ignore"):
        assoc = (same - opposite) / n
    upper = np.triu(np.ones_like(n, dtype=bool), k=1)
    strong = upper & (n >= min_overlap) & (np.abs(assoc) >= min_association)
    mirror = upper & ~strong & (n >= 1) & (extremes == n)
    out: list[tuple[str, str, tuple[str, ...], str, str, float, int]] = []
    for i, j in zip(*np.nonzero(strong), strict=True):
        a, b = issue_ids[i], issue_ids[j]
        k, c, d = int(n[i, j]), int(same[i, j]), int(opposite[i, j])
        together = "move together" if assoc[i, j] > 0 else "move against each other"
        weighted = ds.issues[a].weight + ds.issues[b].weight <= 1
        advice = (
            "their weights add up to 1 or less, so weighted agreement counts it once"
            if weighted
            else "a score summed over issues counts this dimension twice: merge them, narrow "
            "one, or give each weight 0.5 (or put them in one group and weight the group) so "
            "it counts once"
        )
        message = (
            f"issues {a!r} and {b!r} {together}: association {assoc[i, j]:+.2f} over the "
            f"{k} voices coding both ({c} on the same side, {d} on opposite sides); {advice}"
        )
        out.append(
            (
                "redundant-issues",
                "note" if weighted else "warning",
                (a, b),
                message,
                _where(ds.issues[a].where, ds),
                float(assoc[i, j]),
                k,
            )
        )
    for i, j in zip(*np.nonzero(mirror), strict=True):
        a, b = issue_ids[i], issue_ids[j]
        k = int(n[i, j])
        message = (
            f"issues {a!r} and {b!r} may mirror each other: every one of the {k} voice(s) "
            "coding both takes opposite ends of the scale on them; if one proposition is the "
            "other's negation, keep one (too few voices to tell from the stances alone)"
        )
        out.append(
            (
                "mirror-issues",
                "note",
                (a, b),
                message,
                _where(ds.issues[a].where, ds),
                float(assoc[i, j]),
                k,
            )
        )
    return out


def _quote_groups(codings: Iterable[Coding]) -> dict[tuple[str, str], list[Coding]]:
    """Codings grouped by ``(source, passage)``: a quote that is contained in a longer
    quote of the same source belongs to the longer one's passage."""
    by_source: dict[str, list[Coding]] = {}
    for c in codings:
        by_source.setdefault(c.source, []).append(c)
    groups: dict[tuple[str, str], list[Coding]] = {}
    for source, items in by_source.items():
        if len(items) == 1:
            groups[(source, _norm(items[0].quote))] = items
            continue
        texts = sorted({_norm(c.quote) for c in items}, key=lambda t: (-len(t), t))
        home: dict[str, str] = {}
        if len(texts) > _CONTAINMENT_MAX:  # quadratic: a huge source matches exact quotes only
            home = {t: t for t in texts}
        for pos, text in enumerate(texts if not home else ()):
            home[text] = next((home[t] for t in texts[:pos] if text in t), text)
        for c in items:
            groups.setdefault((source, home[_norm(c.quote)]), []).append(c)
    return groups


def _co_quoted(
    ds: Dataset, groups: dict[tuple[str, str], list[Coding]], min_shared: int
) -> list[tuple[str, str, tuple[str, ...], str, str, float, int]]:
    """Pairs of issues coded for one holder from one passage in ``min_shared`` or more
    passages."""
    order = {i: n for n, i in enumerate(ds.issues)}
    pairs: dict[tuple[str, str], list[Coding]] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        by_holder: dict[str, dict[str, Coding]] = {}
        for c in group:
            by_holder.setdefault(c.holder, {}).setdefault(c.issue, c)
        for cells in by_holder.values():
            issues = sorted(cells, key=order.__getitem__)
            for n, a in enumerate(issues):
                for b in issues[n + 1 :]:
                    pairs.setdefault((a, b), []).append(cells[a])
    out: list[tuple[str, str, tuple[str, ...], str, str, float, int]] = []
    for (a, b), firsts in sorted(pairs.items(), key=lambda kv: (order[kv[0][0]], order[kv[0][1]])):
        if len(firsts) < min_shared:
            continue
        where = [f"{c.source}/{c.holder}" if c.holder != "author" else c.source for c in firsts]
        out.append(
            (
                "co-quoted-issues",
                "warning",
                (a, b),
                f"issues {a!r} and {b!r} are coded from one and the same passage "
                f"{len(firsts)} times, for one holder each time ({', '.join(where)}): where "
                "one statement yields both, they count it twice; code it on the issue it "
                "states, or merge the issues",
                _where(ds.issues[a].where, ds),
                float("nan"),
                len(firsts),
            )
        )
    return out


def _quotes(
    ds: Dataset, min_shared: int
) -> list[tuple[str, str, tuple[str, ...], str, str, float, int]]:
    groups = _quote_groups(ds.codings)
    out = _co_quoted(ds, groups, min_shared)
    mid = ds.scale.midpoint
    order = {i: n for n, i in enumerate(ds.issues)}.__getitem__
    for (source, _), group in groups.items():
        if len(group) < 2:
            continue
        issues = sorted({c.issue for c in group}, key=order)
        if len(issues) < 2:
            continue
        first = group[0]
        where = _where(first.quote_where or first.where, ds)
        by_holder: dict[str, list[Coding]] = {}
        for c in group:
            by_holder.setdefault(c.holder, []).append(c)
        for holder, own in by_holder.items():
            ups = sorted({c.issue for c in own if c.stance > mid}, key=order)
            downs = sorted({c.issue for c in own if c.stance < mid}, key=order)
            if ups and downs:
                cells = ", ".join(f"{c.issue} {c.stance:+d}" for c in own)
                out.append(
                    (
                        "mirror-quote",
                        "warning",
                        (source, holder, *sorted({*ups, *downs}, key=order)),
                        f"one passage of {source!r} gives {holder!r} opposite stances on "
                        f"several issues ({cells}): the issues may be one proposition and "
                        "its negation, coded twice from one argument; keep one, or code one "
                        "issue only from this passage",
                        where,
                        -1.0,
                        len(own),
                    )
                )
        cells = ", ".join(f"{c.holder}/{c.issue} {c.stance:+d}" for c in group)
        out.append(
            (
                "shared-quote",
                "note",
                (source, *issues),
                f"one passage of {source!r} carries {len(group)} codings on {len(issues)} "
                f"issues ({cells}); if they state one position, the issues count it "
                f"{len(issues)} times",
                where,
                float("nan"),
                len(group),
            )
        )
    return out


def _issue_spread(
    ds: Dataset, min_voices: int
) -> list[tuple[str, str, tuple[str, ...], str, str, float, int]]:
    from .matrix import stance_matrix

    stances = stance_matrix(ds, None)
    values = stances.to_numpy(dtype=np.float64)
    mid = ds.scale.midpoint
    coded = (~np.isnan(values)).sum(axis=0)
    up = (values > mid).sum(axis=0)
    down = (values < mid).sum(axis=0)
    out: list[tuple[str, str, tuple[str, ...], str, str, float, int]] = []
    for j, issue in enumerate(str(i) for i in stances.columns):
        where = _where(ds.issues[issue].where, ds)
        k = int(coded[j])
        if k < min_voices:
            out.append(
                (
                    "thin-issue",
                    "warning",
                    (issue,),
                    f"issue {issue!r} is coded by {k} voice(s), fewer than {min_voices}: "
                    "agreement on it rests on too little; code it where the texts state it, "
                    "fold it into a broader issue, or drop it",
                    where,
                    float("nan"),
                    k,
                )
            )
        if k >= 2 and (up[j] == 0 or down[j] == 0):
            side = "supports" if down[j] == 0 else "opposes"
            none = "opposes" if down[j] == 0 else "supports"
            out.append(
                (
                    "one-sided-issue",
                    "note",
                    (issue,),
                    f"issue {issue!r} is one-sided: of its {k} voices none {none} it "
                    f"({int(up[j] if down[j] == 0 else down[j])} {side}); it separates no "
                    "one, so agreement on it only adds common ground",
                    where,
                    float("nan"),
                    k,
                )
            )
    return out


def _single_source(
    ds: Dataset, many: int
) -> list[tuple[str, str, tuple[str, ...], str, str, float, int]]:
    from .matrix import stance_matrix, voices

    actors = list(ds.actors)
    if not actors:
        return []
    stances = stance_matrix(ds, actors)
    vframe = voices(ds, actors)
    coded = ~np.isnan(stances.to_numpy(dtype=np.float64))  # voices x issues
    holders = vframe["holder"].to_numpy(dtype=object)
    # holder x voice indicator: sources per (holder, issue) by one matrix product
    onehot = (holders[None, :] == np.array(actors, dtype=object)[:, None]).astype(np.float64)
    per_cell = onehot @ coded.astype(np.float64)  # actors x issues: sources coding it
    wide = coded.sum(axis=1) >= many  # voices reporting their actor on many issues
    # per (voice, issue): other voices of the same actor that report it on many issues
    # but not on this one
    others = (onehot[:, wide] @ ~coded[wide]).astype(np.float64)  # actors x issues
    index = {c.key[:3]: c for c in ds.codings}
    issue_ids = [str(i) for i in stances.columns]
    a_pos = {a: i for i, a in enumerate(actors)}
    out: list[tuple[str, str, tuple[str, ...], str, str, float, int]] = []
    rows, cols = np.nonzero(coded)
    for r, j in zip(rows, cols, strict=True):
        h = a_pos[str(holders[r])]
        if per_cell[h, j] != 1 or others[h, j] < 1:
            continue
        source = str(vframe["source"].iloc[r])
        holder, issue = actors[h], issue_ids[j]
        coding = index.get((source, holder, issue))
        k = int(others[h, j])
        out.append(
            (
                "single-source",
                "note",
                (source, holder, issue),
                f"{holder!r} on {issue!r} rests on {source!r} alone, while {k} other "
                f"source(s) report {holder!r} on {many} or more issues but not on this one; "
                "check whether they are silent on it or it went uncoded",
                _where(coding.where if coding is not None else None, ds),
                float("nan"),
                1,
            )
        )
    return out


def check(
    ds: Dataset,
    *,
    min_overlap: int = 5,
    min_association: float = 0.7,
    min_voices: int = 3,
    many: int = 3,
    min_shared: int = 2,
) -> pd.DataFrame:
    """Findings about the codebook of ``ds``: issues that double-count, quotes coded
    on several issues, issues that cannot discriminate, positions resting on one source.

    Parameters
    ----------
    ds : Dataset
    min_overlap : int
        Pairs of issues coded by fewer voices in common are not judged redundant
        (default 5).
    min_association : float
        Pairs whose sign association reaches this in absolute value are redundant
        (default 0.7; between 0 and 1).
    min_voices : int
        Issues coded by fewer voices are thin (default 3).
    many : int
        An actor's position on an issue that one source alone reports is noted when
        another source reports that actor on at least this many issues but not on
        this one (default 3).
    min_shared : int
        Two issues coded for one holder from one passage in this many passages or
        more are co-quoted (default 2).

    Returns
    -------
    pandas.DataFrame
        One row per finding, ordered by kind (as in :data:`KINDS`) then file order.
        Columns: ``kind`` (see :data:`KINDS`); ``severity`` (``warning``: it distorts
        scores; ``note``: worth a look); ``items`` (tuple of the ids concerned: two
        issues; source, holder and issues; or one issue); ``message``; ``location``
        (``FILE:LINE:COL`` of the issue or the quote in the dataset file);
        ``association`` (float: the sign association of a pair of issues, −1 for a
        mirror quote, NaN otherwise); ``overlap`` (int: the voices or codings the
        finding rests on). The methods are in ``docs/methods.md``.

    Examples
    --------
    >>> import posmatrix
    >>> found = posmatrix.check(posmatrix.example())
    >>> sorted(set(found["severity"]))
    ['note', 'warning']
    >>> list(found.columns)
    ['kind', 'severity', 'items', 'message', 'location', 'association', 'overlap']
    """
    import pandas as pd

    if not isinstance(ds, Dataset):
        raise UsageError(f"ds must be a posmatrix Dataset, got {type(ds).__name__}")
    _check_int("min_overlap", min_overlap, 1)
    _check_int("min_voices", min_voices, 1)
    _check_int("many", many, 1)
    _check_int("min_shared", min_shared, 1)
    if (
        isinstance(min_association, bool)
        or not isinstance(min_association, (int, float))
        or not 0 < min_association <= 1
    ):
        raise UsageError(f"min_association must be a number in (0, 1], got {min_association!r}")
    rows = [
        *_redundant(ds, min_overlap, float(min_association)),
        *_quotes(ds, min_shared),
        *_issue_spread(ds, min_voices),
        *_single_source(ds, many),
    ]
    rank = {k: i for i, k in enumerate(KINDS)}
    rows.sort(key=lambda r: rank[r[0]])  # stable: file order within a kind
    frame = pd.DataFrame(
        {
            "kind": pd.Series([r[0] for r in rows], dtype=object),
            "severity": pd.Series([r[1] for r in rows], dtype=object),
            "items": pd.Series([r[2] for r in rows], dtype=object),
            "message": pd.Series([r[3] for r in rows], dtype=object),
            "location": pd.Series([r[4] for r in rows], dtype=object),
            "association": np.array([r[5] for r in rows], dtype=np.float64),
            "overlap": np.array([r[6] for r in rows], dtype=np.int64),
        }
    )
    return frame


def describe(frame: pd.DataFrame) -> list[str]:
    """Each finding as ``FILE:LINE:COL: SEVERITY: [KIND] MESSAGE``, the compiler format."""
    return [
        f"{loc}: {sev}: [{kind}] {msg}"
        for loc, sev, kind, msg in zip(
            frame["location"], frame["severity"], frame["kind"], frame["message"], strict=True
        )
    ]
