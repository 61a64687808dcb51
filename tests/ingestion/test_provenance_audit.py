"""The catalog audit lists pieces whose provenance record is missing, expired or at odds with the catalog."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ingestion.audit import audit_paths
from tests.ingestion.test_provenance_records import record
from tests.support.corpus import piece, write_pieces

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def _catalog(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    emerald = dict(center_stone="emerald", center_cut="", center_color="", center_clarity="", total_carat_weight="",
                   stones="Center: 1 cushion-cut Colombian emerald, 4.41 ct, vivid green")
    write_pieces(tmp_path / "catalog" / "pieces.csv", [
        piece("AUR-RG-6001", **emerald), piece("AUR-RG-6002", **emerald), piece("AUR-RG-6003", **emerald),
        piece("AUR-RG-6004", **emerald), piece("AUR-BR-3001", center_stone="", stones="", category="bracelet", size="",
                                                resizable="n/a", resizing_note="")])
    folder = tmp_path / "provenance"
    folder.mkdir()
    for rec in records:
        (folder / f"{rec['provenance_id']}.json").write_text(json.dumps(rec), encoding="utf-8")
    return tmp_path


def test_missing_expired_and_contradicting_records_are_each_listed(tmp_path: Path) -> None:
    root = _catalog(tmp_path, [
        record(provenance_id="PRV-2026-0001", sku="AUR-RG-6001"),
        record(provenance_id="PRV-2026-0002", sku="AUR-RG-6002",
               vendor={"name": "Old Audit Gems", "compliance_status": "under review", "audit_date": "2025-01-01"}),
        record(provenance_id="PRV-2026-0003", sku="AUR-RG-6003", origin_country="Zambia", mine="Kagem mine"),
        record(provenance_id="PRV-2026-0004", sku="AUR-RG-9999"),
    ])
    report = audit_paths([root], today=date(2026, 12, 1), provenance_max_age_days=365)

    assert report.provenance_records == 4
    assert [(f.item, f.problem) for f in report.provenance_missing] == [("AUR-RG-6004", "no provenance record")]
    assert [(f.item, f.problem) for f in report.provenance_expired] == [
        ("AUR-RG-6002", "vendor audit expired"), ("AUR-RG-6002", "vendor not in good standing")]
    assert "699 days ago (limit 365)" in report.provenance_expired[0].detail
    assert {(f.item, f.problem, f.detail) for f in report.provenance_contradictions} == {
        ("AUR-RG-6003", "origin contradicts the catalog", 'catalog says "Colombian"; the record says Zambia'),
        ("AUR-RG-9999", "covers a piece the catalog lacks", "no catalog row has SKU AUR-RG-9999"),
    }
    assert report.counts["provenance_missing"] == 1 and "Pieces without a provenance record (1)" in report.to_markdown()


def test_a_younger_limit_expires_more_and_an_origin_said_of_other_stones_is_no_contradiction(tmp_path: Path) -> None:
    root = _catalog(tmp_path, [record(provenance_id="PRV-2026-0001", sku="AUR-RG-6001", stone="diamond", origin_country="Canada",
                                      kimberley_process_certificate="CA-KP-2024-403688")])
    # The catalog's "Colombian emerald" speaks of an emerald; the record documents a diamond.
    report = audit_paths([root], today=date(2026, 12, 1), provenance_max_age_days=30)
    assert [f.problem for f in report.provenance_contradictions] == ["stone contradicts the catalog"]
    assert [f.problem for f in report.provenance_expired] == ["vendor audit expired"]


def test_a_catalog_audited_without_any_provenance_record_is_not_told_each_piece_lacks_one(tmp_path: Path) -> None:
    report = audit_paths([_catalog(tmp_path, [])], today=date(2026, 12, 1))
    assert report.provenance_missing == [] and report.provenance_records == 0


def test_the_sample_corpus_planted_provenance_gaps_are_found() -> None:
    report = audit_paths([SAMPLE], today=date(2026, 12, 1))
    missing = {f.item for f in report.provenance_missing}
    assert {"AUR-RG-6195", "AUR-RG-1010"} <= missing and len(missing) == 84
    assert "AUR-RG-6019" not in missing
    assert {f.item for f in report.provenance_contradictions} == {"AUR-PD-6146", "AUR-RG-7133", "AUR-RG-7082"}
    vendors = {f.detail.split(" last audited")[0] for f in report.provenance_expired if f.problem == "vendor audit expired"}
    assert vendors == {"Rangiroa Lagoon Pearls", "Ilakaka Blue Trading SARL"}
    assert report.invalid_records == []
