"""The commands that show the analysis: ``matrix``, ``gaps``, ``report``, ``brief``
and ``plot``. Each takes the parsed arguments and returns the exit status, importing
what it needs; the commands that check, compare and convert files are in
:mod:`posmatrix.cli.commands`."""

from __future__ import annotations

import argparse
import sys
from typing import Literal

from ..errors import PosmatrixError, UsageError
from .common import _by_arg, _emit, _gaps_text, _grouped, _holder_arg, _matrix_text, _table_format

MATRIX_EPILOG = """\
examples:
  posmatrix matrix                                 sources' own stances, bundled dataset
  posmatrix matrix my.yaml --metric sign --holder all
  posmatrix matrix my.yaml --holder russia,europe --show overlap
  posmatrix matrix my.yaml --show stances --format csv --output stances.csv
  posmatrix matrix my.yaml --format github > agreement.md
  posmatrix matrix my.yaml --by month --holder russia  one voice per month: who moved?
  posmatrix matrix my.yaml --by outlet --show stances  outlets' median stances
"""


def cmd_matrix(args: argparse.Namespace) -> int:

    from ..analysis import METRICS, agreement, overlap
    from ..loading import load_arg
    from ..matrix import stance_matrix

    fmt = _table_format(args.format, ("csv", "json"))
    if args.metric not in METRICS:
        raise UsageError(f"--metric must be one of {', '.join(METRICS)}; got {args.metric!r}")
    from ..engines.command import cmd_matrix_engine, wants_engine

    if wants_engine(args):  # a Parquet table too large to load: DuckDB aggregates it
        return cmd_matrix_engine(args, fmt)
    ds = load_arg(args.file, max_bytes=args.max_bytes)
    holder = _holder_arg(args.holder)
    by = _by_arg(args)
    if by is not None:
        ds = _grouped("matrix", ds, by)
    if args.show == "stances":
        frame = stance_matrix(ds, holder)
    else:
        order: Literal["cluster"] | None = "cluster" if args.order == "cluster" else None
        frame = agreement(ds, args.metric, holder=holder, min_overlap=args.min_overlap, order=order)
        if args.show == "overlap":
            frame = overlap(ds, holder=holder).loc[frame.index, frame.columns]
    if frame.shape[0] == 0:
        raise PosmatrixError(
            f"{ds.name}: no voice to show for --holder {args.holder} (the dataset has "
            f"{len(ds.issues)} issues and {len(ds.codings)} codings); code some positions, "
            "or choose other voices with --holder"
        )
    _emit(_matrix_text(frame, args, fmt), args.output, [ds.path])
    return 0


GAPS_EPILOG = """\
examples:
  posmatrix gaps                                   the bundled dataset, as text
  posmatrix gaps my.yaml --holder author           only the sources' own stances
  posmatrix gaps my.yaml --format github --output gaps.md
  posmatrix gaps my.yaml --format json > gaps.json
  posmatrix gaps my.yaml --window 30D              sources grouped in 30-day windows
  posmatrix gaps huge.parquet --by outlet,month    aggregated by DuckDB, quotes fetched
                                                   only for the rows printed
"""


def cmd_gaps(args: argparse.Namespace) -> int:
    from ..gapreport import gaps
    from ..loading import load_arg

    fmt = _table_format(args.format, ("text", "json"))
    from ..engines.command import cmd_gaps_engine, wants_engine

    if wants_engine(args):  # a Parquet table too large to load: DuckDB aggregates it
        return cmd_gaps_engine(args, fmt)
    if getattr(args, "codebook", None):
        raise UsageError(
            "--codebook names the ids of a table the engine aggregates; add --engine duckdb"
        )
    ds = load_arg(args.file, max_bytes=args.max_bytes)
    by = _by_arg(args)
    if by is not None:
        ds = _grouped("gaps", ds, by)
    report = gaps(ds, holder=_holder_arg(args.holder), min_sources=args.min_sources, top=args.top)
    _emit(_gaps_text(report, fmt), args.output, [ds.path])
    return 0


REPORT_EPILOG = """\
examples:
  posmatrix report                                 the bundled dataset, Markdown
  posmatrix report my.yaml --format plain          for reading in a terminal
  posmatrix report my.yaml --format github --output memo.md
  posmatrix report my.yaml --format html --output memo.html
  posmatrix report my.yaml --format latex --top 3 > memo.tex

Figures (needs matplotlib): HTML inlines the position map and the heatmap as SVG;
Markdown and LaTeX written with --output get memo-map.png and memo-heatmap.png
(.pdf for LaTeX) beside the document, linked by relative names. --no-figures leaves
them out.
"""


def cmd_report(args: argparse.Namespace) -> int:
    from ..loading import load_arg
    from ..report import render_report

    ds = load_arg(args.file, max_bytes=args.max_bytes)
    figures: dict[str, str] = {}
    if not args.no_figures:
        from ..atomic import atomic_write, check_output_path
        from ..reportfigures import report_figures

        output = None if args.output in (None, "-") else args.output
        if output is not None:
            check_output_path(output, [ds.path])  # before the work
        figures, files = report_figures(ds, args.format, output)
        for path, data in files.items():  # beside the document, linked by relative names
            atomic_write(path, data, protect=[ds.path, output])
            print(f"wrote {path}", file=sys.stderr)
    _emit(render_report(ds, args.format, top=args.top, figures=figures), args.output, [ds.path])
    return 0


BRIEF_EPILOG = """\
examples:
  posmatrix brief                                  the bundled dataset -> briefing.xlsx
  posmatrix brief my.yaml -o out/briefing.xlsx
  posmatrix brief my.yaml -o briefing.xlsx --since old.yaml   adds a Changes sheet
  posmatrix brief my.yaml -o briefing.html         one self-contained interactive page

The workbook is written atomically (a failure leaves any previous file intact),
never over the input dataset, and the same input gives byte-identical output.
"""


def cmd_brief(args: argparse.Namespace) -> int:
    import warnings

    from ..atomic import atomic_write, check_output_path
    from ..briefing import build_briefing
    from ..loading import load_arg
    from ..textsafe import visible
    from ..xlsx import CellWarning

    ds = load_arg(args.file, max_bytes=args.max_bytes)
    since = load_arg(args.since, max_bytes=args.max_bytes) if args.since is not None else None
    protect = [ds.path, since.path if since is not None else None]
    check_output_path(args.output, protect)  # before the work
    if str(args.output).lower().endswith((".html", ".htm")):
        from ..htmlbrief import write_html_briefing

        written = write_html_briefing(ds, args.output, since=since, protect=protect)
        print(f"wrote {written} ({written.stat().st_size:,} bytes)")
        return 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CellWarning)
        built = build_briefing(ds, since=since, figures=not args.no_figures)
    for w in caught:
        if issubclass(w.category, CellWarning):
            print(f"posmatrix brief: warning: {w.message}", file=sys.stderr)
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    path = atomic_write(args.output, built.data, protect=protect)
    print(f"wrote {path} ({len(built.data):,} bytes)")
    print(visible(built.summary()))
    return 0


PLOT_EPILOG = """\
examples:
  posmatrix plot map -o map.svg                    the bundled dataset's position map
  posmatrix plot heatmap my.yaml -o agreement.png --holder author
  posmatrix plot spectrum my.yaml -o spectrum.pdf --issue ceasefire-first,sanctions-relief
  posmatrix plot network my.yaml -o network.svg --metric congruence --threshold 0.4
  posmatrix plot timeline my.yaml -o moves.png --holder russia,ukraine --window Q
  posmatrix plot map my.yaml -o outlets.svg --by outlet   outlets (median stances) as voices

The format follows the suffix (.svg, .png or .pdf); the file is written atomically,
never over the input, and the same input gives the same bytes. --by groups sources into
voices (map, heatmap, spectrum, network; the timeline's windows are --window). Needs
matplotlib (pip install "posmatrix[plot]").
"""


def cmd_plot(args: argparse.Namespace) -> int:
    from ..atomic import atomic_write, check_output_path
    from ..loading import load_arg

    try:
        from ..plot import figure_format, render
    except ImportError as exc:  # matplotlib missing
        raise PosmatrixError(
            f"figures need matplotlib ({exc}); install it with: pip install 'posmatrix[plot]'"
        ) from None
    fmt = figure_format(args.output)  # a bad suffix is a usage error, before any work
    by = _by_arg(argparse.Namespace(by=args.by, window=None))  # --window: the timeline's
    if by is not None and args.kind == "timeline":
        raise UsageError(
            "--by does not apply to the timeline: it groups by time itself (--window); "
            "choose whose lines with --holder"
        )
    ds = load_arg(args.file)
    check_output_path(args.output, [ds.path])
    if by is not None:
        ds = _grouped("plot", ds, by)
    issues = None
    if args.issue:
        issues = [i.strip() for part in args.issue for i in part.split(",") if i.strip()]
    data = render(
        ds,
        args.kind,
        fmt,
        holder=_holder_arg(args.holder),
        metric=args.metric,
        issues=issues,
        threshold=args.threshold,
        freq=args.window,
    )
    path = atomic_write(args.output, data, protect=[ds.path])
    print(f"wrote {path} ({len(data):,} bytes)", file=sys.stderr)
    return 0
