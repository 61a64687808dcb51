"""PII redaction: client names, phones, emails, cards, IBANs, SSNs and street addresses become
placeholders (<PERSON_1>) kept in a per-conversation vault; house identifiers are never touched."""

# Importing this package is cheap: presidio and spaCy load only in build_analyzer()/build_redactor().

from guardrails.redaction.allow_list import AllowList
from guardrails.redaction.engine import build_analyzer, build_redactor
from guardrails.redaction.redactor import DEFAULT_ENTITIES, PiiRedactor, Redacted
from guardrails.redaction.spans import Span
from guardrails.redaction.shared_vault import SharedVaultStore
from guardrails.redaction.vault import Vault, VaultStore

__all__ = [
    "DEFAULT_ENTITIES",
    "AllowList",
    "PiiRedactor",
    "Redacted",
    "SharedVaultStore",
    "Span",
    "Vault",
    "VaultStore",
    "build_analyzer",
    "build_redactor",
]
