"""A conversation belongs to whoever started it: another associate sending its id gets a fresh
conversation, never the first one's piece in focus nor its client's name; logs name it by a hash."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from copilot.api.app import create_app
from copilot.ask.conversation import log_id
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from tests.support.server import ASSOCIATE_KEY, http_client, live_server

pytestmark = pytest.mark.slow


def _ask(client: httpx.Client, question: str, conversation_id: str | None = None) -> dict:
    body: dict[str, object] = {"question": question}
    if conversation_id:
        body["conversation_id"] = conversation_id
    response = client.post("/v1/ask", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_another_associate_sending_the_same_id_does_not_get_the_first_ones_client_back(
    client: httpx.Client, other_associate: httpx.Client
) -> None:
    first = _ask(client, "Draft a follow-up note to Mrs. Jane Doe about the price of AUR-RG-0001")
    assert "Jane Doe" in first["display_answer"] and "Jane Doe" not in first["answer"]
    conversation = first["conversation_id"]

    # The placeholder the first answer stored, sent by someone else in the same conversation id.
    probe = _ask(other_associate, "Draft a thank-you note to <PERSON_1> about AUR-RG-0001", conversation)
    assert "Jane Doe" not in probe["display_answer"]
    # Its owner still has it.
    mine = _ask(client, "Draft a thank-you note to <PERSON_1> about AUR-RG-0001", conversation)
    assert "Jane Doe" in mine["display_answer"]


def test_another_associate_does_not_inherit_the_piece_in_focus(client: httpx.Client, other_associate: httpx.Client) -> None:
    first = _ask(client, "What is the price of AUR-RG-0002?")
    theirs = _ask(other_associate, "Can it be resized?", first["conversation_id"])
    assert "product:AUR-RG-0002" not in {c["doc_id"] for c in theirs["citations"]}
    mine = _ask(client, "Can it be resized?", first["conversation_id"])
    assert "product:AUR-RG-0002" in {c["doc_id"] for c in mine["citations"]}


def test_the_log_names_a_conversation_by_a_hash_of_its_id(
    indexed: Settings, factory: Callable[[Settings], Copilot], tmp_path: Path
) -> None:
    log = tmp_path / "server.log"
    with live_server(create_app(indexed, copilot_factory=factory), log_file=log) as url, http_client(url, ASSOCIATE_KEY) as c:
        body = _ask(c, "What is the price of AUR-RG-0002?")
    text = log.read_text(encoding="utf-8")
    assert body["conversation_id"] not in text
    assert f"conversation={log_id(body['conversation_id'])}" in text

