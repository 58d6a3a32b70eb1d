"""Page budgets of the printed briefing (LibreOffice PDF): the bundled dataset in at
most 20 pages; 40 parties × 40 theses on a 3-point scale with 400-character quotes in
at most 40 pages (issue 18).

Measured 2026-11-30 with LibreOffice and the Carlito font (Debian
``fonts-crosextra-carlito``, metric-compatible with Calibri, the workbook's font): 19
and 20 pages. Without Carlito LibreOffice substitutes a wider font (DejaVu Sans) and
prints every sheet smaller, on fewer pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from lopdf import page_count, to_pdf

import posmatrix
from posmatrix.briefing import write_briefing
from posmatrix.model import Coding, Dataset, Issue, Scale, Source

_TEXT = (
    "Wir fordern eine gerechte Mietpreisbremse und den Ausbau erneuerbarer Energien "
    "weil Klimaschutz soziale Sicherheit Bildung Gesundheit und Arbeit zusammen "
    "gehören Kohleverstromung Mieterhöhungen Tempolimit Bürgergeld Schuldenbremse "
    "Wehrpflicht"
)
_WORDS = tuple(_TEXT.split(" "))


def parties(n_voices: int = 40, n_issues: int = 40, quote_chars: int = 400) -> Dataset:
    """``n_voices`` parties (sources) answering ``n_issues`` theses on -1..1, each answer
    with a justification of ``quote_chars`` characters; deterministic."""
    rng = np.random.default_rng(18)
    lean = rng.normal(size=n_voices)
    codings = []
    for p in range(n_voices):
        for i in range(n_issues):
            x = lean[p] * (1 if i % 2 else -1) + rng.normal(scale=0.8)
            stance = int(np.clip(np.round(x), -1, 1))
            words = rng.choice(_WORDS, size=80)
            quote = " ".join(words)[:quote_chars].rsplit(" ", 1)[0] + "."
            codings.append(Coding(f"p{p:02d}", "author", f"t{i:02d}", stance, quote))
    return Dataset(
        title="Wahl-O-Mat style test: 40 parties, 40 theses",
        scale=Scale(-1, 1),
        issues={
            f"t{i:02d}": Issue(
                f"t{i:02d}",
                f"Thesis {i}: {' '.join(_WORDS[i % 20 : i % 20 + 6])}.",
                label=f"{_WORDS[(i * 7) % len(_WORDS)]} {i}",
            )
            for i in range(n_issues)
        },
        sources={
            f"p{p:02d}": Source(f"p{p:02d}", f"Partei {_WORDS[p % len(_WORDS)]} {p}")
            for p in range(n_voices)
        },
        codings=tuple(codings),
    )


def pdf_pages(book: Path, workdir: Path) -> tuple[Path, int]:
    """Convert ``book`` to PDF with LibreOffice; the PDF and its page count."""
    pdf = to_pdf(book, workdir)
    return pdf, page_count(pdf)


def test_generated_dataset_is_what_the_budget_names() -> None:
    ds = parties()
    assert (len(ds.sources), len(ds.issues), len(ds.codings)) == (40, 40, 1600)
    assert {c.stance for c in ds.codings} == {-1, 0, 1}
    assert all(300 <= len(c.quote) <= 400 for c in ds.codings)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice (soffice) and poppler (pdfinfo) are not installed",
)
@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("bundled", 20),
        ("parties", 40),
    ],
)
def test_page_budget(name: str, budget: int, tmp_path: Path) -> None:
    ds = posmatrix.example() if name == "bundled" else parties()
    book = write_briefing(ds, tmp_path / f"{name}.xlsx")
    _, pages = pdf_pages(book, tmp_path)
    assert pages <= budget
