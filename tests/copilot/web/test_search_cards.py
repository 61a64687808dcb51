"""Catalog search on the tablet, in a real Chromium against the real app: a "what do we have" question answered
with result cards and filter chips, a chip removed to widen the search, the order changed, none-match with the
nearest options, and a tap to ask about one piece. Screenshots at both iPad sizes."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, expect

from copilot.api.app import create_app
from copilot.ask.factory import build_copilot
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from tests.support.corpus import piece, write_pieces, write_policy
from tests.support.server import DEV_ASSOCIATE_KEY as ASSOCIATE_KEY
from tests.support.server import live_server
from tests.support.tablet import LANDSCAPE, PORTRAIT, NewContext, ask, assert_touch_target, shoot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STOCK = "Fifth Avenue:{fa};Rodeo Drive:0;Place Vendome:{pv};Bond Street:0;Ginza:{gz}"


@pytest.fixture(scope="module")
def search_url(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[str]:
    root = tmp_path_factory.mktemp("search-web")
    corpus = root / "corpus"
    write_pieces(corpus / "catalog" / "pieces.csv", [
        piece("AUR-RG-0101", price_usd="18400", availability=STOCK.format(fa=0, pv=1, gz=0)),
        piece("AUR-RG-0102", center_carat="0.71", price_usd="9100", availability=STOCK.format(fa=1, pv=0, gz=0)),
        piece("AUR-RG-0103", name="Orangerie Camellia Ring", collection="Orangerie", metal="18k Yellow Gold",
              metal_purity="750", center_stone="", center_carat="", center_cut="", center_color="", center_clarity="",
              stones="18k yellow gold petals", price_usd="4200", availability=STOCK.format(fa=0, pv=2, gz=1)),
        piece("AUR-ER-0104", name="Celeste Stud Earrings 0104", category="earrings", size="", resizable="n/a",
              resizing_note="", price_usd="12000", availability=STOCK.format(fa=0, pv=0, gz=1)),
        piece("AUR-PD-0105", name="Sillage Pave Pendant", collection="Sillage", category="pendant", metal="18k Rose Gold",
              metal_purity="750", size="", resizable="n/a", resizing_note="", price_usd="3100",
              availability=STOCK.format(fa=0, pv=1, gz=0)),
    ])
    write_policy(corpus / "policies")
    settings = Settings(data_dir=root / "data", wrong_key_limit=1_000_000)
    assert make_ingestor(settings, embedder=lambda: embedder).ingest([corpus]).invalid == []
    app = create_app(settings, copilot_factory=lambda s: build_copilot(s, embedder=embedder))
    with live_server(app) as url:
        yield url


def cards(turn: Locator) -> list[str]:
    return turn.locator(".result-card").evaluate_all("cards => cards.map(c => c.dataset.id)")


def test_search_cards_with_removable_chips_and_a_tap_to_ask(new_context: NewContext, search_url: str) -> None:
    page = sign_in(new_context(), search_url, ASSOCIATE_KEY)
    turn = ask(page, "do we have platinum rings under 20k?")
    answer = turn.locator(".answer")
    expect(answer).to_have_class(re.compile("answer-search"))
    expect(answer.locator(".search-count")).to_have_text("2 matches")
    chips = answer.locator(".filter-chip")
    expect(chips).to_have_text([re.compile("platinum"), re.compile("ring"), re.compile(r"under USD 20,000")])
    assert sorted(cards(turn)) == ["AUR-RG-0101", "AUR-RG-0102"]
    first = answer.locator(".result-card").first
    expect(first).to_contain_text("AUR-RG-0101")  # in stock here (Place Vendome) ranks first
    expect(first.locator(".stock-here")).to_have_text("Here: 1")
    expect(answer.locator(".result-card").nth(1).locator(".stock-elsewhere")).to_have_text("Elsewhere: Fifth Avenue 1")
    for target in (chips.first, first.get_by_role("button", name="Ask about this piece")):
        assert_touch_target(target, "a search control")
    shoot(page, "search-cards")
    page.set_viewport_size(PORTRAIT)
    answer.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    shoot(page, "search-cards")
    page.set_viewport_size(LANDSCAPE)

    # Dropping "platinum" widens the search to every ring under 20k; the order can be changed to price.
    answer.get_by_role("button", name="Remove platinum").click()
    expect(answer.locator(".search-count")).to_have_text("3 matches")
    expect(answer.locator(".filter-chip")).to_have_count(2)
    expect(answer.locator(".result-price")).to_have_text(["USD 4,200", "USD 18,400", "USD 9,100"])  # in stock here first
    answer.get_by_label("Order").select_option("price_asc")
    expect(answer.locator(".result-price")).to_have_text(["USD 4,200", "USD 9,100", "USD 18,400"])

    # A tap asks about one piece, in the same conversation.
    answer.locator(".result-card[data-id='AUR-RG-0102']").get_by_role("button", name="Ask about this piece").click()
    about = page.locator("article.turn").last
    expect(about.locator(".turn-question")).to_contain_text("AUR-RG-0102")
    expect(about.locator(".answer")).not_to_have_class(re.compile(r"answer-loading|answer-search"))
    # The answer is that piece's record: its facts as labelled values, cited to the piece by name.
    expect(about.get_by_role("button", name=re.compile(r"Source 1: .*0102"))).to_be_visible()


def test_none_match_says_which_constraint_and_shows_the_nearest(new_context: NewContext, search_url: str) -> None:
    page = sign_in(new_context(PORTRAIT), search_url, ASSOCIATE_KEY)
    turn = ask(page, "any rose gold pendants under $1,000?")
    answer = turn.locator(".answer")
    expect(answer.locator(".search-count")).to_have_text("No match")
    expect(answer.locator(".search-none")).to_contain_text("none is under USD 1,000")
    assert cards(turn) == ["AUR-PD-0105"]
    expect(answer.locator(".result-nearest")).to_have_count(1)
    shoot(page, "search-none")
    page.set_viewport_size(LANDSCAPE)
    shoot(page, "search-none")
