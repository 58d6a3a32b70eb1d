"""Plain-text tables: every tabulate format, NaN marks, escaping, validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posmatrix.errors import UsageError
from posmatrix.tables import FORMATS, to_table


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "agreement": [0.5, np.nan, 1.0],
            "overlap": [3, 0, 12],
            "note": ["a|b", "1e3", None],
        },
        index=pd.Index(["s1", "s2", "Київ"], name="voice"),
    )


def test_github_exact(frame: pd.DataFrame) -> None:
    assert to_table(frame).splitlines() == [
        "| voice   |   agreement |   overlap | note   |",
        "|---------|-------------|-----------|--------|",
        "| s1      |        0.50 |         3 | a\\|b   |",
        "| s2      |           – |         0 | 1e3    |",
        "| Київ    |        1.00 |        12 | –      |",
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_nan_as_mark(frame: pd.DataFrame, fmt: str) -> None:
    out = to_table(frame, fmt, missing="MISSING")
    assert "nan" not in out.lower().replace("nano", "")
    assert out.count("MISSING") == 2
    assert "Київ" in out
    assert "1e3" in out  # text is never parsed as a number
    assert "1000" not in out


@pytest.mark.parametrize(
    ("fmt", "escaped"),
    [
        ("github", "a\\|b"),
        ("pipe", "a\\|b"),
        ("jira", "a\\|b"),
        ("orgtbl", "a\\vert{}b"),
        ("textile", "a&#124;b"),
        ("plain", "a|b"),
        ("grid", "a|b"),
        ("html", "a|b"),
    ],
)
def test_pipe_escaping(frame: pd.DataFrame, fmt: str, escaped: str) -> None:
    assert escaped in to_table(frame, fmt)


@pytest.mark.parametrize("fmt", ["github", "pipe"])
@settings(max_examples=50, deadline=None)
@given(texts=st.lists(st.text(max_size=20), min_size=1, max_size=4))
def test_markdown_rows_keep_their_cell_count(fmt: str, texts: list[str]) -> None:
    """Whatever the text, each Markdown row has exactly the header's number of cells."""
    frame = pd.DataFrame({"text": texts, "n": range(len(texts))})
    lines = to_table(frame, fmt).splitlines()
    assert len(lines) == len(texts) + 2  # header, rule, one line per row

    def cells(line: str) -> int:
        # count unescaped separators
        return line.replace("\\|", "").count("|")

    counts = {cells(line) for line in lines}
    assert len(counts) == 1


def test_newlines_flattened_in_one_line_formats() -> None:
    frame = pd.DataFrame({"quote": ["first line\nsecond line"]})
    assert "first line second line" in to_table(frame, "github")
    grid = to_table(frame, "grid")
    assert "first line" in grid
    assert "second line" in grid
    assert "first line second line" not in grid


def test_tsv_tabs() -> None:
    frame = pd.DataFrame({"a": ["x\ty"], "b": [1.0]})
    out = to_table(frame, "tsv")
    assert out.splitlines()[1].split("\t") == ["x y", "1.00"]


def test_latex_escapes(frame: pd.DataFrame) -> None:
    out = to_table(pd.DataFrame({"p": ["50% & more_x"]}), "latex_booktabs")
    assert r"50\% \& more\_x" in out


def test_html_escapes() -> None:
    out = to_table(pd.DataFrame({"q": ["<script>alert(1)</script>"]}), "html")
    assert "<script>" not in out
    assert "&lt;script&gt;" in out


def test_unknown_format_lists_all() -> None:
    with pytest.raises(UsageError, match="did you mean 'github'") as info:
        to_table(pd.DataFrame({"a": [1]}), "gihtub")
    for fmt in ("github", "latex", "html", "plain", "grid"):
        assert fmt in str(info.value)


def test_range_index_hidden_named_shown() -> None:
    plain = to_table(pd.DataFrame({"a": [1.0]}), "plain")
    assert plain.splitlines() == ["   a", "1.00"]
    shown = to_table(pd.DataFrame({"a": [1.0]}), "plain", index=True)
    assert shown.splitlines() == ["       a", "0   1.00"]


def test_series_and_multiindex() -> None:
    s = pd.Series([0.25, np.nan], index=pd.Index(["x", "y"], name="voice"), name="score")
    assert to_table(s, "plain", floatfmt=".0%").splitlines() == [
        "voice      score",
        "x            25%",
        "y              –",
    ]
    mi = pd.DataFrame(
        [[1.0, 2.0]],
        index=pd.MultiIndex.from_tuples([("a", "b")], names=["left", "right"]),
        columns=pd.MultiIndex.from_tuples([("m", "1"), ("m", "2")]),
    )
    assert to_table(mi, "plain").splitlines() == [
        "left    right      m / 1    m / 2",
        "a       b           1.00     2.00",
    ]


def test_per_column_floatfmt() -> None:
    frame = pd.DataFrame({"share": [0.5], "mean": [1.234]})
    assert to_table(frame, "plain", floatfmt=[".0%", ".1f"]).splitlines() == [
        "  share    mean",
        "    50%     1.2",
    ]
    with pytest.raises(UsageError, match="one per column"):
        to_table(frame, floatfmt=[".1f"])


def test_pd_na_and_bool() -> None:
    frame = pd.DataFrame({"n": pd.array([1, None], dtype="Int64"), "ok": [True, False]})
    assert to_table(frame, "plain").splitlines() == [
        "  n  ok",
        "  1  True",
        "  –  False",
    ]


def test_not_a_frame() -> None:
    with pytest.raises(UsageError, match="DataFrame or Series"):
        to_table([[1, 2]])  # type: ignore[arg-type]


UNICODE = ["Київ", "كييف", "🇺🇦🕊️", "e\u0301te\u0301"]


@pytest.mark.parametrize("fmt", ["github", "plain", "html", "latex_raw", "grid"])
def test_unicode_survives(fmt: str) -> None:
    out = to_table(pd.DataFrame({"name": UNICODE}), fmt)
    for text in UNICODE:
        assert text in out
