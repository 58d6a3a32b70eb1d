"""Atomic output writing: nothing half-written, nothing clobbered, the input protected."""

from __future__ import annotations

import errno
import io
import os
import stat
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posmatrix import atomic
from posmatrix.atomic import atomic_open, atomic_write, check_output_path
from posmatrix.errors import OutputError, PosmatrixError


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x00\x01binary\xff", b"\x00\x01binary\xff"),
        ("Київ – كييف 🇺🇦 e\u0301\n", "Київ – كييف 🇺🇦 e\u0301\n".encode()),
        ("two\nlines\n", b"two\nlines\n"),
        ("", b""),
    ],
)
def test_writes_bytes_and_text(tmp_path: Path, data: bytes | str, expected: bytes) -> None:
    target = tmp_path / "out.bin"
    result = atomic_write(target, data)
    assert result == target
    assert target.read_bytes() == expected
    assert _leftovers(tmp_path) == []


def test_replaces_previous_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    atomic_write(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_file_gets_umask_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.txt", "x")
    finally:
        os.umask(mask)
    # mkstemp would give 0o600; a normal open() gives 0o666 & ~umask.
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_text_mode_context_manager_keeps_newlines(tmp_path: Path) -> None:
    target = tmp_path / "t.md"
    with atomic_open(target, "w") as fh:
        fh.write("a\nb\r\n")
        # nothing visible until the block ends
        assert not target.exists()
    assert target.read_bytes() == b"a\nb\r\n"


@pytest.mark.parametrize("how", ["same", "relative", "symlink", "hardlink", "dotted"])
def test_refuses_to_overwrite_the_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    data = tmp_path / "data.yaml"
    data.write_text("format: posmatrix/1\n")
    monkeypatch.chdir(tmp_path)
    if how == "same":
        target: Path = data
    elif how == "relative":
        target = Path("data.yaml")
    elif how == "dotted":
        (tmp_path / "sub").mkdir()
        target = Path("sub/../data.yaml")
    elif how == "symlink":
        target = tmp_path / "link.yaml"
        target.symlink_to(data)
    else:
        target = tmp_path / "hard.yaml"
        os.link(data, target)
    with pytest.raises(OutputError, match="refusing to write over the input dataset"):
        atomic_write(target, "clobbered", protect=[None, data])
    assert data.read_text() == "format: posmatrix/1\n"
    assert _leftovers(tmp_path) == []


def test_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "briefing.xlsx"
    with pytest.raises(OutputError, match=r"output directory .*nope.* does not exist") as info:
        atomic_write(target, b"x")
    assert isinstance(info.value, OSError)
    assert isinstance(info.value, PosmatrixError)
    assert not (tmp_path / "nope").exists()


def test_directory_target(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        atomic_write(tmp_path, b"x")


def test_read_only_target(tmp_path: Path) -> None:
    target = tmp_path / "briefing.xlsx"
    target.write_bytes(b"previous")
    os.chmod(target, 0o444)
    with pytest.raises(OutputError, match="read-only"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"previous"
    assert _leftovers(tmp_path) == []


def test_unwritable_directory_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Running as root ignores directory permissions, so simulate what mkstemp raises.
    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    with pytest.raises(OutputError, match="no permission to write"):
        atomic_write(tmp_path / "x.txt", b"x")


class _FullDisk(io.RawIOBase):
    """A file object that accepts ``room`` bytes and then fails like a full disk."""

    def __init__(self, real: Any, room: int) -> None:
        self.real = real
        self.room = room

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)[: self.room]
        self.real.write(chunk)
        self.room -= len(chunk)
        if len(chunk) < len(data):
            raise OSError(errno.ENOSPC, "No space left on device")
        return len(chunk)

    def fileno(self) -> int:
        return int(self.real.fileno())

    def flush(self) -> None:
        if not self.real.closed:
            self.real.flush()

    def close(self) -> None:
        super().close()
        self.real.close()


def test_full_disk_keeps_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "briefing.xlsx"
    target.write_bytes(b"the previous briefing")
    real_fdopen = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        return _FullDisk(real_fdopen(fd, "wb"), room=10)

    monkeypatch.setattr(atomic.os, "fdopen", fdopen)
    with pytest.raises(OutputError, match="no space left on the device") as info:
        atomic_write(target, b"x" * 100_000)
    assert isinstance(info.value.__cause__, OSError)
    assert info.value.__cause__.errno == errno.ENOSPC
    assert target.read_bytes() == b"the previous briefing"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_failure_while_committing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def boom(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, step, boom)
    with pytest.raises(OutputError, match="Input/output error"):
        atomic_write(target, "new")
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_exception_in_block_is_reraised_and_old_file_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def write_half() -> None:
        with atomic_open(target, "w") as fh:
            fh.write("half of the new")
            raise KeyError("half")

    with pytest.raises(KeyError, match="half"):
        write_half()
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_check_output_path_resolves(tmp_path: Path) -> None:
    assert check_output_path(tmp_path / "a.txt") == (tmp_path / "a.txt").resolve()


def test_bad_mode() -> None:
    with pytest.raises(ValueError, match="mode must be"):
        atomic_open("x", "a")  # type: ignore[call-overload]


def _payload(i: int) -> bytes:
    return bytes([65 + i]) * 3_000_000


def _write_many(args: tuple[str, int]) -> int:
    path, i = args
    for _ in range(3):
        atomic_write(path, _payload(i))
    return i


def test_racing_processes_leave_one_complete_file(tmp_path: Path) -> None:
    target = tmp_path / "briefing.xlsx"
    with ProcessPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(_write_many, [(str(target), i) for i in range(4)]))
    assert done == [0, 1, 2, 3]
    assert target.read_bytes() in {_payload(i) for i in range(4)}
    assert _leftovers(tmp_path) == []


def test_racing_threads_leave_one_complete_file(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    threads = [threading.Thread(target=_write_many, args=((str(target), i),)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert target.read_bytes() in {_payload(i) for i in range(4)}
    assert _leftovers(tmp_path) == []


@settings(max_examples=30, deadline=None)
@given(old=st.binary(max_size=200), new=st.binary(max_size=200))
def test_roundtrip_property(
    tmp_path_factory: pytest.TempPathFactory, old: bytes, new: bytes
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    target = folder / "f"
    atomic_write(target, old)
    atomic_write(target, new)
    assert target.read_bytes() == new
    assert _leftovers(folder) == []
