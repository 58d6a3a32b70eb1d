"""How the format's fields are declared: :class:`Field` (one key of an entity) and
:class:`Entity` (the fields of one kind of object), with the constructors the spec's
common kinds of field share (``text``, required text, ``id``, ``bool``). The entities
themselves are declared in :mod:`posmatrix.format.spec`.

>>> f = text_field("note", "A one-line reading of the quote.")
>>> f.kind, f.required, f.default, f.message(3)
('text', False, '', 'expected text, got the integer 3')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from . import checks as c

__all__ = [
    "ID_PATTERN",
    "ID_SCHEMA",
    "NONE",
    "REQUIRED_TEXT",
    "TEXT",
    "Entity",
    "Field",
    "bool_field",
    "id_field",
    "required_text_field",
    "text_field",
]

ID_PATTERN: Final = "^[^\\s/]{1,80}$"
TEXT: Final[dict[str, Any]] = {"type": ["string", "null"]}
REQUIRED_TEXT: Final[dict[str, Any]] = {"type": "string", "pattern": "\\S"}
ID_SCHEMA: Final[dict[str, Any]] = {"type": "string", "pattern": ID_PATTERN}
NONE = type(None)


@dataclass(frozen=True)
class Field:
    """One key of an entity.

    ``kind`` says how a reader turns what it holds into the value the check sees:
    ``text``, ``id``, ``number``, ``integer``, ``bool``, ``date``, or ``structure``
    (a list or mapping the reader walks itself). ``what`` names a required key in
    "missing required key" messages; ``expected`` is what a value of the wrong type
    is told to be; ``types`` are the Python types the model accepts; ``schema`` is
    the field's JSON Schema (without its description); ``yaml`` and ``table`` say
    which readers read the key (``source`` and ``holder`` of a coding are given by
    the YAML's nesting, ``stances`` only by the YAML).
    """

    key: str
    kind: str
    description: str
    check: c.Check | None = None
    required: bool = False
    default: Any = None
    what: str | None = None
    expected: str = "text"
    types: tuple[type, ...] = (str,)
    schema: Mapping[str, Any] = field(default_factory=lambda: dict(TEXT))
    yaml: bool = True
    table: bool = True

    def message(self, value: Any, shown: object = None) -> str | None:
        """Why ``value`` is wrong for this field (without the ``key: `` prefix), or None.

        >>> bool_field("inverted", "Turned around.").message("yes")
        "expected true or false, got the text 'yes'"
        """
        if shown is None:
            shown = c.Shown(c.describe_value, value)
        why = self.check(value, shown) if self.check is not None else None
        if why is None and not self.accepts(value):
            why = f"expected {self.expected}, got {shown}"
        return why

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` has one of the model's types (a bool is no number)."""
        if isinstance(value, bool) and bool not in self.types:
            return False
        return isinstance(value, self.types)


@dataclass(frozen=True)
class Entity:
    """The fields of one kind of object, in the model's order."""

    name: str
    description: str
    fields: tuple[Field, ...]

    def __getitem__(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def keys(self, reader: str = "yaml") -> dict[str, str | None]:
        """Key -> what it is (None when optional), for the keys ``reader`` reads."""
        return {f.key: (f.what if f.required else None) for f in self.fields if getattr(f, reader)}

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)


def text_field(key: str, description: str, default: Any = "", **kw: Any) -> Field:
    types = (str,) if default is not None else (str, NONE)
    return Field(key, "text", description, c.check_text, default=default, types=types, **kw)


def required_text_field(key: str, description: str, what: str, **kw: Any) -> Field:
    return Field(
        key,
        "text",
        description,
        c.check_required_text,
        required=True,
        what=what,
        schema=REQUIRED_TEXT,
        **kw,
    )


def id_field(key: str, description: str, what: str | None, **kw: Any) -> Field:
    return Field(
        key,
        "id",
        description,
        kw.pop("check", c.check_id),
        required=what is not None,
        what=what,
        expected="an id (text such as 'nato-membership')",
        schema=kw.pop("schema", ID_SCHEMA),
        **kw,
    )


def bool_field(key: str, description: str, expected: str = "true or false") -> Field:
    return Field(
        key,
        "bool",
        description,
        c.check_bool,
        default=False,
        expected=expected,
        types=(bool,),
        schema={"type": "boolean"},
    )
