"""The gap report's ``pairs`` part for many voices: the most divergent and most aligned
pairs without the dense voices × voices matrix when the voices are many.

Up to :data:`DENSE_LIMIT` voices the dense cityblock agreement of
:func:`posmatrix.agreement` is ranked as :func:`posmatrix.gaps` ranks it. Past it the
agreement of a block of voices with every voice is computed by the same exact matrix
products (:mod:`posmatrix.nearest`'s encoding), each block's ``top`` candidates are
kept and the block dropped: the ``top`` pairs overall are among the blocks' candidates,
so the result is the same, in memory O(block · voices).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from ._common import METRIC
from .frames import _agreement_and_overlap, _upper_top

if TYPE_CHECKING:
    from ..model import Dataset

__all__ = ["DENSE_LIMIT", "pairs_table"]

DENSE_LIMIT: Final = 4000
"""Up to this many voices the pairs come from the dense agreement matrix."""

_KINDS: Final = (("divergent", 1.0), ("aligned", -1.0))


def pairs_table(
    ds: Dataset, stances: pd.DataFrame, vframe: pd.DataFrame, top: int, evidence: Any
) -> pd.DataFrame:
    """The ``pairs`` part (see :attr:`GapReport.pairs`) of ``stances``; the quote
    columns hold ``evidence[(source, holder, issue)]``."""
    n = len(stances)
    picked: list[tuple[Any, Any, Any, Any]] = []
    if n <= DENSE_LIMIT:
        agr, ovl = _agreement_and_overlap(ds, stances)
        valid = ~np.isnan(agr)
        score = np.nan_to_num(agr)
        for _kind, sign in _KINDS:
            ia, ib = _upper_top(valid, [-ovl.astype(np.float64), sign * score], top)
            picked.append((ia, ib, agr[ia, ib], ovl[ia, ib]))
    else:
        picked = _blocked(ds, stances, top)
    labels = [str(v) for v in stances.index]
    keys = list(zip(vframe["source"], vframe["holder"], strict=True))
    issue_ids = [str(c) for c in stances.columns]
    values = stances.to_numpy(dtype=np.float64)
    present = ~np.isnan(values)
    parts = []
    for (kind, _sign), (ia, ib, agreement, overlap) in zip(_KINDS, picked, strict=True):
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
                    "agreement": np.asarray(agreement, dtype=np.float64),
                    "overlap": np.asarray(overlap).astype(np.int64),
                    **{name: pd.Series(col, dtype=object) for name, col in columns.items()},
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _blocked(ds: Dataset, stances: pd.DataFrame, top: int) -> list[tuple[Any, Any, Any, Any]]:
    """Per kind: rows, columns, agreement and overlap of the ``top`` pairs, ranked as
    :func:`~posmatrix.gapreport.frames._upper_top` ranks the dense matrix (agreement,
    then larger overlap, then voice order), one block of rows at a time."""
    from ..nearest import _blocks, _encoding, _unit
    from ..pairwise.runtime import _values

    assert METRIC == "cityblock"
    x = stances.to_numpy(dtype=np.float64)
    n, m = x.shape
    mask = ~np.isnan(x)
    w = np.array([float(ds.issues[str(i)].weight) for i in stances.columns], dtype=np.float64)
    left, right, finish = _encoding(x, mask, w, METRIC, ds.scale.min, ds.scale.max, _values)
    count = mask.astype(np.float32 if m < 2**24 else np.float64)
    found: list[list[Any]] = [[], []]
    for rows in _blocks(n):
        # only the upper triangle: this block's rows against the voices from its first on
        s = rows.start
        over = np.asarray(count[rows] @ count[s:].T, dtype=np.int64)
        common = over.astype(np.float64) if _unit(w) else (mask[rows] * w) @ mask[s:].T
        scores = finish(left[rows] @ right[s:].T, np.asarray(common, dtype=np.float64))
        b, width = scores.shape
        bad = ~(common > 0) | (np.arange(width)[None, :] <= np.arange(b)[:, None])
        n_valid = int(bad.size - np.count_nonzero(bad))
        for k, (_kind, sign) in enumerate(_KINDS):
            primary = scores.ravel() * sign  # a copy: scores stay as they are
            primary[bad.ravel()] = np.inf
            if n_valid > top:
                kth = np.partition(primary, top - 1)[top - 1]
                cand = np.flatnonzero(primary <= kth)
            else:
                cand = np.flatnonzero(~bad.ravel())
            r, c = cand // width, cand % width
            f, sc, ov = (s + r) * n + (s + c), scores[r, c], over[r, c]
            order = np.lexsort((f, -ov, sign * sc))[:top]
            found[k].append((f[order], sc[order], ov[order]))
    out = []
    for k, (_kind, sign) in enumerate(_KINDS):
        parts = found[k]
        f = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
        s = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0)
        o = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0, np.int64)
        order = np.lexsort((f, -o, sign * s))[:top]
        f = f[order]
        out.append((f // n, f % n, s[order], o[order]))
    return out
