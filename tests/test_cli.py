"""The command line, validate and schema part: output, exit status, problems in the
FILE:LINE:COL format, usage errors, and a light import path (no pandas, no openpyxl)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from posmatrix.cli import main
from posmatrix.errors import DatasetError
from posmatrix.loading import example, loads
from posmatrix.schema import schema_text

VALID = """\
format: posmatrix/1
title: T
issues:
  - {id: i1, proposition: P.}
  - {id: i2, proposition: Q.}
actors:
  - {id: a1, name: A}
sources:
  - id: s1
    title: S
    stances:
      - {issue: i1, stance: 1, quote: Q}
    reports:
      a1:
        - {issue: i2, stance: -2, quote: R}
"""
INVALID = VALID.replace("stance: 1,", "stance: 7,").replace("quote: R", "qoute: R")


def run(*args: str, stdin: bytes | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        input=stdin.decode("utf-8") if stdin is not None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},
    )


def test_validate_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    ds = example()
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == (
        f"{ds.path}: valid: {len(ds.sources)} sources, {len(ds.issues)} issues, "
        f"{len(ds.actors)} actors, {len(ds.codings)} codings\n"
    )


def test_validate_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: valid: 1 sources, 2 issues, 1 actors, 2 codings\n"


def test_validate_invalid_prints_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(INVALID, encoding="utf-8")
    before = path.read_bytes()
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{path}:12:29: sources[1] 's1' > stances[1] > stance: expected an integer from -2 to 2, "
        "got the integer 7",
        f"{path}:15:35: sources[1] 's1' > reports > a1[1]: unknown key 'qoute'; did you mean "
        "'quote'?",
    ]
    assert path.read_bytes() == before


def test_validate_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(INVALID.encode())))
    assert main(["validate", "-"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("<stdin>:12:29: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["validate", "--max-bytes", "0"],
            "posmatrix validate: error: max_bytes must be a positive",
        ),
        (
            ["validate", "--max-bytes", "-5"],
            "posmatrix validate: error: max_bytes must be a positive",
        ),
    ],
)
def test_bad_limits_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert capsys.readouterr().err.startswith(message)


@pytest.mark.parametrize(
    "args",
    [["validate", "a.yaml", "b.yaml"], ["validate", "--max-bytes", "lots"], ["frobnicate"], []],
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert "usage: posmatrix" in capsys.readouterr().err


def test_missing_file_and_directory_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert capsys.readouterr().err == (
        f"posmatrix validate: error: {tmp_path / 'nope.yaml'}: no such file\n"
    )
    assert main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"posmatrix validate: error: {tmp_path} is a directory, not a dataset file\n"
    )


def test_schema_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == schema_text()
    assert json.loads(out)["properties"]["format"]["const"] == "posmatrix/1"


# -- in a real process ------------------------------------------------------------------


def test_subprocess_validate_and_exit_codes(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(VALID, encoding="utf-8")
    bad.write_text(INVALID, encoding="utf-8")
    ok = run("-m", "posmatrix", "validate", str(good))
    assert (ok.returncode, ok.stderr) == (0, "")
    assert ok.stdout == f"{good}: valid: 1 sources, 2 issues, 1 actors, 2 codings\n"
    failed = run("-m", "posmatrix", "validate", str(bad))
    assert failed.returncode == 1
    with pytest.raises(DatasetError) as info:
        loads(INVALID, str(bad))
    assert failed.stderr.splitlines() == [str(p) for p in info.value.problems]
    piped = run("-m", "posmatrix", "validate", "-", stdin=INVALID.encode())
    assert piped.returncode == 1
    assert piped.stderr.startswith("<stdin>:12:29: ")
    usage = run("-m", "posmatrix", "validate", "--max-bytes", "0")
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr + failed.stderr + piped.stderr


def test_problems_survive_a_terminal_that_cannot_show_them(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(VALID.replace("{id: a1, name: A}", "{id: Київ, name: ''}"), encoding="utf-8")
    result = run("-m", "posmatrix", "validate", str(path), PYTHONIOENCODING="ascii")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "'\\u041a\\u0438\\u0457\\u0432' > name: expected non-empty text" in result.stderr


def test_validate_imports_neither_pandas_nor_openpyxl() -> None:
    result = run("-X", "importtime", "-m", "posmatrix", "validate")
    assert result.returncode == 0, result.stderr
    imported = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "yaml" in imported  # the parse worked, so the list is real
    assert "pandas" not in imported
    assert "openpyxl" not in imported


def test_validate_counts_codings_without_a_quote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.yaml"
    text = VALID.replace("title: T\n", "title: T\nevidence: optional\n").replace(", quote: Q}", "}")
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == (
        f"{path}: valid: 1 sources, 2 issues, 1 actors, 2 codings (1 without a quote)\n"
    )


# -- groups as voices (--by, --window) and diff on common ground (--map, --inverted) -----------

DATED = """\
format: posmatrix/1
title: T
issues:
  - {id: i1, proposition: P.}
sources:
  - id: s1
    title: S1
    published: 2025-07-03
    outlet: Daily Post
    stances:
      - {issue: i1, stance: 2, quote: Q1}
  - id: s2
    title: S2
    published: 2025-07
    outlet: Daily Post
    stances:
      - {issue: i1, stance: -1, quote: Q2}
  - id: s3
    title: S3
    stances:
      - {issue: i1, stance: 0, quote: Q3}
"""


@pytest.mark.parametrize(
    ("args", "rows", "note"),
    [
        # s1, s2 in 2025-07: median(2, -1) = 0.5; s3 undated
        (["--by", "month"], {"2025-07": "0.5"}, "1 of 3 sources are in no group: undated (1)"),
        (["--window", "M"], {"2025-07": "0.5"}, "undated (1)"),
        # by outlet: s3 has none
        (["--by", "outlet"], {"Daily_Post": "0.5"}, "no outlet (1)"),
        # day windows: s2's month date is too coarse, s3 undated: s1 alone
        (["--window", "D"], {"2025-07-03": "2.0"}, "month precision is too coarse for D windows"),
    ],
)
def test_matrix_by_groups(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    rows: dict[str, str],
    note: str,
) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(DATED, encoding="utf-8")
    assert main(["matrix", str(path), "--show", "stances", "--format", "csv", *args]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "voice,i1"
    assert dict(line.split(",") for line in lines[1:]) == rows
    assert note in err


def test_gaps_by_month_and_no_group_at_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(DATED, encoding="utf-8")
    assert main(["gaps", str(path), "--by", "month", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [r["source"] for r in report["coverage_sources"]] == ["2025-07"]
    assert main(["gaps", str(path), "--by", "author"]) == 1
    assert "no source falls in any group of --by author" in capsys.readouterr().err
    assert main(["matrix", str(path), "--by", "outlt"]) == 2
    assert "did you mean 'outlet'" in capsys.readouterr().err


OUTLETS = """\
format: posmatrix/1
title: T
issues:
  - {id: i1, proposition: P.}
  - {id: i2, proposition: Q.}
sources:
  - id: s1
    title: S1
    outlet: Alpha Daily
    stances:
      - {issue: i1, stance: 2, quote: Q1}
      - {issue: i2, stance: 1, quote: Q2}
  - id: s2
    title: S2
    outlet: Alpha Daily
    stances:
      - {issue: i1, stance: 0, quote: Q3}
      - {issue: i2, stance: -1, quote: Q4}
  - id: s3
    title: S3
    outlet: Beta Times
    stances:
      - {issue: i1, stance: -2, quote: Q5}
      - {issue: i2, stance: -1, quote: Q6}
  - id: s4
    title: S4
    outlet: Gamma News
    stances:
      - {issue: i1, stance: 1, quote: Q7}
      - {issue: i2, stance: 1, quote: Q8}
"""
"""By outlet, the median stances (i1, i2): Alpha_Daily (median(2, 0), median(1, -1)) =
(1, 0); Beta_Times (-2, -1); Gamma_News (1, 1). Cityblock agreement on the -2..+2 scale,
1 - mean|d| / 4: Alpha-Gamma 1 - (0 + 1) / 2 / 4 = 0.875; Alpha-Beta 1 - (3 + 1) / 8 =
0.5; Beta-Gamma 1 - (3 + 2) / 8 = 0.375."""


def test_network_by_outlet_and_nodes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(OUTLETS, encoding="utf-8")
    out = tmp_path / "net.json"
    args = ["network", str(path), "-o", str(out), "--metric", "cityblock"]
    assert main([*args, "--by", "outlet", "--threshold", "0.6"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [n["id"] for n in data["nodes"]] == ["Alpha_Daily", "Beta_Times", "Gamma_News"]
    # only Alpha-Gamma (0.875) is above 0.6 (see OUTLETS)
    assert [(e["source"], e["target"], e["weight"]) for e in data["links"]] == [
        ("Alpha_Daily", "Gamma_News", 0.875)
    ]
    capsys.readouterr()
    # --nodes holder: one node per holder; the sources' own voices pool into "author"
    assert main([*args, "--nodes", "holder"]) == 0
    assert [n["id"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]] == ["author"]
    assert capsys.readouterr().err == ""
    # the old spelling still works, with a warning
    assert main([*args, "--by", "holder"]) == 0
    assert [n["id"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]] == ["author"]
    assert "--by holder is deprecated; use --nodes holder" in capsys.readouterr().err
    # both at once: nodes per holder over outlet groups -> still one "author" node
    assert main([*args, "--by", "outlet", "--nodes", "holder"]) == 0
    assert [n["id"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]] == ["author"]
    assert main([*args, "--by", "outlt"]) == 2
    assert "did you mean 'outlet'" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["map", "heatmap", "spectrum", "network"])
def test_plot_by_outlet(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    pytest.importorskip("matplotlib")
    from posmatrix.groups import grouped
    from posmatrix.loading import load
    from posmatrix.plot import render

    path = tmp_path / "d.yaml"
    path.write_text(OUTLETS, encoding="utf-8")
    out = tmp_path / "fig.svg"
    assert main(["plot", kind, str(path), "-o", str(out), "--by", "outlet"]) == 0
    svg = out.read_bytes()
    assert svg == render(grouped(load(path), "outlet").dataset, kind, "svg")
    text = svg.decode("utf-8")
    assert ">s1<" not in text  # sources appear only inside their group
    if kind != "spectrum":
        for label in ("Alpha_Daily", "Beta_Times", "Gamma_News"):
            assert label in text
        return
    from posmatrix.plot import spectrum

    ax = spectrum(grouped(load(path), "outlet").dataset).axes[0]
    (i1,) = [c for c in ax.collections if c.get_label() == "i1:own"]
    # three voices, the outlets' medians on i1 (see OUTLETS): -2, 1, 1 (within .3)
    xs = sorted(i1.get_offsets()[:, 0])
    assert [round(x) for x in xs] == [-2, 1, 1]


def test_plot_by_refused_for_the_timeline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "d.yaml"
    path.write_text(OUTLETS, encoding="utf-8")
    out = tmp_path / "fig.svg"
    assert main(["plot", "timeline", str(path), "-o", str(out), "--by", "outlet"]) == 2
    assert "--by does not apply to the timeline" in capsys.readouterr().err
    assert not out.exists()


def test_diff_map_and_inverted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = VALID
    new = VALID.replace("id: i1, proposition: P.", "id: j1, proposition: Not P.").replace(
        "{issue: i1, stance: 1", "{issue: j1, stance: 1"
    )  # the same +1 on the turned-around proposition: the opposite position
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    files = [str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")]
    assert main(["diff", *files, "--format", "json", "--map", "i1=j1", "--inverted", "j1"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["common_ground"]["renamed"] == {"i1": "j1"}
    assert data["common_ground"]["inverted"] == ["j1"]
    (coding,) = data["codings"]  # matched under the new id, not removed and added
    assert coding["issue"] == "j1"
    assert coding["fields"] == "stance"
    assert coding["issue_note"] == (
        "renamed from i1; inverted: old stances flip; proposition changed"
    )
    assert main(["diff", *files, "--map", "i1"]) == 2
    assert "--map takes old=new pairs" in capsys.readouterr().err
    assert main(["diff", *files, "--map", "i9=j1"]) == 2
    assert "'i9' is not an issue of the old version" in capsys.readouterr().err
