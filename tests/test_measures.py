"""Tests of posmatrix.measures against published values, hand computations and naive loops.

Where a source prints fewer digits than 1e-6, the test checks the printed value to its
own precision *and* an exact hand computation (or naive loop) to 1e-9.
"""

from __future__ import annotations

import math
from itertools import combinations, permutations

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posmatrix.errors import UsageError
from posmatrix.measures import (
    LEVELS,
    hix_agreement_index,
    krippendorff_alpha,
    leik_d,
    tastle_wierman,
    van_der_eijk_a,
)

NAN = math.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders
# (rows) x 12 units (columns), values 1..5, missing values as NaN.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]
# Published there to three decimals.
KRIPPENDORFF_2011_ALPHA = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}

# van der Eijk (2001), p. 331, as documented by agrmt (man/agreement.Rd, vignette).
EIJK_EXAMPLE = [30, 40, 210, 130, 530, 50, 10]


# -- naive reference implementations (loops, written from the papers) ---------------------


def naive_alpha(data: list[list[float]], level: str) -> float:
    """Krippendorff (2011), step by step: coincidences by loops over units and coder pairs."""
    rows = np.asarray(data, dtype=float)
    vals = sorted({v for v in rows.ravel() if not math.isnan(v)})
    idx = {v: i for i, v in enumerate(vals)}
    o = np.zeros((len(vals), len(vals)))
    for u in range(rows.shape[1]):
        present = [v for v in rows[:, u] if not math.isnan(v)]
        m = len(present)
        if m < 2:
            continue
        for a, b in permutations(range(m), 2):
            o[idx[present[a]], idx[present[b]]] += 1 / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()

    def delta(c: int, k: int) -> float:
        if level == "nominal":
            return 0.0 if c == k else 1.0
        if level == "ordinal":
            lo, hi = min(c, k), max(c, k)
            return (sum(n_c[g] for g in range(lo, hi + 1)) - (n_c[c] + n_c[k]) / 2) ** 2
        vc, vk = vals[c], vals[k]
        if level == "interval":
            return (vc - vk) ** 2
        return 0.0 if vc + vk == 0 else ((vc - vk) / (vc + vk)) ** 2

    size = len(vals)
    d_o = sum(o[c, k] * delta(c, k) for c in range(size) for k in range(size))
    d_e = sum(n_c[c] * n_c[k] * delta(c, k) for c in range(size) for k in range(size))
    return float(1 - (n - 1) * d_o / d_e)


def naive_eijk(freq: list[float]) -> float:
    """agrmt's agreement(V): peel off layers, count triples by a triple loop."""
    k = len(freq)
    rest = [float(f) for f in freq]
    total = sum(rest)
    result = 0.0
    while max(rest) > 0:
        pattern = [1 if r > 0 else 0 for r in rest]
        tu = tdu = 0
        for i, j, m in combinations(range(k), 3):
            triple = (pattern[i], pattern[j], pattern[m])
            tdu += triple == (1, 0, 1)
            tu += triple in ((1, 1, 0), (0, 1, 1))
        s = sum(pattern)
        if s == 1:
            a = 1.0
        elif tu + tdu == 0:
            a = 0.0
        else:
            u = ((k - 2) * tu - (k - 1) * tdu) / ((k - 2) * (tu + tdu))
            a = u * (1 - (s - 1) / (k - 1))
        height = min(r for r in rest if r > 0)
        result += height * s / total * a
        rest = [r - height if r > 0 else 0.0 for r in rest]
    return result


# -- Krippendorff's alpha -----------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_alpha_krippendorff_2011_worked_example(level: str) -> None:
    # Krippendorff (2011), section C, published: nominal .743, ordinal .815,
    # interval .849, ratio .797 (three decimals printed).
    got = krippendorff_alpha(KRIPPENDORFF_2011, level)
    assert got == pytest.approx(KRIPPENDORFF_2011_ALPHA[level], abs=5e-4)
    assert got == pytest.approx(naive_alpha(KRIPPENDORFF_2011, level), abs=1e-12)


def test_alpha_nominal_worked_example_exact() -> None:
    # Krippendorff (2011): nominal alpha = 1 - (n - 1) (n - sum_c o_cc) / (n^2 - sum_c n_c^2).
    # By hand from the data: unit 12 has one value and is left out; the other 11 units
    # hold n = 40 pairable values with margins n_1..n_5 = 9, 13, 10, 5, 3. Each unit adds
    # sum_c m_uc (m_uc - 1) / (m_u - 1) to the diagonal: 3 + 2 + 4 + 4 + 4 + 0 + 4 + 2 + 4
    # + 3 + 2 = 32. So alpha = 1 - 39 * 8 / (1600 - 384) = 1 - 312 / 1216.
    n, margins, diagonal = 40, [9, 13, 10, 5, 3], 32
    expected = 1 - (n - 1) * (n - diagonal) / (n * n - sum(m * m for m in margins))
    assert expected == pytest.approx(1 - 312 / 1216, abs=1e-15)
    assert krippendorff_alpha(KRIPPENDORFF_2011, "nominal") == pytest.approx(expected, abs=1e-12)


def test_alpha_krippendorff_package_documented_example() -> None:
    # The example of the krippendorff package's docstring (also Wikipedia's "Krippendorff's
    # alpha" article): 3 coders x 15 units; documented nominal 0.691358, interval 0.810845.
    data = [
        [NAN, NAN, NAN, NAN, NAN, 3, 4, 1, 2, 1, 1, 3, 3, NAN, 3],
        [1, NAN, 2, 1, 3, 3, 4, 3, NAN, NAN, NAN, NAN, NAN, NAN, NAN],
        [NAN, NAN, 2, 1, 3, 4, 4, NAN, 2, 1, 1, 3, 3, NAN, 4],
    ]
    assert krippendorff_alpha(data, "nominal") == pytest.approx(0.691358, abs=5e-7)
    assert krippendorff_alpha(data, "interval") == pytest.approx(0.810845, abs=5e-7)
    for level in LEVELS:
        assert krippendorff_alpha(data, level) == pytest.approx(naive_alpha(data, level), abs=1e-12)


WORDS = ["very low", "low", "mid", "high", "very high"]


def _as_labels(data: list[list[float]] | np.ndarray, missing: object = None) -> list[list[object]]:
    return [[missing if math.isnan(v) else WORDS[int(v) - 1] for v in row] for row in data]


@pytest.mark.parametrize("missing", [None, NAN, "nan"])
def test_alpha_on_labels(missing: object) -> None:
    # Krippendorff (2011) example as words: nominal .743 without an order, ordinal .815
    # with the order given in values.
    labels = _as_labels(KRIPPENDORFF_2011, missing)
    nominal = krippendorff_alpha(labels, "nominal")
    assert nominal == pytest.approx(krippendorff_alpha(KRIPPENDORFF_2011, "nominal"), abs=1e-12)
    ordinal = krippendorff_alpha(labels, "ordinal", values=WORDS)
    assert ordinal == pytest.approx(krippendorff_alpha(KRIPPENDORFF_2011, "ordinal"), abs=1e-12)
    assert round(ordinal, 3) == KRIPPENDORFF_2011_ALPHA["ordinal"]


def test_alpha_with_value_domain_is_unchanged() -> None:
    # Values that do not occur have zero margins and add nothing, at every level.
    for level in LEVELS:
        full = krippendorff_alpha(KRIPPENDORFF_2011, level, values=[0, 1, 2, 3, 4, 5, 6])
        assert full == pytest.approx(krippendorff_alpha(KRIPPENDORFF_2011, level), abs=1e-12)


def test_alpha_perfect_agreement_is_one() -> None:
    data = [[1, 2, 3, NAN], [1, 2, 3, 4]]
    assert krippendorff_alpha(data, "ordinal") == 1.0


def test_alpha_units_coded_once_are_left_out() -> None:
    with_single = [[1, 2, 3, 5], [1, 3, 3, NAN]]
    without = [[1, 2, 3], [1, 3, 3]]
    for level in LEVELS:
        assert krippendorff_alpha(with_single, level) == pytest.approx(
            krippendorff_alpha(without, level), abs=1e-12
        )


@pytest.mark.parametrize(
    "data",
    [
        pytest.param([[1, NAN], [NAN, 2]], id="no-pairable-unit"),
        pytest.param([[3, 3, NAN], [3, 3, 1]], id="one-pairable-value"),
        pytest.param(np.empty((2, 0)), id="no-units"),
    ],
)
def test_alpha_undefined_is_nan(data: object) -> None:
    for level in LEVELS:
        assert math.isnan(krippendorff_alpha(data, level))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"level": "ordered"}, "'level' must be one of", id="level"),
        pytest.param({"reliability_data": [1, 2, 3]}, "2-D array", id="1d"),
        pytest.param({"reliability_data": np.zeros((2, 2, 2))}, "2-D array", id="3d"),
        pytest.param(
            {"reliability_data": [["a", "b"], ["a", "c"]], "level": "interval"},
            "non-numeric values, which have no interval distances",
            id="text-interval",
        ),
        pytest.param(
            {"reliability_data": [["a", "b"], ["a", "c"]], "level": "ordinal"},
            "needs their order",
            id="text-ordinal-unordered",
        ),
        pytest.param(
            {"reliability_data": [["a", "b"], ["a", "c"]], "values": ["a", "b"]},
            "outside 'values': \\['c'\\]",
            id="text-out-of-domain",
        ),
        pytest.param(
            {"reliability_data": [["a", "b"], ["a", "c"]], "values": ["a", "b", "c", "a"]},
            "repeat",
            id="text-duplicate-domain",
        ),
        pytest.param({"reliability_data": [["a", "b", "c"]] * 2 + [[["x"]]]}, "2-D", id="ragged"),
        pytest.param({"reliability_data": [[1, math.inf], [1, 2]]}, "inf", id="inf"),
        pytest.param({"values": [1, 2]}, "outside 'values': 3", id="out-of-domain"),
        pytest.param({"values": [1, 2, 2, 3]}, "repeat", id="duplicate-domain"),
        pytest.param({"values": [[1, 2, 3]]}, "1-D", id="domain-shape"),
        pytest.param({"values": [1, 2, NAN]}, "finite", id="domain-nan"),
        pytest.param(
            {"reliability_data": [[-1, 2], [1, 2]], "level": "ratio"}, "values >= 0", id="ratio"
        ),
    ],
)
def test_alpha_usage_errors(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"reliability_data": [[1, 2, 3], [1, 2, 2]], "level": "nominal"}
    args.update(kwargs)
    with pytest.raises(UsageError, match=message):
        krippendorff_alpha(**args)  # type: ignore[arg-type]


reliability_arrays = st.tuples(
    st.integers(2, 6), st.integers(1, 40), st.integers(2, 7), st.integers(0, 2**32 - 1)
).map(
    lambda t: _random_data(*t),
)


def _random_data(coders: int, units: int, n_values: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    data = rng.integers(0, n_values, size=(coders, units)).astype(float)
    data[rng.random((coders, units)) < 0.3] = np.nan
    return data


@settings(max_examples=150, deadline=None)
@given(data=reliability_arrays, level=st.sampled_from(LEVELS))
def test_alpha_equals_krippendorff_package(data: np.ndarray, level: str) -> None:
    krippendorff = pytest.importorskip("krippendorff")
    ours = krippendorff_alpha(data, level)
    counts = (~np.isnan(data)).sum(axis=0)
    pairable = data[:, counts >= 2]
    if not pairable.size or np.unique(pairable[~np.isnan(pairable)]).size < 2:
        assert math.isnan(ours)  # the package raises or divides 0 by 0 here
        return
    theirs = krippendorff.alpha(data, level_of_measurement=level)
    assert ours == pytest.approx(theirs, abs=1e-9)
    assert ours == pytest.approx(naive_alpha(data.tolist(), level), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(data=reliability_arrays)
def test_alpha_labels_equal_codes(data: np.ndarray) -> None:
    names = [f"v{i}" for i in range(7)]  # random values are 0..6
    labels = [[None if math.isnan(v) else names[int(v)] for v in row] for row in data]
    for level in ("nominal", "ordinal"):
        a = krippendorff_alpha(data, level)
        b = krippendorff_alpha(labels, level, values=names)
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(data=reliability_arrays, level=st.sampled_from(LEVELS), seed=st.integers(0, 1000))
def test_alpha_invariant_under_reordering(data: np.ndarray, level: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    shuffled = data[rng.permutation(data.shape[0])][:, rng.permutation(data.shape[1])]
    a, b = krippendorff_alpha(data, level), krippendorff_alpha(shuffled, level)
    assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(data=reliability_arrays, level=st.sampled_from(LEVELS))
def test_alpha_at_most_one(data: np.ndarray, level: str) -> None:
    a = krippendorff_alpha(data, level)
    assert math.isnan(a) or a <= 1 + 1e-12


# -- van der Eijk's A ---------------------------------------------------------------------


def test_eijk_worked_example_agrmt() -> None:
    # agrmt documents agreement(c(30,40,210,130,530,50,10)) as 0.6113333. By hand, the
    # layers of the paper (p. 331; agrmt vignette) with their share of the 1000
    # observations and their A:
    #   1111111  70/1000  A = 0                     (all categories non-empty)
    #   1111110 120/1000  A = 1 * (1 - 5/6) = 1/6   (TU = 15, TDU = 0)
    #   0111110  50/1000  A = 1 - 4/6 = 1/3
    #   0011110  40/1000  A = 1 - 3/6 = 1/2
    #   0011100 240/1000  A = 1 - 2/6 = 2/3
    #   0010100 160/1000  A = U (1 - 1/6), TU = 4, TDU = 1, U = (5*4 - 6*1)/(5*5) = 14/25
    #   0000100 320/1000  A = 1
    by_hand = (
        0.07 * 0
        + 0.12 * (1 / 6)
        + 0.05 * (1 / 3)
        + 0.04 * (1 / 2)
        + 0.24 * (2 / 3)
        + 0.16 * (14 / 25 * 5 / 6)
        + 0.32 * 1
    )
    got = van_der_eijk_a(EIJK_EXAMPLE)
    assert got == pytest.approx(0.6113333, abs=5e-8)
    assert got == pytest.approx(by_hand, abs=1e-12)


@pytest.mark.parametrize(
    ("freq", "published"),
    [
        # van der Eijk (2001): party placements on a 7-point scale, percentages; the agrmt
        # vignette reports 0.61 (PvdA) and 0.48 (D66), two decimals.
        pytest.param([2.4, 2.8, 3.2, 6.2, 13.5, 30.4, 41.6], 0.61, id="PvdA"),
        pytest.param([1.6, 2.6, 8.2, 21, 29.3, 27, 10.3], 0.48, id="D66"),
        # agrmt website ("Agreement in R"): collapse(...) = [6, 8, 5, 3, 2] gives 0.31.
        pytest.param([6, 8, 5, 3, 2], 0.31, id="agrmt-collapse"),
    ],
)
def test_eijk_published_two_decimals(freq: list[float], published: float) -> None:
    got = van_der_eijk_a(freq)
    assert got == pytest.approx(published, abs=0.005)
    assert got == pytest.approx(naive_eijk(freq), abs=1e-12)


@pytest.mark.parametrize(
    ("freq", "expected"),
    [
        # The ideal types of van der Eijk (2001) and the agrmt documentation.
        pytest.param([0, 0, 50, 0, 0], 1.0, id="full-agreement"),
        pytest.param([20, 20, 20, 20, 20], 0.0, id="uniform"),
        pytest.param([10, 0, 0, 0, 0, 0, 10], -1.0, id="bimodal-extremes"),
        pytest.param([1, 0, 1], -1.0, id="bimodal-three"),
        # By hand: pattern 011, K = 3: TU = 1, TDU = 0, U = 1, A = 1 - 1/2.
        pytest.param([0, 4, 4], 0.5, id="two-adjacent"),
        # By hand: [2, 1, 1, 2]: layer 1111 (weight 4/6, A = 0), layer 1001 (weight 2/6):
        # TDU = 2, TU = 0, U = -(3*2)/(2*2) = -3/2, A = -3/2 * (1 - 1/3) = -1.
        pytest.param([2, 1, 1, 2], -1 / 3, id="u-shape"),
        # By hand: [1, 1, 3, 4]: 1111 (4/9, A=0); 0011 (4/9: TU = 2, U = 1, A = 1 - 1/3);
        # 0001 (1/9, A = 1).
        pytest.param([1, 1, 3, 4], 4 / 9 * 2 / 3 + 1 / 9, id="skewed"),
    ],
)
def test_eijk_by_hand(freq: list[float], expected: float) -> None:
    assert van_der_eijk_a(freq) == pytest.approx(expected, abs=1e-12)


def test_eijk_rows_are_vectorized() -> None:
    stack = [EIJK_EXAMPLE, [10, 0, 0, 0, 0, 0, 10], [1, 1, 1, 1, 1, 1, 1]]
    got = van_der_eijk_a(stack)
    assert isinstance(got, np.ndarray)
    assert got.shape == (3,)
    np.testing.assert_allclose(got, [van_der_eijk_a(f) for f in stack], atol=1e-12)


frequency_vectors = hnp.arrays(
    np.int64,
    st.integers(3, 9),
    elements=st.integers(0, 30),
).filter(lambda a: a.sum() > 0)


@settings(max_examples=200, deadline=None)
@given(freq=frequency_vectors)
def test_eijk_matches_naive_layers(freq: np.ndarray) -> None:
    got = van_der_eijk_a(freq)
    assert got == pytest.approx(naive_eijk(freq.tolist()), abs=1e-12)
    assert -1 - 1e-12 <= got <= 1 + 1e-12
    assert van_der_eijk_a(freq[::-1]) == pytest.approx(got, abs=1e-12)
    assert van_der_eijk_a(freq * 7) == pytest.approx(got, abs=1e-12)


# -- Leik ---------------------------------------------------------------------------------


def test_leik_agrmt_example() -> None:
    # agrmt documents Leik(c(30,40,210,130,530,50,10)) as 0.287. By hand: cumulative
    # proportions .03 .07 .28 .41 .94 .99 (1); min(F, 1 - F) = .03 .07 .28 .41 .06 .01;
    # sum .86; divided by (7 - 1) / 2 = 3.
    got = leik_d(EIJK_EXAMPLE)
    assert got == pytest.approx(0.287, abs=5e-4)
    assert got == pytest.approx(0.86 / 3, abs=1e-12)


@pytest.mark.parametrize(
    ("freq", "expected"),
    [
        pytest.param([0, 9, 0, 0], 0.0, id="one-category"),
        pytest.param([5, 0, 0, 5], 1.0, id="extremes"),  # Leik (1966): maximal dispersion
        # By hand: F = .25 .5 .75 (1); min = .25 .5 .25; sum 1; / 1.5.
        pytest.param([1, 1, 1, 1], 1 / 1.5, id="uniform-4"),
        pytest.param([3, 1], 0.25 / 0.5, id="two-categories"),
    ],
)
def test_leik_by_hand(freq: list[float], expected: float) -> None:
    assert leik_d(freq) == pytest.approx(expected, abs=1e-12)


# -- Tastle and Wierman -------------------------------------------------------------------


def tw_by_hand(freq: list[float]) -> float:
    total = sum(freq)
    p = [f / total for f in freq]
    k = len(freq)
    mu = sum(pi * (i + 1) for i, pi in enumerate(p))
    return 1 + sum(pi * math.log2(1 - abs(i + 1 - mu) / (k - 1)) for i, pi in enumerate(p) if pi)


def test_tastle_wierman_agrmt_example() -> None:
    # agrmt documents consensus(c(30,40,210,130,530,50,10)) as 0.7256876.
    got = tastle_wierman(EIJK_EXAMPLE)
    assert got == pytest.approx(0.7256876, abs=5e-8)
    assert got == pytest.approx(tw_by_hand(EIJK_EXAMPLE), abs=1e-12)


@pytest.mark.parametrize(
    ("freq", "expected"),
    [
        pytest.param([0, 0, 4, 0, 0], 1.0, id="one-category"),
        pytest.param([6, 0, 0, 0, 6], 0.0, id="extremes"),
        # By hand: mean 3 on 1..5, width 4: p = .2 each; terms log2(1 - 2/4) = -1 (x2),
        # log2(1 - 1/4) (x2), log2(1) = 0: 1 + .2 * (-2 + 2 * log2(.75)).
        pytest.param([1, 1, 1, 1, 1], 1 + 0.2 * (-2 + 2 * math.log2(0.75)), id="uniform-5"),
    ],
)
def test_tastle_wierman_by_hand(freq: list[float], expected: float) -> None:
    assert tastle_wierman(freq) == pytest.approx(expected, abs=1e-12)


@settings(max_examples=150, deadline=None)
@given(freq=frequency_vectors)
def test_dispersion_properties(freq: np.ndarray) -> None:
    tw, leik = tastle_wierman(freq), leik_d(freq)
    assert tw == pytest.approx(tw_by_hand(freq.tolist()), abs=1e-12)
    assert -1e-12 <= tw <= 1 + 1e-12
    assert -1e-12 <= leik <= 1 + 1e-12
    assert tastle_wierman(freq[::-1]) == pytest.approx(tw, abs=1e-12)
    assert leik_d(freq[::-1]) == pytest.approx(leik, abs=1e-12)
    stacked = np.stack([freq, freq * 3])
    np.testing.assert_allclose(tastle_wierman(stacked), [tw, tw], atol=1e-12)
    np.testing.assert_allclose(leik_d(stacked), [leik, leik], atol=1e-12)


# -- Hix, Noury and Roland ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        # Hix, Noury and Roland (2005): 1 when all members vote alike, 0 when they are
        # divided equally among yes, no and abstain.
        pytest.param((40, 0, 0), 1.0, id="all-yes"),
        pytest.param((0, 0, 12), 1.0, id="all-abstain"),
        pytest.param((7, 7, 7), 0.0, id="three-way-split"),
        # By hand: (50 - 0.5 * 50) / 100.
        pytest.param((50, 50, 0), 0.25, id="two-way-split"),
        # By hand: (6 - 0.5 * 4) / 10.
        pytest.param((6, 3, 1), 0.4, id="mixed"),
    ],
)
def test_hix_examples(votes: tuple[int, int, int], expected: float) -> None:
    got = hix_agreement_index(*votes)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, abs=1e-12)


def test_hix_broadcasts() -> None:
    got = hix_agreement_index([[40, 7], [50, 6]], [[0, 7], [50, 3]], 0)
    expected = [[1.0, (7 - 0.5 * 7) / 14], [0.25, (6 - 1.5) / 9]]
    np.testing.assert_allclose(got, expected, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(votes=st.tuples(*[st.integers(0, 500)] * 3).filter(lambda v: sum(v) > 0))
def test_hix_bounds_and_symmetry(votes: tuple[int, int, int]) -> None:
    ai = hix_agreement_index(*votes)
    assert -1e-12 <= ai <= 1 + 1e-12
    assert hix_agreement_index(votes[2], votes[0], votes[1]) == pytest.approx(ai, abs=1e-12)


# -- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("measure", [van_der_eijk_a, leik_d, tastle_wierman])
@pytest.mark.parametrize(
    ("freq", "message"),
    [
        pytest.param([3, -1, 2], "finite numbers >= 0, got freq\\[1\\] = -1", id="negative"),
        pytest.param([3, NAN, 2], "finite numbers >= 0", id="nan"),
        pytest.param([0, 0, 0], "no observations", id="all-zero"),
        pytest.param([[1, 2, 3], [0, 0, 0]], "row 1 of 'freq' has no observations", id="row"),
        pytest.param([[[1, 2, 3]]], "shape \\(k,\\) or", id="3d"),
        pytest.param([5], "at least", id="one-category"),
        pytest.param(["a", "b", "c"], "numeric", id="text"),
    ],
)
def test_frequency_usage_errors(measure: object, freq: object, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        measure(freq)  # type: ignore[operator]


def test_eijk_needs_three_categories() -> None:
    with pytest.raises(UsageError, match="at least 3 categories"):
        van_der_eijk_a([4, 1])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param((0, 0, 0), "no votes", id="empty"),
        pytest.param((-1, 2, 0), "'yes' must hold vote counts >= 0", id="negative"),
        pytest.param(([1, 2], [1, 2, 3], 0), "broadcastable", id="shapes"),
    ],
)
def test_hix_usage_errors(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        hix_agreement_index(*args)  # type: ignore[arg-type]
