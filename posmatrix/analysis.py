"""Who agrees with whom: pairwise agreement between voices, their overlap, and camps.

:func:`agreement` compares every pair of voices (rows of a stance matrix) over the
issues both address, by one of nine metrics; :func:`overlap` counts those common
issues, so a score resting on one issue is visible; :func:`camps` hands over to
:mod:`posmatrix.campfind` (k-means in a missing-aware principal-component space, with
sparse voices set aside); the average-linkage tree orders heatmaps
(``agreement(..., order="cluster")``).

Everything is computed for all pairs at once with masks, one-hot (or cumulative
"at most") encodings and matrix products — never a Python loop over pairs of
voices. Products run in float32 when every summand is a small integer (or a
multiple of 1/2 or 1/4) so that the float32 sums are exact, and in float64
otherwise; the final ratios are float64. Formulas, ranges, missing-value rules and
references for every metric are in ``docs/methods.md`` ("Agreement metrics").
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Final, Literal, get_args

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from .campfind import Camps
from .errors import UsageError
from .limits import check_pairs
from .matrix import HolderSpec, stance_matrix
from .model import Dataset, Scale

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .groups import BySpec

__all__ = ["METRICS", "NORMALIZATIONS", "Camps", "agreement", "camps", "overlap"]

Metric = Literal[
    "exact",
    "sign",
    "cityblock",
    "congruence",
    "conflict",
    "subtract",
    "pearson",
    "spearman",
    "kappa",
]
Normalization = Literal["none", "average", "jaccard", "cosine"]
Weights = Mapping[str, float] | pd.Series
ScaleSpec = Scale | tuple[int, int] | None

METRICS: Final[tuple[Metric, ...]] = get_args(Metric)
"""The metrics :func:`agreement` computes."""

NORMALIZATIONS: Final = ("none", "average", "jaccard", "cosine")
"""The normalizations of the Discourse Network Analyzer metrics."""

_DNA: Final = ("congruence", "conflict", "subtract")
_SHARE: Final = ("exact", "sign", "cityblock")  # shares of the common weight
_F32_EXACT: Final = 2.0**24  # float32 represents every integer up to 2**24 exactly
_BLOCK_ELEMENTS: Final = 2**22  # float64 elements of temporaries per row block (32 MB)
_THREADS: Final = min(4, os.cpu_count() or 1)  # threads of the elementwise finishing

F64 = npt.NDArray[np.float64]
Arr = npt.NDArray[Any]


# -- input ------------------------------------------------------------------------------


@attrs.frozen
class _Input:
    values: F64  # voices × issues, NaN = not addressed
    voices: pd.Index
    weights: F64  # one per issue, >= 0
    lo: float
    hi: float

    @property
    def mask(self) -> npt.NDArray[np.bool_]:
        return ~np.isnan(self.values)

    @property
    def range(self) -> float:
        return self.hi - self.lo

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2


def _scale_bounds(scale: ScaleSpec, default: Scale) -> tuple[float, float]:
    if scale is None:
        return float(default.min), float(default.max)
    if isinstance(scale, Scale):
        return float(scale.min), float(scale.max)
    if isinstance(scale, tuple) and len(scale) == 2:
        lo, hi = scale
        ok = all(
            isinstance(v, (int, float, np.integer, np.floating))
            and not isinstance(v, bool)
            and math.isfinite(v)
            for v in (lo, hi)
        )
        if ok and lo < hi:
            return float(lo), float(hi)
    raise UsageError(
        "scale must be a posmatrix.Scale or a (min, max) tuple of finite numbers with "
        f"min < max, e.g. (-2, 2); got {scale!r}"
    )


def _issue_weights(weights: Weights | None, issues: pd.Index, base: F64) -> F64:
    out: F64 = np.array(base, dtype=np.float64)
    if weights is None:
        return out
    if isinstance(weights, (pd.Series, Mapping)):
        items: list[tuple[Any, Any]] = list(weights.items())
    else:
        raise UsageError(
            "weights must be a mapping issue -> weight or a pandas Series indexed by issue, "
            f"got {type(weights).__name__}"
        )
    position = {issue: j for j, issue in enumerate(issues)}
    unknown = [str(k) for k, _ in items if k not in position]
    if unknown:
        raise UsageError(
            f"weights name issue(s) not in the data: {', '.join(unknown)}; "
            f"known issues: {', '.join(map(str, issues)) or 'none'}"
        )
    for key, value in items:
        number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
            value, (bool, np.bool_)
        )
        if not number or not (math.isfinite(value) and value >= 0):
            raise UsageError(f"weight of issue {key!r} must be a finite number >= 0, got {value!r}")
        out[position[key]] = float(value)
    return out


def _prepare(
    data: Dataset | pd.DataFrame,
    *,
    holder: HolderSpec,
    weights: Weights | None,
    scale: ScaleSpec,
    check_scale: bool = True,
) -> _Input:
    if isinstance(data, Dataset):
        frame = stance_matrix(data, holder)
        base = np.array([data.issues[i].weight for i in frame.columns], dtype=np.float64)
        lo, hi = _scale_bounds(scale, data.scale)
    elif isinstance(data, pd.DataFrame):
        if holder is not None:
            raise UsageError(
                "holder selects voices of a Dataset; with a stance matrix DataFrame pass "
                f"holder=None and select rows yourself (got holder={holder!r})"
            )
        frame = data
        base = np.ones(frame.shape[1], dtype=np.float64)
        lo, hi = _scale_bounds(scale, Scale())
    else:
        raise UsageError(
            "data must be a posmatrix.Dataset or a stance matrix DataFrame (voices x issues), "
            f"got {type(data).__name__}"
        )
    if not frame.index.is_unique:
        dup = frame.index[frame.index.duplicated()][0]
        raise UsageError(f"voice labels (the index) must be unique; {dup!r} appears twice")
    if not frame.columns.is_unique:
        dup = frame.columns[frame.columns.duplicated()][0]
        raise UsageError(f"issue labels (the columns) must be unique; {dup!r} appears twice")
    for column, dtype in frame.dtypes.items():
        if not (pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)):
            raise UsageError(
                f"stance matrix column {column!r} must hold numbers (NaN = not addressed), "
                f"got dtype {dtype}"
            )
    # refuse before any voices x voices array exists, naming the size and the way out
    check_pairs(frame.shape[0], "a voices x voices matrix (agreement, overlap, camps)")
    values = frame.to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isnan(values) & ~((values >= lo) & (values <= hi))
    if not check_scale:
        bad = np.isinf(values)
    if bad.any():
        i, j = (int(x[0]) for x in np.nonzero(bad))
        raise UsageError(
            f"stance of voice {frame.index[i]!r} on issue {frame.columns[j]!r} must lie on the "
            f"scale {lo:g}..{hi:g} (NaN = not addressed), got {values[i, j]!r}; "
            "pass scale=(min, max) if the matrix uses another scale"
        )
    w = _issue_weights(weights, frame.columns, base)
    voice_index = pd.Index(list(frame.index), name="voice", dtype=object)
    return _Input(values=values, voices=voice_index, weights=w, lo=lo, hi=hi)


# -- exact products -----------------------------------------------------------------------


def _multiples(x: Arr, g: float) -> bool:
    if x.dtype == np.bool_:
        return True
    scaled = x * g
    return bool(np.all(scaled == np.round(scaled)))


def _ratio(num: Arr, den: Arr) -> F64:
    """``num / den`` in float64, NaN where ``den`` is not positive."""
    out: F64 = np.empty(np.broadcast_shapes(num.shape, den.shape))
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(num, den, out=out, dtype=np.float64)
    out[~(den > 0)] = np.nan
    return out


def _values(x: F64) -> F64:
    """The distinct stances in ``x``, ascending."""
    finite = x[~np.isnan(x)]
    if finite.size == 0:
        return finite
    lo = float(finite.min())
    shifted = finite - lo
    if float(shifted.max()) <= 4096 and bool(np.all(shifted == np.round(shifted))):
        # integer stances (the usual case): a bincount instead of a sort
        present = np.flatnonzero(np.bincount(shifted.astype(np.int64)))
        return present.astype(np.float64) + lo
    return np.unique(finite)


def _onehot(x: F64, levels: F64) -> npt.NDArray[np.bool_]:
    """``[x == levels[0] | x == levels[1] | ...]`` side by side: voices × (levels·issues)."""
    if len(levels) == 0:
        return np.zeros((x.shape[0], 0), dtype=bool)
    return np.concatenate([x == v for v in levels], axis=1)


def _row_blocks(n: int, arrays: int) -> Iterator[slice]:
    """Row slices such that ``arrays`` float64 temporaries of shape (rows, n) stay within
    ``_BLOCK_ELEMENTS`` elements: full n × n temporaries are never made."""
    block = max(1, min(n, _BLOCK_ELEMENTS // max(1, n * arrays)))
    for start in range(0, n, block):
        yield slice(start, min(n, start + block))


# -- metrics -------------------------------------------------------------------------------


def _metric_values(inp: _Input, metric: str, normalization: str, min_overlap: int) -> F64:
    """The metric for every pair, NaN where fewer than ``min_overlap`` issues are
    co-addressed; symmetric bit for bit (upper triangle computed, then mirrored)."""
    x, mask, w = inp.values, inp.mask, inp.weights
    if x.shape[0] == 0:
        return np.zeros((0, 0))
    if metric == "pearson":
        return _pearson_square(x - inp.mid, mask, w, min_overlap)
    if metric == "spearman":
        return _spearman(x, mask, w, min_overlap)
    if metric == "kappa":
        return _kappa(x, mask, w, min_overlap)
    return _simple(inp, metric, normalization, min_overlap)


def _base(mask: npt.NDArray[np.bool_], w: F64) -> tuple[Arr, Arr]:
    """The (stack, right) pair whose products give the common weight Σ w_j (slice 0)
    and the unweighted co-addressed count (the last slice) of every pair."""
    m = mask.shape[1]
    dtype = _exact_dtype([w], max(float(w.sum()), float(m)))
    md = mask.astype(dtype)
    if bool(np.all(w == 1.0)):
        return md[None], md
    return np.stack([md * w.astype(dtype), md]), md


def _weighted(encoding: npt.NDArray[Any], w: F64, bound: float) -> tuple[Arr, Arr]:
    """``(encoding · w[None], encoding)`` (``w`` per column) in the exact dtype: the
    pair whose product is Σ_j w_j e_aj e_bj."""
    dtype = _exact_dtype([w], bound)
    e = encoding.astype(dtype)
    return (e if bool(np.all(w == 1.0)) else e * w.astype(dtype))[None], e


def _simple(inp: _Input, metric: str, normalization: str, min_overlap: int) -> F64:
    """exact, sign, cityblock and the DNA metrics, by upper-triangle row blocks: the
    common weight and count, the one-hot gram (``same``) and the signed cumulative gram,
    finished in cache-sized pieces, then mirrored.

    With the signed cumulative encoding ``Z_t = +1 if x <= level t, −1 if above, 0 if
    not addressed``, two co-addressed stances lie on different sides of level ``t``
    exactly when ``Z_t,a Z_t,b = −1``, and |a − b| = Σ_t gap_t [different sides]. So
    Σ_j w_j |a_j − b_j| = (span · common − Z W Zᵀ) / 2: one product.
    """
    x, mask, w = inp.values, inp.mask, inp.weights
    n, m = x.shape
    pairs = [_base(mask, w)]
    unit = bool(np.all(w == 1.0))
    same_at = gram_at = 0
    activity = mask.astype(np.float64) @ w
    if metric in ("exact", "sign") or (normalization == "jaccard" and metric in _DNA):
        y = np.sign(x - inp.mid) if metric == "sign" else x
        hot = _onehot(y, _values(y))
        same_at = len(pairs)
        pairs.append(_weighted(hot, np.tile(w, hot.shape[1] // max(m, 1)), float(w.sum())))
    levels = _values(x)
    zero = len(levels) < 2
    span = float(levels[-1] - levels[0]) if not zero else 0.0
    if metric not in ("exact", "sign") and not zero:
        gaps = np.diff(levels)
        signed = np.concatenate(
            [np.where(mask, np.where(x <= v, 1, -1), 0).astype(np.int8) for v in levels[:-1]],
            axis=1,
        )
        zw = np.repeat(gaps, m) * np.tile(w, len(gaps))
        gram_at = len(pairs)
        pairs.append(_weighted(signed, zw, span * float(w.sum())))
    out = np.empty((n, n))
    blocks = list(_triangle_blocks(n, sum(s.shape[0] for s, _ in pairs)))
    products = _Upper(pairs, blocks[0].stop - blocks[0].start)
    for rows in blocks:
        products.compute(rows)
        base = products.get(0)

        def work(sub: slice, rows: slice = rows, base: Arr = base) -> None:
            start, stop = rows.start + sub.start, rows.start + sub.stop
            common = base[0, sub]
            target = out[start:stop, rows.start :]
            with np.errstate(divide="ignore", invalid="ignore"):
                if metric in ("exact", "sign"):
                    np.divide(products.get(same_at)[0, sub], common, out=target, dtype=np.float64)
                    target[~(common > 0)] = np.nan
                elif metric == "cityblock" and not zero:
                    # 1 − (span·W − G) / (2·R·W) = (1 − span / 2R) + G / (2·R·W)
                    np.divide(products.get(gram_at)[0, sub], common, out=target, dtype=np.float64)
                    target *= 0.5 / inp.range
                    target += 1.0 - span / (2.0 * inp.range)
                    target[~(common > 0)] = np.nan
                else:
                    _distance_block(
                        target,
                        inp,
                        metric,
                        normalization,
                        common,
                        None if zero else products.get(gram_at)[0, sub],
                        span,
                        activity[start:stop, None],
                        activity[None, rows.start :],
                        products.get(same_at)[0, sub] if same_at else None,
                    )
            # exact, sign and cityblock are NaN where the common weight is 0; with unit
            # weights that is where the count is 0. The DNA metrics of two voices that
            # share no issue are 0 (a real value with min_overlap=0), so they are masked.
            if min_overlap > (1 if metric in _SHARE and unit else 0):
                target[base[-1, sub] < min_overlap] = np.nan

        _each(work, _sub_blocks(rows.stop - rows.start, n - rows.start))
    return _symmetrize(out)


def _distance_block(
    target: F64,
    inp: _Input,
    metric: str,
    normalization: str,
    common: Arr,
    gram: Arr | None,
    span: float,
    act_a: F64,
    act_b: F64,
    same: Arr | None,
) -> None:
    """cityblock (one stance level only) and the DNA metrics of one block of pairs,
    written into ``target``.

    With W the common weight, G the signed cumulative gram and R the scale's range, the
    summed distance is d = (span·W − G) / 2R, and each DNA score is ``e / q`` with ``e``
    an exact combination of W and G: conflict d = (span·W − G) / 2R, congruence
    W − d = ((2R − span)·W + G) / 2R, subtract W − 2d = ((R − span)·W + G) / R. The
    normalization's denominator is folded into ``q``, so a block costs a few passes.
    Two voices that share no issue have W = G = 0: the score is 0, or 0 / 0 = NaN
    where the normalization's denominator is 0 too (both silent)."""
    r = inp.range
    if metric == "cityblock":  # one stance level: every co-addressed issue agrees
        np.divide(common, common, out=target, dtype=np.float64)
        return
    u, q = {
        "congruence": (2 * r - span, 2 * r),
        "conflict": (span, 2 * r),
        "subtract": (r - span, r),
    }[metric]
    np.multiply(common, u, out=target, dtype=np.float64)
    if gram is not None:
        if metric == "conflict":
            target -= gram
        else:
            target += gram
    if normalization == "none":
        target /= q
    elif normalization == "average":  # q · (act_a + act_b) / 2
        den = np.add(act_a * (q / 2), act_b * (q / 2))
        target /= den
    elif normalization == "cosine":  # q · sqrt(act_a · act_b)
        target /= np.multiply(np.sqrt(act_a) * q, np.sqrt(act_b))
    else:  # jaccard: q · (act_a + act_b − same)
        den = np.add(act_a, act_b)
        den -= np.asarray(same, dtype=np.float64)
        den *= q
        target /= den


def _pearson(sw: F64, sx: F64, sy: F64, sxx: F64, syy: F64, sxy: F64) -> F64:
    """Weighted Pearson r from the pairwise weighted sums (elementwise, any shape)."""
    num = sw * sxy - sx * sy
    vx = sw * sxx - sx * sx
    vy = sw * syy - sy * sy
    # A constant voice has vx == 0 exactly when the sums are exact; allow for rounding else.
    tiny = 1e-12
    ok = (vx > tiny * sw * sxx) & (vy > tiny * sw * syy)
    out = np.full(num.shape, np.nan)
    np.divide(num, np.sqrt(np.where(ok, vx * vy, 1.0)), out=out, where=ok)
    return np.clip(out, -1.0, 1.0, out=out)


def _pearson_square(centred: F64, mask: npt.NDArray[np.bool_], w: F64, min_overlap: int) -> F64:
    """Weighted Pearson r for every pair over the common issues, from the moments
    ``Σ w x``, ``Σ w x²`` of each voice of a pair over the pair's common issues and the
    cross products ``Σ w x y`` (``sw``: the common weight); upper-triangle row blocks,
    each finished in cache-sized pieces, then mirrored."""
    n = centred.shape[0]
    c = np.where(mask, centred, 0.0)
    c2 = c * c
    cmax = float(np.abs(c).max()) if c.size else 0.0
    dtype = _exact_dtype([c * w, c2 * w, w, c, c2], float(w.sum()) * max(1.0, cmax * cmax))
    exact, unit = dtype == np.float32, bool(np.all(w == 1.0))
    cw, c2w, mw = (np.ascontiguousarray(v * w, dtype=dtype) for v in (c, c2, mask))
    cd, c2d, md = (np.ascontiguousarray(v, dtype=dtype) for v in (c, c2, mask))
    pairs = [_base(mask, w), (np.stack([cw, c2w]), md), (np.stack([mw, cw]), cd), (mw[None], c2d)]
    out = np.empty((n, n))
    blocks = list(_triangle_blocks(n, 7))
    products = _Upper(pairs, blocks[0].stop - blocks[0].start)
    for rows in blocks:
        products.compute(rows)
        base = products.get(0)
        (sx_ab, sxx_ab), (sx_ba, sxy), (sxx_ba,) = (products.get(i) for i in range(1, 4))
        width = n - rows.start

        def work(
            sub: slice,
            rows: slice = rows,
            base: Arr = base,
            sx_ab: Arr = sx_ab,
            sxx_ab: Arr = sxx_ab,
            sx_ba: Arr = sx_ba,
            sxy: Arr = sxy,
            sxx_ba: Arr = sxx_ba,
        ) -> None:
            start, stop = rows.start + sub.start, rows.start + sub.stop
            a = base[0, sub].astype(np.float64)
            r = out[start:stop, rows.start :]  # finished in place
            np.multiply(a, sxy[sub], out=r)
            t = np.multiply(sx_ab[sub], sx_ba[sub], dtype=np.float64)
            r -= t
            # W² × the variance of each voice over the pair's common issues
            va = np.multiply(a, sxx_ab[sub])
            np.multiply(sx_ab[sub], sx_ab[sub], out=t, dtype=np.float64)
            va -= t
            vb = np.multiply(a, sxx_ba[sub])
            np.multiply(sx_ba[sub], sx_ba[sub], out=t, dtype=np.float64)
            vb -= t
            # exact sums: a constant voice (or no common issue) has variance 0 and
            # covariance 0 exactly, and 0 / 0 gives the NaN it should; rounded sums:
            # a constant voice's variance is a rounding residue, masked by tolerance
            varies = (
                None if exact else (va > 1e-12 * a * sxx_ab[sub]) & (vb > 1e-12 * a * sxx_ba[sub])
            )
            va *= vb
            np.sqrt(va, out=va)
            if varies is not None:
                va[~varies] = np.nan
            with np.errstate(divide="ignore", invalid="ignore"):
                r /= va
            np.clip(r, -1.0, 1.0, out=r)
            if min_overlap > (1 if exact and unit else 0):
                r[base[-1, sub] < min_overlap] = np.nan

        _each(work, _sub_blocks(rows.stop - rows.start, width))
    return _symmetrize(out)


def _exact_dtype(parts: Sequence[Arr], bound: float) -> type[np.floating[Any]]:
    """float32 when every entry of ``parts`` is a multiple of 1/g (g in 1, 2, 4) and no
    partial sum of a product of them can reach ``2**24 / g**2`` (``bound``: the largest
    absolute sum possible); float64 otherwise. Then every partial sum is an exactly
    representable number, whatever order BLAS adds them in."""
    for g in (1.0, 2.0, 4.0):
        if all(_multiples(p, g) for p in parts):
            return np.float32 if bound * g * g < _F32_EXACT else np.float64
    return np.float64


def _triangle_blocks(n: int, outputs: int) -> Iterator[slice]:
    """Row blocks of the upper-triangle products: ``outputs`` n-wide float32 rows per
    voice of a block stay within ``4 · _BLOCK_ELEMENTS`` elements (64 MB), reused from
    block to block. Blocks of a few hundred rows keep BLAS at full speed (measured: the
    products take the same time as with 256 MB blocks at 10,000 voices) while touching
    less fresh memory, whose first touch is what costs (page faults)."""
    block = max(1, min(n, 4 * _BLOCK_ELEMENTS // max(1, n * outputs)))
    for start in range(0, n, block):
        yield slice(start, min(n, start + block))


def _each(work: Callable[[slice], None], pieces: Iterable[slice]) -> None:
    """``work(piece)`` for every piece, on up to ``_THREADS`` threads: the elementwise
    finishing is single-threaded in numpy, which releases the GIL inside each operation,
    so two threads finish two pieces at once (pieces write disjoint parts of the output)."""
    todo = list(pieces)
    if _THREADS < 2 or len(todo) < 4:
        for piece in todo:
            work(piece)
        return
    with ThreadPoolExecutor(_THREADS) as pool:
        for _ in pool.map(work, todo):
            pass


def _sub_blocks(size: int, width: int) -> Iterator[slice]:
    """Slices of ``range(size)`` whose float64 temporaries of ``width`` columns stay in
    cache (512 KB): the elementwise algebra reads each product once from memory."""
    step = max(1, min(size, _BLOCK_ELEMENTS // 64 // max(1, width)))
    for start in range(0, size, step):
        yield slice(start, min(size, start + step))


class _Upper:
    """Products ``stack[:, block] @ right[block.start:]ᵀ`` of an upper-triangle row block
    for each ``(stack, right)`` pair (``stack``: slices × voices × issues), into reused
    buffers (fresh n × n-sized allocations cost kernel time). ``get(i)`` has shape
    (slices, block rows, columns from block.start)."""

    def __init__(self, pairs: Sequence[tuple[Arr, Arr]], block: int) -> None:
        self.pairs = pairs
        n = pairs[0][1].shape[0]
        self.buf = [np.empty(s.shape[0] * block * n, dtype=r.dtype) for s, r in pairs]
        self.out: list[Arr] = []

    def compute(self, rows: slice) -> None:
        b = rows.stop - rows.start
        self.out = []
        for (stack, right), buf in zip(self.pairs, self.buf, strict=True):
            k, m = stack.shape[0], stack.shape[2]
            width = right.shape[0] - rows.start
            target = buf[: k * b * width].reshape(k * b, width)
            np.matmul(stack[:, rows].reshape(k * b, m), right[rows.start :].T, out=target)
            self.out.append(target.reshape(k, b, width))

    def get(self, i: int) -> Arr:
        return self.out[i]


def _spearman(x: F64, mask: npt.NDArray[np.bool_], w: F64, min_overlap: int) -> F64:
    """Pairwise-complete Spearman rho: Pearson r of (weighted) mid-ranks that are
    re-computed within each pair's co-addressed issues, from per-pair category counts.

    With H_p = [x = level p] (p < k − 1) and the mask M as k slices, one product per
    slice and upper-triangle row block gives every pair's joint counts
    J_pq = Σ_j w_j [a_j = p][b_j = q] (p, q < k − 1), a's level counts H_p Mᵀ, b's
    M H_qᵀ and the common weight M Mᵀ; the rest follows from the margins. Σ mid-ranks
    = W²/2 and Σ c_p · mid-rank_p² = (4W³ − Σ_p c_p³)/12 are closed forms."""
    n, m = x.shape
    levels = _values(x)
    k = len(levels)
    out = np.empty((n, n))
    if k < 2:
        out.fill(np.nan)
        return out
    dtype = _exact_dtype([w], float(w.sum()))
    cols = np.empty((k, n, m), dtype=dtype)
    for p in range(k - 1):
        cols[p] = x == levels[p]
    cols[k - 1] = mask
    rows_w = cols if bool(np.all(w == 1.0)) else cols * w.astype(dtype)
    pairs = [_base(mask, w), *((rows_w, cols[q]) for q in range(k))]
    blocks = list(_triangle_blocks(n, k * k + 2))
    products = _Upper(pairs, blocks[0].stop - blocks[0].start)
    last = k - 1
    for rows in blocks:
        products.compute(rows)
        base = products.get(0)
        g = [products.get(1 + q) for q in range(k)]
        width = n - rows.start

        def work(sub: slice, rows: slice = rows, base: Arr = base, g: list[Arr] = g) -> None:
            sw = g[last][last, sub].astype(np.float64)
            ca = [g[last][p, sub].astype(np.float64) for p in range(last)]
            cb = [g[q][last, sub].astype(np.float64) for q in range(last)]
            ca.append(sw - sum(ca[1:], ca[0].copy()))
            cb.append(sw - sum(cb[1:], cb[0].copy()))
            fa, fb = _midranks(ca), _midranks(cb)
            # Σ_pq fa_p fb_q J_pq with J_{p,k−1} and J_{k−1,q} from the margins:
            # Σ_{p<k−1} (fa_p − fa_{k−1}) T_p + fa_{k−1} · Σ_q fb_q cb_q, where
            # T_p = Σ_{q<k−1} (fb_q − fb_{k−1}) J_pq + fb_{k−1} ca_p
            sx = sw * sw
            sx *= 0.5
            sxy = fa[last] * sx
            d = [fb[q] - fb[last] for q in range(last)]
            for p in range(last):
                t = fb[last] * ca[p]
                for q in range(last):
                    t += d[q] * g[q][p, sub]
                t *= fa[p] - fa[last]
                sxy += t
            cube = sw * sw * sw
            cube *= 4.0
            sxx, syy = cube.copy(), cube
            for ca_p, cb_p in zip(ca, cb, strict=True):
                sxx -= ca_p * ca_p * ca_p
                syy -= cb_p * cb_p * cb_p
            sxx /= 12.0
            syy /= 12.0
            start = rows.start + sub.start
            r = _pearson(sw, sx, sx, sxx, syy, sxy)
            if min_overlap > 0:
                r[base[-1, sub] < min_overlap] = np.nan
            out[start : rows.start + sub.stop, rows.start :] = r

        _each(work, _sub_blocks(rows.stop - rows.start, width))
    return _symmetrize(out)


def _midranks(counts: list[F64]) -> list[F64]:
    """Mid-rank of each level given per-pair level counts: Σ_{q<p} c_q + c_p / 2
    (the usual "+ 1/2" is left out: Pearson r ignores a shift)."""
    out: list[F64] = []
    below = np.zeros_like(counts[0])
    for c in counts:
        out.append(below + c / 2.0)
        below = below + c
    return out


def _kappa(x: F64, mask: npt.NDArray[np.bool_], w: F64, min_overlap: int) -> F64:
    """Linearly weighted Cohen's kappa, 1 − D_o / D_e, per pair of voices.

    C_t[a, b] = Σ_j w_j [a_j <= level t] [b addresses j] is a's cumulative margin at t.
    Σ_p Σ_q P_a(p) P_b(q) |p − q| = Σ_t gap_t (F_a(t) (1 − F_b(t)) + F_b(t) (1 − F_a(t))),
    so common² · D_e = E_ab + E_ba with E_ab = Σ_t gap_t C_t[a, b] (common − C_t[b, a]);
    common · D_o = Σ w |a − b| as in :func:`_simple`. Per upper-triangle row block,
    products give C_t[a, b] (a's ``<=`` slices against b's mask), C_t[b, a] (a's mask
    against b's slices) and the signed cumulative gram; finished in cache-sized pieces,
    then mirrored."""
    n, m = x.shape
    levels = _values(x)
    out = np.empty((n, n))
    if len(levels) < 2:
        out.fill(np.nan)
        return out
    gaps = np.diff(levels)
    span = float(levels[-1] - levels[0])
    k1 = len(gaps)
    zweights = np.repeat(gaps, m) * np.tile(w, k1)
    dtype = _exact_dtype([w, zweights], max(1.0, span) * float(w.sum()))
    exact = dtype == np.float32
    low = np.empty((k1, n, m), dtype=dtype)
    for t in range(k1):
        low[t] = x <= levels[t]
    md = mask.astype(dtype)
    unit = bool(np.all(w == 1.0))
    low_w, mw = (low, md) if unit else (low * w.astype(dtype), md * w.astype(dtype))
    z = np.concatenate(
        [np.where(mask, np.where(x <= v, 1, -1), 0).astype(dtype) for v in levels[:-1]], axis=1
    )
    zw = z if bool(np.all(zweights == 1.0)) else z * zweights.astype(dtype)
    pairs = [_base(mask, w), (low_w, md), *((mw[None], low[t]) for t in range(k1)), (zw[None], z)]
    blocks = list(_triangle_blocks(n, 2 * k1 + 3))
    products = _Upper(pairs, blocks[0].stop - blocks[0].start)
    for rows in blocks:
        products.compute(rows)
        base, c_ab = products.get(0), products.get(1)
        c_ba = [products.get(2 + t)[0] for t in range(k1)]
        gram = products.get(2 + k1)[0]

        def work(
            sub: slice,
            rows: slice = rows,
            base: Arr = base,
            c_ab: Arr = c_ab,
            c_ba: list[Arr] = c_ba,
            gram: Arr = gram,
        ) -> None:
            start, stop = rows.start + sub.start, rows.start + sub.stop
            both = base[0, sub].astype(np.float64)
            # E_ab + E_ba = Σ_t gap_t (W (C_ab + C_ba) − 2 C_ab C_ba): exact sums, so
            # the same numbers as the two one-sided sums, with fewer passes
            linear = quadratic = both  # placeholders: set at t = 0
            for t, gap in enumerate(gaps):
                a_t = c_ab[t, sub].astype(np.float64)
                b_t = c_ba[t][sub]
                prod = a_t * b_t
                a_t += b_t
                if gap != 1.0:
                    a_t *= gap
                    prod *= gap
                if t == 0:
                    linear, quadratic = a_t, prod
                else:
                    linear += a_t
                    quadratic += prod
            expected = np.multiply(linear, both, out=linear)
            expected -= quadratic
            expected -= quadratic
            # 1 − D_o / D_e = 1 − W · Σ w |a − b| / (E_ab + E_ba), with
            # Σ w |a − b| = (span · W − gram) / 2
            kappa = out[start:stop, rows.start :]  # finished in place
            np.multiply(both, span, out=kappa)
            kappa -= gram[sub]
            kappa *= both
            expected *= 2.0
            if not exact:
                # rounded sums: D_e of two constant voices is a rounding residue
                expected[~(expected > 2e-12 * both * both * span)] = np.nan
            # exact sums: D_e = 0 only for two voices constant at one level, where
            # D_o = 0 too, and 0 / 0 gives the NaN it should
            with np.errstate(divide="ignore", invalid="ignore"):
                kappa /= expected
            np.subtract(1.0, kappa, out=kappa)
            if min_overlap > (1 if exact and unit else 0):
                kappa[base[-1, sub] < min_overlap] = np.nan

        _each(work, _sub_blocks(rows.stop - rows.start, n - rows.start))
    return _symmetrize(out)


# -- clustering ----------------------------------------------------------------------------


def _dissimilarity(values: F64, metric: str, normalization: str) -> F64:
    """1 − similarity, in [0, 1], as a new array (NaN stays NaN). The similarity is the
    score for exact/sign/cityblock/congruence, 1 − conflict, and (1 + value) / 2 for the
    signed metrics, clipped to [0, 1]."""
    if metric in _DNA and normalization == "none":
        raise UsageError(
            f"clustering needs a bounded score, but metric {metric!r} with normalization='none' "
            "is an unbounded count; use normalization='average', 'jaccard' or 'cosine'"
        )
    dist: F64 = np.array(values, dtype=np.float64)
    if metric in ("subtract", "pearson", "spearman", "kappa"):
        dist *= -0.5
        dist += 0.5
    elif metric != "conflict":
        np.subtract(1.0, dist, out=dist)
    return np.clip(dist, 0.0, 1.0, out=dist)


def _distances(values: F64, metric: str, normalization: str) -> F64:
    """:func:`_dissimilarity`; undefined pairs (NaN) count as the maximal distance 1."""
    dist = _dissimilarity(values, metric, normalization)
    dist[np.isnan(dist)] = 1.0
    np.fill_diagonal(dist, 0.0)
    return dist


def _polarization(values: F64, labels: npt.NDArray[np.int64], metric: str, norm: str) -> F64:
    """Mean distance within camps and between camps over pairs of distinct voices with
    a defined score, by row blocks: ``[within, between]`` (NaN when there is no pair)."""
    n = values.shape[0]
    sums = np.zeros(2)
    counts = np.zeros(2)
    for rows in _row_blocks(n, 3):
        dist = _dissimilarity(values[rows], metric, norm)
        upper = np.arange(n)[None, :] > np.arange(rows.start, rows.stop)[:, None]
        valid = upper & ~np.isnan(dist)
        same = labels[rows, None] == labels[None, :]
        for i, part in enumerate((valid & same, valid & ~same)):
            sums[i] += dist[part].sum()
            counts[i] += np.count_nonzero(part)
    out: F64 = np.full(2, np.nan)
    np.divide(sums, counts, out=out, where=counts > 0)
    return out


def _upgma(dist: F64) -> list[tuple[int, int, float]]:
    """Average-linkage (UPGMA) merges by the nearest-neighbour chain algorithm.

    ``dist`` (float64, symmetric) is overwritten.

    Returns ``n − 1`` merges ``(leaf_a, leaf_b, height)`` sorted by height (stably,
    in the order the chain found them): each joins the cluster holding ``leaf_a``
    with the one holding ``leaf_b``. Ties: a chain element's nearest neighbour is the
    previous chain element if it is among the nearest, else the lowest index.
    """
    n = dist.shape[0]
    d = dist  # consumed: updated in place
    np.fill_diagonal(d, np.inf)
    size = np.ones(n)
    active = np.ones(n, dtype=bool)
    merges: list[tuple[int, int, float]] = []
    chain: list[int] = []
    while len(merges) < n - 1:
        if not chain:
            chain.append(int(np.flatnonzero(active)[0]))
        a = chain[-1]
        row = d[a]
        b = int(np.argmin(row))
        if len(chain) > 1 and row[chain[-2]] <= row[b]:
            b = chain[-2]
        if len(chain) > 1 and b == chain[-2]:
            chain.pop()
            chain.pop()
            height = float(d[a, b])
            keep, drop = min(a, b), max(a, b)
            merged = (size[a] * d[a] + size[b] * d[b]) / (size[a] + size[b])
            d[keep] = merged
            d[:, keep] = merged
            d[drop] = np.inf
            d[:, drop] = np.inf
            d[keep, keep] = np.inf
            size[keep] += size[drop]
            active[drop] = False
            merges.append((a, b, height))
        else:
            chain.append(b)
    order = sorted(range(len(merges)), key=lambda i: merges[i][2])
    return [merges[i] for i in order]


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _leaf_order(n: int, merges: Sequence[tuple[int, int, float]]) -> list[int]:
    """Leaves of the tree left to right; at each node the child holding the earlier
    voice (in input order) goes first."""
    parent = list(range(n))
    node_of = list(range(n))  # union-find root -> tree node
    first = list(range(n))  # tree node -> smallest leaf
    children: list[tuple[int, int]] = []
    for a, b, _ in merges:
        ra, rb = _find(parent, a), _find(parent, b)
        na, nb = node_of[ra], node_of[rb]
        if first[nb] < first[na]:
            na, nb = nb, na
        children.append((na, nb))
        first.append(first[na])
        parent[rb] = ra
        node_of[ra] = n + len(children) - 1
    roots = sorted({node_of[_find(parent, i)] for i in range(n)}, key=lambda v: first[v])
    out: list[int] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        if node < n:
            out.append(node)
        else:
            left, right = children[node - n]
            stack.extend((right, left))
    return out


def _cut(n: int, merges: Sequence[tuple[int, int, float]], k: int) -> npt.NDArray[np.int64]:
    """Camp numbers 1..k after the ``n − k`` lowest merges: largest camp first, ties by
    the earliest voice."""
    parent = list(range(n))
    for a, b, _ in merges[: n - k]:
        ra, rb = _find(parent, a), _find(parent, b)
        parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([_find(parent, i) for i in range(n)], dtype=np.int64)
    uniq, first, counts = np.unique(roots, return_index=True, return_counts=True)
    rank = np.lexsort((first, -counts))  # size descending, then first appearance
    number = np.empty(len(uniq), dtype=np.int64)
    number[rank] = np.arange(1, len(uniq) + 1)
    return number[np.searchsorted(uniq, roots)]


# -- public API ----------------------------------------------------------------------------


def _check_options(metric: object, normalization: object, min_overlap: object) -> None:
    if metric not in METRICS:
        raise UsageError(f"metric must be one of {', '.join(METRICS)}; got {metric!r}")
    if normalization not in NORMALIZATIONS:
        raise UsageError(
            f"normalization must be one of {', '.join(NORMALIZATIONS)}; got {normalization!r}"
        )
    if (
        isinstance(min_overlap, bool)
        or not isinstance(min_overlap, (int, np.integer))
        or min_overlap < 0
    ):
        raise UsageError(f"min_overlap must be an integer >= 0, got {min_overlap!r}")


def _counts(mask: npt.NDArray[np.bool_]) -> Arr:
    """Co-addressed issue counts (exact: float32 below 2**24 issues, else float64)."""
    hot = mask.astype(np.float32 if mask.shape[1] < _F32_EXACT else np.float64)
    counts: Arr = hot @ hot.T
    return counts


def _symmetrize(values: F64) -> F64:
    """Copy the upper triangle onto the lower one, in place, by row blocks (on threads:
    each block writes only its own rows and reads only the upper triangle)."""
    n = values.shape[0]

    def work(rows: slice) -> None:
        values[rows, : rows.start] = values[: rows.start, rows].T
        diag = values[rows, rows]
        lower = np.tril_indices(rows.stop - rows.start, -1)
        diag[lower] = diag.T[lower]

    _each(work, _row_blocks(n, 1))
    return values


def _frame(values: Arr, labels: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(values, index=labels.copy(), columns=labels.copy(), copy=False)


def agreement(
    data: Dataset | pd.DataFrame,
    metric: Metric = "cityblock",
    *,
    min_overlap: int = 1,
    weights: Weights | None = None,
    scale: ScaleSpec = None,
    order: Literal["cluster"] | None = None,
    holder: HolderSpec = None,
    normalization: Normalization = "average",
    by: BySpec = None,
    top: int | None = None,
) -> pd.DataFrame:
    """Pairwise agreement between voices over the issues both address.

    Parameters
    ----------
    data : Dataset or pandas.DataFrame
        A dataset (its voices are the rows of ``stance_matrix(data, holder)``; its
        scale and its codebook's issue weights apply), or a stance matrix: voices ×
        issues, numbers on the scale, NaN = not addressed.
    metric : str
        ``exact`` — weighted share of co-addressed issues with identical stances, 0..1;
        ``sign`` — share with the same direction (support / neutral / oppose, relative
        to the scale midpoint), 0..1;
        ``cityblock`` — 1 − weighted mean |a − b| / scale range (smartvote-style), 0..1;
        ``congruence``, ``conflict``, ``subtract`` — the Discourse Network Analyzer's
        one-mode networks with its integer-qualifier aggregation: summed similarity
        1 − |a − b| / range, summed distance |a − b| / range, or their difference, each
        divided by ``normalization``;
        ``pearson``, ``spearman`` — correlation over pairwise-complete issues, −1..1;
        ``kappa`` — linearly weighted Cohen's kappa, at most 1.
    min_overlap : int, default 1
        Pairs that co-address fewer issues get NaN (the issue count, unweighted).
    weights : mapping or Series, optional
        Issue -> weight (>= 0), overriding the codebook's weights (or 1 for a
        DataFrame) for the issues it names. Weights multiply each issue's term in every
        sum; for ``spearman`` they also weight the mid-ranks.
    scale : Scale or (min, max), optional
        The stance scale; default: the dataset's, or −2..+2 for a DataFrame.
    order : {None, "cluster"}
        None keeps the stance matrix's voice order; ``"cluster"`` orders voices by
        average-linkage clustering on 1 − agreement (see Notes).
    holder : str, list of str, or None
        Which voices of a Dataset: ``author``, actor id(s), or None for every voice.
        Must be None for a DataFrame.
    normalization : {"average", "none", "jaccard", "cosine"}
        Only for ``congruence``, ``conflict`` and ``subtract`` (ignored otherwise), as
        in DNA: raw sum, or divided by the mean of the two voices' (weighted) issue
        counts, by the size of the union of their (issue, stance) codings, or by the
        geometric mean of their issue counts.
    by : str or list of str, optional
        Only for a Dataset: group its sources into voices (``"outlet"``, ``"month"``,
        ``"outlet,month"``, ``"30D"``; see :func:`posmatrix.grouped`) and compare the
        groups' median stances. ``.attrs["unplaced"]`` names the sources left out.
    top : int, optional
        Instead of the dense matrix, each voice's ``top`` nearest and farthest voices
        as a tidy frame, computed in blocks with memory O(n·top): for tens of thousands
        of voices (see :func:`posmatrix.neighbours`; ``exact``, ``sign``, ``cityblock``).

    Returns
    -------
    pandas.DataFrame, shape (n_voices, n_voices)
        float64, symmetric; index and columns both named ``voice`` (labels as in
        :func:`posmatrix.stance_matrix`). Values unrounded.

    Raises
    ------
    UsageError
        Unknown metric, normalization or order; a bad ``min_overlap``, ``weights``,
        ``scale`` or ``holder``; a stance off the scale; non-numeric columns.

    Notes
    -----
    *Missing values.* An entry is NaN when the two voices co-address fewer than
    ``min_overlap`` issues, and also when its formula is undefined: every common
    issue has weight 0; ``pearson``/``spearman`` when either voice is constant on the
    common issues (so always with fewer than two); ``kappa`` when chance disagreement
    is 0 (both voices take one and the same stance throughout); a DNA normalization
    whose denominator is 0.

    *Diagonal.* The metric of a voice with itself over the issues it addresses
    (1 for the similarity metrics, 0 for ``conflict``; NaN if it addresses fewer than
    ``min_overlap`` issues or the formula is undefined). DNA itself leaves the
    diagonal at 0.

    *Clustering* (``order="cluster"``): distances are 1 − agreement for ``exact``,
    ``sign``, ``cityblock``, ``congruence``; ``conflict`` itself; (1 − value) / 2 for
    ``subtract``, ``pearson``, ``spearman`` and ``kappa``; clipped to 0..1. An undefined
    (NaN) distance counts as the maximal distance 1. DNA metrics need a normalization.
    Average linkage (UPGMA) by the nearest-neighbour chain; voices are listed in
    dendrogram order, the subtree holding the earlier voice (input order) first.

    Examples
    --------
    >>> import pandas as pd, numpy as np
    >>> s = pd.DataFrame(
    ...     {"a": [2, 2, -2], "b": [1, np.nan, -1], "c": [0, 1, np.nan]},
    ...     index=pd.Index(["x", "y", "z"], name="voice"),
    ... )
    >>> agreement(s, "exact")
    voice    x    y    z
    voice
    x      1.0  0.5  0.0
    y      0.5  1.0  0.0
    z      0.0  0.0  1.0
    >>> agreement(s)  # cityblock: 1 − mean |a − b| / 4
    voice      x      y     z
    voice
    x      1.000  0.875  0.25
    y      0.875  1.000  0.00
    z      0.250  0.000  1.00
    >>> agreement(s, "exact", min_overlap=2)
    voice    x    y    z
    voice
    x      1.0  0.5  0.0
    y      0.5  1.0  NaN
    z      0.0  NaN  1.0
    """
    _check_options(metric, normalization, min_overlap)
    if top is not None:  # k nearest and farthest per voice, without the n × n matrix
        from .nearest import neighbours

        kw: dict[str, Any] = {"min_overlap": min_overlap, "weights": weights, "scale": scale}
        return neighbours(data, metric, k=top, holder=holder, by=by, **kw)
    if order not in (None, "cluster"):
        raise UsageError(f"order must be None or 'cluster', got {order!r}")
    data, unplaced = _by(data, by)
    inp = _prepare(data, holder=holder, weights=weights, scale=scale)
    values = _metric_values(inp, metric, normalization, int(min_overlap))
    labels = inp.voices
    if order == "cluster" and len(labels) > 1:
        leaves = np.array(
            _leaf_order(len(labels), _upgma(_distances(values, metric, normalization)))
        )
        values = values[leaves]  # rows, then columns: one n × n copy at a time
        values = values[:, leaves]
        labels = labels[leaves]
    out = _frame(values, labels)
    if unplaced is not None:
        out.attrs["unplaced"] = unplaced
    return out


def _by(
    data: Dataset | pd.DataFrame, by: BySpec
) -> tuple[Dataset | pd.DataFrame, dict[str, str] | None]:
    """``data`` grouped by ``by`` (see :func:`posmatrix.grouped`) and the sources left
    out, or ``data`` itself and None when ``by`` is None."""
    if by is None:
        return data, None
    if not isinstance(data, Dataset):
        raise UsageError("by groups the sources of a Dataset; a stance matrix has none")
    from .groups import grouped

    group = grouped(data, by)
    return group.dataset, group.unplaced


def overlap(
    data: Dataset | pd.DataFrame, *, holder: HolderSpec = None, by: BySpec = None
) -> pd.DataFrame:
    """How many issues each pair of voices both address.

    Parameters
    ----------
    data : Dataset or pandas.DataFrame
        As for :func:`agreement`.
    holder : str, list of str, or None
        As for :func:`agreement` (None = every voice; must be None for a DataFrame).
    by : str or list of str, optional
        As for :func:`agreement`.

    Returns
    -------
    pandas.DataFrame, shape (n_voices, n_voices)
        int64, symmetric, index and columns named ``voice``; the diagonal is the
        number of issues each voice addresses. Issue weights play no part.

    Examples
    --------
    >>> import pandas as pd, numpy as np
    >>> s = pd.DataFrame({"a": [2, 1], "b": [np.nan, 0]}, index=["x", "y"])
    >>> overlap(s)
    voice  x  y
    voice
    x      1  1
    y      1  2
    """
    data, unplaced = _by(data, by)
    inp = _prepare(data, holder=holder, weights=None, scale=None, check_scale=False)
    counts = np.rint(_counts(inp.mask)).astype(np.int64)
    out = _frame(counts, inp.voices)
    if unplaced is not None:
        out.attrs["unplaced"] = unplaced
    return out


def camps(
    data: Dataset | pd.DataFrame,
    k: int | None = None,
    *,
    metric: Metric = "cityblock",
    min_overlap: int = 1,
    holder: HolderSpec = None,
    weights: Weights | None = None,
    scale: ScaleSpec = None,
    normalization: Normalization = "average",
    min_positions: int | None = None,
    seed: int = 0,
) -> Camps:
    """Split the voices into camps (``k`` of them, or ``k=None``: chosen by silhouette).

    Voices with fewer than ``min_positions`` positions, or only neutral ones, are set
    aside (camp 0, with the reason). The others are placed by
    :func:`posmatrix.camp_space` (missing stances filled with the issue's mean, three
    principal components, corrected for how many issues each voice addressed) and
    split by seeded k-means; ``k=None`` tries 2 … 6 camps and keeps the best mean
    silhouette (the scores are in ``Camps.scores``). ``docs/methods.md`` ("Camps").
    The average-linkage tree of the agreement stays with
    ``agreement(..., order="cluster")`` for ordering heatmaps.

    Parameters
    ----------
    data, holder, weights, scale
        As for :func:`agreement`.
    k : int or None
        Number of camps, 1 <= k <= number of voices (at most the voices kept are
        used); None: chosen by silhouette.
    metric, min_overlap, normalization
        Checked as for :func:`agreement` and otherwise unused: the camps rest on the
        stances themselves, not on one agreement metric.
    min_positions : int or None
        Voices addressing fewer issues are set aside as "too few positions"; default a
        tenth of the issues, at least 3, at most 7 (Pol.is's minimum of 7 votes).
    seed : int
        Seed of the k-means starts: the same data and seed give the same camps.

    Returns
    -------
    Camps
        ``assignment`` (index ``voice``; ``camp``, 0 = set aside; ``note``), ``sizes``,
        ``silhouette`` (the separation score), ``clear``, ``verdict``, ``scores``,
        ``set_aside``, ``within``, ``between``, ``polarization``, ``order``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame(
    ...     {"a": [2, 2, -2, -1, 0], "b": [1, 2, -2, -2, 0]},
    ...     index=["w", "x", "y", "z", "n"],
    ... )
    >>> c = camps(s, 2, min_positions=2)
    >>> c.assignment["camp"].tolist(), c.sizes
    ([1, 1, 2, 2, 0], (2, 2))
    >>> c.set_aside["note"].tolist()
    ['only neutral positions']
    >>> c.verdict
    '2 clear camps (silhouette 0.80)'
    """
    from .campfind import find_camps

    _check_options(metric, normalization, min_overlap)
    return find_camps(
        data,
        k,
        holder=holder,
        weights=weights,
        scale=scale,
        min_positions=min_positions,
        seed=seed,
    )
