"""The searchable catalog: pieces, loose diamonds and grading reports read back from the index's chunk texts
(one labelled line per fact, see ingestion/chunking.py), so search and answers read the same records."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import Literal

from ingestion.index_db import IndexDB

Kind = Literal["piece", "loose_diamond", "report"]
_KARAT = re.compile(r"\b(\d{1,2})\s*(?:k|kt|ct|carat)\b", re.I)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Record:
    """One searchable record. `lines` are the chunk's own lines, quoted verbatim in citations."""

    kind: Kind
    ident: str  # SKU, stock number or report number
    chunk_id: str
    doc_id: str
    title: str
    source: str
    price: float | None = None
    stock: dict[str, int] = field(default_factory=dict)
    collection: str = ""
    category: str = ""
    metal: str = ""  # as written ("18k Yellow Gold")
    metal_family: str = ""  # "yellow gold", "platinum": the metal without its karat
    karat: str = ""  # "18k" for 18k gold, "" for platinum
    purity: str = ""  # "750", "PT950"
    stones: str = ""  # the Stones line and the centre stone, lower case
    center_stone: str = ""
    carat: float | None = None  # centre carat (a piece), the stone's (loose, report); else total diamond weight
    total_carat: float | None = None
    shape: str = ""
    cut: str = ""
    color: str = ""
    clarity: str = ""
    lab: str = ""
    report_number: str = ""
    lab_cut: str = ""  # the report's cut grade (Excellent ...), joined onto loose stones
    fluorescence: str = ""
    size: str = ""
    resizable: str = ""
    description: str = ""
    lines: tuple[str, ...] = ()

    @property
    def in_stock(self) -> int:
        return sum(self.stock.values())

    def line(self, label: str) -> str:
        """The record's line starting with `label` (for a citation's quote), or ''."""
        return next((ln for ln in self.lines if ln.startswith(label)), "")


def _fields(text: str) -> tuple[str, dict[str, str]]:
    lines = text.splitlines()
    found: dict[str, str] = {}
    for ln in lines[1:]:
        label, sep, value = ln.partition(": ")
        if sep:
            found[label] = value
    return lines[0] if lines else "", found


def _number(text: str) -> float | None:
    m = _NUMBER.search(text.replace(",", ""))
    return float(m.group()) if m else None


def _stock(value: str) -> dict[str, int]:
    stock: dict[str, int] = {}
    for part in value.split("; "):
        store, sep, count = part.rpartition(": ")
        if sep and store.strip():
            stock[store.strip()] = int(count) if count.strip().isdigit() else 0
    return stock


def metal_family(metal: str) -> str:
    """The metal without its karat, lower case: "18ct Yellow Gold" and "Yellow Gold 18k" -> "yellow gold"."""
    words = _KARAT.sub(" ", metal).lower().split()
    return " ".join(words)


def _karat(metal: str, purity: str) -> str:
    m = _KARAT.search(metal)
    if m:
        return f"{m.group(1)}k"
    return {"750": "18k", "585": "14k", "916": "22k"}.get(purity, "")


def _piece(chunk_id: str, doc_id: str, meta: dict[str, str], text: str) -> Record:
    _, f = _fields(text)
    metal_line = f.get("Metal", "")
    metal, _, purity = metal_line.partition(" (")
    purity = purity.rstrip(")")
    center = f.get("Center stone", "")
    center_parts = [p.strip() for p in center.split(",")]
    grades = {p.split(" ", 1)[0]: p.split(" ", 1)[1] for p in center_parts[1:] if " " in p and not p.endswith(" ct")}
    center_carat = next((_number(p) for p in center_parts[1:] if p.endswith(" ct")), None)
    total = _number(f.get("Total carat weight", "")) if f.get("Total carat weight") else None
    certificate = f.get("Certificate", "")
    lab, _, report = certificate.rpartition(" report ")
    return Record(
        kind="piece",
        ident=meta.get("sku", ""),
        chunk_id=chunk_id,
        doc_id=doc_id,
        title=meta.get("name") or meta.get("title", ""),
        source=meta.get("source", ""),
        price=_number(f.get("Price", "")),
        stock=_stock(f.get("Availability", "")),
        collection=meta.get("collection", ""),
        category=meta.get("category", ""),
        metal=metal,
        metal_family=metal_family(metal),
        karat=_karat(metal, purity),
        purity=purity,
        stones=f"{f.get('Stones', '')}; {center}".lower(),
        center_stone=center_parts[0].lower() if center else "",
        carat=center_carat if center_carat is not None else total,
        total_carat=total,
        cut=grades.get("cut", ""),
        color=grades.get("color", ""),
        clarity=grades.get("clarity", ""),
        lab=lab.strip(),
        report_number=report.strip(),
        size=f.get("Ring size", ""),
        resizable=f.get("Resizable", "").split(".")[0].strip(),
        description=f.get("Description", ""),
        lines=tuple(text.splitlines()),
    )


def _loose(chunk_id: str, doc_id: str, meta: dict[str, str], text: str) -> Record:
    _, f = _fields(text)
    lab, _, report = f.get("Certificate", "").rpartition(" report ")
    return Record(
        kind="loose_diamond",
        ident=meta.get("stock_number", ""),
        chunk_id=chunk_id,
        doc_id=doc_id,
        title=meta.get("title", ""),
        source=meta.get("source", ""),
        price=_number(f.get("Price", "")),
        stock=_stock(f.get("Availability", "")),
        stones="diamond",
        center_stone="diamond",
        carat=_number(f.get("Carat", "")),
        shape=f.get("Shape", "").lower(),
        cut=f.get("Cut", ""),
        color=f.get("Color", ""),
        clarity=f.get("Clarity", ""),
        lab=lab.strip(),
        report_number=report.strip(),
        lines=tuple(text.splitlines()),
    )


def _report(chunk_id: str, doc_id: str, meta: dict[str, str], text: str) -> Record:
    head, f = _fields(text)
    return Record(
        kind="report",
        ident=meta.get("report_number", ""),
        chunk_id=chunk_id,
        doc_id=doc_id,
        title=meta.get("title", ""),
        source=meta.get("source", ""),
        stones="diamond",
        center_stone="diamond",
        carat=_number(f.get("Carat weight", "")),
        shape=f.get("Shape", "").lower(),
        color=f.get("Color grade", ""),
        clarity=f.get("Clarity grade", ""),
        lab=head.partition(": ")[2],
        report_number=meta.get("report_number", ""),
        lab_cut=f.get("Cut grade", ""),
        fluorescence=f.get("Fluorescence", ""),
        lines=tuple(text.splitlines()),
    )


_READERS = {"product": _piece, "loose_diamond": _loose, "certificate": _report}
_ID_PREFIXES = {"product", "loose", "certificate"}  # chunk ids of records: product:SKU, loose:STOCK, certificate:N


def generation(hashes: dict[str, str]) -> str:
    """A fingerprint of the index's records: equal as long as no record was added, changed or removed."""
    digest = hashlib.sha256()
    for cid in sorted(c for c in hashes if c.split(":", 1)[0] in _ID_PREFIXES):
        digest.update(f"{cid}={hashes[cid]};".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Catalog:
    """Every searchable record, by kind; loose stones and pieces carry their report's cut grade and fluorescence."""

    pieces: tuple[Record, ...]
    loose: tuple[Record, ...]
    reports: tuple[Record, ...]
    boutiques: tuple[str, ...]
    generation: str = ""  # what the index held when read: a new ingest changes it

    def of_kind(self, kind: Kind) -> tuple[Record, ...]:
        return {"piece": self.pieces, "loose_diamond": self.loose, "report": self.reports}[kind]

    @classmethod
    def from_index(cls, index: IndexDB) -> Catalog:
        by_kind: dict[str, list[Record]] = {k: [] for k in _READERS}
        hashes = index.all_ids_and_hashes()
        ids = sorted(cid for cid in hashes if cid.split(":", 1)[0] in _ID_PREFIXES)
        for chunk in index.get_chunks(ids).values():
            if chunk.doc_type in _READERS:
                by_kind[chunk.doc_type].append(_READERS[chunk.doc_type](chunk.id, chunk.doc_id, chunk.metadata, chunk.text))
        for records in by_kind.values():
            records.sort(key=lambda r: r.ident)
        reports = {r.report_number: r for r in by_kind["certificate"]}

        def joined(r: Record) -> Record:
            rep = reports.get(r.report_number)
            if rep is None:
                return r
            return replace(r, lab_cut=rep.lab_cut, fluorescence=rep.fluorescence)

        return cls(
            pieces=tuple(joined(r) for r in by_kind["product"]),
            loose=tuple(joined(r) for r in by_kind["loose_diamond"]),
            reports=tuple(by_kind["certificate"]),
            boutiques=tuple(index.boutiques()),
            generation=generation(hashes),
        )
