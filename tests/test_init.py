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
    assert imported == {**posmatrix._EXPORTS, "__version__": "_version"}


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


def _root_imports(path: Path) -> list[str]:
    """Statements in ``path`` that import the package root itself (not a submodule)."""
    package = Path(posmatrix.__file__).parent
    depth = len(path.relative_to(package).parts) - 1  # 0 for posmatrix/x.py
    submodules = {m.name for m in __import__("pkgutil").iter_modules(posmatrix.__path__)}
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name == "posmatrix"]
        elif isinstance(node, ast.ImportFrom):
            root = (node.level == depth + 1 and not node.module) or (
                node.level == 0 and node.module == "posmatrix"
            )
            if root:  # `from . import x` at the top level: fine only for submodules
                found += [a.name for a in node.names if a.name not in submodules]
    return found


def test_nothing_inside_imports_the_package_root() -> None:
    # the package root re-exports everything lazily; a module importing a name from it
    # is an upward arrow (and a cycle waiting to happen): __version__ lives in _version
    package = Path(posmatrix.__file__).parent
    offenders = {
        str(p.relative_to(package)): names
        for p in sorted(package.rglob("*.py"))
        if (names := _root_imports(p))
    }
    assert offenders == {}


def test_advertised_submodules_are_attributes_after_import_posmatrix() -> None:
    code = (
        "import posmatrix\n"
        "print(posmatrix.measures.__name__, posmatrix.render.__name__,"
        " posmatrix.pairwise.__name__, posmatrix.analysis.agreement is posmatrix.agreement)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [
        "posmatrix.measures",
        "posmatrix.render",
        "posmatrix.pairwise",
        "True",
    ]


@pytest.mark.parametrize(
    ("name", "returned_by"),
    [
        ("Camps", "camps"),
        ("DatasetDiff", "diff"),
        ("GapReport", "gaps"),
        ("Reliability", "reliability"),
        ("QuoteReport", "verify_quotes"),
        ("Embedding", "embedding"),
        ("DealSpace", "deal_space"),
        ("Grouped", "grouped"),
    ],
)
def test_result_types_are_exported(name: str, returned_by: str) -> None:
    import inspect

    returns = inspect.signature(getattr(posmatrix, returned_by)).return_annotation
    assert returns == name  # the annotation (a string: postponed evaluation)
    assert name in posmatrix.__all__
    assert isinstance(getattr(posmatrix, name), type)


def test_version_is_one_value() -> None:
    from posmatrix._version import __version__

    assert posmatrix.__version__ == __version__


# -- one holder default across the API (issue 14) -------------------------------------

# the exported functions whose holder default is not "every voice", and why
_HOLDER_EXCEPTIONS = {
    # deprecated default: still the sources' own stances, with a FutureWarning that
    # names holder='author' and holder='all' (a later release gives every voice)
    "stance_matrix",
    # the engines' stance matrix mirrors stance_matrix's current default
    "aggregate",
}


def _holder_functions() -> dict[str, object]:
    import inspect

    out = {}
    for name in posmatrix.__all__:
        obj = getattr(posmatrix, name)
        if callable(obj) and not inspect.isclass(obj):
            params = inspect.signature(obj).parameters
            if "holder" in params:
                out[name] = params["holder"].default
    return out


def test_every_holder_default_is_every_voice_or_documented() -> None:
    found = _holder_functions()
    assert len(found) >= 15  # voices, agreement, overlap, gaps, camps, ... (see below)
    assert {n for n, d in found.items() if d is not None} == _HOLDER_EXCEPTIONS
    # documented in one place: the user guide names every one of them
    guide = (Path(__file__).parents[1] / "docs" / "user-guide.md").read_text(encoding="utf-8")
    start = guide.index("**Whose voices by default.**")
    paragraph = guide[start : guide.index("\n\n", start)]
    missing = [n for n in found if f"`{n}`" not in paragraph]
    assert missing == []


def test_holder_all_is_every_voice() -> None:
    import warnings

    ds = posmatrix.example()
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        assert posmatrix.voices(ds, "all").equals(posmatrix.voices(ds))
        assert posmatrix.agreement(ds, holder="all").equals(posmatrix.agreement(ds))
        assert posmatrix.overlap(ds, holder="all").equals(posmatrix.overlap(ds))
        assert list(posmatrix.stance_matrix(ds, "all").index) == list(posmatrix.voices(ds).index)
    with pytest.warns(FutureWarning, match="holder='all' for every voice"):
        default = posmatrix.stance_matrix(ds)
    assert default.equals(posmatrix.stance_matrix(ds, "author"))


# modules allowed past 500 lines, with their ceiling (none today: model.py and
# format/spec.py were split by concern)
_LARGE: dict[str, int] = {}


def test_no_module_is_over_about_500_lines() -> None:
    package = Path(posmatrix.__file__).parent
    over = {}
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > _LARGE.get(name, 500):
            over[name] = lines
    assert over == {}
