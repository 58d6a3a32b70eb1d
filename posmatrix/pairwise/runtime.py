"""The block and thread runtime the agreement kernels share.

Products run on upper-triangle row blocks (:func:`_triangle_blocks`, :class:`_Upper`)
into reused buffers; the elementwise finishing runs in cache-sized pieces
(:func:`_sub_blocks`) on up to ``_THREADS`` threads (:func:`_each`); the result is
mirrored (:func:`_symmetrize`). :func:`_exact_dtype` picks float32 when every partial
sum is an exactly representable number, so results do not depend on BLAS's order of
addition. Tests shrink ``_BLOCK_ELEMENTS`` to force many small blocks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

_F32_EXACT: Final = 2.0**24  # float32 represents every integer up to 2**24 exactly
_BLOCK_ELEMENTS: Final = 2**22  # float64 elements of temporaries per row block (32 MB)
_THREADS: Final = min(4, os.cpu_count() or 1)  # threads of the elementwise finishing

F64 = npt.NDArray[np.float64]
Arr = npt.NDArray[Any]


# -- encodings -------------------------------------------------------------------------------


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


# -- blocks and threads ------------------------------------------------------------------------


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
