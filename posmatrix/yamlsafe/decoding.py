"""Raw input checked before any parsing: the size limit, UTF-8 (a BOM is stripped, a
UTF-16 file is named), and no NUL or other control characters, each problem located."""

from __future__ import annotations

import re
from typing import Final

from ..errors import DatasetError, Problem
from .messages import _MAX_REPORTED, _line_col

MAX_BYTES: Final = 50_000_000
"""Default size limit of a dataset file in bytes (50 MB)."""


# Everything YAML 1.2 (and libyaml) refuses to read: C0/C1 controls except tab, line
# feed and carriage return, and the non-characters U+FFFE/U+FFFF.
# NEL, LS and PS are line breaks to libyaml but not to editors, so they would shift every
# line number after them: refused as well.
_BAD_CHAR: Final = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_CHAR_NAMES: Final = {
    0: "NUL",
    7: "BEL",
    8: "backspace",
    11: "vertical tab",
    12: "form feed",
    27: "escape",
    127: "DEL",
    0x85: "next line, NEL",
    0x2028: "line separator",
    0x2029: "paragraph separator",
    0xFFFE: "a non-character",
    0xFFFF: "a non-character",
}


def decode(data: str | bytes, name: str = "<string>", *, max_bytes: int = MAX_BYTES) -> str:
    """Check raw input and return it as text without a BOM.

    Raises :class:`DatasetError` for input over ``max_bytes``, bytes that are not
    UTF-8 (naming the byte offset, line and column), and control characters.

    >>> decode(b"\\xef\\xbb\\xbfformat: posmatrix/1\\n")
    'format: posmatrix/1\\n'
    >>> decode(b"title: caf\\xe9\\n", name="f.yaml")
    Traceback (most recent call last):
    ...
    posmatrix.errors.DatasetError: 1 problem in dataset
    f.yaml:1:11: the file is not UTF-8: byte 0xe9 at offset 10 cannot be decoded; ...
    """
    if isinstance(data, str):
        size = len(data) if len(data) * 4 <= max_bytes else len(data.encode("utf-8", "replace"))
        _check_size(size, name, max_bytes)
        try:
            data.encode("utf-8")
        except UnicodeEncodeError as exc:
            line, col = _line_col(data, exc.start)
            raise DatasetError(
                [Problem(name, line, col, "the text holds a lone surrogate character; remove it")]
            ) from None
        text = data
    else:
        _check_size(len(data), name, max_bytes)
        text = _decode_bytes(bytes(data), name)
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_characters(text, name)
    return text


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise DatasetError(
            [
                Problem(
                    name,
                    1,
                    1,
                    f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes; "
                    "split it, or raise the limit (max_bytes=..., or --max-bytes)",
                )
            ]
        )


def _decode_bytes(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DatasetError(
            [
                Problem(
                    name, 1, 1, "the file is UTF-16 (it starts with a UTF-16 BOM); save it as UTF-8"
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        head = data[:start].decode("utf-8", "replace")
        line, column = _line_col(head, len(head))
        raise DatasetError(
            [
                Problem(
                    name,
                    line,
                    column,
                    f"the file is not UTF-8: byte 0x{data[start]:02x} at offset {start} cannot be "
                    "decoded; save the file as UTF-8 (it may be Latin-1/Windows-1252, or binary)",
                )
            ]
        ) from None


def _check_characters(text: str, name: str) -> None:
    if _BAD_CHAR.search(text) is None:
        return
    problems = []
    for m in _BAD_CHAR.finditer(text):
        code = ord(m.group())
        what = _CHAR_NAMES.get(code, "a control character")
        line, col = _line_col(text, m.start())
        problems.append(
            Problem(
                name,
                line,
                col,
                f"character U+{code:04X} ({what}) is not allowed in a dataset; "
                + (
                    "replace it with a space or a line break"
                    if code in (0x85, 0x2028, 0x2029)
                    else "remove it (is this a binary file, or a bad copy-paste?)"
                ),
            )
        )
        if len(problems) == _MAX_REPORTED:
            rest = len(_BAD_CHAR.findall(text, m.end()))
            if rest:
                problems.append(
                    Problem(name, line, col, f"... and {rest:,} more such characters after this")
                )
            break
    raise DatasetError(problems)
