"""Small HTML builders for the briefing: every dataset text escaped once, where placed.

A builder takes text (escaped here) or :class:`~.escape.Markup` (placed as is) and
returns Markup. Tables are sortable by the page's script: a header cell holds a button,
and a numeric cell carries its unrounded-for-sorting value in ``data-sort``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import attrs

from .escape import Markup, attr, safe_url, text

__all__ = ["Cell", "el", "fmt", "join", "link", "pct", "section", "signed", "table"]


def el(tag: str, body: object = "", cls: str = "", **attrs_: object) -> Markup:
    """``<tag class=cls attr=…>body</tag>``; attribute names ``_`` → ``-`` (``data_v``
    → ``data-v``), values escaped, None values left out."""
    extra = "".join(
        f' {k.rstrip("_").replace("_", "-")}="{attr(v)}"'
        for k, v in attrs_.items()
        if v is not None
    )
    c = f' class="{attr(cls)}"' if cls else ""
    return Markup(f"<{tag}{c}{extra}>{text(body)}</{tag}>")


def join(parts: Iterable[object], sep: str = "") -> Markup:
    return Markup(sep.join(text(p) for p in parts))


def fmt(value: float, spec: str = ".2f") -> str:
    return "–" if math.isnan(value) else format(value, spec)


def pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0%}"


def signed(value: float) -> str:
    """A stance as shown: ``+2``, ``0``, ``-1.5``; ``–`` for NaN."""
    if math.isnan(value):
        return "–"
    return "0" if value == 0 else f"{value:+g}"


def link(url: str, label: object = None) -> Markup:
    """A link when :func:`~.escape.safe_url` allows ``url``, else the text of it."""
    target = safe_url(url)
    if target is None:
        return el("span", url, "url")
    return Markup(
        f'<a href="{attr(target)}" rel="noopener noreferrer nofollow">'
        f"{text(url if label is None else label)}</a>"
    )


@attrs.frozen
class Cell:
    """A table cell: ``body`` shown, ``sort`` (a number) used for sorting, ``cls``."""

    body: object
    sort: float | None = None
    cls: str = ""
    title: str | None = None


def _td(value: object) -> Markup:
    if isinstance(value, Cell):
        sort = None
        if value.sort is not None:
            sort = "" if math.isnan(value.sort) else repr(float(value.sort))
        return el("td", value.body, value.cls, data_sort=sort, title=value.title)
    if isinstance(value, bool):
        return el("td", "yes" if value else "no")
    if isinstance(value, int | float):
        return el("td", fmt(float(value), "g"), "num", data_sort=repr(float(value)))
    return el("td", value)


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    cls: str = "",
    sortable: bool = True,
    caption: str = "",
    row_cls: Sequence[str] | None = None,
) -> Markup:
    """A table in a scrolling wrapper; ``sortable`` puts a sort button in each header."""
    if sortable:
        head = join(
            Markup(f'<th scope="col"><button type="button" class="sort">{text(h)}</button></th>')
            for h in headers
        )
    else:
        head = join(el("th", h, scope="col") for h in headers)
    body = join(
        Markup(
            ("<tr>" if row_cls is None else f'<tr class="{attr(row_cls[k])}">')
            + join(_td(c) for c in row)
            + "</tr>"
        )
        for k, row in enumerate(rows)
    )
    cap = el("caption", caption) if caption else ""
    kind = " sortable" if sortable else ""
    return Markup(
        f'<div class="scroll"><table class="{attr(cls)}{kind}">{cap}<thead><tr>{head}</tr>'
        f"</thead><tbody>{body}</tbody></table></div>"
    )


def section(ident: str, title: str, *body: object, intro: str = "") -> Markup:
    """A titled section of the page (``id`` for the table of contents)."""
    lead = el("p", intro, "intro") if intro else ""
    return Markup(
        f'<section id="{attr(ident)}" aria-labelledby="{attr(ident)}-h">'
        f'<h2 id="{attr(ident)}-h">{text(title)}</h2>{lead}{join(body)}</section>'
    )
