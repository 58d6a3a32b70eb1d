"""The dna reader, on databases built here with sqlite3 from DNA 3's own schema
(leifeld/dna, sql/Sql.java, createTables, SQLite branch; CODERS trimmed to the columns
that have no default)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import posmatrix
from posmatrix.cli import main
from posmatrix.readers import ReaderWarning

SCHEMA = """
CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE CODERS(ID INTEGER NOT NULL PRIMARY KEY,
  Name TEXT NOT NULL CHECK (LENGTH(Name) < 191),
  Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0,
  Blue INTEGER NOT NULL DEFAULT 0, Password TEXT NOT NULL DEFAULT '');
CREATE TABLE DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY,
  Title TEXT NOT NULL CHECK (LENGTH(Title) < 191), Text TEXT NOT NULL, Coder INTEGER,
  Author TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Author) < 191),
  Source TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Source) < 191),
  Section TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Section) < 191),
  Notes TEXT NOT NULL DEFAULT '', Type TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Type) < 191),
  Date INTEGER NOT NULL, FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE);
CREATE TABLE STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY,
  Label TEXT NOT NULL CHECK (LENGTH(Label) < 191), Red INTEGER NOT NULL DEFAULT 0,
  Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE VARIABLES(ID INTEGER NOT NULL PRIMARY KEY,
  Variable TEXT NOT NULL CHECK (LENGTH(Variable) < 191),
  DataType TEXT NOT NULL CHECK (DataType = 'boolean' OR DataType = 'integer' OR
    DataType = 'long text' OR DataType = 'short text') DEFAULT 'short text',
  StatementTypeId INTEGER,
  FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE,
  UNIQUE (Variable, StatementTypeId));
CREATE TABLE STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER,
  DocumentId INTEGER, Start INTEGER NOT NULL CHECK(Start >= 0),
  Stop INTEGER NOT NULL CHECK(Stop >= 0), Coder INTEGER, CHECK (Start < Stop),
  FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE,
  FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE,
  FOREIGN KEY(DocumentId) REFERENCES DOCUMENTS(ID) ON DELETE CASCADE);
CREATE TABLE DATABOOLEAN(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
  VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 1,
  UNIQUE (StatementId, VariableId));
CREATE TABLE DATAINTEGER(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
  VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 0,
  UNIQUE (StatementId, VariableId));
CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL,
  Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191), Red INTEGER, Green INTEGER,
  Blue INTEGER, ChildOf INTEGER CHECK(ChildOf > 0), UNIQUE (VariableId, Value));
CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
  VariableId INTEGER NOT NULL, Entity INTEGER NOT NULL, UNIQUE (StatementId, VariableId));
CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
  VariableId INTEGER NOT NULL, Value TEXT DEFAULT '', UNIQUE (StatementId, VariableId));
INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (1, 'DNA Statement', 239, 208, 51);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES
  (1, 'person', 'short text', 1), (2, 'organization', 'short text', 1),
  (3, 'concept', 'short text', 1), (4, 'agreement', 'boolean', 1);
INSERT INTO STATEMENTTYPES (ID, Label) VALUES (2, 'Annotation');
INSERT INTO CODERS (ID, Name) VALUES (1, 'Admin'), (2, 'Maria');
"""

DOC1 = "Greens: we need a carbon tax now. Industry rejects a carbon tax. 🌍 Coal must go."
DOC2 = "The industry association wants coal. Greens say coal must go."


def build(
    path: Path,
    statements: list[tuple[int, str, str, str, int | None, int]] | None = None,
) -> Path:
    """A DNA database at ``path``; ``statements`` as (document, span text, person,
    organization, concept, agreement or None, coder): the span is found in the text."""
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.execute(
        "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Date) "
        "VALUES (1, 'Climate debate', ?, 1, 'A. Writer', 'Daily News', 'Politics', 1700000000)",
        (DOC1,),
    )
    conn.execute(
        "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Date) VALUES (2, '', ?, 1, 0)", (DOC2,)
    )
    entity: dict[tuple[int, str], int] = {}

    def ent(var: int, value: str) -> int:
        if (var, value) not in entity:
            entity[(var, value)] = len(entity) + 1
            conn.execute(
                "INSERT INTO ENTITIES (ID, VariableId, Value) VALUES (?, ?, ?)",
                (entity[(var, value)], var, value),
            )
        return entity[(var, value)]

    rows = statements if statements is not None else STATEMENTS
    for sid, (doc, span, person, org, concept, agreement, coder) in enumerate(rows, 1):
        text = DOC1 if doc == 1 else DOC2
        start16 = len(text[: text.index(span)].encode("utf-16-le")) // 2
        stop16 = start16 + len(span.encode("utf-16-le")) // 2
        conn.execute(
            "INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) "
            "VALUES (?, 1, ?, ?, ?, ?)",
            (sid, doc, start16, stop16, coder),
        )
        for var, value in ((1, person), (2, org), (3, concept)):
            conn.execute(
                "INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                (sid, var, ent(var, value)),
            )
        if agreement is not None:
            conn.execute(
                "INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?, 4, ?)",
                (sid, agreement),
            )
    conn.commit()
    conn.close()
    return path


STATEMENTS = [
    # doc, span, person, organization, concept, agreement, coder
    (1, "we need a carbon tax now", "Jo Green", "Green Party", "Carbon tax", 1, 1),
    (1, "Industry rejects a carbon tax", "", "Industry Association", "Carbon tax", 0, 1),
    (1, "🌍 Coal must go", "Jo Green", "Green Party", "Coal phase-out", 1, 1),
    (2, "The industry association wants coal", "", "Industry Association", "Coal phase-out", 0, 1),
    (2, "Greens say coal must go", "", "Green Party", "Coal phase-out", 1, 2),
]


def test_mapping(tmp_path: Path) -> None:
    ds = posmatrix.load(build(tmp_path / "climate.dna"))
    assert ds.scale.min == -1
    assert ds.scale.max == 1
    assert list(ds.sources) == ["doc-1", "doc-2"]
    s1, s2 = ds.sources["doc-1"], ds.sources["doc-2"]
    assert (s1.title, s1.author, s1.outlet, s1.section) == (
        "Climate debate",
        "A. Writer",
        "Daily News",
        "Politics",
    )
    assert s1.published == "2023-11-14"  # 1,700,000,000 s after 1970-01-01 (UTC)
    assert s2.title == "Document 2"
    assert s2.published == "1970-01-01"
    assert {a.id: a.name for a in ds.actors.values()} == {
        "Green-Party": "Green Party",
        "Industry-Association": "Industry Association",
    }
    assert {i.id: i.proposition for i in ds.issues.values()} == {
        "Carbon-tax": "Carbon tax",
        "Coal-phase-out": "Coal phase-out",
    }
    got = [(c.source, c.holder, c.issue, c.stance, c.quote, c.coder) for c in ds.codings]
    assert got == [
        ("doc-1", "Green-Party", "Carbon-tax", 1, "we need a carbon tax now", "Admin"),
        (
            "doc-1",
            "Industry-Association",
            "Carbon-tax",
            -1,
            "Industry rejects a carbon tax",
            "Admin",
        ),
        # the emoji is two UTF-16 units: Java's positions, read right
        ("doc-1", "Green-Party", "Coal-phase-out", 1, "🌍 Coal must go", "Admin"),
        (
            "doc-2",
            "Industry-Association",
            "Coal-phase-out",
            -1,
            "The industry association wants coal",
            "Admin",
        ),
        ("doc-2", "Green-Party", "Coal-phase-out", 1, "Greens say coal must go", "Maria"),
    ]


def test_person_as_holder(tmp_path: Path) -> None:
    with pytest.warns(
        ReaderWarning, match=r"skipped 3 of 5 .* 3 with an empty person \(statement ID 2, 4, 5\)"
    ):
        ds = posmatrix.load(build(tmp_path / "c.dna"), actor="person")
    assert [(c.holder, c.issue, c.stance) for c in ds.codings] == [
        ("Jo-Green", "Carbon-tax", 1),
        ("Jo-Green", "Coal-phase-out", 1),
    ]
    assert ds.actors["Jo-Green"].kind == "person"


def test_repeated_statements_are_one_coding(tmp_path: Path) -> None:
    rows = [
        (1, "we need a carbon tax now", "", "Green Party", "Carbon tax", 1, 1),
        (1, "Industry rejects a carbon tax", "", "Green Party", "Carbon tax", 0, 1),
        (1, "Coal must go", "", "Green Party", "Coal phase-out", 1, 1),
        (1, "Greens: we need", "", "Green Party", "Coal phase-out", 1, 1),
    ]
    ds = posmatrix.load(build(tmp_path / "r.dna", rows))
    got = [(c.issue, c.stance, c.quote, c.note) for c in ds.codings]
    assert got == [
        # one yes and one no in one article: mixed, 0 on -1..+1
        (
            "Carbon-tax",
            0,
            "we need a carbon tax now",
            "DNA statements 1, 2: 1 agree, 1 disagree (mixed)",
        ),
        ("Coal-phase-out", 1, "Coal must go", "DNA statements 3, 4: 2 agree, 0 disagree"),
    ]


def test_empty_concept_is_skipped_and_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [*STATEMENTS, (2, "coal must go", "", "Green Party", "", 1, 1)]
    path = build(tmp_path / "e.dna", rows)
    with pytest.warns(
        ReaderWarning, match=r"skipped 1 of 6 .*1 with an empty concept \(statement ID 6\)"
    ):
        ds = posmatrix.load(path)
    assert len(ds.codings) == 5
    assert "6 DNA Statement statements, 1 skipped, 5 codings" in ds.description
    assert main(["validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err
    assert "empty concept (statement ID 6)" in err


def test_missing_agreement_is_skipped(tmp_path: Path) -> None:
    rows = [*STATEMENTS[:2], (1, "Coal must go", "", "Green Party", "Coal", None, 1)]
    with pytest.warns(ReaderWarning, match=r"1 with no agreement value \(statement ID 3\)"):
        ds = posmatrix.load(build(tmp_path / "a.dna", rows))
    assert len(ds.codings) == 2


def test_non_dna_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "other.dna"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (id INTEGER, name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(posmatrix.DatasetError, match="table DOCUMENTS is missing"):
        posmatrix.load(path)
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        f"{path}:1:1: not a Discourse Network Analyzer 3 database: table DOCUMENTS is "
        "missing (tables found: people)"
    )
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        (
            "DELETE FROM STATEMENTTYPES WHERE ID = 1",
            "table STATEMENTTYPES has no statement type 'DNA Statement'",
        ),
        (
            "DELETE FROM VARIABLES WHERE ID = 3",
            "table VARIABLES: the variable 'concept' of the 'DNA Statement' type is missing",
        ),
        (
            "UPDATE VARIABLES SET DataType = 'integer' WHERE ID = 4",
            "'agreement' .* is an integer variable, not boolean",
        ),
        ("ALTER TABLE DOCUMENTS DROP COLUMN Notes", "table DOCUMENTS has no column Notes"),
    ],
)
def test_broken_schema(tmp_path: Path, sql: str, message: str) -> None:
    path = build(tmp_path / "b.dna")
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()
    with pytest.raises(posmatrix.DatasetError, match=message):
        posmatrix.load(path)


def test_not_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.dna"
    path.write_text("format: posmatrix/1\n")
    assert main(["validate", str(path)]) == 1
    assert "the file is not SQLite" in capsys.readouterr().err


def test_from_option_on_other_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = build(tmp_path / "climate.sqlite")
    assert main(["validate", str(path), "--from", "dna", "--actor", "organization"]) == 0
    assert "5 codings" in capsys.readouterr().out
    assert main(["validate", str(path), "--from", "dnaa"]) == 2
    assert "did you mean 'dna'?" in capsys.readouterr().err


def test_file_is_not_modified(tmp_path: Path) -> None:
    path = build(tmp_path / "climate.dna")
    before = path.read_bytes()
    posmatrix.load(path)
    assert path.read_bytes() == before


def test_agreement_on_read_data(tmp_path: Path) -> None:
    # the voices are (document, organisation); doc-2's two actors oppose on coal:
    # cityblock on -1..+1: 1 - |1 - (-1)| / 2 = 0
    ds = posmatrix.load(build(tmp_path / "climate.dna"))
    m = posmatrix.agreement(ds, "cityblock", holder=None)
    assert m.loc["doc-2/Green-Party", "doc-2/Industry-Association"] == 0.0
    assert m.loc["doc-1/Green-Party", "doc-2/Green-Party"] == 1.0


def test_convert_to_yaml_keeps_every_coding(tmp_path: Path) -> None:
    path = build(tmp_path / "climate.sqlite")
    out = tmp_path / "climate.yaml"
    assert main(["convert", str(path), str(out), "--from", "dna"]) == 0
    before = posmatrix.load(path, format="dna")
    after = posmatrix.load(out)
    # YAML nests codings by source, then actor: the order differs, the codings do not
    assert sorted((c.key, c.stance, c.quote) for c in after.codings) == sorted(
        (c.key, c.stance, c.quote) for c in before.codings
    )
    assert after.scale == before.scale
    assert after.sources["doc-1"].published == "2023-11-14"
