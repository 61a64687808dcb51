"""Build the `Copilot` from `Settings`: loads the model, presidio and the index once per process."""

from __future__ import annotations

import re
from collections.abc import Callable

from copilot.ask.composer import Composer, ComposerThresholds, ExtractiveComposer
from copilot.ask.conversation import ConversationStore
from copilot.ask.drafter import ClientDraftWriter
from copilot.ask.llm_composer import ChatModel, LLMComposer
from copilot.ask.pipeline import Asker, Copilot
from copilot.ask.retriever import HybridRetriever
from copilot.ask.trace_store import TraceStore
from copilot.ask.trace_store import default_url as traces_url
from copilot.ask.understanding import QuestionReader, SpellingCorrector, Synonyms
from copilot.core.errors import InputError
from copilot.core.identifiers import IdentifierFinder
from copilot.core.secrets import server_secret
from copilot.core.settings import Settings
from copilot.core.shared_state import open_shared_state
from copilot.core.types import Citation
from copilot.search.factory import build_search
from guardrails.approvals import ApprovalQueue, QueueMarker, create_approvals_engine
from guardrails.redaction import AllowList, PiiRedactor, SharedVaultStore, Vault, VaultStore, build_analyzer
from guardrails.redaction.allow_list import HOUSE_TERMS
from guardrails.redaction.house_vocabulary import HouseVocabulary
from guardrails.redaction.redactor import Analyzer
from guardrails.tone import ToneRules
from ingestion.embedder import Embedder
from ingestion.factory import vector_store
from ingestion.index_db import IndexDB
from ingestion.sentences import is_prose


def build_copilot(settings: Settings, embedder: Embedder | None = None, analyzer: Analyzer | None = None) -> Copilot:
    """`embedder` and `analyzer` (presidio's, seconds to load) can be shared, e.g. by tests."""
    if not settings.index_db.exists():
        raise InputError(f"no index in {settings.data_dir}: run `copilot ingest data/sample` first")
    index = IndexDB(settings.index_db)
    # First: a Chroma server that does not answer is said before seconds go into loading the models.
    vectors = vector_store(settings, settings.hnsw_ef_search)
    embedder = embedder or Embedder(settings.embedding_model_path, settings.embed_batch_size, settings.query_threads)
    # Staff names sign the drafts (they are not client data) and the catalog's piece names are house
    # vocabulary: "Perle de Lune Akoya Strand Necklace" is no person.
    names = {k.name for k in settings.api_keys.values() if k.name}
    # A signature puts the name right above "Maison Aurelle, <boutique>", which the model reads as one name.
    staff = tuple(sorted(names | {f"{name} Maison Aurelle" for name in names}))
    redactor = PiiRedactor(
        analyzer or build_analyzer(),
        allow_list=AllowList(terms=HOUSE_TERMS + staff + tuple(index.piece_names())),
        house_vocabulary=house_vocabulary(index),
    )
    retriever = HybridRetriever(
        index=index,
        vectors=vectors,
        embedder=embedder,
        names=IdentifierFinder(index.piece_names()),
        top_k=settings.top_k,
        candidates=max(settings.retrieval_candidates, settings.top_k),
    )
    approvals = ApprovalQueue(
        create_approvals_engine(settings.approvals_db_url),
        # Defence in depth: callers pass redacted text; anything that slipped through is caught here.
        redact=lambda text: redactor.redact(text, _vault_after(text)).text,
        marker=QueueMarker(settings.approvals_marker, settings.approvals_db_url),
    )
    # Several workers: conversations and vaults in the data dir, so any worker continues any conversation.
    shared = open_shared_state(settings)
    copilot = Copilot(
        retriever=retriever,
        composer=_composer(settings, index),
        conversations=ConversationStore(settings.conversation_ttl_seconds, state=shared),
        redactor=redactor,
        vaults=SharedVaultStore(shared, server_secret(settings), settings.vault_ttl_seconds) if shared
        else VaultStore(settings.vault_ttl_seconds),
        approvals=approvals,
        drafter=_drafter(index),
        max_question_chars=settings.max_question_chars,
        refusal_contact=settings.refusal_contact,
        reader=question_reader(index),
        search=build_search(index, vectors, embedder, limit=settings.search_results),
        traces=TraceStore.at_url(traces_url(settings.data_dir)),
    )
    # The first query pays for lazy initialisation in torch, Chroma and SQLite: pay it before /readyz says ready.
    retriever.retrieve("warm-up: what is the resizing policy?")
    return copilot


def _composer(settings: Settings, index: IndexDB) -> Composer:
    thresholds = ComposerThresholds(
        min_similarity=settings.min_similarity, min_coverage=settings.min_coverage, min_score=settings.min_answer_score
    )
    extractive = ExtractiveComposer(index, thresholds, house_name=settings.house_name)
    if settings.llm_provider == "none":
        return extractive
    return LLMComposer(chat_model(settings), fallback=extractive)


def chat_model(settings: Settings) -> ChatModel:
    """LangChain's chat model for the configured endpoint. Imported here: only a house that uses one pays for it.
    No retries: a slow model falls back to the extractive answer instead of making the associate wait twice."""
    assert settings.llm_base_url  # checked by Settings
    if settings.llm_provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            base_url=settings.llm_base_url, model=settings.llm_model, temperature=0,
            client_kwargs={"timeout": settings.llm_timeout_seconds},
        )
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_base_url, model=settings.llm_model, api_key=settings.llm_api_key,
        temperature=0, timeout=settings.llm_timeout_seconds, max_retries=0,
    )


def question_reader(index: IndexDB) -> QuestionReader:
    """Spelling corrected against the words of the manuals and the catalog; the synonyms files the
    corpus holds."""
    texts = index.all_sentences() + [t for kind in ("product", "loose_diamond", "provenance_record") for t in index.texts_of_doc_type(kind)]
    synonyms = Synonyms.parse(index.synonym_rules())
    return QuestionReader(SpellingCorrector.from_texts(texts), synonyms if synonyms.rules else None)


def house_vocabulary(index: IndexDB) -> HouseVocabulary:
    """The words of the catalog and the manuals: a name shape they never write is a client's. (Reports
    add only lab and grading words, which are house terms already.)"""
    return HouseVocabulary.from_texts(
        text
        for doc_type in ("product", "loose_diamond", *sorted(k for k, *_ in index.counts_by_doc_type() if is_prose(k)))
        for text in index.texts_of_doc_type(doc_type)
    )


_PLACEHOLDER = re.compile(r"<([A-Z_]+)_(\d+)>")


def _vault_after(text: str) -> Vault:
    """A vault whose numbering continues after the placeholders `text` already holds, so a value the
    second pass finds never takes the number of the client the first pass replaced."""
    vault = Vault()
    highest: dict[str, int] = {}
    for entity_type, n in _PLACEHOLDER.findall(text):
        highest[entity_type] = max(highest.get(entity_type, 0), int(n))
    for entity_type, n in highest.items():
        for i in range(n):
            vault.placeholder_for(entity_type, f"\x00already-redacted-{i}")
    return vault


def _drafter(index: IndexDB) -> Callable[[Asker], ClientDraftWriter] | None:
    """Drafts follow the ingested Brand Tone Guide; without one, the copilot refuses to draft."""
    texts = index.texts_of_doc_type("tone_guide")
    if not texts:
        return None
    rules = ToneRules.from_chunks(texts)
    guide = _guide_citation(index)
    return lambda asker: ClientDraftWriter(rules, asker.name, asker.boutique, guide)


def _guide_citation(index: IndexDB) -> Citation | None:
    """The tone guide as a document to cite beside a draft written from one of its example notes."""
    chunk = next(iter(index.chunks_of_doc_type("tone_guide", limit=1)), None)
    if chunk is None:
        return None
    meta = chunk.metadata
    return Citation(0, chunk.doc_id, chunk.doc_type, meta.get("title", ""), meta.get("source", ""), "", "", 1.0)
