"""Datasets from long tables: one row per coding, for machine-assisted coding at scale.

:func:`from_frame` turns a pandas DataFrame (one row per coding) into a validated
:class:`~posmatrix.model.Dataset`; :func:`load_table` reads such a table from a
``.csv`` or ``.parquet`` file (the ``posmatrix`` command accepts both beside YAML).

The checks are those of the YAML loader — the model's field validators and
:func:`posmatrix.model.check_references` — but run column-wise with numpy and
pandas, so a table of a million codings validates in seconds. Every problem is
collected and reported as ``FILE:ROW:COL``: ``ROW`` is the table's line number
counting the header as line 1 (so the first coding is row 2), ``COL`` the 1-based
position of the column.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar, cast

import attrs
import pandas as pd

from .codingtable import CodingTable
from .errors import DatasetError, Location, Problem, UsageError
from .format.checks import Shown
from .format.spec import ACTOR, ISSUE, SOURCE
from .format.table import (
    CODING_COLUMNS,
    MAX_PROBLEMS,
    REQUIRED_COLUMNS,
    TableChecker,
    py,
    shown,
)
from .ids import warn_confusables
from .model import Actor, Dataset, Issue, Scale, Source, unchecked
from .tableread import nested_cells, read_csv, read_parquet
from .yamlsafe import MAX_BYTES

__all__ = ["CODING_COLUMNS", "MAX_PROBLEMS", "REQUIRED_COLUMNS", "from_frame", "load_table"]

CODINGS_NAME: Final = "<codings>"
"""The file name in problem locations when the table did not come from a file."""

_T = TypeVar("_T", Issue, Actor, Source)
_ENTITY: Final = {Issue: ISSUE, Source: SOURCE, Actor: ACTOR}

Table = pd.DataFrame
EntitySpec = pd.DataFrame | Iterable[Any] | None


# -- entry points ---------------------------------------------------------------------------


def from_frame(
    codings: pd.DataFrame,
    *,
    issues: pd.DataFrame | Iterable[Issue] | None = None,
    sources: pd.DataFrame | Iterable[Source] | None = None,
    actors: pd.DataFrame | Iterable[Actor] | None = None,
    scale: Scale | None = None,
    title: str | None = None,
    path: str | os.PathLike[str] | None = None,
    evidence: str = "required",
) -> Dataset:
    """Build a validated dataset from a long table with one row per coding.

    Parameters
    ----------
    codings : pandas.DataFrame, shape (n_codings, n_columns)
        One row per coding. Required columns ``source``, ``holder`` (``author`` for the
        source's own stance, else an actor id), ``issue``, ``stance`` (an integer on the
        scale; integer-valued floats and integer text such as ``"2"`` are accepted) and
        ``quote`` (non-empty text). Optional: ``confidence`` (``high``, ``medium``,
        ``low``; empty means ``high``), ``coder`` (empty means none), ``note`` and
        ``adjudicated`` (bool, or ``true``/``false``/``yes``/``no``/``1``/``0``; empty
        means false), and ``red_line`` (read like ``adjudicated``: the position is
        non-negotiable). Any other column is an error (a misspelt column would otherwise be
        ignored silently). The index is ignored; rows keep their order.
    issues, sources, actors : DataFrame, iterable of model objects, or None
        The codebook. A DataFrame has one row per object and the model's field names
        as columns (issues: ``id, proposition`` and optionally ``group, weight,
        description``; sources: ``id, title`` and optionally ``subtitle, section,
        outlet, author, published, url, file, notes``; actors: ``id, name`` and
        optionally ``kind``); empty cells take the field's default. None derives the
        objects from the ids that occur in ``codings``, in order of first occurrence,
        with the id as proposition, title or name (actors are the holders other than
        ``author``).
    scale : Scale, optional
        The stance scale. Without it the default −2..+2 is used only when every stance
        fits it; otherwise the table is refused with the values out of range (declare
        the scale: ``scale=posmatrix.Scale(min=0, max=10)``, ``--scale 0:10`` on the
        command line, or a YAML codebook naming the table under ``codings:``). A
        −1..+1 table fits the default silently: declare its scale, or its agreement
        is computed on the wrong range.
    evidence : {"required", "optional"}
        ``"optional"`` lets a row leave ``quote`` empty (or the table have no
        ``quote`` column): a position recorded without a quote.
    title : str, optional
        The dataset's title (default ``"Codings from <file name>"`` or ``"Codings table"``).
    path : str or path-like, optional
        The file the table came from: the ``FILE`` of problem locations and the
        dataset's :attr:`~posmatrix.model.Dataset.path` (default ``<codings>``).

    Returns
    -------
    Dataset
        Codings in table order, each with ``where`` at its row (``FILE:ROW:1``);
        ``quote_where`` is None (a quote problem points at the row: building a second
        location per coding would add a quarter to the time of a large table).

    Raises
    ------
    DatasetError
        Listing every problem as ``FILE:ROW:COL: message``; ``ROW`` counts the header
        as row 1, ``COL`` is the 1-based column position. Problems of a codebook frame
        are located in ``<issues>``, ``<sources>`` or ``<actors>`` the same way. At
        most :data:`MAX_PROBLEMS` are listed, then one problem counting the rest.
    UsageError
        When ``codings`` is not a DataFrame, or a codebook argument has the wrong type.

    Examples
    --------
    >>> import pandas as pd
    >>> import posmatrix
    >>> table = pd.DataFrame({
    ...     "source": ["s1", "s1", "s2"],
    ...     "holder": ["author", "russia", "author"],
    ...     "issue": ["ceasefire", "ceasefire", "ceasefire"],
    ...     "stance": [2, -1, 1],
    ...     "quote": ["Stop now.", "Moscow refuses.", "A pause would help."],
    ... })
    >>> ds = posmatrix.from_frame(table)
    >>> list(ds.sources), list(ds.actors), ds.issues["ceasefire"].proposition
    (['s1', 's2'], ['russia'], 'ceasefire')
    >>> str(ds.codings[1].where)
    '<codings>:3:1'
    >>> bad = table.assign(stance=[2, 5, "x"])
    >>> try:
    ...     posmatrix.from_frame(bad)
    ... except posmatrix.DatasetError as exc:
    ...     print(*exc.problems, sep="\\n")
    <codings>:1:4: stances 5 lie outside the default scale -2..2, and the table declares
    no scale; declare it: --scale -2:5 on the command line,
    scale=posmatrix.Scale(min=-2, max=5) in from_frame, or a YAML codebook with 'scale:'
    and 'codings: <this file>'
    <codings>:3:4: stance: expected an integer from -2 to 2, got the integer 5
    <codings>:4:4: stance: expected an integer from -2 to 2, got the text 'x'
    """
    if not isinstance(codings, pd.DataFrame):  # Polars, PyArrow, DuckDB, Dask, Spark
        from .engines.source import to_pandas

        codings = to_pandas(codings)
    if not isinstance(codings, pd.DataFrame):
        raise UsageError(
            f"codings must be a pandas DataFrame with one row per coding, "
            f"got {type(codings).__name__}"
        )
    declared = scale is not None
    scale = Scale() if scale is None else scale
    if not isinstance(scale, Scale):
        raise UsageError(f"scale must be a posmatrix.Scale or None, got {type(scale).__name__}")
    if evidence not in ("required", "optional"):
        raise UsageError(f"evidence must be 'required' or 'optional', got {evidence!r}")
    file = os.fspath(path) if path is not None else CODINGS_NAME
    if title is None:
        title = f"Codings from {Path(file).name}" if path is not None else "Codings table"
    check = TableChecker(codings, file, scale.min, scale.max, quote_optional=evidence == "optional")
    check.columns()
    if check.fatal:
        raise DatasetError(_capped(check.problems))
    nested = nested_cells(codings, file)  # lists and mappings cannot be compared or shown
    if nested:
        raise DatasetError(nested)
    check.fields()
    if not declared and check.off_scale.any():
        check.problems.append(_undeclared_scale(check, scale))  # the rows are listed too

    entity_problems: list[Problem] = []
    issue_map = _entities(
        Issue, issues, "issues", ("id", "proposition"), check.derived("issue"), entity_problems
    )
    source_map = _entities(
        Source, sources, "sources", ("id", "title"), check.derived("source"), entity_problems
    )
    actor_map = _entities(
        Actor, actors, "actors", ("id", "name"), check.derived("holder"), entity_problems
    )
    check.references(issue_map, source_map, actor_map)
    problems = entity_problems + check.problems
    if problems:
        raise DatasetError(_capped(problems, check.unlisted))
    warn_confusables(issue_map, actor_map, source_map)
    # columns, not one object per coding (issue 25); a stance past int64 makes objects
    table = CodingTable.from_checked(check)
    return Dataset(
        title=title,
        scale=scale,
        issues=issue_map,
        actors=actor_map,
        sources=source_map,
        codings=cast("Any", table if table is not None else tuple(check.codings())),
        path=os.fspath(path) if path is not None else None,
        evidence=cast("Any", evidence),
    )


def load_table(
    path: str | os.PathLike[str],
    *,
    max_bytes: int | None = None,
    scale: Scale | None = None,
) -> Dataset:
    """Read a codings table from a ``.csv`` or ``.parquet`` file; see :func:`from_frame`.

    A CSV file is read as UTF-8 text (a byte-order mark is skipped); every cell is
    text and an empty cell is a missing value. A Parquet file needs the optional
    ``pyarrow`` package (``pip install 'posmatrix[parquet]'``). The codebook (issues,
    sources, actors) is derived from the ids that occur; use :func:`from_frame` to
    give a full one.

    Parameters
    ----------
    path : str or path-like
        A file whose name ends in ``.csv`` or ``.parquet`` (any case).
    max_bytes : int, optional
        Refuse larger files (default 50 MB, as for YAML), and tables of more than a
        row per 20 bytes or a cell per 2 bytes of it (counted before decoding).
    scale : Scale, optional
        The scale the stances are coded on (default: −2..+2, only when every stance
        fits it; see :func:`from_frame`).

    Returns
    -------
    Dataset

    Raises
    ------
    DatasetError
        When the table is malformed or invalid, located as ``FILE:ROW:COL``.
    UsageError
        When the file cannot be read, is too large, has another extension, or is
        Parquet and pyarrow is not installed.
    """
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise UsageError(
            f"a codings table must be a .csv or .parquet file, got {name!r}; "
            "write YAML datasets with the .yaml extension"
        )
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if suffix == ".parquet":
        return from_frame(read_parquet(name, limit), path=name, scale=scale)
    table = read_csv(name, limit, _need())
    if table.lines is None:
        return from_frame(table.frame, path=name, scale=scale)
    return _relocated(table.frame, name, table.lines, scale)


def read_table(
    name: str, max_bytes: int | None = None, *, parquet: bool | None = None
) -> pd.DataFrame:
    """The raw table of a ``.csv`` or ``.parquet`` file (CSV cells as text), read
    within ``max_bytes`` (default 50 MB) like :func:`load_table`; ``parquet`` says the
    format where the suffix does not (default: by suffix)."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if parquet is None:
        parquet = not name.lower().endswith(".csv")
    if not parquet:
        return read_csv(name, limit, _need()).frame
    return read_parquet(name, limit)


def _relocated(
    frame: pd.DataFrame, name: str, lines: tuple[int, ...], scale: Scale | None = None
) -> Dataset:
    """``from_frame`` of a CSV table some of whose rows span lines: problems and codings
    located at the line each row starts on, not at its row number."""

    def line(row_line: int) -> int:
        return lines[row_line - 1] if 0 < row_line <= len(lines) else row_line

    try:
        ds = from_frame(frame, path=name, scale=scale)
    except DatasetError as exc:
        raise DatasetError(
            [attrs.evolve(p, line=line(p.line)) if p.file == name else p for p in exc.problems]
        ) from None
    if isinstance(ds.codings, CodingTable):
        return attrs.evolve(ds, codings=cast("Any", ds.codings.relocated(lines)))
    codings = [
        attrs.evolve(c, where=Location(name, line(c.where.line), c.where.column))
        if c.where is not None
        else c
        for c in ds.codings
    ]
    return attrs.evolve(ds, codings=cast("Any", tuple(codings)))


def _need() -> str:
    return ", ".join(REQUIRED_COLUMNS)


# -- problems ------------------------------------------------------------------------------


def _undeclared_scale(check: TableChecker, scale: Scale) -> Problem:
    """The problem of stances off the default scale when no scale was declared."""
    outside = check.off_scale_values()
    shown_values = ", ".join(map(str, outside[:10])) + (" ..." if len(outside) > 10 else "")
    lo = min(scale.min, *outside)
    hi = max(scale.max, *outside)
    return Problem(
        check.file,
        1,
        check.col.get("stance", 1),
        f"stances {shown_values} lie outside the default scale {scale.min}..{scale.max}, "
        f"and the table declares no scale; declare it: --scale {lo}:{hi} on the command "
        f"line, scale=posmatrix.Scale(min={lo}, max={hi}) in from_frame, or a YAML "
        "codebook with 'scale:' and 'codings: <this file>'",
    )


def _capped(problems: Sequence[Problem], unlisted: int = 0) -> list[Problem]:
    """The problems in file order, at most :data:`MAX_PROBLEMS`, then one counting the
    rest (``unlisted`` more were only counted)."""
    listed = sorted(problems, key=lambda p: (p.file, p.line, p.column))
    if len(listed) + unlisted <= MAX_PROBLEMS:
        return listed
    rest = len(listed) + unlisted - MAX_PROBLEMS
    if len(listed) < MAX_PROBLEMS:  # all listed; the rest were only counted
        last = listed[-1]
        return [
            *listed,
            Problem(
                last.file,
                last.line,
                last.column,
                f"... and {unlisted:,} more problems; fix those above and validate again",
            ),
        ]
    last = listed[MAX_PROBLEMS - 1]
    return [
        *listed[:MAX_PROBLEMS],
        Problem(
            last.file,
            last.line,
            last.column,
            f"... and {rest:,} more problems; fix those above and validate again",
        ),
    ]


# -- codebook frames --------------------------------------------------------------------------


def _entities(
    cls: type[_T],
    spec: pd.DataFrame | Iterable[_T] | None,
    kind: str,
    required: tuple[str, str],
    derived: list[str],
    problems: list[Problem],
) -> dict[str, _T]:
    """``{id: object}`` from a frame, a list of objects, or the ids that occur."""
    if spec is None:
        make = unchecked(cls)  # ids were validated column-wise
        return {i: make(i, i) for i in derived}
    file = f"<{kind}>"
    out: dict[str, _T] = {}
    if isinstance(spec, pd.DataFrame):
        objects = _entity_rows(cls, spec, kind, required, problems)
    elif isinstance(spec, (str, bytes)) or not isinstance(spec, Iterable):
        raise UsageError(
            f"{kind} must be a DataFrame, a list of posmatrix.{cls.__name__} or None, "
            f"got {type(spec).__name__}"
        )
    else:
        objects = []
        for pos, obj in enumerate(spec):
            if not isinstance(obj, cls):
                raise UsageError(
                    f"{kind}[{pos}] must be a posmatrix.{cls.__name__}, got {type(obj).__name__}"
                )
            where = obj.where or Location(file, pos + 1, 1)
            objects.append((where, obj))
    first: dict[str, Location] = {}
    for where, obj in objects:
        if obj.id in out:
            problems.append(
                Problem.at(
                    where,
                    f"{kind[:-1]} id {obj.id!r} appears twice (first at line "
                    f"{first[obj.id].line}); ids must be unique",
                )
            )
            continue
        out[obj.id] = obj
        first[obj.id] = where
    return out


def _entity_rows(
    cls: type[_T],
    frame: pd.DataFrame,
    kind: str,
    required: tuple[str, str],
    problems: list[Problem],
) -> list[tuple[Location, _T]]:
    """The objects of a codebook frame (one per row), each cell checked by its field's
    spec check and located at its row and column; the object made unchecked."""
    file = f"<{kind}>"
    entity = _ENTITY[cls]
    allowed = [f.key for f in entity if f.table]
    col: dict[str, int] = {}
    fatal = False
    for pos, name in enumerate(frame.columns, start=1):
        if name not in allowed or name in col:
            close = difflib.get_close_matches(str(name), allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            why = (
                "appears twice" if name in col else f"is unknown: {kind} have {', '.join(allowed)}"
            )
            problems.append(Problem(file, 1, pos, f"column {name!r} {why}{hint}"))
            fatal = True
            continue
        col[str(name)] = pos
    missing = [c for c in required if c not in col]
    if missing:
        problems.append(
            Problem(
                file,
                1,
                1,
                f"missing column {', '.join(missing)}: {kind} need {', '.join(required)}",
            )
        )
        fatal = True
    if fatal:
        return []
    out: list[tuple[Location, _T]] = []
    make = unchecked(cls)
    values = {name: frame.iloc[:, pos - 1].to_numpy(dtype=object) for name, pos in col.items()}
    for row in range(len(frame)):
        kwargs: dict[str, Any] = {}
        before = len(problems)
        for name in col:
            spec = entity[name]
            v = py(values[name][row])
            empty = v is None or (isinstance(v, float) and v != v)
            spaces = isinstance(v, str) and not v.strip()
            if not spec.required and (empty or v == "" or (spaces and spec.message(v) is None)):
                continue  # the field's default; spaces only where the field allows them
            if spec.kind == "number" and isinstance(v, int) and not isinstance(v, bool):
                v = float(v)
            message: str | None = spec.message(None if empty else v, Shown(shown, v))
            if message is not None:
                problems.append(Problem(file, row + 2, col[name], f"{name}: {message}"))
                continue
            kwargs[name] = v
        if len(problems) == before:
            out.append((Location(file, row + 2, 1), make(**kwargs)))
    return out
