"""Tests of posmatrix.style: the workbook's palette, percent format, blank mark, tooltips.

Colours worked out by hand from the workbook's ends (briefing._OPPOSE (214, 96, 77),
_NEUTRAL (247, 247, 247), _SUPPORT (67, 147, 195)) and checked against the workbook's
own fills; the HTML is read back with html.parser (tests/htmlcheck.py).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from htmlcheck import HOSTILE_TEXTS, check_page, hostile
from hypothesis import given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix.briefing import _stance_fill
from posmatrix.errors import UsageError
from posmatrix.model import Scale
from posmatrix.styling import BLANK, MUTED, colour, colours

NAN = float("nan")
RULE = re.compile(r"((?:#T_\w+_row\d+_col\d+(?:,\s*)?)+)\s*\{([^}]*)\}")
CELL = re.compile(r'<td id="T_\w+_row(\d+)_col(\d+)"[^>]*?(?:title="([^"]*)")?\s*>([^<]*)</td>')


def cells(html: str) -> dict[tuple[int, int], dict[str, str]]:
    """(row, col) -> {"background-color": …, "color": …, "text": …, "title": …}."""
    out: dict[tuple[int, int], dict[str, str]] = {}
    for ids, body in RULE.findall(html):
        props = {
            k.strip(): v.strip() for k, v in (p.split(":", 1) for p in body.split(";") if ":" in p)
        }
        for r, c in re.findall(r"row(\d+)_col(\d+)", ids):
            out.setdefault((int(r), int(c)), {}).update(props)
    for r, c, title, text in CELL.findall(html):
        cell = out.setdefault((int(r), int(c)), {})
        cell["text"] = text
        cell["title"] = title
    return out


def agreement_frame() -> pd.DataFrame:
    labels = pd.Index(["x", "y"], name="voice")
    return pd.DataFrame([[1.0, 0.0], [NAN, 0.5]], index=labels, columns=labels)


def test_agreement_colours_percent_and_blank() -> None:
    frame = agreement_frame()
    before = frame.copy()
    html = posmatrix.style(frame).to_html()
    check_page(html)
    got = cells(html)
    # 1.0 is the agree end (support blue), 0.0 the disagree end (oppose red), 0.5 neutral
    assert got[(0, 0)]["background-color"] == "#4393C3"
    assert got[(0, 1)]["background-color"] == "#D6604D"
    assert got[(1, 1)]["background-color"] == "#F7F7F7"
    assert [got[k]["text"] for k in [(0, 0), (0, 1), (1, 1)]] == ["100%", "0%", "50%"]
    # NaN: the blank mark, muted, no fill
    assert got[(1, 0)]["text"] == BLANK == "–"
    assert "background-color" not in got[(1, 0)]
    assert got[(1, 0)]["color"] == MUTED
    pd.testing.assert_frame_equal(frame, before)  # rounding only in the rendering


def test_agreement_overlap_tooltips() -> None:
    frame = agreement_frame()
    shared = pd.DataFrame([[3, 1], [1, 2]], index=frame.index, columns=frame.columns)
    got = cells(posmatrix.style(frame, overlap=shared).to_html())
    assert got[(0, 0)]["title"] == "100% over 3 shared issues"
    assert got[(0, 1)]["title"] == "0% over 1 shared issue"
    assert got[(1, 0)]["title"] == "– over 1 shared issue"


def test_negative_metric_runs_from_minus_one() -> None:
    # pearson-like values: -1 red, 0 white, +1 blue
    labels = ["x", "y"]
    frame = pd.DataFrame([[1.0, -1.0], [-1.0, 0.0]], index=labels, columns=labels)
    got = cells(posmatrix.style(frame).to_html())
    assert got[(0, 0)]["background-color"] == "#4393C3"
    assert got[(0, 1)]["background-color"] == "#D6604D"
    assert got[(1, 1)]["background-color"] == "#F7F7F7"
    assert got[(0, 1)]["text"] == "-100%"


def test_stance_matrix_colours_match_the_workbook() -> None:
    ds = posmatrix.example()
    frame = posmatrix.stance_matrix(ds, "author")
    styler = posmatrix.style(frame, quotes=ds)
    got = cells(styler.to_html())
    values = frame.to_numpy()
    seen = set()
    for (i, j), cell in got.items():
        v = values[i, j]
        if math.isnan(v):
            assert cell["text"] == BLANK
            assert "background-color" not in cell
            continue
        # the workbook's Stances fill of the same value
        workbook = _stance_fill(ds.scale, float(v), {}).start_color.rgb
        assert cell["background-color"] == "#" + workbook[2:]
        assert cell["text"] == ("0" if v == 0 else f"{v:+g}")
        seen.add(float(v))
    assert seen == {-2.0, -1.0, 0.0, 1.0, 2.0}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2, "#4393C3"),  # the support end
        (-2, "#D6604D"),  # the oppose end
        (0, "#F7F7F7"),  # neutral
        # half way: 247 + (214 - 247) / 2 = 230.5 -> 230 (half to even, as round()),
        # 247 + (96 - 247) / 2 = 171.5 -> 172, 247 + (77 - 247) / 2 = 162
        (-1, "#E6ACA2"),
        # 247 + (67 - 247) / 2 = 157, 247 + (147 - 247) / 2 = 197, 247 + (195 - 247) / 2 = 221
        (1, "#9DC5DD"),
        (NAN, ""),
    ],
)
def test_colour_by_hand(value: float, expected: str) -> None:
    assert colour(Scale(), value) == expected


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-5, max_value=5, allow_nan=False))
def test_colours_agree_with_the_workbook_fill(value: float) -> None:
    scale = Scale()
    clipped = max(-2.0, min(2.0, value))
    workbook = _stance_fill(scale, clipped, {}).start_color.rgb
    assert colour(scale, value) == "#" + workbook[2:]


def test_stance_tooltip_is_label_and_quote() -> None:
    ds = posmatrix.loads(
        "format: posmatrix/1\ntitle: T\nissues:\n  - {id: a, proposition: A.}\n"
        "  - {id: b, proposition: B.}\nsources:\n  - id: s\n    title: S\n    stances:\n"
        "      - {issue: a, stance: -1, quote: 'Not A, we think.'}\n"
    )
    frame = posmatrix.stance_matrix(ds, "author")
    got = cells(posmatrix.style(frame, quotes=ds).to_html())
    assert got[(0, 0)]["title"] == "-1 opposes: “Not A, we think.”"
    assert got[(0, 1)]["title"] == ""  # b not addressed: no tooltip
    # without quotes, the label alone; with a frame of quotes, that frame's text
    assert cells(posmatrix.style(frame).to_html())[(0, 0)]["title"] == "-1 opposes"
    quotes = pd.DataFrame([["mine", ""]], index=frame.index, columns=frame.columns)
    assert cells(posmatrix.style(frame, quotes=quotes).to_html())[(0, 0)]["title"] == (
        "-1 opposes: “mine”"
    )


def test_hostile_labels_and_quotes_are_escaped() -> None:
    ds = hostile()
    for styler in (
        posmatrix.style(posmatrix.stance_matrix(ds, holder=None), quotes=ds),
        posmatrix.style(posmatrix.agreement(ds), overlap=ds),
    ):
        html = styler.to_html()
        page = check_page(html)
        assert "s<script>" in page.all_text  # a voice label, shown as text
    stance = check_page(
        posmatrix.style(posmatrix.stance_matrix(ds, holder=None), quotes=ds).to_html()
    )
    assert "i<script>" in stance.all_text  # an issue id
    titles = " ".join(stance.attributes)
    for quote in (HOSTILE_TEXTS[2], HOSTILE_TEXTS[5]):
        assert quote in titles  # decoded back to the text, inside its title attribute


def test_scale_option_and_errors() -> None:
    frame = pd.DataFrame({"a": [3.0, 1.0]}, index=["x", "y"])
    got = cells(posmatrix.style(frame, scale=(1, 3)).to_html())
    assert got[(0, 0)]["background-color"] == "#4393C3"  # 3 is the top of 1..3
    assert got[(1, 0)]["background-color"] == "#D6604D"
    with pytest.raises(UsageError, match="kind must be"):
        posmatrix.style(frame, kind="heat")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="overlap= is for an agreement matrix"):
        posmatrix.style(frame, overlap=frame)
    with pytest.raises(UsageError, match="quotes= is for a stance matrix"):
        posmatrix.style(agreement_frame(), quotes=agreement_frame())
    with pytest.raises(UsageError, match="scale must be"):
        posmatrix.style(frame, scale="wide")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="frame must be a DataFrame"):
        posmatrix.style([[1.0]])  # type: ignore[arg-type]


def test_colours_vectorised_shape() -> None:
    out = colours(np.array([[-1.0, 0.0], [1.0, NAN]]))
    assert out.tolist() == [["#D6604D", "#F7F7F7"], ["#4393C3", ""]]
