"""API keys in the settings: development works with the two documented keys; production refuses them
(and an empty key list), so `copilot serve` stops before loading anything."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from copilot.core.api_keys import DEV_API_KEYS, ApiKey
from copilot.core.settings import Settings

REPO = Path(__file__).resolve().parents[2]
OWN_KEYS = {"k-8c1f0e7a2b": ApiKey(role="manager", name="Sophie Renard", boutique="Place Vendome")}


@pytest.fixture(autouse=True)
def _no_outside_configuration(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Neither the caller's COPILOT_* variables nor a .env file may decide these tests."""
    for name in os.environ:
        if name.startswith("COPILOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_development_defaults_to_the_two_dev_keys() -> None:
    settings = Settings()
    assert settings.environment == "development"
    assert {k: v.role for k, v in settings.api_keys.items()} == {
        "dev-associate-key": "associate",
        "dev-manager-key": "manager",
    }


def test_production_with_the_default_keys_is_refused() -> None:
    with pytest.raises(ValidationError, match="still holds the development key") as raised:
        Settings(environment="production")
    assert "dev-associate-key, dev-manager-key" in str(raised.value)


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({}, "holds no key"),
        ({**OWN_KEYS, "dev-manager-key": DEV_API_KEYS["dev-manager-key"]}, "development key(s) dev-manager-key"),
    ],
    ids=["no-key", "one-dev-key-left"],
)
def test_production_refuses_unsafe_key_lists(keys: dict[str, ApiKey], message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Settings(environment="production", api_keys=keys)
    assert message in str(raised.value)


def test_production_with_own_keys_is_accepted() -> None:
    assert Settings(environment="production", api_keys=OWN_KEYS).api_keys == OWN_KEYS


def test_keys_are_read_as_json_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPILOT_ENVIRONMENT", "production")
    monkeypatch.setenv(
        "COPILOT_API_KEYS", '{"k-123abc": {"role": "associate", "name": "Claire Martin", "boutique": "Place Vendome"}}'
    )
    settings = Settings()
    assert settings.api_keys == {"k-123abc": ApiKey(role="associate", name="Claire Martin", boutique="Place Vendome")}


@pytest.mark.parametrize(
    "holder",
    [{"role": "director", "name": "A", "boutique": "B"}, {"role": "manager", "name": "", "boutique": "B"}],
    ids=["unknown-role", "no-name"],
)
def test_a_key_with_an_unknown_role_or_no_name_is_refused(holder: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        Settings(api_keys={"k-123abc": holder})


def test_a_key_with_whitespace_is_refused() -> None:
    with pytest.raises(ValidationError, match="blank or contains whitespace"):
        Settings(api_keys={"k 123": OWN_KEYS["k-8c1f0e7a2b"]})


@pytest.mark.slow  # a subprocess or a fresh Chroma: seconds
def test_serve_in_production_without_keys_exits_with_the_reason_before_loading_anything(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    env |= {"COPILOT_ENVIRONMENT": "production", "COPILOT_DATA_DIR": str(tmp_path), "COLUMNS": "300"}
    done = subprocess.run(
        [sys.executable, "-m", "copilot.cli", "serve", "--port", "0"],
        capture_output=True, text=True, cwd=tmp_path, env={**env, "PYTHONPATH": str(REPO)}, timeout=60,
    )
    assert done.returncode != 0
    message = " ".join(done.stderr.split())
    assert "COPILOT_ENVIRONMENT is production but COPILOT_API_KEYS still holds the development key(s)" in message
    assert "Traceback" not in done.stderr


def test_an_llm_composer_needs_its_endpoint_and_model() -> None:
    with pytest.raises(ValidationError, match="llm_base_url and llm_model"):
        Settings(llm_provider="openai", llm_model="house-model")
    assert Settings(llm_provider="ollama", llm_base_url="http://gpu-box:11434", llm_model="llama3.2").llm_provider == "ollama"


def test_retention_defaults_are_the_documented_ones() -> None:
    settings = Settings()
    kept = (settings.trace_retention_days, settings.feedback_retention_days, settings.approval_retention_days,
            settings.audit_retention_days, settings.report_retention_days)
    assert kept == (30, 365, 365, 2555, 365)
    assert settings.purge_interval_seconds == 86400


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"COPILOT_TRACE_RETENTION_DAYS": "0"}, "COPILOT_TRACE_RETENTION_DAYS is 0: give a whole number of days from 1 to 36500"),
        ({"COPILOT_FEEDBACK_RETENTION_DAYS": "-30"}, "COPILOT_FEEDBACK_RETENTION_DAYS is -30"),
        ({"COPILOT_AUDIT_RETENTION_DAYS": "255500"}, "COPILOT_AUDIT_RETENTION_DAYS is 255500"),
        ({"COPILOT_REPORT_RETENTION_DAYS": "1.5"}, "valid integer"),
        ({"COPILOT_APPROVAL_RETENTION_DAYS": "400", "COPILOT_AUDIT_RETENTION_DAYS": "365"},
         "COPILOT_APPROVAL_RETENTION_DAYS (400) is longer than COPILOT_AUDIT_RETENTION_DAYS (365)"),
        ({"COPILOT_PURGE_INTERVAL_SECONDS": "0"}, "purge_interval_seconds"),
        ({"COPILOT_PURGE_INTERVAL_SECONDS": "inf"}, "purge_interval_seconds"),
    ],
)
def test_nonsense_retention_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, given: dict[str, str], message: str
) -> None:
    for name, value in given.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=re.escape(message)):
        Settings()


def test_a_chroma_url_without_a_port_is_refused_with_an_example() -> None:
    with pytest.raises(ValueError, match=r"COPILOT_CHROMA_URL .*http://127\.0\.0\.1:8000"):
        Settings(chroma_url="chroma.internal")
    assert Settings(chroma_url="https://chroma.internal:8443/").chroma_location == "https://chroma.internal:8443"
    assert Settings(chroma_url="").chroma_location == Settings().chroma_dir
