"""The service with its approvals, audit and feedback on SQLite (the default) and on PostgreSQL by URL
(COPILOT_DATABASE_URL): a client draft asked over HTTP waits in the queue, a manager decides it, the
associate rates the answer, and all of it is read back from that database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, text

from copilot.api.app import create_app
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from tests.support.server import ASSOCIATE_KEY, MANAGER_KEY, http_client, live_server

pytestmark = pytest.mark.slow


def test_drafts_decisions_audit_and_feedback_live_in_the_configured_database(
    indexed: Settings, factory: Callable[[Settings], Copilot], database_url: str
) -> None:
    settings = indexed.model_copy(update={"database_url": database_url})
    with live_server(create_app(settings, copilot_factory=factory)) as url, \
            http_client(url, ASSOCIATE_KEY) as claire, http_client(url, MANAGER_KEY) as sophie:
        asked = claire.post("/v1/ask", json={"question": "Draft a follow-up note to Mrs. Jane Doe about AUR-RG-0001"})
        assert asked.status_code == 200 and asked.json()["requires_approval"], asked.text
        approval_id = asked.json()["approval_id"]
        decided = sophie.post(f"/v1/approvals/{approval_id}/approve", json={"reason": "fine"})
        assert decided.status_code == 200 and decided.json()["status"] == "approved"
        plain = claire.post("/v1/ask", json={"question": "Can a ring be resized?"}).json()
        assert claire.post("/v1/feedback", json={"trace_id": plain["trace_id"], "rating": "up"}).status_code == 201
        assert sophie.get(f"/v1/approvals/{approval_id}/audit").status_code == 200

    engine = create_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT status, question FROM approvals WHERE id = :i"), {"i": approval_id}).one()[0] == "approved"
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_log WHERE approval_id = :i ORDER BY id"), {"i": approval_id})]
        assert actions[0] == "created" and "approved" in actions
        assert conn.execute(text("SELECT value FROM feedback WHERE trace_id = :t"), {"t": plain["trace_id"]}).scalar_one() == "up"
        stored = " ".join(str(v) for row in conn.execute(text("SELECT question, draft FROM approvals")) for v in row)
    engine.dispose()
    assert "Jane Doe" not in stored
