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

from .errors import UsageError
from .model import AUTHOR, Dataset

if TYPE_CHECKING:
    import pandas as pd

    from .groups import BySpec

__all__ = ["ALL", "HolderSpec", "select_holders", "stance_matrix", "voice_label", "voices"]

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
    cells: dict[tuple[str, str], set[str]] = {}
    for c in ds.codings:
        if c.holder in rank:
            cells.setdefault((c.source, c.holder), set()).add(c.issue)
    keys = sorted(cells, key=lambda k: (src_rank.get(k[0], len(src_rank)), rank[k[1]]))
    frame = pd.DataFrame(
        {
            "source": [k[0] for k in keys],
            "holder": [k[1] for k in keys],
            "holder_name": [ds.holder_name(k[1]) for k in keys],
            "issues": np.array([len(cells[k]) for k in keys], dtype=np.int64),
        },
        index=pd.Index([voice_label(*k) for k in keys], name="voice", dtype=object),
    )
    return frame


def stance_matrix(ds: Dataset, holder: HolderSpec = AUTHOR, *, by: BySpec = None) -> pd.DataFrame:
    """Voices × issues stances, NaN where a voice does not address an issue.

    Parameters
    ----------
    ds : Dataset
    holder : str, list of str, or None
        ``"author"`` (default) for the sources' own stances, an actor id for the
        positions attributed to that actor, a list of these, or ``"all"`` (or None)
        for every voice. The one default that differs from :func:`agreement`,
        :func:`overlap`, :func:`gaps` and :func:`voices` (every voice): see
        ``docs/user-guide.md``, "Whose voices".
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
    >>> posmatrix.stance_matrix(ds)
    issue    a    b
    voice
    s1     2.0  NaN
    s2    -1.0  0.0
    """
    import pandas as pd

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
    # (a Python loop per coding costs about 1 µs; these cost a few tens of ns).
    codings = [c for c in ds.codings if c.holder in rank]
    sources = pd.Index(list(map(_SOURCE, codings)), dtype=object)
    s_code, s_uniq = pd.factorize(sources)
    h_code = np.fromiter(map(rank.__getitem__, map(_HOLDER, codings)), np.int64, len(codings))
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
    c_arr = np.fromiter(map(i_index.__getitem__, map(_ISSUE, codings)), np.int64, len(codings))
    v_arr = np.fromiter(map(_STANCE, codings), np.float64, len(codings))
    out = np.full((len(v_uniq), n_i), np.nan)
    flat = r_arr * max(n_i, 1) + c_arr
    if not len(flat) or np.bincount(flat, minlength=len(v_uniq) * n_i).max() <= 1:
        out[r_arr, c_arr] = v_arr
    else:
        adj = np.fromiter(map(_ADJUDICATED, codings), bool, len(codings))
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
