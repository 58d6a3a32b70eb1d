"""The text document layer: one backend per format, one escaping rule per format, and
every text output built on it."""

from __future__ import annotations

import attrs
import pandas as pd
import pytest

import posmatrix
from posmatrix.changes import FORMATS as DIFF_FORMATS
from posmatrix.changes import diff
from posmatrix.render import BACKENDS, FORMATS, Document, escape
from posmatrix.report import REPORT_FORMATS, render_report


def test_every_format_has_one_backend() -> None:
    assert tuple(BACKENDS) == FORMATS
    assert REPORT_FORMATS == FORMATS
    assert set(DIFF_FORMATS) - {"json"} <= set(FORMATS)
    assert [BACKENDS[f].fmt for f in FORMATS] == list(FORMATS)


@pytest.mark.parametrize(
    ("fmt", "want"),
    [
        # worked out from each format's rule: Markdown escapes its inline syntax,
        # LaTeX its ten specials, HTML & < >, plain nothing
        ("markdown", r"50% \& \<b\> a\_b"),
        ("github", r"50% \& \<b\> a\_b"),
        ("latex", r"50\% \& <b> a\_b"),
        ("html", "50% &amp; &lt;b&gt; a_b"),
        ("plain", "50% & <b> a_b"),
    ],
)
def test_one_escaping_rule_per_format(fmt: str, want: str) -> None:
    assert escape("50% & <b> a_b", fmt) == want
    assert BACKENDS[fmt].esc("50% & <b> a_b") == want


@pytest.mark.parametrize(
    ("fmt", "want"),
    [
        ("markdown", "## A \\& B\n\n- x\n  - y\n"),
        ("plain", "A & B\n-----\n\n- x\n  - y\n"),
        ("html", "<h2>A &amp; B</h2>\n\n<ul>\n<li>x<ul><li>y</li></ul></li>\n</ul>"),
    ],
)
def test_blocks_by_backend(fmt: str, want: str) -> None:
    doc = Document(fmt)
    doc.heading("A & B", 2)
    doc.nested([("x", ["y"])])
    assert want in doc.text("t")


def test_empty_table_says_none() -> None:
    doc = Document("plain")
    doc.table(pd.DataFrame({"a": []}))
    assert doc.text("t") == "(none)\n"


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The escaping rule, marked: text that passed it shows as «text»."""
    import posmatrix.render.backends as backends

    rule = backends.escape

    def mark(text: str, fmt: str, *, line_start: bool = False) -> str:
        return "«" + rule(text, fmt, line_start=line_start) + "»"

    monkeypatch.setattr(backends, "escape", mark)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.usefixtures("marked")
def test_the_report_goes_through_the_document_layer(fmt: str) -> None:
    ds = posmatrix.example()
    text = render_report(ds, fmt)
    # the voice quoted first at the low end of the most contested issue is attributed
    # through the format's rule
    issues = posmatrix.gaps(ds).issues
    first = issues[issues["contested"]].iloc[0]
    assert f"«{first['low_voices'][0]}»" in text


@pytest.mark.parametrize("fmt", ["markdown", "github", "plain"])
@pytest.mark.usefixtures("marked")
def test_the_diff_goes_through_the_document_layer(fmt: str) -> None:
    ds = posmatrix.example()
    new = attrs.evolve(ds, codings=ds.codings[:-1])
    text = diff(ds, new).render(fmt)
    removed = ds.codings[-1]
    assert f"«{removed.source}»" in text  # the removed coding's source, escaped once
