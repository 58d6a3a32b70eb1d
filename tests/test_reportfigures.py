"""posmatrix.reportfigures: figures inline in HTML, beside Markdown and LaTeX."""

from __future__ import annotations

from pathlib import Path

import pytest

import posmatrix
from posmatrix.cli import main
from posmatrix.plot import render
from posmatrix.reportfigures import report_figures


def test_html_inlines_svg_without_prolog() -> None:
    ds = posmatrix.example()
    refs, files = report_figures(ds, "html")
    assert files == {}
    assert set(refs) == {"map", "heatmap"}
    for kind, svg in refs.items():
        assert svg.startswith("<svg")
        assert svg.endswith("</svg>")
        assert f'id="posmatrix-{kind}"' in svg
    page = posmatrix.render_report(ds, "html", figures=refs)
    assert page.count("<svg") == 2
    assert "<?xml" not in page
    assert "<figcaption>Who stands where" in page


@pytest.mark.parametrize(("fmt", "ext"), [("markdown", "png"), ("github", "png"), ("latex", "pdf")])
def test_files_beside_the_document(tmp_path: Path, fmt: str, ext: str) -> None:
    ds = posmatrix.example()
    refs, files = report_figures(ds, fmt, tmp_path / "my memo.md")
    assert refs == {"map": f"my-memo-map.{ext}", "heatmap": f"my-memo-heatmap.{ext}"}
    assert set(files) == {tmp_path / f"my-memo-map.{ext}", tmp_path / f"my-memo-heatmap.{ext}"}
    assert files[tmp_path / f"my-memo-map.{ext}"] == render(ds, "map", ext)
    text = posmatrix.render_report(ds, fmt, figures=refs)
    link = f"(my-memo-map.{ext})" if ext == "png" else f"{{my-memo-map.{ext}}}"
    assert link in text


@pytest.mark.parametrize(("fmt", "output"), [("plain", "x.txt"), ("markdown", None)])
def test_no_figures_where_they_cannot_go(fmt: str, output: str | None) -> None:
    assert report_figures(posmatrix.example(), fmt, output) == ({}, {})


def test_default_report_unchanged_by_figures_argument() -> None:
    ds = posmatrix.example()
    assert posmatrix.render_report(ds) == posmatrix.render_report(ds, figures={})


def test_cli_report_writes_figures_beside(tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    assert main(["report", "--format", "markdown", "-o", str(out)]) == 0
    assert (tmp_path / "memo-map.png").read_bytes().startswith(b"\x89PNG")
    assert "](memo-heatmap.png)" in out.read_text(encoding="utf-8")
    bare = tmp_path / "bare.md"
    assert main(["report", "-o", str(bare), "--no-figures"]) == 0
    assert not (tmp_path / "bare-map.png").exists()
    assert "![" not in bare.read_text(encoding="utf-8")
