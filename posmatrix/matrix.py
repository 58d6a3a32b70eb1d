"""Voices and the voices × issues stance matrix.

A *voice* is a ``(source, holder)`` pair: a source's own stance (holder
``author``) or a position the source attributes to an actor. Its label is the
source id for the author's voice and ``source/actor`` for a reported one (ids
never contain ``/``, so labels are unambiguous).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Final

import numpy as np

from .codingtable import Selected
from .errors import UsageError
from .model import AUTHOR, Dataset

if TYPE_CHECKING:
    import pandas as pd

    from .groups import BySpec

__all__ = [
    "ALL",
    "HolderSpec",
    "no_variance",
    "select_holders",
    "stance_matrix",
    "voice_label",
    "voices",
]

ALL: Final = "all"
"""``holder="all"``: every voice, the same as ``holder=None`` (as ``--holder all``)."""

HolderSpec = str | Sequence[str] | None


_SOURCE, _HOLDER, _ISSUE, _STANCE, _ADJUDICATED = map(
    attrgetter, ("source", "holder", "issue", "stance", "adjudicated")
)


def voice_label(source: str, holder: str) -> str:
    """The label of a voice.

    >>> voice_label("rs-nato", "author"), voice_label("rs-nato", "russia")
    ('rs-nato', 'rs-nato/russia')
    """
    return source if holder == AUTHOR else f"{source}/{holder}"


def select_holders(ds: Dataset, holder: HolderSpec) -> list[str]:
    """The holders ``holder`` selects, in canonical order (``author`` first, then actors
    in file order); ``None`` or ``"all"`` select every holder. Raises
    :class:`UsageError` naming an unknown holder."""
    known = [AUTHOR, *ds.actors]
    if holder is None or holder == ALL:
        return known
    wanted = [holder] if isinstance(holder, str) else list(holder)
    for h in wanted:
        if h not in known:
            import difflib

            close = difflib.get_close_matches(h, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UsageError(
                f"holder must be 'author', an actor id ({', '.join(ds.actors) or 'none defined'}),"
                f" a list of these, or 'all' (None); got {h!r}{hint}"
            )
    return [h for h in known if h in set(wanted)]


def voices(ds: Dataset, holder: HolderSpec = None) -> pd.DataFrame:
    """The voices of ``ds`` that have at least one coding.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``voice`` (label, see :func:`voice_label`), in order of sources,
        then holders (``author`` first, then actors in file order). Columns:
        ``source`` (id), ``holder`` (``author`` or actor id), ``holder_name``
        (``author`` or the actor's name), ``issues`` (int, issues addressed).
    """
    import pandas as pd

    holders = select_holders(ds, holder)
    rank = {h: i for i, h in enumerate(holders)}
    src_rank = {s: i for i, s in enumerate(ds.sources)}
    cols = Selected(ds.codings, rank)  # columns of a CodingTable as they are (issue 25)
    width = max(len(holders), 1)
    v_code, v_uniq = pd.factorize(cols.source * width + cols.holder)  # first-coding order
    v_src, v_hold = v_uniq // width, v_uniq % width
    i_code, n_ids = cols.issue_codes()
    pairs = pd.unique(np.asarray(v_code, dtype=np.int64) * max(n_ids, 1) + i_code)
    n_issues = np.bincount(pairs // max(n_ids, 1), minlength=len(v_uniq))
    s_rank = np.array([src_rank.get(s, len(src_rank)) for s in cols.source_ids], dtype=np.int64)
    order = np.lexsort((np.arange(len(v_uniq)), v_hold, s_rank[v_src]))
    sources = [str(cols.source_ids[v_src[k]]) for k in order]
    kept = [holders[v_hold[k]] for k in order]
    return pd.DataFrame(
        {
            "source": sources,
            "holder": kept,
            "holder_name": [ds.holder_name(h) for h in kept],
            "issues": np.asarray(n_issues[order], dtype=np.int64),
        },
        index=pd.Index(
            [voice_label(s, h) for s, h in zip(sources, kept, strict=True)],
            name="voice",
            dtype=object,
        ),
    )


class _Unset:
    """The marker of a ``holder`` not given (see :func:`stance_matrix`)."""

    def __repr__(self) -> str:
        return "'author'"


_UNSET: Final = _Unset()

HOLDER_DEFAULT_CHANGE: Final = (
    "stance_matrix(ds) without holder= gives the sources' own stances ('author'), unlike "
    "agreement(), overlap(), gaps() and voices(), which take every voice; a later "
    "release gives every voice here too. Pass holder='author' to keep this result, or "
    "holder='all' for every voice."
)


def stance_matrix(
    ds: Dataset, holder: HolderSpec | _Unset = _UNSET, *, by: BySpec = None
) -> pd.DataFrame:
    """Voices × issues stances, NaN where a voice does not address an issue.

    Parameters
    ----------
    ds : Dataset
    holder : str, list of str, or None
        ``"author"`` for the sources' own stances, an actor id for the positions
        attributed to that actor, a list of these, or ``"all"`` (or None) for every
        voice. Not given: ``"author"`` with a ``FutureWarning`` — the one default that
        differs from :func:`agreement`, :func:`overlap`, :func:`gaps` and
        :func:`voices` (every voice) is being aligned with them; pass it explicitly
        (``docs/user-guide.md``, "Whose voices").
    by : str or list of str, optional
        Group the sources (``"outlet"``, ``"month"``, ``"outlet,month"``, ``"30D"``,
        see :func:`posmatrix.grouped`): one voice per group and holder, labelled
        ``group`` or ``group/holder``, whose stance is the median of the group's
        codings. ``.attrs["unplaced"]`` maps the sources left out (undated, …) to why.

    Returns
    -------
    pandas.DataFrame, shape (n_voices, n_issues)
        float64. Index ``voice`` as in :func:`voices`; columns ``issue``: every issue
        of the codebook in file order (an issue nobody addresses is an all-NaN column).
        NaN means "not addressed": silence, never a 0.

    Notes
    -----
    Where several coders coded one cell, an adjudicated coding wins (the median of
    the adjudicated ones, if several); otherwise the cell is the median of all its
    codings, which may fall between two scale points.

    Examples
    --------
    >>> import posmatrix
    >>> ds = posmatrix.loads('''
    ... format: posmatrix/1
    ... title: Two sources
    ... issues:
    ...   - {id: a, proposition: A should happen.}
    ...   - {id: b, proposition: B should happen.}
    ... sources:
    ...   - id: s1
    ...     title: First
    ...     stances:
    ...       - {issue: a, stance: 2, quote: We want A.}
    ...   - id: s2
    ...     title: Second
    ...     stances:
    ...       - {issue: a, stance: -1, quote: A is doubtful.}
    ...       - {issue: b, stance: 0, quote: B has merits and costs.}
    ... ''')
    >>> posmatrix.stance_matrix(ds, "author")
    issue    a    b
    voice
    s1     2.0  NaN
    s2    -1.0  0.0
    """
    import pandas as pd

    if isinstance(holder, _Unset):
        import warnings

        warnings.warn(HOLDER_DEFAULT_CHANGE, FutureWarning, stacklevel=2)
        holder = AUTHOR
    if by is not None:
        from .groups import grouped

        group = grouped(ds, by)
        frame = stance_matrix(group.dataset, holder)
        frame.attrs["unplaced"] = group.unplaced
        return frame
    holders = select_holders(ds, holder)
    rank = {h: i for i, h in enumerate(holders)}
    src_rank = {s: i for i, s in enumerate(ds.sources)}
    issues = list(ds.issues)
    n_i = len(issues)
    # One pass per attribute over the codings, then hashing and sorting in pandas/numpy
    # (a Python loop per coding costs about 1 µs; these cost a few tens of ns); a
    # columnar table gives its columns directly (issue 25).
    cols = Selected(ds.codings, rank)
    s_code, s_uniq, h_code = cols.source, cols.source_ids, cols.holder
    cell_voice = s_code.astype(np.int64) * max(len(holders), 1) + h_code
    v_code, v_uniq = pd.factorize(cell_voice)  # voices in order of first coding
    v_src, v_hold = v_uniq // max(len(holders), 1), v_uniq % max(len(holders), 1)
    s_rank = np.array([src_rank.get(s, len(src_rank)) for s in s_uniq], dtype=np.int64)
    order = np.lexsort((np.arange(len(v_uniq)), v_hold, s_rank[v_src]))
    row_of = np.empty(len(v_uniq), dtype=np.int64)
    row_of[order] = np.arange(len(v_uniq))
    labels = [voice_label(str(s_uniq[v_src[i]]), holders[v_hold[i]]) for i in order]
    i_index = {issue: j for j, issue in enumerate(issues)}
    r_arr = row_of[v_code]
    c_arr = cols.issue(i_index)
    v_arr = cols.stance()
    out = np.full((len(v_uniq), n_i), np.nan)
    flat = r_arr * max(n_i, 1) + c_arr
    if not len(flat) or np.bincount(flat, minlength=len(v_uniq) * n_i).max() <= 1:
        out[r_arr, c_arr] = v_arr
    else:
        adj = cols.adjudicated()
        long = pd.DataFrame({"cell": flat, "stance": v_arr, "adj": adj})
        has_adj = long.groupby("cell")["adj"].transform("any")
        kept = long[~has_adj | long["adj"]]
        med = kept.groupby("cell")["stance"].median()
        cells = med.index.to_numpy()
        out[cells // max(n_i, 1), cells % max(n_i, 1)] = med.to_numpy()
    return pd.DataFrame(
        out,
        index=pd.Index(labels, name="voice", dtype=object),
        columns=pd.Index(issues, name="issue", dtype=object),
    )


def no_variance(stances: pd.DataFrame) -> set[str]:
    """Voices (rows of a voice × issue stance matrix) with two or more stances, all
    equal: their variance is 0. (A voice with one stance has too few positions.)

    >>> import pandas as pd
    >>> m = pd.DataFrame({"a": [0.0, 1.0, None], "b": [0.0, -1.0, 2.0]}, index=["n", "v", "one"])
    >>> sorted(no_variance(m))
    ['n']
    """
    values = stances.to_numpy(dtype=np.float64)
    present = ~np.isnan(values)
    some = present.sum(axis=1) >= 2
    lo = np.where(present, values, np.inf).min(axis=1)
    hi = np.where(present, values, -np.inf).max(axis=1)
    flat = some & (lo == hi)
    return {str(v) for v, f in zip(stances.index, flat, strict=True) if f}
