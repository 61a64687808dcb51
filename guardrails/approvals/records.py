"""The approval queue's vocabulary: states, kinds, audit actions, and the records it hands back.

Plain frozen dataclasses: callers never hold a database row or session.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from copilot.core.errors import InputError

_Record = TypeVar("_Record")

Redact = Callable[[str], str]
"""Replaces personal details in free text (the PII redactor's `redact`); must be idempotent."""

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware; injected so tests can fix it."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class Status(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    EDITED = "edited"  # the manager changed the text and approved the changed text
    REJECTED = "rejected"


class Kind(StrEnum):
    CLIENT_DRAFT = "client_draft"
    FORWARDED_ANSWER = "forwarded_answer"


class Action(StrEnum):
    ASK_CLIENT_FACING = "ask_client_facing"
    CREATED = "created"
    APPROVED = "approved"
    EDITED = "edited"
    REJECTED = "rejected"
    PURGED = "purged"  # the retention purge ran; its entry holds counts per store, never contents


E = TypeVar("E", bound=StrEnum)


def parse_choice(choices: type[E], value: str, what: str) -> E:
    """`value` as a member of `choices`, or an InputError that lists the allowed values."""
    try:
        return choices(value)
    except ValueError:
        allowed = ", ".join(member.value for member in choices)
        raise InputError(f"unknown {what} {value!r}; use one of: {allowed}") from None


@dataclass(frozen=True)
class Approval:
    id: int
    kind: Kind
    created_at: datetime
    created_by: str  # associate id
    trace_id: str
    question: str  # redacted
    draft: str  # redacted
    citations: list[dict[str, Any]]
    tone_findings: list[dict[str, Any]]
    status: Status
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None
    final_text: str | None  # set only when status is `edited`

    @property
    def text(self) -> str:
        """The text that would reach the client: the manager's version when edited, else the draft."""
        return self.final_text if self.status is Status.EDITED and self.final_text is not None else self.draft


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: Action
    approval_id: int | None
    trace_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def from_row(cls: type[_Record], row: Mapping[str, Any], **convert: Callable[[Any], Any]) -> _Record:
    """A record from a database row holding a column per field; `convert` turns a column into its type
    (`status=Status`)."""
    return cls(**{f.name: convert.get(f.name, _same)(row[f.name]) for f in fields(cls)})  # type: ignore[call-arg]


def _same(value: Any) -> Any:
    return value
