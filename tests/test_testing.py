"""Tests of the posmatrix.testing pytest plugin (the ``posmatrix_snapshot`` fixture)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

DATASET = """\
format: posmatrix/1
title: Snapshot plugin test
issues:
  - {id: ceasefire-first, proposition: A ceasefire should come first.}
  - {id: nato-membership-ruled-out, proposition: NATO membership should be ruled out.}
actors:
  - {id: russia, name: Russian government}
sources:
  - id: s1
    title: First
    stances:
      - {issue: ceasefire-first, stance: -2, quote: No ceasefire first.}
      - {issue: nato-membership-ruled-out, stance: 1, quote: Rule it out.}
    reports:
      russia:
        - {issue: ceasefire-first, stance: -2, quote: Russia wants no early truce.}
  - id: s2
    title: Second
    stances:
      - {issue: ceasefire-first, stance: 1, quote: A truce first.}
      - {issue: nato-membership-ruled-out, stance: -1, quote: Keep the door open.}
"""

ONE_LINE_TEST = """\
def test_positions(posmatrix_snapshot):
    posmatrix_snapshot.check("data/positions.yaml")
"""

FILES = (
    "test_positions_stances.csv",
    "test_positions_agreement.csv",
    "test_positions_overlap.csv",
    "test_positions_gaps.yml",
    "test_positions_report.md",
)


@pytest.fixture
def user_repo(pytester: pytest.Pytester) -> pytest.Pytester:
    """A user's repository: a dataset and a one-line snapshot test."""
    pytester.makeini("[pytest]\n")
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "positions.yaml").write_text(DATASET, encoding="utf-8")
    pytester.makepyfile(test_user=ONE_LINE_TEST)
    return pytester


def snapshot_dir(pytester: pytest.Pytester) -> Path:
    return pytester.path / "test_user"


@pytest.mark.slow
def test_first_run_writes_the_snapshots_then_passes(user_repo: pytest.Pytester) -> None:
    first = user_repo.runpytest_subprocess()
    first.assert_outcomes(failed=1)  # files created: pytest-regressions fails once
    assert sorted(p.name for p in snapshot_dir(user_repo).iterdir()) == sorted(FILES)
    user_repo.runpytest_subprocess().assert_outcomes(passed=1)


@pytest.mark.slow
def test_regen_all_writes_and_passes(user_repo: pytest.Pytester) -> None:
    user_repo.runpytest_subprocess("--regen-all").assert_outcomes(passed=1)
    stances = (snapshot_dir(user_repo) / "test_positions_stances.csv").read_text("utf-8")
    # the stance matrix of every voice, NaN (empty) where a voice is silent
    assert stances.splitlines()[0] == "voice,ceasefire-first,nato-membership-ruled-out"
    assert stances.splitlines()[1:] == ["s1,-2,1", "s1/russia,-2,", "s2,1,-1"]
    report = (snapshot_dir(user_repo) / "test_positions_report.md").read_text("utf-8")
    assert "Snapshot plugin test" in report
    user_repo.runpytest_subprocess().assert_outcomes(passed=1)


@pytest.mark.slow
def test_a_changed_stance_fails_and_names_the_reports_that_moved(
    user_repo: pytest.Pytester,
) -> None:
    user_repo.runpytest_subprocess("--regen-all").assert_outcomes(passed=1)
    path = user_repo.path / "data" / "positions.yaml"
    text = path.read_text("utf-8")
    changed = text.replace("stance: 1, quote: A truce first.", "stance: -1, quote: A truce first.")
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    result = user_repo.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "4 of 5 reports differ" in out
    for moved in ("[stances]", "[agreement]", "[gaps]", "[report]"):
        assert moved in out
    # what is addressed did not change, so the overlap counts did not move
    assert "[overlap]" not in out
    # --force-regen rewrites the files (and fails once); then the new state passes
    user_repo.runpytest_subprocess("--force-regen").assert_outcomes(failed=1)
    user_repo.runpytest_subprocess().assert_outcomes(passed=1)


@pytest.mark.slow
def test_selected_reports_and_dataset_objects(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\n")
    pytester.makepyfile(
        test_obj=f"""
import posmatrix

DATA = {DATASET!r}

def test_obj(posmatrix_snapshot):
    ds = posmatrix.loads(DATA)
    posmatrix_snapshot.check(ds, reports=["stances"], holder="author", basename="mine")
"""
    )
    pytester.runpytest_subprocess("--regen-all").assert_outcomes(passed=1)
    assert [p.name for p in (pytester.path / "test_obj").iterdir()] == ["mine_stances.csv"]
    assert (pytester.path / "test_obj" / "mine_stances.csv").read_text("utf-8").splitlines() == [
        "voice,ceasefire-first,nato-membership-ruled-out",
        "s1,-2,1",
        "s2,1,-1",
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("call", "message"),
    [
        ('check("data/positions.yaml", reports=["matrix"])', "reports must be a non-empty list"),
        ('check("data/positions.yaml", reports=[])', "reports must be a non-empty list"),
        ("check(42)", "needs a Dataset or the path of a dataset file, got int"),
        (
            'check("data/positions.yaml", reports=["stances"]); '
            'posmatrix_snapshot.check("data/positions.yaml", reports=["stances"])',
            "pass a distinct basename=",
        ),
    ],
)
def test_bad_calls_are_usage_errors(user_repo: pytest.Pytester, call: str, message: str) -> None:
    user_repo.makepyfile(
        test_user=f"""
def test_positions(posmatrix_snapshot):
    posmatrix_snapshot.{call}
"""
    )
    result = user_repo.runpytest_subprocess("--regen-all")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*UsageError*{message}*"])


@pytest.mark.slow
def test_invalid_dataset_fails_with_located_problems(user_repo: pytest.Pytester) -> None:
    path = user_repo.path / "data" / "positions.yaml"
    path.write_text(DATASET.replace("stance: -2, quote: No", "stance: 7, quote: No"), "utf-8")
    result = user_repo.runpytest_subprocess("--regen-all")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*DatasetError*", "*positions.yaml:*stance*"])


def test_plugin_import_is_light() -> None:
    code = (
        "import sys, posmatrix.testing as t; "
        "print(sorted(m for m in ('pandas', 'pytest_regressions', 'openpyxl') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_plugin_is_registered_by_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\n")
    result = pytester.runpytest_subprocess("--fixtures")
    result.stdout.fnmatch_lines(["posmatrix_snapshot*"])


@pytest.mark.slow
def test_a_codings_table_path(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\n")
    (pytester.path / "codings.csv").write_text(
        "source,holder,issue,stance,quote\n"
        "s1,author,a,2,We want A.\n"
        "s2,author,a,-1,A is doubtful.\n"
        "s2,author,b,0,B has merits and costs.\n",
        encoding="utf-8",
    )
    pytester.makepyfile(
        test_csv="""
def test_csv(posmatrix_snapshot):
    posmatrix_snapshot.check("codings.csv", reports=["stances", "overlap"])
"""
    )
    pytester.runpytest_subprocess("--regen-all").assert_outcomes(passed=1)
    lines = (pytester.path / "test_csv" / "test_csv_stances.csv").read_text("utf-8").splitlines()
    assert lines == ["voice,a,b", "s1,2,", "s2,-1,0"]
    overlap = (pytester.path / "test_csv" / "test_csv_overlap.csv").read_text("utf-8")
    assert overlap.splitlines() == ["voice,s1,s2", "s1,1,1", "s2,1,2"]
