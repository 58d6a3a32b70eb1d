"""Validation pushed into the engine: counts of bad rows, and the first few located.

The engine counts, in one pass, the codings with a missing id (``source``, ``holder``,
``issue`` empty or null), a missing stance, a stance that is not an integer on the
scale, and — in a second aggregation — the cells coded twice (the same source,
holder, issue and coder, as :func:`posmatrix.model.check_references` words it). Only
the counts and at most :data:`LISTED` example rows per kind are collected.
"""

from __future__ import annotations

from typing import Any, Final

from ..errors import Problem
from ..model import Scale
from .source import ROW, Table

__all__ = ["LISTED", "check_table"]

LISTED: Final = 20
"""At most this many rows of each kind of problem are listed one by one."""

_IDS: Final = ("source", "holder", "issue")


def check_table(table: Table, scale: Scale | None) -> tuple[Scale, dict[str, int], list[Problem]]:
    """The effective scale, the counts of each kind of problem, and the problems.

    Counts: ``rows``; ``missing_source``, ``missing_holder``, ``missing_issue``,
    ``missing_stance``; ``off_scale`` (not an integer on the scale); ``coded_twice``
    (rows in cells coded more than once by one coder).
    """
    import narwhals as nw

    lf = table.frame
    col = {c: i + 1 for i, c in enumerate(table.columns)}
    schema = lf.collect_schema()
    if not schema["stance"].is_numeric():
        message = (
            f"stance holds {schema['stance']} values; aggregating in the engine needs "
            "numbers: cast the column there, or read the table with posmatrix.load_table"
        )
        return scale or Scale(), {}, [Problem(table.file, 1, col["stance"], message)]
    declared = scale is not None
    sc = scale if scale is not None else Scale()
    flags = _flags(sc)
    totals = lf.select(
        nw.len().alias("rows"),
        *(flag.cast(nw.Int64).sum().alias(name) for name, flag in flags.items()),
        nw.col("stance").min().alias("lo"),
        nw.col("stance").max().alias("hi"),
    )
    first = totals.collect().to_pandas().iloc[0]
    counts = {name: int(first[name] or 0) for name in ["rows", *flags]}
    problems: list[Problem] = []
    lo, hi = _number(first["lo"]), _number(first["hi"])
    if not declared and counts["off_scale"] and (lo < sc.min or hi > sc.max):
        lo_s, hi_s = min(lo, sc.min), max(hi, sc.max)
        problems.append(
            Problem(
                table.file,
                1,
                col["stance"],
                f"stances from {lo} to {hi} lie outside the default scale {sc.min}..{sc.max}, "
                f"and no scale is declared; declare it: --scale {lo_s}:{hi_s} on the command "
                f"line or scale=posmatrix.Scale(min={lo_s}, max={hi_s})",
            )
        )
        return sc, counts, problems
    for name, flag in flags.items():
        if counts[name]:
            problems += _located(table, flag, name, counts[name], col, sc)
    keys = [*_IDS, "coder"] if "coder" in table.columns else list(_IDS)
    keyed = lf
    if "coder" in keys:  # no coder and an empty one are the same coder
        keyed = lf.with_columns(nw.col("coder").cast(nw.String).fill_null(""))
    cells = keyed.group_by(keys).agg(nw.len().alias("n")).filter(nw.col("n") > 1)
    twice = cells.select(nw.len().alias("cells"), nw.col("n").sum().alias("rows"))
    dup = twice.collect().to_pandas().iloc[0]
    counts["coded_twice"] = int(dup["rows"] or 0)
    if counts["coded_twice"]:
        rows = keyed.join(cells.select(keys), on=keys, how="inner")
        problems += _located(table, None, "coded_twice", counts["coded_twice"], col, sc, frame=rows)
    return sc, counts, problems


def _flags(scale: Scale) -> dict[str, Any]:
    import narwhals as nw

    flags: dict[str, Any] = {}
    for name in _IDS:
        text = nw.col(name).cast(nw.String)
        flags[f"missing_{name}"] = text.is_null() | (text.str.strip_chars() == "")
    stance = nw.col("stance")
    flags["missing_stance"] = stance.is_null()
    flags["off_scale"] = ~stance.is_null() & (
        (stance.round(0) != stance) | (stance < scale.min) | (stance > scale.max)
    )
    return flags


def _number(value: Any) -> int | float:
    out = float(value) if value is not None and value == value else 0.0
    return int(out) if out.is_integer() else out


def _located(
    table: Table,
    flag: Any,
    name: str,
    count: int,
    col: dict[str, int],
    scale: Scale,
    frame: Any = None,
) -> list[Problem]:
    """Up to :data:`LISTED` problems at their rows (line 1 without a row order), then
    one counting the rest."""
    lf = frame if frame is not None else table.frame.filter(flag)
    if table.rows:
        lf = lf.sort(ROW)
    wanted = [c for c in (*_IDS, "stance", "coder") if c in table.columns]
    sample = lf.select(*wanted, *([ROW] if table.rows else [])).head(LISTED)
    sample = sample.collect().to_pandas()
    field = name.removeprefix("missing_") if name != "coded_twice" else "issue"
    if name == "off_scale":
        field = "stance"
    column = col[field]
    problems = []
    for _, row in sample.iterrows():
        line = int(row[ROW]) + 2 if table.rows else 1
        problems.append(Problem(table.file, line, column, _message(name, row, scale)))
    if count > len(sample):
        problems.append(
            Problem(
                table.file,
                1,
                column,
                f"{count - len(sample)} more rows like these ({count} in all: {_TITLES[name]})",
            )
        )
    return problems


_TITLES: Final = {
    "missing_source": "no source id",
    "missing_holder": "no holder",
    "missing_issue": "no issue id",
    "missing_stance": "no stance",
    "off_scale": "stance not an integer on the scale",
    "coded_twice": "cells coded twice",
}


def _message(name: str, row: Any, scale: Scale) -> str:
    if name.startswith("missing_"):
        field = name.removeprefix("missing_")
        return f"{field} is missing; every coding needs one"
    if name == "off_scale":
        return (
            f"stance must be an integer from {scale.min} to {scale.max}, "
            f"got {_number(row['stance'])}"
        )
    coder = row.get("coder")
    by = f", coder {coder!r}" if coder not in (None, "") else ""
    return (
        f"issue {row['issue']!r} is coded twice for source {row['source']!r}, "
        f"holder {row['holder']!r}{by}; keep one coding or give each its own coder"
    )
