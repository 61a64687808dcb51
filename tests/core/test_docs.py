"""The generated pages (configuration from the Settings fields, the command line from --help) are in step."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _generator():
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", ["configuration.md", "cli.md"])
def test_generated_docs_are_in_step_with_the_code(page):
    expected = _generator().GENERATED[page]()
    assert (DOCS / page).read_text(encoding="utf-8") == expected, f"docs/{page} is stale: run `python docs/generate.py`"


def test_every_setting_is_documented_with_a_description():
    from copilot.core.settings import Settings

    assert [name for name, field in Settings.model_fields.items() if not field.description] == []
