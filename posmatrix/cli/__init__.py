"""The ``posmatrix`` command.

Exit status: 0 success, 1 invalid data, 2 usage errors; ``diff`` follows diff(1):
0 equal, 1 different, 2 trouble (an invalid side included). Bad input never shows a
traceback. Heavy libraries (pandas, openpyxl) are imported inside the commands that
need them, so ``posmatrix validate`` stays fast.

Modules: ``common`` (argument helpers, output), ``commands`` (one function per
command that checks, compares or converts files), ``analyses`` (the commands that show
the analysis: matrix, gaps, report, brief, plot), ``parser`` (``build_parser``), ``app``
(``main``); ``posmatrix.cli_deals`` adds the deal commands. ``python -m posmatrix`` and
the ``posmatrix`` entry point call :func:`main`.
"""

from __future__ import annotations

from .app import main
from .commands import DIFF_FORMATS
from .parser import build_parser

__all__ = ["DIFF_FORMATS", "build_parser", "main"]
