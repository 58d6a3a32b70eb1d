"""Safe, deterministic .xlsx writing on top of openpyxl's write-only mode.

Everything posmatrix puts in a workbook goes through :class:`BookWriter` and
:class:`SheetWriter`, which guarantee that

- **text stays text**: every string is written as a string cell (``data_type
  "s"``), so a quote or title starting with ``=``, ``+``, ``-`` or ``@`` never
  becomes a formula; such cells also carry Excel's *quote prefix*, so editing
  them in a spreadsheet application keeps them text;
- **no character breaks the file**: control characters, U+FFFE, U+FFFF and
  lone surrogates (which openpyxl rejects or saves into a file that no longer
  opens) are removed, with a :class:`CellWarning` naming the cell;
- **text shows as written**: a literal ``_xHHHH_``, which Excel would show as the
  character U+HHHH, is stored escaped (:func:`escape_ooxml`);
- **limits are enforced, not silent**: text longer than Excel's 32,767
  characters is cut with a visible marker and a warning; sheet titles are made
  valid (at most 31 characters, none of ``[ ] : * ? / \\``) and unique; rows and
  columns beyond Excel's 1,048,576 × 16,384 raise :class:`~posmatrix.errors.OutputError`;
- **the bytes are reproducible**: the same content gives the same file,
  because the zip is rewritten with fixed entry times and fixed document
  timestamps (``SOURCE_DATE_EPOCH`` is honoured when set);
- **the file appears atomically** (:mod:`posmatrix.atomic`).

Write-only mode streams rows, so a sheet's widths, frozen panes and print
titles are fixed when it is created (:meth:`BookWriter.add_sheet`).

>>> book = BookWriter(title="Demo")
>>> sheet = book.add_sheet("Quotes", widths=[12, 40], freeze="A2")
>>> _ = sheet.append([Styled("id", font=BOLD), Styled("quote", font=BOLD)])
>>> _ = sheet.append(["q1", "=HYPERLINK(\\"http://evil\\")"])
>>> import io, openpyxl
>>> ws = openpyxl.load_workbook(io.BytesIO(book.to_bytes()))["Quotes"]
>>> ws["B2"].value, ws["B2"].data_type
('=HYPERLINK("http://evil")', 's')
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import io
import math
import numbers
import os
import re
import time
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.comments import Comment
from openpyxl.formatting.rule import ColorScaleRule, Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from .atomic import PathLike, atomic_write
from .errors import OutputError, UsageError

__all__ = [
    "BOLD",
    "FONT_NAME",
    "HEADER_FILL",
    "MAX_CELL_CHARS",
    "MAX_COLS",
    "MAX_ROWS",
    "MAX_SHEET_TITLE",
    "PRINT_WIDTH",
    "WRAP",
    "BookWriter",
    "CellWarning",
    "SheetWriter",
    "Styled",
    "clean_text",
    "escape_ooxml",
    "font",
    "internal_link",
    "normalize_xlsx",
    "sheet_title",
    "unescape_ooxml",
]

MAX_CELL_CHARS: Final = 32_767
"""The most characters an Excel cell holds."""
MAX_ROWS: Final = 1_048_576
"""The most rows an Excel sheet holds."""
MAX_COLS: Final = 16_384
"""The most columns an Excel sheet holds."""
MAX_SHEET_TITLE: Final = 31
"""The longest sheet title Excel accepts."""
PRINT_WIDTH: Final = 200
"""Column-width units printed on one landscape page (wider sheets span more pages)."""

FONT_NAME: Final = "Calibri"
"""The workbook's typeface (Excel's default; the row-height estimate uses its widths)."""


def font(
    *,
    bold: bool = False,
    size: float = 11.0,
    color: str | None = None,
    underline: str | None = None,
) -> Font:
    """A :class:`~openpyxl.styles.Font` in the workbook's typeface.

    ``openpyxl.styles.Font(bold=True)`` leaves the name and size out of the file, and
    spreadsheet applications then fill in defaults of their own (LibreOffice a serif);
    every font posmatrix writes names Calibri and its size.

    >>> f = font(bold=True, size=16)
    >>> f.name, f.sz, f.b
    ('Calibri', 16.0, True)
    """
    return Font(name=FONT_NAME, family=2, sz=size, b=bold, color=color, u=underline)


BOLD: Final = font(bold=True)
WRAP: Final = Alignment(wrap_text=True, vertical="top")
HEADER_FILL: Final = PatternFill("solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
_THIN = Side(style="thin", color="FFB4B4B4")
HEADER_BORDER: Final = Border(bottom=_THIN)

# Characters XML 1.0 cannot carry: C0 controls except tab, newline and carriage return,
# the surrogate range (lone surrogates reach Python strings via surrogateescape) and
# the two noncharacters U+FFFE, U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel reads "_xHHHH_" in cell and comment text as the character U+HHHH (ECMA-376
# 22.4.2.4); a literal one is stored with its underscore escaped as "_x005F_". The
# lookahead also catches overlapping ones ("_x0041_x0042_" needs both escaped).
_OOXML_ESCAPE = re.compile("_(?=[xX][0-9A-Fa-f]{4}_)")
_SPECIAL = re.compile(f"{_ILLEGAL.pattern}|{_OOXML_ESCAPE.pattern}")
_OOXML_CHAR = re.compile("_x([0-9A-Fa-f]{4})_")  # what Excel decodes
# Leading characters spreadsheet applications read as the start of a formula.
_RISKY = ("=", "+", "-", "@", "\t", "\r")
_SAFE_URL = re.compile(r"^https?://[^\s\"<>]+$", re.IGNORECASE)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_WORD = re.compile(r"[^\s-]*-|\S+\s*|\s+")
_DEFAULT_WIDTH: Final = 8.43
# Advance widths, in 1/2048 em, of printable ASCII in Carlito, which is metric-compatible
# with Calibri (the workbook's font), read from its hmtx table; "0" (1038) is the unit of
# Excel's column widths. Row heights are estimated from them: counting characters
# instead overestimates prose (spaces and i, l, t are half a "0" wide) and
# underestimates capitals and m, w.
_ASCII_ADVANCE: Final = (
    # space ! " # $ % & ' ( ) * + , - . /
    (463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791)
    # 0-9 : ; < = > ? @
    + (1038,) * 10
    + (548, 548, 1020, 1020, 1020, 949, 1831)
    # A-Z
    + (1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751)
    + (1322, 1356, 1058, 1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959)
    # [ \\ ] ^ _ `
    + (628, 791, 628, 1020, 1020, 596)
    # a-z
    + (981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636)
    + (1076, 1080, 1076, 1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809)
    # { | } ~
    + (644, 943, 644, 1020)
)
_ZERO: Final = 1038.0
_ADVANCE: Final = {chr(32 + i): w / _ZERO for i, w in enumerate(_ASCII_ADVANCE)} | {
    # curly quotes, dashes, ellipsis (Carlito's), and the no-break space as a space
    "\u2018": 511 / _ZERO,
    "\u2019": 511 / _ZERO,
    "\u201c": 857 / _ZERO,
    "\u201d": 857 / _ZERO,
    "\u2013": 1020 / _ZERO,
    "\u2014": 1854 / _ZERO,
    "\u2026": 1414 / _ZERO,
    "\u00a0": 463 / _ZERO,
}
# Share of a column's width that wrapped text fills, in widths of "0": Excel gives a
# column w wide about 7w pixels of text at 96 dpi (w digits of its 7-pixel "0", plus
# padding), and Calibri 11's "0" is 7.43 pixels before hinting, so about 7 / 7.43.
# Estimating a little short of that leaves some white space in wider renderers
# (LibreOffice fills to about 1.0) but does not cut text off in Excel.
_WRAP_FILL: Final = 0.945
_LINE_PT: Final = 15.0
_FIXED_DATE: Final = (1980, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(
    r"(<dcterms:(created|modified)\b[^>]*>)([^<]*)(</dcterms:\2>)",
)


class CellWarning(UserWarning):
    """Text was changed to fit a workbook: characters removed, text cut at the cell
    limit, or a sheet title made valid. The message names the sheet and cell."""


def clean_text(text: str, *, where: str = "a cell", limit: int = MAX_CELL_CHARS) -> str:
    """``text`` made safe for a workbook cell, with a :class:`CellWarning` for each change.

    Removes characters a workbook cannot hold and cuts text longer than ``limit``
    (default 32,767) with a visible marker, so the result is at most ``limit``
    characters long and says how much was cut.

    Parameters
    ----------
    text : str
    where : str
        Named in the warning, e.g. ``"Stances!C4"``.
    limit : int
        The most characters allowed.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     clean_text("bell\\x07 and \\ufffe", where="Sources!B2")
    'bell and '
    >>> str(caught[0].message)
    'Sources!B2: removed 2 characters a workbook cannot hold (U+0007, U+FFFE)'
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     cut = clean_text("x" * 40_000)
    >>> len(cut), cut[-57:]
    (32767, '… [7,290 more characters cut: an Excel cell holds 32,767]')
    """
    bad = _ILLEGAL.findall(text)
    if bad:
        codes = ", ".join(dict.fromkeys(f"U+{ord(ch):04X}" for ch in bad))
        warnings.warn(
            f"{where}: removed {len(bad)} character{'s' if len(bad) != 1 else ''} "
            f"a workbook cannot hold ({codes})",
            CellWarning,
            stacklevel=2,
        )
        text = _ILLEGAL.sub("", text)
    if len(text) > limit:
        # The marker's length depends on the count it shows: iterate to the fixed point.
        keep = limit
        for _ in range(8):
            marker = f"… [{len(text) - keep:,} more characters cut: an Excel cell holds {limit:,}]"
            if keep + len(marker) <= limit:
                break
            keep = limit - len(marker)
        warnings.warn(
            f"{where}: text of {len(text):,} characters cut to the Excel cell limit of {limit:,}",
            CellWarning,
            stacklevel=2,
        )
        text = text[:keep] + marker
    return text


def escape_ooxml(text: str) -> str:
    """``text`` with every literal ``_xHHHH_`` escaped as ``_x005F_xHHHH_``, so that Excel
    and LibreOffice show it as written instead of as the character U+HHHH.

    Readers that do not decode these escapes (openpyxl, and so ``pandas.read_excel``)
    show the escaped form; :func:`unescape_ooxml` undoes it.

    >>> escape_ooxml("code _x0041_ and _x0041_x0042_, but not _x41_")
    'code _x005F_x0041_ and _x005F_x0041_x005F_x0042_, but not _x41_'
    """
    return _OOXML_ESCAPE.sub("_x005F_", text) if "_" in text else text


def unescape_ooxml(text: str) -> str:
    """Decode ``_xHHHH_`` escapes as Excel does (the inverse of :func:`escape_ooxml`).

    >>> unescape_ooxml("_x005F_x0041_x005F_x0042_ and _x000A_")
    '_x0041_x0042_ and \\n'
    >>> text = "_x0041_x0042_ _x005F_ _"
    >>> unescape_ooxml(escape_ooxml(text)) == text
    True
    """
    return _OOXML_CHAR.sub(lambda m: chr(int(m.group(1), 16)), text)


def sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet title for ``name``, with a :class:`CellWarning` if changed.

    Replaces ``[ ] : * ? / \\`` and unholdable characters with ``-``, strips the
    apostrophes Excel forbids at either end, cuts to 31 characters, and appends
    `` (2)``, `` (3)``... when the title (compared case-insensitively, as Excel
    does) is taken.

    >>> sheet_title("Red lines")
    'Red lines'
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     sheet_title("Q3: who/what? [draft]"), sheet_title("Gaps", taken=["gaps"])
    ('Q3- who-what- -draft-', 'Gaps (2)')
    """
    title = _ILLEGAL.sub("-", _SHEET_FORBIDDEN.sub("-", name)).strip("'").strip()
    if not title:
        title = "Sheet"
    if title.casefold() == "history":  # reserved by Excel
        title = "History (sheet)"
    title = title[:MAX_SHEET_TITLE]
    used = {t.casefold() for t in taken}
    n = 1
    base = title
    while title.casefold() in used:
        n += 1
        suffix = f" ({n})"
        title = base[: MAX_SHEET_TITLE - len(suffix)] + suffix
    if title != name:
        warnings.warn(
            f"sheet title {name!r} is not valid or not unique in Excel; using {title!r}",
            CellWarning,
            stacklevel=2,
        )
    return title


def internal_link(sheet: str, cell: str = "A1") -> str:
    """The location string of a link to ``cell`` on ``sheet`` of the same workbook.

    >>> internal_link("Red lines", "A1")
    "'Red lines'!A1"
    >>> internal_link("Actor's view")
    "'Actor''s view'!A1"
    """
    return "'" + sheet.replace("'", "''") + "'!" + cell


@dataclass(frozen=True)
class Styled:
    """A cell value with its look: font, fill, alignment, number format, border, a
    comment (shown on hover), an internal link (a location such as
    ``internal_link("Gaps")``) and an external ``url`` (only ``http``/``https``
    addresses become links; anything else stays plain text)."""

    value: object
    font: Font | None = None
    fill: PatternFill | None = None
    alignment: Alignment | None = None
    number_format: str | None = None
    border: Border | None = None
    comment: str | None = None
    link: str | None = None
    url: str | None = None


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return not math.isfinite(float(value))
    try:
        import pandas as pd

        return bool(value is pd.NA or value is pd.NaT)
    except ImportError:  # pragma: no cover
        return False


@functools.lru_cache(maxsize=65_536)
def _text_width(text: str) -> float:
    """Width of ``text`` in Calibri, in widths of "0" (Excel's column-width unit).

    >>> _text_width("0000"), round(_text_width("ill"), 2), round(_text_width("MW"), 2)
    (4.0, 1.36, 3.44)
    """
    width = 0.0
    for ch in text:
        advance = _ADVANCE.get(ch)
        if advance is None:
            if unicodedata.combining(ch):
                advance = 0.0
            elif unicodedata.east_asian_width(ch) in "WF":
                advance = 2.0  # a full-width glyph is about one em
            else:
                advance = 1.0  # other scripts: about an average letter
        width += advance
    return width


def _wrapped_lines(text: str, per_line: float) -> int:
    """Lines ``text`` takes when wrapped at word boundaries into lines ``per_line``
    widths of "0" wide (see :func:`_text_width`)."""
    per_line = max(1.0, per_line)
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        # words break after spaces and after hyphens, as spreadsheet applications wrap
        for word in _WORD.findall(paragraph):
            stripped = word.rstrip()
            core = _text_width(stripped)
            if used and used + core > per_line:
                lines += 1
                used = 0.0
            if core > per_line:  # a word longer than the line breaks anywhere
                extra = math.ceil(core / per_line) - 1
                lines += extra
                used = core - extra * per_line + _text_width(word[len(stripped) :])
            else:
                used += _text_width(word)
        total += lines
    return total


def _comment_size(text: str) -> tuple[int, int]:
    """Width and height in points of a comment box big enough to read ``text``."""
    width = 320
    chars_per_line = 52
    lines = sum(max(1, math.ceil(len(part) / chars_per_line)) for part in text.split("\n"))
    return width, min(600, 24 + 15 * lines)


class SheetWriter:
    """One worksheet being streamed; create it with :meth:`BookWriter.add_sheet`.

    Attributes
    ----------
    title : str
        The sheet's (valid, unique) title.
    rows : int
        Rows written so far.
    """

    def __init__(
        self,
        book: BookWriter,
        ws: Any,
        title: str,
        widths: Sequence[float] = (),
        align: Alignment | None = None,
    ) -> None:
        self._book = book
        self._ws = ws
        self.title = title
        self.rows = 0
        self._cols = 0
        self._widths = [float(w) for w in widths]
        self._align = align

    @property
    def worksheet(self) -> Any:
        """The underlying openpyxl write-only worksheet."""
        return self._ws

    def _checked_text(self, text: str, row: int, col: int) -> str:
        """``text`` cleaned, cut and OOXML-escaped so that it is stored as written."""
        where = f"{self.title}!{get_column_letter(col)}{row}"
        if len(text) > MAX_CELL_CHARS or _ILLEGAL.search(text) is not None:
            text = clean_text(text, where=where)
        escaped = escape_ooxml(text)
        if len(escaped) > MAX_CELL_CHARS:
            # the escapes lengthened it: cut the text so its escaped form fits
            # (openpyxl would cut the escaped form silently)
            text = clean_text(text, where=where, limit=MAX_CELL_CHARS - (len(escaped) - len(text)))
            escaped = escape_ooxml(text)
        return escaped

    def _copy(self, template: Any) -> Any:
        cell = copy.copy(template)
        cell.parent = self._ws  # the template may come from another sheet
        return cell

    def _text_cell(self, text: str, row: int, col: int, template: Any = None) -> Any:
        text = self._checked_text(text, row, col)
        cell = WriteOnlyCell(self._ws) if template is None else self._copy(template)
        # openpyxl guesses a formula for "=..." and an error for "#N/A": the text was
        # checked above, so store it as a string whatever it starts with
        cell.value = text
        cell.data_type = "s"
        if template is None and text.startswith(_RISKY):
            cell.quotePrefix = True
        return cell

    def _cell(self, value: object, row: int, col: int) -> Any:
        if self._align is not None and value is not None:
            if not isinstance(value, Styled):
                value = Styled(value, alignment=self._align)
            elif value.alignment is None:
                value = dataclasses.replace(value, alignment=self._align)
        elif type(value) is str:  # the common cases first
            if (
                len(value) <= MAX_CELL_CHARS
                and not value.startswith(_RISKY)
                and value not in ERROR_CODES
                and _SPECIAL.search(value) is None
            ):
                # openpyxl stores this as a plain string itself (it guesses a formula
                # only for "=...", an error only for "#N/A" and the like): the fast path
                return value
            return self._text_cell(value, row, col)
        elif type(value) is float:
            return value if math.isfinite(value) else None
        styled = value if isinstance(value, Styled) else None
        raw = styled.value if styled is not None else value
        cell: Any
        if _is_missing(raw):
            raw = None
        elif isinstance(raw, bool):
            pass
        elif isinstance(raw, numbers.Integral):
            raw = int(raw)
        elif isinstance(raw, numbers.Real):
            raw = float(raw)
        elif not isinstance(raw, str):
            raw = str(raw)
        if styled is None:
            if isinstance(raw, str):
                return self._text_cell(raw, row, col)
            return raw
        # Registering a style hashes it (slow): style one template cell per look through
        # openpyxl's public setters, then copy it (the copies share its style).
        risky = isinstance(raw, str) and raw.startswith(_RISKY)
        key = (
            id(styled.font),
            id(styled.fill),
            id(styled.alignment),
            styled.number_format,
            id(styled.border),
            risky,
        )
        cached = self._book._templates.get(key)
        if cached is None:
            template = WriteOnlyCell(self._ws)
            if styled.font is not None:
                template.font = styled.font
            if styled.fill is not None:
                template.fill = styled.fill
            if styled.alignment is not None:
                template.alignment = styled.alignment
            if styled.number_format is not None:
                template.number_format = styled.number_format
            if styled.border is not None:
                template.border = styled.border
            if risky:
                template.quotePrefix = True
            # keep the style objects alive so their ids stay unique while cached
            self._book._templates[key] = (template, styled)
        else:
            template = cached[0]
        if isinstance(raw, str):
            cell = self._text_cell(raw, row, col, template)
        else:
            cell = self._copy(template)
            cell.value = raw
        coordinate = f"{get_column_letter(col)}{row}"
        if styled.comment:
            text = clean_text(styled.comment, where=f"the comment on {self.title}!{coordinate}")
            width, height = _comment_size(text)
            cell.comment = Comment(escape_ooxml(text), "posmatrix", width=width, height=height)
        if styled.link:
            cell.hyperlink = Hyperlink(ref=coordinate, location=styled.link)
        elif styled.url and _SAFE_URL.match(styled.url) and not _ILLEGAL.search(styled.url):
            cell.hyperlink = Hyperlink(ref=coordinate, target=styled.url[:2000])
        return cell

    def _width(self, col: int) -> float:
        return self._widths[col] if col < len(self._widths) else _DEFAULT_WIDTH

    def _height(self, values: Sequence[object], span: int = 1) -> float | None:
        """Points needed by the tallest cell: wrapped text over its column width,
        rotated text by its length, large fonts by their size."""
        best = 0.0
        for col, value in enumerate(values):
            if not isinstance(value, Styled) or not isinstance(value.value, str):
                if isinstance(value, str) and "\n" in value:
                    best = max(best, _LINE_PT * (value.count("\n") + 1))
                continue
            text = value.value
            size = float(value.font.sz) if value.font is not None and value.font.sz else 11.0
            line = _LINE_PT * size / 11.0
            align = value.alignment
            if align is not None and align.textRotation in (90, 180, 255):
                per_char = 7.0 if value.font is not None and value.font.b else 6.2
                best = max(best, per_char * size / 11.0 * len(text) + 10.0)
            elif align is not None and align.wrap_text:
                width = sum(self._width(c) for c in range(span)) if col == 0 else self._width(col)
                bold = value.font is not None and bool(value.font.b)
                # bold Carlito/Calibri is 2-3 % wider than regular for lowercase prose
                fill = _WRAP_FILL / (1.03 if bold else 1.0)
                lines = _wrapped_lines(text, width * fill * 11.0 / size)
                best = max(best, line * lines + 3.0)
            else:
                best = max(best, line * (text.count("\n") + 1))
        if best <= _LINE_PT + 0.5:
            return None
        return min(best, 409.0)  # Excel's tallest row

    def append(self, values: Sequence[object], *, height: float | None = None) -> int:
        """Write one row; return its row number (1-based).

        Values may be None or NaN (an empty cell), numbers, bools, text (always written
        as text), :class:`Styled` values, or anything else (written as ``str(value)``).
        The row is made tall enough for wrapped, rotated or large text (estimated from
        the column widths; spreadsheet applications do not re-measure rows on opening),
        unless ``height`` (points) is given.

        Raises
        ------
        OutputError
            When the row would pass Excel's 1,048,576 rows or 16,384 columns.
        """
        row = self.rows + 1
        if row > MAX_ROWS:
            raise OutputError(
                f"sheet {self.title!r} needs more than Excel's {MAX_ROWS:,} rows; "
                "select fewer voices or split the dataset"
            )
        if len(values) > MAX_COLS:
            raise OutputError(
                f"row {row} of sheet {self.title!r} has {len(values):,} cells; "
                f"Excel holds at most {MAX_COLS:,} columns"
            )
        tall = height if height is not None else self._height(values)
        if tall is not None:
            self._ws.row_dimensions[row].height = tall
        self._ws.append([self._cell(v, row, col) for col, v in enumerate(values, 1)])
        self.rows = row
        self._cols = max(self._cols, len(values))
        return row

    def append_merged(self, value: object, span: int) -> int:
        """Write one value across the first ``span`` columns of a new row (merged cells);
        for titles and paragraphs. The row height fits the text over the merged width."""
        if span < 1 or span > MAX_COLS:
            raise ValueError(f"span must be 1..{MAX_COLS}, got {span!r}")
        row = self.append([value], height=self._height([value], span) or _LINE_PT)
        if span > 1:
            self._ws.merged_cells.add(f"A{row}:{get_column_letter(span)}{row}")
        return row

    def auto_filter(self, first_row: int = 1, last_row: int | None = None) -> None:
        """Put filter buttons on ``first_row`` over the columns written so far."""
        if self._cols == 0:
            return
        last = self.rows if last_row is None else last_row
        self._ws.auto_filter.ref = f"A{first_row}:{get_column_letter(self._cols)}{max(last, 1)}"

    def color_scale(
        self,
        ref: str,
        *,
        low: float,
        high: float,
        mid: float | None = None,
        colors: tuple[str, str, str] = ("FFD7301F", "FFF7F7F7", "FF2166AC"),
    ) -> None:
        """Colour the cells of ``ref`` on a scale from ``low`` (first colour) through
        ``mid`` to ``high`` (last colour): a conditional format, so it follows edits."""
        if mid is None:
            mid = (low + high) / 2
        rule: Rule = ColorScaleRule(
            start_type="num",
            start_value=low,
            start_color=colors[0],
            mid_type="num",
            mid_value=mid,
            mid_color=colors[1],
            end_type="num",
            end_value=high,
            end_color=colors[2],
        )
        self._ws.conditional_formatting.add(ref, rule)


class BookWriter:
    """A workbook written in write-only mode, safely and reproducibly.

    Parameters
    ----------
    title : str
        The document title stored in the file's properties.
    """

    def __init__(self, title: str = "") -> None:
        self._wb = Workbook(write_only=True)
        self._wb.properties.creator = "posmatrix"
        self._wb.properties.lastModifiedBy = "posmatrix"
        if title:
            self._wb.properties.title = clean_text(title, where="the document title", limit=255)
        self.sheets: list[SheetWriter] = []
        self._saved = False
        # one styled template cell per look (see SheetWriter._cell)
        self._templates: dict[tuple[object, ...], tuple[Any, Styled]] = {}

    def add_sheet(
        self,
        title: str,
        *,
        widths: Sequence[float] = (),
        freeze: str | None = None,
        landscape: bool = True,
        title_rows: int = 1,
        footer: str = "&A – page &P of &N",
        tab_color: str | None = None,
        align: Alignment | None = None,
    ) -> SheetWriter:
        """Add a sheet set up for screen and print.

        Parameters
        ----------
        title : str
            Made valid and unique by :func:`sheet_title`.
        widths : sequence of float
            Column widths in characters, from column A.
        freeze : str, optional
            The top-left cell that scrolls, e.g. ``"B2"`` freezes row 1 and column A.
        landscape : bool
            Page orientation; every sheet prints fit to the page width.
        title_rows : int
            Rows repeated at the top of every printed page (0 for none).
        footer : str
            Centre footer; ``&A`` is the sheet name, ``&P``/``&N`` page and page count.
        tab_color : str, optional
            ARGB colour of the sheet's tab.
        align : Alignment, optional
            Alignment of every cell that sets none (e.g. top-aligned rows of wrapped text).

        Notes
        -----
        Printing fits the sheet to the page width; a sheet wider than about
        :data:`PRINT_WIDTH` characters is spread over as many pages across as needed
        (instead of shrinking to illegible type), with column A repeated on each.
        """
        name = sheet_title(title, [s.title for s in self.sheets])
        ws = self._wb.create_sheet(name)
        for col, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(col)].width = float(width)
        if freeze is not None:
            ws.freeze_panes = freeze
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        # up to 15% over PRINT_WIDTH still prints on one page across, a little smaller
        pages = max(1, math.ceil(sum(widths) / (PRINT_WIDTH * 1.15))) if widths else 1
        ws.page_setup.fitToWidth = pages
        if pages > 1:
            ws.print_title_cols = "A:A"
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        if title_rows > 0:
            ws.print_title_rows = f"1:{title_rows}"
        ws.oddFooter.center.text = footer
        ws.oddFooter.center.size = 8
        if tab_color is not None:
            ws.sheet_properties.tabColor = tab_color
        sheet = SheetWriter(self, ws, name, widths, align)
        self.sheets.append(sheet)
        return sheet

    def to_bytes(self) -> bytes:
        """The finished workbook as reproducible bytes (see :func:`normalize_xlsx`).

        A write-only workbook is saved once; call this (or :meth:`save`) once.
        """
        if self._saved:
            raise OutputError("this workbook was already saved; build a new BookWriter")
        if not self.sheets:
            self.add_sheet("Sheet")
        buffer = io.BytesIO()
        self._wb.save(buffer)
        self._saved = True
        return normalize_xlsx(buffer.getvalue())

    def save(self, path: PathLike, *, protect: Iterable[PathLike | None] = ()) -> Path:
        """Write the workbook to ``path`` atomically, never over a ``protect`` file."""
        from .atomic import check_output_path

        check_output_path(path, protect)  # fail before the work of serialising
        return atomic_write(path, self.to_bytes(), protect=protect)


_ZIP_LAST: Final = 4354819199  # 2107-12-31T23:59:59Z


def _fixed_stamp() -> tuple[tuple[int, int, int, int, int, int], str]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        # ASCII digits only ("²".isdigit() is true), and a time a zip entry can hold:
        # zip times run from 1980 (earlier ones are raised to it) to the end of 2107
        if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 12:
            raise UsageError(
                f"SOURCE_DATE_EPOCH must be a number of seconds since 1970 (ASCII digits), "
                f"got {epoch[:40]!r}; unset it or give e.g. SOURCE_DATE_EPOCH=1700000000"
            )
        if int(epoch) > _ZIP_LAST:
            raise UsageError(
                f"SOURCE_DATE_EPOCH {epoch} is after 2107-12-31, the last time a zip file "
                f"(an .xlsx) can hold; give at most {_ZIP_LAST}"
            )
        t = time.gmtime(max(int(epoch), 315532800))  # zip times start in 1980
        date = (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
    else:
        date = _FIXED_DATE
    y, mo, d, h, mi, s = date
    return date, f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z"


def normalize_xlsx(data: bytes) -> bytes:
    """Rewrite an .xlsx so equal content gives equal bytes.

    Every zip entry gets the same time, permissions and host system, and the
    ``created``/``modified`` times in ``docProps/core.xml`` are fixed (openpyxl sets
    them to *now* on each save). The time is 1980-01-01 00:00:00 UTC, or
    ``SOURCE_DATE_EPOCH`` when that environment variable is set.

    >>> import openpyxl, zipfile
    >>> buf = io.BytesIO(); openpyxl.Workbook().save(buf)
    >>> book = zipfile.ZipFile(io.BytesIO(normalize_xlsx(buf.getvalue())))
    >>> {entry.date_time for entry in book.infolist()}
    {(1980, 1, 1, 0, 0, 0)}
    >>> core = book.read("docProps/core.xml").decode()
    >>> core.count(">1980-01-01T00:00:00Z<")  # created and modified
    2
    """
    date, stamp = _fixed_stamp()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = payload.decode("utf-8")
                text = _CORE_TIMES.sub(lambda m: m.group(1) + stamp + m.group(4), text)
                payload = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=date)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, payload, compresslevel=6)
    return out.getvalue()
