"""posmatrix: comparative position matrices.

Validate a hand-curated YAML file of coded stances, compute who agrees with whom and
where positions diverge or are missing, and write briefing-grade Excel workbooks,
plain-text tables and regression-tested snapshot reports.

>>> import posmatrix
>>> ds = posmatrix.example()
>>> len(ds.sources)
5

Names are imported on first use, so ``import posmatrix`` stays light (the
``posmatrix validate`` command never imports pandas or openpyxl).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

# submodules advertised in the docs: ``posmatrix.measures`` works after ``import
# posmatrix`` alone (loaded on first use, like the names below)
_SUBMODULES: frozenset[str] = frozenset(
    {"analysis", "measures", "pairwise", "plot", "readers", "render", "testing"}
)

# name -> module that defines it; kept equal to __all__ and to the imports below by a test.
_EXPORTS: dict[str, str] = {
    "Actor": "model",
    "Aggregate": "engines",
    "CampSpace": "campspace",
    "Camps": "analysis",
    "ChangeOverTime": "overtime",
    "Clashes": "clashes",
    "Coding": "model",
    "CodingTable": "codingtable",
    "CommonGround": "commonground",
    "Dataset": "model",
    "DatasetDiff": "changes",
    "DatasetError": "errors",
    "DealSpace": "deals",
    "Deals": "dealreport",
    "Embedding": "geometry",
    "Findings": "findings",
    "GapReport": "gapreport",
    "Grouped": "groups",
    "Issue": "model",
    "LimitError": "errors",
    "Location": "errors",
    "MetricSpec": "pairwise.registry",
    "OutputError": "errors",
    "PosmatrixError": "errors",
    "Problem": "errors",
    "Profiles": "profiles",
    "QuoteReport": "quotes",
    "Reliability": "intercoder",
    "Scale": "model",
    "Source": "model",
    "UsageError": "errors",
    "adjusted_rand_index": "partitions",
    "aggregate": "engines",
    "agreement": "analysis",
    "agreement_edges": "edges",
    "camp_profiles": "profiles",
    "camp_space": "campspace",
    "camps": "analysis",
    "check": "codebook",
    "coalitions": "coalition",
    "convert": "codingbook",
    "deal_space": "deals",
    "diff": "changes",
    "dump_yaml": "codingbook",
    "embedding": "geometry",
    "example": "loading",
    "find_clashes": "clashes",
    "from_frame": "frame",
    "gaps": "gapreport",
    "grouped": "groups",
    "html_briefing": "htmlbrief",
    "load": "loading",
    "loads": "loading",
    "moves": "timelines",
    "neighbour_edges": "edges",
    "neighbours": "nearest",
    "network_frames": "network",
    "overlap": "analysis",
    "reliability": "intercoder",
    "render_report": "report",
    "stance_matrix": "matrix",
    "style": "styling",
    "timeline": "timelines",
    "to_table": "tables",
    "verify_quotes": "quotes",
    "voices": "matrix",
    "write_briefing": "briefing",
    "write_coding_workbook": "codingbook",
    "write_network": "network",
}

__all__ = [
    "Actor",
    "Aggregate",
    "CampSpace",
    "Camps",
    "ChangeOverTime",
    "Clashes",
    "Coding",
    "CodingTable",
    "CommonGround",
    "Dataset",
    "DatasetDiff",
    "DatasetError",
    "DealSpace",
    "Deals",
    "Embedding",
    "Findings",
    "GapReport",
    "Grouped",
    "Issue",
    "LimitError",
    "Location",
    "MetricSpec",
    "OutputError",
    "PosmatrixError",
    "Problem",
    "Profiles",
    "QuoteReport",
    "Reliability",
    "Scale",
    "Source",
    "UsageError",
    "__version__",
    "adjusted_rand_index",
    "aggregate",
    "agreement",
    "agreement_edges",
    "camp_profiles",
    "camp_space",
    "camps",
    "check",
    "coalitions",
    "convert",
    "deal_space",
    "diff",
    "dump_yaml",
    "embedding",
    "example",
    "find_clashes",
    "from_frame",
    "gaps",
    "grouped",
    "html_briefing",
    "load",
    "loads",
    "moves",
    "neighbour_edges",
    "neighbours",
    "network_frames",
    "overlap",
    "reliability",
    "render_report",
    "stance_matrix",
    "style",
    "timeline",
    "to_table",
    "verify_quotes",
    "voices",
    "write_briefing",
    "write_coding_workbook",
    "write_network",
]

if TYPE_CHECKING:
    from .analysis import Camps, agreement, camps, overlap
    from .briefing import write_briefing
    from .campspace import CampSpace, camp_space
    from .changes import DatasetDiff, diff
    from .clashes import Clashes, find_clashes
    from .coalition import coalitions
    from .codebook import check
    from .codingbook import convert, dump_yaml, write_coding_workbook
    from .codingtable import CodingTable
    from .commonground import CommonGround
    from .dealreport import Deals
    from .deals import DealSpace, deal_space
    from .edges import agreement_edges, neighbour_edges
    from .engines import Aggregate, aggregate
    from .errors import (
        DatasetError,
        LimitError,
        Location,
        OutputError,
        PosmatrixError,
        Problem,
        UsageError,
    )
    from .findings import Findings
    from .frame import from_frame
    from .gapreport import GapReport, gaps
    from .geometry import Embedding, embedding
    from .groups import Grouped, grouped
    from .htmlbrief import html_briefing
    from .intercoder import Reliability, reliability
    from .loading import example, load, loads
    from .matrix import stance_matrix, voices
    from .model import Actor, Coding, Dataset, Issue, Scale, Source
    from .nearest import neighbours
    from .network import network_frames, write_network
    from .overtime import ChangeOverTime
    from .pairwise.registry import MetricSpec
    from .partitions import adjusted_rand_index
    from .profiles import Profiles, camp_profiles
    from .quotes import QuoteReport, verify_quotes
    from .report import render_report
    from .styling import style
    from .tables import to_table
    from .timelines import moves, timeline


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'posmatrix' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
