"""Typed records parsed from the house's source files, and the chunks made from them.

Records are pydantic models because they sit at the edge (files written by people); a
validation failure becomes an `InvalidRecord` that names the file, line and field.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The kinds of record the catalog and the labs give; every other kind is a manual the house names itself.
RECORD_DOC_TYPES = frozenset({"product", "loose_diamond", "certificate", "provenance_record"})
# A manual's kind as its front matter names it: service_policy, provenance, faq, repair_note ...
DOC_KIND_PATTERN = r"^[a-z][a-z0-9_]*$"

CATEGORIES = ("ring", "earrings", "pendant", "necklace", "bracelet")
CUTS = ("Fair", "Good", "Very Good", "Premium", "Ideal", "Excellent")
COLORS = tuple("DEFGHIJKLMNOPQRSTUVWXYZ")
SKU_PATTERN = r"^AUR-[A-Z]{2}-\d{4}$"  # LD-NNNNN stock numbers have five digits, so never match
STOCK_NUMBER_PATTERN = r"^AUR-LD-\d{5}$"
REPORT_NUMBER_PATTERN = r"^\d{10}$"
CLARITIES = ("FL", "IF", "VVS1", "VVS2", "VS1", "VS2", "SI1", "SI2", "I1", "I2", "I3")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _grade(value: str, allowed: tuple[str, ...], what: str, optional: bool) -> str:
    if optional and value == "":
        return value
    if value not in allowed:
        raise ValueError(f"is not a {what} grade ({', '.join(allowed)})")
    return value


def _color(value: str, optional: bool = False) -> str:
    return _grade(value, COLORS, "D-to-Z color", optional)


def _clarity(value: str, optional: bool = False) -> str:
    return _grade(value, CLARITIES, "clarity", optional)


class ProductRecord(_Record):
    """One finished piece of the catalog (one row of catalog/pieces.csv)."""

    sku: str = Field(pattern=r"^AUR-[A-Z]{2}-\d{4}$")
    name: str = Field(min_length=2)
    collection: str = Field(min_length=2)
    category: Literal["ring", "earrings", "pendant", "necklace", "bracelet"]
    metal: str = Field(min_length=2)
    metal_purity: str = ""
    stones: str = ""
    center_stone: str = ""
    center_carat: float | None = Field(default=None, gt=0, lt=100)
    center_cut: str = ""
    center_color: str = ""
    center_clarity: str = ""
    certificate_number: str = ""
    certificate_lab: str = ""
    total_carat_weight: float | None = Field(default=None, ge=0, lt=200)
    size: str = ""
    resizable: Literal["yes", "no", "limited", "n/a"] = "n/a"
    resizing_note: str = ""
    length_cm: float | None = Field(default=None, gt=0, lt=200)
    price_usd: float = Field(gt=0)
    availability: dict[str, int] = Field(default_factory=dict)
    description: str = ""

    @field_validator("center_color")
    @classmethod
    def _center_color(cls, value: str) -> str:
        return _color(value, optional=True)

    @field_validator("center_clarity")
    @classmethod
    def _center_clarity(cls, value: str) -> str:
        return _clarity(value, optional=True)

    @field_validator("availability", mode="before")
    @classmethod
    def _parse_availability(cls, value: object) -> object:
        # "Fifth Avenue:2; Place Vendome:0" -> {"Fifth Avenue": 2, "Place Vendome": 0}
        if not isinstance(value, str):
            return value
        stock: dict[str, int] = {}
        for part in filter(None, (p.strip() for p in value.split(";"))):
            store, sep, count = part.rpartition(":")
            if not sep or not store.strip():
                raise ValueError(f'"{part}" is not "Store:count"')
            stock[store.strip()] = int(count)
        return stock


class LooseDiamondRecord(_Record):
    """One loose, certified diamond (one row of catalog/loose_diamonds.csv)."""

    stock_number: str = Field(pattern=r"^AUR-LD-\d{5}$")
    shape: str = "Round"
    carat: float = Field(gt=0, lt=100)
    cut: str
    color: str
    clarity: str
    depth_pct: float = Field(gt=0, lt=100)
    table_pct: float = Field(gt=0, lt=100)
    length_mm: float = Field(ge=0)
    width_mm: float = Field(ge=0)
    depth_mm: float = Field(ge=0)
    price_usd: float = Field(gt=0)
    certificate_number: str = ""
    certificate_lab: str = ""
    availability: dict[str, int] = Field(default_factory=dict)

    _parse_availability = field_validator("availability", mode="before")(
        ProductRecord._parse_availability.__func__  # type: ignore[attr-defined]
    )
    _check_color = field_validator("color")(lambda v: _color(v))
    _check_clarity = field_validator("clarity")(lambda v: _clarity(v))
    _check_cut = field_validator("cut")(lambda v: _grade(v, CUTS, "cut", optional=False))


class CertificateRecord(_Record):
    """A gem lab grading report (one JSON file, or parsed from the lab's PDF)."""

    report_number: str = Field(pattern=r"^\d{10}$")
    lab: str = Field(min_length=2)
    report_date: date
    shape: str
    carat: float = Field(gt=0, lt=100)
    color: str
    clarity: str
    cut: str = ""
    polish: str = ""
    symmetry: str = ""
    fluorescence: str = ""
    measurements: str = ""
    depth_pct: float | None = Field(default=None, gt=0, lt=100)
    table_pct: float | None = Field(default=None, gt=0, lt=100)
    girdle: str = ""
    inscription: str = ""
    comments: str = ""

    _check_color = field_validator("color")(lambda v: _color(v))
    _check_clarity = field_validator("clarity")(lambda v: _clarity(v))


class PolicyFrontMatter(_Record):
    """YAML front matter every manual of the house carries. `doc_type` is the house's own name for the
    kind of manual (any lower-case identifier but a record kind): every manual is read as prose."""

    doc_type: str
    title: str = Field(min_length=2)
    # A house's own manuals do not always say these; a citation shows them when they do.
    version: str = ""
    effective_date: date | None = None
    audience: str = ""
    # The piece a note is about (a repair note's SKU): its chunks are then found by that SKU, as the piece's own record is.
    sku: str = Field("", pattern=r"^$|" + SKU_PATTERN)

    @field_validator("sku", mode="before")
    @classmethod
    def _sku_as_written(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("doc_type", mode="before")
    @classmethod
    def _doc_kind_as_written(cls, value: object) -> object:
        """"Service Policy" or "care-guide" name the kinds service_policy and care_guide."""
        return re.sub(r"[\s-]+", "_", value.strip().lower()) if isinstance(value, str) else value

    @field_validator("doc_type")
    @classmethod
    def _doc_kind(cls, value: str) -> str:
        if not re.fullmatch(DOC_KIND_PATTERN, value):
            raise ValueError("is not a kind of manual: use a lower-case identifier (letters, digits, _), e.g. service_policy")
        if value in RECORD_DOC_TYPES:
            kinds = ", ".join(sorted(RECORD_DOC_TYPES))
            raise ValueError(f"is a kind of catalog record ({kinds}), not of manual: name the manual's kind, e.g. service_policy")
        return value


class CustodyEvent(_Record):
    """One hand the stone or metal passed through: mined, exported, cut, refined, set, received."""

    date: date
    event: str = Field(min_length=2)
    party: str = Field(min_length=2)
    location: str = ""
    document: str = ""  # the paper that proves it: an export permit, an invoice, a KP certificate


class VendorStatus(_Record):
    """Who sold the house the stone or metal, and where its compliance file stands."""

    name: str = Field(min_length=2)
    compliance_status: Literal["compliant", "conditionally compliant", "under review", "suspended"]
    audit_date: date
    auditor: str = ""


# Where the metal came from, as a certificate can attest it; "mined" is conventional supply with no claim.
METAL_SOURCING = ("recycled", "responsibly mined", "mined")


class ProvenanceRecord(_Record):
    """Provenance and sourcing evidence for one piece, loose stone or graded report (one JSON object)."""

    provenance_id: str = Field(pattern=r"^PRV-\d{4}-\d{4}$")
    record_date: date
    # What it covers: at least one of these, so the identifier an associate types finds it.
    sku: str = Field("", pattern=r"^$|" + SKU_PATTERN)
    stock_number: str = Field("", pattern=r"^$|" + STOCK_NUMBER_PATTERN)
    report_number: str = Field("", pattern=r"^$|" + REPORT_NUMBER_PATTERN)
    stone: str = ""  # the gem documented ("emerald", "diamond", "pearl"); "" when only the metal is
    origin_country: str = ""
    origin_region: str = ""
    mine: str = ""  # the mine, or the farm for a pearl
    kimberley_process_certificate: str = Field("", pattern=r"^$|^[A-Z]{2}[A-Z0-9/-]{4,30}$")
    metal: str = ""
    metal_sourcing: Literal["", "recycled", "responsibly mined", "mined"] = ""
    metal_certificate: str = ""
    vendor: VendorStatus
    treatments: list[str] = Field(default_factory=list)  # as disclosed by the vendor; [] when none is
    chain_of_custody: list[CustodyEvent] = Field(min_length=1)

    @field_validator("sku", "stock_number", mode="before")
    @classmethod
    def _code_as_written(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("stone")
    @classmethod
    def _stone_lower(cls, value: str) -> str:
        return value.lower()

    @model_validator(mode="after")
    def _consistent(self) -> ProvenanceRecord:
        if not (self.sku or self.stock_number or self.report_number):
            raise ValueError("covers nothing: give the sku, stock_number or report_number of what it documents")
        if not (self.stone or self.metal):
            raise ValueError("documents nothing: give the stone (with its origin) or the metal (with its sourcing)")
        if self.stone and not self.origin_country:
            raise ValueError(f"origin_country is required for the {self.stone} it documents")
        if self.stone == "diamond" and not self.kimberley_process_certificate:
            raise ValueError("a diamond's record needs the kimberley_process_certificate number of its rough")
        if self.kimberley_process_certificate and self.stone != "diamond":
            raise ValueError("kimberley_process_certificate is given, but the Kimberley Process covers rough diamonds only")
        if self.metal_sourcing and not self.metal:
            raise ValueError(f'metal_sourcing is "{self.metal_sourcing}" but no metal is named')
        if self.metal_sourcing in ("recycled", "responsibly mined") and not self.metal_certificate:
            raise ValueError(f'a "{self.metal_sourcing}" metal claim needs its metal_certificate number')
        if self.metal_certificate and self.metal_sourcing not in ("recycled", "responsibly mined"):
            raise ValueError('metal_certificate is given: say what it attests in metal_sourcing ("recycled" or "responsibly mined")')
        dates = [e.date for e in self.chain_of_custody]
        if dates != sorted(dates):
            raise ValueError("chain_of_custody events are not in date order: list them oldest first")
        if dates[-1] > self.record_date:
            raise ValueError(f"chain_of_custody ends on {dates[-1]}, after the record_date {self.record_date}")
        return self


@dataclass(frozen=True)
class InvalidRecord:
    """A record (or whole file) that failed validation and was skipped."""

    source: str
    location: str  # "line 41", "record 3", "front matter", "file"
    field: str  # "" when the whole file or record is at fault
    message: str

    def __str__(self) -> str:
        where = f"{self.source} {self.location}".strip()
        what = f'{self.field}: {self.message}' if self.field else self.message
        return f"{where}: {what}"


@dataclass(frozen=True)
class Chunk:
    """One unit of the index: the text embedded, and where it came from."""

    id: str
    text: str
    doc_id: str
    doc_type: str
    source: str
    title: str
    section: str = ""
    sku: str = ""
    report_number: str = ""
    collection: str = ""
    version: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]

    def metadata(self) -> dict[str, str]:
        """Flat metadata for Chroma (which accepts only scalar values)."""
        meta = {
            "doc_id": self.doc_id,
            "doc_type": self.doc_type,
            "source": self.source,
            "title": self.title,
            "section": self.section,
            "sku": self.sku,
            "report_number": self.report_number,
            "collection": self.collection,
            "version": self.version,
            "content_hash": self.content_hash,
        }
        meta.update(self.extra)
        return meta
