"""Helpers the readers share: ids from foreign names, errors naming file and place."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..errors import DatasetError, Problem
from ..model import AUTHOR, is_valid_id

__all__ = ["fail", "make_ids"]

_SPACES = re.compile(r"[\s/]+")


def _slug(text: str, fallback: str) -> str:
    slug = _SPACES.sub("-", unicodedata.normalize("NFC", text).strip())
    slug = "".join(
        ch for ch in slug if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    slug = slug[:72].strip("-")
    return slug if slug and is_valid_id(slug) and slug != AUTHOR else fallback


def make_ids(names: Iterable[str], prefix: str) -> list[str]:
    """A valid, unique id for each name, as close to the name as ids allow: spaces and
    ``/`` become ``-``, invisible characters go, long names are cut; a name that leaves
    nothing gets ``prefix-N``; a clash gets ``-2``, ``-3``.

    >>> make_ids(["Green Party", "green/party", "", "Green Party"], "actor")
    ['Green-Party', 'green-party', 'actor-3', 'Green-Party-2']
    """
    out: list[str] = []
    taken: set[str] = set()
    for n, name in enumerate(names, 1):
        base = _slug(name, f"{prefix}-{n}")
        ident, k = base, 1
        while ident in taken:
            k += 1
            ident = f"{base}-{k}"
        taken.add(ident)
        out.append(ident)
    return out


def fail(file: str, message: str, line: int = 1, column: int = 1) -> DatasetError:
    """One located problem as the error to raise."""
    return DatasetError([Problem(file, line, column, message)])
