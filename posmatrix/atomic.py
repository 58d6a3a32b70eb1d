"""Atomic output files: a failure never leaves a half-written file or clobbers the old one.

Every command that writes a file goes through :func:`atomic_write` (or the
:func:`atomic_open` context manager). The data go to a temporary file in the
target's own directory, are flushed and ``fsync``-ed, and only then renamed over
the target with :func:`os.replace`, which is atomic on POSIX and Windows. Until
that rename the previous file is untouched; if anything fails the temporary
file is removed and an :class:`~posmatrix.errors.OutputError` says what went wrong
and how to fix it. Two processes writing the same path at once each use their
own temporary file, so the path ends up holding one complete file (the last
rename wins).

The input dataset is protected: pass its path as ``protect`` and a target that
is the same file (same resolved path, a symlink to it, or a hard link) is refused
before anything is written.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write(folder / "out.md", "# Title\\n").read_text()
'# Title\\n'
>>> atomic_write(folder / "out.md", b"new", protect=[folder / "out.md"])
Traceback (most recent call last):
...
posmatrix.errors.OutputError: refusing to write over the input dataset ...
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Final, Literal, overload

from .errors import OutputError

__all__ = ["PathLike", "atomic_open", "atomic_write", "check_output_path"]

PathLike = str | os.PathLike[str]


def _umask() -> int:
    """The process umask, read without changing it where the OS allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # pragma: no cover - non-Linux fallback
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file: equal resolved paths or one inode."""
    try:
        if a.resolve() == b.resolve():
            return True
    except (OSError, RuntimeError):
        pass
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


STDIN_NAMES: Final = frozenset({"-", "<stdin>"})
"""Names of standard input in ``protect``: the file behind file descriptor 0 is protected."""


def _is_stdin(target: Path) -> bool:
    """Whether ``target`` is the file behind standard input (same device and inode)."""
    try:
        fd0 = os.fstat(0)
        st = os.stat(target)
    except OSError:
        return False
    return stat.S_ISREG(fd0.st_mode) and (fd0.st_dev, fd0.st_ino) == (st.st_dev, st.st_ino)


def check_output_path(path: PathLike, protect: Iterable[PathLike | None] = ()) -> Path:
    """Check that ``path`` can be written as an output file, before any work is done.

    Parameters
    ----------
    path : str or os.PathLike
        The output file.
    protect : iterable of paths
        Files that must never be overwritten (the input dataset); None entries are skipped.
        ``"-"`` or ``"<stdin>"`` protects the file behind standard input (``cmd - -o f < f``),
        compared by device and inode.

    Returns
    -------
    pathlib.Path
        The real path to write: symlinks resolved, so writing replaces the file the
        link points to and keeps the link.

    Raises
    ------
    OutputError
        When ``path`` is one of the protected files, names a directory, lies in a
        directory that does not exist, or is a read-only file.
    """
    target = Path(os.fspath(path))
    if not os.fspath(target):
        raise OutputError("the output path is empty; give a file name such as briefing.xlsx")
    for keep in protect:
        if keep is None:
            continue
        if os.fspath(keep) in STDIN_NAMES and _is_stdin(target):
            raise OutputError(
                f"refusing to write over the input dataset: {os.fspath(path)!r} is the file "
                "behind standard input; choose another output path"
            )
        if _same_file(target, Path(os.fspath(keep))):
            raise OutputError(
                f"refusing to write over the input dataset {os.fspath(keep)!r}: "
                f"choose another output path than {os.fspath(path)!r}"
            )
    real = Path(os.path.realpath(target))
    if real.is_dir():
        raise OutputError(
            f"output path {os.fspath(path)!r} is a directory; give a file name inside it, "
            f"such as {os.fspath(target / 'briefing.xlsx')!r}"
        )
    folder = real.parent
    if not folder.is_dir():
        raise OutputError(
            f"output directory {os.fspath(folder)!r} does not exist; create it first "
            f"(mkdir -p {os.fspath(folder)!r}) or choose another output path"
        )
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise OutputError(f"cannot inspect output file {os.fspath(path)!r}: {exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"output path {os.fspath(path)!r} exists and is not a regular file; choose a file name"
        )
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(
        real, os.W_OK
    ):
        raise OutputError(
            f"output file {os.fspath(path)!r} is read-only; make it writable "
            f"(chmod u+w {os.fspath(path)!r}) or choose another output path"
        )
    return real


def _describe(exc: OSError, path: PathLike) -> str:
    name = os.fspath(path)
    if exc.errno == errno.ENOSPC:
        return f"no space left on the device while writing {name!r}; free some space and retry"
    if exc.errno == errno.EDQUOT:
        return f"disk quota exceeded while writing {name!r}; free some space and retry"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"no permission to write {name!r} ({exc.strerror}); choose a writable directory "
            "or fix its permissions"
        )
    return f"cannot write {name!r}: {exc.strerror or exc}"


@overload
def atomic_open(
    path: PathLike,
    mode: Literal["wb"] = ...,
    *,
    protect: Iterable[PathLike | None] = ...,
    encoding: None = ...,
) -> contextlib.AbstractContextManager[IO[bytes]]: ...
@overload
def atomic_open(
    path: PathLike,
    mode: Literal["w"],
    *,
    protect: Iterable[PathLike | None] = ...,
    encoding: str | None = ...,
) -> contextlib.AbstractContextManager[IO[str]]: ...
def atomic_open(
    path: PathLike,
    mode: Literal["w", "wb"] = "wb",
    *,
    protect: Iterable[PathLike | None] = (),
    encoding: str | None = None,
) -> contextlib.AbstractContextManager[IO[bytes]] | contextlib.AbstractContextManager[IO[str]]:
    """Open a temporary file that replaces ``path`` when the ``with`` block ends cleanly.

    Parameters
    ----------
    path : str or os.PathLike
        The output file.
    mode : {"wb", "w"}
        Binary (default) or text; text is UTF-8 unless ``encoding`` says otherwise,
        with ``\\n`` line ends on every platform.
    protect : iterable of paths
        Files never to overwrite (the input dataset).
    encoding : str, optional
        Text encoding for mode ``"w"``.

    Raises
    ------
    OutputError
        Before the block runs, for an unusable path (see :func:`check_output_path`);
        after it, when writing (inside the block, too: a full disk), syncing or renaming
        failed. In every case the previous file at ``path`` is intact and no temporary
        file is left behind. Any other exception raised inside the block is re-raised
        unchanged, also with the old file intact.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "table.txt"
    >>> with atomic_open(target, "w") as fh:
    ...     _ = fh.write("a | b\\n")
    >>> target.read_text()
    'a | b\\n'
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', got {mode!r}")
    return _atomic(path, mode, tuple(protect), encoding)


@contextlib.contextmanager
def _atomic(
    path: PathLike,
    mode: str,
    protect: tuple[PathLike | None, ...],
    encoding: str | None,
) -> Iterator[IO[Any]]:
    real = check_output_path(path, protect)
    try:
        old_mode: int | None = stat.S_IMODE(os.stat(real).st_mode)
    except OSError:
        old_mode = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    except OSError as exc:
        raise OutputError(_describe(exc, path)) from exc
    tmp = Path(tmp_name)
    done = False
    try:
        if mode == "w":
            fh: IO[Any] = os.fdopen(fd, "w", encoding=encoding or "utf-8", newline="\n")
        else:
            fh = os.fdopen(fd, "wb")
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, old_mode if old_mode is not None else 0o666 & ~_umask())
        os.replace(tmp, real)
        done = True
        _sync_dir(real.parent)
    except OSError as exc:
        if isinstance(exc, OutputError):
            raise
        raise OutputError(_describe(exc, path)) from exc
    finally:
        if not done:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _sync_dir(folder: Path) -> None:
    """Make the rename durable where the OS allows opening a directory."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def atomic_write(
    path: PathLike,
    data: bytes | str,
    *,
    protect: Iterable[PathLike | None] = (),
    encoding: str = "utf-8",
) -> Path:
    """Write ``data`` to ``path`` atomically; return the path written.

    Parameters
    ----------
    path : str or os.PathLike
        The output file; its directory must exist.
    data : bytes or str
        The whole content; text is encoded with ``encoding`` and written with ``\\n``
        line ends as given.
    protect : iterable of paths
        Files never to overwrite (pass the input dataset's path).
    encoding : str
        Encoding for text data (default UTF-8).

    Returns
    -------
    pathlib.Path
        ``path`` as given (not resolved).

    Raises
    ------
    OutputError
        For a protected, missing-directory, directory or read-only target, or when the
        write fails (for instance a full disk); the previous file stays intact.
    """
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    with atomic_open(path, "wb", protect=protect) as fh:
        fh.write(payload)
    return Path(os.fspath(path))
