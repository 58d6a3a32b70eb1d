"""The ``posmatrix`` command.

Exit status: 0 success, 1 invalid data (or, for ``diff``, datasets that differ),
2 usage errors. Bad input never shows a traceback. Heavy libraries (pandas,
openpyxl) are imported inside the commands that need them, so ``posmatrix
validate`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from . import __version__
from .errors import DatasetError, PosmatrixError, UsageError

__all__ = ["main"]

EPILOG = """\
examples:
  posmatrix validate                       check the bundled dataset
  posmatrix validate my.yaml               check your own
  posmatrix brief my.yaml -o briefing.xlsx write the Excel briefing
  posmatrix report my.yaml --format markdown > memo.md
  posmatrix matrix my.yaml --metric sign --holder all
  posmatrix diff old.yaml new.yaml
"""


def _out(stream: TextIO = sys.stdout) -> TextIO:
    return stream


# -- commands -----------------------------------------------------------------------------
# Each takes the parsed arguments and returns the exit status. They import what they need.


def cmd_validate(args: argparse.Namespace) -> int:
    from .loading import load_arg

    ds = load_arg(args.file, max_bytes=args.max_bytes)
    print(
        f"{ds.name}: valid: {len(ds.sources)} sources, {len(ds.issues)} issues, "
        f"{len(ds.actors)} actors, {len(ds.codings)} codings"
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import schema_text

    sys.stdout.write(schema_text())
    return 0


def cmd_verify_quotes(args: argparse.Namespace) -> int:
    from .loading import load_arg
    from .quotes import verify_quotes

    ds = load_arg(args.file)
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


def cmd_matrix(args: argparse.Namespace) -> int:
    raise NotImplementedError("matrix")  # filled by the export issue


def cmd_gaps(args: argparse.Namespace) -> int:
    raise NotImplementedError("gaps")  # filled by the export issue


def cmd_report(args: argparse.Namespace) -> int:
    raise NotImplementedError("report")  # filled by the export issue


def cmd_brief(args: argparse.Namespace) -> int:
    raise NotImplementedError("brief")  # filled by the export issue


DIFF_FORMATS = ("markdown", "github", "plain", "json")  # = posmatrix.diff.FORMATS (no pandas here)

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
    from .diff import diff

    result = diff(sides[0], sides[1], metric=args.metric)
    sys.stdout.write(result.render(args.format))
    return 1 if result else 0


# -- parser -------------------------------------------------------------------------------


def _file_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        nargs="?",
        default=None,
        help="dataset: YAML, or a .csv/.parquet codings table (default: the bundled dataset)",
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
    p.add_argument(
        "--max-bytes", type=int, default=None, help="largest file accepted (default 50 MB)"
    )

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

    p = add("matrix", cmd_matrix, "print the agreement matrix")
    _file_arg(p)

    p = add("gaps", cmd_gaps, "print the gap report")
    _file_arg(p)

    p = add("report", cmd_report, "print a text briefing")
    _file_arg(p)

    p = add("brief", cmd_brief, "write the Excel briefing workbook")
    _file_arg(p)

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
    p.add_argument(
        "--metric",
        default="cityblock",
        help="agreement metric whose movement is shown (default: cityblock)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        # a message naming "Київ" must not crash on a terminal that cannot show it
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
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
    except BrokenPipeError:
        # the reader went away (`posmatrix schema | head`): stop quietly, and keep
        # Python from complaining when it flushes stdout at exit
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
