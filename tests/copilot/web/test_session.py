"""The tablet's session over real HTTP (no browser): the signed cookie and its flags, the API accepting it
in place of a key (with the CSRF token on POSTs), sign-out, managers-only pages, feedback and documents."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from copilot.api.auth import KeyRing
from copilot.core.settings import Settings
from copilot.web.session import COOKIE, CSRF_HEADER, SessionCookies
from guardrails.feedback import FeedbackStore, default_url
from tests.support.server import DEV_ASSOCIATE_KEY as ASSOCIATE_KEY
from tests.support.server import DEV_MANAGER_KEY as MANAGER_KEY

QUESTION = {"question": "What is the clarity of AUR-RG-0001?"}


def signed_in(base_url: str, key: str) -> tuple[httpx.Client, str]:
    """A client holding a session cookie, and the CSRF token its /chat page carries."""
    client = httpx.Client(base_url=base_url, timeout=30)
    response = client.post("/signin", data={"key": key})
    landing = "/approvals" if key == MANAGER_KEY else "/chat"  # a manager lands where decisions wait
    assert response.status_code == 303 and response.headers["location"] == landing
    page = client.get("/chat")
    assert page.status_code == 200
    return client, re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text).group(1)


@pytest.fixture
def associate(web_url: str) -> Iterator[tuple[httpx.Client, str]]:
    client, csrf = signed_in(web_url, ASSOCIATE_KEY)
    yield client, csrf
    client.close()


def test_sign_in_sets_an_httponly_lax_cookie_and_never_echoes_the_key(web_url: str) -> None:
    with httpx.Client(base_url=web_url) as client:
        response = client.post("/signin", data={"key": ASSOCIATE_KEY})
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}=")
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        assert ASSOCIATE_KEY not in cookie
        chat = client.get("/chat")
        assert ASSOCIATE_KEY not in chat.text
        assert "script-src 'self'" in chat.headers["content-security-policy"]
        assert chat.headers["cache-control"] == "no-store"


def test_an_unknown_key_is_refused_on_the_page(web_url: str) -> None:
    with httpx.Client(base_url=web_url) as client:
        response = client.post("/signin", data={"key": "not-a-key"})
        assert response.status_code == 401
        assert "not recognised" in response.text
        assert "not-a-key" not in response.text
        assert COOKIE not in response.headers.get("set-cookie", "")
        assert client.get("/chat").status_code == 303


def test_a_sign_in_posted_from_another_site_is_refused(web_url: str) -> None:
    response = httpx.post(f"{web_url}/signin", data={"key": ASSOCIATE_KEY}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert "set-cookie" not in response.headers


def test_the_api_accepts_the_session_with_its_csrf_token(associate: tuple[httpx.Client, str]) -> None:
    client, csrf = associate
    response = client.post("/v1/ask", json=QUESTION, headers={CSRF_HEADER: csrf})
    assert response.status_code == 200, response.text
    assert "VS1" in response.json()["answer"]


def test_a_session_post_without_the_csrf_token_is_forbidden(associate: tuple[httpx.Client, str]) -> None:
    client, _ = associate
    response = client.post("/v1/ask", json=QUESTION)
    assert response.status_code == 403
    assert "reload the page" in response.json()["detail"]


def test_a_tampered_cookie_is_no_session(web_url: str, associate: tuple[httpx.Client, str]) -> None:
    client, csrf = associate
    payload, signature = client.cookies[COOKIE].split(".")
    forged = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB")
    response = httpx.post(
        f"{web_url}/v1/ask", json=QUESTION, headers={CSRF_HEADER: csrf}, cookies={COOKIE: f"{forged}.{signature}"}
    )
    assert response.status_code == 401


def test_an_api_key_still_works_without_any_session(web_url: str) -> None:
    response = httpx.post(f"{web_url}/v1/ask", json=QUESTION, headers={"X-API-Key": ASSOCIATE_KEY}, timeout=30)
    assert response.status_code == 200
    assert httpx.post(f"{web_url}/v1/ask", json=QUESTION).status_code == 401


def test_sign_out_revokes_the_cookie_even_if_it_was_copied(web_url: str) -> None:
    client, csrf = signed_in(web_url, ASSOCIATE_KEY)
    copied = client.cookies[COOKIE]
    response = client.post("/signout", data={"csrf": csrf})
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert httpx.get(f"{web_url}/chat", cookies={COOKIE: copied}).status_code == 303
    replayed = httpx.post(f"{web_url}/v1/ask", json=QUESTION, cookies={COOKIE: copied}, headers={CSRF_HEADER: csrf})
    assert replayed.status_code == 401
    client.close()


def test_approvals_page_is_for_managers_only(web_url: str, associate: tuple[httpx.Client, str]) -> None:
    client, _ = associate
    refused = client.get("/approvals")
    assert refused.status_code == 403
    assert "data-action" not in refused.text
    assert 'href="/approvals"' not in client.get("/chat").text

    manager, _ = signed_in(web_url, MANAGER_KEY)
    page = manager.get("/approvals")
    assert page.status_code == 200 and "Drafts awaiting approval" in page.text
    assert 'href="/approvals"' in manager.get("/chat").text
    manager.close()
    assert httpx.get(f"{web_url}/approvals").headers["location"] == "/"


def test_feedback_comment_is_stored_redacted_and_a_new_vote_replaces_the_old(
    associate: tuple[httpx.Client, str], web_settings: Settings
) -> None:
    client, csrf = associate
    trace_id = client.post("/v1/ask", json=QUESTION, headers={CSRF_HEADER: csrf}).json()["trace_id"]

    def post(body: dict) -> httpx.Response:
        return client.post("/v1/feedback", json={"trace_id": trace_id, **body}, headers={CSRF_HEADER: csrf})

    assert post({"rating": "up"}).status_code == 201
    saved = post({"rating": "down", "comment": "Mrs. Eleanor Whitcombe (+44 20 7946 0958) asked for the cut"})
    assert saved.status_code == 201, saved.text
    assert post({"kind": "answered_client", "answered": True}).json()["value"] == "yes"

    stored = FeedbackStore.at_url(default_url(web_settings.data_dir), redact=str).for_trace(trace_id)
    assert [(f.kind.value, f.value) for f in stored] == [("rating", "down"), ("answered_client", "yes")]
    comment = stored[0].comment or ""
    assert "Whitcombe" not in comment and "7946" not in comment and "asked for the cut" in comment


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"trace_id": "abc"}, "rating is missing"),
        ({"trace_id": "abc", "rating": "meh"}, "'up' or 'down'"),
        ({"trace_id": "abc", "kind": "answered_client", "rating": "up"}, "rating goes with kind"),
        ({"trace_id": "a b", "rating": "up"}, "String should match pattern"),
        ({"trace_id": "abc", "rating": "up", "comment": "x" * 2001}, "at most 2000 characters"),
    ],
    ids=["no-rating", "bad-rating", "rating-on-answered", "bad-trace", "long-comment"],
)
def test_unusable_feedback_is_a_422_that_says_why(
    associate: tuple[httpx.Client, str], body: dict, message: str
) -> None:
    client, csrf = associate
    response = client.post("/v1/feedback", json=body, headers={CSRF_HEADER: csrf})
    assert response.status_code == 422
    assert any(message in error["msg"] for error in response.json()["detail"]), response.text


def test_document_endpoint_gives_the_version_of_a_manual(associate: tuple[httpx.Client, str]) -> None:
    client, _ = associate
    body = client.get("/v1/documents/policy:client_service_policy").json()
    assert body["title"] == "Client Service Policy"
    assert body["version"] == "4.2" and body["effective_date"] == "2026-03-01"
    product = client.get("/v1/documents/product:AUR-RG-0001").json()
    assert product["version"] == "" and re.fullmatch(r"[0-9a-f]{8}", product["revision"])
    missing = client.get("/v1/documents/product:AUR-XX-9999")
    assert missing.status_code == 404 and "no document" in missing.json()["detail"]


def test_a_session_survives_a_restart_with_the_secret_kept_in_the_data_dir(
    tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = SessionCookies.for_settings(settings, KeyRing(settings.api_keys))
    again = SessionCookies.for_settings(settings, KeyRing(settings.api_keys))  # as after a restart
    secret = settings.data_dir / "session_secret"
    assert secret.stat().st_mode & 0o777 == 0o600 and len(secret.read_bytes()) >= 32
    assert first._sign("payload") == again._sign("payload")


def test_my_drafts_lists_only_the_callers_own_notes_newest_first(
    associate: tuple[httpx.Client, str], web_url: str
) -> None:
    client, csrf = associate
    for name in ("Mrs. Eleanor Whitcombe", "Dr. Hélène Dupré"):
        asked = client.post("/v1/ask", json={"question": f"Draft a thank-you note to {name} for her purchase of AUR-RG-0002"},
                            headers={"X-CSRF-Token": csrf})
        assert asked.status_code == 200 and asked.json()["requires_approval"]
    mine = client.get("/v1/approvals/mine").json()
    assert mine[0]["display_text"].startswith("Dear Dr. Hélène Dupré,")  # the newest, name put back for the asker
    assert mine[0]["text"].startswith("Dear Dr. <PERSON_1>,")  # stored redacted
    manager, _ = signed_in(web_url, MANAGER_KEY)
    assert all(a["created_by"] == mine[0]["created_by"] for a in mine)
    assert manager.get("/v1/approvals/mine").json() == []  # the manager asked for none
    page = client.get("/drafts")
    assert page.status_code == 200 and 'id="drafts"' in page.text
