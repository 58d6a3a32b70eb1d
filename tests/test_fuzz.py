"""Mutation fuzzing of the bundled dataset: ``loads`` returns a dataset or raises a
DatasetError whose problems are all located inside the file — nothing else, ever — and
``posmatrix validate`` never prints a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posmatrix import loads
from posmatrix.errors import DatasetError, Problem
from posmatrix.model import Dataset

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "positions.yaml"
TEXT = BUNDLED.read_text(encoding="utf-8")
LINES = TEXT.splitlines(keepends=True)
PUNCTUATION = [*":-[]{}&*!|>'\"#%@`,?\t\\", "<<: ", "- ", ": ", "---\n", "\x00", "\ufeff"]
NUMBERS = ["0", "-3", "99", "2.5", ".nan", "-.inf", "1e400", "9" * 5000, "true", "yes", "0x10"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(
            st.sampled_from(["delete", "duplicate", "cut", "indent", "dedent", "insert", "number"])
        )
        line = lines[i]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "cut":
            lines[i] = line[: draw(st.integers(0, len(line)))]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 4)) + line
        elif op == "dedent":
            lines[i] = line.lstrip(" ")
        elif op == "insert":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(PUNCTUATION)) + line[at:]
        else:
            numbers = list(re.finditer(r"-?\d+", line))
            if numbers:
                m = draw(st.sampled_from(numbers))
                lines[i] = line[: m.start()] + draw(st.sampled_from(NUMBERS)) + line[m.end() :]
        if not lines:
            break
    return "".join(lines)


def outcome(data: str | bytes) -> Dataset | tuple[Problem, ...]:
    """The dataset, or the problems; any other exception propagates and fails the test."""
    try:
        return loads(data, "fuzz.yaml")
    except DatasetError as exc:
        return exc.problems


def check(data: str | bytes) -> None:
    result = outcome(data)
    if isinstance(result, Dataset):
        return
    assert result
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    n_lines = len(re.split(r"\r\n|\r|\n", text))  # as YAML and editors count them
    for p in result:
        assert p.file == "fuzz.yaml"
        assert 1 <= p.line <= n_lines, p
        assert p.column >= 1, p
        assert p.message


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated())
def test_mutations_load_or_fail_with_located_problems(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_load_or_fail_with_located_problems(data: bytes) -> None:
    check(data)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list(" \n-:[]{}&*!|>'\"#,?abc01\t")), max_size=80))
def test_yaml_punctuation_soup_never_escapes(text: str) -> None:
    check("format: posmatrix/1\n" + text)


@pytest.mark.slow
@settings(max_examples=8, deadline=None)
@given(text=mutated())
def test_cli_never_prints_a_traceback(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        before = path.read_bytes()
        result = subprocess.run(
            [sys.executable, "-m", "posmatrix", "validate", str(path)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=120,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr
        if result.returncode == 1:
            assert result.stderr.startswith(f"{path}:")
        assert path.read_bytes() == before
