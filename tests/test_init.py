"""The public namespace: sorted, complete, lazy."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import posmatrix

INIT = Path(posmatrix.__file__)


def test_all_is_sorted_and_matches_exports() -> None:
    assert posmatrix.__all__ == sorted(posmatrix.__all__)
    assert set(posmatrix.__all__) - {"__version__"} == set(posmatrix._EXPORTS)


def test_type_checking_imports_match_exports() -> None:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    imported: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for alias in node.names:
                imported[alias.name] = node.module
    assert imported == posmatrix._EXPORTS


def test_every_export_resolves() -> None:
    for name in posmatrix.__all__:
        assert getattr(posmatrix, name) is not None


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="'nope'"):
        posmatrix.nope  # noqa: B018


def test_import_is_light() -> None:
    code = "import sys, posmatrix; print('pandas' in sys.modules, 'openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
