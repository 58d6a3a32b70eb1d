"""What the HTML briefing shows, read from a :class:`~posmatrix.Findings`: plain lists.

:func:`payload` turns the findings' frames into the data the page's script reads for
tooltips, filters and the quote search (numbers rounded here, for rendering only), and
:class:`Layout` holds the indices the static sections share (voices in clustered order,
holders, groups). Nothing here computes analysis: it reads frames and the dataset's
codings and arranges them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np

from ..matrix import voice_label
from ..model import AUTHOR
from ..voicenames import shorten

if TYPE_CHECKING:
    from ..findings import Findings

__all__ = ["NAME_CHARS", "QUOTE_CHARS", "Layout", "camp_blocks", "layout", "payload"]

NAME_CHARS: Final = 90
"""Voice names in the page's data (tooltips) are cut at a word to this many characters."""
QUOTE_CHARS: Final = 600
"""Longest quote carried in the page (longer ones are cut at a word and end in ``…``);
the workbook and the dataset keep the whole text."""

NO_GROUP: Final = "(no group)"


def cut(value: str, width: int = QUOTE_CHARS) -> str:
    """``value`` on one line, at most ``width`` characters (cut at a word, ``…``).

    >>> cut("a  b\\nc"), cut("one two three", 8)
    ('a b c', 'one two…')
    """
    flat = " ".join(value.split())
    if len(flat) <= width:
        return flat
    head = flat[: width - 1]
    space = head.rfind(" ")
    if space > width // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


@attrs.frozen
class Layout:
    """Indices the sections and the payload share.

    Attributes
    ----------
    voices : list of str
        Voice labels in clustered order (the heatmap's order); index = voice number.
    holders : list of tuple(str, str)
        ``(id, name)``: ``author`` first, then the actors in file order.
    voice_holder : list of int
        Holder number of each voice.
    voice_camp : list of int
        Camp (1..k) of each voice.
    groups : list of str
        Issue groups in codebook order (``(no group)`` last when some issue has none).
    issues : list of str
        Issue ids in codebook order.
    issue_group : list of int
        Group number of each issue.
    """

    voices: list[str]
    holders: list[tuple[str, str]]
    voice_holder: list[int]
    voice_camp: list[int]
    groups: list[str]
    issues: list[str]
    issue_group: list[int]


def layout(f: Findings) -> Layout:
    """The shared indices of ``f`` (see :class:`Layout`)."""
    ds = f.dataset
    order = list(f.order)
    holders = [(AUTHOR, "authors (each source's own voice)")] + [
        (a.id, a.name) for a in ds.actors.values()
    ]
    hnum = {h: k for k, (h, _) in enumerate(holders)}
    vh = f.voices["holder"].astype(str)
    camp = f.camps.assignment["camp"] if len(f.voices) else None
    groups: list[str] = []
    for issue in ds.issues.values():
        g = issue.group if issue.group else NO_GROUP
        if g not in groups:
            groups.append(g)
    if NO_GROUP in groups:
        groups.remove(NO_GROUP)
        groups.append(NO_GROUP)
    gnum = {g: k for k, g in enumerate(groups)}
    return Layout(
        voices=order,
        holders=holders,
        voice_holder=[hnum[str(vh[v])] for v in order],
        voice_camp=[] if camp is None else [int(camp[v]) for v in order],
        groups=groups,
        issues=list(ds.issues),
        issue_group=[gnum[i.group if i.group else NO_GROUP] for i in ds.issues.values()],
    )


def _num(value: float, digits: int = 4) -> float | None:
    return None if math.isnan(value) else round(float(value), digits)


def camp_blocks(f: Findings, lay: Layout) -> tuple[list[int], np.ndarray]:
    """Camp sizes and the k × k mean agreement between camps (NaN where no pair of
    their voices shares an issue): the heatmap of a large dataset.

    Means over the defined scores only, by matrix products (no loop over pairs). Voices
    set aside (camp 0: too few positions) belong to no block.
    """
    k = max(lay.voice_camp, default=0)
    camp = np.asarray(lay.voice_camp, dtype=np.int64) - 1
    member = np.zeros((len(camp), k))
    placed = camp >= 0  # camp 0 (set aside: too few positions) is in no block
    member[np.arange(len(camp))[placed], camp[placed]] = 1.0
    # each voice's mean agreement with each camp and how many scores it is over
    # (Findings.camp_agreement: blocked past HUGE_VOICES), pooled camp by camp
    means, counts = f.camp_agreement
    cols = list(range(1, k + 1))
    m = means.reindex(index=lay.voices, columns=cols).to_numpy(dtype=np.float64)
    c = counts.reindex(index=lay.voices, columns=cols).to_numpy(dtype=np.float64)
    c = np.nan_to_num(c)
    total = member.T @ np.where(c > 0, m * c, 0.0)
    count = member.T @ c
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.where(count > 0, count, 1.0), np.nan)
    sizes = [int(s) for s in member.sum(axis=0)]
    return sizes, mean


def payload(f: Findings, lay: Layout) -> dict[str, Any]:
    """The data the page's script reads, as JSON-ready lists.

    Keys: ``scale`` ([min, max, labels]), ``holders`` ([[id, name]]), ``groups``,
    ``issues`` ([[id, proposition, group number]]), ``sources`` ([[id, title]]),
    ``voices`` ([[label, source number, holder number, camp, name]] in clustered
    order; the readable name cut at a word to :data:`NAME_CHARS`),
    ``stances`` (per voice: [[issue number, stance, [quote numbers]]]), ``quotes``
    (distinct quotes, cut to :data:`QUOTE_CHARS`), ``large`` and either ``agreement``
    (the voices' n × n scores, row by row, 4 decimals, null where undefined) or
    ``blocks`` ({"sizes", "agreement"}: the camps' k × k mean scores).
    """
    ds = f.dataset
    vnum = {v: k for k, v in enumerate(lay.voices)}
    inum = {i: k for k, i in enumerate(lay.issues)}
    snum = {s: k for k, s in enumerate(ds.sources)}
    quotes: list[str] = []
    qnum: dict[str, int] = {}
    evidence: dict[tuple[int, int], list[int]] = {}
    for c in ds.codings:
        if not c.quote:
            continue
        key = (vnum[voice_label(c.source, c.holder)], inum[c.issue])
        q = cut(c.quote)
        if q not in qnum:
            qnum[q] = len(quotes)
            quotes.append(q)
        got = evidence.setdefault(key, [])
        if qnum[q] not in got:
            got.append(qnum[q])
    stances = f.stances.loc[lay.voices, lay.issues].to_numpy(dtype=np.float64)
    rows: list[list[list[Any]]] = []
    for v in range(len(lay.voices)):
        row = stances[v]
        (addressed,) = np.nonzero(~np.isnan(row))
        rows.append([[int(j), _num(row[j]), evidence.get((v, int(j)), [])] for j in addressed])
    voices = f.voices
    names = f.voice_names
    data: dict[str, Any] = {
        "scale": [ds.scale.min, ds.scale.max, list(ds.scale.labels)],
        "holders": [list(h) for h in lay.holders],
        "groups": lay.groups,
        "issues": [
            [i.id, i.proposition, lay.issue_group[k]] for k, i in enumerate(ds.issues.values())
        ],
        "sources": [[s.id, s.title] for s in ds.sources.values()],
        "voices": [
            [
                v,
                snum[str(voices.at[v, "source"])],
                lay.voice_holder[k],
                lay.voice_camp[k],
                shorten(names.get(v, v), NAME_CHARS),
            ]
            for k, v in enumerate(lay.voices)
        ],
        "stances": rows,
        "quotes": quotes,
        "large": f.large,
    }
    if not lay.voices:
        data["agreement"] = []
    elif f.large:
        sizes, mean = camp_blocks(f, lay)
        data["blocks"] = {"sizes": sizes, "agreement": [_num(x) for x in mean.ravel()]}
    else:
        a = f.agreement.to_numpy(dtype=np.float64)
        data["agreement"] = [_num(x) for x in a.ravel()]
    return data
