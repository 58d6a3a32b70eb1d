"""Voices and the voices × issues stance matrix.

A *voice* is a ``(source, holder)`` pair: a source's own stance (holder
``author``) or a position the source attributes to an actor. Its label is the
source id for the author's voice and ``source/actor`` for a reported one (ids
never contain ``/``, so labels are unambiguous).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .errors import UsageError
from .model import AUTHOR, Dataset

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["HolderSpec", "select_holders", "stance_matrix", "voice_label", "voices"]

HolderSpec = str | Sequence[str] | None


def voice_label(source: str, holder: str) -> str:
    """The label of a voice.

    >>> voice_label("rs-nato", "author"), voice_label("rs-nato", "russia")
    ('rs-nato', 'rs-nato/russia')
    """
    return source if holder == AUTHOR else f"{source}/{holder}"


def select_holders(ds: Dataset, holder: HolderSpec) -> list[str]:
    """The holders ``holder`` selects, in canonical order (``author`` first, then actors
    in file order). Raises :class:`UsageError` naming an unknown holder."""
    known = [AUTHOR, *ds.actors]
    if holder is None:
        return known
    wanted = [holder] if isinstance(holder, str) else list(holder)
    for h in wanted:
        if h not in known:
            import difflib

            close = difflib.get_close_matches(h, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UsageError(
                f"holder must be 'author', an actor id ({', '.join(ds.actors) or 'none defined'}),"
                f" a list of these, or None; got {h!r}{hint}"
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


def stance_matrix(ds: Dataset, holder: HolderSpec = AUTHOR) -> pd.DataFrame:
    """Voices × issues stances, NaN where a voice does not address an issue.

    Parameters
    ----------
    ds : Dataset
    holder : str, list of str, or None
        ``"author"`` (default) for the sources' own stances, an actor id for the
        positions attributed to that actor, a list of these, or None for every voice.

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

    vframe = voices(ds, holder)
    v_index = {
        (s, h): i for i, (s, h) in enumerate(zip(vframe["source"], vframe["holder"], strict=True))
    }
    i_index = {issue: j for j, issue in enumerate(ds.issues)}
    n_v, n_i = len(v_index), len(i_index)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[int] = []
    adj: list[bool] = []
    for c in ds.codings:
        r = v_index.get((c.source, c.holder))
        if r is None:
            continue
        rows.append(r)
        cols.append(i_index[c.issue])
        vals.append(c.stance)
        adj.append(c.adjudicated)
    out = np.full((n_v, n_i), np.nan)
    r_arr = np.asarray(rows, dtype=np.int64)
    c_arr = np.asarray(cols, dtype=np.int64)
    v_arr = np.asarray(vals, dtype=np.float64)
    flat = r_arr * max(n_i, 1) + c_arr
    if len(np.unique(flat)) == len(flat):
        out[r_arr, c_arr] = v_arr
    else:
        long = pd.DataFrame({"cell": flat, "stance": v_arr, "adj": np.asarray(adj, dtype=bool)})
        has_adj = long.groupby("cell")["adj"].transform("any")
        kept = long[~has_adj | long["adj"]]
        med = kept.groupby("cell")["stance"].median()
        cells = med.index.to_numpy()
        out[cells // max(n_i, 1), cells % max(n_i, 1)] = med.to_numpy()
    return pd.DataFrame(
        out,
        index=vframe.index.copy(),
        columns=pd.Index(list(ds.issues), name="issue", dtype=object),
    )
