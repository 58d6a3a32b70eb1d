"""The coding workbook: code in a spreadsheet, read it back as a dataset.

:func:`write_coding_workbook` writes an editable ``.xlsx`` (sheets Read-me, Codings,
Codebook, Actors, Sources) with drop-down lists for ids, stances and confidence;
:func:`read_coding_workbook` reads one back, every problem located as
``coding.xlsx:Codings!D12: message`` with the YAML loader's own checks and wording;
:func:`dump_yaml` writes a dataset as a ``posmatrix/1`` YAML file and :func:`convert`
converts between YAML, the workbook and a codings table by suffix.

Names are imported on first use: reading a YAML file that names a codings table
(:mod:`.tables`) needs neither openpyxl nor the writer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "coding_workbook_bytes": "writer",
    "convert": "convert",
    "dump_yaml": "yamlout",
    "read_coding_workbook": "reader",
    "write_coding_workbook": "writer",
    "write_dataset": "convert",
}

__all__ = [
    "coding_workbook_bytes",
    "convert",
    "dump_yaml",
    "read_coding_workbook",
    "write_coding_workbook",
    "write_dataset",
]

if TYPE_CHECKING:
    from .convert import convert, write_dataset
    from .reader import read_coding_workbook
    from .writer import coding_workbook_bytes, write_coding_workbook
    from .yamlout import dump_yaml


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'posmatrix.codingbook' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
