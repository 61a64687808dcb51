"""Recognise the house's exact identifiers in a question: SKUs, loose-stone stock numbers, lab
report numbers and exact piece names. These are looked up, never searched for by similarity."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A code is typed fast: in lower case, with a space for a hyphen or none ("aur rg 1010", "AURRG1010"); it is
# read as the index writes it ("AUR-RG-1010").
_SEP = r"[-\s]?"
SKU = re.compile(rf"\bAUR{_SEP}(?!LD{_SEP}\d)([A-Z]{{2}}){_SEP}(\d{{4}})\b", re.IGNORECASE)
STOCK_NUMBER = re.compile(rf"\bAUR{_SEP}LD{_SEP}(\d{{5}})\b", re.IGNORECASE)
REPORT_NUMBER = re.compile(r"(?<![\d.,$])\b\d{10}\b(?![.,]\d)")
# Any of the three, for telling whether a clause names a record.
CODE = rf"AUR{_SEP}[A-Z]{{2}}{_SEP}\d{{4,5}}|\d{{10}}"


def canonical(kind: str, match: re.Match[str]) -> str:
    """The code as the index writes it."""
    if kind == "sku":
        return f"AUR-{match.group(1).upper()}-{match.group(2)}"
    if kind == "stock_number":
        return f"AUR-LD-{match.group(1)}"
    return match.group()


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
                ident = NamedIdentifier(kind, canonical(kind, match))
                if ident not in found:
                    found.append(ident)
        lowered = question.lower()
        for low, name in self._lowered:
            if low in lowered:
                found.append(NamedIdentifier("name", name))
                lowered = lowered.replace(low, " ")
        return found
