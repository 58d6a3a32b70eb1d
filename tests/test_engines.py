"""posmatrix.engines: the aggregation pushed into pandas, Polars, PyArrow, DuckDB and
Dask gives the stance matrices (and agreement) of posmatrix's own pandas path."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import posmatrix
from posmatrix.cli import main
from posmatrix.engines import CELL_COLUMNS, aggregate

pytest.importorskip("narwhals")
duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

BYS = [None, "outlet", "month", "outlet,month", "quarter", "year", "day", "week", "10D"]


def _make(seed: int, *, alike: bool = True, n: int = 300, ns: int = 30) -> Any:
    """Random codings (double coding, adjudication, undated and coarse dates, a missing
    outlet) as from_frame's table + sources frame, and the same as one wide table."""
    rng = np.random.default_rng(seed)
    ids = [f"s{i}" for i in range(ns)]
    outlets = ["A", "B", "Le Monde", "Le_Monde" if alike else "C", None]
    dates = ["2025", "2025-03", "2025-03-04", "2025-03-20", "2025-07-01", "2024-12-31", None]
    rows = pd.DataFrame(
        {
            "source": rng.choice(ids, n),
            "holder": rng.choice(["author", "ru", "ua"], n),
            "issue": rng.choice(["i1", "i2", "i3", "i4"], n),
            "stance": rng.integers(-2, 3, n),
            "coder": rng.choice(["c1", "c2", "c3", "c4"], n),
        }
    ).drop_duplicates(["source", "holder", "issue", "coder"], ignore_index=True)
    rows["adjudicated"] = rng.random(len(rows)) < 0.1
    rows["quote"] = "q"
    order = list(dict.fromkeys(rows["source"]))  # sources in order of first coding
    sources = pd.DataFrame(
        {
            "id": order,
            "title": order,
            "outlet": pd.Series([outlets[i] for i in rng.integers(0, 5, len(order))], dtype=object),
            "published": pd.Series(
                [dates[i] for i in rng.integers(0, len(dates), len(order))], dtype=object
            ),
        }
    )
    wide = rows.merge(sources[["id", "outlet", "published"]], left_on="source", right_on="id")
    return rows, sources, wide.drop(columns=["id", "quote"])


@pytest.fixture(scope="module")
def data() -> Any:
    rows, sources, wide = _make(7)
    return posmatrix.from_frame(rows, sources=sources), wide


@pytest.fixture(scope="module")
def lazy_data() -> Any:
    rows, sources, wide = _make(8, alike=False)
    return posmatrix.from_frame(rows, sources=sources), wide


def _eager(kind: str, wide: pd.DataFrame, tmp: Path) -> object:
    if kind == "pandas":
        return wide
    if kind == "polars":
        return pl.from_pandas(wide)
    if kind == "pyarrow":
        return pa.Table.from_pandas(wide, preserve_index=False)
    path = tmp / "codings.parquet"
    wide.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow", "parquet"])
@pytest.mark.parametrize("by", BYS)
@pytest.mark.parametrize("holder", ["author", None, "ru"])
def test_eager_engines_equal_pandas_path(
    data: Any, kind: str, by: str | None, holder: str | None, tmp_path: Path
) -> None:
    ds, wide = data
    expected = posmatrix.stance_matrix(ds, holder, by=by)
    agg = aggregate(_eager(kind, wide, tmp_path), by=by, holder=holder)
    pd.testing.assert_frame_equal(agg.matrix, expected)  # same order, same floats
    pd.testing.assert_frame_equal(
        posmatrix.agreement(agg.matrix, "cityblock"),
        posmatrix.agreement(ds, "cityblock", holder=holder, by=by),
    )


def _lazy(kind: str, wide: pd.DataFrame) -> object:
    if kind == "duckdb":
        return duckdb.connect().from_df(wide)
    dd = pytest.importorskip("dask.dataframe")
    return dd.from_pandas(wide, npartitions=3)


@pytest.mark.parametrize("kind", ["duckdb", "dask"])
@pytest.mark.parametrize("by", [None, "outlet,month", "10D", "week"])
def test_lazy_engines_equal_pandas_path(lazy_data: Any, kind: str, by: str | None) -> None:
    """Engines without a row order list voices and issues by id; the numbers are the
    same, so the matrices are equal once put in the same order."""
    ds, wide = lazy_data
    expected = posmatrix.stance_matrix(ds, None, by=by)
    agg = aggregate(_lazy(kind, wide), by=by, holder=None)
    assert agg.engine == ("duckdb" if kind == "duckdb" else "dask")
    assert sorted(agg.matrix.columns) == list(agg.matrix.columns)
    got = agg.matrix.loc[expected.index, expected.columns]
    pd.testing.assert_frame_equal(got, expected)
    pd.testing.assert_frame_equal(
        posmatrix.agreement(got), posmatrix.agreement(ds, holder=None, by=by)
    )


@pytest.mark.slow
def test_dask_distributed_cluster(lazy_data: Any) -> None:
    """The same aggregation on a distributed.LocalCluster with 2 worker processes."""
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    ds, wide = lazy_data
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
        distributed.Client(cluster),
    ):
        agg = aggregate(dd.from_pandas(wide, npartitions=4), by="outlet,month", holder=None)
    expected = posmatrix.stance_matrix(ds, None, by="outlet,month")
    pd.testing.assert_frame_equal(agg.matrix.loc[expected.index, expected.columns], expected)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A local Spark session with 2 cores, where PySpark and Java are installed."""
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("PySpark needs Java: none on PATH and no JAVA_HOME")
    from pyspark.sql import SparkSession

    session = SparkSession.builder.master("local[2]").getOrCreate()
    yield session
    session.stop()


@pytest.mark.parametrize("by", [None, "outlet,month", "10D", "week"])
def test_pyspark_dataframe(spark: Any, lazy_data: Any, by: str | None) -> None:
    """Spark aggregates as pandas does: runs where PySpark and Java are installed,
    skipped otherwise (Spark sums no booleans: the checks count with integers)."""
    ds, wide = lazy_data
    frame = spark.createDataFrame(wide.astype(object).where(wide.notna(), None))
    agg = aggregate(frame, by=by, holder=None)
    expected = posmatrix.stance_matrix(ds, None, by=by)
    assert sorted(agg.matrix.columns) == list(agg.matrix.columns)
    pd.testing.assert_frame_equal(agg.matrix.loc[expected.index, expected.columns], expected)


def test_pyspark_from_frame(spark: Any) -> None:
    """from_frame collects a Spark frame to the same dataset as the pandas rows give."""
    rows, sources, _ = _make(8, alike=False)
    frame = spark.createDataFrame(rows.astype(object).where(rows.notna(), None))
    got = posmatrix.from_frame(frame, sources=sources)
    want = posmatrix.from_frame(rows, sources=sources)
    assert [(c.source, c.holder, c.issue, c.stance, c.coder) for c in got.codings] == [
        (c.source, c.holder, c.issue, c.stance, c.coder) for c in want.codings
    ]
    pd.testing.assert_frame_equal(
        posmatrix.agreement(got, holder="all"), posmatrix.agreement(want, holder="all")
    )


HAND = pd.DataFrame(
    {
        "source": ["a1", "a1", "a2", "a2", "b1", "b1", "c1"],
        "holder": ["author", "author", "author", "author", "author", "ru", "author"],
        "issue": ["tax", "tax", "tax", "tax", "tax", "tax", "tax"],
        "stance": [2, -1, 1, -2, 0, 2, 1],
        "coder": ["x", "y", "x", "y", None, None, None],
        "adjudicated": [False, False, True, False, False, False, False],
        "outlet": ["A", "A", "A", "A", "B", "B", None],
        "published": ["2025-03-04", "2025-03-04", "2025-03", "2025-03", "2025", "2025", "2025-05"],
    }
)


def test_hand_worked_cells() -> None:
    agg = aggregate(HAND, by="outlet", holder=None)
    # outlet A: a1 keeps both codings (2, -1); a2's adjudicated 1 replaces its -2:
    # codings 2, -1, 1 -> median 1, mean 2/3, min -1, max 2, both sides of 0.
    # outlet B: b1 author 0; b1/ru 2. c1 has no outlet: left out.
    cells = agg.cells
    assert list(cells.columns) == list(CELL_COLUMNS)
    assert cells["voice"].tolist() == ["A", "B", "B/ru"]
    assert cells["stance"].tolist() == [1.0, 0.0, 2.0]
    assert cells["count"].tolist() == [3, 1, 1]
    assert cells["min"].tolist() == [-1.0, 0.0, 2.0]
    assert cells["max"].tolist() == [2.0, 0.0, 2.0]
    assert cells["range"].tolist() == [3.0, 0.0, 0.0]
    assert cells["mean"].tolist() == pytest.approx([2 / 3, 0.0, 2.0])
    assert cells["disagrees"].tolist() == [True, False, False]
    assert agg.unplaced["codings"].to_dict() == {"no outlet": 1}
    assert agg.note() == "1 codings are in no group: no outlet (1)."
    mean = aggregate(HAND, by="outlet", stat="mean")
    assert mean.matrix.loc["A", "tax"] == pytest.approx(2 / 3)


def test_hand_worked_month_windows() -> None:
    agg = aggregate(HAND, by="month", holder="author")
    # 2025-03: a1 (2, -1) and a2 (adjudicated 1) -> median 1; 2025-05: c1 -> 1;
    # b1 is dated 2025 only: too coarse for a month (its one author coding left out).
    assert agg.matrix["tax"].to_dict() == {"2025-03": 1.0, "2025-05": 1.0}
    assert agg.unplaced["codings"].to_dict() == {"year precision is too coarse for M windows": 2}
    assert agg.groups["window"].tolist() == ["2025-03", "2025-05"]
    assert agg.groups["start"].tolist() == [pd.Timestamp("2025-03-01"), pd.Timestamp("2025-05-01")]


def test_no_by_is_one_voice_per_source() -> None:
    agg = aggregate(HAND, holder=None)
    # a1: median(2, -1) = 0.5; a2: adjudicated 1; b1: 0, b1/ru: 2; c1: 1
    assert agg.matrix["tax"].to_dict() == {"a1": 0.5, "a2": 1.0, "b1": 0.0, "b1/ru": 2.0, "c1": 1.0}
    assert agg.counts["rows"] == 7
    assert agg.counts["coded_twice"] == 0


def _problems(table: object, **kw: Any) -> list[str]:
    with pytest.raises(posmatrix.DatasetError) as info:
        aggregate(table, **kw)
    return [str(p) for p in info.value.problems]


def test_checks_locate_rows() -> None:
    bad = HAND.copy()
    bad.loc[1, "source"] = " "  # data row 2 -> line 3; source is column 1
    bad.loc[4, "stance"] = 5  # line 6, stance is column 4
    bad.loc[6, "coder"] = None
    bad.loc[6, ["source", "holder"]] = ["b1", "author"]  # b1 author tax twice, no coder
    problems = _problems(bad, scale=posmatrix.Scale(min=-2, max=5))
    assert problems == [
        "<codings>:3:1: source is missing; every coding needs one",
        "<codings>:6:3: issue 'tax' is coded twice for source 'b1', holder 'author'; keep one "
        "coding or give each its own coder",
        "<codings>:8:3: issue 'tax' is coded twice for source 'b1', holder 'author'; keep one "
        "coding or give each its own coder",
    ]
    problems = _problems(bad.assign(source="s"), scale=posmatrix.Scale(min=-1, max=1))
    assert "<codings>:2:4: stance must be an integer from -1 to 1, got 2" in problems


def test_default_scale_is_refused_when_stances_leave_it() -> None:
    problems = _problems(HAND.assign(stance=[0, 1, 2, 3, 4, 5, 6]))
    assert problems == [
        "<codings>:1:4: stances from 0 to 6 lie outside the default scale -2..2, and no "
        "scale is declared; declare it: --scale -2:6 on the command line or "
        "scale=posmatrix.Scale(min=-2, max=6)"
    ]
    agg = aggregate(HAND.assign(stance=[0, 1, 2, 3, 4, 5, 6]), scale=posmatrix.Scale(min=0, max=6))
    assert agg.scale == posmatrix.Scale(min=0, max=6)


def test_non_integer_stance_and_more_than_listed() -> None:
    many = pd.DataFrame(
        {"source": [f"s{i}" for i in range(25)], "holder": "author", "issue": "x", "stance": 0.5}
    )
    problems = _problems(many)
    assert (
        problems[0]
        == "<codings>:1:4: 5 more rows like these (25 in all: stance not an integer on the scale)"
    )
    assert problems[1] == "<codings>:2:4: stance must be an integer from -2 to 2, got 0.5"
    assert len(problems) == 21


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (HAND.drop(columns="issue"), "lacks the column(s) issue"),
        (HAND.assign(stance="2"), "stance holds String values"),
    ],
)
def test_bad_tables(table: pd.DataFrame, message: str) -> None:
    assert message in "\n".join(_problems(table))


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"by": "section"}, "needs the column(s) section"),
        ({"stat": "mode"}, "stat must be 'median' or 'mean'"),
        ({"holder": "xx"}, "holder must be 'author', an actor id (ru)"),
        ({"by": "outlett"}, "did you mean 'outlet'"),
    ],
)
def test_usage_errors(kw: dict[str, Any], message: str) -> None:
    with pytest.raises(posmatrix.UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        aggregate(HAND, **kw)


def test_not_a_frame() -> None:
    with pytest.raises(posmatrix.UsageError, match="codings must be a dataframe"):
        aggregate([1, 2, 3])
    with pytest.raises(posmatrix.UsageError, match=r"\.parquet or \.csv"):
        aggregate("codings.xlsx")


def test_from_frame_takes_other_frames() -> None:
    table = HAND.drop(columns=["outlet", "published"]).assign(quote="q")
    expected = posmatrix.stance_matrix(posmatrix.from_frame(table), None)
    for other in (pl.from_pandas(table), pa.Table.from_pandas(table, preserve_index=False)):
        got = posmatrix.stance_matrix(posmatrix.from_frame(other), None)
        pd.testing.assert_frame_equal(got, expected)


def test_cli_matrix_parquet_by_duckdb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.parquet"
    HAND.to_parquet(path, index=False)
    args = ["matrix", str(path), "--by", "outlet,month", "--show", "stances", "--format", "csv"]
    assert main([*args, "--engine", "duckdb", "--holder", "all"]) == 0
    out, err = capsys.readouterr()
    # A:2025-03 = median(2, -1, adjudicated 1) = 1; b1 (dated 2025) and c1 (no outlet)
    # are in no month group.
    assert out.splitlines() == ["voice,tax", "A:2025-03,1.0"]
    assert "3 codings are in no group: no outlet (1); year precision" in err
    # auto: a Parquet file larger than --max-bytes goes to DuckDB instead of failing
    assert main([*args, "--max-bytes", "100"]) == 0
    assert capsys.readouterr()[0].splitlines() == ["voice,tax", "A:2025-03,1.0"]
    assert (
        main(["matrix", str(path), "--engine", "duckdb", "--by", "outlet", "--order", "file"]) == 0
    )
    out = capsys.readouterr()[0]
    assert out.splitlines()[0].split() == ["voice", "A", "B"]


def test_cli_engine_needs_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", "--engine", "duckdb"]) == 2
    assert "--engine duckdb reads a .parquet or .csv codings table" in capsys.readouterr()[1]


def test_auto_engine_for_many_rows_in_a_small_file(tmp_path: Path) -> None:
    """A Parquet file within --max-bytes but of more rows than one per 20 bytes (which
    loading refuses) goes to DuckDB too."""
    import argparse

    from posmatrix.engines.command import wants_engine

    path = tmp_path / "rows.parquet"
    pd.concat([HAND] * 500, ignore_index=True).to_parquet(path, index=False)  # 3,500 rows
    size = path.stat().st_size
    assert size < 3_500 * 20  # compresses well below a row per 20 bytes
    args = argparse.Namespace(file=str(path), engine="auto", max_bytes=size)
    assert wants_engine(args)
    assert not wants_engine(argparse.Namespace(file=str(path), engine="auto", max_bytes=10**6))
    assert not wants_engine(argparse.Namespace(file=str(path), engine="python", max_bytes=1))
