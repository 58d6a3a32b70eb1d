"""The built wheel carries the bundled dataset, the schema and py.typed, and works from it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (found,) = out.glob("posmatrix-*.whl")
    return found


@pytest.mark.slow
def test_wheel_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "posmatrix/data/positions.yaml",
        "posmatrix/schema.json",
        "posmatrix/py.typed",
        "posmatrix/cli/__init__.py",
        "posmatrix/cli/app.py",
        "posmatrix/_version.py",
        "posmatrix/pairwise/registry.py",
        "posmatrix/render/document.py",
        "posmatrix/render/backends/base.py",
        "posmatrix/gapreport/__init__.py",
    ):
        assert required in names
    bundled = zipfile.ZipFile(wheel).read("posmatrix/data/positions.yaml")
    assert bundled == (ROOT / "data" / "positions.yaml").read_bytes()
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "posmatrix = posmatrix.cli:main" in text
    assert "posmatrix = posmatrix.testing" in text


@pytest.mark.slow
def test_installed_wheel_validates_its_bundled_dataset(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import posmatrix, sys; ds = posmatrix.example(); "
        "print(posmatrix.__file__); print(len(ds.sources))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    where, count = out.stdout.split()
    assert Path(where).is_relative_to(site)
    assert int(count) >= 1
    cli = subprocess.run(
        [sys.executable, "-m", "posmatrix", "validate"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 0, cli.stderr
    assert "valid" in cli.stdout
