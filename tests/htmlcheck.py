"""Helpers for the notebook tests: read HTML back as a browser's parser would.

Not a test module; ``tests/`` is on ``sys.path`` when pytest collects the tests there.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Final

import posmatrix

VOID: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class Page(HTMLParser):
    """Parses a fragment and checks it is well-formed: every element closed, in order.

    After :meth:`feed`, ``tags`` lists every start tag, ``text`` the text content
    (entities decoded, ``<style>`` content left out) and ``attributes`` every attribute
    value (decoded), so a test can see what a reader sees.
    """

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.errors: list[str] = []
        self.feed(source)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(v for _, v in attrs if v is not None)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(v for _, v in attrs if v is not None)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.stack or self.stack[-1] != "style":
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


HOSTILE_TEXTS: Final = (
    "<script>alert('title')</script> & </table> {{ title }}",
    "</table><script>alert('p')</script> {{ p }} & co",
    "<script>alert('q1')</script> & </table>",
    "{{ q2 }} </q><script>x</script> \"double\" 'single'",
    "</li></ul></details><script>alert('q3')</script>",
    '" onmouseover="alert(1)',
)

HOSTILE_YAML: Final = """\
format: posmatrix/1
title: "<script>alert('title')</script> & </table> {{ title }}"
version: "</td>1"
description: "<img src=x onerror=alert(1)> &amp; </p>"
issues:
  - id: "i<script>"
    proposition: "</table><script>alert('p')</script> {{ p }} & co"
    group: "</details>"
  - {id: "j&amp;", proposition: "<b>bold</b> </summary>"}
actors:
  - {id: "a<b>", name: "<script>alert('a')</script>", kind: "</ul>"}
sources:
  - id: "s<script>"
    title: "</table> {{ s }}"
    outlet: "<i>outlet</i>"
    stances:
      - issue: "i<script>"
        stance: 2
        coder: "<b>c</b>"
        quote: "<script>alert('q1')</script> & </table>"
      - issue: "i<script>"
        stance: 1
        coder: ben
        quote: "{{ q2 }} </q><script>x</script> \\"double\\" 'single'"
      - issue: "j&amp;"
        stance: -2
        coder: ben
        quote: "</li></ul></details><script>alert('q3')</script>"
    reports:
      "a<b>":
        - {issue: "i<script>", stance: -2, coder: "ben", quote: "\\" onmouseover=\\"alert(1)"}
  - id: t
    title: T
    stances:
      - {issue: "i<script>", stance: -2, coder: "ben", quote: "<!-- c --> ]]> <![CDATA[ x ]]>"}
      - {issue: "j&amp;", stance: 2, coder: "ben", quote: "plain"}
"""


def hostile() -> posmatrix.Dataset:
    """A dataset whose every text is markup, template syntax or an attribute breakout."""
    return posmatrix.loads(HOSTILE_YAML)


def check_page(source: str) -> Page:
    """Parse ``source``; fail unless it is well-formed and has no script element."""
    page = Page(source)
    assert page.errors == []
    assert "script" not in page.tags
    assert "<script" not in source.lower()
    return page
