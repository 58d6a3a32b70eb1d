"""The dataset format ``posmatrix/1``, declared once.

:mod:`~posmatrix.format.spec` declares every entity's fields (key, kind, required or
default, description, check); :mod:`~posmatrix.format.checks` holds the checks,
:mod:`~posmatrix.format.refs` the cross-references, and
:mod:`~posmatrix.format.jsonschema` generates the JSON Schema. The YAML reader, the
table reader and the model's validators all run these same declarations.
"""

from __future__ import annotations

from .checks import describe_value
from .refs import RefProblem, reference_problems
from .spec import ACTOR, CODING, DATASET, ENTITIES, FORMAT, ISSUE, SCALE, SOURCE, Entity, Field

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
    "RefProblem",
    "describe_value",
    "reference_problems",
]
