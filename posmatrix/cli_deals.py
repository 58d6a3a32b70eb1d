"""The ``posmatrix coalitions`` and ``posmatrix deals`` commands (registered by
:func:`posmatrix.cli.build_parser`). Heavy imports stay inside the commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from .errors import UsageError

__all__ = ["add_deal_commands"]

COALITIONS_EPILOG = """\
examples:
  posmatrix coalitions --size 3                    every voice, bundled dataset
  posmatrix coalitions my.yaml --size 2 --holder author --metric sign
  posmatrix coalitions my.yaml --size 4 --format csv --output coalitions.csv
  posmatrix coalitions my.yaml --size 2 --by outlet   outlets (median stances) as voices
"""

DEALS_EPILOG = """\
examples:
  posmatrix deals --parties russia,ukraine,united-states,europe
  posmatrix deals my.yaml --parties a,b,c --red-line-at 1
  posmatrix deals my.yaml --format json > deals.json

Parties are actor ids (their stances: the median over the sources reporting them) or
source ids (the source's own stances); default: every actor some source reports. Red
lines are codings marked 'red_line: true', else stances at an end of the scale; see
docs/methods.md, "Where a deal could be".
"""

DEAL_FORMATS = ("text", "markdown", "github", "html", "latex", "json")


def _list_arg(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [p.strip() for p in value.split(",") if p.strip()]


def cmd_coalitions(args: argparse.Namespace) -> int:
    import json

    from .analysis import METRICS
    from .cli.common import _by_arg, _emit, _grouped, _holder_arg, _table_format
    from .coalition import coalitions
    from .loading import load_arg
    from .tables import to_table

    fmt = _table_format(args.format, ("csv", "json"))
    if args.metric not in METRICS:
        raise UsageError(f"--metric must be one of {', '.join(METRICS)}; got {args.metric!r}")
    ds = load_arg(args.file)
    by = _by_arg(args)
    if by is not None:
        ds = _grouped("coalitions", ds, by)
    frame = coalitions(
        ds, size=args.size, holder=_holder_arg(args.holder), metric=args.metric, top=args.top
    )
    if not frame.attrs["exact"]:
        print(
            f"posmatrix coalitions: {frame.attrs['sets']:,} sets are too many to score all; "
            f"heuristic (greedy + swaps); no set's mean agreement exceeds "
            f"{frame.attrs['bound']:.{args.digits}f}",
            file=sys.stderr,
        )
    if fmt == "json":
        from .gapreport import _records

        data: dict[str, Any] = {
            "size": args.size,
            "metric": args.metric,
            "exact": bool(frame.attrs["exact"]),
            "coalitions": _records(frame),
        }
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    else:
        flat = frame.copy()
        for col in ("members", "agreed", "split"):
            flat[col] = [", ".join(v) for v in flat[col]]
        if fmt == "csv":
            text = flat.to_csv(lineterminator="\n")
        else:
            text = to_table(flat, fmt, floatfmt=f".{args.digits}f") + "\n"
    _emit(text, args.output, [ds.path])
    return 0


def cmd_deals(args: argparse.Namespace) -> int:
    import json

    from .cli.common import _emit
    from .dealreport import deal_text
    from .deals import deal_space
    from .loading import load_arg

    if args.format not in DEAL_FORMATS:
        raise UsageError(f"--format must be one of {', '.join(DEAL_FORMATS)}; got {args.format!r}")
    ds = load_arg(args.file)
    space = deal_space(
        ds,
        _list_arg(args.parties),
        issues=_list_arg(args.issues),
        red_line_at=args.red_line_at,
        top=args.top,
    )
    if args.format == "json":
        text = json.dumps(space.to_dict(), ensure_ascii=False, indent=1) + "\n"
    else:
        fmt = "plain" if args.format == "text" else args.format
        text = deal_text(space, fmt=fmt, top=args.top)
    _emit(text, args.output, [ds.path])
    return 0


def add_deal_commands(
    add: Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser],
    file_arg: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Register both commands with the parser's ``add`` helper."""
    from .cli.common import _add_by, _metric_option

    p = add("coalitions", cmd_coalitions, "rank the sets of voices that agree most")
    p.epilog = COALITIONS_EPILOG
    file_arg(p)
    p.add_argument("--size", type=int, default=3, help="voices per coalition (default 3)")
    p.add_argument(
        "--holder",
        default="all",
        help="whose voices: all (default), author, an actor id, or ids separated by commas",
    )
    _add_by(p)
    _metric_option(p, "cityblock")
    p.add_argument("--top", type=int, default=10, help="coalitions listed (default 10)")
    p.add_argument("--digits", type=int, default=2, help="decimals shown (default 2)")
    p.add_argument(
        "--format",
        default="simple",
        help="any tabulate format (simple, github, latex, html, ...), csv or json",
    )
    p.add_argument("--output", "-o", help="write to this file (atomically) instead of stdout")

    p = add("deals", cmd_deals, "where a deal could be: outcomes, packages, blocking issues")
    p.epilog = DEALS_EPILOG
    file_arg(p)
    p.add_argument(
        "--parties",
        help="actor or source ids separated by commas (default: every reported actor)",
    )
    p.add_argument("--issues", help="issue ids separated by commas (default: all)")
    p.add_argument(
        "--red-line-at",
        type=float,
        default=None,
        help="a stance at least this far from the midpoint is a red line (default: "
        "red_line marks if the dataset has any, else the ends of the scale)",
    )
    p.add_argument("--top", type=int, default=5, help="packages and trades shown (default 5)")
    p.add_argument(
        "--format",
        default="text",
        help=f"one of {', '.join(DEAL_FORMATS)} (default: text)",
    )
    p.add_argument("--output", "-o", help="write to this file (atomically) instead of stdout")
