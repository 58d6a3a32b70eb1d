"""Shared parts of the gap report: its metric, evidence lookup, issue ranking, frame
helpers and plain-data conversion."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from ..matrix import select_holders, stance_matrix, voices
from ..model import Dataset

if TYPE_CHECKING:
    from ..matrix import HolderSpec

    pass


METRIC: Final = "cityblock"
"""The agreement metric of :attr:`GapReport.pairs` and :attr:`GapReport.sensitivity_pairs`."""

Side = str | Sequence[str]
"""One side of :meth:`GapReport.between`: a voice label, an actor id, ``"author"``
(every source's own voice), or a list of voice labels."""

_EvidenceKey = tuple[str, str, str]

POLE_VOICES: Final = 10
"""At most this many voices per pole does ``str(report)`` print when the report holds
only the quotes it shows (``quotes="shown"``, a report of an aggregated table)."""


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


def _is_red_line(
    a: np.ndarray[Any, Any], b: np.ndarray[Any, Any], lo: float, hi: float, mid: float
) -> np.ndarray[Any, Any]:
    """Where two stances are a red line (opposite sides, one at an end of the scale)."""
    opposite = ((a > mid) & (b < mid)) | ((a < mid) & (b > mid))
    at_end = (a == lo) | (a == hi) | (b == lo) | (b == hi)
    result: np.ndarray[Any, Any] = opposite & at_end
    return result


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


def issue_ranking(ds: Dataset, holder: HolderSpec = None) -> list[str]:
    """Issue ids in the order of :attr:`GapReport.issues` of ``gaps(ds, holder=holder)``
    (most contested first), without the rest of the report: what :func:`posmatrix.diff`
    compares and the spectrum figure orders by.

    >>> from posmatrix import example, gaps
    >>> ds = example()
    >>> issue_ranking(ds) == list(gaps(ds).issues.index)
    True
    >>> issue_ranking(ds, "author") == list(gaps(ds, holder="author").issues.index)
    True
    """
    holders = select_holders(ds, holder)
    from .frames import _issue_table

    table = _issue_table(ds, stance_matrix(ds, holders), voices(ds, holders))
    return [str(i) for i in table.index]


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
