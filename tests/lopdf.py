"""Workbooks to PDF with LibreOffice, for the tests that look at the printed briefing."""

from __future__ import annotations

import os
import subprocess
import warnings
from pathlib import Path


def to_pdf(book: Path, workdir: Path, *, timeout: int = 600) -> Path:
    """Convert ``book`` to PDF in ``workdir`` (a LibreOffice profile of its own there)."""
    profile = (workdir / "lo-profile").as_uri()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        done = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(workdir),
                str(book),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "HOME": str(workdir)},
            check=False,
        )
    assert done.returncode == 0, done.stderr
    return workdir / (book.stem + ".pdf")


def page_count(pdf: Path) -> int:
    """The PDF's page count, by poppler's ``pdfinfo``."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(ln for ln in info.stdout.splitlines() if ln.startswith("Pages:")).split()[1])
