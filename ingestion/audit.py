"""The catalog audit: how complete the catalog's metadata is, and where the catalog contradicts itself.

Loads catalog CSVs and certificates with the ingestion loaders, then reports completeness and findings.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from rich.console import Console
from rich.table import Table

from ingestion.injection import FlaggedSentence, flag_document
from ingestion.loaders import Loaded
from ingestion.loaders.catalog_csv import load_catalog_csv
from ingestion.loaders.markdown_doc import MarkdownDocument, load_markdown
from ingestion.loaders.pdf import load_pdf
from ingestion.loaders.records_json import load_records_json
from ingestion.provenance_audit import ProvenanceFinding, audit_provenance
from ingestion.records import CertificateRecord, InvalidRecord, LooseDiamondRecord, ProductRecord, ProvenanceRecord
from ingestion.sources import discover

CARAT_TOLERANCE = 0.005  # certificates give carats to two decimals; anything beyond is a real disagreement
OUTLIER_FACTOR = 4.0  # flagged above 4x or below 1/4 of the group median
MIN_GROUP = 5  # a median of fewer items says too little about what a normal price is
EXAMPLES = 3  # example items shown per naming variant or missing field
PREVIEW = 10  # findings of each kind shown on the console; the files hold them all
PROVENANCE_MAX_AGE_DAYS = 365  # the default for COPILOT_PROVENANCE_AUDIT_MAX_DAYS

PIECE = "piece"
LOOSE = "loose diamond"

R = TypeVar("R", ProductRecord, LooseDiamondRecord)


@dataclass(frozen=True)
class FieldCompleteness:
    """How many of the records a field applies to have it filled."""

    kind: str
    field: str
    scope: str  # which records the field is judged on, in words
    filled: int
    applicable: int
    missing: tuple[str, ...] = ()  # every applicable record lacking it

    @property
    def share(self) -> float:
        return self.filled / self.applicable if self.applicable else 1.0


@dataclass(frozen=True)
class Variant:
    """One spelling of a value, how often it occurs, and the first items that use it."""

    spelling: str
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class NamingInconsistency:
    """One value spelled several ways (case, accents, spacing, karat notation)."""

    HEADERS: ClassVar[tuple[str, ...]] = ("Field", "Normalised", "Variants (count: example items)")
    field: str
    normalised: str
    variants: tuple[Variant, ...]  # most common first

    def cells(self) -> tuple[str, ...]:
        shown = "; ".join(f'"{v.spelling}" ×{v.count}: {", ".join(v.examples)}' for v in self.variants)
        return (self.field, self.normalised, shown)


@dataclass(frozen=True)
class MissingCertificate:
    """A catalog item that cites a certificate no loaded file contains."""

    HEADERS: ClassVar[tuple[str, ...]] = ("Item", "Kind", "Certificate", "Lab", "Catalog row")
    kind: str
    item: str
    certificate_number: str
    certificate_lab: str
    where: str

    def cells(self) -> tuple[str, ...]:
        return (self.item, self.kind, self.certificate_number, self.certificate_lab, self.where)


@dataclass(frozen=True)
class CertificateMismatch:
    """A grade the catalog states differently from the certificate it cites."""

    HEADERS: ClassVar[tuple[str, ...]] = ("Item", "Field", "Catalog", "Certificate", "Report", "Certificate file")
    kind: str
    item: str
    field: str
    catalog_value: str | float
    certificate_value: str | float
    report_number: str
    certificate_source: str

    def cells(self) -> tuple[str, ...]:
        return (
            self.item,
            self.field,
            str(self.catalog_value),
            str(self.certificate_value),
            self.report_number,
            self.certificate_source,
        )


@dataclass(frozen=True)
class PriceOutlier:
    """A price (or price per carat) far from the median of comparable items."""

    HEADERS: ClassVar[tuple[str, ...]] = ("Item", "Group", "Basis", "Value", "Group median", "Ratio", "Rule")
    kind: str
    item: str
    group: str
    group_size: int
    basis: str  # "price" or "price per carat"
    value: float
    median: float
    ratio: float
    rule: str

    def cells(self) -> tuple[str, ...]:
        return (
            self.item,
            f"{self.group} ({self.group_size} items)",
            self.basis,
            f"USD {self.value:,.0f}",
            f"USD {self.median:,.0f}",
            f"{self.ratio:.2f}x",
            self.rule,
        )


@dataclass(frozen=True)
class Section:
    """One group of findings, laid out as a table (shared by the Markdown and console views)."""

    key: str
    title: str
    explanation: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]


@dataclass
class AuditReport:
    """Completeness per field and every finding of one audit run."""

    files: list[str] = field(default_factory=list)
    pieces: int = 0
    loose_diamonds: int = 0
    certificates: int = 0
    provenance_records: int = 0
    completeness: list[FieldCompleteness] = field(default_factory=list)
    naming: list[NamingInconsistency] = field(default_factory=list)
    missing_certificates: list[MissingCertificate] = field(default_factory=list)
    certificate_mismatches: list[CertificateMismatch] = field(default_factory=list)
    price_outliers: list[PriceOutlier] = field(default_factory=list)
    invalid_records: list[InvalidRecord] = field(default_factory=list)
    instructions: list[FlaggedSentence] = field(default_factory=list)
    provenance_missing: list[ProvenanceFinding] = field(default_factory=list)
    provenance_expired: list[ProvenanceFinding] = field(default_factory=list)
    provenance_contradictions: list[ProvenanceFinding] = field(default_factory=list)

    def overall_completeness(self, kind: str | None = None) -> float:
        """Filled cells over applicable cells, for one kind of record or (None) the whole catalog."""
        rows = [c for c in self.completeness if kind is None or c.kind == kind]
        applicable = sum(c.applicable for c in rows)
        return sum(c.filled for c in rows) / applicable if applicable else 1.0

    @property
    def counts(self) -> dict[str, int]:
        return {section.key: len(section.rows) for section in self.sections()}

    @property
    def findings(self) -> int:
        return sum(self.counts.values())

    def sections(self) -> list[Section]:
        low, high = f"{1 / OUTLIER_FACTOR:g}x", f"{OUTLIER_FACTOR:g}x"
        rule = f"more than {high} or less than {low} the median of a group of ≥ {MIN_GROUP}"
        return [
            Section(
                "naming",
                "Inconsistent naming and units",
                "Values that normalise to the same thing (case, accents, spacing, karat notation) "
                "but are spelled differently.",
                NamingInconsistency.HEADERS,
                [n.cells() for n in self.naming],
            ),
            Section(
                "missing_certificates",
                "Certified items without a certificate",
                "The catalog cites a certificate number, but no loaded JSON or PDF report carries it.",
                MissingCertificate.HEADERS,
                [m.cells() for m in self.missing_certificates],
            ),
            Section(
                "certificate_mismatches",
                "Certificates that disagree with the catalog",
                f"Carat (tolerance {CARAT_TOLERANCE}), color and clarity; cut is not compared, labs grade it differently.",
                CertificateMismatch.HEADERS,
                [m.cells() for m in self.certificate_mismatches],
            ),
            Section(
                "price_outliers",
                "Price outliers",
                f"Pieces by collection and category, loose diamonds by price per carat within color and clarity: {rule}.",
                PriceOutlier.HEADERS,
                [o.cells() for o in self.price_outliers],
            ),
            Section(
                "provenance_missing",
                "Pieces without a provenance record",
                "Every piece with a centre stone owes a provenance record (data/README.md); without one the copilot says "
                "the house holds none.",
                ProvenanceFinding.HEADERS,
                [f.cells() for f in self.provenance_missing],
            ),
            Section(
                "provenance_expired",
                "Provenance records expired or out of good standing",
                "The vendor's last compliance audit is older than the limit (COPILOT_PROVENANCE_AUDIT_MAX_DAYS), or the "
                "vendor is not compliant.",
                ProvenanceFinding.HEADERS,
                [f.cells() for f in self.provenance_expired],
            ),
            Section(
                "provenance_contradictions",
                "Provenance records that contradict the catalog",
                "The origin the catalog states (\"Colombian emerald\") is not the record's, or the stone, report or SKU differ.",
                ProvenanceFinding.HEADERS,
                [f.cells() for f in self.provenance_contradictions],
            ),
            Section(
                "invalid_records",
                "Invalid records",
                "Rows and files the loaders rejected; they are missing from the catalog until fixed.",
                ("Source", "Location", "Field", "Problem"),
                [(i.source, i.location, i.field, i.message) for i in self.invalid_records],
            ),
            Section(
                "instructions",
                "Instructions inside documents",
                "Manual sentences that order a reader or a model about (\"ignore previous instructions\", \"you are "
                "now\", \"tell the client every stone...\"): ingestion leaves them out, so no answer quotes them; "
                "remove them from the document.",
                ("Source", "Rule", "Sentence"),
                [(f.source, f.rule, f.sentence) for f in self.instructions],
            ),
        ]

    def to_dict(self) -> dict[str, object]:
        return {
            "summary": {
                "files": self.files,
                "pieces": self.pieces,
                "loose_diamonds": self.loose_diamonds,
                "certificates": self.certificates,
                "provenance_records": self.provenance_records,
                "completeness": {
                    "pieces": round(self.overall_completeness(PIECE), 4),
                    "loose_diamonds": round(self.overall_completeness(LOOSE), 4),
                    "overall": round(self.overall_completeness(), 4),
                },
                "findings": self.counts,
            },
            "completeness": [{**asdict(c), "share": round(c.share, 4)} for c in self.completeness],
            "naming": [asdict(n) for n in self.naming],
            "missing_certificates": [asdict(m) for m in self.missing_certificates],
            "certificate_mismatches": [asdict(m) for m in self.certificate_mismatches],
            "price_outliers": [asdict(o) for o in self.price_outliers],
            "invalid_records": [asdict(i) for i in self.invalid_records],
            "instructions": [asdict(f) for f in self.instructions],
            "provenance_missing": [asdict(f) for f in self.provenance_missing],
            "provenance_expired": [asdict(f) for f in self.provenance_expired],
            "provenance_contradictions": [asdict(f) for f in self.provenance_contradictions],
        }

    def to_markdown(self) -> str:
        lines = [
            "# Catalog audit",
            "",
            "## Summary",
            "",
            f"- Files audited: {len(self.files)}",
            f"- Records: {self.pieces} pieces, {self.loose_diamonds} loose diamonds, {self.certificates} certificates, "
            f"{self.provenance_records} provenance records",
            f"- Metadata completeness: **{_percent(self.overall_completeness())}** overall "
            f"({_percent(self.overall_completeness(PIECE))} pieces, "
            f"{_percent(self.overall_completeness(LOOSE))} loose diamonds)",
            *(f"- {s.title}: {len(s.rows)}" for s in self.sections()),
            "",
            "## Completeness per field",
            "",
            "A field is judged only on the records it applies to (the scope column).",
            "",
            *_markdown_table(
                ("Kind", "Field", "Scope", "Filled", "Completeness", "Missing on (examples)"),
                [
                    (c.kind, c.field, c.scope, f"{c.filled}/{c.applicable}", _percent(c.share), _examples(c.missing))
                    for c in self.completeness
                ],
            ),
        ]
        for section in self.sections():
            lines += ["", f"## {section.title} ({len(section.rows)})", "", section.explanation, ""]
            lines += _markdown_table(section.headers, section.rows) if section.rows else ["None found."]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Graded:
    """What a catalog item states about its certified diamond, whichever kind of item it is."""

    kind: str
    item: str
    where: str
    certificate_number: str
    certificate_lab: str
    carat: float | None
    color: str
    clarity: str


@dataclass(frozen=True)
class _Rule(Generic[R]):
    field: str
    scope: str
    applies: Callable[[R], bool]


@dataclass
class _Catalog:
    files: list[str] = field(default_factory=list)
    pieces: list[tuple[ProductRecord, str]] = field(default_factory=list)  # (record, "source line N")
    loose: list[tuple[LooseDiamondRecord, str]] = field(default_factory=list)
    certificates: dict[str, tuple[CertificateRecord, str]] = field(default_factory=dict)  # number -> (report, file)
    provenance: list[tuple[ProvenanceRecord, str]] = field(default_factory=list)  # (record, file)
    invalid: list[InvalidRecord] = field(default_factory=list)

    def add(
        self, source: str, loaded: Loaded[ProductRecord | LooseDiamondRecord] | Loaded[CertificateRecord | ProvenanceRecord]
    ) -> None:
        self.files.append(source)
        self.invalid.extend(loaded.invalid)
        for location, record in loaded.records:
            where = f"{source} {location}"
            if isinstance(record, ProductRecord):
                self.pieces.append((record, where))
            elif isinstance(record, LooseDiamondRecord):
                self.loose.append((record, where))
            elif isinstance(record, ProvenanceRecord):
                self.provenance.append((record, source))
            else:
                self.certificates.setdefault(record.report_number, (record, source))

    def graded(self) -> list[_Graded]:
        pieces = [
            _Graded(
                PIECE, p.sku, w, p.certificate_number, p.certificate_lab, p.center_carat, p.center_color, p.center_clarity
            )
            for p, w in self.pieces
        ]
        loose = [
            _Graded(LOOSE, d.stock_number, w, d.certificate_number, d.certificate_lab, d.carat, d.color, d.clarity)
            for d, w in self.loose
        ]
        return pieces + loose


def audit_paths(
    paths: Sequence[Path], today: date | None = None, provenance_max_age_days: int = PROVENANCE_MAX_AGE_DAYS
) -> AuditReport:
    """Audit every catalog CSV, certificate (JSON or PDF) and provenance record under the paths, and the
    manuals for instructions written into them; other files are skipped. A vendor audit older than
    `provenance_max_age_days` on `today` (default: the day it runs) has expired."""
    _, files = discover(paths)
    catalog = _Catalog()
    instructions: list[FlaggedSentence] = []
    for file in files:
        suffix = file.path.suffix.lower()
        if suffix == ".md":
            for _, doc in load_markdown(file.path, file.source).records:
                instructions += flag_document(doc.body, file.source, doc.front.doc_type)
        elif suffix == ".csv":
            catalog.add(file.source, load_catalog_csv(file.path, file.source))
        elif suffix == ".json":
            catalog.add(file.source, load_records_json(file.path, file.source))
        elif suffix == ".pdf":
            loaded = load_pdf(file.path, file.source)
            manuals = [record for _, record in loaded.records if isinstance(record, MarkdownDocument)]
            for doc in manuals:
                instructions += flag_document(doc.body, file.source, doc.front.doc_type)
            if not manuals:  # a manual's catalog fields are not audited
                catalog.add(file.source, loaded)  # type: ignore[arg-type]
    provenance = audit_provenance(
        [p for p, _ in catalog.pieces], catalog.provenance, today or date.today(), provenance_max_age_days
    )
    return AuditReport(
        files=catalog.files,
        pieces=len(catalog.pieces),
        loose_diamonds=len(catalog.loose),
        certificates=len(catalog.certificates),
        provenance_records=len(catalog.provenance),
        completeness=_completeness(PIECE, catalog.pieces, _piece_rules(), lambda p: p.sku)
        + _completeness(LOOSE, catalog.loose, _loose_rules(), lambda d: d.stock_number),
        naming=_naming(catalog),
        missing_certificates=_missing_certificates(catalog),
        certificate_mismatches=_mismatches(catalog),
        price_outliers=_piece_price_outliers(catalog.pieces) + _loose_price_outliers(catalog.loose),
        invalid_records=catalog.invalid,
        instructions=instructions,
        provenance_missing=provenance.missing,
        provenance_expired=provenance.expired,
        provenance_contradictions=provenance.contradictions,
    )


def render_audit(report: AuditReport, console: Console) -> None:
    console.print(
        f"[bold]Catalog audit[/]: {len(report.files)} files, {report.pieces} pieces, "
        f"{report.loose_diamonds} loose diamonds, {report.certificates} certificates, "
        f"{report.provenance_records} provenance records"
    )
    table = Table(title=f"Metadata completeness {_percent(report.overall_completeness())}", title_justify="left")
    for header in ("Kind", "Field", "Scope", "Filled", "Share"):
        table.add_column(header, justify="right" if header in ("Filled", "Share") else "left")
    for c in report.completeness:
        colour = "green" if c.share == 1 else "yellow" if c.share >= 0.9 else "red"
        table.add_row(c.kind, c.field, c.scope, f"{c.filled}/{c.applicable}", f"[{colour}]{_percent(c.share)}[/]")
    console.print(table)
    counts = Table(title="Findings", title_justify="left")
    counts.add_column("Kind")
    counts.add_column("Count", justify="right")
    for section in report.sections():
        counts.add_row(section.title, str(len(section.rows)))
    console.print(counts)
    for section in report.sections():
        if not section.rows:
            continue
        shown = Table(title=section.title, title_justify="left", caption=_more(len(section.rows)), caption_justify="left")
        for header in section.headers:
            shown.add_column(header, overflow="fold")
        for row in section.rows[:PREVIEW]:
            shown.add_row(*row)
        console.print(shown)


def save_audit(report: AuditReport, reports_dir: Path) -> tuple[Path, Path]:
    """Write catalog_audit.json and catalog_audit.md into reports_dir; returns both paths."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = reports_dir / "catalog_audit.json", reports_dir / "catalog_audit.md"
    json_path.write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(report.to_markdown(), encoding="utf-8")
    return json_path, md_path


def _piece_rules() -> list[_Rule[ProductRecord]]:
    # Pearls are sized in millimetres, not weighed in carats, so a pearl center owes no carat weight.
    def weighed_center(p: ProductRecord) -> bool:
        return bool(p.center_stone) and "pearl" not in _fold(p.center_stone)

    # total_carat_weight counts diamonds only: a piece of pearls or coloured gems alone owes none.
    def has_diamonds(p: ProductRecord) -> bool:
        return "diamond" in _fold(f"{p.stones} {p.center_stone}")

    def diamond_center(p: ProductRecord) -> bool:
        return "diamond" in _fold(p.center_stone)

    def ring(p: ProductRecord) -> bool:
        return p.category == "ring"

    scoped: dict[str, tuple[str, Callable[[ProductRecord], bool]]] = {
        "center_carat": ("center stones other than pearls", weighed_center),
        "center_cut": ("diamond centers", diamond_center),
        "center_color": ("diamond centers", diamond_center),
        "center_clarity": ("diamond centers", diamond_center),
        "certificate_number": ("diamond centers", diamond_center),
        "certificate_lab": ("pieces with a certificate number", lambda p: bool(p.certificate_number)),
        "total_carat_weight": ("pieces with diamonds", has_diamonds),
        "size": ("rings", ring),
        "resizable": ("rings", ring),
        "resizing_note": ("rings", ring),
        "length_cm": ("necklaces and bracelets", lambda p: p.category in ("necklace", "bracelet")),
    }
    # An empty center_stone states a fact (the piece has none), so it is never a gap.
    judged = [name for name in ProductRecord.model_fields if name != "center_stone"]
    return [_Rule(name, *scoped.get(name, ("all pieces", lambda p: True))) for name in judged]


def _loose_rules() -> list[_Rule[LooseDiamondRecord]]:
    def certified(d: LooseDiamondRecord) -> bool:
        return bool(d.certificate_number)

    def always(d: LooseDiamondRecord) -> bool:
        return True

    return [
        _Rule(name, "certified loose diamonds", certified)
        if name == "certificate_lab"
        else _Rule(name, "all loose diamonds", always)
        for name in LooseDiamondRecord.model_fields
    ]


def _completeness(
    kind: str, records: list[tuple[R, str]], rules: list[_Rule[R]], key: Callable[[R], str]
) -> list[FieldCompleteness]:
    rows = []
    for rule in rules:
        applicable = [r for r, _ in records if rule.applies(r)]
        missing = [key(r) for r in applicable if not _filled(getattr(r, rule.field))]
        if applicable:
            rows.append(
                FieldCompleteness(
                    kind, rule.field, rule.scope, len(applicable) - len(missing), len(applicable), tuple(missing)
                )
            )
    return rows


def _filled(value: object) -> bool:
    # A blank `resizable` cell becomes "n/a", so "n/a" counts as not given wherever the field applies.
    if isinstance(value, str):
        return value.strip().casefold() not in ("", "n/a")
    if isinstance(value, dict):
        return bool(value)
    return value is not None


def _naming(catalog: _Catalog) -> list[NamingInconsistency]:
    values: dict[str, list[tuple[str, str]]] = defaultdict(list)  # field -> [(item, spelling)]
    for p, _ in catalog.pieces:
        for name in ("collection", "metal", "metal_purity", "center_stone"):
            values[name].append((p.sku, getattr(p, name)))
        values["cut"].append((p.sku, p.center_cut))
        values["color"].append((p.sku, p.center_color))
        values["clarity"].append((p.sku, p.center_clarity))
        values["certificate_lab"].append((p.sku, p.certificate_lab))
        values["store"] += [(p.sku, store) for store in p.availability]
    for d, _ in catalog.loose:
        for name in ("shape", "cut", "color", "clarity", "certificate_lab"):
            values[name].append((d.stock_number, getattr(d, name)))
        values["store"] += [(d.stock_number, store) for store in d.availability]
    for c, _ in catalog.certificates.values():
        values["shape"].append((c.report_number, c.shape))
        values["certificate_lab"].append((c.report_number, c.lab))
    found = []
    for name, pairs in values.items():
        normalise = _fold_metal if name in ("metal", "metal_purity") else _fold
        found += _variants(name, pairs, normalise)
    return found


def _variants(name: str, pairs: Iterable[tuple[str, str]], normalise: Callable[[str], str]) -> list[NamingInconsistency]:
    spellings: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))  # normalised -> spelling -> items
    for item, value in pairs:
        if value.strip():
            spellings[normalise(value)][value].append(item)
    return [
        NamingInconsistency(
            name,
            normalised,
            tuple(
                Variant(spelling, len(items), tuple(items[:EXAMPLES]))
                for spelling, items in sorted(by_spelling.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            ),
        )
        for normalised, by_spelling in spellings.items()
        if len(by_spelling) > 1
    ]


def _fold(text: str) -> str:
    """Case, accents, hyphens and spacing evened out: "Belle-Époque " -> "belle epoque"."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[-_]", " ", plain.casefold()).split())


def _fold_metal(text: str) -> str:
    """_fold, with one karat notation placed first: "Yellow Gold 18ct", "18 kt yellow gold" -> "18k yellow gold"."""
    words = re.sub(r"\b(\d{1,2}) ?(?:karat|carat|kt|ct|k)s?\b", r"\1k", _fold(text)).split()
    karats = [w for w in words if re.fullmatch(r"\d{1,2}k", w)]
    return " ".join(karats + [w for w in words if w not in karats])


def _missing_certificates(catalog: _Catalog) -> list[MissingCertificate]:
    return [
        MissingCertificate(g.kind, g.item, g.certificate_number, g.certificate_lab, g.where)
        for g in catalog.graded()
        if g.certificate_number and g.certificate_number not in catalog.certificates
    ]


def _mismatches(catalog: _Catalog) -> list[CertificateMismatch]:
    found = []
    for g in catalog.graded():
        if g.certificate_number not in catalog.certificates:
            continue
        cert, cert_source = catalog.certificates[g.certificate_number]
        # An empty catalog grade is a completeness gap, reported there, not a disagreement.
        carat_off = g.carat is not None and round(abs(g.carat - cert.carat), 6) > CARAT_TOLERANCE
        compared: list[tuple[str, str | float, str | float, bool]] = [
            ("carat", g.carat or "", cert.carat, carat_off),
            ("color", g.color, cert.color, bool(g.color) and _grade(g.color) != _grade(cert.color)),
            ("clarity", g.clarity, cert.clarity, bool(g.clarity) and _grade(g.clarity) != _grade(cert.clarity)),
        ]
        found += [
            CertificateMismatch(g.kind, g.item, name, ours, theirs, cert.report_number, cert_source)
            for name, ours, theirs, differs in compared
            if differs
        ]
    return found


def _grade(text: str) -> str:
    return "".join(text.split()).upper()


def _piece_price_outliers(pieces: list[tuple[ProductRecord, str]]) -> list[PriceOutlier]:
    groups: dict[tuple[str, str], list[ProductRecord]] = defaultdict(list)
    for p, _ in pieces:
        # Grouped on the normalised collection, so a misspelt collection does not escape its peers.
        groups[(_fold(p.collection), p.category)].append(p)
    found = []
    for members in groups.values():
        label = f"{Counter(p.collection for p in members).most_common(1)[0][0]} / {members[0].category}"
        found += _outliers(PIECE, label, "price", [(p.sku, p.price_usd) for p in members])
    return found


def _loose_price_outliers(loose: list[tuple[LooseDiamondRecord, str]]) -> list[PriceOutlier]:
    groups: dict[tuple[str, str], list[LooseDiamondRecord]] = defaultdict(list)
    for d, _ in loose:
        groups[(_grade(d.color), _grade(d.clarity))].append(d)
    found = []
    for (color, clarity), members in groups.items():
        priced = [(d.stock_number, d.price_usd / d.carat) for d in members]
        found += _outliers(LOOSE, f"color {color}, clarity {clarity}", "price per carat", priced)
    return found


def _outliers(kind: str, group: str, basis: str, priced: list[tuple[str, float]]) -> list[PriceOutlier]:
    if len(priced) < MIN_GROUP:
        return []
    median = statistics.median(value for _, value in priced)
    found = []
    for item, value in priced:
        ratio = value / median
        if ratio > OUTLIER_FACTOR or ratio < 1 / OUTLIER_FACTOR:
            side = f"more than {OUTLIER_FACTOR:g}x" if ratio > 1 else f"less than {1 / OUTLIER_FACTOR:g}x"
            rule = f"{side} the group median"
            found.append(PriceOutlier(kind, item, group, len(priced), basis, value, median, ratio, rule))
    return found


def _markdown_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    return [
        "| " + " | ".join(headers) + " |",
        "|" + "---|" * len(headers),
        *("| " + " | ".join(cell(c) for c in row) + " |" for row in rows),
    ]


def _percent(share: float) -> str:
    # Rounded down, so a catalog missing one cell in three thousand never reads as 100.0%.
    return f"{math.floor(round(share * 1000, 6)) / 10:.1f}%"


def _examples(items: Sequence[str]) -> str:
    more = f" (+{len(items) - EXAMPLES} more)" if len(items) > EXAMPLES else ""
    return ", ".join(items[:EXAMPLES]) + more


def _more(total: int) -> str:
    return f"… and {total - PREVIEW} more in the full report" if total > PREVIEW else ""
