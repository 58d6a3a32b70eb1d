"""The gap report as plain text: what ``str(report)`` shows."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from tabulate import tabulate

from ..model import NO_QUOTE
from ..textsafe import visible

if TYPE_CHECKING:
    pass

from ._common import METRIC, _plain

if TYPE_CHECKING:
    from .result import GapReport


def _cell(value: Any, width: int = 60) -> Any:
    value = _plain(value)
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) > width:
        value = value[: width - 1] + "…"
    return value


def _table(
    frame: pd.DataFrame, columns: Sequence[Hashable], width: int = 60, max_rows: int = 50
) -> str:
    """The named index levels and ``columns`` of ``frame`` as a plain-text table: lists
    joined, long texts cut to ``width``, numbers to 2 decimals, at most ``max_rows`` rows."""
    if len(frame) == 0:
        return "(none)"
    shown = frame.iloc[:max_rows]
    levels = [n for n in shown.index.names if n is not None]
    values = [shown.index.get_level_values(i).tolist() for i in range(len(levels))]
    values += [shown[c].tolist() for c in columns]
    rows = [[_cell(v, width) for v in row] for row in zip(*values, strict=True)]
    headers = [str(c) for c in (*levels, *columns)]
    text = tabulate(rows, headers=headers, floatfmt=".2f", missingval="–", tablefmt="simple")
    if len(frame) > max_rows:
        text += f"\n… and {len(frame) - max_rows} more rows"
    return text


def gap_text(report: GapReport) -> str:
    """The gap report as plain text (``str(report)``): every frame as a table, numbers
    rounded to 2 decimals, lists joined, long texts cut."""
    ds = report.dataset
    lines = [
        f"Gap report: {ds.title}",
        f"{len(ds.sources)} sources, {len(ds.issues)} issues, {len(ds.actors)} actors; "
        f"voices of {', '.join(report.holders)}",
    ]

    def section(title: str, body: str) -> None:
        lines.extend(["", title, "=" * len(title), body])

    section(
        "Issues, most contested first",
        _table(
            report.issues,
            [
                "rank",
                "voices",
                "contested",
                "clashes",
                "polarization",
                "van_der_eijk_a",
                "mean",
                "std",
                "range",
                "low_voices",
                "high_voices",
            ],
            width=40,
        ),
    )
    contested = report.issues[report.issues["contested"]]
    poles = []
    for issue, row in contested.iterrows():
        poles.append(f"{issue}: {ds.issues[str(issue)].proposition}")
        for side, stance in (("low", row["min"]), ("high", row["max"])):
            for voice, quote in zip(row[f"{side}_voices"], row[f"{side}_quotes"], strict=True):
                poles.append(f"  {stance:+g}  {voice}: {_cell(quote or NO_QUOTE, 100)}")
    section("Poles of the contested issues", "\n".join(poles) or "(none)")
    section(
        "Red lines between actors",
        _table(
            report.red_lines,
            ["actor_a", "actor_b", "issue", "stance_a", "stance_b", "sources_a", "sources_b"],
        ),
    )
    for kind in ("divergent", "aligned"):
        section(
            f"Most {kind} pairs ({METRIC} agreement)",
            _table(
                report.pairs[report.pairs["kind"] == kind],
                ["rank", "voice_a", "voice_b", "agreement", "overlap"],
            ),
        )
    section(
        "Actors as reported (median over sources)",
        _table(
            report.actors,
            ["stance", "spread", "n_sources", "same_side", "sources"],
        ),
    )
    dist = report.actor_distance.to_numpy(dtype=np.float64)
    shown = np.where(
        np.isnan(dist),
        "–",
        np.char.add(
            np.char.mod("%.2f (", np.nan_to_num(dist)),
            np.char.add(report.actor_overlap.to_numpy().astype(str), ")"),
        ),
    )
    section(
        "Actor distance: mean gap in scale points (issues both are reported on)",
        _table(
            pd.DataFrame(
                shown, index=report.actor_distance.index, columns=report.actor_distance.columns
            ),
            list(report.actor_distance.columns),
        ),
    )
    section(
        "Coverage by source",
        _table(report.coverage_sources, ["issues", "share", "codings", "low_confidence"]),
    )
    section(
        f"Issues addressed by fewer than {report.min_sources} sources",
        _table(report.thin_issues, ["n_sources", "sources"]),
    )
    section(
        "Low-confidence codings",
        _table(
            report.low_confidence.assign(
                quote=[q or NO_QUOTE for q in report.low_confidence["quote"]]
            ),
            ["voice", "issue", "stance", "quote"],
        ),
    )
    section(
        "Sensitivity: ranking without low-confidence codings",
        _table(
            report.sensitivity,
            ["rank", "rank_high", "dropped", "contested", "contested_high"],
        ),
    )
    section(
        "Sensitivity: agreement without low-confidence codings",
        _table(
            report.sensitivity_pairs,
            ["voice_a", "voice_b", "agreement", "agreement_high", "lost"],
        ),
    )
    return visible("\n".join(lines) + "\n")  # control characters shown, never sent
