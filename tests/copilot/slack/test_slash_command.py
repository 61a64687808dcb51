"""`/copilot <question>` through the mounted /slack/events of a running service: acknowledged at once,
answered ephemerally in Block Kit via the response_url; bad or stale signatures do nothing."""

from __future__ import annotations

import time

import pytest

from copilot.slack import blocks
from tests.copilot.slack.conftest import HUGO, SlackSender, action_ids, blocks_text
from tests.support.fake_slack import FakeSlack

pytestmark = pytest.mark.slow


def test_slash_command_is_acknowledged_then_answered_ephemerally_with_its_citations(
    sender: SlackSender, slack: FakeSlack
) -> None:
    started = time.monotonic()
    response, response_url = sender.command("Can a Celeste ring be resized?")
    assert response.status_code == 200
    assert time.monotonic() - started < 3  # Slack gives up on an acknowledgement after 3 s
    answer = slack.wait_for(lambda c: c.path.endswith(response_url.rsplit("/", 1)[1]), "no answer on the response_url")
    payload = answer.payload
    assert payload["response_type"] == "ephemeral"
    assert payload["replace_original"] is False
    text = blocks_text(payload)
    assert "Rings from the Celeste collection can be resized up to two sizes" in text
    assert "[1]" in text and "*[1]* Client Service Policy · Resizing" in text
    assert action_ids(payload) == [blocks.SHARE, blocks.THUMBS_UP, blocks.THUMBS_DOWN]
    trace_id = payload["blocks"][-1]["elements"][0]["value"]
    assert len(trace_id) == 32
    assert "Sources" in payload["text"]  # the notification text, from prompts/slack_message.txt.j2
    assert [c.method for c in slack.slack_calls()] == ["response_url"]


def test_a_refusal_says_why_and_who_to_ask_as_the_tablet_does(sender: SlackSender, slack: FakeSlack) -> None:
    response, response_url = sender.command("What is on report 1234567890?", user=HUGO)
    assert response.status_code == 200
    payload = slack.wait_for(lambda c: c.path.endswith(response_url.rsplit("/", 1)[1]), "no refusal").payload
    text = blocks_text(payload)
    assert payload["blocks"][0]["text"]["text"] == blocks.NOT_ANSWERED_TITLE
    assert "Report 1234567890 is not in the house records." in text
    assert "The copilot will not guess. Please ask" in text
    assert blocks.SHARE not in action_ids(payload)  # nothing to share, but a refusal can still be rated
    assert action_ids(payload) == [blocks.THUMBS_UP, blocks.THUMBS_DOWN]


def test_an_empty_command_gets_the_usage_and_no_answer(sender: SlackSender, slack: FakeSlack) -> None:
    response, response_url = sender.command("   ")
    assert response.status_code == 200
    payload = slack.wait_for(lambda c: c.method == "response_url", "no usage").payload
    assert "/copilot Can a Celeste ring be resized?" in payload["text"]


def test_a_bad_signature_is_a_401_and_nothing_reaches_slack(sender: SlackSender, slack: FakeSlack) -> None:
    response, _ = sender.command("Can a Celeste ring be resized?", secret="not-the-signing-secret")
    assert response.status_code == 401
    time.sleep(1)
    assert slack.slack_calls() == []


def test_a_signature_older_than_five_minutes_is_a_401_and_nothing_reaches_slack(sender: SlackSender, slack: FakeSlack) -> None:
    response, _ = sender.command("Can a Celeste ring be resized?", timestamp=int(time.time()) - 6 * 60)
    assert response.status_code == 401
    unsigned = sender.post("text=hello", "application/x-www-form-urlencoded", headers={"X-Slack-Signature": ""})
    assert unsigned.status_code == 401
    time.sleep(1)
    assert slack.slack_calls() == []


def test_an_over_long_question_is_told_its_length_and_never_echoed(sender: SlackSender, slack: FakeSlack) -> None:
    question = "Can a Celeste ring be resized for Mrs. Whitcombe? " * 60
    response, response_url = sender.command(question)
    assert response.status_code == 200
    payload = slack.wait_for(lambda c: c.path.endswith(response_url.rsplit("/", 1)[1]), "no reply").payload
    assert payload["response_type"] == "ephemeral"
    assert "the limit is 2000: shorten it" in payload["text"] and "Whitcombe" not in payload["text"]
