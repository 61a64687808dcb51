"""The catalog search questions as lookup tasks: loaded with their own class and asker, scored by what
the answer lists, and their manual lookup as a spreadsheet filter (filters set, rows read)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from copilot.core.api_keys import DEV_API_KEYS, ApiKey
from copilot.core.errors import InputError
from eval.timing.askers import boutique_keys, keys_env
from eval.timing.catalog_tasks import SearchSpec
from eval.timing.manual import Documents, Passage
from eval.timing.manual_catalog import CatalogFilter, filters
from eval.timing.replay import Reply
from eval.timing.saved import build_lookups, per_lookup
from eval.timing.steps import StepTimes
from eval.timing.tasks import DEFAULT_SETS, load_tasks

TIMES = StepTimes(typing_wpm=60, reading_wpm=120, search_s=2, result_opened_s=1, document_opened_s=4,
                  not_found_s=100, wrong_answer_penalty_s=50, max_searches=3, max_results=5)
QUESTION = {"id": "s-1", "class": "plain", "question": "platinum rings under $20,000",
            "spec": {"category": ["ring"], "metal": ["platinum"], "price_max": 20000},
            "asker_boutique": "Fifth Avenue", "expected": ["AUR-RG-0001", "AUR-RG-0002"], "emptying": []}


def write_set(path: Path, *rows: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def row(sku: str) -> Passage:
    return Passage(f"product:{sku}", "pieces.csv", f"Ring {sku} (SKU {sku}): ring\nMetal: Platinum\nPrice: USD 9,100", True)


def answer(count: int, ids: list[str], nearest: bool = False, refused: bool = False) -> dict[str, Any]:
    return {"display_answer": f"{count} pieces match.", "refused": refused,
            "citations": [] if nearest else [{"doc_id": f"product:{i}", "quote": "Price: USD 9,100"} for i in ids],
            "results": [{"id": i, "nearest": nearest} for i in ids], "search": {"count": count}}


def scored(tmp_path: Path, body: dict[str, Any], **changes: Any) -> dict[str, Any]:
    task = load_tasks([write_set(tmp_path / "s.jsonl", {**QUESTION, **changes})])[0]
    docs = Documents({}, [row(f"AUR-RG-{n:04d}") for n in range(1, 30)], {})
    trace = CatalogFilter(docs, row_limit=3).trace(task.search)  # type: ignore[arg-type]
    return per_lookup(build_lookups([task], [Reply(task.id, 200, body, {"round_trip": 300.0})], [trace]), TIMES)[0]


def test_a_search_set_loads_as_tasks_of_their_own_class_with_the_askers_boutique(tmp_path: Path) -> None:
    task = load_tasks([write_set(tmp_path / "dev.jsonl", QUESTION)])[0]
    assert task.question_class == "catalog_search/plain" and task.source == "search/dev"
    assert task.boutique == "Fifth Avenue" and task.search is not None
    assert task.search.expected == ("AUR-RG-0001", "AUR-RG-0002") and task.search.spec["price_max"] == 20000
    shipped = [t for t in load_tasks(DEFAULT_SETS) if t.search is not None]
    assert {t.source for t in shipped} == {"search/dev", "search/test"}
    assert all(t.question_class.startswith("catalog_search/") and t.boutique for t in shipped)


def test_a_search_line_missing_a_field_is_refused_with_its_number(tmp_path: Path) -> None:
    bad = {k: v for k, v in QUESTION.items() if k != "asker_boutique"}
    with pytest.raises(InputError, match=r"s.jsonl:2: a search question needs asker_boutique"):
        load_tasks([write_set(tmp_path / "s.jsonl", QUESTION, bad)])


def test_an_answer_listing_every_expected_record_is_right(tmp_path: Path) -> None:
    r = scored(tmp_path, answer(2, ["AUR-RG-0002", "AUR-RG-0001"]))
    assert r["correct"] and r["outcome"] == "answered"
    assert r["copilot_parts_s"]["manual_after"] == 0 and r["copilot_parts_s"]["penalty"] == 0
    # The list is read, not its quotes again: they cite the rows' own price and stock.
    assert r["copilot_parts_s"]["reading"] == pytest.approx(TIMES.reading_s(len("2 pieces match.".split())), abs=0.01)


@pytest.mark.parametrize("body", [
    answer(1, ["AUR-RG-0001"]),  # one missing
    answer(3, ["AUR-RG-0001", "AUR-RG-0002", "AUR-RG-0003"]),  # one too many
    answer(0, ["AUR-RG-0001", "AUR-RG-0002"], nearest=True, refused=True),  # "none match", nearest offered
    {"display_answer": "Both rings are platinum.", "refused": False, "citations": []},  # not answered as a search
])
def test_an_answer_missing_or_adding_a_record_is_wrong_and_costs_the_manual_lookup_and_penalty(
    tmp_path: Path, body: dict[str, Any]
) -> None:
    r = scored(tmp_path, body)
    assert not r["correct"] and r["outcome"] == "wrong"
    assert r["copilot_parts_s"]["manual_after"] == r["manual_s"] and r["copilot_parts_s"]["penalty"] == 50


def test_past_the_row_limit_the_count_and_the_rows_shown_decide(tmp_path: Path) -> None:
    many = [f"AUR-RG-{n:04d}" for n in range(1, 13)]
    assert scored(tmp_path, answer(12, many[:10]), expected=many)["correct"]
    assert not scored(tmp_path, answer(13, many[:10]), expected=many)["correct"]  # count wrong
    assert not scored(tmp_path, answer(12, [*many[:9], "AUR-RG-0099"]), expected=many)["correct"]  # a row not expected


def test_none_match_is_the_right_answer_to_an_empty_set_and_no_refusal(tmp_path: Path) -> None:
    r = scored(tmp_path, answer(0, ["AUR-RG-0001"], nearest=True, refused=True), expected=[])
    assert r["correct"] and r["outcome"] == "answered" and r["copilot_parts_s"]["manual_after"] == 0
    assert not scored(tmp_path, answer(1, ["AUR-RG-0001"]), expected=[])["correct"]


def test_a_question_the_copilot_refused_outside_search_is_followed_by_the_manual_lookup(tmp_path: Path) -> None:
    r = scored(tmp_path, {"refused": True, "refusal_reason": "Not in the documents.", "related": []})
    assert r["outcome"] == "refused" and not r["correct"]
    assert r["copilot_parts_s"]["manual_after"] == r["manual_s"] and r["copilot_parts_s"]["penalty"] == 0


def test_the_manual_lookup_sets_one_filter_per_column_and_reads_the_rows_until_all_are_seen() -> None:
    docs = Documents({}, [row(f"AUR-RG-{n:04d}") for n in (5, 2, 9, 1)], {})
    spec = {"kind": "piece", "category": ["ring"], "metal": ["white gold"], "price_min": 1000, "price_max": 5000}
    trace = CatalogFilter(docs, row_limit=10).trace(SearchSpec(spec, ("AUR-RG-0001", "AUR-RG-0002"), "plain"))
    counts = trace.counts(TIMES)
    # kind picks the sheet; the price range is one filter with both bounds typed.
    assert filters(spec) == {"category": 4, "metal": 10, "price": 8}
    assert counts == {"searches": 0, "filters": 3, "chars_typed": 22, "documents": 1, "results": 2,
                      "words": 16, "found": True}  # of each row, its name and code (5 words) and its price (3), not its metal
    # The rows are read in sheet order: RG-0002 comes before RG-0001 and the lookup ends at RG-0001.
    assert [s.kind for s in trace.steps] == ["document", "filter", "filter", "filter", "result", "result"]
    assert trace.seconds(TIMES) == pytest.approx(4 + 3 * 2 + 22 / 5 / 60 * 60 + 2 * 1 + 16 / 120 * 60)


def test_past_the_row_limit_the_manual_lookup_reads_as_many_rows_as_the_answer_lists() -> None:
    docs = Documents({}, [row(f"AUR-RG-{n:04d}") for n in range(1, 30)], {})
    expected = tuple(f"AUR-RG-{n:04d}" for n in range(1, 30))
    counts = CatalogFilter(docs, row_limit=4).trace(SearchSpec({"metal": ["platinum"]}, expected, "plain")).counts(TIMES)
    assert counts["results"] == 4 and counts["filters"] == 1 and counts["found"]


def test_an_empty_set_is_seen_once_the_filters_are_set_and_a_missing_record_is_never_found() -> None:
    docs = Documents({}, [row("AUR-RG-0001")], {})
    empty = CatalogFilter(docs, 10).trace(SearchSpec({"color_best": "D", "color_worst": "D"}, (), "none")).counts(TIMES)
    assert empty == {"searches": 0, "filters": 1, "chars_typed": 2, "documents": 1, "results": 0, "words": 0, "found": True}
    missing = CatalogFilter(docs, 10).trace(SearchSpec({"metal": ["gold"]}, ("AUR-RG-0001", "AUR-RG-7777"), "plain"))
    assert not missing.counts(TIMES)["found"] and missing.seconds(TIMES) > TIMES.not_found_s


def test_each_boutique_is_asked_with_a_key_of_its_own() -> None:
    configured = {**DEV_API_KEYS, "bond-key": ApiKey(role="associate", name="B", boutique="Bond Street")}
    keys, minted = boutique_keys(["Place Vendome", "Bond Street", "Ginza", ""], configured, "dev-associate-key", mint=True)
    assert keys["Place Vendome"] == "dev-associate-key" and keys["Bond Street"] == "bond-key"
    assert list(minted) == [keys["Ginza"]] and minted[keys["Ginza"]].boutique == "Ginza"
    env = json.loads(keys_env(configured, minted)["COPILOT_API_KEYS"])
    assert set(env) == {*configured, keys["Ginza"]} and env[keys["Ginza"]]["role"] == "associate"
    # A service already running is asked only with the keys it shares: no boutique gets a minted key.
    keys, minted = boutique_keys(["Ginza"], configured, "dev-associate-key", mint=False)
    assert keys == {} and minted == {} and keys_env(configured, minted) == {}
