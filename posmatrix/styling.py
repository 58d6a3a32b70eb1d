"""Agreement and stance matrices as styled tables for Jupyter.

:func:`style` turns a frame from :func:`posmatrix.agreement` or
:func:`posmatrix.stance_matrix` into a pandas ``Styler`` coloured with the Excel
briefing's diverging palette (ColorBrewer RdBu ends: red opposes or disagrees, white is
neutral, blue supports or agrees), numbers rounded for reading only, NaN shown as
:data:`BLANK`, and the overlap or evidence quote of each cell as its tooltip.

Every text that reaches the HTML is escaped (labels, values, tooltips): a dataset text
never runs as markup. pandas needs ``jinja2`` to render a Styler
(``pip install posmatrix[notebook]``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final, Literal

import numpy as np
import numpy.typing as npt

from .briefing import _NEUTRAL, _OPPOSE, _SUPPORT
from .errors import UsageError
from .model import Dataset, Scale

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

__all__ = ["BLANK", "MUTED", "colour", "colours", "style"]

BLANK: Final = "–"
"""How a missing value (NaN: no shared issue, not addressed) shows: the mark the text
tables use; the workbook leaves such a cell empty."""

MUTED: Final = "#808080"
"""Text colour of :data:`BLANK` and of secondary text (the workbook's muted grey)."""

_PALETTE: Final = np.array([_OPPOSE, _NEUTRAL, _SUPPORT], dtype=np.float64)


def colours(t: npt.ArrayLike) -> npt.NDArray[np.str_]:
    """CSS colours ``#RRGGBB`` on the workbook's diverging palette.

    ``t`` runs from −1 (the oppose/disagree end, red) through 0 (neutral, near white) to
    +1 (the support/agree end, blue), interpolated linearly in RGB as the workbook's
    fills and colour scales are; values outside are clipped; NaN gives ``""``.

    >>> colours([-1.0, 0.0, 1.0, float("nan")]).tolist()
    ['#D6604D', '#F7F7F7', '#4393C3', '']
    """
    x = np.asarray(t, dtype=np.float64)
    nan = np.isnan(x)
    c = np.clip(np.nan_to_num(x), -1.0, 1.0)[..., None]
    end = np.where(c > 0, _PALETTE[2], _PALETTE[0])
    rgb = np.rint(_PALETTE[1] + (end - _PALETTE[1]) * np.abs(c)).astype(np.int64)
    hexes = np.char.add(
        "#",
        np.char.add(
            np.char.add(np.char.mod("%02X", rgb[..., 0]), np.char.mod("%02X", rgb[..., 1])),
            np.char.mod("%02X", rgb[..., 2]),
        ),
    )
    return np.where(nan, "", hexes)


def colour(scale: Scale, value: float) -> str:
    """The workbook's fill of a stance on ``scale`` as ``#RRGGBB`` (``""`` for NaN).

    >>> colour(Scale(), 2), colour(Scale(), -1), colour(Scale(), 0)
    ('#4393C3', '#E6ACA2', '#F7F7F7')
    """
    half = scale.range / 2
    return str(colours((value - scale.midpoint) / half)[()])


def _scale(scale: Scale | tuple[int, int] | None, quotes: object) -> Scale:
    if isinstance(scale, Scale):
        return scale
    if scale is None:
        return quotes.scale if isinstance(quotes, Dataset) else Scale()
    try:
        lo, hi = scale
        return Scale(int(lo), int(hi))
    except (TypeError, ValueError) as exc:
        raise UsageError(f"scale must be a Scale or (min, max), got {scale!r}") from exc


def _escape(texts: npt.NDArray[np.str_]) -> npt.NDArray[np.str_]:
    """``html.escape`` (quotes too) over an array of str, for attribute values."""
    out = texts
    for char, entity in (
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ('"', "&quot;"),
        ("'", "&#x27;"),
    ):
        out = np.char.replace(out, char, entity)
    return out


def _signed(value: float) -> str:
    if math.isnan(value):
        return BLANK
    return "0" if value == 0 else f"{value:+g}"


def _evidence_frame(ds: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """Voice × issue evidence quotes of ``ds``, labelled like ``frame`` ("" where none)."""
    import pandas as pd

    from .gapreport import _evidence
    from .matrix import voices

    evidence = _evidence(ds)
    vframe = voices(ds)
    keys = dict(
        zip(vframe.index, zip(vframe["source"], vframe["holder"], strict=True), strict=True)
    )
    rows = []
    for label in frame.index:
        key = keys.get(label)
        rows.append(
            ["" if key is None else evidence.get((*key, str(issue)), "") for issue in frame.columns]
        )
    return pd.DataFrame(rows, index=frame.index, columns=frame.columns, dtype=object)


def _aligned(extra: pd.DataFrame, frame: pd.DataFrame, name: str) -> pd.DataFrame:
    import pandas as pd

    if not isinstance(extra, pd.DataFrame):
        raise UsageError(f"{name} must be a DataFrame or a Dataset, got {type(extra).__name__}")
    return pd.DataFrame(extra.reindex(index=frame.index, columns=frame.columns))


def style(
    frame: pd.DataFrame,
    *,
    overlap: pd.DataFrame | Dataset | None = None,
    quotes: pd.DataFrame | Dataset | None = None,
    scale: Scale | tuple[int, int] | None = None,
    kind: Literal["agreement", "stance"] | None = None,
) -> Styler:
    """An agreement or stance matrix as a pandas ``Styler`` that renders in Jupyter.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`posmatrix.agreement` (voices × voices) or
        :func:`posmatrix.stance_matrix` (voices × issues). Not modified.
    overlap : DataFrame or Dataset, optional
        Agreement only: the issues each pair shares, as from :func:`posmatrix.overlap`
        (or the dataset, to compute it), shown as each cell's tooltip
        (``76% over 9 shared issues``). Matched to ``frame`` by label.
    quotes : DataFrame or Dataset, optional
        Stance only: the evidence quote of each cell, a voice × issue frame of strings
        (or the dataset, to take the quote that decides each cell, as the gap report
        does), shown as each cell's tooltip after the stance's label.
    scale : Scale or (min, max), optional
        Stance only: the scale the colours run over; default the dataset's when
        ``quotes`` is one, otherwise −2..+2.
    kind : {"agreement", "stance"}, optional
        Default: ``agreement`` when the rows and columns carry the same labels,
        ``stance`` otherwise.

    Returns
    -------
    pandas.io.formats.style.Styler
        Agreement: percent (``76%``), 0 red, 50% white, 100% blue (a metric that can
        be negative, such as ``pearson``, runs −1 red, 0 white, +1 blue); stance: a
        signed number (``+2``) coloured like the workbook's Stances sheet, its label as
        tooltip. NaN shows as :data:`BLANK` in grey. Tooltips are ``title`` attributes
        (hover a cell). The frame's numbers are untouched.

    Raises
    ------
    UsageError
        Unknown ``kind``; ``overlap`` given for a stance matrix or ``quotes`` for an
        agreement matrix; a bad ``scale``.

    Examples
    --------
    >>> import posmatrix
    >>> ds = posmatrix.example()
    >>> styler = posmatrix.style(posmatrix.agreement(ds), overlap=ds)
    >>> "#4393C3" in styler.to_html()  # the diagonal: 100%, the blue end
    True
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise UsageError(f"frame must be a DataFrame, got {type(frame).__name__}")
    if kind is None:
        same = list(frame.index) == list(frame.columns)
        kind = "agreement" if same and len(frame) else "stance"
    if kind not in ("agreement", "stance"):
        raise UsageError(f"kind must be 'agreement' or 'stance', got {kind!r}")
    values = frame.to_numpy(dtype=np.float64, na_value=np.nan)
    tips: npt.NDArray[np.str_] = np.full(values.shape, "", dtype=str)
    if kind == "agreement":
        if quotes is not None:
            raise UsageError("quotes= is for a stance matrix; an agreement matrix takes overlap=")
        low = -1.0 if np.nanmin(values, initial=0.0) < 0 else 0.0
        t = (values - (low + 1.0) / 2) / ((1.0 - low) / 2)
        formatter = "{:.0%}"
        if overlap is not None:
            if isinstance(overlap, Dataset):
                from .analysis import overlap as overlap_of

                overlap = overlap_of(overlap)
            shared = _aligned(overlap, frame, "overlap").to_numpy(dtype=np.float64, na_value=0)
            n = np.rint(shared).astype(np.int64)
            pct = np.char.add(np.char.mod("%.0f", np.nan_to_num(values * 100)), "%")
            pct = np.where(np.isnan(values), BLANK, pct)
            word = np.where(n == 1, " shared issue", " shared issues")
            tips = np.char.add(np.char.add(pct, " over "), np.char.add(n.astype(str), word))
    else:
        if overlap is not None:
            raise UsageError("overlap= is for an agreement matrix; a stance matrix takes quotes=")
        sc = _scale(scale, quotes)
        t = (values - sc.midpoint) / (sc.range / 2)
        formatter = _signed  # type: ignore[assignment]
        points = np.unique(values[~np.isnan(values)])
        described = np.array([sc.describe(float(v)) for v in points] + [""], dtype=object)
        where = np.searchsorted(points, values)  # NaN sorts last: the "" slot
        tips = np.where(np.isnan(values), "", described[where]).astype(str)
        if quotes is not None:
            q = _evidence_frame(quotes, frame) if isinstance(quotes, Dataset) else quotes
            quoted = _aligned(q, frame, "quotes").fillna("").astype(str).to_numpy(dtype=str)
            has = (np.char.strip(quoted) != "") & (tips != "")
            quoted = np.char.add(np.char.add(": “", quoted), "”")
            tips = np.where(has, np.char.add(tips, quoted), tips)
    fills = colours(t)
    css = np.where(
        fills == "",
        f"color: {MUTED}; text-align: center",
        np.char.add(np.char.add("background-color: ", fills), "; color: #000000"),
    )
    css_frame = pd.DataFrame(css, index=frame.index, columns=frame.columns)
    tip_frame = pd.DataFrame(_escape(tips), index=frame.index, columns=frame.columns)
    styler: Styler = frame.style.format(formatter, na_rep=BLANK, escape="html")
    styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    styler = styler.apply(lambda _: css_frame, axis=None)
    if (tips != "").any():
        styler = styler.set_tooltips(tip_frame, as_title_attribute=True)
    # index names would take a header row of their own; the column labels stand upright
    # (read bottom to top, as in the workbook) so a matrix of many issues stays narrow
    styler = styler.hide(axis="index", names=True)
    styler = styler.set_table_styles(
        [
            {"selector": "td", "props": "text-align: center; min-width: 2.6em"},
            {
                "selector": "th.col_heading",
                "props": "writing-mode: vertical-rl; transform: rotate(180deg); "
                "vertical-align: bottom; text-align: left; font-weight: normal; "
                "white-space: nowrap; padding: .4em .2em",
            },
            {"selector": "th.row_heading", "props": "text-align: left; white-space: nowrap"},
        ],
        overwrite=False,
    )
    return styler
