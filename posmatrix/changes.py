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
import pandas as pd

from .changeframes import (
    CODING_COLUMNS,
    CODING_FIELDS,
    ITEM_COLUMNS,
    _coding_changes,
    _item_changes,
)
from .changemoves import AGREEMENT_COLUMNS, _contested_moves, _empty
from .changemoves import CONTESTED_COLUMNS as CONTESTED_COLUMNS
from .errors import UsageError
from .matrix import HolderSpec
from .model import Dataset
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
