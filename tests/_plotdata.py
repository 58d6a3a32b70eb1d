"""Datasets for the figure tests: two clear camps, and a 40-voice × 40-issue dataset on
a 3-point scale with long labels."""

from __future__ import annotations

import numpy as np

from posmatrix.model import AUTHOR, Actor, Coding, Dataset, Issue, Scale, Source


def build(
    stances: dict[str, dict[str, int]],
    *,
    title: str = "Two camps",
    scale: Scale | None = None,
    propositions: dict[str, str] | None = None,
) -> Dataset:
    """A dataset from ``{voice label: {issue: stance}}`` (labels ``src`` or ``src/actor``)."""
    issues: list[str] = []
    sources: list[str] = []
    actors: list[str] = []
    codings = []
    for label, row in stances.items():
        src, _, actor = label.partition("/")
        if src not in sources:
            sources.append(src)
        if actor and actor not in actors:
            actors.append(actor)
        for issue, stance in row.items():
            if issue not in issues:
                issues.append(issue)
            codings.append(
                Coding(
                    source=src,
                    holder=actor or AUTHOR,
                    issue=issue,
                    stance=stance,
                    quote=f"{label} on {issue}",
                )
            )
    props = propositions or {}
    return Dataset(
        title=title,
        scale=scale or Scale(),
        issues=[Issue(id=i, proposition=props.get(i, f"{i} should happen.")) for i in issues],
        actors=[Actor(id=a, name=a.replace("-", " ").title()) for a in actors],
        sources=[Source(id=s, title=f"Article {s}") for s in sources],
        codings=codings,
    )


# Camp "pro" supports issues i1..i6, camp "con" opposes them; a few cells are silent.
PRO = {
    "p1": {"i1": 2, "i2": 2, "i3": 1, "i4": 2, "i5": 1, "i6": 2},
    "p2": {"i1": 2, "i2": 1, "i3": 2, "i4": 2, "i6": 1},
    "p3": {"i1": 1, "i2": 2, "i3": 2, "i5": 2, "i6": 2},
    "p1/gov": {"i1": 2, "i2": 2, "i4": 1, "i5": 2},
}
CON = {
    "c1": {"i1": -2, "i2": -2, "i3": -1, "i4": -2, "i5": -1, "i6": -2},
    "c2": {"i1": -2, "i2": -1, "i3": -2, "i5": -2, "i6": -1},
    "c3": {"i2": -2, "i3": -2, "i4": -1, "i5": -2, "i6": -2},
    "c1/rebels": {"i1": -2, "i3": -1, "i4": -2, "i6": -2},
}


def two_camps(title: str = "Two camps") -> Dataset:
    return build({**PRO, **CON}, title=title)


def synthetic40(seed: int = 7) -> Dataset:
    """20 sources × (own stance + one actor) = 40 voices, 40 issues, scale −1..+1, long
    ids and propositions, three latent camps, 60% coverage."""
    rng = np.random.default_rng(seed)
    scale = Scale(min=-1, max=1, labels=("against", "undecided", "in favour"))
    issues = [f"long-issue-identifier-{j:02d}-about-regional-policy" for j in range(40)]
    props = {
        i: f"The regional government should adopt measure {j} of the long-term plan, "
        "including its financing, oversight and review provisions, before the next election."
        for j, i in enumerate(issues)
    }
    centre = rng.choice([-1, 0, 1], size=(3, 40))
    stances: dict[str, dict[str, int]] = {}
    for s in range(20):
        for holder in ("", "/national-government-of-the-federation"):
            camp = (s + (1 if holder else 0)) % 3
            row = {}
            for j, issue in enumerate(issues):
                if rng.random() < 0.6:
                    v = int(centre[camp, j])
                    if rng.random() < 0.2:
                        v = int(rng.integers(-1, 2))
                    row[issue] = v
            stances[f"newspaper-{s:02d}-long-source-identifier{holder}"] = row
    return build(
        stances, title="A synthetic debate with long labels", scale=scale, propositions=props
    )


def dated(ds: Dataset, months: tuple[str, ...] = ("2025-07", "2025-08", "2025-10")) -> Dataset:
    """``ds`` with its sources published in ``months`` in turn (for the timeline)."""
    import attrs

    sources = [
        attrs.evolve(s, published=months[k % len(months)])
        for k, s in enumerate(ds.sources.values())
    ]
    return attrs.evolve(ds, sources=sources)
