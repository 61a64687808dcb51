"""Slack's message text to plain text before a question enters the pipeline, so the redactor reads what
the associate typed: `<mailto:a@b.com|a@b.com>` -> `a@b.com`, `&lt;` -> `<`, the bot's own mention dropped."""

from __future__ import annotations

import html
import re

_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")
_SCHEMES = ("mailto:", "tel:")


def plain_text(text: str, bot_user_id: str | None = None) -> str:
    """What the associate typed, without the bot's mention and with Slack's link markup unwrapped."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    text = _LINK.sub(_unwrap, text)
    return " ".join(html.unescape(text).split())


def _unwrap(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith("@"):  # a colleague's mention stays as Slack wrote it
        return match.group(0)
    if label:
        return label
    for scheme in _SCHEMES:
        if target.startswith(scheme):
            return target[len(scheme):]
    return target
