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

__version__ = "0.1.0"

# name -> module that defines it; kept equal to __all__ and to the imports below by a test.
_EXPORTS: dict[str, str] = {
    "Actor": "model",
    "Camps": "analysis",
    "Clashes": "clashes",
    "Coding": "model",
    "Dataset": "model",
    "DatasetError": "errors",
    "DealSpace": "deals",
    "Embedding": "geometry",
    "Findings": "findings",
    "GapReport": "gapreport",
    "Grouped": "groups",
    "Issue": "model",
    "LimitError": "errors",
    "Location": "errors",
    "OutputError": "errors",
    "PosmatrixError": "errors",
    "Problem": "errors",
    "Profiles": "profiles",
    "Reliability": "intercoder",
    "Scale": "model",
    "Source": "model",
    "UsageError": "errors",
    "agreement": "analysis",
    "agreement_edges": "edges",
    "camp_profiles": "profiles",
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
    "load": "loading",
    "loads": "loading",
    "moves": "timelines",
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
    "Camps",
    "Clashes",
    "Coding",
    "Dataset",
    "DatasetError",
    "DealSpace",
    "Embedding",
    "Findings",
    "GapReport",
    "Grouped",
    "Issue",
    "LimitError",
    "Location",
    "OutputError",
    "PosmatrixError",
    "Problem",
    "Profiles",
    "Reliability",
    "Scale",
    "Source",
    "UsageError",
    "__version__",
    "agreement",
    "agreement_edges",
    "camp_profiles",
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
    "load",
    "loads",
    "moves",
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
    from .changes import diff
    from .clashes import Clashes, find_clashes
    from .coalition import coalitions
    from .codebook import check
    from .codingbook import convert, dump_yaml, write_coding_workbook
    from .deals import DealSpace, deal_space
    from .edges import agreement_edges
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
    from .intercoder import Reliability, reliability
    from .loading import example, load, loads
    from .matrix import stance_matrix, voices
    from .model import Actor, Coding, Dataset, Issue, Scale, Source
    from .network import network_frames, write_network
    from .profiles import Profiles, camp_profiles
    from .quotes import verify_quotes
    from .report import render_report
    from .styling import style
    from .tables import to_table
    from .timelines import moves, timeline


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'posmatrix' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
