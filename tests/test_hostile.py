"""Hostile input, round 2 (issue 16): each attack through the command line ends with a
clear message and the right exit status, never a traceback, and leaves every input byte
unchanged; outputs hold nothing a spreadsheet, a terminal or a Markdown viewer would run.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from posmatrix.cli import main

HEADER = "source,holder,issue,stance,quote\n"


def run_cli(
    *args: str, stdin: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    handle = open(stdin, "rb") if stdin is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        return subprocess.run(
            [sys.executable, "-m", "posmatrix", *args],
            stdin=handle,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=120,
            env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        )
    finally:
        if stdin is not None:
            handle.close()  # type: ignore[union-attr]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def no_crash(err: str) -> None:
    assert "Traceback" not in err
    assert "internal error" not in err


# -- D1: formula injection in CSV/TSV ----------------------------------------------------


@pytest.fixture
def formula_csv(tmp_path: Path) -> Path:
    path = tmp_path / "d1.csv"
    path.write_text(
        HEADER
        + "=1+2,author,i1,2,q\n"
        + '"=HYPERLINK(""evil.invalid"",""x"")",author,i1,-1,q\n'
        + "@SUM(A1),author,i1,1,q\n"
        + "-cmd,author,=i2,1,q\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["matrix", "--format", "csv"],
        ["matrix", "--format", "tsv"],
        ["matrix", "--show", "stances", "--format", "csv"],
        ["gaps", "--format", "tsv"],
    ],
)
def test_d1_csv_tsv_cells_never_start_a_formula(
    formula_csv: Path, tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(formula_csv)
    out = tmp_path / "out.txt"
    assert main([args[0], str(formula_csv), *args[1:], "-o", str(out)]) == 0
    sep = "\t" if "tsv" in args else ","
    for line in out.read_text("utf-8").splitlines():
        for cell in line.split(sep):
            cell = cell.strip()
            assert not cell.startswith(("=", "+", "@")), line
            if cell.startswith("-"):
                float(cell)  # only numbers may start with a minus
    text = out.read_text("utf-8")
    assert "'=1+2" in text
    assert "'@SUM(A1)" in text
    assert digest(formula_csv) == before
    capsys.readouterr()
