"""The argument parser: every command, its options and its help."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from .._version import __version__

if TYPE_CHECKING:
    pass

from .analyses import (
    BRIEF_EPILOG,
    GAPS_EPILOG,
    MATRIX_EPILOG,
    PLOT_EPILOG,
    REPORT_EPILOG,
    cmd_brief,
    cmd_gaps,
    cmd_matrix,
    cmd_plot,
    cmd_report,
)
from .commands import (
    CHECK_EPILOG,
    CODING_SHEET_EPILOG,
    CONVERT_EPILOG,
    DIFF_EPILOG,
    DIFF_FORMATS,
    NETWORK_EPILOG,
    cmd_check,
    cmd_coding_sheet,
    cmd_convert,
    cmd_diff,
    cmd_network,
    cmd_schema,
    cmd_validate,
    cmd_verify_quotes,
)
from .common import _add_by, _add_engine, _file_arg, _from_option, _metric_option, _scale_option

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
    _add_engine(p)

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
    _add_engine(p)
    p.add_argument(
        "--codebook",
        metavar="DATASET",
        help="with the engine: a dataset (YAML) whose issues, actors, sources and scale name "
        "the table's ids (default: ids as names, in the table's order)",
    )

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
        help="the workbook to write (default: briefing.xlsx); a name ending in .html "
        "writes the interactive HTML briefing instead",
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
        "--by",
        metavar="KEYS",
        help="map, heatmap, spectrum, network: group sources into voices by a source field "
        "(outlet, author, ...) or a window (month, quarter, ...), or several, e.g. "
        "outlet,month; a group's stance is the median of its codings",
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
        "--nodes",
        choices=("voice", "holder"),
        default="voice",
        help="a node per voice (source, holder; default) or per holder across sources",
    )
    _add_by(p)
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

    from ..cli_deals import add_deal_commands

    add_deal_commands(add, _file_arg)
    return parser
