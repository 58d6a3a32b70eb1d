"""The ``posmatrix`` command.

Exit status: 0 success, 1 invalid data, 2 usage errors; ``diff`` follows diff(1):
0 equal, 1 different, 2 trouble (an invalid side included). Bad input never shows a
traceback. Heavy libraries (pandas, openpyxl) are imported inside the commands that
need them, so ``posmatrix validate`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from contextvars import Token
from typing import TYPE_CHECKING, Any, Literal, TextIO

from ._version import __version__
from .errors import DatasetError, OutputError, PosmatrixError, UsageError
from .runguard import guarded

if TYPE_CHECKING:
    from .model import Dataset

__all__ = ["main"]

EPILOG = """\
examples:
  posmatrix validate                       check the bundled dataset
  posmatrix validate my.yaml               check your own
  posmatrix brief my.yaml -o briefing.xlsx write the Excel briefing
  posmatrix report my.yaml --format markdown > memo.md
  posmatrix matrix my.yaml --metric sign --holder all
  posmatrix diff old.yaml new.yaml
  posmatrix plot map my.yaml -o map.svg    a figure: map, heatmap, spectrum, network, timeline
  posmatrix check my.yaml --strict         issues that double-count, and more
  posmatrix coalitions my.yaml --size 3
  posmatrix deals my.yaml --parties russia,ukraine,united-states,europe
"""


def _out(stream: TextIO = sys.stdout) -> TextIO:
    return stream


# -- commands -----------------------------------------------------------------------------
# Each takes the parsed arguments and returns the exit status. They import what they need.


def cmd_validate(args: argparse.Namespace) -> int:
    from .loading import load_arg

    ds = load_arg(args.file, max_bytes=args.max_bytes)
    quoteless = ds.quoteless
    without = f" ({quoteless} without a quote)" if quoteless else ""
    print(
        f"{ds.name}: valid: {len(ds.sources)} sources, {len(ds.issues)} issues, "
        f"{len(ds.actors)} actors, {len(ds.codings)} codings{without}"
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import schema_text

    sys.stdout.write(schema_text())
    return 0


def cmd_verify_quotes(args: argparse.Namespace) -> int:
    from .loading import load_arg
    from .quotes import verify_quotes

    ds = load_arg(args.file, max_bytes=args.max_bytes)
    report = verify_quotes(ds, args.texts)
    for note in report.notes:
        print(note, file=sys.stderr)
    for miss in report.misses:
        print(miss.problem(ds.name), file=sys.stderr)
    if not report.ok:
        print(f"{ds.name}: {report.summary()}; {len(report.misses)} problem(s)", file=sys.stderr)
        return 1
    print(f"{ds.name}: {report.summary()}")
    return 0


def _emit(text: str, output: str | None, protect: Sequence[str | None]) -> None:
    """Print ``text``, or write it atomically to ``output`` (never over an input file)."""
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    from .atomic import atomic_write

    atomic_write(output, text, protect=protect)
    print(f"wrote {output}", file=sys.stderr)


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
    from .groups import grouped

    group = grouped(ds, by)
    note = group.note()
    if not group.dataset.sources:
        raise PosmatrixError(f"no source falls in any group of --by {','.join(by)}: {note}")
    if note:
        print(f"posmatrix {command}: note: {note} They are left out.", file=sys.stderr)
    return group.dataset


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
    from .tables import FORMATS

    if fmt not in FORMATS and fmt not in extra:
        import difflib

        choices = [*extra, *FORMATS]
        close = difflib.get_close_matches(fmt, choices, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UsageError(f"--format must be one of {', '.join(choices)}; got {fmt!r}{hint}")
    return fmt


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
    import json

    from .analysis import METRICS, agreement, overlap
    from .loading import load_arg
    from .matrix import stance_matrix
    from .tables import to_table
    from .textsafe import json_visible

    fmt = _table_format(args.format, ("csv", "json"))
    if args.metric not in METRICS:
        raise UsageError(f"--metric must be one of {', '.join(METRICS)}; got {args.metric!r}")
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
    if fmt == "csv":
        from .textsafe import frame_to_csv

        text = frame_to_csv(frame)  # cells a spreadsheet would evaluate are neutralised
    elif fmt == "json":
        values = frame.astype(object).where(frame.notna(), None)
        data = {
            "metric": args.metric if args.show != "stances" else None,
            "show": args.show,
            "index": [str(v) for v in frame.index],
            "columns": [str(c) for c in frame.columns],
            "values": values.to_numpy().tolist(),
        }
        text = json_visible(json.dumps(data, ensure_ascii=False, indent=1)) + "\n"
    else:
        floatfmt = "g" if args.show == "stances" else f".{args.digits}f"
        text = to_table(frame, fmt, floatfmt=floatfmt) + "\n"
    _emit(text, args.output, [ds.path])
    return 0


GAPS_EPILOG = """\
examples:
  posmatrix gaps                                   the bundled dataset, as text
  posmatrix gaps my.yaml --holder author           only the sources' own stances
  posmatrix gaps my.yaml --format github --output gaps.md
  posmatrix gaps my.yaml --format json > gaps.json
  posmatrix gaps my.yaml --window 30D              sources grouped in 30-day windows
"""


def cmd_gaps(args: argparse.Namespace) -> int:
    import json

    from .gapreport import GapReport, gaps
    from .loading import load_arg
    from .tables import to_table
    from .textsafe import json_visible

    fmt = _table_format(args.format, ("text", "json"))
    ds = load_arg(args.file, max_bytes=args.max_bytes)
    by = _by_arg(args)
    if by is not None:
        ds = _grouped("gaps", ds, by)
    report = gaps(ds, holder=_holder_arg(args.holder), min_sources=args.min_sources, top=args.top)
    if fmt == "text":
        text = str(report)
    elif fmt == "json":
        text = json_visible(json.dumps(report.to_dict(), ensure_ascii=False, indent=1)) + "\n"
    else:
        sections = []
        for part in GapReport.PARTS:
            frame = getattr(report, part)
            # quotes make tables unreadable; text and json formats carry them
            frame = frame[[c for c in frame.columns if "quote" not in c and "evidence" not in c]]
            frame = frame.copy()
            for col in frame.columns:
                if frame[col].dtype == object:
                    frame[col] = [
                        "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v
                        for v in frame[col]
                    ]
            heading = part.replace("_", " ")
            if fmt in ("github", "pipe"):
                heading = f"## {heading}"
            elif fmt == "tsv":
                pass  # an underline of '-' would be a formula to a spreadsheet
            else:
                heading = f"{heading}\n{'-' * len(heading)}"
            sections.append(f"{heading}\n\n{to_table(frame, fmt) if len(frame) else '(none)'}")
        text = "\n\n".join(sections) + "\n"
    _emit(text, args.output, [ds.path])
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
    from .loading import load_arg
    from .report import render_report

    ds = load_arg(args.file, max_bytes=args.max_bytes)
    figures: dict[str, str] = {}
    if not args.no_figures:
        from .atomic import atomic_write, check_output_path
        from .reportfigures import report_figures

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

The workbook is written atomically (a failure leaves any previous file intact),
never over the input dataset, and the same input gives byte-identical output.
"""


def cmd_brief(args: argparse.Namespace) -> int:
    import warnings

    from .atomic import atomic_write, check_output_path
    from .briefing import build_briefing
    from .loading import load_arg
    from .textsafe import visible
    from .xlsx import CellWarning

    ds = load_arg(args.file, max_bytes=args.max_bytes)
    since = load_arg(args.since, max_bytes=args.max_bytes) if args.since is not None else None
    protect = [ds.path, since.path if since is not None else None]
    check_output_path(args.output, protect)  # before the work
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

The format follows the suffix (.svg, .png or .pdf); the file is written atomically,
never over the input, and the same input gives the same bytes. Needs matplotlib
(pip install "posmatrix[plot]").
"""


def cmd_plot(args: argparse.Namespace) -> int:
    from .atomic import atomic_write, check_output_path
    from .loading import load_arg

    try:
        from .plot import figure_format, render
    except ImportError as exc:  # matplotlib missing
        raise PosmatrixError(
            f"figures need matplotlib ({exc}); install it with: pip install 'posmatrix[plot]'"
        ) from None
    fmt = figure_format(args.output)  # a bad suffix is a usage error, before any work
    ds = load_arg(args.file)
    check_output_path(args.output, [ds.path])
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


CHECK_EPILOG = """\
Each finding prints as FILE:LINE:COL: warning|note: [kind] message (kinds and
thresholds: docs/methods.md, "Codebook checks"). Exit status 0 whatever is found;
with --strict, 1 when there is any warning (notes never fail).

examples:
  posmatrix check                                  the bundled dataset
  posmatrix check my.yaml --strict                 fail a CI job on any warning
  posmatrix check my.yaml --min-overlap 4 --min-association 0.8
"""


def cmd_check(args: argparse.Namespace) -> int:
    from .codebook import check, describe
    from .loading import load_arg

    ds = load_arg(args.file)
    found = check(
        ds,
        min_overlap=args.min_overlap,
        min_association=args.min_association,
        min_voices=args.min_voices,
        many=args.many,
        min_shared=args.min_shared,
    )
    if args.warnings_only:
        found = found[found["severity"] == "warning"]
    for line in describe(found):
        print(line)
    warnings = int((found["severity"] == "warning").sum())
    notes = int((found["severity"] == "note").sum())
    print(f"{ds.name}: {warnings} warning(s), {notes} note(s)", file=sys.stderr)
    return 1 if args.strict and warnings else 0


DIFF_FORMATS = ("markdown", "github", "plain", "json")  # = posmatrix.changes.FORMATS (no pandas)

DIFF_EPILOG = """\
exit status (as diff(1)):
  0  the two versions hold the same data (file order aside)
  1  they differ; the changes are printed
  2  trouble: a bad argument, an unreadable file, or an invalid dataset on
     either side (its problems are printed as FILE:LINE:COL: message)

examples:
  posmatrix diff old.yaml new.yaml
  git show HEAD~1:data/positions.yaml | posmatrix diff - data/positions.yaml
  posmatrix diff old.yaml new.yaml --format json > changes.json
  posmatrix diff old.yaml new.yaml -o changes.md    written atomically; exit status as above
  posmatrix diff old.yaml new.yaml --map wage-12=wage-15 --inverted nato-open

Agreement is compared on common ground only: over the issues both versions hold
(matched by id, by an issue's 'replaces:', or by --map) that both voices address in
both versions; the listing says when the issue sets differ.
"""


def cmd_diff(args: argparse.Namespace) -> int:
    # Exit 0 equal, 1 differ, 2 trouble, as diff(1): an invalid side is trouble (2), not
    # "differ" (1), so that `posmatrix diff a b || notify` never mistakes a broken file
    # for a change.
    from .loading import load_arg

    if args.old == "-" and args.new == "-":
        raise UsageError(
            "OLD and NEW are both '-', but standard input can be read only once; "
            "give one of them as a file"
        )
    sides = []
    for side, arg in (("OLD", args.old), ("NEW", args.new)):
        try:
            sides.append(load_arg(arg))
        except DatasetError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(f"posmatrix diff: {side} ({arg}) is not a valid dataset", file=sys.stderr)
            return 2
        except PosmatrixError as exc:
            print(f"posmatrix diff: error: {side} ({arg}): {exc}", file=sys.stderr)
            return 2
    from .atomic import check_output_path
    from .changes import diff

    protect = [side.path for side in sides]
    try:
        if args.output not in (None, "-"):
            check_output_path(args.output, protect)  # before the work
        mapping = _map_arg(args.map)
        inverted = [p.strip() for p in (args.inverted or "").split(",") if p.strip()]
        result = diff(sides[0], sides[1], metric=args.metric, mapping=mapping, inverted=inverted)
        _emit(result.render(args.format), args.output, protect)
    except OutputError as exc:
        print(f"posmatrix diff: error: {exc}", file=sys.stderr)
        return 2
    return 1 if result else 0


CODING_SHEET_EPILOG = """\
examples:
  posmatrix coding-sheet my.yaml -o coding.xlsx    code in a spreadsheet
  posmatrix coding-sheet --new -o coding.xlsx      an empty workbook for a new project
  posmatrix validate coding.xlsx                   every problem as coding.xlsx:Codings!D12
  posmatrix convert coding.xlsx my.yaml            back to YAML

The workbook is written atomically, never over the input, with the same bytes for the
same dataset.
"""


def cmd_coding_sheet(args: argparse.Namespace) -> int:
    from .codingbook.writer import new_dataset, write_coding_workbook
    from .loading import load_arg

    if args.new and args.file is not None:
        raise UsageError("give either FILE or --new, not both")
    ds = new_dataset() if args.new else load_arg(args.file)
    path = write_coding_workbook(ds, args.output, protect=[ds.path])
    print(
        f"wrote {path}: {len(ds.codings)} codings, {len(ds.issues)} issues, "
        f"{len(ds.actors)} actors, {len(ds.sources)} sources"
    )
    return 0


CONVERT_EPILOG = """\
formats, by suffix:
  .yaml .yml      the dataset format posmatrix/1
  .xlsx           the coding workbook (posmatrix coding-sheet)
  .csv .parquet   a codings table, one row per coding (codings only: keep the codebook
                  in a YAML file that names the table under 'codings:')

examples:
  posmatrix convert coding.xlsx positions.yaml
  posmatrix convert positions.yaml codings.parquet
  posmatrix convert codings.csv coding.xlsx --scale -1:1
"""


def cmd_convert(args: argparse.Namespace) -> int:
    from .codingbook.convert import write_dataset
    from .loading import load_arg

    if args.input == "-":
        raise UsageError("convert reads a file: give IN as a path (its suffix names its format)")
    ds = load_arg(args.input)
    path = write_dataset(ds, args.output, protect=(ds.path,))
    print(f"wrote {path} ({len(ds.codings)} codings)")
    return 0


def _scale_arg(value: str) -> object:
    """``--scale MIN:MAX`` as a Scale (for codings tables read on their own)."""
    import re

    from .model import Scale

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


def _metric_option(p: argparse.ArgumentParser, default: str | None, note: str = "") -> None:
    """``--metric``: its choices and help come from the metric registry
    (:data:`posmatrix.pairwise.registry.REGISTRY`), which imports no numpy."""
    from .pairwise.registry import METRICS, metric_help

    shown = note or f"default: {default}"
    p.add_argument(
        "--metric",
        default=default,
        choices=METRICS,
        metavar="METRIC",
        help=f"agreement metric ({shown}). " + metric_help().replace("\n", " "),
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


NETWORK_EPILOG = """\
examples:
  posmatrix network climate.dna -o climate.graphml             DNA's congruence network, for Gephi
  posmatrix network climate.dna -o actors.gexf --by holder     one node per organisation
  posmatrix network my.yaml -o net.json --metric conflict --normalization jaccard
  posmatrix network my.yaml -o net.graphml --metric cityblock --threshold 0.5 --min-overlap 3

Nodes carry name, holder, source, issues and camp; edges weight, overlap and metric.
The file is written atomically, never over the input.
"""


def cmd_network(args: argparse.Namespace) -> int:
    from .analysis import METRICS, NORMALIZATIONS
    from .atomic import check_output_path
    from .loading import load_arg
    from .network import NETWORK_FORMATS, write_network

    if args.metric not in METRICS:
        raise UsageError(f"--metric must be one of {', '.join(METRICS)}; got {args.metric!r}")
    if args.normalization not in NORMALIZATIONS:
        raise UsageError(
            f"--normalization must be one of {', '.join(NORMALIZATIONS)}; "
            f"got {args.normalization!r}"
        )
    fmt = args.format
    if fmt is None:
        import os

        fmt = NETWORK_FORMATS.get(os.path.splitext(args.output)[1].lower())
        if fmt is None:
            raise UsageError(
                f"cannot tell the format of {args.output!r}: end it in .graphml, .gexf or "
                ".json, or give --format"
            )
    ds = load_arg(args.file)
    check_output_path(args.output, [ds.path])  # before the work
    path, nodes, edges = write_network(
        ds,
        args.output,
        args.metric,
        format=fmt,
        protect=[ds.path],
        holder=_holder_arg(args.holder),
        by=args.by,
        min_overlap=args.min_overlap,
        threshold=args.threshold,
        normalization=args.normalization,
        k=args.camps,
    )
    print(f"wrote {path}: {len(nodes)} nodes, {len(edges)} edges ({args.metric})")
    return 0


# -- parser -------------------------------------------------------------------------------


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="posmatrix",
        description="Comparative position matrices: validate, compare, brief.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"posmatrix {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def add(
        name: str, func: Callable[[argparse.Namespace], int], help: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name, help=help, description=help, formatter_class=argparse.RawDescriptionHelpFormatter
        )
        p.set_defaults(func=func)
        return p

    p = add("validate", cmd_validate, "check a dataset and print its counts")
    _file_arg(p)

    add("schema", cmd_schema, "print the JSON Schema of the dataset format (for editors)")

    p = add("verify-quotes", cmd_verify_quotes, "check every quote against its source's text file")
    _file_arg(p)
    p.add_argument(
        "--texts",
        required=True,
        metavar="DIR",
        help="folder holding the sources' text files; each source's 'file' is relative to it "
        "and may not leave it (exit 1 on any quote not found, with the closest passage)",
    )

    p = add("matrix", cmd_matrix, "print the agreement matrix (or overlap, or stances)")
    p.epilog = MATRIX_EPILOG
    _file_arg(p)
    _metric_option(p, "cityblock")
    p.add_argument(
        "--holder",
        default="author",
        help="whose voices: author (the sources' own stances, default), an actor id, "
        "ids separated by commas, or all",
    )
    _add_by(p)
    p.add_argument(
        "--show",
        choices=("agreement", "overlap", "stances"),
        default="agreement",
        help="agreement (default), overlap (issues each pair both addresses), or the "
        "voices x issues stances",
    )
    p.add_argument(
        "--order",
        choices=("cluster", "file"),
        default="cluster",
        help="voice order: cluster (similar voices together, default) or file",
    )
    p.add_argument(
        "--min-overlap",
        type=int,
        default=1,
        help="pairs sharing fewer issues get no score (default 1)",
    )
    p.add_argument("--digits", type=int, default=2, help="decimals shown (default 2)")
    p.add_argument(
        "--format",
        default="simple",
        help="any tabulate format (simple, github, latex, html, grid, ...), csv or json "
        "(default: simple)",
    )
    p.add_argument("--output", "-o", help="write to this file (atomically) instead of stdout")

    p = add("gaps", cmd_gaps, "print the gap report")
    p.epilog = GAPS_EPILOG
    _file_arg(p)
    p.add_argument(
        "--holder",
        default="all",
        help="whose voices: all (default), author, an actor id, or ids separated by commas",
    )
    _add_by(p)
    p.add_argument(
        "--min-sources",
        type=int,
        default=2,
        help="issues addressed by fewer sources are listed as thin (default 2)",
    )
    p.add_argument("--top", type=int, default=10, help="pairs listed per kind (default 10)")
    p.add_argument(
        "--format",
        default="text",
        help="text (default), json, or any tabulate format (github, latex, html, ...)",
    )
    p.add_argument("--output", "-o", help="write to this file (atomically) instead of stdout")

    p = add("report", cmd_report, "print a text briefing")
    p.epilog = REPORT_EPILOG
    _file_arg(p)
    p.add_argument(
        "--format",
        choices=("markdown", "github", "latex", "html", "plain"),
        default="markdown",
        help="output format (default: markdown)",
    )
    p.add_argument(
        "--top", type=int, default=5, help="contested issues and pairs shown (default 5)"
    )
    p.add_argument("--output", "-o", help="write to this file (atomically) instead of stdout")
    p.add_argument(
        "--no-figures",
        action="store_true",
        help="leave out the position map and the heatmap (HTML inlines them as SVG; "
        "Markdown and LaTeX written with --output get PNG/PDF files beside the document)",
    )

    p = add("brief", cmd_brief, "write the Excel briefing workbook")
    p.epilog = BRIEF_EPILOG
    _file_arg(p)
    p.add_argument(
        "--output",
        "-o",
        default="briefing.xlsx",
        help="the workbook to write (default: briefing.xlsx)",
    )
    p.add_argument(
        "--since",
        metavar="OLD",
        help="an older version of the dataset: adds a Changes sheet",
    )
    p.add_argument(
        "--no-figures",
        action="store_true",
        help="leave out the position map (Summary) and the heatmap (Agreement): faster, "
        "and no matplotlib needed",
    )

    p = add("plot", cmd_plot, "draw a figure: map, heatmap, spectrum, network or timeline")
    p.epilog = PLOT_EPILOG
    p.add_argument(
        "kind",
        choices=("map", "heatmap", "spectrum", "network", "timeline"),
        help="map (who stands where), heatmap (clustered agreement), spectrum (every voice "
        "on each issue's scale), network (agreement and conflict ties) or timeline (each "
        "actor's median stance per time window: who moved, and when)",
    )
    _file_arg(p)
    p.add_argument("--output", "-o", required=True, help="the figure to write: .svg, .png or .pdf")
    p.add_argument(
        "--holder",
        default="all",
        help="whose voices: all (default), author, an actor id, or ids separated by commas",
    )
    _metric_option(p, None, "default: map, heatmap: cityblock; network: congruence")
    p.add_argument(
        "--issue",
        action="append",
        metavar="ID",
        help="spectrum, timeline: the issues to show (repeat, or separate by commas; default: "
        "all for the spectrum, the 6 most moved for the timeline)",
    )
    p.add_argument(
        "--window",
        metavar="LENGTH",
        default=None,
        help="timeline only: the time window, M (default), Q, Y, W, D or days such as 30D",
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="network only: tie threshold (default 0.5)",
    )

    p = add("check", cmd_check, "find codebook problems: issues that double-count, and more")
    p.epilog = CHECK_EPILOG
    _file_arg(p)
    p.add_argument("--strict", action="store_true", help="exit 1 when there is any warning")
    p.add_argument("--warnings-only", action="store_true", help="print warnings only, not notes")
    p.add_argument(
        "--min-overlap",
        type=int,
        default=5,
        help="voices coding both issues before a pair can be redundant (default 5)",
    )
    p.add_argument(
        "--min-association",
        type=float,
        default=0.7,
        help="absolute sign association that makes a pair redundant (default 0.7)",
    )
    p.add_argument(
        "--min-voices", type=int, default=3, help="issues coded by fewer are thin (default 3)"
    )
    p.add_argument(
        "--many",
        type=int,
        default=3,
        help="a single-source actor position is noted when another source reports the "
        "actor on this many issues (default 3)",
    )
    p.add_argument(
        "--min-shared",
        type=int,
        default=2,
        help="passages coding the same two issues for one holder before they are "
        "co-quoted (default 2)",
    )

    p = add("diff", cmd_diff, "compare two versions of a dataset (exit 0 same, 1 differ, 2 error)")
    p.epilog = DIFF_EPILOG
    p.add_argument("old", metavar="OLD", help="the earlier version: a dataset file, or - for stdin")
    p.add_argument("new", metavar="NEW", help="the later version: a dataset file, or - for stdin")
    p.add_argument(
        "--format",
        choices=DIFF_FORMATS,
        default="markdown",
        help="output format (default: markdown)",
    )
    _metric_option(p, "cityblock", "whose movement is shown; default: cityblock")
    p.add_argument(
        "--map",
        metavar="OLD=NEW[,...]",
        help="issues renamed between the versions (as 'replaces:' in the new file): "
        "their codings and agreement are compared under the new id",
    )
    p.add_argument(
        "--inverted",
        metavar="ID[,...]",
        help="new issue ids whose proposition was turned around (as 'inverted: true'): "
        "old stances flip when agreement is compared",
    )
    p.add_argument("--output", "-o", help="write to this file (atomically) instead of stdout")
    _scale_option(p)
    _from_option(p)

    p = add("network", cmd_network, "write the agreement network (GraphML, GEXF, JSON)")
    p.epilog = NETWORK_EPILOG
    _file_arg(p)
    p.add_argument(
        "--output", "-o", required=True, help="the file: .graphml, .gexf or .json (node-link)"
    )
    p.add_argument(
        "--format", choices=("graphml", "gexf", "json"), default=None, help="default: by suffix"
    )
    _metric_option(p, "congruence")
    p.add_argument(
        "--normalization",
        default="average",
        help="for congruence, conflict, subtract: average (default), none, jaccard, cosine",
    )
    p.add_argument("--holder", default="all", help="whose voices: all (default), author, actor ids")
    p.add_argument(
        "--by",
        choices=("voice", "holder"),
        default="voice",
        help="a node per voice (source, holder; default) or per holder across sources",
    )
    p.add_argument(
        "--min-overlap", type=int, default=1, help="edges need this many shared issues (1)"
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="only edges with a weight above it (default: every non-zero weight)",
    )
    p.add_argument("--camps", type=int, default=2, help="camps for the camp attribute (2)")

    p = add("coding-sheet", cmd_coding_sheet, "write an Excel coding workbook to code in")
    p.epilog = CODING_SHEET_EPILOG
    _file_arg(p)
    p.add_argument("--new", action="store_true", help="an empty workbook for a new project")
    p.add_argument(
        "--output", "-o", default="coding.xlsx", help="the workbook to write (default coding.xlsx)"
    )

    p = add("convert", cmd_convert, "convert a dataset between YAML, .xlsx, .csv and .parquet")
    p.epilog = CONVERT_EPILOG
    p.add_argument("input", metavar="IN", help="the dataset to read (YAML, .xlsx, .csv, .parquet)")
    p.add_argument("output", metavar="OUT", help="the file to write; its suffix names the format")
    _scale_option(p)
    _from_option(p)

    from .cli_deals import add_deal_commands

    add_deal_commands(add, _file_arg)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        # a message naming "Київ" must not crash on a terminal that cannot show it
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(_joined_scale(sys.argv[1:] if argv is None else list(argv)))
    from .loading import TABLE_SCALE

    token = TABLE_SCALE.set(getattr(args, "scale", None))
    read_as = _read_as(args)
    try:
        with guarded(args.command):  # SIGTERM cleans up; IdWarnings print as one line
            return int(args.func(args))
    except DatasetError as exc:
        # one problem per line, FILE:LINE:COL: message, the format editors jump to
        sys.stderr.write("".join(f"{problem}\n" for problem in exc.problems))
        return 1
    except UsageError as exc:
        print(f"posmatrix {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except PosmatrixError as exc:
        print(f"posmatrix {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        # a LimitError is a PosmatrixError (above); this is the machine running out
        print(
            f"posmatrix {args.command}: error: out of memory; choose fewer voices "
            "(--holder) or a smaller dataset",
            file=sys.stderr,
        )
        return 2 if args.command == "diff" else 1
    except (RecursionError, OverflowError, ValueError, TypeError, IndexError, KeyError) as exc:
        # a defect, not bad input: one line, no traceback; diff(1)'s "trouble" is 2
        import os

        if os.environ.get("POSMATRIX_DEBUG"):
            raise
        print(
            f"posmatrix {args.command}: internal error: {type(exc).__name__}: {exc}; please "
            "report it with the input (POSMATRIX_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 2 if args.command == "diff" else 1
    except BrokenPipeError:
        # the reader went away (`posmatrix schema | head`): stop quietly, and keep
        # Python from complaining when it flushes stdout at exit
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    finally:
        TABLE_SCALE.reset(token)
        if read_as is not None:
            from .loading import READ_AS

            READ_AS.reset(read_as)


def _read_as(args: argparse.Namespace) -> Token[tuple[str | None, dict[str, Any]]] | None:
    """Set ``--from`` and ``--actor`` for the loader; a token to reset them, or None."""
    fmt = getattr(args, "from_format", None)
    actor = getattr(args, "actor", None)
    if fmt is None and actor is None:
        return None
    from .loading import READ_AS

    return READ_AS.set((fmt, {"actor": actor} if actor is not None else {}))
