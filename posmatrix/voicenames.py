"""Readable names for voices, sources and issues: what outputs show instead of ids.

A source's own voice is named by the source's ``label`` or else its title; a position a
source reports is named by the actor, then the source (``Russian government · No NATO
for Ukraine is…``, or ``Russian government · LABEL``); an issue by its ``label`` (the id
when it has none). Long titles are cut at a word boundary, never mid-word; a label is
shown as given.

>>> import posmatrix
>>> ds = posmatrix.example()
>>> names = voice_names(ds)
>>> names["no-nato-key"]
'No NATO for Ukraine is key to jumpstarting stalled talks'
>>> names["no-nato-key/russia"]
'Russian government · No NATO for Ukraine is key to…'
>>> shorten("Kohleverstromung beenden bis 2030", 20)
'Kohleverstromung…'
"""

from __future__ import annotations

from typing import Final

from .model import AUTHOR, Dataset

__all__ = ["SHORT", "issue_names", "shorten", "voice_names"]

SHORT: Final = 40
"""Source titles inside a reported voice's name are cut to this many characters."""


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with ``…``.

    A single word longer than ``limit`` is kept whole (never cut mid-word).

    >>> shorten("a b c", 10), shorten("alpha beta gamma", 12), shorten("Mieterhöhungen", 5)
    ('a b c', 'alpha beta…', 'Mieterhöhungen')
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > 0:
        return cut[:space].rstrip(" ,;:·-–—") + "…"
    first = text.split(" ", 1)[0]
    return first + ("…" if first != text else "")


def voice_names(ds: Dataset) -> dict[str, str]:
    """Voice label → readable name, for every voice of ``ds`` (names are unique).

    A source's own voice: the source's ``label``, or else its title. A reported
    position: ``actor name · source label``, or ``actor name · source title`` (the title
    shortened to :data:`SHORT` characters); with one source only, just the actor's
    name. Two voices that would get the same name get their voice label appended in
    brackets.

    >>> from posmatrix.model import Coding, Dataset, Issue, Source
    >>> ds = Dataset("T", issues=[Issue("i", "P.")], actors=[],
    ...     sources=[Source("s", "A very long title of a newspaper article, cut", label="Le Monde"),
    ...              Source("t", "Another title")],
    ...     codings=[Coding("s", "author", "i", 1, "q"), Coding("t", "author", "i", 1, "q")])
    >>> voice_names(ds)
    {'s': 'Le Monde', 't': 'Another title'}
    """
    from .matrix import voice_label

    seen: dict[tuple[str, str], None] = {}
    for c in ds.codings:
        seen.setdefault((c.source, c.holder), None)
    one_source = len(ds.sources) == 1
    out: dict[str, str] = {}
    for source, holder in seen:
        src = ds.sources.get(source)
        title = " ".join(src.title.split()) if src is not None else source
        label = src.label if src is not None else None
        if holder == AUTHOR:
            name = label if label is not None else title
        elif one_source:
            name = ds.holder_name(holder)
        else:
            short = label if label is not None else shorten(title, SHORT)
            name = f"{ds.holder_name(holder)} · {short}"
        out[voice_label(source, holder)] = name
    counts: dict[str, int] = {}
    for name in out.values():
        counts[name] = counts.get(name, 0) + 1
    return {v: (f"{n} [{v}]" if counts[n] > 1 else n) for v, n in out.items()}


def issue_names(ds: Dataset) -> dict[str, str]:
    """Issue id → its short name (``label``, or the id)."""
    return {i: issue.short for i, issue in ds.issues.items()}
