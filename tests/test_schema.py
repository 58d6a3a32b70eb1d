"""posmatrix.schema: a valid draft-07 schema that agrees with the loader — on the bundled
dataset, the documented example, and on valid and invalid variants."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from _yamldata import to_python

from posmatrix import loads
from posmatrix.errors import DatasetError
from posmatrix.schema import schema, schema_text
from posmatrix.yamlsafe import compose

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "positions.yaml"
VALIDATOR = jsonschema.Draft7Validator(schema())


def as_json(data: Any) -> Any:
    """YAML data as JSON sees it: mapping keys are strings."""
    if isinstance(data, dict):
        return {str(k): as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_json(v) for v in data]
    return data


def schema_errors(text: str) -> list[str]:
    data = as_json(to_python(compose(text)))
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(data)]


def loader_accepts(text: str) -> bool:
    try:
        loads(text)
    except DatasetError:
        return False
    return True


def test_schema_is_valid_draft_07() -> None:
    jsonschema.Draft7Validator.check_schema(schema())
    assert schema()["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_schema_text_and_dict_agree_and_copies_are_fresh() -> None:
    assert json.loads(schema_text()) == schema()
    first = schema()
    first["title"] = "changed"
    assert schema()["title"] != "changed"
    assert schema_text().endswith("}\n")


def test_bundled_dataset_has_the_modeline_and_validates() -> None:
    first_line = BUNDLED.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../posmatrix/schema.json"
    target = (BUNDLED.parent / first_line.split("$schema=")[1]).resolve()
    assert target == (REPO / "posmatrix" / "schema.json").resolve()
    assert schema_errors(BUNDLED.read_text(encoding="utf-8")) == []
    assert loader_accepts(BUNDLED.read_text(encoding="utf-8"))


def test_documented_example_is_valid_for_both() -> None:
    doc = (REPO / "docs" / "dataset-format.md").read_text(encoding="utf-8")
    example = re.search(r"## A full example\n\n```yaml\n(.*?)```", doc, re.DOTALL)
    assert example is not None
    text = example.group(1)
    assert schema_errors(text) == []
    assert loader_accepts(text)


BASE = """\
format: posmatrix/1
title: T
coder: pm
scale:
  min: -2
  max: 2
issues:
  - id: i1
    proposition: P.
    weight: 2
actors:
  - id: a1
    name: A
sources:
  - id: s1
    title: S
    published: 2025-08-18
    file: texts/s1.txt
    stances:
      - issue: i1
        stance: 1
        quote: Q
        confidence: medium
    reports:
      a1:
        - issue: i1
          stance: -1
          quote: R
"""

# (old, new): variants both must reject
INVALID = [
    ("format: posmatrix/1", "format: posmatrix/2"),
    ("format: posmatrix/1\n", ""),
    ("title: T", "title: ''"),
    ("title: T", "title: 1984"),
    ("title: T", "title: T\ntitel: T"),
    ("coder: pm", "coder: [pm]"),
    ("  min: -2", "  min: -2.5"),
    ("  max: 2", "  max: 2\n  labels: 5"),
    ("  max: 2", "  max: 2\n  extra: 1"),
    ("  - id: i1", "  - id: i 1"),
    ("    proposition: P.\n", ""),
    ("    weight: 2", "    weight: -2"),
    ("    weight: 2", "    weight: heavy"),
    ("  - id: a1", "  - id: author"),
    ("    name: A", "    name: ''"),
    ("    title: S", "    title: [S]"),
    ("published: 2025-08-18", "published: 2025-13-01"),
    ("published: 2025-08-18", "published: 18.08.2025"),
    ("file: texts/s1.txt", "file: ../secret.txt"),
    ("file: texts/s1.txt", "file: /etc/passwd"),
    ("        stance: 1", "        stance: one"),
    ("        stance: 1", "        stance: 1.5"),
    ("        stance: 1", "        stance: true"),
    ("        stance: 1", "        stance: .nan"),
    ("        stance: 1\n", ""),
    ("        quote: Q", "        quote: ''"),
    ("        quote: Q", "        qoute: Q"),
    ("        confidence: medium", "        confidence: sure"),
    ("        confidence: medium", "        confidence: medium\n        adjudicated: yes"),
    ("      a1:", "      author:"),
    ("      a1:", "      a/1:"),
    (
        "    reports:\n      a1:\n        - issue: i1\n          stance: -1\n          quote: R\n",
        "    reports: [a1]\n",
    ),
    ("sources:\n", "sources: 5\nold_sources:\n"),
]

# variants both must accept
VALID = [
    ("published: 2025-08-18", "published: 2025"),
    ("published: 2025-08-18", "published: 2025-08"),
    ("published: 2025-08-18", "published:"),
    ("    title: S", "    title: S\n    subtitle:\n    author: ''"),
    ("  max: 2", "  max: 2\n  labels: [a, b, c, d, e]"),
    ("  max: 2", "  max: 2\n  labels: {-2: a, -1: b, 0: c, 1: d, 2: e}"),
    ("    weight: 2", "    weight: 0.5"),
    ("coder: pm", "coder: pm\nversion: '1.0'"),
    ("actors:\n  - id: a1\n    name: A\n", "actors:\n  - {id: a1, name: A, kind: state}\n"),
    ("        confidence: medium", "        confidence: low\n        adjudicated: false"),
    ("  - id: i1", "  - id: Київ"),
]


@pytest.mark.parametrize(("old", "new"), INVALID)
def test_both_reject(old: str, new: str) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1)
    assert not loader_accepts(text)
    assert schema_errors(text) != []


@pytest.mark.parametrize(("old", "new"), VALID)
def test_both_accept(old: str, new: str) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1).replace("issue: i1", f"issue: {_first_issue(new)}")
    assert schema_errors(text) == []
    assert loader_accepts(text)


def _first_issue(new: str) -> str:
    return "Київ" if "Київ" in new else "i1"


def test_base_is_valid_for_both() -> None:
    assert schema_errors(BASE) == []
    assert loader_accepts(BASE)


def test_top_level_list_is_rejected_by_both() -> None:
    assert schema_errors("- format: posmatrix/1\n") != []
    assert not loader_accepts("- format: posmatrix/1\n")


def test_quote_optional_only_under_evidence_optional() -> None:
    without = BASE.replace("        quote: Q\n", "", 1)
    assert without != BASE
    assert schema_errors(without) != []
    assert not loader_accepts(without)
    optional = without.replace("coder: pm", "coder: pm\nevidence: optional", 1)
    assert schema_errors(optional) == []
    assert loader_accepts(optional)


@pytest.mark.parametrize(
    ("old", "new", "valid"),
    [
        ("  - id: i1", "  - id: i1\n    label: Short", True),
        ("  - id: i1", "  - id: i1\n    label: ''", False),
        ("coder: pm", "coder: pm\ncodings: codings.txt", False),
        ("coder: pm", "coder: pm\nevidence: sometimes", False),
    ],
)
def test_label_codings_and_evidence_keys(old: str, new: str, valid: bool) -> None:
    text = BASE.replace(old, new, 1)
    assert (schema_errors(text) == []) is valid
    assert loader_accepts(text) is valid


@pytest.mark.parametrize(
    ("extra", "valid"),
    [
        ("    replaces: old-i1\n    inverted: true\n", True),
        ("    replaces: old-i1\n", True),
        ("    inverted: yes\n", False),
        ("    replaces: two words\n", False),
    ],
)
def test_replaces_and_inverted_agree_with_the_loader(extra: str, valid: bool) -> None:
    text = BASE.replace("    weight: 2\n", "    weight: 2\n" + extra, 1)
    assert (schema_errors(text) == []) is valid
    assert loader_accepts(text) is valid


def test_committed_schema_is_the_generated_one() -> None:
    # editors read the committed file; the spec is the authority
    committed = (REPO / "posmatrix" / "schema.json").read_text(encoding="utf-8")
    assert committed == schema_text()
    assert json.loads(committed)["properties"]["issues"]["items"]["required"] == [
        "id",
        "proposition",
    ]
