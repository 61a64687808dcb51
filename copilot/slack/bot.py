"""The Slack bot: a slack-bolt app whose listeners call the service's own pipeline, approval queue and
feedback store, so an answer, a held note or a thumbs in Slack is the same record as on the tablet.

Bolt verifies every request's signature and timestamp before any listener runs (401 otherwise), and
acknowledges before the answer is computed: listeners call `ack()` first and then work in bolt's
thread pool, well inside Slack's 3 seconds whatever the question costs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from starlette.datastructures import State

from copilot.api.auth import User
from copilot.api.deps import LOADING
from copilot.ask.pipeline import Copilot
from copilot.core.errors import ConflictError, InputError, NotFoundError
from copilot.core.settings import Settings
from copilot.core.types import AskResult
from copilot.slack import blocks
from copilot.slack.identity import SlackUsers, user_id
from copilot.slack.memory import Answers, Deliveries
from copilot.slack.placements import Placement, Placements, default_url
from copilot.slack.slack_text import plain_text
from copilot.web.api import feedback_store_for
from guardrails.approvals import Approval, Status

logger = logging.getLogger(__name__)

HELP = "Ask a question after the command, e.g. /copilot Can a Celeste ring be resized?"
MANAGERS_ONLY = "Only managers can approve, edit or reject client notes: ask your boutique manager."
FAILED = "Something went wrong while answering; nothing was recorded. Please try again in a moment."
TOO_OLD = "This answer is no longer held by the copilot (answers are kept an hour): ask again to share it."

Reply = Callable[[dict[str, Any]], object]


class SlackBot:
    """Build once per app; `state` is the FastAPI app's state, whose `copilot` is set once loaded."""

    def __init__(self, settings: Settings, state: State, client: WebClient | None = None) -> None:
        if not settings.slack_enabled:
            raise ValueError("the Slack bot needs COPILOT_SLACK_SIGNING_SECRET and COPILOT_SLACK_BOT_TOKEN")
        assert settings.slack_signing_secret is not None and settings.slack_bot_token is not None
        self._settings = settings
        self._state = state
        self._users = SlackUsers(settings.slack_users, settings.slack_default_boutique)
        self._deliveries = Deliveries()
        self._answers = Answers(ttl_seconds=settings.conversation_ttl_seconds)
        self._placements = Placements(default_url(settings.data_dir))
        self._approvals_channel = settings.slack_approvals_channel
        framework_logger = _quiet_logger("copilot.slack.framework")
        self.client = client or WebClient(
            token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url, logger=framework_logger
        )
        self.app = App(
            signing_secret=settings.slack_signing_secret.get_secret_value(),
            client=self.client,
            token_verification_enabled=False,  # no auth.test at start-up: the service starts offline
            logger=framework_logger,
        )
        self._register(self.app)
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._socket: Any = None

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Carry tablet decisions to Slack from now on, and connect over Socket Mode if so configured."""
        self._watcher = threading.Thread(target=self._watch_decisions, name="slack-approvals", daemon=True)
        self._watcher.start()
        if self._settings.slack_socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            assert self._settings.slack_app_token is not None
            self._socket = SocketModeHandler(self.app, self._settings.slack_app_token.get_secret_value(),
                                             logger=_quiet_logger("copilot.slack.socket"), web_client=self.client)
            self._socket.connect()

    def stop(self) -> None:
        self._stop.set()
        if self._socket is not None:
            self._socket.close()
        if self._watcher is not None:
            self._watcher.join(timeout=5)

    def _watch_decisions(self) -> None:
        while not self._stop.wait(self._settings.slack_sync_seconds):
            try:
                for approval_id in self._placements.unannounced():
                    self.announce_decision(approval_id)
            except Exception as exc:  # keep watching: the next round retries
                logger.error("slack approvals watcher: %s", type(exc).__name__)

    # -- listeners ---------------------------------------------------------------------------------

    def _register(self, app: App) -> None:
        app.use(self._once)
        app.command("/copilot")(self._on_command)
        app.event("app_mention")(self._on_mention)
        app.event("message", matchers=[_is_direct_message])(self._on_direct_message)
        app.event("message")(_ignore)  # channel chatter the bot may see: nothing to do
        app.action(blocks.SHARE)(self._on_share)
        app.action(blocks.THUMBS_UP)(self._on_thumbs)
        app.action(blocks.THUMBS_DOWN)(self._on_thumbs)
        app.action(blocks.APPROVE)(self._on_approve)
        app.action(blocks.EDIT)(self._on_open_modal)
        app.action(blocks.REJECT)(self._on_open_modal)
        app.view(blocks.EDIT_VIEW)(self._on_modal_submitted)
        app.view(blocks.REJECT_VIEW)(self._on_modal_submitted)

    def _once(self, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        """A retried delivery (or any copy of one already handled) is acknowledged and does nothing."""
        if not self._deliveries.first_time(req.body, req.raw_body):
            logger.info("slack delivery already handled (retry %s): ignored", req.headers.get("x-slack-retry-num", ["-"])[0])
            return BoltResponse(status=200, body="")
        return next()

    def _on_command(self, ack: Callable[..., None], body: dict[str, Any], respond: Callable[..., Any]) -> None:
        ack()
        question = plain_text(body.get("text") or "")
        reply = _only_to_them(respond)
        if not question:
            reply(blocks.notice(HELP))
            return
        user = self._users.user(body["user_id"], body.get("user_name"))
        result = self._ask(question, None, user, reply)
        if result is None:
            return
        reply(blocks.answer_message(result, result.display_answer, self._contact(), share=True))
        if result.requires_approval and result.approval_id is not None:
            self._hold(result.approval_id, body["user_id"], body["channel_id"], None, private=False)

    def _on_mention(self, event: dict[str, Any], context: dict[str, Any]) -> None:
        self._answer_in_thread(event, context, private=False)

    def _on_direct_message(self, event: dict[str, Any], context: dict[str, Any]) -> None:
        self._answer_in_thread(event, context, private=True)

    def _answer_in_thread(self, event: dict[str, Any], context: dict[str, Any], *, private: bool) -> None:
        """A mention or a DM is answered in its thread, and the thread is one conversation: a follow-up
        there refers back to the piece the thread is about. In a channel everyone reads the answer, so
        client details stay placeholders; in a DM only the asker does."""
        channel, thread_ts = event["channel"], event.get("thread_ts") or event["ts"]

        def reply(message: dict[str, Any]) -> None:
            self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)

        question = plain_text(event.get("text") or "", context.get("bot_user_id"))
        if not question:
            reply(blocks.notice(HELP.replace("/copilot", "@copilot")))
            return
        user = self._users.user(event["user"])
        result = self._ask(question, conversation_id(channel, thread_ts), user, reply)
        if result is None:
            return
        reply(blocks.answer_message(result, result.display_answer if private else result.answer, self._contact()))
        if result.requires_approval and result.approval_id is not None:
            self._hold(result.approval_id, event["user"], channel, thread_ts, private=private)

    def _on_share(self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], respond: Callable[..., Any]) -> None:
        ack()
        result = self._answers.get(action["value"])
        if result is None:
            _only_to_them(respond)(blocks.notice(TOO_OLD))
            return
        # The channel reads it, so client details stay placeholders, as in any message others see.
        message = blocks.answer_message(result, result.answer, self._contact(), rate=False, shared_by=body["user"]["id"])
        respond(response_type="in_channel", replace_original=False, **message)
        logger.info("slack share trace_id=%s user=%s", result.trace_id, user_id(body["user"]["id"]))

    def _on_thumbs(self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], respond: Callable[..., Any]) -> None:
        ack()
        copilot = self._copilot(_only_to_them(respond))
        if copilot is None:
            return
        value = "up" if action["action_id"] == blocks.THUMBS_UP else "down"
        saved = feedback_store_for(self._state, copilot).record(
            trace_id=action["value"], user_id=user_id(body["user"]["id"]), kind="rating", value=value
        )
        logger.info("feedback trace_id=%s user=%s kind=rating value=%s channel=slack", saved.trace_id, saved.user_id, value)
        thanks = "Thanks: your :thumbsup: is recorded." if value == "up" else "Thanks: your :thumbsdown: is recorded."
        _only_to_them(respond)({"text": thanks})

    def _on_approve(self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], respond: Callable[..., Any]) -> None:
        ack()
        tell = _only_to_them(respond)
        manager, copilot = self._manager(body, tell), self._copilot(tell)
        if manager is None or copilot is None:
            return
        approval_id = int(action["value"])
        try:
            copilot.approvals.approve(approval_id, manager.name)
        except (ConflictError, NotFoundError) as exc:
            tell(blocks.notice(str(exc)))
        else:
            logger.info("approval id=%s status=approved manager=%s channel=slack", approval_id, manager.id)
        self.announce_decision(approval_id)

    def _on_open_modal(self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], respond: Callable[..., Any]) -> None:
        ack()
        tell = _only_to_them(respond)
        manager, copilot = self._manager(body, tell), self._copilot(tell)
        if manager is None or copilot is None:
            return
        try:
            approval = copilot.approvals.get(int(action["value"]))
        except NotFoundError as exc:
            tell(blocks.notice(str(exc)))
            return
        if approval.status is not Status.PENDING:
            tell(blocks.notice(_already_decided(approval)))
            self.announce_decision(approval.id)
            return
        modal = blocks.edit_modal(approval) if action["action_id"] == blocks.EDIT else blocks.reject_modal(approval)
        self.client.views_open(trigger_id=body["trigger_id"], view=modal)

    def _on_modal_submitted(self, ack: Callable[..., None], body: dict[str, Any], view: dict[str, Any]) -> None:
        """The decision is written before the modal closes, so a refusal (a second decision, an unchanged
        text) is shown in the modal itself."""
        values = view["state"]["values"]
        field = blocks.TEXT_BLOCK if view["callback_id"] == blocks.EDIT_VIEW else blocks.REASON_BLOCK

        def refuse(message: str) -> None:
            ack(response_action="errors", errors={field: message[:2000]})

        manager = self._users.user(body["user"]["id"])
        copilot = self._state.copilot
        if not manager.is_manager:
            refuse(MANAGERS_ONLY)
            return
        if copilot is None:
            refuse(self._state.copilot_error or LOADING)
            return
        approval_id = int(json.loads(view["private_metadata"])["approval_id"])
        reason = _input(values, blocks.REASON_BLOCK)
        try:
            if view["callback_id"] == blocks.EDIT_VIEW:
                decided = copilot.approvals.edit(approval_id, manager.name, _input(values, blocks.TEXT_BLOCK) or "", reason)
            else:
                decided = copilot.approvals.reject(approval_id, manager.name, reason or "")
        except (ConflictError, InputError, NotFoundError) as exc:
            refuse(str(exc))
            return
        ack()
        logger.info("approval id=%s status=%s manager=%s channel=slack", decided.id, decided.status.value, manager.id)
        self.announce_decision(approval_id)

    # -- the pipeline, the queue and what goes back to Slack -----------------------------------------

    def _ask(self, question: str, conversation: str | None, user: User, reply: Reply) -> AskResult | None:
        copilot = self._copilot(reply)
        if copilot is None:
            return None
        try:
            result = copilot.ask(question, conversation, asker=user.as_asker())
        except InputError as exc:  # empty, too long: the message says what to change and never quotes the question
            reply(blocks.notice(str(exc)))
            return None
        except Exception as exc:
            logger.error("slack ask failed: %s", type(exc).__name__)
            reply(blocks.notice(FAILED))
            return None
        self._state.metrics.observe_ask(result)
        self._answers.keep(result)
        # As the API logs a question: ids, flags and counts, never the question, the answer or the payload.
        logger.info(
            "ask channel=slack trace_id=%s conversation_id=%s asker=%s refused=%s citations=%d requires_approval=%s "
            "approval_id=%s total_ms=%s",
            result.trace_id, result.conversation_id, user.id, result.refused, len(result.citations),
            result.requires_approval, result.approval_id, result.timings_ms.get("total"),
        )
        return result

    def _hold(self, approval_id: int, asker: str, channel: str, thread_ts: str | None, *, private: bool) -> None:
        """Remember where the asker is waiting, and post the draft where managers decide."""
        self._placements.add(approval_id, asker, channel, thread_ts, private)
        copilot = self._state.copilot
        if self._approvals_channel is None or copilot is None:
            return
        approval = copilot.approvals.get(approval_id)
        try:
            posted = self.client.chat_postMessage(channel=self._approvals_channel, **blocks.approval_message(approval, asker))
        except SlackApiError as exc:  # the draft still waits on the tablet's approvals page
            logger.error("slack could not post approval %s: %s", approval_id, exc.response.get("error"))
            return
        self._placements.posted(approval_id, str(posted["channel"]), str(posted["ts"]))

    def announce_decision(self, approval_id: int) -> None:
        """Once a draft is decided, wherever that was (a Slack button or the tablet): its message in the
        approvals channel shows the decision and the asker is told, exactly once."""
        copilot = self._state.copilot
        placement = self._placements.get(approval_id)
        if copilot is None or placement is None:
            return
        approval = copilot.approvals.get(approval_id)
        if approval.status is Status.PENDING or not self._placements.claim_announcement(approval_id):
            return
        try:
            if placement.message_channel and placement.message_ts:
                message = blocks.approval_message(approval, placement.asker)
                self.client.chat_update(channel=placement.message_channel, ts=placement.message_ts, **message)
            self._tell_asker(copilot, approval, placement)
        except SlackApiError as exc:
            logger.error("slack could not carry decision of approval %s: %s", approval_id, exc.response.get("error"))

    def _tell_asker(self, copilot: Copilot, approval: Approval, placement: Placement) -> None:
        # The client's details come back only for the asker's eyes, and only while their conversation's
        # vault lives; everyone else reads placeholders.
        asker = self._users.user(placement.asker).as_asker()
        restored = copilot.display_draft(approval.trace_id, approval.text, approval.draft, asker)
        private_text = restored or approval.text
        if placement.thread_ts is None:  # a slash command: no thread, so the app's DM with the asker
            self.client.chat_postMessage(channel=placement.asker, **blocks.outcome_message(approval, private_text))
        elif placement.private:
            self.client.chat_postMessage(channel=placement.channel, thread_ts=placement.thread_ts,
                                         **blocks.outcome_message(approval, private_text))
        else:
            self.client.chat_postMessage(channel=placement.channel, thread_ts=placement.thread_ts,
                                         **blocks.outcome_message(approval, approval.text))
            if restored and restored != approval.text and approval.status is not Status.REJECTED:
                self.client.chat_postEphemeral(channel=placement.channel, user=placement.asker,
                                               thread_ts=placement.thread_ts, **blocks.outcome_message(approval, restored))

    def _copilot(self, reply: Reply) -> Copilot | None:
        copilot = self._state.copilot
        if copilot is None:
            reply(blocks.notice(self._state.copilot_error or LOADING))
        return copilot

    def _manager(self, body: dict[str, Any], reply: Reply) -> User | None:
        user = self._users.user(body["user"]["id"])
        if not user.is_manager:
            reply(blocks.notice(MANAGERS_ONLY))
            return None
        return user

    def _contact(self) -> str:
        return self._settings.refusal_contact


def _only_to_them(respond: Callable[..., Any]) -> Reply:
    """Reply through the request's response_url, seen by the person who asked or clicked alone."""
    return lambda message: respond(response_type="ephemeral", replace_original=False, **message)


def conversation_id(channel: str, thread_ts: str) -> str:
    """One conversation per Slack thread: the same id for every message of the thread, and no other."""
    return hashlib.sha256(f"slack:{channel}:{thread_ts}".encode()).hexdigest()[:32]


def _is_direct_message(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im" and not event.get("subtype") and not event.get("bot_id")


def _ignore() -> None:
    return None


def _input(values: dict[str, Any], block_id: str) -> str | None:
    value = values.get(block_id, {}).get(block_id, {}).get("value")
    return value if value and value.strip() else None


def _already_decided(approval: Approval) -> str:
    when = approval.decided_at.strftime("%Y-%m-%d %H:%M:%S UTC") if approval.decided_at else "an unknown time"
    return f"Draft {approval.id} was already {approval.status.value} by {approval.decided_by} at {when}."


class _NoPayloads(logging.Filter):
    """Bolt's and the SDK's own messages can quote a request body (an unhandled request, a failed call):
    they keep their level and logger, never their text."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = f"slack {record.levelname.lower()} in {record.module}.{record.funcName} (details withheld: they may quote a client)"
        record.args = ()
        if record.exc_info and record.exc_info[0] is not None:
            record.msg += f": {record.exc_info[0].__name__}"
        record.exc_info = None
        record.exc_text = None
        return True


def _quiet_logger(name: str) -> logging.Logger:
    quiet = logging.getLogger(name)
    quiet.setLevel(logging.WARNING)  # bolt and the SDK check the level before building a debug line
    if not any(isinstance(f, _NoPayloads) for f in quiet.filters):
        quiet.addFilter(_NoPayloads())
    return quiet
