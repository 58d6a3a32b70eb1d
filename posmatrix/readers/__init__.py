"""Readers of other tools' files: one module per foreign format, one table of them.

:data:`READERS` maps a format name to a :class:`Reader`: where its function lives
(imported only when used, so ``posmatrix validate`` on a YAML file imports nothing
here but this table), the file suffixes it claims, and the files whose presence
marks a folder as its export. :func:`posmatrix.load` consults it: ``format=`` names a
reader, otherwise :func:`detect` picks one by suffix or folder content, and files it
does not claim (YAML, ``.csv``/``.parquet`` codings tables, the ``.xlsx`` coding
workbook) are read as before. The command line's ``--from FORMAT`` is the same
choice, for a suffix that is ambiguous (a Mat-O-Wahl ``.csv``, a ``.sqlite`` DNA
database).

The table is a plain dict: another module may add a reader to it.

>>> sorted(READERS)
['csv', 'dna', 'mat-o-wahl', 'parquet', 'polis', 'qual-o-mat', 'xlsx', 'yaml']
>>> detect("coding.dna"), detect("positions.yaml"), detect("codings.csv")
('dna', None, None)
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..errors import PosmatrixError, UsageError

if TYPE_CHECKING:
    from ..model import Dataset

__all__ = ["READERS", "Reader", "ReaderWarning", "detect", "read"]


class ReaderWarning(UserWarning):
    """Something a reader left out on purpose (a statement with an empty concept, a
    comment moderated out): the command line prints it as a warning."""


@attrs.frozen
class Reader:
    """One foreign format.

    Attributes
    ----------
    name : str
        The format's name (``--from NAME``, ``load(path, format=NAME)``).
    function : str
        ``"module:function"``: the reader, called as ``function(path, max_bytes=...,
        **options)`` and returning a :class:`~posmatrix.model.Dataset`.
    description : str
        One line for help texts.
    suffixes : tuple of str
        File suffixes (lower case, with the dot) this reader claims by default.
    folder : tuple of str
        File names whose presence (all of them) marks a folder as this format.
    options : tuple of str
        Keyword options the reader accepts beyond ``max_bytes``.
    """

    name: str
    function: str
    description: str
    suffixes: tuple[str, ...] = ()
    folder: tuple[str, ...] = ()
    options: tuple[str, ...] = ()

    def load(self) -> Callable[..., Dataset]:
        """The reader function (its module is imported now)."""
        module, _, name = self.function.partition(":")
        func: Callable[..., Dataset] = getattr(importlib.import_module(module), name)
        return func


READERS: Final[dict[str, Reader]] = {
    "yaml": Reader(
        "yaml",
        "posmatrix.loading:load_yaml",
        "a posmatrix/1 YAML dataset (the default for any suffix no reader claims)",
    ),
    "csv": Reader(
        "csv",
        "posmatrix.readers.builtin:read_codings_csv",
        "a codings table, one row per coding (posmatrix.from_frame)",
        options=("scale",),
    ),
    "parquet": Reader(
        "parquet",
        "posmatrix.readers.builtin:read_codings_parquet",
        "a Parquet codings table, one row per coding",
        options=("scale",),
    ),
    "xlsx": Reader(
        "xlsx",
        "posmatrix.readers.builtin:read_workbook",
        "the coding workbook written by posmatrix coding-sheet",
    ),
    "dna": Reader(
        "dna",
        "posmatrix.readers.dna:read_dna",
        "a Discourse Network Analyzer 3 database (SQLite)",
        suffixes=(".dna",),
        options=("actor",),
    ),
    "polis": Reader(
        "polis",
        "posmatrix.readers.polis:read_polis",
        "a Pol.is conversation export folder (comments.csv, participants-votes.csv)",
        folder=("comments.csv", "participants-votes.csv"),
    ),
    "qual-o-mat": Reader(
        "qual-o-mat",
        "posmatrix.readers.qualomat:read_qualomat",
        "an election folder of the qual-o-mat-data collection (party.json, statement.json, ...)",
        folder=("party.json", "statement.json", "opinion.json"),
    ),
    "mat-o-wahl": Reader(
        "mat-o-wahl",
        "posmatrix.readers.matowahl:read_matowahl",
        "Mat-O-Wahl's answers CSV (party answers and reasons; its questions CSV beside it)",
        options=("questions",),
    ),
}
"""Format name -> :class:`Reader`."""

BUILT_IN: Final = ("yaml", "csv", "parquet", "xlsx")
"""Formats :func:`posmatrix.load` reads without the table when no ``format`` is given."""


def detect(path: str | os.PathLike[str]) -> str | None:
    """The foreign format ``path`` is in, by folder content or suffix; None for the
    files :func:`posmatrix.load` reads itself (YAML, codings tables, workbooks)."""
    name = os.fspath(path)
    if os.path.isdir(name):
        for reader in READERS.values():
            if reader.folder and all(os.path.isfile(os.path.join(name, f)) for f in reader.folder):
                return reader.name
        return None
    suffix = os.path.splitext(name)[1].lower()
    for reader in READERS.values():
        if suffix and suffix in reader.suffixes:
            return reader.name
    return None


def _check_format(fmt: object) -> Reader:
    reader = READERS.get(fmt) if isinstance(fmt, str) else None
    if reader is None:
        import difflib

        close = difflib.get_close_matches(str(fmt), list(READERS), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"unknown format {fmt!r}: known formats are {', '.join(READERS)}{hint}")
    return reader


def read(
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    max_bytes: int | None = None,
    **options: Any,
) -> Dataset:
    """Read ``path`` with the reader ``format`` names (or the one :func:`detect` finds).

    Parameters
    ----------
    path : str or path-like
        The file or folder.
    format : str, optional
        A key of :data:`READERS`.
    max_bytes : int, optional
        Refuse larger inputs (each file of a folder counts on its own).
    **options
        Options of that reader (``actor="person"`` for ``dna``); options set to None
        are left out.

    Raises
    ------
    UsageError
        Unknown format, an option the reader does not take, or a path it cannot read.
    DatasetError
        The file is not what the format says, located by file and row or table.
    """
    name = os.fspath(path)
    fmt = format if format is not None else detect(name)
    if fmt is None:
        raise UsageError(f"cannot tell the format of {name!r}; name it (--from FORMAT)")
    reader = _check_format(fmt)
    given = {k: v for k, v in options.items() if v is not None}
    for key in given:
        if key not in reader.options:
            flag = "--" + key.replace("_", "-")
            raise UsageError(
                f"{flag} ({key}=) applies to "
                + ", ".join(r.name for r in READERS.values() if key in r.options)
                + f", not to the {reader.name} format of {name!r}"
            )
    if not os.path.exists(name):
        raise PosmatrixError(f"{name}: no such file or folder")
    if reader.folder and not os.path.isdir(name):
        missing = ", ".join(reader.folder)
        raise UsageError(
            f"{name} is a file, but a {reader.name} export is a folder holding {missing}"
        )
    if not reader.folder and os.path.isdir(name):
        raise UsageError(f"{name} is a folder, but the {reader.name} format is a single file")
    return reader.load()(name, max_bytes=max_bytes, **given)


def check_size(name: str, max_bytes: int | None) -> None:
    """Refuse a file over ``max_bytes`` before reading it (a :class:`UsageError`)."""
    if max_bytes is None:
        return
    try:
        size = os.path.getsize(name)
    except OSError as exc:
        raise PosmatrixError(f"{name}: cannot read it: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise UsageError(
            f"{name} has {size:,} bytes, more than the limit of {max_bytes:,}; "
            "raise the limit (--max-bytes) if the file is what you expect"
        )
