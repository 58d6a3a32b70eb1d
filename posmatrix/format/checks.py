"""The value checks of the format: each takes a value and how to show it, and returns
why the value is wrong (a message) or None.

Every reader and the model run these same functions: the YAML reader on a node's
value (``shown`` is how the node was written, :func:`posmatrix.yamlsafe.describe`),
the table reader once per distinct value of a column, the model's validators on the
value given (``shown`` from :func:`describe_value`). The message is what the reader
prints after ``FIELD: ``.

>>> check_weight(-1, describe_value(-1))
'expected a finite number >= 0 (default 1), got the integer -1'
>>> check_confidence("hihg", describe_value("hihg"))
"expected one of high, medium, low, got the text 'hihg'; did you mean 'high'?"
"""

from __future__ import annotations

import calendar
import difflib
import math
import re
from collections.abc import Callable, Iterable
from typing import Any, Final

from ..ids import invisible_char, look_alike
from ..textsafe import bad_value_char

__all__ = [
    "CONFIDENCES",
    "EVIDENCE",
    "ID_MAX",
    "SCALE_BOUND",
    "Check",
    "Shown",
    "check_date",
    "describe_value",
    "hint",
    "is_valid_id",
    "show",
]

Check = Callable[[Any, Any], "str | None"]
"""A check: ``(value, shown) -> message or None``; ``shown`` is formatted into the
message only when there is one (see :class:`Shown`)."""


class Shown:
    """How a value is shown in a message, worked out only when a message is formatted
    (most values are fine: describing each would cost more than checking it).

    >>> f"got {Shown(describe_value, 3)}"
    'got the integer 3'
    """

    __slots__ = ("_how", "_what")

    def __init__(self, how: Callable[[Any], str], what: Any) -> None:
        self._how = how
        self._what = what

    def __format__(self, spec: str) -> str:
        return format(self._how(self._what), spec)

    def __str__(self) -> str:
        return self._how(self._what)


CONFIDENCES: Final = ("high", "medium", "low")
EVIDENCE: Final = ("required", "optional")
ID_MAX: Final = 80
SCALE_BOUND: Final = 10_000
"""Both ends of a scale lie in ``-SCALE_BOUND..SCALE_BOUND``: there every stance, sum and
product the agreement measures form is an exact float (at 10**21 the minimum and a
middle stance became the same number)."""

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ASCII_ID = re.compile(r"[!-.0-~]{1,80}")  # printable ASCII but '/': the common, fast case
_DRIVE = re.compile(r"^[A-Za-z]:")


def show(value: object, limit: int = 60) -> str:
    """``repr`` of a value, shortened to ``limit`` characters (as
    :func:`posmatrix.yamlsafe.show`)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def describe_value(value: object) -> str:
    """A Python value in words, as the YAML reader describes a node written so.

    >>> [describe_value(v) for v in ("abc", 3, 2.5, True, None, [1], {"a": 1})]
    ["the text 'abc'", 'the integer 3', 'the number 2.5', 'the boolean true', \
'an empty value', 'a list', 'a mapping']
    """
    if value is None:
        return "an empty value"
    if isinstance(value, str):
        return f"the text {show(value)}"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, int):
        return f"the integer {show(value)}"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__} {show(value)}"


def close(word: object, known: Iterable[Any]) -> str | None:
    """The closest of ``known`` to ``word`` (case, look-alike characters, spelling)."""
    if not isinstance(word, str):
        return None
    texts: list[str] = [k for k in known if isinstance(k, str)]
    folded = word.casefold()
    for candidate in texts:
        if candidate.casefold() == folded:
            return candidate
    for candidate in texts:  # the same to the eye: a Cyrillic 'а' for a Latin 'a'
        if look_alike(word, candidate):
            return candidate
    found = difflib.get_close_matches(word, texts, n=1)
    return found[0] if found else None


def hint(word: object, known: Iterable[Any]) -> str:
    """``; did you mean 'x'?`` for the closest of ``known``, or ``""``; both escaped
    when they differ only in look-alike characters."""
    near = close(word, known)
    if isinstance(word, str) and isinstance(near, str) and look_alike(word, near):
        return f"; did you mean {near!a}? (written {word!a}: a look-alike)"
    return f"; did you mean {near!r}?" if near is not None else ""


def is_valid_id(value: object) -> bool:
    """Whether ``value`` can be an id: 1–80 characters, no whitespace, no ``/``,
    no control, formatting, default-ignorable or invisible characters (see
    :mod:`posmatrix.ids`). Any script is allowed.

    >>> is_valid_id("nato-membership-ruled-out"), is_valid_id("Київ")
    (True, True)
    >>> is_valid_id("two words"), is_valid_id("a/b"), is_valid_id("")
    (False, False, False)
    """
    import unicodedata

    if not isinstance(value, str) or not 0 < len(value) <= ID_MAX:
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


def _slug(text: str) -> str:
    slug = re.sub(r"[\s/]+", "-", text.strip())
    slug = "".join(ch for ch in slug if ch.isprintable())[:80].strip("-")
    return slug or "my-id"


# -- the checks ------------------------------------------------------------------------


def check_text(value: Any, shown: object) -> str | None:
    """Text, or None (absent); no character that acts on a terminal."""
    if value is None:
        return None
    if not isinstance(value, str):
        return f"expected text, got {shown}"
    bad = bad_value_char(value)
    if bad is not None:
        return (
            f"the text holds {bad}, which no text may hold (it would act on a terminal "
            "when shown); remove it"
        )
    return None


def check_required_text(value: Any, shown: object) -> str | None:
    """Text that is not empty or blank."""
    why = check_text(value, shown)
    if why is None and (value is None or not value.strip()):
        return f"expected non-empty text, got {shown}"
    return why


def check_name(value: Any, shown: object) -> str | None:
    """Optional text that, when given, is not blank (a coder's name: an empty one
    would count as another coder)."""
    why = check_text(value, shown)
    if why is None and value is not None and not value.strip():
        return f"expected non-empty text (or leave the key out), got {shown}"
    return why


def check_label(value: Any, shown: object) -> str | None:
    """An issue's short name: optional text, not blank when given."""
    why = check_text(value, shown)
    if why is None and value is not None and not value.strip():
        return "expected a short non-empty text (or leave it out)"
    return why


def check_quote(value: Any, shown: object) -> str | None:
    """A quote: text; empty means none was given (only under ``evidence: optional``,
    checked with the dataset), blank text is a mistake."""
    if value is None:
        return None
    why = check_text(value, shown)
    if why is None and value and not value.strip():
        return f"expected non-empty text, got {shown}"
    return why


def check_id(value: Any, shown: object) -> str | None:
    """An id: 1–80 characters, no spaces, no ``/``, no invisible characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        return f"expected an id (text such as 'nato-membership'), got {shown}"
    if is_valid_id(value):
        return None
    hidden = invisible_char(value)
    if hidden is not None and len(value) <= ID_MAX:
        return (
            f"the id {value!a} holds {hidden}, an invisible character that would make it "
            "look like another id; remove it"
        )
    return (
        f"expected an id (1-{ID_MAX} characters, no spaces, no '/'), got {shown}; "
        f"use e.g. {_slug(value)!r}"
    )


def check_actor_id(value: Any, shown: object) -> str | None:
    """An actor's id: an id other than ``author``."""
    if value == "author":
        return "'author' is reserved for a source's own stance; give the actor another id"
    return check_id(value, shown)


def check_weight(value: Any, shown: object) -> str | None:
    """A finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
        return f"expected a finite number >= 0 (default 1), got {shown}"
    return None


def check_bool(value: Any, shown: object) -> str | None:
    """``true`` or ``false``."""
    return None if isinstance(value, bool) else f"expected true or false, got {shown}"


def check_integer(value: Any, shown: object) -> str | None:
    """An integer (not a boolean)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"expected an integer, got {shown}"
    return None


def check_scale_end(value: Any, shown: object) -> str | None:
    """An end of the scale: an integer within ±:data:`SCALE_BOUND`."""
    why = check_integer(value, shown)
    if why is None and not -SCALE_BOUND <= value <= SCALE_BOUND:
        return (
            f"expected an integer from {-SCALE_BOUND:,} to {SCALE_BOUND:,} (the agreement "
            f"measures are exact only within that), got {show(value)}; shift the scale, "
            "e.g. 0..100 instead of 1000000..1000100"
        )
    return why


def check_published(value: Any, shown: object) -> str | None:
    """An ISO 8601 date of year, month or day precision, or None."""
    if value is None:
        return None
    why = check_text(value, shown)
    if why is not None:
        return why
    date = check_date(value)
    if date is None:
        return None
    detail = "" if date.startswith("expected") else f" ({date})"
    return f"expected an ISO 8601 date, YYYY, YYYY-MM or YYYY-MM-DD{detail}, got {shown}"


def check_file(value: Any, shown: object, inside: str = "inside the texts folder") -> str | None:
    """A relative file name: no absolute path, no ``..``."""
    why = check_text(value, shown)
    if why is not None or not value:
        return why
    parts = re.split(r"[\\/]", value)
    if value.startswith(("/", "\\")) or _DRIVE.match(value) or ".." in parts:
        return (
            f"expected a file name {inside}, got {show(value)}; absolute paths and '..' "
            "are not allowed"
        )
    return None


def check_table_file(value: Any, shown: object) -> str | None:
    """The codings table beside the YAML file."""
    return check_file(value, shown, "beside the YAML file (or below it)")


def check_confidence(value: Any, shown: object) -> str | None:
    """One of high, medium, low."""
    if value in CONFIDENCES and isinstance(value, str):
        return None
    return f"expected one of high, medium, low, got {shown}{hint(value, CONFIDENCES)}"


def check_evidence(value: Any, shown: object) -> str | None:
    """``required`` or ``optional``."""
    if value in EVIDENCE and isinstance(value, str):
        return None
    return (
        "expected 'required' or 'optional' (may a coding omit its quote?), "
        f"got {shown}{hint(value, EVIDENCE)}"
    )


def check_format(value: Any, shown: object) -> str | None:
    """The format tag."""
    if value == "posmatrix/1" and isinstance(value, str):
        return None
    return f"expected 'posmatrix/1' (the only format this version reads), got {shown}"


def check_stance(value: Any, shown: object, lo: int, hi: int) -> str | None:
    """An integer on the scale ``lo..hi`` (checked with the dataset's scale)."""
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        return f"expected an integer from {lo} to {hi}, got {shown}"
    return None


def scale_problem(lo: int, hi: int) -> tuple[str | None, str] | None:
    """``(field, message)`` when ``lo..hi`` cannot be a scale (field None: the scale)."""
    if not hi > lo:
        return "max", f"expected an integer greater than min ({lo}), got {hi}"
    if hi - lo > 1000:
        return None, f"may have at most 1001 points, got {show(lo)}..{show(hi)}"
    return None


def labels_problem(lo: int, hi: int, count: int) -> str | None:
    """Labels, when given, name every point of ``lo..hi``."""
    n = hi - lo + 1
    if count and count != n:
        return f"expected one label per point {lo}..{hi} ({n}), got {count}"
    return None
