"""A pytest plugin: one-line snapshot tests of your own dataset's reports.

Installing posmatrix registers this module as a pytest plugin (entry point
``pytest11``), so in any repository that holds a posmatrix dataset a test file
needs one line::

    def test_positions(posmatrix_snapshot):
        posmatrix_snapshot.check("data/positions.yaml")

The first run writes the snapshot files (run ``pytest --regen-all`` once, or run
twice: the first run creates them and fails); commit them. From then on a change
to the data, or to posmatrix, that moves any number or sentence of a report fails
the test and shows exactly which cells moved. After a deliberate change, rerun
with ``--force-regen`` and review the snapshot diff in version control.

The snapshots are built on pytest-regressions (install ``posmatrix[test]`` or
``pytest-regressions``): ``dataframe_regression`` for the stance and agreement
matrices (explicit absolute tolerance), ``data_regression`` for the gap report
(rounded), and ``file_regression`` for the Markdown briefing.

This module is imported in every pytest session of everyone who installed
posmatrix, so it imports only the standard library and pytest at import time;
pandas, pytest-regressions and the report modules are imported when a test uses
the fixture.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pytest

if TYPE_CHECKING:
    from .analysis import Metric
    from .matrix import HolderSpec
    from .model import Dataset

__all__ = ["REPORTS", "PosmatrixSnapshot", "posmatrix_snapshot"]

REPORTS: Final = ("stances", "agreement", "overlap", "gaps", "report")
"""Every report :meth:`PosmatrixSnapshot.check` can snapshot, in the order it checks them.

- ``stances``: the voices × issues stance matrix (``<basename>_stances.csv``);
- ``agreement``: the agreement matrix, voice × voice (``<basename>_agreement.csv``);
- ``overlap``: co-addressed issue counts, voice × voice (``<basename>_overlap.csv``);
- ``gaps``: :meth:`posmatrix.GapReport.to_dict` (``<basename>_gaps.yml``);
- ``report``: the Markdown briefing (``<basename>_report.md``).
"""


def _default_basename(request: pytest.FixtureRequest) -> str:
    # the rule pytest-regressions uses, so files sit beside theirs
    return re.sub(r"[\W]", "_", request.node.name)


class PosmatrixSnapshot:
    """Snapshot checks of a dataset's reports for one test; get it from the
    ``posmatrix_snapshot`` fixture.

    Snapshot files live where pytest-regressions keeps them: in a folder named
    after the test module, beside it (``tests/test_data/test_positions_stances.csv``
    for ``test_positions`` in ``tests/test_data.py``).
    """

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request
        self._used: set[str] = set()

    def check(
        self,
        data: Dataset | str | os.PathLike[str],
        *,
        basename: str | None = None,
        reports: Sequence[str] = REPORTS,
        holder: HolderSpec = None,
        metric: Metric = "cityblock",
        atol: float = 1e-9,
        round_digits: int = 9,
    ) -> None:
        """Compare the reports of ``data`` with their snapshot files.

        Every requested report is checked, even after one fails, and the test then
        fails once, listing each report that moved with the differences
        pytest-regressions found.

        Parameters
        ----------
        data : Dataset or path
            A dataset, or the path of a dataset file (YAML, or a ``.csv`` or
            ``.parquet`` codings table, as on the command line). A relative path
            is taken from pytest's rootdir (usually the repository root), not from
            the current directory.
        basename : str, optional
            Stem of the snapshot files; default: the test's name. Give one per call
            when a test checks several datasets.
        reports : sequence of str
            Which of :data:`REPORTS` to check (default: all).
        holder : str, list of str, or None
            Voices of the stance, agreement and overlap matrices (see
            :func:`posmatrix.stance_matrix`); default None, every voice.
        metric : str
            Agreement metric of the ``agreement`` snapshot (see
            :func:`posmatrix.agreement`).
        atol : float
            Absolute tolerance of every matrix cell (relative tolerance is 0).
        round_digits : int
            Digits the gap report's numbers are rounded to before comparing.

        Raises
        ------
        posmatrix.UsageError
            An unknown report name, or a basename already used in this test.
        posmatrix.DatasetError
            The dataset file is invalid (its problems are listed, located).
        """
        from .errors import UsageError

        unknown = [r for r in reports if r not in REPORTS]
        if unknown or not reports:
            raise UsageError(
                f"reports must be a non-empty list of {', '.join(REPORTS)}; got {list(reports)!r}"
            )
        if basename is not None and (
            not isinstance(basename, str)
            or basename in ("", ".", "..")
            or re.search(r"[/\\\x00]", basename)
            or re.match(r"^[A-Za-z]:", basename)
        ):
            raise UsageError(
                f"basename must be a file name without a folder (no '/', '\\' or '..'), so "
                f"snapshots stay beside the test; got {basename!r}"
            )
        stem = basename if basename is not None else _default_basename(self._request)
        if stem in self._used:
            raise UsageError(
                f"posmatrix_snapshot.check was already called with basename {stem!r} in this "
                "test; pass a distinct basename= to each call"
            )
        self._used.add(stem)
        ds = self._dataset(data)
        checks: dict[str, Callable[[], None]] = {
            "stances": lambda: self._frame(_stances(ds, holder), f"{stem}_stances", atol),
            "agreement": lambda: self._frame(
                _agreement(ds, holder, metric), f"{stem}_agreement", atol
            ),
            "overlap": lambda: self._frame(_overlap(ds, holder), f"{stem}_overlap", atol),
            "gaps": lambda: self._fixture("data_regression").check(
                _gaps(ds), basename=f"{stem}_gaps", round_digits=round_digits
            ),
            "report": lambda: self._fixture("file_regression").check(
                _report(ds), basename=f"{stem}_report", extension=".md"
            ),
        }
        failures: list[str] = []
        for name in REPORTS:
            if name not in reports:
                continue
            try:
                checks[name]()
            except AssertionError as exc:
                failures.append(f"[{name}] {exc}")
            except pytest.fail.Exception as exc:
                failures.append(f"[{name}] {exc.msg}")
        if failures:
            pytest.fail(
                f"posmatrix snapshot of {ds.name}: {len(failures)} of {len(reports)} reports "
                "differ from their snapshot files (rerun with --force-regen after a deliberate "
                "change, then review the diff)\n\n" + "\n\n".join(failures),
                pytrace=False,
            )

    # -- helpers ------------------------------------------------------------------------------

    def _dataset(self, data: Dataset | str | os.PathLike[str]) -> Dataset:
        from .model import Dataset

        if isinstance(data, Dataset):
            return data
        if isinstance(data, (str, os.PathLike)):
            from .loading import load_arg

            path = Path(data)
            if not path.is_absolute():
                path = Path(self._request.config.rootpath) / path
            return load_arg(str(path))  # YAML, or a .csv/.parquet codings table
        from .errors import UsageError

        raise UsageError(
            f"posmatrix_snapshot.check needs a Dataset or the path of a dataset file, "
            f"got {type(data).__name__}"
        )

    def _fixture(self, name: str) -> Any:
        try:
            return self._request.getfixturevalue(name)
        except pytest.FixtureLookupError:
            pytest.fail(
                f"posmatrix_snapshot needs the {name!r} fixture of pytest-regressions, which is "
                "not installed: pip install pytest-regressions (or posmatrix[test])",
                pytrace=False,
            )

    def _frame(self, frame: Any, basename: str, atol: float) -> None:
        self._fixture("dataframe_regression").check(
            frame,
            basename=basename,
            default_tolerance={"atol": atol, "rtol": 0.0},
        )


def _stances(ds: Dataset, holder: HolderSpec) -> Any:
    from .matrix import stance_matrix

    return stance_matrix(ds, holder=holder)


def _agreement(ds: Dataset, holder: HolderSpec, metric: Metric) -> Any:
    from .analysis import agreement

    return agreement(ds, metric=metric, holder=holder)


def _overlap(ds: Dataset, holder: HolderSpec) -> Any:
    from .analysis import overlap

    return overlap(ds, holder=holder).astype("float64")


def _gaps(ds: Dataset) -> Any:
    from .gapreport import gaps

    return gaps(ds).to_dict()


def _report(ds: Dataset) -> str:
    from .report import render_report

    return render_report(ds, fmt="markdown")


@pytest.fixture
def posmatrix_snapshot(request: pytest.FixtureRequest) -> PosmatrixSnapshot:
    """Snapshot tests of a dataset's reports: ``posmatrix_snapshot.check(path_or_dataset)``.

    See :class:`PosmatrixSnapshot` and :meth:`PosmatrixSnapshot.check`.
    """
    return PosmatrixSnapshot(request)
