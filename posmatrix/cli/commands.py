"""The commands that check, compare and convert files (``validate``, ``schema``,
``verify-quotes``, ``check``, ``diff``, ``coding-sheet``, ``convert``, ``network``): each
takes the parsed arguments and returns the exit status, importing what it needs
(``posmatrix validate`` stays free of pandas and openpyxl). The commands that show the
analysis are in :mod:`posmatrix.cli.analyses`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..errors import DatasetError, OutputError, PosmatrixError, UsageError

if TYPE_CHECKING:
    pass

from .common import _by_arg, _emit, _grouped, _holder_arg, _map_arg


def cmd_validate(args: argparse.Namespace) -> int:
    from ..loading import load_arg

    ds = load_arg(args.file, max_bytes=args.max_bytes)
    quoteless = ds.quoteless
    without = f" ({quoteless} without a quote)" if quoteless else ""
    print(
        f"{ds.name}: valid: {len(ds.sources)} sources, {len(ds.issues)} issues, "
        f"{len(ds.actors)} actors, {len(ds.codings)} codings{without}"
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from ..schema import schema_text

    sys.stdout.write(schema_text())
    return 0


def cmd_verify_quotes(args: argparse.Namespace) -> int:
    from ..loading import load_arg
    from ..quotes import verify_quotes

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
    from ..codebook import check, describe
    from ..loading import load_arg

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
    from ..loading import load_arg

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
    from ..atomic import check_output_path
    from ..changes import diff

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
    from ..codingbook.writer import new_dataset, write_coding_workbook
    from ..loading import load_arg

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
    from ..codingbook.convert import write_dataset
    from ..loading import load_arg

    if args.input == "-":
        raise UsageError("convert reads a file: give IN as a path (its suffix names its format)")
    ds = load_arg(args.input)
    path = write_dataset(ds, args.output, protect=(ds.path,))
    print(f"wrote {path} ({len(ds.codings)} codings)")
    return 0


NETWORK_EPILOG = """\
examples:
  posmatrix network climate.dna -o climate.graphml             DNA's congruence network, for Gephi
  posmatrix network climate.dna -o actors.gexf --nodes holder  one node per organisation
  posmatrix network my.yaml -o outlets.graphml --by outlet     outlets (median stances) as nodes
  posmatrix network my.yaml -o net.json --metric conflict --normalization jaccard
  posmatrix network my.yaml -o net.graphml --metric cityblock --threshold 0.5 --min-overlap 3

Nodes carry name, holder, source, issues and camp; edges weight, overlap and metric.
The file is written atomically, never over the input. --by groups sources into voices,
as for matrix and gaps; --by voice and --by holder are the old spelling of --nodes
(deprecated, still accepted with a warning).
"""


def cmd_network(args: argparse.Namespace) -> int:
    from ..analysis import METRICS, NORMALIZATIONS
    from ..atomic import check_output_path
    from ..loading import load_arg
    from ..network import NETWORK_FORMATS, write_network

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
    nodes_by = args.nodes
    if args.by is not None and args.by.strip() in ("voice", "holder"):  # before --nodes existed
        nodes_by = args.by.strip()
        print(
            f"posmatrix network: warning: --by {nodes_by} is deprecated; use --nodes {nodes_by} "
            "(--by now groups sources into voices, e.g. --by outlet)",
            file=sys.stderr,
        )
        args.by = None
    by = _by_arg(args)
    ds = load_arg(args.file)
    check_output_path(args.output, [ds.path])  # before the work
    if by is not None:
        ds = _grouped("network", ds, by)
    path, nodes, edges = write_network(
        ds,
        args.output,
        args.metric,
        format=fmt,
        protect=[ds.path],
        holder=_holder_arg(args.holder),
        nodes=nodes_by,
        min_overlap=args.min_overlap,
        threshold=args.threshold,
        normalization=args.normalization,
        k=args.camps,
    )
    print(f"wrote {path}: {len(nodes)} nodes, {len(edges)} edges ({args.metric})")
    return 0
