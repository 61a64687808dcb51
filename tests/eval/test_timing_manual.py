"""The modelled manual lookup: what it types, opens and reads on hand-made documents, and the
seconds the per-step times give it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from copilot.core.errors import InputError
from eval.timing.cli import app
from eval.timing.manual import Documents, ManualLookup, Passage, keywords, stem
from eval.timing.steps import ASSUMPTIONS, STEPS_FILE, StepTimes, load_steps
from eval.timing.tasks import FORBIDDEN, load_tasks

TIMES = StepTimes(typing_wpm=60, reading_wpm=120, search_s=2, result_opened_s=1, document_opened_s=4,
                  not_found_s=100, wrong_answer_penalty_s=50, max_searches=3, max_results=5)
ROW = "Celeste Ring (SKU AUR-RG-0001): ring of the Celeste collection\nMetal: Platinum\nCertificate: MGL report 2214587390\nPrice: USD 18,400"
CERT = "Grading report 2214587390: MGL\nColor grade: G\nFluorescence: Faint"


def documents() -> Documents:
    policy = [
        Passage("policy:p", "policy:p", "Unworn pieces may be returned within 30 days. Engraved pieces are final sale.", False),
        Passage("policy:p", "policy:p", "Rings can be resized up to two sizes. Eternity bands cannot be resized.", False),
    ]
    care = [Passage("aftercare:a", "aftercare:a", "Pearls are strung on silk. Restring pearls every two years.", False)]
    records = [
        Passage("product:AUR-RG-0001", "pieces.csv", ROW, True),
        Passage("certificate:2214587390", "certificates/2214587390.json", CERT, True),
    ]
    return Documents({"policy:p": policy, "aftercare:a": care}, records, {"celeste ring": "product:AUR-RG-0001"})


def test_a_code_is_filtered_in_the_spreadsheet_and_read_down_to_the_answer() -> None:
    trace = ManualLookup(documents()).trace("What does AUR-RG-0001 cost?", ["USD 18,400"])
    counts = trace.counts(TIMES)
    assert counts == {"searches": 1, "filters": 0, "chars_typed": len("AUR-RG-0001"), "documents": 1, "results": 1,
                      "words": len(ROW.split()), "found": True}
    expected = 2 + len("AUR-RG-0001") / 5 / 60 * 60 + 4 + 1 + len(ROW.split()) / 120 * 60
    assert trace.seconds(TIMES) == pytest.approx(expected)


def test_a_piece_row_leads_to_its_grading_report() -> None:
    trace = ManualLookup(documents()).trace("fluorescence of its stone?", ["Fluorescence: Faint"], history=["AUR-RG-0001 price?"])
    counts = trace.counts(TIMES)
    assert counts["found"] and counts["searches"] == 2 and counts["documents"] == 2


def test_a_manual_word_is_found_hit_by_hit_reading_the_sentences_that_hold_it() -> None:
    trace = ManualLookup(documents()).trace("Can an eternity band be resized?", ["cannot be resized"])
    counts = trace.counts(TIMES)
    assert counts["found"] and counts["searches"] == 1  # "eternity", the longest word, is typed first
    assert counts["words"] == len("Eternity bands cannot be resized.".split())


def test_an_unanswerable_lookup_gives_up_at_the_budget_and_asks_the_manager() -> None:
    trace = ManualLookup(documents()).trace("Which pieces are sold in Milan boutiques?", [])
    counts = trace.counts(TIMES)
    assert not counts["found"] and counts["searches"] == TIMES.max_searches
    assert trace.seconds(TIMES) > TIMES.not_found_s
    tighter = TIMES.scaled("max_searches", 1 / 3)
    assert tighter.max_searches == 1
    assert trace.seconds(tighter) < trace.seconds(TIMES)


def test_keywords_leave_out_function_words_and_codes_and_put_the_longest_first() -> None:
    assert keywords("can she still return it if we ENGRAVED it? AUR-RG-0001") == ["engrav", "return"]
    assert stem("pearls") == "pearl" and stem("ring") == "ring"


def test_the_steps_file_gives_every_value_a_source_and_a_version() -> None:
    times, sources = load_steps()
    assert times.version >= 1
    assert set(sources) == set(ASSUMPTIONS) and all(len(s) > 20 for s in sources.values())


def test_a_broken_steps_file_is_refused_with_its_path(tmp_path: Path) -> None:
    broken = tmp_path / "steps.yaml"
    broken.write_text(STEPS_FILE.read_text(encoding="utf-8").replace("reading_wpm:", "reading_speed:"), encoding="utf-8")
    with pytest.raises(InputError, match="steps.yaml"):
        load_steps(broken)


def test_the_associate_test_half_is_never_replayed() -> None:
    with pytest.raises(InputError, match="test half"):
        load_tasks([FORBIDDEN])


def test_requests_for_personal_data_are_no_lookups() -> None:
    tasks = load_tasks()
    assert tasks and all(t.question_class != "refuse_always" for t in tasks)
    assert {t.source for t in tasks} == {"questions", "dev", "dev2", "search/dev", "search/test"}


def test_the_command_says_what_is_wrong_before_starting_anything(tmp_path: Path) -> None:
    runner = CliRunner()
    refused = runner.invoke(app, ["lookups", "--data-dir", str(tmp_path), "--set", str(FORBIDDEN)])
    assert refused.exit_code == 2 and "test half" in refused.output
    no_index = runner.invoke(app, ["lookups", "--data-dir", str(tmp_path / "none"), "--limit", "3"])
    assert no_index.exit_code == 2 and "no index in" in no_index.output
