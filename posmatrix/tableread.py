"""Reading codings tables (``.csv``, ``.parquet``) within bounds, with true line numbers.

Used by :func:`posmatrix.frame.load_table`. The file is read by
:func:`posmatrix.limits.read_bounded` (regular files only, never more than the byte
limit); its rows and cells are counted before they are decoded
(:func:`posmatrix.limits.check_table_size`); Parquet columns of list, struct or map
type are refused by name. Line breaks inside CSV cells are read as YAML reads them
(CRLF and CR become LF), and :attr:`CsvTable.lines` maps each row to the line it
starts on, so a problem after a quoted field spanning lines is located where the
row is.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

import attrs

from .errors import DatasetError, Problem, UsageError
from .limits import check_table_size, read_bounded
from .textsafe import restore_cell

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CsvTable", "nested_cells", "read_csv", "read_parquet"]

_FLAT = frozenset({"string", "integer", "floating", "mixed-integer-float", "boolean", "empty"})


@attrs.frozen
class CsvTable:
    """A CSV table read as text, with ``lines[k]`` the file line table row ``k``
    starts on (row 0 is the header), or None when every row is one line."""

    frame: pd.DataFrame
    lines: tuple[int, ...] | None


def _record_lines(text: str) -> tuple[int, ...]:
    """The line each CSV record starts on (line breaks LF, CRLF and CR, as editors count)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    starts = []
    prev = 0
    try:
        for _ in reader:
            starts.append(prev + 1)
            prev = reader.line_num
    except csv.Error:
        pass  # pandas reports the malformed part
    return tuple(starts)


def read_csv(name: str, max_bytes: int, need: str) -> CsvTable:
    """Read ``name`` as a CSV codings table: every cell text, the header a row."""
    import pandas as pd

    data = read_bounded(name, max_bytes)
    rows = data.count(b"\n") + (not data.endswith(b"\n"))
    check_table_size(name, rows, data[: data.find(b"\n")].count(b",") + 1, max_bytes)
    raw = _arrow_csv(data)
    try:
        if raw is None:
            raw = _pandas_csv(data)
    except UnicodeDecodeError as exc:
        raise DatasetError(
            [Problem(name, 1, 1, f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")]
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise DatasetError(
            [Problem(name, 1, 1, f"the file is empty; it needs a header row: {need}")]
        ) from exc
    except pd.errors.ParserError as exc:
        text = str(exc)
        m = re.search(r"line (\d+)", text)
        line = int(m.group(1)) if m else 1
        if m is not None and b'"' in data:
            starts = _record_lines(data.decode("utf-8-sig", "replace"))
            line = starts[line - 1] if 0 < line <= len(starts) else line
        raise DatasetError(
            [Problem(name, line, 1, f"malformed CSV: {text}; check quoting and separators")]
        ) from exc
    lines: tuple[int, ...] | None = None
    if len(raw) != rows:
        # some record spans lines (a quoted line break): count where each starts
        starts = _record_lines(data.decode("utf-8-sig"))
        if len(starts) == len(raw):
            lines = starts
    if b"\r" in data:
        for j in range(raw.shape[1]):
            col = raw.iloc[:, j]
            if col.str.contains("\r", regex=False).any():
                raw.isetitem(j, col.str.replace(r"\r\n?", "\n", regex=True).to_numpy(object))
    if b"'" in data:  # cells a CSV writer neutralised ('=…): the text they stand for
        for j in range(raw.shape[1]):
            col = raw.iloc[:, j]
            marked = col.str.startswith("'").to_numpy(dtype=bool)
            if marked.any():
                values = col.to_numpy(dtype=object).copy()
                values[marked] = [restore_cell(v) for v in values[marked]]
                raw.isetitem(j, values)
    frame: pd.DataFrame = raw.iloc[1:].reset_index(drop=True)
    frame.columns = pd.Index(raw.iloc[0].tolist())
    return CsvTable(frame, lines)


def _pandas_csv(data: bytes) -> pd.DataFrame:
    """Every cell of a CSV file as text, the header a row (pandas' C parser: the
    reference behaviour, and the messages of malformed files)."""
    import pandas as pd

    # header=None: the header is read as a row, so a row with more fields than the header
    # is a tokenizer error with its line (pandas would otherwise make the first column
    # the index); blank lines are kept so row numbers stay record numbers.
    frame: pd.DataFrame = pd.read_csv(
        io.BytesIO(data),
        header=None,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        encoding="utf-8-sig",
    )
    return frame


_BOM = b"\xef\xbb\xbf"


def _quotes_enclose_cells(body: bytes) -> bool:
    """Whether every double quote of ``body`` belongs to a well-formed quoted cell (where
    both readers agree). Quotes alternate opening and closing (a doubled quote inside a
    cell closes and opens again at once), so with numpy: an even count, each opening
    quote at the start of a cell (after a comma, a line feed, the closing quote just
    before it, or at the start), each closing quote at its end (before a comma, a line
    break, the opening quote just after it, or at the end)."""
    import numpy as np

    b = np.frombuffer(body, dtype=np.uint8)
    at = np.flatnonzero(b == ord('"'))
    if len(at) % 2:
        return False
    opens, closes = at[0::2], at[1::2]
    if len(opens) and opens[0] == 0:  # at the start: a cell starts there
        opens = opens[1:]
    if len(closes) and closes[-1] == len(b) - 1:  # at the end: the cell ends there
        closes = closes[:-1]
    may_open = np.zeros(256, dtype=bool)  # the byte before an opening quote
    may_open[[ord(","), ord("\n"), ord('"')]] = True
    may_close = may_open.copy()  # the byte after a closing quote
    may_close[ord("\r")] = True
    return bool(may_open[b[opens - 1]].all() and may_close[b[closes + 1]].all())


def _arrow_csv(data: bytes) -> pd.DataFrame | None:
    """:func:`_pandas_csv` by PyArrow's CSV reader (a quarter of the CPU time on a
    1M-row table, cells kept in Arrow strings; a blank line is a row of empty cells
    in both), or None where the two could differ: a file PyArrow refuses (a row of
    another length, bad UTF-8 …: pandas then gives the message), one with a NUL
    byte, a lone carriage return or a double quote that does not enclose a whole
    cell, or a header of one column."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:  # pragma: no cover - pyarrow comes with pandas 3
        return None
    body = data[3:] if data.startswith(_BOM) else data
    first = body.find(b"\n")
    if first <= 0 or b"\0" in body or body[:first].count(b",") < 1:
        return None
    if b'"' in body and not _quotes_enclose_cells(body):
        return None
    if b"\r" in body and body.count(b"\r") != body.count(b"\r\n"):
        return None
    width = body[:first].count(b",") + 1
    try:
        table = pacsv.read_csv(
            pa.BufferReader(body),
            read_options=pacsv.ReadOptions(use_threads=False, autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(ignore_empty_lines=False, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{k}": pa.string() for k in range(width)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    if table.num_columns != width:  # a quoted comma in the header
        return None
    frame: pd.DataFrame = table.to_pandas()
    return frame


def read_parquet(name: str, max_bytes: int) -> pd.DataFrame:
    """Read ``name`` as a Parquet codings table, refusing nested columns and tables
    larger than the limit before decoding them."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise UsageError(
            f"reading {name} needs the optional pyarrow package; install it with "
            "pip install 'posmatrix[parquet]' (or pip install pyarrow), or save the table as .csv"
        ) from exc
    data = read_bounded(name, max_bytes)
    try:
        pfile = pq.ParquetFile(pa.BufferReader(data))
        meta = pfile.metadata
        check_table_size(name, meta.num_rows, meta.num_columns, max_bytes)
        problems = [
            Problem(
                name,
                1,
                pos,
                f"column {field.name!r} holds {field.type} values; a codings table holds "
                "text and numbers only",
            )
            for pos, field in enumerate(pfile.schema_arrow, start=1)
            if pa.types.is_nested(field.type)
        ]
        if problems:
            raise DatasetError(problems)
        frame: pd.DataFrame = pfile.read().to_pandas()
        return frame
    except (DatasetError, UsageError, MemoryError):
        raise
    except Exception as exc:  # pyarrow raises its own ArrowInvalid (a ValueError) etc.
        raise DatasetError([Problem(name, 1, 1, f"malformed Parquet file: {exc}")]) from exc


def nested_cells(frame: pd.DataFrame, file: str, limit: int = 100) -> list[Problem]:
    """A problem for each cell holding a list, mapping, set or array (at most ``limit``):
    a codings table holds text and numbers only. Columns of flat values are passed over
    in C."""
    import numpy as np
    import pandas as pd

    problems: list[Problem] = []
    for pos in range(frame.shape[1]):
        col = frame.iloc[:, pos]
        if col.dtype != object or pd.api.types.infer_dtype(col, skipna=True) in _FLAT:
            continue
        for row, v in enumerate(col.to_numpy(dtype=object)):
            if isinstance(v, (list, tuple, dict, set, frozenset, np.ndarray)):
                problems.append(
                    Problem(
                        file,
                        row + 2,
                        pos + 1,
                        f"column {str(frame.columns[pos])!r} holds a {type(v).__name__}; a "
                        "codings table holds text and numbers only",
                    )
                )
                if len(problems) >= limit:
                    return problems
    return problems
