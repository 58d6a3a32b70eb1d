"""``posmatrix matrix huge.parquet --by outlet,month`` and ``posmatrix gaps huge.parquet
--by outlet,month``: the matrix and gaps commands on a table too large to load,
aggregated by DuckDB (see :func:`posmatrix.engines.aggregate`); the gap report's quotes
are fetched from the table for the rows it prints only."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Literal

from ..errors import PosmatrixError, UsageError

__all__ = ["ENGINES", "cmd_gaps_engine", "cmd_matrix_engine", "wants_engine"]

ENGINES = ("auto", "duckdb", "python")
"""``--engine`` choices: ``auto`` sends a Parquet file over ``--max-bytes`` to DuckDB."""


def wants_engine(args: argparse.Namespace) -> bool:
    """Whether ``args.file`` is aggregated by DuckDB rather than loaded: asked for with
    ``--engine duckdb``, or (``auto``) a ``.parquet`` file that loading would refuse:
    larger than ``--max-bytes`` (default 50 MB), or more than a row per 20 bytes of it."""
    from ..yamlsafe import MAX_BYTES

    engine = getattr(args, "engine", "auto")
    name = args.file
    table = isinstance(name, str) and name.lower().endswith((".parquet", ".csv"))
    if engine == "duckdb":
        if not table:
            raise UsageError(
                f"--engine duckdb reads a .parquet or .csv codings table, got {name!r}"
            )
        return True
    if engine != "auto" or not table or not name.lower().endswith(".parquet"):
        return False
    limit = MAX_BYTES if args.max_bytes is None else args.max_bytes
    if not os.path.isfile(name):
        return False
    if os.path.getsize(name) > limit:
        return True
    try:  # a well-compressed file of many rows: loading allows a row per 20 bytes
        import pyarrow.parquet as pq

        return bool(pq.read_metadata(name).num_rows * 20 > limit)
    except Exception:  # unreadable or no pyarrow: loading says what is wrong
        return False


def cmd_matrix_engine(args: argparse.Namespace, fmt: str) -> int:
    """The ``matrix`` command's output for a table DuckDB aggregates."""

    from ..analysis import agreement, overlap
    from ..cli.common import _by_arg, _emit, _holder_arg, _matrix_text
    from .core import aggregate

    agg = aggregate(args.file, by=_by_arg(args), holder=_holder_arg(args.holder), scale=args.scale)
    note = agg.note()
    if note:
        print(f"posmatrix matrix: note: {note} They are left out.", file=sys.stderr)
    frame = agg.matrix
    if frame.shape[0] == 0:
        raise PosmatrixError(f"{args.file}: no voice to show for --holder {args.holder}")
    if args.show != "stances":
        order: Literal["cluster"] | None = "cluster" if args.order == "cluster" else None
        frame = agreement(
            agg.matrix, args.metric, scale=agg.scale, min_overlap=args.min_overlap, order=order
        )
        if args.show == "overlap":
            frame = overlap(agg.matrix).loc[frame.index, frame.columns]
    _emit(_matrix_text(frame, args, fmt), args.output, [args.file])
    return 0


def cmd_gaps_engine(args: argparse.Namespace, fmt: str) -> int:
    """The ``gaps`` command's output for a table DuckDB aggregates: the report of
    :func:`~posmatrix.gapreport.aggregated.gaps_from_aggregate`, with the quotes the
    output shows fetched from the table (text: the poles it prints; json: every quote
    column; a table format: none, as the tables leave quotes out)."""
    from ..cli.common import _by_arg, _emit, _gaps_text, _holder_arg
    from ..gapreport.aggregated import gaps_from_aggregate
    from .core import aggregate

    codebook = None
    if getattr(args, "codebook", None):
        from ..loading import load_arg

        codebook = load_arg(args.codebook, max_bytes=args.max_bytes)
    scale = args.scale if args.scale is not None or codebook is None else codebook.scale
    agg = aggregate(args.file, by=_by_arg(args), holder=None, scale=scale)
    note = agg.note()
    if note:
        print(f"posmatrix gaps: note: {note} They are left out.", file=sys.stderr)
    if agg.matrix.shape[0] == 0:
        raise PosmatrixError(f"{args.file}: no voice to report on")
    quotes = {"text": "shown", "json": "all"}.get(fmt, "none")
    report = gaps_from_aggregate(
        agg,
        holder=_holder_arg(args.holder),
        min_sources=args.min_sources,
        top=args.top,
        codebook=codebook,
        quotes=quotes,  # type: ignore[arg-type]
    )
    _emit(_gaps_text(report, fmt), args.output, [args.file])
    return 0
