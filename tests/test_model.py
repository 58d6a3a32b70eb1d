"""The attrs model: field validators, the scale, references, to_frame."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from posmatrix.errors import Location
from posmatrix.model import (
    AUTHOR,
    Actor,
    Coding,
    Dataset,
    Issue,
    Scale,
    Source,
    check_date,
    check_references,
    is_valid_id,
)


def _ds(*codings: Coding, scale: Scale | None = None) -> Dataset:
    return Dataset(
        title="t",
        scale=scale or Scale(),
        issues={"a": Issue("a", "A should happen."), "b": Issue("b", "B should happen.")},
        actors={"russia": Actor("russia", "Russian government")},
        sources={"s1": Source("s1", "One"), "s2": Source("s2", "Two")},
        codings=codings,
    )


@pytest.mark.parametrize(
    ("lo", "hi", "points", "midpoint"),
    [(-2, 2, (-2, -1, 0, 1, 2), 0.0), (-1, 1, (-1, 0, 1), 0.0), (0, 10, tuple(range(11)), 5.0)],
)
def test_scale_points_and_midpoint(
    lo: int, hi: int, points: tuple[int, ...], midpoint: float
) -> None:
    s = Scale(lo, hi)
    assert s.points == points
    assert s.range == hi - lo
    assert s.midpoint == midpoint
    assert len(s.labels) == len(points)


def test_scale_labels_default_and_fractional() -> None:
    s = Scale(0, 10)
    assert s.label(3) == "3"
    assert Scale().label(1) == "supports"
    assert Scale().label(0.5) == "0.5"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min": 2, "max": 2}, "max: expected an integer greater than min (2), got 2"),
        (
            {"min": 0, "max": 2, "labels": ("a", "b")},
            "labels: expected one label per point 0..2 (3), got 2",
        ),
        ({"min": "0", "max": 2}, "min: expected an integer, got the text '0'"),
        ({"min": True, "max": 2}, "min: expected an integer, got the boolean true"),
    ],
)
def test_scale_rejects(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises((ValueError, TypeError)) as info:
        Scale(**kwargs)  # type: ignore[arg-type]
    assert str(info.value.args[0]) == message


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("nato-membership-ruled-out", True),
        ("Київ", True),
        ("قطر", True),
        ("é́-combining", True),
        ("two words", False),
        ("a/b", False),
        ("", False),
        ("x" * 81, False),
        ("zero\u200bwidth", False),
        ("tab\there", False),
        ("del\x7f", False),
        ("~!$&'()*+,;=:@%.", True),
        (3, False),
    ],
)
def test_is_valid_id(value: object, ok: bool) -> None:
    assert is_valid_id(value) is ok


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2025", None),
        ("2025-08", None),
        ("2024-02-29", None),
        ("2025-02-29", "day 29 is not 01..28 in 2025-02"),
        ("2025-13", "month 13 is not 01..12"),
        ("25-08-01", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2025/08/01", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_check_date(value: str, why: str | None) -> None:
    assert check_date(value) == why


def test_fields_name_themselves_in_errors() -> None:
    with pytest.raises(ValueError, match=r"quote: expected non-empty text, got the text '  '"):
        Coding("s1", AUTHOR, "a", 1, "  ")
    with pytest.raises(
        ValueError, match=r"confidence: expected one of high, medium, low, got the text 'sure'"
    ):
        Coding("s1", AUTHOR, "a", 1, "q", confidence="sure")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"stance: expected an integer, got the number 1.5"):
        Coding("s1", AUTHOR, "a", 1.5, "q")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"published: expected an ISO 8601 date"):
        Source("s", "T", published="2025-13-01")
    with pytest.raises(ValueError, match=r"id: 'author' is reserved for a source's own stance"):
        Actor("author", "Somebody")
    with pytest.raises(
        ValueError, match=r"weight: expected a finite number >= 0 \(default 1\), got the integer -1"
    ):
        Issue("a", "A.", weight=-1)


def test_model_is_frozen_and_locations_do_not_count_for_equality() -> None:
    c1 = Coding("s1", AUTHOR, "a", 1, "q", where=Location("f", 1, 1))
    c2 = Coding("s1", AUTHOR, "a", 1, "q", where=Location("f", 9, 9))
    assert c1 == c2
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        c1.stance = 2  # type: ignore[misc]
    ds = _ds(c1)
    with pytest.raises(TypeError):
        ds.issues["z"] = Issue("z", "Z.")  # type: ignore[index]


def test_check_references_reports_every_problem() -> None:
    where = Location("f.yaml", 7, 5)
    ds = _ds(
        Coding("s1", AUTHOR, "a", 1, "q"),
        Coding("s11", AUTHOR, "a", 1, "q"),
        Coding("s1", "rusia", "bb", 3, "q", where=where),
        Coding("s1", AUTHOR, "a", -1, "q2", where=where),
        Coding("s1", AUTHOR, "a", -1, "q3", coder="x"),
    )
    problems = [message for _, message in check_references(ds)]
    assert problems == [
        "source: unknown source 's11'; did you mean 's1'?",
        "issue: unknown issue 'bb'; did you mean 'b'?",
        "holder: unknown actor 'rusia'; did you mean 'russia'?",
        "stance: expected an integer from -2 to 2, got the integer 3",
        "issue 'a' is coded twice for source 's1', holder 'author'; keep one coding, or give "
        "each its own coder",
    ]


def test_to_frame_columns_and_order() -> None:
    ds = _ds(
        Coding("s2", "russia", "b", -2, "q1", confidence="low", note="n", red_line=True),
        Coding("s1", AUTHOR, "a", 1, "q2", coder="pm"),
    )
    frame = ds.to_frame()
    assert list(frame.columns) == [
        "source", "holder", "issue", "stance", "confidence", "coder", "quote", "note", "red_line",
    ]  # fmt: skip
    assert frame["red_line"].tolist() == [True, False]
    assert frame["stance"].tolist() == [-2, 1]
    assert frame["stance"].dtype == "int64"
    assert frame["source"].tolist() == ["s2", "s1"]
    assert frame["coder"].tolist() == [None, "pm"]


def test_codings_of_filters() -> None:
    c1 = Coding("s1", AUTHOR, "a", 1, "q")
    c2 = Coding("s2", "russia", "a", 2, "q")
    ds = _ds(c1, c2)
    assert ds.codings_of(issue="a") == (c1, c2)
    assert ds.codings_of(holder="russia") == (c2,)
    assert ds.holder_name("russia") == "Russian government"
    assert ds.holder_name(AUTHOR) == "author"


@given(st.integers(-50, 50), st.integers(1, 60))
def test_scale_contains_exactly_its_points(lo: int, width: int) -> None:
    s = Scale(lo, lo + width)
    for v in (lo - 1, lo, lo + width, lo + width + 1):
        assert s.contains(v) is (lo <= v <= lo + width)
    assert not s.contains(float(lo))
    assert not s.contains(True)


def test_dataset_takes_sequences_of_objects_keyed_by_id() -> None:
    issues = (Issue(id="a", proposition="A"), Issue(id="b", proposition="B"))
    sources = [Source(id="s", title="S")]
    by_seq = Dataset(title="t", issues=issues, sources=sources, actors=())
    by_map = Dataset(title="t", issues={i.id: i for i in issues}, sources={"s": sources[0]})
    assert by_seq == by_map
    assert list(by_seq.issues) == ["a", "b"]  # order kept


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"issues": [Issue(id="a", proposition="A"), Issue(id="a", proposition="B")]},
            ValueError,
            "'issues' must have unique ids; 'a' is given twice (items 0 and 1)",
        ),
        (
            {"sources": [Source(id="s", title="S"), "s2"]},
            TypeError,
            "'sources[1]' must be a Source, got str",
        ),
        (
            {"actors": "russia"},
            TypeError,
            "'actors' must be a mapping of id to Actor or a sequence of Actor objects, got str",
        ),
        (
            {"issues": {"a": Issue(id="b", proposition="B")}},
            ValueError,
            "'issues' must map each id to the Issue with that id; key 'a' holds the Issue "
            "with id 'b'",
        ),
    ],
)
def test_dataset_collections_errors_name_the_field(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        Dataset(title="t", **kwargs)
    assert str(info.value) == message


# -- evidence and labels ------------------------------------------------------------------------


def test_a_dataset_requires_quotes_unless_evidence_is_optional() -> None:
    from posmatrix.model import NO_QUOTE, Coding, Dataset, quoted

    quoteless = Coding("s", "author", "i", 1, "")
    with pytest.raises(ValueError, match=r"codings\[0\] \(s, author, i\) gives no quote"):
        Dataset(title="T", codings=[quoteless])
    ds = Dataset(title="T", codings=[quoteless], evidence="optional")
    assert ds.quoteless == 1
    assert quoted(quoteless.quote) == NO_QUOTE == "(no quote given)"
    with pytest.raises(ValueError, match="evidence: expected 'required' or 'optional'"):
        Dataset(title="T", evidence="sometimes")  # type: ignore[arg-type]


def test_issue_label_defaults_to_the_id() -> None:
    from posmatrix.model import Issue

    assert Issue("ceasefire-first", "P.").short == "ceasefire-first"
    assert Issue("ceasefire-first", "P.", label="Ceasefire").short == "Ceasefire"
    with pytest.raises(ValueError, match="label: expected a short non-empty text"):
        Issue("i", "P.", label="  ")
