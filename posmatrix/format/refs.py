"""Cross-references of the format, declared once: a coding's issue, holder and source
must be known, its stance on the scale (and not the midpoint when it is a red line),
no ``(source, holder, issue, coder)`` coded twice, and issues' ``replaces`` must hold.

Each rule is a function giving the message; :func:`reference_problems` applies them
all to a sequence of codings and returns :class:`RefProblem` values that carry the
index of the coding and the field at fault, so a reader locates each one (a YAML
node, a table cell) without reading the message.

>>> unknown("issue", "ceasefire-frist", {"ceasefire-first": None})
"unknown issue 'ceasefire-frist'; did you mean 'ceasefire-first'?"
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, NamedTuple

from .checks import check_stance, describe_value, hint, show

__all__ = [
    "AUTHOR",
    "RefProblem",
    "coded_twice",
    "red_line_message",
    "reference_problems",
    "replaces_problems",
    "unknown",
]

AUTHOR: Final = "author"
"""The holder of a source's own stance; reserved, so no actor may use it as id."""


class RefProblem(NamedTuple):
    """A cross-reference problem: coding number ``item``, the ``field`` at
    fault, and the message (without the ``field: `` prefix)."""

    item: int
    field: str | None
    message: str


def unknown(kind: str, value: str, known: Iterable[str]) -> str:
    """An id of ``kind`` (issue, actor, source) that is not declared."""
    known = list(known)
    near = hint(value, known)
    if not near:
        if kind == "issue":
            near = f"; known issues: {', '.join(known[:20]) or 'none'}"
        elif kind == "actor":
            near = f"; known actors: {', '.join(known) or 'none (add an actors list)'}"
        else:
            near = f"; known {kind}s: {', '.join(known[:20]) or 'none'}"
    return f"unknown {kind} {show(value)}{near}"


def coded_twice(issue: str, source: str, holder: str, coder: str | None, first: str | None) -> str:
    """The same issue coded twice for a source and holder (by the same coder);
    ``first`` says where the first one is (``line 22``, ``row 5``)."""
    by = f", coder {coder!r}" if coder is not None else ""
    at = f" (first at {first})" if first is not None else ""
    return (
        f"issue {issue!r} is coded twice for source {source!r}, holder {holder!r}{by}{at}; "
        "keep one coding, or give each its own coder"
    )


def red_line_message(stance: int) -> str:
    """Why ``red_line: true`` cannot sit on ``stance``, the scale's midpoint."""
    return (
        f"a red line needs a side: stance {stance} is the midpoint of the scale (neutral or "
        "mixed); mark a stance above or below it, or drop red_line"
    )


def replaces_problems(replaced: Mapping[str, str | None]) -> list[tuple[str, str]]:
    """``(issue id, message)`` for every ``replaces`` that cannot hold, given each
    issue's ``replaces`` (None: none): an issue that replaces itself or an id this
    version still has (which also catches cycles), or two issues that replace the
    same id. An id unknown here is fine: it names an issue of the older version.

    >>> [m[:40] for _, m in replaces_problems({"a": "old", "b": "old"})]
    ["replaces 'old', which issue 'a' already "]
    """
    out: list[tuple[str, str]] = []
    first: dict[str, str] = {}
    for ident, old in replaced.items():
        if old is None:
            continue
        if old == ident:
            out.append((ident, f"replaces {old!r}, its own id; leave 'replaces' out"))
        elif old in replaced:
            back = replaced[old]
            cycle = f" (a cycle: {ident} → {old} → {back})" if back is not None else ""
            out.append(
                (
                    ident,
                    f"replaces {old!r}, which is still an issue of this version{cycle}; "
                    "'replaces' names the id the issue had in an older version",
                )
            )
        elif old in first:
            out.append(
                (
                    ident,
                    f"replaces {old!r}, which issue {first[old]!r} already replaces; "
                    "each old issue continues in one issue",
                )
            )
        else:
            first[old] = ident
    return out


def reference_problems(
    codings: Sequence[Any],
    *,
    issues: Mapping[str, Any],
    actors: Mapping[str, Any],
    sources: Mapping[str, Any],
    lo: int,
    hi: int,
    first_at: Any = None,
) -> list[RefProblem]:
    """Every cross-reference problem of ``codings`` (objects with ``source, holder,
    issue, stance, coder, red_line`` and ``key``), in order. ``first_at(coding)`` says
    where a first coding is, for "coded twice" (default: nowhere)."""
    out: list[RefProblem] = []
    seen: dict[Any, Any] = {}
    midpoint = (lo + hi) / 2
    for n, c in enumerate(codings):
        if c.source not in sources:
            out.append(RefProblem(n, "source", unknown("source", c.source, sources)))
        if c.issue not in issues:
            out.append(RefProblem(n, "issue", unknown("issue", c.issue, issues)))
        if c.holder != AUTHOR and c.holder not in actors:
            out.append(RefProblem(n, "holder", unknown("actor", c.holder, actors)))
        why = check_stance(c.stance, describe_value(c.stance), lo, hi)
        if why is not None:
            out.append(RefProblem(n, "stance", why))
        elif c.red_line and c.stance == midpoint:
            out.append(RefProblem(n, "red_line", red_line_message(c.stance)))
        key = c.key
        if key in seen:
            where = first_at(seen[key]) if first_at is not None else None
            out.append(
                RefProblem(n, None, coded_twice(c.issue, c.source, c.holder, c.coder, where))
            )
        else:
            seen[key] = c
    return out
