"""The Gaps and Red lines sheets: where voices collide, with the evidence."""

from __future__ import annotations

from ..model import quoted
from ..xlsx import (
    WRAP,
    Styled,
)
from ._style import (
    _CENTER,
    _MUTED,
    _TOP,
    _header,
    _lines,
    _num,
    _pct,
    _stance_fill,
    _stance_text,
    _wrap,
    _yes,
)
from .context import Context


def gaps_sheet(ctx: Context) -> None:
    r = ctx.report
    ds = ctx.ds
    sheet = ctx.book.add_sheet(
        "Gaps",
        widths=[5, 20, 32, 7, 10, 12, 11, 7, 8, 8, 8, 36, 36],
        freeze="C2",
        align=_TOP,
    )
    _header(
        sheet,
        [
            "Rank",
            "Issue",
            "Proposition",
            "Voices",
            "Contested",
            "Polarization",
            "Agreement A",
            "Mean",
            "Support",
            "Neutral",
            "Oppose",
            f"At {ctx.scale.min} ({ctx.scale.labels[0]})",
            f"At {ctx.scale.max} ({ctx.scale.labels[-1]})",
        ],
    )
    # One row per issue, then one more per further quote at either end, so that no
    # row outgrows Excel's 409-point limit; continuation rows repeat the issue id.
    for issue, row in r.issues.iterrows():
        low = [
            f"{v}: {quoted(q)}" for v, q in zip(row["low_voices"], row["low_quotes"], strict=True)
        ]
        high = [
            f"{v}: {quoted(q)}" for v, q in zip(row["high_voices"], row["high_quotes"], strict=True)
        ]
        sheet.append(
            [
                int(row["rank"]),
                _wrap(str(issue)),
                _wrap(row["proposition"]),
                int(row["voices"]),
                _yes(row["contested"]),
                _pct(float(row["polarization"])),
                _num(float(row["van_der_eijk_a"])),
                _num(float(row["mean"])),
                int(row["support"]),
                int(row["neutral"]),
                int(row["oppose"]),
                _wrap(low[0] if low else ""),
                _wrap(high[0] if high else ""),
            ]
        )
        for k in range(1, max(len(low), len(high))):
            sheet.append(
                [
                    None,
                    Styled(str(issue), font=_MUTED, alignment=WRAP),
                    *([None] * 9),
                    _wrap(low[k] if k < len(low) else ""),
                    _wrap(high[k] if k < len(high) else ""),
                ]
            )
    sheet.auto_filter()
    del ds


def red_lines(ctx: Context) -> None:
    ds, r = ctx.ds, ctx.report
    sheet = ctx.book.add_sheet(
        "Red lines", widths=[18, 18, 20, 30, 14, 14, 6, 40, 40], freeze="C2", align=_TOP
    )
    _header(
        sheet,
        [
            "Actor A",
            "Actor B",
            "Issue",
            "Proposition",
            "Stance A",
            "Stance B",
            "Gap",
            "Evidence for A",
            "Evidence for B",
        ],
    )
    red = r.red_lines
    for _, row in red.iterrows():
        issue = str(row["issue"])
        sa, sb = float(row["stance_a"]), float(row["stance_b"])
        sheet.append(
            [
                _wrap(ds.holder_name(row["actor_a"])),
                _wrap(ds.holder_name(row["actor_b"])),
                _wrap(issue),
                _wrap(ds.issues[issue].proposition),
                Styled(
                    _stance_text(ctx.scale, sa),
                    fill=_stance_fill(ctx.scale, sa, ctx.fills),
                    alignment=_CENTER,
                ),
                Styled(
                    _stance_text(ctx.scale, sb),
                    fill=_stance_fill(ctx.scale, sb, ctx.fills),
                    alignment=_CENTER,
                ),
                _num(float(row["gap"])),
                _wrap(_lines(row["sources_a"], row["evidence_a"])),
                _wrap(_lines(row["sources_b"], row["evidence_b"])),
            ]
        )
    if not len(red):
        sheet.append(["No red lines: no two actors stand on opposite sides at an extreme."])
    sheet.auto_filter()
