"""Provenance records: the JSON format is validated field by field, a bad record is named and skipped
while the others load, and a good one becomes a chunk of labelled lines found by what it covers."""

from __future__ import annotations

import json
from pathlib import Path

from ingestion.chunking import provenance_chunk
from ingestion.loaders.records_json import load_records_json
from ingestion.records import CertificateRecord, ProvenanceRecord
from ingestion.sources import SourceFile, parse
from ingestion.chunking import MarkdownChunker
from tests.support.corpus import certificate

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def record(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "provenance_id": "PRV-2026-0001",
        "record_date": "2026-03-01",
        "sku": "AUR-RG-6019",
        "stone": "emerald",
        "origin_country": "Colombia",
        "origin_region": "Boyaca",
        "mine": "Muzo mine",
        "treatments": ["minor traditional oil (clarity enhancement)"],
        "metal": "18k Yellow Gold",
        "metal_sourcing": "recycled",
        "metal_certificate": "VAL-RG-2025-0412",
        "vendor": {"name": "Cordillera Verde Gems S.A.S.", "compliance_status": "compliant", "audit_date": "2026-02-01"},
        "chain_of_custody": [
            {"date": "2025-04-08", "event": "mined", "party": "Muzo mine operator", "location": "Boyaca, Colombia"},
            {"date": "2025-08-06", "event": "received", "party": "Maison Aurelle", "document": "invoice INV-2025-00212"},
        ],
    }
    data.update(overrides)
    return data


def _load(tmp_path: Path, data: object) -> tuple[list[object], list[str]]:
    path = tmp_path / "AUR-RG-6019.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_records_json(path, "provenance/AUR-RG-6019.json")
    return [r for _, r in loaded.records], [str(p) for p in loaded.invalid]


def test_a_valid_record_loads_with_its_vendor_and_custody(tmp_path: Path) -> None:
    [rec], problems = _load(tmp_path, record())
    assert problems == []
    assert isinstance(rec, ProvenanceRecord)
    assert (rec.sku, rec.origin_country, rec.vendor.name, len(rec.chain_of_custody)) == (
        "AUR-RG-6019", "Colombia", "Cordillera Verde Gems S.A.S.", 2)


def test_a_grading_report_in_the_same_folder_is_still_a_certificate(tmp_path: Path) -> None:
    [rec], problems = _load(tmp_path, certificate("1000000001"))
    assert problems == [] and isinstance(rec, CertificateRecord)


def _problem(tmp_path: Path, **overrides: object) -> str:
    records, problems = _load(tmp_path, record(**overrides))
    assert records == [] and len(problems) == 1, problems
    return problems[0]


def test_each_broken_rule_is_named_with_its_file_and_field(tmp_path: Path) -> None:
    where = "provenance/AUR-RG-6019.json record: "
    assert _problem(tmp_path, sku="", stock_number="", report_number="").startswith(where + "covers nothing")
    assert _problem(tmp_path, stone="emerald", origin_country="") == where + "origin_country is required for the emerald it documents"
    assert "needs the kimberley_process_certificate" in _problem(tmp_path, stone="diamond", origin_country="Canada")
    assert "covers rough diamonds only" in _problem(tmp_path, kimberley_process_certificate="CA-KP-2024-403688")
    assert "needs its metal_certificate" in _problem(tmp_path, metal_certificate="")
    assert _problem(tmp_path, metal_sourcing="upcycled").startswith(where + 'metal_sourcing: "upcycled" Input should be')
    assert _problem(tmp_path, vendor={"name": "X Gems", "compliance_status": "compliant", "audit_date": "yesterday"}).startswith(
        where + "vendor.audit_date:")
    assert _problem(tmp_path, origin="Colombia").startswith(where + 'origin: "Colombia" is not a known column/field')
    assert "not in date order" in _problem(tmp_path, chain_of_custody=list(reversed(record()["chain_of_custody"])))  # type: ignore[call-overload]
    assert "after the record_date" in _problem(tmp_path, record_date="2025-05-01")
    assert _problem(tmp_path, sku="RING-7").startswith(where + 'sku: "RING-7"')


def test_in_a_list_a_bad_record_is_skipped_and_the_others_load(tmp_path: Path) -> None:
    good = record(provenance_id="PRV-2026-0002")
    records, problems = _load(tmp_path, [record(vendor={}), good, good, "text"])
    assert [r.provenance_id for r in records] == ["PRV-2026-0002"]  # type: ignore[attr-defined]
    assert any(p.startswith("provenance/AUR-RG-6019.json record 1: vendor.name: is required") for p in problems), problems
    assert "provenance/AUR-RG-6019.json record 3: PRV-2026-0002 repeats record 2; the first one is kept" in problems
    assert "provenance/AUR-RG-6019.json record 4: is not a JSON object" in problems


def test_the_chunk_is_labelled_lines_indexed_under_what_it_covers() -> None:
    rec = ProvenanceRecord.model_validate(record(report_number="1000000001"))
    chunk = provenance_chunk(rec, "provenance/AUR-RG-6019.json")
    lines = dict(line.split(": ", 1) for line in chunk.text.splitlines()[1:])
    assert lines["Origin"] == "emerald from Colombia, Boyaca, Muzo mine"
    assert lines["Kimberley Process certificate"].startswith("not applicable: the record documents an emerald")
    assert lines["Metal sourcing"] == "recycled 18k Yellow Gold, certificate VAL-RG-2025-0412"
    assert lines["Vendor"] == "Cordillera Verde Gems S.A.S., compliant, last audited 2026-02-01"
    meta = chunk.metadata()
    assert (chunk.doc_type, meta["sku"], meta["report_number"]) == ("provenance_record", "AUR-RG-6019", "1000000001")


def test_every_sample_record_is_valid_and_parsed_into_one_chunk() -> None:
    files = sorted((SAMPLE / "provenance").glob("*.json"))
    assert len(files) >= 200
    chunker = MarkdownChunker(200, 30)
    for path in files:
        parsed = parse(SourceFile(path, path.name), chunker)
        assert parsed.invalid == [] and [c.doc_type for c in parsed.chunks] == ["provenance_record"], path
        assert parsed.chunks[0].sku == path.stem
