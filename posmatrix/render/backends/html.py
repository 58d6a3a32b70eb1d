"""The HTML backends: ``html`` (a complete page) and ``unsafehtml`` (the same, escaped)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from ...model import quoted
from ...textsafe import visible
from .base import Backend

__all__ = ["Html"]


class Html(Backend):
    fmt = "html"
    tablefmt = "html"
    grid_fmt = "unsafehtml"  # grid cells are escaped by the backend

    def heading(self, text: str, level: int) -> str:
        return f"<h{level}>{self.esc(' '.join(visible(text).split()))}</h{level}>"

    def paragraph(self, text: str) -> str:
        return f"<p>{self.esc(text)}</p>"

    def bullets(self, items: Sequence[str]) -> str:
        body = "\n".join(f"<li>{self.esc(i, line_start=True)}</li>" for i in items)
        return f"<ul>\n{body}\n</ul>"

    def quotes(self, items: Sequence[tuple[str, str]]) -> str:
        body = "\n".join(
            f"<p>{quoted(self.esc(q))} — <cite>{self.esc(who)}</cite></p>" for who, q in items
        )
        return f"<blockquote>\n{body}\n</blockquote>"

    def nested(self, entries: Sequence[tuple[str, Sequence[str]]]) -> str:
        out = ["<ul>"]
        for item, details in entries:
            sub = "".join(f"<li>{d}</li>" for d in details)
            out.append(f"<li>{item}" + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
        out.append("</ul>")
        return "\n".join(out)

    def code(self, text: str) -> str:
        return f"<code>{self.esc(text)}</code>"

    def strong(self, text: str) -> str:
        return f"<strong>{self.esc(text)}</strong>"

    def figure(self, ref: str, caption: str) -> str | None:
        return f"<figure>\n{ref}\n<figcaption>{self.esc(caption)}</figcaption>\n</figure>"

    def page(self, title: str, body: str) -> str:
        t = html.escape(" ".join(visible(title).split()), quote=False)
        return (
            '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
            f"<title>{t}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
        )
