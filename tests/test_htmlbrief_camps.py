"""The HTML briefing's Camps section (htmlbrief/camps.py): camp profiles on a
hand-worked dataset (the one of test_profiles.py)."""

from __future__ import annotations

import html
import re

import posmatrix
from posmatrix.htmlbrief.camps import camp_profiles
from posmatrix.model import Coding, Dataset, Issue, Scale, Source

# camp 1 = a, b, c; camp 2 = d, e, f; 3-point scale
#      x   y   z
# a   +1  +1  +1
# b   +1  +1  -1
# c   +1  +1   0
# d   -1  +1  +1
# e   -1  +1  +1
# f   -1  +1   0
ROWS = {
    "a": (1, 1, 1),
    "b": (1, 1, -1),
    "c": (1, 1, 0),
    "d": (-1, 1, 1),
    "e": (-1, 1, 1),
    "f": (-1, 1, 0),
}


def _findings() -> posmatrix.Findings:
    ds = Dataset(
        title="two camps",
        scale=Scale(-1, 1),
        issues={i: Issue(i, f"{i}.", label=f"Issue {i.upper()}") for i in "xyz"},
        sources={v: Source(v, f"Voice {v.upper()}") for v in ROWS},
        codings=tuple(
            Coding(v, "author", i, s, f"{v} says {s} on {i}")
            for v, stances in ROWS.items()
            for i, s in zip("xyz", stances, strict=True)
        ),
    )
    return posmatrix.Findings(ds)


def _cells(markup: str, cls: str) -> list[list[str]]:
    body = re.search(rf'<table class="{cls}[^"]*">.*?<tbody>(.*?)</tbody>', markup, re.S)
    assert body is not None
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", td)) for td in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    ]


def test_camp_profiles_by_hand() -> None:
    f = _findings()
    camp = f.camps.assignment["camp"]
    one = int(camp["a"])
    assert [int(camp[v]) == one for v in ROWS] == [True] * 3 + [False] * 3
    out = camp_profiles(f)
    rows = _cells(out, "defining")
    # camp 1 (a, b, c) defining: x support (camp mean +1, rest -1), z oppose
    # (camp mean (1 - 1 + 0)/3 = 0, rest (1 + 1 + 0)/3 = 2/3 → "+0.7")
    mine = [r[:6] for r in rows if r[0] == f"Camp {one}"]
    assert mine == [
        [f"Camp {one}", "3", "Issue X", "support", "+1", "-1"],
        [f"Camp {one}", "3", "Issue Z", "oppose", "0", "+0.7"],
    ]
    # z's quote is b's, camp 1's only opponent of z, under b's name (id in the title)
    z = [r for r in rows if r[0] == f"Camp {one}"][1]
    assert z[6] == "Voice B b says -1 on z"
    assert '<span class="who" title="b">Voice B</span>' in out
    # consensus: y (both camps +1, spread 0); divisive: x (2), z (2/3), y (0)
    assert [r[:4] for r in _cells(out, "profiles-issues")] == [["Issue Y", "0.0", "+1", "+1"]]
    tables = out.split('<table class="profiles-issues')
    assert len(tables) == 3
    divisive = '<table class="profiles-issues' + tables[2]
    assert [r[:4] for r in _cells(divisive, "profiles-issues")] == [
        ["Issue X", "2.0", "-1", "+1"],
        ["Issue Z", "0.7", "0", "+0.7"],
        ["Issue Y", "0.0", "+1", "+1"],
    ]
    assert "Voices that bridge two camps" in out
    assert _cells(out, "bridging")[0][1] in {"camp 1 and camp 2", "camp 2 and camp 1"}
