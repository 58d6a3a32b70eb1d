"""posmatrix against its peers and its numeric floor, side by side.

Run ``python benchmarks/run.py`` (full sizes: 10,000 voices × 200 issues; several
minutes on 2 cores) or ``python benchmarks/run.py --quick`` (small sizes, seconds: a
smoke run, also used by ``tests/test_benchmarks.py`` to check that every posmatrix
result agrees with its peer). Each stage runs in a fresh subprocess, so its peak
memory (``ru_maxrss``: data, posmatrix's work and its result, before the peer runs)
is its own and one stage's garbage never slows the next.

Stages (``--only NAME ...`` picks some):

``yaml``         load + validate a synthetic YAML file vs a bare libyaml
                 (``CSafeLoader``) ``yaml.load`` and ``yaml.compose`` of the same file
``table``        :func:`posmatrix.frame.load_table` of a 1M-coding CSV vs ``pandas.read_csv``
``<metric>``     :func:`posmatrix.agreement` for each metric vs its floor: the raw float32
                 one-hot matrix products (plus the elementwise algebra) that compute the
                 same matrix, written out below in minimal numpy
``corr``         Pearson vs ``DataFrame.corr(min_periods=1)``
``loop``         Pearson vs a per-pair Python loop (small N)
``alpha``        :func:`posmatrix.measures.krippendorff_alpha` vs the ``krippendorff`` package
``workbook``     posmatrix's safe write-only workbook writer vs raw openpyxl write-only,
                 on the same cells
``validate``     ``posmatrix validate`` on the bundled dataset: wall time, and whether it
                 imported pandas or openpyxl
``brief``        ``posmatrix brief`` on the bundled dataset: wall time

Times are the best of ``--repeat`` runs (default 3; 5 for the agreement metrics,
but 1 for Spearman at full size, whose floor takes a minute a run). An agreement
metric and its floor run alternately, round after round, so both meet the machine in
the same state. The floor is timed as its float32 matrix products alone; the note
gives the floor with its float64 algebra.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import stance_array, synthesize, to_yaml  # noqa: E402

from posmatrix.pairwise.registry import METRICS  # noqa: E402

F64 = npt.NDArray[np.float64]
Row = dict[str, Any]

STAGES = (
    "yaml",
    "table",
    *METRICS,
    "corr",
    "loop",
    "alpha",
    "workbook",
    "briefing",
    "validate",
    "brief",
)

# sizes: full / quick
SIZES: dict[str, dict[str, int]] = {
    "full": {
        "voices": 10_000,
        "issues": 200,
        "corr_voices": 3_000,
        "loop_voices": 300,
        "yaml_sources": 2_000,
        "yaml_issues": 50,
        "table_sources": 10_000,
        "alpha_coders": 10,
        "alpha_units": 200_000,
        "book_rows": 4_000,
        "book_cols": 50,
        "brief_sources": 1_000,
    },
    "quick": {
        "voices": 300,
        "issues": 40,
        "corr_voices": 300,
        "loop_voices": 40,
        "yaml_sources": 40,
        "yaml_issues": 10,
        "table_sources": 200,
        "alpha_coders": 4,
        "alpha_units": 2_000,
        "book_rows": 200,
        "book_cols": 10,
        "brief_sources": 30,
    },
}
COVERAGE = 0.5
AGREEMENT_ROUNDS = 5  # default rounds of posmatrix vs floor per agreement metric
LO, HI = -2, 2


# -- measuring ----------------------------------------------------------------------------------


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best wall time of ``repeat`` calls, and the last result."""
    times = []
    out = None
    for _ in range(max(1, repeat)):
        out = None  # free the last result first, so every timed call starts alike
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def row(
    stage: str,
    pm: float,
    peer: float | None,
    peer_name: str,
    target: str,
    ok: bool | None,
    agree: bool | None,
    mem: float,
    note: str = "",
) -> Row:
    return {
        "stage": stage,
        "posmatrix_s": pm,
        "peer": peer_name,
        "peer_s": peer,
        "ratio": (pm / peer) if peer else None,
        "target": target,
        "met": ok,
        "agree": agree,
        "peak_mb": mem,
        "note": note,
    }


def same(a: npt.ArrayLike, b: npt.ArrayLike) -> bool:
    """Equal up to float rounding, NaN where the other is NaN."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-7, atol=1e-9, equal_nan=True))


# -- floors: the float32 one-hot products that compute each metric ------------------------------
#
# Every product below sums small integers (0/1 indicators, stances shifted to 0..4), so
# float32 holds each sum exactly; products stay float32 (4 bytes per pair) and the float64
# algebra that turns them into the metric runs over blocks of rows into one output array.

F32 = npt.NDArray[np.float32]
BLOCK = 1000  # rows per block of the elementwise algebra


def _f32(a: npt.ArrayLike) -> F32:
    return np.ascontiguousarray(a, dtype=np.float32)


PRODUCT_SECONDS = [0.0]
"""Time spent in the float32 matrix products of the floors (the floor's reported time)."""


def _mm(a: F32, b: F32) -> F32:
    """``a @ b.T``, timed into :data:`PRODUCT_SECONDS`."""
    t0 = time.perf_counter()
    out: F32 = a @ b.T
    PRODUCT_SECONDS[0] += time.perf_counter() - t0
    return out


def _gram(a: F32) -> F32:
    """``a @ a.T`` (numpy runs the symmetric BLAS kernel for it), timed."""
    t0 = time.perf_counter()
    out: F32 = a @ a.T
    PRODUCT_SECONDS[0] += time.perf_counter() - t0
    return out


def _onehot(x: F64, levels: Sequence[float]) -> F32:
    return _f32(np.concatenate([x == v for v in levels], axis=1))


def _cum(x: F64) -> F32:
    """``[x <= t]`` for t = LO .. HI−1 side by side: Σ_t of [a <= t] xor [b <= t] = |a − b|."""
    return _f32(np.concatenate([x <= t for t in range(LO, HI)], axis=1))


def _blocks(n: int) -> list[slice]:
    return [slice(s, min(n, s + BLOCK)) for s in range(0, n, BLOCK)]


def _div(num: F64, den: F64) -> F64:
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def floor(metric: str, x: F64) -> F64:
    """The agreement matrix of ``metric`` (min_overlap 1, DNA normalization "average")."""
    n = x.shape[0]
    mask = ~np.isnan(x)
    m = _f32(mask)
    common = _gram(m)
    rng = HI - LO
    out = np.empty((n, n))
    if metric in ("exact", "sign"):
        y = np.sign(x - (LO + HI) / 2) if metric == "sign" else x
        same = _gram(_onehot(y, (-1, 0, 1) if metric == "sign" else range(LO, HI + 1)))
        for r in _blocks(n):
            out[r] = _div(same[r].astype(np.float64), common[r].astype(np.float64))
        return out
    if metric in ("cityblock", "congruence", "conflict", "subtract"):
        # signed cumulative encoding s_t = ±1 ([x <= t] or not), 0 where silent: over a
        # co-addressed issue Σ_t s_a s_b = rng − 2 |a − b|, so one symmetric product gives
        # Σ |a − b| = (rng · common − S Sᵀ) / 2
        signed = _f32(np.where(np.tile(mask, rng), 2 * _cum(x) - 1, 0))
        sst = _gram(signed)
        act = mask.sum(axis=1).astype(np.float64)
        for r in _blocks(n):
            c = common[r].astype(np.float64)
            dist = (rng * c - sst[r]) / 2.0 / rng
            if metric == "cityblock":
                out[r] = 1.0 - _div(dist, c)
                continue
            raw = {"congruence": c - dist, "conflict": dist, "subtract": c - 2.0 * dist}[metric]
            out[r] = _div(raw, (act[r, None] + act[None, :]) / 2.0)
            out[r][c < 1] = np.nan
        return out
    if metric == "pearson":
        cx = _f32(np.where(mask, x - LO, 0.0))
        sx = _mm(cx, m)  # Σ a over co-addressed issues
        sxx = _mm(cx * cx, m)
        sxy = _gram(cx)
        for r in _blocks(n):
            out[r] = _corr(
                common[r].astype(np.float64),
                sx[r].astype(np.float64),
                sx[:, r].T.astype(np.float64),
                sxx[r].astype(np.float64),
                sxx[:, r].T.astype(np.float64),
                sxy[r].astype(np.float64),
            )
        return out
    if metric == "spearman":
        return _spearman_floor(x, m, common)
    if metric == "kappa":
        return _kappa_floor(x, m, common)
    raise ValueError(metric)


def _corr(n: F64, sx: F64, sy: F64, sxx: F64, syy: F64, sxy: F64) -> F64:
    vx = n * sxx - sx * sx
    vy = n * syy - sy * sy
    ok = (vx > 1e-12 * n * sxx) & (vy > 1e-12 * n * syy)
    out = np.full(n.shape, np.nan)
    np.divide(n * sxy - sx * sy, np.sqrt(np.where(ok, vx * vy, 1.0)), out=out, where=ok)
    return np.clip(out, -1.0, 1.0, out=out)


def _spearman_floor(x: F64, m: F32, common: F32) -> F64:
    """Pairwise-complete Spearman from per-pair level counts: ca_p = H_p Mᵀ for
    p < k−1 (b's counts are ca_pᵀ; the last level's follow from ``common``), joint
    counts J_pq = H_p H_qᵀ for p, q < k−1 per block of rows (outputs of block size, not
    n × n); the rest from the margins. 20.5 n²M multiply-adds with ``common``; a
    triangle-blocked form using J_qp = J_pqᵀ would need 12.5 (see docs/performance.md)."""
    levels = list(range(LO, HI + 1))
    k = len(levels)
    n = x.shape[0]
    hot = [_f32(x == v) for v in levels[:-1]]
    full_ca = [_mm(h, m) for h in hot]  # ca[p][a, b]: a's issues at level p that b addresses
    out = np.empty((n, n))
    for r in _blocks(n):
        nn = common[r].astype(np.float64)
        ca = [c[r].astype(np.float64) for c in full_ca]
        cb = [c[:, r].T.astype(np.float64) for c in full_ca]
        ca.append(nn - sum(ca))
        cb.append(nn - sum(cb))
        joint: dict[tuple[int, int], F64] = {}
        for p in range(k - 1):
            for q in range(k - 1):
                joint[p, q] = _mm(hot[p][r], hot[q]).astype(np.float64)
        for p in range(k - 1):
            joint[p, k - 1] = ca[p] - sum(joint[p, q] for q in range(k - 1))
        for q in range(k):
            joint[k - 1, q] = cb[q] - sum(joint[p, q] for p in range(k - 1))
        fa, fb = _mid(ca), _mid(cb)
        sx = sum(f * c for f, c in zip(fa, ca, strict=True))
        sy = sum(f * c for f, c in zip(fb, cb, strict=True))
        sxx = sum(f * f * c for f, c in zip(fa, ca, strict=True))
        syy = sum(f * f * c for f, c in zip(fb, cb, strict=True))
        sxy = sum(fa[p] * fb[q] * joint[p, q] for p in range(k) for q in range(k))
        out[r] = _corr(nn, sx, sy, sxx, syy, sxy)  # type: ignore[arg-type]
    return out


def _mid(counts: list[F64]) -> list[F64]:
    out, below = [], np.zeros_like(counts[0])
    for c in counts:
        out.append(below + c / 2)
        below = below + c
    return out


def _kappa_floor(x: F64, m: F32, common: F32) -> F64:
    """1 − D_o / D_e with linear weights, from cumulative counts C_t = [x <= t] Mᵀ:
    common² D_e = Σ_t C_t (common − C_tᵀ) + transpose, common D_o = Σ_t (C_t + C_tᵀ) − 2 both."""
    n = x.shape[0]
    cs = [_mm(_f32(x <= t), m) for t in range(LO, HI)]
    both = _gram(_cum(x))
    out = np.empty((n, n))
    for r in _blocks(n):
        c = common[r].astype(np.float64)
        expected = np.zeros(c.shape)
        observed = -2.0 * both[r].astype(np.float64)
        for ct in cs:
            a, b = ct[r].astype(np.float64), ct[:, r].T.astype(np.float64)
            expected += a * (c - b) + b * (c - a)
            observed += a + b
        ok = expected > 1e-12 * c * c * (HI - LO)
        val = np.full(c.shape, np.nan)
        np.divide(observed * c, expected, out=val, where=ok)
        out[r] = np.where(ok, 1.0 - val, np.nan)
    return out


# -- stages -------------------------------------------------------------------------------------


def stage_metric(metric: str, size: dict[str, int], repeat: int) -> list[Row]:
    from posmatrix.analysis import agreement

    n, m = size["voices"], size["issues"]
    x = stance_array(n, m, coverage=COVERAGE, seed=1)
    frame = pd.DataFrame(x, index=[f"v{i}" for i in range(n)])
    frame.columns = [f"i{j}" for j in range(m)]
    # Spearman's floor with its algebra takes a minute per run at full size: one round
    rounds = 1 if metric == "spearman" and n > 3000 else repeat
    # posmatrix and its floor alternate, round after round, so that both meet the same
    # state of the machine (fresh-memory cost changes over seconds, see
    # docs/performance.md); the best of each is kept
    pm_times: list[float] = []
    products: list[float] = []
    whole: list[float] = []
    got: Any = None
    want: Any = None
    mem = 0.0
    for i in range(max(1, rounds)):
        got = want = None
        t_pm, got = best(lambda: agreement(frame, metric), 1)  # type: ignore[arg-type]
        pm_times.append(t_pm)
        if i == 0:
            mem = peak_mb()  # data + posmatrix's work + its result, before any floor ran
        got = got if i == rounds - 1 else None
        PRODUCT_SECONDS[0] = 0.0
        t_whole, want = best(lambda: floor(metric, x), 1)
        products.append(PRODUCT_SECONDS[0])
        whole.append(t_whole)
    t_pm = min(pm_times)
    t_floor = min(products)
    agree = same(got.to_numpy(), want)
    return [
        row(
            f"agreement {metric} {n:,}×{m}",
            t_pm,
            t_floor,
            "float32 products",
            "≤ 2×",
            t_pm <= 2 * t_floor,
            agree,
            mem,
            f"floor with its algebra: {_fmt_s(min(whole))}",
        )
    ]


def stage_corr(size: dict[str, int], repeat: int) -> list[Row]:
    from posmatrix.analysis import agreement

    n, m = size["corr_voices"], size["issues"]
    x = stance_array(n, m, coverage=COVERAGE, seed=2)
    frame = pd.DataFrame(x)
    t_pm, got = best(lambda: agreement(frame, "pearson"), repeat)
    mem = peak_mb()
    t_pd, want = best(lambda: frame.T.corr(min_periods=1), repeat)
    note = "" if n == size["voices"] else f"{n:,} voices: corr at 10,000 would take minutes"
    return [
        row(
            f"pearson vs DataFrame.corr {n:,}×{m}",
            t_pm,
            t_pd,
            "DataFrame.corr",
            "≥ 3× faster",
            3 * t_pm <= t_pd,
            same(got.to_numpy(), want.to_numpy()),
            mem,
            note,
        )
    ]


def pair_loop(x: F64) -> F64:
    """Pearson r of every pair over co-addressed issues, one pair at a time."""
    n = x.shape[0]
    out = np.full((n, n), np.nan)
    for a in range(n):
        for b in range(n):
            both = ~np.isnan(x[a]) & ~np.isnan(x[b])
            xa, xb = x[a, both], x[b, both]
            if both.sum() >= 2 and xa.std() > 0 and xb.std() > 0:
                out[a, b] = np.corrcoef(xa, xb)[0, 1]
    return out


def stage_loop(size: dict[str, int], repeat: int) -> list[Row]:
    from posmatrix.analysis import agreement

    n, m = size["loop_voices"], size["issues"]
    x = stance_array(n, m, coverage=COVERAGE, seed=3)
    t_pm, got = best(lambda: agreement(pd.DataFrame(x), "pearson"), repeat)
    mem = peak_mb()
    t_loop, want = best(lambda: pair_loop(x), 1)
    return [
        row(
            f"pearson vs per-pair loop {n:,}×{m}",
            t_pm,
            t_loop,
            "Python loop",
            "—",
            None,
            same(got.to_numpy(), want),
            mem,
        )
    ]


def stage_alpha(size: dict[str, int], repeat: int) -> list[Row]:
    import krippendorff

    from posmatrix.measures import krippendorff_alpha

    rng = np.random.default_rng(4)
    c, u = size["alpha_coders"], size["alpha_units"]
    truth = rng.integers(LO, HI + 1, size=u)
    data = np.clip(truth + rng.choice([-1, 0, 0, 0, 1], size=(c, u)), LO, HI).astype(float)
    data[rng.random((c, u)) < 0.3] = np.nan
    out = []
    for level in ("nominal", "ordinal", "interval"):
        t_pm, got = best(lambda lv=level: krippendorff_alpha(data, lv), repeat)  # type: ignore[misc]
        mem = peak_mb()
        t_k, want = best(
            lambda lv=level: krippendorff.alpha(  # type: ignore[misc]
                reliability_data=data, level_of_measurement=lv, value_domain=list(range(LO, HI + 1))
            ),
            repeat,
        )
        out.append(
            row(
                f"krippendorff_alpha {level} {c}×{u:,}",
                t_pm,
                t_k,
                "krippendorff pkg",
                "≤ 2×",
                t_pm <= 2 * t_k,
                same(got, want),
                mem,
                f"alpha {got:.6f}",
            )
        )
    return out


def stage_yaml(size: dict[str, int], repeat: int) -> list[Row]:
    import yaml

    import posmatrix

    data = synthesize(size["yaml_sources"], size["yaml_issues"], n_actors=3, seed=5)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.yaml"
        path.write_text(to_yaml(data), encoding="utf-8")
        mb = path.stat().st_size / 1e6
        t_pm, ds = best(lambda: posmatrix.load(path, max_bytes=10**9), repeat)
        mem = peak_mb()

        def bare_load() -> Any:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def bare_compose() -> Any:
            return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        t_load, doc = best(bare_load, repeat)
        t_comp, _ = best(bare_compose, repeat)
    n_doc = sum(
        len(s.get("stances", [])) + sum(len(v) for v in s.get("reports", {}).values())
        for s in doc["sources"]
    )
    agree = len(ds.codings) == n_doc == len(data.codings)
    what = f"{len(ds.codings):,} codings, {mb:.1f} MB"
    return [
        row(
            f"YAML load+validate ({what})",
            t_pm,
            t_load,
            "CSafeLoader load",
            "≤ 1.5×",
            t_pm <= 1.5 * t_load,
            agree,
            mem,
        ),
        row("  same file", t_pm, t_comp, "CSafeLoader compose", "—", None, agree, mem),
    ]


def stage_table(size: dict[str, int], repeat: int) -> list[Row]:
    from posmatrix.frame import load_table
    from posmatrix.matrix import stance_matrix

    data = synthesize(size["table_sources"], size["issues"], seed=6)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "codings.csv"
        data.codings.to_csv(path, index=False)
        # the 1M-coding CSV is 83 MB: over the 50 MB default limit, so raise it
        t_pm, ds = best(lambda: load_table(path, max_bytes=10**9), repeat)
        mem = peak_mb()
        t_pd, frame = best(lambda: pd.read_csv(path), repeat)
    t_sm, matrix = best(lambda: stance_matrix(ds, "author"), repeat)
    mem_sm = peak_mb()
    t_pv, pivot = best(
        lambda: frame.pivot(index="source", columns="issue", values="stance"), repeat
    )
    pivot = pivot.reindex(index=matrix.index, columns=matrix.columns)
    return [
        row(
            f"load_table CSV ({len(ds.codings):,} codings)",
            t_pm,
            t_pd,
            "pandas.read_csv",
            "—",
            None,
            len(ds.codings) == len(frame),
            mem,
            "validates column by column; codings kept as columns (CodingTable)",
        ),
        row(
            f"stance_matrix of it ({matrix.shape[0]:,}×{matrix.shape[1]})",
            t_sm,
            t_pv,
            "DataFrame.pivot",
            "—",
            None,
            same(matrix.to_numpy(), pivot.to_numpy()),
            mem_sm,
        ),
    ]


def stage_workbook(size: dict[str, int], repeat: int) -> list[Row]:
    from openpyxl import Workbook

    from posmatrix.xlsx import BookWriter

    r, c = size["book_rows"], size["book_cols"]
    rng = np.random.default_rng(7)
    values = rng.random((r, c - 1)).tolist()
    rows = [[f"voice {i}", *v] for i, v in enumerate(values)]
    cells = r * c

    def ours() -> bytes:
        book = BookWriter(title="bench")
        sheet = book.add_sheet("Data")
        for line in rows:
            sheet.append(line)
        return book.to_bytes()

    def raw() -> bytes:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Data")
        for line in rows:
            ws.append(line)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    t_pm, book = best(ours, repeat)
    mem = peak_mb()
    t_raw, plain = best(raw, repeat)
    return [
        row(
            f"workbook {r:,}×{c} cells",
            t_pm,
            t_raw,
            "openpyxl write-only",
            "—",
            None,
            _cells(book) == _cells(plain),
            mem,
            f"{cells / t_pm:,.0f} vs {cells / t_raw:,.0f} cells/s",
        )
    ]


def _cells(xlsx: bytes) -> list[tuple[Any, ...]]:
    """The values of the first sheet of a workbook, row by row."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx), read_only=True)
    try:
        return list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def stage_briefing(size: dict[str, int], repeat: int) -> list[Row]:
    import openpyxl

    from posmatrix.briefing import write_briefing
    from posmatrix.frame import from_frame
    from posmatrix.matrix import voices
    from posmatrix.voicenames import voice_names

    data = synthesize(size["brief_sources"], 50, n_actors=3, seed=8)
    ds = from_frame(data.codings, issues=data.issues, sources=data.sources, actors=data.actors)
    every = voices(ds)
    n_voices = len(every)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "large.xlsx"
        t_pm, _ = best(lambda: write_briefing(ds, out), repeat)
        mem = peak_mb()
        book = openpyxl.load_workbook(out, read_only=True)
        sheets = len(book.sheetnames)
        # the briefing is complete: its Stances sheet lists every voice once, by name
        names = voice_names(ds)
        listed = [r[0] for r in book["Stances"].iter_rows(min_row=2, values_only=True)]
        book.close()
        mb = out.stat().st_size / 1e6
    return [
        row(
            f"write_briefing {n_voices:,} voices × 50 issues",
            t_pm,
            None,
            "—",
            "—",
            None,
            sorted(listed) == sorted(names[str(v)] for v in every.index),
            mem,
            f"{sheets} sheets, {mb:.1f} MB",
        )
    ]


def _cli(args: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "posmatrix", *args], capture_output=True, text=True, check=False
    )
    return time.perf_counter() - t0, done


def stage_validate(size: dict[str, int], repeat: int) -> list[Row]:
    probe = (
        "import sys, contextlib, io\n"
        "from posmatrix.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    status = main(['validate'])\n"
        "print(status, 'pandas' in sys.modules, 'openpyxl' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    status, has_pd, has_xl = [*done.stdout.split(), "?", "?", "?"][:3]
    light = has_pd == "False" and has_xl == "False"
    t, _ = best(lambda: _cli(["validate"]), repeat)
    return [
        row(
            "posmatrix validate (bundled)",
            t,
            None,
            "—",
            "no pandas/openpyxl",
            light and status == "0",
            status == "0",
            0.0,
            f"exit {status}; imports pandas: {has_pd}, openpyxl: {has_xl}",
        )
    ]


def stage_brief(size: dict[str, int], repeat: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "briefing.xlsx")
        t, (_, done) = best(lambda: _cli(["brief", "-o", out]), repeat)
        made = Path(out).exists()
    note = f"exit {done.returncode}" + ("" if made else ": no workbook written")
    if done.returncode != 0:
        note += f" ({done.stderr.strip().splitlines()[-1][:60] if done.stderr.strip() else ''})"
    return [
        row(
            "posmatrix brief (bundled), wall",
            t,
            None,
            "—",
            "< 1.5 s",
            done.returncode == 0 and made and t < 1.5,
            None,
            0.0,
            note,
        )
    ]


def run_stage(name: str, size: dict[str, int], repeat: int) -> list[Row]:
    if name in METRICS:
        return stage_metric(name, size, repeat)
    fn: Callable[[dict[str, int], int], list[Row]] = {
        "yaml": stage_yaml,
        "table": stage_table,
        "corr": stage_corr,
        "loop": stage_loop,
        "alpha": stage_alpha,
        "workbook": stage_workbook,
        "briefing": stage_briefing,
        "validate": stage_validate,
        "brief": stage_brief,
    }[name]
    return fn(size, repeat)


# -- driver -------------------------------------------------------------------------------------


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024**2:.1f} GB RAM"
    except (OSError, StopIteration, ValueError):
        ram = "RAM unknown"
    import openpyxl
    import yaml

    return (
        f"{model or platform.processor()}, {os.cpu_count()} cores, {ram}; "
        f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"openpyxl {openpyxl.__version__}, PyYAML {yaml.__version__} "
        f"(libyaml {'yes' if yaml.__with_libyaml__ else 'no'})"
    )


def _fmt_s(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"


def table(rows: list[Row]) -> str:
    from tabulate import tabulate

    body = [
        [
            r["stage"],
            _fmt_s(r["posmatrix_s"]),
            f"{_fmt_s(r['peer_s'])} ({r['peer']})" if r["peer_s"] is not None else "—",
            f"{r['ratio']:.2f}×" if r["ratio"] is not None else "—",
            r["target"] + ("" if r["met"] is None else (" ✓" if r["met"] else " ✗ MISSED")),
            {True: "yes", False: "NO", None: "—"}[r["agree"]],
            f"{r['peak_mb']:,.0f} MB" if r["peak_mb"] else "—",
            r["note"],
        ]
        for r in rows
    ]
    head = [
        "stage",
        "posmatrix",
        "peer / floor",
        "ratio",
        "target",
        "same values",
        "peak RSS",
        "note",
    ]
    return tabulate(body, head, tablefmt="github", disable_numparse=True)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="small sizes: a smoke run of seconds")
    p.add_argument("--only", nargs="+", choices=STAGES, metavar="STAGE", help="these stages only")
    p.add_argument("--repeat", type=int, help="runs per timing (best is kept)")
    p.add_argument("--voices", type=int, help="voices of the agreement stages (default 10,000)")
    p.add_argument("--json", type=Path, help="also write the rows as JSON here")
    p.add_argument(
        "--mem-limit",
        type=float,
        default=16.0,
        help="address-space cap of each stage process in GB (default 16; 0: none)",
    )
    p.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)  # child process
    args = p.parse_args(argv)
    mode = "quick" if args.quick else "full"
    repeat = args.repeat or 3
    size = dict(SIZES[mode])
    if args.voices:
        size["voices"] = args.voices
    if args.stage:
        if args.mem_limit:  # fail with MemoryError rather than push a shared machine into OOM
            cap = int(args.mem_limit * 1024**3)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        print(json.dumps(run_stage(args.stage, size, repeat)))
        return 0
    print(f"posmatrix benchmarks ({mode}); {machine()}", flush=True)
    rows: list[Row] = []
    for stage in args.only or STAGES:
        runs = args.repeat or (AGREEMENT_ROUNDS if stage in METRICS else repeat)
        cmd = [sys.executable, __file__, "--stage", stage, "--repeat", str(runs)]
        cmd += ["--quick"] if args.quick else []
        cmd += ["--voices", str(args.voices)] if args.voices else []
        cmd += ["--mem-limit", str(args.mem_limit)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            err = done.stderr.strip().splitlines()
            rows.append(
                row(
                    stage,
                    float("nan"),
                    None,
                    "—",
                    "—",
                    False,
                    False,
                    0.0,
                    f"FAILED: {err[-1] if err else done.returncode}",
                )
            )
        else:
            rows.extend(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"  {stage}: done", file=sys.stderr, flush=True)
    print(table(rows))
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine(), "mode": mode, "rows": rows}, indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
