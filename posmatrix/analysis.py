"""Who agrees with whom — the import path before :mod:`posmatrix.pairwise`.

Everything here now lives in the :mod:`posmatrix.pairwise` package (the metric
registry, the kernels, the block runtime and the clustering); this module re-exports
it, so ``from posmatrix.analysis import agreement, camps, METRICS`` keeps working.
"""

from __future__ import annotations

from .pairwise.api import Camps, _check_options, _metric_values, agreement, camps, overlap
from .pairwise.clustering import _cut, _dissimilarity, _distances, _leaf_order, _upgma
from .pairwise.inputs import ScaleSpec, Weights, _prepare
from .pairwise.registry import METRICS, NORMALIZATIONS, REGISTRY, Metric, Normalization
from .pairwise.runtime import _row_blocks

__all__ = [
    "METRICS",
    "NORMALIZATIONS",
    "REGISTRY",
    "Camps",
    "Metric",
    "Normalization",
    "ScaleSpec",
    "Weights",
    "_check_options",
    "_cut",
    "_dissimilarity",
    "_distances",
    "_leaf_order",
    "_metric_values",
    "_prepare",
    "_row_blocks",
    "_upgma",
    "agreement",
    "camps",
    "overlap",
]
