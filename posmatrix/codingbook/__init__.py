"""The coding workbook: code in a spreadsheet, read it back as a dataset.

:func:`write_coding_workbook` writes an editable ``.xlsx`` (sheets Read-me, Codings,
Codebook, Actors, Sources) with drop-down lists for ids, stances and confidence;
:func:`read_coding_workbook` reads one back, every problem located as
``coding.xlsx:Codings!D12: message`` with the YAML loader's own checks and wording;
:func:`dump_yaml` writes a dataset as a ``posmatrix/1`` YAML file and :func:`convert`
converts between YAML, the workbook and a codings table by suffix.
"""

from __future__ import annotations

from .convert import convert
from .reader import read_coding_workbook
from .writer import coding_workbook_bytes, write_coding_workbook
from .yamlout import dump_yaml

__all__ = [
    "coding_workbook_bytes",
    "convert",
    "dump_yaml",
    "read_coding_workbook",
    "write_coding_workbook",
]
