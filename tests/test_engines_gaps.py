"""The gap report of an engine-aggregated table (posmatrix.gaps(agg),
gapreport.aggregated) and its quotes fetched on demand (engines.evidence): the
loaded dataset's report is the independent reference."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix.cli import main
from posmatrix.errors import UsageError
from posmatrix.gapreport import GapReport, gaps_from_aggregate
from posmatrix.gapreport._common import POLE_VOICES, _evidence

pytest.importorskip("narwhals")
pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")
pytest.importorskip("pyarrow")

from posmatrix.engines import aggregate  # noqa: E402
from posmatrix.engines.evidence import QUOTE_COLUMNS, Evidence  # noqa: E402

# every frame the dataset path computes from the matrix (coverage_sources without its
# low_confidence column, which needs every coding's confidence)
FRAMES = [
    "issues",
    "pairs",
    "actors",
    "actor_distance",
    "actor_overlap",
    "red_lines",
    "coverage",
    "coverage_sources",
    "thin_issues",
]


def _wide(ds: posmatrix.Dataset) -> pd.DataFrame:
    """The dataset's codings as one table, each row with its source's outlet and date."""
    sources = pd.DataFrame(
        [
            {"source": s.id, "outlet": s.outlet, "published": s.published}
            for s in ds.sources.values()
        ]
    )
    table = ds.to_frame().merge(sources, on="source", how="left")
    table["adjudicated"] = [c.adjudicated for c in ds.codings]
    return table


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Any:
    ds = posmatrix.example()
    path = tmp_path_factory.mktemp("bundled") / "codings.parquet"
    _wide(ds).to_parquet(path, index=False)
    return ds, path


def _source(kind: str, path: Path) -> object:
    if kind == "parquet":
        return path
    table = pd.read_parquet(path)
    return table if kind == "pandas" else pl.from_pandas(table)


def _equal_frames(got: GapReport, expected: GapReport) -> None:
    for part in FRAMES:
        a, b = getattr(got, part), getattr(expected, part)
        if part == "coverage_sources":
            assert a["low_confidence"].isna().all()
            a, b = a.drop(columns="low_confidence"), b.drop(columns="low_confidence")
        pd.testing.assert_frame_equal(a, b, obj=part)


@pytest.mark.parametrize("kind", ["parquet", "pandas", "polars"])
@pytest.mark.parametrize("by", [None, "month"])
@pytest.mark.parametrize("holder", [None, "author", ["russia", "ukraine"]])
def test_frames_equal_the_dataset_path(
    bundled: Any, kind: str, by: str | None, holder: Any
) -> None:
    """The bundled dataset written as a codings table, aggregated in the engine: every
    frame (quotes included) equals posmatrix.gaps on the loaded dataset."""
    ds, path = bundled
    agg = aggregate(_source(kind, path), by=by, holder=None)
    got = gaps_from_aggregate(agg, holder=holder, codebook=ds)
    expected = posmatrix.gaps(ds, by=by, holder=holder)
    _equal_frames(got, expected)
    assert got.holders == expected.holders
    assert got.dataset.title == expected.dataset.title
    assert got.quotes == "all"
    assert got.aggregate is agg
    assert got.clashes is None
    # what is not computed is said, not left silently empty
    assert any("low_confidence" in note for note in got.notes)
    assert got.low_confidence.empty
    assert list(got.low_confidence.columns) == list(expected.low_confidence.columns)
    assert len(expected.low_confidence) > 0  # the bundled dataset has some: really not computed


def test_posmatrix_gaps_takes_an_aggregate() -> None:
    """posmatrix.gaps(agg): issues and actors named by their ids, in table order.
    Hand-worked: tax has s1 at +2 (quote "Cut it.") and s2 at -2: contested, one clash;
    war has both at -1."""
    table = pd.DataFrame(
        {
            "source": ["s1", "s1", "s2", "s2", "s2"],
            "holder": ["author", "author", "author", "author", "russia"],
            "issue": ["tax", "war", "tax", "war", "war"],
            "stance": [2, -1, -2, -1, 2],
            "quote": ["Cut it.", "No war.", "Raise it.", "Never.", "War."],
        }
    )
    report = posmatrix.gaps(aggregate(table, holder=None), holder="author")
    issues = report.issues
    assert list(issues.index) == ["tax", "war"]
    assert issues.loc["tax", "clashes"] == 1
    assert issues.loc["war", "clashes"] == 0
    assert issues.loc["tax", "low_quotes"] == ["Raise it."]
    assert issues.loc["tax", "high_quotes"] == ["Cut it."]
    assert issues.loc["war", "low_voices"] == ["s1", "s2"]
    assert issues.loc["tax", "proposition"] == "tax"
    # s1 and s2: |2 - -2| = 4 of 4 on tax, 0 on war: cityblock 1 - (4/4 + 0)/2 = 0.5
    divergent = report.pairs[report.pairs["kind"] == "divergent"].iloc[0]
    assert (divergent["voice_a"], divergent["voice_b"], divergent["agreement"]) == ("s1", "s2", 0.5)
    assert divergent["quotes_a"] == ["Cut it.", "No war."]
    assert report.actors.loc[("russia", "war"), "quotes"] == ["War."]
    with pytest.raises(UsageError, match="between needs the codings"):
        report.between("s1", "s2")
    with pytest.raises(UsageError, match="by= groups a Dataset"):
        posmatrix.gaps(aggregate(table), by="month")


@pytest.mark.parametrize("by", [None, "month"])
def test_fetched_quotes_equal_the_dataset_path(bundled: Any, by: str | None) -> None:
    ds, path = bundled
    agg = aggregate(path, by=by, holder=None)
    expected = _evidence(posmatrix.grouped(ds, by).dataset if by else ds)
    keys = list(zip(agg.cells["group"], agg.cells["holder"], agg.cells["issue"], strict=True))
    ev = agg.evidence()
    got = ev.quotes(keys)
    assert list(got.columns) == list(QUOTE_COLUMNS)
    assert got["quote"].tolist() == [expected[k] for k in keys]
    assert ev.queries == 1
    # the source of each evidence coding: without by the cell's own source; with by
    # one of the group's sources, the one whose coding comes first
    codings = ds.codings
    rows = got["row"].tolist()
    assert got["source"].tolist() == [codings[r].source for r in rows]
    assert [codings[r].quote for r in rows] == got["quote"].tolist()


def test_fetch_asks_only_for_the_shown_keys(bundled: Any) -> None:
    ds, path = bundled
    agg = aggregate(path, holder=None)
    ev = agg.evidence()
    keys = [
        ("no-nato-key", "author", "ceasefire-first"),
        ("no-nato-key", "russia", "ceasefire-first"),
    ]
    got = ev.quotes([*keys, keys[0]])  # a repeated key is fetched once
    assert (ev.queries, ev.fetched) == (1, 2)
    assert got["quote"].tolist()[0] == got["quote"].tolist()[2]
    assert got["quote"].tolist()[:2] == [
        ds.codings_of(source=k[0], holder=k[1], issue=k[2])[0].quote for k in keys
    ]
    assert ev.quotes([]).empty
    assert ev.queries == 1
    with pytest.raises(UsageError, match="no cell 'no-nato-key', holder 'nobody'"):
        ev.quotes([("no-nato-key", "nobody", "ceasefire-first")])


def _many(n_voices: int, seed: int = 3) -> pd.DataFrame:
    """n_voices sources, each coding 6 issues at random (many voices at each pole)."""
    rng = np.random.default_rng(seed)
    n = n_voices * 6
    return pd.DataFrame(
        {
            "source": np.repeat([f"s{i:03d}" for i in range(n_voices)], 6),
            "holder": "author",
            "issue": np.tile([f"i{k}" for k in range(6)], n_voices),
            "stance": rng.integers(-2, 3, n),
            "quote": [f"quote {k}" for k in range(n)],
        }
    )


def test_shown_quotes_fetch_only_the_printed_poles(monkeypatch: pytest.MonkeyPatch) -> None:
    """quotes="shown": one query, for exactly the pole voices str(report) prints (at
    most POLE_VOICES per pole of a contested issue); the text says how many more."""
    table = _many(60)
    asked: list[list[int]] = []
    original = Evidence.by_rows

    def spy(self: Evidence, rows: list[int]) -> dict[int, tuple[str, str]]:
        asked.append(list(rows))
        return original(self, rows)

    monkeypatch.setattr(Evidence, "by_rows", spy)
    full = gaps_from_aggregate(aggregate(table))
    assert len(asked) == 1
    every = sum(len(c) for c in full.issues["low_quotes"]) + sum(
        len(c) for c in full.issues["high_quotes"]
    )
    assert len(asked[0]) >= every > 0
    asked.clear()
    report = gaps_from_aggregate(aggregate(table), quotes="shown")
    contested = report.issues[report.issues["contested"]]
    shown = sum(
        min(len(v), POLE_VOICES) for col in ("low_voices", "high_voices") for v in contested[col]
    )
    assert len(asked) == 1
    assert len(asked[0]) == shown
    # 60 voices on 5 points: some poles hold more than 10 voices
    big = contested[[len(v) > POLE_VOICES for v in contested["low_voices"]]]
    assert shown < every
    assert len(big) > 0
    text = str(report)
    first = big.iloc[0]
    for voice, quote in zip(first["low_voices"][:POLE_VOICES], first["low_quotes"], strict=False):
        assert f"{voice}: {quote}" in text
    assert f"… and {len(first['low_voices']) - POLE_VOICES} more voices" in text
    assert first["low_quotes"][POLE_VOICES:] == [None] * (len(first["low_voices"]) - POLE_VOICES)
    assert full.issues.loc[first.name, "low_quotes"][:POLE_VOICES] == first["low_quotes"][:10]
    asked.clear()
    none = gaps_from_aggregate(aggregate(table), quotes="none")
    assert asked == []
    assert all(q is None for c in none.pairs["quotes_a"] for q in c)


def test_blocked_pairs_equal_the_dense_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past DENSE_LIMIT voices the pairs are found block by block: the same pairs,
    agreement and order as from the dense matrix (random stances, many ties)."""
    import posmatrix.gapreport.pairs as pairs

    table = _many(150, seed=5)
    table = table[np.random.default_rng(1).random(len(table)) < 0.7]  # uneven overlap
    agg = aggregate(table)
    dense = gaps_from_aggregate(agg, top=25, quotes="none").pairs
    monkeypatch.setattr(pairs, "DENSE_LIMIT", 0)
    monkeypatch.setattr("posmatrix.nearest._BLOCK_ELEMENTS", 150 * 7)  # 7 rows a block
    blocked = gaps_from_aggregate(agg, top=25, quotes="none").pairs
    pd.testing.assert_frame_equal(blocked, dense)
    assert len(dense) == 50


def test_no_row_order_means_no_quotes_and_says_so(tmp_path: Path) -> None:
    """A CSV path (DuckDB keeps no row order there): numbers as from Parquet, quotes
    None, and a note saying why."""
    table = _many(8)
    path = tmp_path / "codings.csv"
    table.to_csv(path, index=False)
    report = gaps_from_aggregate(aggregate(path))
    reference = gaps_from_aggregate(aggregate(table))
    pd.testing.assert_frame_equal(
        report.issues.drop(columns=["low_quotes", "high_quotes"]),
        reference.issues.drop(columns=["low_quotes", "high_quotes"]),
    )
    assert report.quotes == "none"
    assert any("no row order" in note for note in report.notes)
    assert all(q is None for cell in report.issues["low_quotes"] for q in cell)
    with pytest.raises(UsageError, match="keeps no row order"):
        aggregate(path).evidence().quotes([("s000", "author", "i0")])


def test_cli_gaps_through_the_engine(
    bundled: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ds, path = bundled
    assert main(["gaps", str(path), "--engine", "duckdb", "--by", "month"]) == 0
    text = capsys.readouterr()[0]
    expected = posmatrix.gaps(ds, by="month")
    row = expected.issues[expected.issues["contested"]].iloc[0]
    quote = row["low_quotes"][0]
    assert f"{row['low_voices'][0]}: {quote[:60]}" in text
    assert "Not computed" in text
    # auto: a Parquet file over --max-bytes goes to the engine; json carries every quote
    assert main(["gaps", str(path), "--max-bytes", "100", "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr()[0])
    assert data["issues"][0]["low_quotes"] == posmatrix.gaps(ds).issues.iloc[0]["low_quotes"]
    assert data["notes"]
    assert main(["gaps", str(path), "--engine", "duckdb", "--format", "github"]) == 0
    assert "## actor distance" in capsys.readouterr()[0]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--by", "nope"], 2, "cannot group by 'nope'"),
        (["--holder", "nobody"], 2, "holder must be 'author', an actor id"),
        (["--top", "0"], 2, "top must be an integer >= 1"),
    ],
)
def test_cli_gaps_engine_usage_errors(
    bundled: Any, args: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path = bundled
    assert main(["gaps", str(path), "--engine", "duckdb", *args]) == code
    out, err = capsys.readouterr()
    assert message in err
    assert "Traceback" not in err
    assert out == ""


def test_cli_gaps_engine_invalid_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.parquet"
    _many(3).assign(stance=[0] * 17 + [7]).to_parquet(path, index=False)
    assert main(["gaps", str(path), "--engine", "duckdb"]) == 1
    err = capsys.readouterr()[1]
    assert f"{path}:1:4: stances from 0 to 7 lie outside" in err
    assert "Traceback" not in err
    assert main(["gaps", str(path), "--engine", "duckdb", "--scale=-2:2"]) == 1
    err = capsys.readouterr()[1]
    assert f"{path}:19:4:" in err
    assert "Traceback" not in err
    assert main(["gaps", "data/positions.yaml", "--engine", "duckdb"]) == 2
    assert "--engine duckdb reads a .parquet or .csv codings table" in capsys.readouterr()[1]


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 40),
    m=st.integers(1, 6),
    top=st.integers(1, 12),
    seed=st.integers(0, 10_000),
    weighted=st.booleans(),
)
def test_blocked_pairs_property(n: int, m: int, top: int, seed: int, weighted: bool) -> None:
    """Random stances (missing cells, integer issue weights, any top): the blocked
    pairs equal the dense pairs, blocks of one to three rows."""
    import posmatrix.gapreport.pairs as pairs
    from posmatrix.model import Dataset, Issue

    rng = np.random.default_rng(seed)
    values = rng.integers(-2, 3, (n, m)).astype(np.float64)
    values[rng.random((n, m)) < 0.3] = np.nan
    issues = [f"i{k}" for k in range(m)]
    weights = rng.integers(1, 4, m) if weighted else np.ones(m, np.int64)
    listed = [Issue(i, i, weight=float(w)) for i, w in zip(issues, weights, strict=True)]
    ds = Dataset(title="t", issues=listed)
    labels = pd.Index([f"v{k}" for k in range(n)], name="voice", dtype=object)
    stances = pd.DataFrame(values, index=labels, columns=pd.Index(issues, name="issue"))
    vframe = pd.DataFrame({"source": list(labels), "holder": "author"}, index=labels)
    evidence = {(v, "author", i): f"{v} on {i}" for v in labels for i in issues}
    dense = pairs.pairs_table(ds, stances, vframe, top, evidence)
    old = pairs.DENSE_LIMIT
    import posmatrix.nearest as nearest

    block = nearest._BLOCK_ELEMENTS
    try:
        pairs.DENSE_LIMIT = 0  # type: ignore[misc]
        nearest._BLOCK_ELEMENTS = n * int(rng.integers(1, 4))  # type: ignore[misc]
        blocked = pairs.pairs_table(ds, stances, vframe, top, evidence)
    finally:
        pairs.DENSE_LIMIT = old  # type: ignore[misc]
        nearest._BLOCK_ELEMENTS = block  # type: ignore[misc]
    pd.testing.assert_frame_equal(blocked, dense)


def test_cli_gaps_engine_codebook(
    bundled: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--codebook names the table's ids: the JSON equals the loaded dataset's report
    (quotes included) but for the parts an aggregate cannot compute."""
    import json

    ds, path = bundled
    book = tmp_path / "book.yaml"
    book.write_text(posmatrix.dump_yaml(ds), encoding="utf-8")
    args = ["gaps", str(path), "--engine", "duckdb", "--codebook", str(book), "--format", "json"]
    assert main([*args, "--by", "month"]) == 0
    got = json.loads(capsys.readouterr()[0])
    expected = posmatrix.gaps(ds, by="month").to_dict()
    for part in ("issues", "pairs", "actors", "red_lines", "coverage", "thin_issues"):
        assert got[part] == expected[part], part
    assert got["title"] == expected["title"]
    assert main(["gaps", str(path), "--engine", "duckdb", "--codebook", str(book)]) == 0
    text = capsys.readouterr()[0]
    first = expected["issues"][0]
    assert f"{first['issue']}: {first['proposition']}" in text
    assert main(["gaps", "--codebook", str(book)]) == 2
    assert "add --engine duckdb" in capsys.readouterr()[1]
