"""The HTML briefing without a browser: escaping per context, the page's parts and data,
the content-security policy, determinism, size, the large view, and the two hooks
(``write_briefing(ds, "x.html")``, ``posmatrix brief -o x.html``).

The browser tests are in ``test_htmlbrief_browser.py``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from _htmlbrief_data import IMG, JS_URL, SCRIPT_END, hostile
from htmlcheck import Page
from hypothesis import given
from hypothesis import strategies as st

import posmatrix
import posmatrix.findings
from posmatrix.cli import main
from posmatrix.errors import UsageError
from posmatrix.htmlbrief import html_briefing, sections, write_html_briefing
from posmatrix.htmlbrief.data import camp_blocks, layout, payload
from posmatrix.htmlbrief.escape import attr, json_script, safe_url, text
from posmatrix.htmlbrief.svg import shade


@pytest.fixture(scope="module")
def findings() -> posmatrix.Findings:
    return posmatrix.Findings(posmatrix.example())


@pytest.fixture(scope="module")
def page(findings: posmatrix.Findings) -> str:
    return html_briefing(findings)


def scripts(page: str) -> list[str]:
    return re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S)


# -- escaping ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("</script>", "&lt;/script&gt;"),
        ("a \"b\" & 'c'", "a &quot;b&quot; &amp; &#x27;c&#x27;"),
        ("]]>", "]]&gt;"),
        ("plain", "plain"),
    ],
)
def test_text_and_attr_escape_markup(value: str, expected: str) -> None:
    assert text(value) == expected
    assert attr(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
        ("http://x.org", "http://x.org"),
        ("HTTPS://X.ORG/", "HTTPS://X.ORG/"),
        ("mailto:a@b.org", "mailto:a@b.org"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),  # leading space: refused before parsing
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("vbscript:msgbox", None),
        ("//evil.org/x", None),  # scheme-relative
        ("relative/path.html", None),
        ("https://", None),  # no host
        ("mailto:", None),
        ("ftp://x.org/f", None),
        ('https://x.org/"onmouseover=alert(1)', None),
        ("https://x.org/a b", None),
        ("", None),
    ],
)
def test_only_http_https_mailto_become_links(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


@given(st.text())
def test_json_script_round_trips_and_never_holds_markup(value: str) -> None:
    out = json_script({"k": [value]})
    assert json.loads(out) == {"k": [value]}
    assert not set(out) & {"<", ">", "&", "\u2028", "\u2029"}


def test_json_script_escapes_by_hand() -> None:
    # < > & U+2028 U+2029 as \u escapes; everything else as JSON writes it
    assert json_script(["</script>&\u2028\u2029é"]) == (
        '["\\u003c/script\\u003e\\u0026\\u2028\\u2029é"]'
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(-1.0, "k0"), (-0.5, "k2"), (0.0, "k5"), (0.3, "k6"), (1.0, "k10"), (3.0, "k10"),
     (math.nan, "kn")],
)  # fmt: skip
def test_shade_buckets_the_palette(value: float, expected: str) -> None:
    # (value + 1) * 5 rounded: -0.5 -> 2.5 -> 2 (round half to even), 0.3 -> 6.5 -> 6
    assert shade(value) == expected


# -- the page ------------------------------------------------------------------------------


def test_page_is_well_formed_and_self_contained(page: str) -> None:
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    parsed = Page(page)
    assert parsed.errors == []
    # nothing to load: no src, no <link>, no url() in CSS, no @import
    assert " src=" not in page.split('<script type="application/json"')[0]
    assert "<link" not in page
    style = re.search(r"<style>(.*?)</style>", page, flags=re.S)
    assert style is not None
    assert "url(" not in style.group(1)
    assert "@import" not in style.group(1)
    # two scripts: the data block (JSON) and the page's script
    assert len(scripts(page)) == 2


def test_csp_allows_exactly_the_inline_style_and_script(page: str) -> None:
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert meta is not None
    policy = meta.group(1).replace("&#x27;", "'")
    style = re.search(r"<style>(.*?)</style>", page, flags=re.S)
    assert style is not None
    script = scripts(page)[1]

    def sha(s: str) -> str:
        return base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()

    assert policy == (
        f"default-src 'none'; style-src 'sha256-{sha(style.group(1))}'; "
        f"script-src 'sha256-{sha(script)}'; img-src data:; base-uri 'none'; "
        "form-action 'none'"
    )


def test_same_findings_same_bytes(findings: posmatrix.Findings, page: str) -> None:
    assert html_briefing(posmatrix.example()) == page
    assert html_briefing(findings) == page


def test_bundled_dataset_page_is_small(page: str) -> None:
    assert len(page.encode("utf-8")) < 1_500_000


def test_every_part_is_there(findings: posmatrix.Findings, page: str) -> None:
    n = len(findings.voices)  # 25 voices in the bundled dataset
    assert page.count('<rect x="') == n * n  # one cell per pair, the diagonal included
    assert len(re.findall(r"<circle cx=\"[^\"]+\" cy=\"[^\"]+\" r=\"[^\"]+\" data-v=", page)) == n
    assert page.count('<tr class="h') == n  # the stance table's rows, by holder
    # one row per issue in each of the contested, camps and codebook tables, by group
    assert page.count('<tr class="g') == len(findings.dataset.issues) * 3
    for ident in ("summary", "map", "agreement", "stances", "contested", "clashes", "camps",
                  "quotes", "codebook"):  # fmt: skip
        assert f'<section id="{ident}"' in page


def test_heatmap_rows_carry_names_not_ids(findings: posmatrix.Findings, page: str) -> None:
    heat = page[page.index('<svg id="heat"') :]
    heat = heat[: heat.index("</svg>")]
    rows = re.findall(r"<text [^>]*><title>([^<]*)</title>([^<]*)</text>", heat)
    # one label per voice, in clustered order; the id only in the <title>
    assert [v for v, _ in rows] == list(findings.order)
    shown = dict(rows)
    # a reported position: the actor's name without its bracketed aside, then the
    # source's title, cut at a word boundary at 46 characters
    assert shown["tomahawks-full-biden/united-states"] == (
        "United States · Trump risks going full Biden…"
    )
    # a source's own voice: its title
    assert shown["no-nato-key"].startswith("No NATO for Ukraine is key to")
    assert all("/" not in label for _, label in rows)


def test_map_names_issues_by_their_short_names(findings: posmatrix.Findings, page: str) -> None:
    pos = page[page.index('<svg id="posmap"') :]
    pos = pos[: pos.index("</svg>")]
    arrows = re.findall(r'<g class="arrow">.*?<text [^>]*>([^<]*)</text></g>', pos)
    assert arrows
    shorts = set(findings.issue_names.values())
    assert set(arrows) <= shorts


def test_payload_carries_frames_rounded_for_display(findings: posmatrix.Findings) -> None:
    lay = layout(findings)
    data = payload(findings, lay)
    n = len(lay.voices)
    assert [v[0] for v in data["voices"]] == findings.order
    expected = findings.agreement.to_numpy()
    got = np.array([np.nan if x is None else x for x in data["agreement"]]).reshape(n, n)
    np.testing.assert_allclose(got, expected, atol=5e-5)  # 4 decimals
    assert np.isnan(got).sum() == np.isnan(expected).sum()
    addressed = int(findings.stances.notna().to_numpy().sum())
    assert sum(len(row) for row in data["stances"]) == addressed
    # every quote of the dataset is reachable from its voice and issue
    quotes = {q for row in data["stances"] for c in row for q in c[2]}
    assert quotes == set(range(len(data["quotes"])))


def test_camp_blocks_are_mean_agreement_between_camps(findings: posmatrix.Findings) -> None:
    lay = layout(findings)
    sizes, mean = camp_blocks(findings, lay)
    assert sizes == list(findings.camps.sizes)
    a = findings.agreement
    camp = findings.camps.assignment["camp"]
    for i in range(findings.camps.k):
        for j in range(findings.camps.k):
            rows = [v for v in a.index if camp[v] == i + 1]
            cols = [v for v in a.columns if camp[v] == j + 1]
            block = a.loc[rows, cols].to_numpy().copy()
            if i == j:
                np.fill_diagonal(block, np.nan)
            want = np.nanmean(block) if (~np.isnan(block)).any() else np.nan
            assert mean[i, j] == pytest.approx(want, nan_ok=True)


def test_hostile_texts_are_escaped_in_every_context() -> None:
    out = html_briefing(hostile())
    assert Page(out).errors == []
    before_data = out.split('<script type="application/json"')[0]
    assert "<script>alert" not in out
    assert "<img" not in out
    assert "onerror=alert(1)>" not in before_data.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert f'href="{JS_URL}"' not in out
    assert 'href="javascript' not in out.lower().replace(" ", "")
    assert text(SCRIPT_END) in before_data
    assert text(IMG) in before_data
    data = scripts(out)[0]
    assert "\u2028" not in out  # quotes are shown on one line: the separators are spaces
    assert "</" not in data
    assert json.loads(data)["quotes"][2] == "before after end"  # one line, as shown


def test_large_dataset_gets_camp_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(posmatrix.findings, "LARGE_VOICES", 10)
    monkeypatch.setattr(sections, "MAX_STANCE_ROWS", 5)
    f = posmatrix.Findings(posmatrix.example())
    assert f.large
    assert f.embedding.method == "camps"  # the map is drawn at any size
    out = html_briefing(f)
    k = f.camps.k
    assert len(re.findall(r"<rect [^>]*data-a=", out)) == k * k
    assert out.count('<rect x="') == k * k  # blocks only: no cell per pair of voices
    assert "The first 5 of 25 voices" in out
    assert len(re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="[^"]+" data-v=', out)) == 25
    data = json.loads(scripts(out)[0])
    assert data["large"] is True
    assert data["blocks"]["sizes"] == list(f.camps.sizes)
    assert "agreement" not in data


def test_html_briefing_refuses_other_types() -> None:
    with pytest.raises(UsageError, match="Findings or Dataset, got str"):
        html_briefing("positions.yaml")  # type: ignore[arg-type]


# -- the hooks -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["briefing.html", "BRIEFING.HTM"])
def test_write_briefing_dispatches_on_the_suffix(tmp_path: Path, page: str, name: str) -> None:
    out = posmatrix.write_briefing(posmatrix.example(), tmp_path / name)
    assert out == tmp_path / name
    assert out.read_text(encoding="utf-8") == page


def test_write_html_briefing_never_overwrites_the_input(tmp_path: Path) -> None:
    ds = posmatrix.example()
    source = tmp_path / "since.html"
    source.write_text("old", encoding="utf-8")
    with pytest.raises(posmatrix.OutputError):
        write_html_briefing(ds, source, since=source)
    assert source.read_text(encoding="utf-8") == "old"


def test_cli_brief_writes_html(
    tmp_path: Path, page: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "b.html"
    assert main(["brief", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == page
    said = capsys.readouterr().out
    assert said == f"wrote {out} ({len(page.encode()):,} bytes)\n"


def test_codebook_without_codings_shows_what_there_is() -> None:
    import attrs

    out = html_briefing(attrs.evolve(hostile(), codings=()))
    assert Page(out).errors == []
    assert re.findall(r'<section id="([a-z]+)"', out) == ["summary", "codebook"]
    assert "No coded positions yet" in out
    assert json.loads(scripts(out)[0])["voices"] == []


def test_map_circles_are_the_camp_space(findings: posmatrix.Findings, page: str) -> None:
    # each circle sits at the camp space's plane, scaled by one factor around the centre
    # (50, 50), y up; the voices the camps set aside carry class c0 (hollow grey)
    lay = layout(findings)
    plane = posmatrix.camp_space(findings.dataset).plane.loc[lay.voices].to_numpy()
    circles = re.findall(r'<circle cx="([^"]+)" cy="([^"]+)" r="[^"]+" data-v="(\d+)" '
                         r'class="h\d+ c(\d+)"/>', page)  # fmt: skip
    assert [int(v) for _, _, v, _ in circles] == list(range(len(lay.voices)))
    px = np.array([float(x) for x, _, _, _ in circles])
    py = np.array([float(y) for _, y, _, _ in circles])
    scale = 42 / np.abs(plane).max()  # (half 50 − margin 8) / the largest coordinate
    assert px == pytest.approx(50 + plane[:, 0] * scale, abs=0.006)  # written to 2 places
    assert py == pytest.approx(50 - plane[:, 1] * scale, abs=0.006)
    aside = findings.camps.assignment.loc[lay.voices, "camp"].to_numpy() == 0
    assert [c == "0" for *_, c in circles] == list(aside)
    assert aside.sum() == 9
    assert "they carry 53% of the variance" in page  # 0.375 + 0.159, the bundled data


def _section(page: str, name: str) -> str:
    found = re.search(rf'<section id="{name}".*?</section>', page, re.S)
    assert found is not None
    return found.group(0)


def test_huge_dataset_builds_no_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    # past HUGE_VOICES (lowered to 10 here), the same blocks, clashes and camps as the
    # dense path (large, by LARGE_VOICES lowered to 10), from the blocked pass
    monkeypatch.setattr(posmatrix.findings, "LARGE_VOICES", 10)
    ds = posmatrix.example()
    large, huge = posmatrix.Findings(ds), posmatrix.Findings(ds, huge_voices=10)
    out, ref = html_briefing(huge), html_briefing(large)
    assert Page(out).errors == []
    assert "agreement" not in huge.__dict__
    assert "overlap" not in huge.__dict__
    data, want = json.loads(scripts(out)[0]), json.loads(scripts(ref)[0])
    assert data["blocks"]["sizes"] == want["blocks"]["sizes"] == list(huge.camps.sizes)
    got_b, want_b = (
        np.array([np.nan if x is None else x for x in d["blocks"]["agreement"]])
        for d in (data, want)
    )
    np.testing.assert_allclose(got_b, want_b, atol=1e-4)  # each rounded to 4 decimals
    assert [v[0] for v in data["voices"]] == list(huge.camps.order)  # camp order
    assert sorted(map(str, data["voices"])) == sorted(map(str, want["voices"]))
    assert _section(out, "clashes") == _section(ref, "clashes")
    # camps: the same members (listed in each path's voice order) and profiles
    camps_out, camps_ref = _section(out, "camps"), _section(ref, "camps")
    assert sorted(re.findall(r"<span[^>]*>[^<]*</span>", camps_out)) == sorted(
        re.findall(r"<span[^>]*>[^<]*</span>", camps_ref)
    )
    assert re.findall(r"<table.*?</table>", camps_out, re.S) == re.findall(
        r"<table.*?</table>", camps_ref, re.S
    )
