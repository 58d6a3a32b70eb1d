"""The "Where a deal could be" section: in text (``posmatrix deals``, the report) and as
a sheet of the Excel briefing.

:func:`default_deals` computes what the section shows (analysis); the other functions
only read its frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs
import pandas as pd

from .errors import UsageError
from .model import Dataset

if TYPE_CHECKING:
    from .briefing.context import Context as _Writer
    from .deals import DealSpace
    from .report import _Doc

__all__ = ["Deals", "deal_section", "deal_text", "deals_sheet", "default_deals"]

TITLE: Final = "Where a deal could be"
_ZONE: Final = {
    "both": "either",
    "adopted": "adopted only",
    "rejected": "rejected only",
    "none": "neither: blocks",
}
CAVEAT: Final = (
    "This reads the positions the sources state or report, not the parties' private "
    "reservation points: a red line here is a coded stance, and a party may move in "
    "private what it holds in public. A party the sources are silent on for an issue "
    "neither supports nor blocks it, so thin coverage of a party widens the space. "
    "Utilities are stance × issue weight: intensities on the coding scale, not payoffs."
)


@attrs.frozen
class Deals:
    """What the section shows: the deal space, the space without its blocking issues
    (None when nothing blocks), or why there is none (``reason``)."""

    space: DealSpace | None
    rest: DealSpace | None
    reason: str = ""


def default_deals(
    ds: Dataset,
    parties: Sequence[str] | None = None,
    *,
    issues: Sequence[str] | None = None,
    red_line_at: float | None = None,
    top: int = 10,
) -> Deals:
    """The deal space of ``parties`` (default: every reported actor) and, when issues
    block, the space without them. A dataset without two reported actors, or a 3-point
    scale without marks, gives ``reason`` instead of raising (the briefing and the
    report show it); the same problem with explicit ``parties`` raises."""
    from .deals import deal_space

    try:
        space = deal_space(ds, parties, issues=issues, red_line_at=red_line_at, top=top)
    except UsageError as exc:
        if parties is not None:
            raise
        return Deals(None, None, str(exc))
    return Deals(space, space.without_blocking())


def _names(space: DealSpace, parties: Sequence[str]) -> str:
    return ", ".join(space.party_name(p) for p in parties) or "–"


def _package_lines(space: DealSpace, frame: pd.DataFrame) -> list[str]:
    """One line per package: its ranks, scores, and what it adopts and rejects."""
    out = []
    for _, row in frame.iterrows():
        scores = "; ".join(f"{p} {row[f'score_{p}']:g}" for p in space.parties)
        out.append(
            f"Rank {_rank(row['rank_total'])} by total, {_rank(row['rank_maximin'])} by "
            f"maximin: total {row['total']:g}, least satisfied "
            f"{_names(space, row['least_satisfied'])} ({row['maximin']:g}); scores {scores}. "
            f"Adopts {', '.join(row['adopted']) or 'nothing'}; rejects "
            f"{', '.join(row['rejected']) or 'nothing'}."
        )
    return out


def _coin_flips(space: DealSpace) -> str:
    """A sentence naming the open issues whose outcomes the parties' support leaves
    even (total 0): the tie rule, not the parties, decides them."""
    rows = space.issues.xs("adopted", level="outcome")
    even = rows[(rows["zopa"] == "both") & rows["decided"] & (rows["support"].abs() < 1e-9)]
    if not len(even):
        return ""
    return (
        f"Support for and against is even on {', '.join(map(str, even.index))}: there the "
        "ranking's tie rule (adopted first), not the parties, decides."
    )


def _rank(value: Any) -> str:
    return "–" if value is pd.NA or value is None else str(int(value))


def _best(frame: pd.DataFrame, top: int) -> pd.DataFrame:
    keep = (frame["rank_total"].fillna(top + 1) <= top) | (
        frame["rank_maximin"].fillna(top + 1) <= top
    )
    return pd.DataFrame(frame[keep.to_numpy(dtype=bool)])


def deal_section(doc: _Doc, deals: Deals, *, top: int = 3, level: int = 2) -> None:
    """Add the section to a report document (see :mod:`posmatrix.report`)."""
    doc.heading(TITLE, level)
    space = deals.space
    if space is None:
        doc.para(f"No deal space: {deals.reason}.")
        return
    ds = space.dataset
    doc.para(
        f"Parties: {_names(space, space.parties)} (an actor's stance is the median over the "
        f"sources reporting it). Red lines: {space.red_line_rule}. Each issue is either "
        "adopted or rejected; an outcome is possible when it crosses no party's red line."
    )
    zone = space.issues.xs("adopted", level="outcome")
    rejected = space.issues.xs("rejected", level="outcome")
    doc.table(
        pd.DataFrame(
            {
                "possible outcome": [_ZONE[z] for z in zone["zopa"]],
                "adopting crosses": [_names(space, v) for v in zone["red_line"]],
                "rejecting crosses": [_names(space, v) for v in rejected["red_line"]],
            },
            index=pd.Index([str(i) for i in zone.index], name="issue"),
        )
    )
    if space.feasible:
        how = "all scored" if space.exact else "the best found by branch and bound"
        doc.para(
            f"{space.n_packages:,} feasible packages ({how}); the best by total support "
            "(stance × weight summed over parties) and by the least-satisfied party:"
        )
        doc.bullets(_package_lines(space, _best(space.packages, top)))
        if _coin_flips(space):
            doc.para(_coin_flips(space))
    else:
        n = len(space.blocking)
        doc.para(
            f"No package crosses no red line: {n} issue{'s' if n != 1 else ''} block every "
            "package. No deal is possible unless one of these positions moves."
        )
        for issue, row in space.blocking.iterrows():
            doc.heading(f"{issue}: {row['proposition']}", level + 1)
            doc.para(
                f"Adopting it crosses the red line of {_names(space, row['adopt_blocked_by'])}; "
                f"rejecting it that of {_names(space, row['reject_blocked_by'])}."
            )
            doc.quotes(
                [
                    (
                        f"{space.party_name(p)}, {ds.scale.describe(st, brackets=True)}, "
                        f"as reported by {src}" + (" (marked red line)" if marked else ""),
                        q,
                    )
                    for p, src, st, q, marked in zip(
                        row["parties"],
                        row["sources"],
                        row["stances"],
                        row["quotes"],
                        row["marked"],
                        strict=True,
                    )
                ]
            )
        rest = deals.rest
        if rest is not None and rest.feasible:
            doc.para(
                f"Leaving the blocking issues aside, {rest.n_packages:,} packages of the other "
                "issues cross no red line; the best:"
            )
            doc.bullets(_package_lines(rest, _best(rest.packages, 1)))
            if _coin_flips(rest):
                doc.para(_coin_flips(rest))
        elif rest is not None:
            doc.para(
                "Even leaving the blocking issues aside, no package of the other issues "
                "crosses no red line."
            )
    trades = space.trades
    if len(trades):
        doc.para("Trades (each party gives on the issue it cares less about):")
        shown = trades.head(top)
        doc.table(
            pd.DataFrame(
                {
                    "party A gets": [
                        f"{a}: {i} {o}"
                        for a, i, o in zip(
                            shown["party_a"], shown["issue_a"], shown["outcome_a"], strict=True
                        )
                    ],
                    "party B gets": [
                        f"{b}: {i} {o}"
                        for b, i, o in zip(
                            shown["party_b"], shown["issue_b"], shown["outcome_b"], strict=True
                        )
                    ],
                    "gain A": shown["gain_a"].astype(float).tolist(),
                    "gain B": shown["gain_b"].astype(float).tolist(),
                }
            ),
            floatfmt="g",
        )
    else:
        doc.para(
            "No trade: no two parties stand on opposite sides of two issues that each cares "
            "about more than the other, with both outcomes possible."
        )
    doc.para(CAVEAT)


def deal_text(space: DealSpace, *, fmt: str = "plain", top: int = 5) -> str:
    """The section alone, as a document of its own (``posmatrix deals``)."""
    from .report import _Doc

    doc = _Doc(fmt)
    deal_section(doc, Deals(space, space.without_blocking()), top=top, level=1)
    return doc.text(TITLE)


# -- the briefing sheet ----------------------------------------------------------------------


SHEET_QUOTES = 1
"""Quotes per issue in the Deals sheet's zone of agreement (the rest: the Evidence sheet)."""
SHEET_PACKAGES = 3
"""Packages listed on the Deals sheet (the best first)."""


def deals_sheet(writer: _Writer, deals: Deals) -> None:
    """Write the "Deals" sheet of the Excel briefing."""
    from .briefing._style import _TITLE, _header, _num, _section, _wrap
    from .evidence import cut
    from .voicenames import shorten
    from .xlsx import WRAP, Styled

    sheet = writer.book.add_sheet(
        "Deals", widths=[24, 44, 14, 20, 20, 74], freeze="A2", title_rows=0
    )
    sheet.append([Styled(TITLE, font=_TITLE)], height=24)
    space = deals.space
    if space is None:
        sheet.append_merged(_wrap(f"No deal space: {deals.reason}."), 6)
        return
    ds = space.dataset
    sheet.append_merged(
        _wrap(
            f"Parties: {_names(space, space.parties)}. Red lines: {space.red_line_rule}. "
            "Each issue is adopted or rejected; an outcome is possible when it crosses no "
            "party's red line."
        ),
        6,
    )
    _section(sheet, "Zone of possible agreement, issue by issue")
    _header(
        sheet,
        ["Issue", "Proposition", "Possible", "Adopting crosses", "Rejecting crosses", "Evidence"],
    )
    zone = space.issues.xs("adopted", level="outcome")
    rejected = space.issues.xs("rejected", level="outcome")
    for issue, row in zone.iterrows():
        other = rejected.loc[issue]
        evidence = [
            f"{p} ({shorten(s, 30)}): {cut(q, 80)}"
            for part in (row, other)
            for p, s, q in zip(
                part["quote_parties"], part["quote_sources"], part["quotes"], strict=True
            )
        ]
        if len(evidence) > SHEET_QUOTES:
            more = len(evidence) - SHEET_QUOTES
            evidence = evidence[:SHEET_QUOTES]
            evidence[-1] += f" (+{more} more: Evidence sheet)"
        sheet.append(
            [
                _wrap(str(issue)),
                _wrap(str(row["proposition"])),
                _wrap(_ZONE[str(row["zopa"])]),
                _wrap(_names(space, row["red_line"])),
                _wrap(_names(space, other["red_line"])),
                _wrap("\n".join(evidence)),
            ]
        )
    if space.feasible:
        _section(sheet, f"Feasible packages ({space.n_packages:,}); the best")
        _package_rows(sheet, space, space.packages.head(SHEET_PACKAGES), _header, _num, _wrap)
        if len(space.packages) > SHEET_PACKAGES:
            sheet.append([f"… and {len(space.packages) - SHEET_PACKAGES} more packages"])
    else:
        _section(sheet, "Blocking issues: no deal unless one of these positions moves")
        # the proposition is in the table above; the quote spans the last two columns
        _header(sheet, ["Issue", "Party", "Stance", "Source", "Quote", ""])
        for issue, row in space.blocking.iterrows():
            for p, src, st, q in zip(
                row["parties"], row["sources"], row["stances"], row["quotes"], strict=True
            ):
                sheet.append(
                    [
                        _wrap(str(issue)),
                        _wrap(space.party_name(p)),
                        _wrap(ds.scale.describe(float(st))),
                        _wrap(shorten(src, 30)),
                        _wrap(cut(q, 110)),
                        None,
                    ],
                    merge={4: 2},
                )
        rest = deals.rest
        if rest is not None and rest.feasible:
            _section(sheet, "Leaving the blocking issues aside, the best packages")
            _package_rows(sheet, rest, rest.packages.head(SHEET_PACKAGES), _header, _num, _wrap)
            if len(rest.packages) > SHEET_PACKAGES:
                sheet.append([f"… and {len(rest.packages) - SHEET_PACKAGES} more packages"])
    _section(sheet, "Trades: each party gives on the issue it cares less about")
    if len(space.trades):
        _header(sheet, ["Party A", "A gets", "Party B", "B gets", "Gains (A, B)", ""])
        for _, t in space.trades.iterrows():
            sheet.append(
                [
                    _wrap(space.party_name(t["party_a"])),
                    _wrap(f"{t['issue_a']} {t['outcome_a']}"),
                    _wrap(space.party_name(t["party_b"])),
                    _wrap(f"{t['issue_b']} {t['outcome_b']}"),
                    _wrap(f"{t['gain_a']:g}, {t['gain_b']:g}"),
                ]
            )
    else:
        sheet.append(["No trade between these parties."])
    sheet.append([])
    sheet.append_merged(Styled(CAVEAT, alignment=WRAP), 6)


def _package_rows(
    sheet: Any, space: DealSpace, frame: pd.DataFrame, header: Any, num: Any, wrap: Any
) -> None:
    header(
        sheet,
        ["Rank (total, maximin)", "Rejected", "Total", "Least score", "Least satisfied", "Adopted"],
    )
    # the longer list (usually the adopted issues) in the widest column
    for _, row in frame.iterrows():
        sheet.append(
            [
                wrap(f"{_rank(row['rank_total'])}, {_rank(row['rank_maximin'])}"),
                wrap(", ".join(row["rejected"]) or "–"),
                num(float(row["total"])),
                num(float(row["maximin"])),
                wrap(_names(space, row["least_satisfied"])),
                wrap(", ".join(row["adopted"]) or "–"),
            ]
        )
