"""Without Slack settings the service starts without the bot, says so once, and has no /slack/events;
with them, start-up makes no call to Slack."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from copilot.api.app import create_app
from copilot.settings import Settings
from tests.copilot.conftest import live_server
from tests.copilot.slack.conftest import slack_settings
from tests.copilot.slack.fake_slack import fake_slack


def test_without_slack_settings_the_service_runs_without_the_bot_and_says_so_once(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with live_server(create_app(Settings(data_dir=tmp_path / "data")), ready=False, log_file=log) as url:
        assert httpx.post(f"{url}/slack/events", content=b"{}").status_code == 404
        assert httpx.get(f"{url}/healthz").status_code == 200
    assert log.read_text(encoding="utf-8").count("Slack bot off: set COPILOT_SLACK_SIGNING_SECRET") == 1


def test_with_slack_settings_starting_calls_nothing_at_slack(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with fake_slack() as slack:
        settings = slack_settings(Settings(data_dir=tmp_path / "data"), slack)
        with live_server(create_app(settings), ready=False, log_file=log) as url:
            assert httpx.get(f"{url}/healthz").status_code == 200
        assert slack.calls == []
    assert "Slack bot on at /slack/events" in log.read_text(encoding="utf-8")


def test_half_the_slack_settings_is_refused_with_what_to_add(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="set COPILOT_SLACK_BOT_TOKEN too"):
        Settings(data_dir=tmp_path, slack_signing_secret=SecretStr("secret"))
