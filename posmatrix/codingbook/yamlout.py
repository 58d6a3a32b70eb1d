"""Write a dataset as a ``posmatrix/1`` YAML file that loads back to the same dataset.

Text is written double-quoted (every character survives, escaped where YAML or the
loader would refuse it raw); ids are written plain when they cannot be read as
anything but text. Codings are nested under their sources, own stances first, then
the reports per actor, in the dataset's order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, Final, cast

import attrs

from ..model import AUTHOR, FORMAT, Coding, Dataset
from . import layout as L

__all__ = ["dump_yaml"]

_EXTRA: Final = {
    "Issue": L.EXTRA_ISSUE,
    "Actor": L.EXTRA_ACTOR,
    "Source": L.EXTRA_SOURCE,
    "Coding": L.EXTRA_CODING,
}
_PLAIN: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
_RESERVED: Final = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})
_ESCAPE: Final = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def _q(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    out = json.dumps(text, ensure_ascii=False)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)


def _id(text: str) -> str:
    if _PLAIN.match(text) and text.casefold() not in _RESERVED:
        return text
    return _q(text)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _extras(obj: object, indent: str) -> list[str]:
    """Lines for the model's further scalar fields that differ from their default (a
    field a later version adds: see :data:`layout.EXTRA_CODING`)."""
    out = []
    for field in attrs.fields(cast("Any", type(obj))):
        if field.name not in _EXTRA[type(obj).__name__]:
            continue
        value = getattr(obj, field.name)
        if value == field.default:
            continue
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, str):
            text = _q(value)
        elif value is None:
            text = "null"
        else:
            text = _num(value)
        out.append(f"{indent}{field.name}: {text}")
    return out


def _coding(c: Coding, ds: Dataset, indent: str) -> list[str]:
    lines = [f"{indent}- issue: {_id(c.issue)}", f"{indent}  stance: {c.stance}"]
    if c.quote:
        lines.append(f"{indent}  quote: {_q(c.quote)}")
    if c.confidence != "high":
        lines.append(f"{indent}  confidence: {c.confidence}")
    if c.coder != ds.coder:
        lines.append(f"{indent}  coder: {_q(c.coder) if c.coder is not None else 'null'}")
    if c.note:
        lines.append(f"{indent}  note: {_q(c.note)}")
    if c.adjudicated:
        lines.append(f"{indent}  adjudicated: true")
    return lines + _extras(c, f"{indent}  ")


def _optional(lines: list[str], indent: str, pairs: Iterable[tuple[str, object]]) -> None:
    for key, value in pairs:
        if value is None or value == "":
            continue
        lines.append(f"{indent}{key}: {_q(str(value)) if isinstance(value, str) else value}")


def dump_yaml(ds: Dataset) -> str:
    """The dataset as YAML text in the format ``posmatrix/1``.

    >>> import posmatrix
    >>> ds = posmatrix.example()
    >>> posmatrix.loads(dump_yaml(ds)) == ds
    True
    """
    out = [f"format: {FORMAT}", f"title: {_q(ds.title)}"]
    _optional(
        out,
        "",
        [
            ("description", ds.description),
            ("version", ds.version),
            ("citation", ds.citation),
            ("coder", ds.coder),
        ],
    )
    if ds.evidence != "required":
        out.append(f"evidence: {ds.evidence}")
    out += ["", "scale:", f"  min: {ds.scale.min}", f"  max: {ds.scale.max}", "  labels:"]
    out += [f"    - {_q(label)}" for label in ds.scale.labels]
    out += ["", "issues:" if ds.issues else "issues: []"]
    for it in ds.issues.values():
        out.append(f"  - id: {_id(it.id)}")
        if it.label is not None:
            out.append(f"    label: {_q(it.label)}")
        out.append(f"    proposition: {_q(it.proposition)}")
        _optional(out, "    ", [("group", it.group), ("description", it.description)])
        if it.weight != 1:
            out.append(f"    weight: {_num(it.weight)}")
        out += _extras(it, "    ")
    if ds.actors:
        out += ["", "actors:"]
        for a in ds.actors.values():
            out += [f"  - id: {_id(a.id)}", f"    name: {_q(a.name)}"]
            _optional(out, "    ", [("kind", a.kind)])
            out += _extras(a, "    ")
    by_source: dict[str, dict[str, list[Coding]]] = {s: {} for s in ds.sources}
    for c in ds.codings:
        by_source.setdefault(c.source, {}).setdefault(c.holder, []).append(c)
    out += ["", "sources:" if ds.sources else "sources: []"]
    for s in ds.sources.values():
        out += [f"  - id: {_id(s.id)}", f"    title: {_q(s.title)}"]
        _optional(
            out,
            "    ",
            [
                ("subtitle", s.subtitle),
                ("section", s.section),
                ("outlet", s.outlet),
                ("author", s.author),
                ("published", s.published),
                ("url", s.url),
                ("file", s.file),
                ("notes", s.notes),
            ],
        )
        out += _extras(s, "    ")
        held = by_source.get(s.id, {})
        if AUTHOR in held:
            out.append("    stances:")
            for c in held[AUTHOR]:
                out += _coding(c, ds, "      ")
        reports = [h for h in held if h != AUTHOR]
        if reports:
            out.append("    reports:")
            for holder in reports:
                out.append(f"      {_id(holder)}:")
                for c in held[holder]:
                    out += _coding(c, ds, "        ")
    return "\n".join(out) + "\n"
