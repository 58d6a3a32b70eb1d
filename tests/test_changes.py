"""Tests of posmatrix.changes (``posmatrix.diff``) and the ``posmatrix diff`` command."""

from __future__ import annotations

import json
import math
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posmatrix.changes import CHANGE_COLUMNS, CODING_COLUMNS, ITEM_COLUMNS, DatasetDiff, diff
from posmatrix.errors import UsageError
from posmatrix.model import Actor, Coding, Dataset, Issue, Scale, Source

ISSUES = ("ceasefire-first", "nato-membership-ruled-out", "eu-membership")


def make(
    codings: list[tuple[str, str, str, int]] | None = None,
    *,
    title: str = "Test",
    version: str = "1",
    issues: tuple[str, ...] = ISSUES,
    sources: tuple[str, ...] = ("s1", "s2", "s3"),
    actors: dict[str, str] | None = None,
    extra: tuple[Coding, ...] = (),
    path: str | None = None,
) -> Dataset:
    """A dataset whose codings are ``(source, holder, issue, stance)``; quote derived."""
    actors = (
        {"russia": "Russian government", "europe": "European governments"}
        if (actors is None)
        else actors
    )
    rows = codings if codings is not None else []
    return Dataset(
        title=title,
        version=version,
        issues={i: Issue(id=i, proposition=f"{i} should happen.") for i in issues},
        actors={a: Actor(id=a, name=n) for a, n in actors.items()},
        sources={s: Source(id=s, title=f"Title of {s}") for s in sources},
        codings=tuple(
            Coding(source=s, holder=h, issue=i, stance=v, quote=f"{s} says {h} {i} {v}.")
            for s, h, i, v in rows
        )
        + extra,
        path=path,
    )


BASE = [
    ("s1", "author", "ceasefire-first", -2),
    ("s1", "russia", "ceasefire-first", -2),
    ("s1", "europe", "ceasefire-first", 2),
    ("s2", "author", "ceasefire-first", 1),
    ("s2", "author", "nato-membership-ruled-out", 2),
    ("s2", "russia", "nato-membership-ruled-out", 2),
    ("s3", "author", "nato-membership-ruled-out", -1),
    ("s3", "europe", "eu-membership", 2),
]


def with_stance(rows: list[tuple[str, str, str, int]], index: int, stance: int) -> list[Any]:
    out = list(rows)
    s, h, i, _ = out[index]
    out[index] = (s, h, i, stance)
    return out


# -- equality -------------------------------------------------------------------------------


def test_equal_versions_are_empty() -> None:
    a = make(BASE, path="a.yaml")
    d = diff(a, make(BASE, path="b.yaml"))
    assert d.is_empty
    assert not d
    assert d.summary == dict.fromkeys(d.summary, 0)
    assert (d.old_name, d.new_name) == ("a.yaml", "b.yaml")
    assert d.to_dict()["equal"] is True
    assert "No differences" in d.render("markdown")
    assert list(d.changes.columns) == list(CHANGE_COLUMNS)
    assert len(d.changes) == 0


def test_file_order_is_not_a_change() -> None:
    d = diff(make(BASE), make(list(reversed(BASE)), sources=("s3", "s1", "s2")))
    assert len(d.codings) == 0
    assert len(d.items) == 0


# -- one changed stance: the "done when" of the issue ------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "github", "plain"])
def test_one_changed_stance_names_source_holder_issue_and_both_stances(fmt: str) -> None:
    old = make(BASE)
    new = make(with_stance(BASE, 1, 1))  # s1 / russia / ceasefire-first: -2 -> +1
    d = diff(old, new)
    assert bool(d)
    assert len(d.codings) == 1
    row = d.codings.iloc[0]
    assert row["change"] == "changed"
    assert (row["source"], row["holder"], row["issue"]) == ("s1", "russia", "ceasefire-first")
    assert row["holder_name"] == "Russian government"
    assert row["fields"] == "stance, quote"
    assert (row["old_stance"], row["new_stance"]) == (-2.0, 1.0)
    assert (row["old_label"], row["new_label"]) == ("strongly opposes", "supports")
    assert row["old_quote"] == "s1 says russia ceasefire-first -2."
    assert row["new_quote"] == "s1 says russia ceasefire-first 1."
    text = d.render(fmt)
    line = next(x for x in text.splitlines() if "stance -2" in x)
    for needle in ("s1", "russia", "ceasefire-first", "-2 (strongly opposes)", "1 (supports)"):
        assert needle in line, (needle, line)
    assert "“s1 says russia ceasefire-first -2.”" in text
    assert "“s1 says russia ceasefire-first 1.”" in text
    assert d.summary["codings_changed"] == 1
    assert d.summary["codings_added"] == d.summary["codings_removed"] == 0


def test_changes_frame_for_the_briefing() -> None:
    new = make(with_stance(BASE, 1, 1), version="2")
    ch = diff(make(BASE), new).changes
    assert list(ch.columns) == list(CHANGE_COLUMNS)
    assert ch.to_dict("records") == [
        {
            "kind": "dataset",
            "change": "changed",
            "item": "",
            "source": "",
            "holder": "",
            "issue": "",
            "field": "version",
            "old": "1",
            "new": "2",
            "old_quote": "",
            "new_quote": "",
        },
        {
            "kind": "coding",
            "change": "changed",
            "item": "s1 · russia · ceasefire-first",
            "source": "s1",
            "holder": "russia",
            "issue": "ceasefire-first",
            "field": "stance, quote",
            "old": "-2 (strongly opposes)",
            "new": "1 (supports)",
            "old_quote": "s1 says russia ceasefire-first -2.",
            "new_quote": "s1 says russia ceasefire-first 1.",
        },
    ]


# -- codings added, removed, field-only changes ----------------------------------------------


def test_added_and_removed_codings() -> None:
    new_rows = [*BASE[:3], *BASE[4:], ("s3", "author", "eu-membership", 0)]  # drop s2 author cf
    d = diff(make(BASE), make(new_rows))
    got = {
        (r.change, r.source, r.holder, r.issue, _n(r.old_stance), _n(r.new_stance))
        for r in d.codings.itertuples()
    }
    assert got == {
        ("removed", "s2", "author", "ceasefire-first", 1.0, None),
        ("added", "s3", "author", "eu-membership", None, 0.0),
    }
    added = d.codings[d.codings["change"] == "added"].iloc[0]
    assert added["new_label"] == "neutral or mixed"
    assert added["old_quote"] == ""
    assert added["new_quote"] == "s3 says author eu-membership 0."
    # grouped by source: s2 before s3
    assert list(d.codings["source"]) == ["s2", "s3"]


def _n(value: float) -> float | None:
    return None if math.isnan(value) else value


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"quote": "A new quote."}, "quote"),
        ({"confidence": "low"}, "confidence"),
        ({"note": "Read again."}, "note"),
        ({"adjudicated": True}, "adjudicated"),
        ({"red_line": True}, "red_line"),
        ({"confidence": "medium", "note": "x"}, "confidence, note"),
    ],
)
def test_field_only_changes(changes: dict[str, Any], fields: str) -> None:
    old = make(BASE)
    target = old.codings[3]
    new = attrs.evolve(
        old, codings=tuple(attrs.evolve(c, **changes) if c is target else c for c in old.codings)
    )
    d = diff(old, new)
    assert len(d.codings) == 1
    row = d.codings.iloc[0]
    assert row["fields"] == fields
    assert row["old_stance"] == row["new_stance"] == 1.0
    for field, value in changes.items():
        if field in ("confidence", "note"):
            assert row[f"new_{field}"] == value
            assert row[f"old_{field}"] == getattr(target, field)
    text = d.render("plain")
    assert f"{fields} changed (stance 1 (supports))" in text


def test_coder_change_is_matched_on_the_cell() -> None:
    old = make(BASE)
    new = attrs.evolve(old, codings=tuple(attrs.evolve(c, coder="pm") for c in old.codings))
    d = diff(old, new)
    assert set(d.codings["change"]) == {"changed"}
    assert set(d.codings["fields"]) == {"coder"}
    assert len(d.codings) == len(BASE)


def test_two_coders_of_one_cell_stay_apart() -> None:
    c1 = Coding(source="s1", holder="author", issue="eu-membership", stance=1, quote="q", coder="a")
    c2 = attrs.evolve(c1, coder="b", stance=2)
    c3 = attrs.evolve(c1, coder="c", stance=-1)
    d = diff(make(BASE, extra=(c1, c2)), make(BASE, extra=(c1, c3)))
    assert sorted(zip(d.codings["change"], d.codings["coder"], strict=True)) == [
        ("added", "c"),
        ("removed", "b"),
    ]


# -- items -----------------------------------------------------------------------------------


def test_items_added_removed_changed() -> None:
    old = make(BASE)
    new = make(
        BASE,
        issues=(*ISSUES, "sanctions-relief"),
        actors={"russia": "Government of Russia", "europe": "European governments"},
        title="Test, revised",
    )
    new = attrs.evolve(
        new,
        issues={
            **new.issues,
            "eu-membership": attrs.evolve(new.issues["eu-membership"], proposition="EU, yes."),
        },
        scale=Scale(-2, 2),
    )
    sources = dict(new.sources)
    sources["s4"] = Source(id="s4", title="Fourth")
    new = attrs.evolve(new, sources=sources)
    d = diff(old, new)
    assert list(d.items.columns) == list(ITEM_COLUMNS)
    assert [tuple(r) for r in d.items.itertuples(index=False)] == [
        ("dataset", "", "changed", "title", "Test", "Test, revised"),
        (
            "issue",
            "eu-membership",
            "changed",
            "proposition",
            "eu-membership should happen.",
            "EU, yes.",
        ),
        ("issue", "sanctions-relief", "added", "", "", "sanctions-relief should happen."),
        ("actor", "russia", "changed", "name", "Russian government", "Government of Russia"),
        ("source", "s4", "added", "", "", "Fourth"),
    ]
    s = d.summary
    assert (s["issues_added"], s["issues_changed"], s["actors_changed"], s["sources_added"]) == (
        1,
        1,
        1,
        1,
    )
    # reversed direction: added becomes removed
    back = diff(new, old)
    assert set(back.items.loc[back.items["change"] == "removed", "id"]) == {
        "sanctions-relief",
        "s4",
    }
    md = d.render("markdown")
    assert "- added `sanctions-relief`: “sanctions-relief should happen.”" in md
    assert "- changed `russia` name: “Russian government” → “Government of Russia”" in md


def test_scale_change_is_a_dataset_change() -> None:
    d = diff(make([]), attrs.evolve(make([]), scale=Scale(-1, 1)))
    assert d.items.iloc[0]["field"] == "scale"
    assert d.items.iloc[0]["new"] == "-1..1 (opposes, neutral or mixed, supports)"


# -- properties ------------------------------------------------------------------------------

cells = st.lists(
    st.tuples(
        st.sampled_from(["s1", "s2", "s3"]),
        st.sampled_from(["author", "russia", "europe"]),
        st.sampled_from(ISSUES),
        st.integers(-2, 2),
    ),
    max_size=25,
    unique_by=lambda t: t[:3],
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(a=cells, b=cells)
def test_coding_changes_match_a_naive_set_comparison(a: list[Any], b: list[Any]) -> None:
    d = diff(make(a), make(b))
    old = {t[:3]: t[3] for t in a}
    new = {t[:3]: t[3] for t in b}
    expected = (
        {("added", k) for k in new.keys() - old.keys()}
        | {("removed", k) for k in old.keys() - new.keys()}
        | {("changed", k) for k in old.keys() & new.keys() if old[k] != new[k]}
    )
    got = {(r.change, (r.source, r.holder, r.issue)) for r in d.codings.itertuples(index=False)}
    assert got == expected
    assert len(d.codings) == len(expected)
    assert d.is_empty == (not expected)
    back = diff(make(b), make(a))
    swap = {"added": "removed", "removed": "added", "changed": "changed"}
    assert {(swap[c], k) for c, k in got} == {
        (r.change, (r.source, r.holder, r.issue)) for r in back.codings.itertuples(index=False)
    }
    assert json.loads(d.render("json"))["summary"] == d.summary
    for fmt in ("markdown", "plain"):
        text = d.render(fmt)
        assert text.count("stance ") == len(d.codings)  # one line per changed coding


# -- output ----------------------------------------------------------------------------------


def test_to_dict_is_plain_json() -> None:
    d = diff(make(BASE), make(with_stance(BASE, 0, 0)))
    out = d.to_dict()
    assert json.loads(json.dumps(out)) == out
    assert out["equal"] is False
    (coding,) = out["codings"]
    assert (coding["old_stance"], coding["new_stance"]) == (-2.0, 0.0)
    assert list(coding) == list(CODING_COLUMNS)
    assert d.render("json") == json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def test_removed_coding_has_no_new_side_in_json() -> None:
    d = diff(make(BASE), make(BASE[1:]))
    (coding,) = d.to_dict()["codings"]
    assert coding["change"] == "removed"
    assert coding["new_stance"] is None
    assert coding["new_quote"] == ""


@pytest.mark.parametrize(("fmt", "limit"), [("html", 20), ("markdown", -1), ("plain", 1.5)])
def test_render_rejects_bad_arguments(fmt: str, limit: Any) -> None:
    with pytest.raises(UsageError, match=r"format|limit"):
        diff(make(BASE), make(BASE)).render(fmt, limit=limit)


def test_diff_rejects_non_datasets() -> None:
    with pytest.raises(UsageError, match="new is str"):
        diff(make(BASE), "new.yaml")  # type: ignore[arg-type]


def test_plain_has_no_markdown_markup() -> None:
    text = diff(make(BASE), make(with_stance(BASE, 4, -2))).render("plain")
    for markup in ("**", "#", "`"):
        assert markup not in text
    assert "source s2, holder author, issue nato-membership-ruled-out: stance 2" in text


def test_str_is_plain() -> None:
    d = diff(make(BASE), make(BASE[:-1]))
    assert isinstance(d, DatasetDiff)
    assert str(d) == d.render("plain")


# -- agreement and ranking -------------------------------------------------------------------


def test_agreement_move_worked_by_hand() -> None:
    # s1 and s2 (authors) share only ceasefire-first: -2 vs 1 -> cityblock 1 - 3/4 = 0.25;
    # after s2 moves to -2 they agree fully (1.0). s1/russia (-2) vs s2: 0.25 -> 1.0 too.
    old = make(BASE)
    new = make(with_stance(BASE, 3, -2))
    d = diff(old, new)
    moved = {
        (r.voice_a, r.voice_b): (r.old, r.new, r.delta, r.old_overlap, r.new_overlap)
        for r in d.agreement.itertuples(index=False)
    }
    assert moved[("s1", "s2")] == (0.25, 1.0, 0.75, 1.0, 1.0)
    assert moved[("s1/russia", "s2")] == (0.25, 1.0, 0.75, 1.0, 1.0)
    # s1/europe (+2) vs s2: 1 - 1/4 = 0.75 -> 1 - 4/4 = 0
    assert moved[("s1/europe", "s2")] == (0.75, 0.0, -0.75, 1.0, 1.0)
    assert len(moved) == 3
    assert list(d.agreement["delta"].abs()) == [0.75, 0.75, 0.75]


def naive_moves(old: Dataset, new: Dataset) -> dict[frozenset[str], tuple[float, float, int]]:
    """Agreement moves by a plain loop over every pair of voices, each pair compared over
    the issues both voices address in both versions (cityblock by its formula: 1 - mean
    |a - b| / 4, every weight 1)."""
    from posmatrix.matrix import stance_matrix

    a, b = stance_matrix(old, None), stance_matrix(new, None)
    labels = list(dict.fromkeys([*b.index, *a.index]))

    def cells(frame: Any, voice: str) -> dict[str, float]:
        if voice not in frame.index:
            return {}
        return {i: float(v) for i, v in frame.loc[voice].items() if not math.isnan(v)}

    out = {}
    for i, x in enumerate(labels):
        for y in labels[i + 1 :]:
            ox, oy, nx, ny = cells(a, x), cells(a, y), cells(b, x), cells(b, y)
            ground = [k for k in ox if k in oy and k in nx and k in ny]
            if not ground:
                continue
            va = 1 - sum(abs(ox[k] - oy[k]) for k in ground) / 4 / len(ground)
            vb = 1 - sum(abs(nx[k] - ny[k]) for k in ground) / 4 / len(ground)
            if abs(va - vb) > 1e-12:
                out[frozenset((x, y))] = (va, vb, len(ground))
    return out


@settings(max_examples=25, deadline=None)
@given(a=cells, b=cells)
def test_agreement_moves_match_a_naive_loop(a: list[Any], b: list[Any]) -> None:
    old, new = make(a), make(b)
    d = diff(old, new)
    got = {
        frozenset((r.voice_a, r.voice_b)): (r.old, r.new, r.common)
        for r in d.agreement.itertuples()
    }
    expected = naive_moves(old, new)
    if d.is_empty:
        expected = {}
    assert got.keys() == expected.keys()
    for key, (x, y, n) in expected.items():
        gx, gy, gn = got[key]
        assert gx == pytest.approx(x)
        assert gy == pytest.approx(y)
        assert gn == n
    deltas = d.agreement["delta"].abs().to_list()
    assert deltas == sorted(deltas, reverse=True)
    # overlaps: each whole version's count of shared issues, 0 where a voice is absent
    from posmatrix.analysis import overlap

    for side, ds in (("old_overlap", old), ("new_overlap", new)):
        counts = overlap(ds)
        for r in d.agreement.itertuples(index=False):
            there = r.voice_a in counts.index and r.voice_b in counts.index
            want = counts.loc[r.voice_a, r.voice_b] if there else 0
            assert getattr(r, side) == want


def test_contested_ranking_moves_match_gaps() -> None:
    from posmatrix.gapreport import gaps

    old = make(BASE)
    # make nato-membership-ruled-out uncontested and eu-membership contested
    new = make([*with_stance(BASE, 6, 2), ("s1", "author", "eu-membership", -2)])
    d = diff(old, new)
    before = {issue: i + 1 for i, issue in enumerate(gaps(old).issues.index)}
    after = {issue: i + 1 for i, issue in enumerate(gaps(new).issues.index)}
    expected = {i: (before[i], after[i]) for i in ISSUES if before[i] != after[i]}
    assert expected  # the change does move the ranking
    got = {r.issue: (r.old_rank, r.new_rank) for r in d.contested.itertuples()}
    assert got == expected
    for r in d.contested.itertuples():
        assert r.move == r.old_rank - r.new_rank
    assert "## Contested ranking" in d.render("markdown")


# -- the command ------------------------------------------------------------------------------

YAML = """\
format: posmatrix/1
title: CLI test
issues:
  - {id: ceasefire-first, proposition: A ceasefire should come first.}
actors:
  - {id: russia, name: Russian government}
sources:
  - id: no-nato-key
    title: First
    stances:
      - {issue: ceasefire-first, stance: -2, quote: Ceasefire first has stalled the talks.}
    reports:
      russia:
        - {issue: ceasefire-first, stance: STANCE, quote: Russia has little interest.}
"""


@pytest.fixture
def versions(tmp_path: Any) -> tuple[str, str]:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(YAML.replace("STANCE", "-2"), encoding="utf-8")
    new.write_text(YAML.replace("STANCE", "1"), encoding="utf-8")
    return str(old), str(new)


def run_cli(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "posmatrix", "diff", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_cli_one_changed_stance(versions: tuple[str, str]) -> None:
    old, new = versions
    code, out, err = run_cli([old, new, "--format", "plain"])
    assert (code, err) == (1, "")
    line = next(x for x in out.splitlines() if "stance -2" in x)
    assert line == (
        "- source no-nato-key, holder russia (Russian government), issue ceasefire-first: "
        "stance -2 (strongly opposes) → 1 (supports)"
    )


def test_cli_equal_is_zero(versions: tuple[str, str]) -> None:
    old, _ = versions
    code, out, _err = run_cli([old, old])
    assert code == 0
    assert "No differences" in out


def test_cli_old_from_stdin(versions: tuple[str, str]) -> None:
    old, new = versions
    with open(old, encoding="utf-8") as fh:
        text = fh.read()
    code, out, _err = run_cli(["-", new, "--format", "json"])
    assert code == 2  # nothing on stdin: an empty dataset is trouble, not a difference
    code, out, err = run_cli(["-", new, "--format", "json"], stdin=text)
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert data["old"] == "<stdin>"
    assert data["summary"]["codings_changed"] == 1
    (coding,) = data["codings"]
    assert (coding["old_stance"], coding["new_stance"]) == (-2.0, 1.0)


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (["-", "-"], "standard input can be read only once"),
        (["missing.yaml", "NEW"], "OLD (missing.yaml)"),
        (["OLD", "NEW", "--format", "html"], "invalid choice"),
        (["OLD", "NEW", "--metric", "euclid"], "metric"),
    ],
)
def test_cli_trouble_is_two(versions: tuple[str, str], args: list[str], stderr: str) -> None:
    old, new = versions
    args = [old if a == "OLD" else new if a == "NEW" else a for a in args]
    code, _out, err = run_cli(args)
    assert code == 2
    assert stderr in err
    assert "Traceback" not in err


def test_cli_invalid_side_is_two_with_located_problems(
    versions: tuple[str, str], tmp_path: Any
) -> None:
    old, _ = versions
    bad = tmp_path / "bad.yaml"
    bad.write_text(YAML.replace("STANCE", "9"), encoding="utf-8")
    code, out, err = run_cli([old, str(bad)])
    assert code == 2
    assert out == ""
    assert f"{bad}:14:" in err
    assert "NEW" in err


def test_cli_formats_match_the_library() -> None:
    from posmatrix.changes import FORMATS
    from posmatrix.cli import DIFF_FORMATS

    assert DIFF_FORMATS == FORMATS


def test_coder_named_only_when_changes_involve_several() -> None:
    old = make(BASE)
    one = attrs.evolve(old, codings=tuple(attrs.evolve(c, coder="pm") for c in old.codings))
    changed = make(with_stance(BASE, 0, 2))
    changed = attrs.evolve(
        changed, codings=tuple(attrs.evolve(c, coder="pm") for c in changed.codings)
    )
    assert "coder" not in diff(one, changed).render("plain")
    c1 = Coding(source="s1", holder="author", issue="eu-membership", stance=1, quote="q", coder="a")
    c2 = attrs.evolve(c1, coder="b", stance=2)
    text = diff(make(BASE, extra=(c1, c2)), make(BASE)).render("plain")
    assert "issue eu-membership, coder a: stance 1 (supports)" in text
    assert "issue eu-membership, coder b: stance 2 (strongly supports)" in text


@pytest.mark.slow
def test_cli_git_show_pipeline(tmp_path: Any) -> None:
    """The command of the issue: git show HEAD~1:FILE | posmatrix diff - FILE."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    posmatrix_cmd = Path(sys.executable).parent / "posmatrix"
    data = tmp_path / "data"
    data.mkdir()
    target = data / "positions.yaml"

    def sh(*args: str) -> None:
        subprocess.run(args, cwd=tmp_path, check=True, capture_output=True)

    sh(git, "init", "-q")
    for stance in ("-2", "1"):
        target.write_text(YAML.replace("STANCE", stance), encoding="utf-8")
        sh(git, "add", "data/positions.yaml")
        sh(git, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", stance)
    proc = subprocess.run(
        f"{git} show HEAD~1:data/positions.yaml | {posmatrix_cmd} diff - data/positions.yaml "
        "--format plain",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (1, "")
    assert (
        "- source no-nato-key, holder russia (Russian government), issue ceasefire-first: "
        "stance -2 (strongly opposes) → 1 (supports)"
    ) in proc.stdout.splitlines()
    assert "Changes from <stdin> to data/positions.yaml" in proc.stdout


def test_markdown_escapes_what_would_render_as_markup() -> None:
    quote = "A *bold* <b>claim</b> | with [links](x) and `code`"
    old = make(BASE, path="<stdin>")
    new = attrs.evolve(
        old,
        codings=tuple(
            attrs.evolve(c, quote=quote) if i == 0 else c for i, c in enumerate(old.codings)
        ),
    )
    md = diff(old, new).render("markdown")
    assert r"“A \*bold\* \<b\>claim\</b\> \| with \[links\](x) and \`code\`”" in md.splitlines()[-1]
    assert md.startswith(r"# Changes from \<stdin\> to \<stdin\>")
    plain = diff(old, new).render("plain")
    assert f"“{quote}”" in plain


def test_cli_output_file_keeps_the_exit_status(versions: tuple[str, str], tmp_path: Any) -> None:
    old, new = versions
    target = tmp_path / "changes.json"
    code, out, err = run_cli([old, new, "--format", "json", "--output", str(target)])
    assert (code, out) == (1, "")
    assert err == f"wrote {target}\n"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["summary"]["codings_changed"] == 1
    code, _out, _err = run_cli([old, old, "-o", str(target), "--format", "plain"])
    assert code == 0
    assert "No differences" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["input", "missing-dir"])
def test_cli_output_trouble_is_two_and_inputs_stay(
    versions: tuple[str, str], tmp_path: Any, where: str
) -> None:
    old, new = versions
    from pathlib import Path

    before = Path(new).read_bytes()
    target = new if where == "input" else str(tmp_path / "no" / "such" / "dir" / "c.md")
    code, out, err = run_cli([old, new, "-o", target])
    assert code == 2
    assert out == ""
    assert err.startswith("posmatrix diff: error: ")
    assert "Traceback" not in err
    assert Path(new).read_bytes() == before


# -- common ground ------------------------------------------------------------------------------

V1 = [
    ("s1", "author", "a", 2),
    ("s1", "author", "b", 1),
    ("s1", "author", "c", 2),
    ("s1", "author", "d", -2),
    ("s2", "author", "a", 1),
    ("s2", "author", "b", -1),
    ("s2", "author", "c", -2),
    ("s2", "author", "d", 2),
    ("s3", "author", "a", -2),
    ("s3", "author", "d", 2),
    ("s4", "author", "d", 2),
]
V2 = [
    ("s1", "author", "a", 2),
    ("s1", "author", "b2", 1),
    ("s1", "author", "c", -2),  # c is inverted: the same position as the old +2
    ("s1", "author", "e", 2),
    ("s2", "author", "a", 2),
    ("s2", "author", "b2", 1),
    ("s2", "author", "c", -2),  # the old -2 reads +2 now: s2 moved
    ("s2", "author", "e", -2),
    ("s3", "author", "a", -2),
    ("s3", "author", "e", 2),
    ("s4", "author", "e", 2),
]
SOURCES4 = ("s1", "s2", "s3", "s4")


def _versions(*, declared: bool) -> tuple[Dataset, Dataset]:
    """v1 has issues a b c d; v2 has a, b2 (was b), c (turned around), e (new)."""
    old = make(V1, issues=("a", "b", "c", "d"), sources=SOURCES4, actors={})
    new = make(V2, issues=("a", "b2", "c", "e"), sources=SOURCES4, actors={}, version="2")
    if declared:
        issues = dict(new.issues)
        issues["b2"] = attrs.evolve(issues["b2"], replaces="b")
        issues["c"] = attrs.evolve(issues["c"], inverted=True)
        new = attrs.evolve(new, issues=issues)
    return old, new


# Hand-worked, cityblock = 1 - mean |x - y| / 4 over the pair's common ground (the issues
# both versions hold -- a, b=b2, c -- that both voices address in both versions):
#   s1-s2: ground a, b2, c (3 issues). Old, c flipped (s -> -s): s1 (2, 1, -2), s2 (1, -1,
#          2): |d| = 1, 2, 4 -> 1 - 7/12 = 5/12. New: s1 (2, 1, -2), s2 (2, 1, -2): 1.
#          delta 7/12. (Over each version's own issues, unflipped, it would read
#          0.3125 -> 0.75.)
#   s2-s3: ground a (s3 addresses neither b2 nor c). Old |1 - -2| = 3 -> 0.25; new
#          |2 - -2| = 4 -> 0. delta -0.25.
#   s1-s3: ground a: 0 -> 0, no move (over own issues it would "move" 0 -> 0.5).
#   s4-*:  s4 addresses d (old only) and e (new only): no common ground, not listed
#          (over own issues s2-s4 would "move" 1 -> 0).
EXPECTED = {
    ("s1", "s2"): (5 / 12, 1.0, 7 / 12, 4.0, 4.0, 3.0),
    ("s2", "s3"): (0.25, 0.0, -0.25, 2.0, 2.0, 1.0),
}


@pytest.mark.parametrize("declared", [True, False])
def test_agreement_moves_on_common_ground(declared: bool) -> None:
    old, new = _versions(declared=declared)
    extra: dict[str, Any] = {} if declared else {"mapping": {"b": "b2"}, "inverted": ["c"]}
    d = diff(old, new, **extra)
    got = {
        (r.voice_a, r.voice_b): (r.old, r.new, r.delta, r.old_overlap, r.new_overlap, r.common)
        for r in d.agreement.itertuples(index=False)
    }
    assert got.keys() == EXPECTED.keys()
    for pair, values in EXPECTED.items():
        assert got[pair] == pytest.approx(values)
    assert list(d.agreement["voice_a"]) == ["s1", "s2"]  # largest move first
    cg = d.common_ground
    assert cg is not None
    assert dict(cg.old_to_new) == {"a": "a", "b": "b2", "c": "c"}
    assert (cg.only_old, cg.only_new, sorted(cg.inverted)) == (("d",), ("e",), ["c"])


def test_listing_states_the_common_ground_and_flags_codings() -> None:
    d = diff(*_versions(declared=True))
    text = d.render("plain")
    assert (
        "The issue sets differ: 3 issues are common to both versions; 1 only in the old "
        "version; 1 only in the new; 1 renamed (b → b2); 1 inverted (c)."
    ) in text
    assert "common ground" in text
    # the renamed issue's codings are matched under the new id, flagged on every line
    notes = {(r.source, r.issue): r.issue_note for r in d.codings.itertuples(index=False)}
    assert notes[("s1", "b2")] == "renamed from b; proposition changed"
    # c is inverted: s1's c is coded 2 -> -2, the same position, so only its quote
    # changed; s2's c reads -2 in both files, which on the turned-around proposition is
    # the opposite position: a stance change
    fields = {(r.source, r.issue): r.fields for r in d.codings.itertuples(index=False)}
    assert notes[("s1", "c")] == "inverted: old stances flip"
    assert fields[("s1", "c")] == "quote"
    assert notes[("s2", "c")] == "inverted: old stances flip"
    assert fields[("s2", "c")] == "stance"
    assert ("s1", "b") not in notes  # not listed as removed
    assert "issue c [issue inverted: old stances flip]: stance -2 (strongly" in text
    rows = d.items[(d.items["kind"] == "issue") & (d.items["change"] == "changed")]
    assert {(r.id, r.field, r.old, r.new) for r in rows.itertuples(index=False)} >= {
        ("b2", "id", "b", "b2"),
        ("c", "inverted", "false", "true"),
        ("b2", "proposition", "b should happen.", "b2 should happen."),
    }
    data = d.to_dict()["common_ground"]
    assert data["common"] == 3
    assert data["renamed"] == {"b": "b2"}


def test_same_issue_sets_say_nothing_about_common_ground() -> None:
    d = diff(make(BASE), make(with_stance(BASE, 3, -2)))
    assert d.common_ground is not None
    assert not d.common_ground.differs
    assert "issue sets differ" not in d.render("plain")


@pytest.mark.parametrize(
    ("mapping", "inverted", "message"),
    [
        ({"bb": "b2"}, (), "'bb' is not an issue of the old version; did you mean 'b'"),
        ({"b": "b3"}, (), "'b3' is not an issue of the new version"),
        ({}, ("x",), "'x' is not an issue of the new version"),
    ],
)
def test_bad_mapping_is_a_usage_error(
    mapping: dict[str, str], inverted: tuple[str, ...], message: str
) -> None:
    old, new = _versions(declared=False)
    with pytest.raises(UsageError, match=message):
        diff(old, new, mapping=mapping, inverted=inverted)


@pytest.mark.parametrize(
    ("field", "old_value", "new_value"),
    [("label", None, "Short"), ("title", "Old title", "New title"), ("outlet", "", "Paper")],
)
def test_a_changed_source_field_is_reported(field: str, old_value: Any, new_value: Any) -> None:
    # every scalar field of a source in the format spec is compared, label included
    base = make(BASE)
    source = next(iter(base.sources.values()))
    old = attrs.evolve(
        base, sources={**base.sources, source.id: attrs.evolve(source, **{field: old_value})}
    )
    new = attrs.evolve(
        base, sources={**base.sources, source.id: attrs.evolve(source, **{field: new_value})}
    )
    rows = diff(old, new).items.to_dict("records")
    assert [(r["kind"], r["id"], r["change"], r["field"]) for r in rows] == [
        ("source", source.id, "changed", field)
    ]
    assert rows[0]["new"] == new_value
