"""API keys, roles and the approval routes over real HTTP: who may call what, a client draft held,
listed, approved, rejected or edited by a manager, the 409s of a second decision, and the audit trail."""

from __future__ import annotations

import httpx
import pytest

from copilot.api.auth import user_id
from tests.support.server import ASSOCIATE_KEY, MANAGER_KEY, OTHER_ASSOCIATE_KEY, http_client

OPEN_PATHS = {"/healthz", "/readyz", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"}
WHITCOMBE = "Draft a follow-up note to Mrs. Eleanor Whitcombe about the price of AUR-RG-0001"


def draft(client: httpx.Client, question: str = WHITCOMBE, **body: object) -> dict:
    response = client.post("/v1/ask", json={"question": question, **body})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["requires_approval"] is True and answer["approval_status"] == "pending", answer
    assert isinstance(answer["approval_id"], int)
    return answer


def ask_plain(client: httpx.Client, question: str) -> str:
    response = client.post("/v1/ask", json={"question": question})
    assert response.status_code == 200, response.text
    return str(response.json()["answer"])


def decide(manager: httpx.Client, approval_id: int, action: str, **body: object) -> httpx.Response:
    return manager.post(f"/v1/approvals/{approval_id}/{action}", json=body)


# -- keys and roles ----------------------------------------------------------------------------


def _protected_routes(base_url: str) -> list[tuple[str, str]]:
    schema = httpx.get(f"{base_url}/openapi.json").json()
    return [
        (method.upper(), path.replace("{approval_id}", "1"))
        for path, operations in schema["paths"].items()
        if path not in OPEN_PATHS
        for method in operations
    ]


def test_every_route_except_probes_and_docs_needs_a_key(base_url: str) -> None:
    routes = _protected_routes(base_url)
    assert ("POST", "/v1/ask") in routes and ("GET", "/metrics") in routes and len(routes) >= 8

    for key in (None, "not-a-key", ASSOCIATE_KEY + "x"):
        with http_client(base_url, key) as caller:
            for method, path in routes:
                response = caller.request(method, path, json={})
                assert response.status_code == 401, (key, method, path, response.text)
                assert response.headers["WWW-Authenticate"].startswith("Bearer")
                assert ("no API key" if key is None else "unknown API key") in response.json()["detail"]

    with http_client(base_url) as anonymous:
        for path in ("/healthz", "/readyz", "/docs", "/openapi.json"):
            assert anonymous.get(path).status_code == 200, path


def test_a_key_is_accepted_as_bearer_token_or_x_api_key(base_url: str) -> None:
    question = {"question": "What is the clarity of AUR-RG-0001?"}
    with httpx.Client(base_url=base_url, timeout=30) as raw:

        def status(headers: dict[str, str]) -> int:
            return raw.post("/v1/ask", json=question, headers=headers).status_code

        assert status({"Authorization": f"Bearer {ASSOCIATE_KEY}"}) == 200
        assert status({"X-API-Key": ASSOCIATE_KEY}) == 200
        assert status({"Authorization": f"Basic {ASSOCIATE_KEY}"}) == 401
        assert raw.get("/metrics", headers={"X-API-Key": MANAGER_KEY}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/v1/approvals", None),
        ("GET", "/v1/approvals/{id}/audit", None),
        ("POST", "/v1/approvals/{id}/approve", {}),
        ("POST", "/v1/approvals/{id}/reject", {"reason": "Wrong piece."}),
        ("POST", "/v1/approvals/{id}/edit", {"text": "Dear <PERSON_1>, ..."}),
        ("GET", "/metrics", None),
    ],
    ids=["list", "audit", "approve", "reject", "edit", "metrics"],
)
def test_an_associate_gets_403_on_manager_routes(
    client: httpx.Client, manager: httpx.Client, method: str, path: str, body: dict | None
) -> None:
    approval_id = draft(client)["approval_id"]  # their own draft: ownership does not make them a manager
    response = client.request(method, path.format(id=approval_id), json=body)
    assert response.status_code == 403
    assert "only a manager" in response.json()["detail"]
    assert manager.get(f"/v1/approvals/{approval_id}").json()["status"] == "pending"


# -- the flow of a client draft ----------------------------------------------------------------


def test_a_client_draft_is_held_for_approval_and_shows_the_name_only_on_screen(client: httpx.Client) -> None:
    answer = draft(client)

    assert "Eleanor Whitcombe" in answer["display_answer"]
    assert "Whitcombe" not in answer["answer"] and "<PERSON_1>" in answer["answer"]
    assert "Claire Martin" in answer["answer"]  # signed with the name of the key's holder
    assert answer["answer"].startswith("Dear Mrs. <PERSON_1>,")  # the title as the associate wrote it
    # asked for, but the Brand Tone Guide keeps prices out of a first follow-up: left out, and said so
    assert answer["citations"] and "18,400" not in answer["answer"]
    [price] = [f for f in answer["tone_findings"] if f["rule"] == "price_in_follow_up"]
    assert price["excerpt"] == "Its price is $18,400." and "left out" in price["suggestion"]
    assert answer["note"]["occasion"] == "Follow-up notes after a visit"


def test_a_grade_in_a_drafted_note_survives_the_queues_redaction(client: httpx.Client, manager: httpx.Client) -> None:
    answer = draft(client, "Draft a follow-up email to Mrs. Eleanor Whitcombe about the clarity of AUR-RG-0001")
    assert "VS1 in clarity" in answer["answer"] and "Metal:" not in answer["answer"]
    stored = manager.get(f"/v1/approvals/{answer['approval_id']}").json()
    assert "VS1 in clarity" in stored["draft"] and "Dear Mrs. <PERSON_1>," in stored["draft"]


def test_a_draft_states_a_price_only_when_the_associate_asked_for_it(client: httpx.Client) -> None:
    answer = draft(client, "Draft an email to Mr. Rupert Ashdown that AUR-RG-0002 is ready for collection")
    assert answer["requires_approval"] and answer["citations"]
    assert "9,100" not in answer["answer"]
    priced = draft(client, "Draft an email to Mr. Rupert Ashdown that AUR-RG-0002 is ready and what its price is")
    assert "Its price is $9,100." in priced["answer"]  # the guide forbids a price only in a first follow-up
    assert not any(c["quote"].startswith("Price:") for c in answer["citations"])
    assert "Price: USD 9,100" in ask_plain(client, "AUR-RG-0002?")  # the same summary, for the associate, has it


def test_a_manager_lists_pending_drafts_and_approves_one_once(client: httpx.Client, manager: httpx.Client) -> None:
    approval_id = draft(client)["approval_id"]

    pending = manager.get("/v1/approvals", params={"status": "pending"})
    assert pending.status_code == 200
    listed = {a["id"]: a for a in pending.json()}
    assert approval_id in listed and all(a["status"] == "pending" for a in listed.values())
    held = listed[approval_id]
    assert held["kind"] == "client_draft" and held["created_by"] == user_id(ASSOCIATE_KEY)
    assert "Whitcombe" not in held["question"] + held["draft"]  # stored redacted

    approved = decide(manager, approval_id, "approve", reason="Lovely note.")
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved" and approved.json()["reason"] == "Lovely note."
    assert approved.json()["decided_by"] == "Sophie Renard"  # the manager's name, from the key
    assert approval_id not in {a["id"] for a in manager.get("/v1/approvals?status=pending").json()}
    assert approval_id in {a["id"] for a in manager.get("/v1/approvals?status=approved").json()}

    again = decide(manager, approval_id, "approve")
    assert again.status_code == 409
    assert f"draft {approval_id} was approved by manager Sophie Renard" in again.json()["detail"]
    assert decide(manager, approval_id, "reject", reason="Changed my mind.").status_code == 409


def test_a_rejected_draft_cannot_then_be_edited(client: httpx.Client, manager: httpx.Client) -> None:
    approval_id = draft(client, "Draft a thank-you note to Mr. Rupert Ashdown about the resizing of AUR-RG-0002")[
        "approval_id"
    ]

    rejected = decide(manager, approval_id, "reject", reason="Resizing is complimentary only within 60 days.")
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected" and rejected.json()["reason"].startswith("Resizing")

    edited = decide(manager, approval_id, "edit", text="Dear <PERSON_1>, your ring can be resized.")
    assert edited.status_code == 409
    assert "was rejected" in edited.json()["detail"] and "cannot be edited" in edited.json()["detail"]


def test_editing_a_pending_draft_approves_the_new_text(client: httpx.Client, manager: httpx.Client) -> None:
    approval_id = draft(client)["approval_id"]
    new_text = "Dear <PERSON_1>,\n\nThe price of AUR-RG-0001 is USD 18,400.\n\nWith warm regards,\nMaison Aurelle"

    edited = decide(manager, approval_id, "edit", text=new_text, reason="Shorter.")
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["status"] == "edited" and body["final_text"] == new_text and body["text"] == new_text
    assert body["draft"] != new_text and body["decided_by"] == "Sophie Renard"


def test_the_stored_draft_keeps_the_associates_signature_apart_from_the_client(
    client: httpx.Client, manager: httpx.Client
) -> None:
    approval_id = draft(client)["approval_id"]
    stored = manager.get(f"/v1/approvals/{approval_id}").json()["draft"]
    assert stored.count("<PERSON_1>") == 1  # the client's, in the greeting, and no one else's
    assert "Claire Martin" in stored and "Maison Aurelle, Place Vendome" in stored


@pytest.mark.parametrize(
    ("action", "body", "message"),
    [
        ("reject", {}, "Field required"),
        ("reject", {"reason": "   "}, "reason is empty"),
        ("edit", {"text": ""}, "text is empty"),
        ("edit", {"reason": "no text"}, "Field required"),
        ("approve", {"reason": "ok", "status": "approved"}, "Extra inputs are not permitted"),
    ],
    ids=["reject-without-reason", "reject-blank-reason", "edit-blank-text", "edit-without-text", "extra-key"],
)
def test_a_decision_without_what_it_needs_is_a_422(
    client: httpx.Client, manager: httpx.Client, action: str, body: dict, message: str
) -> None:
    approval_id = draft(client)["approval_id"]
    response = decide(manager, approval_id, action, **body)
    assert response.status_code == 422
    assert any(message in error["msg"] for error in response.json()["detail"]), response.json()
    assert manager.get(f"/v1/approvals/{approval_id}").json()["status"] == "pending"


def test_an_unknown_status_filter_is_a_422(manager: httpx.Client) -> None:
    response = manager.get("/v1/approvals", params={"status": "sent"})
    assert response.status_code == 422
    assert "pending" in response.json()["detail"][0]["msg"]


def test_an_unknown_approval_is_a_404(manager: httpx.Client) -> None:
    for response in (
        manager.get("/v1/approvals/999999"),
        manager.get("/v1/approvals/999999/audit"),
        decide(manager, 999999, "approve"),
        decide(manager, 999999, "reject", reason="No."),
        decide(manager, 999999, "edit", text="Dear <PERSON_1>,"),
    ):
        assert response.status_code == 404
        assert "there is no approval 999999" in response.json()["detail"]


def test_an_associate_reads_only_their_own_approvals(
    client: httpx.Client, other_associate: httpx.Client, manager: httpx.Client
) -> None:
    approval_id = draft(client)["approval_id"]

    own = client.get(f"/v1/approvals/{approval_id}")
    assert own.status_code == 200 and own.json()["id"] == approval_id
    assert manager.get(f"/v1/approvals/{approval_id}").status_code == 200

    someone_elses = other_associate.get(f"/v1/approvals/{approval_id}")
    unknown = other_associate.get("/v1/approvals/999999")
    assert someone_elses.status_code == unknown.status_code == 404
    # The same answer as for an id that does not exist, so ids cannot be probed.
    assert someone_elses.json()["detail"] == unknown.json()["detail"].replace("999999", str(approval_id))


def test_an_answer_to_forward_is_held_like_a_draft(client: httpx.Client, manager: httpx.Client) -> None:
    answer = draft(client, "What is the price of AUR-RG-0002?", for_client=True)
    assert "9,100" in answer["answer"] and answer["display_answer"] == answer["answer"]
    assert manager.get(f"/v1/approvals/{answer['approval_id']}").json()["kind"] == "forwarded_answer"

    plain = client.post("/v1/ask", json={"question": "What is the price of AUR-RG-0002?"}).json()
    assert plain["requires_approval"] is False and plain["approval_id"] is None


# -- the audit trail ---------------------------------------------------------------------------


def test_the_audit_trail_records_the_ask_the_draft_and_each_decision(
    client: httpx.Client, manager: httpx.Client
) -> None:
    ids = {action: draft(client)["approval_id"] for action in ("approve", "reject", "edit")}
    assert decide(manager, ids["approve"], "approve").status_code == 200
    assert decide(manager, ids["reject"], "reject", reason="Wrong piece.").status_code == 200
    assert decide(manager, ids["edit"], "edit", text="Dear <PERSON_1>, see you soon.").status_code == 200

    for action, decided in (("approve", "approved"), ("reject", "rejected"), ("edit", "edited")):
        response = manager.get(f"/v1/approvals/{ids[action]}/audit")
        assert response.status_code == 200
        entries = response.json()
        assert [e["action"] for e in entries] == ["created", "ask_client_facing", decided]
        assert {e["approval_id"] for e in entries} == {ids[action]}
        created, asked, decision = entries
        assert created["actor"] == asked["actor"] == user_id(ASSOCIATE_KEY)
        assert asked["after"] == {"kind": "client_draft", "status": "pending"}
        assert decision["actor"] == "Sophie Renard"
        assert decision["before"]["status"] == "pending" and decision["after"]["status"] == decided
        assert "Whitcombe" not in str(entries)


def test_the_asker_id_is_derived_from_the_key_and_never_is_the_key(
    client: httpx.Client, other_associate: httpx.Client, manager: httpx.Client
) -> None:
    mine, theirs = draft(client)["approval_id"], draft(other_associate)["approval_id"]
    created_by = {manager.get(f"/v1/approvals/{i}").json()["created_by"] for i in (mine, theirs)}
    assert created_by == {user_id(ASSOCIATE_KEY), user_id(OTHER_ASSOCIATE_KEY)}
    assert not any(key in str(created_by) for key in (ASSOCIATE_KEY, OTHER_ASSOCIATE_KEY))


def test_the_associate_who_asked_sees_the_managers_edit_with_the_clients_name_put_back(
    client: httpx.Client, manager: httpx.Client
) -> None:
    approval_id = draft(client)["approval_id"]
    edit = "Dear <PERSON_1>,\n\nYour ring is ready. Mrs. Hortense Blackwood sends her regards.\n\nWith warm regards,\nMaison Aurelle"
    assert decide(manager, approval_id, "edit", text=edit).status_code == 200

    mine = client.get(f"/v1/approvals/{approval_id}").json()
    assert mine["text"].startswith("Dear <PERSON_1>,")  # stored with placeholders only
    assert mine["display_text"].startswith("Dear Eleanor Whitcombe,")  # put back from the conversation, to send
    # A name the manager typed was redacted on its way in; its number is not the draft's, so it stays hidden
    # rather than risk becoming another client of the conversation.
    assert "Hortense" not in mine["display_text"] and "<PERSON_2>" in mine["display_text"]
    assert manager.get(f"/v1/approvals/{approval_id}").json()["display_text"] is None
