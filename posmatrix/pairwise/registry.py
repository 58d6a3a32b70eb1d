"""The agreement metrics, in one table.

Each :class:`MetricSpec` names a metric, its kernel (:mod:`.kernels`), how its score
becomes a distance for clustering, its range and the one-line description the CLI's
help and the docs show. Everything that lists metrics reads :data:`REGISTRY`:
:data:`METRICS`, the ``Metric`` type (a test keeps the literal equal to the table),
the CLI's ``--metric`` choices and help, the clustering distance and the benchmark
stages. Adding a metric is one entry here, its name in ``Metric``, and one kernel.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Final, Literal, cast

import attrs

if TYPE_CHECKING:
    from .kernels import Kernel

__all__ = [
    "METRICS",
    "NORMALIZATIONS",
    "REGISTRY",
    "Metric",
    "MetricSpec",
    "Normalization",
    "metric_help",
    "spec",
]

Metric = Literal[
    "exact",
    "sign",
    "cityblock",
    "congruence",
    "conflict",
    "subtract",
    "pearson",
    "spearman",
    "kappa",
]
"""The metric names (kept equal to :data:`REGISTRY` by a test)."""

Normalization = Literal["none", "average", "jaccard", "cosine"]

Distance = Literal["one_minus", "itself", "half_one_minus"]
"""How a score becomes a distance in 0..1 for clustering: ``1 − score``, the score
itself (a distance already) or ``(1 − score) / 2`` (signed scores, −1..1)."""


@attrs.frozen
class MetricSpec:
    """One agreement metric.

    Attributes
    ----------
    name : str
        The name :func:`posmatrix.agreement` and ``--metric`` take.
    kernel : str
        The name of its function in :mod:`posmatrix.pairwise.kernels`:
        ``(input, metric, normalization, min_overlap) -> n × n`` float64. A name, not
        the function, so that reading the table (the CLI's help) imports no numpy.
    distance : {"one_minus", "itself", "half_one_minus"}
        The dissimilarity for clustering (clipped to 0..1, NaN counts as 1).
    bounds : (float or None, float or None)
        The score's range (None: unbounded on that side).
    doc : str
        One line for help texts.
    normalized : bool
        True for the Discourse Network Analyzer metrics, which take ``normalization``
        (and need one other than ``"none"`` to be clustered).
    """

    name: str
    kernel: str
    distance: Distance
    bounds: tuple[float | None, float | None]
    doc: str
    normalized: bool = False

    def compute(self) -> Kernel:
        """The kernel function (imports numpy on first use)."""
        function: Kernel = getattr(importlib.import_module(".kernels", __package__), self.kernel)
        return function


REGISTRY: Final[tuple[MetricSpec, ...]] = (
    MetricSpec(
        "exact",
        "shares",
        "one_minus",
        (0.0, 1.0),
        "weighted share of co-addressed issues with identical stances",
    ),
    MetricSpec(
        "sign",
        "shares",
        "one_minus",
        (0.0, 1.0),
        "share with the same direction (support / neutral / oppose)",
    ),
    MetricSpec(
        "cityblock",
        "shares",
        "one_minus",
        (0.0, 1.0),
        "1 − weighted mean |a − b| / scale range (smartvote-style)",
    ),
    MetricSpec(
        "congruence",
        "shares",
        "one_minus",
        (0.0, 1.0),
        "DNA: summed similarity 1 − |a − b| / range, normalized",
        normalized=True,
    ),
    MetricSpec(
        "conflict",
        "shares",
        "itself",
        (0.0, 1.0),
        "DNA: summed distance |a − b| / range, normalized",
        normalized=True,
    ),
    MetricSpec(
        "subtract",
        "shares",
        "half_one_minus",
        (-1.0, 1.0),
        "DNA: congruence − conflict, normalized",
        normalized=True,
    ),
    MetricSpec(
        "pearson",
        "pearson",
        "half_one_minus",
        (-1.0, 1.0),
        "Pearson correlation over pairwise-complete issues",
    ),
    MetricSpec(
        "spearman",
        "spearman",
        "half_one_minus",
        (-1.0, 1.0),
        "Spearman rank correlation over pairwise-complete issues",
    ),
    MetricSpec(
        "kappa",
        "kappa",
        "half_one_minus",
        (None, 1.0),
        "linearly weighted Cohen's kappa",
    ),
)
"""Every agreement metric, in the order help texts list them."""

METRICS: Final = cast("tuple[Metric, ...]", tuple(s.name for s in REGISTRY))
"""The metrics :func:`posmatrix.agreement` computes (the registry's names)."""

NORMALIZATIONS: Final[tuple[Normalization, ...]] = ("none", "average", "jaccard", "cosine")
"""The normalizations of the Discourse Network Analyzer metrics."""

_BY_NAME: Final = {s.name: s for s in REGISTRY}


def spec(metric: str) -> MetricSpec:
    """The registry entry of ``metric`` (KeyError if unknown: check options first).

    Examples
    --------
    >>> spec("pearson").bounds
    (-1.0, 1.0)
    """
    return _BY_NAME[metric]


def metric_help() -> str:
    """One help paragraph listing every metric with its description.

    Examples
    --------
    >>> metric_help().splitlines()[0]
    'exact: weighted share of co-addressed issues with identical stances;'
    """
    return "\n".join(f"{s.name}: {s.doc};" for s in REGISTRY)[:-1]
