"""The agreement network: frames worked out by hand, files read back with networkx."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import posmatrix
from posmatrix.cli import main
from posmatrix.network import network_frames, write_network

TEXT = """\
format: posmatrix/1
title: Three voices
issues:
  - {id: i1, proposition: One.}
  - {id: i2, proposition: Two.}
  - {id: i3, proposition: Three.}
actors:
  - {id: russia, name: Russian government}
sources:
  - id: a
    title: Article A
    stances:
      - {issue: i1, stance: 2, quote: q}
      - {issue: i2, stance: -2, quote: q}
      - {issue: i3, stance: 1, quote: q}
    reports:
      russia:
        - {issue: i1, stance: -2, quote: q}
  - id: b
    title: Article B
    stances:
      - {issue: i1, stance: 1, quote: q}
      - {issue: i2, stance: -2, quote: q}
    reports:
      russia:
        - {issue: i1, stance: -1, quote: q}
  - id: c
    title: Article C
    stances:
      - {issue: i1, stance: -2, quote: q}
      - {issue: i3, stance: 1, quote: q}
"""


@pytest.fixture
def ds() -> posmatrix.Dataset:
    return posmatrix.loads(TEXT, "three.yaml")


def edge_map(edges: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {(s, t): w for s, t, w in zip(edges.source, edges.target, edges.weight, strict=True)}


def test_cityblock_by_hand(ds: posmatrix.Dataset) -> None:
    nodes, edges = network_frames(ds, "cityblock", holder="author", threshold=0.3)
    # a-b: |2-1| and |-2+2| -> mean 0.5 -> 1 - 0.5/4 = 0.875
    # a-c: |2+2| and |1-1| -> mean 2 -> 1 - 2/4 = 0.5
    # b-c: |1+2| -> 1 - 3/4 = 0.25, under the threshold 0.3
    assert edge_map(edges) == {("a", "b"): 0.875, ("a", "c"): 0.5}
    assert edges.overlap.tolist() == [2, 2]
    assert nodes.loc["a", "name"] == "Article A"
    assert nodes.issues.tolist() == [3, 2, 2]


def test_congruence_by_hand(ds: posmatrix.Dataset) -> None:
    _, edges = network_frames(ds, "congruence", holder="author")
    # similarity 1 - |a-b|/4 summed, over the mean of the two issue counts:
    # a-b (0.75 + 1) / 2.5 = 0.7; a-c (0 + 1) / 2.5 = 0.4; b-c 0.25 / 2 = 0.125
    assert edge_map(edges) == pytest.approx({("a", "b"): 0.7, ("a", "c"): 0.4, ("b", "c"): 0.125})
    _, raw = network_frames(ds, "congruence", holder="author", normalization="none")
    assert edge_map(raw) == pytest.approx({("a", "b"): 1.75, ("a", "c"): 1.0, ("b", "c"): 0.25})
    _, two = network_frames(ds, "congruence", holder="author", min_overlap=2)
    assert set(edge_map(two)) == {("a", "b"), ("a", "c")}


def test_conflict_drops_zero_ties(ds: posmatrix.Dataset) -> None:
    _, edges = network_frames(ds, "conflict", holder="author", normalization="none")
    # distance |a-b|/4 summed: a-b 0.25, a-c 1.0, b-c 0.75
    assert edge_map(edges) == pytest.approx({("a", "b"): 0.25, ("a", "c"): 1.0, ("b", "c"): 0.75})
    _, same = network_frames(ds, "exact", holder="author")
    # exact: a-b share i2 only of two (0.5); a-c share i3 of two (0.5); b-c 0: no tie
    assert edge_map(same) == {("a", "b"): 0.5, ("a", "c"): 0.5}


def test_voice_names_and_camps(ds: posmatrix.Dataset) -> None:
    nodes, _ = network_frames(ds, "cityblock", k=2)
    assert list(nodes.index) == ["a", "a/russia", "b", "b/russia", "c"]
    assert nodes.loc["a/russia", "name"] == "Russian government (Article A)"
    assert nodes.loc["a/russia", "holder"] == "russia"
    assert nodes.loc["a/russia", "source"] == "a"
    assert nodes.camp.to_dict() == posmatrix.camps(ds, 2).assignment["camp"].to_dict()


def test_by_holder(ds: posmatrix.Dataset) -> None:
    nodes, edges = network_frames(ds, "cityblock", nodes="holder")
    # author: medians i1 median(2, 1, -2) = 1, i2 -2, i3 1; russia: i1 median(-2, -1) = -1.5
    # cityblock over i1: 1 - 2.5/4 = 0.375
    assert list(nodes.index) == ["author", "russia"]
    assert nodes.loc["russia", "name"] == "Russian government"
    assert edge_map(edges) == {("author", "russia"): 0.375}


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_read_back_with_networkx(ds: posmatrix.Dataset, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"net{suffix}"
    write_network(ds, out, "cityblock", threshold=0.3)
    graph = nx.read_graphml(out) if suffix == ".graphml" else nx.read_gexf(out)
    matrix = posmatrix.agreement(ds, "cityblock", holder=None)
    assert sorted(graph.nodes) == sorted(matrix.index)
    expected = {
        frozenset((u, v)): matrix.loc[u, v]
        for i, u in enumerate(matrix.index)
        for v in matrix.index[i + 1 :]
        if not np.isnan(matrix.loc[u, v]) and matrix.loc[u, v] > 0.3
    }
    got = {frozenset((u, v)): d["weight"] for u, v, d in graph.edges(data=True)}
    assert got == pytest.approx(expected)
    assert all(d["metric"] == "cityblock" for _, _, d in graph.edges(data=True))
    attrs = graph.nodes["a/russia"]
    assert attrs["holder"] == "russia"
    assert attrs["source"] == "a"
    assert attrs["camp"] in (0, 1, 2)  # 0: set aside by camps (too few positions)


def test_node_link_json(ds: posmatrix.Dataset, tmp_path: Path) -> None:
    out = tmp_path / "net.json"
    _, _, edges = write_network(ds, out, "sign", holder="author")
    data = json.loads(out.read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, edges="links")
    # sign: a-b same side on i1 (2, 1) and i2: 1; a-c i3 only: 0.5; b-c 0 -> no tie
    assert {frozenset(e): graph.edges[e]["weight"] for e in graph.edges} == {
        frozenset(("a", "b")): 1.0,
        frozenset(("a", "c")): 0.5,
    }
    assert data["graph"]["metric"] == "sign"
    assert len(edges) == 2


def test_text_xml_cannot_hold_is_replaced(tmp_path: Path) -> None:
    from posmatrix.network import _clean

    # the readers refuse control characters (issue 16), so a dataset cannot carry one to
    # the writer; the writer still never puts one into XML (defence in depth)
    assert _clean("Bell\x07 title") == "Bell\ufffd title"
    table = pd.DataFrame(
        {"source": ["s1", "s2"], "holder": "author", "issue": "x", "stance": [1, 1], "quote": "q"}
    )
    sources = pd.DataFrame({"id": ["s1", "s2"], "title": ["Plain title", "<b>&</b>"]})
    ds = posmatrix.from_frame(table, sources=sources)
    out = tmp_path / "net.graphml"
    write_network(ds, out, "exact")
    graph = nx.read_graphml(out)
    assert graph.nodes["s1"]["name"] == "Plain title"
    assert graph.nodes["s2"]["name"] == "<b>&</b>"


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "three.yaml"
    path.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "net.graphml"
    assert main(["network", str(path), "-o", str(out), "--holder", "author"]) == 0
    assert "3 nodes, 3 edges (congruence)" in capsys.readouterr().out
    assert nx.read_graphml(out).number_of_edges() == 3
    assert main(["network", str(path), "-o", str(tmp_path / "net.txt")]) == 2
    assert "end it in .graphml, .gexf or .json" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:  # --metric's choices: the metric registry
        main(["network", str(path), "-o", str(out), "--metric", "cosine"])
    assert exc.value.code == 2
    assert main(["network", str(path), "-o", str(path), "--format", "json"]) == 1
    err = capsys.readouterr().err
    assert "refusing to write over the input dataset" in err
    assert "Traceback" not in err
    assert path.read_text(encoding="utf-8") == TEXT


@settings(max_examples=25, deadline=None)
@given(
    cells=st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 3), st.integers(-2, 2)), min_size=1, max_size=20
    ),
    threshold=st.one_of(st.none(), st.floats(-1, 1)),
    metric=st.sampled_from(["cityblock", "sign", "congruence", "subtract"]),
)
def test_edges_are_the_matrix_above_the_threshold(
    cells: list[tuple[int, int, int]], threshold: float | None, metric: str
) -> None:
    seen = {(s, i): v for s, i, v in cells}  # one coding per cell
    table = pd.DataFrame(
        {
            "source": [f"s{s}" for s, _ in seen],
            "holder": "author",
            "issue": [f"i{i}" for _, i in seen],
            "stance": list(seen.values()),
            "quote": "q",
        }
    )
    ds = posmatrix.from_frame(table)
    nodes, edges = network_frames(ds, metric, holder="author", threshold=threshold)  # type: ignore[arg-type]
    matrix = posmatrix.agreement(ds, metric, holder="author")  # type: ignore[arg-type]
    assert sorted(nodes.index) == sorted(matrix.index)
    expected = {}
    labels = list(nodes.index)
    for a in range(len(labels)):
        for b in range(a + 1, len(labels)):
            w = matrix.loc[labels[a], labels[b]]
            if np.isnan(w) or (w <= threshold if threshold is not None else w == 0):
                continue
            expected[(labels[a], labels[b])] = w
    assert edge_map(edges) == pytest.approx(expected)


def test_nodes_holder_and_the_old_by_spelling(ds: posmatrix.Dataset) -> None:
    # nodes= is the CLI's --nodes; by="holder" is its old spelling: same frames, warned
    new_nodes, new_edges = network_frames(ds, "cityblock", nodes="holder")
    with pytest.warns(FutureWarning, match=r"use nodes='holder'"):
        old_nodes, old_edges = network_frames(ds, "cityblock", by="holder")
    assert list(new_nodes.index) == list(old_nodes.index) == ["author", "russia"]
    assert edge_map(new_edges) == edge_map(old_edges) == {("author", "russia"): 0.375}
    with pytest.raises(posmatrix.UsageError, match="nodes must be 'voice' or 'holder'"):
        network_frames(ds, "cityblock", nodes="actor")  # type: ignore[arg-type]


def test_by_groups_the_sources_as_agreement_does(ds: posmatrix.Dataset) -> None:
    # by= groups sources first, as agreement(by=...) does: same nodes, same weights
    nodes, edges = network_frames(ds, "cityblock", by="id")
    want = posmatrix.agreement(ds, "cityblock", by="id")
    assert list(nodes.index) == [str(v) for v in want.index]
    for (a, b), w in edge_map(edges).items():
        assert w == pytest.approx(float(want.loc[a, b]))


@pytest.mark.parametrize(
    ("nodes", "metric", "threshold", "ties"),
    [("voice", "cityblock", 0.6, 2), ("voice", "sign", None, 3), ("holder", "exact", None, 1)],
)
def test_past_huge_voices_the_edges_are_each_nodes_nearest(
    nodes: str, metric: str, threshold: float | None, ties: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posmatrix import blockwise

    ds = posmatrix.example()
    dense_nodes, dense = network_frames(
        ds,
        metric,  # type: ignore[arg-type]
        nodes=nodes,  # type: ignore[arg-type]
        threshold=threshold,
    )
    # the reference: the dense weights, each node's `ties` highest (ties to the earlier
    # node) by the test's own loop
    w = np.full((len(dense_nodes),) * 2, np.nan)
    pos = {v: i for i, v in enumerate(dense_nodes.index)}
    _, full = network_frames(ds, metric, nodes=nodes, threshold=-2.0)  # type: ignore[arg-type]
    for a, b, x in zip(full["source"], full["target"], full["weight"], strict=True):
        w[pos[a], pos[b]] = w[pos[b], pos[a]] = x
    near = set()
    for i in range(len(w)):
        cols = np.flatnonzero(~np.isnan(w[i]))
        for c in cols[np.argsort(-w[i][cols], kind="stable")[:ties]]:
            near.add((min(i, int(c)), max(i, int(c))))
    keep = [(pos[a], pos[b]) in near for a, b in zip(dense["source"], dense["target"], strict=True)]
    want = dense[keep].reset_index(drop=True)
    monkeypatch.setattr(blockwise, "HUGE_VOICES", 3)
    huge_nodes, got = network_frames(
        ds,
        metric,  # type: ignore[arg-type]
        nodes=nodes,  # type: ignore[arg-type]
        threshold=threshold,
        ties=ties,
    )
    pd.testing.assert_frame_equal(huge_nodes, dense_nodes)
    pd.testing.assert_frame_equal(got, want)
    assert 0 < len(got) < len(dense)


def test_past_huge_voices_dna_metrics_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from posmatrix import blockwise
    from posmatrix.errors import UsageError

    monkeypatch.setattr(blockwise, "HUGE_VOICES", 3)
    with pytest.raises(UsageError, match="got 'congruence': choose one of those"):
        network_frames(posmatrix.example())
