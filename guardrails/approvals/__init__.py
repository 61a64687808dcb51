"""The approval queue for client-facing drafts and its append-only audit log (SQLAlchemy, SQLite by default).

Build one per process: `ApprovalQueue(create_approvals_engine(default_url(settings.data_dir)), redact=...)`.
"""

from guardrails.approvals.audit_log import AuditLog
from guardrails.approvals.engine import create_approvals_engine, default_url
from guardrails.approvals.marker import QueueMarker
from guardrails.approvals.queue import ApprovalQueue
from guardrails.approvals.records import Action, Approval, AuditEntry, Kind, Status

__all__ = [
    "Action",
    "Approval",
    "ApprovalQueue",
    "AuditEntry",
    "AuditLog",
    "Kind",
    "QueueMarker",
    "Status",
    "create_approvals_engine",
    "default_url",
]
