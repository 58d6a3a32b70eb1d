"""The keys sources are grouped by (``by=``): source fields and time windows,
parsed and normalised. :mod:`posmatrix.groups` re-exports these names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from .errors import UsageError
from .format.spec import SOURCE

__all__ = ["SOURCE_FIELDS", "BySpec", "parse_by"]

BySpec = str | Sequence[str] | None

SOURCE_FIELDS: Final = tuple(f.key for f in SOURCE if f.kind != "structure")
"""The fields of a source one can group by: its scalar fields in the format spec
(``id``, ``title``, ``label``, …), so a field the spec gains is a grouping key too."""

_ALIASES: Final = {"year": "Y", "quarter": "Q", "month": "M", "week": "W", "day": "D"}
_WINDOW: Final = re.compile(r"^([1-9]\d{0,4})?([YQMWD])$")


def parse_by(by: BySpec) -> tuple[str, ...]:
    """The grouping keys of ``by``, normalised: source fields as given, windows as
    ``Y``, ``Q``, ``M``, ``W``, ``D`` or ``<n>D`` (``<n>W`` becomes ``<7n>D``).

    ``by`` is a key, a comma-separated string of keys, or a list of keys; at most one
    key may be a time window.

    >>> parse_by("outlet,month"), parse_by(["author", "30D"]), parse_by("2W")
    (('outlet', 'M'), ('author', '30D'), ('14D',))
    """
    if isinstance(by, str):
        raw = [part.strip() for part in by.split(",")]
    elif isinstance(by, Sequence) and all(isinstance(p, str) for p in by):
        raw = [p.strip() for p in by]
    else:
        raise UsageError(f"by must be a key or a list of keys, got {by!r}")
    keys: list[str] = []
    for part in raw:
        key = _normalise(part)
        if key in keys:
            raise UsageError(f"by names {part!r} twice")
        keys.append(key)
    if not keys:
        raise UsageError("by must name at least one key")
    if sum(_is_window(k) for k in keys) > 1:
        raise UsageError(f"by may hold one time window, got {', '.join(raw)}")
    return tuple(keys)


def _normalise(part: str) -> str:
    if part in SOURCE_FIELDS:
        return part
    key = _ALIASES.get(part.lower(), part)
    m = _WINDOW.match(key)
    if m is None:
        import difflib

        choices = [*SOURCE_FIELDS, *_ALIASES]
        close = difflib.get_close_matches(part, choices, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UsageError(
            f"cannot group by {part!r}: give a source field ({', '.join(SOURCE_FIELDS)}), "
            f"a time window (year, quarter, month, week, day) or a length such as 30D{hint}"
        )
    n, unit = int(m.group(1) or 1), m.group(2)
    if unit == "W" and n > 1:
        return f"{7 * n}D"
    if unit in "YQM" and n > 1:
        raise UsageError(f"windows of several {unit} are not supported ({part!r}); use days")
    return unit if n == 1 else f"{n}D"


def _is_window(key: str) -> bool:
    return key not in SOURCE_FIELDS


def _column(key: str) -> str:
    return "window" if _is_window(key) else key
