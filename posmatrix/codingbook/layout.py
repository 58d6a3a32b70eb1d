"""Sheet names and columns of the coding workbook, shared by its writer and reader."""

from __future__ import annotations

from typing import Any, Final

import attrs

from ..model import Actor, Coding, Issue, Source

README: Final = "Read-me"
CODINGS: Final = "Codings"
CODEBOOK: Final = "Codebook"
ACTORS: Final = "Actors"
SOURCES: Final = "Sources"

_NOT_DATA: Final = frozenset({"where", "quote_where"})


def _kind(field: attrs.Attribute[Any]) -> str | None:
    """The column kind of a model field from its default (None: not a scalar field)."""
    default = field.default
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, (int, float)):
        return "number"
    if default is None or isinstance(default, str):
        return "text"
    return None


def _with_extras(cls: type, known: dict[str, str]) -> dict[str, str]:
    """``known`` plus every other scalar field of the model class, so a field added to
    the model (and to the YAML loader) goes into the workbook and back without a change
    here."""
    out = dict(known)
    for field in attrs.fields(cls):
        if field.name not in out and field.name not in _NOT_DATA:
            kind = _kind(field)
            if kind is not None:
                out[field.name] = kind
    return out


def extras(columns: dict[str, str], known: tuple[str, ...]) -> list[str]:
    """The columns of ``columns`` added from the model beyond ``known``."""
    return [c for c in columns if c not in known]


# column -> kind of value: id, text, int, number, date, enum, bool
ISSUE_COLUMNS: Final = _with_extras(
    Issue,
    {
        "id": "id",
        "label": "text",
        "proposition": "text",
        "group": "text",
        "weight": "number",
        "description": "text",
    },
)
ACTOR_COLUMNS: Final = _with_extras(
    Actor,
    {"id": "id", "name": "text", "kind": "text"},
)
SOURCE_COLUMNS: Final = _with_extras(
    Source,
    {
        "id": "id",
        "title": "text",
        "subtitle": "text",
        "section": "text",
        "outlet": "text",
        "author": "text",
        "published": "date",
        "url": "text",
        "file": "text",
        "notes": "text",
    },
)
CODING_COLUMNS: Final = _with_extras(
    Coding,
    {
        "source": "id",
        "holder": "id",
        "issue": "id",
        "stance": "int",
        "quote": "text",
        "confidence": "enum",
        "note": "text",
        "coder": "text",
        "adjudicated": "bool",
    },
)
BASE_ISSUE: Final = ("id", "label", "proposition", "group", "weight", "description")
BASE_ACTOR: Final = ("id", "name", "kind")
BASE_SOURCE: Final = (
    "id",
    "title",
    "subtitle",
    "section",
    "outlet",
    "author",
    "published",
    "url",
    "file",
    "notes",
)
BASE_CODING: Final = (
    "source",
    "holder",
    "issue",
    "stance",
    "quote",
    "confidence",
    "note",
    "coder",
    "adjudicated",
)
EXTRA_ISSUE: Final = extras(ISSUE_COLUMNS, BASE_ISSUE)
EXTRA_ACTOR: Final = extras(ACTOR_COLUMNS, BASE_ACTOR)
EXTRA_SOURCE: Final = extras(SOURCE_COLUMNS, BASE_SOURCE)
EXTRA_CODING: Final = extras(CODING_COLUMNS, BASE_CODING)
"""Scalar fields a later version of the model adds, written after the known columns."""

SETTINGS: Final = {
    "format": "text",
    "title": "text",
    "description": "text",
    "version": "text",
    "citation": "text",
    "coder": "text",
    "evidence": "enum",
}
SCALE_COLUMNS: Final = {"stance": "int", "label": "text"}

# The Codebook sheet holds four tables side by side, each found by its first header:
# issues from column A, then the dataset's settings, the scale and the confidence list.
SETTINGS_HEAD: Final = ("setting", "value")
CONFIDENCE_HEAD: Final = "confidence"

AUTHOR_NAME: Final = "(the source itself: its own stance)"
"""The Actors sheet's first row, ``author``, is the holder of a source's own stance: it
is listed so that the holder drop-down offers it, and is not an actor."""
