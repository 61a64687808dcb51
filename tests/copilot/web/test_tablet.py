"""The store tablet in a real Chromium (Debian's, driven by Playwright) against the real app: sign-in,
cited answers, refusals, feedback, a client draft approved by a manager in another browser, failures.

Screenshots land in test-artifacts/screenshots/ (git-ignored) at the two iPad sizes.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Route, expect

from copilot.core.settings import Settings
from guardrails.feedback import FeedbackStore, default_url
from tests.support.server import DEV_ASSOCIATE_KEY as ASSOCIATE_KEY
from tests.support.server import DEV_MANAGER_KEY as MANAGER_KEY
from tests.support.tablet import (
    LANDSCAPE,
    PORTRAIT,
    NewContext,
    ask,
    assert_touch_target,
    shoot,
    sign_in,
)

pytestmark = pytest.mark.browser

SKU_QUESTION = "What is the clarity of AUR-RG-0001?"
DRAFT_REQUEST = "Draft a follow-up note to Mrs. Eleanor Whitcombe about the price of AUR-RG-0001"

# -- the whole journey: answer, citation, feedback, draft approved by a manager, live badge ---------------------------


def test_draft_approved_by_a_manager_turns_the_associates_badge_to_approved(
    new_context: NewContext, web_url: str, web_settings: Settings
) -> None:
    associate = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    assert ASSOCIATE_KEY not in associate.content()

    # A SKU question: a cited answer, and the citation chip opens the quoted passage with its provenance.
    turn = ask(associate, SKU_QUESTION)
    expect(turn.locator(".answer-text")).to_contain_text("VS1")
    expect(turn.locator(".answer")).not_to_contain_text("null")
    turn.locator(".chip-source").first.click()
    panel = turn.locator(".citation-panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".quote")).to_contain_text("clarity VS1")
    expect(panel).to_contain_text("Celeste Solitaire Ring 0001")
    expect(panel.locator(".citation-version")).to_have_text("Current catalog entry")
    expect(panel.locator(".citation-source")).to_be_hidden()  # the file path only in its fold
    expect(panel).not_to_contain_text("revision")
    expect(turn.locator(".chip-source").first).to_have_attribute("aria-expanded", "true")
    shoot(associate, "chat-answer-citation")
    associate.set_viewport_size(PORTRAIT)
    panel.scroll_into_view_if_needed()
    shoot(associate, "chat-answer-citation")
    associate.set_viewport_size(LANDSCAPE)

    # Thumbs down with a comment naming a client: stored, with the name redacted.
    turn.get_by_role("button", name="Not helpful").click()
    expect(turn.get_by_role("button", name="Not helpful")).to_have_attribute("aria-pressed", "true")
    turn.get_by_label("What was wrong or missing? (optional)").fill("Mrs. Eleanor Whitcombe wanted the cut grade too")
    turn.get_by_role("button", name="Send comment").click()
    expect(turn.locator(".feedback-note")).to_have_text("Thank you: your comment was saved.")
    turn.get_by_role("button", name="Answered the client").click()
    expect(turn.get_by_role("button", name="Answered the client")).to_have_attribute("aria-pressed", "true")
    trace_id = turn.get_attribute("data-trace-id")
    stored = {f.kind.value: f for f in _feedback(web_settings).for_trace(trace_id)}
    assert stored["rating"].value == "down"
    assert stored["rating"].comment and "Whitcombe" not in stored["rating"].comment
    assert "cut grade too" in stored["rating"].comment
    assert stored["answered_client"].value == "yes"

    # A client note: held for approval, badge "pending"; the associate's screen shows the client's name.
    draft = ask(associate, DRAFT_REQUEST)
    expect(draft.locator("[data-role=approval-status]")).to_have_text("pending")
    expect(draft.locator("[data-role=current-letter]")).to_contain_text("Dear Mrs. Eleanor Whitcombe,")
    approval_id = draft.locator("[data-role=letter-card]").get_attribute("data-approval-id")
    expect(draft.get_by_role("button", name="Copy")).to_be_disabled()  # not before the manager approves
    shoot(associate, "chat-draft-pending")

    # The manager, in another browser context, sees the draft (placeholders, never the name) and approves it.
    manager = sign_in(new_context(), web_url, MANAGER_KEY)
    expect(manager.get_by_role("link", name=re.compile("Approvals"))).to_contain_text(re.compile(r"\d"))  # the pending count
    card = manager.locator(f"#approval-{approval_id}")
    expect(card.locator("[data-role=draft]")).to_contain_text("Dear Mrs. <PERSON_1>,")
    expect(card).to_contain_text("by Dev Associate, Place Vendome")
    assert "Whitcombe" not in manager.content()
    for name in ("Approve", "Edit", "Reject"):
        assert_touch_target(card.get_by_role("button", name=name, exact=True), f"the {name} button")
    shoot(manager, "approvals")
    manager.set_viewport_size(PORTRAIT)
    shoot(manager, "approvals")
    card.get_by_role("button", name="Approve", exact=True).click()
    expect(card.locator("[data-role=status]")).to_have_text("approved")

    # The associate's badge follows without a reload (polled every 3 s).
    expect(draft.locator("[data-role=approval-status]")).to_have_text("approved", timeout=10_000)
    expect(draft.locator(".letter-meta")).to_contain_text("Decided by Dev Manager")
    expect(draft.get_by_role("button", name="Copy")).to_be_enabled()


def test_follow_up_keeps_the_conversation(new_context: NewContext, web_url: str) -> None:
    page = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    ask(page, SKU_QUESTION)
    follow_up = ask(page, "Can it be resized?")
    expect(follow_up.locator(".answer")).not_to_have_class(re.compile("answer-refused"))
    expect(follow_up.locator(".answer-text")).to_contain_text("two sizes")


def test_refusal_is_a_muted_panel_with_who_to_ask(
    new_context: NewContext, web_url: str, web_settings: Settings
) -> None:
    page = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    answered = ask(page, SKU_QUESTION).locator(".answer")
    refused = ask(page, "Which football team won the 1998 World Cup?").locator(".answer")

    expect(refused).to_have_class(re.compile("answer-refused"))
    expect(refused.locator(".refusal-title")).to_have_text("Not in the house documents")
    expect(refused).to_contain_text(web_settings.refusal_contact)
    assert refused.inner_text().count("do not answer") == 0  # said once, by the title
    expect(refused.locator(".refusal-hint")).to_contain_text("SKU")
    expect(refused.get_by_role("link", name=re.compile("Call Client Care Desk"))).to_have_attribute("href", "tel:2100")
    expect(refused.locator(".chip")).to_have_count(0)
    expect(refused.get_by_role("button", name="Answered the client")).to_have_count(0)
    background = "el => getComputedStyle(el).backgroundColor"
    assert refused.evaluate(background) != answered.evaluate(background)
    shoot(page, "chat-refusal")


def test_associate_never_sees_approvals_and_is_refused_there(new_context: NewContext, web_url: str) -> None:
    page = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    expect(page.get_by_role("link", name="Approvals")).to_have_count(0)

    response = page.goto(f"{web_url}/approvals")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Approvals are for managers")).to_be_visible()
    expect(page.locator("[data-action=approve]")).to_have_count(0)


def test_unreachable_and_slow_service_say_so_and_retry_works(new_context: NewContext, web_url: str) -> None:
    page = sign_in(new_context(), web_url, ASSOCIATE_KEY)

    page.route("**/v1/ask", lambda route: route.abort("connectionrefused"))
    failed = ask(page, SKU_QUESTION).locator(".answer")
    expect(failed).to_have_class(re.compile("answer-failed"))
    expect(failed).to_contain_text("The copilot service is not answering")
    expect(failed).not_to_contain_text("Wi-Fi")
    shoot(page, "chat-unreachable")

    page.unroute("**/v1/ask")
    failed.get_by_role("button", name="Try again").click()
    expect(failed.locator(".answer-text")).to_contain_text("VS1")

    hung: list[Route] = []
    page.route("**/v1/ask", lambda route: hung.append(route))  # never answered: the page gives up after its timeout
    page.evaluate("document.body.dataset.timeoutMs = '1500'")
    page.get_by_label("Your question").fill(SKU_QUESTION)
    page.get_by_role("button", name="Ask").click()
    loading = page.locator(".answer-loading")
    expect(loading).to_contain_text("Consulting the house documents")
    expect(page.locator("#conversation")).to_have_attribute("aria-busy", "true")
    expect(page.get_by_role("button", name="Ask")).to_be_disabled()
    assert loading.bounding_box()["height"] >= 150  # the answer's space is reserved while it loads
    slow = page.locator("article.turn").last.locator(".answer")
    expect(slow).to_contain_text("taking too long")
    expect(page.get_by_role("button", name="Ask")).to_be_enabled()


def test_sign_out_ends_the_session(new_context: NewContext, web_url: str) -> None:
    context = new_context()
    page = sign_in(context, web_url, ASSOCIATE_KEY)
    cookie = next(c for c in context.cookies() if c["name"] == "aurelle_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert page.evaluate("document.cookie") == ""  # invisible to scripts

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{web_url}/")
    page.goto(f"{web_url}/chat")
    assert page.url == f"{web_url}/"


@pytest.mark.parametrize("viewport", [LANDSCAPE, PORTRAIT], ids=["1024x768", "768x1024"])
def test_main_controls_are_touch_sized(new_context: NewContext, web_url: str, viewport: dict[str, int]) -> None:
    page = new_context(viewport).new_page()
    page.goto(f"{web_url}/")
    assert_touch_target(page.get_by_role("button", name="Sign in"), "Sign in")
    assert_touch_target(page.get_by_label("Your key or the store access code"), "the key field")
    shoot(page, "signin")

    page = sign_in(page.context, web_url, ASSOCIATE_KEY)
    turn = ask(page, SKU_QUESTION)
    assert_touch_target(page.get_by_role("button", name="Ask"), "Ask")
    assert_touch_target(page.get_by_label("Your question"), "the question field")
    assert_touch_target(page.get_by_role("button", name="Sign out"), "Sign out")
    assert_touch_target(page.get_by_role("button", name="New conversation"), "New conversation")
    assert_touch_target(turn.locator(".chip-source").first, "a source chip")
    # The inline marker is a small superscript; its tap area (an invisible ::after) is 44 px wide and tall.
    marker = turn.locator(".chip-inline").first
    box = marker.bounding_box()
    assert box is not None and box["height"] < 30, "the marker must not break the line"
    hits = page.evaluate(
        """([x, y]) => [[-21, 0], [21, 0], [0, -21], [0, 21]].map(([dx, dy]) =>
             !!(document.elementFromPoint(x + dx, y + dy) || {closest: () => null}).closest('.chip-inline'))""",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hits == [True, True, True, True], "the marker's tap area is smaller than 44 px"
    expect(turn.locator(".fact-label").first).to_be_visible()  # a record's line as a labelled value
    for name in ("Helpful", "Not helpful", "Answered the client"):
        assert_touch_target(turn.get_by_role("button", name=name, exact=True), name)
    body_px = float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('.answer-line')).fontSize)"))
    assert body_px >= 18
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0, f"the page scrolls sideways by {overflow} px"


def _feedback(settings: Settings) -> FeedbackStore:
    return FeedbackStore.at_url(default_url(settings.data_dir), redact=lambda text: text)


def test_sources_are_one_line_per_section_and_the_question_takes_two_lines_at_most(
    new_context: NewContext, web_url: str
) -> None:
    page = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    scene = "My client is comparing it with a stone she saw at another jeweller and wants every detail first. " * 3
    turn = ask(page, f"What are the metal and the price of AUR-RG-0002? {scene}")
    cited = turn.locator(".answer-text .chip-inline")
    expect(cited.first).to_be_visible()
    n = cited.count()
    assert n >= 2  # the metal and the price, each cited to the one record
    expect(turn.locator(".source-list .chip")).to_have_count(n)  # every citation still opens its quote...
    sections = turn.locator(".source-list > li .chip-title").all_inner_texts()
    assert len(sections) == len(set(sections)) < n  # ...on one line per document section
    line_height = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.turn-question')).lineHeight)")
    box = turn.locator(".turn-question").bounding_box()
    assert box is not None and box["height"] <= 2 * line_height + 2
