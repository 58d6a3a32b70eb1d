"""The agreement network: voices as nodes, agreement as weighted edges, for graph tools.

:func:`network_frames` computes it as two tidy frames (nodes and edges) from
:func:`posmatrix.agreement`, :func:`posmatrix.overlap` and :func:`posmatrix.camps`;
:func:`write_network` writes those frames as GraphML (Gephi, yEd, igraph, networkx),
GEXF (Gephi) or node-link JSON (D3, networkx), atomically. networkx is needed for
GraphML and GEXF only (``pip install 'posmatrix[network]'``) and imported there.

The Discourse Network Analyzer's one-mode networks are the metrics ``congruence``,
``conflict`` and ``subtract`` with their normalisations (``docs/methods.md``); with
``nodes="holder"`` the nodes are the actors across all sources, as in DNA.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, cast

import numpy as np

from .errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

    from .analysis import Metric, Normalization
    from .groupkeys import BySpec
    from .matrix import HolderSpec
    from .model import Dataset

__all__ = ["NETWORK_FORMATS", "network_frames", "write_network"]

NETWORK_FORMATS: Final = {".graphml": "graphml", ".gexf": "gexf", ".json": "json"}
"""Output suffix -> format."""

_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def network_frames(
    ds: Dataset,
    metric: Metric = "congruence",
    *,
    holder: HolderSpec = None,
    nodes: Literal["voice", "holder"] = "voice",
    by: BySpec = None,
    min_overlap: int = 1,
    threshold: float | None = None,
    normalization: Normalization = "average",
    k: int = 2,
    ties: int = 10,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The agreement network of ``ds`` as a nodes frame and an edges frame.

    Parameters
    ----------
    ds : Dataset
    metric : str
        Any metric of :func:`posmatrix.agreement` (default ``congruence``, DNA's).
    holder : str, list of str, or None
        Which voices (None: every voice, the default here).
    nodes : {"voice", "holder"}
        ``voice``: a node per voice (source, holder). ``holder``: a node per holder
        across all sources, its stance on an issue the median of its voices' stances
        (as DNA's actor networks pool an actor's statements). The CLI's ``--nodes``.
    by : str or list of str, optional
        Group the sources first (:func:`posmatrix.grouped`: ``"outlet"``, ``"M"``…),
        as ``by=`` does for :func:`posmatrix.agreement` and ``--by`` for ``posmatrix
        network``. ``by="voice"`` and ``by="holder"``, this argument's old meaning,
        still choose the nodes, with a :class:`FutureWarning` naming ``nodes=``.
    min_overlap : int
        Pairs sharing fewer issues get no edge.
    threshold : float, optional
        Only edges whose weight is above it; default: every pair with a defined,
        non-zero weight (a zero is no tie, as in DNA).
    normalization : {"average", "none", "jaccard", "cosine"}
        For the DNA metrics.
    k : int
        Camps asked of :func:`posmatrix.camps` (cityblock, its default), at most the
        number of nodes.
    ties : int, default 10
        Past :data:`posmatrix.blockwise.HUGE_VOICES` nodes only (30,000; or sooner where
        the dense matrix would pass ``POSMATRIX_MAX_MEMORY``): no nodes × nodes matrix
        is built, and the edges are those between each node and its ``ties`` nearest
        nodes (:func:`posmatrix.nearest.neighbours`; a pair once), for the metrics
        ``exact``, ``sign`` and ``cityblock`` only.

    Returns
    -------
    nodes : pandas.DataFrame
        Index ``node`` (the voice label, or the holder id); columns ``name`` (the
        source's title for its own stance, the actor's name — with the source's title
        for a voice — for a reported one), ``holder``, ``source`` (empty by holder),
        ``issues`` (int, issues addressed), ``camp`` (int, 1..k).
    edges : pandas.DataFrame
        One row per edge (``source`` < ``target`` in node order): ``source``,
        ``target``, ``weight`` (float, unrounded), ``overlap`` (int), ``metric``.

    Examples
    --------
    >>> import posmatrix
    >>> nodes, edges = network_frames(posmatrix.example(), "sign", holder="author")
    >>> list(nodes.columns)
    ['name', 'holder', 'source', 'issues', 'camp']
    >>> list(edges.columns)
    ['source', 'target', 'weight', 'overlap', 'metric']
    >>> bool(((edges.weight > 0) & (edges.overlap >= 1)).all())
    True
    """
    import pandas as pd

    from .analysis import agreement, camps, overlap
    from .blockwise import dense_fits
    from .matrix import stance_matrix, voices
    from .model import AUTHOR

    if isinstance(by, str) and by.strip() in ("voice", "holder"):  # by= was the node kind
        import warnings

        nodes = cast(Literal["voice", "holder"], by.strip())
        warnings.warn(
            f"network_frames(by={by.strip()!r}) is deprecated: use nodes={by.strip()!r} "
            "(by= now groups the sources, as for agreement, e.g. by='outlet')",
            FutureWarning,
            stacklevel=2,
        )
        by = None
    if nodes not in ("voice", "holder"):
        raise UsageError(f"nodes must be 'voice' or 'holder', got {nodes!r}")
    kind = nodes
    if by is not None:
        from .groups import grouped

        ds = grouped(ds, by).dataset
    if threshold is not None and not (
        isinstance(threshold, (int, float)) and not isinstance(threshold, bool)
    ):
        raise UsageError(f"threshold must be a number or None, got {threshold!r}")
    info = voices(ds, holder)
    data: Any
    if kind == "voice":
        data = ds
        titles = {s.id: s.title for s in ds.sources.values()}
        name = [
            titles.get(s, s) if h == AUTHOR else f"{ds.holder_name(h)} ({titles.get(s, s)})"
            for s, h in zip(info["source"], info["holder"], strict=True)
        ]
        table = pd.DataFrame(
            {
                "name": name,
                "holder": info["holder"].to_numpy(),
                "source": info["source"].to_numpy(),
                "issues": info["issues"].to_numpy(),
            },
            index=pd.Index(info.index, name="node"),
        )
        options: dict[str, Any] = {"holder": holder}
    else:
        stances = stance_matrix(ds, holder)
        data = stances.groupby(info.loc[stances.index, "holder"].to_numpy(), sort=False).median()
        data.index.name = "voice"
        options = {
            "scale": ds.scale,
            "weights": {i.id: i.weight for i in ds.issues.values()},
        }
        table = pd.DataFrame(
            {
                "name": [ds.holder_name(h) for h in data.index],
                "holder": list(data.index),
                "source": "",
                "issues": data.notna().sum(axis=1).to_numpy(dtype=np.int64),
            },
            index=pd.Index(list(data.index), name="node", dtype=object),
        )
    n = len(table)
    if n:
        split = camps(data, min(k, n), min_overlap=min_overlap, **options)
        table["camp"] = split.assignment.loc[table.index, "camp"].to_numpy()
    else:
        table["camp"] = np.zeros(0, dtype=np.int64)
    if not dense_fits(n):  # past HUGE_VOICES: each node's nearest, no n × n matrix
        return table, _top_edges(data, metric, table.index, options, min_overlap, threshold, ties)
    values = agreement(
        data, metric, min_overlap=min_overlap, normalization=normalization, **options
    )
    values = values.loc[table.index, table.index]
    common = overlap(data, holder=options.get("holder")).loc[table.index, table.index]
    rows, cols = np.triu_indices(n, 1)
    weight = values.to_numpy()[rows, cols]
    shared = common.to_numpy()[rows, cols]
    keep = ~np.isnan(weight) & (shared >= min_overlap)
    keep &= weight > threshold if threshold is not None else weight != 0
    labels = table.index.to_numpy(dtype=object)
    edges = pd.DataFrame(
        {
            "source": labels[rows[keep]],
            "target": labels[cols[keep]],
            "weight": weight[keep].astype(np.float64),
            "overlap": shared[keep].astype(np.int64),
            "metric": str(metric),
        }
    )
    return table, edges


def _top_edges(
    data: Any,
    metric: str,
    order: pd.Index,
    options: dict[str, Any],
    min_overlap: int,
    threshold: float | None,
    ties: int,
) -> pd.DataFrame:
    """The edges of :func:`network_frames` between each node and its ``ties`` nearest
    nodes (:func:`posmatrix.nearest.neighbours`), a pair once, in node order."""
    import pandas as pd

    from .blockwise import HUGE_VOICES
    from .nearest import TOP_METRICS, neighbours

    if metric not in TOP_METRICS:
        raise UsageError(
            f"past {HUGE_VOICES:,} nodes (posmatrix.blockwise.HUGE_VOICES) the network holds "
            f"each node's nearest nodes, computed for the metrics {', '.join(TOP_METRICS)} "
            f"only; got {metric!r}: choose one of those (--metric cityblock)"
        )
    top = neighbours(data, metric, k=ties, min_overlap=min_overlap, **options)
    top = top[(top["kind"] == "nearest").to_numpy()]
    position = pd.Series(np.arange(len(order)), index=order)
    mine = position.loc[top["voice"]].to_numpy()
    theirs = position.loc[top["other"]].to_numpy()
    weight = top["score"].to_numpy(dtype=np.float64)
    keep = weight > threshold if threshold is not None else weight != 0
    pairs = pd.DataFrame(
        {
            "i": np.minimum(mine, theirs)[keep],
            "j": np.maximum(mine, theirs)[keep],
            "weight": weight[keep],
            "overlap": top["overlap"].to_numpy(dtype=np.int64)[keep],
        }
    )
    pairs = pairs.drop_duplicates(["i", "j"]).sort_values(["i", "j"], kind="stable")
    labels = order.to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "source": labels[pairs["i"].to_numpy()],
            "target": labels[pairs["j"].to_numpy()],
            "weight": pairs["weight"].to_numpy(dtype=np.float64),
            "overlap": pairs["overlap"].to_numpy(dtype=np.int64),
            "metric": str(metric),
        }
    )


def _clean(value: object) -> Any:
    """A node or edge attribute as XML can hold it."""
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _graph(nodes: pd.DataFrame, edges: pd.DataFrame, meta: dict[str, Any]) -> Any:
    try:
        import networkx as nx
    except ImportError as exc:
        raise UsageError(
            "writing GraphML or GEXF needs the optional networkx package: pip install "
            "'posmatrix[network]' (or write node-link JSON: -o network.json)"
        ) from exc
    graph = nx.Graph(**{k: _clean(v) for k, v in meta.items()})
    columns = list(nodes.columns)
    graph.add_nodes_from(  # "label": what Gephi and yEd show (GEXF's own label)
        (
            _clean(node),
            {"label": _clean(row[0])} | {c: _clean(v) for c, v in zip(columns, row, strict=True)},
        )
        for node, row in zip(nodes.index, nodes.itertuples(index=False), strict=True)
    )
    graph.add_edges_from(
        (
            _clean(s),
            _clean(t),
            {"weight": float(w), "overlap": int(o), "metric": str(m)},
        )
        for s, t, w, o, m in edges.itertuples(index=False)
    )
    return graph


def _node_link(nodes: pd.DataFrame, edges: pd.DataFrame, meta: dict[str, Any]) -> str:
    def plain(v: object) -> Any:
        return v.item() if isinstance(v, np.generic) else v

    data = {
        "directed": False,
        "multigraph": False,
        "graph": meta,
        "nodes": [
            {"id": node, **{c: plain(v) for c, v in zip(nodes.columns, row, strict=True)}}
            for node, row in zip(nodes.index, nodes.itertuples(index=False), strict=True)
        ],
        "links": [
            {"source": s, "target": t, "weight": float(w), "overlap": int(o), "metric": m}
            for s, t, w, o, m in edges.itertuples(index=False)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def write_network(
    ds: Dataset,
    path: str | os.PathLike[str],
    metric: Metric = "congruence",
    *,
    format: Literal["graphml", "gexf", "json"] | None = None,
    protect: Iterable[str | os.PathLike[str] | None] = (),
    **options: Any,
) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    """Write the agreement network of ``ds`` to ``path``, atomically.

    Parameters
    ----------
    ds : Dataset
    path : str or path-like
        ``.graphml``, ``.gexf`` or ``.json`` (node-link), or any name with ``format``.
    metric : str
        As for :func:`network_frames`.
    format : {"graphml", "gexf", "json"}, optional
        Default: by the suffix of ``path``.
    protect : paths
        Files never to overwrite (the input dataset).
    **options
        ``holder``, ``by``, ``min_overlap``, ``threshold``, ``normalization``, ``k``,
        ``ties``: as for :func:`network_frames`.

    Returns
    -------
    (pathlib.Path, nodes, edges)
        The path written and the two frames written to it.

    Raises
    ------
    UsageError
        An unknown format or option; GraphML or GEXF without networkx installed.
    OutputError
        The file cannot be written (the previous file, if any, is intact).

    Examples
    --------
    >>> import tempfile, pathlib, json, posmatrix
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "net.json"
    >>> _, nodes, edges = write_network(posmatrix.example(), out, "sign", holder="author")
    >>> data = json.loads(out.read_text())
    >>> len(data["nodes"]) == len(nodes), len(data["links"]) == len(edges)
    (True, True)
    """
    from .atomic import atomic_write, check_output_path

    name = os.fspath(path)
    fmt = format if format is not None else NETWORK_FORMATS.get(Path(name).suffix.lower())
    if fmt not in NETWORK_FORMATS.values():
        raise UsageError(
            f"cannot tell the network format of {name!r}: name the file .graphml, .gexf or "
            ".json (node-link), or give the format"
        )
    protect = tuple(protect)
    check_output_path(name, protect)  # before the work
    nodes, edges = network_frames(ds, metric, **options)
    meta: dict[str, Any] = {
        "name": ds.title,
        "metric": str(metric),
        "normalization": str(options.get("normalization", "average")),
        "min_overlap": int(options.get("min_overlap", 1)),
    }
    threshold = options.get("threshold")
    if threshold is not None and math.isfinite(threshold):
        meta["threshold"] = float(threshold)
    if fmt == "json":
        payload: bytes | str = _node_link(nodes, edges, meta)
    else:
        import io

        graph = _graph(nodes, edges, meta)  # says how to install networkx if missing
        import networkx as nx

        buffer = io.BytesIO()
        if fmt == "graphml":
            nx.write_graphml(graph, buffer, encoding="utf-8")
        else:
            nx.write_gexf(graph, buffer, encoding="utf-8")
        payload = buffer.getvalue()
    return atomic_write(name, payload, protect=protect), nodes, edges
