"""Client notes on the tablet in a real Chromium (touch on, both iPad sizes): one current version laid out
as a letter with Copy and Send, the copilot's original folded, rejected notes that look rejected, My
drafts after sign-out and after a restart, "still looking" with Cancel, and an axe-core audit.

axe-core 4.10.2 is vendored (tests/copilot/web/vendor/axe.min.js, from `npm pack axe-core@4.10.2`, MPL-2.0):
nothing is fetched at run time.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from copilot.api.app import create_app
from copilot.ask.factory import build_copilot
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from tests.support.server import DEV_ASSOCIATE_KEY as ASSOCIATE_KEY
from tests.support.server import DEV_MANAGER_KEY as MANAGER_KEY
from tests.support.server import live_server
from tests.support.tablet import LANDSCAPE, PORTRAIT, NewContext, ask, shoot, sign_in

pytestmark = pytest.mark.browser
__all__ = ["browser", "new_context"]  # the fixtures, shared with test_tablet

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
THANKS = "Draft a thank-you note to Mrs. Eleanor Whitcombe for her purchase of AUR-RG-0002"
READY_EMAIL = "Draft an email to Dr. Hélène Dupré that her AUR-RG-0001 is ready for collection, repair number R-20931"


def manager_decides(web_url: str, approval_id: str, action: str, **body: str) -> None:
    with httpx.Client(base_url=web_url, headers={"Authorization": f"Bearer {MANAGER_KEY}"}, timeout=30) as client:
        response = client.post(f"/v1/approvals/{approval_id}/{action}", json=body)
        assert response.status_code == 200, response.text


def letter_of(page: Page, request: str):  # noqa: ANN201 - a Locator
    turn = ask(page, request)
    card = turn.locator("[data-role=letter-card]")
    expect(card).to_be_visible()
    return card


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations.map(v => [v.impact, v.id, v.nodes.length])")
    return [f"{impact} {rule} ({nodes} nodes)" for impact, rule, nodes in result if impact in ("serious", "critical")]


def test_an_edited_note_shows_the_managers_text_as_the_letter_and_folds_the_original(
    new_context: NewContext, web_url: str
) -> None:
    page = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    card = letter_of(page, READY_EMAIL)
    letter = card.locator("[data-role=current-letter]")
    expect(letter).to_contain_text("Dear Dr. Hélène Dupré,")
    expect(letter.locator(".letter-subject")).to_contain_text("Your Celeste Solitaire Ring 0001 is ready")
    expect(letter).not_to_contain_text("Metal:")
    expect(letter).not_to_contain_text(re.compile(r"\[\d\]"))
    expect(card.locator(".letter-findings")).to_contain_text("[Opening hours]")
    expect(card.get_by_role("button", name="Send by email")).to_be_disabled()
    shoot(page, "note-pending")

    approval_id = card.get_attribute("data-approval-id")
    edited = ("Subject: Your ring is ready\n\nDear Dr. <PERSON_1>,\n\nYour Celeste ring is ready at Place Vendome, "
              "open 10:00 to 19:00.\n\nWith warm regards,\nDev Associate\nMaison Aurelle, Place Vendome")
    manager_decides(web_url, approval_id, "edit", text=edited)

    expect(card.locator("[data-role=approval-status]")).to_have_text("edited", timeout=10_000)
    expect(letter).to_contain_text("open 10:00 to 19:00")
    expect(letter).to_contain_text("Dear Dr. Hélène Dupré,")  # the name put back for the associate who asked
    assert "\n" in letter.locator(".letter-body").inner_text()  # line breaks kept: a letter, not a paragraph
    original = card.locator("details.letter-original")
    expect(original.locator("summary")).to_have_text("What the copilot proposed")
    expect(original.locator(".letter-body-original")).to_be_hidden()
    original.locator("summary").click()
    expect(original.locator(".letter-body-original")).to_contain_text("[Opening hours]")

    send = card.get_by_role("link", name="Send by email")
    href = send.get_attribute("href") or ""
    assert href.startswith("mailto:?subject=") and unquote(href).startswith("mailto:?subject=Your ring is ready&body=Dear Dr.")
    card.get_by_role("button", name="Copy").click()
    expect(card.locator(".letter-copied")).to_contain_text(re.compile("Copied|copy it by hand"))
    card.scroll_into_view_if_needed()
    shoot(page, "note-edited")
    page.set_viewport_size(PORTRAIT)
    card.scroll_into_view_if_needed()
    shoot(page, "note-edited")


def test_a_rejected_note_looks_rejected_and_cannot_be_copied(new_context: NewContext, web_url: str) -> None:
    page = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    card = letter_of(page, THANKS)
    manager_decides(web_url, card.get_attribute("data-approval-id"), "reject", reason="Name the piece she chose.")
    expect(card.locator("[data-role=approval-status]")).to_have_text("rejected", timeout=10_000)
    expect(card).to_have_class(re.compile("letter-rejected"))
    expect(card.locator(".letter-reason")).to_have_text("Why: Name the piece she chose.")
    assert "line-through" in card.locator(".letter").evaluate("el => getComputedStyle(el).textDecorationLine")
    expect(card.get_by_role("button", name="Copy")).to_have_count(0)
    shoot(page, "note-rejected")


def test_my_drafts_survive_sign_out_and_a_restart(
    new_context: NewContext, web_url: str, web_settings: Settings, embedder: Embedder
) -> None:
    context = new_context()
    page = sign_in(context, web_url, ASSOCIATE_KEY)
    letter_of(page, THANKS)
    page.get_by_role("button", name="Sign out").click()
    page = sign_in(context, web_url, ASSOCIATE_KEY)
    page.get_by_role("link", name="My drafts").click()
    first = page.locator(".draft-item").first
    expect(first.locator("[data-role=current-letter]")).to_contain_text("Dear Mrs. Eleanor Whitcombe,")
    expect(first.locator("[data-role=approval-status]")).to_have_text("pending")
    expect(first.locator(".draft-when time")).to_contain_text(re.compile(r"\d{4}, \d{2}:\d{2}"))
    shoot(page, "my-drafts")

    # A second app on the same data dir, as after a restart: the session cookie still holds, the draft
    # is still listed, and with the conversation's memory gone the client shows as a placeholder.
    cookie = next(c for c in context.cookies() if c["name"] == "aurelle_session")
    restarted = create_app(web_settings, copilot_factory=lambda s: build_copilot(s, embedder=embedder))
    with live_server(restarted) as url:
        after = new_context()
        after.add_cookies([{**cookie, "domain": "127.0.0.1"}])
        page = after.new_page()
        page.goto(f"{url}/drafts")
        assert page.url == f"{url}/drafts"  # not sent back to sign in
        first = page.locator(".draft-item").first
        expect(first.locator("[data-role=current-letter]")).to_contain_text("Dear Mrs. <PERSON_1>,")
        shoot(page, "my-drafts-after-restart")


def test_manager_lands_on_approvals_with_the_pending_count(new_context: NewContext, web_url: str) -> None:
    associate = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    letter_of(associate, THANKS)
    page = sign_in(new_context(), web_url, MANAGER_KEY)
    assert page.url.endswith("/approvals")
    count = page.get_by_role("navigation").locator(".count")
    pending = page.locator(".approval").count()
    expect(count).to_have_text(str(pending))
    expect(page.locator(".approval-meta time").first).to_contain_text(re.compile(r"\d{4}, \d{2}:\d{2}$"))
    shoot(page, "approvals-landing")


def test_a_slow_answer_says_still_looking_and_can_be_cancelled(new_context: NewContext, web_url: str) -> None:
    page = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    hung: list[Route] = []
    page.route("**/v1/ask", lambda route: hung.append(route))
    page.evaluate("document.body.dataset.timeoutMs = '60000'")
    page.get_by_label("Your question").fill("What is the clarity of AUR-RG-0001?")
    page.get_by_role("button", name="Ask").click()
    loading = page.locator(".answer-loading")
    expect(loading).to_contain_text("Consulting the house documents")
    expect(loading.get_by_role("button", name="Cancel")).to_have_count(0)
    expect(loading).to_contain_text("Still looking…", timeout=8_000)
    shoot(page, "still-looking")
    loading.get_by_role("button", name="Cancel").click()
    cancelled = page.locator("article.turn").last.locator(".answer")
    expect(cancelled).to_contain_text("Cancelled")
    expect(page.get_by_role("button", name="Ask", exact=True)).to_be_enabled()


@pytest.mark.parametrize("viewport", [LANDSCAPE, PORTRAIT], ids=["1024x768", "768x1024"])
def test_axe_finds_no_serious_violation(new_context: NewContext, web_url: str, viewport: dict[str, int]) -> None:
    # axe is injected by the test: its contexts bypass the pages' CSP (the app's headers are unchanged)
    context = new_context(viewport, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{web_url}/")
    assert serious_violations(page) == [], "sign-in"
    page = sign_in(context, web_url, ASSOCIATE_KEY)
    assert serious_violations(page) == [], "empty chat"
    ask(page, "What is the clarity of AUR-RG-0001?")
    letter_of(page, READY_EMAIL)
    assert serious_violations(page) == [], "chat with an answer and a note"
    page.goto(f"{web_url}/drafts")
    expect(page.locator(".draft-item").first).to_be_visible()
    assert serious_violations(page) == [], "my drafts"
    manager = sign_in(new_context(viewport, bypass_csp=True), web_url, MANAGER_KEY)
    assert serious_violations(manager) == [], "approvals"


def test_the_question_box_folds_while_an_answer_is_read(new_context: NewContext, web_url: str) -> None:
    page = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    ask(page, "What is the clarity of AUR-RG-0001?")
    page.locator("article.turn").last.click(position={"x": 5, "y": 5})  # reading: the focus leaves the box

    def chrome_share() -> float:
        masthead = page.locator(".masthead").bounding_box()["height"]
        box = page.locator("#ask-form").bounding_box()["height"]
        return (masthead + box) / LANDSCAPE["height"]

    assert chrome_share() < 0.24, f"{chrome_share():.0%} of the screen"  # 37% before the fold
    page.get_by_label("Your question").focus()
    expect(page.get_by_text("Your question", exact=True)).to_be_visible()
    shoot(page, "chat-reading")


def test_the_empty_state_offers_example_questions(new_context: NewContext, web_url: str) -> None:
    page = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    examples = page.locator(".example-q")
    assert examples.count() >= 3
    examples.first.click()
    expect(page.get_by_label("Your question")).to_have_value("Can a Celeste ring be resized?")
    expect(page.get_by_label("Your question")).to_be_focused()
