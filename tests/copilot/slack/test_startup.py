"""Without Slack settings the service starts without the bot, says so once, and has no /slack/events;
with them, start-up makes no call to Slack, Slack's URL check is answered, and a question asked while
the copilot is still loading is told so."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr, ValidationError
from websockets.sync.server import ServerConnection, serve

from copilot.api.app import create_app
from copilot.api.deps import LOADING
from copilot.ask.pipeline import Copilot
from copilot.core.errors import CopilotError
from copilot.core.settings import Settings
from tests.copilot.slack.conftest import SlackSender, slack_settings
from tests.support.fake_slack import FakeSlack, fake_slack
from tests.support.server import live_server, wait_until


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


@pytest.fixture
def loading_service(slack_service: tuple[str, Settings]) -> Iterator[tuple[str, FakeSlack]]:
    """A service with the bot whose copilot never finishes loading while the test runs; its data dir
    is whole (the session's ingested one), so it is loading, not refusing a damaged index."""
    release = threading.Event()

    def still_loading(_settings: Settings) -> Copilot:
        release.wait()
        raise CopilotError("stopped before it was built")

    with fake_slack() as slack:
        app = create_app(slack_settings(slack_service[1], slack), copilot_factory=still_loading)
        with live_server(app, ready=False) as url:
            yield url, slack
        release.set()


def test_slacks_url_check_is_answered_with_its_challenge(loading_service: tuple[str, FakeSlack]) -> None:
    url, slack = loading_service
    body = json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"})
    response = SlackSender(url, slack).post(body, "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


def test_a_question_while_the_copilot_loads_is_acknowledged_and_told_to_retry(
    loading_service: tuple[str, FakeSlack],
) -> None:
    url, slack = loading_service
    response, response_url = SlackSender(url, slack).command("Can a Celeste ring be resized?")
    assert response.status_code == 200
    told = slack.wait_for(lambda c: c.path.endswith(response_url.rsplit("/", 1)[1]), "nothing said while loading").payload
    assert told["response_type"] == "ephemeral" and told["text"] == LOADING


@pytest.mark.slow
def test_over_socket_mode_a_command_is_acknowledged_on_the_socket_and_answered(slack_service: tuple[str, Settings]) -> None:
    """Slack's Socket Mode protocol on a local WebSocket: hello, then a slash-command envelope; the bot
    acknowledges it by envelope id and answers on the response_url (here: still loading)."""
    release = threading.Event()

    def still_loading(_settings: Settings) -> Copilot:
        release.wait()
        raise CopilotError("stopped before it was built")

    received: list[dict] = []
    with fake_slack() as slack:
        response_url = slack.response_url("socket-1")
        envelope = {
            "envelope_id": "e0a1b2c3-socket", "type": "slash_commands", "accepts_response_payload": True,
            "payload": {"team_id": "T0MAISON", "channel_id": "C0FLOOR", "user_id": "U0CLAIRE", "user_name": "claire",
                        "command": "/copilot", "text": "Can a Celeste ring be resized?", "api_app_id": "A0COPILOT",
                        "response_url": response_url, "trigger_id": "1.2.socket"},
        }

        def session(ws: ServerConnection) -> None:
            ws.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0COPILOT"}}))
            ws.send(json.dumps(envelope))
            for message in ws:
                received.append(json.loads(message))

        with serve(session, "127.0.0.1", 0) as socket_server:
            threading.Thread(target=socket_server.serve_forever, daemon=True).start()
            slack.socket_url = f"ws://127.0.0.1:{socket_server.socket.getsockname()[1]}/link"
            settings = slack_settings(slack_service[1], slack).model_copy(
                update={"slack_socket_mode": True, "slack_app_token": SecretStr("xapp-test-token")})
            with live_server(create_app(settings, copilot_factory=still_loading), ready=False):
                told = slack.wait_for(lambda c: c.method == "response_url", "no answer over Socket Mode").payload
                assert told["text"] == LOADING
                # The acknowledgement travels on the socket, the answer over HTTP: either may arrive first.
                wait_until(lambda: any(r.get("envelope_id") == envelope["envelope_id"] for r in received),
                           "the command was not acknowledged on the socket", timeout=10)
                opened = slack.of("apps.connections.open")
                assert len(opened) == 1
            release.set()
            socket_server.shutdown()
