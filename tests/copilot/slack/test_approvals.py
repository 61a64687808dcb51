"""Client notes asked for in Slack: the same pending approval and audit trail as the API, decided by a
manager in Slack (Approve, Edit modal, Reject modal) or on the tablet, one record either way."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest

from copilot.core.settings import Settings
from copilot.slack import blocks
from tests.copilot.slack.conftest import APPROVALS_CHANNEL, CLAIRE, HUGO, SOPHIE, SlackSender, action_ids, blocks_text
from tests.support.fake_slack import Call, FakeSlack
from tests.support.server import MANAGER_KEY, http_client

pytestmark = pytest.mark.slow

NOTE = "Draft a follow-up note to Mrs. Whitcombe about the price of AUR-RG-0001"


@pytest.fixture
def tablet(slack_service: tuple[str, Settings]) -> Iterator[httpx.Client]:
    """The manager's side of the tablet: the API the approvals page calls."""
    with http_client(slack_service[0], MANAGER_KEY) as client:
        yield client


def _held(slack: FakeSlack) -> tuple[int, Call]:
    posted = slack.wait_for(lambda c: c.method == "chat.postMessage" and c.payload["channel"] == APPROVALS_CHANNEL,
                            "the draft did not reach the approvals channel")
    ids = {e["value"] for b in posted.payload["blocks"] if b["type"] == "actions" for e in b["elements"]}
    assert len(ids) == 1
    return int(ids.pop()), posted


def _reply_to(slack: FakeSlack, url: str) -> dict:
    return slack.wait_for(lambda c: c.path.endswith(url.rsplit("/", 1)[1]), "no reply on the response_url").payload


def test_approve_in_slack_updates_the_message_tells_the_asker_and_the_tablet_sees_one_record(
    sender: SlackSender, slack: FakeSlack, tablet: httpx.Client
) -> None:
    _, event = sender.mention(NOTE)
    thread_ts = event["event"]["ts"]
    approval_id, posted = _held(slack)
    posted_ts = posted.reply["ts"]
    assert action_ids(posted.payload) == [blocks.APPROVE, blocks.EDIT, blocks.REJECT]
    assert "&lt;PERSON_1&gt;" in blocks_text(posted.payload) and "Whitcombe" not in blocks_text(posted.payload)
    assert f"Asked by <@{CLAIRE}> in Slack" in blocks_text(posted.payload)
    asked = slack.wait_for(lambda c: c.method == "chat.postMessage" and c.payload.get("thread_ts") == thread_ts, "no reply")
    assert f"draft {approval_id}, pending" in blocks_text(asked.payload)

    pending = tablet.get(f"/v1/approvals/{approval_id}").json()
    assert pending["status"] == "pending" and pending["created_by"] == f"slack-{CLAIRE}"
    assert [e["action"] for e in tablet.get(f"/v1/approvals/{approval_id}/audit").json()] == ["created", "ask_client_facing"]

    # An associate (listed or not) cannot decide.
    for associate in (CLAIRE, HUGO):
        _, url = sender.click(blocks.APPROVE, str(approval_id), associate, channel=APPROVALS_CHANNEL, ephemeral=False)
        refused = _reply_to(slack, url)
        assert refused["response_type"] == "ephemeral" and "Only managers" in refused["text"]
    assert tablet.get(f"/v1/approvals/{approval_id}").json()["status"] == "pending"

    response, _ = sender.click(blocks.APPROVE, str(approval_id), SOPHIE, channel=APPROVALS_CHANNEL, ephemeral=False)
    assert response.status_code == 200
    updated = slack.wait_for(lambda c: c.method == "chat.update", "the approvals message was not updated").payload
    assert (updated["channel"], updated["ts"]) == (APPROVALS_CHANNEL, posted_ts)
    assert "*Approved* by Sophie Renard" in blocks_text(updated) and action_ids(updated) == []
    told = slack.wait_for(lambda c: c.method == "chat.postMessage" and c.payload.get("thread_ts") == thread_ts
                          and "was approved" in c.payload["text"], "the asker was not told in the thread").payload
    assert told["channel"] == "C0FLOOR" and "Whitcombe" not in blocks_text(told)
    restored = slack.wait_for(lambda c: c.method == "chat.postEphemeral", "no restored text for the asker").payload
    assert restored["user"] == CLAIRE and restored["thread_ts"] == thread_ts and "Whitcombe" in blocks_text(restored)

    decided = tablet.get(f"/v1/approvals/{approval_id}").json()
    assert (decided["status"], decided["decided_by"]) == ("approved", "Sophie Renard")
    second = tablet.post(f"/v1/approvals/{approval_id}/reject", json={"reason": "Too late."})
    assert second.status_code == 409 and "approved by manager Sophie Renard" in second.json()["detail"]
    _, url = sender.click(blocks.REJECT, str(approval_id), SOPHIE, channel=APPROVALS_CHANNEL, ephemeral=False)
    assert "already approved by Sophie Renard" in _reply_to(slack, url)["text"]
    trail = tablet.get(f"/v1/approvals/{approval_id}/audit").json()
    assert [e["action"] for e in trail] == ["created", "ask_client_facing", "approved"]
    time.sleep(0.6)
    assert len(slack.of("chat.update")) == 1 and len(slack.of("views.open")) == 0


def test_a_decision_on_the_tablet_updates_slack_and_a_later_slack_click_says_who_decided(
    sender: SlackSender, slack: FakeSlack, tablet: httpx.Client
) -> None:
    sender.command(NOTE.replace("0001", "0002"))
    approval_id, posted = _held(slack)
    rejected = tablet.post(f"/v1/approvals/{approval_id}/reject", json={"reason": "Quote the 2026 price list."})
    assert rejected.status_code == 200

    updated = slack.wait_for(lambda c: c.method == "chat.update", "the tablet's decision did not reach Slack").payload
    assert "*Rejected* by Sophie Renard" in blocks_text(updated) and "Quote the 2026 price list." in blocks_text(updated)
    told = slack.wait_for(lambda c: c.method == "chat.postMessage" and c.payload["channel"] == CLAIRE,
                          "the asker's DM was not told").payload
    assert "was rejected by Sophie Renard" in told["text"] and "Quote the 2026 price list." in blocks_text(told)

    _, url = sender.click(blocks.APPROVE, str(approval_id), SOPHIE, channel=APPROVALS_CHANNEL, ephemeral=False)
    assert "was rejected by manager Sophie Renard" in _reply_to(slack, url)["text"]
    assert [e["action"] for e in tablet.get(f"/v1/approvals/{approval_id}/audit").json()] == [
        "created", "ask_client_facing", "rejected"]
    time.sleep(0.6)
    assert len(slack.of("chat.update")) == 1


def test_edit_and_reject_go_through_modals(sender: SlackSender, slack: FakeSlack, tablet: httpx.Client) -> None:
    _, dm = sender.direct_message("Draft a note to Mrs. Whitcombe about the resizing of AUR-RG-0001")
    thread_ts = dm["event"]["ts"]
    approval_id, _ = _held(slack)

    sender.click(blocks.EDIT, str(approval_id), SOPHIE, channel=APPROVALS_CHANNEL, ephemeral=False)
    opened = slack.wait_for(lambda c: c.method == "views.open", "no Edit modal").payload
    view = opened["view"]
    assert opened["trigger_id"] and view["type"] == "modal" and view["callback_id"] == blocks.EDIT_VIEW
    draft = view["blocks"][1]["element"]["initial_value"]
    assert "&lt;" not in draft and "<PERSON_1>" in draft  # plain text in a modal: placeholders as written

    unchanged = sender.submit(view, {blocks.TEXT_BLOCK: draft, blocks.REASON_BLOCK: None}, SOPHIE)
    assert unchanged.status_code == 200 and unchanged.json()["response_action"] == "errors"
    assert "unchanged" in unchanged.json()["errors"][blocks.TEXT_BLOCK]
    by_associate = sender.submit(view, {blocks.TEXT_BLOCK: draft + " See you soon.", blocks.REASON_BLOCK: None}, CLAIRE)
    assert by_associate.json()["errors"][blocks.TEXT_BLOCK].startswith("Only managers")

    edited = sender.submit(view, {blocks.TEXT_BLOCK: draft + "\nWe look forward to welcoming you.",
                                  blocks.REASON_BLOCK: "Warmer close."}, SOPHIE)
    assert edited.status_code == 200 and edited.content in (b"", b"{}")
    updated = slack.wait_for(lambda c: c.method == "chat.update", "the approvals message was not updated").payload
    assert "*Edited and approved* by Sophie Renard" in blocks_text(updated)
    told = slack.wait_for(lambda c: c.method == "chat.postMessage" and c.payload.get("thread_ts") == thread_ts
                          and "edited" in c.payload["text"], "the asker was not told in the DM thread").payload
    assert "We look forward to welcoming you." in blocks_text(told) and "Whitcombe" in blocks_text(told)  # their DM
    assert tablet.get(f"/v1/approvals/{approval_id}").json()["status"] == "edited"

    slack.calls.clear()
    sender.mention("Draft a note to Mrs. Whitcombe about the price of AUR-NK-0003")
    second_id, _ = _held(slack)
    sender.click(blocks.REJECT, str(second_id), SOPHIE, channel=APPROVALS_CHANNEL, ephemeral=False)
    reject_view = slack.wait_for(lambda c: c.method == "views.open", "no Reject modal").payload["view"]
    assert reject_view["callback_id"] == blocks.REJECT_VIEW
    blank = sender.submit(reject_view, {blocks.REASON_BLOCK: None}, SOPHIE)
    assert blank.json()["response_action"] == "errors" and blocks.REASON_BLOCK in blank.json()["errors"]
    assert sender.submit(reject_view, {blocks.REASON_BLOCK: "Name the necklace."}, SOPHIE).status_code == 200
    slack.wait_for(lambda c: c.method == "chat.update", "the rejection did not reach Slack")
    assert tablet.get(f"/v1/approvals/{second_id}").json()["reason"] == "Name the necklace."


def test_a_retried_client_note_request_creates_one_approval(
    sender: SlackSender, slack: FakeSlack, tablet: httpx.Client
) -> None:
    before = len(tablet.get("/v1/approvals").json())
    _, event = sender.mention(NOTE)
    _held(slack)
    assert sender.post(json.dumps(event), "application/json", headers={"X-Slack-Retry-Num": "1"}).status_code == 200
    time.sleep(1.5)
    assert len(tablet.get("/v1/approvals").json()) == before + 1
    assert len([c for c in slack.of("chat.postMessage") if c.payload["channel"] == APPROVALS_CHANNEL]) == 1
