"""The Slack bot for staff: `/copilot <question>`, mentions and DMs answered with the tablet's pipeline,
citations and guardrails, feedback and client-note approvals in Slack. See docs/slack.md.

`install(app, settings)` mounts the bot at POST /slack/events when the Slack settings are there;
`start(app)` and `stop(app)` run in the app's lifespan (with no bot, `start` says once that it is off).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

from copilot.core.settings import Settings

if TYPE_CHECKING:
    from copilot.slack.bot import SlackBot

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def install(app: FastAPI, settings: Settings) -> None:
    app.state.slack_bot = None
    if not settings.slack_enabled:
        return
    # Imported here, not at the top: `copilot purge` reads copilot.slack.placements without the whole pipeline.
    from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response

    from copilot.slack.bot import SlackBot

    bot = SlackBot(settings, app.state)
    router = APIRouter()

    @router.post(EVENTS_PATH, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        # Bolt's FastAPI adapter, with the dispatch moved off the event loop: bolt waits for the listener's
        # ack() by polling, and its first request calls auth.test, neither of which may stall other routes.
        bolt_request = to_bolt_request(request, await request.body())
        return to_starlette_response(await run_in_threadpool(bot.app.dispatch, bolt_request))

    app.include_router(router)
    app.state.slack_bot = bot


def start(app: FastAPI) -> None:
    """Logged here rather than in `install`: the server's logging is set up by now."""
    bot: SlackBot | None = app.state.slack_bot
    if bot is None:
        logger.info(
            "Slack bot off: set COPILOT_SLACK_SIGNING_SECRET and COPILOT_SLACK_BOT_TOKEN to answer in Slack (docs/slack.md)"
        )
        return
    bot.start()
    logger.info("Slack bot on at %s%s", EVENTS_PATH, " and over Socket Mode" if app.state.settings.slack_socket_mode else "")


def stop(app: FastAPI) -> None:
    bot: SlackBot | None = app.state.slack_bot
    if bot is not None:
        bot.stop()
