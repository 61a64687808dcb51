"""Incremental ingestion against a real Chroma and the real model: unchanged files cost nothing,
changed files are replaced, deleted files disappear, and nothing is ever duplicated."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest

from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor, vector_store
from ingestion.index_db import IndexDB
from ingestion.pipeline import Ingestor
from tests.support.corpus import piece, write_certificate, write_pieces


@pytest.fixture(params=["embedded", "chroma server"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Every test here runs on embedded Chroma and on the session's Chroma server (a collection of its own)."""
    if request.param == "embedded":
        return Settings(data_dir=tmp_path / "data")
    url = request.getfixturevalue("chroma_server")
    return Settings(data_dir=tmp_path / "data", chroma_url=url, collection=f"test-{uuid.uuid4().hex[:16]}")


@pytest.fixture
def ingestor(settings: Settings, embedder: Embedder) -> Ingestor:
    return make_ingestor(settings, embedder=lambda: embedder)


def _index_state(settings: Settings) -> tuple[dict[str, str], dict[str, str]]:
    chroma = vector_store(settings).all_ids_and_hashes()
    sqlite = IndexDB(settings.index_db).all_ids_and_hashes()
    return chroma, sqlite


def test_first_ingest_indexes_every_record_once(ingestor: Ingestor, corpus: Path, settings: Settings) -> None:
    report = ingestor.ingest([corpus])
    assert len(report.added) == 4 and report.invalid == []
    chroma, sqlite = _index_state(settings)
    assert chroma == sqlite
    assert {"product:AUR-RG-0001", "product:AUR-NK-0003", "certificate:2214587390"} <= set(chroma)
    assert sum(1 for i in chroma if i.startswith("policy:")) >= 2


def test_reingest_of_unchanged_files_embeds_nothing(ingestor: Ingestor, corpus: Path, embedder: Embedder) -> None:
    ingestor.ingest([corpus])
    before = embedder.texts_embedded
    report = ingestor.ingest([corpus])
    assert embedder.texts_embedded == before
    assert len(report.unchanged) == 4 and not (report.added or report.updated or report.removed)


def test_changed_row_replaces_only_that_chunk(ingestor: Ingestor, corpus: Path, settings: Settings, embedder: Embedder) -> None:
    ingestor.ingest([corpus])
    write_pieces(
        corpus / "catalog" / "pieces.csv",
        [
            piece("AUR-RG-0001", certificate_number="2214587390", certificate_lab="Meridian Gemological Laboratory"),
            piece("AUR-RG-0002", center_carat="0.71", center_color="E", price_usd="9650"),
        ],
    )
    before = embedder.texts_embedded
    report = ingestor.ingest([corpus])
    assert report.updated == [f"{_rel(corpus)}/catalog/pieces.csv"] or len(report.updated) == 1
    assert embedder.texts_embedded - before == 1  # only the repriced ring
    chroma, sqlite = _index_state(settings)
    assert chroma == sqlite
    assert "product:AUR-NK-0003" not in chroma  # the row removed from the file left the index
    text = IndexDB(settings.index_db).get_chunks(["product:AUR-RG-0002"])["product:AUR-RG-0002"].text
    assert "USD 9,650" in text and "USD 9,100" not in text


def test_changed_markdown_replaces_its_old_chunks(ingestor: Ingestor, corpus: Path, settings: Settings) -> None:
    ingestor.ingest([corpus])
    policy = corpus / "policies" / "client_service_policy.md"
    policy.write_text(policy.read_text().replace("30 days", "45 days").replace("## Resizing", "## Sizing"), "utf-8")
    ingestor.ingest([corpus])
    chroma, sqlite = _index_state(settings)
    assert chroma == sqlite
    texts = [c.text for c in IndexDB(settings.index_db).get_chunks(sorted(sqlite)).values()]
    assert any("45 days" in t for t in texts) and not any("30 days" in t for t in texts)
    assert not any("> Resizing" in t for t in texts)


def test_deleted_file_has_its_chunks_removed(ingestor: Ingestor, corpus: Path, settings: Settings) -> None:
    ingestor.ingest([corpus])
    (corpus / "certificates" / "3301122334.json").unlink()
    shutil.rmtree(corpus / "policies")
    report = ingestor.ingest([corpus])
    assert len(report.removed) == 2
    chroma, sqlite = _index_state(settings)
    assert chroma == sqlite
    assert "certificate:3301122334" not in chroma and not any(i.startswith("policy:") for i in chroma)


def test_ingesting_another_folder_keeps_the_first(ingestor: Ingestor, corpus: Path, tmp_path: Path, settings: Settings) -> None:
    ingestor.ingest([corpus / "catalog"])
    ingestor.ingest([corpus / "certificates"])
    chroma, _ = _index_state(settings)
    assert "product:AUR-RG-0001" in chroma and "certificate:2214587390" in chroma


def test_same_sku_in_two_files_is_reported_not_overwritten(ingestor: Ingestor, corpus: Path, settings: Settings) -> None:
    ingestor.ingest([corpus])
    write_pieces(corpus / "catalog" / "more.csv", [piece("AUR-RG-0001", price_usd="1")])
    report = ingestor.ingest([corpus])
    assert any("product:AUR-RG-0001 is already defined" in str(p) for p in report.invalid)
    text = IndexDB(settings.index_db).get_chunks(["product:AUR-RG-0001"])["product:AUR-RG-0001"].text
    assert "USD 18,400" in text


def test_a_wholly_invalid_file_is_reported_and_valid_files_still_go_in(ingestor: Ingestor, corpus: Path, settings: Settings) -> None:
    (corpus / "certificates" / "broken.json").write_text("{not json", encoding="utf-8")
    write_certificate(corpus / "certificates", "4400000001", clarity="")
    report = ingestor.ingest([corpus])
    problems = [str(p) for p in report.invalid]
    assert any("broken.json line 1: is not valid JSON" in p for p in problems), problems
    assert any("4400000001.json report: clarity" in p for p in problems), problems
    chroma, sqlite = _index_state(settings)
    assert chroma == sqlite and "certificate:2214587390" in chroma


def test_a_path_that_does_not_exist_is_an_error(ingestor: Ingestor, tmp_path: Path) -> None:
    from copilot.core.errors import InputError

    with pytest.raises(InputError, match="no such file or folder"):
        ingestor.ingest([tmp_path / "nope"])


def _rel(path: Path) -> str:
    return path.as_posix()


REPAIR_NOTE = """---
doc_type: repair_note
title: Repair note R-2026-00417
version: "1"
effective_date: 2026-10-02
audience: Boutique associates
---
# Repair note R-2026-00417

## Intake
Mrs. Eleanor Whitcombe brought AUR-RG-1181 for prong retipping; call her on +44 20 7946 0958 when it is ready.
"""


def test_a_repair_note_naming_a_client_is_redacted_before_it_is_embedded(
    ingestor: Ingestor, tmp_path: Path, settings: Settings
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "r-2026-00417.md").write_text(REPAIR_NOTE, encoding="utf-8")
    ingestor.ingest([folder])
    chroma = vector_store(settings).collection.get(include=["documents"])
    text = "\n".join(chroma["documents"])
    assert "AUR-RG-1181" in text and "<PERSON_1>" in text
    assert "Whitcombe" not in text and "7946" not in text
    for path in settings.data_dir.rglob("*"):
        if path.is_file():
            assert b"Whitcombe" not in path.read_bytes(), path


def test_a_new_way_of_embedding_units_re_embeds_only_the_manuals(
    ingestor: Ingestor, corpus: Path, settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingestor.ingest([corpus])
    index = IndexDB(settings.index_db)
    policy = sorted(i for i in index.all_ids_and_hashes() if i.startswith("policy:"))
    before_vectors = index.sentence_vectors(policy)

    monkeypatch.setattr("ingestion.pipeline.UNITS_VERSION", "test-next")
    before = embedder.texts_embedded
    report = ingestor.ingest([corpus])

    assert [Path(s).name for s in report.updated] == ["client_service_policy.md"]
    assert len(report.unchanged) == 3  # the catalog and the certificates are not touched
    after_vectors = IndexDB(settings.index_db).sentence_vectors(policy)
    units = sum(len(v) for v in before_vectors.values())
    assert embedder.texts_embedded - before == units  # each sentence once; no chunk re-embedded in Chroma
    assert {k: [t for t, _ in v] for k, v in after_vectors.items()} == {k: [t for t, _ in v] for k, v in before_vectors.items()}
    assert ingestor.ingest([corpus]).updated == []  # and the next run is a no-op again


def test_a_corpus_outside_the_working_directory_is_cited_from_the_folder_named(
    ingestor: Ingestor, corpus: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the corpus is not under the working directory
    report = ingestor.ingest([corpus])
    assert sorted(report.added) == [
        "corpus/catalog/pieces.csv", "corpus/certificates/2214587390.json",
        "corpus/certificates/3301122334.json", "corpus/policies/client_service_policy.md",
    ]


def test_a_new_chunk_size_rechunks_the_manuals_on_the_next_ingest(corpus: Path, settings: Settings, embedder: Embedder) -> None:
    from tests.support.documents import MANUAL

    (corpus / "policies" / "client_service_policy.md").write_text(MANUAL, encoding="utf-8")
    make_ingestor(settings, embedder=lambda: embedder).ingest([corpus])
    before = [i for i in IndexDB(settings.index_db).all_ids_and_hashes() if i.startswith("policy:")]

    smaller = settings.model_copy(update={"chunk_tokens": 100, "chunk_overlap_tokens": 10})
    report = make_ingestor(smaller, embedder=lambda: embedder).ingest([corpus])
    assert [Path(s).name for s in report.updated] == ["client_service_policy.md"]  # records untouched
    after = [i for i in IndexDB(smaller.index_db).all_ids_and_hashes() if i.startswith("policy:")]
    assert len(after) > len(before)
    chroma, sqlite = _index_state(smaller)
    assert chroma == sqlite  # the old, longer chunks are gone from both stores
    assert make_ingestor(smaller, embedder=lambda: embedder).ingest([corpus]).updated == []


def test_manuals_of_kinds_the_house_names_itself_are_ingested_as_prose(
    ingestor: Ingestor, tmp_path: Path, settings: Settings
) -> None:
    from ingestion.sentences import quotable_units
    from tests.support.documents import MANUALS, manual_pdf

    folder = tmp_path / "manuals"
    folder.mkdir()
    for name in ("faq.md", "provenance.md"):
        shutil.copy(MANUALS / name, folder / name)
    manual_pdf(folder / "pearl_care.pdf")
    report = ingestor.ingest([folder])
    assert report.invalid == [] and len(report.added) == 3

    index = IndexDB(settings.index_db)
    ids = sorted(index.all_ids_and_hashes())
    assert {i.split(":")[0] for i in ids} == {"faq", "provenance", "care_card"}
    sentences = index.sentence_vectors(ids)
    for chunk in index.get_chunks(ids).values():  # each sentence of each chunk has its own vector
        assert [text for text, _ in sentences[chunk.id]] == quotable_units(chunk.text, chunk.doc_type)
    assert any("1 March 2026." in text for vectors in sentences.values() for text, _ in vectors)


CONSULTATION_NOTE = REPAIR_NOTE.replace("doc_type: repair_note", "doc_type: consultation_note")


def test_the_kinds_redacted_at_ingestion_come_from_settings(tmp_path: Path, settings: Settings, embedder: Embedder) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "consultation.md").write_text(CONSULTATION_NOTE, encoding="utf-8")
    (folder / "repair.md").write_text(REPAIR_NOTE, encoding="utf-8")

    def redact(text: str) -> str:
        return text.replace("Eleanor Whitcombe", "<PERSON_1>")

    def texts(s: Settings) -> dict[str, str]:
        index = IndexDB(s.index_db)
        return {c.doc_type: c.text for c in index.get_chunks(sorted(index.all_ids_and_hashes())).values()}

    only_consultations = settings.model_copy(update={"client_data_doc_types": {"consultation_note"}})
    make_ingestor(only_consultations, embedder=lambda: embedder, redact=redact).ingest([folder])
    stored = texts(only_consultations)
    assert "<PERSON_1>" in stored["consultation_note"] and "Whitcombe" in stored["repair_note"]

    # Naming another kind redoes the manuals, so nothing of that kind stays unredacted in the index.
    both = settings.model_copy(update={"client_data_doc_types": {"consultation_note", "repair_note"}})
    report = make_ingestor(both, embedder=lambda: embedder, redact=redact).ingest([folder])
    assert len(report.updated) == 2
    assert not any("Whitcombe" in text for text in texts(both).values())
