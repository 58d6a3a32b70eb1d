"""Tests of posmatrix.check (module posmatrix.codebook) on constructed codebooks: every
expected association is worked out by hand in the comments, never read from the code."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix.codebook import COLUMNS, KINDS, check, describe
from posmatrix.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]


def make(
    voices: dict[str, dict[str, int]],
    *,
    issues: Sequence[str] = ("a", "b", "c"),
    quotes: dict[tuple[str, str], str] | None = None,
) -> posmatrix.Dataset:
    """A dataset whose voices are sources' own stances: ``{source: {issue: stance}}``.
    Each quote is unique unless ``quotes`` gives one for ``(source, issue)``."""
    quotes = quotes or {}
    doc: dict[str, Any] = {
        "format": "posmatrix/1",
        "title": "constructed",
        "issues": [{"id": i, "proposition": f"{i} should happen."} for i in issues],
        "sources": [
            {
                "id": s,
                "title": s,
                "stances": [
                    {"issue": i, "stance": v, "quote": quotes.get((s, i), f"{s} on {i}.")}
                    for i, v in cells.items()
                ],
            }
            for s, cells in voices.items()
        ],
    }
    return posmatrix.loads(yaml.safe_dump(doc, sort_keys=False), "made.yaml")


# Seven voices. a and b duplicate each other (b is a with noise); c is independent of both.
#   voice: s1 s2 s3 s4 s5 s6 s7
#   a:     +2 +1 -1 -2 +1 +2 -1
#   b:     +2 +2 -2 -1 +1 -1 -2
#   c:     +1 -1 +2 -2 +2  0 +1
# a~b: same side s1 s2 s3 s4 s5 s7 (6), opposite s6 (1): (6 - 1) / 7 = +0.714
# a~c: same s1 s4 s5 (3), opposite s2 s3 s7 (3), s6 neutral on c: (3 - 3) / 7 = 0
# b~c: a and b differ only at s6, where c is neutral: the same counts, 0
A = [2, 1, -1, -2, 1, 2, -1]
B = [2, 2, -2, -1, 1, -1, -2]
C = [1, -1, 2, -2, 2, 0, 1]


def seven(a: Sequence[int] = A, b: Sequence[int] = B, c: Sequence[int] = C) -> posmatrix.Dataset:
    return make(
        {f"s{n + 1}": {"a": a[n], "b": b[n], "c": c[n]} for n in range(7)},
    )


def kind(found: pd.DataFrame, name: str) -> pd.DataFrame:
    return found[found["kind"] == name]


def test_columns_and_kinds() -> None:
    found = check(seven())
    assert tuple(found.columns) == COLUMNS
    assert set(found["kind"]) <= set(KINDS)
    assert found["association"].dtype == np.float64
    assert found["overlap"].dtype == np.int64


def test_duplicated_issues_flagged_with_their_association() -> None:
    found = kind(check(seven()), "redundant-issues")
    assert list(found["items"]) == [("a", "b")]  # a~c and b~c (association 0) are not
    row = found.iloc[0]
    assert row["association"] == pytest.approx(5 / 7)  # (6 same - 1 opposite) / 7
    assert row["overlap"] == 7
    assert row["severity"] == "warning"
    assert "6 on the same side, 1 on opposite sides" in row["message"]
    assert row["location"] == "made.yaml:4:3"  # issue a: line 4, column 3 (after "- ")


def test_inverted_duplicate_moves_against() -> None:
    # b inverted: every sign flips, so same and opposite swap: (1 - 6) / 7 = -0.714
    found = kind(check(seven(b=[-v for v in B])), "redundant-issues")
    assert list(found["items"]) == [("a", "b")]
    assert found.iloc[0]["association"] == pytest.approx(-5 / 7)
    assert "move against each other" in found.iloc[0]["message"]


@pytest.mark.parametrize(
    ("min_overlap", "min_association", "flagged"),
    [
        (7, 0.7, True),  # 7 voices >= 7, 0.714 >= 0.7
        (8, 0.7, False),  # only 7 voices code both
        (5, 0.72, False),  # 0.714 < 0.72
    ],
)
def test_thresholds(min_overlap: int, min_association: float, flagged: bool) -> None:
    found = check(seven(), min_overlap=min_overlap, min_association=min_association)
    assert (len(kind(found, "redundant-issues")) == 1) is flagged


def test_independent_pair_not_flagged() -> None:
    found = check(seven())
    pairs = [set(items) for items in kind(found, "redundant-issues")["items"]]
    assert {"a", "c"} not in pairs
    assert {"b", "c"} not in pairs
    # even with the loosest association threshold: the association is exactly 0
    loose = check(seven(), min_association=0.01)
    pairs = [set(items) for items in kind(loose, "redundant-issues")["items"]]
    assert {"a", "c"} not in pairs
    assert {"b", "c"} not in pairs


def test_mirror_quote_flagged() -> None:
    # one sentence gives s1 +2 on a and -2 on b: a mirror pair coded twice
    ds = make(
        {"s1": {"a": 2, "b": -2, "c": 1}, "s2": {"a": 1, "c": -1}},
        quotes={("s1", "a"): "No NATO, no troops.", ("s1", "b"): "No NATO, no troops."},
    )
    found = check(ds)
    mirror = kind(found, "mirror-quote")
    assert list(mirror["items"]) == [("s1", "author", "a", "b")]
    assert mirror.iloc[0]["severity"] == "warning"
    # the first quote's value: line 16, after "    quote: "
    assert mirror.iloc[0]["location"] == "made.yaml:16:12"
    shared = kind(found, "shared-quote")
    assert list(shared["items"]) == [("s1", "a", "b")]
    # the passage is one voice's, so the two issues are also a mirror-issues candidate:
    # the one voice coding both takes +2 and -2
    assert list(kind(found, "mirror-issues")["items"]) == [("a", "b")]


def test_quote_inside_a_longer_quote_is_one_passage() -> None:
    long = "Recognise Crimea, freeze the line and lift sanctions."
    ds = make(
        {"s1": {"a": 2, "b": 1}, "s2": {"a": 1, "b": 1}},
        quotes={
            ("s1", "a"): long,
            ("s1", "b"): "freeze the line",
            ("s2", "a"): long,  # another source: its own passage
            ("s2", "b"): "lift   sanctions.",  # whitespace does not matter
        },
    )
    found = check(ds)
    assert list(kind(found, "shared-quote")["items"]) == [("s1", "a", "b"), ("s2", "a", "b")]
    assert kind(found, "mirror-quote").empty  # same side
    co = kind(found, "co-quoted-issues")
    assert list(co["items"]) == [("a", "b")]
    assert co.iloc[0]["overlap"] == 2
    assert kind(check(ds, min_shared=3), "co-quoted-issues").empty


def test_thin_and_one_sided_issues() -> None:
    # a: 3 voices, +2 +1 -1 (two-sided); b: 3 voices, +1 +2 0 (nobody opposes);
    # c: 2 voices (thin at the default 3)
    ds = make(
        {
            "s1": {"a": 2, "b": 1, "c": -1},
            "s2": {"a": 1, "b": 2},
            "s3": {"a": -1, "b": 0, "c": -2},
        }
    )
    found = check(ds)
    assert list(kind(found, "thin-issue")["items"]) == [("c",)]
    assert kind(found, "thin-issue").iloc[0]["overlap"] == 2
    assert list(kind(found, "one-sided-issue")["items"]) == [("b",), ("c",)]
    assert "none opposes" in kind(found, "one-sided-issue").iloc[0]["message"]
    assert "none supports" in kind(found, "one-sided-issue").iloc[1]["message"]
    assert kind(check(ds, min_voices=2), "thin-issue").empty


def test_single_source_position() -> None:
    doc = {
        "format": "posmatrix/1",
        "title": "actors",
        "issues": [{"id": i, "proposition": f"{i}."} for i in "abcd"],
        "actors": [{"id": "ru", "name": "Russia"}],
        "sources": [
            {
                "id": "s1",
                "title": "s1",
                "reports": {
                    "ru": [{"issue": i, "stance": 1, "quote": f"s1 {i}."} for i in ("a", "b", "d")]
                },
            },
            {
                "id": "s2",
                "title": "s2",
                "reports": {
                    "ru": [{"issue": i, "stance": 1, "quote": f"s2 {i}."} for i in ("a", "b", "c")]
                },
            },
        ],
    }
    ds = posmatrix.loads(yaml.safe_dump(doc, sort_keys=False), "actors.yaml")
    # ru on c: s2 only, and s1 reports ru on 3 issues but not c -> noted; likewise d
    found = kind(check(ds), "single-source")
    assert sorted(found["items"]) == [("s1", "ru", "d"), ("s2", "ru", "c")]
    assert set(found["severity"]) == {"note"}
    # with many=4 no source reports ru on 4 issues: nothing noted
    assert kind(check(ds, many=4), "single-source").empty


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-2, 2), st.integers(-2, 2)),
        min_size=5,
        max_size=9,
    )
)
def test_association_by_naive_count(cells: list[tuple[int, int]]) -> None:
    ds = make({f"s{n}": {"a": x, "b": y} for n, (x, y) in enumerate(cells)}, issues=("a", "b"))
    same = sum(1 for x, y in cells if x * y > 0)
    opposite = sum(1 for x, y in cells if x * y < 0)
    expected = (same - opposite) / len(cells)
    found = kind(check(ds, min_overlap=1, min_association=1e-9), "redundant-issues")
    if expected == 0:
        assert found.empty
    else:
        assert found.iloc[0]["association"] == pytest.approx(expected)
        assert found.iloc[0]["overlap"] == len(cells)


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("min_overlap", 0),
        ("min_voices", True),
        ("many", 1.5),
        ("min_shared", 0),
        ("min_association", 0),
        ("min_association", 1.5),
    ],
)
def test_bad_options(keyword: str, value: object) -> None:
    with pytest.raises(UsageError, match=keyword):
        check(seven(), **{keyword: value})  # type: ignore[arg-type]


def test_not_a_dataset() -> None:
    with pytest.raises(UsageError, match="Dataset"):
        check("data/positions.yaml")  # type: ignore[arg-type]


def test_describe_compiler_format() -> None:
    lines = describe(check(seven()))
    assert lines[0].startswith("made.yaml:4:3: warning: [redundant-issues] issues 'a' and 'b'")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )


def test_cli_strict_and_format(tmp_path: Path) -> None:
    path = tmp_path / "made.yaml"
    ds = seven()
    doc = {
        "format": "posmatrix/1",
        "title": "constructed",
        "issues": [{"id": i, "proposition": f"{i} should happen."} for i in "abc"],
        "sources": [
            {
                "id": s.id,
                "title": s.id,
                "stances": [
                    {"issue": c.issue, "stance": c.stance, "quote": c.quote}
                    for c in ds.codings_of(source=s.id)
                ],
            }
            for s in ds.sources.values()
        ],
    }
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    plain = run("-m", "posmatrix", "check", str(path))
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.startswith(f"{path}:4:3: warning: [redundant-issues]")
    assert "1 warning(s)" in plain.stderr
    strict = run("-m", "posmatrix", "check", str(path), "--strict")
    assert strict.returncode == 1
    usage = run("-m", "posmatrix", "check", str(path), "--min-voices", "0")
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


def test_cli_imports_no_openpyxl() -> None:
    result = run("-X", "importtime", "-m", "posmatrix", "check")
    assert result.returncode == 0, result.stderr
    imported = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "pandas" in imported  # the list is real
    assert "openpyxl" not in imported
    assert "matplotlib" not in imported


def test_empty_dataset() -> None:
    from posmatrix.model import Dataset, Issue

    assert check(Dataset("t")).empty
    found = check(Dataset("t", issues=[Issue("a", "A.")]))
    assert list(found["kind"]) == ["thin-issue"]  # 0 voices < 3
    assert found.iloc[0]["location"] == "<dataset>:1:1"
    assert found.iloc[0]["overlap"] == 0


@pytest.mark.parametrize(
    ("b_stances", "mirrored"),
    [
        ((-2, -2), True),  # both voices at opposite ends: +2 on a, -2 on b
        ((-2, -1), False),  # s2 opposite but not at the end of the scale
        ((-2, 1), False),  # s2 on the same side
    ],
)
def test_mirror_issues_needs_every_voice_at_opposite_ends(
    b_stances: tuple[int, int], mirrored: bool
) -> None:
    # two voices code a (+2 each) and b; distinct quotes, so no quote finding
    ds = make({"s1": {"a": 2, "b": b_stances[0]}, "s2": {"a": 2, "b": b_stances[1]}})
    found = kind(check(ds), "mirror-issues")
    assert (list(found["items"]) == [("a", "b")]) is mirrored
    assert kind(check(ds), "mirror-quote").empty


@pytest.mark.parametrize(
    ("weights", "severity"),
    [
        ((1.0, 1.0), "warning"),  # 2 > 1: the dimension counts twice
        ((0.5, 0.5), "note"),  # 0.5 + 0.5 = 1: counts once in weighted agreement
        ((0.5, 0.6), "warning"),  # 1.1 > 1
    ],
)
def test_weighted_redundant_pair_is_a_note(weights: tuple[float, float], severity: str) -> None:
    ds = seven()
    issues = dict(ds.issues)
    for name, w in zip(("a", "b"), weights, strict=True):
        issues[name] = attrs.evolve(issues[name], weight=w)
    found = kind(check(attrs.evolve(ds, issues=issues)), "redundant-issues")
    assert list(found["items"]) == [("a", "b")]
    assert found.iloc[0]["severity"] == severity
