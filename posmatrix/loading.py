"""Load a dataset file strictly: every problem, located, in one pass.

:func:`load` reads a file, :func:`loads` text or bytes, :func:`example` the bundled
dataset, :func:`load_arg` whatever the command line names. The YAML is read by
:mod:`posmatrix.yamlsafe`; :mod:`posmatrix.format.yamlbuild` walks its node tree once,
checks every key and value against the format's spec (:mod:`posmatrix.format.spec`,
see ``docs/dataset-format.md``) and builds the frozen :mod:`posmatrix.model` objects.
All problems of a file are collected and raised together as one
:class:`~posmatrix.errors.DatasetError`; each names the item
(``sources[2] 'nato-key' > stances[3]``, counting from 1), what was expected, what
was found, and a did-you-mean hint for misspelt keys and ids.

>>> ds = loads('''
... format: posmatrix/1
... title: Demo
... issues:
...   - {id: ceasefire-first, proposition: A ceasefire should come first.}
... actors:
...   - {id: russia, name: Russian government}
... sources:
...   - id: a1
...     title: An article
...     stances:
...       - {issue: ceasefire-first, stance: -2, quote: "No ceasefire first."}
...     reports:
...       russia:
...         - {issue: ceasefire-first, stance: -1, quote: "Moscow says no."}
... ''')
>>> [(c.source, c.holder, c.issue, c.stance) for c in ds.codings]
[('a1', 'author', 'ceasefire-first', -2), ('a1', 'russia', 'ceasefire-first', -1)]
>>> loads("format: posmatrix/1\\ntitle: T\\nissues: []\\nsources:\\n  - {id: s, titel: x}\\n")
Traceback (most recent call last):
...
posmatrix.errors.DatasetError: 1 problem in dataset
<string>:5:13: sources[1] 's': unknown key 'titel'; did you mean 'title'?
"""

from __future__ import annotations

import os
import sys
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DatasetError, LimitError, PosmatrixError, Problem, UsageError
from .format.yamlbuild import build
from .limits import read_bounded, read_stream_bounded
from .model import Dataset, Scale
from .yamlsafe import MAX_BYTES, compose

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["MAX_BYTES", "example", "load", "load_arg", "loads"]

# -- entry points -----------------------------------------------------------------------


def _check_limit(max_bytes: int | None) -> int:
    if max_bytes is None:
        return MAX_BYTES
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise UsageError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    return max_bytes


def loads(
    text: str | bytes, name: str = "<string>", *, max_bytes: int | None = MAX_BYTES
) -> Dataset:
    """Load a dataset from YAML text (or UTF-8 bytes).

    Parameters
    ----------
    text : str or bytes
        The YAML document. Bytes must be UTF-8 (a BOM is allowed).
    name : str
        The file name used in problem locations and as ``Dataset.path``.
    max_bytes : int
        Largest input accepted (default 50 MB).

    Returns
    -------
    Dataset

    Raises
    ------
    DatasetError
        With every problem found, each located ``name:line:column``.
    """
    limit = _check_limit(max_bytes)
    root = compose(text, name, max_bytes=limit)
    return build(root, name)


TABLE_SCALE: ContextVar[Scale | None] = ContextVar("posmatrix_table_scale", default=None)
"""The scale a ``.csv``/``.parquet`` codings table read on its own is coded on (None: the
default scale, when every stance fits it). The command line's ``--scale`` sets it."""


def load(
    path: str | PathLike[str],
    *,
    max_bytes: int | None = MAX_BYTES,
    scale: Scale | None = None,
    format: str | None = None,
    **options: Any,
) -> Dataset:
    """Load a dataset file: YAML, a coding workbook (``.xlsx``, written by
    ``posmatrix coding-sheet``), or a ``.csv``/``.parquet`` table of codings (one row
    per coding, see :func:`posmatrix.from_frame`). The file is only read.

    ``scale`` is the scale of a codings table read on its own (default: the −2..+2
    scale, only when every stance fits it); YAML files and workbooks declare their own.

    ``format`` names a reader of :data:`posmatrix.readers.READERS` (``"dna"``,
    ``"polis"``, ``"qual-o-mat"``, ``"mat-o-wahl"``, or ``"yaml"``, ``"csv"``, ...) for
    a file or folder in another tool's format; without it a ``.dna`` file and the
    export folders of Pol.is and qual-o-mat are recognised (``docs/formats.md``).
    ``options`` go to that reader (``actor="person"`` for ``dna``).

    Raises :class:`PosmatrixError` naming the path when it is missing, a directory
    or unreadable, and :class:`DatasetError` with every problem of an invalid file.
    """
    limit = _check_limit(max_bytes)
    name = os.fspath(path)
    from .readers import detect

    foreign = format if format is not None else detect(name)
    if foreign is not None or options:
        from .readers import read

        if foreign in ("csv", "parquet") and scale is None:
            scale = TABLE_SCALE.get()
        extra = {"scale": scale} if scale is not None else {}
        return read(name, foreign or "yaml", max_bytes=limit, **extra, **options)
    if name.lower().endswith((".csv", ".parquet")):
        from .frame import load_table

        table: Dataset = load_table(
            name, max_bytes=limit, scale=scale if scale is not None else TABLE_SCALE.get()
        )
        return table
    if name.lower().endswith((".xlsx", ".xlsm")):
        from .codingbook.reader import read_coding_workbook

        book: Dataset = read_coding_workbook(name, max_bytes=limit)
        return book
    return load_yaml(name, max_bytes=limit)


def load_yaml(name: str, *, max_bytes: int | None = MAX_BYTES) -> Dataset:
    """Load a YAML dataset file, whatever its suffix (the ``yaml`` reader)."""
    limit = _check_limit(max_bytes)
    try:
        if os.path.isdir(name):
            raise PosmatrixError(f"{name} is a directory, not a dataset file")
        size = os.stat(name).st_size
        if size > limit:
            raise DatasetError(
                [
                    Problem(
                        name,
                        1,
                        1,
                        f"the file is {size:,} bytes, over the limit of {limit:,} bytes; "
                        "split it, or raise the limit (max_bytes=..., or --max-bytes)",
                    )
                ]
            )
        try:
            # regular files only, read in chunks: never /dev/zero, a FIFO, or a
            # limit-sized allocation up front
            data = read_bounded(name, limit)
        except LimitError:
            raise DatasetError(
                [
                    Problem(
                        name,
                        1,
                        1,
                        f"the file grew over the limit of {limit:,} bytes while read; "
                        "split it, or raise the limit (max_bytes=..., or --max-bytes)",
                    )
                ]
            ) from None
        except UsageError as exc:
            raise PosmatrixError(str(exc)) from None
    except FileNotFoundError:
        raise PosmatrixError(f"{name}: no such file") from None
    except PermissionError:
        raise PosmatrixError(f"{name}: permission denied; cannot read the dataset") from None
    except OSError as exc:
        raise PosmatrixError(f"{name}: cannot read the dataset: {exc.strerror or exc}") from None
    return loads(data, name, max_bytes=limit)


def _bundled() -> tuple[bytes, str]:
    from importlib.resources import files

    resource = files("posmatrix") / "data" / "positions.yaml"
    if resource.is_file():
        return resource.read_bytes(), str(resource)
    path = Path(__file__).resolve().parent.parent / "data" / "positions.yaml"
    try:
        return path.read_bytes(), str(path)
    except OSError as exc:
        raise PosmatrixError(f"the bundled dataset is missing ({path}): {exc.strerror}") from None


def example() -> Dataset:
    """The bundled example dataset (``data/positions.yaml``).

    >>> ds = example()
    >>> ds.path.endswith("positions.yaml"), len(ds.codings) > 0
    (True, True)
    """
    data, name = _bundled()
    return loads(data, name)


def load_arg(file: str | None, *, max_bytes: int | None = None) -> Dataset:
    """The dataset a command line names: None for the bundled one, ``-`` for standard
    input, a ``.csv``/``.parquet`` codings table, a coding workbook (``.xlsx``), or a
    YAML file."""
    limit = _check_limit(max_bytes)
    fmt, options = READ_AS.get()
    if file is None:
        if fmt is not None or options:
            raise UsageError("--from and reader options need a FILE to read")
        return example()
    if file == "-":
        if fmt not in (None, "yaml") or options:
            raise UsageError(f"standard input is read as YAML only; give the {fmt} input as a file")
        try:
            data = read_stream_bounded(sys.stdin.buffer, "<stdin>", limit)
        except LimitError:
            raise DatasetError(
                [
                    Problem(
                        "<stdin>",
                        1,
                        1,
                        f"standard input holds more than the limit of {limit:,} bytes; "
                        "split it, or raise the limit (--max-bytes)",
                    )
                ]
            ) from None
        return loads(data, "<stdin>", max_bytes=limit)
    import warnings

    from .readers import ReaderWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReaderWarning)
        ds = load(file, max_bytes=limit, format=fmt, **options)
    for w in caught:
        if issubclass(w.category, ReaderWarning):
            print(f"posmatrix: warning: {w.message}", file=sys.stderr)
        else:  # pragma: no cover - other warnings pass on unchanged
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    return ds


READ_AS: ContextVar[tuple[str | None, dict[str, Any]]] = ContextVar(
    "posmatrix_read_as", default=(None, {})
)
"""The command line's ``--from FORMAT`` and reader options (``--actor``), for
:func:`load_arg`."""
