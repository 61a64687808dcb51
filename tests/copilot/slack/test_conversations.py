"""Mentions answered in their thread, a thread as one conversation, DMs, Share in channel, thumbs as
the tablet's feedback, Slack's retries, and client details kept out of what others read and the logs."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from copilot.core.settings import Settings
from copilot.slack import blocks
from guardrails.feedback import FeedbackStore, default_url
from tests.copilot.slack.conftest import CLAIRE, SOPHIE, SlackSender, action_ids, blocks_text
from tests.support.fake_slack import FakeSlack

pytestmark = pytest.mark.slow


def _answer_to(slack: FakeSlack, event: dict, method: str = "chat.postMessage") -> dict:
    ts = event["event"]["ts"]
    return slack.wait_for(lambda c: c.method == method and c.payload.get("thread_ts") == ts, "no answer in the thread").payload


def test_a_mention_is_answered_in_its_thread_and_a_follow_up_there_continues_the_conversation(
    sender: SlackSender, slack: FakeSlack
) -> None:
    response, first = sender.mention("How much is AUR-RG-0001?")
    assert response.status_code == 200
    answer = _answer_to(slack, first)
    assert answer["channel"] == "C0FLOOR"
    assert "18,400" in blocks_text(answer) or "18400" in blocks_text(answer)
    assert action_ids(answer) == [blocks.THUMBS_UP, blocks.THUMBS_DOWN]  # already in the channel: no Share

    thread_ts = first["event"]["ts"]
    sender.mention("and what is its clarity?", thread_ts=thread_ts)
    follow_up = slack.wait_for(
        lambda c: c.method == "chat.postMessage" and c.payload.get("thread_ts") == thread_ts and c.payload is not answer,
        "no answer to the follow-up",
    )
    follow_ups = [c for c in slack.of("chat.postMessage") if c.payload.get("thread_ts") == thread_ts]
    assert len(follow_ups) == 2
    assert "VS1" in blocks_text(follow_ups[1].payload)
    assert "0001" in blocks_text(follow_up.payload)

    # The same words in a new thread have no piece to refer back to.
    _, elsewhere = sender.mention("and what is its clarity?")
    assert "0001" not in blocks_text(_answer_to(slack, elsewhere))


def test_a_direct_message_is_answered_in_its_thread(sender: SlackSender, slack: FakeSlack) -> None:
    response, dm = sender.direct_message("Can a Celeste ring be resized?")
    assert response.status_code == 200
    answer = _answer_to(slack, dm)
    assert answer["channel"] == "D0CLAIRE"
    assert "resized up to two sizes" in blocks_text(answer)
    time.sleep(0.5)
    assert len(slack.of("chat.postMessage")) == 1  # the bot's own reply is no new question


def test_share_posts_the_same_answer_in_channel_saying_who_shared_it(sender: SlackSender, slack: FakeSlack) -> None:
    _, response_url = sender.command("Can a Celeste ring be resized?")
    answer = slack.wait_for(lambda c: c.path.endswith(response_url.rsplit("/", 1)[1]), "no answer").payload
    trace_id = answer["blocks"][-1]["elements"][0]["value"]

    response, share_url = sender.click(blocks.SHARE, trace_id, CLAIRE)
    assert response.status_code == 200
    shared = slack.wait_for(lambda c: c.path.endswith(share_url.rsplit("/", 1)[1]), "nothing shared").payload
    assert shared["response_type"] == "in_channel"
    assert shared["replace_original"] is False
    assert shared["blocks"][0]["elements"][0]["text"] == f"Shared by <@{CLAIRE}>"
    assert "resized up to two sizes" in blocks_text(shared)
    assert "*[1]* Client Service Policy · Resizing" in blocks_text(shared)
    assert action_ids(shared) == []

    _, too_old = sender.click(blocks.SHARE, "0" * 32, CLAIRE)
    refused = slack.wait_for(lambda c: c.path.endswith(too_old.rsplit("/", 1)[1]), "no reply to an unknown answer").payload
    assert refused["response_type"] == "ephemeral" and "ask again" in refused["text"]


def test_thumbs_are_recorded_on_the_answers_trace_in_the_tablets_feedback_store(
    sender: SlackSender, slack: FakeSlack, slack_service: tuple[str, Settings]
) -> None:
    _, response_url = sender.command("Can a Celeste ring be resized?")
    answer = slack.wait_for(lambda c: c.path.endswith(response_url.rsplit("/", 1)[1]), "no answer").payload
    trace_id = answer["blocks"][-1]["elements"][0]["value"]

    sender.click(blocks.THUMBS_DOWN, trace_id, CLAIRE)
    _, thanks_url = sender.click(blocks.THUMBS_UP, trace_id, CLAIRE)  # a changed mind replaces the vote
    sender.click(blocks.THUMBS_UP, trace_id, SOPHIE)
    thanks = slack.wait_for(lambda c: c.path.endswith(thanks_url.rsplit("/", 1)[1]), "no thanks").payload
    assert thanks["response_type"] == "ephemeral" and "recorded" in thanks["text"]

    store = FeedbackStore.at_url(default_url(slack_service[1].data_dir), redact=lambda text: text)
    deadline = time.monotonic() + 10
    while len(store.for_trace(trace_id)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    votes = {(f.user_id, f.kind.value, f.value) for f in store.for_trace(trace_id)}
    assert votes == {(f"slack-{CLAIRE}", "rating", "up"), (f"slack-{SOPHIE}", "rating", "up")}


def test_a_retried_event_is_answered_once(sender: SlackSender, slack: FakeSlack) -> None:
    response, event = sender.mention("Can a Celeste ring be resized?")
    assert response.status_code == 200
    _answer_to(slack, event)
    for n in (1, 2):
        retry = sender.post(json.dumps(event), "application/json",
                            headers={"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_timeout"})
        assert retry.status_code == 200
    time.sleep(1.5)
    assert len([c for c in slack.of("chat.postMessage") if c.payload.get("thread_ts") == event["event"]["ts"]]) == 1


def test_pii_in_a_question_is_redacted_for_others_and_never_logged(
    sender: SlackSender, slack: FakeSlack, server_log: Path
) -> None:
    question = "Draft a follow-up note to Mrs. Genevieve Whitcombe (genevieve.whitcombe@example.com) about the price of AUR-RG-0002"
    response, event = sender.mention(question.replace("genevieve.whitcombe@example.com",
                                                      "<mailto:genevieve.whitcombe@example.com|genevieve.whitcombe@example.com>"))
    assert response.status_code == 200
    thread_reply = _answer_to(slack, event)
    held = slack.wait_for(lambda c: c.method == "chat.postMessage" and c.payload["channel"] == "C0APPROVALS",
                          "the draft did not reach the approvals channel").payload
    for seen_by_others in (thread_reply, held):
        text = json.dumps(seen_by_others)
        assert "Whitcombe" not in text and "genevieve" not in text.lower()
        assert "&lt;PERSON_1&gt;" in text or "&lt;PERSON" in text
    assert "AUR-RG-0002" in json.dumps(held)  # a product fact is never redacted
    log = server_log.read_text(encoding="utf-8")
    assert "Whitcombe" not in log and "example.com" not in log and "Draft a follow-up" not in log
    assert "ask channel=slack" in log
