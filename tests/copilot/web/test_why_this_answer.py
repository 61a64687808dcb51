"""The manager's "Why this answer" panel in a real Chromium: reached from the Recent answers list and from
an approval in the queue, it shows the candidates and their scores, the sentences weighed, what the
citation check dropped and the outcome's reason; "Mark wrong" sends a correction to the feedback store.

Screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from copilot.core.settings import Settings
from guardrails.feedback import FeedbackStore, default_url
from tests.copilot.web.test_notes import serious_violations
from tests.support.server import DEV_ASSOCIATE_KEY as ASSOCIATE_KEY
from tests.support.server import DEV_MANAGER_KEY as MANAGER_KEY
from tests.support.tablet import PORTRAIT, NewContext, ask, assert_touch_target, shoot, sign_in

pytestmark = pytest.mark.browser

CLIENT = "Mrs. Eleanor Whitcombe"
QUESTION = f"Within how many days of purchase may {CLIENT} return an unworn piece?"


def test_a_manager_opens_why_this_answer_from_recent_answers_and_marks_it_wrong(
    new_context: NewContext, web_url: str, web_settings: Settings
) -> None:
    associate = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    turn = ask(associate, QUESTION)
    expect(turn.locator(".answer-text")).to_contain_text("30")
    trace_id = turn.get_attribute("data-trace-id")

    manager = sign_in(new_context(bypass_csp=True), web_url, MANAGER_KEY)  # bypass: for axe-core's script only
    manager.get_by_role("link", name="Recent answers").click()
    item = manager.locator(f'[data-trace-id="{trace_id}"]')
    expect(item).to_contain_text("<PERSON_1>")
    expect(item.locator(".outcome")).to_have_text("Answered")
    assert_touch_target(item.get_by_role("link", name="Why this answer"), "the Why this answer link")
    item.get_by_role("link", name="Why this answer").click()
    manager.wait_for_url(f"{web_url}/answers/{trace_id}")

    expect(manager.get_by_role("heading", name="Why this answer")).to_be_visible()
    expect(manager.locator("[data-role=outcome]")).to_have_text("Answered")
    expect(manager.locator("[data-role=reason]")).to_contain_text("quotes its passage verbatim")
    candidates = manager.locator("[data-role=candidates] tbody tr")
    expect(candidates.first).to_be_visible()
    assert candidates.count() >= 3
    expect(manager.locator("[data-role=candidates]")).to_contain_text(re.compile(r"0\.\d\d #\d"))  # a cosine and its rank
    chosen = manager.locator("[data-role=sentences] tr.chosen")
    expect(chosen.first).to_contain_text("30")
    expect(chosen.first.locator(".features")).to_contain_text("similarity")
    expect(manager.locator("[data-role=dropped]")).to_be_visible()
    assert "Whitcombe" not in manager.content()
    assert serious_violations(manager) == []
    shoot(manager, "why-this-answer", full_page=True)

    correction = f"Tell {CLIENT}: 30 days, and the piece must be unworn."
    manager.get_by_label("What should the answer have said, and from which document?").fill(correction)
    manager.get_by_role("button", name="Mark wrong").click()
    expect(manager.locator("[data-role=saved]")).to_have_text("Saved with the answer's feedback.")
    expect(manager.locator("[data-role=corrections]")).to_contain_text("must be unworn")
    stored = FeedbackStore.at_url(default_url(web_settings.data_dir), redact=lambda t: t).for_trace(trace_id)
    assert [(f.value, "Whitcombe" in (f.comment or "")) for f in stored] == [("down", False)]
    manager.reload()
    expect(manager.locator("[data-role=corrections]")).to_contain_text("must be unworn")
    manager.set_viewport_size(PORTRAIT)
    shoot(manager, "why-this-answer", full_page=True)


def test_why_this_answer_is_reachable_from_an_approval_and_shows_its_history(
    new_context: NewContext, web_url: str
) -> None:
    associate = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    draft = ask(associate, f"Draft a follow-up note to {CLIENT} about the price of AUR-RG-0001")
    approval_id = draft.locator("[data-role=letter-card]").get_attribute("data-approval-id")

    manager = sign_in(new_context(), web_url, MANAGER_KEY)
    card = manager.locator(f"#approval-{approval_id}")
    card.get_by_role("link", name="Why this answer").click()
    expect(manager.get_by_role("heading", name="Approval history")).to_be_visible()
    expect(manager.locator("main")).to_contain_text(f"#{approval_id} pending")
    expect(manager.locator("[data-role=reason]")).to_contain_text(f"approval (#{approval_id})")
    assert "Whitcombe" not in manager.content()
    shoot(manager, "why-this-answer-approval", full_page=True)


def test_associates_are_refused_the_answers_pages(new_context: NewContext, web_url: str) -> None:
    associate = sign_in(new_context(), web_url, ASSOCIATE_KEY)
    expect(associate.get_by_role("link", name="Recent answers")).to_have_count(0)
    assert associate.goto(f"{web_url}/answers").status == 403
    assert associate.goto(f"{web_url}/answers/0123456789abcdef").status == 403
