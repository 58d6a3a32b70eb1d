"""posmatrix.textsafe: control characters shown, spreadsheet cells neutralised, Markdown
escaped by context."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from posmatrix.textsafe import (
    bad_value_char,
    frame_to_csv,
    json_visible,
    md_block,
    md_blockquote,
    md_inline,
    neutralise_cell,
    restore_cell,
    visible,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H"),  # clear screen, cursor home
        ("\x1b]52;c;SGVsbG8=\x07", "\\x1b]52;c;SGVsbG8=\\x07"),  # OSC 52: clipboard
        ("a\x00b", "a\\x00b"),
        ("ALL OK\r", "ALL OK\\r"),  # a lone CR would overwrite the line
        ("x\u2028y", "x\\u2028y"),
        ("x\x9b2J", "x\\x9b2J"),  # C1 CSI
        ("abc\u202edcba", "abc\\u202edcba"),  # right-to-left override
        ("tab\tand\nline", "tab\tand\nline"),  # kept
        ("Київ café 😀", "Київ café 😀"),
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown


@given(st.text())
def test_visible_leaves_no_control_character(text: str) -> None:
    out = visible(text)
    assert all(ch in "\t\n" or (ord(ch) >= 0x20 and not 0x7F <= ord(ch) < 0xA0) for ch in out)
    assert "\u2028" not in out
    assert "\u202e" not in out


def test_json_visible_is_the_same_json_value() -> None:
    value = {"q": "a\x9bb\u2028c\u202ed\x1b"}
    text = json.dumps(value, ensure_ascii=False)
    safe = json_visible(text)
    assert "\x9b" not in safe
    assert "\u2028" not in safe
    assert "\u202e" not in safe
    assert json.loads(safe) == value


@pytest.mark.parametrize(
    ("cell", "out"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\uff1d1+2", "'\uff1d1+2"),  # full-width equals sign
        ("-2", "-2"),  # plain numbers stay numbers
        ("+0.5", "+0.5"),
        ("1e3", "1e3"),
        ("russia", "russia"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_cell(cell: str, out: str) -> None:
    assert neutralise_cell(cell) == out


def test_frame_to_csv_neutralises_index_columns_and_text_cells() -> None:
    frame = pd.DataFrame(
        {"=1+2": [0.5, -1.0], "note": ["@x", "ok"]},
        index=pd.Index(["-cmd", "b"], name="voice"),
    )
    text = frame_to_csv(frame)
    assert text == "voice,'=1+2,note\n'-cmd,0.5,'@x\nb,-1.0,ok\n"
    back = pd.read_csv(io.StringIO(text), index_col=0)
    assert back.iloc[:, 0].tolist() == [0.5, -1.0]  # numbers stay numbers


def test_frame_to_csv_tsv() -> None:
    frame = pd.DataFrame({"a": ["=x"]})
    assert frame_to_csv(frame, "\t", index=False) == "a\n'=x\n"


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ('<a href="javascript:x">y</a>', '\\<a href="javascript:x"\\>y\\</a\\>'),
        ("[VERIFIED](https:\\\\evil.invalid)", "\\[VERIFIED\\](https:\\\\\\\\evil.invalid)"),
        ("two\n\nlines", "two lines"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("# heading", "\\# heading"),
        ("a|b", "a\\|b"),
    ],
)
def test_md_inline(text: str, out: str) -> None:
    assert md_inline(text) == out


def test_md_blockquote_quotes_every_line() -> None:
    quoted = md_blockquote("first\n\n# Injected heading\n- list")
    assert quoted == "> first\n>\n> \\# Injected heading\n> \\- list"
    assert all(line.startswith(">") for line in quoted.splitlines())


def test_md_block_keeps_paragraphs_defuses_line_starts() -> None:
    assert md_block("one\ntwo\n\n## Fake\n\n2. x") == "one two\n\n\\#\\# Fake\n\n2\\. x"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("fine\ttext\nmore", None),
        ("\x1b[2J", "character U+001B (escape) at position 1"),
        ("a\rb", "character U+000D (carriage return) at position 2"),
        ("a\x00", "character U+0000 (NUL) at position 2"),
        ("x\u2028", "character U+2028 (line separator) at position 2"),
        ("x\x85", "character U+0085 (next line, NEL) at position 2"),
        ("\x07", "character U+0007 (bell) at position 1"),
    ],
)
def test_bad_value_char(text: str, why: str | None) -> None:
    assert bad_value_char(text) == why


@pytest.mark.parametrize(
    "text",
    ["=1+2", "'=1+2", "''@x", "-2", "'-2", "'quoted'", "plain", "'", "", "+", "\uff1dx"],
)
def test_restore_cell_undoes_neutralise_cell(text: str) -> None:
    assert restore_cell(neutralise_cell(text)) == text


@given(st.text(alphabet=st.sampled_from(list("'=+-@\t12.ex ")), max_size=8))
def test_restore_cell_undoes_neutralise_cell_for_any_text(text: str) -> None:
    assert restore_cell(neutralise_cell(text)) == text
