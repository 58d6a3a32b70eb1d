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
    "Coding": "model",
    "Dataset": "model",
    "DatasetError": "errors",
    "Embedding": "geometry",
    "GapReport": "gapreport",
    "Issue": "model",
    "Location": "errors",
    "OutputError": "errors",
    "PosmatrixError": "errors",
    "Problem": "errors",
    "Reliability": "intercoder",
    "Scale": "model",
    "Source": "model",
    "UsageError": "errors",
    "agreement": "analysis",
    "agreement_edges": "network",
    "camps": "analysis",
    "check": "codebook",
    "diff": "changes",
    "embedding": "geometry",
    "example": "loading",
    "from_frame": "frame",
    "gaps": "gapreport",
    "load": "loading",
    "loads": "loading",
    "overlap": "analysis",
    "reliability": "intercoder",
    "render_report": "report",
    "stance_matrix": "matrix",
    "style": "styling",
    "to_table": "tables",
    "verify_quotes": "quotes",
    "voices": "matrix",
    "write_briefing": "briefing",
}

__all__ = [
    "Actor",
    "Camps",
    "Coding",
    "Dataset",
    "DatasetError",
    "Embedding",
    "GapReport",
    "Issue",
    "Location",
    "OutputError",
    "PosmatrixError",
    "Problem",
    "Reliability",
    "Scale",
    "Source",
    "UsageError",
    "__version__",
    "agreement",
    "agreement_edges",
    "camps",
    "check",
    "diff",
    "embedding",
    "example",
    "from_frame",
    "gaps",
    "load",
    "loads",
    "overlap",
    "reliability",
    "render_report",
    "stance_matrix",
    "style",
    "to_table",
    "verify_quotes",
    "voices",
    "write_briefing",
]

if TYPE_CHECKING:
    from .analysis import Camps, agreement, camps, overlap
    from .briefing import write_briefing
    from .changes import diff
    from .codebook import check
    from .errors import DatasetError, Location, OutputError, PosmatrixError, Problem, UsageError
    from .frame import from_frame
    from .gapreport import GapReport, gaps
    from .geometry import Embedding, embedding
    from .intercoder import Reliability, reliability
    from .loading import example, load, loads
    from .matrix import stance_matrix, voices
    from .model import Actor, Coding, Dataset, Issue, Scale, Source
    from .network import agreement_edges
    from .quotes import verify_quotes
    from .report import render_report
    from .styling import style
    from .tables import to_table


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'posmatrix' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
