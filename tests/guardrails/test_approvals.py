"""The approval queue on a real SQLite file and a real PostgreSQL (every test runs on both): its state machine, its audit trail, redaction of what it
stores, atomic decisions under concurrency, and persistence across engines."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from copilot.core.errors import ConflictError, InputError, NotFoundError
from guardrails.approvals import (
    Action,
    ApprovalQueue,
    AuditLog,
    Status,
    create_approvals_engine,
    default_url,
)

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


class FakeClock:
    """Advances one minute per reading, so every timestamp is distinct and predictable."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def redact_claire(text: str) -> str:
    return text.replace("Claire Laurent", "<PERSON_1>")


@pytest.fixture
def url(database_url: str) -> str:
    return database_url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def queue(url: str, clock: FakeClock) -> ApprovalQueue:
    return ApprovalQueue(create_approvals_engine(url), redact=redact_claire, clock=clock)


Draft = Callable[..., int]


@pytest.fixture
def draft(queue: ApprovalQueue) -> Draft:
    def make(**overrides: object) -> int:
        fields: dict[str, object] = {
            "kind": "client_draft",
            "created_by": "a.martin",
            "trace_id": "trace-0001",
            "question": "Draft a note to <PERSON_1> about resizing her Celeste ring",
            "draft": "Dear <PERSON_1>,\n\nYour Celeste ring can be resized up to two sizes. [1]\n\nWith warm regards,",
            "citations": [{"n": 1, "doc_id": "policy:client_service_policy", "section": "Resizing"}],
            "tone_findings": [],
        }
        fields.update(overrides)
        return queue.create(**fields).id  # type: ignore[arg-type]

    return make


def test_default_url_is_a_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    assert default_url(tmp_path) == f"sqlite:///{tmp_path}/approvals.sqlite"


def test_new_draft_is_pending_with_everything_it_was_given(queue: ApprovalQueue, draft: Draft) -> None:
    approval = queue.get(draft())
    assert approval.status is Status.PENDING
    assert approval.kind == "client_draft" and approval.created_by == "a.martin" and approval.trace_id == "trace-0001"
    assert approval.citations == [{"n": 1, "doc_id": "policy:client_service_policy", "section": "Resizing"}]
    assert approval.created_at == START + timedelta(minutes=1)
    assert approval.decided_by is approval.decided_at is approval.reason is approval.final_text is None


def test_pending_to_approved(queue: ApprovalQueue, draft: Draft) -> None:
    approval = queue.approve(draft(), "m.dupont")
    assert approval.status is Status.APPROVED and approval.decided_by == "m.dupont"
    assert approval.decided_at is not None and approval.decided_at.tzinfo is not None
    assert approval.text == approval.draft
    assert queue.get(approval.id) == approval


def test_pending_to_edited_keeps_the_draft_and_the_final_text(queue: ApprovalQueue, draft: Draft) -> None:
    approval_id = draft()
    new_text = "Dear <PERSON_1>,\n\nYour Celeste ring may be resized by up to two sizes. [1]\n\nWith warm regards,"
    approval = queue.edit(approval_id, "m.dupont", new_text, reason="softer wording")
    assert approval.status is Status.EDITED
    assert approval.final_text == new_text and approval.text == new_text
    assert approval.draft.startswith("Dear <PERSON_1>,\n\nYour Celeste ring can be resized")
    assert approval.reason == "softer wording"


def test_pending_to_rejected_needs_a_reason(queue: ApprovalQueue, draft: Draft) -> None:
    approval_id = draft()
    for missing in ("", "   "):
        with pytest.raises(InputError, match="reason"):
            queue.reject(approval_id, "m.dupont", missing)
    assert queue.get(approval_id).status is Status.PENDING
    approval = queue.reject(approval_id, "m.dupont", "cites the old resizing policy; use version 4.2")
    assert approval.status is Status.REJECTED and approval.reason == "cites the old resizing policy; use version 4.2"


def test_approving_a_rejected_draft_is_a_conflict_that_names_who_rejected_it(queue: ApprovalQueue, draft: Draft) -> None:
    approval_id = draft()
    rejected = queue.reject(approval_id, "m.dupont", "wrong piece")
    with pytest.raises(ConflictError) as caught:
        queue.approve(approval_id, "m.bernard")
    message = str(caught.value)
    assert f"draft {approval_id} was rejected by manager m.dupont at" in message
    assert rejected.decided_at is not None and rejected.decided_at.strftime("%Y-%m-%d %H:%M:%S") in message
    assert "it cannot be approved" in message
    assert queue.get(approval_id) == rejected


def test_editing_an_approved_draft_is_a_conflict(queue: ApprovalQueue, draft: Draft) -> None:
    approval_id = draft()
    approved = queue.approve(approval_id, "m.dupont")
    with pytest.raises(ConflictError, match=f"draft {approval_id} was approved by manager m.dupont .* cannot be edited"):
        queue.edit(approval_id, "m.bernard", "Dear <PERSON_1>, something else")
    with pytest.raises(ConflictError, match="cannot be rejected"):
        queue.reject(approval_id, "m.bernard", "too late")
    assert queue.get(approval_id) == approved


def test_an_edited_draft_cannot_be_approved_again(queue: ApprovalQueue, draft: Draft) -> None:
    approval_id = draft()
    queue.edit(approval_id, "m.dupont", "Dear <PERSON_1>, a better note.")
    with pytest.raises(ConflictError, match="was edited and approved by manager m.dupont .* cannot be approved"):
        queue.approve(approval_id, "m.dupont")


def test_an_edit_that_changes_nothing_is_refused_and_leaves_the_draft_pending(queue: ApprovalQueue, draft: Draft) -> None:
    approval_id = draft()
    with pytest.raises(InputError, match="unchanged; approve it instead"):
        queue.edit(approval_id, "m.dupont", queue.get(approval_id).draft)
    assert queue.get(approval_id).status is Status.PENDING
    assert [e.action for e in queue.audit.entries(approval_id)] == [Action.CREATED]


def test_unknown_id_is_not_found_for_every_operation(queue: ApprovalQueue) -> None:
    for operation in (
        lambda: queue.get(404),
        lambda: queue.approve(404, "m.dupont"),
        lambda: queue.edit(404, "m.dupont", "new text"),
        lambda: queue.reject(404, "m.dupont", "no"),
    ):
        with pytest.raises(NotFoundError, match="there is no approval 404"):
            operation()


def test_list_filters_by_status_in_creation_order(queue: ApprovalQueue, draft: Draft) -> None:
    first, second, third, fourth = draft(), draft(), draft(kind="forwarded_answer"), draft()
    queue.approve(second, "m.dupont")
    queue.reject(fourth, "m.dupont", "off tone")
    assert [a.id for a in queue.list()] == [first, second, third, fourth]
    assert [a.id for a in queue.list("pending")] == [first, third]
    assert [a.id for a in queue.list("approved")] == [second]
    assert [a.id for a in queue.list("rejected")] == [fourth]
    assert queue.list("edited") == []


def test_unknown_status_or_kind_is_an_input_error_listing_the_allowed_values(queue: ApprovalQueue, draft: Draft) -> None:
    with pytest.raises(InputError, match="unknown status 'approve'; use one of: pending, approved, edited, rejected"):
        queue.list("approve")
    with pytest.raises(InputError, match="unknown approval kind 'email'; use one of: client_draft, forwarded_answer"):
        draft(kind="email")


def test_blank_draft_or_manager_is_an_input_error(queue: ApprovalQueue, draft: Draft) -> None:
    with pytest.raises(InputError, match="draft is empty"):
        draft(draft="  ")
    with pytest.raises(InputError, match="manager is empty"):
        queue.approve(draft(), " ")


def test_every_transition_has_an_audit_entry_with_before_and_after(queue: ApprovalQueue, draft: Draft) -> None:
    approved, edited, rejected = draft(), draft(trace_id="trace-0002"), draft()
    queue.approve(approved, "m.dupont", reason="checked the policy")
    queue.edit(edited, "m.bernard", "Dear <PERSON_1>, a better note.")
    queue.reject(rejected, "m.dupont", "off tone")

    created, decision = queue.audit.entries(edited)
    assert created.action is Action.CREATED and created.actor == "a.martin" and created.before is None
    assert created.after is not None and created.after["status"] == "pending" and created.after["draft"].startswith("Dear")
    assert decision.action is Action.EDITED and decision.actor == "m.bernard" and decision.trace_id == "trace-0002"
    assert decision.before == {"status": "pending", "decided_by": None, "decided_at": None, "reason": None, "final_text": None}
    assert decision.after is not None
    assert decision.after["status"] == "edited" and decision.after["final_text"] == "Dear <PERSON_1>, a better note."

    assert [(e.approval_id, e.action) for e in queue.audit.entries()] == [
        (approved, Action.CREATED),
        (edited, Action.CREATED),
        (rejected, Action.CREATED),
        (approved, Action.APPROVED),
        (edited, Action.EDITED),
        (rejected, Action.REJECTED),
    ]
    approval_entry = queue.audit.entries(approved)[1]
    assert approval_entry.after is not None and approval_entry.after["reason"] == "checked the policy"
    assert queue.audit.entries(rejected)[1].after["reason"] == "off tone"  # type: ignore[index]
    assert all(e.at.tzinfo is not None for e in queue.audit.entries())


def test_refused_transitions_leave_no_audit_entry(queue: ApprovalQueue, draft: Draft) -> None:
    approval_id = draft()
    queue.reject(approval_id, "m.dupont", "off tone")
    with pytest.raises(ConflictError):
        queue.approve(approval_id, "m.bernard")
    assert [e.action for e in queue.audit.entries(approval_id)] == [Action.CREATED, Action.REJECTED]


def test_a_failing_audit_write_rolls_back_the_decision(url: str, draft: Draft, queue: ApprovalQueue) -> None:
    def exploding_redact(text: str) -> str:
        raise RuntimeError("redactor crashed")

    engine = create_approvals_engine(url)
    broken = ApprovalQueue(engine, redact=lambda text: text, audit=AuditLog(engine, redact=exploding_redact))
    approval_id = draft()
    with pytest.raises(RuntimeError, match="redactor crashed"):
        broken.approve(approval_id, "m.dupont", reason="fine")
    assert queue.get(approval_id).status is Status.PENDING
    assert [e.action for e in queue.audit.entries(approval_id)] == [Action.CREATED]


def test_redact_is_applied_to_every_free_text_field_before_storing(queue: ApprovalQueue, url: str) -> None:
    leaky = "Claire Laurent"
    approval = queue.create(
        kind="client_draft",
        created_by="a.martin",
        trace_id="trace-0003",
        question=f"Write to {leaky} about her ring",
        draft=f"Dear {leaky},\n\nYour ring is ready.",
        tone_findings=[{"rule": "missing_sign_off", "excerpt": f"Ready for {leaky}", "suggestion": "close with ..."}],
    )
    assert approval.question == "Write to <PERSON_1> about her ring"
    assert approval.draft == "Dear <PERSON_1>,\n\nYour ring is ready."
    assert approval.tone_findings[0]["excerpt"] == "Ready for <PERSON_1>"
    edited = queue.edit(approval.id, "m.dupont", f"Dear {leaky},\n\nYour ring is ready for you.", reason=f"{leaky} prefers it")
    assert edited.final_text == "Dear <PERSON_1>,\n\nYour ring is ready for you."
    assert edited.reason == "<PERSON_1> prefers it"
    other = queue.create(kind="client_draft", created_by="a.martin", trace_id="t", question="q", draft="Dear x,")
    assert queue.reject(other.id, "m.dupont", f"do not write to {leaky} yet").reason == "do not write to <PERSON_1> yet"

    stored = Path(url.removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in stored.parent.glob("approvals.sqlite*"))
    assert leaky.encode() not in raw, "the name reached the database file (or its WAL)"
    assert all(leaky not in repr(e) for e in queue.audit.entries())


def test_audit_log_records_an_ask_without_an_approval_and_redacts_it(url: str, clock: FakeClock) -> None:
    log = AuditLog(create_approvals_engine(url), redact=redact_claire, clock=clock)
    entry = log.record(
        "ask_client_facing", "a.martin", trace_id="trace-0009", after={"question": "Note for Claire Laurent", "top_k": 5}
    )
    assert entry.approval_id is None and entry.action is Action.ASK_CLIENT_FACING
    assert log.entries() == [entry]
    assert entry.after == {"question": "Note for <PERSON_1>", "top_k": 5}
    with pytest.raises(InputError, match="unknown audit action 'deleted'"):
        log.record("deleted", "a.martin")


def test_audit_log_changes_or_removes_entries_only_through_the_retention_purge() -> None:
    public = {name for name in dir(AuditLog) if not name.startswith("_")}
    assert public == {"record", "entries", "count_before", "purge_before", "erase_texts"}


def test_two_managers_approving_at_once_exactly_one_wins(url: str, draft: Draft) -> None:
    # Each manager has their own engine, as two web workers would.
    managers = [ApprovalQueue(create_approvals_engine(url), redact=redact_claire) for _ in range(2)]
    for _ in range(10):
        approval_id = draft()
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def decide(queue: ApprovalQueue, manager: str) -> None:
            barrier.wait()
            try:
                queue.approve(approval_id, manager)
                outcomes.append(f"won:{manager}")
            except ConflictError:
                outcomes.append("conflict")

        threads = [threading.Thread(target=decide, args=(q, f"m.{i}")) for i, q in enumerate(managers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes)[0] == "conflict" and len(outcomes) == 2 and outcomes.count("conflict") == 1
        winner = next(o for o in outcomes if o.startswith("won:")).removeprefix("won:")
        assert managers[0].get(approval_id).decided_by == winner
        decisions = [e for e in managers[0].audit.entries(approval_id) if e.action is Action.APPROVED]
        assert [e.actor for e in decisions] == [winner]


def test_a_reopened_queue_sees_the_same_data(url: str, clock: FakeClock, draft: Draft, queue: ApprovalQueue) -> None:
    approved, pending = draft(), draft()
    queue.approve(approved, "m.dupont")
    reopened = ApprovalQueue(create_approvals_engine(url), redact=redact_claire, clock=clock)
    assert reopened.list() == queue.list()
    assert reopened.get(approved).status is Status.APPROVED and reopened.get(pending).status is Status.PENDING
    assert reopened.audit.entries() == queue.audit.entries()
    reopened.reject(pending, "m.bernard", "off tone")
    assert queue.get(pending).status is Status.REJECTED


def test_naive_clock_is_refused_with_a_hint(url: str) -> None:
    queue = ApprovalQueue(create_approvals_engine(url), redact=redact_claire, clock=lambda: datetime(2026, 3, 2, 9, 30))
    with pytest.raises(ValueError, match="naive datetime"):
        queue.create(kind="client_draft", created_by="a.martin", trace_id="t", question="q", draft="d")
