"""Block Kit built from real pipeline records: citations numbered as in the answer, placeholders kept as
text, Slack's limits held, and the buttons' action ids and values the listeners read."""

from __future__ import annotations

from datetime import UTC, datetime

from copilot.core.types import AskResult, Citation, Related
from copilot.slack import blocks
from copilot.slack.memory import Deliveries
from copilot.slack.slack_text import plain_text
from guardrails.approvals import Approval, Kind, Status


def _citation(n: int) -> Citation:
    return Citation(n, "policy:client_service_policy", "policy", "Client Service Policy", "policies/p.md", "9. Resizing",
                    "Rings from the Celeste collection can be resized up to two sizes.", 1.0)


def _result(**overrides: object) -> AskResult:
    result = AskResult("Rings from the Celeste collection can be resized up to two sizes. [1]", [_citation(1)], False,
                       None, False, "a" * 32, "c" * 32)
    for name, value in overrides.items():
        setattr(result, name, value)
    return result


def _approval(status: Status = Status.PENDING, **decision: object) -> Approval:
    return Approval(12, Kind.CLIENT_DRAFT, datetime(2026, 3, 2, 10, 0, tzinfo=UTC), "slack-U0CLAIRE", "t" * 32,
                    "Draft a note to <PERSON_1> about AUR-RG-0001", "Dear <PERSON_1>,\\nThe ring is $18,400.",
                    [_citation(1).__dict__], [], status, decision.get("decided_by"), decision.get("decided_at"),  # type: ignore[arg-type]
                    decision.get("reason"), decision.get("final_text"))  # type: ignore[arg-type]


def test_an_answer_numbers_its_citations_and_offers_share_and_thumbs_on_its_trace() -> None:
    message = blocks.answer_message(_result(), "Rings ... [1]", "your manager", share=True)
    assert message["blocks"][1]["text"]["text"].startswith("*[1]* Client Service Policy · 9. Resizing\n>Rings")
    buttons = message["blocks"][-1]["elements"]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        (blocks.SHARE, "a" * 32), (blocks.THUMBS_UP, "a" * 32), (blocks.THUMBS_DOWN, "a" * 32)]


def test_a_not_sure_refusal_lists_the_closest_passages_as_the_tablet_does() -> None:
    related = [Related(1, "policy:x", "policy", "Client Service Policy", "p.md", "4. Returns", "Unworn pieces ...", 0.4,
                       "Unworn pieces may be returned within 30 days.")]
    message = blocks.answer_message(_result(refused=True, refusal_reason="Not sure", related=related, citations=[]),
                                    "", "the Client Care Desk", share=True)
    assert message["blocks"][0]["text"]["text"] == "Not sure: these passages may answer it"
    assert "Unworn pieces may be returned within 30 days." in message["blocks"][1]["text"]["text"]
    assert "Please ask *the Client Care Desk*" in message["blocks"][2]["elements"][0]["text"]
    assert [b["action_id"] for b in message["blocks"][-1]["elements"]] == [blocks.THUMBS_UP, blocks.THUMBS_DOWN]


def test_placeholders_stay_text_and_a_long_answer_fits_slacks_limits() -> None:
    many = [_citation(n) for n in range(1, 80)]
    message = blocks.answer_message(_result(citations=many), "Dear <PERSON_1> & co " + "x" * 5000, "m")
    assert len(message["blocks"]) <= blocks.MAX_BLOCKS
    assert message["blocks"][-1]["type"] == "actions"
    assert message["blocks"][0]["text"]["text"].startswith("Dear &lt;PERSON_1&gt; &amp; co")
    assert all(len(b["text"]["text"]) <= 3000 for b in message["blocks"] if b["type"] == "section")


def test_a_pending_draft_has_approve_edit_reject_and_a_decided_one_says_who_and_when() -> None:
    pending = blocks.approval_message(_approval(), "U0CLAIRE")
    actions = pending["blocks"][-1]
    assert [(e["action_id"], e["value"]) for e in actions["elements"]] == [
        (blocks.APPROVE, "12"), (blocks.EDIT, "12"), (blocks.REJECT, "12")]
    assert "confirm" in actions["elements"][0]
    decided = blocks.approval_message(
        _approval(Status.REJECTED, decided_by="Sophie Renard", decided_at=datetime(2026, 3, 2, 10, 41, tzinfo=UTC),
                  reason="Quote policy 4.2."), "U0CLAIRE")
    assert all(b["type"] != "actions" for b in decided["blocks"])
    assert decided["blocks"][-1]["text"]["text"] == ":x: *Rejected* by Sophie Renard 2026-03-02 10:41 UTC\n*Reason*: Quote policy 4.2."


def test_the_modals_carry_the_approval_and_the_draft_as_plain_text() -> None:
    edit = blocks.edit_modal(_approval())
    assert edit["callback_id"] == blocks.EDIT_VIEW and edit["private_metadata"] == '{"approval_id": 12}'
    assert edit["blocks"][1]["element"]["initial_value"].startswith("Dear <PERSON_1>,")
    assert len(edit["title"]["text"]) <= 24
    reject = blocks.reject_modal(_approval())
    assert reject["blocks"][-1]["block_id"] == blocks.REASON_BLOCK and reject["blocks"][-1]["optional"] is False


def test_slack_markup_is_read_as_the_associate_typed_it() -> None:
    typed = plain_text("<@U0COPILOT> note to <mailto:jane@example.com|jane@example.com>, ring &lt;52&gt; for <@U0HUGO>",
                       "U0COPILOT")
    assert typed == "note to jane@example.com, ring <52> for <@U0HUGO>"


def test_a_delivery_is_handled_once_by_its_event_id_or_its_body() -> None:
    deliveries = Deliveries()
    assert deliveries.first_time({"event_id": "Ev1"}, '{"event_id": "Ev1", "event_time": 1}')
    assert not deliveries.first_time({"event_id": "Ev1"}, '{"event_id": "Ev1", "event_time": 2}')
    assert deliveries.first_time({"trigger_id": "1"}, "payload=1")
    assert not deliveries.first_time({"trigger_id": "1"}, "payload=1")
    assert deliveries.first_time({"trigger_id": "2"}, "")  # Socket Mode: no raw body
    assert not deliveries.first_time({"trigger_id": "2"}, "")
    assert deliveries.first_time({"trigger_id": "3"}, "")
