"""The bad-input corpus: every broken dataset gets its located first problem, through
``posmatrix.loads`` and through ``posmatrix validate`` in a subprocess (exit 1, no
traceback, input unchanged); the valid oddities load unchanged.

The small cases live in ``tests/bad/`` with their expected first problem in
``tests/bad/expected.yaml``; the huge ones (100,000 levels of nesting, a 60 MB file,
1 MB lines, an alias bomb) are generated here at run time.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from posmatrix import loads
from posmatrix.errors import DatasetError, PosmatrixError
from posmatrix.model import Dataset

BAD = Path(__file__).parent / "bad"
EXPECTED: dict[str, str | None] = yaml.safe_load((BAD / "expected.yaml").read_text("utf-8"))
BROKEN = sorted(name for name, first in EXPECTED.items() if first is not None)
VALID = sorted(name for name, first in EXPECTED.items() if first is None)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posmatrix", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corpus_is_complete() -> None:
    files = {p.name for p in BAD.glob("*.yaml")} - {"expected.yaml"}
    assert files == set(EXPECTED)
    assert len(BROKEN) >= 40


@pytest.mark.parametrize("name", BROKEN)
def test_loads_reports_the_first_problem(name: str) -> None:
    path = BAD / name
    with pytest.raises(DatasetError) as info:
        loads(path.read_bytes(), str(path))
    problems = info.value.problems
    assert str(problems[0]) == f"{path}:{EXPECTED[name]}"
    for problem in problems:
        assert problem.file == str(path)
        assert problem.line >= 1
        assert problem.column >= 1


@pytest.mark.parametrize("name", BROKEN)
def test_cli_reports_the_first_problem(name: str) -> None:
    path = BAD / name
    before = digest(path)
    result = run_cli("validate", str(path))
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == f"{path}:{EXPECTED[name]}"
    assert "Traceback" not in result.stderr
    assert digest(path) == before


@pytest.mark.parametrize("name", VALID)
def test_valid_oddities_load(name: str) -> None:
    path = BAD / name
    before = digest(path)
    ds = loads(path.read_bytes(), str(path))
    assert isinstance(ds, Dataset)
    assert len(ds.codings) == 2
    result = run_cli("validate", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{path}: valid: 1 sources, 2 issues, 1 actors, 2 codings")
    assert digest(path) == before


def test_crlf_loads_like_lf() -> None:
    crlf = loads((BAD / "valid-crlf.yaml").read_bytes())
    lf = loads((BAD / "valid-crlf.yaml").read_bytes().replace(b"\r\n", b"\n"))
    assert crlf == lf
    assert crlf.codings[0].quote == "No ceasefire before talks."


def test_bom_loads_like_no_bom() -> None:
    data = (BAD / "valid-bom.yaml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert loads(data) == loads(data[3:])


def test_formula_payloads_are_kept_verbatim() -> None:
    ds = loads((BAD / "valid-formula-payloads.yaml").read_bytes())
    assert ds.sources["art-1"].title == "=1+2"
    assert ds.actors["russia"].name == "@SUM(A1:A9)"
    assert ds.codings[0].quote == '=HYPERLINK("http://evil.invalid","click")'


def test_right_to_left_and_combining_text_is_kept_verbatim() -> None:
    rtl = loads((BAD / "valid-rtl-arabic.yaml").read_bytes())
    assert rtl.codings[0].quote == "لا وقف لإطلاق النار قبل المحادثات"
    assert rtl.sources["art-1"].title == "مقال عن المفاوضات \u200f(تحليل)"
    combining = loads((BAD / "valid-combining.yaml").read_bytes())
    assert combining.sources["art-1"].title == "Cafe\u0301 and Z\u0335\u0321a\u0336lgo\u0334"


# -- generated at run time ----------------------------------------------------------------

HEAD = "format: posmatrix/1\n"
DEPTH_MESSAGE = (
    "lists and mappings are nested more than 100 levels deep here; a dataset needs 6 "
    "(is this file generated?)"
)


def _base() -> str:
    return (BAD / "valid-crlf.yaml").read_bytes().decode().replace("\r\n", "\n")


def _alias_bomb() -> str:
    lines = [HEAD, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n")
    return "".join(lines)


# name -> (text, expected first problem after "FILE:"); the 100th nested level is the
# 101st counting the top mapping, so the line and column are those of the 100th opener.
GENERATED: dict[str, tuple[str, str]] = {
    "deep-flow-sequences": (
        HEAD + "title: " + "[" * 100_000 + "]" * 100_000 + "\n",
        f"2:{len('title: ') + 99 + 1}: {DEPTH_MESSAGE}",
    ),
    "deep-flow-mappings": (
        HEAD + "title: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
        f"2:{len('title: ') + 4 * 99 + 1}: {DEPTH_MESSAGE}",
    ),
    "deep-block-sequences": (
        HEAD + "title:\n" + "- " * 100_000 + "x\n",
        f"3:{2 * 99 + 1}: {DEPTH_MESSAGE}",
    ),
    "deep-indented-mappings": (
        HEAD + "title:\n" + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(150)),
        # k0 is a top-level key (level 1), so k100's mapping, line 103, is level 101
        f"{3 + 100}:{2 * 100 + 1}: {DEPTH_MESSAGE}",
    ),
    "alias-bomb": (
        _alias_bomb(),
        "2:5: anchor &a0 is not allowed: a dataset needs no anchors or aliases; remove it",
    ),
    "one-megabyte-key": (
        HEAD + "k" * 1_000_000 + ": 1\n",
        "2:1: YAML syntax error: while scanning a simple key; could not find expected ':' "
        "(a key (the text before ': ') may be at most 1024 characters long)",
    ),
    "one-megabyte-id": (
        _base().replace("  - id: russia", "  - id: " + "r" * 1_000_000),
        "10:9: actors[1] > id: expected an id (1-80 characters, no spaces, no '/'), got the "
        f"text '{'r' * 58}…' (1,000,000 characters); use e.g. '{'r' * 80}'",
    ),
}


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_hostile_inputs(case: str, tmp_path: Path) -> None:
    text, first = GENERATED[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        loads(text, str(path))
    assert str(info.value.problems[0]) == f"{path}:{first}"
    before = digest(path)
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"{path}:{first}"
    assert "Traceback" not in result.stderr
    assert digest(path) == before


def test_alias_bomb_reports_every_anchor_and_alias_up_to_a_cap() -> None:
    with pytest.raises(DatasetError) as info:
        loads(_alias_bomb())
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 21  # reporting stops after 20, plus the one that crossed
    assert sum(m.startswith("anchor &a") for m in messages) == 3
    assert sum(m.startswith("alias *a") for m in messages) == 18


def test_one_megabyte_quote_is_valid_and_kept(tmp_path: Path) -> None:
    quote = "word " * 200_000
    text = _base().replace('"No ceasefire before talks."', f'"{quote.strip()}"')
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    assert loads(text).codings[0].quote == quote.strip()
    result = run_cli("validate", str(path))
    assert result.returncode == 0, result.stderr


def test_sixty_megabyte_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    size = 60 * 1024 * 1024
    with path.open("wb") as handle:
        handle.write(HEAD.encode())
        handle.write(b"# " + b"x" * (size - len(HEAD) - 3) + b"\n")
    assert path.stat().st_size == size
    first = (
        f"{path}:1:1: the file is {size:,} bytes, over the limit of 50,000,000 bytes; "
        "split it, or raise the limit (max_bytes=..., or --max-bytes)"
    )
    from posmatrix import load

    with pytest.raises(DatasetError) as info:
        load(path)
    assert [str(p) for p in info.value.problems] == [first]
    with pytest.raises(DatasetError) as info:
        loads(path.read_bytes(), str(path))
    assert [str(p) for p in info.value.problems] == [first]
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [first]


def test_limit_is_settable(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(_base(), encoding="utf-8")
    size = path.stat().st_size
    result = run_cli("validate", "--max-bytes", "100", str(path))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:1:1: the file is {size:,} bytes, over the limit of 100 bytes; "
        "split it, or raise the limit (max_bytes=..., or --max-bytes)"
    )
    assert run_cli("validate", "--max-bytes", str(size), str(path)).returncode == 0


@pytest.mark.parametrize(
    ("data", "first"),
    [
        (b"\x00" * 1000, "1:1: character U+0000 (NUL) is not allowed"),
        (bytes(range(256)) * 4, "3:115: the file is not UTF-8: byte 0x80 at offset 128"),
        (b"\xff\xd8\xff\xe0JFIF", "1:1: the file is not UTF-8: byte 0xff at offset 0"),
        (b"PK\x03\x04" + b"\x00" * 50, "1:3: character U+0003 (a control character)"),
    ],
    ids=["zeros", "all-bytes", "jpeg", "zip"],
)
def test_binary_files_are_refused_with_a_location(data: bytes, first: str) -> None:
    with pytest.raises(PosmatrixError) as info:
        loads(data, "blob")
    assert isinstance(info.value, DatasetError)
    assert str(info.value.problems[0]).startswith(f"blob:{first}")
