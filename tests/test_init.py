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


def test_submodules_never_shadow_the_functions_named_like_them() -> None:
    # Importing a submodule binds it on the package; no submodule may be named like an
    # exported function, or ``posmatrix.gaps(ds)`` would call a module.
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(posmatrix.__path__)}
    assert not modules & set(posmatrix.__all__)
    code = (
        "import posmatrix.analysis, posmatrix.gapreport, posmatrix.intercoder, posmatrix.changes\n"
        "import posmatrix\n"
        "ds = posmatrix.example()\n"
        "print(posmatrix.agreement(ds).shape[0] > 0, posmatrix.gaps(ds) is not None,\n"
        "      posmatrix.reliability(ds).n_coders, posmatrix.diff(ds, ds).is_empty)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "1", "True"]
