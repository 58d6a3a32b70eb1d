"""The metric registry drives every surface that lists metrics."""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import get_args

import numpy as np
import pytest

from posmatrix import analysis, pairwise
from posmatrix.cli import build_parser
from posmatrix.pairwise.clustering import _dissimilarity
from posmatrix.pairwise.registry import METRICS, REGISTRY, Metric, metric_help, spec

ROOT = Path(__file__).resolve().parents[1]


def _metric_actions(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    found: dict[str, argparse.Action] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                for inner in sub._actions:
                    if inner.dest == "metric":
                        found[name] = inner
    return found


def test_literal_names_and_registry_agree() -> None:
    names = tuple(s.name for s in REGISTRY)
    assert get_args(Metric) == names
    assert names == METRICS
    assert analysis.METRICS is METRICS
    assert pairwise.METRICS is METRICS
    assert len(set(names)) == len(names)


def test_cli_metric_choices_are_the_registry() -> None:
    actions = _metric_actions(build_parser())
    # every command that takes --metric: matrix, plot, diff, network, coalitions
    assert set(actions) == {"matrix", "plot", "diff", "network", "coalitions"}
    for action in actions.values():
        assert tuple(action.choices or ()) == METRICS
        assert action.help is not None
        for s in REGISTRY:
            assert f"{s.name}: {s.doc}" in action.help


def test_benchmark_stages_are_the_registry() -> None:
    path = ROOT / "benchmarks" / "run.py"
    module_spec = importlib.util.spec_from_file_location("bench_run", path)
    assert module_spec is not None
    assert module_spec.loader is not None
    run = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(run)
    assert tuple(s for s in run.STAGES if s in METRICS) == METRICS
    x = np.array([[2.0, -1, 0], [1, -2, 2], [0, 0, -1]])
    for metric in METRICS:  # every registered metric has a floor to be timed against
        assert run.floor(metric, x).shape == (3, 3)


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda s: s.name)
def test_each_entry_has_a_kernel_and_a_distance(entry: pairwise.MetricSpec) -> None:
    assert callable(entry.compute())
    lo, hi = entry.bounds
    assert hi is not None
    # the score at its top is the nearest possible pair (distance 0), except for
    # conflict, a distance already: there the top is the farthest (distance 1)
    top = _dissimilarity(np.array([[hi]]), entry.name, "average")[0, 0]
    assert top == (1.0 if entry.distance == "itself" else 0.0)
    if lo is not None:
        bottom = _dissimilarity(np.array([[lo]]), entry.name, "average")[0, 0]
        assert bottom == (0.0 if entry.distance == "itself" else 1.0)


def test_metric_help_lists_every_metric_in_order() -> None:
    lines = metric_help().splitlines()
    assert [line.split(":")[0] for line in lines] == list(METRICS)
    assert spec("kappa").bounds == (None, 1.0)


def test_reading_the_registry_imports_no_numpy() -> None:
    code = (
        "import sys, posmatrix.pairwise.registry as r\n"
        "print(len(r.METRICS), 'numpy' in sys.modules, 'pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(len(METRICS)), "False", "False"]
