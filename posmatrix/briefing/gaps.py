"""The Gaps and Red lines sheets: where voices collide, with the evidence."""

from __future__ import annotations

from collections.abc import Sequence

from ..evidence import cut, pole_quotes
from ..model import quoted
from ..voicenames import shorten
from ..xlsx import (
    Styled,
)
from ._style import (
    _CENTER,
    _TOP,
    _header,
    _lines,
    _num,
    _pct,
    _section,
    _stance_fill,
    _stance_text,
    _wrap,
)
from .context import Context

POLE_QUOTE_CHARS = 70
"""Quotes on the Gaps and Clashes sheets are cut to about this many characters."""


def _confidence(ctx: Context) -> dict[tuple[str, str], str]:
    """(voice, issue) → the confidence of its first coding."""
    ev = ctx.findings.evidence
    out: dict[tuple[str, str], str] = {}
    for v, i, c in zip(ev["voice"], ev["issue"], ev["confidence"], strict=True):
        out.setdefault((str(v), str(i)), str(c))
    return out


def _pole(
    ctx: Context,
    issue: str,
    voices: Sequence[str],
    quotes: Sequence[str],
    conf: dict[tuple[str, str], str],
) -> tuple[str, int]:
    """The quotes shown at one pole (at most ``quotes_per_pole``, cut) and how many more."""
    names = ctx.findings.voice_names
    picked = pole_quotes(
        list(voices),
        [conf.get((v, issue), "high") for v in voices],
        ctx.findings.agreement_among(list(voices)),
        ctx.quotes_per_pole,
    )
    lines = [
        f"{shorten(names.get(voices[i], voices[i]), 30)}: "
        f"{quoted(cut(quotes[i], POLE_QUOTE_CHARS))}"
        for i in picked
    ]
    more = len(voices) - len(picked)
    if more:
        lines.append(f"… and {more} more (Evidence sheet)")
    return "\n".join(lines), more


def gaps_sheet(ctx: Context) -> None:
    r = ctx.report
    names = ctx.findings.issue_names
    sheet = ctx.book.add_sheet(
        "Gaps",
        # wide enough that no header word breaks (column_width), quotes get the rest
        widths=[6, 16, 26, 8, 13, 11, 9, 9, 9, 6, 46, 46, 6],
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
            "Polarization",
            "Agreement A",
            "Support",
            "Neutral",
            "Oppose",
            "Mean",
            f"At {ctx.scale.min} ({ctx.scale.labels[0]})",
            f"At {ctx.scale.max} ({ctx.scale.labels[-1]})",
            "More",
        ],
    )
    conf = _confidence(ctx)
    # One row per issue: at most quotes_per_pole quotes at each end, the rest on the
    # Evidence sheet.
    for issue, row in r.issues.iterrows():
        key = str(issue)
        low, n_low = _pole(ctx, key, row["low_voices"], row["low_quotes"], conf)
        high, n_high = _pole(ctx, key, row["high_voices"], row["high_quotes"], conf)
        sheet.append(
            [
                int(row["rank"]),
                _wrap(names.get(key, key)),
                _wrap(row["proposition"]),
                int(row["voices"]),
                _pct(float(row["polarization"])),
                _num(float(row["van_der_eijk_a"])),
                int(row["support"]),
                int(row["neutral"]),
                int(row["oppose"]),
                _num(float(row["mean"])),
                _wrap(low),
                _wrap(high),
                ctx.link("Evidence", f"+{n_low + n_high}") if n_low + n_high else None,
            ]
        )
    sheet.auto_filter()


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
                _wrap(ctx.findings.issue_names.get(issue, issue)),
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
                _wrap(_some(ctx, row["sources_a"], row["evidence_a"])),
                _wrap(_some(ctx, row["sources_b"], row["evidence_b"])),
            ]
        )
    if not len(red):
        sheet.append(["No red lines: no two actors stand on opposite sides at an extreme."])
    sheet.auto_filter()


def _some(ctx: Context, sources: Sequence[str], quotes: Sequence[str], most: int = 2) -> str:
    """At most ``most`` sources with their quotes, cut; "… and N more" for the rest."""
    text = _lines(_titles(ctx, sources[:most]), [cut(q, POLE_QUOTE_CHARS) for q in quotes[:most]])
    if len(quotes) > most:
        text += f"\n… and {len(quotes) - most} more (Evidence sheet)"
    return text


def _titles(ctx: Context, sources: Sequence[str]) -> list[str]:
    ds = ctx.ds
    return [shorten(ds.sources[s].title if s in ds.sources else s, 40) for s in sources]


def clashes_sheet(ctx: Context) -> None:
    """Pairs of voices ranked by the issues they clash on; the top pairs' clashes."""
    c = ctx.report.clashes
    assert c is not None
    names = ctx.findings.issue_names
    sheet = ctx.book.add_sheet("Clashes", widths=[40, 40, 8, 8, 7, 84], freeze="A3", align=_TOP)
    scale = ctx.scale
    if c.at_ends_only:
        note = (
            f"On this {len(scale.points)}-point scale every stance off the midpoint is at an "
            "end, so every clash is one \u201cat an end\u201d: pairs are ranked by how many "
            "issues they clash on, out of the issues both address."
        )
    else:
        note = (
            "Two voices clash on an issue when one supports and the other opposes it. "
            "Pairs are ranked by how many issues they clash on, out of those both address."
        )
    sheet.append_merged(_wrap(note), 6)
    _header(sheet, ["Voice A", "Voice B", "Clashes", "Shared", "Share", "Issues they clash on"])
    pairs = c.pairs.head(CLASH_PAIRS)
    detail = c.detail
    shown = detail.merge(pairs[["voice_a", "voice_b"]], on=["voice_a", "voice_b"])
    issues = shown.groupby(["voice_a", "voice_b"], sort=False)["issue"].agg(list)
    for row in pairs.itertuples(index=False):
        on = issues.get((row.voice_a, row.voice_b), [])
        sheet.append(
            [
                _wrap(row.name_a),
                _wrap(row.name_b),
                int(row.clashes),
                int(row.shared),
                _pct(float(row.share)),
                _wrap(", ".join(names.get(i, i) for i in on)),
            ]
        )
    if not len(c.pairs):
        sheet.append(["No two voices stand on opposite sides of any issue."])
    elif len(c) > len(pairs):
        sheet.append([_wrap(f"… and {len(c) - len(pairs):,} more pairs that clash")])
    top = pairs.head(CLASH_DETAIL)
    if len(top):
        heading = (
            "The pair that clashes most"
            if len(top) == 1
            else f"The {len(top)} pairs that clash most"
        )
        _section(sheet, f"{heading}, issue by issue")
        _header(sheet, ["Issue", "What each says", "", "", "", ""])
        detail_top = detail.merge(top[["voice_a", "voice_b"]], on=["voice_a", "voice_b"])
        for row in detail_top.itertuples(index=False):
            said = "\n".join(
                f"{who} ({_stance_text(scale, float(st))}): {quoted(cut(q, POLE_QUOTE_CHARS))}"
                for who, st, q in (
                    (row.name_a, row.stance_a, row.quote_a),
                    (row.name_b, row.stance_b, row.quote_b),
                )
            )
            sheet.append(
                [_wrap(names.get(row.issue, row.issue)), _wrap(said), None, None, None, None],
                merge={1: 5},
            )


CLASH_PAIRS = 15
"""The Clashes sheet ranks at most this many pairs."""

CLASH_DETAIL = 1
"""…and lists the clashes, with both quotes, of this many top pairs."""
