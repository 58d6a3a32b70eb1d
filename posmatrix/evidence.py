"""The evidence of a dataset, once: one row per coding, and the few quotes worth showing.

Outputs show at most a few quotes at each end ("pole") of an issue and point to one
table that holds every coding (:func:`evidence_table`). :func:`pole_quotes` picks them:
the most confident first, then the most representative of the pole — the voice that
agrees most, on average, with the other voices at the same pole (its mean agreement
with them; the voice closest to the pole's centre, in the spirit of Pol.is'
representative comments).

>>> import posmatrix
>>> t = evidence_table(posmatrix.example())
>>> list(t.columns)[:6]
['voice', 'voice_name', 'source', 'holder', 'issue', 'issue_name']
>>> len(t) == len(posmatrix.example().codings)
True
>>> cut("Sehr lange Begründung mit vielen Wörtern", 20)
'Sehr lange…'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import numpy as np

from .model import Dataset
from .voicenames import shorten

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["QUOTE_CHARS", "cut", "evidence_table", "pole_quotes"]

QUOTE_CHARS: Final = 160
"""Quotes shown beside a number are cut to about this many characters (at a word)."""

_RANK: Final = {"high": 0, "medium": 1, "low": 2}


def cut(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with ``…``."""
    return shorten(text, limit)


def evidence_table(ds: Dataset) -> pd.DataFrame:
    """Every coding as one row, names beside ids, in file order.

    Returns
    -------
    pandas.DataFrame
        RangeIndex. Columns: ``voice`` (label), ``voice_name``, ``source``, ``holder``,
        ``issue``, ``issue_name`` (its ``label`` or id), ``stance`` (int), ``quote``
        ("" when none), ``confidence``, ``note``.
    """
    import pandas as pd

    from .matrix import voice_label
    from .voicenames import issue_names, voice_names

    vn = voice_names(ds)
    iname = issue_names(ds)
    rows = [
        (
            voice_label(c.source, c.holder),
            c.source,
            c.holder,
            c.issue,
            c.stance,
            c.quote or "",
            c.confidence,
            c.note,
        )
        for c in ds.codings
    ]
    frame = pd.DataFrame(
        rows,
        columns=["voice", "source", "holder", "issue", "stance", "quote", "confidence", "note"],
    )
    frame.insert(1, "voice_name", [vn.get(v, v) for v in frame["voice"]])
    frame.insert(5, "issue_name", [iname.get(i, i) for i in frame["issue"]])
    frame["stance"] = frame["stance"].astype("int64")
    return frame


def pole_quotes(
    voices: Sequence[str],
    confidence: Sequence[str],
    agreement: pd.DataFrame,
    k: int,
) -> list[int]:
    """The positions (into ``voices``) of the ``k`` quotes to show at one pole.

    Most confident first (high, medium, low), then the most representative: the
    highest mean agreement with the pole's other voices (NaN-free; a voice sharing no
    issue with them counts as 0), then the given order.

    >>> import pandas as pd
    >>> a = pd.DataFrame([[1, .9, .2], [.9, 1, .5], [.2, .5, 1]], index=list("xyz"),
    ...                  columns=list("xyz"))
    >>> pole_quotes(["x", "y", "z"], ["high", "high", "high"], a, 2)  # y: (.9+.5)/2
    [1, 0]
    >>> pole_quotes(["x", "y", "z"], ["low", "high", "medium"], a, 3)
    [1, 2, 0]
    """
    n = len(voices)
    if n == 0:
        return []
    known = [v for v in voices if v in agreement.index]
    score = np.zeros(n)
    if len(known) > 1 and len(known) == n:
        sub = agreement.loc[list(voices), list(voices)].to_numpy(dtype=np.float64).copy()
        np.fill_diagonal(sub, np.nan)
        sub = np.nan_to_num(sub, nan=0.0)
        score = sub.sum(axis=1) / (n - 1)
    conf = np.array([_RANK.get(c, 1) for c in confidence])
    order = np.lexsort((np.arange(n), -score, conf))
    return [int(i) for i in order[:k]]
