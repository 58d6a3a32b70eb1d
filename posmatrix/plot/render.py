"""One figure by name, as bytes: what the ``posmatrix plot`` command, the briefing and
the report share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from ..analysis import METRICS
from ..errors import UsageError
from ..matrix import HolderSpec
from ..model import Dataset
from ._style import figure_bytes

__all__ = ["KINDS", "render"]

KINDS: Final = ("map", "heatmap", "spectrum", "network", "timeline")
"""The figures :func:`render` draws."""


def render(
    ds: Dataset,
    kind: str,
    fmt: str = "svg",
    *,
    holder: HolderSpec = None,
    metric: str | None = None,
    issues: Sequence[str] | None = None,
    threshold: float | None = None,
    freq: str | None = None,
) -> bytes:
    """Draw figure ``kind`` of ``ds`` and return it as ``fmt`` bytes (same input, same
    bytes).

    ``metric`` applies to map, heatmap and network; ``issues`` to spectrum and
    timeline; ``threshold`` to network; ``freq`` (the time window, default ``M``) to
    timeline. An option given to a figure it does not apply to is a
    :class:`~posmatrix.errors.UsageError`.

    >>> import posmatrix
    >>> render(posmatrix.example(), "spectrum", "svg", issues=["ceasefire-first"])[:5]
    b'<?xml'
    """
    from matplotlib.figure import Figure

    from .graph import network
    from .heat import heatmap
    from .position import position_map
    from .spectra import spectrum
    from .trajectory import trajectory

    if kind not in KINDS:
        raise UsageError(f"figure must be one of {', '.join(KINDS)}; got {kind!r}")
    if metric is not None and kind in ("spectrum", "timeline"):
        raise UsageError(f"--metric does not apply to the {kind} (it shows stances)")
    if issues is not None and kind not in ("spectrum", "timeline"):
        raise UsageError("--issue applies only to the spectrum and the timeline")
    if freq is not None and kind != "timeline":
        raise UsageError("--window applies only to the timeline")
    if threshold is not None and kind != "network":
        raise UsageError("--threshold applies only to the network")
    if metric is not None and metric not in METRICS:
        raise UsageError(f"metric must be one of {', '.join(METRICS)}; got {metric!r}")
    kw: dict[str, Any] = {"holder": holder}
    if metric is not None:
        kw["metric"] = metric
    fig: Figure
    if kind == "map":
        fig = position_map(ds, **kw)
    elif kind == "heatmap":
        fig = heatmap(ds, **kw)
    elif kind == "spectrum":
        fig = spectrum(ds, issues, **kw)
    elif kind == "timeline":
        fig = trajectory(ds, freq=freq or "M", issues=issues, **kw)
    else:
        if threshold is not None:
            kw["threshold"] = threshold
        fig = network(ds, **kw)
    return figure_bytes(fig, fmt, name=kind)
