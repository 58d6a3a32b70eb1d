"""The YAML reader's walker: one pass over the node tree, the spec applied to each
key and value, every problem located at its node (``FILE:LINE:COL``, or a workbook
cell) and named by its path (``sources[2] 'nato-key' > stances[3] > stance``).

The walker reads the reader's own nodes (:mod:`posmatrix.format.nodes`: ``Scalar``,
``Mapping``, ``Sequence``, each knowing where it starts), never a YAML library's, and
their values through :mod:`posmatrix.yamlsafe` (the YAML 1.2 core scalars, duplicate
keys); :meth:`Walker.read` turns a node into the value
a :class:`~posmatrix.format.spec.Field` declares and runs its check, so the message
after ``PATH > KEY: `` is the one the table reader and the model give.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final

from ..errors import Location, Problem
from ..ids import nfc
from ..yamlsafe import check_tree, describe, mapping, show, value
from .checks import Shown, check_id, check_required_text, check_text, close, hint, is_valid_id
from .nodes import BOOL, FLOAT, INT, NULL, STR, Mapping, Node, Scalar, Sequence
from .spec import CODING, ISSUE, Entity, Field

__all__ = ["BAD", "Walker", "make"]

BAD: Final = object()  # a value that failed its check (already reported)
_BAD = BAD
_close = close
_hint = hint
_ID_CHECK: Final = check_id
_TEXT: Final = Field("text", "text", "", check_text, types=(str, type(None)))
_REQUIRED_TEXT: Final = Field("text", "text", "", check_required_text, required=True)
_IDENT: Final = ISSUE["id"]
_CODER: Final = CODING["coder"]
_PLAIN: dict[str, dict[str, Field]] = {}


class Walker:
    """One pass over the node tree: converts, checks, and collects problems."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        # kind -> ids declared (valid, first occurrence), in file order; references are
        # checked against these, so a faulty issue does not make its codings "unknown"
        self.declared: dict[str, dict[str, None]] = {"issue": {}, "actor": {}, "source": {}}
        self.quote_optional = False  # the dataset declares evidence: optional

    # -- reporting ------------------------------------------------------------------

    def at(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.name, node.line, node.column, message, node.sheet))

    def where(self, node: Node) -> Location:
        return Location(self.name, node.line, node.column, node.sheet)

    def wrong(self, node: Node, path: str, expected: str) -> object:
        """Report that ``node`` is not what ``path`` expects; returns :data:`_BAD`."""
        fix = ""
        if isinstance(node, Scalar):
            if node.tag in (INT, FLOAT, BOOL) and "text" in expected:
                fix = f'; quote it: "{node.value}"' if len(node.value) < 40 else "; quote it"
        else:
            check_tree(node, self.problems)
            if "text" in expected:
                fix = "; if the text holds ': ' or starts with '[' or '{', quote it"
        self.at(node, f"{path}: expected {expected}, got {describe(node)}{fix}")
        return _BAD

    # -- structure ------------------------------------------------------------------

    def fields(self, node: Node, path: str, keys: dict[str, str | None]) -> dict[Any, Node] | None:
        """The values of a mapping by key; reports unknown and missing keys."""
        if not isinstance(node, Mapping):
            self.wrong(node, path, "a mapping of keys to values")
            return None
        pairs = mapping(node, self.problems)
        out: dict[Any, Node] = {}
        meant = set()
        for key, (knode, vnode) in pairs.items():
            if key in keys:
                out[key] = vnode
                continue
            close = _close(key, [k for k in keys if k not in pairs])
            if close is not None:
                meant.add(close)
                hint = f"; did you mean {close!r}?"
            else:
                hint = f"; allowed keys are: {', '.join(keys)}"
            self.at(knode, f"{path}: unknown key {show(key)}{hint}")
            check_tree(vnode, self.problems)
        for key, what in keys.items():
            if what is not None and key not in out and key not in meant:
                self.at(node, f"{path}: missing required key {key!r} ({what})")
        return out

    def items(self, node: Node, path: str, what: str) -> tuple[Node, ...]:
        if isinstance(node, Sequence):
            return node.items
        if isinstance(node, Scalar) and node.tag == NULL:
            return ()
        self.wrong(node, path, f"a list of {what} (lines starting with '- ')")
        return ()

    # -- scalars: the spec's fields ------------------------------------------------

    def read(self, spec: Field, node: Node | None, path: str) -> Any:
        """The value of ``node`` as ``spec`` declares it, checked by the spec's check;
        :data:`BAD` (reported) when wrong, None when absent or empty."""
        if node is None:
            return BAD if spec.required and spec.kind != "structure" else None
        if not isinstance(node, Scalar):
            return self.wrong(node, path, spec.expected)
        tag = node.tag
        kind = spec.kind
        got: Any
        if tag == STR:
            got = node.value
            if kind == "id":
                got = nfc(got)  # NFC and NFD 'café' are one id
                if is_valid_id(got) and spec.check is _ID_CHECK:
                    return got  # the common case, checked
            elif kind in ("number", "integer", "bool"):
                return self.wrong(node, path, spec.expected)
        elif tag == NULL:
            if kind in ("number", "integer", "bool", "id"):
                return self.wrong(node, path, spec.expected)
            got = None
        elif (
            (kind == "number" and tag in (INT, FLOAT))
            or (kind == "integer" and tag == INT)
            or (kind == "bool" and tag == BOOL)
        ):
            got = value(node)
        elif kind == "date" and tag == INT and len(node.value) == 4:
            got = node.value  # an unquoted year
        elif kind == "enum":
            got = value(node)
        else:
            return self.wrong(node, path, spec.expected)
        why = spec.check(got, Shown(describe, node)) if spec.check is not None else None
        if why is not None:
            self.at(node, f"{path}: {why}")
            return BAD
        return float(got) if kind == "number" else got

    def values(
        self, entity: Entity, f: dict[Any, Node], path: str, skip: Iterable[str] = ()
    ) -> dict[str, Any]:
        """``{key: value}`` of every plain field of ``entity`` (not ``skip``, not a
        structure) read from ``f``; absent and empty values take the field's default,
        wrong ones are :data:`BAD` (reported)."""
        plain = _PLAIN.get(entity.name)
        if plain is None:
            plain = _PLAIN[entity.name] = {
                spec.key: spec for spec in entity.fields if spec.kind != "structure" and spec.yaml
            }
        out: dict[str, Any] = {}
        for key, spec in plain.items():
            if key in skip:
                continue
            node = f.get(key)
            if node is None:
                if spec.required:
                    out[key] = BAD  # reported by fields() as a missing key
                else:
                    out[key] = spec.default
                continue
            got = self.read(spec, node, f"{path} > {key}" if path else key)
            out[key] = spec.default if got is None else got
        return out

    def text(self, node: Node | None, path: str, *, required: bool = False) -> Any:
        """A text value; None when absent or empty (null)."""
        return self.read(_REQUIRED_TEXT if required else _TEXT, node, path)

    def coder(self, node: Node | None, path: str) -> Any:
        """A coder's name: text, not blank (a blank name would count as another coder)."""
        return self.read(_CODER, node, path)

    def ident(self, node: Node | None, path: str) -> Any:
        """An id; None when absent."""
        return self.read(_IDENT, node, path)

    def integer(self, node: Node, path: str) -> Any:
        if isinstance(node, Scalar) and node.tag == INT:
            number = value(node)
            if isinstance(number, int):
                return number
        return self.wrong(node, path, "an integer")


def make(w: Walker, node: Node, path: str, cls: Callable[..., Any], **kwargs: Any) -> Any:
    """``cls(**kwargs)``, with a residual model error turned into a located problem."""
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as exc:  # pragma: no cover - fields are checked first
        w.at(node, f"{path}: {exc.args[0] if exc.args else exc}")
        return None
