"""Codings held as columns: a read-only sequence of :class:`~posmatrix.model.Coding`.

A table of a million codings read by :func:`posmatrix.load_table` or
:func:`posmatrix.from_frame` is kept as numpy columns — integer codes into the
distinct ids (source, holder, issue, confidence, coder), the stances as int64, the
quotes and notes as object arrays, the flags as bools — instead of one Python
object per coding. :class:`CodingTable` is what :attr:`Dataset.codings
<posmatrix.model.Dataset.codings>` then holds: it behaves as the tuple of codings
it stands for (``len``, indexing, slicing, iteration, ``==`` with a tuple of the
same codings), making a :class:`~posmatrix.model.Coding` only when one is indexed
or iterated over, and it offers the columns themselves
(:meth:`CodingTable.factorized`, :meth:`CodingTable.column`) to the analyses that
run on many codings (:func:`posmatrix.stance_matrix`, :func:`posmatrix.voices`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final, overload

import attrs
import numpy as np

from .errors import Location
from .format.spec import CODING
from .model import Coding, unchecked

if TYPE_CHECKING:
    from .format.table import TableChecker

__all__ = ["CATEGORICAL", "CodingTable"]

CATEGORICAL: Final = ("source", "holder", "issue", "confidence", "coder")
"""The columns held as codes into their distinct values (see :meth:`CodingTable.factorized`)."""

_PLAIN: Final = ("stance", "quote", "note", "adjudicated", "red_line")
_FIELDS: Final = tuple(a.name for a in attrs.fields(Coding))
_CHUNK: Final = 1 << 15  # codings made at a time while iterating
_I64: Final = (-(2**63), 2**63 - 1)


def _codes(values: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Codes (int64) into the distinct values in order of first occurrence."""
    index: dict[Any, int] = {}
    codes = np.fromiter(
        (index.setdefault(v, len(index)) for v in values), dtype=np.int64, count=len(values)
    )
    uniques = np.empty(len(index), dtype=object)
    uniques[:] = list(index)
    return codes, uniques


class CodingTable(Sequence[Coding]):
    """Codings as columns; a read-only sequence of :class:`~posmatrix.model.Coding`.

    Build one with :meth:`from_codings` (or get one from :func:`posmatrix.load_table`
    and :func:`posmatrix.from_frame`); it holds no validation of its own: a
    :class:`~posmatrix.model.Dataset` holding it is validated like one holding the
    same codings as a tuple.

    Examples
    --------
    >>> import posmatrix
    >>> from posmatrix.codingtable import CodingTable
    >>> ds = posmatrix.example()
    >>> table = CodingTable.from_codings(ds.codings)
    >>> len(table) == len(ds.codings), table[0] == ds.codings[0], table == ds.codings
    (True, True, True)
    >>> codes, ids = table.factorized("holder")
    >>> ids[codes[0]] == ds.codings[0].holder
    True
    """

    columnar: ClassVar[bool] = True
    """Marks a columnar sequence of codings (the model keeps it as it is)."""

    __slots__ = ("_cats", "_file", "_lines", "_made_all", "_n", "_plain")

    def __init__(
        self,
        categorical: dict[str, tuple[np.ndarray, np.ndarray]],
        plain: dict[str, Any],
        *,
        file: str | None = None,
        lines: np.ndarray | None = None,
    ) -> None:
        lengths = {len(c) for c, _ in categorical.values()} | {len(v) for v in plain.values()}
        if set(categorical) != set(CATEGORICAL) or set(plain) != set(_PLAIN):
            raise ValueError(f"a CodingTable needs the columns {CATEGORICAL + _PLAIN}")
        if len(lengths) != 1 or (lines is not None and len(lines) not in lengths):
            raise ValueError("every column of a CodingTable has one value per coding")
        self._cats = categorical
        self._plain = plain
        self._n = lengths.pop()
        self._file = file
        self._lines = lines
        self._made_all: tuple[Coding, ...] | None = None  # kept once iterated in full

    # - building -

    @classmethod
    def from_codings(cls, codings: Iterable[Coding]) -> CodingTable:
        """The table of ``codings`` (their ``where`` kept only as a file and lines
        when every coding has one in the same file; ``quote_where`` is dropped)."""
        items = list(codings)
        cats = {name: _codes([getattr(c, name) for c in items]) for name in CATEGORICAL}
        stance = [c.stance for c in items]
        if any(not _I64[0] <= s <= _I64[1] for s in stance):
            raise ValueError("a CodingTable holds stances within int64")
        plain = {
            "stance": np.array(stance, dtype=np.int64),
            "quote": _objects([c.quote for c in items]),
            "note": _objects([c.note for c in items]),
            "adjudicated": np.array([c.adjudicated for c in items], dtype=bool),
            "red_line": np.array([c.red_line for c in items], dtype=bool),
        }
        wheres = [c.where for c in items]
        files = {w.file for w in wheres if w is not None}
        if len(files) == 1 and all(w is not None and w.column == 1 for w in wheres):
            lines = np.array([w.line for w in wheres if w is not None], dtype=np.int64)
            return cls(cats, plain, file=files.pop(), lines=lines)
        return cls(cats, plain)

    @classmethod
    def from_checked(cls, check: TableChecker) -> CodingTable | None:
        """The codings of a table :class:`~posmatrix.format.table.TableChecker` has
        checked (every row valid), located at ``FILE:ROW:1``; None when a stance
        does not fit in int64 (the caller then makes the codings one by one)."""
        values = check.stance_values
        if any(not _I64[0] <= v <= _I64[1] for v in values):
            return None
        n = check.n
        cats: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name in ("source", "holder", "issue"):
            cats[name] = (check.codes[name], _objects([str(u) for u in check.uniques[name]]))
        for name in ("confidence", "coder"):
            got = check.values.get(name)
            if got is None:
                cats[name] = (np.zeros(n, dtype=np.int64), _objects([CODING[name].default]))
            else:
                codes, uniques = _factorize(got)
                cats[name] = (codes, uniques)
        plain: dict[str, np.ndarray] = {
            "stance": np.asarray(values, dtype=np.int64)[check.stance],
            "quote": _given(check, "quote", object),
            "note": _given(check, "note", object),
            "adjudicated": _given(check, "adjudicated", bool),
            "red_line": _given(check, "red_line", bool),
        }
        return cls(cats, plain, file=check.file)

    def relocated(self, lines: Sequence[int]) -> CodingTable:
        """The same codings located at ``lines[row_line - 1]`` (a CSV table whose rows
        span lines: each coding at the line its row starts on)."""
        at = self.lines()
        known = (at >= 1) & (at <= len(lines))
        moved = at.copy()
        moved[known] = np.asarray(lines, dtype=np.int64)[at[known] - 1]
        return CodingTable(self._cats, self._plain, file=self._file, lines=moved)

    # - columns -

    def factorized(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """``(codes, values)`` of a column in :data:`CATEGORICAL`: ``values[codes[k]]``
        is coding ``k``'s value; ``values`` are distinct, in order of first occurrence
        for ids. Read-only views: do not modify them."""
        return self._cats[name]

    def column(self, name: str) -> np.ndarray:
        """One value per coding: any field of :class:`~posmatrix.model.Coding`
        except ``where`` and ``quote_where`` (stance int64, flags bool, text object)."""
        if name in self._cats:
            codes, uniques = self._cats[name]
            return uniques.take(codes)
        values: np.ndarray = self._plain[name]
        return values

    def lines(self) -> np.ndarray:
        """The line of each coding (``FILE:LINE:1``): row + 2 unless relocated."""
        if self._lines is not None:
            return self._lines
        return np.arange(2, self._n + 2, dtype=np.int64)

    def quoteless_rows(self) -> np.ndarray:
        """The positions of the codings that give no quote (``quote == ""``)."""
        return np.flatnonzero(np.asarray(self._plain["quote"] == "", dtype=bool))

    # - the sequence -

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> Coding: ...

    @overload
    def __getitem__(self, index: slice) -> CodingTable: ...

    def __getitem__(self, index: int | slice) -> Coding | CodingTable:
        if isinstance(index, slice):
            return self._take(np.arange(self._n)[index])
        k = int(index)  # numpy integers too
        if not -self._n <= k < self._n:
            raise IndexError("coding index out of range")
        k += self._n if k < 0 else 0
        if self._made_all is not None:
            return self._made_all[k]
        return self._made(k, k + 1)[0]

    def __iter__(self) -> Iterator[Coding]:
        """The codings in order. A first walk to the end keeps the codings it made, so
        code that walks them again (reports, the briefing) pays for them once; a walk
        left early keeps nothing."""
        if self._made_all is not None:
            return iter(self._made_all)
        return self._walk()

    def _walk(self) -> Iterator[Coding]:
        made: list[Coding] = []
        for start in range(0, self._n, _CHUNK):
            chunk = self._made(start, min(self._n, start + _CHUNK))
            made += chunk
            yield from chunk
        self._made_all = tuple(made)  # one assignment: another thread sees all or none

    def __reversed__(self) -> Iterator[Coding]:
        if self._made_all is not None:
            return reversed(self._made_all)
        return self._walk_back()

    def _walk_back(self) -> Iterator[Coding]:
        for start in range(((self._n - 1) // _CHUNK) * _CHUNK, -1, -_CHUNK):
            yield from reversed(self._made(start, min(self._n, start + _CHUNK)))

    def __add__(self, other: object) -> tuple[Coding, ...]:
        if isinstance(other, (tuple, CodingTable)):
            return (*self, *other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[Coding, ...]:
        if isinstance(other, tuple):
            return (*other, *self)
        return NotImplemented

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CodingTable):
            if len(other) != self._n:
                return False
            return all(
                _same(self.column(name), other.column(name)) for name in (*CATEGORICAL, *_PLAIN)
            )
        if isinstance(other, tuple):  # as a tuple: never equal to a list
            return len(other) == self._n and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        same = self.__eq__(other)
        return same if same is NotImplemented else not same

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"<CodingTable of {self._n:,} codings>"

    def __getstate__(self) -> tuple[Any, ...]:
        return (self._cats, self._plain, self._file, self._lines, self._n)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self._cats, self._plain, self._file, self._lines, self._n = state
        self._made_all = None

    # - making codings -

    def _take(self, rows: np.ndarray) -> CodingTable:
        cats = {name: (codes[rows], uniques) for name, (codes, uniques) in self._cats.items()}
        plain = {name: values[rows] for name, values in self._plain.items()}
        return CodingTable(cats, plain, file=self._file, lines=self.lines()[rows])

    def _made(self, start: int, stop: int) -> list[Coding]:
        """Codings ``start..stop-1`` made by the model's unchecked constructor."""
        n = stop - start

        def values(name: str) -> Iterable[Any]:
            if name in self._cats:
                codes, uniques = self._cats[name]
                got: list[Any] = uniques.take(codes[start:stop]).tolist()
                return got
            if name == "where":
                lines = self.lines()[start:stop].tolist()
                if self._file is None:
                    return [None] * n
                return list(map(Location, [self._file] * n, lines, [1] * n))
            if name == "quote_where":
                return [None] * n
            plain: list[Any] = self._plain[name][start:stop].tolist()
            return plain

        made: list[Coding] = list(map(unchecked(Coding), *(values(f) for f in _FIELDS)))
        return made


def _objects(values: Sequence[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values of an object column (None is a value)."""
    import pandas as pd

    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)
    distinct = list(uniques)
    missing = codes < 0
    if missing.any():  # None (a coder not given) is a value here, kept as None
        codes[missing] = len(distinct)
        distinct.append(None)
    return codes, _objects(distinct)


def _given(check: TableChecker, name: str, dtype: type) -> Any:
    """The checked column ``name`` (text may be an Arrow-backed pandas array: kept as
    it is), or its default on every row when absent."""
    got = check.values.get(name)
    if got is not None:
        return (
            got
            if dtype is object and not isinstance(got, np.ndarray)
            else np.asarray(got, dtype=dtype)
        )
    default = CODING[name].default
    if dtype is bool:
        return np.full(check.n, bool(default), dtype=bool)
    out = np.empty(check.n, dtype=object)
    out[:] = "" if name == "quote" else default
    return out


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    if a.dtype != object and b.dtype != object:
        return bool(np.array_equal(a, b))
    return bool(np.all(np.asarray(a, dtype=object) == np.asarray(b, dtype=object)))


class Selected:
    """The codings of some holders as numpy columns, from a :class:`CodingTable`
    without making a coding, or from a tuple of codings in one pass per field.

    ``source`` (codes into ``source_ids``, in order of first coding) and ``holder`` (the
    holder's rank in the ``rank`` given) have one value per selected coding, in order.
    """

    __slots__ = ("_codings", "_keep", "_table", "holder", "source", "source_ids")

    def __init__(self, codings: Sequence[Coding], rank: dict[str, int]) -> None:
        import pandas as pd

        self._table = codings if isinstance(codings, CodingTable) else None
        if self._table is not None:
            h_codes, h_ids = self._table.factorized("holder")
            h_rank = np.array([rank.get(h, -1) for h in h_ids], dtype=np.int64)
            holder = h_rank[h_codes] if len(h_ids) else np.zeros(0, dtype=np.int64)
            self._keep: np.ndarray | None = None if (holder >= 0).all() else holder >= 0
            s_codes, s_ids = self._table.factorized("source")
            code, first = pd.factorize(self._kept(s_codes))
            self.source = np.asarray(code, dtype=np.int64)
            self.source_ids: np.ndarray = s_ids[np.asarray(first, dtype=np.int64)]
            self.holder: np.ndarray = self._kept(holder)
            self._codings: list[Coding] = []
            return
        self._keep = None
        self._codings = [c for c in codings if c.holder in rank]
        code, uniq = pd.factorize(pd.Index([c.source for c in self._codings], dtype=object))
        self.source = np.asarray(code, dtype=np.int64)
        self.source_ids = _objects(list(uniq))
        n = len(self._codings)
        self.holder = np.fromiter((rank[c.holder] for c in self._codings), np.int64, n)

    def _kept(self, values: np.ndarray) -> np.ndarray:
        return values if self._keep is None else values[self._keep]

    def __len__(self) -> int:
        return len(self.source)

    def issue(self, index: dict[str, int]) -> np.ndarray:
        """Each coding's issue as ``index[issue]`` (KeyError for an issue not in it)."""
        if self._table is None:
            n = len(self._codings)
            return np.fromiter((index[c.issue] for c in self._codings), np.int64, n)
        codes, ids = self._table.factorized("issue")
        at = np.array([index.get(i, -1) for i in ids], dtype=np.int64)
        got = self._kept(at[codes]) if len(ids) else np.zeros(len(self), dtype=np.int64)
        if (got < 0).any():
            raise KeyError(ids[self._kept(codes)[np.flatnonzero(got < 0)[0]]])
        return got

    def issue_codes(self) -> tuple[np.ndarray, int]:
        """Each coding's issue as a code, and how many distinct issue ids there are."""
        import pandas as pd

        if self._table is None:
            code, uniq = pd.factorize(pd.Index([c.issue for c in self._codings], dtype=object))
            return np.asarray(code, dtype=np.int64), len(uniq)
        codes, ids = self._table.factorized("issue")
        return self._kept(codes), len(ids)

    def stance(self) -> np.ndarray:
        """Each coding's stance as float64."""
        if self._table is None:
            n = len(self._codings)
            return np.fromiter((c.stance for c in self._codings), np.float64, n)
        return self._kept(self._table.column("stance")).astype(np.float64)

    def adjudicated(self) -> np.ndarray:
        """Whether each coding is adjudicated."""
        if self._table is None:
            n = len(self._codings)
            return np.fromiter((c.adjudicated for c in self._codings), bool, n)
        return self._kept(self._table.column("adjudicated"))
