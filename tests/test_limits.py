"""posmatrix.limits: bounded reads and memory estimates before voices² allocations."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from posmatrix.errors import LimitError, UsageError
from posmatrix.limits import (
    check_pairs,
    check_table_size,
    max_memory,
    read_bounded,
    read_stream_bounded,
)


def test_check_pairs_names_size_limit_and_way_out() -> None:
    check_pairs(1000, "m", limit=32_000_000)  # 1000² × 32 = 32 MB: exactly the limit
    with pytest.raises(LimitError) as info:
        check_pairs(1001, "the agreement matrix", limit=32_000_000)
    message = str(info.value)
    # 1001² × 32 = 32,064,032 bytes
    assert message.startswith(
        "the agreement matrix of 1,001 voices needs about 32.1 MB (1,001² cells × 32 bytes), "
        "over the limit of 32.0 MB; choose fewer voices with --holder"
    )
    assert "POSMATRIX_MAX_MEMORY" in message


@pytest.mark.parametrize(
    ("raw", "value"), [("4G", 4_000_000_000), ("800m", 800_000_000), ("12345", 12345)]
)
def test_max_memory_from_the_environment(
    raw: str, value: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSMATRIX_MAX_MEMORY", raw)
    assert max_memory() == value


@pytest.mark.parametrize("raw", ["lots", "-1G", "²", "9" * 30])
def test_max_memory_refuses_nonsense(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSMATRIX_MAX_MEMORY", raw)
    with pytest.raises(UsageError, match="POSMATRIX_MAX_MEMORY must be a number of bytes"):
        max_memory()


def test_check_table_size() -> None:
    check_table_size("t", 50, 5, 1000)  # 50 rows (1000 // 20), 250 cells
    with pytest.raises(LimitError, match="51 rows × 5 columns, more than the limit of 50 rows"):
        check_table_size("t", 51, 5, 1000)
    with pytest.raises(LimitError, match="1 rows × 501 columns, more than the limit"):
        check_table_size("t", 1, 501, 1000)


def test_read_stream_bounded_never_allocates_the_limit() -> None:
    assert read_stream_bounded(io.BytesIO(b"abc"), "s", 10**20) == b"abc"
    with pytest.raises(LimitError, match="over the limit of 2 bytes"):
        read_stream_bounded(io.BytesIO(b"abc"), "s", 2)


def test_read_bounded_refuses_devices_fifos_and_big_files(tmp_path: Path) -> None:
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(UsageError, match="is not a regular file"):
        read_bounded(str(link), 1000)
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="is not a regular file"):
        read_bounded(str(fifo), 1000)  # returns at once: no writer is waited for
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 101)
    with pytest.raises(LimitError, match="over the limit of 100 bytes"):
        read_bounded(str(big), 100)
    assert read_bounded(str(big), 101) == b"x" * 101
    with pytest.raises(UsageError, match="no such file"):
        read_bounded(str(tmp_path / "missing"), 100)
    with pytest.raises(UsageError, match="is a directory"):
        read_bounded(str(tmp_path), 100)
