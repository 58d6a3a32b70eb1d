"""``main``: parse, run the command, turn errors into exit statuses."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import DatasetError, PosmatrixError, UsageError
from ..runguard import guarded

if TYPE_CHECKING:
    pass

from .common import _joined_scale, _read_as
from .parser import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        # a message naming "Київ" must not crash on a terminal that cannot show it
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(_joined_scale(sys.argv[1:] if argv is None else list(argv)))
    from ..loading import TABLE_SCALE

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
            from ..loading import READ_AS

            READ_AS.reset(read_as)
