"""Assemble the HTML briefing: one self-contained page from a Findings.

The page carries its stylesheet, its script and its data inline; a Content-Security-
Policy meta tag allows exactly that stylesheet and that script (by SHA-256 hash) and
forbids every load (``default-src 'none'``), so nothing is fetched when it opens and no
injected script could run even if escaping failed. Same findings, same bytes.
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING

from .._version import __version__
from . import camps, clashes, sections
from .assets import SCRIPT, stylesheet
from .data import layout, payload
from .escape import Markup, attr, json_script, text
from .html import el

if TYPE_CHECKING:
    from ..findings import Findings

__all__ = ["csp", "render"]

_TOC = (
    ("summary", "Summary"),
    ("map", "Map"),
    ("agreement", "Agreement"),
    ("stances", "Stances"),
    ("contested", "Contested issues"),
    ("clashes", "Clashes and red lines"),
    ("camps", "Camps"),
    ("quotes", "Quotes"),
    ("codebook", "Codebook and sources"),
)


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(style: str, script: str) -> str:
    """The Content-Security-Policy of a page with this inline ``style`` and ``script``:
    nothing may load; only these two inline blocks apply.

    >>> csp("a{}", "1").split("; ")[0]
    "default-src 'none'"
    """
    return (
        f"default-src 'none'; style-src {_hash(style)}; script-src {_hash(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def render(f: Findings) -> str:
    """The whole page as text (UTF-8 when written)."""
    ds = f.dataset
    lay = layout(f)
    style = stylesheet(len(lay.holders), len(lay.groups))
    script = SCRIPT
    parts: tuple[tuple[str, str], ...] = _TOC
    if lay.voices:
        body = [
            sections.summary(f, lay),
            sections.controls(lay),
            sections.position_map(f, lay),
            sections.heatmap(f, lay),
            sections.stance_matrix(f, lay),
            sections.contested(f, lay),
            clashes.clashes(f, lay),
            camps.camps(f, lay),
            sections.quotes(),
            sections.codebook(f, lay),
        ]
    else:  # a codebook without codings yet: what there is to show
        parts = (_TOC[0], _TOC[-1])
        body = [
            sections.summary(f, lay),
            el("p", "No coded positions yet: the codebook and the sources follow.", "muted"),
            sections.codebook(f, lay),
        ]
    toc = "".join(f'<li><a href="#{ident}">{text(name)}</a></li>' for ident, name in parts)
    data = json_script(payload(f, lay))
    page = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{attr(csp(style, script))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f'<meta name="generator" content="posmatrix {attr(__version__)}">',
        f"<title>{text(ds.title)} — briefing</title>",
        f"<style>{style}</style></head><body>",
        f'<header class="top"><p class="muted">Briefing</p><h1>{text(ds.title)}</h1>'
        f'<nav class="toc" aria-label="Contents"><ul>{toc}</ul></nav></header>',
        f"<main>{''.join(body)}</main>",
        "<footer><p>Made with posmatrix "
        f"{text(__version__)} from the dataset{' ' + text(ds.version) if ds.version else ''}. "
        "Numbers are rounded for display; the dataset and the workbook keep them whole. "
        "This file works offline and loads nothing.</p></footer>",
        '<div id="tip" role="dialog" aria-live="polite" hidden></div>',
        f'<script type="application/json" id="pm-data">{data}</script>',
        f"<script>{script}</script>",
        "</body></html>",
        "",
    ]
    return Markup("\n".join(page))
