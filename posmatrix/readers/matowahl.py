"""The ``mat-o-wahl`` reader: Mat-O-Wahl's party answers CSV (with its questions CSV).

Mat-O-Wahl (``msteudtn/Mat-O-Wahl``, ``data/``) keeps two semicolon-separated files:

- questions (``Obsthausen_Fragen.csv``): one line per question, ``"short title";"text"``;
  a third field (``"slider"``) marks a question that is no yes/no position: skipped.
- answers (``Obsthausen_Parteien.csv``): one block per party, blocks separated by a
  line starting with ``#``; a block starts with ``Candidate-short-name;"..."``,
  ``Candidate-long-name``, ``Candidate-description``, ``Candidate-URL``, ... lines,
  then one line per question: ``answer;"reason"``, the answer ``1`` (agree), ``0``
  (neutral) or ``-1`` (disagree).

Mapping (``docs/formats.md``): questions are issues (the short title as id, the
question as proposition); parties are sources (their own stances); answers stances
on −1..+1; reasons quotes (an empty reason: no quote, under ``evidence: optional``).
HTML markup in the texts is removed and entities decoded.

The answers file is the path read; its questions file is the one named like it with
``Fragen`` for ``Parteien`` (or give ``questions=``).
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from typing import TYPE_CHECKING, Final

from . import check_size
from ._common import fail, make_ids

if TYPE_CHECKING:
    from ..model import Dataset

__all__ = ["read_matowahl"]

_TAG: Final = re.compile(r"<[^>]*>")
_INVISIBLE: Final = re.compile("[\u200b-\u200f\u2060\ufeff]")
_ANSWERS: Final = {"1": 1, "0": 0, "-1": -1}


def _plain(text: str) -> str:
    """Text without HTML markup, entities decoded, invisible characters and extra
    spaces removed."""
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"\s+", " ", _INVISIBLE.sub("", text)).strip()


def _rows(name: str, max_bytes: int | None) -> list[list[str]]:
    check_size(name, max_bytes)
    try:
        with open(name, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    except UnicodeDecodeError as exc:
        raise fail(name, f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise fail(name, f"cannot read it: {exc.strerror or exc}") from None
    # one record per line: Mat-O-Wahl's files have no line breaks inside fields
    return [next(csv.reader(io.StringIO(line), delimiter=";"), []) for line in text.splitlines()]


def _questions_file(answers: str) -> str | None:
    folder, base = os.path.split(answers)
    for old, new in (("Parteien", "Fragen"), ("parteien", "fragen"), ("kandidaten", "fragen")):
        if old in base:
            candidate = os.path.join(folder, base.replace(old, new, 1))
            if os.path.isfile(candidate):
                return candidate
    prefix = base.split("_", 1)[0]
    for other in (
        os.path.join(folder, f"{prefix}_Fragen.csv"),
        os.path.join(folder, f"{prefix}_fragen.csv"),
    ):
        if os.path.isfile(other):
            return other
    return None


def read_matowahl(
    path: str | os.PathLike[str],
    *,
    max_bytes: int | None = None,
    questions: str | os.PathLike[str] | None = None,
) -> Dataset:
    """Read Mat-O-Wahl's answers CSV (and its questions CSV) as a dataset.

    Parameters
    ----------
    path : str or path-like
        The answers file (``..._Parteien.csv``).
    max_bytes : int, optional
        Refuse a file larger than this.
    questions : str or path-like, optional
        The questions file; default: the answers file's name with ``Fragen`` for
        ``Parteien``.

    Returns
    -------
    Dataset
        Scale −1..+1, ``evidence: optional``; one source per party, one coding per answer.

    Raises
    ------
    DatasetError
        No questions file, a block without ``Candidate-short-name``, an answer that is
        not 1, 0 or −1, or a party with more or fewer answers than questions: the file
        and line named.
    """
    import pandas as pd

    from ..frame import from_frame
    from ..model import Scale

    name = os.fspath(path)
    qname = os.fspath(questions) if questions is not None else _questions_file(name)
    if qname is None:
        raise fail(
            name,
            "found no questions file beside the answers (a ..._Fragen.csv named like this "
            "..._Parteien.csv); give it: load(path, format='mat-o-wahl', questions=...)",
        )
    titles: list[str] = []
    texts: list[str] = []
    for line, row in enumerate(_rows(qname, max_bytes), 1):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2 or not row[1].strip():
            raise fail(qname, f'line {line}: expected "short title";"question"', line, 1)
        if len(row) > 2 and row[2].strip():
            continue  # a slider or other non-position question
        titles.append(_plain(row[0]) or f"question {len(titles) + 1}")
        texts.append(_plain(row[1]))
    issue_ids = make_ids(titles, "question")

    parties: list[dict[str, str]] = []
    codings: list[dict[str, object]] = []
    block: dict[str, str] = {}
    answers: list[tuple[int, int, str]] = []

    def close(end: int) -> None:
        if not block and not answers:
            return
        if "Candidate-short-name" not in block:
            raise fail(name, f"line {end}: a party block without Candidate-short-name", end, 1)
        if len(answers) != len(issue_ids):
            raise fail(
                name,
                f"line {end}: party {block['Candidate-short-name']!r} has {len(answers)} "
                f"answers, but {os.path.basename(qname)} has {len(issue_ids)} questions",
                end,
                1,
            )
        parties.append(dict(block))
        for (_, stance, reason), issue in zip(answers, issue_ids, strict=True):
            codings.append(
                {"party": len(parties) - 1, "issue": issue, "stance": stance, "quote": reason}
            )
        block.clear()
        answers.clear()

    rows = _rows(name, max_bytes)
    for line, row in enumerate(rows, 1):
        first = row[0].strip() if row else ""
        if first.startswith("#"):
            close(line)
            continue
        if not first:
            continue
        if first.startswith("Candidate-"):
            block[first] = _plain(row[1]) if len(row) > 1 else ""
            continue
        if first not in _ANSWERS:
            raise fail(
                name,
                f"line {line}: an answer must be 1 (agree), 0 (neutral) or -1 (disagree), "
                f"got {first!r}",
                line,
                1,
            )
        answers.append((line, _ANSWERS[first], _plain(row[1]) if len(row) > 1 else ""))
    close(len(rows))
    if not parties:
        raise fail(name, "no party block (Candidate-short-name;...) found")

    short = [p["Candidate-short-name"] for p in parties]
    source_ids = make_ids(short, "party")
    table = pd.DataFrame(codings, columns=["party", "issue", "stance", "quote"])
    table.insert(0, "source", [source_ids[i] for i in table.pop("party")])
    table.insert(1, "holder", "author")
    sources = pd.DataFrame(
        {
            "id": source_ids,
            "title": [p.get("Candidate-long-name") or p["Candidate-short-name"] for p in parties],
            "url": [p.get("Candidate-URL", "") for p in parties],
            "notes": [p.get("Candidate-description", "") for p in parties],
        }
    )
    issues = pd.DataFrame({"id": issue_ids, "proposition": texts, "description": titles})
    return from_frame(
        table,
        issues=issues,
        sources=sources,
        actors=[],
        scale=Scale(min=-1, max=1),
        title=f"{os.path.splitext(os.path.basename(name))[0]} (Mat-O-Wahl)",
        path=name,
        evidence="optional",
    )
