"""The dataset model: frozen attrs classes, independent of any file format.

The YAML loader (:mod:`posmatrix.loading`) and :func:`posmatrix.from_frame`
build these objects; everything else reads them. Field validators check each
value on its own (type, range, form) with messages that name the field, what it
must be and what it got; cross-references between objects are checked by
:func:`posmatrix.model.check_references`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from .errors import Location

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AUTHOR",
    "CONFIDENCES",
    "FORMAT",
    "Actor",
    "Coding",
    "Dataset",
    "Issue",
    "Scale",
    "Source",
    "check_references",
    "is_valid_id",
]

FORMAT: Final = "posmatrix/1"
"""The format tag every dataset file carries."""

AUTHOR: Final = "author"
"""The holder of a source's own stance; reserved, so no actor may use it as id."""

CONFIDENCES: Final = ("high", "medium", "low")
"""Allowed values of :attr:`Coding.confidence`, most confident first."""

Confidence = Literal["high", "medium", "low"]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID_MAX = 80
_ASCII_ID = re.compile(r"[!-.0-~]{1,80}")  # printable ASCII but '/': the common, fast case


def is_valid_id(value: object) -> bool:
    """Whether ``value`` can be an id: 1–80 characters, no whitespace, no ``/``,
    no control or invisible formatting characters. Any script is allowed.

    >>> is_valid_id("nato-membership-ruled-out"), is_valid_id("Київ")
    (True, True)
    >>> is_valid_id("two words"), is_valid_id("a/b"), is_valid_id("")
    (False, False, False)
    """
    if not isinstance(value, str) or not 0 < len(value) <= _ID_MAX:
        return False
    if value.isascii():
        return _ASCII_ID.fullmatch(value) is not None
    return not any(
        ch.isspace() or ch == "/" or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn")
        for ch in value
    )


def check_date(value: str) -> str | None:
    """Return why ``value`` is not an ISO 8601 date of year, month or day precision,
    or None when it is one.

    >>> check_date("2025-08") is None, check_date("2025-08-18") is None
    (True, True)
    >>> check_date("2025-13-01")
    'month 13 is not 01..12'
    """
    import calendar

    m = _DATE.match(value)
    if m is None:
        return "expected YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = m.groups()
    if month is not None and not 1 <= int(month) <= 12:
        return f"month {month} is not 01..12"
    if day is not None:
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            return f"day {day} is not 01..{last} in {year}-{month}"
    return None


# -- validators -------------------------------------------------------------------------


def _id(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not is_valid_id(value):
        raise ValueError(
            f"'{attribute.name}' must be an id (1-{_ID_MAX} characters, no spaces, no '/'), "
            f"got {value!r}"
        )


def _text(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"'{attribute.name}' must be text, got {type(value).__name__} {value!r}")


def _nonempty_text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _text(inst, attribute, value)
    if not value.strip():
        raise ValueError(f"'{attribute.name}' must not be empty, got {value!r}")


def _optional_text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _text(inst, attribute, value)


def _int(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"'{attribute.name}' must be an integer, got {type(value).__name__} {value!r}"
        )


def _date(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    _text(inst, attribute, value)
    why = check_date(value)
    if why is not None:
        raise ValueError(f"'{attribute.name}' must be an ISO 8601 date: {why}, got {value!r}")


def _weight(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"'{attribute.name}' must be a number, got {type(value).__name__}")
    if not (value >= 0 and value < float("inf")):
        raise ValueError(f"'{attribute.name}' must be a finite number >= 0, got {value!r}")


def _keyed(value: Mapping[str, Any] | Iterable[Any], field: str, kind: str) -> Mapping[str, Any]:
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


def _issue_map(value: Mapping[str, Issue] | Iterable[Issue]) -> Mapping[str, Issue]:
    return _keyed(value, "issues", "Issue")


def _actor_map(value: Mapping[str, Actor] | Iterable[Actor]) -> Mapping[str, Actor]:
    return _keyed(value, "actors", "Actor")


def _source_map(value: Mapping[str, Source] | Iterable[Source]) -> Mapping[str, Source]:
    return _keyed(value, "sources", "Source")


# -- classes ----------------------------------------------------------------------------


@attrs.frozen
class Scale:
    """An ordinal stance scale from ``min`` to ``max`` (integers), with a label per point.

    >>> s = Scale()
    >>> s.points, s.range
    ((-2, -1, 0, 1, 2), 4)
    >>> s.label(-2), s.label(0)
    ('strongly opposes', 'neutral or mixed')
    """

    min: int = attrs.field(default=-2, validator=_int)
    max: int = attrs.field(default=2, validator=_int)
    labels: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    @max.validator
    def _check_max(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value <= self.min:
            raise ValueError(f"'max' must be greater than 'min' ({self.min}), got {value!r}")
        if value - self.min > 1000:
            raise ValueError(f"the scale may have at most 1001 points, got {self.min}..{value}")

    @labels.validator
    def _check_labels(self, attribute: attrs.Attribute[tuple[str, ...]], value: Any) -> None:
        n = self.max - self.min + 1
        if value and len(value) != n:
            raise ValueError(
                f"'labels' must name all {n} points {self.min}..{self.max}, got {len(value)}"
            )
        for label in value:
            _text(self, attribute, label)

    def __attrs_post_init__(self) -> None:
        if not self.labels:
            default = _DEFAULT_LABELS.get((self.min, self.max))
            labels = default or tuple(str(v) for v in range(self.min, self.max + 1))
            object.__setattr__(self, "labels", labels)

    @property
    def points(self) -> tuple[int, ...]:
        """Every point of the scale, lowest first."""
        return tuple(range(self.min, self.max + 1))

    @property
    def range(self) -> int:
        """``max - min``: the largest possible distance between two stances."""
        return self.max - self.min

    @property
    def midpoint(self) -> float:
        """The neutral point, ``(min + max) / 2``; stances above it support."""
        return (self.min + self.max) / 2

    def contains(self, value: object) -> bool:
        """Whether ``value`` is an integer point of the scale."""
        return (
            isinstance(value, int) and not isinstance(value, bool) and self.min <= value <= self.max
        )

    def describe(self, value: float, *, brackets: bool = False) -> str:
        """A stance as a signed number with its label: ``+2 strongly supports`` (or
        ``+2 (strongly supports)``), ``0 neutral or mixed``; a value between two points
        (a median of coders) is the number alone.

        >>> Scale().describe(2), Scale().describe(-1, brackets=True), Scale().describe(0.5)
        ('+2 strongly supports', '-1 (opposes)', '+0.5')
        """
        number = f"{value:+g}" if value != 0 else "0"
        label = self.label(value)
        if label == f"{value:g}":
            return number
        return f"{number} ({label})" if brackets else f"{number} {label}"

    def label(self, value: float) -> str:
        """The label of a point; a non-integer value (a median of coders) is shown as a number."""
        if float(value).is_integer() and self.min <= value <= self.max:
            return self.labels[int(value) - self.min]
        return f"{value:g}"


_DEFAULT_LABELS: dict[tuple[int, int], tuple[str, ...]] = {
    (-2, 2): ("strongly opposes", "opposes", "neutral or mixed", "supports", "strongly supports"),
    (-1, 1): ("opposes", "neutral or mixed", "supports"),
}


@attrs.frozen
class Issue:
    """A proposition one can support or oppose."""

    id: str = attrs.field(validator=_id)
    proposition: str = attrs.field(validator=_nonempty_text)
    group: str | None = attrs.field(default=None, validator=_optional_text)
    weight: float = attrs.field(default=1.0, validator=_weight)
    description: str = attrs.field(default="", validator=_text)
    where: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Actor:
    """Someone whose positions the sources report (a government, a bloc, a party)."""

    id: str = attrs.field(validator=_id)
    name: str = attrs.field(validator=_nonempty_text)
    kind: str | None = attrs.field(default=None, validator=_optional_text)
    where: Location | None = attrs.field(default=None, eq=False, repr=False)

    @id.validator
    def _not_author(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value == AUTHOR:
            raise ValueError(f"'id' must not be {AUTHOR!r}: it names a source's own stance")


@attrs.frozen
class Source:
    """An article (or any text) whose stances and reports are coded."""

    id: str = attrs.field(validator=_id)
    title: str = attrs.field(validator=_nonempty_text)
    subtitle: str = attrs.field(default="", validator=_text)
    section: str = attrs.field(default="", validator=_text)
    outlet: str = attrs.field(default="", validator=_text)
    author: str = attrs.field(default="", validator=_text)
    published: str | None = attrs.field(default=None, validator=_date)
    url: str = attrs.field(default="", validator=_text)
    file: str | None = attrs.field(default=None, validator=_optional_text)
    notes: str = attrs.field(default="", validator=_text)
    where: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Coding:
    """One coded position: ``holder`` takes ``stance`` on ``issue``, per ``source``.

    ``holder`` is :data:`AUTHOR` for the source's own stance, or the id of the actor
    the source attributes the position to. The stance is checked against the
    dataset's scale by :func:`check_references`.
    """

    source: str = attrs.field(validator=_id)
    holder: str = attrs.field(validator=_id)
    issue: str = attrs.field(validator=_id)
    stance: int = attrs.field(validator=_int)
    quote: str = attrs.field(validator=_nonempty_text)
    confidence: Confidence = attrs.field(default="high")
    coder: str | None = attrs.field(default=None, validator=_optional_text)
    note: str = attrs.field(default="", validator=_text)
    adjudicated: bool = attrs.field(default=False)
    where: Location | None = attrs.field(default=None, eq=False, repr=False)
    quote_where: Location | None = attrs.field(default=None, eq=False, repr=False)

    @confidence.validator
    def _check_confidence(self, attribute: attrs.Attribute[str], value: Any) -> None:
        if value not in CONFIDENCES:
            raise ValueError(f"'confidence' must be one of high, medium, low, got {value!r}")

    @adjudicated.validator
    def _check_adjudicated(self, attribute: attrs.Attribute[bool], value: Any) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"'adjudicated' must be true or false, got {value!r}")

    @property
    def key(self) -> tuple[str, str, str, str | None]:
        """``(source, holder, issue, coder)``: unique within a dataset."""
        return (self.source, self.holder, self.issue, self.coder)


@attrs.frozen
class Dataset:
    """A whole coded dataset.

    ``sources``, ``issues`` and ``actors`` map id to object in file order (pass a
    mapping, or a sequence of the objects: they are keyed by their ids);
    ``codings`` is a tuple in file order. Build one with :func:`posmatrix.load`,
    :func:`posmatrix.loads`, :func:`posmatrix.from_frame`, or directly (then call
    :func:`check_references` to validate the cross-references).
    """

    title: str = attrs.field(validator=_nonempty_text)
    scale: Scale = attrs.field(factory=Scale)
    issues: Mapping[str, Issue] = attrs.field(factory=dict, converter=_issue_map)
    actors: Mapping[str, Actor] = attrs.field(factory=dict, converter=_actor_map)
    sources: Mapping[str, Source] = attrs.field(factory=dict, converter=_source_map)
    codings: tuple[Coding, ...] = attrs.field(default=(), converter=tuple)
    description: str = attrs.field(default="", validator=_text)
    version: str = attrs.field(default="", validator=_text)
    citation: str = attrs.field(default="", validator=_text)
    coder: str | None = attrs.field(default=None, validator=_optional_text)
    path: str | None = attrs.field(default=None, eq=False)

    @property
    def name(self) -> str:
        """The file the dataset came from, or ``<dataset>``."""
        return self.path or "<dataset>"

    def holder_name(self, holder: str) -> str:
        """A readable name for a holder: ``author`` or the actor's name."""
        if holder == AUTHOR:
            return AUTHOR
        actor = self.actors.get(holder)
        return actor.name if actor is not None else holder

    def codings_of(
        self,
        *,
        source: str | None = None,
        holder: str | None = None,
        issue: str | None = None,
    ) -> tuple[Coding, ...]:
        """The codings matching every given field, in file order."""
        return tuple(
            c
            for c in self.codings
            if (source is None or c.source == source)
            and (holder is None or c.holder == holder)
            and (issue is None or c.issue == issue)
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per coding, in file order.

        Columns: ``source, holder, issue`` (str), ``stance`` (int), ``confidence``,
        ``coder`` (None when not given), ``quote``, ``note`` (str).
        """
        import pandas as pd

        columns = ["source", "holder", "issue", "stance", "confidence", "coder", "quote", "note"]
        rows = [[getattr(c, name) for name in columns] for c in self.codings]
        frame = pd.DataFrame(rows, columns=columns)
        frame["stance"] = frame["stance"].astype("int64")
        frame["coder"] = pd.Series([c.coder for c in self.codings], dtype=object)
        return frame

    def __repr__(self) -> str:
        from .notebook import dataset_repr

        return dataset_repr(self)

    def _repr_html_(self) -> str:
        from .notebook import dataset_html

        return dataset_html(self)


def check_references(ds: Dataset) -> list[tuple[Location | None, str]]:
    """Every cross-reference problem of ``ds`` as ``(where, message)`` pairs.

    Checks that each coding names a known source, issue and holder (``author``
    or an actor), that its stance lies on the scale, and that no
    ``(source, holder, issue, coder)`` is coded twice.
    """
    out: list[tuple[Location | None, str]] = []
    seen: dict[tuple[str, str, str, str | None], Coding] = {}
    scale = ds.scale
    for c in ds.codings:
        for field, known, kind in (
            ("source", ds.sources, "source"),
            ("issue", ds.issues, "issue"),
        ):
            value = getattr(c, field)
            if value not in known:
                out.append(
                    (c.where, f"{field} {value!r} is not a known {kind}{_hint(value, known)}")
                )
        if c.holder != AUTHOR and c.holder not in ds.actors:
            out.append(
                (
                    c.where,
                    f"holder {c.holder!r} is neither 'author' nor a known actor"
                    f"{_hint(c.holder, ds.actors)}",
                )
            )
        if not scale.contains(c.stance):
            out.append(
                (
                    c.where,
                    f"stance must be an integer from {scale.min} to {scale.max}, got {c.stance!r}",
                )
            )
        if c.key in seen:
            first = seen[c.key].where
            at = f" (first at line {first.line})" if first is not None else ""
            coder = f", coder {c.coder!r}" if c.coder is not None else ""
            out.append(
                (
                    c.where,
                    f"issue {c.issue!r} is coded twice for source {c.source!r}, "
                    f"holder {c.holder!r}{coder}{at}; keep one coding or give each its own coder",
                )
            )
        else:
            seen[c.key] = c
    return out


def _hint(value: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
