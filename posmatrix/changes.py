"""What changed between two versions of a dataset.

:func:`diff` compares two :class:`~posmatrix.Dataset` objects item by item and
returns a :class:`DatasetDiff`: the codings added, removed and changed (stance
``a → b`` with both quotes, naming source, holder and issue), the issues, actors
and sources added, removed or edited, the dataset's own fields (title, version,
scale, …), how agreement between voices moved, and how the ranking of contested
issues moved. Every part is a tidy DataFrame; :meth:`DatasetDiff.render` writes
it as Markdown or plain text, :meth:`DatasetDiff.to_dict` as plain Python data
(``posmatrix diff --format json``).

Codings are matched on ``(source, holder, issue, coder)``; a coding whose coder
alone changed (for example because the file's default ``coder`` changed) is
matched on ``(source, holder, issue)`` when that leaves exactly one candidate on
each side, and reported as changed in ``coder``. The order of items in the file
is not a change.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from .errors import UsageError
from .matrix import HolderSpec
from .model import AUTHOR, Coding, Dataset, Scale

if TYPE_CHECKING:
    from .analysis import Metric

__all__ = [
    "CHANGE_COLUMNS",
    "CODING_COLUMNS",
    "CODING_FIELDS",
    "FORMATS",
    "ITEM_COLUMNS",
    "DatasetDiff",
    "diff",
]

FORMATS: Final = ("markdown", "github", "plain", "json")
"""Formats of :meth:`DatasetDiff.render`."""

CODING_FIELDS: Final = ("stance", "quote", "confidence", "note", "adjudicated")
"""The fields of a coding compared between versions (besides its key)."""

ITEM_COLUMNS: Final = ("kind", "id", "change", "field", "old", "new")
CODING_COLUMNS: Final = (
    "change",
    "source",
    "holder",
    "holder_name",
    "issue",
    "coder",
    "fields",
    "old_stance",
    "new_stance",
    "old_label",
    "new_label",
    "old_quote",
    "new_quote",
    "old_confidence",
    "new_confidence",
    "old_note",
    "new_note",
)
AGREEMENT_COLUMNS: Final = (
    "voice_a",
    "voice_b",
    "old",
    "new",
    "delta",
    "old_overlap",
    "new_overlap",
)
CONTESTED_COLUMNS: Final = ("issue", "old_rank", "new_rank", "move")
CHANGE_COLUMNS: Final = (
    "kind",
    "change",
    "item",
    "source",
    "holder",
    "issue",
    "field",
    "old",
    "new",
    "old_quote",
    "new_quote",
)

_ITEM_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "issue": ("proposition", "group", "weight", "description"),
    "actor": ("name", "kind"),
    "source": (
        "title",
        "subtitle",
        "section",
        "outlet",
        "author",
        "published",
        "url",
        "file",
        "notes",
    ),
}
_ITEM_SUMMARY: Final = {"issue": "proposition", "actor": "name", "source": "title"}
_DATASET_FIELDS: Final = ("title", "description", "version", "citation", "coder", "scale")
_KIND_ORDER: Final = {"dataset": 0, "issue": 1, "actor": 2, "source": 3}
_CHANGE_ORDER: Final = {"changed": 0, "added": 1, "removed": 2}
_TOL: Final = 1e-12
_MD_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|#])")


@attrs.frozen(eq=False)
class DatasetDiff:
    """The differences between two versions of a dataset; made by :func:`diff`.

    Attributes
    ----------
    old_name, new_name : str
        Where the two versions came from (file names, ``<stdin>``, ``<dataset>``).
    metric : str
        The agreement metric of :attr:`agreement`.
    items : pandas.DataFrame
        The dataset's own fields and its issues, actors and sources that were added,
        removed or edited; one row per added or removed item and per edited field.
        RangeIndex. Columns: ``kind`` (``dataset``, ``issue``, ``actor``, ``source``),
        ``id`` (the item's id; ``""`` for the dataset), ``change`` (``added``,
        ``removed``, ``changed``), ``field`` (the edited field; ``""`` for added or
        removed items), ``old``, ``new`` (str: the field's value, or for an added or
        removed item its proposition, name or title; ``""`` on the missing side).
        Sorted by kind, then change, then file order.
    codings : pandas.DataFrame
        One row per coding added, removed or changed. RangeIndex. Columns:
        ``change`` (``added``, ``removed``, ``changed``); ``source``, ``holder``
        (``author`` or an actor id), ``holder_name``, ``issue`` (str); ``coder``
        (str or None); ``fields`` (str, the changed fields of a changed coding joined
        by ``", "``, from ``stance, quote, confidence, note, adjudicated, coder``;
        ``""`` otherwise); ``old_stance``, ``new_stance`` (float64, NaN on the
        missing side); ``old_label``, ``new_label`` (the stances' scale labels);
        ``old_quote``, ``new_quote``, ``old_confidence``, ``new_confidence``,
        ``old_note``, ``new_note`` (str, ``""`` on the missing side). Grouped by
        source (new file order, then sources only the old version has), then
        holder and issue.
    agreement : pandas.DataFrame
        Pairs of voices whose agreement changed, including pairs that gained or lost
        a score. RangeIndex. Columns: ``voice_a``, ``voice_b`` (voice labels, see
        :func:`posmatrix.matrix.voice_label`); ``old``, ``new`` (float64 agreement,
        NaN where the pair had none); ``delta`` (``new - old``; NaN when either is);
        ``old_overlap``, ``new_overlap`` (float64 co-addressed issues, 0 when a voice
        is absent). Sorted by ``|delta|`` (largest first), then pairs that gained or
        lost a score.
    contested : pandas.DataFrame
        Issues whose place in the contested ranking (``gaps(ds).issues``, most
        contested first) moved. RangeIndex. Columns: ``issue``; ``old_rank``,
        ``new_rank`` (float64, 1 = most contested, NaN where the issue is absent
        from that version's ranking); ``move`` (``old_rank - new_rank``: positive when
        the issue became more contested). Sorted by new rank.
    """

    old_name: str
    new_name: str
    metric: str
    items: pd.DataFrame
    codings: pd.DataFrame
    agreement: pd.DataFrame
    contested: pd.DataFrame

    @property
    def is_empty(self) -> bool:
        """True when the two versions hold the same data (file order aside)."""
        return all(len(f) == 0 for f in (self.items, self.codings, self.agreement, self.contested))

    def __bool__(self) -> bool:
        """True when there is any difference (so ``if diff(a, b):`` reads naturally)."""
        return not self.is_empty

    @property
    def summary(self) -> dict[str, int]:
        """Counts of every kind of change, e.g. ``codings_changed`` or ``issues_added``.

        Keys: ``dataset_changed``, ``{issues,actors,sources,codings}_{added,removed,changed}``,
        ``agreement_moved``, ``contested_moved``.
        """
        out: dict[str, int] = {
            "dataset_changed": int((self.items["kind"] == "dataset").sum()),
        }
        for kind in ("issue", "actor", "source"):
            part = self.items[self.items["kind"] == kind]
            for change in ("added", "removed", "changed"):
                ids = part.loc[part["change"] == change, "id"]
                out[f"{kind}s_{change}"] = int(ids.nunique())
        for change in ("added", "removed", "changed"):
            out[f"codings_{change}"] = int((self.codings["change"] == change).sum())
        out["agreement_moved"] = len(self.agreement)
        out["contested_moved"] = len(self.contested)
        return out

    @property
    def changes(self) -> pd.DataFrame:
        """Every item and coding change in one readable table (the briefing's Changes sheet).

        Returns
        -------
        pandas.DataFrame, shape (len(items) + len(codings), 11)
            RangeIndex. Columns, all str: ``kind`` (``dataset``, ``issue``, ``actor``,
            ``source``, ``coding``); ``change`` (``added``, ``removed``, ``changed``);
            ``item`` (the item's id, or for a coding ``source · holder · issue``);
            ``source``, ``holder``, ``issue`` (a coding's key, ``""`` for other kinds);
            ``field`` (the changed field or fields); ``old``, ``new`` (the value on each
            side; for a coding its stance with its label, e.g. ``-2 (strongly opposes)``;
            ``""`` on the missing side); ``old_quote``, ``new_quote`` (a coding's quotes).
            Item rows first (as in :attr:`items`), then coding rows (as in :attr:`codings`).
        """
        items = self.items
        empty = [""] * len(items)
        item_part = pd.DataFrame(
            {
                "kind": items["kind"].to_list(),
                "change": items["change"].to_list(),
                "item": items["id"].to_list(),
                "source": empty,
                "holder": empty,
                "issue": empty,
                "field": items["field"].to_list(),
                "old": items["old"].to_list(),
                "new": items["new"].to_list(),
                "old_quote": empty,
                "new_quote": empty,
            },
            columns=list(CHANGE_COLUMNS),
            dtype=object,
        )
        c = self.codings
        coding_part = pd.DataFrame(
            {
                "kind": ["coding"] * len(c),
                "change": c["change"].to_list(),
                "item": [
                    f"{s} · {h} · {i}"
                    for s, h, i in zip(c["source"], c["holder"], c["issue"], strict=True)
                ],
                "source": c["source"].to_list(),
                "holder": c["holder"].to_list(),
                "issue": c["issue"].to_list(),
                "field": c["fields"].to_list(),
                "old": [
                    _stance_text(v, lab)
                    for v, lab in zip(c["old_stance"], c["old_label"], strict=True)
                ],
                "new": [
                    _stance_text(v, lab)
                    for v, lab in zip(c["new_stance"], c["new_label"], strict=True)
                ],
                "old_quote": c["old_quote"].to_list(),
                "new_quote": c["new_quote"].to_list(),
            },
            columns=list(CHANGE_COLUMNS),
            dtype=object,
        )
        frames = [f for f in (item_part, coding_part) if len(f)]
        if not frames:
            return pd.DataFrame({col: pd.Series(dtype=object) for col in CHANGE_COLUMNS})
        return pd.concat(frames, ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """The whole diff as plain Python data (str, int, float, bool, None, list, dict).

        NaN becomes None. Keys: ``old``, ``new``, ``equal``, ``metric``, ``summary``,
        and one list of row dicts per frame: ``items``, ``codings``, ``agreement``,
        ``contested``.
        """
        return {
            "old": self.old_name,
            "new": self.new_name,
            "equal": self.is_empty,
            "metric": self.metric,
            "summary": self.summary,
            "items": _records(self.items),
            "codings": _records(self.codings),
            "agreement": _records(self.agreement),
            "contested": _records(self.contested),
        }

    def render(self, fmt: str = "markdown", *, limit: int = 20) -> str:
        """The diff as text.

        Parameters
        ----------
        fmt : {"markdown", "github", "plain", "json"}
            ``markdown`` and ``github`` give headings, bullets and pipe tables (GitHub
            flavour for ``github``); ``plain`` gives underlined headings and aligned
            columns for a terminal; ``json`` gives :meth:`to_dict` as JSON.
        limit : int
            Largest number of rows shown in the agreement and ranking tables (the
            rest are counted; ``json`` has them all).

        Returns
        -------
        str
            Ends with a newline.
        """
        if fmt not in FORMATS:
            raise UsageError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise UsageError(f"limit must be an integer >= 0, got {limit!r}")
        if fmt == "json":
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        return _Renderer(self, fmt, limit).text()

    def __str__(self) -> str:
        return self.render("plain")

    def __repr__(self) -> str:
        from .notebook import diff_repr

        return diff_repr(self)

    def _repr_html_(self) -> str:
        from .notebook import diff_html

        return diff_html(self)


def diff(
    old: Dataset,
    new: Dataset,
    *,
    metric: Metric = "cityblock",
    holder: HolderSpec = None,
) -> DatasetDiff:
    """Compare two versions of a dataset.

    Parameters
    ----------
    old, new : Dataset
        The earlier and the later version.
    metric : str
        Agreement metric whose movement :attr:`DatasetDiff.agreement` reports (see
        :func:`posmatrix.agreement`).
    holder : str, list of str, or None
        Voices whose agreement is compared (default None: every voice).

    Returns
    -------
    DatasetDiff
        See its attributes for the frames and their columns.

    Examples
    --------
    >>> import posmatrix
    >>> from posmatrix.changes import diff
    >>> text = '''
    ... format: posmatrix/1
    ... title: One source
    ... actors:
    ...   - {id: russia, name: Russian government}
    ... issues:
    ...   - {id: ceasefire-first, proposition: A ceasefire should come first.}
    ... sources:
    ...   - id: s1
    ...     title: First
    ...     reports:
    ...       russia:
    ...         - {issue: ceasefire-first, stance: STANCE, quote: QUOTE}
    ... '''
    >>> old = posmatrix.loads(text.replace("STANCE", "-2").replace("QUOTE", "No truce."))
    >>> new = posmatrix.loads(text.replace("STANCE", "1").replace("QUOTE", "A truce first."))
    >>> d = diff(old, new)
    >>> bool(d), bool(diff(old, old))
    (True, False)
    >>> row = d.codings.iloc[0]
    >>> row["change"], row["source"], row["holder"], row["issue"], row["fields"]
    ('changed', 's1', 'russia', 'ceasefire-first', 'stance, quote')
    >>> print(d.render("plain").splitlines()[-3])  # doctest: +ELLIPSIS
    - source s1, holder russia (...), issue ceasefire-first: stance -2 (...) → 1 (supports)
    """
    from .model import Dataset as _Dataset

    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, _Dataset):
            raise UsageError(
                f"diff needs two Datasets (load files with posmatrix.load); "
                f"{name} is {type(value).__name__}"
            )
    items = _item_changes(old, new)
    codings = _coding_changes(old, new)
    # Agreement and ranking follow from the items and codings: when neither changed, any
    # movement could only be an artefact of file order (ties), so none is reported.
    same = len(items) == 0 and len(codings) == 0
    return DatasetDiff(
        old_name=old.name,
        new_name=new.name,
        metric=metric,
        items=items,
        codings=codings,
        agreement=_agreement_moves(old, new, metric, holder, same=same),
        contested=_contested_moves(old, new, same=same),
    )


# -- items ----------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Scale):
        return f"{value.min}..{value.max} ({', '.join(value.labels)})"
    return str(value)


def _item_changes(old: Dataset, new: Dataset) -> pd.DataFrame:
    rows: list[tuple[str, str, str, str, str, str]] = []
    for field in _DATASET_FIELDS:
        a, b = getattr(old, field), getattr(new, field)
        if a != b:
            rows.append(("dataset", "", "changed", field, _text(a), _text(b)))
    collections: dict[str, tuple[Mapping[str, Any], Mapping[str, Any]]] = {
        "issue": (old.issues, new.issues),
        "actor": (old.actors, new.actors),
        "source": (old.sources, new.sources),
    }
    for kind, (before, after) in collections.items():
        summary = _ITEM_SUMMARY[kind]
        for key, item in after.items():
            prev = before.get(key)
            if prev is None:
                rows.append((kind, key, "added", "", "", _text(getattr(item, summary))))
                continue
            for field in _ITEM_FIELDS[kind]:
                a, b = getattr(prev, field), getattr(item, field)
                if a != b:
                    rows.append((kind, key, "changed", field, _text(a), _text(b)))
        for key, item in before.items():
            if key not in after:
                rows.append((kind, key, "removed", "", _text(getattr(item, summary)), ""))
    order = {
        kind: {key: i for i, key in enumerate([*after, *(k for k in before if k not in after)])}
        for kind, (before, after) in collections.items()
    }
    rows.sort(
        key=lambda r: (
            _KIND_ORDER[r[0]],
            _CHANGE_ORDER[r[2]],
            order.get(r[0], {}).get(r[1], 0),
        )
    )
    return pd.DataFrame(rows, columns=list(ITEM_COLUMNS), dtype=object)


# -- codings --------------------------------------------------------------------------------

_Key = tuple[str, str, str, "str | None"]


def _match(
    old: Dataset, new: Dataset
) -> tuple[list[tuple[Coding, Coding]], list[Coding], list[Coding]]:
    """Pairs of matching codings, codings only in old, codings only in new."""
    before: dict[_Key, Coding] = {c.key: c for c in old.codings}
    after: dict[_Key, Coding] = {c.key: c for c in new.codings}
    pairs = [(before[k], c) for k, c in after.items() if k in before]
    removed = [c for k, c in before.items() if k not in after]
    added = [c for k, c in after.items() if k not in before]
    # a coding whose coder alone changed: match on (source, holder, issue) when that cell
    # holds exactly one coding in each version
    by_cell_old: dict[tuple[str, str, str], list[Coding]] = {}
    by_cell_new: dict[tuple[str, str, str], list[Coding]] = {}
    for c in old.codings:
        by_cell_old.setdefault(c.key[:3], []).append(c)
    for c in new.codings:
        by_cell_new.setdefault(c.key[:3], []).append(c)
    unmatched = {id(c) for c in (*removed, *added)}
    rematched: set[int] = set()
    for cell, olds in by_cell_old.items():
        news = by_cell_new.get(cell, [])
        if len(olds) == 1 and len(news) == 1 and id(olds[0]) in unmatched:
            pairs.append((olds[0], news[0]))
            rematched.update((id(olds[0]), id(news[0])))
    removed = [c for c in removed if id(c) not in rematched]
    added = [c for c in added if id(c) not in rematched]
    return pairs, removed, added


def _coding_changes(old: Dataset, new: Dataset) -> pd.DataFrame:
    pairs, removed, added = _match(old, new)
    rows: list[dict[str, Any]] = []

    def side(prefix: str, c: Coding | None, scale: Scale) -> dict[str, Any]:
        if c is None:
            return {
                f"{prefix}_stance": math.nan,
                f"{prefix}_label": "",
                f"{prefix}_quote": "",
                f"{prefix}_confidence": "",
                f"{prefix}_note": "",
            }
        return {
            f"{prefix}_stance": float(c.stance),
            f"{prefix}_label": scale.label(c.stance),
            f"{prefix}_quote": c.quote,
            f"{prefix}_confidence": c.confidence,
            f"{prefix}_note": c.note,
        }

    def row(change: str, a: Coding | None, b: Coding | None, fields: str) -> dict[str, Any]:
        c, ds = (b, new) if b is not None else (a, old)
        if c is None:  # pragma: no cover - every row has at least one side
            raise ValueError("a coding change needs an old or a new coding")
        return {
            "change": change,
            "source": c.source,
            "holder": c.holder,
            "holder_name": ds.holder_name(c.holder),
            "issue": c.issue,
            "coder": c.coder,
            "fields": fields,
            **side("old", a, old.scale),
            **side("new", b, new.scale),
        }

    for a, b in pairs:
        changed = [f for f in CODING_FIELDS if getattr(a, f) != getattr(b, f)]
        if a.coder != b.coder:
            changed.append("coder")
        if changed:
            rows.append(row("changed", a, b, ", ".join(changed)))
    rows.extend(row("added", None, b, "") for b in added)
    rows.extend(row("removed", a, None, "") for a in removed)

    src_rank = _rank([*new.sources, *old.sources])
    holder_rank = _rank([AUTHOR, *new.actors, *old.actors])
    issue_rank = _rank([*new.issues, *old.issues])
    rows.sort(
        key=lambda r: (
            src_rank.get(r["source"], len(src_rank)),
            holder_rank.get(r["holder"], len(holder_rank)),
            issue_rank.get(r["issue"], len(issue_rank)),
            _CHANGE_ORDER[r["change"]],
            r["coder"] or "",
        )
    )
    frame = pd.DataFrame(rows, columns=list(CODING_COLUMNS))
    for col in CODING_COLUMNS:
        if col in ("old_stance", "new_stance"):
            frame[col] = frame[col].astype("float64")
        else:
            frame[col] = frame[col].astype(object)
    return frame


def _rank(keys: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key in keys:
        out.setdefault(key, len(out))
    return out


# -- agreement and ranking ------------------------------------------------------------------


def _empty(columns: Iterable[str], *, text: Iterable[str]) -> pd.DataFrame:
    """An empty frame with float64 columns, except the ``text`` ones (object)."""
    strings = set(text)
    return pd.DataFrame(
        {col: pd.Series(dtype=object if col in strings else "float64") for col in columns}
    )


def _agreement_moves(
    old: Dataset, new: Dataset, metric: Metric, holder: HolderSpec, *, same: bool
) -> pd.DataFrame:
    empty = _empty(AGREEMENT_COLUMNS, text=("voice_a", "voice_b"))
    if same:
        return empty
    from .analysis import agreement, overlap

    mats = [agreement(ds, metric=metric, holder=holder) for ds in (old, new)]
    overlaps = [overlap(ds, holder=holder) for ds in (old, new)]
    labels = list(dict.fromkeys([*mats[1].index, *mats[0].index]))
    n = len(labels)
    if n < 2:
        return empty
    where = {label: i for i, label in enumerate(labels)}
    # each side's voices as positions in ``labels`` (new's come first, in order)
    at = [np.fromiter((where[v] for v in m.index), dtype=np.intp, count=len(m)) for m in mats]
    a_old, a_new = (_spread(m.to_numpy(float), pos, n) for m, pos in zip(mats, at, strict=True))
    iu, ju = _moved_pairs(a_old, a_new)
    x, y = a_old[iu, ju], a_new[iu, ju]
    delta = y - x
    # largest move first, moves to or from "no score" last, ties in matrix order: a
    # stable sort on the negated key
    order = np.argsort(-np.nan_to_num(np.abs(delta), nan=-1.0), kind="stable")
    iu, ju, x, y, delta = iu[order], ju[order], x[order], y[order], delta[order]
    lab = np.asarray(labels, dtype=object)
    return pd.DataFrame(
        {
            "voice_a": pd.Series(lab[iu], dtype=object),
            "voice_b": pd.Series(lab[ju], dtype=object),
            "old": x,
            "new": y,
            "delta": delta,
            "old_overlap": _pick(overlaps[0].to_numpy(float), at[0], n, iu, ju),
            "new_overlap": _pick(overlaps[1].to_numpy(float), at[1], n, iu, ju),
        },
        columns=list(AGREEMENT_COLUMNS),
    )


def _moved_pairs(
    a_old: npt.NDArray[np.float64], a_new: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Row and column of every pair i < j whose score moved (by more than rounding, or
    to or from NaN), in row-major order; by row blocks of the upper triangle, so no
    n × n temporary is made."""
    from .analysis import _row_blocks

    rows, cols = [], []
    for block in _row_blocks(a_old.shape[0], 1):
        start, stop = block.start, block.stop
        x, y = a_old[start:stop, start:], a_new[start:stop, start:]
        with np.errstate(invalid="ignore"):
            moved = np.abs(y - x) > _TOL
        moved |= np.isnan(x) != np.isnan(y)
        # within the block's own columns keep only j > i
        moved[:, : stop - start] &= np.triu(np.ones((stop - start,) * 2, dtype=bool), k=1)
        i, j = np.nonzero(moved)
        rows.append(i + start)
        cols.append(j + start)
    return np.concatenate(rows), np.concatenate(cols)


def _spread(
    values: npt.NDArray[np.float64], pos: npt.NDArray[np.intp], n: int
) -> npt.NDArray[np.float64]:
    """``values`` (voices at positions ``pos``) as an n × n matrix over all voices, NaN
    for voices of the other side only; the matrix itself when nothing moves."""
    if len(pos) == n and bool(np.all(pos == np.arange(n))):
        return values
    out = np.full((n, n), np.nan)
    out[np.ix_(pos, pos)] = values
    return out


def _pick(
    counts: npt.NDArray[np.float64],
    pos: npt.NDArray[np.intp],
    n: int,
    iu: npt.NDArray[np.intp],
    ju: npt.NDArray[np.intp],
) -> npt.NDArray[np.float64]:
    """``counts`` (voices at positions ``pos``) at the pairs (iu, ju) of all voices, 0
    where a voice is on the other side only."""
    back = np.full(n, -1, dtype=np.intp)
    back[pos] = np.arange(len(pos))
    i, j = back[iu], back[ju]
    ok = (i >= 0) & (j >= 0)
    out = np.zeros(len(iu))
    out[ok] = counts[i[ok], j[ok]]
    return out


def _contested_moves(old: Dataset, new: Dataset, *, same: bool) -> pd.DataFrame:
    if same:
        return _empty(CONTESTED_COLUMNS, text=("issue",))
    from .gapreport import issue_ranking

    ranks = []
    for ds in (old, new):
        ids = issue_ranking(ds)
        ranks.append(pd.Series(np.arange(1, len(ids) + 1, dtype=float), index=ids))
    issues = list(dict.fromkeys([*ranks[1].index, *ranks[0].index]))
    r_old = ranks[0].reindex(issues).to_numpy(float)
    r_new = ranks[1].reindex(issues).to_numpy(float)
    nan_o, nan_n = np.isnan(r_old), np.isnan(r_new)
    moved = (nan_o != nan_n) | (~nan_o & ~nan_n & (r_old != r_new))
    frame = pd.DataFrame(
        {
            "issue": np.asarray(issues, dtype=object)[moved],
            "old_rank": r_old[moved],
            "new_rank": r_new[moved],
            "move": (r_old - r_new)[moved],
        },
        columns=list(CONTESTED_COLUMNS),
    )
    ordered = frame.sort_values(["new_rank", "old_rank"], na_position="last")
    out: pd.DataFrame = ordered.reset_index(drop=True)
    return out


# -- output ---------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(float(value)) else float(value)
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    cols = [str(c) for c in frame.columns]
    return [
        {col: _plain(v) for col, v in zip(cols, values, strict=True)}
        for values in frame.itertuples(index=False, name=None)
    ]


def _stance_texts(values: pd.Series, labels: pd.Series) -> list[str]:
    return [_stance_text(float(v), str(lab)) for v, lab in zip(values, labels, strict=True)]


def _stance_text(value: float, label: str) -> str:
    if isinstance(value, float) and math.isnan(value):
        return ""
    return f"{value:g} ({label})"


def _num(value: float, digits: int = 3) -> str:
    return "–" if math.isnan(value) else f"{value:.{digits}f}"


def _signed(value: float, digits: int = 3) -> str:
    return "–" if math.isnan(value) else f"{value:+.{digits}f}"


class _Renderer:
    def __init__(self, d: DatasetDiff, fmt: str, limit: int) -> None:
        self.d = d
        self.fmt = fmt
        self.md = fmt != "plain"
        self.limit = limit
        self.lines: list[str] = []

    # -- building blocks
    def heading(self, text: str, level: int) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")
        if self.md:
            self.lines.append(f"{'#' * level} {text}")
        elif level <= 2:
            self.lines.append(text)
            self.lines.append(("=" if level == 1 else "-") * len(text))
        else:
            self.lines.append(f"{text}:")
            return
        self.lines.append("")

    def esc(self, text: str) -> str:
        """Text as it should print: Markdown's special characters escaped in Markdown."""
        return _MD_SPECIAL.sub(r"\\\1", text) if self.md else text

    def code(self, text: str) -> str:
        if self.md and "`" not in text:
            return f"`{text}`"
        return self.esc(text)

    def strong(self, text: str) -> str:
        return f"**{self.esc(text)}**" if self.md else text

    def quote(self, text: str) -> str:
        return "“" + self.esc(" ".join(text.split())) + "”"

    def table(self, headers: list[str], rows: list[list[str]], text_columns: int) -> None:
        """A table whose first ``text_columns`` columns are text, the rest right-aligned."""
        from tabulate import tabulate

        if self.md:
            rows = [[cell.replace("|", "\\|") for cell in r] for r in rows]
        tablefmt = {"markdown": "pipe", "github": "github", "plain": "simple"}[self.fmt]
        align = ["left"] * text_columns + ["right"] * (len(headers) - text_columns)
        self.lines.append(
            tabulate(
                rows, headers=headers, tablefmt=tablefmt, disable_numparse=True, colalign=align
            )
        )

    # -- sections
    def text(self) -> str:
        d = self.d
        self.heading(f"Changes from {self.esc(d.old_name)} to {self.esc(d.new_name)}", 1)
        if d.is_empty:
            self.lines.append("No differences: the two versions hold the same data.")
            return "\n".join(self.lines) + "\n"
        self.lines.append(self.summary_line())
        self.items()
        self.codings()
        self.agreement()
        self.contested()
        return "\n".join(self.lines) + "\n"

    def summary_line(self) -> str:
        s = self.d.summary
        parts = []
        for kind in ("codings", "issues", "actors", "sources"):
            counts = [
                f"{s[f'{kind}_{change}']} {change}"
                for change in ("changed", "added", "removed")
                if s[f"{kind}_{change}"]
            ]
            if counts:
                parts.append(f"{kind}: {', '.join(counts)}")
        if s["dataset_changed"]:
            parts.append(f"dataset fields changed: {s['dataset_changed']}")
        if s["agreement_moved"]:
            parts.append(f"voice pairs whose agreement moved: {s['agreement_moved']}")
        if s["contested_moved"]:
            parts.append(f"issues that moved in the contested ranking: {s['contested_moved']}")
        return "; ".join(parts) + "."

    def items(self) -> None:
        items = self.d.items
        titles = {"dataset": "Dataset", "issue": "Issues", "actor": "Actors", "source": "Sources"}
        for kind, title in titles.items():
            part = items[items["kind"] == kind]
            if not len(part):
                continue
            self.heading(title, 2)
            for r in part.itertuples(index=False):
                what = self.code(str(r.id)) if kind != "dataset" else ""
                if r.change == "changed":
                    subject = f"{what} {r.field}".strip()
                    self.lines.append(
                        f"- changed {subject}: {self.quote(str(r.old))} → {self.quote(str(r.new))}"
                    )
                else:
                    text = r.new if r.change == "added" else r.old
                    self.lines.append(f"- {r.change} {what}: {self.quote(str(text))}")

    def codings(self) -> None:
        c = self.d.codings
        if not len(c):
            return
        self.heading("Codings", 2)
        # name coders only when the changes involve several (double coding), not when
        # every coding carries the file's default coder
        show_coder = c["coder"].nunique(dropna=False) > 1
        for change in ("changed", "added", "removed"):
            part = c[c["change"] == change]
            if not len(part):
                continue
            self.heading(f"{change.capitalize()} ({len(part)})", 3)
            for r in part.itertuples(index=False):
                holder = self.strong(str(r.holder))
                if r.holder != AUTHOR and r.holder_name != r.holder:
                    holder += f" ({self.esc(str(r.holder_name))})"
                coder = (
                    f", coder {self.code(str(r.coder))}"
                    if show_coder and r.coder is not None
                    else ""
                )
                who = (
                    f"source {self.strong(str(r.source))}, holder {holder}, "
                    f"issue {self.strong(str(r.issue))}{coder}"
                )
                old = _stance_text(float(r.old_stance), str(r.old_label))
                new = _stance_text(float(r.new_stance), str(r.new_label))
                if change == "changed":
                    if "stance" in str(r.fields).split(", "):
                        self.lines.append(f"- {who}: stance {old} → {new}")
                    else:
                        self.lines.append(f"- {who}: {r.fields} changed (stance {new})")
                    if r.old_quote == r.new_quote:
                        self.detail("quote (unchanged)", self.quote(str(r.new_quote)))
                    else:
                        self.detail("old quote", self.quote(str(r.old_quote)))
                        self.detail("new quote", self.quote(str(r.new_quote)))
                    for field in ("confidence", "note"):
                        if field in str(r.fields).split(", "):
                            a, b = getattr(r, f"old_{field}"), getattr(r, f"new_{field}")
                            self.detail(field, f"{self.quote(str(a))} → {self.quote(str(b))}")
                else:
                    side = "new" if change == "added" else "old"
                    stance = new if change == "added" else old
                    self.lines.append(f"- {who}: stance {stance}")
                    self.detail("quote", self.quote(str(getattr(r, f"{side}_quote"))))

    def detail(self, name: str, text: str) -> None:
        self.lines.append(f"  - {name}: {text}")

    def more(self, total: int) -> None:
        if total > self.limit:
            self.lines.append("")
            self.lines.append(
                f"… and {total - self.limit} more (posmatrix diff --format json lists them all)."
            )

    def agreement(self) -> None:
        a = self.d.agreement
        if not len(a):
            return
        self.heading(f"Agreement ({self.d.metric})", 2)
        self.lines.append(
            "Pairs of voices whose agreement moved, largest move first; overlap is the "
            "number of issues both address."
        )
        self.lines.append("")
        rows = [
            [
                str(r.voice_a),
                str(r.voice_b),
                _num(float(r.old)),
                _num(float(r.new)),
                _signed(float(r.delta)),
                f"{float(r.old_overlap):g} → {float(r.new_overlap):g}",
            ]
            for r in a.head(self.limit).itertuples(index=False)
        ]
        self.table(["voice a", "voice b", "old", "new", "change", "overlap"], rows, 2)
        self.more(len(a))

    def contested(self) -> None:
        c = self.d.contested
        if not len(c):
            return
        self.heading("Contested ranking", 2)
        self.lines.append(
            "Rank 1 is the most contested issue; a positive move means more contested."
        )
        self.lines.append("")

        def rank(v: float) -> str:
            return "–" if math.isnan(v) else f"{v:g}"

        rows = [
            [
                str(r.issue),
                rank(float(r.old_rank)),
                rank(float(r.new_rank)),
                "–" if math.isnan(float(r.move)) else f"{float(r.move):+g}",
            ]
            for r in c.head(self.limit).itertuples(index=False)
        ]
        self.table(["issue", "old rank", "new rank", "move"], rows, 1)
        self.more(len(c))
