"""The ``qual-o-mat`` reader: an election folder of the qual-o-mat-data collection.

The collection (``gockelhahn/qual-o-mat-data``, the Wahl-O-Mat's published answers)
keeps one folder per election, ``data/<year>/<election>/``, of JSON lists:

- ``party.json``: ``{"id": 0, "name": "CDU", "longname": "..."}``
- ``statement.json``: ``{"id": 0, "text": "..."}`` (some elections add ``category``)
- ``opinion.json``: ``{"id": 0, "party": 0, "statement": 0, "answer": 1, "comment": 0}``
- ``comment.json``: ``{"id": 0, "text": "\\"...\\""}``: the party's justification
- ``overview.json`` (optional): ``{"title": ..., "date": "2021-09-26", ...}``
- ``answer.json`` (optional, in the folder or up to two folders above):
  ``{"id": 0, "message": "Stimme zu"}``; without it the collection's coding is used,
  0 agree, 1 disagree, 2 neutral.

Mapping (``docs/formats.md``): statements are issues ``statement-<id>``; parties are
sources (their own stances, holder ``author``); an answer is a stance on −1..+1
(agree +1, neutral 0, disagree −1); the justification is the quote, without the
quotation marks the collection wraps it in. A party without a justification has no
quote: the dataset declares ``evidence: optional``.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any, Final

from . import check_size
from ._common import fail, make_ids

if TYPE_CHECKING:
    from ..model import Dataset

__all__ = ["ANSWERS", "read_qualomat"]

ANSWERS: Final = {0: 1, 1: -1, 2: 0}
"""The collection's answer codes as stances when no answer.json says otherwise."""

_MESSAGES: Final = {
    "stimme zu": 1,
    "stimme nicht zu": -1,
    "neutral": 0,
    "agree": 1,
    "disagree": -1,
}


def _load(folder: str, name: str, max_bytes: int | None, *, required: bool = True) -> Any:
    path = os.path.join(folder, name)
    if not os.path.isfile(path):
        if required:
            raise fail(path, f"the qual-o-mat election folder {folder} has no {name}")
        return None
    check_size(path, max_bytes)
    try:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
    except UnicodeDecodeError as exc:
        raise fail(path, f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise fail(path, f"malformed JSON: {exc.msg}", exc.lineno, exc.colno) from None
    return data


def _entries(folder: str, name: str, data: Any, keys: tuple[str, ...]) -> dict[int, dict[str, Any]]:
    """``id -> entry`` of a JSON list, every entry checked for ``keys``."""
    path = os.path.join(folder, name)
    if not isinstance(data, list):
        raise fail(path, f"expected a JSON list of entries, got {type(data).__name__}")
    out: dict[int, dict[str, Any]] = {}
    for n, entry in enumerate(data, 1):
        missing = [k for k in keys if not isinstance(entry, dict) or k not in entry]
        if missing:
            raise fail(
                path,
                f"entry {n}: missing key {', '.join(missing)} (entries have {', '.join(keys)})",
            )
        ident = entry["id"]
        if isinstance(ident, bool) or not isinstance(ident, int):
            raise fail(path, f"entry {n}: 'id' must be a whole number, got {ident!r}")
        if ident in out:
            raise fail(path, f"entry {n}: id {ident} appears twice")
        out[ident] = entry
    return out


def _answers(folder: str, max_bytes: int | None) -> dict[int, int]:
    here = os.path.abspath(folder)
    for up in (here, os.path.dirname(here), os.path.dirname(os.path.dirname(here))):
        data = _load(up, "answer.json", max_bytes, required=False)
        if data is None:
            continue
        out = {}
        for ident, entry in _entries(up, "answer.json", data, ("id", "message")).items():
            message = str(entry["message"]).strip().casefold()
            if message not in _MESSAGES:
                raise fail(
                    os.path.join(up, "answer.json"),
                    f"answer {ident}: unknown message {entry['message']!r}; posmatrix knows "
                    "Stimme zu, Stimme nicht zu, Neutral",
                )
            out[ident] = _MESSAGES[message]
        return out
    return dict(ANSWERS)


def _quote(text: object) -> str:
    """A justification without the quotation marks the collection wraps it in."""
    if not isinstance(text, str):
        return ""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    return text


def read_qualomat(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Dataset:
    """Read an election folder of qual-o-mat-data as a dataset.

    Parameters
    ----------
    path : str or path-like
        The election folder (``data/2021/deutschland``).
    max_bytes : int, optional
        Refuse a file larger than this.

    Returns
    -------
    Dataset
        Scale −1..+1, ``evidence: optional``; issues ``statement-<id>``, one source per
        party (id from its short name), one coding per opinion.

    Raises
    ------
    DatasetError
        A missing file or key, malformed JSON (at its line and column), an opinion
        naming an unknown party, statement, answer or comment: the file and entry named.
    """
    import pandas as pd

    from ..frame import from_frame
    from ..model import Scale

    folder = os.fspath(path)
    parties = _entries(folder, "party.json", _load(folder, "party.json", max_bytes), ("id", "name"))
    statements = _entries(
        folder, "statement.json", _load(folder, "statement.json", max_bytes), ("id", "text")
    )
    opinion_path = os.path.join(folder, "opinion.json")
    opinions = _entries(
        folder,
        "opinion.json",
        _load(folder, "opinion.json", max_bytes),
        ("id", "party", "statement", "answer"),
    )
    raw_comments = _load(folder, "comment.json", max_bytes, required=False)
    comments = (
        _entries(folder, "comment.json", raw_comments, ("id", "text")) if raw_comments else {}
    )
    overview = _load(folder, "overview.json", max_bytes, required=False)
    overview = overview if isinstance(overview, dict) else {}
    answers = _answers(folder, max_bytes)

    party_ids = dict(
        zip(parties, make_ids([str(p["name"]) for p in parties.values()], "party"), strict=True)
    )
    rows = []
    for n, (ident, o) in enumerate(opinions.items(), 1):
        where = f"entry {n} (id {ident})"
        for key, known in (("party", parties), ("statement", statements)):
            if o[key] not in known:
                raise fail(opinion_path, f"{where}: {key} {o[key]!r} is not in {key}.json")
        if o["answer"] not in answers:
            raise fail(
                opinion_path,
                f"{where}: answer {o['answer']!r} is none of "
                f"{', '.join(map(str, answers))} (agree, disagree, neutral)",
            )
        comment = o.get("comment")
        if comment is not None and comment not in comments:
            raise fail(opinion_path, f"{where}: comment {comment!r} is not in comment.json")
        rows.append(
            {
                "source": party_ids[o["party"]],
                "holder": "author",
                "issue": f"statement-{o['statement']}",
                "stance": answers[o["answer"]],
                "quote": _quote(comments[comment]["text"]) if comment is not None else "",
            }
        )
    codings = pd.DataFrame(rows, columns=["source", "holder", "issue", "stance", "quote"])
    date = overview.get("date")
    published = date if isinstance(date, str) and len(date) == 10 else None
    sources = pd.DataFrame(
        {
            "id": list(party_ids.values()),
            "title": [str(p.get("longname") or p["name"]) for p in parties.values()],
            "published": published,
        }
    )
    issues = pd.DataFrame(
        {
            "id": [f"statement-{i}" for i in statements],
            "proposition": [str(s["text"]).strip() for s in statements.values()],
            "group": [
                s.get("category") if isinstance(s.get("category"), str) else None
                for s in statements.values()
            ],
        }
    )
    title = str(overview.get("title") or os.path.basename(os.path.abspath(folder)))
    if published:
        title += f" {published[:4]}"
    return from_frame(
        codings,
        issues=issues,
        sources=sources,
        actors=[],
        scale=Scale(min=-1, max=1),
        title=f"{title} (qual-o-mat)",
        path=opinion_path,
        evidence="optional",
    )
