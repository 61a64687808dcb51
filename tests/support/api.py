"""What the API's answers look like, and a document's stored text."""

from __future__ import annotations

import sqlite3

from copilot.core.settings import Settings

RESPONSE_KEYS = {
    "answer", "display_answer", "citations", "refused", "refusal_reason", "requires_approval", "approval_id",
    "approval_status", "tone_findings", "trace_id", "conversation_id", "timings_ms", "related", "note", "results", "search",
}


def doc_text(settings: Settings, doc_id: str) -> str:
    with sqlite3.connect(settings.index_db) as db:
        return "\n".join(row[0] for row in db.execute("SELECT text FROM chunks WHERE doc_id=?", (doc_id,)))
