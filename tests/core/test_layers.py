"""The layers import downward only: copilot.core <- ingestion, guardrails <- copilot.ask / api / web <- eval.
A shortcut import fails here instead of accumulating."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("copilot", "ingestion", "guardrails", "eval", "prompts")

# Which of the project's packages each layer may import (a prefix match on the dotted name).
ALLOWED: dict[str, tuple[str, ...]] = {
    "copilot.core": ("copilot.core",),
    # Ingestion redacts client documents with the guardrails' redactor: a sibling, not an upper layer.
    "ingestion": ("copilot.core", "ingestion", "guardrails.redaction"),
    "guardrails": ("copilot.core", "guardrails"),
    "copilot": ("copilot", "ingestion", "guardrails", "prompts"),
    "eval": PROJECT,
}


def _layer(module: str) -> str:
    return "copilot.core" if module.startswith("copilot.core") else module.split(".")[0]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):  # imports inside functions and TYPE_CHECKING blocks count too
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.split(".")[0] in PROJECT]


def _modules() -> list[tuple[str, Path]]:
    out = []
    for package in ("copilot", "ingestion", "guardrails", "eval"):
        for path in sorted((ROOT / package).rglob("*.py")):
            out.append((".".join(path.relative_to(ROOT).with_suffix("").parts), path))
    return out


def test_every_module_imports_only_its_own_layer_and_those_below():
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for module, path in _modules()
        for line, name in _imports(path)
        if not name.startswith(ALLOWED[_layer(module)])
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("module", "name", "allowed"),
    [
        ("ingestion.pipeline", "copilot.core.settings", True),
        ("ingestion.pipeline", "copilot.ask.composer", False),
        ("guardrails.tone.rules", "copilot.core.errors", True),
        ("guardrails.tone.rules", "ingestion.index_db", False),
        ("copilot.core.settings", "copilot.api.auth", False),
        ("copilot.cli", "eval.run_eval", False),
        ("eval.run_eval", "copilot.ask.pipeline", True),
    ],
)
def test_the_layer_rule_tells_an_upward_import_from_a_downward_one(module, name, allowed):
    assert name.startswith(ALLOWED[_layer(module)]) is allowed
