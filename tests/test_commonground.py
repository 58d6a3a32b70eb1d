"""posmatrix.commonground: which issues continue which, across two versions."""

from __future__ import annotations

from pathlib import Path

import posmatrix
from posmatrix.cli import main
from posmatrix.commonground import match_issues

DECLARED = """\
format: posmatrix/1
title: T
issues:
  - {id: i1, proposition: P., replaces: old-i1, inverted: true}
  - {id: i2, proposition: Q.}
sources:
  - id: s1
    title: S1
    stances:
      - {issue: i1, stance: 2, quote: Q1}
      - {issue: i2, stance: -1, quote: Q2}
"""


def test_a_version_that_keeps_its_inverted_declaration_equals_itself(tmp_path: Path) -> None:
    # i1 was turned around since an older version (old-i1); compared with itself, or
    # with a copy that keeps the declaration, nothing is inverted and nothing differs
    ds = posmatrix.loads(DECLARED)
    cg = match_issues(ds, ds)
    assert dict(cg.old_to_new) == {"i1": "i1", "i2": "i2"}
    assert cg.inverted == frozenset()
    path = tmp_path / "d.yaml"
    path.write_text(DECLARED, encoding="utf-8")
    assert main(["diff", str(path), str(path)]) == 0


def test_the_step_that_inverts_still_flips() -> None:
    old = posmatrix.loads(
        DECLARED.replace(
            "{id: i1, proposition: P., replaces: old-i1, inverted: true}",
            "{id: old-i1, proposition: Not P.}",
        ).replace("issue: i1", "issue: old-i1")
    )
    new = posmatrix.loads(DECLARED)
    cg = match_issues(old, new)
    assert dict(cg.old_to_new) == {"old-i1": "i1", "i2": "i2"}
    assert cg.inverted == frozenset({"i1"})
