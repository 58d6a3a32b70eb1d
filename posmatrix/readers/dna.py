"""The ``dna`` reader: Discourse Network Analyzer 3 databases (``.dna``, SQLite).

The schema is DNA's own (``leifeld/dna``, ``sql/Sql.java``, ``createTables``):
``DOCUMENTS(ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date)`` with
``Date`` in seconds since 1970 (UTC); ``STATEMENTS(ID, StatementTypeId, DocumentId,
Start, Stop, Coder)``, the statement being ``Text[Start:Stop]`` of its document in
Java's UTF-16 positions; ``STATEMENTTYPES(ID, Label, ...)`` with the default type
``DNA Statement``; ``VARIABLES(ID, Variable, DataType, StatementTypeId)`` with that
type's ``person``, ``organization``, ``concept`` (short text) and ``agreement``
(boolean); ``DATASHORTTEXT(StatementId, VariableId, Entity)`` pointing at
``ENTITIES(ID, VariableId, Value)``; ``DATABOOLEAN(StatementId, VariableId, Value)``;
``CODERS(ID, Name, ...)``.

Mapping (``docs/formats.md``): every document is a source; every statement of the
``DNA Statement`` type is a coding of the organisation (or, with ``actor="person"``,
the person) on the concept, agreement 1/0 as +1/−1 on a −1..+1 scale, the statement's
text span as the quote, its coder kept. Statements one coder made for the same
actor and concept in the same document are one coding: +1 or −1 when they agree,
0 (mixed) when they do not. A statement with an empty actor or concept is skipped
and counted (a :class:`~posmatrix.readers.ReaderWarning`), as DNA's own network
export leaves empty values out.
"""

from __future__ import annotations

import os
import sqlite3
import warnings
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import quote

from ..errors import PosmatrixError, UsageError
from . import ReaderWarning, check_size
from ._common import fail, make_ids

if TYPE_CHECKING:
    import pandas as pd

    from ..model import Dataset

__all__ = ["STATEMENT_TYPE", "TABLES", "read_dna"]

STATEMENT_TYPE: Final = "DNA Statement"
"""The statement type whose statements become codings."""

TABLES: Final = {
    "DOCUMENTS": ("ID", "Title", "Text", "Author", "Source", "Section", "Notes", "Date"),
    "STATEMENTS": ("ID", "StatementTypeId", "DocumentId", "Start", "Stop", "Coder"),
    "STATEMENTTYPES": ("ID", "Label"),
    "VARIABLES": ("ID", "Variable", "DataType", "StatementTypeId"),
    "DATASHORTTEXT": ("StatementId", "VariableId", "Entity"),
    "DATABOOLEAN": ("StatementId", "VariableId", "Value"),
    "ENTITIES": ("ID", "Value"),
    "CODERS": ("ID", "Name"),
}
"""The tables and columns of a DNA 3 database the reader uses."""

_MAGIC: Final = b"SQLite format 3\x00"


def read_dna(
    path: str | os.PathLike[str],
    *,
    max_bytes: int | None = None,
    actor: Literal["organization", "person"] = "organization",
) -> Dataset:
    """Read a Discourse Network Analyzer 3 database as a dataset.

    Parameters
    ----------
    path : str or path-like
        The ``.dna`` file (opened read-only; nothing is written to it).
    max_bytes : int, optional
        Refuse larger files.
    actor : {"organization", "person"}
        The statement variable whose value is the holder.

    Returns
    -------
    Dataset
        Scale −1..+1; sources ``doc-<ID>``; actors and issues with ids made from the
        names (``Green-Party``), the names kept as actor name and proposition.

    Raises
    ------
    DatasetError
        For a file that is not SQLite, or lacks a table, column, the ``DNA Statement``
        type or one of its variables: the message names the file and the table.
    UsageError
        An unknown ``actor``, or a file over ``max_bytes``.
    """
    name = os.fspath(path)
    if actor not in ("organization", "person"):
        raise UsageError(f"actor must be 'organization' or 'person', got {actor!r}")
    check_size(name, max_bytes)
    try:
        with open(name, "rb") as fh:
            head = fh.read(len(_MAGIC))
    except OSError as exc:
        raise PosmatrixError(f"{name}: cannot read it: {exc.strerror or exc}") from None
    if head != _MAGIC:
        raise fail(
            name,
            "not a Discourse Network Analyzer database: the file is not SQLite "
            "(DNA 3 saves its .dna files as SQLite databases)",
        )
    uri = f"file:{quote(os.path.abspath(name))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise fail(name, f"cannot open the SQLite database: {exc}") from None
    try:
        return _read(conn, name, actor)
    except sqlite3.DatabaseError as exc:
        raise fail(name, f"the SQLite database cannot be read: {exc}") from None
    finally:
        conn.close()


def _schema(conn: sqlite3.Connection, name: str) -> None:
    """Refuse a database without DNA's tables and columns, naming the first missing."""
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    tables = {str(r[0]).upper(): str(r[0]) for r in rows}
    for table, columns in TABLES.items():
        if table not in tables:
            found = ", ".join(sorted(tables.values())) or "none"
            raise fail(
                name,
                f"not a Discourse Network Analyzer 3 database: table {table} is missing "
                f"(tables found: {found})",
            )
        have = {str(r[1]).lower() for r in conn.execute(f'PRAGMA table_info("{tables[table]}")')}
        missing = [c for c in columns if c.lower() not in have]
        if missing:
            raise fail(
                name,
                f"table {table} has no column {', '.join(missing)}: not a Discourse Network "
                "Analyzer 3 database (DNA 2 files: open and save them in DNA 3 first)",
            )


def _variables(conn: sqlite3.Connection, name: str, actor: str) -> tuple[int, dict[str, int]]:
    row = conn.execute(
        "SELECT ID FROM STATEMENTTYPES WHERE Label = ? ORDER BY ID", (STATEMENT_TYPE,)
    ).fetchone()
    if row is None:
        raise fail(
            name,
            f"table STATEMENTTYPES has no statement type {STATEMENT_TYPE!r}; posmatrix reads "
            "the statements of DNA's default type",
        )
    type_id = int(row[0])
    found = {
        str(v): (int(i), str(t))
        for i, v, t in conn.execute(
            "SELECT ID, Variable, DataType FROM VARIABLES WHERE StatementTypeId = ?", (type_id,)
        )
    }
    out: dict[str, int] = {}
    for variable, kind in (
        (actor, "short text"),
        ("concept", "short text"),
        ("agreement", "boolean"),
    ):
        got = found.get(variable)
        if got is None or got[1] != kind:
            article = "an" if got is not None and got[1][0] in "aeiou" else "a"
            what = "is missing" if got is None else f"is {article} {got[1]} variable, not {kind}"
            raise fail(
                name,
                f"table VARIABLES: the variable {variable!r} of the {STATEMENT_TYPE!r} type "
                f"{what} (variables: {', '.join(found) or 'none'})",
            )
        out[variable] = got[0]
    return type_id, out


def _query(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> pd.DataFrame:
    import pandas as pd

    cur = conn.execute(sql, params)
    columns = [d[0] for d in cur.description]
    return pd.DataFrame(cur.fetchall(), columns=columns)


def _span(text: object, start: int, stop: int) -> str | None:
    """``text[start:stop]`` in Java's UTF-16 positions; None when out of range."""
    if not isinstance(text, str) or not 0 <= start < stop:
        return None
    units = text.encode("utf-16-le", "surrogatepass")
    if 2 * stop > len(units):
        return None
    return units[2 * start : 2 * stop].decode("utf-16-le", "replace")


def _date(seconds: object) -> str | None:
    try:
        return datetime.fromtimestamp(int(seconds), tz=timezone.utc).date().isoformat()  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _read(conn: sqlite3.Connection, name: str, actor: str) -> Dataset:
    import attrs
    import numpy as np
    import pandas as pd

    from ..frame import from_frame
    from ..model import Scale

    _schema(conn, name)
    type_id, var = _variables(conn, name, actor)
    statements = _query(
        conn,
        "SELECT s.ID AS id, s.DocumentId AS doc, s.Start AS start, s.Stop AS stop, "
        "c.Name AS coder FROM STATEMENTS s LEFT JOIN CODERS c ON c.ID = s.Coder "
        "WHERE s.StatementTypeId = ? ORDER BY s.ID",
        (type_id,),
    )
    values = "SELECT d.StatementId AS id, e.Value AS value FROM DATASHORTTEXT d JOIN ENTITIES e "
    values += "ON e.ID = d.Entity WHERE d.VariableId = ?"
    holders = _query(conn, values, (var[actor],)).rename(columns={"value": "actor"})
    concepts = _query(conn, values, (var["concept"],)).rename(columns={"value": "concept"})
    agree = _query(
        conn,
        "SELECT StatementId AS id, Value AS agreement FROM DATABOOLEAN WHERE VariableId = ?",
        (var["agreement"],),
    )
    docs = _query(
        conn,
        "SELECT ID AS doc, Title, Text, Author, Source, Section, Notes, Date FROM DOCUMENTS "
        "ORDER BY ID",
    )
    st = statements.merge(holders, on="id", how="left").merge(concepts, on="id", how="left")
    st = st.merge(agree, on="id", how="left").merge(
        docs[["doc", "Text"]], on="doc", how="left", indicator=True
    )
    st["quote"] = [
        _span(t, int(a), int(b))
        for t, a, b in zip(st["Text"], st["start"], st["stop"], strict=True)
    ]
    reasons = {
        f"an empty {actor}": ~st["actor"].map(lambda v: isinstance(v, str) and bool(v.strip())),
        "an empty concept": ~st["concept"].map(lambda v: isinstance(v, str) and bool(v.strip())),
        "no agreement value": st["agreement"].isna(),
        "no document": st["_merge"] != "both",
        "a text span outside its document": st["quote"].isna(),
    }
    skip = np.zeros(len(st), dtype=bool)
    told = []
    for why, mask in reasons.items():
        mask = mask.to_numpy(dtype=bool) & ~skip
        if mask.any():
            ids = st["id"][mask].tolist()
            shown = ", ".join(map(str, ids[:10])) + (" ..." if len(ids) > 10 else "")
            told.append(f"{len(ids)} with {why} (statement ID {shown})")
        skip |= mask
    if told:
        warnings.warn(
            ReaderWarning(
                f"{name}: skipped {int(skip.sum())} of {len(st)} {STATEMENT_TYPE} statements: "
                + "; ".join(told)
            ),
            stacklevel=2,
        )
    kept = st[~skip].copy()
    kept["actor"] = kept["actor"].str.strip()
    kept["concept"] = kept["concept"].str.strip()
    kept["stance"] = np.where(kept["agreement"].astype(int) != 0, 1, -1)

    issue_names = list(dict.fromkeys(kept["concept"]))
    actor_names = list(dict.fromkeys(kept["actor"]))
    issue_id = dict(zip(issue_names, make_ids(issue_names, "concept"), strict=True))
    actor_id = dict(zip(actor_names, make_ids(actor_names, actor), strict=True))
    kept["source"] = "doc-" + kept["doc"].astype(int).astype(str)
    kept["holder"] = kept["actor"].map(actor_id)
    kept["issue"] = kept["concept"].map(issue_id)
    kept["coder"] = kept["coder"].where(
        kept["coder"].map(lambda v: isinstance(v, str) and bool(v.strip())), None
    )
    codings = _aggregate(kept)

    evidence = "optional" if (codings["quote"].str.strip() == "").any() else "required"
    codings.loc[codings["quote"].str.strip() == "", "quote"] = ""
    issues = pd.DataFrame({"id": [issue_id[c] for c in issue_names], "proposition": issue_names})
    actors = pd.DataFrame(
        {"id": [actor_id[a] for a in actor_names], "name": actor_names, "kind": actor}
    )
    sources = pd.DataFrame(
        {
            "id": "doc-" + docs["doc"].astype(int).astype(str),
            "title": [
                t if _text(t).strip() else f"Document {d}"
                for t, d in zip(docs["Title"], docs["doc"], strict=True)
            ],
            "author": docs["Author"].map(_text),
            "outlet": docs["Source"].map(_text),
            "section": docs["Section"].map(_text),
            "notes": docs["Notes"].map(_text),
            "published": docs["Date"].map(_date),
        }
    )
    ds = from_frame(
        codings,
        issues=issues,
        sources=sources,
        actors=actors,
        scale=Scale(min=-1, max=1),
        title=f"{os.path.basename(name)} (Discourse Network Analyzer)",
        path=name,
        evidence=evidence,
    )
    description = (
        f"Read from the Discourse Network Analyzer database {os.path.basename(name)}: "
        f"{len(st)} {STATEMENT_TYPE} statements, {int(skip.sum())} skipped, "
        f"{len(codings)} codings ({actor} as holder)."
    )
    return attrs.evolve(ds, description=description)


def _aggregate(kept: pd.DataFrame) -> pd.DataFrame:
    """One coding per (document, holder, concept, coder): +1/−1 when the statements
    agree, 0 when they do not; the first statement's span as the quote."""
    import numpy as np
    import pandas as pd

    keys = ["source", "holder", "issue", "coder"]
    grouped = kept.groupby(keys, sort=False, dropna=False)
    first = grouped.first().reset_index()
    lo = grouped["stance"].min().to_numpy()
    hi = grouped["stance"].max().to_numpy()
    n = grouped["stance"].size().to_numpy()
    n_agree = grouped["stance"].apply(lambda s: int((s > 0).sum())).to_numpy()
    ids = grouped["id"].apply(lambda s: ", ".join(map(str, s))).to_numpy()
    stance = np.where(lo == hi, lo, 0)
    notes = [
        f"DNA statement {i}"
        if k == 1
        else f"DNA statements {i}: {a} agree, {k - a} disagree"
        + (" (mixed)" if a and k - a else "")
        for i, k, a in zip(ids, n, n_agree, strict=True)
    ]
    return pd.DataFrame(
        {
            "source": first["source"],
            "holder": first["holder"],
            "issue": first["issue"],
            "stance": stance.astype(np.int64),
            "quote": first["quote"],
            "coder": first["coder"].astype(object).where(first["coder"].notna(), None),
            "note": notes,
        }
    )
