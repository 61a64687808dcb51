"""Driving the store tablet in Chromium: a new touch context, signing in, asking, screenshots."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.support.browser import SCREENSHOTS
from tests.support.server import DEV_MANAGER_KEY

LANDSCAPE = {"width": 1024, "height": 768}
PORTRAIT = {"width": 768, "height": 1024}
MIN_TARGET_PX = 44

NewContext = Callable[..., BrowserContext]


def sign_in(context: BrowserContext, base_url: str, key: str) -> Page:
    """A manager lands on Approvals, an associate on the question box."""
    page = context.new_page()
    page.goto(f"{base_url}/")
    page.get_by_label("Your key or the store access code").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/approvals" if key == DEV_MANAGER_KEY else f"{base_url}/chat")
    return page


def ask(page: Page, question: str) -> Locator:
    """Type the question, send it with Enter (the keyboard path), and return the new turn's answer area."""
    turns = page.locator("article.turn")
    before = turns.count()
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Your question").press("Enter")
    turn = turns.nth(before)
    expect(turn.locator(".answer")).not_to_have_class(re.compile(r"answer-loading"))
    return turn


def shoot(page: Page, name: str, full_page: bool = False) -> Path:
    """The viewport, or with `full_page` the whole page however long (a panel read by scrolling)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    path = SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def assert_touch_target(locator: Locator, what: str) -> None:
    box = locator.bounding_box()
    assert box is not None, f"{what} is not visible"
    size = f"{box['width']}x{box['height']} px"
    assert box["width"] >= MIN_TARGET_PX and box["height"] >= MIN_TARGET_PX, f"{what} is {size}"
