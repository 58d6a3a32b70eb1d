"""Sheet names and columns of the coding workbook, shared by its writer and reader."""

from __future__ import annotations

from typing import Final

README: Final = "Read-me"
CODINGS: Final = "Codings"
CODEBOOK: Final = "Codebook"
ACTORS: Final = "Actors"
SOURCES: Final = "Sources"

# column -> kind of value: id, text, int, number, date, enum, bool
ISSUE_COLUMNS: Final = {
    "id": "id",
    "label": "text",
    "proposition": "text",
    "group": "text",
    "weight": "number",
    "description": "text",
}
ACTOR_COLUMNS: Final = {"id": "id", "name": "text", "kind": "text"}
SOURCE_COLUMNS: Final = {
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
}
CODING_COLUMNS: Final = {
    "source": "id",
    "holder": "id",
    "issue": "id",
    "stance": "int",
    "quote": "text",
    "confidence": "enum",
    "note": "text",
    "coder": "text",
    "adjudicated": "bool",
}
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
