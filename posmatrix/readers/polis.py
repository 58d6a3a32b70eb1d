"""The ``polis`` reader: a Pol.is conversation export folder.

Two files of the export are read (as published in ``compdemocracy/openData``):

- ``comments.csv``: ``timestamp, datetime, comment-id, author-id, agrees, disagrees,
  moderated, comment-body``; the reader needs ``comment-id``, ``comment-body`` and
  ``moderated`` (−1 moderated out, 0 not yet moderated, 1 accepted).
- ``participants-votes.csv``: ``participant, group-id, n-comments, n-votes, n-agree,
  n-disagree``, then one column per comment id holding the participant's vote:
  ``1`` agree, ``-1`` disagree, ``0`` pass, empty when the comment was not seen.

Mapping (``docs/formats.md``): each comment not moderated out is an issue
``comment-<id>`` (its text the proposition); each participant a source
``participant-<id>`` whose own stances (holder ``author``) are its votes, +1/−1/0 on
a −1..+1 scale; "not seen" stays silence (no coding); Pol.is's ``group-id`` is kept as
the source's ``section`` (``group 0``; empty when Pol.is placed the participant in no
group). Votes carry no quote: the dataset declares ``evidence: optional``.

The vote table is read and checked as one numeric array (no Python loop over cells):
a conversation of 2,000 participants and 1,000 comments reads in about a second
(``benchmarks/polis.py``).
"""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING, Any, Final, cast

from . import ReaderWarning, check_size
from ._common import fail

if TYPE_CHECKING:
    import pandas as pd

    from ..model import Coding, Dataset

__all__ = ["COMMENT_COLUMNS", "META_COLUMNS", "read_polis"]

COMMENT_COLUMNS: Final = ("comment-id", "comment-body", "moderated")
"""The columns of ``comments.csv`` the reader needs."""

META_COLUMNS: Final = (
    "participant",
    "xid",
    "group-id",
    "n-comments",
    "n-votes",
    "n-agree",
    "n-disagree",
)
"""The columns of ``participants-votes.csv`` before the vote columns (``participant``
is required, the others optional; ``xid``, an external id in later exports, is
ignored)."""


def _csv(name: str, **kwargs: object) -> pd.DataFrame:
    import pandas as pd

    from ..errors import DatasetError, Problem

    try:
        return pd.read_csv(name, encoding="utf-8-sig", **kwargs)  # type: ignore[call-overload, no-any-return]
    except UnicodeDecodeError as exc:
        raise fail(name, f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except pd.errors.EmptyDataError:
        raise fail(
            name, "the file is empty; a Pol.is export file starts with a header row"
        ) from None
    except pd.errors.ParserError as exc:
        raise DatasetError([Problem(name, 1, 1, f"malformed CSV: {exc}")]) from None


def _shown(value: object) -> str:
    """A cell for a message: a number as written (``2``), text quoted."""
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value)


def _comments(name: str) -> pd.DataFrame:
    import numpy as np

    from ..errors import DatasetError, Problem

    raw = _csv(name, dtype=str, keep_default_na=False)
    missing = [c for c in COMMENT_COLUMNS if c not in raw.columns]
    if missing:
        raise fail(
            name,
            f"missing column {', '.join(missing)}: a Pol.is comments.csv has "
            f"{', '.join(COMMENT_COLUMNS)} (found: {', '.join(map(str, raw.columns))})",
        )
    col = {c: list(raw.columns).index(c) + 1 for c in COMMENT_COLUMNS}
    ids = raw["comment-id"].str.strip()
    moderated = raw["moderated"].str.strip().replace("", "0")
    body = raw["comment-body"].str.strip()
    problems = []
    for mask, column, message in (
        (~ids.str.fullmatch(r"\d+"), "comment-id", "'comment-id' must be a whole number, got {!r}"),
        (
            ~moderated.isin(["-1", "0", "1"]),
            "moderated",
            "'moderated' must be -1, 0 or 1, got {!r}",
        ),
        ((body == "") & (moderated != "-1"), "comment-body", "'comment-body' is empty{}"),
        (ids.duplicated(keep="first"), "comment-id", "comment-id {!r} appears twice"),
    ):
        for row in np.flatnonzero(mask.to_numpy(dtype=bool))[:50]:
            shown = raw[column].iat[row] if "{!r}" in message else ""
            text = message.format(shown) if "{" in message else message
            problems.append(Problem(name, int(row) + 2, col[column], f"row {int(row) + 1}: {text}"))
    if problems:
        raise DatasetError(problems)
    out: pd.DataFrame = raw.assign(
        id=ids.astype(np.int64), moderated=moderated.astype(np.int64), body=body
    )
    return out


def _votes(name: str, known: set[int], dropped: set[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Participants (id, group) and the votes as a float frame (NaN: not seen)."""
    import numpy as np
    import pandas as pd

    from ..errors import DatasetError, Problem

    header = _csv(name, nrows=0).columns
    columns = [str(c) for c in header]
    if "participant" not in columns:
        raise fail(
            name,
            "missing column participant: a Pol.is participants-votes.csv has "
            f"{', '.join(META_COLUMNS)}, then one column per comment id",
        )
    problems = []
    vote_cols: list[str] = []
    for pos, c in enumerate(columns, 1):
        if c in META_COLUMNS:
            continue
        if not c.strip().isdigit():
            problems.append(
                Problem(
                    name,
                    1,
                    pos,
                    f"column {c!r} is neither one of {', '.join(META_COLUMNS)} nor a comment id",
                )
            )
        elif int(c) not in known and int(c) not in dropped:
            problems.append(Problem(name, 1, pos, f"column {c!r} names no comment of comments.csv"))
        else:
            vote_cols.append(c)
    if problems:
        raise DatasetError(problems)
    dtypes: dict[str, object] = dict.fromkeys(vote_cols, "float64")
    dtypes.update({c: str for c in columns if c in META_COLUMNS})
    try:
        frame = _csv(
            name, dtype=dtypes, keep_default_na=False, na_values={c: [""] for c in vote_cols}
        )
    except ValueError:  # a vote cell that is no number: find it as text
        text = _csv(name, dtype=str, keep_default_na=False)
        cells = text[vote_cols].to_numpy(dtype=object)
        bad = ~np.isin(cells, ["", "1", "-1", "0", "1.0", "-1.0", "0.0"])
        frame = None
    if frame is not None:
        values = frame[vote_cols].to_numpy(dtype=np.float64)
        bad = ~(np.isnan(values) | np.isin(values, (-1.0, 0.0, 1.0)))
        cells = values
    if bad.any():
        rows, cols = np.nonzero(bad)
        listed = [
            Problem(
                name,
                int(r) + 2,
                columns.index(vote_cols[c]) + 1,
                f"row {int(r) + 1}, comment {vote_cols[c]}: a vote must be 1 (agree), -1 "
                f"(disagree), 0 (pass) or empty (not seen), got {_shown(cells[r, c])}",
            )
            for r, c in zip(rows[:50], cols[:50], strict=True)
        ]
        if len(rows) > 50:
            listed.append(Problem(name, 1, 1, f"... and {len(rows) - 50:,} more bad votes"))
        raise DatasetError(listed)
    if frame is None:  # pragma: no cover - pandas refused numbers that look right
        raise fail(name, "the votes cannot be read as numbers; check the vote columns")
    pid = frame["participant"].str.strip()
    wrong = ~pid.str.fullmatch(r"[^\s/]+") | pid.duplicated()
    if wrong.any():
        row = int(np.flatnonzero(wrong.to_numpy(dtype=bool))[0])
        why = "appears twice" if pid.duplicated().iat[row] else "is empty or holds spaces"
        raise fail(
            name,
            f"row {row + 1}: participant {frame['participant'].iat[row]!r} {why}",
            row + 2,
            columns.index("participant") + 1,
        )
    group = (
        frame["group-id"].str.strip() if "group-id" in frame else pd.Series("", index=frame.index)
    )
    people = pd.DataFrame({"participant": pid, "group": group})
    votes = frame[vote_cols]
    votes.columns = pd.Index([int(c) for c in vote_cols])
    return people, votes


def _codings(
    source_ids: list[str], issue_ids: Any, values: Any, rows: Any, cols: Any
) -> list[Coding]:
    """One coding per vote, in one C-level pass (``map``) over the columns."""
    from itertools import repeat

    import numpy as np

    from ..model import AUTHOR, Coding, _unchecked

    n = len(rows)
    return list(
        map(
            _unchecked(Coding),
            np.asarray(source_ids, dtype=object)[rows].tolist(),
            repeat(AUTHOR, n),
            issue_ids[cols].tolist(),
            values[rows, cols].astype(np.int64).tolist(),
            repeat("", n),
        )
    )


def read_polis(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Dataset:
    """Read a Pol.is conversation export folder as a dataset.

    Parameters
    ----------
    path : str or path-like
        The folder holding ``comments.csv`` and ``participants-votes.csv``.
    max_bytes : int, optional
        Refuse a file larger than this.

    Returns
    -------
    Dataset
        Scale −1..+1, ``evidence: optional``; issues ``comment-<id>``, sources
        ``participant-<id>`` (``section``: ``group <group-id>``), one coding per vote.

    Raises
    ------
    DatasetError
        A missing column, a bad vote or comment, located ``FILE:ROW:COL`` (row 2 is
        the first data row) with the row and comment named.
    """
    import gc

    import numpy as np

    from ..model import Dataset, Issue, Scale, Source, is_valid_id

    folder = os.fspath(path)
    files = {f: os.path.join(folder, f) for f in ("comments.csv", "participants-votes.csv")}
    for f, full in files.items():
        if not os.path.isfile(full):
            raise fail(full, f"the Pol.is export folder {folder} has no {f}")
        check_size(full, max_bytes)
    comments = _comments(files["comments.csv"])
    shown = comments[comments["moderated"] != -1].sort_values("id", kind="stable")
    dropped = set(comments.loc[comments["moderated"] == -1, "id"].tolist())
    people, votes = _votes(files["participants-votes.csv"], set(shown["id"]), dropped)
    gone = [c for c in votes.columns if c in dropped]
    n_gone = int(votes[gone].notna().to_numpy().sum()) if gone else 0
    if n_gone:
        warnings.warn(
            ReaderWarning(
                f"{folder}: {n_gone:,} votes on {len(gone)} comments moderated out "
                f"(moderated = -1) are left out"
            ),
            stacklevel=2,
        )
    keep = [c for c in shown["id"] if c in set(votes.columns)]
    unseen = [c for c in shown["id"] if c not in set(votes.columns)]
    values = votes.reindex(columns=keep).to_numpy(dtype=np.float64)
    rows, cols = np.nonzero(~np.isnan(values))  # participant by participant, comments in order
    source_ids = ["participant-" + p for p in people["participant"]]
    for row, ident in enumerate(source_ids):
        if not is_valid_id(ident):
            raise fail(
                files["participants-votes.csv"],
                f"row {row + 1}: participant {people['participant'].iat[row]!r} cannot be "
                "part of an id (at most 68 characters, no invisible characters)",
                row + 2,
                1,
            )
    titles = people["group"].to_numpy(dtype=object)
    sources = [
        Source(id=ident, title=f"Pol.is participant {p}", section=f"group {g}" if g else "")
        for ident, p, g in zip(source_ids, people["participant"], titles, strict=True)
    ]
    order = keep + unseen
    text = shown.set_index("id")["body"]
    issues = [Issue(id=f"comment-{c}", proposition=str(text[c])) for c in order]
    issue_ids = np.array([f"comment-{c}" for c in keep], dtype=object)
    # Every field is checked above, column-wise: the codings are built without running
    # the model's validators again (as from_frame does; nothing global is switched),
    # and without a location each (a vote has no line
    # of its own to point at; Location objects would double the time).
    was = gc.isenabled()
    gc.disable()  # 600,000 new objects would set off the cyclic collector again and again
    try:
        codings = _codings(source_ids, issue_ids, values, rows, cols)
    finally:
        if was:
            gc.enable()
    n_votes = len(codings)
    description = (
        f"Read from the Pol.is export {folder}: {len(order)} comments, "
        f"{len(sources)} participants, {n_votes:,} votes."
    )
    ds = Dataset(
        title=f"{os.path.basename(os.path.abspath(folder))} (Pol.is conversation)",
        scale=Scale(min=-1, max=1),
        issues=issues,
        sources=sources,
        codings=cast("Any", codings),
        description=description,
        path=files["participants-votes.csv"],
        evidence="optional",
    )
    return ds
