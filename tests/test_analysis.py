"""Agreement matrices, overlap, clustering order and camps.

Every metric is checked against a naive per-pair loop written here from the textbook
formula (and against ``DataFrame.corr`` for Pearson and Spearman), on random stance
matrices with missing values; small cases are worked by hand in the comments.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from posmatrix.analysis import (
    METRICS,
    NORMALIZATIONS,
    _cut,
    _distances,
    _leaf_order,
    _upgma,
    agreement,
    camps,
    overlap,
)
from posmatrix.errors import UsageError
from posmatrix.matrix import stance_matrix
from posmatrix.model import AUTHOR, Actor, Coding, Dataset, Issue, Scale, Source

NAN = math.nan

# -- independent reference: one pair at a time -------------------------------------------


def _wpearson(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    sw = w.sum()
    if sw <= 0:
        return NAN
    mx, my = (w * x).sum() / sw, (w * y).sum() / sw
    cov = (w * (x - mx) * (y - my)).sum()
    vx, vy = (w * (x - mx) ** 2).sum(), (w * (y - my) ** 2).sum()
    if vx <= 1e-12 or vy <= 1e-12:
        return NAN
    return float(cov / math.sqrt(vx * vy))


def _wmidranks(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    # weighted mid-rank: weight of smaller values + half the weight of equal ones
    return np.array([w[x < v].sum() + w[x == v].sum() / 2 for v in x])


def _kappa_loop(x: np.ndarray, y: np.ndarray, w: np.ndarray, cats: list[float]) -> float:
    # textbook linearly weighted kappa: 1 - sum(v * o) / sum(v * e), v = |i - j|
    k = len(cats)
    obs = np.zeros((k, k))
    for a, b, ww in zip(x, y, w, strict=True):
        obs[cats.index(a), cats.index(b)] += ww
    if obs.sum() <= 0:
        return NAN
    obs /= obs.sum()
    exp = np.outer(obs.sum(axis=1), obs.sum(axis=0))
    v = np.abs(np.subtract.outer(np.array(cats), np.array(cats)))
    den = (v * exp).sum()
    if den <= 1e-12:
        return NAN
    return float(1 - (v * obs).sum() / den)


def _dna_loop(
    s: np.ndarray, i1: int, i2: int, w: np.ndarray, points: list[float], rng: float, how: str
) -> tuple[float, float, float]:
    """DNA's one-mode loop (Exporter.computeOneModeMatrix) with array[i][j][k] one-hot
    and an issue weight on every term: congruence, conflict, normalization denominator."""
    arr = np.zeros((s.shape[0], s.shape[1], len(points)))
    for i, j in zip(*np.nonzero(~np.isnan(s)), strict=True):
        arr[i, j, points.index(s[i, j])] = 1
    cong = conf = 0.0
    for j in range(s.shape[1]):
        for k1, k2 in itertools.product(range(len(points)), repeat=2):
            both = arr[i1, j, k1] * arr[i2, j, k2] * w[j]
            cong += both * (1 - abs(points[k1] - points[k2]) / rng)
            conf += both * abs(points[k1] - points[k2]) / rng
    c1 = (arr[i1].sum(axis=1) * w).sum()
    c2 = (arr[i2].sum(axis=1) * w).sum()
    if how == "none":
        norm = 1.0
    elif how == "average":
        norm = (c1 + c2) / 2
    elif how == "cosine":  # a true cosine; DNA's code divides by c1 * c2 (see docs)
        norm = math.sqrt(c1 * c2)
    else:  # jaccard: m10 + m01 + m11 over (issue, qualifier) cells
        m10 = (arr[i1] * (arr[i2] == 0) * w[:, None]).sum()
        m01 = (arr[i2] * (arr[i1] == 0) * w[:, None]).sum()
        m11 = (arr[i1] * arr[i2] * w[:, None]).sum()
        norm = m10 + m01 + m11
    return cong, conf, norm


def reference(
    s: np.ndarray,
    metric: str,
    *,
    w: np.ndarray | None = None,
    lo: float = -2,
    hi: float = 2,
    min_overlap: int = 1,
    normalization: str = "average",
) -> np.ndarray:
    n, m = s.shape
    w = np.ones(m) if w is None else w
    mid, rng = (lo + hi) / 2, hi - lo
    points = sorted(set(np.arange(lo, hi + 1).tolist()) | set(s[~np.isnan(s)].tolist()))
    out = np.full((n, n), NAN)
    for a in range(n):
        for b in range(n):
            both = ~np.isnan(s[a]) & ~np.isnan(s[b])
            if both.sum() < min_overlap:
                continue
            x, y, ww = s[a, both], s[b, both], w[both]
            sw = ww.sum()
            if metric in ("congruence", "conflict", "subtract"):
                cong, conf, norm = _dna_loop(s, a, b, w, points, rng, normalization)
                raw = {"congruence": cong, "conflict": conf, "subtract": cong - conf}[metric]
                out[a, b] = raw / norm if norm > 0 else NAN
            elif metric == "pearson":
                out[a, b] = _wpearson(x, y, ww)
            elif metric == "spearman":
                out[a, b] = _wpearson(_wmidranks(x, ww), _wmidranks(y, ww), ww)
            elif metric == "kappa":
                out[a, b] = _kappa_loop(x, y, ww, points)
            elif sw <= 0:
                continue
            elif metric == "exact":
                out[a, b] = (ww * (x == y)).sum() / sw
            elif metric == "sign":
                out[a, b] = (ww * (np.sign(x - mid) == np.sign(y - mid))).sum() / sw
            elif metric == "cityblock":
                out[a, b] = 1 - (ww * np.abs(x - y)).sum() / (sw * rng)
    return out


def _random(
    seed: int, n: int = 14, m: int = 9, missing: float = 0.4, halves: bool = False
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    s = rng.integers(-2, 3, size=(n, m)).astype(float)
    if halves:  # medians of two coders fall between scale points
        s[rng.random((n, m)) < 0.2] += 0.5
        s = np.clip(s, -2, 2)
    s[rng.random((n, m)) < missing] = NAN
    return pd.DataFrame(
        s,
        index=pd.Index([f"v{i}" for i in range(n)], name="voice"),
        columns=pd.Index([f"i{j}" for j in range(m)], name="issue"),
    )


def _close(got: pd.DataFrame | np.ndarray, want: np.ndarray, tol: float = 1e-9) -> None:
    np.testing.assert_allclose(np.asarray(got, dtype=float), want, rtol=tol, atol=tol)


WEIGHTS = {
    "unit": None,
    "integer": np.array([1, 2, 3, 1, 0, 2, 1, 5, 1], dtype=float),
    "fractional": np.array([0.5, 1.25, 2.0, 0.1, 1.0, 0.0, 3.3, 1.0, 0.7]),
}


# -- every metric against the per-pair loop -----------------------------------------------


@pytest.mark.parametrize("metric", [m for m in METRICS if m not in ("congruence", "conflict")])
@pytest.mark.parametrize("weights", list(WEIGHTS))
@pytest.mark.parametrize("min_overlap", [1, 3])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_metric_matches_loop(metric: str, weights: str, min_overlap: int, seed: int) -> None:
    s = _random(seed)
    w = WEIGHTS[weights]
    wmap = None if w is None else dict(zip(s.columns, w, strict=True))
    got = agreement(s, metric, weights=wmap, min_overlap=min_overlap)  # type: ignore[arg-type]
    want = reference(s.to_numpy(), metric, w=w, min_overlap=min_overlap)
    _close(got, want)
    np.testing.assert_array_equal(got.to_numpy(), got.to_numpy().T)  # bit for bit


@pytest.mark.parametrize("metric", ["congruence", "conflict", "subtract"])
@pytest.mark.parametrize("normalization", NORMALIZATIONS)
@pytest.mark.parametrize("weights", ["unit", "integer"])
def test_dna_metrics_match_dna_loop(metric: str, normalization: str, weights: str) -> None:
    s = _random(3, n=10, m=9)
    w = WEIGHTS[weights]
    wmap = None if w is None else dict(zip(s.columns, w, strict=True))
    got = agreement(s, metric, normalization=normalization, weights=wmap)  # type: ignore[arg-type]
    want = reference(s.to_numpy(), metric, w=w, normalization=normalization)
    _close(got, want)


@pytest.mark.parametrize("metric", METRICS)
def test_half_points_from_coder_medians(metric: str) -> None:
    # a median of two coders may lie between scale points; every metric stays exact
    s = _random(4, halves=True)
    want = reference(s.to_numpy(), metric)
    _close(agreement(s, metric), want)


@pytest.mark.parametrize("min_periods", [1, 2, 4])
@pytest.mark.parametrize("seed", [5, 6])
@pytest.mark.parametrize("method", ["pearson", "spearman"])
def test_correlations_match_pandas(method: str, seed: int, min_periods: int) -> None:
    s = _random(seed, n=25, m=12, missing=0.35)
    want = s.T.corr(method=method, min_periods=min_periods)  # pairwise-complete, re-ranked
    got = agreement(s, method, min_overlap=min_periods)  # type: ignore[arg-type]
    _close(got, want.to_numpy(), tol=1e-9)


def test_scale_other_than_default() -> None:
    # 0..10 scale (a 0-10 thermometer): the range is 10 and the midpoint 5
    rng = np.random.default_rng(7)
    s = rng.integers(0, 11, size=(8, 6)).astype(float)
    s[rng.random(s.shape) < 0.3] = NAN
    frame = pd.DataFrame(s)
    for metric in ("cityblock", "sign", "kappa", "conflict"):
        got = agreement(frame, metric, scale=(0, 10))  # type: ignore[arg-type]
        _close(got, reference(s, metric, lo=0, hi=10))
    _close(
        agreement(frame, "cityblock", scale=Scale(0, 10)), reference(s, "cityblock", lo=0, hi=10)
    )


@pytest.mark.parametrize("metric", METRICS)
def test_row_blocks_give_the_same_result(metric: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the n x n results are finished in row blocks; force many small, uneven blocks
    import posmatrix.pairwise.runtime as module

    s = _random(9, n=23, m=9)
    w = dict(zip(s.columns, WEIGHTS["fractional"], strict=True))
    whole = agreement(s, metric, weights=w, normalization="jaccard")  # type: ignore[arg-type]
    monkeypatch.setattr(module, "_BLOCK_ELEMENTS", 23 * 5)  # 1-2 rows per block
    blocked = agreement(s, metric, weights=w, normalization="jaccard")  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(blocked, whole, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(blocked.to_numpy(), blocked.to_numpy().T)
    _close(
        blocked,
        reference(s.to_numpy(), metric, w=np.array(list(w.values())), normalization="jaccard"),
    )


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("weight", [2.0**21 + 1, 3.0 * 2**20, 0.1])
def test_large_or_inexact_weights_take_the_float64_path(metric: str, weight: float) -> None:
    # weights whose sums pass 2**24 (or are no multiple of 1/4) cannot be summed exactly
    # in float32: the products switch to float64 and the result must still match the
    # loop, and stay symmetric bit for bit (then by mirroring, not by exactness)
    s = _random(11, n=17, m=9, halves=True)
    w = np.full(9, weight)
    w[::3] = 1.0
    got = agreement(s, metric, weights=dict(zip(s.columns, w, strict=True)))  # type: ignore[arg-type]
    _close(got, reference(s.to_numpy(), metric, w=w), tol=1e-8)
    np.testing.assert_array_equal(got.to_numpy(), got.to_numpy().T)


@pytest.mark.parametrize("metric", ["pearson", "spearman", "kappa", "exact", "cityblock"])
def test_many_levels_and_triangle_blocks(metric: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # an 11-point scale with half points (21 levels): many one-hot slices per product;
    # tiny blocks make the upper-triangle products and their cache-sized finishing run
    # over many uneven row blocks, including blocks of a single row
    import posmatrix.pairwise.runtime as module

    rng = np.random.default_rng(12)
    s = rng.integers(0, 21, size=(31, 8)) / 2.0
    s[rng.random(s.shape) < 0.3] = NAN
    frame = pd.DataFrame(s)
    want = reference(s, metric, lo=0, hi=10)
    whole = agreement(frame, metric, scale=(0, 10))  # type: ignore[arg-type]
    _close(whole, want)
    monkeypatch.setattr(module, "_BLOCK_ELEMENTS", 31 * 3)
    blocked = agreement(frame, metric, scale=(0, 10))  # type: ignore[arg-type]
    _close(blocked, want)
    np.testing.assert_array_equal(blocked.to_numpy(), blocked.to_numpy().T)


def test_spearman_closed_forms_match_pandas_with_ties() -> None:
    # heavy ties (three levels over 40 issues) exercise the tie-corrected rank sums
    rng = np.random.default_rng(13)
    s = pd.DataFrame(rng.integers(-1, 2, size=(12, 40)).astype(float))
    s[rng.random(s.shape) < 0.25] = NAN
    want = s.T.corr(method="spearman", min_periods=1).to_numpy()
    _close(agreement(s, "spearman"), want)


# -- hand-worked cases ------------------------------------------------------------------------

HAND = pd.DataFrame(
    {
        "a": [2.0, 1.0, -2.0],
        "b": [1.0, 1.0, NAN],
        "c": [0.0, -2.0, 2.0],
        "d": [NAN, 2.0, -1.0],
    },
    index=pd.Index(["x", "y", "z"], name="voice"),
)
# x-y share a, b, c: stances (2,1) (1,1) (0,-2)  -> |diffs| 1, 0, 2
# x-z share a, c:    stances (2,-2) (0,2)        -> |diffs| 4, 2
# y-z share a, c, d: stances (1,-2) (-2,2) (2,-1) -> |diffs| 3, 4, 3


@pytest.mark.parametrize(
    ("metric", "xy", "xz", "yz"),
    [
        # only b agrees exactly (x-y); nothing else is identical
        ("exact", 1 / 3, 0.0, 0.0),
        # x-y: a (+,+) same, b (+,+) same, c (0,-) differ; x-z, y-z: every direction differs
        ("sign", 2 / 3, 0.0, 0.0),
        # mean |d| / 4: x-y 1/4, x-z 3/4, y-z (10/3)/4
        ("cityblock", 1 - 3 / 12, 1 - 6 / 8, 1 - 10 / 12),
        # x-y 3/sqrt(12) (see below); x-z two points falling; y-z centred
        # y (2/3, -7/3, 5/3), z (-5/3, 7/3, -2/3): cov -69/9, both variances 78/9
        ("pearson", 3 / math.sqrt(12), -1.0, -69 / 78),
        # x-z: D_o = 3, D_e = (4 + 0 + 2 + 2) / 4 = 2; y-z: D_o = 10/3, D_e = 18/9
        ("kappa", 4 / 13, 1 - 3 / 2, 1 - (10 / 3) / 2),
    ],
)
def test_hand_worked(metric: str, xy: float, xz: float, yz: float) -> None:
    got = agreement(HAND, metric)  # type: ignore[arg-type]
    assert got.loc["x", "y"] == pytest.approx(xy)
    assert got.loc["x", "z"] == pytest.approx(xz)
    assert got.loc["y", "z"] == pytest.approx(yz)


def test_hand_worked_kappa_details() -> None:
    # x = (2, 1, 0), y = (1, 1, -2): observed mean |d| = 3/3 = 1.
    # chance: mean over all 9 (x_i, y_j) pairs of |x_i - y_j|:
    #   x=2: 1,1,4; x=1: 0,0,3; x=0: 1,1,2 -> 13/9. kappa = 1 - 1 / (13/9) = 4/13.
    assert agreement(HAND, "kappa").loc["x", "y"] == pytest.approx(4 / 13)


@pytest.mark.parametrize("weights", [None, {"a": 0.37, "b": 1.3, "c": 2.9}])
def test_constant_voices_exact_and_rounded_sums(weights: dict[str, float] | None) -> None:
    # p and q constant at 1, r constant at -2, s varies. Integer weights give exact
    # sums (0 / 0 must be the NaN), these float weights the float64 path (tolerances).
    s = pd.DataFrame(
        {"a": [1.0, 1.0, -2.0, 2.0], "b": [1.0, 1.0, -2.0, 0.0], "c": [1.0, 1.0, -2.0, -1.0]},
        index=["p", "q", "r", "s"],
    )
    r = agreement(s, "pearson", weights=weights)
    assert r.loc[["p", "q", "r"], :].isna().all().all()  # a constant voice has no r
    assert r.loc["s", "s"] == pytest.approx(1.0)
    k = agreement(s, "kappa", weights=weights)
    # constant at one level, both: chance disagreement 0 as well as observed -> NaN
    assert np.isnan(k.loc["p", "q"])
    assert np.isnan(k.loc["p", "p"])
    # constant at different levels: observed = chance = |1 - (-2)| -> kappa 0
    assert k.loc["p", "r"] == pytest.approx(0.0, abs=1e-12)
    assert k.loc["r", "p"] == k.loc["p", "r"]


def test_hand_worked_pearson_details() -> None:
    # x-y over a, b, c: x = (2, 1, 0), y = (1, 1, -2); means 1 and 0.
    # cov = (1)(1) + 0 + (-1)(-2) = 3; var x = 2, var y = 1 + 1 + 4 = 6 -> r = 3 / sqrt(12)
    assert agreement(HAND, "pearson").loc["x", "y"] == pytest.approx(3 / math.sqrt(12))
    # Spearman: x ranks (3, 2, 1); y mid-ranks (2.5, 2.5, 1) -> r of those
    rx, ry = np.array([3.0, 2, 1]), np.array([2.5, 2.5, 1])
    want = np.corrcoef(rx, ry)[0, 1]
    assert agreement(HAND, "spearman").loc["x", "y"] == pytest.approx(want)


def test_hand_worked_dna() -> None:
    # x-y: similarities 1 - |d|/4 = 3/4, 1, 1/2 -> congruence 2.25, conflict 0.75.
    # x addresses 3 issues, y 4: average norm 3.5; cosine sqrt(12);
    # jaccard: (issue, stance) cells x 3 + y 4 - 1 identical (b=1) = 6.
    raw = {"congruence": 2.25, "conflict": 0.75, "subtract": 1.5}
    norms = {"none": 1.0, "average": 3.5, "cosine": math.sqrt(12), "jaccard": 6.0}
    for metric, value in raw.items():
        for how, norm in norms.items():
            got = agreement(HAND, metric, normalization=how)  # type: ignore[arg-type]
            assert got.loc["x", "y"] == pytest.approx(value / norm), (metric, how)


def test_dna_zeros_for_disjoint_voices_with_min_overlap_zero() -> None:
    # DNA gives 0 (no tie) where two actors share no concept: min_overlap=0, no normalization
    s = pd.DataFrame({"a": [1.0, NAN], "b": [NAN, 2.0]}, index=["p", "q"])
    got = agreement(s, "congruence", normalization="none", min_overlap=0)
    assert got.loc["p", "q"] == 0.0
    assert np.isnan(agreement(s, "congruence", normalization="none").loc["p", "q"])


def test_diagonal_rules() -> None:
    got = agreement(HAND, "cityblock")
    assert np.diag(got).tolist() == [1.0, 1.0, 1.0]
    assert np.diag(agreement(HAND, "conflict")).tolist() == [0.0, 0.0, 0.0]
    # a voice on fewer than min_overlap issues has NaN even with itself
    assert np.isnan(agreement(HAND, "exact", min_overlap=4).loc["x", "x"])
    assert agreement(HAND, "exact", min_overlap=4).loc["y", "y"] == 1.0
    # a constant voice has no correlation, not even with itself
    const = pd.DataFrame({"a": [1.0, 1.0], "b": [1.0, 2.0]}, index=["p", "q"])
    r = agreement(const, "pearson")
    assert np.isnan(r.loc["p", "p"])
    assert np.isnan(r.loc["p", "q"])
    assert r.loc["q", "q"] == pytest.approx(1.0)


def test_weights_zero_everywhere_common_is_nan() -> None:
    s = pd.DataFrame({"a": [1.0, 1.0], "b": [2.0, NAN]}, index=["p", "q"])
    got = agreement(s, "exact", weights={"a": 0})
    assert np.isnan(got.loc["p", "q"])
    assert got.loc["p", "p"] == 1.0  # b still counts for p with itself
    assert overlap(s).loc["p", "q"] == 1  # overlap ignores weights


def test_weights_series_and_partial_override() -> None:
    s = HAND
    by_map = agreement(s, "cityblock", weights={"a": 3.0})
    by_series = agreement(s, "cityblock", weights=pd.Series({"a": 3.0}))
    pd.testing.assert_frame_equal(by_map, by_series)
    want = reference(s.to_numpy(), "cityblock", w=np.array([3.0, 1, 1, 1]))
    _close(by_map, want)


def test_overlap_counts() -> None:
    got = overlap(HAND)
    assert got.to_numpy().tolist() == [[3, 3, 2], [3, 4, 3], [2, 3, 3]]
    assert got.dtypes.tolist() == [np.dtype("int64")] * 3
    assert got.index.name == got.columns.name == "voice"


def test_labels_and_dtype() -> None:
    got = agreement(HAND)
    assert got.index.tolist() == got.columns.tolist() == ["x", "y", "z"]
    assert got.index.name == got.columns.name == "voice"
    assert all(t == np.dtype("float64") for t in got.dtypes)


def test_empty_matrix() -> None:
    empty = pd.DataFrame(np.zeros((0, 3)), columns=["a", "b", "c"])
    assert agreement(empty).shape == (0, 0)
    assert overlap(empty).shape == (0, 0)


# -- datasets -------------------------------------------------------------------------------


def _dataset(weight_b: float = 1.0) -> Dataset:
    codings = [
        Coding("s1", AUTHOR, "a", 2, "q"),
        Coding("s1", AUTHOR, "b", 1, "q"),
        Coding("s1", "russia", "a", -2, "q"),
        Coding("s1", "russia", "b", -1, "q"),
        Coding("s2", AUTHOR, "a", 1, "q"),
        Coding("s2", AUTHOR, "b", -1, "q"),
        Coding("s2", AUTHOR, "c", 0, "q"),
        Coding("s2", "europe", "a", 2, "q"),
    ]
    return Dataset(
        title="t",
        issues={
            "a": Issue("a", "A should happen."),
            "b": Issue("b", "B should happen.", weight=weight_b),
            "c": Issue("c", "C should happen."),
        },
        actors={"russia": Actor("russia", "Russia"), "europe": Actor("europe", "Europe")},
        sources={"s1": Source("s1", "One"), "s2": Source("s2", "Two")},
        codings=tuple(codings),
    )


def test_dataset_uses_every_voice_and_codebook_weights() -> None:
    ds = _dataset(weight_b=3.0)
    got = agreement(ds, "cityblock")
    assert got.index.tolist() == ["s1", "s1/russia", "s2", "s2/europe"]
    frame = stance_matrix(ds, None)
    want = reference(frame.to_numpy(), "cityblock", w=np.array([1.0, 3.0, 1.0]))
    _close(got, want)
    # s1 vs s2: a |2-1| = 1 (w 1), b |1+1| = 2 (w 3) -> 1 - 7 / (4 * 4)
    assert got.loc["s1", "s2"] == pytest.approx(1 - 7 / 16)
    # the weights argument overrides the codebook
    plain = agreement(ds, "cityblock", weights={"b": 1})
    assert plain.loc["s1", "s2"] == pytest.approx(1 - 3 / 8)


def test_dataset_holder_selection() -> None:
    ds = _dataset()
    authors = agreement(ds, "exact", holder="author")
    assert authors.index.tolist() == ["s1", "s2"]
    assert overlap(ds, holder=["russia", "europe"]).to_numpy().tolist() == [[2, 1], [1, 1]]


def test_dataset_scale_applies() -> None:
    ds = _dataset()
    wide = Dataset(
        title="t",
        scale=Scale(-3, 3),
        issues=ds.issues,
        actors=ds.actors,
        sources=ds.sources,
        codings=ds.codings,
    )
    # s1 vs s2 unweighted: mean |d| = 1.5; range 6 instead of 4
    assert agreement(wide, holder="author").loc["s1", "s2"] == pytest.approx(1 - 1.5 / 6)


# -- properties -------------------------------------------------------------------------------


@st.composite
def stance_frames(draw: Any) -> pd.DataFrame:
    n = draw(st.integers(1, 9))
    m = draw(st.integers(1, 7))
    vals = draw(hnp.arrays(np.float64, (n, m), elements=st.sampled_from([-2.0, -1, 0, 1, 2])))
    miss = draw(hnp.arrays(np.bool_, (n, m)))
    vals[miss] = NAN
    return pd.DataFrame(
        vals, index=[f"v{i}" for i in range(n)], columns=[f"i{j}" for j in range(m)]
    )


BOUNDS = {
    "exact": (0, 1),
    "sign": (0, 1),
    "cityblock": (0, 1),
    "congruence": (0, 1),
    "conflict": (0, 1),
    "subtract": (-1, 1),
    "pearson": (-1, 1),
    "spearman": (-1, 1),
    "kappa": (-math.inf, 1),
}


@settings(max_examples=40, deadline=None)
@given(s=stance_frames(), metric=st.sampled_from(METRICS), min_overlap=st.integers(0, 4))
def test_symmetric_and_bounded(s: pd.DataFrame, metric: str, min_overlap: int) -> None:
    got = agreement(s, metric, min_overlap=min_overlap).to_numpy()  # type: ignore[arg-type]
    np.testing.assert_array_equal(got, got.T)
    lo, hi = BOUNDS[metric]
    finite = got[~np.isnan(got)]
    assert np.all(finite >= lo - 1e-12)
    assert np.all(finite <= hi + 1e-12)


@settings(max_examples=40, deadline=None)
@given(
    s=stance_frames(),
    metric=st.sampled_from(METRICS),
    data=st.data(),
)
def test_invariant_under_reordering(s: pd.DataFrame, metric: str, data: Any) -> None:
    rows = data.draw(st.permutations(range(s.shape[0])))
    cols = data.draw(st.permutations(range(s.shape[1])))
    base = agreement(s, metric)  # type: ignore[arg-type]
    shuffled = agreement(s.iloc[rows, cols], metric)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(shuffled.loc[base.index, base.columns], base, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    s=stance_frames(),
    metric=st.sampled_from(["exact", "sign", "cityblock", "congruence", "conflict"]),
    min_overlap=st.integers(1, 5),
)
def test_nan_exactly_where_overlap_too_small(
    s: pd.DataFrame, metric: str, min_overlap: int
) -> None:
    got = agreement(s, metric, min_overlap=min_overlap)  # type: ignore[arg-type]
    counts = overlap(s)
    np.testing.assert_array_equal(got.isna().to_numpy(), (counts < min_overlap).to_numpy())


@settings(max_examples=30, deadline=None)
@given(s=stance_frames(), metric=st.sampled_from(["pearson", "spearman", "kappa"]))
def test_undefined_only_adds_nan(s: pd.DataFrame, metric: str) -> None:
    got = agreement(s, metric, min_overlap=2)  # type: ignore[arg-type]
    assert got.isna().to_numpy()[overlap(s).to_numpy() < 2].all()


# -- clustering order ---------------------------------------------------------------------


def _naive_upgma(d: np.ndarray) -> list[tuple[frozenset[int], float]]:
    """Textbook UPGMA: repeatedly join the two clusters with the smallest mean pairwise
    distance between their members (no Lance-Williams update)."""
    clusters = [frozenset([i]) for i in range(len(d))]
    out = []
    while len(clusters) > 1:
        best = None
        for p, q in itertools.combinations(range(len(clusters)), 2):
            dist = np.mean([d[i, j] for i in clusters[p] for j in clusters[q]])
            if best is None or dist < best[0]:
                best = (dist, p, q)
        assert best is not None
        dist, p, q = best
        merged = clusters[p] | clusters[q]
        clusters = [c for k, c in enumerate(clusters) if k not in (p, q)] + [merged]
        out.append((merged, float(dist)))
    return out


def _tree(s: pd.DataFrame, metric: str = "cityblock", **kw: Any) -> list[tuple[int, int, float]]:
    values = agreement(s, metric, **kw).to_numpy()  # type: ignore[arg-type]
    return _upgma(_distances(values, metric, "average")) if len(values) > 1 else []


def _tree_camps(s: pd.DataFrame, k: int, metric: str = "cityblock", **kw: Any) -> pd.Series:
    """The average-linkage tree cut into k clusters (the camps before issue 27; the tree
    still orders heatmaps)."""
    return pd.Series(_cut(len(s), _tree(s, metric, **kw), k), index=s.index)


def _partition(labels: pd.Series) -> set[frozenset[str]]:
    return {frozenset(labels.index[labels == c]) for c in labels.unique()}


@pytest.mark.parametrize("seed", range(4))
def test_camps_match_naive_upgma(seed: int) -> None:
    # continuous-looking distances (0..10 scale, many issues) so no ties
    rng = np.random.default_rng(seed)
    s = pd.DataFrame(rng.integers(0, 11, size=(11, 40)).astype(float))
    s.index = [f"v{i}" for i in range(11)]
    d = 1 - agreement(s, "cityblock", scale=(0, 10)).to_numpy()
    merges = _naive_upgma(d)
    for k in range(1, 12):
        # the partition into k camps = leaves + the first n - k merges, maximal sets only
        groups = [frozenset([i]) for i in range(11)] + [m for m, _ in merges[: 11 - k]]
        maximal = {g for g in groups if not any(g < h for h in groups)}
        want = {frozenset(s.index[i] for i in g) for g in maximal}
        got = _tree_camps(s, k, scale=(0, 10))
        assert _partition(got) == want


def test_camps_match_scipy_when_available() -> None:
    hierarchy = pytest.importorskip("scipy.cluster.hierarchy")
    spatial = pytest.importorskip("scipy.spatial.distance")
    rng = np.random.default_rng(11)
    s = pd.DataFrame(rng.integers(0, 101, size=(40, 30)).astype(float))
    s.index = [f"v{i}" for i in range(40)]
    d = 1 - agreement(s, "cityblock", scale=(0, 100)).to_numpy()
    z = hierarchy.linkage(spatial.squareform(d, checks=False), method="average")
    for k in (2, 3, 5, 9):
        want = pd.Series(hierarchy.fcluster(z, k, criterion="maxclust"), index=s.index)
        got = _tree_camps(s, k, scale=(0, 100))
        assert _partition(got) == _partition(want)


def test_cluster_order_hand_worked() -> None:
    s = pd.DataFrame(
        {"a": [2.0, -2, 2, -2, 0], "b": [2.0, -2, 1, -1, NAN]},
        index=["p", "q", "r", "t", "u"],
    )
    got = agreement(s, "cityblock", order="cluster")
    # p~r (d 1/8) and q~t (1/8) pair up; u (0) sits between, joins one side last.
    assert set(got.index) == set(s.index)
    pos = {v: i for i, v in enumerate(got.index)}
    assert abs(pos["p"] - pos["r"]) == 1
    assert abs(pos["q"] - pos["t"]) == 1
    assert got.index[0] == "p"  # the subtree holding the first voice comes first
    np.testing.assert_array_equal(got.to_numpy(), got.to_numpy().T)
    base = agreement(s, "cityblock")
    pd.testing.assert_frame_equal(got.loc[base.index, base.columns], base)


def test_cluster_order_is_deterministic_with_ties_and_nan() -> None:
    # all voices identical or disjoint: many ties and NaN distances (treated as 1)
    s = pd.DataFrame(
        {"a": [1.0, 1, NAN, NAN, 1], "b": [NAN, NAN, 2, 2, NAN]},
        index=["p", "q", "r", "t", "u"],
    )
    first = agreement(s, "exact", order="cluster").index.tolist()
    assert first == agreement(s, "exact", order="cluster").index.tolist()
    assert first == ["p", "q", "u", "r", "t"]
    assert _tree_camps(s, 2, "exact").tolist() == [1, 1, 2, 2, 1]


@settings(max_examples=30, deadline=None)
@given(s=stance_frames(), data=st.data())
def test_tree_clusters_are_contiguous_in_cluster_order(s: pd.DataFrame, data: Any) -> None:
    k = data.draw(st.integers(1, s.shape[0]))
    merges = _tree(s)
    labels = pd.Series(_cut(len(s), merges, k), index=s.index)
    order = [s.index[i] for i in _leaf_order(len(s), merges)]
    assert sorted(order) == sorted(s.index)
    assert sorted(set(labels)) == list(range(1, k + 1))
    sizes = labels.value_counts().sort_index().tolist()
    assert sizes == sorted(sizes, reverse=True)
    seq = [int(labels[v]) for v in order]
    runs = [key for key, _ in itertools.groupby(seq)]
    assert len(runs) == len(set(runs))  # each cluster is one run of the dendrogram order


# camps themselves (k-means in the camp space): tests/test_campfind.py


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"metric": "euclid"}, "metric must be one of"),
        ({"normalization": "max"}, "normalization must be one of"),
        ({"order": "alpha"}, "order must be None or 'cluster'"),
        ({"min_overlap": -1}, "min_overlap must be an integer >= 0"),
        ({"min_overlap": True}, "min_overlap must be an integer"),
        ({"weights": {"zz": 1}}, "weights name issue.*zz"),
        ({"weights": {"a": -1}}, "weight of issue 'a' must be a finite number >= 0"),
        ({"weights": {"a": "2"}}, "weight of issue 'a'"),
        ({"weights": [1, 2]}, "weights must be a mapping"),
        ({"scale": (2, -2)}, "scale must be"),
        ({"scale": (-1, 1)}, "stance of voice 'x' on issue 'a' must lie on the scale"),
        ({"holder": "author"}, "holder selects voices of a Dataset"),
        ({"metric": "congruence", "normalization": "none", "order": "cluster"}, "bounded"),
    ],
)
def test_usage_errors(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(UsageError, match=match):
        agreement(HAND, **kwargs)


def test_bad_data_errors() -> None:
    with pytest.raises(UsageError, match=r"must be a posmatrix\.Dataset or a stance matrix"):
        agreement([[1, 2]])  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="column 'b' must hold numbers"):
        agreement(pd.DataFrame({"a": [1.0], "b": ["x"]}))
    with pytest.raises(UsageError, match="'x' appears twice"):
        agreement(pd.DataFrame({"a": [1.0, 2.0]}, index=["x", "x"]))
    with pytest.raises(UsageError, match="must lie on the scale"):
        agreement(pd.DataFrame({"a": [1.0, math.inf]}))
    with pytest.raises(UsageError, match="holder must be"):
        agreement(_dataset(), holder="nobody")


@pytest.mark.parametrize("k", [0, 4, True, 1.5])
def test_camps_bad_k(k: Any) -> None:
    with pytest.raises(UsageError, match="k must be an integer"):
        camps(HAND, k)
