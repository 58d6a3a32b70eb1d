"""What the commands share: argument helpers and output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextvars import Token
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import PosmatrixError, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from ..model import Dataset


def _out(stream: TextIO = sys.stdout) -> TextIO:
    return stream


def _emit(text: str, output: str | None, protect: Sequence[str | None]) -> None:
    """Print ``text``, or write it atomically to ``output`` (never over an input file)."""
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    from ..atomic import atomic_write

    atomic_write(output, text, protect=protect)
    print(f"wrote {output}", file=sys.stderr)


def _matrix_text(frame: pd.DataFrame, args: argparse.Namespace, fmt: str) -> str:
    """The ``matrix`` command's output of ``frame`` (agreement, overlap or stances) in
    ``fmt``: CSV with formula cells neutralised, JSON, or a text table."""
    if fmt == "csv":
        from ..textsafe import frame_to_csv

        return frame_to_csv(frame)  # cells a spreadsheet would evaluate are neutralised
    if fmt == "json":
        import json

        from ..textsafe import json_visible

        values = frame.astype(object).where(frame.notna(), None)
        data = {
            "metric": args.metric if args.show != "stances" else None,
            "show": args.show,
            "index": [str(v) for v in frame.index],
            "columns": [str(c) for c in frame.columns],
            "values": values.to_numpy().tolist(),
        }
        return json_visible(json.dumps(data, ensure_ascii=False, indent=1)) + "\n"
    from ..tables import to_table

    floatfmt = "g" if args.show == "stances" else f".{args.digits}f"
    return to_table(frame, fmt, floatfmt=floatfmt) + "\n"


def _holder_arg(value: str) -> str | list[str] | None:
    """``all`` -> every voice; ``a,b`` -> a list; otherwise one holder."""
    if value == "all":
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if not parts:
        raise UsageError(
            f"--holder {value!r} names no voice; give author, an actor id, ids separated "
            "by commas, or all"
        )
    return parts[0] if len(parts) == 1 else parts


def _by_arg(args: argparse.Namespace) -> list[str] | None:
    """``--by outlet,month`` and ``--window 30D`` as one list of grouping keys, or None."""
    keys = [p.strip() for p in (args.by or "").split(",") if p.strip()]
    if args.window:
        keys.append(args.window.strip())
    if args.by is not None and not keys:
        raise UsageError("--by needs a source field or a window, e.g. --by outlet or --by month")
    return keys or None


def _grouped(command: str, ds: Dataset, by: list[str]) -> Dataset:
    """``ds`` with its sources grouped into voices; says on stderr how many sources no
    group holds (undated, no value, a date too coarse for the window)."""
    from ..groups import grouped

    group = grouped(ds, by)
    note = group.note()
    if not group.dataset.sources:
        raise PosmatrixError(f"no source falls in any group of --by {','.join(by)}: {note}")
    if note:
        print(f"posmatrix {command}: note: {note} They are left out.", file=sys.stderr)
    return group.dataset


def _add_engine(p: argparse.ArgumentParser) -> None:
    """``--engine``, for the commands that read a codings table too large to load."""
    p.add_argument(
        "--engine",
        choices=("auto", "duckdb", "python"),
        default="auto",
        help="who aggregates a codings table: duckdb (out-of-core, needs posmatrix[engines]), "
        "python (load it), or auto (default: duckdb for a .parquet over --max-bytes)",
    )


def _gaps_text(report: Any, fmt: str) -> str:
    """The ``gaps`` command's output of a :class:`~posmatrix.GapReport` in ``fmt``: its
    text, JSON (terminal escapes made visible), or its tables in a tabulate format."""
    if fmt == "text":
        return str(report)
    if fmt == "json":
        import json

        from ..textsafe import json_visible

        return json_visible(json.dumps(report.to_dict(), ensure_ascii=False, indent=1)) + "\n"
    from ..gapreport.text import gap_tables

    return gap_tables(report, fmt)


def _add_by(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--by",
        metavar="KEYS",
        help="group sources into voices: a source field (outlet, author, section, ...), a "
        "window (year, quarter, month, week, day), or several, e.g. outlet,month; a group's "
        "stance is the median of its codings",
    )
    p.add_argument(
        "--window",
        metavar="LENGTH",
        help="group sources by a time window of their date: M, Q, Y, W, D or days such as 30D",
    )


def _table_format(fmt: str, extra: Sequence[str]) -> str:
    from ..tables import FORMATS

    if fmt not in FORMATS and fmt not in extra:
        import difflib

        choices = [*extra, *FORMATS]
        close = difflib.get_close_matches(fmt, choices, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UsageError(f"--format must be one of {', '.join(choices)}; got {fmt!r}{hint}")
    return fmt


def _scale_arg(value: str) -> object:
    """``--scale MIN:MAX`` as a Scale (for codings tables read on their own)."""
    import re

    from ..model import Scale

    m = re.fullmatch(r"\s*([+-]?\d+)\s*:\s*([+-]?\d+)\s*", value)
    if m is None:
        raise argparse.ArgumentTypeError(f"expected MIN:MAX, e.g. -1:1 or 0:10, got {value!r}")
    lo, hi = int(m.group(1)), int(m.group(2))
    if not lo < hi or hi - lo > 1000:
        raise argparse.ArgumentTypeError(
            f"expected MIN < MAX and at most 1001 points, got {value!r}"
        )
    return Scale(min=lo, max=hi)


def _joined_scale(argv: list[str]) -> list[str]:
    """``--scale -1:1`` as ``--scale=-1:1``: argparse takes ``-1:1`` for an option."""
    out: list[str] = []
    it = iter(argv)
    for arg in it:
        if arg == "--scale":
            value = next(it, None)
            out.append(arg if value is None else f"--scale={value}")
        else:
            out.append(arg)
    return out


def _scale_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--scale",
        type=_scale_arg,
        default=None,
        metavar="MIN:MAX",
        help="the stance scale of a .csv/.parquet codings table read on its own, e.g. -1:1 "
        "(default -2:2, only when every stance fits it)",
    )


def _map_arg(value: str | None) -> dict[str, str]:
    """``--map old=new[,old2=new2]`` as a mapping of old issue id to new issue id."""
    out: dict[str, str] = {}
    for part in (value or "").split(","):
        if not part.strip():
            continue
        old, sep, new = part.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise UsageError(f"--map takes old=new pairs separated by commas; got {part!r}")
        out[old.strip()] = new.strip()
    return out


def _metric_option(p: argparse.ArgumentParser, default: str | None, note: str = "") -> None:
    """``--metric``: its choices and help come from the metric registry
    (:data:`posmatrix.pairwise.registry.REGISTRY`), which imports no numpy."""
    from ..pairwise.registry import METRICS, metric_help

    shown = note or f"default: {default}"
    p.add_argument(
        "--metric",
        default=default,
        choices=METRICS,
        metavar="METRIC",
        help=f"agreement metric ({shown}). " + metric_help().replace("\n", " "),
    )


def _file_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        nargs="?",
        default=None,
        help="dataset: YAML, a coding workbook (.xlsx), or a .csv/.parquet codings table "
        "(default: the bundled dataset)",
    )
    _scale_option(p)
    _from_option(p)


def _from_option(p: argparse.ArgumentParser) -> None:
    """``--from FORMAT`` and the readers' options (see posmatrix.readers)."""
    p.add_argument(
        "--from",
        dest="from_format",
        metavar="FORMAT",
        default=None,
        help="read FILE as this format: dna, polis, qual-o-mat, mat-o-wahl, yaml, csv, "
        "parquet, xlsx (default: by suffix; a .dna file and Pol.is and qual-o-mat export "
        "folders are recognised)",
    )
    p.add_argument(
        "--actor",
        choices=("organization", "person"),
        default=None,
        help="dna: which variable of a DNA statement is the holder (default organization)",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        help="largest file accepted (default 50 MB; a table may have a row per 20 bytes "
        "and a cell per 2 bytes of it)",
    )


def _read_as(args: argparse.Namespace) -> Token[tuple[str | None, dict[str, Any]]] | None:
    """Set ``--from`` and ``--actor`` for the loader; a token to reset them, or None."""
    fmt = getattr(args, "from_format", None)
    actor = getattr(args, "actor", None)
    if fmt is None and actor is None:
        return None
    from ..loading import READ_AS

    return READ_AS.set((fmt, {"actor": actor} if actor is not None else {}))
