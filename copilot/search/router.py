"""Whether a question asks what the house has (a search) or what a record or a rule says (an answer). Decided
before retrieval, from the constraints the question names and how it asks; a question that names a record
(SKU, stock or report number, a piece's exact name) or a topic of the manuals is never a search."""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.core.identifiers import IdentifierFinder
from copilot.search.constraints import Constraints

# How a question asks for a list of what the house has, rather than for a fact or a rule.
LISTING = re.compile(
    r"\b(?:do|have|did) (?:we|you) (?:have|got|carry|stock|still have)\b|\bgot any\b|\bany\b|\bshow(?: me)?\b|\bfind\b|"
    r"\blist\b|\blooking for\b|\bsearch\b|\bwhich\b|\boptions?\b|\bsomething\b|\banything\b|"
    r"\bwhat (?:\w+ ){0,4}(?:do|have|can) we\b|\bwhat(?:'s|s| is) (?:in stock|available)\b|\bin stock\b|\bavailable\b|"
    r"\bcheapest\b|\bmost expensive\b|\bbiggest\b|\blargest\b|\bwants? an?\b|\bneeds? an?\b|\bafter an?\b|\bcarry\b",
    re.I,
)
# How a question about one thing, or about a rule, asks: "Can a Celeste ring be resized?", "how much notice ...".
FACT = re.compile(
    r"^\s*(?:can|could|may|should|is|are|does|did|will|would|why|when|where|what(?:'s| is| are) the)\b|"
    r"\b(?:can|could|should|will|would|may|must)\s+(?:a|an|the|it|she|he|i|they|you|we|this|that|her|his|my|our)\b|"
    r"\bhow (?:many|much|long|often|do|does|should|can|to)\b",
    re.I,
)
# A follow-up about the piece of the previous turn ("Are they in stock at Ginza?") is no search.
BACK_REFERENCE = re.compile(r"\b(?:it|they|them|those|these|this one|that one|the same)\b", re.I)
# "Which Celeste rings can be resized?" asks the resizing rule, not for a list, unless the question also narrows by
# what a list is for (price, stock, grades, size).
RESIZING_RULE = re.compile(r"\bbe (?:re)?si[sz]ed\b|\bresi[sz](?:e|ing)\b", re.I)
_LIST_NARROWING = ("price_min", "price_max", "carat_min", "carat_max", "color_best", "color_worst", "clarity_best",
                   "clarity_worst", "cut_min", "size", "boutique", "in_stock", "lab", "fluorescence")
_WORD = re.compile(r"[a-z]+")
# Constraints that say where or in what order, not what: alone they make no search.
_WHERE_ONLY = {"boutique", "in_stock"}


@dataclass(frozen=True)
class RouteDecision:
    search: bool
    reason: str


class SearchRouter:
    def __init__(self, identifiers: IdentifierFinder, catalog_words: frozenset[str]) -> None:
        self._identifiers = identifiers
        self._catalog_words = frozenset(_stem(w) for w in catalog_words)

    def decide(self, question: str, constraints: Constraints) -> RouteDecision:
        if self._identifiers.find(question):
            return RouteDecision(False, "names a record")
        what = [k for k in constraints.filters() if k not in _WHERE_ONLY]
        listing = LISTING.search(question)
        if not what and not (constraints.filters() and listing and constraints.kind == "piece" and "what" in question.lower()):
            return RouteDecision(False, "names no catalog value")
        if BACK_REFERENCE.search(question) and not (constraints.categories or constraints.kind != "piece" or constraints.styles):
            return RouteDecision(False, "refers back to an earlier piece")
        # Free text the catalog never uses is a rule's topic ("notice", "toothpaste") or something the house does not
        # sell ("alexandrite", "cufflinks"): the ask pipeline answers or refuses it, as before search existed.
        unknown = sorted(w for w in _WORD.findall(constraints.text) if _stem(w) not in self._catalog_words)
        if unknown:
            return RouteDecision(False, f"uses words no catalog record does ({', '.join(unknown)})")
        if RESIZING_RULE.search(question) and not any(k in _LIST_NARROWING for k in constraints.filters()):
            return RouteDecision(False, "asks the resizing rule")
        if listing:
            return RouteDecision(True, "asks what the house has")
        if FACT.search(question):
            return RouteDecision(False, "asks a fact or a rule")
        if len(constraints.filters()) + (constraints.kind != "piece") >= 2 or any(
            getattr(constraints, k) is not None for k in ("price_min", "price_max", "carat_min", "carat_max", "color_worst", "clarity_worst")
        ):
            return RouteDecision(True, "lists constraints")
        return RouteDecision(False, "one catalog word and no request for a list")


def _stem(word: str) -> str:
    for end in ("ings", "ing", "ies", "es", "s", "ed"):
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return word
