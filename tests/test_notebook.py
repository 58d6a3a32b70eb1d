"""Tests of posmatrix.notebook: every result shows itself in Jupyter, safely.

Values are worked out by hand from the small datasets below (comments show how); the
HTML is read back with Python's html.parser (tests/htmlcheck.py): well-formed, no
script element, and every hostile text shown as text.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import attrs
import pandas as pd
import pytest
from htmlcheck import HOSTILE_TEXTS, check_page, hostile

import posmatrix
from posmatrix.analysis import camps
from posmatrix.htmlparts import QUOTE_WIDTH
from posmatrix.notebook import MAX_QUOTES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"

SMALL = """\
format: posmatrix/1
title: Two sources
version: "3"
issues:
  - {id: a, proposition: A should happen.}
  - {id: b, proposition: B should happen.}
actors:
  - {id: russia, name: Russian government}
sources:
  - id: s1
    title: First
    stances:
      - {issue: a, stance: 2, quote: We want A.}
      - {issue: b, stance: 1, quote: B is fine.}
    reports:
      russia:
        - {issue: a, stance: -2, quote: Moscow rejects A.}
  - id: s2
    title: Second
    stances:
      - {issue: a, stance: -1, quote: A is doubtful.}
"""


@pytest.fixture(scope="module")
def small() -> posmatrix.Dataset:
    return posmatrix.loads(SMALL)


def _edited(ds: posmatrix.Dataset) -> posmatrix.Dataset:
    """s2's stance on a from -1 to +1, s1's coding on b dropped."""
    codings = list(ds.codings)
    codings[3] = attrs.evolve(codings[3], stance=1)
    del codings[1]
    return attrs.evolve(ds, codings=codings)


def _results(ds: posmatrix.Dataset) -> dict[str, object]:
    return {
        "Dataset": ds,
        "GapReport": posmatrix.gaps(ds),
        "Camps": posmatrix.camps(ds, 2),
        "Reliability": posmatrix.reliability(ds),
        "DatasetDiff": posmatrix.diff(ds, _edited(ds) if len(ds.codings) > 3 else ds),
    }


# -- plain repr ---------------------------------------------------------------------------


def test_dataset_repr(small: posmatrix.Dataset) -> None:
    assert repr(small) == "<Dataset 'Two sources' v3: 2 issues, 1 actor, 2 sources, 4 codings>"
    # the bundled dataset 2025.2: 22 issues, 5 actors, 5 sources, 110 codings (counted in
    # data/positions.yaml with yaml.safe_load)
    assert repr(posmatrix.example()) == (
        "<Dataset 'Talks to end the war in Ukraine, 2025' v2025.2: "
        "22 issues, 5 actors, 5 sources, 110 codings>"
    )


def test_gaps_repr(small: posmatrix.Dataset) -> None:
    # a: s1 +2, s1/russia -2, s2 -1: both sides, contested; b: s1 alone, not contested.
    # One actor: no pair of actors, no red line.
    assert repr(posmatrix.gaps(small)) == (
        "<GapReport 'Two sources': 1 of 2 issues contested, 0 red lines; holders author, russia>"
    )


def test_camps_repr() -> None:
    # w = x and y = z (distance 0 within, > 0 between: every silhouette is 1);
    # n took only neutral positions and is set aside
    s = pd.DataFrame(
        {"a": [2, 2, -2, -2, 0], "b": [1, 1, -2, -2, 0], "c": [2, 2, -1, -1, 0]},
        index=["w", "x", "y", "z", "n"],
    )
    c = camps(s, 2)
    assert repr(c) == "<Camps k=2: sizes 2, 2; 1 set aside; 2 clear camps (silhouette 1.00)>"
    page = check_page(c._repr_html_())
    assert "w, x" in page.all_text
    assert "y, z" in page.all_text
    assert "set aside" in page.all_text


def test_reliability_repr(small: posmatrix.Dataset) -> None:
    # docs/examples/README.md gives these values for double-coded.yaml
    r = posmatrix.reliability(posmatrix.load(EXAMPLES / "double-coded.yaml"))
    assert repr(r) == (
        "<Reliability 2 coders, 15 cells: alpha ordinal 0.884, interval 0.892; 5 disagreements>"
    )
    # no coder named: one (unnamed) coder, nothing to compare
    assert repr(posmatrix.reliability(small)) == (
        "<Reliability 1 coder: no cell coded by two or more>"
    )


def test_diff_repr(small: posmatrix.Dataset) -> None:
    # a changed (s2 -1 -> +1), b removed; agreement moves for s1~s2 (.25 -> .75) and
    # s1/russia~s2 (.75 -> .25); s1~s1/russia stays (a only, 2 vs -2)
    d = posmatrix.diff(small, _edited(small))
    assert repr(d) == (
        "<DatasetDiff <string> → <string>: codings: 1 changed, 1 removed; "
        "agreement moved for 2 pairs>"
    )
    assert repr(posmatrix.diff(small, small)) == "<DatasetDiff <string> → <string>: no differences>"


def test_attrs_fields_still_compare(small: posmatrix.Dataset) -> None:
    # the repr is ours, the rest of attrs' class is untouched
    assert small == posmatrix.loads(SMALL)
    assert "codings=" not in repr(small)


# -- HTML ---------------------------------------------------------------------------------


def test_dataset_html(small: posmatrix.Dataset) -> None:
    page = check_page(small._repr_html_())
    text = page.all_text
    assert "Two sources" in text
    assert "version 3" in text
    # 4 codings by 3 voices: s1, s2 (own) and s1/russia (attributed)
    assert "4 codings by 3 voices (2 sources' own, 1 attributed to actors)" in text
    assert "A should happen." in text
    assert "Russian government" in text
    # the scale legend in the workbook's colours: -2 red end, +2 blue end
    html = small._repr_html_()
    assert 'style="background:#D6604D"' in html
    assert 'style="background:#4393C3"' in html


def test_gaps_html_shows_the_poles_with_their_quotes(small: posmatrix.Dataset) -> None:
    page = check_page(posmatrix.gaps(small)._repr_html_())
    text = page.all_text
    # issue a: at -2 s1/russia, at +2 s1; s2 (-1) is at neither pole
    assert "Moscow rejects A." in text
    assert "We want A." in text
    assert "A is doubtful." not in text
    # 3 voices, 1 support, 2 oppose: polarization 2 * min(1, 2) / 3 = 67%
    assert "3 voices: 1 support, 0 neutral or mixed, 2 oppose; polarization 67%" in text
    assert "1 of 2 issues are contested" in text


def test_gaps_html_is_bounded() -> None:
    # six sources at +2 on one issue, one at -2: the +2 pole shows MAX_QUOTES of six
    long = "word " * 200
    sources = "".join(
        f"  - id: s{i}\n    title: S{i}\n    stances:\n"
        f"      - {{issue: a, stance: 2, quote: 'q{i} {long}'}}\n"
        for i in range(6)
    )
    ds = posmatrix.loads(
        "format: posmatrix/1\ntitle: T\nissues:\n  - {id: a, proposition: A.}\nsources:\n"
        + sources
        + "  - id: n\n    title: N\n    stances:\n      - {issue: a, stance: -2, quote: No.}\n"
    )
    page = check_page(posmatrix.gaps(ds)._repr_html_())
    text = page.all_text
    assert MAX_QUOTES == 3
    assert all(f"q{i} word" in text for i in range(3))
    assert not any(f"q{i} word" in text for i in range(3, 6))
    assert "… and 3 more at this pole" in text
    shown = next(chunk for chunk in page.text if chunk.startswith("q0 "))
    assert len(shown) <= QUOTE_WIDTH
    assert shown.endswith("…")


def test_reliability_html_lists_the_disagreements() -> None:
    r = posmatrix.reliability(posmatrix.load(EXAMPLES / "double-coded.yaml"))
    page = check_page(r._repr_html_())
    text = page.all_text
    assert "0.884" in text
    assert "0.892" in text
    assert "66.7%" in text
    # one of the five disagreeing cells (docs/examples/double-coded.yaml): ann +1, ben +2
    assert "Membership can wait; it should not block a deal." in text
    assert "Kyiv should give up its NATO ambitions for good." in text


def test_diff_html(small: posmatrix.Dataset) -> None:
    page = check_page(posmatrix.diff(small, _edited(small))._repr_html_())
    text = page.all_text
    assert "-1 → +1" in text  # s2 on a
    assert "+1 → –" in text  # s1 on b, removed
    assert "B is fine." in text
    empty = check_page(posmatrix.diff(small, small)._repr_html_())
    assert "No differences" in empty.all_text


@pytest.mark.parametrize("name", ["Dataset", "GapReport", "Camps", "Reliability", "DatasetDiff"])
@pytest.mark.parametrize("which", ["bundled", "hostile"])
def test_every_result_renders_well_formed_and_escaped(name: str, which: str) -> None:
    ds = posmatrix.example() if which == "bundled" else hostile()
    result = _results(ds)[name]
    source = result._repr_html_()  # type: ignore[attr-defined]
    page = check_page(source)
    assert page.all_text.strip()
    rep = repr(result)
    assert rep.startswith(f"<{name} ")
    assert rep.endswith(">")
    assert "\n" not in rep
    if which == "hostile":
        # the texts of each result that the reader should see, as text
        expected = {
            "Dataset": [HOSTILE_TEXTS[0], HOSTILE_TEXTS[1]],
            "GapReport": [HOSTILE_TEXTS[1], HOSTILE_TEXTS[2], HOSTILE_TEXTS[4], HOSTILE_TEXTS[5]],
            "Camps": ["s<script>", "t"],
            "Reliability": [HOSTILE_TEXTS[2], HOSTILE_TEXTS[3], "<b>c</b>"],
            # _edited drops the second coding and changes the fourth
            "DatasetDiff": [HOSTILE_TEXTS[3], HOSTILE_TEXTS[5]],
        }[name]
        for text in expected:
            assert text in page.all_text
        assert "{{ title }}" not in source or "{{ title }}" in page.all_text


def test_hostile_attribute_breakout_stays_in_its_attribute() -> None:
    # a quote made to close a title attribute: the stance chip's title holds the label only,
    # the quote is element text; no on* attribute appears anywhere
    source = posmatrix.gaps(hostile())._repr_html_()
    assert not re.search(r"\son\w+\s*=", source.replace("&quot; onmouseover=&quot;", ""))
    assert "&quot; onmouseover=&quot;alert(1)" in source


def test_nan_numbers_render() -> None:
    # a single voice: no pair, agreement and polarization undefined
    ds = posmatrix.loads(
        "format: posmatrix/1\ntitle: One\nissues:\n  - {id: a, proposition: A.}\n"
        "sources:\n  - id: s\n    title: S\n    stances:\n"
        "      - {issue: a, stance: 1, quote: Yes.}\n"
    )
    c = posmatrix.camps(ds, 1)
    assert math.isnan(c.polarization)
    # one position is too few: the voice is set aside and no camp is left
    assert repr(c) == "<Camps k=0: sizes –; 1 set aside; no clear camps (fewer than two camps)>"
    check_page(c._repr_html_())
    check_page(posmatrix.gaps(ds)._repr_html_())


# -- the example notebook -----------------------------------------------------------------


@pytest.mark.slow
def test_walkthrough_notebook_runs() -> None:
    """docs/examples/walkthrough.ipynb runs top to bottom, in this interpreter's kernel."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    path = EXAMPLES / "walkthrough.ipynb"
    nb = nbformat.read(path, as_version=4)
    # stored without outputs, so the file never shows stale results
    assert all(c.get("outputs", []) == [] for c in nb.cells if c.cell_type == "code")
    assert all(c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    # "python3" is ipykernel's own kernel; jupyter_client starts it with sys.executable
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(EXAMPLES)}}
    )
    client.execute()
    html = [
        o["data"]["text/html"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "text/html" in o.get("data", {})
    ]
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    # dataset, stances, agreement, gaps, red lines (pandas), camps, reliability, diff,
    # deal space, deal space without blocking, timeline and moves (pandas)
    assert len(html) == 12
    # the position map shows inline, once
    images = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/png" in o.get("data", {})
    ]
    assert len(images) == 1
    for source in html:
        check_page(source)
    joined = "\n".join(html)
    assert "Talks to end the war in Ukraine, 2025" in joined
    assert "Disagreements to adjudicate (5 cells" in joined
    assert "codings: 1 changed, 1 removed" in joined
    # the bundled deal space of these four parties: 3 blocking issues (see test above)
    assert "No feasible package: 3 issues block every package" in joined
    assert "Codebook check: " in joined


# -- DealSpace ----------------------------------------------------------------------------

DEAL = """\
format: posmatrix/1
title: Two parties
issues:
  - {id: truce, proposition: A truce should come first.}
  - {id: border, proposition: The border should follow the front line.}
actors: [{id: east, name: East & Co}, {id: west, name: West}]
sources:
  - id: s
    title: S
    reports:
      east:
        - {issue: truce, stance: -2, quote: East rejects a truce.}
        - {issue: border, stance: 1, quote: East could live with the line.}
      west:
        - {issue: truce, stance: 2, quote: West insists on a truce.}
        - {issue: border, stance: 2, quote: West wants the line.}
"""


@pytest.fixture(scope="module")
def deal() -> posmatrix.DealSpace:
    return posmatrix.deal_space(posmatrix.loads(DEAL), ["east", "west"])


def test_deal_space_repr_blocked(deal: posmatrix.DealSpace) -> None:
    # no marks, 5-point scale: red lines are stances at an end (±2). truce: east -2 needs
    # it rejected, west +2 needs it adopted, so both outcomes cross a red line: it blocks,
    # and no package is feasible. border: west +2 needs adoption; east +1 has no red line.
    assert repr(deal) == (
        "<DealSpace east, west on 2 issues: no feasible package; 1 blocking issue: truce>"
    )


def test_deal_space_html_blocked(deal: posmatrix.DealSpace) -> None:
    page = check_page(deal._repr_html_())
    text = page.all_text
    assert "No feasible package: 1 issue block every package" in text
    # adopting the truce crosses east's red line, rejecting it west's
    assert "Adopting it crosses the red line of East & Co; rejecting it that of West." in text
    assert "East rejects a truce." in text
    assert "West insists on a truce." in text
    # border is coded by both but is no red-line clash: its quotes are not evidence here
    assert "West wants the line." not in text
    # the zone issue by issue: truce neither, border adopted only (rejecting crosses West)
    assert "neither: blocks" in text
    assert "adopted only" in text
    assert "East & Co (east)" in text


def test_deal_space_without_blocking(deal: posmatrix.DealSpace) -> None:
    # border alone: adopted is the only feasible outcome, 1 package. Utility = weight 1 ×
    # (stance − midpoint 0): east +1, west +2; total 3, maximin 1 (east least satisfied)
    rest = deal.without_blocking()
    assert rest is not None
    assert repr(rest) == (
        "<DealSpace east, west on 1 issue: 1 feasible package; "
        "best by total and maximin: #1 (total 3, maximin 1)>"
    )
    page = check_page(rest._repr_html_())
    text = page.all_text
    assert "1 feasible package (all scored)" in text
    rows = [cell for cell in page.text if cell.strip()]
    # best by total: package 1, total 3, maximin 1, least satisfied East & Co, adopts border
    i = rows.index("best by total and maximin")
    assert rows[i : i + 7] == [
        *("best by total and maximin", "1", "3", "1"),
        *("East & Co", "border", "nothing"),
    ]


def test_deal_space_best_by_total_and_by_maximin_differ() -> None:
    # z: east +2 (a red line: z must be adopted), west -1. x: east +1; west -1 in s and
    # 0 in s2, median -0.5. Utility = weight 1 × stance (midpoint 0), adoption; negated
    # for rejection. z adopted gives east +2, west -1. Two packages (x is free):
    #   x adopted: east 1 + 2 = 3, west -0.5 - 1 = -1.5: total 1.5, maximin -1.5
    #   x rejected: east -1 + 2 = 1, west 0.5 - 1 = -0.5: total 0.5, maximin -0.5
    # so #1 (ordered by total) is best by total, #2 best by maximin
    ds = posmatrix.loads(
        "format: posmatrix/1\ntitle: T\nissues:\n  - {id: x, proposition: X.}\n"
        "  - {id: z, proposition: Z.}\n"
        "actors: [{id: east, name: East}, {id: west, name: West}]\n"
        "sources:\n  - id: s\n    title: S\n    reports:\n"
        "      east:\n        - {issue: x, stance: 1, quote: ex}\n"
        "        - {issue: z, stance: 2, quote: ez}\n"
        "      west:\n        - {issue: x, stance: -1, quote: wx}\n"
        "        - {issue: z, stance: -1, quote: wz}\n"
        "  - id: s2\n    title: S2\n    reports:\n"
        "      west:\n        - {issue: x, stance: 0, quote: wx2}\n"
    )
    space = posmatrix.deal_space(ds, ["east", "west"])
    assert repr(space) == (
        "<DealSpace east, west on 2 issues: 2 feasible packages; "
        "best by total: #1 (total 1.5, maximin -1.5); best by maximin: #2 (total 0.5, "
        "maximin -0.5)>"
    )
    page = check_page(space._repr_html_())
    assert "2 feasible packages (all scored)" in page.all_text
    rows = [cell for cell in page.text if cell.strip()]
    i = rows.index("best by total")
    assert rows[i : i + 7] == ["best by total", "1", "1.5", "-1.5", "West", "x, z", "nothing"]
    i = rows.index("best by maximin")
    assert rows[i : i + 7] == ["best by maximin", "2", "0.5", "-0.5", "West", "z", "x"]


def test_deal_space_html_bounds_the_quotes() -> None:
    # four sources report east at -2 on the truce: four quotes against adoption, three shown
    reports = "".join(
        f"  - id: s{i}\n    title: S{i}\n    reports:\n      east:\n"
        f"        - {{issue: truce, stance: -2, quote: e{i} says no.}}\n"
        for i in range(4)
    )
    ds = posmatrix.loads(
        "format: posmatrix/1\ntitle: T\nissues:\n  - {id: truce, proposition: Truce.}\n"
        "actors: [{id: east, name: East}, {id: west, name: West}]\nsources:\n"
        + reports
        + "  - id: w\n    title: W\n    reports:\n      west:\n"
        "        - {issue: truce, stance: 2, quote: w says yes.}\n"
    )
    space = posmatrix.deal_space(ds, ["east", "west"])
    text = check_page(space._repr_html_()).all_text
    assert [f"e{i} says no." in text for i in range(4)] == [True, True, True, False]
    assert "… and 1 more against adoption (space.blocking.loc['truce', 'quotes'])" in text
    assert "w says yes." in text


@pytest.mark.parametrize("which", ["bundled", "hostile-blocked", "hostile-feasible"])
def test_deal_space_renders_well_formed_and_escaped(which: str) -> None:
    if which == "bundled":
        space = posmatrix.deal_space(
            posmatrix.example(), ["russia", "ukraine", "united-states", "europe"]
        )
        expected = ["russia-guarantor-veto", "Russian government"]
    elif which == "hostile-blocked":
        # red_line_at=1: s<script> own +1.5 on i<script> needs adoption, a<b> -2 and t -2
        # need rejection: i<script> blocks, with the three hostile quotes as evidence
        space = posmatrix.deal_space(hostile(), ["s<script>", "a<b>", "t"], red_line_at=1)
        expected = [HOSTILE_TEXTS[2], HOSTILE_TEXTS[5], "<!-- c --> ]]> <![CDATA[ x ]]>"]
    else:
        space = posmatrix.deal_space(hostile(), ["a<b>", "t"])
        expected = ["<script>alert('a')</script>", HOSTILE_TEXTS[1]]
    source = space._repr_html_()
    page = check_page(source)
    for text in expected:
        assert text in page.all_text
    rep = repr(space)
    assert rep.startswith("<DealSpace ")
    assert "\n" not in rep
    assert not re.search(r"\son\w+\s*=", source.replace("&quot; onmouseover=&quot;", ""))


# -- the codebook check in the Dataset's HTML ---------------------------------------------


def _duplicated(n: int) -> posmatrix.Dataset:
    """n issues with the same proposition, coded alike by five sources (each its own quote)."""
    issues = "".join(f"  - {{id: i{k}, proposition: Same thing.}}\n" for k in range(n))
    sources = "".join(
        f"  - id: s{j}\n    title: S{j}\n    stances:\n"
        + "".join(
            f"      - {{issue: i{k}, stance: {2 if j % 2 else -2}, quote: Q{j}{k}.}}\n"
            for k in range(n)
        )
        for j in range(5)
    )
    return posmatrix.loads(f"format: posmatrix/1\ntitle: Dup\nissues:\n{issues}sources:\n{sources}")


def test_dataset_html_lists_a_planted_check_finding() -> None:
    # i0 and i1 coded alike by all five voices: association +1 over 5 >= min_overlap 5,
    # one redundant-issues warning (check's own rule)
    page = check_page(_duplicated(2)._repr_html_())
    text = page.all_text
    assert "Codebook check: 1 warning, " in text
    assert "redundant-issues" in text
    assert "i0, i1" in text
    assert "issues 'i0' and 'i1' move together: association +1.00 over the 5 voices" in text


def test_dataset_html_bounds_the_check_findings() -> None:
    # four alike issues: C(4, 2) = 6 redundant pairs, 5 listed
    from posmatrix.notebook_check import MAX_FINDINGS

    assert MAX_FINDINGS == 5
    text = check_page(_duplicated(4)._repr_html_()).all_text
    assert "Codebook check: 6 warnings" in text
    assert "i2, i3" not in text  # the sixth pair, last in file order
    assert "… and 1 more" in text


def test_dataset_html_counts_notes_by_kind() -> None:
    # the renderer's counts against the check frame's own, kind by kind
    ds = posmatrix.example()
    found = posmatrix.check(ds)
    text = check_page(ds._repr_html_()).all_text
    notes = found[found["severity"] == "note"]
    warnings = found[found["severity"] == "warning"]
    assert len(notes) > 0
    assert f"Codebook check: {len(warnings)} warnings, {len(notes)} notes" in text
    for kind, n in notes["kind"].value_counts().items():
        assert f"{n} {kind}" in text


def test_dataset_html_check_thin_issue(small: posmatrix.Dataset) -> None:
    # SMALL: b is coded by one voice (s1), fewer than min_voices 3: one thin-issue warning
    # and no note
    text = check_page(small._repr_html_()).all_text
    assert "Codebook check: 1 warning, 0 notes" in text
    assert "thin-issue" in text
    assert "Notes:" not in text


def test_check_runs_only_when_html_renders_and_never_breaks_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import posmatrix.codebook

    calls: list[int] = []

    def failing(ds: posmatrix.Dataset, **kw: object) -> pd.DataFrame:
        calls.append(1)
        raise RuntimeError("check broke")

    monkeypatch.setattr(posmatrix.codebook, "check", failing)
    ds = _duplicated(2)
    repr(ds)
    assert calls == []  # neither loading nor the plain repr runs the check
    page = check_page(ds._repr_html_())
    assert calls == [1]
    assert "Codebook check" not in page.all_text
    assert "Same thing." in page.all_text
