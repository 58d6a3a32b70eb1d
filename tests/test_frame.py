"""Tests of posmatrix.frame: datasets from long tables (from_frame, load_table)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix import frame as pmframe
from posmatrix.errors import DatasetError, LimitError, Location, UsageError
from posmatrix.frame import MAX_PROBLEMS, from_frame, load_table
from posmatrix.matrix import stance_matrix
from posmatrix.model import Actor, Coding, Issue, Scale, Source


def table(**changes: list[object]) -> pd.DataFrame:
    """Four valid codings; keyword arguments replace or add columns."""
    base: dict[str, list[object]] = {
        "source": ["s1", "s1", "s2", "s2"],
        "holder": ["author", "russia", "author", "author"],
        "issue": ["ceasefire", "ceasefire", "ceasefire", "nato"],
        "stance": [2, -1, 1, 0],
        "quote": ["Stop now.", "Moscow refuses.", "A pause helps.", "Both sides have a point."],
    }
    base.update(changes)
    return pd.DataFrame(base)


def problems_of(frame: pd.DataFrame, **kwargs: object) -> list[str]:
    # the scale declared: these tests locate problems row by row (an undeclared scale
    # that the stances leave is one more problem, tested on its own below)
    kwargs.setdefault("scale", Scale())
    with pytest.raises(DatasetError) as info:
        from_frame(frame, **kwargs)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


# -- valid tables -----------------------------------------------------------------------------


def test_valid_table_builds_dataset_with_derived_codebook() -> None:
    ds = from_frame(table())
    assert list(ds.sources) == ["s1", "s2"]
    assert list(ds.issues) == ["ceasefire", "nato"]
    assert list(ds.actors) == ["russia"]
    assert ds.issues["nato"].proposition == "nato"
    assert ds.sources["s2"].title == "s2"
    assert ds.actors["russia"].name == "russia"
    assert ds.title == "Codings table"
    assert [c.stance for c in ds.codings] == [2, -1, 1, 0]
    assert all(type(c.stance) is int for c in ds.codings)
    assert ds.codings[1] == Coding("s1", "russia", "ceasefire", -1, "Moscow refuses.")
    assert [c.where for c in ds.codings] == [Location("<codings>", r, 1) for r in (2, 3, 4, 5)]


def test_stance_matrix_of_table_matches_hand_values() -> None:
    m = stance_matrix(from_frame(table()), "author")
    assert list(m.index) == ["s1", "s2"]
    assert m.loc["s1", "ceasefire"] == 2.0
    assert np.isnan(m.loc["s1", "nato"])
    assert m.loc["s2", "nato"] == 0.0


def test_optional_columns_and_their_defaults() -> None:
    ds = from_frame(
        table(
            confidence=["low", "", None, "medium"],
            coder=["pm", "", None, "ab"],
            note=["n", None, "", "x"],
            adjudicated=["true", "", "No", False],
        )
    )
    assert [c.confidence for c in ds.codings] == ["low", "high", "high", "medium"]
    assert [c.coder for c in ds.codings] == ["pm", None, None, "ab"]
    assert [c.note for c in ds.codings] == ["n", "", "", "x"]
    assert [c.adjudicated for c in ds.codings] == [True, False, False, False]


def test_red_line_column_marks_codings_and_refuses_bad_values() -> None:
    # rows 2..5; the russia row (-1) and the s2 row (+1) are marked
    ds = from_frame(table(red_line=["", "yes", True, "false"]))
    assert [c.red_line for c in ds.codings] == [False, True, True, False]
    assert ds.codings[1] == Coding(
        "s1", "russia", "ceasefire", -1, "Moscow refuses.", red_line=True
    )
    assert problems_of(table(red_line=["maybe", "", "", ""])) == [
        "<codings>:2:6: red_line: expected true or false, got the text 'maybe'"
    ]
    # the fourth coding (row 5) is neutral: a red line there has no side
    assert problems_of(table(red_line=[False, False, False, True])) == [
        "<codings>:5:6: red_line: a red line needs a side: stance 0 is the midpoint of the "
        "scale (neutral "
        "or mixed); mark a stance above or below it, or drop red_line"
    ]


@pytest.mark.parametrize(
    ("stances", "expected"),
    [
        ([2.0, -1.0, 1.0, 0.0], [2, -1, 1, 0]),
        (["2", "-1", " 1", "+0"], [2, -1, 1, 0]),
        ([np.int8(2), np.int64(-1), 1, 0], [2, -1, 1, 0]),
    ],
)
def test_stance_accepts_integer_floats_and_integer_text(
    stances: list[object], expected: list[int]
) -> None:
    ds = from_frame(table(stance=stances))
    assert [c.stance for c in ds.codings] == expected
    assert all(type(c.stance) is int for c in ds.codings)


def test_codebook_from_frames_and_objects() -> None:
    issues = pd.DataFrame(
        {
            "id": ["ceasefire", "nato"],
            "proposition": ["A ceasefire now.", "No NATO for Ukraine."],
            "weight": [2.0, np.nan],
        }
    )
    sources = [Source("s1", "First"), Source("s2", "Second", published="2025-08")]
    actors = pd.DataFrame({"id": ["russia", "us"], "name": ["Russia", "United States"]})
    ds = from_frame(table(), issues=issues, sources=sources, actors=actors, title="T", path="x.csv")
    assert ds.issues["ceasefire"].weight == 2.0
    assert ds.issues["nato"].weight == 1.0  # NaN takes the default
    assert ds.sources["s2"].published == "2025-08"
    assert list(ds.actors) == ["russia", "us"]  # an actor nobody codes is kept
    assert ds.title == "T"
    assert ds.path == "x.csv"
    assert str(ds.codings[0].where) == "x.csv:2:1"


def test_scale_is_used() -> None:
    ds = from_frame(table(stance=[1, -1, 1, 0]), scale=Scale(-1, 1))
    assert ds.scale == Scale(-1, 1)
    assert problems_of(table(), scale=Scale(-1, 1)) == [
        "<codings>:2:4: stance: expected an integer from -1 to 1, got the integer 2"
    ]


def test_input_frame_is_not_modified() -> None:
    frame = table(coder=["pm", "", None, "ab"], note=["n", None, "", "x"])
    before = frame.copy()
    from_frame(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_same_cell_by_two_coders_is_valid() -> None:
    frame = table(
        source=["s1", "s1", "s2", "s2"],
        holder=["author"] * 4,
        issue=["a", "a", "a", "b"],
        coder=["x", "y", "x", "x"],
    )
    ds = from_frame(frame)
    assert [c.key for c in ds.codings][:2] == [
        ("s1", "author", "a", "x"),
        ("s1", "author", "a", "y"),
    ]


# -- bad rows and their locations ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "row", "col", "message"),
    [
        ("source", "two words", 3, 1, "source: expected an id (1-80"),
        (
            "source",
            None,
            3,
            1,
            "source: expected an id (text such as 'nato-membership'), got an empty value",
        ),
        (
            "holder",
            "",
            3,
            2,
            "holder: expected an id (text such as 'nato-membership'), got an empty value",
        ),
        ("holder", "a/b", 3, 2, "holder: expected an id (1-80"),
        ("issue", "x" * 81, 3, 3, "issue: expected an id (1-80"),
        ("stance", "x", 3, 4, "stance: expected an integer from -2 to 2, got the text 'x'"),
        ("stance", 1.5, 3, 4, "stance: expected an integer from -2 to 2, got the number 1.5"),
        ("stance", True, 3, 4, "stance: expected an integer from -2 to 2, got the boolean true"),
        (
            "stance",
            float("nan"),
            3,
            4,
            "stance: expected an integer from -2 to 2, got an empty value",
        ),
        ("stance", 7, 3, 4, "stance: expected an integer from -2 to 2, got the integer 7"),
        ("quote", "   ", 3, 5, "quote: expected non-empty text, got the text '   '"),
        ("quote", None, 3, 5, "quote: expected non-empty text, got an empty value"),
        ("quote", 12, 3, 5, "quote: expected text, got the integer 12"),
    ],
)
def test_bad_value_is_located_at_row_and_column(
    column: str, value: object, row: int, col: int, message: str
) -> None:
    frame = table()
    frame[column] = frame[column].astype(object)
    frame.loc[1, column] = value
    got = problems_of(frame)
    assert len(got) == 1, got
    assert got[0].startswith(f"<codings>:{row}:{col}: {message}")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "confidence",
            "sure",
            "confidence: expected one of high, medium, low, got the text 'sure'",
        ),
        ("adjudicated", "maybe", "adjudicated: expected true or false, got the text 'maybe'"),
        ("coder", 3, "coder: expected text, got the integer 3"),
        ("note", 2.5, "note: expected text, got the number 2.5"),
    ],
)
def test_bad_optional_value_is_located(column: str, value: object, message: str) -> None:
    frame = table()
    frame[column] = pd.Series(["high" if column == "confidence" else "x"] * 4, dtype=object)
    if column == "adjudicated":
        frame[column] = pd.Series(["false"] * 4, dtype=object)
    frame.loc[2, column] = value
    assert problems_of(frame) == [f"<codings>:4:6: {message}"]


def test_every_problem_is_collected_in_row_order() -> None:
    frame = table(
        source=["s1", "bad id", "s2", "s2"],
        stance=[2, "high", 1, 9],
        quote=["q", "q", "", "q"],
    )
    assert problems_of(frame) == [
        "<codings>:3:1: source: expected an id (1-80 characters, no spaces, no '/'), got the "
        "text 'bad id'; use e.g. 'bad-id'",
        "<codings>:3:4: stance: expected an integer from -2 to 2, got the text 'high'",
        "<codings>:4:5: quote: expected non-empty text, got an empty value; give the verbatim "
        "evidence"
        ", or declare 'evidence: optional' for positions recorded without a quote",
        "<codings>:5:4: stance: expected an integer from -2 to 2, got the integer 9",
    ]


def test_unknown_references_use_check_references_wording() -> None:
    issues = [Issue("ceasefire", "A ceasefire now."), Issue("nato", "No NATO.")]
    frame = table(
        issue=["ceasefire", "ceasfire", "ceasefire", "nato"],
        holder=["author", "rusia", "author", "author"],
    )
    got = problems_of(frame, issues=issues, actors=[Actor("russia", "Russia")])
    assert got == [
        "<codings>:3:2: holder: unknown actor 'rusia'; did you mean 'russia'?",
        "<codings>:3:3: issue: unknown issue 'ceasfire'; did you mean 'ceasefire'?",
    ]


def test_unknown_source_with_given_sources() -> None:
    got = problems_of(table(), sources=[Source("s1", "First")])
    assert got == [
        "<codings>:4:1: source: unknown source 's2'; known sources: s1",
        "<codings>:5:1: source: unknown source 's2'; known sources: s1",
    ]


def test_duplicate_cell_points_at_first_line() -> None:
    frame = table(issue=["ceasefire", "ceasefire", "nato", "nato"])
    assert problems_of(frame) == [
        "<codings>:5:3: issue 'nato' is coded twice for source 's2', holder 'author' "
        "(first at line 4); keep one coding, or give each its own coder"
    ]


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ["source", "holder", "issue", "stanse", "quote"],
            [
                "<codings>:1:1: missing column stance: a codings table needs the columns "
                "source, holder, issue, stance, quote",
                "<codings>:1:4: unknown column 'stanse': a codings table has the columns "
                "source, holder, issue, stance, quote, confidence, coder, note, adjudicated, "
                "red_line; "
                "did you mean 'stance'?",
            ],
        ),
        (
            ["source", "holder", "issue", "stance", "stance"],
            [
                "<codings>:1:1: missing column quote: a codings table needs the columns "
                "source, holder, issue, stance, quote",
                "<codings>:1:5: column 'stance' appears twice (first as column 4); keep one",
            ],
        ),
    ],
)
def test_header_problems(columns: list[str], expected: list[str]) -> None:
    frame = table()
    frame.columns = pd.Index(columns)
    assert problems_of(frame) == expected


def test_codebook_frame_problems_are_located_in_their_own_table() -> None:
    issues = pd.DataFrame(
        {
            "id": ["ceasefire", "nato", "nato"],
            "proposition": ["A ceasefire now.", "", "Again."],
            "weight": [1, 1, -3],
        }
    )
    got = problems_of(table(), issues=issues)
    assert got == [  # sorted by file name, then row
        "<codings>:5:3: issue: unknown issue 'nato'; known issues: ceasefire",
        "<issues>:3:2: proposition: expected non-empty text, got an empty value",
        "<issues>:4:3: weight: expected a finite number >= 0 (default 1), got the number -3.0",
    ]


def test_codebook_duplicate_ids_and_unknown_columns() -> None:
    actors = pd.DataFrame({"id": ["russia"], "nme": ["Russia"]})
    got = problems_of(table(), actors=actors)
    assert got[0].startswith("<actors>:1:1: missing column name")
    assert got[1].startswith("<actors>:1:2: column 'nme' is unknown")
    assert "did you mean 'name'?" in got[1]
    sources = [Source("s1", "A"), Source("s2", "B"), Source("s1", "C")]
    assert problems_of(table(), sources=sources) == [
        "<sources>:3:1: source id 's1' appears twice (first at line 1); ids must be unique"
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"codings": [{"source": "s1"}]}, "codings must be a pandas DataFrame"),
        ({"codings": table(), "issues": "ceasefire"}, "issues must be a DataFrame"),
        ({"codings": table(), "actors": [Issue("a", "A")]}, "actors[0] must be a posmatrix.Actor"),
        ({"codings": table(), "scale": (-2, 2)}, "scale must be a posmatrix.Scale"),
    ],
)
def test_wrong_argument_types_are_usage_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("[", r"\[").replace("]", r"\]")):
        from_frame(**kwargs)  # type: ignore[arg-type]


def test_problems_are_capped_with_a_count_of_the_rest() -> None:
    n = MAX_PROBLEMS + 250
    frame = pd.DataFrame(
        {
            "source": [f"s{i}" for i in range(n)],
            "holder": "author",
            "issue": "a",
            "stance": 5,
            "quote": "",
        }
    )
    got = problems_of(frame)
    assert len(got) == MAX_PROBLEMS + 1
    # 2n problems (stance off the scale and empty quote on every row)
    assert got[-1].endswith(
        f"... and {2 * n - MAX_PROBLEMS:,} more problems; fix those above and validate again"
    )
    assert got[0] == "<codings>:2:4: stance: expected an integer from -2 to 2, got the integer 5"
    assert got[1].startswith("<codings>:2:5: quote: expected non-empty text")


# -- files ------------------------------------------------------------------------------------


def test_load_csv(tmp_path: Path) -> None:
    path = tmp_path / "codings.csv"
    path.write_text(
        "\ufeffsource,holder,issue,stance,quote,coder\n"
        's1,author,a,2,"Yes, we want A.",\n'
        "s1,russia,a,-2,No.,pm\n",
        encoding="utf-8",
    )
    ds = load_table(path)
    assert posmatrix.load(path) == ds  # load() takes codings tables as well as YAML
    assert ds.path == str(path)
    assert ds.title == "Codings from codings.csv"
    assert [(c.holder, c.stance, c.quote, c.coder) for c in ds.codings] == [
        ("author", 2, "Yes, we want A.", None),
        ("russia", -2, "No.", "pm"),
    ]


def test_load_csv_bad_rows_are_located_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "source,holder,issue,stance,quote\ns1,author,a,2,q\ns1,author,b,two,q\ns2,,a,1,\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as info:
        load_table(path)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:3:4: stance: expected an integer from -2 to 2, got the text 'two'",
        f"{path}:4:2: holder: expected an id (text such as 'nato-membership'), got an empty value",
        f"{path}:4:5: quote: expected non-empty text, got an empty value; give the verbatim "
        "evidence"
        ", or declare 'evidence: optional' for positions recorded without a quote",
    ]


def test_load_csv_malformed_and_empty(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("source,holder,issue,stance,quote\ns1,author,a,2,q,extra\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_table(bad)
    assert str(info.value.problems[0]).startswith(f"{bad}:2:1: malformed CSV")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DatasetError, match="the file is empty"):
        load_table(empty)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("source,holder,issue,stance,quote\ns1,author,a,2,caf\xe9\n".encode("latin-1"))
    with pytest.raises(DatasetError, match="not UTF-8"):
        load_table(latin)


def test_load_table_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"must be a \.csv or \.parquet file"):
        load_table(tmp_path / "x.xlsx")
    with pytest.raises(UsageError, match="no such file"):
        load_table(tmp_path / "missing.csv")
    path = tmp_path / "big.csv"
    path.write_text(
        "source,holder,issue,stance,quote\n" + "s,author,a,1,q\n" * 10, encoding="utf-8"
    )
    with pytest.raises(LimitError, match="over the limit of 100 bytes"):
        load_table(path, max_bytes=100)


def test_parquet_without_pyarrow_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.parquet"
    path.write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(UsageError, match=r"pip install 'posmatrix\[parquet\]'"):
        load_table(path)


def test_parquet_round_trip(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "c.parquet"
    frame = table(adjudicated=[True, False, False, True], coder=["a", None, "b", "a"])
    frame.to_parquet(path)
    ds = load_table(path)
    assert ds.codings == from_frame(frame).codings


# -- properties -------------------------------------------------------------------------------

ids = st.sampled_from(["a", "b", "c", "Київ", "x-1"])


@st.composite
def tables(draw: st.DrawFn) -> pd.DataFrame:
    keys = draw(
        st.lists(
            st.tuples(ids, st.sampled_from(["author", "ru", "us"]), ids), unique=True, max_size=25
        )
    )
    stances = draw(st.lists(st.integers(-2, 2), min_size=len(keys), max_size=len(keys)))
    quotes = draw(
        st.lists(
            # text values obey the character rule: no control characters (issue 16, D2)
            st.text(
                st.characters(
                    blacklist_categories=("Cc", "Cs"),
                    blacklist_characters="\u2028\u2029\ufffe\uffff",
                ),
                min_size=1,
            ).filter(str.strip),
            min_size=len(keys),
            max_size=len(keys),
        )
    )
    return pd.DataFrame(
        {
            "source": [k[0] for k in keys],
            "holder": [k[1] for k in keys],
            "issue": [k[2] for k in keys],
            "stance": pd.Series(stances, dtype="int64"),
            "quote": pd.Series(quotes, dtype=object),
        }
    )


@settings(max_examples=60, deadline=None)
@given(tables())
def test_codings_equal_validated_model_objects(frame: pd.DataFrame) -> None:
    ds = from_frame(frame)
    naive = tuple(
        Coding(str(r.source), str(r.holder), str(r.issue), int(r.stance), str(r.quote))
        for r in frame.itertuples()
    )
    assert ds.codings == naive
    assert [c.where.line for c in ds.codings if c.where] == list(range(2, len(frame) + 2))


@settings(max_examples=60, deadline=None)
@given(tables(), st.data())
def test_an_off_scale_stance_is_found_at_its_row(frame: pd.DataFrame, data: st.DataObject) -> None:
    if frame.empty:
        return
    row = data.draw(st.integers(0, len(frame) - 1))
    value = data.draw(st.sampled_from([3, -3, 100]))
    frame.loc[row, "stance"] = value
    assert problems_of(frame) == [
        f"<codings>:{row + 2}:4: stance: expected an integer from -2 to 2, got the integer {value}"
    ]


def test_module_exports() -> None:
    assert pmframe.REQUIRED_COLUMNS == ("source", "holder", "issue", "stance", "quote")


def test_blank_csv_line_keeps_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "gap.csv"
    path.write_text(
        "source,holder,issue,stance,quote\ns1,author,a,2,q\n\ns1,author,b,9,q\n", encoding="utf-8"
    )
    with pytest.raises(DatasetError) as info:
        load_table(path)
    got = [str(p).removeprefix(f"{path}:") for p in info.value.problems]
    assert got[0].startswith("1:4: stances 9 lie outside the default scale -2..2")
    assert (
        got[1] == "3:1: source: expected an id (text such as 'nato-membership'), got an empty value"
    )
    assert got[-1] == "4:4: stance: expected an integer from -2 to 2, got the integer 9"


def test_cli_validates_a_csv_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from posmatrix.cli import main

    good = tmp_path / "good.csv"
    good.write_text("source,holder,issue,stance,quote\ns1,author,a,2,q\n", encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    assert "1 sources, 1 issues, 0 actors, 1 codings" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("source,holder,issue,stance,quote\ns1,author,a,3,q\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    assert capsys.readouterr().err == (
        f"{bad}:1:4: stances 3 lie outside the default scale -2..2, and the table declares "
        "no scale; declare it: --scale -2:3 on the command line, "
        "scale=posmatrix.Scale(min=-2, max=3) in from_frame, or a YAML codebook with "
        "'scale:' and 'codings: <this file>'\n"
        f"{bad}:2:4: stance: expected an integer from -2 to 2, got the integer 3\n"
    )


# -- issue 16, D5: validation is never global state ------------------------------------------


def test_from_frame_never_switches_validators_off_globally(monkeypatch: pytest.MonkeyPatch) -> None:
    import attrs

    def forbidden(_: bool) -> None:
        raise AssertionError("attrs.validators.set_disabled is process-wide state")

    monkeypatch.setattr(attrs.validators, "set_disabled", forbidden)
    ds = from_frame(table())
    assert len(ds.codings) == 4
    assert not attrs.validators.get_disabled()


def test_validation_holds_while_another_thread_runs_from_frame() -> None:
    import sys
    import threading

    from posmatrix.model import Issue, Source

    frame = pd.concat([table()] * 5000, ignore_index=True)  # 20,000 codings to build
    frame["coder"] = [f"c{k}" for k in range(len(frame))]  # no duplicate cells
    runs: list[int] = []
    errors: list[BaseException] = []

    def churn() -> None:
        try:
            for _ in range(4):
                from_frame(frame)
                runs.append(1)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    accepted = []
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often: the race shows within a run
    worker = threading.Thread(target=churn)
    worker.start()
    try:
        while worker.is_alive():
            for make in (
                lambda: Issue("i", "p", weight=-5),
                lambda: Source("s", "t", published="2025-13-45"),
                lambda: Coding("s", "author", "i", 1.5, "q"),  # type: ignore[arg-type]
            ):
                with contextlib.suppress(TypeError, ValueError):
                    accepted.append(make())
    finally:
        worker.join()
        sys.setswitchinterval(interval)
    assert errors == []
    assert len(runs) == 4
    assert accepted == []  # before issue 16: weight -5 and 2025-13-45 got through


# -- the PyArrow CSV reader agrees with pandas' wherever it is used (issue 25) ------------

_CSV_PIECES = st.sampled_from(
    [
        *(b"a", b"b", b",", b'"', b"\n", b"\r\n", b"\r", b"'", b" ", b"\xc3\xa9", b"\xff"),
        *(b"\t", b"", b"1", b'""', b'"x,y"', b'"p\nq"', b"\x00", b"\xef\xbb\xbf", b"\x1b"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.booleans(), st.lists(_CSV_PIECES, max_size=30))
def test_arrow_csv_reads_as_pandas_does_or_declines(bom: bool, pieces: list[bytes]) -> None:
    from posmatrix.tableread import _arrow_csv, _pandas_csv

    data = (b"\xef\xbb\xbf" if bom else b"") + b"source,holder,issue\n" + b"".join(pieces)
    fast = _arrow_csv(data)
    if fast is None:  # declined: pandas reads it (or gives the message)
        return
    slow = _pandas_csv(data)
    assert list(fast.dtypes) == list(slow.dtypes)
    assert fast.to_numpy().tolist() == slow.to_numpy().tolist()


@pytest.mark.parametrize(
    ("data", "used"),
    [
        (b"a,b\n1,2\n", True),
        (b'a,b\n"1,5",2\n', True),  # a quoted cell
        (b'a,b\n1"x,2\n', False),  # a quote inside a cell: pandas decides
        (b"a,b\n1,2\n\n3,4\n", True),  # a blank line: a row of empty cells in both
        (b"a,b\r1,2\r", False),  # lone carriage returns
        (b"a\n1\n", False),  # one column
        (b"a,b\n1\n", False),  # a short row: pandas fills it
    ],
)
def test_arrow_csv_is_used_only_where_it_agrees(data: bytes, used: bool) -> None:
    from posmatrix.tableread import _arrow_csv, _pandas_csv

    fast = _arrow_csv(data)
    assert (fast is not None) == used
    if fast is not None:
        assert fast.to_numpy().tolist() == _pandas_csv(data).to_numpy().tolist()
