"""Provenance records and repair notes through the real ingestion pipeline (real model and Chroma): found
by the identifiers they cover, re-ingested incrementally, bad records reported and nothing lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from ingestion.index_db import IndexDB
from tests.ingestion.test_provenance_records import record
from tests.support.corpus import piece, write_pieces

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def _corpus(root: Path) -> Path:
    write_pieces(root / "catalog" / "pieces.csv", [piece("AUR-RG-6019", certificate_number="1000000001"), piece("AUR-RG-6195")])
    (root / "provenance").mkdir()
    (root / "provenance" / "AUR-RG-6019.json").write_text(json.dumps(record(report_number="1000000001")), encoding="utf-8")
    (root / "repairs").mkdir()
    shutil.copy(SAMPLE / "repairs" / "R-2025-00733.md", root / "repairs")  # a repair of AUR-RG-6019
    return root


def test_the_record_and_the_repair_note_are_found_by_the_sku_and_report_they_cover(
    tmp_path: Path, settings: Settings, embedder: Embedder
) -> None:
    report = make_ingestor(settings, embedder=lambda: embedder).ingest([_corpus(tmp_path / "corpus")])
    assert report.invalid == []
    index = IndexDB(settings.index_db)
    assert index.lookup_identifier("AUR-RG-6019") == [
        "product:AUR-RG-6019", "provenance:PRV-2026-0001", "repair_note:R-2025-00733#000"]
    assert "provenance:PRV-2026-0001" in index.lookup_identifier("1000000001")
    assert index.lookup_identifier("AUR-RG-6195") == ["product:AUR-RG-6195"]
    note = index.get_chunks(["repair_note:R-2025-00733#000"])["repair_note:R-2025-00733#000"]
    assert "Okafor" not in note.text and "555-0147" not in note.text and "<PERSON_1>" in note.text
    assert "Work done: 2025-10-20, the Paris Atelier re-oiled the emerald" in note.text


def test_reingest_embeds_only_the_record_that_changed_and_reports_a_bad_one(
    tmp_path: Path, settings: Settings, embedder: Embedder
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    (corpus / "provenance" / "AUR-RG-6195.json").write_text(
        json.dumps(record(provenance_id="PRV-2026-0002", sku="AUR-RG-6195", mine="Chivor mine")), encoding="utf-8")
    ingestor = make_ingestor(settings, embedder=lambda: embedder)
    ingestor.ingest([corpus])

    before = embedder.texts_embedded
    unchanged = ingestor.ingest([corpus])
    assert embedder.texts_embedded == before and unchanged.chunks_embedded == 0

    (corpus / "provenance" / "AUR-RG-6195.json").write_text(
        json.dumps(record(provenance_id="PRV-2026-0002", sku="AUR-RG-6195", mine="Kagem mine", origin_country="Zambia")),
        encoding="utf-8")
    (corpus / "provenance" / "AUR-RG-6019.json").write_text(json.dumps(record(vendor={"name": "X"})), encoding="utf-8")
    changed = ingestor.ingest([corpus])
    assert changed.chunks_embedded == 1 and embedder.texts_embedded == before + 1  # only the edited record
    assert sorted(Path(s).name for s in changed.updated) == ["AUR-RG-6019.json", "AUR-RG-6195.json"]
    problems = [str(p) for p in changed.invalid]
    assert any(p.endswith("AUR-RG-6019.json record: vendor.compliance_status: is required but missing") for p in problems), problems
    index = IndexDB(settings.index_db)
    assert "Origin: emerald from Zambia" in index.get_chunks(["provenance:PRV-2026-0002"])["provenance:PRV-2026-0002"].text
    # The file's one record is invalid now: its old chunk is gone rather than left stale.
    assert index.lookup_identifier("AUR-RG-6019") == ["product:AUR-RG-6019", "repair_note:R-2025-00733#000"]
