"""posmatrix.voicenames: readable names for voices, with a source's label preferred."""

from __future__ import annotations

import pytest

from posmatrix.model import Actor, Coding, Dataset, Issue, Source
from posmatrix.voicenames import SHORT, issue_names, shorten, voice_names

LONG = "A very long title of a newspaper article about the negotiations"  # 64 characters


def _ds(*sources: Source, reported: bool = True) -> Dataset:
    codings = [Coding(s.id, "author", "i", 1, "q") for s in sources]
    if reported:
        codings += [Coding(s.id, "ru", "i", -1, "q") for s in sources]
    return Dataset(
        "T",
        issues=[Issue("i", "P.", label="Short issue")],
        actors=[Actor("ru", "Russian government")],
        sources=list(sources),
        codings=codings,
    )


def test_a_label_names_the_source_in_its_own_and_its_reported_voices() -> None:
    ds = _ds(Source("s", LONG, label="FAZ 12 May"), Source("t", LONG + " again"))
    assert voice_names(ds) == {
        "s": "FAZ 12 May",
        "s/ru": "Russian government · FAZ 12 May",
        "t": LONG + " again",
        # 40 characters at most, cut at a word boundary: "A very long title of a newspaper" (32) + …
        "t/ru": "Russian government · A very long title of a newspaper…",
    }
    assert len("A very long title of a newspaper…") <= SHORT


def test_without_a_label_the_title_is_used() -> None:
    ds = _ds(Source("s", "Short title"), Source("t", "Other"))
    assert voice_names(ds) == {
        "s": "Short title",
        "s/ru": "Russian government · Short title",
        "t": "Other",
        "t/ru": "Russian government · Other",
    }


def test_one_source_names_reported_voices_by_the_actor_alone() -> None:
    ds = _ds(Source("s", LONG, label="FAZ"))
    assert voice_names(ds) == {"s": "FAZ", "s/ru": "Russian government"}


def test_two_sources_with_one_label_get_their_voice_in_brackets() -> None:
    ds = _ds(Source("s", "X", label="Same"), Source("t", "Y", label="Same"), reported=False)
    assert voice_names(ds) == {"s": "Same [s]", "t": "Same [t]"}


@pytest.mark.parametrize(
    ("text", "limit", "want"),
    [("a b c", 10, "a b c"), ("alpha beta gamma", 12, "alpha beta…"), ("Wort", 2, "Wort")],
)
def test_shorten(text: str, limit: int, want: str) -> None:
    assert shorten(text, limit) == want


def test_issue_names_use_labels() -> None:
    assert issue_names(_ds(Source("s", "X"))) == {"i": "Short issue"}
