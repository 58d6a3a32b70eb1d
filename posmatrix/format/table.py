"""The table reader's checks: the spec applied column by column.

:class:`TableChecker` reads a codings DataFrame one column at a time. Columns of few
distinct values (ids, stance, confidence, coder, booleans) are factorized and each
distinct value is checked once by its field's check; free text (quotes, notes) is
checked with vectorised masks and only the rows flagged get a message, from the same
check. A problem is located by row and column (``FILE:ROW:COL``, the header being row
1) and worded as the YAML reader words it after the item's path: ``field: message``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Any, Final

import attrs
import numpy as np
import pandas as pd

from ..errors import Location, Problem
from ..ids import nfc
from ..textsafe import bad_value_mask
from .checks import _ASCII_ID, Shown, check_stance, describe_value
from .refs import AUTHOR, reference_problems
from .spec import CODING, Field

__all__ = ["CODING_COLUMNS", "MAX_PROBLEMS", "REQUIRED_COLUMNS", "TableChecker"]

CODING_COLUMNS: Final = tuple(f.key for f in CODING if f.table)
"""Every column a codings table may have, in the recommended order."""

REQUIRED_COLUMNS: Final = tuple(f.key for f in CODING if f.table and f.required)
"""The columns a codings table must have."""

MAX_PROBLEMS: Final = 1000
"""At most this many problems are listed one by one; a last problem counts the rest."""

_INT_TEXT = re.compile(r"^\s*[+-]?\d+\s*$")
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0", ""})
_NO_QUOTE = (
    "; give the verbatim evidence, or declare 'evidence: optional' for positions "
    "recorded without a quote"
)


def py(value: object) -> object:
    """A numpy scalar as the Python value (for messages and the model's type checks)."""
    return value.item() if isinstance(value, np.generic) else value


def blank(value: object) -> bool:
    """NaN, None, or empty or blank text."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    return isinstance(value, str) and not value.strip()


def shown(value: object) -> str:
    """A cell in words: an empty one as the YAML reader shows an empty value."""
    value = py(value)
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return "an empty value"
    return describe_value(value)


def _factorize(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (−1 for NaN/None) and the distinct values, as an object array."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object)


def _spread(codes: np.ndarray, per_unique: np.ndarray, na: Any) -> np.ndarray:
    """Per-row values from per-distinct-value ones; ``na`` where the code is −1."""
    if not len(codes) or codes.min() >= 0:  # no missing value: one gather
        return np.asarray(per_unique[codes])
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


def parse_stance(value: object) -> int | None:
    """An integer stance from an int, an integer-valued float or integer text; else None."""
    value = py(value)
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


def parse_bool(value: object) -> bool | None:
    """A boolean cell: a bool, or true/false/yes/no/1/0 (empty: false); else None."""
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


class TableChecker:
    """Column-wise checks of a codings table; collects problems, then builds codings."""

    def __init__(
        self, frame: pd.DataFrame, file: str, lo: int, hi: int, *, quote_optional: bool = False
    ) -> None:
        self.quote_optional = quote_optional
        self.frame = frame
        self.file = file
        self.lo, self.hi = lo, hi
        self.n = len(frame)
        self.problems: list[Problem] = []
        self.unlisted = 0  # problems past MAX_PROBLEMS in one column: only counted
        self.fatal = False
        self.col: dict[str, int] = {}
        self.bad = np.zeros(self.n, dtype=bool)  # a key field (source/holder/issue/stance/coder)
        self.values: dict[str, Any] = {}  # numpy arrays; text may stay an Arrow array
        self.codes: dict[str, np.ndarray] = {}
        self.uniques: dict[str, np.ndarray] = {}
        self.valid_unique: dict[str, np.ndarray] = {}
        self.stance = np.zeros(self.n, dtype=np.int64)
        self.stance_values: list[int] = []
        self.off_scale = np.zeros(self.n, dtype=bool)

    def series(self, name: str) -> pd.Series:
        return self.frame.iloc[:, self.col[name] - 1]

    def add_rows(self, rows: np.ndarray, column: str, message: Callable[[int], str]) -> None:
        """A problem ``column: message(row)`` per True row; past :data:`MAX_PROBLEMS`
        only counted."""
        listed = np.flatnonzero(rows)
        pos = self.col.get(column, 1)
        for row in listed[:MAX_PROBLEMS].tolist():
            self.problems.append(Problem(self.file, row + 2, pos, f"{column}: {message(row)}"))
        self.unlisted += max(0, len(listed) - MAX_PROBLEMS)

    # - structure -

    def columns(self) -> None:
        for pos, name in enumerate(self.frame.columns, start=1):
            if not isinstance(name, str):
                self._fatal(pos, f"column names must be text, got {name!r}")
            elif name in self.col:
                self._fatal(
                    pos,
                    f"column {name!r} appears twice (first as column {self.col[name]}); keep one",
                )
            else:
                self.col[name] = pos
                if name not in CODING_COLUMNS:
                    close = difflib.get_close_matches(name, CODING_COLUMNS, n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    self._fatal(
                        pos,
                        f"unknown column {name!r}: a codings table has the columns "
                        f"{', '.join(CODING_COLUMNS)}{hint}",
                    )
        missing = [
            c
            for c in REQUIRED_COLUMNS
            if c not in self.col and not (c == "quote" and self.quote_optional)
        ]
        if missing:
            self._fatal(
                1,
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}: "
                f"a codings table needs the columns {', '.join(REQUIRED_COLUMNS)}",
            )

    def _fatal(self, pos: int, message: str) -> None:
        self.problems.append(Problem(self.file, 1, pos, message))
        self.fatal = True

    # - fields, by kind -

    def fields(self) -> None:
        for f in CODING:
            if not f.table or f.key not in self.col:
                continue
            if f.kind == "id":
                self._ids(f)
            elif f.kind == "integer":
                self._stance(f)
            elif f.kind == "text":
                self._text(f)
            elif f.kind == "bool":
                self._bool(f)
            else:
                self._enum(f)

    def _ids(self, f: Field) -> None:
        name = f.key
        codes, uniq = _factorize(self.series(name))
        normal = [nfc(u) if type(u) is str else u for u in uniq]
        if any(a is not b for a, b in zip(normal, uniq, strict=True)):
            # NFC and NFD 'café' are one id: factorize the normalised values again
            recode, uniq = _factorize(pd.Series(normal, dtype=object))
            codes = np.where(codes >= 0, recode[np.maximum(codes, 0)], -1)
        plain = _ASCII_ID.fullmatch  # a valid id for sure: not blank, no spec check to run
        ok = [type(u) is str and plain(u) is not None for u in uniq]
        empty = np.array([not k and blank(u) for u, k in zip(uniq, ok, strict=True)], dtype=bool)
        messages = [
            None if k or b or (name == "holder" and u == AUTHOR) else f.message(py(u))
            for u, b, k in zip(uniq, empty, ok, strict=True)
        ]
        invalid = np.array([m is not None for m in messages], dtype=bool)
        missing = _spread(codes, empty, True)
        wrong = _spread(codes, invalid, False)
        self.add_rows(
            missing,
            name,
            lambda r: f"expected {f.expected}, got {shown(self.series(name).iat[r])}",
        )
        self.add_rows(wrong, name, lambda r: str(messages[codes[r]]))
        self.bad |= missing | wrong
        self.codes[name] = codes
        self.uniques[name] = uniq
        self.valid_unique[name] = ~(invalid | empty)

    def _stance(self, f: Field) -> None:
        series = self.series(f.key)
        lo, hi = self.lo, self.hi
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
        parsed = [parse_stance(u) for u in uniq]
        empty = np.array([blank(u) for u in uniq], dtype=bool)
        wrong = _spread(codes, np.array([p is None for p in parsed], dtype=bool), True)
        self.add_rows(
            wrong,
            f.key,
            lambda r: str(check_stance(None, shown(series.iat[r]), lo, hi)),
        )
        self.bad |= wrong
        missing = _spread(codes, empty, True)
        # the row's stance as an index into stance_values (Python ints, any size)
        self.stance_values = [p if p is not None else lo for p in parsed] or [lo]
        self.stance = np.maximum(codes, 0)
        off = np.array([not lo <= v <= hi for v in self.stance_values], dtype=bool)
        self.off_scale = off[self.stance] & ~(missing | wrong)

    def _text(self, f: Field) -> None:
        name = f.key
        series = self.series(name)
        missing = np.asarray(series.isna().to_numpy(), dtype=bool)
        # Arrow strings stay Arrow strings unless a cell takes the default (a million
        # quotes as Python strings cost as much as reading them)
        arrow = isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow"
        obj = None if arrow else series.to_numpy(dtype=object, copy=True)
        if obj is None or _all_text(series):
            text = ~missing
        else:
            text = np.fromiter((type(v) is str for v in obj), dtype=bool, count=self.n)
        empty = missing.copy()
        if text.all():
            empty |= series.str.strip().eq("").to_numpy(dtype=bool)
        elif text.any():
            empty[text] = series[text].str.strip().eq("").to_numpy(dtype=bool)
        # cells of spaces only are values, checked as YAML checks them (an empty cell:
        # the key left out)
        spaces = np.zeros(self.n, dtype=bool)
        blank_rows = np.flatnonzero(empty & ~missing)
        if blank_rows.size:
            spaces[blank_rows] = series.iloc[blank_rows].ne("").to_numpy(dtype=bool)
        flagged = (~text & ~missing) | bad_value_mask(series)
        if name == "quote" and not self.quote_optional:
            flagged |= empty
        refused = np.zeros(self.n, dtype=bool)
        for r in np.flatnonzero(spaces).tolist():  # as the YAML's coder: '  '
            refused[r] = f.message(py(series.iat[r])) is not None
        flagged |= refused
        self.add_rows(flagged, name, lambda r: self._text_message(f, series.iat[r]))
        if name == "coder":
            self.bad |= (flagged & ~empty) | refused
        default = "" if name == "quote" and self.quote_optional else f.default
        if obj is None and not empty.any():
            self.values[name] = series.array
            return
        if obj is None:
            obj = series.to_numpy(dtype=object, copy=True)
        if empty.any():
            obj[empty] = default
        self.values[name] = obj

    def _text_message(self, f: Field, value: object) -> str:
        value = py(value)
        if value is None or value == "" or (isinstance(value, float) and value != value):
            return f"expected non-empty text, got an empty value{_NO_QUOTE}"
        why = f.message(value, Shown(shown, value))
        return why if why is not None else f"expected non-empty text, got {shown(value)}"

    def _enum(self, f: Field) -> None:
        codes, uniq = _factorize(self.series(f.key))
        empty = np.array([blank(u) for u in uniq], dtype=bool)
        messages = [None if b else f.message(py(u)) for u, b in zip(uniq, empty, strict=True)]
        wrong = _spread(codes, np.array([m is not None for m in messages], dtype=bool), False)
        self.add_rows(wrong, f.key, lambda r: str(messages[codes[r]]))
        value = np.array(
            [f.default if b else u for u, b in zip(uniq, empty, strict=True)], dtype=object
        )
        self.values[f.key] = _spread(codes, value, f.default)

    def _bool(self, f: Field) -> None:
        series = self.series(f.key)
        if pd.api.types.is_bool_dtype(series.dtype) and not series.isna().any():
            self.values[f.key] = series.to_numpy(dtype=bool)
            return
        codes, uniq = _factorize(series)
        parsed = [parse_bool(u) for u in uniq]
        wrong = _spread(codes, np.array([p is None for p in parsed], dtype=bool), False)
        self.add_rows(wrong, f.key, lambda r: str(f.message(py(uniq[codes[r]]))))
        value = np.array([bool(p) for p in parsed], dtype=bool)
        self.values[f.key] = _spread(codes, value, False)

    def off_scale_values(self) -> list[int]:
        return sorted({v for v in self.stance_values if not self.lo <= v <= self.hi})

    # - codebook and references -

    def derived(self, name: str) -> list[str]:
        """Valid ids of column ``name`` in order of first occurrence (``author`` dropped)."""
        uniq = self.uniques.get(name)
        if uniq is None:
            return []
        ids = [str(u) for u, ok in zip(uniq, self.valid_unique[name], strict=True) if ok]
        return [i for i in ids if i != AUTHOR] if name == "holder" else ids

    def references(self, issues: Any, sources: Any, actors: Any) -> None:
        """Unknown ids, stances off the scale, red lines on the midpoint and duplicate
        cells: the rows concerned are found column-wise, then worded by
        :func:`posmatrix.format.refs.reference_problems`, whose problems name their field."""
        ok = ~self.bad
        flagged = self.off_scale.copy()
        for name, known in (("source", sources), ("issue", issues), ("holder", actors)):
            uniq = self.uniques[name]
            unknown = np.array(
                [not (u in known or (name == "holder" and u == AUTHOR)) for u in uniq],
                dtype=bool,
            )
            codes = self.codes[name]
            flagged |= (codes >= 0) & unknown[np.maximum(codes, 0)]
        red = self.values.get("red_line")
        if red is not None:  # a red line on the midpoint has no side
            stance = np.asarray(self.stance_values, dtype=np.float64)[self.stance]
            flagged |= np.asarray(red, dtype=bool) & (stance == (self.lo + self.hi) / 2)
        coder = self.values.get("coder")
        coder_codes = (
            np.asarray(pd.factorize(pd.Series(coder, dtype=object))[0], dtype=np.int64)
            if coder is not None
            else np.zeros(self.n, dtype=np.int64)
        )
        columns = [self.codes["source"], self.codes["holder"], self.codes["issue"], coder_codes]
        sizes = [int(c.max(initial=0)) + 2 for c in columns]
        if np.prod(np.array(sizes, dtype=np.float64)) < 2.0**62:  # one int64 key: half the time
            key = np.zeros(self.n, dtype=np.int64)
            for c, size in zip(columns, sizes, strict=True):
                key = key * size + (c + 1)
            dup = np.asarray(pd.Series(key[ok]).duplicated(keep=False).to_numpy(), dtype=bool)
        else:
            keys = pd.DataFrame(dict(zip("shic", columns, strict=True)))
            dup = np.asarray(keys[ok].duplicated(keep=False).to_numpy(), dtype=bool)
        both = np.zeros(self.n, dtype=bool)
        both[ok] = dup
        rows = np.flatnonzero((flagged | both) & ok)
        if len(rows) == 0:
            return
        mini = self.codings(rows)

        def first_at(c: Any) -> str:
            return f"line {c.where.line}"

        for p in reference_problems(
            mini,
            issues=issues,
            actors=actors,
            sources=sources,
            lo=self.lo,
            hi=self.hi,
            first_at=first_at,
        ):
            field = p.field or "issue"  # coded twice: the coding's issue cell
            message = f"{p.field}: {p.message}" if p.field is not None else p.message
            where = mini[p.item].where
            self.problems.append(Problem(self.file, where.line, self.col.get(field, 1), message))

    # - building -

    def codings(self, rows: np.ndarray | None = None) -> list[Any]:
        """Codings for data rows ``rows`` (all when None), made by the model's
        unchecked constructor: every field has been checked column-wise already."""
        from ..model import Coding, unchecked

        if rows is None:
            n = self.n
            lines: Iterable[int] = range(2, self.n + 2)

            def take(a: np.ndarray) -> np.ndarray:
                return a

        else:
            n = len(rows)
            lines = (rows + 2).tolist()

            def take(a: np.ndarray) -> np.ndarray:
                return np.asarray(a[rows])

        def column(name: str) -> Iterable[Any]:
            if name in self.uniques:
                got: list[Any] = take(
                    self.uniques[name].take(np.maximum(self.codes[name], 0))
                ).tolist()
                return got
            if name == "stance":
                stances: list[Any] = np.asarray(self.stance_values, dtype=object)[
                    take(self.stance)
                ].tolist()
                return stances
            if name == "where":
                return list(map(Location, repeat(self.file, n), lines, repeat(1, n)))
            values = self.values.get(name)
            if values is not None:
                cells: list[Any] = take(values).tolist()
                return cells
            spec = CODING[name] if name != "quote_where" else None
            return repeat(spec.default if spec is not None else None, n)

        # every value was checked column-wise: no validator runs again (and no global
        # switch is touched: another thread's Coding(...) keeps its checks)
        made: list[Any] = list(
            map(unchecked(Coding), *(column(a.name) for a in attrs.fields(Coding)))
        )
        return made
