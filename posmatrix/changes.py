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
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from .errors import UsageError
from .matrix import HolderSpec
from .model import AUTHOR, Coding, Dataset, Scale
from .textsafe import json_visible, visible

if TYPE_CHECKING:
    from .analysis import Metric
    from .commonground import CommonGround

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

CODING_FIELDS: Final = ("stance", "quote", "confidence", "note", "adjudicated", "red_line")
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
    "issue_note",
)
AGREEMENT_COLUMNS: Final = (
    "voice_a",
    "voice_b",
    "old",
    "new",
    "delta",
    "old_overlap",
    "new_overlap",
    "common",
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
    "issue": ("proposition", "label", "group", "weight", "description"),
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
_DATASET_FIELDS: Final = (
    "title",
    "description",
    "version",
    "citation",
    "coder",
    "scale",
    "evidence",
)
_KIND_ORDER: Final = {"dataset": 0, "issue": 1, "actor": 2, "source": 3}
_CHANGE_ORDER: Final = {"changed": 0, "added": 1, "removed": 2}
_TOL: Final = 1e-12


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
        by ``", "``, from ``stance, quote, confidence, note, adjudicated, red_line, coder``;
        ``""`` otherwise); ``old_stance``, ``new_stance`` (float64, NaN on the
        missing side); ``old_label``, ``new_label`` (the stances' scale labels);
        ``old_quote``, ``new_quote``, ``old_confidence``, ``new_confidence``,
        ``old_note``, ``new_note`` (str, ``""`` on the missing side); ``issue_note``
        (str: ``renamed from x``, ``inverted: old stances flip``, ``proposition
        changed``, joined by ``"; "``; ``""`` when the issue's proposition is the
        same). Grouped by source (new file order, then sources only the old version
        has), then holder and issue. Codings of a renamed issue (``replaces`` or
        ``mapping``) are matched under its new id.
    agreement : pandas.DataFrame
        Pairs of voices whose agreement changed *on common ground*: each pair is
        compared over the issues both versions hold (matched by id, ``replaces`` or
        ``mapping``; old stances of inverted issues flipped) that both voices address
        in both versions; pairs with no such issue are not listed. RangeIndex.
        Columns: ``voice_a``, ``voice_b`` (voice labels, see
        :func:`posmatrix.matrix.voice_label`); ``old``, ``new`` (float64 agreement
        over that common ground, NaN where undefined); ``delta`` (``new - old``);
        ``old_overlap``, ``new_overlap`` (float64 issues the pair addresses in each
        whole version, 0 when a voice is absent); ``common`` (float64: the issues the
        comparison rests on). Sorted by ``|delta|`` (largest first), then pairs that
        gained or lost a score.
    contested : pandas.DataFrame
        Issues whose place in the contested ranking (``gaps(ds).issues``, most
        contested first) moved. RangeIndex. Columns: ``issue``; ``old_rank``,
        ``new_rank`` (float64, 1 = most contested, NaN where the issue is absent
        from that version's ranking); ``move`` (``old_rank - new_rank``: positive when
        the issue became more contested). Sorted by new rank.
    common_ground : CommonGround or None
        How the two versions' issues correspond (:func:`posmatrix.commonground.match_issues`):
        matched, renamed, inverted, reworded, only in one version.
    """

    old_name: str
    new_name: str
    metric: str
    items: pd.DataFrame
    codings: pd.DataFrame
    agreement: pd.DataFrame
    contested: pd.DataFrame
    common_ground: CommonGround | None = None

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
                "field": [
                    f"{f} (issue {note})" if note else f
                    for f, note in zip(c["fields"], c["issue_note"], strict=True)
                ],
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
        one list of row dicts per frame: ``items``, ``codings``, ``agreement``,
        ``contested``, and ``common_ground`` (:meth:`CommonGround.to_dict`).
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
            "common_ground": (
                self.common_ground.to_dict() if self.common_ground is not None else None
            ),
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
            return json_visible(json.dumps(self.to_dict(), ensure_ascii=False, indent=2)) + "\n"
        from .difftext import diff_text

        return visible(diff_text(self, fmt, limit))  # control characters shown

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
    mapping: Mapping[str, str] | None = None,
    inverted: Iterable[str] = (),
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
    mapping : mapping of str to str, optional
        Old issue id -> new issue id for issues renamed between the versions (as an
        issue's ``replaces``, which it overrides; ``posmatrix diff --map old=new``).
    inverted : iterable of str
        New issue ids whose proposition was turned around (as ``inverted: true``):
        their old stances flip when agreement is compared.

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
    from .commonground import common_agreement, continuity_rows, match_issues, translate

    cg = match_issues(old, new, mapping=mapping, inverted=inverted)
    old_t = translate(old, cg)  # old's matched issues under their new ids
    items = _item_changes(old_t, new, continuity_rows(cg))
    codings = _coding_changes(old_t, new, cg.inverted)
    codings["issue_note"] = pd.Series(
        [cg.issue_note(str(i)) for i in codings["issue"]], index=codings.index, dtype=object
    )
    # Agreement and ranking follow from the items and codings: when neither changed, any
    # movement could only be an artefact of file order (ties), so none is reported.
    same = len(items) == 0 and len(codings) == 0
    if same:
        agreement = _empty(AGREEMENT_COLUMNS, text=("voice_a", "voice_b"))
    else:
        agreement = common_agreement(old_t, new, cg, metric=metric, holder=holder)
    return DatasetDiff(
        old_name=old.name,
        new_name=new.name,
        metric=metric,
        items=items,
        codings=codings,
        agreement=agreement,
        contested=_contested_moves(old_t, new, same=same),
        common_ground=cg,
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


def _item_changes(
    old: Dataset, new: Dataset, extra: Iterable[tuple[str, str, str, str, str, str]] = ()
) -> pd.DataFrame:
    rows: list[tuple[str, str, str, str, str, str]] = list(extra)
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


def _coding_changes(
    old: Dataset, new: Dataset, inverted: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """Codings added, removed and changed. On an ``inverted`` issue (new ids) the old
    stance is compared flipped (``min + max - s``): the same number now means the
    opposite position, so it is a change, and a consistently recoded one is not."""
    lo_hi = old.scale.min + old.scale.max
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

    def value(c: Coding, field: str, flip: bool) -> Any:
        return lo_hi - c.stance if flip and field == "stance" else getattr(c, field)

    for a, b in pairs:
        flip = b.issue in inverted
        changed = [f for f in CODING_FIELDS if value(a, f, flip) != getattr(b, f)]
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
