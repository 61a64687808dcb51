"""Block Kit for every message and modal the bot sends: an answer with its numbered citations (or the
refusal and closest passages, worded as on the tablet), a draft held for a manager, and its decision.

Every text that came from a document or a person is escaped for mrkdwn: a placeholder such as
<PERSON_1> must stay text, not become a Slack link.
"""

from __future__ import annotations

import json
from typing import Any

from copilot.core.types import AskResult, Citation, Related
from guardrails.approvals import Approval, Status
from prompts import escape_mrkdwn, render

Block = dict[str, Any]

SHARE = "copilot_share"
THUMBS_UP = "copilot_feedback_up"
THUMBS_DOWN = "copilot_feedback_down"
APPROVE = "copilot_approve"
EDIT = "copilot_edit"
REJECT = "copilot_reject"
EDIT_VIEW = "copilot_edit_view"
REJECT_VIEW = "copilot_reject_view"
TEXT_BLOCK = "text"
REASON_BLOCK = "reason"

NOT_SURE_TITLE = "Not sure: these passages may answer it"
NOT_ANSWERED_TITLE = "Not in the house documents"
SECTION_LIMIT = 2900  # Slack refuses a section over 3000 characters
MAX_BLOCKS = 50  # and a message of more blocks: the buttons, last, always stay
QUOTE_LIMIT = 600
_DECIDED = {Status.APPROVED: "Approved", Status.EDITED: "Edited and approved", Status.REJECTED: "Rejected"}
_ICON = {Status.APPROVED: ":white_check_mark:", Status.EDITED: ":pencil2:", Status.REJECTED: ":x:"}


def answer_message(
    result: AskResult, text: str, refusal_contact: str, *, share: bool = False, rate: bool = True,
    shared_by: str | None = None,
) -> dict[str, Any]:
    """`text` is what this reader may see: the answer with client details put back for the asker alone,
    or as placeholders for everyone else. `share` adds "Share in channel" (for an answer only its asker
    sees), `rate` the thumbs."""
    blocks = _refusal(result, refusal_contact) if result.refused else _answer(result, text)
    if shared_by:
        blocks.insert(0, _context(f"Shared by <@{shared_by}>"))
    blocks = blocks[: MAX_BLOCKS - 1]
    if rate:
        blocks.append(_actions(result, share))
    fallback = text if result.refused else render("slack_message", answer=text, citations=result.citations)
    return {"text": _clip(fallback), "blocks": blocks}


def _answer(result: AskResult, text: str) -> list[Block]:
    blocks: list[Block] = [_section(escape_mrkdwn(text))]
    blocks += [_section(_citation(c)) for c in result.citations]
    if result.requires_approval:
        status = result.approval_status or "pending"
        blocks.append(_context(f":hourglass: Held for a manager's approval (draft {result.approval_id}, {status}). "
                               "You will be told the outcome here."))
    blocks += [_context(_finding(f)) for f in result.tone_findings]
    return blocks


def _refusal(result: AskResult, refusal_contact: str) -> list[Block]:
    title = NOT_SURE_TITLE if result.related else NOT_ANSWERED_TITLE
    blocks: list[Block] = [{"type": "header", "text": {"type": "plain_text", "text": title}}]
    if result.related:
        blocks += [_section(_related(r)) for r in result.related]
    else:
        blocks.append(_section(escape_mrkdwn(result.refusal_reason or "The house documents do not answer this question.")))
    blocks.append(_context(f"The copilot will not guess. Please ask *{escape_mrkdwn(refusal_contact)}*."))
    return blocks


def _actions(result: AskResult, share: bool) -> Block:
    elements = []
    if share and not result.refused and not result.requires_approval:
        elements.append(_button("Share in channel", SHARE, result.trace_id))
    elements += [
        _button(":thumbsup: Helpful", THUMBS_UP, result.trace_id),
        _button(":thumbsdown: Not helpful", THUMBS_DOWN, result.trace_id),
    ]
    return {"type": "actions", "block_id": "copilot_answer_actions", "elements": elements}


def approval_message(approval: Approval, asker: str) -> dict[str, Any]:
    """A draft in the approvals channel (`asker`: their Slack user id): pending with its three buttons,
    or decided with who and when."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": f"Client note for approval: draft {approval.id}"}},
        _context(f"Asked by <@{asker}> in Slack. Client details are shown as placeholders."),
        _section(f"*Request*\n{escape_mrkdwn(approval.question)}"),
        _section(f"*Draft*\n{_quoted(approval.draft)}"),
    ]
    blocks += [_context(_finding(f)) for f in approval.tone_findings]
    blocks += [_section(_citation(Citation(**c))) for c in approval.citations]
    blocks = blocks[: MAX_BLOCKS - 1]
    if approval.status is Status.PENDING:
        value = str(approval.id)
        blocks.append({
            "type": "actions",
            "block_id": "copilot_approval_actions",
            "elements": [
                {**_button("Approve", APPROVE, value), "style": "primary", "confirm": {
                    "title": {"type": "plain_text", "text": "Approve this note?"},
                    "text": {"type": "mrkdwn", "text": "The associate will be told it may go to the client as written."},
                    "confirm": {"type": "plain_text", "text": "Approve"},
                    "deny": {"type": "plain_text", "text": "Cancel"},
                }},
                _button("Edit", EDIT, value),
                {**_button("Reject", REJECT, value), "style": "danger"},
            ],
        })
    else:
        blocks.append(_section(decision_line(approval)))
    text = f"Client note for approval: draft {approval.id} ({approval.status.value})"
    return {"text": text, "blocks": blocks}


def decision_line(approval: Approval) -> str:
    when = approval.decided_at.strftime("%Y-%m-%d %H:%M UTC") if approval.decided_at else ""
    line = f"{_ICON[approval.status]} *{_DECIDED[approval.status]}* by {escape_mrkdwn(approval.decided_by or '')} {when}"
    if approval.status is Status.EDITED and approval.final_text:
        line += f"\n*Approved text*\n{_quoted(approval.final_text)}"
    if approval.reason:
        line += f"\n*Reason*: {escape_mrkdwn(approval.reason)}"
    return _clip(line)


def outcome_message(approval: Approval, text: str) -> dict[str, Any]:
    """What the asker is told once a manager decided; `text` is the note as this reader may see it."""
    decided = f"{_DECIDED[approval.status].lower()} by {approval.decided_by}"
    head = f"{_ICON[approval.status]} Your client note (draft {approval.id}) was {escape_mrkdwn(decided)}."
    blocks = [_section(head)]
    if approval.status is Status.REJECTED:
        blocks.append(_section(f"*Reason*: {escape_mrkdwn(approval.reason or '')}"))
    else:
        blocks.append(_section(f"*Text for the client*\n{_quoted(text)}"))
    return {"text": _clip(f"Your client note (draft {approval.id}) was {decided}."), "blocks": blocks}


def edit_modal(approval: Approval) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": EDIT_VIEW,
        "private_metadata": json.dumps({"approval_id": approval.id}),
        "title": {"type": "plain_text", "text": f"Edit draft {approval.id}"[:24]},
        "submit": {"type": "plain_text", "text": "Approve edited"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _context("Client details stay placeholders such as <PERSON_1>; the associate sees them filled in."),
            _input(TEXT_BLOCK, "Text for the client", multiline=True, initial=approval.text),
            _input(REASON_BLOCK, "Why (optional)", optional=True),
        ],
    }


def reject_modal(approval: Approval) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": REJECT_VIEW,
        "private_metadata": json.dumps({"approval_id": approval.id}),
        "title": {"type": "plain_text", "text": f"Reject draft {approval.id}"[:24]},
        "submit": {"type": "plain_text", "text": "Reject"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _context("The associate reads this reason."),
            _input(REASON_BLOCK, "What should change", multiline=True),
        ],
    }


def notice(text: str) -> dict[str, Any]:
    """A one-line message: an error, a "still loading", a manager-only refusal."""
    return {"text": text, "blocks": [_section(escape_mrkdwn(text))]}


def _citation(citation: Citation) -> str:
    where = escape_mrkdwn(citation.title) + (f" · {escape_mrkdwn(citation.section)}" if citation.section else "")
    return _clip(f"*[{citation.n}]* {where}\n{_quoted(citation.quote, QUOTE_LIMIT)}")


def _related(related: Related) -> str:
    where = escape_mrkdwn(related.title) + (f" · {escape_mrkdwn(related.section)}" if related.section else "")
    return _clip(f"*{related.n}.* {where}\n{_quoted(related.passage or related.quote, QUOTE_LIMIT)}")


def _finding(finding: dict[str, str]) -> str:
    rule, excerpt, suggestion = (escape_mrkdwn(finding.get(k, "")) for k in ("rule", "excerpt", "suggestion"))
    return _clip(f":warning: Tone guide: {rule}. \u201c{excerpt}\u201d: {suggestion}")


def _quoted(text: str, limit: int = SECTION_LIMIT - 200) -> str:
    lines = _clip(text, limit).splitlines() or [""]
    return "\n".join(f">{escape_mrkdwn(line)}" for line in lines)


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text)}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(text)}]}


def _button(label: str, action_id: str, value: str) -> Block:
    return {"type": "button", "action_id": action_id, "value": value, "text": {"type": "plain_text", "text": label, "emoji": True}}


def _input(block_id: str, label: str, *, multiline: bool = False, optional: bool = False, initial: str | None = None) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": block_id, "multiline": multiline}
    if initial:
        element["initial_value"] = initial[:3000]
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def _clip(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"

