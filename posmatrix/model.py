"""The dataset model: frozen attrs classes, independent of any file format.

The YAML loader (:mod:`posmatrix.loading`) and :func:`posmatrix.from_frame`
build these objects; everything else reads them. Field validators check each
value on its own (type, range, form) with messages that name the field, what it
must be and what it got; cross-references between objects are checked by
:func:`posmatrix.model.check_references`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

import attrs

from .errors import Location
from .format import checks as _checks
from .format.checks import (
    CONFIDENCES,
    EVIDENCE,
    SCALE_BOUND,
    check_date,
    is_valid_id,
    labels_problem,
    scale_problem,
)
from .format.refs import AUTHOR, red_line_message, reference_problems
from .format.refs import replaces_problems as _replaces
from .format.spec import ACTOR, CODING, DATASET, FORMAT, ISSUE, SCALE, SOURCE
from .modelfields import keyed
from .modelfields import spec_field as _field
from .modelfields import spec_validator as _validator

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
    "check_date",
    "check_references",
    "is_valid_id",
    "quoted",
    "red_line_message",
    "replaces_problems",
    "unchecked",
]

Confidence = Literal["high", "medium", "low"]
_T = TypeVar("_T")
_UNCHECKED: dict[type[Any], Callable[..., Any]] = {}

NO_QUOTE: Final = "(no quote given)"
"""How a coding without a quote (``evidence: optional``) is shown, never as evidence."""


def quoted(text: str, opening: str = "“", closing: str = "”") -> str:
    """A quote as shown to a reader: in quotation marks, or :data:`NO_QUOTE` (never in
    quotation marks: it is not evidence) for a coding without one.

    >>> quoted("No NATO."), quoted("")
    ('“No NATO.”', '(no quote given)')
    """
    return f"{opening}{text}{closing}" if text else NO_QUOTE


def _issue_map(value: Mapping[str, Issue] | Iterable[Issue]) -> Mapping[str, Issue]:
    return keyed(value, "issues", "Issue")


def _actor_map(value: Mapping[str, Actor] | Iterable[Actor]) -> Mapping[str, Actor]:
    return keyed(value, "actors", "Actor")


def _source_map(value: Mapping[str, Source] | Iterable[Source]) -> Mapping[str, Source]:
    return keyed(value, "sources", "Source")


# -- columnar codings (issue 25: posmatrix.codingtable.CodingTable) -------------------------


def _codings(value: Iterable[_T]) -> tuple[Coding, ...]:
    """The codings as a tuple; a columnar table of codings is kept as it is. (Typed
    like the ``tuple`` converter it replaces, so the attrs plugin checks callers as
    before.)"""
    if type(value) is not tuple and getattr(value, "columnar", False):
        return value  # type: ignore[return-value]  # a read-only Sequence[Coding]
    return tuple(value)  # type: ignore[arg-type]


def _quoteless(codings: Sequence[Coding]) -> Iterable[tuple[int, Coding]]:
    """``(position, coding)`` of the codings that give no quote; a columnar table
    finds them in one vectorised pass instead of making every coding."""
    rows = getattr(codings, "quoteless_rows", None)
    if rows is not None:
        return ((n, codings[n]) for n in rows().tolist())
    return ((n, c) for n, c in enumerate(codings) if not c.quote)


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

    min: int = _field(SCALE, "min", default=-2)
    max: int = _field(SCALE, "max", default=2)
    labels: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    @max.validator
    def _check_span(self, attribute: attrs.Attribute[int], value: int) -> None:
        problem = scale_problem(self.min, value)
        if problem is not None:
            raise ValueError(f"{problem[0] or 'scale'}: {problem[1]}")

    @labels.validator
    def _check_labels(self, attribute: attrs.Attribute[tuple[str, ...]], value: Any) -> None:
        why = labels_problem(self.min, self.max, len(value))
        if why is not None:
            raise ValueError(f"labels: {why}")
        for n, label in enumerate(value, 1):
            why = _checks.check_required_text(label, _checks.describe_value(label))
            if why is not None:
                raise (ValueError if isinstance(label, str) else TypeError)(f"labels[{n}]: {why}")

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

    id: str = _field(ISSUE, "id")
    proposition: str = _field(ISSUE, "proposition")
    group: str | None = _field(ISSUE, "group")
    weight: float = _field(ISSUE, "weight")
    description: str = _field(ISSUE, "description")
    where: Location | None = attrs.field(default=None, eq=False, repr=False)
    label: str | None = _field(ISSUE, "label", kw_only=True)
    """A short name for tables and figures (None: the id is shown); the id stays the key."""
    replaces: str | None = _field(ISSUE, "replaces")
    inverted: bool = _field(ISSUE, "inverted")

    @property
    def short(self) -> str:
        """The label, or the id when the issue has none."""
        return self.label if self.label is not None else self.id


def replaces_problems(issues: Mapping[str, Issue]) -> list[tuple[str, str]]:
    """``(issue id, message)`` for every ``replaces`` that cannot hold: an issue that
    replaces itself or an id this version still has (which also catches cycles), or two
    issues that replace the same id (see :func:`posmatrix.format.refs.replaces_problems`).

    >>> a, b = Issue("a", "A.", replaces="old"), Issue("b", "B.", replaces="old")
    >>> [(ident, message[:40]) for ident, message in replaces_problems({"a": a, "b": b})]
    [('b', "replaces 'old', which issue 'a' already ")]
    """
    return _replaces({ident: issue.replaces for ident, issue in issues.items()})


@attrs.frozen
class Actor:
    """Someone whose positions the sources report (a government, a bloc, a party)."""

    id: str = _field(ACTOR, "id")
    name: str = _field(ACTOR, "name")
    kind: str | None = _field(ACTOR, "kind")
    where: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Source:
    """An article (or any text) whose stances and reports are coded."""

    id: str = _field(SOURCE, "id")
    title: str = _field(SOURCE, "title")
    subtitle: str = _field(SOURCE, "subtitle")
    section: str = _field(SOURCE, "section")
    outlet: str = _field(SOURCE, "outlet")
    author: str = _field(SOURCE, "author")
    published: str | None = _field(SOURCE, "published")
    url: str = _field(SOURCE, "url")
    # text only: a dataset built in Python may name any file; verify-quotes refuses one
    # outside the texts folder itself (the readers refuse it while reading)
    file: str | None = attrs.field(
        default=None, validator=_validator(SOURCE, "file", _checks.check_text)
    )
    notes: str = _field(SOURCE, "notes")
    where: Location | None = attrs.field(default=None, eq=False, repr=False)
    label: str | None = _field(SOURCE, "label", kw_only=True)
    """A short name for tables, figures and briefings (None: the title is shortened)."""


@attrs.frozen
class Coding:
    """One coded position: ``holder`` takes ``stance`` on ``issue``, per ``source``.

    ``holder`` is :data:`AUTHOR` for the source's own stance, or the id of the actor
    the source attributes the position to. The stance is checked against the
    dataset's scale by :func:`check_references`. ``quote`` is ``""`` when no quote
    was given, which only a dataset declaring ``evidence="optional"`` accepts; such a
    coding counts in every analysis and is shown as :data:`NO_QUOTE`.
    """

    source: str = _field(CODING, "source")
    holder: str = _field(CODING, "holder")
    issue: str = _field(CODING, "issue")
    stance: int = _field(CODING, "stance")
    quote: str = _field(CODING, "quote")
    confidence: Confidence = _field(CODING, "confidence")  # noqa: RUF009
    coder: str | None = _field(CODING, "coder")
    note: str = _field(CODING, "note")
    adjudicated: bool = _field(CODING, "adjudicated")
    where: Location | None = attrs.field(default=None, eq=False, repr=False)
    quote_where: Location | None = attrs.field(default=None, eq=False, repr=False)
    red_line: bool = _field(CODING, "red_line", kw_only=True)

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

    title: str = _field(DATASET, "title")
    scale: Scale = attrs.field(factory=Scale)
    issues: Mapping[str, Issue] = attrs.field(factory=dict, converter=_issue_map)
    actors: Mapping[str, Actor] = attrs.field(factory=dict, converter=_actor_map)
    sources: Mapping[str, Source] = attrs.field(factory=dict, converter=_source_map)
    codings: tuple[Coding, ...] = attrs.field(default=(), converter=_codings)
    description: str = _field(DATASET, "description")
    version: str = _field(DATASET, "version")
    citation: str = _field(DATASET, "citation")
    coder: str | None = _field(DATASET, "coder")
    path: str | None = attrs.field(default=None, eq=False)
    evidence: Literal["required", "optional"] = _field(DATASET, "evidence", kw_only=True)
    """``"optional"`` lets a coding omit its quote (``quote=""``); ``"required"`` (the
    default) refuses a dataset with such a coding."""

    @evidence.validator
    def _check_quotes(self, attribute: attrs.Attribute[str], value: Any) -> None:
        if value == "required":
            for n, c in _quoteless(self.codings):
                if not c.quote:
                    raise ValueError(
                        f"codings[{n}] ({c.source}, {c.holder}, {c.issue}) gives no quote; "
                        "give one, or declare evidence='optional'"
                    )

    @property
    def quoteless(self) -> int:
        """How many codings give no quote (only under ``evidence: optional``)."""
        return sum(1 for _, c in _quoteless(self.codings))

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


def unchecked(cls: type[Any]) -> Callable[..., Any]:
    """A constructor of ``cls`` that runs no validator, for values a reader has already
    checked with the same spec checks (in bulk, column by column, or node by node).
    Field values positionally in field order or by keyword; fields left out take
    their defaults. Validation stays on for everybody else: unlike attrs'
    process-wide switch (``attrs.validators.set_disabled``) this changes nothing
    another thread could see.

    >>> make = unchecked(Issue)
    >>> make("a", "A.", weight=2.0).weight
    2.0
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


_unchecked = unchecked  # the name readers used before it was public


def check_references(ds: Dataset) -> list[tuple[Location | None, str]]:
    """Every cross-reference problem of ``ds`` as ``(where, message)`` pairs.

    Checks that each coding names a known source, issue and holder (``author``
    or an actor), that its stance lies on the scale (and is not the midpoint when it
    is marked ``red_line``), that no ``(source, holder, issue, coder)`` is coded
    twice, and that the issues' ``replaces`` hold (see :func:`replaces_problems`).
    The rules are those of :mod:`posmatrix.format.refs`; each message names its field.
    """
    out: list[tuple[Location | None, str]] = [
        (ds.issues[ident].where, f"issue {ident!r} {message}")
        for ident, message in replaces_problems(ds.issues)
    ]

    def first_at(c: Coding) -> str | None:
        return f"line {c.where.line}" if c.where is not None else None

    for problem in reference_problems(
        ds.codings,
        issues=ds.issues,
        actors=ds.actors,
        sources=ds.sources,
        lo=ds.scale.min,
        hi=ds.scale.max,
        first_at=first_at,
    ):
        where = ds.codings[problem.item].where
        prefix = f"{problem.field}: " if problem.field is not None else ""
        out.append((where, prefix + problem.message))
    return out
