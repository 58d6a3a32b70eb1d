"""Snapshot tests of every report on the bundled dataset (pytest-regressions).

The snapshot files live in ``tests/test_snapshots/`` and are committed: a change to
the data or to the code shows exactly which numbers moved. After a deliberate
change, regenerate them with

    .venv/bin/pytest tests/test_snapshots.py --force-regen

(it fails once while rewriting), rerun, and review the diff of the snapshot files.

``test_a_changed_stance_fails_exactly_the_snapshots_it_should`` runs this very
module, against these very snapshot files, on a copy of the bundled dataset with one
stance changed (a conftest swaps ``posmatrix.example`` for the run) and checks which
tests fail.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import posmatrix
from posmatrix.analysis import METRICS, agreement, camps, overlap
from posmatrix.gapreport import gaps
from posmatrix.matrix import stance_matrix
from posmatrix.model import Dataset
from posmatrix.report import REPORT_FORMATS, render_report
from posmatrix.tables import to_table

pytest_plugins = ["pytester"]

HERE = Path(__file__).parent
# found from the package, so the copy of this module run by pytester finds it too
DOUBLE_CODED = Path(posmatrix.__file__).parent.parent / "docs" / "examples" / "double-coded.yaml"

ACTORS = ("russia", "ukraine", "united-states", "europe", "nato")
ATOL = {"atol": 1e-9, "rtol": 0.0}
"""Matrix cells are compared to 1e-9 absolute: far below the 3 decimals any report
shows, far above float noise across platforms."""
ROUND_DIGITS = 9


@pytest.fixture(scope="module")
def snapshot_dataset() -> Dataset:
    """The dataset every snapshot is taken of: the bundled one."""
    return posmatrix.example()


# -- matrices: dataframe_regression with an explicit tolerance --------------------------------


@pytest.mark.parametrize("holder", ["author", "all", *ACTORS])
def test_stance_matrix(snapshot_dataset: Dataset, dataframe_regression: Any, holder: str) -> None:
    frame = stance_matrix(snapshot_dataset, holder=None if holder == "all" else holder)
    dataframe_regression.check(frame, default_tolerance=ATOL)


@pytest.mark.parametrize("metric", METRICS)
def test_agreement_all_voices(
    snapshot_dataset: Dataset, dataframe_regression: Any, metric: str
) -> None:
    frame = agreement(snapshot_dataset, metric, holder=None)  # type: ignore[arg-type]
    dataframe_regression.check(frame, default_tolerance=ATOL)


def test_agreement_authors_clustered(snapshot_dataset: Dataset, dataframe_regression: Any) -> None:
    frame = agreement(snapshot_dataset, "cityblock", holder="author", order="cluster")
    dataframe_regression.check(frame, default_tolerance=ATOL)


def test_overlap(snapshot_dataset: Dataset, dataframe_regression: Any) -> None:
    frame = overlap(snapshot_dataset, holder=None).astype("float64")
    dataframe_regression.check(frame, default_tolerance=ATOL)


# -- structured reports: data_regression with round_digits ---------------------------------


def test_gap_report(snapshot_dataset: Dataset, data_regression: Any) -> None:
    data_regression.check(gaps(snapshot_dataset).to_dict(), round_digits=ROUND_DIGITS)


def test_gap_report_authors(snapshot_dataset: Dataset, data_regression: Any) -> None:
    report = gaps(snapshot_dataset, holder="author")
    data_regression.check(report.to_dict(), round_digits=ROUND_DIGITS)


def test_camps(snapshot_dataset: Dataset, data_regression: Any) -> None:
    data_regression.check(camps(snapshot_dataset, 3).to_dict(), round_digits=ROUND_DIGITS)


def test_reliability_double_coded_example(data_regression: Any) -> None:
    from posmatrix.intercoder import reliability

    ds = posmatrix.load(DOUBLE_CODED)
    data_regression.check(reliability(ds).to_dict(), round_digits=ROUND_DIGITS)


# -- text briefings: file_regression ------------------------------------------------------

EXTENSIONS = {"markdown": ".md", "github": ".md", "latex": ".tex", "html": ".html", "plain": ".txt"}


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_report(snapshot_dataset: Dataset, file_regression: Any, fmt: str) -> None:
    text = render_report(snapshot_dataset, fmt)
    file_regression.check(text, extension=EXTENSIONS[fmt], encoding="utf-8")


def test_gap_report_text(snapshot_dataset: Dataset, file_regression: Any) -> None:
    # what `posmatrix gaps` prints
    file_regression.check(str(gaps(snapshot_dataset)), extension=".txt", encoding="utf-8")


@pytest.mark.parametrize("fmt", ["simple", "github"])
def test_agreement_table(snapshot_dataset: Dataset, file_regression: Any, fmt: str) -> None:
    # what `posmatrix matrix --format FMT` prints: authors, clustered, 2 decimals
    frame = agreement(snapshot_dataset, "cityblock", holder="author", order="cluster")
    text = to_table(frame, fmt, floatfmt=".2f") + "\n"
    file_regression.check(text, extension=".md" if fmt == "github" else ".txt", encoding="utf-8")


def test_extensions_cover_every_report_format() -> None:
    assert set(EXTENSIONS) == set(REPORT_FORMATS)


# -- a deliberately changed stance fails exactly the snapshots it should ----------------------

CHANGE_CONFTEST = """
import attrs
import pytest
import posmatrix

def changed():
    ds = ORIGINAL()
    codings = []
    hits = 0
    for c in ds.codings:
        if (c.source, c.holder, c.issue) == ({source!r}, {holder!r}, {issue!r}):
            c = attrs.evolve(c, stance={stance})
            hits += 1
        codings.append(c)
    assert hits == 1
    return attrs.evolve(ds, codings=tuple(codings))

ORIGINAL = posmatrix.example

@pytest.fixture(scope="session", autouse=True)
def _changed_example():
    posmatrix.example = changed
    yield
    posmatrix.example = ORIGINAL
"""


def _failed_tests(pytester: pytest.Pytester, coding: tuple[str, str, str], stance: int) -> set[str]:
    """Run this module against its committed snapshots with one stance changed."""
    # a copy under another module name (pytester runs in this process), with the
    # committed snapshot files in the folder pytest-regressions looks for
    shutil.copy(Path(__file__), pytester.path / "test_copy.py")
    shutil.copytree(HERE / "test_snapshots", pytester.path / "test_copy")
    source, holder, issue = coding
    pytester.makeconftest(
        CHANGE_CONFTEST.format(source=source, holder=holder, issue=issue, stance=stance)
    )
    pytester.makeini("[pytest]\n")
    result = pytester.runpytest("-p", "no:randomly", "-k", "not changed_stance", "-q")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) > 0
    return {
        line.split("::", 1)[1].split(" ", 1)[0]
        for line in result.outlines
        if line.startswith("FAILED test_copy.py::")
    }


def _pick(ds: Dataset, holder: str) -> tuple[tuple[str, str, str], int]:
    """A coding of ``holder`` on an issue another voice of the same holder also addresses,
    and a stance of the opposite sign (so that every agreement score between the two
    moves, in the all-voice matrices and in the holder's own)."""
    frame = stance_matrix(ds, holder=holder)
    for c in ds.codings:
        if c.holder != holder or c.stance == 0:
            continue
        label = c.source if holder == "author" else f"{c.source}/{holder}"
        if frame[c.issue].drop(index=label).notna().any():
            return (c.source, c.holder, c.issue), -c.stance
    raise LookupError(f"no coding of {holder} on an issue another {holder} voice addresses")


@pytest.mark.slow
@pytest.mark.parametrize("holder", ["author", "russia"])
def test_a_changed_stance_fails_exactly_the_snapshots_it_should(
    pytester: pytest.Pytester, holder: str
) -> None:
    ds = posmatrix.example()
    coding, stance = _pick(ds, holder)
    failed = _failed_tests(pytester, coding, stance)
    # What a flipped stance of one voice must move: the stance matrices holding that voice;
    # the all-voice agreement under every metric and the camps built on it; both gap
    # reports (the authors' one too: its actors part and red lines are built from every
    # reported position, so a changed report of an actor moves it as well); for an
    # author, the authors' agreement matrix; the text briefings (their agreement tables
    # and red lines). What it must not move: what is addressed
    # (overlap), the stance matrices of other holders, and the double-coded example,
    # which is another dataset.
    expected = {
        f"test_stance_matrix[{holder}]",
        "test_stance_matrix[all]",
        *(f"test_agreement_all_voices[{m}]" for m in METRICS),
        "test_camps",
        "test_gap_report",
        "test_gap_report_authors",
        "test_gap_report_text",
        *(f"test_report[{fmt}]" for fmt in REPORT_FORMATS),
    }
    if holder == "author":
        expected |= {
            "test_agreement_authors_clustered",
            "test_agreement_table[simple]",
            "test_agreement_table[github]",
        }
    unmoved = {
        "test_overlap",
        "test_reliability_double_coded_example",
        *(f"test_stance_matrix[{h}]" for h in ("author", *ACTORS) if h != holder),
    }
    assert not (unmoved & failed), sorted(unmoved & failed)
    assert failed == expected, (sorted(expected - failed), sorted(failed - expected))
