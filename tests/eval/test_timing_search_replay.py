"""A search task replayed over HTTP: a small corpus ingested, `copilot serve` started with an associate
key of the asker's boutique, the question asked with it, scored by what the answer lists, and the
harness's report row for it (class, outcome, the filters and rows of its manual lookup)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copilot.core.api_keys import DEV_API_KEYS
from copilot.core.settings import Settings
from eval.timing.askers import boutique_keys, keys_env
from eval.timing.harness import RunOptions, manual_traces, run_lookups
from eval.timing.manual import Documents
from eval.timing.replay import Replayer
from eval.timing.saved import build_lookups
from eval.timing.service import started_service
from eval.timing.steps import load_steps
from eval.timing.tasks import load_tasks
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from tests.support.corpus import write_small_corpus

SEARCH = {"id": "s-1", "class": "plain", "question": "platinum rings under $20,000",
          "spec": {"category": ["ring"], "metal": ["platinum"], "price_max": 20000},
          "asker_boutique": "Fifth Avenue", "expected": ["AUR-RG-0001", "AUR-RG-0002"], "emptying": []}
# The same question with one ring left out of what is expected: an answer listing both is wrong.
SEARCH_WRONG = {**SEARCH, "id": "s-2", "expected": ["AUR-RG-0002"]}
GOLDEN = {"id": "t-001", "category": "spec-sku", "class": "record_field", "question": "What is the price of AUR-RG-0002?",
          "expected_doc_ids": ["product:AUR-RG-0002"], "facts": ["USD 9,100"], "answerable": True, "history": []}


@pytest.mark.slow
def test_a_search_task_is_asked_over_http_as_its_boutique_and_scored_by_what_is_listed(
    tmp_path: Path, embedder: Embedder
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    assert make_ingestor(settings, embedder=lambda: embedder).ingest([write_small_corpus(tmp_path / "corpus")]).invalid == []
    (tmp_path / "search.jsonl").write_text("".join(json.dumps(r) + "\n" for r in (SEARCH, SEARCH_WRONG)), encoding="utf-8")
    (tmp_path / "golden.jsonl").write_text(json.dumps(GOLDEN) + "\n", encoding="utf-8")
    tasks = load_tasks([tmp_path / "golden.jsonl", tmp_path / "search.jsonl"])
    keys, minted = boutique_keys((t.boutique for t in tasks), DEV_API_KEYS, "dev-associate-key", mint=True)
    assert list(keys) == ["Fifth Avenue"] and minted  # the dev keys are Place Vendome's

    with started_service(settings.data_dir, env=keys_env(DEV_API_KEYS, minted)) as base:
        replayer = Replayer(base, boutique_keys=keys)
        replies = replayer.run(tasks)
        replayer.close()
        search = replies[1]
        assert search.ok and search.body["search"]["count"] == 2, search.body
        assert {r["id"] for r in search.body["results"]} == {"AUR-RG-0001", "AUR-RG-0002"}
        # Asked as an associate of Fifth Avenue: the rows' "here" stock is Fifth Avenue's.
        assert "here (Fifth Avenue)" in search.body["answer"]
        assert all(r["stock_here"] == 1 for r in search.body["results"])

        times, sources = load_steps()
        lookups = build_lookups(tasks, replies, manual_traces(tasks, Documents.from_index(settings.data_dir), 10))
        assert [lk.outcome for lk in lookups[1:]] == ["answered", "wrong"]
        assert lookups[1].score.correct and not lookups[2].score.correct

        # The harness against the same service (the minted key configured there): its report rows.
        options = RunOptions(settings.data_dir, url=base, concurrency=(1,), cold_starts=0,
                             api_keys={**DEV_API_KEYS, **minted})
        report = run_lookups(tasks, times, sources, options)
    assert report["askers"] == {"Fifth Avenue": "configured key"}
    rows = {r["id"]: r for r in report["lookups"]}
    assert rows["s-1"]["class"] == "catalog_search/plain" and rows["s-1"]["set"] == "search/search"
    assert rows["s-1"]["outcome"] == "answered" and rows["s-2"]["outcome"] == "wrong"
    # By hand: the sheet opened, category, metal and price filters set, the two rings read.
    assert rows["s-1"]["manual_steps"] == {"searches": 0, "filters": 3, "chars_typed": len("ringplatinum20000"),
                                           "documents": 1, "results": 2, "words": rows["s-1"]["manual_steps"]["words"],
                                           "found": True}
    assert rows["s-1"]["manual_steps"]["words"] > 0
    assert rows["s-2"]["copilot_parts_s"]["penalty"] == times.wrong_answer_penalty_s
    assert "catalog_search/plain" in report["saving_by_class"] and report["accuracy"]["by_class"]["catalog_search/plain"]["n"] == 2
