"""Groups of sources as voices: one voice per group and holder.

``grouped(ds, by)`` puts every source into a group — by a source field (``outlet``,
``author``, ``section``, any field of :class:`~posmatrix.Source`), by a time window of
its ``published`` date (``month``, ``quarter``, ``year``, ``week``, ``day``, ``M``,
``30D``, …), or by several of these at once — and aggregates the codings of a group's
sources into one voice per group and holder: the **median** stance, with the number of
codings, their minimum, maximum and range, whether the group itself disagrees (codings
on both sides of the scale midpoint), the sources and every quote kept beside it.

The aggregation is returned as a derived :class:`~posmatrix.Dataset` with one source
per group (its id is the group's label) whose cells hold every coding of the group, so
:func:`~posmatrix.stance_matrix` (median of a cell's codings), :func:`~posmatrix.agreement`,
:func:`~posmatrix.overlap` and :func:`~posmatrix.gaps` run on it unchanged — which is
what their ``by=`` argument does. Rules (windows and dates of coarse precision,
adjudication, labels) are in ``docs/methods.md`` ("Groups of sources as voices").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from .datewindows import _window_label as _window_label
from .datewindows import source_windows, windows_of
from .errors import UsageError
from .groupkeys import SOURCE_FIELDS, BySpec, _column, _is_window, parse_by
from .model import Coding, Dataset, Source, is_valid_id

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SOURCE_FIELDS",
    "BySpec",
    "Grouped",
    "grouped",
    "parse_by",
    "source_windows",
    "windows_of",
]

_NS: Final = "datetime64[ns]"


def _safe(text: str) -> str:
    """A group value as an id fragment: spaces to ``_``, ``/`` to ``-``, at most 40
    characters, control and formatting characters dropped."""
    out = re.sub(r"\s+", "_", text.strip()).replace("/", "-")
    out = "".join(ch for ch in out if is_valid_id(ch) or ch in "_-")
    return out[:40] or "_"


@attrs.frozen(eq=False)
class Grouped:
    """Sources grouped into voices; made by :func:`grouped`.

    Attributes
    ----------
    by : tuple of str
        The normalised grouping keys (see :func:`parse_by`).
    dataset : Dataset
        The derived dataset: one source per group (id = the group's label, title =
        its values), each original coding moved to its group's source with
        ``coder = "<source>"`` (``"<source>/<coder>"`` when it had a coder), so a
        cell's codings are those of the group and its stance is their median.
    sources : pandas.DataFrame
        Index ``source`` (every original source, file order); columns ``group``
        (label, or None when the source is left out) and ``reason`` (why it is left
        out: ``undated``, ``no outlet``, ``month precision is too coarse for D
        windows``; ``""`` when placed).
    groups : pandas.DataFrame
        Index ``group`` (label; windows in time order, field values in order of first
        appearance). Columns: one per key (the raw value, named as the field; a
        window's label in ``window``),
        ``start``, ``end`` (the window's first and last day, NaT without a window),
        ``sources`` (tuple of source ids).
    cells : pandas.DataFrame
        One row per group, holder and issue coded. RangeIndex. Columns: ``voice``
        (label, see :func:`posmatrix.matrix.voice_label`), ``group``, ``holder``,
        ``issue`` (str); ``stance`` (float64, the median), ``count`` (int64, codings),
        ``min``, ``max``, ``range`` (float64), ``disagrees`` (bool: codings on both
        sides of the scale midpoint), ``sources`` and ``quotes`` (tuples, in file
        order). Ordered by group, holder (``author`` first), issue (codebook order).
    """

    by: tuple[str, ...]
    dataset: Dataset
    sources: pd.DataFrame
    groups: pd.DataFrame
    cells: pd.DataFrame

    @property
    def unplaced(self) -> dict[str, str]:
        """Source id -> why it is in no group (undated, no value, too coarse a date)."""
        left = self.sources[self.sources["group"].isna()]
        return {str(s): str(r) for s, r in left["reason"].items()}

    def note(self) -> str:
        """One sentence on the sources left out, ``""`` when none is.

        >>> import posmatrix
        >>> grouped(posmatrix.example(), "day").note()
        '5 of 5 sources are in no group: month precision is too coarse for D windows (5).'
        """
        left = self.unplaced
        if not left:
            return ""
        counts: dict[str, int] = {}
        for why in left.values():
            counts[why] = counts.get(why, 0) + 1
        reasons = "; ".join(f"{why} ({n})" for why, n in counts.items())
        return f"{len(left)} of {len(self.sources)} sources are in no group: {reasons}."


def grouped(ds: Dataset, by: BySpec) -> Grouped:
    """Group the sources of ``ds`` by ``by`` and aggregate each group's codings.

    Parameters
    ----------
    ds : Dataset
    by : str or list of str
        Source fields (``outlet``, ``author``, ``section``, …) and at most one time
        window (``year``, ``quarter``, ``month``, ``week``, ``day``, or ``Y``, ``Q``,
        ``M``, ``W``, ``D``, ``30D``, ``2W``): ``"outlet,month"`` or
        ``["outlet", "month"]``. A source with an empty value, no date, or a date too
        coarse for the window is left out (see :attr:`Grouped.unplaced`).

    Returns
    -------
    Grouped

    Notes
    -----
    Where one source has several codings of a cell (double coding), its adjudicated
    codings replace the others (as in :func:`posmatrix.stance_matrix`); every
    remaining coding then counts once in the group's median.

    Examples
    --------
    >>> import posmatrix
    >>> g = grouped(posmatrix.example(), "month")
    >>> list(g.groups.index), g.note()
    (['2025-07', '2025-08', '2025-10'], '')
    >>> row = g.cells.query("voice == '2025-08/russia' and issue == 'freeze-line-of-contact'")
    >>> row[["stance", "count", "min", "max", "disagrees"]].to_dict("records")
    [{'stance': 0.0, 'count': 2, 'min': -1.0, 'max': 1.0, 'disagrees': True}]
    """
    import numpy as np
    import pandas as pd

    if not isinstance(ds, Dataset):
        raise UsageError(f"grouped needs a posmatrix.Dataset, got {type(ds).__name__}")
    keys = parse_by(by)
    ids = list(ds.sources)
    n = len(ids)
    columns: dict[str, list[Any]] = {}
    ranks: list[Any] = []
    reason = [""] * n
    start = pd.Series([pd.NaT] * n, dtype="datetime64[ns]")
    end = start.copy()
    for key in keys:
        if _is_window(key):
            w = source_windows(ds, key)
            values = w["window"].tolist()
            start, end = w["start"].reset_index(drop=True), w["end"].reset_index(drop=True)
            ranks.append(start.to_numpy())
            why = w["reason"].tolist()
        else:
            raw = [getattr(ds.sources[s], key) for s in ids]
            values = [v if isinstance(v, str) and v.strip() else None for v in raw]
            first = {v: i for i, v in reversed(list(enumerate(values)))}
            ranks.append(np.array([first.get(v, n) for v in values]))
            why = ["" if v is not None else f"no {key}" for v in values]
        columns[key] = values
        reason = [r or w_ for r, w_ in zip(reason, why, strict=True)]
    placed = np.array([not r for r in reason], dtype=bool)
    tuples = list(zip(*columns.values(), strict=True))
    labels = _labels(tuples, keys, placed)
    per_source = pd.DataFrame(
        {"group": pd.Series(labels, dtype=object), "reason": pd.Series(reason, dtype=object)}
    ).set_axis(pd.Index(ids, name="source", dtype=object))
    order = np.lexsort(list(reversed(ranks))) if n else np.zeros(0, dtype=np.int64)
    group_ids = list(dict.fromkeys(labels[i] for i in order if placed[i]))
    first_of = {lab: i for i, lab in reversed(list(enumerate(labels))) if lab is not None}
    members: dict[str, list[str]] = {g: [] for g in group_ids}
    for s, lab in zip(ids, labels, strict=True):
        if lab is not None:
            members[lab].append(s)
    groups = pd.DataFrame(
        {
            **{_column(k): [columns[k][first_of[g]] for g in group_ids] for k in keys},
            "start": pd.Series([start.iloc[first_of[g]] for g in group_ids], dtype=_NS),
            "end": pd.Series([end.iloc[first_of[g]] for g in group_ids], dtype=_NS),
            "sources": [tuple(members[g]) for g in group_ids],
        }
    ).set_axis(pd.Index(group_ids, name="group", dtype=object))
    derived = _derived(ds, keys, groups, dict(zip(ids, labels, strict=True)))
    return Grouped(
        by=keys,
        dataset=derived,
        sources=per_source,
        groups=groups,
        cells=_cells(derived, ds.scale.midpoint),
    )


def _labels(tuples: list[tuple[Any, ...]], keys: tuple[str, ...], placed: Any) -> list[str | None]:
    """One id-safe label per distinct tuple of values (``outlet:2025-07``); distinct
    tuples that read alike get ``~2``, ``~3``."""
    out: dict[tuple[Any, ...], str] = {}
    taken: set[str] = set()
    for t, ok in zip(tuples, placed, strict=True):
        if not ok or t in out:
            continue
        base = ":".join(_safe(str(v)) for v in t)
        label, k = base, 1
        while label in taken:
            k += 1
            label = f"{base}~{k}"
        out[t] = label
        taken.add(label)
    return [out[t] if ok else None for t, ok in zip(tuples, placed, strict=True)]


def _derived(
    ds: Dataset, keys: tuple[str, ...], groups: pd.DataFrame, label_of: dict[str, str | None]
) -> Dataset:
    sources = [
        Source(
            id=str(g),
            title=" · ".join(f"{_column(k)} {row[_column(k)]}" for k in keys),
            notes="sources: " + ", ".join(row["sources"]),
        )
        for g, row in groups.iterrows()
    ]
    adjudicated = {(c.source, c.holder, c.issue) for c in ds.codings if c.adjudicated}
    codings: list[Coding] = []
    for c in ds.codings:
        group = label_of.get(c.source)
        if group is None:
            continue
        if (c.source, c.holder, c.issue) in adjudicated and not c.adjudicated:
            continue
        coder = c.source if c.coder is None else f"{c.source}/{c.coder}"
        codings.append(_moved(c, group, coder))
    return Dataset(
        title=f"{ds.title} (by {', '.join(keys)})",
        scale=ds.scale,
        issues=ds.issues,
        actors=ds.actors,
        sources=sources,
        codings=cast(Any, codings),  # the attrs plugin types the converter as Iterable[_T_co]
        description=ds.description,
        version=ds.version,
        citation=ds.citation,
        path=ds.path,
    )


_CODING_FIELDS: Final = tuple(f.name for f in attrs.fields(Coding))


def _moved(c: Coding, source: str, coder: str) -> Coding:
    """A copy of ``c`` under another source and coder, not adjudicated. Built without
    re-running the validators (every value comes from a validated coding), and without
    ``attrs.validators.disabled()``, whose switch is global to all threads."""
    out = object.__new__(Coding)
    for name in _CODING_FIELDS:
        object.__setattr__(out, name, getattr(c, name))
    object.__setattr__(out, "source", source)
    object.__setattr__(out, "coder", coder)
    object.__setattr__(out, "adjudicated", False)
    return out


def _cells(ds: Dataset, mid: float) -> pd.DataFrame:
    """One row per (group, holder, issue) cell of the derived dataset ``ds``: sorted by
    integer cell codes, cut at the cell boundaries (no Python loop over cells but the
    one that makes the tuples of sources and quotes)."""
    import numpy as np
    import pandas as pd

    from .matrix import voice_label

    cols = ["voice", "group", "holder", "issue", "stance", "count", "min", "max", "range"]
    cols += ["disagrees", "sources", "quotes"]
    codings = ds.codings
    n = len(codings)
    if not n:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    groups, holders, issues = list(ds.sources), ["author", *ds.actors], list(ds.issues)
    g_rank = {g: i for i, g in enumerate(groups)}
    h_rank = {h: i for i, h in enumerate(holders)}
    i_rank = {i: k for k, i in enumerate(issues)}
    nh, ni = len(holders), len(issues)
    g = np.fromiter((g_rank[c.source] for c in codings), np.int64, n)
    h = np.fromiter((h_rank[c.holder] for c in codings), np.int64, n)
    i = np.fromiter((i_rank[c.issue] for c in codings), np.int64, n)
    key = (g * nh + h) * ni + i  # group, then holder, then issue: the canonical order
    order = np.argsort(key, kind="stable")  # stable: file order within a cell
    k = key[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    count = np.diff(np.r_[starts, n]).astype(np.int64)
    stance = np.fromiter((c.stance for c in codings), np.float64, n)[order]
    cell = np.repeat(np.arange(len(starts)), count)
    median = pd.Series(stance).groupby(cell).median().to_numpy(np.float64)
    lo, hi = np.minimum.reduceat(stance, starts), np.maximum.reduceat(stance, starts)
    quote = np.array([c.quote for c in codings], dtype=object)[order]
    source = np.array([str(c.coder).split("/", 1)[0] for c in codings], dtype=object)[order]
    cuts = starts[1:]
    uk = k[starts]
    gi, hi_, ii = uk // (nh * ni), (uk // ni) % nh, uk % ni
    group_of = [groups[x] for x in gi]
    holder_of = [holders[x] for x in hi_]
    out = pd.DataFrame(
        {
            "voice": [voice_label(a, b) for a, b in zip(group_of, holder_of, strict=True)],
            "group": pd.Series(group_of, dtype=object),
            "holder": pd.Series(holder_of, dtype=object),
            "issue": pd.Series([issues[x] for x in ii], dtype=object),
            "stance": median,
            "count": count,
            "min": lo,
            "max": hi,
            "range": hi - lo,
            "disagrees": (hi > mid) & (lo < mid),
            "sources": [tuple(dict.fromkeys(x)) for x in np.split(source, cuts)],
            "quotes": [tuple(x) for x in np.split(quote, cuts)],
        },
        columns=cols,
    )
    return out
