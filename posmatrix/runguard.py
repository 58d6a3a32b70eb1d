"""What the ``posmatrix`` command sets up around a run, and undoes after it.

:func:`guarded` makes SIGTERM raise ``SystemExit(143)`` instead of killing the
process outright, so ``finally`` blocks run and no temporary output file is left
behind (SIGINT already does this through KeyboardInterrupt), and prints an
:class:`~posmatrix.ids.IdWarning` as one plain line, like the problems. Both are
restored when the run ends (the CLI is also called in-process, by tests).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

__all__ = ["guarded"]


@contextlib.contextmanager
def guarded(command: str) -> Iterator[None]:
    """Run the body with the SIGTERM handler and the warning display of ``command``."""
    import signal
    import threading
    import warnings

    from .ids import IdWarning

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    shown = warnings.showwarning

    def show(message: Any, category: Any, *rest: Any, **kw: Any) -> None:
        if issubclass(category, IdWarning) or getattr(category, "plain_in_cli", False):
            print(f"posmatrix {command}: warning: {message}", file=sys.stderr)
        else:
            shown(message, category, *rest, **kw)

    # only the main thread may set signal handlers
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, terminate) if main else None
    warnings.showwarning = show
    try:
        yield
    finally:
        warnings.showwarning = shown
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
