"""Text that is safe to show or to open: control characters, spreadsheet formulas, Markup.

Every renderer that writes text for a terminal or a document goes through these
helpers, so that nothing a dataset holds can act when the output is shown:

* :func:`visible` shows control characters as escapes (``\\x1b``, ``\\u2028``)
  instead of sending them to a terminal, where they clear the screen, move the
  cursor, fake output or write the clipboard (OSC 52);
* :func:`json_visible` does the same inside JSON text, with JSON's own escapes;
* :func:`neutralise_cell` and :func:`frame_to_csv` keep a CSV/TSV cell that a
  spreadsheet would evaluate (``=1+2``, ``@SUM(…)``, ``-cmd``) as text, by the
  OWASP rule: such a cell gets a leading ``'``;
* :func:`md_inline`, :func:`md_block` and :func:`md_blockquote` escape text for
  Markdown by context: inline (tables, bullets, headings) escapes HTML and link
  syntax and joins lines; a block keeps its paragraphs but defuses lines that
  would start a heading or a list; a blockquote quotes every line.

The character rule for *input* values is :data:`BAD_VALUE_CHAR`; see
``docs/user-guide.md`` (section "Safety") for the exact rules.

>>> visible("ok\\x1b[2J\\x07 done")
'ok\\\\x1b[2J\\\\x07 done'
>>> neutralise_cell("=1+2"), neutralise_cell("-2"), neutralise_cell("russia")
("'=1+2", '-2', 'russia')
>>> md_inline("<script>[x](y)|")
'\\\\<script\\\\>\\\\[x\\\\](y)\\\\|'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = [
    "BAD_VALUE_CHAR",
    "FORMULA_START",
    "bad_value_char",
    "bad_value_mask",
    "frame_to_csv",
    "json_visible",
    "md_block",
    "md_blockquote",
    "md_inline",
    "neutralise_cell",
    "restore_cell",
    "visible",
]

BAD_VALUE_CHAR: Final = re.compile(
    "[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""Characters no text value may hold, after YAML escapes are decoded or a table cell is
read: every C0 control but tab and line feed (so also carriage return, escape, NUL,
bell), DEL, the C1 controls, the line and paragraph separators U+2028/U+2029, lone
surrogates and the non-characters U+FFFE/U+FFFF. The file rule of
:mod:`posmatrix.yamlsafe` is the same, plus the carriage return of a line break."""

# Shown escaped on output: what BAD_VALUE_CHAR refuses (tab and line feed stay), plus a
# lone carriage return and the bidirectional embedding/override/isolate controls that
# reorder what a terminal shows ("Trojan source").
_SHOWN_ESCAPED: Final = re.compile(
    "[^\t\n\x20-\x7e\xa0-\u2027\u202f-\u2065\u206a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""First characters that make a spreadsheet evaluate a cell (the OWASP list, with the
full-width forms some spreadsheets also accept)."""

_NUMBER: Final = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_MD_INLINE: Final = re.compile(r"([\\`*_\[\]<>|#!&~])")
_MD_LINE_START: Final = re.compile(r"^([+\-=]|\d+(?=[.)]))")
_BREAKS: Final = re.compile(r"\s*\n\s*")
_PARAGRAPHS: Final = re.compile(r"\n[ \t]*\n\s*")


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape (tab and line feed kept).

    >>> visible("a\\rb\\u2028c\\u202ed")
    'a\\\\rb\\\\u2028c\\\\u202ed'
    """
    if _SHOWN_ESCAPED.search(text) is None:
        return text
    return _SHOWN_ESCAPED.sub(lambda m: "\\r" if m.group() == "\r" else _escape(m.group()), text)


def json_visible(text: str) -> str:
    """JSON text with the control characters ``json.dumps(ensure_ascii=False)`` leaves raw
    (C1 controls, U+2028/U+2029, bidi overrides) written as ``\\uXXXX`` escapes: the same
    JSON value, safe to print.

    >>> json_visible('["a\\u009bb"]')
    '["a\\\\u009bb"]'
    """
    if _SHOWN_ESCAPED.search(text) is None:
        return text
    return _SHOWN_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def bad_value_char(text: str) -> str | None:
    """A description of the first character of ``text`` that no value may hold, or None.

    >>> bad_value_char("fine"), bad_value_char("x\\x1b[2J")
    (None, 'character U+001B (escape) at position 2')
    """
    m = BAD_VALUE_CHAR.search(text)
    if m is None:
        return None
    code = ord(m.group())
    name = _NAMES.get(code, "a control character")
    return f"character U+{code:04X} ({name}) at position {m.start() + 1}"


def bad_value_mask(values: pd.Series) -> npt.NDArray[np.bool_]:
    """Which text values of a column hold a character :data:`BAD_VALUE_CHAR` refuses
    (non-text values are False). One scan in C when no value has one."""
    import numpy as np

    arrow = _arrow_strings(values)
    if arrow is not None:  # no Python strings made: the UTF-8 bytes, then RE2 per value
        if not any(map(_may_hold_bad, getattr(arrow, "chunks", [arrow]))):
            return np.zeros(len(values), dtype=bool)
        import pyarrow.compute as pc

        found = pc.match_substring_regex(arrow, _BAD_VALUE_RE2).fill_null(False)
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
    obj = values.to_numpy(dtype=object)
    texts = [v for v in obj if type(v) is str]
    if BAD_VALUE_CHAR.search("\n".join(texts)) is None:
        return np.zeros(len(obj), dtype=bool)
    search = BAD_VALUE_CHAR.search
    return np.fromiter(
        (type(v) is str and search(v) is not None for v in obj), dtype=bool, count=len(obj)
    )


_BAD_VALUE_RE2: Final = r"[\x00-\x08\x0b-\x1f\x7f-\x{9f}\x{2028}\x{2029}\x{fffe}\x{ffff}]"
""":data:`BAD_VALUE_CHAR` for PyArrow's RE2 on valid UTF-8 (which holds no lone surrogate)."""


def _may_hold_bad(chunk: Any) -> bool:
    """Whether the UTF-8 bytes behind an Arrow string array may encode a character
    :data:`BAD_VALUE_CHAR` refuses: a C0 control but tab and line feed, DEL, or the
    lead bytes of U+0080–U+009F, U+2028/U+2029, U+FFFE/U+FFFF. False for sure; True
    may be a false alarm (the buffer may extend past the array)."""
    import numpy as np

    buffer = chunk.buffers()[2]
    if buffer is None:
        return False
    b = np.frombuffer(buffer, dtype=np.uint8)
    if ((b < 0x20) & (b != 0x09) & (b != 0x0A)).any() or (b == 0x7F).any():
        return True
    lead = np.flatnonzero((b == 0xC2) | (b == 0xE2) | (b == 0xEF))
    nxt = b[np.minimum(lead + 1, len(b) - 1)]
    return bool(
        (((b[lead] == 0xC2) & (nxt < 0xA0)) | ((b[lead] == 0xE2) & (nxt == 0x80))).any()
        or ((b[lead] == 0xEF) & (nxt == 0xBF)).any()
    )


def _arrow_strings(values: pd.Series) -> Any:
    """The PyArrow string array behind ``values``, or None when it has another dtype."""
    import pandas as pd

    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa

        return pa.array(values.array)
    return None


_NAMES: Final = {
    0: "NUL",
    7: "bell",
    8: "backspace",
    11: "vertical tab",
    12: "form feed",
    13: "carriage return",
    27: "escape",
    127: "DEL",
    0x85: "next line, NEL",
    0x9B: "control sequence introducer",
    0x2028: "line separator",
    0x2029: "paragraph separator",
}


def _would_evaluate(text: str) -> bool:
    return text.startswith(FORMULA_START) and _NUMBER.fullmatch(text) is None


def neutralise_cell(text: str) -> str:
    """A text cell a spreadsheet will not evaluate: a leading ``'`` when it starts with
    ``= + - @``, a tab or a carriage return (or their full-width forms), unless it is a
    plain number such as ``-2`` or ``+0.5``. Text that already starts with ``'`` before
    such a character gets one more, so :func:`restore_cell` gives back exactly the text.

    >>> neutralise_cell("'=x"), restore_cell(neutralise_cell("'=x"))
    ("''=x", "'=x")
    """
    if _would_evaluate(text.lstrip("'")):
        return "'" + text
    return text


def restore_cell(text: str) -> str:
    """The text a CSV cell that :func:`neutralise_cell` wrote stands for: one leading
    ``'`` less where it marks a cell that would otherwise be evaluated; any other text
    as it is. posmatrix reads codings tables with it, so a table it wrote (``posmatrix
    convert``) reads back as the dataset it came from.

    >>> restore_cell("'=1+2"), restore_cell("'-2"), restore_cell("'quoted'")
    ('=1+2', "'-2", "'quoted'")
    """
    if text.startswith("'") and _would_evaluate(text.lstrip("'")):
        return text[1:]
    return text


def _neutral(value: object) -> object:
    if isinstance(value, str):
        return neutralise_cell(visible(value))
    return value


def frame_to_csv(frame: pd.DataFrame, sep: str = ",", *, index: bool = True) -> str:
    """``frame.to_csv`` with every text cell, index label and column name neutralised
    (:func:`neutralise_cell`) and its control characters shown (:func:`visible`);
    numbers are written as numbers.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"=1+2": [-0.5]}, index=pd.Index(["@x"], name="voice"))
    >>> print(frame_to_csv(f), end="")
    voice,'=1+2
    '@x,-0.5
    """
    import pandas as pd

    out = frame.copy()
    for j in range(out.shape[1]):
        col = out.iloc[:, j]
        if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
            out.isetitem(j, pd.Series([_neutral(v) for v in col], index=out.index, dtype=object))
    out.columns = pd.Index([_neutral(c) for c in out.columns], dtype=object)
    if isinstance(out.index, pd.MultiIndex):
        out.index = pd.MultiIndex.from_tuples(
            [tuple(_neutral(v) for v in t) for t in out.index],
            names=[_neutral(n) for n in out.index.names],
        )
    else:
        out.index = pd.Index(
            [_neutral(v) for v in out.index], name=_neutral(out.index.name), dtype=object
        )
    text: str = out.to_csv(sep=sep, lineterminator="\n", index=index)
    return text


def md_inline(text: str, *, line_start: bool = True) -> str:
    """Text for one line of Markdown (a table cell, a bullet, a heading): line breaks
    become spaces, and HTML, link, emphasis, code and table syntax is escaped; with
    ``line_start``, also a first ``+ - =`` or ``1.`` that would start a list or a rule."""
    line = _MD_INLINE.sub(r"\\\1", visible(_BREAKS.sub(" ", text.strip())))
    m = _MD_LINE_START.match(line) if line_start else None
    if m is None:
        return line
    if m.group().isdigit():
        return f"{m.group()}\\{line[m.end() :]}"
    return f"\\{line}"


def md_block(text: str) -> str:
    """Text for a Markdown paragraph: paragraphs kept, each one's lines joined, inline
    syntax escaped, and a first character that would start a heading, list, quote,
    rule or code block escaped."""
    parts = [md_inline(para) for para in _PARAGRAPHS.split(text.strip())]
    return "\n\n".join(p for p in parts if p)


def md_blockquote(text: str) -> str:
    """``text`` as a Markdown blockquote: every line, blank ones included, starts ``>``,
    so no line can leave the quote."""
    lines = [md_inline(line) for line in text.strip().split("\n")]
    return "\n".join(f"> {line}" if line else ">" for line in lines)
