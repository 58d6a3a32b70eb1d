"""The JSON Schema (draft-07) of the dataset format, for editors.

It is generated from the format's spec (:mod:`posmatrix.format.jsonschema`);
``posmatrix/schema.json`` ships in the package as committed (a test checks it equals
the generated one) and ``posmatrix schema`` prints it. Point
an editor at it with a first line ``# yaml-language-server: $schema=<path or URL>``
and it completes keys and flags errors as you type. The loader stays the authority:
cross-references, the stance range of the file's own scale and duplicates are beyond
a schema.

>>> s = schema()
>>> s["$schema"], s["properties"]["format"]["const"]
('http://json-schema.org/draft-07/schema#', 'posmatrix/1')
>>> sorted(s["definitions"]["coding"]["required"])  # quote: unless evidence: optional
['issue', 'stance']
"""

from __future__ import annotations

import json
from typing import Any

from .format.jsonschema import generate_text

__all__ = ["schema", "schema_text"]


def schema_text() -> str:
    """The schema as JSON text (what ``posmatrix schema`` prints)."""
    return generate_text()


def schema() -> dict[str, Any]:
    """The schema as a dictionary (a fresh copy on every call)."""
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded
