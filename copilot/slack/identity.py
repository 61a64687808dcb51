"""Who is writing in Slack: a Slack user id resolved to the same `User` an API key gives, from
COPILOT_SLACK_USERS; anyone not listed is an associate of the default boutique and can never approve."""

from __future__ import annotations

from collections.abc import Mapping

from copilot.api.auth import User, owner_secret
from copilot.core.api_keys import ApiKey

UNLISTED_NAME = "Boutique associate"


class SlackUsers:
    def __init__(self, users: Mapping[str, ApiKey], default_boutique: str) -> None:
        if not default_boutique.strip():
            raise ValueError("default_boutique is empty: name the boutique unlisted Slack users sign notes from")
        self._users = dict(users)
        self._default_boutique = default_boutique

    def user(self, slack_user_id: str, display_name: str | None = None) -> User:
        """The user behind `slack_user_id`; an unlisted one signs with `display_name` (Slack's own) if given."""
        listed = self._users.get(slack_user_id)
        if listed is not None:
            return User(id=user_id(slack_user_id), name=listed.name, boutique=listed.boutique, role=listed.role,
                        secret=owner_secret(f"slack\x00{slack_user_id}"))
        name = (display_name or "").strip() or UNLISTED_NAME
        return User(id=user_id(slack_user_id), name=name, boutique=self._default_boutique, role="associate",
                    secret=owner_secret(f"slack\x00{slack_user_id}"))


def user_id(slack_user_id: str) -> str:
    """How a Slack user is recorded on approvals, feedback and in logs: `slack-` and their Slack id (not a secret)."""
    return f"slack-{slack_user_id}"
