"""The house's synonyms file is ingested with the corpus: its rules are stored for the question reader,
never chunked, embedded or cited; an edit replaces them, a deletion removes them, a bad rule is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from ingestion.index_db import IndexDB
from ingestion.pipeline import Ingestor
from ingestion.vector_store import VectorStore

RULES = '''# kept by Client Care
synonyms:
  - "fix, mend => repair"
  - "money back,   refund"
'''


@pytest.fixture
def ingestor(settings: Settings, embedder: Embedder) -> Ingestor:
    return make_ingestor(settings, embedder=lambda: embedder)


def _write(corpus: Path, text: str) -> Path:
    path = corpus / "lexicon" / "synonyms.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_rules_are_stored_and_nothing_is_embedded(ingestor: Ingestor, corpus: Path, settings: Settings) -> None:
    _write(corpus, RULES)
    report = ingestor.ingest([corpus])
    assert report.invalid == []
    assert IndexDB(settings.index_db).synonym_rules() == ["fix, mend => repair", "money back, refund"]
    chroma = VectorStore(settings.chroma_dir, settings.collection).all_ids_and_hashes()
    assert not any("synonym" in chunk_id or "lexicon" in chunk_id for chunk_id in chroma)


def test_an_edit_replaces_the_rules_and_a_deletion_removes_them(ingestor: Ingestor, corpus: Path, settings: Settings) -> None:
    path = _write(corpus, RULES)
    ingestor.ingest([corpus])
    _write(corpus, 'synonyms:\n  - "studs => earrings"\n')
    assert len(ingestor.ingest([corpus]).updated) == 1
    assert IndexDB(settings.index_db).synonym_rules() == ["studs => earrings"]
    path.unlink()
    report = ingestor.ingest([corpus])
    assert len(report.removed) == 1
    assert IndexDB(settings.index_db).synonym_rules() == []


def test_a_rule_naming_no_words_is_reported_and_the_others_kept(ingestor: Ingestor, corpus: Path, settings: Settings) -> None:
    _write(corpus, 'synonyms:\n  - "fix => "\n  - "studs => earrings"\n')
    report = ingestor.ingest([corpus])
    assert [(r.location, "names no words" in r.message) for r in report.invalid] == [("rule 1", True)]
    assert IndexDB(settings.index_db).synonym_rules() == ["studs => earrings"]


def test_a_yaml_file_without_a_synonyms_list_is_reported(ingestor: Ingestor, corpus: Path) -> None:
    _write(corpus, "colours: [red]\n")
    report = ingestor.ingest([corpus])
    assert any('no "synonyms:" list' in r.message for r in report.invalid)
