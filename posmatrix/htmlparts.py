"""HTML components for notebook displays, under one escaping rule.

Every text from a dataset goes through :func:`esc` (``html.escape``, quotes included,
for text and attribute values alike) exactly once, when a component places it; what a
component returns is marked :class:`Html` and never escaped again. Nothing a dataset
says can run as markup or script. Long texts are cut (:func:`cut`), tables bounded
(:data:`MAX_ROWS`); the full data stays in the result's frames.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Final

from .model import Scale

__all__ = [
    "MAX_ROWS",
    "QUOTE_WIDTH",
    "Html",
    "chip",
    "cut",
    "details",
    "el",
    "esc",
    "head",
    "join",
    "num",
    "page",
    "plural",
    "quote",
    "signed",
    "stance_chip",
    "table",
]

QUOTE_WIDTH: Final = 240
"""Longest quote or text shown, in characters (longer ones end in ``…``)."""
MAX_ROWS: Final = 50
"""Most rows shown per table."""

_CSS: Final = (
    # selectors start with div.posmatrix-repr table.pm to outrank JupyterLab's own
    # ":not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td" (right-aligned) rules
    "<style>"
    "div.posmatrix-repr{line-height:1.45;max-width:72em}"
    "div.posmatrix-repr table.pm{border-collapse:collapse;margin:.3em 0 .6em}"
    "div.posmatrix-repr table.pm th,div.posmatrix-repr table.pm td{text-align:left;"
    "vertical-align:top;padding:.15em .6em}"
    "div.posmatrix-repr table.pm td.num,div.posmatrix-repr table.pm th.num{text-align:right;"
    "font-variant-numeric:tabular-nums;white-space:nowrap}"
    "div.posmatrix-repr table.pm td.id{white-space:nowrap}"
    "div.posmatrix-repr .muted{color:#808080}"
    "div.posmatrix-repr summary{cursor:pointer;font-weight:bold;margin:.4em 0}"
    "div.posmatrix-repr .chip{display:inline-block;min-width:1.8em;text-align:center;"
    "border-radius:3px;padding:0 .25em;color:#000;font-variant-numeric:tabular-nums}"
    "div.posmatrix-repr ul{margin:.2em 0 .5em;padding-left:1.4em}"
    "div.posmatrix-repr q{font-style:italic}"
    "</style>"
)


class Html(str):
    """A piece of HTML built by the components here: placed as is, never escaped again."""

    __slots__ = ()


def esc(value: object) -> Html:
    """The one escaping rule: ``html.escape`` with quotes, for text and attributes.

    An :class:`Html` value is already markup built here and passes unchanged.

    >>> esc('<script>alert("x")</script> & {{ x }}')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; {{ x }}'
    """
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=True))


def cut(text: str, width: int = QUOTE_WIDTH) -> str:
    """``text`` on one line (runs of whitespace become one space), at most ``width``
    characters: a longer text is cut at a word and ends in ``…``.

    >>> cut("One  two\\nthree four five", 14)
    'One two three…'
    """
    flat = " ".join(str(text).split())
    if len(flat) <= width:
        return flat
    head = flat[: width - 1]
    space = head.rfind(" ")
    if space > width // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


def join(parts: Iterable[object], sep: str = "") -> Html:
    return Html(sep.join(esc(p) for p in parts))


def el(tag: str, body: object, cls: str = "", title: str = "") -> Html:
    attrs = (f' class="{esc(cls)}"' if cls else "") + (f' title="{esc(title)}"' if title else "")
    return Html(f"<{tag}{attrs}>{esc(body)}</{tag}>")


def num(value: float, fmt: str = ".2f") -> str:
    return "–" if math.isnan(value) else format(value, fmt)


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def chip(scale_colour: str, text: str, title: str = "") -> Html:
    """A stance as a small coloured label; ``scale_colour`` is ``#RRGGBB`` (from
    :func:`posmatrix.styling.colour`, never from the data)."""
    style = f' style="background:{scale_colour}"' if scale_colour else ""
    tip = f' title="{esc(title)}"' if title else ""
    return Html(f'<span class="chip"{style}{tip}>{esc(text)}</span>')


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    numeric: Iterable[int] = (),
    ids: Iterable[int] = (),
    total: int | None = None,
) -> Html:
    """An HTML table: every cell escaped (an :class:`Html` cell placed as is); the
    columns numbered in ``numeric`` right-aligned, those in ``ids`` kept on one line.
    When ``total`` exceeds the rows given, a last line says how many more there are."""
    right, keep = set(numeric), set(ids)
    cls = dict.fromkeys(right, ' class="num"') | dict.fromkeys(keep - right, ' class="id"')
    head = "".join(f"<th{cls.get(k, '')}>{esc(h)}</th>" for k, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f"<td{cls.get(k, '')}>{esc(c)}</td>" for k, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    more = ""
    if total is not None and total > len(rows):
        more = el("p", f"… and {total - len(rows):,} more", "muted")
    return Html(
        f'<table class="pm"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}'
    )


def details(summary: object, body: object, *, open_: bool = False) -> Html:
    """A block the reader opens with a click."""
    flag = " open" if open_ else ""
    return Html(f"<details{flag}><summary>{esc(summary)}</summary>{esc(body)}</details>")


def page(*blocks: object) -> Html:
    return Html(f'{_CSS}<div class="posmatrix-repr">{join(blocks)}</div>')


def stance_chip(scale: Scale, value: float) -> Html:
    from .styling import colour

    if math.isnan(value):
        return chip("", "–", "not addressed")
    return chip(colour(scale, value), signed(value), scale.label(value))


def quote(text: str) -> Html:
    return el("q", cut(text))


def head(title: str, note: str = "") -> Html:
    muted = el("span", note, "muted") if note else ""
    return Html(f"<p><strong>{esc(title)}</strong> {muted}</p>")


def signed(value: float) -> str:
    if math.isnan(value):
        return "–"
    return "0" if value == 0 else f"{value:+g}"
