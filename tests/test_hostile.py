"""Hostile input, round 2 (issue 16): each attack through the command line ends with a
clear message and the right exit status, never a traceback, and leaves every input byte
unchanged; outputs hold nothing a spreadsheet, a terminal or a Markdown viewer would run.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from posmatrix.cli import main

HEADER = "source,holder,issue,stance,quote\n"


def run_cli(
    *args: str, stdin: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    handle = open(stdin, "rb") if stdin is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        return subprocess.run(
            [sys.executable, "-m", "posmatrix", *args],
            stdin=handle,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=120,
            env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        )
    finally:
        if stdin is not None:
            handle.close()  # type: ignore[union-attr]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def no_crash(err: str) -> None:
    assert "Traceback" not in err
    assert "internal error" not in err


# -- D1: formula injection in CSV/TSV ----------------------------------------------------


@pytest.fixture
def formula_csv(tmp_path: Path) -> Path:
    path = tmp_path / "d1.csv"
    path.write_text(
        HEADER
        + "=1+2,author,i1,2,q\n"
        + '"=HYPERLINK(""evil.invalid"",""x"")",author,i1,-1,q\n'
        + "@SUM(A1),author,i1,1,q\n"
        + "-cmd,author,=i2,1,q\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["matrix", "--format", "csv"],
        ["matrix", "--format", "tsv"],
        ["matrix", "--show", "stances", "--format", "csv"],
        ["gaps", "--format", "tsv"],
    ],
)
def test_d1_csv_tsv_cells_never_start_a_formula(
    formula_csv: Path, tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(formula_csv)
    out = tmp_path / "out.txt"
    assert main([args[0], str(formula_csv), *args[1:], "-o", str(out)]) == 0
    sep = "\t" if "tsv" in args else ","
    for line in out.read_text("utf-8").splitlines():
        for cell in line.split(sep):
            cell = cell.strip()
            assert not cell.startswith(("=", "+", "@")), line
            if cell.startswith("-"):
                float(cell)  # only numbers may start with a minus
    text = out.read_text("utf-8")
    assert "'=1+2" in text
    assert "'@SUM(A1)" in text
    assert digest(formula_csv) == before
    capsys.readouterr()


# -- D2: control characters --------------------------------------------------------------

ESC = "\x1b[2J\x1b[H\x1b[32mALL CHECKS PASSED\x1b[0m\x1b]52;c;SGVsbG8=\x07\x9b\u2028\r"
RAW = ("\x1b", "\x07", "\x9b", "\u2028", "\r")

YAML = """\
format: posmatrix/1
title: T
issues:
  - {id: i1, proposition: P one.}
  - {id: i2, proposition: P two.}
actors:
  - {id: ru, name: Russia}
sources:
  - id: s1
    title: S one
    stances:
      - {issue: i1, stance: 2, quote: Q one}
      - {issue: i2, stance: -2, quote: Q two}
  - id: s2
    title: S two
    stances:
      - {issue: i1, stance: -2, quote: Q three}
      - {issue: i2, stance: 2, quote: Q four}
    reports:
      ru:
        - {issue: i1, stance: 1, quote: Q five}
"""


@pytest.fixture
def unchecked() -> Iterator[None]:
    """Validators off for one test (single-threaded): the only way to hold a dataset
    with control characters now, to test that renderers show them rather than send them."""
    import attrs

    with attrs.validators.disabled():
        yield


def hostile_dataset() -> object:
    """A dataset holding control characters in every text (needs ``unchecked``)."""
    import attrs

    from posmatrix import loads

    ds = loads(YAML)
    if True:
        issues = {k: attrs.evolve(v, proposition=v.proposition + ESC) for k, v in ds.issues.items()}
        codings = tuple(attrs.evolve(c, quote=c.quote + ESC) for c in ds.codings)
        actors = {k: attrs.evolve(v, name=v.name + ESC) for k, v in ds.actors.items()}
        return attrs.evolve(
            ds,
            title="Title" + ESC,
            description="Desc" + ESC,
            issues=issues,
            codings=codings,
            actors=actors,
        )


def no_raw_control(text: str) -> None:
    for ch in RAW:
        assert ch not in text, repr(ch)
    assert "x1b" in text  # shown as \x1b (in LaTeX: \textbackslash{}x1b)


@pytest.mark.parametrize("fmt", ["markdown", "github", "latex", "html", "plain"])
@pytest.mark.usefixtures("unchecked")
def test_d2_report_shows_control_characters(fmt: str) -> None:
    from posmatrix import render_report

    no_raw_control(render_report(hostile_dataset(), fmt))  # type: ignore[arg-type]


@pytest.mark.usefixtures("unchecked")
def test_d2_gaps_text_shows_control_characters() -> None:
    from posmatrix import gaps

    no_raw_control(str(gaps(hostile_dataset())))  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["markdown", "github", "plain", "json"])
@pytest.mark.usefixtures("unchecked")
def test_d2_diff_shows_control_characters(fmt: str) -> None:
    import json

    from posmatrix import diff, loads

    text = diff(loads(YAML), hostile_dataset(), metric="cityblock").render(fmt)  # type: ignore[arg-type]
    for ch in RAW:
        assert ch not in text, repr(ch)
    if fmt == "json":
        values = json.loads(text)["items"]  # the same values, escaped in the JSON text
        assert any("\x1b[2J" in str(item["new"]) for item in values)
    else:
        assert "x1b" in text  # shown as \x1b (in LaTeX: \textbackslash{}x1b)


@pytest.mark.parametrize(
    ("cell", "column"),
    [("\x1b[2Jq", 5), ("DEL\x7f", 5), ("a\x07", 5), ("x\u2028y", 5), ("\x9b", 5)],
)
def test_d2_csv_cells_obey_the_character_rule(
    tmp_path: Path, cell: str, column: int, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.csv"
    path.write_text(HEADER + f's1,author,i1,1,"{cell}"\n', encoding="utf-8", newline="")
    before = digest(path)
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:2:{column}: quote: the text holds character U+")
    assert digest(path) == before


def test_d2_csv_crlf_inside_a_quoted_cell_is_a_line_break(tmp_path: Path) -> None:
    from posmatrix import load

    path = tmp_path / "c.csv"
    path.write_bytes(b'source,holder,issue,stance,quote\r\ns1,author,i1,1,"two\r\nlines"\r\n')
    assert load(path).codings[0].quote == "two\nlines"


def test_d2_parquet_text_obeys_the_character_rule(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from posmatrix import DatasetError, load

    path = tmp_path / "c.parquet"
    pd.DataFrame(
        {"source": ["s"], "holder": ["author"], "issue": ["i"], "stance": [1], "quote": [ESC]}
    ).to_parquet(path)
    with pytest.raises(DatasetError, match=r"quote: the text holds character U\+001B \(escape\)"):
        load(path)


def test_d2_verify_quotes_shows_the_closest_passage_escaped(tmp_path: Path) -> None:
    from posmatrix import loads, verify_quotes

    ds = loads(
        YAML.replace("title: S one", "title: S one\n    file: a.txt").replace(
            "quote: Q one", "quote: the talks will go on in Geneva"
        )
    )
    (tmp_path / "a.txt").write_text(
        "Both said the talks \x1b[2J\x1b]52;c;eA==\x07will go on in Geneva next week.",
        encoding="utf-8",
    )
    report = verify_quotes(ds, tmp_path)
    (miss,) = [m for m in report.misses if m.coding is not None and "Geneva" in m.coding.quote]
    assert "\x1b" not in miss.message
    assert "\x07" not in miss.message
    assert "\\x1b[2J" in miss.message


# -- D3: the file behind standard input ---------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["brief", "-", "-o", "{victim}"],
        ["report", "-", "-o", "{victim}"],
        ["matrix", "-", "-o", "{victim}"],
        ["gaps", "-", "-o", "{victim}"],
        ["diff", "{other}", "-", "-o", "{victim}"],
        ["diff", "-", "{other}", "-o", "{victim}"],
    ],
)
def test_d3_the_file_behind_stdin_is_never_overwritten(tmp_path: Path, args: list[str]) -> None:
    victim = tmp_path / "victim.yaml"
    victim.write_text(YAML, encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(YAML.replace("title: T", "title: U"), encoding="utf-8")
    before = digest(victim)
    argv = [a.format(victim=victim, other=other) for a in args]
    result = run_cli(*argv, stdin=victim)
    no_crash(result.stderr)
    assert result.returncode == (2 if args[0] == "diff" else 1), result.stderr
    assert "is the file behind standard input" in result.stderr
    assert digest(victim) == before


def test_d3_stdin_from_another_file_may_write(tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_text(YAML, encoding="utf-8")
    out = tmp_path / "out.md"
    result = run_cli("report", "-", "-o", str(out), stdin=source)
    assert result.returncode == 0, result.stderr
    assert out.read_text("utf-8").startswith("# T")


# -- D8: the tracebacks that remained -------------------------------------------------------

EMPTY = "format: posmatrix/1\ntitle: T\nissues: []\nsources: []\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("files", "args", "code", "message"),
    [
        (
            {"d.csv": HEADER + "s,author,i," + "9" * 5000 + ",q\n"},
            ["validate", "{d.csv}"],
            1,
            "stance: expected an integer from -2 to 2, got the text '999",
        ),
        ({"e.yaml": EMPTY}, ["matrix", "{e.yaml}"], 1, "no voice to show"),
        ({}, ["matrix", "--holder", ","], 2, "--holder ',' names no voice"),
        ({}, ["gaps", "--holder", ","], 2, "--holder ',' names no voice"),
        ({"y.yaml": YAML}, ["validate", "{y.yaml}", "--max-bytes", "1000000000000"], 0, "valid"),
        ({"y.yaml": YAML}, ["validate", "{y.yaml}", "--max-bytes", "9" * 20], 0, "valid"),
    ],
)
def test_d8_clear_errors_not_tracebacks(
    tmp_path: Path,
    files: dict[str, str],
    args: list[str],
    code: int,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths = {name: str(_write(tmp_path, name, text)) for name, text in files.items()}
    digests = {name: digest(Path(p)) for name, p in paths.items()}
    argv = [paths[a[1:-1]] if a.startswith("{") else a for a in args]
    got = main(argv)
    out, err = capsys.readouterr()
    no_crash(err)
    assert got == code, err
    assert message in out + err
    assert {name: digest(Path(p)) for name, p in paths.items()} == digests


def test_d8_max_bytes_huge_on_stdin(tmp_path: Path) -> None:
    path = _write(tmp_path, "y.yaml", YAML)
    result = run_cli("validate", "-", "--max-bytes", "9" * 20, stdin=path)
    no_crash(result.stderr)
    assert result.returncode == 0
    assert "<stdin>: valid" in result.stdout


@pytest.mark.parametrize(
    ("epoch", "message"),
    [
        ("²", "SOURCE_DATE_EPOCH must be a number of seconds since 1970"),
        ("253402300800", "is after 2107-12-31"),
        ("-5", "SOURCE_DATE_EPOCH must be a number"),
    ],
)
def test_d8_source_date_epoch(
    tmp_path: Path, epoch: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    out = tmp_path / "b.xlsx"
    result = run_cli("brief", "-o", str(out), env={"SOURCE_DATE_EPOCH": epoch})
    no_crash(result.stderr)
    assert result.returncode == 2
    assert message in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("kind", ["list", "struct", "map"])
def test_d8_parquet_nested_columns(tmp_path: Path, kind: str) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    values = {"list": [[1, 2]], "struct": [{"a": 1}], "map": [[("k", 1)]]}[kind]
    typ = {"list": None, "struct": None, "map": pa.map_(pa.string(), pa.int64())}[kind]
    table = pa.table(
        {
            "source": ["s"],
            "holder": ["author"],
            "issue": ["i"],
            "stance": [1],
            "quote": pa.array(values, type=typ),
        }
    )
    path = tmp_path / "n.parquet"
    pq.write_table(table, path)
    result = run_cli("validate", str(path))
    no_crash(result.stderr)
    assert result.returncode == 1
    assert f"{path}:1:5: column 'quote' holds " in result.stderr


def test_d8_from_frame_with_list_cells_is_a_dataset_error() -> None:
    import pandas as pd

    from posmatrix import DatasetError, from_frame

    frame = pd.DataFrame(
        {"source": [["a"]], "holder": ["author"], "issue": ["i"], "stance": [1], "quote": ["q"]}
    )
    with pytest.raises(DatasetError, match="column 'source' holds a list"):
        from_frame(frame)


def test_d8_diff_exits_2_when_a_side_crashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import posmatrix.loading

    def crash(*args: object, **kwargs: object) -> None:
        raise MemoryError

    a = _write(tmp_path, "a.yaml", YAML)
    monkeypatch.setattr(posmatrix.loading, "load_arg", crash)
    assert main(["diff", str(a), str(a)]) == 2
    assert "out of memory" in capsys.readouterr().err

    def bug(*args: object, **kwargs: object) -> None:
        raise TypeError("boom")

    monkeypatch.setattr(posmatrix.loading, "load_arg", bug)
    assert main(["diff", str(a), str(a)]) == 2
    err = capsys.readouterr().err
    assert "internal error: TypeError: boom" in err
    assert "Traceback" not in err


# -- D6: Markdown and LaTeX injection -------------------------------------------------------

INJECT = "Fine.\n\n# INJECTED HEADING\n\n- injected item\n\n<script>alert(1)</script>"
LINKS = '<a href="javascript:alert(1)">x</a> [VERIFIED](https:\\\\evil.invalid) <script>s</script>'


def injected_yaml() -> str:
    def block(text: str, indent: int) -> str:
        pad = " " * indent
        return "|\n" + "".join(f"{pad}{line}\n" if line else "\n" for line in text.split("\n"))

    return (
        YAML.replace(
            "title: T\n",
            "title: |\n  Title\n\n  \\section{x} # TAIL\ndescription: " + block(INJECT, 2),
        )
        .replace("{id: i1, proposition: P one.}", "{id: i1, proposition: " + json_str(LINKS) + "}")
        .replace("quote: Q one}", "quote: " + json_str(INJECT) + "}")
        .replace("quote: Q three}", "quote: " + json_str(INJECT) + "}")
        .replace("{id: ru, name: Russia}", "{id: ru, name: " + json_str(LINKS) + "}")
    )


def json_str(text: str) -> str:
    import json

    return json.dumps(text)


def markdown_is_inert(text: str) -> None:
    for line in text.splitlines():
        assert "INJECTED" not in line or not line.lstrip("> ").startswith("#"), line
        assert not line.startswith("- injected"), line
        assert "<script" not in line.replace("\\<script", ""), line
        assert "<a href" not in line.replace("\\<a href", ""), line
        assert "[VERIFIED](" not in line, line


@pytest.mark.parametrize("fmt", ["markdown", "github"])
def test_d6_report_markdown_keeps_quotes_in_their_blockquote(fmt: str) -> None:
    from posmatrix import loads, render_report

    ds = loads(injected_yaml())
    text = render_report(ds, fmt)
    markdown_is_inert(text)
    # every quote line sits inside its blockquote
    quote_lines = [line for line in text.splitlines() if "Fine." in line and "“" in line]
    assert quote_lines
    assert all(line.startswith("> ") for line in quote_lines)


@pytest.mark.parametrize(
    "args",
    [
        ["matrix", "--format", "github", "--holder", "all"],
        ["matrix", "--format", "pipe", "--show", "stances", "--holder", "all"],
        ["gaps", "--format", "github"],
    ],
)
def test_d6_github_tables_escape_html_and_links(
    tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        "x.yaml",
        injected_yaml().replace("{id: ru,", "{id: '<b>ru',").replace("      ru:", "      '<b>ru':"),
    )
    assert main([args[0], str(path), *args[1:]]) == 0
    out = capsys.readouterr().out
    markdown_is_inert(out)
    assert "\\<b\\>ru" in out


@pytest.mark.parametrize("fmt", ["markdown", "github"])
def test_d6_diff_tables_and_bullets_escape_html_and_links(fmt: str) -> None:
    from posmatrix import diff, loads

    def bold(text: str) -> str:
        return text.replace("{id: ru,", "{id: '<b>ru',").replace("      ru:", "      '<b>ru':")

    old = loads(bold(YAML))
    new = loads(bold(injected_yaml()).replace("stance: 1, quote: Q five", "stance: -2, quote: Q5"))
    text = diff(old, new).render(fmt)
    markdown_is_inert(text)
    assert "| s2/\\<b\\>ru |" in text  # the agreement table escapes HTML too


def test_d6_latex_heading_survives_a_blank_line_in_the_title() -> None:
    from posmatrix import loads, render_report

    text = render_report(loads(injected_yaml()), "latex")
    (heading,) = [line for line in text.splitlines() if line.startswith("\\section*{")]
    assert heading.endswith("}")
    assert heading == "\\section*{Title \\textbackslash{}section\\{x\\} \\# TAIL}"


# -- D13: diff and a coding without a coder --------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "plain"])
def test_d13_diff_never_prints_coder_nan(fmt: str) -> None:
    from posmatrix import diff, loads

    old = loads(YAML)
    new = loads(
        YAML.replace(
            "{issue: i1, stance: 2, quote: Q one}", "{issue: i1, stance: 1, quote: Q one}"
        ).replace(
            "{issue: i2, stance: -2, quote: Q two}",
            "{issue: i2, stance: -2, quote: Q two, coder: ann}",
        )
    )
    text = diff(old, new).render(fmt)
    assert "nan" not in text
    assert "coder ann" in text.replace("`", "")  # the coder that exists is still named


# -- D14: CSV line numbers after a quoted field spanning lines ------------------------------


def test_d14_problems_name_the_line_a_row_starts_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        HEADER  # line 1
        + 's1,author,i1,1,"a quote\nover three\nlines"\n'  # lines 2-4
        + "s1,author,i2,9,q\n"  # line 5: stance off the scale
        + 's2,author,i1,1,"two\r\nlines"\n'  # lines 6-7
        + "s2,author,i2,x,q\n",  # line 8
        encoding="utf-8",
        newline="",
    )
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    # the table declares no scale, so the off-scale 9 is first reported at the stance
    # header (issue 22), then at the line its row starts on
    assert err.splitlines() == [
        f"{path}:1:4: stances 9 lie outside the default scale -2..2, and the table "
        "declares no scale; declare it: --scale -2:9 on the command line, "
        "scale=posmatrix.Scale(min=-2, max=9) in from_frame, or a YAML codebook with "
        "'scale:' and 'codings: <this file>'",
        f"{path}:5:4: stance: expected an integer from -2 to 2, got the integer 9",
        f"{path}:8:4: stance: expected an integer from -2 to 2, got the text 'x'",
    ]


def test_d14_codings_are_located_at_their_first_line(tmp_path: Path) -> None:
    from posmatrix import load

    path = tmp_path / "m.csv"
    path.write_text(
        HEADER + 's1,author,i1,1,"a\nb"\ns1,author,i2,1,q\n', encoding="utf-8", newline=""
    )
    assert [c.where.line for c in load(path).codings if c.where] == [2, 4]


# -- D7: SIGTERM while writing -----------------------------------------------------------------

SIGTERM_WHILE_WRITING = """
import os, signal, sys
import posmatrix.atomic as atomic
real_fsync = os.fsync
def fsync(fd):  # the temporary file is complete, the rename not done: now SIGTERM
    os.kill(os.getpid(), signal.SIGTERM)
    real_fsync(fd)
atomic.os.fsync = fsync
from posmatrix.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("command", ["report", "brief"])
def test_d7_sigterm_leaves_no_temporary_file(tmp_path: Path, command: str) -> None:
    out = tmp_path / ("out.md" if command == "report" else "out.xlsx")
    result = subprocess.run(
        [sys.executable, "-c", SIGTERM_WHILE_WRITING, command, "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    no_crash(result.stderr)
    assert result.returncode == 143, result.stderr
    assert list(tmp_path.iterdir()) == []  # neither the output nor .out.*.tmp


# -- D11: scale precision ------------------------------------------------------------------------


@pytest.mark.parametrize(("lo", "hi"), [(-(10**21), -(10**21) + 1000), (10**6, 10**6 + 10)])
def test_d11_scale_beyond_exact_arithmetic_is_refused(lo: int, hi: int) -> None:
    from posmatrix import Scale

    with pytest.raises(ValueError, match="expected an integer from -10,000 to 10,000"):
        Scale(lo, hi)


def test_d11_scale_at_the_bound_computes_exactly() -> None:
    from posmatrix import agreement, loads

    text = YAML.replace("title: T\n", "title: T\nscale: {min: 9000, max: 10000}\n")
    text = text.replace("stance: 2,", "stance: 10000,").replace("stance: -2,", "stance: 9000,")
    text = text.replace("stance: 1,", "stance: 9500,")
    a = agreement(loads(text), "cityblock", holder="author")
    # s1 (10000, 9000) vs s2 (9000, 10000): |diffs| 1000 and 1000 over range 1000 -> 0
    assert a.loc["s1", "s2"] == 0.0


# -- D9: look-alike ids -----------------------------------------------------------------


def test_d9_nfc_and_nfd_are_one_id() -> None:
    from posmatrix import loads

    text = YAML.replace("{id: i1,", '{id: "caf\\u00e9",').replace(
        "{issue: i1, stance: 2", '{issue: "cafe\\u0301", stance: 2'
    )
    text = text.replace("{issue: i1,", '{issue: "caf\\u00e9",')
    ds = loads(text)
    assert next(iter(ds.issues)) == "caf\u00e9"
    assert {c.issue for c in ds.codings} == {"caf\u00e9", "i2"}


def test_d9_nfc_in_tables(tmp_path: Path) -> None:
    from posmatrix import DatasetError, load

    path = tmp_path / "t.csv"
    path.write_text(
        HEADER + "s1,author,caf\u00e9,1,q\ns1,author,cafe\u0301,2,q\n", encoding="utf-8"
    )
    with pytest.raises(DatasetError, match="coded twice"):  # one issue, coded twice
        load(path)


def test_d9_mixed_script_and_look_alike_ids_warn(capsys: pytest.CaptureFixture[str]) -> None:
    import warnings

    from posmatrix import loads
    from posmatrix.ids import IdWarning

    text = YAML.replace(
        "  - {id: ru, name: Russia}",
        '  - {id: russia, name: R}\n  - {id: "russi\\u0430", name: R2}',
    ).replace("      ru:", "      russia:")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loads(text)
    messages = [str(w.message) for w in caught if w.category is IdWarning]
    assert messages == [
        "actor id 'russi\\u0430' mixes scripts (CYRILLIC, LATIN), so it looks like an id in one "
        "script; write it in one script",
        "actor ids 'russia' and 'russi\\u0430' look alike but are different ids; rename one, "
        "or write both the same way",
    ]


def test_d9_cli_prints_the_warning_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        "w.yaml",
        YAML.replace("{id: ru,", '{id: "r\\u0443",').replace("      ru:", '      "r\\u0443":'),
    )
    assert main(["validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert err == (
        "posmatrix validate: warning: actor id 'r\\u0443' mixes scripts (CYRILLIC, LATIN), so "
        "it looks like an id in one script; write it in one script\n"
    )


def test_d9_did_you_mean_shows_the_escaped_form(tmp_path: Path) -> None:
    from posmatrix import DatasetError, loads

    text = YAML.replace("{id: i2,", '{id: "\\u0406\\u0032",')  # Cyrillic І + 2, issue "І2"
    text = text.replace("{issue: i2, stance: 2", '{issue: "I2", stance: 2')  # Latin I2
    with pytest.raises(DatasetError) as info:
        loads(text)
    messages = [p.message for p in info.value.problems]
    assert any("did you mean '\\u04062'? (written 'I2': a look-alike)" in m for m in messages), (
        messages
    )


# -- D4: memory bombs from small inputs ----------------------------------------------------------


def many_sources(n: int) -> str:
    lines = ["format: posmatrix/1", "title: Bomb", "issues:", "  - {id: i, proposition: P}"]
    lines.append("sources:")
    lines += [
        f"  - {{id: s{k}, title: T, stances: [{{issue: i, stance: {k % 5 - 2}, quote: q}}]}}"
        for k in range(n)
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "args",
    [
        ["report"],
        ["matrix"],
        ["gaps"],
    ],
)
def test_d4_voices_squared_is_refused_before_allocating(
    tmp_path: Path,
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 300 voices: 300² × 32 bytes = 2.88 MB, over a 1 MB limit (the 30,000-source file of
    # the issue asks for 28.8 GB against the default 1.5 GB the same way)
    monkeypatch.setenv("POSMATRIX_MAX_MEMORY", "1M")
    path = _write(tmp_path, "many.yaml", many_sources(300))
    before = digest(path)
    out = tmp_path / "b.xlsx"
    argv = [args[0], str(path), *(str(out) if a == "{out}" else a for a in args[1:])]
    assert main(argv) == 1
    err = capsys.readouterr().err
    no_crash(err)
    assert (
        "of 300 voices needs about 2.9 MB (300² cells × 32 bytes), over the limit of 1.0 MB" in err
    )
    assert "--holder" in err
    assert not out.exists()
    assert digest(path) == before


def test_d4_brief_past_the_memory_limit_builds_no_square_matrix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the voices x voices matrices would pass the limit, the briefing takes the
    blocked path (Findings.huge) instead of refusing: each voice's nearest and farthest
    voices, the input untouched."""
    import openpyxl

    monkeypatch.setenv("POSMATRIX_MAX_MEMORY", "1M")  # 300² × 32 bytes = 2.88 MB
    path = _write(tmp_path, "many.yaml", many_sources(300))
    before = digest(path)
    out = tmp_path / "b.xlsx"
    assert main(["brief", str(path), "-o", str(out), "--no-figures"]) == 0
    rows = list(openpyxl.load_workbook(out)["Agreement"].iter_rows(values_only=True))
    assert rows[0][2:4] == ("Nearest voice", "Agreement")
    listed = rows[1:]
    assert len(listed) == 300
    # source k stands at k % 5 - 2: 60 voices share each stance, so every nearest voice
    # agrees fully; the farthest is 4 points away (agreement 0) for stances ±2, 3 points
    # (0.25) for ±1 and 2 points (0.5) for 0
    assert {r[3] for r in listed} == {1}
    far = sorted(r[6] for r in listed)
    assert far == [0] * 120 + [0.25] * 120 + [0.5] * 60
    assert (listed[0][0], listed[0][2], listed[0][5]) == ("T [s0]", "T [s5]", "T [s4]")
    assert digest(path) == before


def test_d4_parquet_rows_are_counted_before_decoding(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    n = 200_000  # dictionary-encoded: a few KB on disk
    codes = pa.array([0] * n, pa.int32())
    table = pa.table(
        {
            "source": pa.DictionaryArray.from_arrays(codes, pa.array(["s"])),
            "holder": pa.DictionaryArray.from_arrays(codes, pa.array(["author"])),
            "issue": pa.DictionaryArray.from_arrays(codes, pa.array(["i"])),
            "stance": pa.array([1] * n, pa.int8()),
            "quote": pa.DictionaryArray.from_arrays(codes, pa.array(["q"])),
        }
    )
    path = tmp_path / "rows.parquet"
    pq.write_table(table, path, compression="zstd")
    assert path.stat().st_size < 100_000
    # --max-bytes 1000000 allows 50,000 rows: 200,000 are refused unread
    result = run_cli("validate", str(path), "--max-bytes", "1000000")
    no_crash(result.stderr)
    assert result.returncode == 1
    assert "holds 200,000 rows × 5 columns, more than the limit of 50,000 rows" in result.stderr


def test_d4_csv_symlinked_to_dev_zero_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    assert main(["validate", str(link)]) == 2
    assert "is not a regular file" in capsys.readouterr().err


def test_d4_csv_rows_are_bounded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "blank.csv", HEADER + "\n" * 5000)  # 5,001 lines in 5,033 bytes
    assert main(["validate", str(path), "--max-bytes", "20000"]) == 1  # 1,000 rows allowed
    assert "holds 5,001 rows" in capsys.readouterr().err
