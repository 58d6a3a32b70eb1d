"""Common ground between two versions of a dataset: which issues continue, and agreement
compared over them only.

Two versions of a codebook rarely hold the same issues: some are dropped, some added,
some renamed or reworded, some turned around (“ruled out” became “kept open”). Comparing
each pair's agreement over whatever issues each version happens to hold lists pairs as
"moved" that only moved because the ground under them changed. :func:`match_issues`
pairs the issues of the two versions — by id, by an issue's ``replaces: old-id``, or by
an explicit mapping (``posmatrix diff --map old=new``) — and notes the inverted ones
(``inverted: true``: stances flip, ``s → min + max − s``). :func:`common_agreement`
then compares every pair of voices over the issues both versions hold *and* both
voices address in both versions, with masks and the agreement kernel (no loop over
pairs); a pair without such an issue is not listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
import pandas as pd

from .changemoves import AGREEMENT_COLUMNS  # one list: the diff's moved pairs
from .errors import UsageError
from .matrix import HolderSpec, stance_matrix
from .model import Dataset

if TYPE_CHECKING:
    from .analysis import Metric

__all__ = [
    "AGREEMENT_COLUMNS",
    "CommonGround",
    "common_agreement",
    "continuity_rows",
    "match_issues",
    "translate",
]

_TOL: Final = 1e-12


@attrs.frozen
class CommonGround:
    """How the issues of two versions correspond; made by :func:`match_issues`.

    Attributes
    ----------
    old_to_new : mapping of str to str
        Every issue both versions hold: old id -> new id (new codebook order).
    inverted : frozenset of str
        New ids whose proposition was turned around: old stances flip.
    reworded : tuple of str
        New ids of matched issues whose proposition text changed.
    only_old, only_new : tuple of str
        Issues one version holds and the other does not continue.
    """

    old_to_new: Mapping[str, str]
    inverted: frozenset[str]
    reworded: tuple[str, ...]
    only_old: tuple[str, ...]
    only_new: tuple[str, ...]

    @property
    def common(self) -> tuple[str, ...]:
        """The new ids of the issues both versions hold."""
        return tuple(self.old_to_new.values())

    @property
    def renamed(self) -> dict[str, str]:
        """Old id -> new id of the matched issues whose id changed."""
        return {o: n for o, n in self.old_to_new.items() if o != n}

    @property
    def differs(self) -> bool:
        """Whether the issue sets differ (added, removed, renamed or inverted issues)."""
        return bool(self.only_old or self.only_new or self.renamed or self.inverted)

    def issue_note(self, new_id: str) -> str:
        """What changed about an issue's proposition: ``renamed from x``, ``inverted``,
        ``proposition changed`` (joined by ``"; "``), or ``""``."""
        back = {n: o for o, n in self.old_to_new.items()}
        notes = []
        old = back.get(new_id)
        if old is not None and old != new_id:
            notes.append(f"renamed from {old}")
        if new_id in self.inverted:
            notes.append("inverted: old stances flip")
        if new_id in self.reworded:
            notes.append("proposition changed")
        return "; ".join(notes)

    def sentence(self) -> str:
        """The common ground in one or two plain sentences."""
        n = len(self.old_to_new)
        if not self.differs:
            return f"Both versions hold the same {n} issues."
        parts = [f"{len(self.only_old)} only in the old version"]
        parts.append(f"{len(self.only_new)} only in the new")
        if self.renamed:
            pairs = ", ".join(f"{o} → {n}" for o, n in self.renamed.items())
            parts.append(f"{len(self.renamed)} renamed ({pairs})")
        if self.inverted:
            parts.append(f"{len(self.inverted)} inverted ({', '.join(sorted(self.inverted))})")
        return (
            f"The issue sets differ: {n} issues are common to both versions; "
            f"{'; '.join(parts)}. Agreement is compared over the common issues only, each "
            "pair over those both voices address in both versions."
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data (``posmatrix diff --format json``)."""
        return {
            "differs": self.differs,
            "common": len(self.old_to_new),
            "matched": dict(self.old_to_new),
            "renamed": self.renamed,
            "inverted": sorted(self.inverted),
            "reworded": list(self.reworded),
            "only_old": list(self.only_old),
            "only_new": list(self.only_new),
        }


def _known(ident: str, known: Iterable[str], side: str) -> None:
    names = list(known)
    if ident not in names:
        import difflib

        close = difflib.get_close_matches(ident, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"{ident!r} is not an issue of the {side} version{hint}")


def match_issues(
    old: Dataset,
    new: Dataset,
    *,
    mapping: Mapping[str, str] | None = None,
    inverted: Iterable[str] = (),
) -> CommonGround:
    """Pair the issues of ``old`` and ``new``.

    A new issue continues the old issue named by ``mapping`` (old id -> new id), else
    the one its ``replaces`` names, else the old issue with its own id. ``inverted``
    (new ids) adds to the issues whose ``inverted`` is true.

    Examples
    --------
    >>> from posmatrix.model import Issue
    >>> old = Dataset(title="v1", issues=[Issue("a", "A."), Issue("b", "B."), Issue("c", "C.")])
    >>> new = Dataset(
    ...     title="v2",
    ...     issues=[Issue("a", "A."), Issue("b2", "Not B.", replaces="b", inverted=True)],
    ... )
    >>> cg = match_issues(old, new)
    >>> dict(cg.old_to_new), sorted(cg.inverted), cg.only_old
    ({'a': 'a', 'b': 'b2'}, ['b2'], ('c',))
    >>> cg.issue_note("b2")
    'renamed from b; inverted: old stances flip; proposition changed'
    """
    pred: dict[str, str] = {}  # new id -> old id
    claimed: dict[str, str] = {}  # old id -> new id, explicit (mapping or replaces)
    for o, n in (mapping or {}).items():
        _known(o, old.issues, "old")
        _known(n, new.issues, "new")
        if o in claimed or n in pred:
            raise UsageError(f"--map pairs {o!r} or {n!r} twice; map each issue once")
        pred[n], claimed[o] = o, n
    for n, issue in new.issues.items():
        was = issue.replaces
        if n in pred or was is None or was not in old.issues or was in claimed:
            continue
        pred[n], claimed[was] = was, n
    for n in new.issues:
        if n not in pred and n in old.issues and n not in claimed:
            pred[n] = n
    flipped: set[str] = set()
    for n in inverted:
        _known(n, new.issues, "new")
        flipped.add(n)
    # a declared inversion is a step from an older version: it applies unless the old
    # side already is that issue as inverted (same id, inverted too), as when a version
    # is compared with itself or with a copy that keeps the declaration
    flipped.update(
        n
        for n, issue in new.issues.items()
        if issue.inverted and not (pred.get(n) == n and old.issues[n].inverted)
    )
    flipped &= set(pred)
    matched = {pred[n]: n for n in new.issues if n in pred}
    return CommonGround(
        old_to_new=matched,
        inverted=frozenset(flipped),
        reworded=tuple(
            n for o, n in matched.items() if old.issues[o].proposition != new.issues[n].proposition
        ),
        only_old=tuple(o for o in old.issues if o not in matched),
        only_new=tuple(n for n in new.issues if n not in pred),
    )


def translate(old: Dataset, cg: CommonGround) -> Dataset:
    """``old`` with its matched issues (and their codings) under their new ids; an old
    issue that is not continued but whose id a new issue took is kept as ``id~old``.
    Stances are left as coded (flipping is for agreement only)."""
    taken = set(cg.old_to_new.values())
    rename = dict(cg.old_to_new)
    for o in old.issues:
        if o not in rename:
            rename[o] = f"{o[:76]}~old" if o in taken else o
    if all(o == n for o, n in rename.items()):
        return old
    issues = [attrs.evolve(i, id=rename[i.id], replaces=None) for i in old.issues.values()]
    codings = [attrs.evolve(c, issue=rename.get(c.issue, c.issue)) for c in old.codings]
    out: Dataset = attrs.evolve(old, issues=issues, codings=codings)  # type: ignore[arg-type]
    return out


def common_agreement(
    old: Dataset,
    new: Dataset,
    cg: CommonGround,
    *,
    metric: Metric = "cityblock",
    holder: HolderSpec = None,
) -> pd.DataFrame:
    """Pairs of voices whose agreement moved, compared over their common ground.

    ``old`` must already use the new ids (:func:`translate`). For each voice, an issue
    counts when both versions hold it and the voice addresses it in both; a pair is
    compared over the issues that count for both voices, old stances of inverted
    issues flipped (``min + max − s``). Pairs with no such issue are left out.

    Returns
    -------
    pandas.DataFrame
        Columns: ``voice_a``, ``voice_b``; ``old``, ``new`` (agreement over the common
        ground), ``delta`` (``new − old``); ``old_overlap``, ``new_overlap`` (float64:
        issues the pair addresses in each whole version, for comparison); ``common``
        (float64: the issues the comparison rests on). Largest ``|delta|`` first.
    """
    from .analysis import agreement, overlap
    from .changemoves import _moved_pairs

    common = list(cg.common)
    so, sn = stance_matrix(old, holder), stance_matrix(new, holder)
    labels = list(dict.fromkeys([*sn.index, *so.index]))
    index = pd.Index(labels, name="voice", dtype=object)
    o_vals = so.reindex(index=index, columns=common).to_numpy(np.float64, copy=True)
    n_vals = sn.reindex(index=index, columns=common).to_numpy(np.float64, copy=True)
    flip = [j for j, n in enumerate(common) if n in cg.inverted]
    o_vals[:, flip] = old.scale.min + old.scale.max - o_vals[:, flip]
    both = ~np.isnan(o_vals) & ~np.isnan(n_vals)
    o_vals[~both] = np.nan
    n_vals[~both] = np.nan

    def score(values: Any, ds: Dataset) -> Any:
        frame = pd.DataFrame(values, index=index, columns=common)
        weights = {c: ds.issues[c].weight for c in common}
        return agreement(frame, metric, weights=weights, scale=ds.scale).to_numpy(np.float64)

    if len(labels) < 2:
        return pd.DataFrame(
            {
                c: pd.Series(dtype=object if c in ("voice_a", "voice_b") else "float64")
                for c in AGREEMENT_COLUMNS
            }
        )
    a_old, a_new = score(o_vals, old), score(n_vals, new)
    counts = both.astype(np.float64)
    ground = counts @ counts.T  # issues both voices address in both versions
    iu, ju = _moved_pairs(a_old, a_new)
    keep = ground[iu, ju] >= 1
    iu, ju = iu[keep], ju[keep]
    x, y = a_old[iu, ju], a_new[iu, ju]
    delta = y - x
    order = np.argsort(-np.nan_to_num(np.abs(delta), nan=-1.0), kind="stable")
    iu, ju, x, y, delta = iu[order], ju[order], x[order], y[order], delta[order]
    full = [
        overlap(ds, holder=holder).reindex(index=index, columns=index).fillna(0)
        for ds in (old, new)
    ]
    lab = np.asarray(labels, dtype=object)
    return pd.DataFrame(
        {
            "voice_a": pd.Series(lab[iu], dtype=object),
            "voice_b": pd.Series(lab[ju], dtype=object),
            "old": x,
            "new": y,
            "delta": delta,
            "old_overlap": full[0].to_numpy(np.float64)[iu, ju],
            "new_overlap": full[1].to_numpy(np.float64)[iu, ju],
            "common": ground[iu, ju],
        },
        columns=list(AGREEMENT_COLUMNS),
    )


def continuity_rows(cg: CommonGround) -> list[tuple[str, str, str, str, str, str]]:
    """Item rows (``kind, id, change, field, old, new``) for the renamed and inverted
    issues, for :attr:`posmatrix.changes.DatasetDiff.items`."""
    rows = [("issue", n, "changed", "id", o, n) for o, n in cg.renamed.items()]
    rows += [("issue", n, "changed", "inverted", "false", "true") for n in sorted(cg.inverted)]
    return rows
