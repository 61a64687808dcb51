"""Records -> chunks. A product, loose diamond, certificate or provenance record is one chunk of labelled lines (each
line a quotable fact); a Markdown manual is split by headings, then by tokens between lines or sentences."""

from __future__ import annotations

import re
from functools import lru_cache

from ingestion.loaders.markdown_doc import MarkdownDocument
from ingestion.records import CertificateRecord, Chunk, LooseDiamondRecord, ProductRecord, ProvenanceRecord


def _money(value: float) -> str:
    return f"USD {value:,.0f}"


def _stock(availability: dict[str, int]) -> str:
    return "; ".join(f"{store}: {count}" for store, count in availability.items())


def _lines(pairs: list[tuple[str, object]]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs if value not in ("", None))


def product_chunk(p: ProductRecord, source: str) -> Chunk:
    center = ""
    if p.center_stone:
        grades = [
            f"{p.center_carat} ct" if p.center_carat else "",
            f"cut {p.center_cut}" if p.center_cut else "",
            f"color {p.center_color}" if p.center_color else "",
            f"clarity {p.center_clarity}" if p.center_clarity else "",
        ]
        center = ", ".join([p.center_stone, *filter(None, grades)])
    certificate = f"{p.certificate_lab} report {p.certificate_number}".strip() if p.certificate_number else ""
    resizing = p.resizable + (f". {p.resizing_note}" if p.resizing_note else "") if p.category == "ring" else ""
    text = _lines(
        [
            (f"{p.name} (SKU {p.sku})", f"{p.category} of the {p.collection} collection"),
            ("Metal", f"{p.metal} ({p.metal_purity})" if p.metal_purity else p.metal),
            ("Stones", p.stones),
            ("Center stone", center),
            ("Total carat weight", f"{p.total_carat_weight} ct" if p.total_carat_weight else ""),
            ("Certificate", certificate),
            ("Ring size", p.size),
            ("Resizable", resizing),
            ("Length", f"{p.length_cm} cm" if p.length_cm else ""),
            ("Price", _money(p.price_usd)),
            ("Availability", _stock(p.availability)),
            ("Description", p.description),
        ]
    )
    return Chunk(
        id=f"product:{p.sku}",
        text=text,
        doc_id=f"product:{p.sku}",
        doc_type="product",
        source=source,
        title=p.name,
        sku=p.sku,
        report_number=p.certificate_number,
        collection=p.collection,
        extra={"name": p.name, "category": p.category},
    )


def loose_diamond_chunk(d: LooseDiamondRecord, source: str) -> Chunk:
    title = f"Loose {d.shape.lower()} diamond {d.carat} ct {d.color} {d.clarity}"
    text = _lines(
        [
            (f"{title} (stock number {d.stock_number})", "loose diamond"),
            ("Shape", d.shape),
            ("Carat", d.carat),
            ("Cut", d.cut),
            ("Color", d.color),
            ("Clarity", d.clarity),
            ("Depth", f"{d.depth_pct}%"),
            ("Table", f"{d.table_pct}%"),
            ("Measurements", f"{d.length_mm} x {d.width_mm} x {d.depth_mm} mm"),
            ("Certificate", f"{d.certificate_lab} report {d.certificate_number}".strip() if d.certificate_number else ""),
            ("Price", _money(d.price_usd)),
            ("Availability", _stock(d.availability)),
        ]
    )
    return Chunk(
        id=f"loose:{d.stock_number}",
        text=text,
        doc_id=f"loose:{d.stock_number}",
        doc_type="loose_diamond",
        source=source,
        title=title,
        report_number=d.certificate_number,
        extra={"stock_number": d.stock_number},
    )


def certificate_chunk(c: CertificateRecord, source: str) -> Chunk:
    title = f"{c.lab} report {c.report_number}"
    text = _lines(
        [
            (f"Grading report {c.report_number}", c.lab),
            ("Report date", c.report_date.isoformat()),
            ("Shape", c.shape),
            ("Carat weight", f"{c.carat} ct"),
            ("Color grade", c.color),
            ("Clarity grade", c.clarity),
            ("Cut grade", c.cut),
            ("Polish", c.polish),
            ("Symmetry", c.symmetry),
            ("Fluorescence", c.fluorescence),
            ("Measurements", c.measurements),
            ("Depth", f"{c.depth_pct}%" if c.depth_pct else ""),
            ("Table", f"{c.table_pct}%" if c.table_pct else ""),
            ("Girdle", c.girdle),
            ("Inscription", c.inscription),
            ("Comments", c.comments),
        ]
    )
    return Chunk(
        id=f"certificate:{c.report_number}",
        text=text,
        doc_id=f"certificate:{c.report_number}",
        doc_type="certificate",
        source=source,
        title=title,
        report_number=c.report_number,
    )


def provenance_chunk(r: ProvenanceRecord, source: str) -> Chunk:
    """Every line a labelled fact, as a certificate's; a fact the record lacks is said to be absent, so
    "does it have a Kimberley Process certificate?" is answered from the record either way."""
    covers = [f"SKU {r.sku}" if r.sku else "", f"stock number {r.stock_number}" if r.stock_number else "",
              f"report {r.report_number}" if r.report_number else ""]
    documented = " and ".join(filter(None, [r.stone, r.metal]))
    origin = ", ".join(filter(None, [r.origin_country, r.origin_region, f"{r.mine}" if r.mine else ""]))
    if r.stone == "diamond":
        kimberley = f"{r.kimberley_process_certificate} (rough diamonds)"
    else:
        documents = f"{'an' if r.stone[:1] in 'aeiou' else 'a'} {r.stone}" if r.stone else "the metal alone"
        kimberley = f"not applicable: the record documents {documents}, not a diamond"
    metal = ""
    if r.metal:
        claim = f"{r.metal_sourcing} {r.metal}" if r.metal_sourcing else f"{r.metal}, sourcing not documented"
        metal = f"{claim}, certificate {r.metal_certificate}" if r.metal_certificate else claim
    v = r.vendor
    vendor = f"{v.name}, {v.compliance_status}, last audited {v.audit_date.isoformat()}" + (f" by {v.auditor}" if v.auditor else "")
    custody = "; ".join(
        f"{e.date.isoformat()} {e.event}, {e.party}" + (f", {e.location}" if e.location else "") + (f" ({e.document})" if e.document else "")
        for e in r.chain_of_custody
    )
    text = _lines(
        [
            (f"Provenance record {r.provenance_id}", f"{documented} of {', '.join(filter(None, covers))}"),
            ("Record date", r.record_date.isoformat()),
            ("Origin", f"{r.stone} from {origin}" if r.stone else ""),
            ("Kimberley Process certificate", kimberley),
            ("Metal sourcing", metal or "not documented in this record"),
            ("Vendor", vendor),
            ("Treatments disclosed", "; ".join(r.treatments) if r.treatments else ("none" if r.stone else "")),
            ("Chain of custody", custody),
        ]
    )
    return Chunk(
        id=f"provenance:{r.provenance_id}",
        text=text,
        doc_id=f"provenance:{r.provenance_id}",
        doc_type="provenance_record",
        source=source,
        title=f"Provenance record {r.provenance_id}",
        sku=r.sku,
        report_number=r.report_number,
        extra={"stock_number": r.stock_number, "provenance_id": r.provenance_id, "vendor_audit_date": v.audit_date.isoformat()},
    )


# Bumped whenever the same Markdown would be cut into different chunks (2: a table split across
# chunks repeats its header; 3: hard-wrapped paragraphs are reflowed, a paragraph too long for one
# chunk is cut between sentences), so the next `copilot ingest` re-chunks the manuals.
CHUNKER_VERSION = "3"
# Where a section may be cut, best first. After the lines: between sentences, so a paragraph longer than
# a chunk (reflowed onto one line) never leaves a chunk ending mid-sentence; words only for a sentence
# longer than a chunk. The sentence cut keeps the space with the next piece, which is stripped.
_SEPARATORS = ["\n\n", "\n", r"(?<=[.!?]) ", " ", ""]


class MarkdownChunker:
    """Split by headings (so a chunk never straddles two sections), then by tokens."""

    def __init__(self, chunk_tokens: int, overlap_tokens: int, encoding: str = "cl100k_base") -> None:
        if chunk_tokens <= 0 or not 0 <= overlap_tokens < chunk_tokens:
            raise ValueError("need chunk_tokens > 0 and 0 <= overlap_tokens < chunk_tokens")
        self.chunk_tokens = chunk_tokens
        self.overlap_tokens = overlap_tokens
        self.encoding = encoding

    @property
    def version(self) -> str:
        """What decides the chunks besides the file: a manual ingested under another version or other
        sizes is chunked again (a changed COPILOT_CHUNK_TOKENS takes effect on the next ingest)."""
        return f"chunker{CHUNKER_VERSION}:{self.chunk_tokens}/{self.overlap_tokens}/{self.encoding}"

    def chunks(self, doc: MarkdownDocument, doc_id: str, source: str) -> list[Chunk]:
        from langchain_text_splitters import MarkdownHeaderTextSplitter

        headers = MarkdownHeaderTextSplitter(
            headers_to_split_on=[("#", "h1"), ("##", "h2"), ("###", "h3")], strip_headers=True
        )
        out: list[Chunk] = []
        for section in headers.split_text(doc.body):
            path = [section.metadata[h] for h in ("h1", "h2", "h3") if section.metadata.get(h)]
            if path and path[0] == doc.front.title:
                path = path[1:]  # the manual's own H1 repeats its title
            section_path = " > ".join(path)
            for piece in _token_splitter(self.chunk_tokens, self.overlap_tokens, self.encoding).split_text(
                section.page_content
            ):
                piece = _with_table_header(_with_open_fence(piece, section.page_content), section.page_content)
                # The heading path leads the text so the embedding knows what the passage is about.
                text = f"{doc.front.title} > {section_path}\n{piece}" if section_path else f"{doc.front.title}\n{piece}"
                out.append(
                    Chunk(
                        id=f"{doc_id}#{len(out):03d}",
                        text=text,
                        doc_id=doc_id,
                        doc_type=doc.front.doc_type,
                        source=source,
                        title=doc.front.title,
                        section=section_path,
                        sku=doc.front.sku,
                        version=doc.front.version,
                        extra={"effective_date": doc.front.effective_date.isoformat() if doc.front.effective_date else ""},
                    )
                )
        return out


_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")


def _with_table_header(piece: str, section: str) -> str:
    """A piece that starts in the middle of a table gets the table's header and rule lines again: a row
    alone ("| Restoration (Paris Atelier) | 30 to 40 | ... |") does not say that 30 to 40 is business days."""
    lines = piece.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not lines[first].lstrip().startswith("|"):
        return piece
    if first + 1 < len(lines) and _TABLE_RULE.match(lines[first + 1].strip()):
        return piece  # it starts with the header
    section_lines = section.splitlines()
    at = next((i for i, line in enumerate(section_lines) if line.strip() == lines[first].strip()), None)
    if at is None:
        return piece
    if _TABLE_RULE.match(lines[first].strip()):  # it starts on the rule line: only the header is missing
        return f"{section_lines[at - 1]}\n{piece}" if at and section_lines[at - 1].lstrip().startswith("|") else piece
    for i in range(at - 1, 0, -1):  # up to the header: the line above the table's rule line
        if not section_lines[i].lstrip().startswith("|"):
            break
        if _TABLE_RULE.match(section_lines[i].strip()):
            return f"{section_lines[i - 1]}\n{section_lines[i]}\n{piece}"
    return piece


def _with_open_fence(piece: str, section: str) -> str:
    """A piece that starts inside a fenced block (a template letter cut across chunks) gets the opening
    fence again, so its hard-wrapped lines are still read as a letter's sentences (ingestion/sentences.py)."""
    at = section.find(piece)
    fences = sum(line.strip().startswith("```") for line in section[:at].splitlines()) if at > 0 else 0
    return f"```\n{piece}" if fences % 2 else piece


@lru_cache
def _token_splitter(size: int, overlap: int, encoding: str):  # type: ignore[no-untyped-def]
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from copilot.core.offline import prepare_offline_environment

    prepare_offline_environment()
    return RecursiveCharacterTextSplitter.from_tiktoken_encoder(
        encoding_name=encoding, chunk_size=size, chunk_overlap=overlap, separators=_SEPARATORS, is_separator_regex=True
    )
