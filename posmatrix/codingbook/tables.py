"""A YAML codebook with its codings in a table beside it: ``codings: codings.parquet``.

The YAML gives the scale, the issues, the actors and the sources; the ``.csv`` or
``.parquet`` table (a path relative to the YAML file) gives one row per coding, checked
by :func:`posmatrix.from_frame` against that codebook.
"""

from __future__ import annotations

import os
from typing import Any

import attrs

from ..errors import DatasetError, Location, Problem
from ..format.nodes import Node
from ..model import Actor, Coding, Issue, Scale, Source

__all__ = ["table_codings"]


def _resolve(table: str, yaml_name: str) -> str:
    base = os.path.dirname(yaml_name) if not yaml_name.startswith("<") else ""
    return os.path.join(base, table) if base else table


def table_codings(
    table: str,
    node: Node,
    where: Location,
    scale: Scale,
    issues: dict[str, Issue],
    actors: dict[str, Actor],
    sources: dict[str, Source],
    inline: list[Coding],
    default_coder: Any,
    evidence: str,
) -> list[Coding]:
    """The YAML's own codings followed by those of its table, all checked."""
    from ..frame import from_frame, read_table

    name = _resolve(table, where.file)
    if not table.lower().endswith((".csv", ".parquet")):
        raise DatasetError(
            [Problem.at(where, f"codings: expected a .csv or .parquet file, got {table!r}")]
        )
    if not os.path.isfile(name):
        raise DatasetError(
            [
                Problem.at(
                    where,
                    f"codings: no such file {name!r} (the path is relative to the YAML file)",
                )
            ]
        )
    try:
        frame = read_table(name)
    except OSError as exc:
        raise DatasetError([Problem.at(where, f"codings: cannot read {name!r}: {exc}")]) from None
    ds = from_frame(
        frame,
        issues=list(issues.values()),
        sources=list(sources.values()),
        actors=list(actors.values()),
        scale=scale,
        path=name,
        evidence=evidence,
    )
    rows = list(ds.codings)
    if isinstance(default_coder, str):
        rows = [c if c.coder is not None else attrs.evolve(c, coder=default_coder) for c in rows]
    seen = {c.key: c for c in inline}
    problems = []
    for c in rows:
        first = seen.get(c.key)
        if first is not None:
            at = f" (first at {first.where})" if first.where is not None else ""
            problems.append(
                Problem.at(
                    c.where,
                    f"issue {c.issue!r} is coded twice for source {c.source!r}, holder "
                    f"{c.holder!r}{at}; keep one coding, or give each its own coder",
                )
            )
        seen[c.key] = c
    if problems:
        raise DatasetError(problems)
    return [*inline, *rows]
