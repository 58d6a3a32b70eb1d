"""How much room text takes in a workbook: glyph widths of Calibri, lines of
wrapped text, comment boxes. :class:`posmatrix.xlsx.SheetWriter` sets row heights
from these estimates.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Final

from .xlsxstyle import Styled

_WORD = re.compile(r"[^\s-]*-|\S+\s*|\s+")
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
# Each further line of wrapped text: Calibri's (and Carlito's) line spacing is 1.22 em,
# 13.4 pt at 11 pt, which LibreOffice prints; Excel spaces lines a little wider. 14 pt
# leaves LibreOffice's print a little air and cuts nothing in Excel but a long cell's
# last descenders.
_NEXT_LINE_PT: Final = 14.0
# A merged cell is wider than the sum of its columns' widths in Excel (each column
# boundary adds 5 pixels of padding) but not in LibreOffice's print, which wraps at
# the sum: count the sum.
_MERGE_PAD: Final = 0.0


def _lines_height(lines: int, size: float = 11.0) -> float:
    """Points a row needs for ``lines`` lines of wrapped text at ``size`` points.

    >>> _lines_height(1), _lines_height(3)
    (15.0, 46.0)
    """
    if lines <= 1:
        return _LINE_PT * size / 11.0  # a row's own height, no extra padding
    return (_LINE_PT + _NEXT_LINE_PT * (lines - 1)) * size / 11.0 + 3.0


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


def row_height(
    values: Sequence[object],
    column_width: Callable[[int], float],
    span: int = 1,
    merge: dict[int, int] | None = None,
) -> float | None:
    r"""Points needed by the tallest cell: wrapped text over its column width (or
    the width of the ``merge``\ d columns it starts), rotated text by its length,
    large fonts by their size; ``None`` for the default height. ``column_width(col)`` is a
    column's width in characters."""
    best = 0.0
    spans = dict(merge or {})
    if span > 1:
        spans[0] = span
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
            n = spans.get(col, 1)
            width = sum(column_width(c) for c in range(col, col + n)) + _MERGE_PAD * (n - 1)
            bold = value.font is not None and bool(value.font.b)
            # bold Carlito/Calibri is 2-3 % wider than regular for lowercase prose
            fill = _WRAP_FILL / (1.03 if bold else 1.0)
            lines = _wrapped_lines(text, width * fill * 11.0 / size)
            best = max(best, _lines_height(lines, size))
        else:
            best = max(best, line * (text.count("\n") + 1))
    if best <= _LINE_PT + 0.5:
        return None
    return min(best, 409.0)  # Excel's tallest row
