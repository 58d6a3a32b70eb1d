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
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from .errors import Location
from .ids import invisible_char, look_alike
from .textsafe import bad_value_char

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AUTHOR",
    "CONFIDENCES",
    "EVIDENCE",
    "FORMAT",
    "NO_QUOTE",
    "SCALE_BOUND",
    "Actor",
    "Coding",
    "Dataset",
    "Issue",
    "Scale",
    "Source",
    "check_references",
    "is_valid_id",
    "quoted",
    "replaces_problems",
]

FORMAT: Final = "posmatrix/1"
"""The format tag every dataset file carries."""

AUTHOR: Final = "author"
"""The holder of a source's own stance; reserved, so no actor may use it as id."""

CONFIDENCES: Final = ("high", "medium", "low")
"""Allowed values of :attr:`Coding.confidence`, most confident first."""

Confidence = Literal["high", "medium", "low"]
_UNCHECKED: dict[type[Any], Callable[..., Any]] = {}

EVIDENCE: Final = ("required", "optional")
"""Allowed values of :attr:`Dataset.evidence`: must every coding give a quote?"""

NO_QUOTE: Final = "(no quote given)"
"""How a coding without a quote (``evidence: optional``) is shown, never as evidence."""

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID_MAX = 80
_ASCII_ID = re.compile(r"[!-.0-~]{1,80}")  # printable ASCII but '/': the common, fast case


def quoted(text: str, opening: str = "“", closing: str = "”") -> str:
    """A quote as shown to a reader: in quotation marks, or :data:`NO_QUOTE` (never in
    quotation marks: it is not evidence) for a coding without one.

    >>> quoted("No NATO."), quoted("")
    ('“No NATO.”', '(no quote given)')
    """
    return f"{opening}{text}{closing}" if text else NO_QUOTE


def is_valid_id(value: object) -> bool:
    """Whether ``value`` can be an id: 1–80 characters, no whitespace, no ``/``,
    no control, formatting, default-ignorable or invisible characters (see
    :mod:`posmatrix.ids`). Any script is allowed.

    >>> is_valid_id("nato-membership-ruled-out"), is_valid_id("Київ")
    (True, True)
    >>> is_valid_id("two words"), is_valid_id("a/b"), is_valid_id("")
    (False, False, False)
    """
    if not isinstance(value, str) or not 0 < len(value) <= _ID_MAX:
        return False
    if value.isascii():
        return _ASCII_ID.fullmatch(value) is not None
    return invisible_char(value) is None and not any(
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
    bad = bad_value_char(value)
    if bad is not None:
        raise ValueError(
            f"'{attribute.name}' holds {bad}, which no text may hold (it would act on a "
            "terminal when shown); remove it"
        )


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


def _quote(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A quote is text; empty means none was given (allowed when the dataset declares
    ``evidence: optional``), but blank text is a mistake."""
    _text(_, attribute, value)
    if value and not value.strip():
        raise ValueError(f"'{attribute.name}' must not be empty, got {value!r}")


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


SCALE_BOUND: Final = 10_000
"""Both ends of a scale lie in ``-SCALE_BOUND..SCALE_BOUND``: there every stance, sum and
product the agreement measures form is an exact float (at 10**21 the minimum and a
middle stance became the same number)."""


def _bounded(attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, int) and not -SCALE_BOUND <= value <= SCALE_BOUND:
        raise ValueError(
            f"'{attribute.name}' must lie from {-SCALE_BOUND:,} to {SCALE_BOUND:,} (the "
            f"agreement measures are exact only within that), got {value!r}"
        )


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

    @min.validator
    def _check_min(self, attribute: attrs.Attribute[int], value: int) -> None:
        _bounded(attribute, value)

    @max.validator
    def _check_max(self, attribute: attrs.Attribute[int], value: int) -> None:
        _bounded(attribute, value)
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
    label: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    """A short name for tables and figures (None: the id is shown); the id stays the key."""

    @label.validator
    def _check_label(self, attribute: attrs.Attribute[str | None], value: Any) -> None:
        if value is not None and not value.strip():
            raise ValueError(f"'label' must not be empty (leave it out), got {value!r}")

    @property
    def short(self) -> str:
        """The label, or the id when the issue has none."""
        return self.label if self.label is not None else self.id

    replaces: str | None = attrs.field(default=None, validator=attrs.validators.optional(_id))
    inverted: bool = attrs.field(default=False)

    @inverted.validator
    def _check_inverted(self, attribute: attrs.Attribute[bool], value: Any) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"'inverted' must be true or false, got {value!r}")


def replaces_problems(issues: Mapping[str, Issue]) -> list[tuple[str, str]]:
    """``(issue id, message)`` for every ``replaces`` that cannot hold: an issue that
    replaces itself or an id this version still has (which also catches cycles), or two
    issues that replace the same id. An id unknown here is fine: it names an issue of
    the older version.

    >>> a, b = Issue("a", "A.", replaces="old"), Issue("b", "B.", replaces="old")
    >>> [(ident, message[:40]) for ident, message in replaces_problems({"a": a, "b": b})]
    [('b', "replaces 'old', which issue 'a' already ")]
    """
    out: list[tuple[str, str]] = []
    first: dict[str, str] = {}
    for ident, issue in issues.items():
        old = issue.replaces
        if old is None:
            continue
        if old == ident:
            out.append((ident, f"replaces {old!r}, its own id; leave 'replaces' out"))
        elif old in issues:
            back = issues[old].replaces
            cycle = f" (a cycle: {ident} → {old} → {back})" if back is not None else ""
            out.append(
                (
                    ident,
                    f"replaces {old!r}, which is still an issue of this version{cycle}; "
                    "'replaces' names the id the issue had in an older version",
                )
            )
        elif old in first:
            out.append(
                (
                    ident,
                    f"replaces {old!r}, which issue {first[old]!r} already replaces; "
                    "each old issue continues in one issue",
                )
            )
        else:
            first[old] = ident
    return out


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
    dataset's scale by :func:`check_references`. ``quote`` is ``""`` when no quote
    was given, which only a dataset declaring ``evidence="optional"`` accepts; such a
    coding counts in every analysis and is shown as :data:`NO_QUOTE`.
    """

    source: str = attrs.field(validator=_id)
    holder: str = attrs.field(validator=_id)
    issue: str = attrs.field(validator=_id)
    stance: int = attrs.field(validator=_int)
    quote: str = attrs.field(validator=_quote)
    confidence: Confidence = attrs.field(default="high")
    coder: str | None = attrs.field(default=None, validator=_optional_text)
    note: str = attrs.field(default="", validator=_text)
    adjudicated: bool = attrs.field(default=False)
    where: Location | None = attrs.field(default=None, eq=False, repr=False)
    quote_where: Location | None = attrs.field(default=None, eq=False, repr=False)
    red_line: bool = attrs.field(default=False, kw_only=True)

    @confidence.validator
    def _check_confidence(self, attribute: attrs.Attribute[str], value: Any) -> None:
        if value not in CONFIDENCES:
            raise ValueError(f"'confidence' must be one of high, medium, low, got {value!r}")

    @adjudicated.validator
    def _check_adjudicated(self, attribute: attrs.Attribute[bool], value: Any) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"'adjudicated' must be true or false, got {value!r}")

    @red_line.validator
    def _check_red_line(self, attribute: attrs.Attribute[bool], value: Any) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"'red_line' must be true or false, got {value!r}")

    @property
    def has_quote(self) -> bool:
        """Whether the coding gives a quote (False only under ``evidence: optional``)."""
        return bool(self.quote)

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
    evidence: Literal["required", "optional"] = attrs.field(default="required", kw_only=True)
    """``"optional"`` lets a coding omit its quote (``quote=""``); ``"required"`` (the
    default) refuses a dataset with such a coding."""

    @evidence.validator
    def _check_evidence(self, attribute: attrs.Attribute[str], value: Any) -> None:
        if value not in EVIDENCE:
            raise ValueError(f"'evidence' must be 'required' or 'optional', got {value!r}")
        if value == "required":
            for n, c in enumerate(self.codings):
                if not c.quote:
                    raise ValueError(
                        f"codings[{n}] ({c.source}, {c.holder}, {c.issue}) gives no quote; "
                        "give one, or declare evidence='optional'"
                    )

    @property
    def quoteless(self) -> int:
        """How many codings give no quote (only under ``evidence: optional``)."""
        return sum(1 for c in self.codings if not c.quote)

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
        ``coder`` (None when not given), ``quote``, ``note`` (str), ``red_line`` (bool).
        """
        import pandas as pd

        columns = [
            *("source", "holder", "issue", "stance", "confidence", "coder", "quote", "note"),
            "red_line",
        ]
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


def _unchecked(cls: type[Any]) -> Callable[..., Any]:
    """A constructor of ``cls`` that runs no validator, for values already checked (the
    column-wise checks of :func:`posmatrix.from_frame`). Positional field values in
    field order; later fields take their defaults. Unlike attrs' process-wide switch
    (``attrs.validators.set_disabled``) it changes nothing another thread could see.
    """
    made = _UNCHECKED.get(cls)
    if made is not None:
        return made
    fields = attrs.fields(cls)
    if any(hasattr(f.default, "factory") for f in fields):  # pragma: no cover
        raise TypeError(f"{cls.__name__} has a factory default; give every value")
    # generated once per class, as attrs generates __init__: a loop over the fields
    # would cost a third more for a million codings
    params = ", ".join(
        f.name if f.default is attrs.NOTHING else f"{f.name}=_d[{k}]" for k, f in enumerate(fields)
    )
    body = "".join(f"    put(obj, {f.name!r}, {f.name})\n" for f in fields)
    namespace: dict[str, Any] = {
        "new": object.__new__,
        "put": object.__setattr__,  # how attrs' frozen __init__ sets fields
        "cls": cls,
        "_d": [f.default for f in fields],
    }
    exec(f"def make({params}):\n    obj = new(cls)\n{body}    return obj\n", namespace)
    make: Callable[..., Any] = namespace["make"]
    _UNCHECKED[cls] = make  # a race only builds the same function twice
    return make


def check_references(ds: Dataset) -> list[tuple[Location | None, str]]:
    """Every cross-reference problem of ``ds`` as ``(where, message)`` pairs.

    Checks that each coding names a known source, issue and holder (``author``
    or an actor), that its stance lies on the scale (and is not the midpoint when it
    is marked ``red_line``), that no ``(source, holder, issue, coder)`` is coded
    twice, and that the issues' ``replaces`` hold (see :func:`replaces_problems`).
    """
    out: list[tuple[Location | None, str]] = [
        (ds.issues[ident].where, f"issue {ident!r} {message}")
        for ident, message in replaces_problems(ds.issues)
    ]
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
        if c.red_line and scale.contains(c.stance) and c.stance == scale.midpoint:
            out.append((c.where, red_line_message(c.stance)))
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


def red_line_message(stance: int) -> str:
    """Why ``red_line: true`` cannot sit on ``stance``, the scale's midpoint."""
    return (
        f"red_line needs a side: stance {stance} is the midpoint of the scale (neutral or "
        "mixed); mark a stance above or below it, or drop red_line"
    )


def _hint(value: str, known: Iterable[str]) -> str:
    import difflib

    close = [k for k in known if look_alike(value, k)][:1] or difflib.get_close_matches(
        value, list(known), n=1, cutoff=0.6
    )
    if close and look_alike(value, close[0]):
        return f"; did you mean {close[0]!a}? (written {value!a}: a look-alike)"
    return f"; did you mean {close[0]!r}?" if close else ""
