"""Read a coding workbook back as a dataset, with the YAML loader's checks and wording.

Each cell becomes a scalar node of :mod:`posmatrix.format.nodes` placed at the cell
(sheet, row, column), and the rows are handed to the YAML reader's walker and builders
(:mod:`posmatrix.format.yamlwalk`, :mod:`posmatrix.format.yamlbuild`): the same checks, the
same messages and did-you-mean hints, every problem at once, located as
``coding.xlsx:Codings!D12: message``. Cells are read as the analyst meant them:
numbers stored as text and text typed as numbers, dates typed as dates, trailing
spaces around ids and choices, empty rows anywhere.
"""

from __future__ import annotations

import os
import zipfile
from typing import Any

from ..errors import DatasetError, PosmatrixError, Problem
from ..format.checks import hint
from ..format.nodes import NULL, STR, Mapping, Scalar, Sequence
from ..format.yamlbuild import _actors, _codings, _evidence, _issues, _sources
from ..format.yamlwalk import Walker
from ..model import AUTHOR, FORMAT, Dataset, Scale
from ..yamlsafe import MAX_BYTES, describe, show
from . import layout as L
from .cells import Book, Cell, rows_of

__all__ = ["read_coding_workbook"]

# -- the workbook ---------------------------------------------------------------------------


def _open(name: str, max_bytes: int) -> Any:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        if os.path.isdir(name):
            raise PosmatrixError(f"{name} is a directory, not a dataset file")
        size = os.stat(name).st_size
    except FileNotFoundError:
        raise PosmatrixError(f"{name}: no such file") from None
    except OSError as exc:
        raise PosmatrixError(f"{name}: cannot read the workbook: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise DatasetError(
            [
                Problem(
                    name,
                    1,
                    1,
                    f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes; "
                    "raise the limit (max_bytes=..., or --max-bytes)",
                )
            ]
        )
    _check_unpacked(name, max_bytes)
    try:
        return load_workbook(name, read_only=True, data_only=False, keep_links=False)
    except PermissionError:
        raise PosmatrixError(f"{name}: permission denied; cannot read the workbook") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise DatasetError(
            [
                Problem(
                    name,
                    1,
                    1,
                    f"not a readable .xlsx workbook ({type(exc).__name__}: {exc}); write one "
                    "with posmatrix coding-sheet, or save it from Excel/LibreOffice as .xlsx",
                )
            ]
        ) from None


def _check_unpacked(name: str, max_bytes: int) -> None:
    """Refuse a workbook whose parts unpack to more than 20 times the size limit (a zip
    bomb would otherwise fill the memory before a single cell is read)."""
    try:
        with zipfile.ZipFile(name) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # load_workbook says what is wrong with it
    if unpacked > 20 * max_bytes:
        raise DatasetError(
            [
                Problem(
                    name,
                    1,
                    1,
                    f"the workbook unpacks to {unpacked:,} bytes, over 20 times the limit of "
                    f"{max_bytes:,} bytes; raise the limit (max_bytes=..., or --max-bytes)",
                )
            ]
        )


def read_coding_workbook(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Dataset:
    """Read a coding workbook (see ``posmatrix coding-sheet``) as a validated dataset.

    Raises
    ------
    DatasetError
        With every problem, each located as ``FILE:Sheet!D12: message``.
    PosmatrixError
        When the file is missing or unreadable.
    """
    name = os.fspath(path)
    wb = _open(name, max_bytes)
    try:
        sheets = {title.casefold(): title for title in wb.sheetnames}
        w = Walker(name)
        book = Book(w)
        missing = [s for s in (L.CODINGS, L.CODEBOOK, L.SOURCES) if s.casefold() not in sheets]
        if missing:
            raise DatasetError(
                [
                    Problem(
                        name,
                        1,
                        1,
                        f"the workbook has no sheet {', '.join(map(repr, missing))}; a coding "
                        f"workbook has the sheets {L.CODINGS}, {L.CODEBOOK}, {L.ACTORS} and "
                        f"{L.SOURCES} (write one with posmatrix coding-sheet --new)",
                    )
                ]
            )

        def rows(title: str) -> list[tuple[int, list[Cell]]]:
            ws = wb[sheets[title.casefold()]]
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # a re-saved file may state wrong dimensions
            return list(rows_of(ws))

        settings, scale_rows, issue_rows = _codebook(book, rows(L.CODEBOOK))
        actor_rows = rows(L.ACTORS) if L.ACTORS.casefold() in sheets else []
        return _build(
            book, settings, scale_rows, issue_rows, actor_rows, rows(L.SOURCES), rows(L.CODINGS)
        )
    finally:
        wb.close()


def _codebook(
    book: Book, rows: list[tuple[int, list[Cell]]]
) -> tuple[dict[str, Scalar], list[tuple[int, Scalar, Scalar]], list[tuple[int, Mapping]]]:
    """The settings, the scale rows and the issue items of the Codebook sheet, whose
    tables stand side by side, each found by its first header."""
    sheet = L.CODEBOOK
    if not rows or rows[0][0] != 1:
        book.problem(
            sheet,
            1,
            1,
            "the header row is missing: the issues table starts with "
            f"the columns {', '.join(L.ISSUE_COLUMNS)} in row 1",
        )
        return {}, [], []
    header = rows[0][1]
    body = rows[1:]
    # runs of adjacent header cells
    runs: list[list[Cell]] = []
    for cell in header:
        if runs and runs[-1][-1].col == cell.col - 1:
            runs[-1].append(cell)
        else:
            runs.append([cell])
    settings: dict[str, Scalar] = {}
    scale_rows: list[tuple[int, Scalar, Scalar]] = []
    issues: list[tuple[int, Mapping]] = []
    for run in runs:
        first = str(run[0].value).strip().casefold()
        cols = range(run[0].col, run[-1].col + 1)
        part = [(n, [c for c in cells if c.col in cols]) for n, cells in body]
        part = [(n, cells) for n, cells in part if cells]
        if first == "id":
            head = book.header(sheet, run, L.ISSUE_COLUMNS, "the issues table")
            issues = book.items(sheet, part, head, L.ISSUE_COLUMNS, ("id", "proposition"))
        elif first == L.SETTINGS_HEAD[0]:
            settings = _settings(book, run, part)
        elif first == "stance":
            head = book.header(sheet, run, L.SCALE_COLUMNS, "the scale table")
            col_of = {v: k for k, v in head.items()}
            for number, cells in part:
                by_col = {c.col: c for c in cells}
                s = col_of.get("stance", 0)
                lab = col_of.get("label", 0)
                scale_rows.append(
                    (
                        number,
                        book.node(sheet, by_col.get(s), "int", number, s),
                        book.node(sheet, by_col.get(lab), "text", number, lab),
                    )
                )
        elif first == L.CONFIDENCE_HEAD:
            continue  # the drop-down's list: fixed by the format
        else:
            book.problem(
                sheet,
                run[0].row,
                run[0].col,
                f"unknown table {show(str(run[0].value))}; the Codebook sheet holds the "
                "tables issues (id, ...), settings (setting, value), the scale (stance, "
                "label) and confidence, side by side with an empty column between them",
            )
    return settings, scale_rows, issues


def _settings(book: Book, run: list[Cell], part: list[tuple[int, list[Cell]]]) -> dict[str, Scalar]:
    sheet = L.CODEBOOK
    key_col, value_col = run[0].col, run[0].col + 1
    out: dict[str, Scalar] = {}
    first: dict[str, int] = {}
    for number, cells in part:
        by_col = {c.col: c for c in cells}
        kcell = by_col.get(key_col)
        if kcell is None:
            book.problem(sheet, number, value_col, "a value without its setting's name")
            continue
        key = str(kcell.value).strip().casefold()
        if key not in L.SETTINGS:
            book.problem(
                sheet,
                number,
                key_col,
                f"unknown setting {show(str(kcell.value))}{hint(key, list(L.SETTINGS))}; "
                f"the settings are {', '.join(L.SETTINGS)}",
            )
            continue
        if key in first:
            book.problem(
                sheet,
                number,
                key_col,
                f"setting {key!r} appears twice (first in row {first[key]}); keep one",
            )
            continue
        first[key] = number
        out[key] = book.node(sheet, by_col.get(value_col), L.SETTINGS[key], number, value_col)
    return out


def _scale(book: Book, rows: list[tuple[int, Scalar, Scalar]]) -> Scale:
    w = book.w
    if not rows:
        return Scale()
    points: list[int] = []
    labels: list[Any] = []
    bad = False
    for _number, snode, lnode in rows:
        point = w.integer(snode, "scale > stance") if snode.tag != NULL else None
        if snode.tag == NULL:
            w.at(snode, "scale > stance: expected an integer, got an empty value")
        if not isinstance(point, int):
            bad = True
            continue
        if points and point != points[-1] + 1:
            w.at(
                snode,
                f"scale > stance: the stances must count up by one from the first "
                f"({points[0]}); expected {points[-1] + 1}, got {point}",
            )
            bad = True
        points.append(point)
        labels.append(w.text(lnode, f"scale > label of {point}") if lnode.tag != NULL else None)
    if bad or not points:
        return Scale()
    if len(points) < 2:
        w.at(rows[0][1], "scale: expected at least two stances, lowest first")
        return Scale()
    if len(points) > 1001:
        w.at(rows[0][1], f"scale: may have at most 1001 points, got {len(points)}")
        return Scale()
    if all(label is None for label in labels):
        return Scale(min=points[0], max=points[-1])
    for (_n, _s, lnode), label in zip(rows, labels, strict=True):
        if label is None:
            w.at(lnode, "scale > label: every stance needs a label (or leave all empty)")
            bad = True
    return Scale() if bad else Scale(min=points[0], max=points[-1], labels=labels)


def _seq(w: Walker, items: list[tuple[int, Mapping]], sheet: str) -> Sequence:
    return Sequence(tuple(node for _, node in items), w.name, 1, 1, sheet)


def _build(
    book: Book,
    settings: dict[str, Scalar],
    scale_rows: list[tuple[int, Scalar, Scalar]],
    issue_rows: list[tuple[int, Mapping]],
    actor_rows: list[tuple[int, list[Cell]]],
    source_rows: list[tuple[int, list[Cell]]],
    coding_rows: list[tuple[int, list[Cell]]],
) -> Dataset:
    w = book.w
    fmt = settings.get("format")
    if fmt is not None and not (isinstance(fmt, Scalar) and fmt.tag == STR and fmt.value == FORMAT):
        w.at(fmt, f"format: expected {FORMAT!r}, got {describe(fmt)}")
    tnode = settings.get("title")
    if tnode is None:
        book.problem(
            L.CODEBOOK,
            1,
            1,
            "the settings table has no 'title' row: add one "
            "(setting: title, value: the dataset's title)",
        )
    title = w.text(tnode, "title", required=True)
    meta = {k: w.text(settings.get(k), k) for k in ("description", "version", "citation")}
    coder = w.coder(settings.get("coder"), "coder")
    evidence = _evidence(w, settings.get("evidence"))
    scale = _scale(book, scale_rows)
    issues = _issues(w, _seq(w, issue_rows, L.CODEBOOK))

    actors_items = _table(book, L.ACTORS, actor_rows, L.ACTOR_COLUMNS, ("id", "name"))
    # the first row, 'author', lists the holder of a source's own stance: not an actor
    actors_items = [(n, m) for n, m in actors_items if not _is_author_row(m)]
    actors = _actors(w, _seq(w, actors_items, L.ACTORS))
    source_items = _table(book, L.SOURCES, source_rows, L.SOURCE_COLUMNS, ("id", "title"))
    sources, _ = _sources(w, _seq(w, source_items, L.SOURCES), scale, issues, actors, coder)
    codings = _coding_rows(book, coding_rows, scale, issues, coder)
    if w.problems:
        raise DatasetError(_one_per_formula(book))
    return Dataset(
        title=title,
        scale=scale,
        issues=issues,
        actors=actors,
        sources=sources,
        codings=tuple(codings),
        description=meta["description"] or "",
        version=meta["version"] or "",
        citation=meta["citation"] or "",
        coder=coder,
        path=w.name,
        evidence=evidence,
    )


def _one_per_formula(book: Book) -> list[Problem]:
    """The problems, with only the first of each cell holding a formula (what follows
    from the formula's value being unread says nothing more)."""
    out = []
    told: set[tuple[str, int, int]] = set()
    for p in book.w.problems:
        cell = (p.sheet or "", p.line, p.column)
        if cell in book.formulas:
            if cell in told:
                continue
            told.add(cell)
        out.append(p)
    return out


def _is_author_row(item: Mapping) -> bool:
    for knode, vnode in item.pairs:
        if isinstance(knode, Scalar) and knode.value == "id":
            return isinstance(vnode, Scalar) and vnode.tag == STR and vnode.value == AUTHOR
    return False


def _table(
    book: Book,
    sheet: str,
    rows: list[tuple[int, list[Cell]]],
    columns: dict[str, str],
    required: tuple[str, ...],
) -> list[tuple[int, Mapping]]:
    if not rows:
        return []
    if rows[0][0] != 1:
        book.problem(
            sheet, 1, 1, f"the header row is missing: row 1 names the columns {', '.join(columns)}"
        )
        return []
    head = book.header(sheet, rows[0][1], columns, f"the {sheet} sheet")
    missing = [c for c in required if c not in head.values() and c not in book.meant]
    if missing:
        book.problem(
            sheet,
            1,
            1,
            f"missing column {', '.join(missing)}: the {sheet} sheet "
            f"needs the columns {', '.join(required)}",
        )
        return []
    return book.items(sheet, rows[1:], head, columns, required)


def _coding_rows(
    book: Book,
    rows: list[tuple[int, list[Cell]]],
    scale: Scale,
    issues: dict[str, Any],
    coder: Any,
) -> list[Any]:
    w = book.w
    sheet = L.CODINGS
    out: list[Any] = []
    seen: dict[tuple[Any, ...], Any] = {}
    if not rows:
        return out
    if rows[0][0] != 1:
        book.problem(
            sheet,
            1,
            1,
            f"the header row is missing: row 1 names the columns {', '.join(L.CODING_COLUMNS)}",
        )
        return out
    head = book.header(sheet, rows[0][1], L.CODING_COLUMNS, "the Codings sheet")
    need = ["source", "holder", "issue", "stance"] + ([] if w.quote_optional else ["quote"])
    missing = [c for c in need if c not in head.values() and c not in book.meant]
    if missing:
        book.problem(
            sheet,
            1,
            1,
            f"missing column {', '.join(missing)}: the Codings sheet "
            f"needs the columns {', '.join(need)}",
        )
        return out
    required = ("source", "holder", "issue", "stance", "quote")
    default_coder = coder if isinstance(coder, str) else None
    for _number, item in book.items(sheet, rows[1:], head, L.CODING_COLUMNS, required):
        # every key and value of a row is a cell's scalar (Book.items)
        fields: dict[str, Scalar] = {k.value: v for k, v in item.pairs}  # type: ignore[union-attr,misc]
        source = _ref(w, fields.pop("source"), "source", w.declared["source"], "Sources")
        holder = _holder(w, fields.pop("holder"))
        path = f"{source} > {holder}" if source and holder else "coding"
        rest = item._replace(pairs=tuple((k, v) for k, v in item.pairs if k.value in fields))  # type: ignore[union-attr]
        one = Sequence((rest,), item.file, item.line, item.column, item.sheet)
        _codings(
            w, one, path, source, holder, scale, issues, default_coder, out, seen, numbered=False
        )
    return out


def _ref(w: Walker, node: Scalar, field: str, known: dict[str, None], sheet: str) -> str | None:
    if node.tag == NULL:
        w.at(
            node,
            f"{field}: expected the id of a {field} (from the {sheet} sheet), got an empty cell",
        )
        return None
    ident = w.ident(node, field)
    if not isinstance(ident, str):
        return None
    if ident not in known:
        meant = hint(ident, known) or f"; known {field}s: {', '.join(list(known)[:20]) or 'none'}"
        w.at(node, f"{field}: unknown {field} {show(ident)}{meant} (add it on the {sheet} sheet)")
        return None
    return ident


def _holder(w: Walker, node: Scalar) -> str | None:
    if node.tag == STR and node.value == AUTHOR:
        return AUTHOR
    if node.tag == NULL:
        w.at(
            node,
            "holder: expected 'author' (the source's own stance) or an actor id, got an empty cell",
        )
        return None
    ident = w.ident(node, "holder")
    if not isinstance(ident, str):
        return None
    known = w.declared["actor"]
    if ident not in known:
        meant = hint(ident, [AUTHOR, *known])
        if not meant:
            meant = (
                "; a holder is 'author' (the source's own stance) or an actor of the Actors "
                f"sheet: {', '.join(known) or 'none yet'}"
            )
        w.at(node, f"holder: unknown actor {show(ident)}{meant}")
        return None
    return ident
