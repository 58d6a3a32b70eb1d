"""Text made safe for a workbook: characters removed, long text cut, ``_xHHHH_``
escaped, sheet titles made valid and unique, internal link locations.

:mod:`posmatrix.xlsx` writes every string through these; they are re-exported there.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from typing import Final

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_SHEET_TITLE",
    "CellWarning",
    "clean_text",
    "escape_ooxml",
    "internal_link",
    "sheet_title",
    "unescape_ooxml",
]

MAX_CELL_CHARS: Final = 32_767
"""The most characters an Excel cell holds."""
MAX_SHEET_TITLE: Final = 31
"""The longest sheet title Excel accepts."""

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
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


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
