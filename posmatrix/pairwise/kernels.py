"""The agreement kernels: every pair of voices at once, by masks, encodings and matrix
products (never a Python loop over pairs).

Each kernel has the signature of :data:`Kernel`: ``(input, metric, normalization,
min_overlap) -> n × n float64``, NaN where fewer than ``min_overlap`` issues are
co-addressed, symmetric bit for bit (upper triangle computed, then mirrored). The
metric registry (:mod:`posmatrix.pairwise.registry`) names the kernel of each metric.
Formulas, ranges and missing-value rules: ``docs/methods.md`` ("Agreement metrics").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import numpy as np
import numpy.typing as npt

from .inputs import _Input
from .runtime import (
    F64,
    Arr,
    _base,
    _each,
    _exact_dtype,
    _onehot,
    _sub_blocks,
    _symmetrize,
    _triangle_blocks,
    _Upper,
    _values,
    _weighted,
)

Kernel = Callable[[_Input, str, str, int], F64]
"""``(input, metric, normalization, min_overlap) -> agreement matrix``."""

_DNA: Final = ("congruence", "conflict", "subtract")
_SHARE: Final = ("exact", "sign", "cityblock")  # shares of the common weight


def shares(inp: _Input, metric: str, normalization: str, min_overlap: int) -> F64:
    """exact, sign, cityblock and the DNA metrics (one kernel: :func:`_simple`)."""
    if inp.values.shape[0] == 0:
        return np.zeros((0, 0))
    return _simple(inp, metric, normalization, min_overlap)


def pearson(inp: _Input, metric: str, normalization: str, min_overlap: int) -> F64:
    """Weighted Pearson r over the co-addressed issues (:func:`_pearson_square`)."""
    if inp.values.shape[0] == 0:
        return np.zeros((0, 0))
    return _pearson_square(inp.values - inp.mid, inp.mask, inp.weights, min_overlap)


def spearman(inp: _Input, metric: str, normalization: str, min_overlap: int) -> F64:
    """Pairwise-complete Spearman rho (:func:`_spearman`)."""
    if inp.values.shape[0] == 0:
        return np.zeros((0, 0))
    return _spearman(inp.values, inp.mask, inp.weights, min_overlap)


def kappa(inp: _Input, metric: str, normalization: str, min_overlap: int) -> F64:
    """Linearly weighted Cohen's kappa (:func:`_kappa`)."""
    if inp.values.shape[0] == 0:
        return np.zeros((0, 0))
    return _kappa(inp.values, inp.mask, inp.weights, min_overlap)


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
