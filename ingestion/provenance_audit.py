"""The catalog audit's provenance checks: pieces with a centre stone and no provenance record, records
whose vendor audit is too old or whose vendor is not in good standing, and records that contradict the
catalog (another origin, another stone, another report, a SKU the catalog lacks)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from ingestion.records import ProductRecord, ProvenanceRecord

# The words a catalog uses for a stone's origin -> the country a provenance record names. World
# vocabulary, not the house's: "Akoya" or "South Sea" name a kind of pearl, not one country.
ORIGIN_WORDS: dict[str, str] = {
    "colombian": "Colombia", "colombia": "Colombia", "zambian": "Zambia", "zambia": "Zambia",
    "burmese": "Myanmar", "burma": "Myanmar", "myanmar": "Myanmar", "mozambique": "Mozambique",
    "mozambican": "Mozambique", "ceylon": "Sri Lanka", "sri lanka": "Sri Lanka", "sri lankan": "Sri Lanka",
    "madagascar": "Madagascar", "malagasy": "Madagascar", "kashmir": "India", "thai": "Thailand",
    "brazilian": "Brazil", "tanzanian": "Tanzania", "kenyan": "Kenya", "tahitian": "French Polynesia",
    "botswana": "Botswana", "canadian": "Canada", "russian": "Russia", "australian": "Australia",
}
_ORIGIN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ORIGIN_WORDS), key=len, reverse=True)) + r")\b", re.I)
# A vendor in any other standing is listed with the expired records: its evidence needs a look too.
GOOD_STANDING = frozenset({"compliant"})


@dataclass(frozen=True)
class ProvenanceFinding:
    """A piece whose provenance evidence is missing, out of date or at odds with the catalog."""

    HEADERS: ClassVar[tuple[str, ...]] = ("Item", "Problem", "Detail", "Record")
    item: str
    problem: str
    detail: str
    record: str  # "provenance/AUR-RG-6019.json (PRV-2026-0212)", or "" when there is none

    def cells(self) -> tuple[str, ...]:
        return (self.item, self.problem, self.detail, self.record)


@dataclass(frozen=True)
class ProvenanceAudit:
    missing: list[ProvenanceFinding]
    expired: list[ProvenanceFinding]
    contradictions: list[ProvenanceFinding]


def audit_provenance(
    pieces: Sequence[ProductRecord], records: Sequence[tuple[ProvenanceRecord, str]], today: date, max_age_days: int
) -> ProvenanceAudit:
    """`records`: (record, source file). A piece owes a record when it has a centre stone, once the house
    keeps provenance records at all: a catalog audited without any is not told every piece lacks one."""
    by_sku = {p.sku: p for p in pieces}
    by_report = {p.certificate_number: p for p in pieces if p.certificate_number}
    covered: set[str] = set()
    expired: list[ProvenanceFinding] = []
    contradictions: list[ProvenanceFinding] = []
    for record, source in records:
        where = f"{source} ({record.provenance_id})"
        piece = by_sku.get(record.sku) or by_report.get(record.report_number)
        item = record.sku or record.stock_number or record.report_number
        if piece is not None:
            covered.add(piece.sku)
        elif record.sku:
            contradictions.append(ProvenanceFinding(item, "covers a piece the catalog lacks", f"no catalog row has SKU {record.sku}", where))
        age = (today - record.vendor.audit_date).days
        if age > max_age_days:
            expired.append(ProvenanceFinding(
                item, "vendor audit expired",
                f"{record.vendor.name} last audited {record.vendor.audit_date.isoformat()}, {age} days ago (limit {max_age_days})", where))
        if record.vendor.compliance_status not in GOOD_STANDING:
            expired.append(ProvenanceFinding(item, "vendor not in good standing", f"{record.vendor.name} is {record.vendor.compliance_status}", where))
        if piece is not None:
            contradictions += [ProvenanceFinding(item, problem, detail, where) for problem, detail in _disagreements(piece, record)]
    missing = [
        ProvenanceFinding(p.sku, "no provenance record", f"centre stone {p.center_stone}" + (f", report {p.certificate_number}" if p.certificate_number else ""), "")
        for p in pieces
        if records and p.center_stone and p.sku not in covered
    ]
    return ProvenanceAudit(missing, expired, contradictions)


def _disagreements(piece: ProductRecord, record: ProvenanceRecord) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    words = _origins_claimed(record.stone, piece) if record.stone else []
    if words and record.origin_country not in {ORIGIN_WORDS[w.lower()] for w in words}:
        out.append(("origin contradicts the catalog", f'catalog says "{", ".join(words)}"; the record says {record.origin_country}'))
    if record.stone and piece.center_stone and record.stone != piece.center_stone.lower():
        out.append(("stone contradicts the catalog", f"catalog centre stone {piece.center_stone}; the record documents {record.stone}"))
    if record.report_number and piece.certificate_number and record.report_number != piece.certificate_number:
        out.append(("report contradicts the catalog", f"catalog report {piece.certificate_number}; the record names {record.report_number}"))
    return out


def _origins_claimed(stone: str, piece: ProductRecord) -> list[str]:
    """The origin words the catalog gives this stone: before its name ("Colombian emeralds") or after it in
    the same list ("ruby, 1.89 ct, vivid red, Burmese"). A three-stone ring's "Colombian emeralds" are its
    sides, not its centre diamond."""
    stone_name = r"rub(?:y|ies)" if stone == "ruby" else rf"{re.escape(stone)}(?:s|es)?"
    origin = _ORIGIN.pattern
    before = re.compile(rf"{origin}\s+(?:[\w-]+\s+){{0,2}}?{stone_name}\b", re.I)
    after = re.compile(rf"\b{stone_name},[^;.]*?{origin}", re.I)
    text = f"{piece.stones}; {piece.description}"
    return sorted({m.group(1) for pattern in (before, after) for m in pattern.finditer(text)})
