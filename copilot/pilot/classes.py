"""The class of a real lookup, for the pilot report's "by class" table, read from what the pipeline did
(never from the question's words, which are not kept): first matching rule of `CLASS_RULES` wins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from copilot.core.types import AskResult
from ingestion.records import RECORD_DOC_TYPES


@dataclass(frozen=True)
class ClassRule:
    name: str
    why: str
    applies: Callable[[AskResult], bool]


def _named_record(result: AskResult) -> bool:
    return any(p.exact for p in result.passages)


def _cites_manual(result: AskResult) -> bool:
    return any(c.doc_type not in RECORD_DOC_TYPES for c in result.citations)


CLASS_RULES: tuple[ClassRule, ...] = (
    ClassRule("catalog_search", "a search of what the house has (cards, not an answer)", lambda r: r.search is not None),
    ClassRule("client_note", "a note or text for a client, held for a manager", lambda r: r.note is not None or r.requires_approval),
    ClassRule("piece_and_rule", "a named piece or report and a house rule about it",
              lambda r: _named_record(r) and _cites_manual(r)),
    ClassRule("record_field", "a field of a piece or grading report named by its identifier", _named_record),
    ClassRule("not_found", "refused with no passage close enough to offer", lambda r: r.refused and not r.related),
)


def question_class(result: AskResult) -> str:
    """The first rule that applies; otherwise the kind of document the answer (or the closest passage)
    came from: policy, aftercare, tone_guide, product ... ("other" when there is none)."""
    for rule in CLASS_RULES:
        if rule.applies(result):
            return rule.name
    sources = result.related if result.refused else result.citations
    return sources[0].doc_type if sources else "other"
