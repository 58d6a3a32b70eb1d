"""Resource limits: bounded reads of input files, and memory estimates before the
voices × voices matrices are allocated.

A small input can ask for a great deal: a 2 MB YAML file with 30,000 sources asks
for 30,000² agreement cells (7 GB), a 313 KB Parquet file can hold 20 million
dictionary-encoded rows, and a ``.csv`` name can be a symlink to ``/dev/zero``.
So every input is read by :func:`read_bounded` (regular files only, never more
than the limit plus one byte, whatever the file claims its size is), tables are
counted before they are decoded (:func:`check_table_size`), and every
voices × voices computation first calls :func:`check_pairs`, which refuses with
a message naming the size and the way out.

>>> check_pairs(100, "the agreement matrix")  # 100² cells: fine
>>> try:
...     check_pairs(30_000, "the agreement matrix", limit=2**30)
... except LimitError as exc:
...     print(str(exc)[:72])
the agreement matrix of 30,000 voices needs about 28.8 GB (30,000² cells
"""

from __future__ import annotations

import os
import stat
from typing import IO, Final

from .errors import LimitError, UsageError

__all__ = [
    "BYTES_PER_PAIR",
    "MAX_MEMORY",
    "check_pairs",
    "check_table_size",
    "max_memory",
    "read_bounded",
    "read_stream_bounded",
]

MAX_MEMORY: Final = 1_500_000_000
"""Default bound on the memory one voices × voices computation may plan for (bytes);
the environment variable ``POSMATRIX_MAX_MEMORY`` changes it (``4G``, ``800M``, bytes)."""

BYTES_PER_PAIR: Final = 32
"""Bytes planned per pair of voices: the float64 result, the overlap counts, the
clustering distances and one working copy."""

_CHUNK: Final = 1 << 20


def max_memory() -> int:
    """The memory bound in bytes: ``POSMATRIX_MAX_MEMORY`` or :data:`MAX_MEMORY`.

    >>> os.environ["POSMATRIX_MAX_MEMORY"] = "4G"; max_memory()
    4000000000
    >>> del os.environ["POSMATRIX_MAX_MEMORY"]; max_memory() == MAX_MEMORY
    True
    """
    raw = os.environ.get("POSMATRIX_MAX_MEMORY", "").strip()
    if not raw:
        return MAX_MEMORY
    factor = {"K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}.get(raw[-1:].upper(), 1)
    digits = raw[:-1] if factor != 1 else raw
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 15:
        raise UsageError(
            f"POSMATRIX_MAX_MEMORY must be a number of bytes, optionally with K, M, G or T "
            f"(such as 4G), got {raw!r}"
        )
    return int(digits) * factor


def _size(n: float) -> str:
    for unit, div in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n >= div:
            return f"{n / div:.1f} {unit}"
    return f"{n:,.0f} bytes"


def check_pairs(
    n: int,
    what: str,
    *,
    bytes_per_pair: int = BYTES_PER_PAIR,
    limit: int | None = None,
    way_out: str = "choose fewer voices with --holder (posmatrix matrix and gaps; holder= in "
    "Python), such as --holder author or a few actor ids, or split the dataset",
) -> None:
    """Refuse a computation over ``n`` × ``n`` pairs of voices that would need more
    memory than ``limit`` (default :func:`max_memory`).

    Raises
    ------
    LimitError
        Naming the number of voices, the memory needed, the limit and ``way_out``.
    """
    bound = max_memory() if limit is None else limit
    need = n * n * bytes_per_pair
    if need > bound:
        raise LimitError(
            f"{what} of {n:,} voices needs about {_size(need)} ({n:,}² cells × "
            f"{bytes_per_pair} bytes), over the limit of {_size(bound)}; {way_out}, "
            "or raise the limit with the environment variable POSMATRIX_MAX_MEMORY "
            "(such as POSMATRIX_MAX_MEMORY=16G) on a machine that has the memory"
        )


def check_table_size(name: str, rows: int, columns: int, max_bytes: int) -> None:
    """Refuse a table of more rows or cells than ``max_bytes`` allows: a row per 20
    bytes and a cell per 2 bytes of the limit (2.5 million rows, 25 million cells at the
    default 50 MB), counted before anything is decoded."""
    max_rows, max_cells = max_bytes // 20, max_bytes // 2
    if rows > max_rows or rows * columns > max_cells:
        raise LimitError(
            f"{name} holds {rows:,} rows × {columns:,} columns, more than the limit of "
            f"{max_rows:,} rows and {max_cells:,} cells (set by the byte limit of "
            f"{max_bytes:,}); split the table, or raise the limit with --max-bytes "
            "(max_bytes= in Python) on a machine with the memory"
        )


def _too_big(name: str, size: int, limit: int) -> LimitError:
    return LimitError(
        f"{name} is {'over ' if size > limit else ''}{size:,} bytes, over the limit of "
        f"{limit:,} bytes; split it, or raise the limit (--max-bytes, or max_bytes= in Python)"
    )


def read_stream_bounded(stream: IO[bytes], name: str, limit: int) -> bytes:
    """At most ``limit`` bytes of ``stream``, read in chunks (so a huge ``limit`` never
    allocates it up front); :class:`LimitError` when there are more."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_big(name, total, limit)
    return b"".join(chunks)


def read_bounded(name: str, limit: int) -> bytes:
    """The bytes of the regular file ``name``, at most ``limit`` of them.

    Devices (``/dev/zero``), FIFOs and sockets are refused before they are read, even
    behind a symlink; a file larger than ``limit`` is refused by its size and again
    while reading (it may grow).

    Raises
    ------
    UsageError
        For a missing, unreadable or non-regular file or a directory.
    LimitError
        For a file over ``limit`` bytes.
    """
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{name} is a directory, not a dataset file") from None
    except PermissionError:
        raise UsageError(f"{name}: permission denied; cannot read it") from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot read it: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UsageError(f"{name} is a directory, not a dataset file")
        if not stat.S_ISREG(st.st_mode):
            raise UsageError(
                f"{name} is not a regular file (a device, FIFO or socket); posmatrix reads "
                "only regular files: save the data to a file first"
            )
        if st.st_size > limit:
            raise _too_big(name, st.st_size, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            head = handle.read(st.st_size)  # the size just checked: one read, nothing joined
            if not handle.read(1):
                return head
            # it grew while being read: read it again in bounded chunks
            handle.seek(0)
            return read_stream_bounded(handle, name, limit)
    except OSError as exc:
        raise UsageError(f"{name}: cannot read it: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
