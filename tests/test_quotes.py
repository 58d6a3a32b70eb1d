"""Tests of posmatrix.quotes: finding quotes in source texts, locating misses, safe paths."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posmatrix.cli import main
from posmatrix.errors import Location, UsageError
from posmatrix.model import Coding, Dataset, Issue, Source
from posmatrix.quotes import normalise, verify_quotes

ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "articles"
DATASET = Path(__file__).resolve().parents[1] / "data" / "positions.yaml"


def make(
    quotes: list[str],
    file: str | None = "a.txt",
    *,
    quote_where: Location | None = None,
    where: Location | None = None,
) -> Dataset:
    """One source with one author coding per quote (each on its own issue)."""
    issues = {f"i{k}": Issue(f"i{k}", "p") for k in range(len(quotes))}
    codings = [
        Coding("s", "author", f"i{k}", 1, q, where=where, quote_where=quote_where)
        for k, q in enumerate(quotes)
    ]
    source = Source("s", "S", file=file, where=Location("d.yaml", 7, 5))
    return Dataset(title="t", issues=issues, sources={"s": source}, codings=codings)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- normalise -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trump’s win", "Trump's win"),
        ("“No”, he said", '"No", he said'),
        ("a\u00a0b", "a b"),
        ("  a \n\t b  ", "a b"),
        ("end—the war – now‑here", "end-the war - now-here"),
        ("plain text", "plain text"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@given(st.text(max_size=60))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert "  " not in once
    assert once == once.strip()


# -- found -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Trump’s progress has stalled.", "Trump's progress has stalled."),
        ("Trump's progress has stalled.", "Trump’s progress has stalled."),
        ("a “reassurance force” of troops", 'a "reassurance force" of troops'),
        ("the talks\n  have   stalled", "the talks have stalled"),
        ("the talks have stalled", "the  talks\nhave stalled"),
        ("no\u00a0deal", "no deal"),
        ("must follow — not precede — talks", "must follow - not precede - talks"),
        ("fighting – its leverage – until", "fighting — its leverage — until"),
        ("Ukraine will not join NATO, and forces will stay out.", "Ukraine will … stay out."),
        ("Ukraine will not join NATO, and forces will stay out.", "Ukraine will ... stay out."),
    ],
)
def test_quote_found_despite_typography(tmp_path: Path, text: str, quote: str) -> None:
    write(tmp_path, "a.txt", "Intro line.\n\n" + text + "\n")
    report = verify_quotes(make([quote]), tmp_path)
    assert report.misses == ()
    assert (report.checked, report.found, report.unchecked) == (1, 1, 0)
    assert report.ok
    assert report.summary() == "1 of 1 quotes found"


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Russia has little interest", "russia has little interest"),  # case matters
        ("Russia has little interest", "Russia has no interest"),
        ("first part, then second part", "second part … first part"),  # order of parts
        ("short", "short but longer"),
    ],
)
def test_quote_not_found(tmp_path: Path, text: str, quote: str) -> None:
    write(tmp_path, "a.txt", text)
    report = verify_quotes(make([quote]), tmp_path)
    assert (report.checked, report.found) == (1, 0)
    assert [m.kind for m in report.misses] == ["not-found"]
    assert not report.ok


# -- misses: location and closest passage ----------------------------------------------

TEXT = (
    "Headline of the piece\n"
    "\n"
    "Bringing peace has proved difficult. Russia has little interest in an early\n"
    "ceasefire, and it views the tariff threat as empty.\n"
    "\n"
    "The West lacks sufficient leverage to force Russia into an immediate ceasefire.\n"
)


def test_miss_is_located_at_the_quote_with_the_closest_passage(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    at = Location("data.yaml", 42, 16)
    ds = make(
        ["The West lacks the leverage to force Russia into an immediate ceasefire."],
        quote_where=at,
        where=Location("data.yaml", 40, 9),
    )
    (miss,) = verify_quotes(ds, tmp_path).misses
    assert miss.where == at
    expected = "The West lacks sufficient leverage to force Russia into an immediate ceasefire."
    assert miss.closest == expected
    assert miss.closest_line == 6
    assert miss.similarity is not None
    assert 0.85 < miss.similarity < 1
    problem = str(miss.problem())
    assert problem.startswith(
        "data.yaml:42:16: quote of 'author' on issue 'i0' not found in 'a.txt'"
    )
    assert f'closest passage (line 6, {miss.similarity:.0%} similar): "{expected}"' in problem


def test_closest_passage_spanning_lines_is_shown_as_in_the_file(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    (miss,) = verify_quotes(
        make(["Russia has little interest in a quick ceasefire"]), tmp_path
    ).misses
    assert miss.closest == "Russia has little interest in an early\nceasefire,"
    assert miss.closest_line == 3


def test_miss_falls_back_to_the_coding_location(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    at = Location("data.yaml", 40, 9)
    (miss,) = verify_quotes(make(["Bringing war has proved easy."], where=at), tmp_path).misses
    assert miss.where == at
    assert str(miss.problem()).startswith("data.yaml:40:9: ")
    assert miss.closest == "Bringing peace has proved difficult."


def test_miss_sharing_no_word_has_no_closest_passage(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    (miss,) = verify_quotes(make(["zzz qqq"]), tmp_path).misses
    assert (miss.closest, miss.closest_line, miss.similarity) == (None, None, None)
    assert "shares no word" in miss.message


def test_only_missing_quotes_are_reported_in_file_order(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    quotes = ["Headline of the piece", "not there at all", "an immediate ceasefire.", "nor this"]
    codings = [
        Coding("s", "author", f"i{k}", 1, q, quote_where=Location("d.yaml", 10 * (4 - k), 3))
        for k, q in enumerate(quotes)
    ]
    ds = make(quotes)
    ds = Dataset(title="t", issues=ds.issues, sources=ds.sources, codings=codings)
    report = verify_quotes(ds, tmp_path)
    assert (report.checked, report.found) == (4, 2)
    assert [m.coding.quote for m in report.misses if m.coding] == ["nor this", "not there at all"]


# -- files: escapes, missing, unreadable, absent ---------------------------------------


@pytest.mark.parametrize(
    "file",
    [
        "../outside.txt",
        "sub/../../outside.txt",
        "..\\outside.txt",
        "/etc/hostname",
        "C:/texts/a.txt",
        "",
    ],
)
def test_file_leaving_the_texts_folder_is_refused(tmp_path: Path, file: str) -> None:
    texts = tmp_path / "texts"
    write(texts, "sub/a.txt", "Secret words.")
    write(tmp_path, "outside.txt", "Secret words.")
    report = verify_quotes(make(["Secret words."], file=file), texts)
    (miss,) = report.misses
    assert miss.kind == "unsafe-file"
    assert miss.where == Location("d.yaml", 7, 5)
    assert str(miss.problem()).startswith("d.yaml:7:5: source 's': 'file' ")
    assert (report.checked, report.found) == (0, 0)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_symlink_escaping_the_texts_folder_is_refused(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    write(tmp_path, "outside.txt", "Secret words.")
    os.symlink(tmp_path / "outside.txt", texts / "link.txt")
    os.symlink(tmp_path, texts / "up")
    for file in ("link.txt", "up/outside.txt"):
        (miss,) = verify_quotes(make(["Secret words."], file=file), texts).misses
        assert miss.kind == "unsafe-file"
        assert "outside" in miss.message
        assert "symbolic link" in miss.message


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_symlink_inside_the_texts_folder_is_followed(tmp_path: Path) -> None:
    write(tmp_path, "sub/real.txt", "Inside words.")
    os.symlink(tmp_path / "sub" / "real.txt", tmp_path / "link.txt")
    report = verify_quotes(make(["Inside words."], file="link.txt"), tmp_path)
    assert report.ok
    assert report.found == 1


def test_missing_text_file_is_a_located_problem(tmp_path: Path) -> None:
    report = verify_quotes(make(["a", "b"], file="nope.txt"), tmp_path)
    (miss,) = report.misses  # one problem per source, not one per quote
    assert miss.kind == "missing-file"
    assert str(miss.problem()).startswith("d.yaml:7:5: source 's': text file 'nope.txt' not found")
    assert report.checked == 0


def test_text_file_not_utf8_is_a_located_problem(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("caf\u00e9".encode("latin-1"))
    (miss,) = verify_quotes(make(["café"]), tmp_path).misses
    assert miss.kind == "unreadable-file"
    assert "UTF-8" in miss.message


def test_source_without_file_is_noted_not_failed(tmp_path: Path) -> None:
    report = verify_quotes(make(["a", "b", "c"], file=None), tmp_path)
    assert report.ok
    assert (report.checked, report.found, report.unchecked) == (0, 0, 3)
    assert report.notes == (
        "d.yaml:7:5: note: source 's' has no 'file'; its 3 quote(s) were not checked",
    )
    assert report.summary() == "0 of 0 quotes found; 3 not checked (source without 'file')"


def test_texts_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist or is not a folder"):
        verify_quotes(make(["a"]), tmp_path / "missing")


# -- properties ------------------------------------------------------------------------

WORDS = st.lists(
    st.sampled_from(["peace", "Ukraine’s", "“force”", "war", "—", "talks,", "NATO", "it's"]),
    min_size=3,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(WORDS, st.data())
def test_any_passage_is_found_whatever_its_spacing_and_quote_marks(
    words: list[str], data: st.DataObject
) -> None:
    import tempfile

    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    gaps = data.draw(st.lists(st.sampled_from([" ", "\n", "  ", "\u00a0", "\t"]), min_size=j - i))
    passage = "".join(w + g for w, g in zip(words[i:j], gaps, strict=False)).strip()
    quote = passage.replace("’", "'").replace("“", '"').replace("”", '"').replace("—", "-")
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), "a.txt", "\n".join(" ".join(words[k : k + 4]) for k in range(0, 99, 4)))
        report = verify_quotes(make([quote]), folder)
    assert report.ok, report.misses


# -- command line ----------------------------------------------------------------------

YAML = """\
format: posmatrix/1
title: t
issues:
  - id: i
    proposition: p
  - id: j
    proposition: q
sources:
  - id: s
    title: S
    file: a.txt
    stances:
      - issue: i
        stance: 1
        quote: "Russia has little interest in an early ceasefire"
      - issue: j
        stance: -1
        quote: "{second}"
"""


@pytest.mark.parametrize(
    ("second", "status"),
    [("The West lacks sufficient leverage", 0), ("The West lacks any leverage", 1)],
)
def test_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], second: str, status: int
) -> None:
    write(tmp_path, "texts/a.txt", TEXT)
    data = write(tmp_path, "d.yaml", YAML.format(second=second))
    assert main(["verify-quotes", str(data), "--texts", str(tmp_path / "texts")]) == status
    out, err = capsys.readouterr()
    if status == 0:
        assert out == f"{data}: 2 of 2 quotes found\n"
        assert err == ""
    else:
        first, summary = err.splitlines()
        # the second quote's value starts on line 18, column 16 of the YAML
        assert first.startswith(f"{data}:18:16: quote of 'author' on issue 'j' not found")
        assert "closest passage (line 6, " in first
        assert '"The West lacks sufficient leverage"' in first
        assert summary == f"{data}: 1 of 2 quotes found; 1 problem(s)"


def test_command_without_texts_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write(tmp_path, "d.yaml", YAML.format(second="x"))
    assert main(["verify-quotes", str(data), "--texts", str(tmp_path / "none")]) == 2
    assert "does not exist or is not a folder" in capsys.readouterr().err


# -- the bundled dataset ---------------------------------------------------------------

needs_articles = pytest.mark.skipif(not ARTICLES.is_dir(), reason="shared/articles not present")


@needs_articles
def test_bundled_dataset_quotes_are_all_found_in_the_main_texts() -> None:
    from posmatrix.loading import load

    ds = load(DATASET)
    report = verify_quotes(ds, ARTICLES)
    assert report.misses == ()
    assert report.found == report.checked == len(ds.codings) >= 100
    # none from page furniture: every quote lies before the "Top photo/image credit" line,
    # and none from the photo captions and credits inside file 004
    for c in ds.codings:
        file = ds.sources[c.source].file
        assert file is not None
        raw = (ARTICLES / file).read_text(encoding="utf-8")
        end = re.search(r"^Top (photo|image) credit", raw, re.M)
        main_text = raw[: end.start()] if end else raw
        one = make([c.quote], file=file)
        assert verify_quotes(one, ARTICLES).ok
        assert normalise(c.quote) in normalise(main_text), (c.source, c.holder, c.issue)
        lines = main_text.splitlines()
        if file.startswith("004_"):
            captions = [lines[k - 1] for k in (9, 10, 19, 20)]
            assert not any(normalise(c.quote) in normalise(cap) for cap in captions)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.from_regex(r"[a-z]{2,7}", fullmatch=True), min_size=8, max_size=60, unique=True),
    st.data(),
)
def test_closest_passage_of_a_one_word_change_is_the_original_passage(
    words: list[str], data: st.DataObject
) -> None:
    import tempfile

    i = data.draw(st.integers(0, len(words) - 5))
    j = data.draw(st.integers(i + 5, min(len(words), i + 40)))
    k = data.draw(st.integers(i + 1, j - 2))  # an inner word, so the span is unambiguous
    quote = " ".join([*words[i:k], "ZZZ", *words[k + 1 : j]])
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), "a.txt", "\n".join(" ".join(words[m : m + 7]) for m in range(0, 60, 7)))
        (miss,) = verify_quotes(make([quote]), folder).misses
    assert miss.closest is not None
    assert miss.closest.split() == words[i:j]


def test_codings_without_a_quote_are_skipped_and_counted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("No NATO, ever.", encoding="utf-8")
    ds = Dataset(
        title="T",
        issues=[Issue("i", "P."), Issue("j", "Q.")],
        sources=[Source("s", "S", file="a.txt")],
        codings=[
            Coding("s", "author", "i", 2, "No NATO, ever."),
            Coding("s", "author", "j", 1, ""),
        ],
        evidence="optional",
    )
    report = verify_quotes(ds, tmp_path)
    assert (report.checked, report.found, report.quoteless) == (1, 1, 1)
    assert report.ok
    assert report.summary() == "1 of 1 quotes found; 1 coding(s) without a quote skipped"


# -- issue 16, D10: resources ---------------------------------------------------------------


def _reference_normalise_mapped(text: str) -> tuple[str, list[int]]:
    """The per-character loop the vectorised normaliser replaced."""
    quotes = {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            where.append(i - 1)
            space = False
        out.append(quotes.get(ch, ch))
        where.append(i)
    return "".join(out), where


@given(st.text(alphabet=st.sampled_from(list("ab “’—\n\t\u00a0\u3000\u2029x.é😀")), max_size=60))
def test_vectorised_normalisation_equals_the_loop(text: str) -> None:
    from posmatrix.quotes import _normalise_mapped

    norm, where = _normalise_mapped(text)
    assert (norm, where.tolist()) == _reference_normalise_mapped(text)


def test_a_fifo_as_text_file_is_unreadable_not_a_hang(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "a.txt")
    report = verify_quotes(make(["No NATO."]), tmp_path)
    (miss,) = report.misses
    assert miss.kind == "unreadable-file"
    assert "is not a regular file" in miss.message


def test_a_long_missing_quote_gets_a_bounded_closest_passage(tmp_path: Path) -> None:
    words = [f"w{k}" for k in range(2000)]
    (tmp_path / "a.txt").write_text(" ".join(words), encoding="utf-8")
    quote = " ".join(words[100:20100:1][:1900]) + " missing"  # 1,901 words, not in the text
    report = verify_quotes(make([quote]), tmp_path)
    (miss,) = report.misses
    assert miss.kind == "not-found"
    # the search uses the quote's first 200 words: the passage starts where they do
    assert miss.closest is not None
    assert miss.closest.startswith("w100 w101")


def test_a_repetitive_quote_is_bounded(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("the " * 5000 + "end", encoding="utf-8")
    report = verify_quotes(make(["the " * 10_000 + "nope"]), tmp_path)
    (miss,) = report.misses
    assert miss.kind == "not-found"
    assert miss.closest is not None
    assert miss.closest.startswith("the the")
