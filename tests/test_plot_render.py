"""posmatrix.plot.render and the ``posmatrix plot`` command: same bytes every run,
text that stays text, formats from suffixes, atomic output, a light ``validate``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from _plotdata import dated, synthetic40, two_camps

import posmatrix
from posmatrix import UsageError
from posmatrix.cli import main
from posmatrix.plot import KINDS, figure_format, render


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [*((k, "svg") for k in KINDS), ("map", "png"), ("heatmap", "png"), ("network", "pdf")],
)
def test_same_bytes_twice(kind: str, fmt: str) -> None:
    ds = posmatrix.example()
    one = render(ds, kind, fmt)
    assert one == render(ds, kind, fmt)
    magic = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}[fmt]
    assert one.startswith(magic)
    if fmt == "svg":
        assert b"<dc:date>" not in one  # no date in the metadata
        assert f'id="posmatrix-{kind}"'.encode() in one  # ids salted per figure
    if fmt == "pdf":
        assert b"/CreationDate" not in one


def test_same_svg_bytes_in_two_processes(tmp_path: Path) -> None:
    # a fresh interpreter hashes strings differently: ids and order must not depend on it
    outs = []
    for name in ("a.svg", "b.svg"):
        result = _run("-m", "posmatrix", "plot", "map", "-o", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]


@pytest.mark.parametrize("kind", KINDS)
def test_markup_in_names_stays_text_in_svg(kind: str) -> None:
    ds = dated(two_camps(title="Talks <script>alert(1)</script> & co $x$"))
    svg = render(ds, kind, "svg").decode("utf-8")
    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co $x$" in svg  # text, and no TeX


def test_long_labels_on_a_3_point_scale_render() -> None:
    ds = dated(synthetic40())
    assert len(posmatrix.voices(ds)) == 40
    for kind in KINDS:
        assert render(ds, kind, "png").startswith(b"\x89PNG")


def test_options_apply_only_where_they_belong() -> None:
    ds = posmatrix.example()
    with pytest.raises(UsageError, match="spectrum"):
        render(ds, "spectrum", metric="sign")
    with pytest.raises(UsageError, match="only to the spectrum"):
        render(ds, "map", issues=["ceasefire-first"])
    with pytest.raises(UsageError, match="only to the network"):
        render(ds, "heatmap", threshold=0.3)
    with pytest.raises(UsageError, match="metric must be one of"):
        render(ds, "map", metric="nope")
    with pytest.raises(UsageError, match="figure must be one of"):
        render(ds, "pie")


@pytest.mark.parametrize(("path", "fmt"), [("a.SVG", "svg"), ("x/b.png", "png"), ("c.pdf", "pdf")])
def test_format_from_suffix(path: str, fmt: str) -> None:
    assert figure_format(path) == fmt


def test_cli_writes_each_kind_and_refuses_bad_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "h.png"
    assert main(["plot", "heatmap", "-o", str(out), "--holder", "author"]) == 0
    assert out.read_bytes() == render(posmatrix.example(), "heatmap", "png", holder="author")
    assert main(["plot", "map", "-o", str(tmp_path / "m.jpg")]) == 2
    assert "must end in .svg, .png, .pdf" in capsys.readouterr().err
    assert not (tmp_path / "m.jpg").exists()
    out = tmp_path / "s.svg"
    assert (
        main(["plot", "spectrum", "-o", str(out), "--issue", "ceasefire-first,sanctions-relief"])
        == 0
    )
    assert out.read_text(encoding="utf-8").count("ceasefire-first") >= 1
    assert main(["plot", "network", "-o", str(tmp_path / "n.pdf"), "--threshold", "0.3"]) == 0
    assert main(["plot", "map", "-o", str(tmp_path / "x.svg"), "--threshold", "0.3"]) == 2


def test_cli_never_writes_over_the_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = Path(posmatrix.example().path or "")
    data = tmp_path / "d.svg"  # a dataset file whose name ends in .svg
    data.write_bytes(src.read_bytes())
    assert main(["plot", "map", str(data), "-o", str(data)]) == 1
    assert data.read_bytes() == src.read_bytes()
    assert "error" in capsys.readouterr().err


def test_validate_does_not_import_matplotlib() -> None:
    result = _run("-X", "importtime", "-m", "posmatrix", "validate")
    assert result.returncode == 0, result.stderr
    imported = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "yaml" in imported
    assert "matplotlib" not in imported
