"""The Excel briefing past HUGE_VOICES: no voices x voices matrix is built, and what the
sheets show equals the dense path's on the same data (threshold lowered for the test)."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

import posmatrix
from posmatrix import Findings
from posmatrix.briefing import build_briefing
from posmatrix.pairwise import inputs


def random_dataset(n_sources: int = 230, m: int = 8, seed: int = 3) -> posmatrix.Dataset:
    """``n_sources`` author voices in three latent camps on a 5-point scale, each
    addressing an issue with probability 0.45 (many equal scores: ties matter)."""
    rng = np.random.default_rng(seed)
    centres = rng.integers(-2, 3, (3, m))
    rows = []
    for s in range(n_sources):
        centre = centres[rng.integers(3)]
        for j in range(m):
            if rng.random() < 0.45:
                v = int(np.clip(centre[j] + rng.integers(-1, 2), -2, 2))
                rows.append((f"s{s:03d}", "author", f"i{j}", v, f"quote {s} {j}"))
    frame = pd.DataFrame(rows, columns=["source", "holder", "issue", "stance", "quote"])
    return posmatrix.from_frame(frame, title="Random")


def _rows(data: bytes, sheet: str) -> list[list[Any]]:
    ws = openpyxl.load_workbook(io.BytesIO(data))[sheet]
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def books() -> tuple[bytes, bytes, Findings]:
    ds = random_dataset()
    dense = build_briefing(ds, figures=False)
    assert dense.large
    assert not dense.findings.huge
    n = len(dense.findings.voices)
    guard = pytest.MonkeyPatch()
    real = inputs.check_pairs

    def no_matrix_of_every_voice(count: int, what: str, **kw: Any) -> None:
        assert count < n, f"{what} over every voice on the huge path"
        real(count, what, **kw)

    guard.setattr(inputs, "check_pairs", no_matrix_of_every_voice)
    try:
        found = Findings(ds, huge_voices=10)
        huge = build_briefing(ds, figures=False, findings=found)
    finally:
        guard.undo()
    return dense.data, huge.data, found


def test_neighbour_listing_equals_the_dense_one(books: tuple[bytes, bytes, Findings]) -> None:
    dense, huge, found = books
    d, h = _rows(dense, "Agreement"), _rows(huge, "Agreement")
    assert (
        d[0]
        == h[0]
        == [
            "Voice",
            "Camp",
            "Nearest voice",
            "Agreement",
            "Shared issues",
            "Farthest voice",
            "Agreement",
            "Shared issues",
        ]
    )
    # rows: clustered order (dense) vs camp order (huge); per voice, the same
    # neighbours, scores and shared issues
    by_voice_d = {r[0]: r for r in d[1:]}
    by_voice_h = {r[0]: r for r in h[1:]}
    assert by_voice_d == by_voice_h
    assert len(by_voice_h) == len(found.voices) == 229  # one source addressed nothing
    # the huge rows follow the camps, camp 1 first, the voices set aside (0) last
    camps = [r[1] for r in h[1:]]
    assert camps == sorted(camps, key=lambda c: (c == 0, c))
    assert "agreement" not in found.__dict__
    assert "overlap" not in found.__dict__


def test_scores_are_the_dense_matrix_entries(books: tuple[bytes, bytes, Findings]) -> None:
    _, huge, found = books
    ds = found.dataset
    dense = posmatrix.agreement(ds)
    ids = {found.voice_names.get(v, v): v for v in found.voices.index}
    for row in _rows(huge, "Agreement")[1:]:
        if row[2] == "(shares no issue with any voice)":
            continue
        a, near, far = (ids[row[i].removesuffix(" †")] for i in (0, 2, 5))
        assert row[3] == dense.at[a, near] == dense.loc[a].drop(a).max()
        assert row[6] == dense.at[a, far] == dense.loc[a].drop(a).min()


@pytest.mark.parametrize("sheet", ["Summary", "Stances", "Gaps", "Clashes", "Coverage"])
def test_other_sheets_equal_the_dense_path(
    books: tuple[bytes, bytes, Findings], sheet: str
) -> None:
    dense, huge, _ = books
    assert _rows(dense, sheet) == _rows(huge, sheet)


def test_about_says_why(books: tuple[bytes, bytes, Findings]) -> None:
    _, huge, _ = books
    about = " ".join(str(c) for r in _rows(huge, "About") for c in r if c)
    assert "no voices × voices matrix is built" in about
