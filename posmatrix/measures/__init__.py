"""Consensus, dispersion and reliability measures on plain arrays.

One vectorized function per measure, in the style of ``fast-krippendorff``:

* :func:`van_der_eijk_a` — agreement *A* (van der Eijk 2001), −1..1;
* :func:`leik_d` — Leik's (1966) ordinal dispersion, 0..1;
* :func:`tastle_wierman` — Tastle and Wierman's (2007) consensus, 0..1;
* :func:`hix_agreement_index` — Hix, Noury and Roland's (2005) agreement index, 0..1;
* :func:`krippendorff_alpha` — Krippendorff's alpha at four levels of measurement.

The frequency measures take a frequency vector spanning the *full* scale, empty
categories included (``[3, 0, 1]`` on a three-point scale, never ``[3, 1]``), of
shape ``(k,)`` — giving a float — or ``(n, k)`` — giving an array of shape ``(n,)``,
one value per row. Frequencies may be counts or shares: every measure depends only
on the proportions. Only numpy is needed. Formulas, ranges and references are in
``docs/methods.md``.

The frequency measures live in :mod:`posmatrix.measures.frequency`, Krippendorff's
alpha in :mod:`posmatrix.measures.alpha`; every name is importable from here.
"""

from __future__ import annotations

from .alpha import LEVELS, krippendorff_alpha
from .alpha import Level as Level
from .frequency import hix_agreement_index, leik_d, tastle_wierman, van_der_eijk_a

__all__ = [
    "LEVELS",
    "hix_agreement_index",
    "krippendorff_alpha",
    "leik_d",
    "tastle_wierman",
    "van_der_eijk_a",
]
