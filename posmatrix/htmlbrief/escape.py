"""Escaping for each context of the HTML briefing: element text, attribute, inline JSON, URL.

Every text from a dataset passes through exactly one of these when it is placed:

* :func:`text` for element content (SVG ``<text>`` and ``<title>`` included) and
  :func:`attr` for a double-quoted attribute value: ``html.escape`` with quotes, so
  ``<``, ``>``, ``&``, ``"`` and ``'`` become entities;
* :func:`json_script` for data inside ``<script type="application/json">``: JSON with
  ``<``, ``>``, ``&`` and U+2028/U+2029 written as ``\\u`` escapes, so no ``</script>``,
  ``<!--`` or ``]]>`` can end or confuse the block, and JSON parses back to the same text;
* :func:`safe_url` before a link is made: only ``http``, ``https`` and ``mailto`` URLs
  become links; anything else (``javascript:``, ``data:``, relative paths) is shown as text.

The page builds on :class:`Markup` (text already escaped here), so nothing is escaped twice.
"""

from __future__ import annotations

import html
import json
import re
from typing import Final
from urllib.parse import urlsplit

__all__ = ["LINK_SCHEMES", "Markup", "attr", "json_script", "safe_url", "text"]

LINK_SCHEMES: Final = frozenset({"http", "https", "mailto"})
"""The URL schemes that become links; any other URL is shown as plain text."""

_JSON_ESCAPES: Final = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_BAD: Final = re.compile("[<>&\u2028\u2029]")
_URL_BAD: Final = re.compile(r"[\x00-\x20\x7f-\x9f\\\"'<>`]")


class Markup(str):
    """HTML built by this package: placed as is, never escaped again."""

    __slots__ = ()


def text(value: object) -> Markup:
    """``value`` escaped for element content (HTML or SVG).

    A :class:`Markup` value passes unchanged.

    >>> text("</script><script>alert(1)</script> & ]]>")
    '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;'
    """
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


def attr(value: object) -> Markup:
    """``value`` escaped for a double-quoted attribute value (quotes included).

    >>> attr('" onmouseover="alert(1)')
    '&quot; onmouseover=&quot;alert(1)'
    """
    return Markup(html.escape(str(value), quote=True))


def json_script(data: object) -> Markup:
    """``data`` as JSON safe inside ``<script type="application/json">``.

    Keys keep their insertion order; the output is ASCII-stable (same data, same bytes).

    >>> json_script({"q": "</script>\\u2028&"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u2028\\\\u0026"}'
    >>> json.loads(json_script(["]]>"]))
    [']]>']
    """
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(_JSON_BAD.sub(lambda m: _JSON_ESCAPES[m.group(0)], raw))


def safe_url(url: str) -> str | None:
    """``url`` when it may become a link (``http``, ``https`` or ``mailto`` with a
    target, no spaces, quotes or control characters), else None.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    >>> safe_url(" JavaScript:alert(1)"), safe_url("mailto:a@b.org"), safe_url("//x.org")
    (None, 'mailto:a@b.org', None)
    """
    if not url or _URL_BAD.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES:
        return None
    if parts.scheme.lower() == "mailto":
        return url if parts.path else None
    return url if parts.netloc else None
