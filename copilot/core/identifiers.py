"""Recognise the house's exact identifiers in a question: SKUs, loose-stone stock numbers, lab
report numbers and exact piece names. These are looked up, never searched for by similarity."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SKU = re.compile(r"\bAUR-(?!LD-)[A-Z]{2}-\d{4}\b", re.IGNORECASE)
STOCK_NUMBER = re.compile(r"\bAUR-LD-\d{5}\b", re.IGNORECASE)
REPORT_NUMBER = re.compile(r"(?<![\d.,$])\b\d{10}\b(?![.,]\d)")


@dataclass(frozen=True)
class NamedIdentifier:
    kind: str  # sku | stock_number | report_number | name
    value: str  # as the index stores it (upper-case codes, the exact piece name)


class IdentifierFinder:
    """Codes by pattern; piece names by longest exact (case-insensitive) match against the catalog."""

    def __init__(self, piece_names: Iterable[str]) -> None:
        # Longest first, so "Celeste Solitaire Ring, 1.52 ct" wins over a shorter name inside it.
        self._names = sorted({n for n in piece_names if len(n) >= 8}, key=len, reverse=True)
        self._lowered = [(n.lower(), n) for n in self._names]

    def find(self, question: str) -> list[NamedIdentifier]:
        found: list[NamedIdentifier] = []
        for kind, pattern in (("stock_number", STOCK_NUMBER), ("sku", SKU), ("report_number", REPORT_NUMBER)):
            for match in pattern.finditer(question):
                ident = NamedIdentifier(kind, match.group().upper())
                if ident not in found:
                    found.append(ident)
        lowered = question.lower()
        for low, name in self._lowered:
            if low in lowered:
                found.append(NamedIdentifier("name", name))
                lowered = lowered.replace(low, " ")
        return found
