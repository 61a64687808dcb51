"""The approval routes: managers list, read and decide the client-facing texts the copilot held back;
an associate may read only their own. Thin, like `routes.py`: the queue enforces the transitions."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi import Path as PathParam

from copilot.api.auth import MANAGERS_ONLY, UNAUTHORIZED, CurrentUserDep, ManagerDep
from copilot.api.deps import NOT_READY, CopilotDep
from copilot.api.errors import DISK_FULL, UNPARSABLE, no_store
from copilot.api.schemas import MAX_ID, ApprovalOut, ApproveRequest, AuditEntryOut, EditRequest, RejectRequest
from copilot.core.errors import NotFoundError
from guardrails.approvals import Approval, Status

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/approvals", tags=["approvals"], dependencies=[Depends(no_store)])
ApprovalId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="The approval_id an answer gave.")]

_UNKNOWN = {404: {"description": "No such approval (for an associate: none of theirs with this id)."}}
_DECISION = {
    **MANAGERS_ONLY,
    **_UNKNOWN,
    **NOT_READY,
    **UNPARSABLE,
    **DISK_FULL,
    409: {"description": "Already decided: only a pending approval can be approved, edited or rejected."},
}


@router.get(
    "",
    summary="List approvals, oldest first, optionally only those in one status (manager key)",
    responses={**MANAGERS_ONLY, **NOT_READY},
)
def list_approvals(_manager: ManagerDep, copilot: CopilotDep, status: Status | None = None) -> list[ApprovalOut]:
    return [ApprovalOut.from_approval(a) for a in copilot.approvals.list(status)]


@router.get(
    "/mine",
    summary="The texts the caller asked for, newest first, with their status (any key)",
    responses={**UNAUTHORIZED, **NOT_READY},
)
def my_approvals(user: CurrentUserDep, copilot: CopilotDep) -> list[ApprovalOut]:
    """Stored redacted; `display_text` puts the client's details back only while the conversation's
    memory lives (an hour, and never across a restart): after that the placeholders show."""
    mine = reversed(copilot.approvals.list(created_by=user.id))
    return [ApprovalOut.from_approval(a, display_text=copilot.display_draft(a.trace_id, a.text, a.draft, user.as_asker())) for a in mine]


@router.get(
    "/{approval_id}",
    summary="One approval: any for a manager, only their own for an associate",
    responses={**UNAUTHORIZED, **_UNKNOWN, **NOT_READY},
)
def get_approval(approval_id: ApprovalId, user: CurrentUserDep, copilot: CopilotDep) -> ApprovalOut:
    if user.is_manager:
        return ApprovalOut.from_approval(copilot.approvals.get(approval_id))
    # The same 404 whether the id is unknown or someone else's: an associate cannot probe for ids.
    not_yours = NotFoundError(f"you have no approval {approval_id}; use the approval_id your /v1/ask answer gave")
    try:
        approval = copilot.approvals.get(approval_id)
    except NotFoundError:
        raise not_yours from None
    if approval.created_by != user.id:
        raise not_yours
    return ApprovalOut.from_approval(approval, display_text=copilot.display_draft(approval.trace_id, approval.text, approval.draft, user.as_asker()))


@router.post("/{approval_id}/approve", summary="Approve the draft as written (manager key)", responses=_DECISION)
def approve(approval_id: ApprovalId, body: ApproveRequest, manager: ManagerDep, copilot: CopilotDep) -> ApprovalOut:
    return _decided(copilot.approvals.approve(approval_id, manager.name, body.reason), manager.id)


@router.post("/{approval_id}/reject", summary="Reject the draft, saying why (manager key)", responses=_DECISION)
def reject(approval_id: ApprovalId, body: RejectRequest, manager: ManagerDep, copilot: CopilotDep) -> ApprovalOut:
    return _decided(copilot.approvals.reject(approval_id, manager.name, body.reason), manager.id)


@router.post(
    "/{approval_id}/edit", summary="Approve a corrected text instead of the draft (manager key)", responses=_DECISION
)
def edit(approval_id: ApprovalId, body: EditRequest, manager: ManagerDep, copilot: CopilotDep) -> ApprovalOut:
    return _decided(copilot.approvals.edit(approval_id, manager.name, body.text, body.reason), manager.id)


@router.get(
    "/{approval_id}/audit",
    summary="The audit trail of one approval, oldest first (manager key)",
    responses={**MANAGERS_ONLY, **_UNKNOWN, **NOT_READY},
)
def audit(approval_id: ApprovalId, _manager: ManagerDep, copilot: CopilotDep) -> list[AuditEntryOut]:
    copilot.approvals.get(approval_id)  # 404 for an unknown id rather than an empty trail
    return [AuditEntryOut.from_entry(e) for e in copilot.approvals.audit.entries(approval_id)]


def _decided(approval: Approval, manager_id: str) -> ApprovalOut:
    # Ids and the outcome only: the reason and the text may quote the client.
    logger.info("approval id=%s status=%s manager=%s", approval.id, approval.status.value, manager_id)
    return ApprovalOut.from_approval(approval)
