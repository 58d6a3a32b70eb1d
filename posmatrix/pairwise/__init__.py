"""Pairwise agreement between voices: the metric registry, its kernels, the block and
thread runtime they share, and average-linkage clustering into camps.

Modules, in the order data passes through them:

``inputs``      a Dataset or stance matrix checked once, as numbers (:class:`_Input`)
``registry``    the metric table (:data:`REGISTRY`): name, kernel, distance, bounds, doc
``kernels``     one function per family of metrics, all pairs at once by matrix products
``runtime``     upper-triangle row blocks, threads, exact float32 sums, mirroring
``clustering``  average linkage (SciPy), dendrogram order, camps
``api``         :func:`agreement`, :func:`overlap`, :func:`camps`, :class:`Camps`

``posmatrix.analysis`` re-exports the public names (the import path before this
package). Names load on first use: reading the registry (the CLI's help) imports
neither numpy nor pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import Camps, agreement, camps, overlap
    from .registry import METRICS, NORMALIZATIONS, REGISTRY, Metric, MetricSpec, Normalization

_EXPORTS: dict[str, str] = {
    "METRICS": "registry",
    "NORMALIZATIONS": "registry",
    "REGISTRY": "registry",
    "Camps": "api",
    "Metric": "registry",
    "MetricSpec": "registry",
    "Normalization": "registry",
    "agreement": "api",
    "camps": "api",
    "overlap": "api",
}

__all__ = [
    "METRICS",
    "NORMALIZATIONS",
    "REGISTRY",
    "Camps",
    "Metric",
    "MetricSpec",
    "Normalization",
    "agreement",
    "camps",
    "overlap",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'posmatrix.pairwise' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
