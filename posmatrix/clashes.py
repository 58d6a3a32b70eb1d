"""Clashes between any two voices: opposite sides of the same issue, with both quotes.

Red lines (:attr:`posmatrix.GapReport.red_lines`) compare actors' median positions and
need one side at an end of the scale. A clash is simpler and covers every voice —
sources' own stances and the positions they report alike: one voice above the scale's
midpoint, the other below it, on an issue both address. Pairs are ranked by how many
issues they clash on, out of how many they share.

On a scale of three points (−1, 0, 1) every stance off the midpoint is at an end, so
every clash is also "at an end"; :attr:`Clashes.at_ends_only` says so and outputs rank
pairs instead of listing every clash.

Computed with masks and matrix products (no loop over pairs of voices): with ``S`` and
``O`` the voice × issue masks of support and opposition, the clash counts are
``S·Oᵀ + O·Sᵀ`` and the shared issues ``A·Aᵀ`` (``A`` = addressed).

>>> import posmatrix
>>> c = find_clashes(posmatrix.example())
>>> int(c.pairs["clashes"].iloc[0]) >= int(c.pairs["clashes"].iloc[-1]) > 0
True
>>> c.at_ends_only
False
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np

from .model import Dataset

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_DETAIL", "TOP_CLASHES", "Clashes", "find_clashes", "top_clashes"]

MAX_DETAIL: Final = 200_000
"""At most this many (pair, issue) rows in :attr:`Clashes.detail`, from the top pairs."""

TOP_CLASHES: Final = 1_000
"""How many pairs :func:`top_clashes` keeps by default."""


@attrs.frozen(eq=False)
class Clashes:
    """Every pair of voices on opposite sides of an issue.

    Attributes
    ----------
    pairs : pandas.DataFrame
        One row per pair of voices that clash on at least one issue. RangeIndex.
        Columns: ``voice_a``, ``voice_b`` (labels, ``voice_a`` first in voice order),
        ``name_a``, ``name_b`` (readable names, :func:`posmatrix.voicenames.voice_names`),
        ``clashes`` (int: issues where they stand on opposite sides), ``shared`` (int:
        issues both address), ``share`` (``clashes / shared``, in (0, 1]). Most clashes
        first, then the higher share, then voice order.
    detail : pandas.DataFrame
        One row per clash: ``voice_a``, ``voice_b``, ``name_a``, ``name_b``, ``issue``,
        ``stance_a``, ``stance_b``, ``gap`` (``|stance_a − stance_b|``), ``at_end``
        (bool: at least one at an end of the scale), ``quote_a``, ``quote_b`` (each
        voice's evidence quote; "" without one). Pairs in the order of ``pairs``, issues
        in codebook order; at most :data:`MAX_DETAIL` rows (``truncated`` then says so).
    at_ends_only : bool
        The scale has three points, so every clash is at an end of the scale.
    truncated : bool
        ``detail`` stops before the last pair.
    voices : int
        The number of voices compared.
    total : int or None
        With :func:`top_clashes`: the number of pairs that clash, of which ``pairs``
        holds the first; None when ``pairs`` holds them all.
    """

    pairs: pd.DataFrame = attrs.field(repr=False)
    detail: pd.DataFrame = attrs.field(repr=False)
    at_ends_only: bool
    truncated: bool
    voices: int
    total: int | None = None

    def __len__(self) -> int:
        """The number of pairs that clash (:attr:`total` when ``pairs`` holds only the
        top pairs)."""
        return len(self.pairs) if self.total is None else self.total


def _quote_matrix(ds: Dataset, labels: list[str], issues: list[str]) -> np.ndarray[Any, Any]:
    """voice × issue evidence quotes (the first deciding coding, an adjudicated one
    first), "" where none; one pass over the codings."""
    from .matrix import voice_label

    row = {v: i for i, v in enumerate(labels)}
    col = {k: j for j, k in enumerate(issues)}
    q = np.full((len(labels), len(issues)), "", dtype=object)
    adjudicated = np.zeros(q.shape, dtype=bool)
    filled = np.zeros(q.shape, dtype=bool)
    for c in ds.codings:
        i = row.get(voice_label(c.source, c.holder))
        j = col.get(c.issue)
        if i is None or j is None:
            continue
        if not filled[i, j] or (c.adjudicated and not adjudicated[i, j]):
            q[i, j] = c.quote or ""
            filled[i, j] = True
            adjudicated[i, j] = adjudicated[i, j] or bool(c.adjudicated)
    return q


def find_clashes(
    ds: Dataset, stances: pd.DataFrame | None = None, *, max_detail: int = MAX_DETAIL
) -> Clashes:
    """Every pair of voices on opposite sides of an issue (see the module).

    Parameters
    ----------
    ds : Dataset
    stances : pandas.DataFrame, optional
        The voice × issue stance matrix to compare (:func:`posmatrix.stance_matrix`;
        default: every voice).
    max_detail : int
        At most this many rows in :attr:`Clashes.detail`.

    Returns
    -------
    Clashes

    Examples
    --------
    Two parties answer three theses on a 3-point scale; ``a`` and ``b`` are opposite on
    two of the three they share:

    >>> from posmatrix.model import Coding, Dataset, Issue, Scale, Source
    >>> rows = [("a", "x", 1, "yes x"), ("b", "x", -1, "no x"), ("a", "y", -1, "no y"),
    ...         ("b", "y", 1, "yes y"), ("a", "z", 0, "so-so"), ("b", "z", 1, "yes z")]
    >>> ds = Dataset(
    ...     title="t", scale=Scale(-1, 1),
    ...     issues={i: Issue(i, f"{i}.") for i in "xyz"},
    ...     sources={s: Source(s, s.upper()) for s in "ab"},
    ...     codings=tuple(Coding(s, "author", i, v, q) for s, i, v, q in rows))
    >>> c = find_clashes(ds)
    >>> c.pairs[["name_a", "name_b", "clashes", "shared"]].values.tolist()
    [['A', 'B', 2, 3]]
    >>> c.detail[["issue", "quote_a", "quote_b"]].values.tolist()
    [['x', 'yes x', 'no x'], ['y', 'no y', 'yes y']]
    >>> c.at_ends_only
    True
    """
    from .matrix import stance_matrix

    if stances is None:
        stances = stance_matrix(ds, None)
    values = stances.to_numpy(dtype=np.float64)
    mid = ds.scale.midpoint
    addressed = ~np.isnan(values)
    support = (values > mid) & addressed
    oppose = (values < mid) & addressed
    s32, o32, a32 = (m.astype(np.float32) for m in (support, oppose, addressed))
    # exact: counts stay far below 2**24, float32's integer limit
    clash_n = (s32 @ o32.T + o32 @ s32.T).astype(np.int64)
    shared_n = (a32 @ a32.T).astype(np.int64)
    ia, ib = np.triu_indices(len(values), k=1)
    keep = clash_n[ia, ib] > 0
    ia, ib = ia[keep], ib[keep]
    k = clash_n[ia, ib]
    sh = shared_n[ia, ib]
    order = np.lexsort((ib, ia, -(k / sh), -k))
    return _clashes(ds, stances, ia[order], ib[order], k[order], sh[order], max_detail)


def top_clashes(
    ds: Dataset, stances: pd.DataFrame, top: int = TOP_CLASHES, *, max_detail: int = MAX_DETAIL
) -> Clashes:
    """The ``top`` pairs that clash most, in :func:`find_clashes`'s order, without a
    voices × voices matrix: the counts of a block of voices against every later voice,
    the block's best ``top`` pairs merged into the best so far. Memory O(block·n);
    :attr:`Clashes.total` counts every pair that clashes.

    >>> import posmatrix
    >>> ds = posmatrix.example()
    >>> c, every = top_clashes(ds, posmatrix.stance_matrix(ds, None), 5), find_clashes(ds)
    >>> c.pairs.equals(every.pairs.head(5)), len(c) == len(every), c.total > 5
    (True, True, True)
    """
    from .nearest import _blocks

    labels_n = len(stances)
    values = stances.to_numpy(dtype=np.float64)
    mid = ds.scale.midpoint
    addressed = ~np.isnan(values)
    s32, o32, a32 = (
        m.astype(np.float32)
        for m in ((values > mid) & addressed, (values < mid) & addressed, addressed)
    )
    best = [np.zeros(0, dtype=np.int64)] * 4  # a, b, clashes, shared
    total = 0
    for rows in _blocks(labels_n):
        clash_n = (s32[rows] @ o32.T + o32[rows] @ s32.T).astype(np.int64)
        a, b = np.nonzero(clash_n)
        a = a + rows.start
        later = b > a  # each pair once, a before b
        a, b = a[later], b[later]
        total += len(a)
        k = clash_n[a - rows.start, b]
        sh = np.einsum("ij,ij->i", a32[a], a32[b]).astype(np.int64)
        cand = [np.concatenate(x) for x in zip(best, (a, b, k, sh), strict=True)]
        order = np.lexsort((cand[1], cand[0], -(cand[2] / cand[3]), -cand[2]))[: int(top)]
        best = [c[order] for c in cand]
    out = _clashes(ds, stances, best[0], best[1], best[2], best[3], max_detail)
    return attrs.evolve(out, total=total)


def _clashes(
    ds: Dataset,
    stances: pd.DataFrame,
    ia: np.ndarray[Any, Any],
    ib: np.ndarray[Any, Any],
    k: np.ndarray[Any, Any],
    sh: np.ndarray[Any, Any],
    max_detail: int,
) -> Clashes:
    """The :class:`Clashes` of the pairs ``(ia, ib)`` (rows of ``stances``, in rank
    order), with ``k`` clashes of ``sh`` shared issues."""
    import pandas as pd

    from .voicenames import voice_names

    labels = [str(v) for v in stances.index]
    issues = [str(i) for i in stances.columns]
    values = stances.to_numpy(dtype=np.float64)
    mid = ds.scale.midpoint
    addressed = ~np.isnan(values)
    support = (values > mid) & addressed
    oppose = (values < mid) & addressed
    n = len(labels)
    share = k / sh if len(k) else np.zeros(0)
    names = voice_names(ds)
    name = np.array([names.get(v, v) for v in labels], dtype=object)
    label_arr = np.array(labels, dtype=object)
    pairs = pd.DataFrame(
        {
            "voice_a": label_arr[ia],
            "voice_b": label_arr[ib],
            "name_a": name[ia],
            "name_b": name[ib],
            "clashes": k.astype(np.int64),
            "shared": sh.astype(np.int64),
            "share": share.astype(np.float64),
        }
    )
    # the detail of the top pairs, up to max_detail rows
    cum = np.cumsum(k)
    take = int(np.searchsorted(cum, max_detail, side="right"))
    truncated = take < len(k)
    da, db = ia[:take], ib[:take]
    mask = (support[da] & oppose[db]) | (oppose[da] & support[db])
    p, j = np.nonzero(mask)  # row-major: pairs in order, issues in codebook order
    ra, rb = da[p], db[p]
    sa, sb = values[ra, j], values[rb, j]
    lo, hi = ds.scale.min, ds.scale.max
    quotes = _quote_matrix(ds, labels, issues)
    detail = pd.DataFrame(
        {
            "voice_a": label_arr[ra],
            "voice_b": label_arr[rb],
            "name_a": name[ra],
            "name_b": name[rb],
            "issue": np.array(issues, dtype=object)[j],
            "stance_a": sa,
            "stance_b": sb,
            "gap": np.abs(sa - sb),
            "at_end": (sa == lo) | (sa == hi) | (sb == lo) | (sb == hi),
            "quote_a": quotes[ra, j],
            "quote_b": quotes[rb, j],
        }
    )
    return Clashes(
        pairs=pairs,
        detail=detail,
        at_ends_only=ds.scale.max - ds.scale.min == 2,
        truncated=truncated,
        voices=n,
    )
