"""The Slack app manifest in docs/ sends everything to the one URL the service mounts, declares the
command the bot answers, and asks for the scopes its calls need."""

from __future__ import annotations

from pathlib import Path

import yaml

from copilot.slack import EVENTS_PATH

MANIFEST = Path(__file__).resolve().parents[3] / "docs" / "slack_app_manifest.yaml"


def test_the_manifest_points_commands_events_and_interactivity_at_slack_events() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    settings = manifest["settings"]
    urls = [c["url"] for c in manifest["features"]["slash_commands"]]
    urls += [settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"]]
    assert all(url.startswith("https://") and url.endswith(EVENTS_PATH) for url in urls)
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/copilot"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    assert {"chat:write", "commands", "app_mentions:read", "im:history"} <= set(manifest["oauth_config"]["scopes"]["bot"])
