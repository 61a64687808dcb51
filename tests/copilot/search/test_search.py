"""Catalog search over the real sample catalog (its chunks written to a real SQLite index, no embedding): questions
read into constraints from the catalog's own words, the records that match, none-match explanations, and which
questions /v1/ask sends to search. The expected sets come from the catalog files, read here independently."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from copilot.search.constraints import Constraints, summary
from copilot.search.factory import build_search
from copilot.search.service import SearchService
from ingestion.chunking import certificate_chunk, loose_diamond_chunk, product_chunk
from ingestion.index_db import IndexDB
from ingestion.loaders.catalog_csv import load_catalog_csv
from ingestion.loaders.records_json import load_records_json
from ingestion.loaders.synonyms_yaml import load_synonyms
from ingestion.records import ProductRecord
from tests.support.server import REPO

SAMPLE = REPO / "data" / "sample"
HERE = "Place Vendome"


def _index_sample(path: Path) -> IndexDB:
    index = IndexDB(path)
    files = []
    for name in ("pieces.csv", "loose_diamonds.csv"):
        source = f"data/sample/catalog/{name}"
        loaded = load_catalog_csv(SAMPLE / "catalog" / name, source)
        chunks = [product_chunk(r, source) if isinstance(r, ProductRecord) else loose_diamond_chunk(r, source) for _, r in loaded.records]
        files.append((source, source, name, chunks))
    for report in sorted((SAMPLE / "certificates").glob("*.json")):
        source = f"data/sample/certificates/{report.name}"
        files.append((source, source, report.stem, [certificate_chunk(r, source) for _, r in load_records_json(report, source).records]))
    index.replace_files(files)
    synonyms = SAMPLE / "lexicon" / "synonyms.yaml"
    index.replace_synonyms(str(synonyms), "lexicon/synonyms.yaml", "x", [r for _, r in load_synonyms(synonyms, "synonyms.yaml").records])
    return index


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    index = _index_sample(tmp_path_factory.mktemp("search") / "index.sqlite")
    return build_search(index, None, None)


@pytest.fixture(scope="module")
def pieces() -> list[dict[str, str]]:
    return list(csv.DictReader((SAMPLE / "catalog" / "pieces.csv").open(encoding="utf-8")))


@pytest.fixture(scope="module")
def loose() -> list[dict[str, str]]:
    return list(csv.DictReader((SAMPLE / "catalog" / "loose_diamonds.csv").open(encoding="utf-8")))


def found(service: SearchService, question: str) -> set[str]:
    return set(service.run(service.parse(question), HERE, limit=10_000).outcome.matched)


def test_metal_category_and_price_are_read_from_the_catalogs_words(service: SearchService, pieces: list[dict[str, str]]) -> None:
    expected = {p["sku"] for p in pieces if p["metal"] == "18k White Gold" and p["category"] == "pendant" and float(p["price_usd"]) <= 3000}
    assert expected and found(service, "White gold pendants under $3,000?") == expected
    assert summary(service.parse("White gold pendants under $3,000?")) == "white gold · pendant · under USD 3,000"


def test_price_ranges_in_associates_words(service: SearchService) -> None:
    assert (service.parse("platinum rings between 10 and 20k").price_min, service.parse("platinum rings between 10 and 20k").price_max) == (10000, 20000)
    assert service.parse("budget 3000, any pendants").price_max == 3000
    assert service.parse("necklaces over $50,000").price_min == 50000
    assert service.parse("rings under 5k").price_max == 5000
    # a carat weight is not a price
    c = service.parse("diamond rings over 2 carats")
    assert (c.carat_min, c.price_min) == (2.0, None)


def test_amounts_written_in_words(service: SearchService) -> None:
    assert service.parse("anything in rose gold for under two thousand").price_max == 2000
    assert service.parse("pendants for fifteen hundred dollars max").price_max == 1500
    assert service.parse("rings under 2 thousand").price_max == 2000  # digits with their word are read whole
    # An ordinal is a boutique's word or a place in a list, never an amount.
    assert service.parse("anything at fifth avenue under 3 grand").boutique == "Fifth Avenue"


def test_grade_ranges_read_on_the_lab_scales(service: SearchService, loose: list[dict[str, str]]) -> None:
    c = service.parse("a round diamond around 1 carat, G or better, VS and above, under $8,000")
    assert c.kind == "loose_diamond" and (c.color_best, c.color_worst) == ("D", "G")
    assert (c.clarity_best, c.clarity_worst) == ("FL", "VS2") and (c.carat_min, c.carat_max) == (0.9, 1.1)
    expected = {
        d["stock_number"] for d in loose
        if 0.9 <= float(d["carat"]) <= 1.1 and d["color"] in "DEFG" and d["clarity"] in ("IF", "VVS1", "VVS2", "VS1", "VS2")
        and float(d["price_usd"]) <= 8000
    }
    assert found(service, "a round diamond around 1 carat, G or better, VS and above, under $8,000") == expected


def test_house_synonyms_and_name_words_name_a_category(service: SearchService, pieces: list[dict[str, str]]) -> None:
    studs = service.parse("do we have diamond studs?")
    assert studs.categories == ("earrings",) and studs.styles == ("stud",)  # "studs => earrings" in the synonyms file
    assert service.parse("platinum wedding bands").categories == ("ring",)  # "Band" is only ever a ring's name
    assert service.parse("any chains in yellow gold?").categories == ("necklace",)
    tennis = {p["sku"] for p in pieces if "Tennis" in p["name"] and float(p["price_usd"]) <= 20000}
    assert found(service, "tennis bracelets under 20k") == tennis


def test_misspelt_catalog_words_are_still_read(service: SearchService) -> None:
    c = service.parse("platnum pendents under 4000")
    assert c.metals == ("platinum",) and c.categories == ("pendant",) and c.price_max == 4000
    assert service.parse("saphire rings").stones == ("sapphire",)


def test_here_is_the_askers_boutique(service: SearchService, pieces: list[dict[str, str]]) -> None:
    expected = {p["sku"] for p in pieces if p["metal"] == "Platinum" and p["category"] == "ring" and "Place Vendome:0" not in p["availability"]}
    answer = service.run(service.parse("what platinum rings do we have here"), HERE, limit=10_000)
    assert set(answer.outcome.matched) == expected
    assert "in stock at Place Vendome" in answer.answer
    assert all(row.stock_here and row.stock_here > 0 for row in answer.rows)


def test_a_boutique_named_by_one_word_of_its_name(service: SearchService) -> None:
    # "ginza" is in no English dictionary: a boutique anywhere. "rodeo", "bond" and "fifth" are English words:
    # a boutique after "at", "in" or "from", and an ordinary word elsewhere.
    assert service.parse("pearl necklaces in ginza").boutique == "Ginza"
    assert service.parse("sapphires under 5k at rodeo").boutique == "Rodeo Drive"
    assert service.parse("what is in stock in bond in white gold").boutique == "Bond Street"
    assert service.parse("the fifth ring in platinum").boutique is None
    assert service.parse("a rodeo-themed pendant").boutique is None


def test_loose_stones_and_reports_join_their_report(service: SearchService) -> None:
    answer = service.run(service.parse("loose diamonds with no fluorescence, D to F, around 1 carat"), HERE)
    assert answer.count > 0
    for row in answer.rows:
        assert row.report.endswith(row.report.split()[-1]) and row.details["fluorescence"] == "None"
        assert row.report in answer.answer.splitlines()[row.n]
    reports = service.run(service.parse("grading reports with strong blue fluorescence"), HERE, limit=10_000)
    strong = {p.stem for p in (SAMPLE / "certificates").glob("*.json") if json.loads(p.read_text())["fluorescence"] == "Strong Blue"}
    assert set(reports.outcome.matched) == strong


def test_each_row_is_cited_by_its_records_own_lines(service: SearchService) -> None:
    answer = service.run(service.parse("platinum rings under 5k"), HERE)
    assert answer.count == len(answer.rows) == len(answer.citations) > 0
    for row, citation in zip(answer.rows, answer.citations, strict=True):
        assert citation.doc_id == row.doc_id and f"[{row.n}]" in answer.answer
        assert f"USD {row.price_usd:,.0f}" in citation.quote and "Availability:" in citation.quote


def test_sort_by_price_or_carat_when_asked(service: SearchService) -> None:
    cheapest = service.run(service.parse("cheapest platinum ring"), HERE)
    prices = [r.price_usd for r in cheapest.rows]
    assert prices == sorted(prices) and len(prices) == 10 and cheapest.count > 10
    biggest = service.run(service.parse("biggest loose diamonds under 20k"), HERE)
    carats = [float(r.details["carat"]) for r in biggest.rows]
    assert carats == sorted(carats, reverse=True)


def test_none_match_names_the_constraint_that_emptied_the_set_and_the_nearest(service: SearchService) -> None:
    answer = service.run(service.parse("platinum earrings under 2000"), HERE)
    assert answer.count == 0 and answer.outcome.emptied_by == "price"
    assert "none is under USD 2,000" in answer.answer
    assert answer.rows and all(r.nearest for r in answer.rows)
    cheapest = min(r.price or 0 for r in service._catalog.catalog.pieces if r.metal_family == "platinum" and r.category == "earrings")  # noqa: SLF001
    assert answer.rows[0].price_usd == cheapest


def test_structured_constraints_without_words(service: SearchService) -> None:
    answer = service.run(Constraints(kind="loose_diamond", color_worst="E", carat_min=2.0), HERE, limit=100)
    assert answer.count and all(float(r.details["carat"]) >= 2 and r.details["color"] in "DE" for r in answer.rows)


@pytest.mark.parametrize(
    "question",
    [
        "Can a Celeste ring be resized?",
        "Which rings of the Celeste collection can be resized?",
        "What is the clarity of the diamond in AUR-RG-1010?",
        "Are they in stock at Ginza?",
        "A client wants to view loose diamonds above 3 carats. How much notice do we need?",
        "Do we have any alexandrite rings?",
        "what do we charge for a polish and refinish on a platinum ring",
        "How do I clean a platinum ring?",
    ],
)
def test_questions_about_a_record_or_a_rule_are_not_searches(service: SearchService, question: str) -> None:
    assert not service.route(question)[0].search


@pytest.mark.parametrize(
    "question",
    ["do we have sapphire earrings?", "what's in stock at Ginza in rose gold?", "platinum rings between 10 and 20k",
     "a round diamond around 1 carat, G or better, under $8,000?", "diamond studs here",
     # typed fast: no apostrophe, the boutique as "the ... boutique", the amount in words
     "need a pearl necklace for a client, whats in stock in ginza", "whats available at bond street in white gold",
     "what rings do we have in stock in the fifth avenue boutique", "anything in rose gold for under two thousand"],
)
def test_what_do_we_have_questions_are_searches(service: SearchService, question: str) -> None:
    assert service.route(question)[0].search


@pytest.mark.slow
def test_no_golden_or_associate_question_is_taken_for_a_search_but_the_one_stone_search(service: SearchService) -> None:
    routed = []
    for name in ("golden/questions.jsonl", "golden/heldout.jsonl", "associate/dev.jsonl", "associate/dev2.jsonl"):
        for line in (REPO / "eval" / name).read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            routed += [text for text in (*q.get("history", []), q["question"]) if service.route(text)[0].search]
    assert routed == ["Do you have a 3.50 ct D FL round diamond in stock?"]
