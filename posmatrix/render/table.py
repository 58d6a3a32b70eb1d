"""Text tables of any frame, in every format tabulate knows (``posmatrix.tables``).

:func:`to_table` fixes what tabulate leaves to the caller: NaN shows as a chosen
mark (tabulate's ``missingval`` only covers None), ``|`` inside a cell is escaped
where it would end a Markdown (or wiki) cell, line breaks inside cells become
spaces in formats that are one line per row, text columns are never parsed as
numbers (``"1e3"`` stays ``1e3``), and the format name is checked. Cells pass the
format's one cell rule (:func:`posmatrix.render.escape.cell`). This is the only place,
with the backends' grids, that calls tabulate.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import tabulate as _tabulate

from ..errors import UsageError
from .escape import TABLE_FORMATS, cell

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FORMATS", "MARKDOWN_FORMATS", "to_table"]

FORMATS: Final[tuple[str, ...]] = TABLE_FORMATS
"""Every format name :func:`to_table` accepts (tabulate's)."""

MARKDOWN_FORMATS: Final = ("github", "pipe")
"""The Markdown table formats."""


def _check_format(fmt: object) -> str:
    if isinstance(fmt, str) and fmt in FORMATS:
        return fmt
    close = difflib.get_close_matches(str(fmt), FORMATS, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise UsageError(f"table format must be one of {', '.join(FORMATS)}; got {fmt!r}{hint}")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return math.isnan(float(value))
    import pandas as pd

    return bool(value is pd.NA or value is pd.NaT)


def _text(value: object, fmt: str) -> str:
    return cell(str(value), fmt)  # the format's one cell rule (render.escape)


def _flat(label: object) -> str:
    if isinstance(label, tuple):
        return " / ".join(str(part) for part in label)
    return "" if label is None else str(label)


def to_table(
    frame: pd.DataFrame | pd.Series,
    fmt: str = "github",
    *,
    missing: str = "–",
    floatfmt: str | Sequence[str] = ".2f",
    index: bool | None = None,
    colalign: Sequence[str] | None = None,
) -> str:
    """Render ``frame`` as a text table.

    Parameters
    ----------
    frame : pandas.DataFrame or pandas.Series
        Any table; a Series is shown as one column. Column labels that are tuples
        (a MultiIndex) are joined with `` / ``.
    fmt : str
        A tabulate format (:data:`FORMATS`): ``github`` (default) and ``pipe`` are
        Markdown, ``latex``/``latex_booktabs`` LaTeX, ``html``, ``plain``, ``grid``, ...
    missing : str
        Shown for NaN, None and ``pd.NA`` (default an en dash).
    floatfmt : str or sequence of str
        Format of float cells (default two decimals), or one format per column of
        ``frame`` (index columns excluded).
    index : bool, optional
        Show the index as the first column(s). Default: unless it is an unnamed
        ``RangeIndex``.
    colalign : sequence of str, optional
        ``"left"``, ``"right"``, ``"center"`` or ``"decimal"`` per shown column.

    Returns
    -------
    str
        The table, without a trailing newline.

    Raises
    ------
    UsageError
        For an unknown format, naming every valid one.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame(
    ...     {"agreement": [0.5, float("nan")], "note": ["a|b", "1e3"]},
    ...     index=pd.Index(["x", "y"], name="voice"),
    ... )
    >>> print(to_table(frame))
    | voice   |   agreement | note   |
    |---------|-------------|--------|
    | x       |        0.50 | a\\|b   |
    | y       |           – | 1e3    |
    >>> print(to_table(frame, "plain", missing="n/a", floatfmt=".0%"))
    voice      agreement  note
    x                50%  a|b
    y                n/a  1e3
    """
    import pandas as pd

    fmt = _check_format(fmt)
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(name=frame.name if frame.name is not None else "value")
    if not isinstance(frame, pd.DataFrame):
        raise UsageError(f"to_table needs a pandas DataFrame or Series, got {type(frame).__name__}")
    if index is None:
        index = not (isinstance(frame.index, pd.RangeIndex) and frame.index.name is None)
    n_index = frame.index.nlevels if index else 0
    index_names = [_flat(n) for n in frame.index.names] if index else []
    headers = [_text(h, fmt) for h in [*index_names, *(_flat(c) for c in frame.columns)]]
    index_rows: list[tuple[object, ...]]
    if not index:
        index_rows = [()] * len(frame)
    elif n_index == 1:
        index_rows = [(v,) for v in frame.index]
    else:
        index_rows = [tuple(v) for v in frame.index]
    numeric = [
        pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
        for dtype in frame.dtypes
    ]
    text_columns = list(range(n_index)) + [
        n_index + j for j, is_num in enumerate(numeric) if not is_num
    ]
    rows: list[list[object]] = []
    columns = [frame.iloc[:, j].tolist() for j in range(frame.shape[1])]
    for i, ix in enumerate(index_rows):
        row: list[object] = [None if _is_missing(v) else _text(v, fmt) for v in ix]
        for j, col in enumerate(columns):
            value = col[i]
            if _is_missing(value):
                row.append(None)
            elif numeric[j]:
                row.append(value)
            else:
                row.append(_text(value, fmt))
        rows.append(row)
    if isinstance(floatfmt, str):
        float_format: str | list[str] = floatfmt
    else:
        given = list(floatfmt)
        if len(given) != frame.shape[1]:
            raise UsageError(
                f"floatfmt must be one format or one per column ({frame.shape[1]}), "
                f"got {len(given)}"
            )
        float_format = ["g"] * n_index + given
    return _tabulate.tabulate(
        rows,
        headers=headers,
        tablefmt=fmt,
        floatfmt=float_format,
        missingval=missing,
        disable_numparse=text_columns,
        colalign=colalign,
        numalign="right",  # "decimal" misplaces the missing mark
    )
