"""Provenance and repair-history questions on pieces of the sample corpus, through the real pipeline
(real Chroma, model and presidio): answered and cited from the provenance record or the repair notes;
a piece with none gets the honest answer, never the catalog's description."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from guardrails.redaction import PiiRedactor
from guardrails.redaction.redactor import Analyzer
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "sample"
# With a record: AUR-RG-6019 (Colombian emerald), AUR-BR-3027 (gold bracelet), AUR-RG-1181 (diamond, two repairs),
# AUR-PD-6146 (record contradicts the catalog). Without one: AUR-RG-6195 (Zambian emerald), AUR-RG-1010 (diamond).
PIECES = ("AUR-RG-6019", "AUR-BR-3027", "AUR-RG-1181", "AUR-PD-6146", "AUR-RG-6195", "AUR-RG-1010")


@pytest.fixture(scope="module")
def copilot(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, analyzer: Analyzer, factory: Callable[[Settings], Copilot]
) -> Copilot:
    root = tmp_path_factory.mktemp("provenance")
    corpus = root / "corpus"
    (corpus / "catalog").mkdir(parents=True)
    with (SAMPLE / "catalog" / "pieces.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = [row for row in reader if row["sku"] in PIECES]
        with (corpus / "catalog" / "pieces.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
            writer.writeheader()
            writer.writerows(rows)
    for name, wanted in (("certificates", [r["certificate_number"] for r in rows if r["certificate_number"]]),
                         ("provenance", list(PIECES))):
        (corpus / name).mkdir()
        for stem in wanted:
            if (SAMPLE / name / f"{stem}.json").exists():
                shutil.copy(SAMPLE / name / f"{stem}.json", corpus / name)
    shutil.copytree(SAMPLE / "repairs", corpus / "repairs")
    shutil.copytree(SAMPLE / "policies", corpus / "policies")
    settings = Settings(data_dir=root / "data")
    redactor = PiiRedactor(analyzer)
    report = make_ingestor(settings, embedder=lambda: embedder, redact=lambda text: redactor.redact(text).text).ingest([corpus])
    assert report.invalid == [], report.invalid
    return factory(settings)


def _cited(result, doc_type: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.quote for c in result.citations if c.doc_type == doc_type]


def test_where_a_stone_comes_from_is_answered_from_its_provenance_record(copilot: Copilot) -> None:
    result = copilot.ask("Where does the emerald in AUR-RG-6019 come from?")
    assert not result.refused, result.answer
    assert _cited(result, "provenance_record") == ["Origin: emerald from Colombia, Boyaca, Chivor mine"]
    assert result.citations[0].source.endswith("provenance/AUR-RG-6019.json")
    assert "Colombian emerald" not in result.answer  # the catalog's words are not the evidence


def test_a_record_that_contradicts_the_catalog_is_what_is_quoted(copilot: Copilot) -> None:
    result = copilot.ask("what is the origin of the emerald in AUR-PD-6146?")
    assert _cited(result, "provenance_record") == ["Origin: emerald from Zambia, Copperbelt Province, Kagem mine"]


def test_whether_the_gold_is_recycled_is_answered_from_the_metal_certificate(copilot: Copilot) -> None:
    result = copilot.ask("Is the gold in this bracelet AUR-BR-3027 recycled?")
    assert not result.refused, result.answer
    [quote] = _cited(result, "provenance_record")
    assert quote.startswith("Metal sourcing: recycled 18k Yellow Gold, certificate VAL-RG-")


def test_a_kimberley_process_certificate_is_quoted_and_a_coloured_stone_is_said_to_need_none(copilot: Copilot) -> None:
    diamond = copilot.ask("Does AUR-RG-1181 have a Kimberley Process certificate?")
    [quote] = _cited(diamond, "provenance_record")
    assert quote.startswith("Kimberley Process certificate: CA-KP-") and quote.endswith("(rough diamonds)")
    emerald = copilot.ask("Does AUR-RG-6019 have a Kimberley Process certificate?")
    assert _cited(emerald, "provenance_record") == [
        "Kimberley Process certificate: not applicable: the record documents an emerald, not a diamond"]


@pytest.mark.parametrize(
    ("question", "sku"),
    [
        ("Where does the emerald in AUR-RG-6195 come from?", "AUR-RG-6195"),
        ("Does AUR-RG-1010 have a Kimberley Process certificate?", "AUR-RG-1010"),
        ("is the platinum of AUR-RG-1010 recycled?", "AUR-RG-1010"),
        # named in words: its name's "Emerald" and "2.17 ct" ask for no field
        ("Where does the emerald of the Verdure Emerald Ring, 2.17 ct come from?", "Verdure Emerald Ring, 2.17 ct (AUR-RG-6195)"),
    ],
)
def test_a_piece_without_a_record_gets_the_honest_answer_not_its_description(copilot: Copilot, question: str, sku: str) -> None:
    result = copilot.ask(question)
    assert result.refused and result.citations == []
    assert result.refusal_reason.startswith(f"The house holds no provenance record for {sku}")
    assert "Zambian" not in result.answer and "Colombian" not in result.answer


def test_a_repaired_piece_lists_each_repair_from_its_notes_redacted(copilot: Copilot) -> None:
    result = copilot.ask("Has AUR-RG-1181 been repaired before?")
    assert not result.refused, result.answer
    quotes = _cited(result, "repair_note")
    assert len(quotes) == 2 and all(q.startswith("Work done: ") for q in quotes)
    assert "re-tipped the four prongs" in quotes[0] and "tightened the centre stone" in quotes[1]
    assert {c.title for c in result.citations if c.doc_type == "repair_note"} == {"Repair note R-2025-00412", "Repair note R-2026-00118"}
    assert "Whitcombe" not in str(result.passages) and "7946" not in str(result.passages)


def test_a_piece_never_repaired_gets_no_repair_recorded(copilot: Copilot) -> None:
    result = copilot.ask("has AUR-RG-1010 ever been repaired?")
    assert result.refused and result.citations == []
    assert result.refusal_reason.startswith("No repair is recorded for AUR-RG-1010")


def test_a_question_about_the_repair_rules_still_goes_to_the_policy(copilot: Copilot) -> None:
    result = copilot.ask("Can AUR-RG-1181 be repaired at the Paris Atelier, and how long does it take?")
    assert not _cited(result, "repair_note")
