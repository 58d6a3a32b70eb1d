"""CodingTable: codings held as columns behave as the tuple of codings they stand for,
and every analysis gives the same result on either."""

from __future__ import annotations

import pickle
import warnings
from typing import Any, cast

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix.codingtable import CodingTable, Selected
from posmatrix.errors import Location
from posmatrix.model import AUTHOR, Coding, Dataset

TABLE = pd.DataFrame(
    {
        "source": ["s1", "s1", "s2", "s2"],
        "holder": ["author", "russia", "author", "author"],
        "issue": ["a", "a", "a", "b"],
        "stance": [2, -1, 1, 0],
        "quote": ["Stop now.", "Moscow refuses.", "A pause.", "Costs and gains."],
        "coder": ["", "", "pm", ""],
    }
)


def _rows() -> list[Coding]:
    """TABLE's codings written out by hand (row k is line k + 2 of <codings>)."""
    return [
        Coding("s1", AUTHOR, "a", 2, "Stop now.", where=Location("<codings>", 2, 1)),
        Coding("s1", "russia", "a", -1, "Moscow refuses.", where=Location("<codings>", 3, 1)),
        Coding("s2", AUTHOR, "a", 1, "A pause.", coder="pm", where=Location("<codings>", 4, 1)),
        Coding("s2", AUTHOR, "b", 0, "Costs and gains.", where=Location("<codings>", 5, 1)),
    ]


def test_from_frame_holds_a_table_equal_to_the_codings_written_by_hand() -> None:
    ds = posmatrix.from_frame(TABLE)
    assert isinstance(ds.codings, CodingTable)
    want = _rows()
    assert len(ds.codings) == 4
    assert ds.codings == tuple(want)
    assert tuple(want) == ds.codings  # the reflected comparison too
    assert list(ds.codings) == want
    assert [c.where for c in ds.codings] == [c.where for c in want]
    assert ds.codings[-1] == want[3]
    assert ds.codings[1] == want[1]
    assert ds.codings[np.int64(2)].coder == "pm"
    assert type(ds.codings[0].stance) is int
    assert list(reversed(ds.codings)) == want[::-1]
    assert ds == attrs.evolve(ds, codings=tuple(want))


def test_sequence_behaviour() -> None:
    table = posmatrix.from_frame(TABLE).codings
    assert isinstance(table, CodingTable)
    part = table[1:3]
    assert isinstance(part, CodingTable)
    assert list(part) == _rows()[1:3]
    assert [c.where.line for c in part if c.where] == [3, 4]  # lines kept, not renumbered
    assert list(table[::-2]) == _rows()[::-2]
    assert table[5:] == ()
    with pytest.raises(IndexError):
        table[4]
    with pytest.raises(IndexError):
        table[-5]
    assert table.index(_rows()[2]) == 2
    assert _rows()[3] in table
    assert table.count(_rows()[0]) == 1
    assert hash(table) == hash(tuple(_rows()))
    assert repr(table) == "<CodingTable of 4 codings>"
    back = pickle.loads(pickle.dumps(table))
    assert back == table
    assert [c.where for c in back] == [c.where for c in table]
    assert table != tuple(_rows())[:3]
    assert table != table[:3]
    assert (table == "x") is False


def test_columns() -> None:
    table = posmatrix.from_frame(TABLE).codings
    assert isinstance(table, CodingTable)
    codes, ids = table.factorized("source")
    assert codes.tolist() == [0, 0, 1, 1]
    assert ids.tolist() == ["s1", "s2"]
    assert table.column("holder").tolist() == ["author", "russia", "author", "author"]
    assert table.column("stance").tolist() == [2, -1, 1, 0]
    assert table.column("coder").tolist() == [None, None, "pm", None]
    assert table.column("confidence").tolist() == ["high"] * 4
    assert table.lines().tolist() == [2, 3, 4, 5]
    assert table.quoteless_rows().tolist() == []
    # only the authors: rows 0, 2, 3; sources in order of first coding
    sel = Selected(table, {AUTHOR: 0})
    assert sel.source.tolist() == [0, 1, 1]
    assert sel.source_ids.tolist() == ["s1", "s2"]
    assert sel.issue({"a": 0, "b": 1}).tolist() == [0, 0, 1]
    assert sel.stance().tolist() == [2.0, 1.0, 0.0]
    with pytest.raises(KeyError, match="'b'"):
        sel.issue({"a": 0})


def test_quoteless_rows_and_evidence() -> None:
    table = TABLE.assign(quote=["q", "", "q", ""])
    ds = posmatrix.from_frame(table, evidence="optional")
    assert isinstance(ds.codings, CodingTable)
    assert ds.codings.quoteless_rows().tolist() == [1, 3]
    assert ds.quoteless == 2
    with pytest.raises(ValueError, match=r"codings\[1\] \(s1, russia, a\) gives no quote"):
        attrs.evolve(ds, evidence="required")


def test_a_table_is_built_only_of_whole_columns() -> None:
    table = posmatrix.from_frame(TABLE).codings
    assert isinstance(table, CodingTable)
    cats = {n: table.factorized(n) for n in ("source", "holder", "issue", "confidence")}
    with pytest.raises(ValueError, match="needs the columns"):
        CodingTable(cats, {})


def _analyses(ds: Dataset) -> list[object]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [
            posmatrix.stance_matrix(ds, "author"),
            posmatrix.stance_matrix(ds, None),
            posmatrix.voices(ds),
            posmatrix.voices(ds, "author"),
            posmatrix.agreement(ds),
            posmatrix.overlap(ds),
        ]


def _same(a: list[object], b: list[object]) -> None:
    for x, y in zip(a, b, strict=True):
        assert isinstance(x, pd.DataFrame)
        assert isinstance(y, pd.DataFrame)
        pd.testing.assert_frame_equal(x, y)


def test_bundled_dataset_as_a_table_gives_the_same_results() -> None:
    ds = posmatrix.example()
    table = CodingTable.from_codings(ds.codings)
    as_table = attrs.evolve(ds, codings=cast("Any", table))
    assert id(as_table.codings) == id(table)  # the model keeps it as it is
    assert as_table == ds
    assert ds == as_table
    assert list(table) == list(ds.codings)
    _same(_analyses(as_table), _analyses(ds))
    for holder in ("author", None):
        got, want = posmatrix.gaps(as_table, holder=holder), posmatrix.gaps(ds, holder=holder)
        parts = [p for p in dir(want) if isinstance(getattr(want, p), pd.DataFrame)]
        assert len(parts) >= 5
        for part in parts:
            pd.testing.assert_frame_equal(getattr(got, part), getattr(want, part))


_codings = st.lists(
    st.tuples(
        st.sampled_from(["s1", "s2", "s3", "s4"]),
        st.sampled_from(["author", "russia", "europe"]),
        st.sampled_from(["a", "b", "c"]),
        st.integers(-2, 2),
        st.sampled_from(["", "pm", "ab"]),
        st.booleans(),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(_codings)
def test_random_tables_give_the_same_results_as_coding_objects(
    rows: list[tuple[str, str, str, int, str, bool]],
) -> None:
    seen: set[tuple[str, str, str, str]] = set()
    kept = []
    for s, h, i, v, c, adj in rows:  # a cell coded twice by one coder is refused: drop it
        if (s, h, i, c) not in seen:
            seen.add((s, h, i, c))
            kept.append((s, h, i, v, c, adj))
    frame = pd.DataFrame(
        kept or [("s1", "author", "a", 0, "", False)],
        columns=["source", "holder", "issue", "stance", "coder", "adjudicated"],
    ).assign(quote="q")
    ds = posmatrix.from_frame(frame)
    assert isinstance(ds.codings, CodingTable)
    objects = tuple(
        Coding(s, h, i, int(v), "q", coder=c or None, adjudicated=bool(adj))
        for s, h, i, v, c, adj in frame[
            ["source", "holder", "issue", "stance", "coder", "adjudicated"]
        ].itertuples(index=False)
    )
    assert ds.codings == objects
    as_tuple = attrs.evolve(ds, codings=objects)
    assert as_tuple == ds
    _same(_analyses(ds), _analyses(as_tuple))
    back = CodingTable.from_codings(objects)
    assert back == ds.codings


def test_a_full_walk_is_kept_and_a_table_adds_like_a_tuple() -> None:
    table = posmatrix.from_frame(TABLE).codings
    assert isinstance(table, CodingTable)
    first = next(iter(table))
    assert next(iter(table)) is not first  # a walk left early keeps nothing
    walked = list(table)
    again = list(table)
    assert all(a is b for a, b in zip(walked, again, strict=True))
    assert table[2] is walked[2]
    assert list(reversed(table)) == walked[::-1]
    assert table + (walked[0],) == (*_rows(), _rows()[0])  # noqa: RUF005 - the operator itself
    assert (walked[0],) + table == (_rows()[0], *_rows())  # noqa: RUF005
    assert table != list(walked)  # like a tuple, never equal to a list
    back = pickle.loads(pickle.dumps(table))
    assert back[0] == walked[0]
