"""Readable names for voices, sources and issues: what outputs show instead of ids.

A source's own voice is named by the source's title; a position a source reports is
named by the actor, then the source (``Russian government · No NATO for Ukraine is…``); an
issue by its ``label`` (the id when it has none). Long titles are cut at a word
boundary, never mid-word.

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

    A source's own voice: the source's title. A reported position: ``actor name ·
    source title`` (the title shortened to :data:`SHORT` characters); with one source
    only, just the actor's name. Two voices that would get the same name get their
    label appended in brackets.
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
        if holder == AUTHOR:
            name = title
        elif one_source:
            name = ds.holder_name(holder)
        else:
            name = f"{ds.holder_name(holder)} · {shorten(title, SHORT)}"
        out[voice_label(source, holder)] = name
    counts: dict[str, int] = {}
    for name in out.values():
        counts[name] = counts.get(name, 0) + 1
    return {v: (f"{n} [{v}]" if counts[n] > 1 else n) for v, n in out.items()}


def issue_names(ds: Dataset) -> dict[str, str]:
    """Issue id → its short name (``label``, or the id)."""
    return {i: issue.short for i, issue in ds.issues.items()}
