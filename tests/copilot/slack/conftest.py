"""The Slack bot under test: the real service (real model, index, presidio, approval queue) served by
uvicorn on a free port with its Slack settings pointed at a local stand-in for Slack, and a sender that
posts requests to /slack/events signed exactly as Slack signs them."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from pydantic import SecretStr

from copilot.api.app import create_app
from copilot.ask.pipeline import Copilot
from copilot.core.api_keys import ApiKey
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from tests.support.fake_slack import BOT_USER_ID, TEAM_ID, FakeSlack, fake_slack, sign
from tests.support.server import ingest_small_corpus, live_server

SIGNING_SECRET = "test-signing-secret-4be1f09c"
APPROVALS_CHANNEL = "C0APPROVALS"
CLAIRE = "U0CLAIRE"  # associate, Place Vendome
SOPHIE = "U0SOPHIE"  # manager
HUGO = "U0HUGO"  # not in COPILOT_SLACK_USERS
SLACK_USERS = {
    CLAIRE: ApiKey(role="associate", name="Claire Martin", boutique="Place Vendome"),
    SOPHIE: ApiKey(role="manager", name="Sophie Renard", boutique="Place Vendome"),
}


def slack_settings(settings: Settings, slack: FakeSlack, **more: Any) -> Settings:
    return settings.model_copy(update={
        "slack_signing_secret": SecretStr(SIGNING_SECRET),
        "slack_bot_token": SecretStr("xoxb-test-token"),
        "slack_api_url": f"{slack.url}/api/",
        "slack_approvals_channel": APPROVALS_CHANNEL,
        "slack_users": SLACK_USERS,
        "slack_sync_seconds": 0.2,
        **more,
    })


class SlackSender:
    """Builds Slack's three kinds of request (slash command, Events API, interactivity) and posts them."""

    _ids = itertools.count(1)  # one count for the session: Slack never sends two requests with the same ids

    def __init__(self, base_url: str, slack: FakeSlack, secret: str = SIGNING_SECRET) -> None:
        self.url = f"{base_url}/slack/events"
        self.slack = slack
        self.secret = secret

    def post(self, body: str, content_type: str, *, timestamp: int | None = None, secret: str | None = None,
             headers: dict[str, str] | None = None) -> httpx.Response:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sent = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": sign(secret or self.secret, ts, body),
            **(headers or {}),
        }
        return httpx.post(self.url, content=body.encode(), headers=sent, timeout=30)

    def command(self, text: str, user: str = CLAIRE, channel: str = "C0FLOOR", **kw: Any) -> tuple[httpx.Response, str]:
        n = next(self._ids)
        response_url = self.slack.response_url(f"command-{n}")
        form = {
            "token": "legacy-verification-token", "team_id": TEAM_ID, "team_domain": "maison-aurelle",
            "channel_id": channel, "channel_name": "boutique-floor", "user_id": user, "user_name": user.lower(),
            "command": "/copilot", "text": text, "api_app_id": "A0COPILOT", "is_enterprise_install": "false",
            "response_url": response_url, "trigger_id": f"{n}.1767225600.{n:032x}",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded", **kw), response_url

    def event(self, event: dict[str, Any], event_id: str | None = None, **kw: Any) -> tuple[httpx.Response, dict[str, Any]]:
        body = {
            "token": "legacy-verification-token", "team_id": TEAM_ID, "api_app_id": "A0COPILOT",
            "event": event, "type": "event_callback", "event_id": event_id or f"Ev{next(self._ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True, "is_enterprise_install": False}],
        }
        return self.post(json.dumps(body), "application/json", **kw), body

    def mention(self, text: str, user: str = CLAIRE, channel: str = "C0FLOOR", thread_ts: str | None = None,
                **kw: Any) -> tuple[httpx.Response, dict[str, Any]]:
        ts = f"1767225700.{next(self._ids):06d}"
        event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "ts": ts, "channel": channel,
                 "event_ts": ts, **({"thread_ts": thread_ts} if thread_ts else {})}
        return self.event(event, **kw)

    def direct_message(self, text: str, user: str = CLAIRE, channel: str = "D0CLAIRE",
                       thread_ts: str | None = None) -> tuple[httpx.Response, dict[str, Any]]:
        ts = f"1767225800.{next(self._ids):06d}"
        event = {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts, "channel": channel,
                 "event_ts": ts, **({"thread_ts": thread_ts} if thread_ts else {})}
        return self.event(event)

    def click(self, action_id: str, value: str, user: str, channel: str = "C0FLOOR", *,
              ephemeral: bool = True) -> tuple[httpx.Response, str]:
        n = next(self._ids)
        response_url = self.slack.response_url(f"action-{n}")
        payload = {
            "type": "block_actions", "team": {"id": TEAM_ID, "domain": "maison-aurelle"},
            "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID}, "api_app_id": "A0COPILOT",
            "token": "legacy-verification-token", "trigger_id": f"{n}.1767225900.{n:032x}",
            "container": {"type": "message", "message_ts": "1767225600.000001", "channel_id": channel, "is_ephemeral": ephemeral},
            "channel": {"id": channel, "name": "boutique-floor"}, "response_url": response_url,
            "actions": [{"action_id": action_id, "block_id": "actions", "value": value, "type": "button",
                         "action_ts": f"1767225900.{n:06d}", "text": {"type": "plain_text", "text": action_id}}],
        }
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"), response_url

    def submit(self, view: dict[str, Any], values: dict[str, str | None], user: str) -> httpx.Response:
        """Submit a modal the bot opened (`view` as views.open received it), with these inputs typed in."""
        n = next(self._ids)
        state = {block: {block: {"type": "plain_text_input", "value": value}} for block, value in values.items()}
        payload = {
            "type": "view_submission", "team": {"id": TEAM_ID, "domain": "maison-aurelle"},
            "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID}, "api_app_id": "A0COPILOT",
            "token": "legacy-verification-token", "trigger_id": f"{n}.1767226000.{n:032x}",
            "view": {**view, "id": "V0MODAL", "team_id": TEAM_ID, "state": {"values": state}},
            "response_urls": [],
        }
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


@pytest.fixture(scope="session")
def stand_in() -> Iterator[FakeSlack]:
    with fake_slack() as slack:
        yield slack


@pytest.fixture(scope="session")
def slack_service(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, factory: Callable[[Settings], Copilot], stand_in: FakeSlack
) -> Iterator[tuple[str, Settings]]:
    settings = slack_settings(ingest_small_corpus(tmp_path_factory.mktemp("slack"), embedder), stand_in)
    with live_server(create_app(settings, copilot_factory=factory), log_file=settings.data_dir / "server.log") as url:
        yield url, settings


@pytest.fixture
def slack(stand_in: FakeSlack) -> FakeSlack:
    """The stand-in, its record emptied for this test."""
    stand_in.calls.clear()
    return stand_in


@pytest.fixture
def sender(slack_service: tuple[str, Settings], slack: FakeSlack) -> SlackSender:
    return SlackSender(slack_service[0], slack)


def blocks_text(payload: dict[str, Any]) -> str:
    """Every text of a message's or a modal's blocks, joined: what a reader sees."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(payload.get("blocks", []))
    return "\n".join(out)


def action_ids(payload: dict[str, Any]) -> list[str]:
    return [e["action_id"] for b in payload.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


@pytest.fixture
def server_log(slack_service: tuple[str, Settings]) -> Path:
    return slack_service[1].data_dir / "server.log"
