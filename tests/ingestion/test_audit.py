"""Tests of the catalog audit: small catalogs written to tmp_path with planted defects, and the sample corpus.

Each test asserts the audit finds exactly what was planted, and nothing on a clean catalog.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from ingestion.audit import LOOSE, PIECE, AuditReport, audit_paths, render_audit, save_audit

PIECE_HEADER = (
    "sku,name,collection,category,metal,metal_purity,stones,center_stone,center_carat,center_cut,center_color,"
    "center_clarity,certificate_number,certificate_lab,total_carat_weight,size,resizable,resizing_note,length_cm,"
    "price_usd,availability,description"
).split(",")
LOOSE_HEADER = (
    "stock_number,shape,carat,cut,color,clarity,depth_pct,table_pct,length_mm,width_mm,depth_mm,price_usd,"
    "certificate_number,certificate_lab,availability"
).split(",")
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def _ring(n: int, **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "sku": f"AUR-RG-{n:04d}",
        "name": f"Solitaire {n}",
        "collection": "Lumière",
        "category": "ring",
        "metal": "18k Yellow Gold",
        "metal_purity": "750",
        "stones": "pavé diamonds",
        "center_stone": "diamond",
        "center_carat": 1.0,
        "center_cut": "Excellent",
        "center_color": "G",
        "center_clarity": "VS1",
        "certificate_number": f"10000000{n:02d}",
        "certificate_lab": "GIA",
        "total_carat_weight": 1.2,
        "size": "52",
        "resizable": "yes",
        "resizing_note": "French size 52 (US 6). Can be resized by up to two sizes.",
        "length_cm": "",
        "price_usd": 4000 + 1000 * n,
        "availability": "Fifth Avenue:1; Place Vendome:0",
        "description": "A round brilliant on a knife-edge band.",
    }
    return {**row, **overrides}


def _necklace(n: int, **overrides: object) -> dict[str, object]:
    row = _ring(n, sku=f"AUR-NK-{n:04d}", category="necklace", center_stone="", center_carat="", center_cut="")
    row.update(center_color="", center_clarity="", certificate_number="", certificate_lab="", size="", resizing_note="")
    return {**row, "resizable": "n/a", "length_cm": 42, **overrides}


def _loose(n: int, **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "stock_number": f"AUR-LD-{n:05d}",
        "shape": "Round",
        "carat": 1.0,
        "cut": "Ideal",
        "color": "G",
        "clarity": "VS1",
        "depth_pct": 61.8,
        "table_pct": 57,
        "length_mm": 6.4,
        "width_mm": 6.42,
        "depth_mm": 3.96,
        "price_usd": 9000 + 100 * n,
        "certificate_number": f"20000000{n:02d}",
        "certificate_lab": "GIA",
        "availability": "Fifth Avenue:1",
    }
    return {**row, **overrides}


def _certificate(number: str, carat: float = 1.0, color: str = "G", clarity: str = "VS1") -> dict[str, object]:
    # Cut deliberately differs from the catalog's "Ideal": the audit must not compare cut grades.
    return {
        "report_number": number,
        "lab": "GIA",
        "report_date": "2024-03-01",
        "shape": "Round Brilliant",
        "carat": carat,
        "color": color,
        "clarity": clarity,
        "cut": "Excellent",
    }


def _write_csv(path: Path, header: list[str], rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def _write_catalog(
    root: Path, pieces: list[dict[str, object]], loose: list[dict[str, object]], certificates: list[dict[str, object]]
) -> Path:
    _write_csv(root / "catalog" / "pieces.csv", PIECE_HEADER, pieces)
    _write_csv(root / "catalog" / "loose_diamonds.csv", LOOSE_HEADER, loose)
    (root / "certificates").mkdir(parents=True)
    for cert in certificates:
        (root / "certificates" / f"{cert['report_number']}.json").write_text(json.dumps(cert), encoding="utf-8")
    # Manuals sit beside the catalog in the real corpus; the audit must skip them.
    (root / "policies").mkdir()
    (root / "policies" / "returns.md").write_text("# not catalog data\n", encoding="utf-8")
    return root


def _clean(root: Path) -> Path:
    pieces = [_ring(n) for n in range(1, 6)] + [_necklace(6)]
    loose = [_loose(n) for n in range(1, 6)]
    certificates = [_certificate(str(p["certificate_number"])) for p in pieces if p["certificate_number"]]
    certificates += [_certificate(str(d["certificate_number"])) for d in loose]
    return _write_catalog(root, pieces, loose, certificates)


def _share(report: AuditReport, kind: str, field: str) -> float:
    return next(c.share for c in report.completeness if c.kind == kind and c.field == field)


def test_clean_catalog_has_no_findings(tmp_path: Path) -> None:
    report = audit_paths([_clean(tmp_path)])

    assert (report.pieces, report.loose_diamonds, report.certificates) == (6, 5, 10)
    assert report.findings == 0
    assert report.overall_completeness() == 1.0
    assert all(not f.endswith(".md") for f in report.files)


def test_planted_defects_are_found_exactly(tmp_path: Path) -> None:
    pieces = [
        _ring(1, description=""),
        _ring(2, metal="18ct yellow gold"),
        _ring(3, certificate_number="1000000099"),  # its certificate JSON is never written
        _ring(4, center_clarity="VS2"),  # the certificate says VS1
        _ring(5, price_usd=50_000),  # the others cost 5,000-8,000
        _necklace(6, metal="Yellow Gold 18 kt"),
    ]
    loose = [_loose(1, carat=1.01), _loose(2, carat=1.004)] + [_loose(n) for n in range(3, 6)]
    certificates = [_certificate(f"10000000{n:02d}") for n in (1, 2, 4, 5)]
    certificates += [_certificate("2000000001", carat=1.05)]  # disagrees with the catalog's 1.01
    certificates += [_certificate(f"20000000{n:02d}") for n in range(2, 6)]  # 1.004 vs 1.00 is within tolerance
    report = audit_paths([_write_catalog(tmp_path, pieces, loose, certificates)])

    assert [(m.item, m.certificate_number) for m in report.missing_certificates] == [("AUR-RG-0003", "1000000099")]
    assert {(m.item, m.field, m.catalog_value, m.certificate_value) for m in report.certificate_mismatches} == {
        ("AUR-RG-0004", "clarity", "VS2", "VS1"),
        ("AUR-LD-00001", "carat", 1.01, 1.05),
    }
    [naming] = report.naming
    assert (naming.field, naming.normalised) == ("metal", "18k yellow gold")
    assert [(v.spelling, v.count) for v in naming.variants] == [
        ("18k Yellow Gold", 4),
        ("18ct yellow gold", 1),
        ("Yellow Gold 18 kt", 1),
    ]
    assert naming.variants[1].examples == ("AUR-RG-0002",)
    [outlier] = report.price_outliers
    assert (outlier.item, outlier.basis, outlier.median) == ("AUR-RG-0005", "price", 7000)
    assert outlier.rule == "more than 4x the group median"
    assert report.invalid_records == []
    description = next(c for c in report.completeness if c.kind == PIECE and c.field == "description")
    assert (description.filled, description.applicable, description.missing) == (5, 6, ("AUR-RG-0001",))
    assert _share(report, PIECE, "name") == 1.0
    assert report.overall_completeness(LOOSE) == 1.0
    assert report.counts == {
        "naming": 1,
        "missing_certificates": 1,
        "certificate_mismatches": 2,
        "price_outliers": 1,
        "invalid_records": 0,
        "instructions": 0,
        "provenance_missing": 0,
        "provenance_expired": 0,
        "provenance_contradictions": 0,
    }


def test_collection_spellings_cheap_diamond_and_invalid_rows(tmp_path: Path) -> None:
    pieces = [_ring(1, collection="LUMIERE"), _ring(2, collection="lumière")] + [_ring(n) for n in range(3, 6)]
    pieces += [_ring(7, sku="AUR-RING-7")]  # not a valid SKU: rejected by the loader
    loose = [_loose(n) for n in range(1, 5)] + [_loose(5, price_usd=1_500)]  # 1,500/ct against ~9,300/ct
    certificates = [_certificate(str(p["certificate_number"])) for p in pieces[:5]]
    certificates += [_certificate(str(d["certificate_number"])) for d in loose]
    report = audit_paths([_write_catalog(tmp_path, pieces, loose, certificates)])

    [naming] = report.naming
    assert naming.field == "collection"
    assert {v.spelling for v in naming.variants} == {"Lumière", "LUMIERE", "lumière"}
    [outlier] = report.price_outliers
    assert (outlier.item, outlier.basis, outlier.group) == ("AUR-LD-00005", "price per carat", "color G, clarity VS1")
    assert outlier.rule == "less than 0.25x the group median"
    assert [(i.location, i.field) for i in report.invalid_records] == [("line 7", "sku")]
    assert report.missing_certificates == report.certificate_mismatches == []


def test_fields_are_judged_only_where_they_apply(tmp_path: Path) -> None:
    pieces = [_ring(1), _ring(2, size="", resizable="", resizing_note=""), _necklace(3, length_cm="")]
    pieces += [_necklace(4, stones="62 Akoya pearls, 8.0-8.5 mm", center_stone="pearl", total_carat_weight="")]
    pieces += [_ring(5), _ring(6, center_stone="sapphire", center_cut="", certificate_number="")]
    certificates = [_certificate(str(p["certificate_number"])) for p in pieces if p["certificate_number"]]
    report = audit_paths([_write_catalog(tmp_path, pieces, [], certificates)])
    judged = {c.field: (c.filled, c.applicable) for c in report.completeness if c.kind == PIECE}

    assert judged["size"] == judged["resizable"] == judged["resizing_note"] == (3, 4)  # rings only
    assert judged["length_cm"] == (1, 2)  # necklaces and bracelets only
    assert judged["center_cut"] == judged["certificate_number"] == (3, 3)  # the sapphire center is not judged
    assert judged["center_carat"] == (4, 4)  # the sapphire owes a carat weight, the pearl does not
    assert judged["total_carat_weight"] == (5, 5)  # diamond weight: the pearl strand owes none
    assert judged["description"] == (6, 6)
    assert "center_stone" not in judged
    assert not [c for c in report.completeness if c.kind == LOOSE]


def test_pdf_certificates_count_and_are_compared(tmp_path: Path) -> None:
    from fpdf import FPDF

    pieces = [_ring(n) for n in range(1, 6)]
    certificates = [_certificate(str(p["certificate_number"])) for p in pieces[1:]]
    root = _write_catalog(tmp_path, pieces, [], certificates)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    labels = ("Report Number: 1000000001", "Laboratory: GIA", "Date: 2024-03-01", "Shape: Round Brilliant")
    for line in (*labels, "Carat Weight: 1.00 carat", "Color Grade: H", "Clarity Grade: VS1"):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(root / "certificates" / "1000000001.pdf"))
    report = audit_paths([root])

    assert report.certificates == 5 and report.missing_certificates == []
    assert [(m.item, m.field, m.catalog_value, m.certificate_value) for m in report.certificate_mismatches] == [
        ("AUR-RG-0001", "color", "G", "H")
    ]


def test_report_renders_and_saves(tmp_path: Path) -> None:
    pieces = [_ring(1, description="", certificate_number="1000000099")] + [_ring(n) for n in range(2, 6)]
    certificates = [_certificate(str(p["certificate_number"])) for p in pieces[1:]]
    report = audit_paths([_write_catalog(tmp_path / "corpus", pieces, [], certificates)])

    json_path, md_path = save_audit(report, tmp_path / "reports" / "audit")
    saved = json.loads(json_path.read_text(encoding="utf-8"))
    assert saved["summary"]["findings"]["missing_certificates"] == 1
    assert saved["missing_certificates"][0]["item"] == "AUR-RG-0001"
    markdown = md_path.read_text(encoding="utf-8")
    assert "## Completeness per field" in markdown
    assert "## Certified items without a certificate (1)" in markdown
    assert "| AUR-RG-0001 | piece | 1000000099 |" in markdown
    console = Console(record=True, width=200)
    render_audit(report, console)
    shown = console.export_text()
    assert "Metadata completeness" in shown and "AUR-RG-0001" in shown


def _planted(readme: str) -> list[tuple[str, list[str]]]:
    """(kind, items) for each row of the README's "Planted imperfections" table."""
    section = readme.partition("## Planted imperfections")[2].partition("\n## ")[0]
    rows = [line.split("|")[1:3] for line in section.splitlines() if line.startswith("| ")][1:]  # [1:]: the header
    return [(kind.strip(), re.findall(r"AUR-[A-Z]{2}-\d{4,5}", where)) for kind, where in rows]


@pytest.mark.skipif(not (SAMPLE / "catalog" / "pieces.csv").exists(), reason="sample corpus not generated")
def test_sample_corpus_planted_imperfections_are_found() -> None:
    report = audit_paths([SAMPLE])
    planted = _planted((SAMPLE.parent / "README.md").read_text(encoding="utf-8"))
    # variants[0] is the common spelling; the rarer ones are the misspellings.
    misspelt = {item for n in report.naming if n.field == "metal" for v in n.variants[1:] for item in v.examples}
    found: dict[str, set[str]] = {
        "inconsistent metal spelling": misspelt,
        "certificate file missing": {m.item for m in report.missing_certificates},
        "clarity disagrees with the catalog": {m.item for m in report.certificate_mismatches if m.field == "clarity"},
        "empty description": set(next(c.missing for c in report.completeness if c.field == "description")),
        "price outlier": {o.item for o in report.price_outliers},
    }

    assert {kind for kind, _ in planted} == set(found), "a kind of imperfection this test does not check"
    for kind, items in planted:
        assert items and set(items) <= found[kind], (kind, items)
    # Nothing beyond what was planted, except prices: the 4x rule also flags real spreads within mixed groups.
    for kind in set(found) - {"price outlier"}:
        assert found[kind] == {i for k, items in planted if k == kind for i in items}, kind
    assert len(report.certificate_mismatches) == 1
    assert report.invalid_records == []
