"""Datasets for the HTML briefing tests: hostile texts in every field a page shows.

Not a test module; ``tests/`` is on ``sys.path`` when pytest collects the tests there.
"""

from __future__ import annotations

from typing import Final

import posmatrix
from posmatrix.model import Actor, Coding, Dataset, Issue, Source, _unchecked

SCRIPT_END: Final = "</script><script>alert(1)</script>"
IMG: Final = "<img src=x onerror=alert(1)>"
CDATA: Final = "]]> <!-- --> &amp; \"quoted\" 'single'"
JS_URL: Final = "javascript:alert(1)"
LSEP: Final = "before\u2028after\u2029end"


def hostile() -> Dataset:
    """Three sources, two actors, three issues; every text a page shows is an attack.

    The U+2028/U+2029 quote cannot come from a file (the model refuses it), so it is
    built without validators: the page must stay inert even then.
    """
    issues = [
        Issue("alpha", f"Alpha {SCRIPT_END}", group=IMG, description=CDATA),
        Issue("beta", f"Beta {IMG}", group="plain"),
        Issue("gamma", f"Gamma {CDATA}", group="plain"),
    ]
    actors = [Actor("evil", f"Evil {IMG}"), Actor("good", "Good actor")]
    sources = [
        Source("s1", f"Title {SCRIPT_END}", url=JS_URL, outlet=IMG),
        Source("s2", f"Second {CDATA}", url="https://example.org/a?b=1&c=2"),
        Source("s3", "Third", url=" JAVASCRIPT:alert(2)"),
    ]
    coding = _unchecked(Coding)
    codings = [
        Coding("s1", "author", "alpha", 2, SCRIPT_END),
        Coding("s1", "author", "beta", -2, IMG),
        coding("s1", "author", "gamma", 1, LSEP),
        Coding("s1", "evil", "alpha", -2, f"evil says {CDATA}"),
        Coding("s2", "author", "alpha", -1, f"second {IMG}"),
        Coding("s2", "author", "beta", 2, f"second beta {SCRIPT_END}"),
        Coding("s2", "good", "gamma", -2, "good gamma"),
        Coding("s3", "author", "alpha", 1, "third alpha"),
        Coding("s3", "evil", "beta", 2, "third evil beta"),
        Coding("s3", "good", "alpha", 2, "third good alpha", red_line=True),
    ]
    return Dataset(
        title=f"Hostile {SCRIPT_END} {IMG}",
        issues=issues,
        actors=actors,
        sources=sources,
        codings=codings,
        description=CDATA,
    )


def example() -> Dataset:
    return posmatrix.example()
