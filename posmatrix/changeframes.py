"""The item and coding change frames of :func:`posmatrix.diff`: the dataset's own
fields, issues, actors and sources added, removed or edited, and codings matched on
their key and compared field by field. :mod:`posmatrix.changes` re-exports the
public names.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Final

import pandas as pd

from .groupkeys import SOURCE_FIELDS
from .model import AUTHOR, Coding, Dataset, Scale

__all__ = ["CODING_COLUMNS", "CODING_FIELDS", "ITEM_COLUMNS"]

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

_ITEM_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "issue": ("proposition", "label", "group", "weight", "description"),
    "actor": ("name", "kind"),
    "source": tuple(f for f in SOURCE_FIELDS if f != "id"),
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
