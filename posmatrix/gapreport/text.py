"""The gap report as text, built on the document layer (:mod:`posmatrix.render`).

:func:`gap_text` is what ``str(report)`` shows (plain text: every frame as a table,
lists joined, long texts cut); :func:`gap_tables` is ``posmatrix gaps --format FMT``
(every part as a table in any format of :data:`posmatrix.render.BACKENDS`). Both only
shape frames and place blocks; the markup and the escaping are the backend's.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..model import NO_QUOTE
from ..render import Document
from ._common import METRIC, POLE_VOICES, _plain

if TYPE_CHECKING:
    from .result import GapReport

__all__ = ["gap_tables", "gap_text"]


def _cell(value: Any, width: int = 60) -> Any:
    value = _plain(value)
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) > width:
        value = value[: width - 1] + "…"
    return value


def _column(values: list[Any]) -> pd.Series:
    """Plain values as a column of the right kind: integers stay integers (a gap
    shows as missing), other numbers floats, anything else text."""
    given = [v for v in values if v is not None]
    if given and all(isinstance(v, int) and not isinstance(v, bool) for v in given):
        return pd.Series(values, dtype="Int64")
    if given and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in given):
        return pd.Series([np.nan if v is None else v for v in values], dtype="float64")
    return pd.Series(values, dtype=object)


def _shown(
    frame: pd.DataFrame, columns: Sequence[Hashable], width: int = 60, max_rows: int = 50
) -> tuple[pd.DataFrame, int]:
    """The named index levels and ``columns`` of the first ``max_rows`` rows of
    ``frame`` as plain columns (lists joined, long texts cut to ``width``), and how
    many rows are left out."""
    shown = frame.iloc[:max_rows]
    levels = [n for n in shown.index.names if n is not None]
    values = [shown.index.get_level_values(i).tolist() for i in range(len(levels))]
    values += [shown[c].tolist() for c in columns]
    headers = [str(c) for c in (*levels, *columns)]
    data = {
        h: _column([_cell(v, width) for v in col]) for h, col in zip(headers, values, strict=True)
    }
    return pd.DataFrame(data), max(len(frame) - max_rows, 0)


def _table(
    doc: Document,
    frame: pd.DataFrame,
    columns: Sequence[Hashable],
    width: int = 60,
    max_rows: int = 50,
) -> None:
    """The named index levels and ``columns`` of ``frame`` as a table of ``doc``:
    lists joined, long texts cut to ``width``, numbers to 2 decimals, at most
    ``max_rows`` rows."""
    shown, more = _shown(frame, columns, width, max_rows)
    doc.table(shown)
    if more:
        doc.para(f"… and {more} more rows")


def gap_text(report: GapReport) -> str:
    """The gap report as plain text (``str(report)``): every frame as a table, numbers
    rounded to 2 decimals, lists joined, long texts cut."""
    ds = report.dataset
    doc = Document("plain")
    doc.para(
        f"Gap report: {ds.title}\n"
        f"{len(ds.sources)} sources, {len(ds.issues)} issues, {len(ds.actors)} actors; "
        f"voices of {', '.join(report.holders)}"
    )
    doc.heading("Issues, most contested first", 1)
    _table(
        doc,
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
    )
    contested = report.issues[report.issues["contested"]]
    cap = POLE_VOICES if report.quotes != "all" else None  # then every quote is at hand
    doc.heading("Poles of the contested issues", 1)
    poles = []
    for issue, row in contested.iterrows():
        poles.append(f"{issue}: {ds.issues[str(issue)].proposition}")
        for side, stance in (("low", row["min"]), ("high", row["max"])):
            pole = list(zip(row[f"{side}_voices"], row[f"{side}_quotes"], strict=True))
            for voice, quote in pole[:cap]:
                poles.append(f"  {stance:+g}  {voice}: {_cell(quote or NO_QUOTE, 100)}")
            if cap is not None and len(pole) > cap:
                more = len(pole) - cap
                poles.append(f"  {stance:+g}  … and {more} more voice{'s' * (more > 1)}")
    doc.para("\n".join(poles) or "(none)")
    doc.heading("Red lines between actors", 1)
    _table(
        doc,
        report.red_lines,
        ["actor_a", "actor_b", "issue", "stance_a", "stance_b", "sources_a", "sources_b"],
    )
    for kind in ("divergent", "aligned"):
        doc.heading(f"Most {kind} pairs ({METRIC} agreement)", 1)
        _table(
            doc,
            report.pairs[report.pairs["kind"] == kind],
            ["rank", "voice_a", "voice_b", "agreement", "overlap"],
        )
    doc.heading("Actors as reported (median over sources)", 1)
    _table(doc, report.actors, ["stance", "spread", "n_sources", "same_side", "sources"])
    dist = report.actor_distance.to_numpy(dtype=np.float64)
    shown = np.where(
        np.isnan(dist),
        "–",
        np.char.add(
            np.char.mod("%.2f (", np.nan_to_num(dist)),
            np.char.add(report.actor_overlap.to_numpy().astype(str), ")"),
        ),
    )
    doc.heading("Actor distance: mean gap in scale points (issues both are reported on)", 1)
    _table(
        doc,
        pd.DataFrame(
            shown, index=report.actor_distance.index, columns=report.actor_distance.columns
        ),
        list(report.actor_distance.columns),
    )
    doc.heading("Coverage by source", 1)
    _table(doc, report.coverage_sources, ["issues", "share", "codings", "low_confidence"])
    doc.heading(f"Issues addressed by fewer than {report.min_sources} sources", 1)
    _table(doc, report.thin_issues, ["n_sources", "sources"])
    if report.aggregate is None:  # an aggregate has no confidence per coding: see notes
        doc.heading("Low-confidence codings", 1)
        low = report.low_confidence
        _table(
            doc,
            low.assign(quote=[q or NO_QUOTE for q in low["quote"]]),
            ["voice", "issue", "stance", "quote"],
        )
    if len(report.low_confidence):
        doc.heading("Sensitivity: ranking without low-confidence codings", 1)
        _table(
            doc, report.sensitivity, ["rank", "rank_high", "dropped", "contested", "contested_high"]
        )
        doc.heading("Sensitivity: agreement without low-confidence codings", 1)
        _table(
            doc,
            report.sensitivity_pairs,
            ["voice_a", "voice_b", "agreement", "agreement_high", "lost"],
        )
    elif not report.notes:
        doc.para("Sensitivity: no coding has low confidence, so nothing changes without them.")
    if report.notes:
        doc.heading("Not computed", 1)
        doc.bullets(list(report.notes))
    return doc.text(ds.title)


_COUNTS = frozenset(
    {"rank", "rank_high", "rank_change", "voices", "voices_high", "overlap", "dropped",
     "clashes", "codings", "issues", "low_confidence", "lost"}
)  # fmt: skip
# columns that count (stored as floats where a count can be missing)


def _tidy(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """A part of the report as a table: quotes left out (the text and JSON formats
    carry them), lists joined; counts (``n_*`` and the columns of :data:`_COUNTS`)
    shown as integers even where a missing count made them floats."""
    frame = frame[[c for c in frame.columns if "quote" not in c and "evidence" not in c]].copy()
    floatfmt = []
    for col in frame.columns:
        values = frame[col]
        if values.dtype == object:
            frame[col] = [
                "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for v in values
            ]
        whole = (
            (str(col).startswith("n_") or col in _COUNTS)
            and pd.api.types.is_float_dtype(values.dtype)
            and bool(np.all(np.isnan(values) | (values == np.round(values))))
        )
        floatfmt.append(".0f" if whole else ".2f")
    return frame, floatfmt


def gap_tables(report: GapReport, fmt: str) -> str:
    """Every part of the report (:attr:`GapReport.PARTS`) as a table in ``fmt``, under
    a heading of its name: what ``posmatrix gaps --format FMT`` prints.

    ``fmt`` is any format of :data:`posmatrix.render.BACKENDS`. Quotes are left out
    (``str(report)`` and JSON carry them); counts print as integers.
    """
    doc = Document(fmt)
    for part in report.PARTS:
        frame, floatfmt = _tidy(getattr(report, part))
        doc.heading(part.replace("_", " "), 2)
        doc.table(frame, floatfmt)
    return doc.text(f"Gap report: {report.dataset.title}")
