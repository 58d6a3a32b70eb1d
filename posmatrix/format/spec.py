"""The dataset format ``posmatrix/1``, declared once.

Each entity (the dataset's top level, the scale, an issue, an actor, a source, a
coding) is a tuple of :class:`Field` entries: the key, its kind, whether it is
required or its default, a description, and its check (a function of
:mod:`posmatrix.format.checks` returning a message or None). The YAML reader, the
table reader, the model's validators and the JSON Schema are all driven by these
entries; cross-references are declared in :mod:`posmatrix.format.refs`, and what a
:class:`Field` and an :class:`Entity` are in :mod:`posmatrix.format.fields`.

>>> ISSUE["weight"].default, ISSUE["weight"].required
(1.0, False)
>>> [f.key for f in CODING.fields if f.required]
['source', 'holder', 'issue', 'stance', 'quote']
"""

from __future__ import annotations

from typing import Final

from . import checks as c
from .fields import ID_PATTERN as _ID
from .fields import ID_SCHEMA as _ID_SCHEMA
from .fields import NONE as _NONE
from .fields import REQUIRED_TEXT as _REQUIRED_TEXT
from .fields import TEXT as _TEXT
from .fields import Entity, Field
from .fields import bool_field as _bool
from .fields import id_field as _id
from .fields import required_text_field as _required_text
from .fields import text_field as _text

__all__ = [
    "ACTOR",
    "CODING",
    "DATASET",
    "ENTITIES",
    "FORMAT",
    "ISSUE",
    "SCALE",
    "SOURCE",
    "Entity",
    "Field",
]

FORMAT: Final = "posmatrix/1"

SCALE: Final = Entity(
    "scale",
    "The ordinal stance scale (default -2..2).",
    (
        Field(
            "min",
            "integer",
            "The lowest stance.",
            c.check_scale_end,
            required=True,
            default=-2,
            what="the lowest stance",
            expected="an integer",
            types=(int,),
            schema={"type": "integer"},
        ),
        Field(
            "max",
            "integer",
            "The highest stance (greater than min, at most 1000 above it).",
            c.check_scale_end,
            required=True,
            default=2,
            what="the highest stance",
            expected="an integer",
            types=(int,),
            schema={"type": "integer"},
        ),
        Field(
            "labels",
            "structure",
            "One label per point, lowest first: a list, or a mapping of each point to its label.",
            default=(),
            types=(tuple,),
            schema={
                "oneOf": [
                    {
                        "type": "array",
                        "items": {**_REQUIRED_TEXT, "description": "A point's label."},
                    },
                    {
                        "type": "object",
                        "propertyNames": {"pattern": "^[-+]?[0-9]+$"},
                        "additionalProperties": {
                            **_REQUIRED_TEXT,
                            "description": "A point's label.",
                        },
                    },
                    {"type": "null"},
                ]
            },
        ),
    ),
)

ISSUE: Final = Entity(
    "issue",
    "The codebook: propositions one can support or oppose.",
    (
        _id("id", "A unique id: 1-80 characters, no spaces, no '/'.", "the issue's id"),
        _required_text(
            "proposition",
            "A statement one can support or oppose.",
            "a statement one can support or oppose",
        ),
        _text("group", "A bundle of related issues.", None),
        Field(
            "weight",
            "number",
            "Weight in agreement scores (default 1).",
            c.check_weight,
            default=1.0,
            expected="a finite number >= 0 (default 1)",
            types=(int, float),
            schema={"type": "number", "minimum": 0},
        ),
        _text("description", "What counts as support or opposition."),
        Field(
            "label",
            "text",
            "A short name for tables and figures (default: the id); the id stays the key.",
            c.check_label,
            types=(str, _NONE),
            schema={**_TEXT, "pattern": "\\S"},
        ),
        _id(
            "replaces",
            "The id this issue had in an older version (a renamed or reworded issue): "
            "posmatrix diff matches the two.",
            None,
            types=(str, _NONE),
            schema={"type": ["string", "null"], "pattern": _ID},
        ),
        _bool(
            "inverted",
            "true when the proposition was turned around since the older version, so its "
            "stances flip (default false).",
            "true or false (default false)",
        ),
    ),
)

ACTOR: Final = Entity(
    "actor",
    "Actors whose positions the sources report.",
    (
        _id(
            "id",
            "A unique id: 1-80 characters, no spaces, no '/'; not 'author'.",
            "the actor's id",
            check=c.check_actor_id,
            schema={
                "allOf": [
                    {
                        **_ID_SCHEMA,
                        "description": "A unique id: 1-80 characters, no spaces, no '/'; "
                        "not 'author'.",
                    },
                    {"not": {"const": "author"}},
                ]
            },
        ),
        _required_text("name", "The actor's name.", "the actor's name"),
        _text("kind", "What kind of actor (state, bloc, party, ...).", None),
    ),
)

_CODING_REF: Final = {"$ref": "#/definitions/coding"}

SOURCE: Final = Entity(
    "source",
    "The sources, each with its own stances and the positions it reports.",
    (
        _id("id", "A unique id: 1-80 characters, no spaces, no '/'.", "the source's id"),
        _required_text("title", "The source's title.", "the source's title"),
        Field(
            "label",
            "text",
            "A short name for tables, figures and briefings (default: the title, "
            "shortened); the id stays the key.",
            c.check_label,
            types=(str, _NONE),
            schema={**_TEXT, "pattern": "\\S"},
        ),
        _text("subtitle", "The subtitle as printed."),
        _text("section", "The section or rubric."),
        _text("outlet", "The outlet, if the text names it."),
        _text("author", "The author; empty when unknown."),
        Field(
            "published",
            "date",
            "ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD.",
            c.check_published,
            types=(str, _NONE),
            schema={
                "oneOf": [
                    {
                        "type": "string",
                        "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
                    },
                    {"type": "integer", "minimum": 1000, "maximum": 9999},
                    {"type": "null"},
                ]
            },
        ),
        _text("url", "Where the source can be read."),
        Field(
            "file",
            "text",
            "The source's text file, relative to the texts folder (for verify-quotes); "
            "no absolute paths, no '..'.",
            c.check_file,
            types=(str, _NONE),
            schema={
                **_TEXT,
                "pattern": "^(?![/\\\\])(?![A-Za-z]:)(?!(.*[/\\\\])?\\.\\.([/\\\\]|$))",
            },
        ),
        _text("notes", "Notes on the source (dating, provenance)."),
        Field(
            "stances",
            "structure",
            "The source's own stances (holder: author).",
            types=(),
            schema={"type": ["array", "null"], "items": _CODING_REF},
            table=False,
        ),
        Field(
            "reports",
            "structure",
            "Positions the source attributes to actors: actor id -> list of codings.",
            types=(),
            schema={
                "type": ["object", "null"],
                "propertyNames": {"pattern": _ID, "not": {"const": "author"}},
                "additionalProperties": {"type": ["array", "null"], "items": _CODING_REF},
            },
            table=False,
        ),
    ),
)

CODING: Final = Entity(
    "coding",
    "One coded position with its verbatim evidence.",
    (
        _id("source", "The id of the source coded.", "a source id", yaml=False),
        _id("holder", "'author' or the id of an actor.", "an actor id or 'author'", yaml=False),
        _id(
            "issue",
            "The id of the issue coded (one of the issues' ids).",
            "the id of the issue coded",
        ),
        Field(
            "stance",
            "integer",
            "An integer on the dataset's scale (default -2..2); 0 is neutral or mixed. "
            "Leave an issue out when the source does not address it.",
            c.check_integer,
            required=True,
            what="an integer on the scale",
            expected="an integer",
            types=(int,),
            schema={"type": "integer"},
        ),
        Field(
            "quote",
            "text",
            "Verbatim evidence from the source: required and not empty, unless the dataset "
            "declares evidence: optional.",
            c.check_quote,
            required=True,
            default="",  # under evidence: optional, a coding without a quote
            what="verbatim evidence from the source",
            schema=_REQUIRED_TEXT,
        ),
        Field(
            "confidence",
            "enum",
            "How clearly the quote supports the stance (default high).",
            c.check_confidence,
            default="high",
            expected="one of high, medium, low",
            schema={"enum": list(c.CONFIDENCES)},
        ),
        Field(
            "coder",
            "text",
            "Who coded this; overrides the dataset's default coder.",
            c.check_name,
            types=(str, _NONE),
        ),
        _text("note", "A one-line reading of the quote."),
        _bool("adjudicated", "Marks the coding that settles a disagreement between coders."),
        _bool(
            "red_line",
            "The quote shows the position is non-negotiable (a red line in posmatrix deals); "
            "not on a neutral stance.",
        ),
    ),
)

DATASET: Final = Entity(
    "dataset",
    "A hand-curated codebook of issues, the actors the sources report on, and the sources "
    "with their coded stances. posmatrix's own loader stays the authority: it also checks "
    "cross-references, the stance range and duplicates.",
    (
        Field(
            "format",
            "enum",
            f"The format tag: {FORMAT}.",
            c.check_format,
            required=True,
            expected=f"{FORMAT!r} (the only format this version reads)",
            what=f"the format tag, {FORMAT}",
            schema={"const": FORMAT},
        ),
        _required_text("title", "The dataset's title.", "the dataset's title"),
        _text("description", "What the dataset covers."),
        _text("version", 'The dataset\'s own version, as text (quote it: "2025.10").'),
        _text("citation", "How to cite the dataset."),
        Field(
            "coder",
            "text",
            "Default coder of every coding that names none.",
            c.check_name,
            types=(str, _NONE),
        ),
        Field(
            "scale",
            "structure",
            SCALE.description,
            types=(),
            schema={"type": ["object", "null"]},
        ),
        Field(
            "issues",
            "structure",
            ISSUE.description,
            required=True,
            what="the codebook: a list of issues",
            types=(),
            schema={"type": ["array", "null"]},
        ),
        Field(
            "actors",
            "structure",
            ACTOR.description,
            types=(),
            schema={"type": ["array", "null"]},
        ),
        Field(
            "sources",
            "structure",
            SOURCE.description,
            required=True,
            what="a list of sources",
            types=(),
            schema={"type": ["array", "null"]},
        ),
        Field(
            "evidence",
            "enum",
            "optional: a coding may omit its quote (a position recorded without one, shown "
            'as "(no quote given)", never as evidence); required (the default): every '
            "coding gives a quote.",
            c.check_evidence,
            default="required",
            expected="'required' or 'optional' (may a coding omit its quote?)",
            schema={"enum": list(c.EVIDENCE)},
        ),
        Field(
            "codings",
            "text",
            "A .csv or .parquet table of codings beside this file (a relative path): one "
            "row per coding, with the columns source, holder, issue, stance, quote and "
            "optionally confidence, coder, note, adjudicated; this file gives the scale, "
            "issues, actors and sources.",
            c.check_table_file,
            types=(str, _NONE),
            schema={"type": "string", "pattern": "\\.(csv|parquet|CSV|PARQUET)$"},
        ),
    ),
)

ENTITIES: Final = {e.name: e for e in (DATASET, SCALE, ISSUE, ACTOR, SOURCE, CODING)}
"""Every entity by name."""
