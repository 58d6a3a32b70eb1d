"""The model's attrs fields, built from the format's spec: each field's validator is the
spec's check (:mod:`posmatrix.format.spec`), and the ``Dataset``'s mappings of id to
object are keyed and checked here. :mod:`posmatrix.model` declares its classes with
:func:`spec_field`.

>>> from posmatrix.format.spec import ISSUE
>>> import attrs
>>> @attrs.frozen
... class Weighted:
...     weight: float = spec_field(ISSUE, "weight")
>>> Weighted().weight
1.0
>>> Weighted(-1)
Traceback (most recent call last):
...
ValueError: weight: expected a finite number >= 0 (default 1), got the integer -1
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .format import checks as _checks
from .format.spec import Entity

__all__ = ["keyed", "spec_field", "spec_validator"]


def spec_validator(
    entity: Entity, key: str, check: _checks.Check | None = None
) -> Callable[[Any, Any, Any], None]:
    """An attrs validator running the spec's check of ``entity[key]`` (or ``check``): a
    ValueError (a TypeError for a value of the wrong type) whose message starts ``key: ``."""
    spec = entity[key]
    check = check or spec.check
    types = spec.types
    shown = _checks.Shown
    describe = _checks.describe_value

    def validate(_: Any, attribute: Any, value: Any) -> None:
        why = check(value, shown(describe, value)) if check is not None else None
        if why is None and value.__class__ not in types and not spec.accepts(value):
            why = spec.message(value)
        if why is not None:
            error = ValueError if spec.accepts(value) else TypeError
            raise error(f"{key}: {why}")

    return validate


def spec_field(entity: Entity, key: str, **kwargs: Any) -> Any:
    """The attrs field of ``entity[key]``: its default (none when required) and check."""
    spec = entity[key]
    kwargs.setdefault("default", attrs.NOTHING if spec.required else spec.default)
    return attrs.field(validator=spec_validator(entity, key), **kwargs)


def keyed(value: Mapping[str, Any] | Iterable[Any], field: str, kind: str) -> Mapping[str, Any]:
    """A Dataset field as a read-only mapping of id to object: from a mapping (kept as
    given) or a sequence of objects (keyed by their ``id``); errors name the field."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if getattr(item, "id", key) != key:
                raise ValueError(
                    f"'{field}' must map each id to the {kind} with that id; "
                    f"key {key!r} holds the {kind} with id {item.id!r}"
                )
        return MappingProxyType(dict(value))
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(
            f"'{field}' must be a mapping of id to {kind} or a sequence of {kind} "
            f"objects, got {type(value).__name__}"
        )
    out: dict[str, Any] = {}
    for n, item in enumerate(value):
        ident = getattr(item, "id", None)
        if not isinstance(ident, str):
            raise TypeError(f"'{field}[{n}]' must be a {kind}, got {type(item).__name__}")
        if ident in out:
            raise ValueError(
                f"'{field}' must have unique ids; {ident!r} is given twice "
                f"(items {list(out).index(ident)} and {n})"
            )
        out[ident] = item
    return MappingProxyType(out)
