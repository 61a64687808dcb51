"""Tests are written against public contracts: none imports a private name of the project or builds an
object with `__new__` to skip its constructor, so a refactor behind a contract breaks no test."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
PROJECT = ("copilot", "ingestion", "guardrails", "eval")


def _reaches_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in PROJECT:
            found += [f"imports {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
        if isinstance(node, ast.Attribute) and node.attr == "__new__":
            found.append("calls __new__")
    return found


def test_no_test_imports_a_private_name_or_skips_a_constructor() -> None:
    wrong = [f"{path.relative_to(TESTS)}: {what}" for path in sorted(TESTS.rglob("*.py")) for what in _reaches_in(path)]
    assert wrong == []
