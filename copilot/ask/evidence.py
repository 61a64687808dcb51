"""Evidence the house keeps about a piece beyond its catalog row: provenance records and repair notes.

A question asking for such evidence about a named piece that has none is told so ("the house holds no
provenance record for AUR-RG-6195"), never answered from the catalog's own description of the piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.ask.intents import (
    FIELD_INTENTS,
    IDENTIFIER_MENTION,
    POINTERS,
    PROVENANCE_INTENTS,
    REPAIR_LINES,
    field_groups,
)
from copilot.core.identifiers import NamedIdentifier
from copilot.core.types import Retrieval


@dataclass(frozen=True)
class EvidenceKind:
    """A kind of document that alone may answer some fields of a piece, and what to say when it has none."""

    doc_type: str
    labels: frozenset[str]  # the record lines only this kind holds
    none_held: str  # said when the piece has none; {pieces} names them


EVIDENCE_KINDS: tuple[EvidenceKind, ...] = (
    EvidenceKind(
        "provenance_record",
        frozenset(label for _, labels in PROVENANCE_INTENTS for label in labels),
        "The house holds no provenance record for {pieces}, so its origin and sourcing cannot be confirmed "
        "(the catalog's description is no evidence).",
    ),
    EvidenceKind("repair_note", frozenset(REPAIR_LINES), "No repair is recorded for {pieces}: the house holds no repair note for it."),
)
# Metadata of a record that names the piece it covers.
_COVER_FIELDS = ("sku", "stock_number", "report_number")


def missing_evidence(question: str, retrieval: Retrieval) -> str:
    """Why the question cannot be answered from its evidence ("" when it can, or asks for none): for
    each kind it asks about, the named pieces that have no document of that kind."""
    found = [i for i in retrieval.named if i not in retrieval.missing]
    if not found:
        return ""
    # A piece named in words is no field asked: "the Verdure Emerald Ring, 2.17 ct" asks neither stones nor carats.
    for ident in (i for i in found if i.kind == "name"):
        question = re.sub(re.escape(ident.value), " ", question, flags=re.I)
    asked = {label for group in field_groups(POINTERS.sub(" ", IDENTIFIER_MENTION.sub(" ", question)), FIELD_INTENTS) for label in group}
    reasons = []
    for kind in EVIDENCE_KINDS:
        if not asked & kind.labels:
            continue
        held = {
            p.metadata.get(f, "").upper() for p in retrieval.passages if p.exact and p.doc_type == kind.doc_type for f in _COVER_FIELDS
        } - {""}
        lacking = [i for i in found if not _covers(i, held, retrieval)]
        if lacking:
            reasons.append(kind.none_held.format(pieces=", ".join(_label(i, retrieval) for i in lacking)))
    return " ".join(reasons)


def _codes(ident: NamedIdentifier, retrieval: Retrieval) -> set[str]:
    """The codes a named piece goes by: itself, or for a piece named in words, its SKU and report."""
    if ident.kind != "name":
        return {ident.value.upper()}
    return {
        p.metadata.get(f, "").upper()
        for p in retrieval.passages
        if p.doc_type == "product" and p.metadata.get("name", "").lower() == ident.value.lower()
        for f in ("sku", "report_number")
    } - {""}


def _covers(ident: NamedIdentifier, held: set[str], retrieval: Retrieval) -> bool:
    return bool(_codes(ident, retrieval) & held)


def _label(ident: NamedIdentifier, retrieval: Retrieval) -> str:
    codes = sorted(_codes(ident, retrieval))
    return f"{ident.value} ({codes[0]})" if ident.kind == "name" and codes else ident.value
