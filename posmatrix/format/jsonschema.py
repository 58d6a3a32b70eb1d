"""The JSON Schema (draft-07) of the format, generated from the spec.

``posmatrix/schema.json`` is this schema as committed for editors (a test checks it
equals :func:`generate`); ``posmatrix schema`` prints it.

>>> s = generate()
>>> s["properties"]["issues"]["items"]["required"]
['id', 'proposition']
>>> s["definitions"]["coding"]["required"]  # quote: unless evidence: optional
['issue', 'stance']
"""

from __future__ import annotations

import json
from typing import Any

from .spec import ACTOR, CODING, DATASET, FORMAT, ISSUE, SCALE, SOURCE, Entity, Field

__all__ = ["generate", "generate_text"]


def _property(f: Field) -> dict[str, Any]:
    schema = dict(f.schema)
    if "allOf" in schema:  # the description sits inside
        return schema
    if "oneOf" in schema:
        return {"description": f.description, **schema}
    return {**schema, "description": f.description}


def _object(entity: Entity, *, optional: tuple[str, ...] = ()) -> dict[str, Any]:
    fields = [f for f in entity if f.yaml]
    return {
        "type": "object",
        "required": [f.key for f in fields if f.required and f.key not in optional],
        "additionalProperties": False,
        "properties": {f.key: _property(f) for f in fields},
    }


def generate() -> dict[str, Any]:
    """The schema as a dictionary, built from :mod:`posmatrix.format.spec`."""
    top = _object(DATASET)
    props = top["properties"]
    props["scale"] = {
        "type": ["object", "null"],
        "description": SCALE.description,
        **{k: v for k, v in _object(SCALE).items() if k != "type"},
    }
    for key, entity in (("issues", ISSUE), ("actors", ACTOR), ("sources", SOURCE)):
        props[key] = {
            "type": ["array", "null"],
            "description": entity.description,
            "items": _object(entity),
        }
    coding = {"description": CODING.description, **_object(CODING, optional=("quote",))}
    quoted = {"items": {"required": ["quote"]}}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://posmatrix.invalid/schema/posmatrix-1.json",
        "title": f"posmatrix dataset, format {FORMAT}",
        "description": DATASET.description,
        **top,
        "definitions": {"coding": coding},
        "if": {"properties": {"evidence": {"const": "optional"}}, "required": ["evidence"]},
        "else": {
            "properties": {
                "sources": {
                    "items": {
                        "properties": {
                            "stances": quoted,
                            "reports": {"additionalProperties": quoted},
                        }
                    }
                }
            }
        },
    }


def generate_text() -> str:
    """The schema as JSON text, indented by two, ending in a newline."""
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"
