"""Write the coding workbook: an editable ``.xlsx`` for coding in a spreadsheet.

Every cell goes through :mod:`posmatrix.xlsx` (text stays text, never a formula; the
bytes are reproducible); drop-down lists (data validation) offer the ids of the other
sheets, the scale's stances and the confidence levels.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..model import AUTHOR, CONFIDENCES, FORMAT, Dataset, Scale
from ..xlsx import BOLD, HEADER_BORDER, HEADER_FILL, WRAP, BookWriter, SheetWriter, Styled
from . import layout as L

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["coding_workbook_bytes", "new_dataset", "write_coding_workbook"]

_TOP: Final = Alignment(vertical="top")
_CENTER: Final = Alignment(horizontal="center", vertical="top")
_SPARE: Final = 1000  # rows below the data that keep their drop-downs


def new_dataset(title: str = "New coding project") -> Dataset:
    """An empty dataset (default scale, no issues): what ``coding-sheet --new`` writes."""
    return Dataset(title=title)


def _head(names: Sequence[str]) -> list[Styled]:
    return [Styled(n, font=BOLD, fill=HEADER_FILL, border=HEADER_BORDER) for n in names]


def _extra(obj: object, names: Sequence[str]) -> list[object]:
    """The values of a model's further scalar fields (see :data:`layout.EXTRA_CODING`)."""
    out: list[object] = []
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, bool):
            out.append("true" if value else "")
        else:
            out.append("" if value is None else value)
    return out


def _wrap(text: str) -> Styled | str:
    return Styled(text, alignment=WRAP) if text else ""


def _list(sheet: SheetWriter, ref: str, source: str, *, strict: bool, what: str) -> None:
    """A drop-down on ``ref`` offering the cells of ``source`` (or an inline list)."""
    dv = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showDropDown=False,  # openpyxl's name is inverted: False shows the arrow
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle="posmatrix",
        error=f"Choose {what} from the list.",
        promptTitle=None,
    )
    dv.add(ref)
    sheet.worksheet.data_validations.append(dv)


def _readme(book: BookWriter, ds: Dataset) -> None:
    sheet = book.add_sheet(L.README, widths=[100], title_rows=0)
    points = ", ".join(f"{p} = {ds.scale.label(p)}" for p in ds.scale.points)
    quote = (
        "The quote may be left empty: this dataset declares evidence: optional, and such a "
        "coding is shown as “(no quote given)”, never as evidence."
        if ds.evidence == "optional"
        else "Every coding needs its quote. For positions recorded without one, set the "
        "Codebook setting 'evidence' to optional."
    )
    paragraphs = [
        Styled(f"Coding workbook: {ds.title}", font=BOLD),
        "One row of the Codings sheet is one coded position: the source, whose position it "
        "is (holder: 'author' for the source's own stance, else an actor id), the issue, "
        "the stance, and the verbatim quote it rests on. Ids come from the drop-downs: add "
        "an issue on the Codebook sheet, an actor on Actors or a source on Sources first.",
        f"Stances: {points}. Silence is not neutrality: leave an issue a source does not "
        "address uncoded; 0 means it discusses the issue with a mixed or neutral view.",
        quote,
        "Confidence: high (default when empty), medium or low. Coder: leave empty for the "
        "dataset's coder. Adjudicated: true on the coding that settles a coder disagreement.",
        "The Codebook sheet holds the issues (id, optional short label, proposition, group, "
        "weight, description), the dataset's settings (title, version, coder, evidence...), "
        "the scale (one row per stance, with its label) and the confidence levels. The "
        "first row of Actors, 'author', is the holder of a source's own stance, not an actor.",
        "Type values, not formulas: formulas are refused. Text is kept as typed; numbers and "
        "dates typed into text cells are read back as what they show.",
        "Check the workbook: posmatrix validate coding.xlsx (every problem as "
        "coding.xlsx:Codings!D12: message). Every posmatrix command reads it directly; "
        "posmatrix convert coding.xlsx positions.yaml writes it back as YAML.",
    ]
    for text in paragraphs:
        sheet.append([text if isinstance(text, Styled) else Styled(text, alignment=WRAP)])


def _codebook(book: BookWriter, ds: Dataset) -> None:
    widths = [26, 14, 60, 16, 8, 50, *(12 for _ in L.EXTRA_ISSUE), 3, 12, 40, 3, 8, 22, 3, 11]
    sheet = book.add_sheet(L.CODEBOOK, widths=widths, freeze="A2", align=_TOP)
    settings: list[tuple[str, object]] = [
        ("format", FORMAT),
        ("title", ds.title),
        ("description", ds.description),
        ("version", ds.version),
        ("citation", ds.citation),
        ("coder", ds.coder or ""),
        ("evidence", ds.evidence),
    ]
    issues = list(ds.issues.values())
    scale: Scale = ds.scale
    height = max(len(issues), len(settings), len(scale.points), len(CONFIDENCES)) + 1
    empty = [""] * len(L.ISSUE_COLUMNS)
    for row in range(height):
        if row == 0:
            cells: list[object] = [
                *_head(list(L.ISSUE_COLUMNS)),
                "",
                *_head(list(L.SETTINGS_HEAD)),
                "",
                *_head(list(L.SCALE_COLUMNS)),
                "",
                *_head([L.CONFIDENCE_HEAD]),
            ]
            sheet.append(cells)
            continue
        i = row - 1
        if i < len(issues):
            it = issues[i]
            cells = [
                it.id,
                it.label or "",
                _wrap(it.proposition),
                it.group or "",
                it.weight,
                _wrap(it.description),
                *_extra(it, L.EXTRA_ISSUE),
            ]
        else:
            cells = list(empty)
        cells.append("")
        cells += [settings[i][0], _wrap(str(settings[i][1]))] if i < len(settings) else ["", ""]
        cells.append("")
        if i < len(scale.points):
            cells += [scale.points[i], scale.labels[i]]
        else:
            cells += ["", ""]
        cells.append("")
        cells.append(CONFIDENCES[i] if i < len(CONFIDENCES) else "")
        sheet.append(cells)
    last = get_column_letter(len(L.ISSUE_COLUMNS))
    sheet.worksheet.auto_filter.ref = f"A1:{last}{max(len(issues) + 1, 2)}"


def _actors(book: BookWriter, ds: Dataset) -> None:
    sheet = book.add_sheet(L.ACTORS, widths=[24, 40, 14], freeze="A2")
    sheet.append(_head(list(L.ACTOR_COLUMNS)))
    sheet.append([AUTHOR, L.AUTHOR_NAME, ""])
    for a in ds.actors.values():
        sheet.append([a.id, a.name, a.kind or "", *_extra(a, L.EXTRA_ACTOR)])
    sheet.auto_filter()


def _sources(book: BookWriter, ds: Dataset) -> None:
    widths = [22, 50, 30, 16, 16, 18, 11, 30, 24, 40]
    sheet = book.add_sheet(L.SOURCES, widths=widths, freeze="B2", align=_TOP)
    sheet.append(_head(list(L.SOURCE_COLUMNS)))
    for s in ds.sources.values():
        sheet.append(
            [
                s.id,
                _wrap(s.title),
                _wrap(s.subtitle),
                s.section,
                s.outlet,
                s.author,
                s.published or "",
                s.url,
                s.file or "",
                _wrap(s.notes),
                *_extra(s, L.EXTRA_SOURCE),
            ]
        )
    sheet.auto_filter()


def _codings(book: BookWriter, ds: Dataset) -> SheetWriter:
    widths = [22, 16, 28, 8, 70, 11, 40, 10, 12]
    sheet = book.add_sheet(L.CODINGS, widths=widths, freeze="A2", align=_TOP)
    sheet.append(_head(list(L.CODING_COLUMNS)))
    for c in ds.codings:
        coder = c.coder if c.coder is not None and c.coder != ds.coder else ""
        sheet.append(
            [
                c.source,
                c.holder,
                c.issue,
                Styled(c.stance, alignment=_CENTER),
                _wrap(c.quote),
                c.confidence,
                _wrap(c.note),
                coder,
                "true" if c.adjudicated else "",
                *_extra(c, L.EXTRA_CODING),
            ]
        )
    sheet.auto_filter()
    return sheet


def _dropdowns(sheet: SheetWriter, ds: Dataset) -> None:
    last = max(len(ds.codings), 1) + 1 + _SPARE

    def span(n: int) -> int:  # the rows of a list sheet offered, room to add included
        return n + 1 + _SPARE

    _list(
        sheet,
        f"A2:A{last}",
        f"{L.SOURCES}!$A$2:$A${span(len(ds.sources))}",
        strict=False,
        what="a source id (add new sources on the Sources sheet)",
    )
    _list(
        sheet,
        f"B2:B{last}",
        f"{L.ACTORS}!$A$2:$A${span(len(ds.actors) + 1)}",
        strict=False,
        what="'author' or an actor id (add new actors on the Actors sheet)",
    )
    _list(
        sheet,
        f"C2:C{last}",
        f"{L.CODEBOOK}!$A$2:$A${span(len(ds.issues))}",
        strict=False,
        what="an issue id (add new issues on the Codebook sheet)",
    )
    points = len(ds.scale.points)
    scale_col = get_column_letter(len(L.ISSUE_COLUMNS) + 5)
    confidence_col = get_column_letter(len(L.ISSUE_COLUMNS) + 8)
    _list(
        sheet,
        f"D2:D{last}",
        f"{L.CODEBOOK}!${scale_col}$2:${scale_col}${points + 1}",
        strict=True,
        what=f"a stance from {ds.scale.min} to {ds.scale.max}",
    )
    _list(
        sheet,
        f"F2:F{last}",
        f"{L.CODEBOOK}!${confidence_col}$2:${confidence_col}${len(CONFIDENCES) + 1}",
        strict=True,
        what="high, medium or low",
    )
    _list(sheet, f"I2:I{last}", '"true,false"', strict=True, what="true or false")


def coding_workbook_bytes(ds: Dataset) -> bytes:
    """The coding workbook of ``ds`` as reproducible ``.xlsx`` bytes.

    >>> import io, openpyxl, posmatrix
    >>> data = coding_workbook_bytes(posmatrix.example())
    >>> book = openpyxl.load_workbook(io.BytesIO(data))
    >>> book.sheetnames
    ['Read-me', 'Codings', 'Codebook', 'Actors', 'Sources']
    >>> [c.value for c in book["Codings"][1]][:5]
    ['source', 'holder', 'issue', 'stance', 'quote']
    >>> data == coding_workbook_bytes(posmatrix.example())
    True
    """
    book = BookWriter(title=ds.title)
    _readme(book, ds)
    codings = _codings(book, ds)
    _dropdowns(codings, ds)
    _codebook(book, ds)
    _actors(book, ds)
    _sources(book, ds)
    return book.to_bytes()


def write_coding_workbook(
    ds: Dataset, path: str | os.PathLike[str], *, protect: Sequence[str | None] = ()
) -> Path:
    """Write the coding workbook of ``ds`` to ``path`` atomically (never over ``protect``).

    Returns the path written. Read it back with :func:`posmatrix.load`.
    """
    from ..atomic import atomic_write, check_output_path

    check_output_path(path, protect)
    return atomic_write(path, coding_workbook_bytes(ds), protect=protect)
