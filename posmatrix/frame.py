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
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any, Final, TypeVar, cast

import attrs
import numpy as np
import pandas as pd

from .errors import DatasetError, Location, Problem, UsageError
from .ids import nfc, warn_confusables
from .model import (
    AUTHOR,
    Actor,
    Coding,
    Dataset,
    Issue,
    Scale,
    Source,
    _unchecked,
    check_references,
)
from .tableread import nested_cells, read_csv, read_parquet
from .textsafe import bad_value_char, bad_value_mask
from .yamlsafe import MAX_BYTES, show

__all__ = ["CODING_COLUMNS", "MAX_PROBLEMS", "REQUIRED_COLUMNS", "from_frame", "load_table"]

CODING_COLUMNS: Final = (
    "source",
    "holder",
    "issue",
    "stance",
    "quote",
    "confidence",
    "coder",
    "note",
    "adjudicated",
    "red_line",
)
"""Every column a codings table may have, in the recommended order."""

REQUIRED_COLUMNS: Final = ("source", "holder", "issue", "stance", "quote")
"""The columns a codings table must have."""

MAX_PROBLEMS: Final = 1000
"""At most this many problems are listed one by one; a last problem counts the rest."""

CODINGS_NAME: Final = "<codings>"
"""The file name in problem locations when the table did not come from a file."""

_INT_TEXT = re.compile(r"^\s*[+-]?\d+\s*$")
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0", ""})

_T = TypeVar("_T", Issue, Actor, Source)

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
    <codings>:3:4: stance must be an integer from -2 to 2, got 5
    <codings>:4:4: 'stance' must be an integer from -2 to 2, got 'x'
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
    check = _Checker(codings, file, scale, quote_optional=evidence == "optional")
    check.columns()
    if check.fatal:
        raise DatasetError(_capped(check.problems))
    nested = nested_cells(codings, file)  # lists and mappings cannot be compared or shown
    if nested:
        raise DatasetError(nested)
    check.fields()
    if not declared and check.off_scale.any():
        check.problems.append(check.undeclared_scale())  # the rows are listed too

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
        raise DatasetError(_capped(problems))
    warn_confusables(issue_map, actor_map, source_map)
    return Dataset(
        title=title,
        scale=scale,
        issues=issue_map,
        actors=actor_map,
        sources=source_map,
        codings=cast("Any", check.build()),
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
    codings = [
        attrs.evolve(c, where=Location(name, line(c.where.line), c.where.column))
        if c.where is not None
        else c
        for c in ds.codings
    ]
    return attrs.evolve(ds, codings=cast("Any", tuple(codings)))


def _need() -> str:
    return ", ".join(REQUIRED_COLUMNS)


# -- the codings table ------------------------------------------------------------------------


def _blank(value: object) -> bool:
    """NaN, None, or empty or blank text."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    return isinstance(value, str) and not value.strip()


def _factorize(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (−1 for NaN/None) and the distinct values, as an object array."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object)


def _spread(codes: np.ndarray, per_unique: np.ndarray, na: Any) -> np.ndarray:
    """Per-row values from per-distinct-value ones; ``na`` where the code is −1."""
    out = np.empty(len(codes), dtype=per_unique.dtype)
    has = codes >= 0
    out[has] = per_unique[codes[has]]
    out[~has] = na
    return out


def _all_text(series: pd.Series) -> bool:
    """Whether every non-missing value is str (one pass in C)."""
    if isinstance(series.dtype, pd.StringDtype):
        return True
    return pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")


def _text_mask(series: pd.Series) -> np.ndarray:
    """Which values are str."""
    if _all_text(series):
        return np.asarray(series.notna().to_numpy(), dtype=bool)
    obj = series.to_numpy(dtype=object)
    return np.fromiter((type(v) is str for v in obj), dtype=bool, count=len(obj))


def _validator_message(cls: type, name: str, value: object) -> str | None:
    """The message the model's validator for ``cls.name`` gives for ``value``, or None."""
    field = getattr(attrs.fields(cls), name)
    if field.validator is None:
        return None
    try:
        field.validator(None, field, value)
    except (TypeError, ValueError) as exc:
        return str(exc.args[0])
    return None


def _py(value: object) -> object:
    """A numpy scalar as the Python value (for messages and the model's type checks)."""
    return value.item() if isinstance(value, np.generic) else value


def _parse_stance(value: object) -> int | None:
    """An integer stance from an int, an integer-valued float or integer text; else None."""
    value = _py(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return (
            int(value)
            if value == value and abs(value) < float("inf") and value.is_integer()
            else None
        )
    if isinstance(value, str) and len(value) <= 40 and _INT_TEXT.match(value):
        return int(value)  # at most 40 characters: far from int()'s 4,300-digit limit
    return None


class _Checker:
    """Column-wise checks of a codings table; collects problems, then builds codings.

    Columns with few distinct values (ids, stance, confidence, coder, adjudicated) are
    factorized and each distinct value is checked once by the model's validators."""

    def __init__(
        self, frame: pd.DataFrame, file: str, scale: Scale, *, quote_optional: bool = False
    ) -> None:
        self.quote_optional = quote_optional
        self.frame = frame
        self.file = file
        self.scale = scale
        self.n = len(frame)
        self.problems: list[Problem] = []
        self.fatal = False
        self.col: dict[str, int] = {}
        self.bad = np.zeros(self.n, dtype=bool)  # a key field (source/holder/issue/stance/coder)
        self.values: dict[str, np.ndarray] = {}
        self.codes: dict[str, np.ndarray] = {}
        self.uniques: dict[str, np.ndarray] = {}
        self.valid_unique: dict[str, np.ndarray] = {}
        self.stance = np.zeros(self.n, dtype=np.int64)
        self.stance_values: list[int] = []
        self.off_scale = np.zeros(self.n, dtype=bool)

    def series(self, name: str) -> pd.Series:
        return self.frame.iloc[:, self.col[name] - 1]

    def add(self, row: int, column: str, message: str) -> None:
        """A problem at 0-based data row ``row`` of ``column``."""
        self.problems.append(Problem(self.file, row + 2, self.col.get(column, 1), message))

    def add_rows(self, rows: np.ndarray, column: str, message: Callable[[int], str]) -> None:
        """One problem per True row; past :data:`MAX_PROBLEMS` only counted."""
        listed = np.flatnonzero(rows)
        for row in listed[: MAX_PROBLEMS + 1]:
            self.add(int(row), column, message(int(row)))
        extra = len(listed) - (MAX_PROBLEMS + 1)
        if extra > 0:  # counted by _capped, never shown: it sorts after every real row
            self.problems.extend([Problem(self.file, 2**62, 0, "")] * extra)

    # - structure -

    def columns(self) -> None:
        names = list(self.frame.columns)
        for pos, name in enumerate(names, start=1):
            if not isinstance(name, str):
                self.problems.append(
                    Problem(self.file, 1, pos, f"column names must be text, got {name!r}")
                )
                self.fatal = True
                continue
            if name in self.col:
                self.problems.append(
                    Problem(
                        self.file,
                        1,
                        pos,
                        f"column {name!r} appears twice (first as column {self.col[name]}); "
                        "keep one",
                    )
                )
                self.fatal = True
                continue
            self.col[name] = pos
            if name not in CODING_COLUMNS:
                close = difflib.get_close_matches(name, CODING_COLUMNS, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.problems.append(
                    Problem(
                        self.file,
                        1,
                        pos,
                        f"unknown column {name!r}: a codings table has the columns "
                        f"{', '.join(CODING_COLUMNS)}{hint}",
                    )
                )
                self.fatal = True
        missing = [
            c
            for c in REQUIRED_COLUMNS
            if c not in self.col and not (c == "quote" and self.quote_optional)
        ]
        if missing:
            self.problems.append(
                Problem(
                    self.file,
                    1,
                    1,
                    f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}: "
                    f"a codings table needs the columns {_need()}",
                )
            )
            self.fatal = True

    # - fields -

    def fields(self) -> None:
        for name in ("source", "holder", "issue"):
            self._ids(name)
        self._stance()
        self._quote()
        self._confidence()
        self._coder()
        self._free_text("note")
        self._adjudicated()
        self._red_line()

    def _ids(self, name: str) -> None:
        codes, uniq = _factorize(self.series(name))
        normal = [nfc(u) if type(u) is str else u for u in uniq]
        if any(a is not b for a, b in zip(normal, uniq, strict=True)):
            # NFC and NFD 'café' are one id: factorize the normalised values again
            recode, uniq = _factorize(pd.Series(normal, dtype=object))
            codes = np.where(codes >= 0, recode[np.maximum(codes, 0)], -1)
        blank = np.array([_blank(u) for u in uniq], dtype=bool)
        messages = [
            None
            if b or (name == "holder" and u == AUTHOR)
            else _validator_message(Coding, name, _py(u))
            for u, b in zip(uniq, blank, strict=True)
        ]
        invalid = np.array([m is not None for m in messages], dtype=bool)
        missing = _spread(codes, blank, True)
        bad_value = _spread(codes, invalid, False)
        need = "an actor id or 'author'" if name == "holder" else f"a {name} id"
        self.add_rows(missing, name, lambda r: f"'{name}' is missing: every coding needs {need}")
        self.add_rows(bad_value, name, lambda r: str(messages[codes[r]]))
        self.bad |= missing | bad_value
        self.codes[name] = codes
        self.uniques[name] = uniq
        self.valid_unique[name] = ~(invalid | blank)

    def _stance(self) -> None:
        series = self.series("stance")
        lo, hi = self.scale.min, self.scale.max
        raw = series
        if series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) not in (
            "integer",
            "string",
            "floating",
            "mixed-integer-float",
            "empty",
        ):  # factorize merges True with 1: keep booleans apart
            raw = pd.Series(
                [("bool", v) if isinstance(v, (bool, np.bool_)) else v for v in series],
                dtype=object,
            )
        codes, uniq = _factorize(raw)
        parsed = [_parse_stance(u) for u in uniq]
        blank = np.array([_blank(u) for u in uniq], dtype=bool)
        wrong = np.array([p is None for p in parsed], dtype=bool) & ~blank
        missing = _spread(codes, blank, True)
        not_int = _spread(codes, wrong, False)
        self.add_rows(
            missing, "stance", lambda r: f"'stance' is missing: give an integer from {lo} to {hi}"
        )
        self.add_rows(
            not_int,
            "stance",
            lambda r: (
                f"'stance' must be an integer from {lo} to {hi}, got {show(_py(series.iat[r]))}"
            ),
        )
        self.bad |= missing | not_int
        # the row's stance as an index into stance_values (Python ints, any size)
        self.stance_values = [p if p is not None else lo for p in parsed] or [lo]
        self.stance = np.maximum(codes, 0)
        off = np.array([not lo <= v <= hi for v in self.stance_values], dtype=bool)
        self.off_scale = off[self.stance] & ~(missing | not_int)

    def _text_column(self, name: str) -> tuple[pd.Series, np.ndarray] | None:
        """The column and its NaN/None mask, after flagging values that are not text."""
        if name not in self.col:
            return None
        series = self.series(name)
        missing = np.asarray(series.isna().to_numpy(), dtype=bool)
        if not _all_text(series):
            obj = series.to_numpy(dtype=object)
            wrong = ~_text_mask(series) & ~missing
            self.add_rows(
                wrong,
                name,
                lambda r: (
                    f"'{name}' must be text, got {type(_py(obj[r])).__name__} {_py(obj[r])!r}"
                ),
            )
            if name == "coder":
                self.bad |= wrong
        bad = bad_value_mask(series)  # the character rule of every text value
        if bad.any():
            values = series.to_numpy(dtype=object)
            self.add_rows(
                bad,
                name,
                lambda r: (
                    f"'{name}' holds {bad_value_char(values[r])}, which no text may hold "
                    "(it would act on a terminal when shown); remove it"
                ),
            )
            if name == "coder":
                self.bad |= bad
        return series, missing

    def _quote(self) -> None:
        got = self._text_column("quote")
        if got is None:
            return
        series, missing = got
        text = ~missing
        empty = missing.copy()
        if _all_text(series):
            empty[text] = series[text].str.strip().eq("").to_numpy(dtype=bool)
        else:
            obj = series.to_numpy(dtype=object)
            empty |= np.fromiter((type(v) is str and not v.strip() for v in obj), bool, self.n)
        quotes = series.to_numpy(dtype=object, copy=True)
        if self.quote_optional:  # no quote given: kept as ""
            quotes[empty] = ""
        else:
            self.add_rows(
                empty,
                "quote",
                lambda r: (
                    "'quote' must not be empty: give the verbatim sentence the coding "
                    "rests on, or declare evidence: optional"
                ),
            )
        self.values["quote"] = quotes

    def undeclared_scale(self) -> Problem:
        """The problem of stances off the default scale when no scale was declared."""
        outside = sorted({v for v in self.stance_values if not self.scale.contains(v)})
        shown = ", ".join(map(str, outside[:10])) + (" ..." if len(outside) > 10 else "")
        lo = min(self.scale.min, *outside)
        hi = max(self.scale.max, *outside)
        return Problem(
            self.file,
            1,
            self.col.get("stance", 1),
            f"stances {shown} lie outside the default scale {self.scale.min}..{self.scale.max}, "
            f"and the table declares no scale; declare it: --scale {lo}:{hi} on the command "
            f"line, scale=posmatrix.Scale(min={lo}, max={hi}) in from_frame, or a YAML "
            "codebook with 'scale:' and 'codings: <this file>'",
        )

    def _confidence(self) -> None:
        if "confidence" not in self.col:
            return
        codes, uniq = _factorize(self.series("confidence"))
        blank = np.array([_blank(u) for u in uniq], dtype=bool)
        messages = [
            None if b else _validator_message(Coding, "confidence", _py(u))
            for u, b in zip(uniq, blank, strict=True)
        ]
        wrong = _spread(codes, np.array([m is not None for m in messages], dtype=bool), False)
        self.add_rows(wrong, "confidence", lambda r: str(messages[codes[r]]))
        value = np.array(
            ["high" if b else u for u, b in zip(uniq, blank, strict=True)], dtype=object
        )
        self.values["confidence"] = _spread(codes, value, "high")

    def _coder(self) -> None:
        got = self._text_column("coder")
        if got is None:
            return
        codes, uniq = _factorize(got[0])
        value = np.array([None if _blank(u) else u for u in uniq], dtype=object)
        self.values["coder"] = _spread(codes, value, None)

    def _free_text(self, name: str) -> None:
        got = self._text_column(name)
        if got is None:
            return
        series, missing = got
        obj = series.to_numpy(dtype=object, copy=True)
        obj[missing] = ""
        self.values[name] = obj

    def _adjudicated(self) -> None:
        if "adjudicated" not in self.col:
            return
        series = self.series("adjudicated")
        if pd.api.types.is_bool_dtype(series.dtype) and not series.isna().any():
            self.values["adjudicated"] = series.to_numpy(dtype=bool)
            return
        codes, uniq = _factorize(series)
        parsed = [_parse_bool(u) for u in uniq]
        wrong = _spread(codes, np.array([p is None for p in parsed], dtype=bool), False)
        self.add_rows(
            wrong,
            "adjudicated",
            lambda r: f"'adjudicated' must be true or false, got {_py(uniq[codes[r]])!r}",
        )
        value = np.array([bool(p) for p in parsed], dtype=bool)
        self.values["adjudicated"] = _spread(codes, value, False)

    def _red_line(self) -> None:
        if "red_line" not in self.col:
            return
        series = self.series("red_line")
        codes, uniq = _factorize(series)
        parsed = [_parse_bool(u) for u in uniq]
        wrong = _spread(codes, np.array([p is None for p in parsed], dtype=bool), False)
        self.add_rows(
            wrong,
            "red_line",
            lambda r: f"'red_line' must be true or false, got {_py(uniq[codes[r]])!r}",
        )
        value = np.array([bool(p) for p in parsed], dtype=bool)
        self.values["red_line"] = _spread(codes, value, False)

    # - codebook and references -

    def derived(self, name: str) -> list[str]:
        """Valid ids of column ``name`` in order of first occurrence (``author`` dropped)."""
        uniq = self.uniques.get(name)
        if uniq is None:
            return []
        ids = [str(u) for u, ok in zip(uniq, self.valid_unique[name], strict=True) if ok]
        return [i for i in ids if i != AUTHOR] if name == "holder" else ids

    def references(
        self,
        issues: dict[str, Issue],
        sources: dict[str, Source],
        actors: dict[str, Actor],
    ) -> None:
        """Unknown ids, stances off the scale and duplicate cells, worded by
        :func:`check_references` on the rows concerned."""
        ok = ~self.bad
        flagged = np.zeros(self.n, dtype=bool)
        for name, known in (("source", sources), ("issue", issues), ("holder", actors)):
            uniq = self.uniques[name]
            unknown = np.array(
                [not (u in known or (name == "holder" and u == AUTHOR)) for u in uniq],
                dtype=bool,
            )
            codes = self.codes[name]
            flagged |= (codes >= 0) & unknown[np.maximum(codes, 0)]
        flagged |= self.off_scale
        red = self.values.get("red_line")
        if red is not None:  # a red line on the midpoint has no side
            stance = np.asarray(self.stance_values, dtype=np.float64)[self.stance]
            flagged |= np.asarray(red, dtype=bool) & (stance == self.scale.midpoint)
        coder = self.values.get("coder")
        coder_codes = (
            np.asarray(pd.factorize(pd.Series(coder, dtype=object))[0], dtype=np.int64)
            if coder is not None
            else np.zeros(self.n, dtype=np.int64)
        )
        keys = pd.DataFrame(
            {
                "s": self.codes["source"],
                "h": self.codes["holder"],
                "i": self.codes["issue"],
                "c": coder_codes,
            }
        )
        dup = np.asarray(keys[ok].duplicated(keep=False).to_numpy(), dtype=bool)
        both = np.zeros(self.n, dtype=bool)
        both[ok] = dup
        rows = np.flatnonzero((flagged | both) & ok)
        if len(rows) == 0:
            return
        mini = self._codings(rows, column_of_where=0)
        found = check_references(
            Dataset(
                title="references",
                scale=self.scale,
                issues=issues,
                actors=actors,
                sources=sources,
                codings=cast("Any", mini),
                evidence="optional",  # only references are checked here
            )
        )
        for where, message in found:
            field = message.split(" ", 1)[0]
            column = self.col.get(field, 1)
            line = where.line if where is not None else 1
            self.problems.append(Problem(self.file, line, column, message))

    # - building -

    def _codings(self, rows: np.ndarray | None, column_of_where: int = 1) -> list[Coding]:
        """Codings for data rows ``rows`` (all when None), validators off: every field
        has been checked column-wise already."""
        take: Callable[[np.ndarray], np.ndarray]
        if rows is None:
            n = self.n
            line_numbers: Iterable[int] = range(2, self.n + 2)

            def take(a: np.ndarray) -> np.ndarray:
                return a

        else:
            n = len(rows)
            line_numbers = (rows + 2).tolist()

            def take(a: np.ndarray) -> np.ndarray:
                return np.asarray(a[rows])

        def column(name: str) -> list[Any]:
            got: list[Any] = take(self.uniques[name].take(np.maximum(self.codes[name], 0))).tolist()
            return got

        def optional(name: str, default: object) -> Iterator[Any] | list[Any]:
            got = self.values.get(name)
            return repeat(default, n) if got is None else take(got).tolist()

        lines = list(line_numbers)
        where_col = column_of_where if column_of_where else 1
        wheres = list(map(Location, repeat(self.file, n), lines, repeat(where_col, n)))
        # every value was checked column-wise: no validator runs again (and no global
        # switch is touched: another thread's Coding(...) keeps its checks)
        made = list(
            map(
                _unchecked(Coding),
                column("source"),
                column("holder"),
                column("issue"),
                np.asarray(self.stance_values, dtype=object)[take(self.stance)].tolist(),
                optional("quote", ""),
                optional("confidence", "high"),
                optional("coder", None),
                optional("note", ""),
                optional("adjudicated", False),
                wheres,
            )
        )
        red = self.values.get("red_line")
        if red is not None:  # keyword-only field; marked rows are few (and checked)
            for k in np.flatnonzero(take(np.asarray(red, dtype=bool))).tolist():
                made[k] = attrs.evolve(made[k], red_line=True)
        return made

    def build(self) -> tuple[Coding, ...]:
        return tuple(self._codings(None))


def _parse_bool(value: object) -> bool | None:
    if value is None or (isinstance(value, float) and value != value):
        return False
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, str):
        v = value.strip().lower()
        if v in _TRUE:
            return True
        if v in _FALSE:
            return False
    return None


def _capped(problems: Sequence[Problem]) -> list[Problem]:
    listed = sorted(problems, key=lambda p: (p.file, p.line, p.column))
    if len(listed) <= MAX_PROBLEMS:
        return listed
    rest = len(listed) - MAX_PROBLEMS
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
        make = _unchecked(cls)  # ids were validated column-wise
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
    file = f"<{kind}>"
    allowed = [f.name for f in attrs.fields(cls) if f.name != "where"]
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
    values = {name: frame.iloc[:, pos - 1].to_numpy(dtype=object) for name, pos in col.items()}
    for row in range(len(frame)):
        kwargs: dict[str, Any] = {}
        for name in col:
            v = _py(values[name][row])
            if v is None or (isinstance(v, float) and v != v):
                if name in required:
                    problems.append(
                        Problem(file, row + 2, col[name], f"'{name}' is missing in {kind} row")
                    )
                    kwargs = {}
                    break
                continue  # the field's default
            if isinstance(v, str) and not v.strip() and name not in required:
                continue
            kwargs[name] = v
        if not kwargs:
            continue
        try:
            obj = cls(**kwargs)
        except (TypeError, ValueError) as exc:
            message = str(exc.args[0]) if exc.args else str(exc)
            field = re.match(r"'(\w+)'", message)
            column = col.get(field.group(1), 1) if field else 1
            problems.append(Problem(file, row + 2, column, message))
            continue
        out.append((Location(file, row + 2, 1), obj))
    return out
