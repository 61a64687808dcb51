"""Each loader on good and malformed input: valid records go in, bad ones are named precisely."""

from __future__ import annotations

from pathlib import Path

from ingestion.loaders.catalog_csv import load_catalog_csv
from ingestion.loaders.markdown_doc import MarkdownDocument, load_markdown
from ingestion.loaders.pdf import load_pdf
from ingestion.loaders.records_json import load_records_json
from ingestion.records import CertificateRecord
from tests.support.corpus import POLICY, piece, write_certificate, write_pieces
from tests.support.documents import LAB_PDF_LINES, lab_pdf


def test_pieces_csv_loads_every_valid_row(tmp_path: Path) -> None:
    path = write_pieces(tmp_path / "pieces.csv", [piece("AUR-RG-0001"), piece("AUR-RG-0002")])
    loaded = load_catalog_csv(path, "pieces.csv")
    assert [r.sku for _, r in loaded.records] == ["AUR-RG-0001", "AUR-RG-0002"]
    assert loaded.invalid == []
    first = loaded.records[0][1]
    assert first.center_carat == 1.01 and first.availability == {"Fifth Avenue": 1, "Place Vendome": 0}


def test_malformed_rows_are_named_by_line_and_field_and_the_rest_load(tmp_path: Path) -> None:
    path = write_pieces(
        tmp_path / "pieces.csv",
        [
            piece("AUR-RG-0001"),
            piece("AUR-RG-0002", center_carat="1,5O"),
            piece("AUR-RG-0003", price_usd=""),
            piece("AUR-RG-0001"),
            piece("RING-7"),
        ],
    )
    loaded = load_catalog_csv(path, "pieces.csv")
    assert [r.sku for _, r in loaded.records] == ["AUR-RG-0001"]
    problems = [str(p) for p in loaded.invalid]
    assert any(p.startswith('pieces.csv line 3: center_carat: "1,5O"') for p in problems), problems
    assert any(p.startswith("pieces.csv line 4: price_usd: is required") for p in problems), problems
    assert any(p.startswith("pieces.csv line 5: sku:") and "repeats line 2" in p for p in problems), problems
    assert any(p.startswith('pieces.csv line 6: sku: "RING-7"') for p in problems), problems


def test_a_row_with_too_many_cells_is_skipped_with_its_line(tmp_path: Path) -> None:
    path = write_pieces(tmp_path / "pieces.csv", [piece("AUR-RG-0001")])
    with path.open("a", encoding="utf-8") as fh:
        fh.write("AUR-RG-0009,extra,cells," + ",".join(["x"] * 25) + "\n")
    loaded = load_catalog_csv(path, "pieces.csv")
    assert len(loaded.records) == 1
    assert "line 3" in str(loaded.invalid[0]) and "cells" in str(loaded.invalid[0])


def test_a_csv_that_is_not_a_catalog_is_refused_as_a_whole(tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("name,phone\nA,1\n", encoding="utf-8")
    loaded = load_catalog_csv(path, "clients.csv")
    assert loaded.records == [] and "not a catalog CSV" in str(loaded.invalid[0])


def test_loose_diamonds_csv(tmp_path: Path) -> None:
    path = tmp_path / "loose.csv"
    path.write_text(
        "stock_number,shape,carat,cut,color,clarity,depth_pct,table_pct,length_mm,width_mm,depth_mm,price_usd,"
        "certificate_number,certificate_lab,availability\n"
        "AUR-LD-00001,Round,0.23,Ideal,E,SI2,61.5,55,3.95,3.98,2.43,850,2200000001,Meridian Gemological Laboratory,Ginza:1\n"
        "AUR-LD-00002,Round,heavy,Ideal,E,SI2,61.5,55,3.95,3.98,2.43,850,2200000002,Meridian Gemological Laboratory,Ginza:1\n",
        encoding="utf-8",
    )
    loaded = load_catalog_csv(path, "loose.csv")
    assert [r.stock_number for _, r in loaded.records] == ["AUR-LD-00001"]
    assert str(loaded.invalid[0]).startswith('loose.csv line 3: carat: "heavy"')


def test_certificate_json_good_and_bad(tmp_path: Path) -> None:
    good = write_certificate(tmp_path, "2214587390")
    assert load_records_json(good, "good.json").records[0][1].clarity == "VS1"

    broken = tmp_path / "broken.json"
    broken.write_text('{"report_number": "2214587391",\n "lab": }', encoding="utf-8")
    loaded = load_records_json(broken, "broken.json")
    assert loaded.records == [] and str(loaded.invalid[0]).startswith("broken.json line 2: is not valid JSON")

    missing = write_certificate(tmp_path, "2214587392", carat=None)
    problem = str(load_records_json(missing, "missing.json").invalid[0])
    assert problem.startswith("missing.json report: carat")


def test_certificate_pdf_as_a_lab_issues_it(tmp_path: Path) -> None:
    loaded = load_pdf(lab_pdf(tmp_path / "report.pdf", LAB_PDF_LINES), "report.pdf")
    assert loaded.invalid == []
    report = loaded.records[0][1]
    assert (report.report_number, report.carat, report.color, report.clarity) == ("5512340987", 1.02, "F", "VVS2")
    assert report.depth_pct == 61.6 and report.table_pct == 56


def test_pdf_that_is_not_a_report_or_not_a_pdf(tmp_path: Path) -> None:
    letter = load_pdf(lab_pdf(tmp_path / "letter.pdf", ["Dear client, thank you."]), "letter.pdf")
    assert "no 'Label: value' lines" in str(letter.invalid[0])
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf at all", encoding="utf-8")
    assert "not a readable PDF" in str(load_pdf(fake, "fake.pdf").invalid[0])


def test_markdown_with_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    path.write_text(POLICY, encoding="utf-8")
    doc = load_markdown(path, "policy.md").records[0][1]
    assert doc.front.version == "4.2" and doc.body.startswith("# Client Service Policy")


def test_markdown_without_or_with_bad_front_matter(tmp_path: Path) -> None:
    bare = tmp_path / "bare.md"
    bare.write_text("# Notes\nhello\n", encoding="utf-8")
    assert "no YAML front matter" in str(load_markdown(bare, "bare.md").invalid[0])
    wrong = tmp_path / "wrong.md"
    wrong.write_text(POLICY.replace("doc_type: policy", "doc_type: FAQ!"), encoding="utf-8")
    (problem,) = load_markdown(wrong, "wrong.md").invalid
    assert str(problem) == (
        'wrong.md front matter: doc_type: "FAQ!" is not a kind of manual: use a lower-case identifier '
        "(letters, digits, _), e.g. service_policy"
    )


def test_a_house_names_its_own_kinds_of_manual(tmp_path: Path) -> None:
    for kind in ("faq", "provenance", "repair_note", "training2"):
        path = tmp_path / f"{kind}.md"
        path.write_text(POLICY.replace("doc_type: policy", f"doc_type: {kind}"), encoding="utf-8")
        assert load_markdown(path, path.name).records[0][1].front.doc_type == kind


def test_a_manual_without_a_doc_type_is_told_what_to_add(tmp_path: Path) -> None:
    path = tmp_path / "untyped.md"
    path.write_text(POLICY.replace("doc_type: policy\n", ""), encoding="utf-8")
    (problem,) = load_markdown(path, "manuals/untyped.md").invalid
    assert str(problem) == (
        'manuals/untyped.md front matter: has no doc_type: add a line naming the kind of manual, such as '
        '"doc_type: service_policy" (lower case: letters, digits and _)'
    )


def test_a_manual_cannot_take_a_record_kind(tmp_path: Path) -> None:
    path = tmp_path / "pieces.md"
    path.write_text(POLICY.replace("doc_type: policy", "doc_type: product"), encoding="utf-8")
    assert "is a kind of catalog record" in str(load_markdown(path, path.name).invalid[0])


def test_a_pdf_is_a_manual_when_its_text_opens_with_front_matter(tmp_path: Path) -> None:
    manual = lab_pdf(tmp_path / "care.pdf", POLICY.replace("doc_type: policy", "doc_type: care_card").splitlines())
    (doc,) = [record for _, record in load_pdf(manual, "care.pdf").records]
    assert isinstance(doc, MarkdownDocument) and doc.front.doc_type == "care_card"
    (report,) = [record for _, record in load_pdf(lab_pdf(tmp_path / "report.pdf", LAB_PDF_LINES), "report.pdf").records]
    assert isinstance(report, CertificateRecord) and report.report_number == "5512340987"


def test_a_manual_names_its_kind_as_it_likes_and_needs_only_a_kind_and_a_title(tmp_path: Path) -> None:
    path = tmp_path / "care.md"
    path.write_text("---\ndoc_type: Care Guide\ntitle: Care of Pearls\n---\n# Care of Pearls\n\nPearls go on last.\n", encoding="utf-8")
    loaded = load_markdown(path, path.name)
    assert loaded.invalid == []
    front = loaded.records[0][1].front
    assert front.doc_type == "care_guide" and front.version == "" and front.effective_date is None
