#!/usr/bin/env python3
"""Build the golden question set of the associate copilot: eval/golden/questions.jsonl.

    python eval/golden/build_golden.py            # build, verify, write
    python eval/golden/build_golden.py --check    # build and verify, compare with the file on disk

Standard library only. Deterministic: one seeded RNG, every input iterated in sorted order, no
clock values. The data-driven questions (spec-sku, spec-name, certificate, loose, two-docs, most
conversations, the unanswerable questions about identifiers that do not exist) are drawn from the
sample corpus under data/sample/; the questions on the three manuals and the off-topic unanswerable
questions are written by hand in eval/golden/manual_questions.json.

Before writing, the builder verifies mechanically and fails loudly (exit code 1, every problem
listed) unless:
  * every fact of an answerable question (each of its wordings, when two documents state it in their
    own words: "wording one || wording two") occurs, case-insensitively, in the text of at least one
    chunk of at least one of its expected documents, and every expected document holds at least
    one of the facts. The chunk texts are read (read-only) from .copilot/index.sqlite when it
    exists; otherwise from a local rendering of the records (same "Label: value" lines as
    ingestion/chunking.py) and the raw Markdown of the manuals;
  * every SKU, loose stock number and 10-digit report number named in an unanswerable question (or
    its history) occurs nowhere in the corpus, and the "absent" strings of the hand-written
    unanswerable questions occur nowhere in the corpus;
  * no answerable question relies on a planted catalog imperfection (data/README.md);
  * every category reaches its minimum count, and the total is at least 170.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

SEED = 19210301
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT / "data" / "sample"
PROVENANCE = ROOT / "data" / "provenance" / "diamond_sources.csv"
INDEX = ROOT / ".copilot" / "index.sqlite"
MANUAL = HERE / "manual_questions.json"
OUT = HERE / "questions.jsonl"

POLICY = "policy:client_service_policy"
AFTERCARE = "aftercare:aftercare_guide"
TONE = "tone_guide:brand_tone_guide"
MANUAL_DOCS = {
    POLICY: DATA / "policies" / "client_service_policy.md",
    AFTERCARE: DATA / "policies" / "aftercare_guide.md",
    TONE: DATA / "policies" / "brand_tone_guide.md",
}
STORES = ("Fifth Avenue", "Rodeo Drive", "Place Vendome", "Bond Street", "Ginza")

# Planted catalog imperfections (data/README.md): never the subject of an answerable question.
PLANTED = {
    "AUR-ER-3107", "AUR-RG-3010", "AUR-RG-3170",  # metal misspellings
    "AUR-NK-1190", "3418090485", "AUR-RG-1288", "3389430309",  # certificate file missing
    "AUR-RG-1171", "1976508783",  # clarity disagrees with the catalog
    "AUR-BR-2201", "AUR-ER-5030", "AUR-NK-5221", "AUR-NK-7166",  # empty description
    "AUR-PD-3162",  # price outlier
}

CATEGORY_MINIMUMS = {
    "spec-sku": 25,
    "spec-name": 12,
    "certificate": 20,
    "loose": 10,
    "aftercare": 15,
    "warranty": 6,
    "resizing": 8,
    "returns": 8,
    "engraving": 0,
    "appointments": 0,
    "repairs": 0,
    "appraisals": 0,
    "turnaround": 0,
    "soft-stones": 6,
    "tone": 12,
    "two-docs": 8,
    "conversation": 6,
    "unanswerable": 35,
}
SERVICE_GROUP = ("engraving", "appointments", "repairs", "appraisals", "turnaround")
SERVICE_GROUP_MINIMUM = 20
TOTAL_MINIMUM = 170

SKU_RE = re.compile(r"\bAUR-(?:RG|ER|PD|NK|BR)-\d{4}\b")
STOCK_RE = re.compile(r"\bAUR-LD-\d{5}\b")
REPORT_RE = re.compile(r"(?<!\d)\d{10}(?!\d)")


# ----------------------------------------------------------------------------------------- corpus



FACT_ALTERNATIVES = " || "  # the same separator as eval/metrics.py, which scores either wording as the fact


def alternatives(fact: str) -> list[str]:
    return [a.strip().lower() for a in fact.split(FACT_ALTERNATIVES)]


def load_corpus() -> tuple[list[dict], list[dict], list[dict]]:
    with open(DATA / "catalog" / "pieces.csv", newline="", encoding="utf-8") as f:
        pieces = sorted(csv.DictReader(f), key=lambda r: r["sku"])
    with open(DATA / "catalog" / "loose_diamonds.csv", newline="", encoding="utf-8") as f:
        loose = sorted(csv.DictReader(f), key=lambda r: r["stock_number"])
    certs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((DATA / "certificates").glob("*.json"))]
    return pieces, loose, certs


def num(value: object) -> str:
    """A number as the chunk text shows it (the loaders parse floats: "2.00" -> "2.0")."""
    return str(float(value))  # type: ignore[arg-type]


def money(value: object) -> str:
    return f"USD {float(value):,.0f}"  # type: ignore[arg-type]


def availability(raw: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in raw.split(";"))):
        store, _, count = part.rpartition(":")
        out[store.strip()] = int(count)
    return out


def _lines(pairs: list[tuple[str, object]]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs if value not in ("", None))


def render_piece(p: dict) -> str:
    """Mirror of ingestion.chunking.product_chunk (only used when the index does not exist)."""
    center = ""
    if p["center_stone"]:
        grades = [
            f"{num(p['center_carat'])} ct" if p["center_carat"] else "",
            f"cut {p['center_cut']}" if p["center_cut"] else "",
            f"color {p['center_color']}" if p["center_color"] else "",
            f"clarity {p['center_clarity']}" if p["center_clarity"] else "",
        ]
        center = ", ".join([p["center_stone"], *filter(None, grades)])
    cert = f"{p['certificate_lab']} report {p['certificate_number']}".strip() if p["certificate_number"] else ""
    resizing = ""
    if p["category"] == "ring":
        resizing = p["resizable"] + (f". {p['resizing_note']}" if p["resizing_note"] else "")
    stock = "; ".join(f"{s}: {n}" for s, n in availability(p["availability"]).items())
    return _lines(
        [
            (f"{p['name']} (SKU {p['sku']})", f"{p['category']} of the {p['collection']} collection"),
            ("Metal", f"{p['metal']} ({p['metal_purity']})" if p["metal_purity"] else p["metal"]),
            ("Stones", p["stones"]),
            ("Center stone", center),
            ("Total carat weight", f"{num(p['total_carat_weight'])} ct" if p["total_carat_weight"] else ""),
            ("Certificate", cert),
            ("Ring size", p["size"]),
            ("Resizable", resizing),
            ("Length", f"{num(p['length_cm'])} cm" if p["length_cm"] else ""),
            ("Price", money(p["price_usd"])),
            ("Availability", stock),
            ("Description", p["description"]),
        ]
    )


def render_loose(d: dict) -> str:
    """Mirror of ingestion.chunking.loose_diamond_chunk."""
    title = f"Loose {d['shape'].lower()} diamond {num(d['carat'])} ct {d['color']} {d['clarity']}"
    stock = "; ".join(f"{s}: {n}" for s, n in availability(d["availability"]).items())
    return _lines(
        [
            (f"{title} (stock number {d['stock_number']})", "loose diamond"),
            ("Shape", d["shape"]),
            ("Carat", num(d["carat"])),
            ("Cut", d["cut"]),
            ("Color", d["color"]),
            ("Clarity", d["clarity"]),
            ("Depth", f"{num(d['depth_pct'])}%"),
            ("Table", f"{num(d['table_pct'])}%"),
            ("Measurements", f"{num(d['length_mm'])} x {num(d['width_mm'])} x {num(d['depth_mm'])} mm"),
            ("Certificate", f"{d['certificate_lab']} report {d['certificate_number']}"),
            ("Price", money(d["price_usd"])),
            ("Availability", stock),
        ]
    )


def render_cert(c: dict) -> str:
    """Mirror of ingestion.chunking.certificate_chunk."""
    return _lines(
        [
            (f"Grading report {c['report_number']}", c["lab"]),
            ("Report date", c["report_date"]),
            ("Shape", c["shape"]),
            ("Carat weight", f"{num(c['carat'])} ct"),
            ("Color grade", c["color"]),
            ("Clarity grade", c["clarity"]),
            ("Cut grade", c["cut"]),
            ("Polish", c["polish"]),
            ("Symmetry", c["symmetry"]),
            ("Fluorescence", c["fluorescence"]),
            ("Measurements", c["measurements"]),
            ("Depth", f"{num(c['depth_pct'])}%" if c["depth_pct"] else ""),
            ("Table", f"{num(c['table_pct'])}%" if c["table_pct"] else ""),
            ("Girdle", c["girdle"]),
            ("Inscription", c["inscription"]),
            ("Comments", c["comments"]),
        ]
    )


def local_texts(pieces: list[dict], loose: list[dict], certs: list[dict]) -> dict[str, list[str]]:
    texts = {f"product:{p['sku']}": [render_piece(p)] for p in pieces}
    texts.update({f"loose:{d['stock_number']}": [render_loose(d)] for d in loose})
    texts.update({f"certificate:{c['report_number']}": [render_cert(c)] for c in certs})
    texts.update({doc_id: [path.read_text(encoding="utf-8")] for doc_id, path in MANUAL_DOCS.items()})
    return texts


def index_texts(index: Path) -> tuple[dict[str, list[str]] | None, str]:
    """doc_id -> chunk texts from a complete index (opened read-only), or None and the reason."""
    con = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        pending = con.execute("SELECT count(*) FROM files WHERE state != 'done'").fetchone()[0]
        rows = con.execute("SELECT doc_id, text FROM chunks ORDER BY id").fetchall()
    except sqlite3.Error as e:
        return None, f"unreadable ({e})"
    finally:
        con.close()
    if pending or not rows:
        return None, f"incomplete ({len(rows)} chunks, {pending} file(s) still pending: being rebuilt?)"
    texts: dict[str, list[str]] = {}
    for doc_id, text in rows:
        texts.setdefault(doc_id, []).append(text)
    return texts, f"{len(rows)} chunks"


def doc_texts(pieces: list[dict], loose: list[dict], certs: list[dict], index: Path | None,
              notes: list[str]) -> tuple[dict[str, list[str]], str]:
    """The chunk texts the facts are checked against: the index when it exists and is complete,
    else the local rendering of the records and the raw manuals."""
    local = local_texts(pieces, loose, certs)
    if index is None or not index.exists():
        return local, "local rendering (no index)"
    texts, state = index_texts(index)
    if texts is None:
        notes.append(f"index {index} is {state}; facts checked against the local rendering instead")
        return local, "local rendering (index not usable)"
    drift = [d for d in sorted(local) if ":" in d and not d.startswith(tuple(MANUAL_DOCS))
             and texts.get(d) != local[d]]
    if drift:  # the mirror of ingestion/chunking.py is only used when the index is missing
        notes.append(f"local rendering differs from the index for {len(drift)} record(s), e.g. {drift[0]}")
    return texts, f"index {index} ({state})"


def corpus_blob(texts: dict[str, list[str]]) -> str:
    """Everything the corpus says, lower-cased: raw files, provenance and every chunk text."""
    parts = [p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*")) if p.is_file()]
    parts.append(PROVENANCE.read_text(encoding="utf-8"))
    for doc_id in sorted(texts):
        parts.extend(texts[doc_id])
    return "\n".join(parts).lower()


# -------------------------------------------------------------------------------------- questions


class Golden:
    def __init__(self) -> None:
        self.items: list[dict] = []

    def add(self, category: str, question: str, docs: list[str], facts: list[str], history: list[str] | None = None,
            answerable: bool = True, **extra: object) -> None:
        item = {
            "category": category,
            "question": question,
            "expected_doc_ids": list(docs),
            "facts": list(facts),
            "answerable": answerable,
            "history": list(history or []),
        }
        item.update(extra)
        self.items.append(item)


def the_store(raw: str) -> str | None:
    """The one store holding a one-of-a-kind piece, or None."""
    held = [s for s, n in availability(raw).items() if n == 1]
    return held[0] if len(held) == 1 and sum(availability(raw).values()) == 1 else None


def two_dp(raw: str) -> bool:
    """True when the chunk shows the value exactly as the CSV does (e.g. 1.52, not 2.00 -> 2.0)."""
    return bool(raw) and num(raw) == raw


RESIZE_RULES = (  # substring of resizing_note -> fact (the rule, quoted from the note)
    ("cannot be resized", "cannot be resized"),
    ("one and a half sizes", "one and a half sizes"),
    ("one size and a half", "one size and a half"),
    ("one size only", "one size only"),
    ("up to two sizes", "up to two sizes"),
)


def resize_fact(p: dict) -> str:
    for needle, fact in RESIZE_RULES:
        if needle in p["resizing_note"]:
            return fact
    raise ValueError(f"no resizing rule for {p['sku']}")


def size_phrase(p: dict) -> str:
    """"French size 52 (US 6)", the opening of the resizing note."""
    return p["resizing_note"].split(")", 1)[0] + ")"


def pearl_facts(p: dict) -> list[str] | None:
    m = re.search(r"pearls?, (\d+\.\d-\d+\.\d mm), ([^,;]+)", p["stones"])
    return [m.group(1), m.group(2)] if m else None


def gem_origin(p: dict) -> str | None:
    if p["center_stone"] == "emerald":
        m = re.search(r"([A-Z]\w+) emeralds?\b", p["stones"])  # "Colombian", "Zambian"
        return m.group(1) if m else None
    if p["center_stone"] in ("sapphire", "ruby"):
        m = re.search(r", (\w+), (heated|unheated)", p["stones"])
        return f"{m.group(1)}, {m.group(2)}" if m else None
    return None


STRATIFIED = {"clarity", "color", "cut", "metal", "resize", "where", "cert", "collection", "gem"}


def sample(rng: random.Random, cands: list, count: int, key=None) -> list:  # type: ignore[no-untyped-def,type-arg]
    """count distinct candidates; with key, spread over as many key values as possible."""
    if key is None:
        return rng.sample(cands, count)
    groups: dict = {}  # type: ignore[type-arg]
    for c in cands:
        groups.setdefault(key(c), []).append(c)
    keys = sorted(groups)
    order = rng.sample(keys, len(keys))
    chosen: list = []  # type: ignore[type-arg]
    while len(chosen) < count:
        progress = False
        for k in order:
            left = [c for c in groups[k] if c not in chosen]
            if left and len(chosen) < count:
                chosen.append(rng.choice(left))
                progress = True
        if not progress:
            raise ValueError(f"only {len(chosen)} candidates, {count} wanted")
    return chosen


def spec_questions(g: Golden, rng: random.Random, pieces: list[dict], by_name: bool, used: set[str]) -> None:
    """spec-sku (by SKU) or spec-name (by exact, unambiguous piece name)."""
    category = "spec-name" if by_name else "spec-sku"
    pool = [p for p in pieces if p["sku"] not in PLANTED and p["certificate_number"] not in PLANTED]
    if by_name:
        names = [p["name"] for p in pieces]
        # The name must not contain, or be contained in, any other piece name.
        pool = [p for p in pool if not any(p["name"] != n and (p["name"] in n or n in p["name"]) for n in names)]

    def ref(p: dict) -> str:
        return f"the {p['name']}" if by_name else p["sku"]

    def ask(kind: str, count: int) -> None:
        cands = [p for p in pool if p["sku"] not in used and (make(kind, p, 0, dry=True) is not None)]
        # Spread the draws over the possible answers (metals, grades, resizing rules...).
        strata = (lambda p: make(kind, p, 0, dry=True)[1][0]) if kind in STRATIFIED else None  # type: ignore[index]
        for i, p in enumerate(sample(rng, cands, count, strata)):
            used.add(p["sku"])
            q, facts = make(kind, p, i)  # type: ignore[misc]
            g.add(category, q, [f"product:{p['sku']}"], facts)

    def make(kind: str, p: dict, i: int, dry: bool = False) -> tuple[str, list[str]] | None:
        r = ref(p)

        def v(*variants: str) -> str:  # the phrasings take turns
            return variants[i % len(variants)]

        diamond = p["center_stone"] == "diamond"
        ring = p["category"] == "ring"
        if kind == "clarity" and diamond:
            q = v(f"What is the clarity of the center stone of {r}?",
                  f"Which clarity grade does the centre diamond of {r} have?")
            return q, [f"clarity {p['center_clarity']}"]
        if kind == "color" and diamond:
            q = v(f"What color grade is the center diamond of {r}?",
                  f"What is the colour of the diamond in {r}?")
            return q, [f"color {p['center_color']}"]
        if kind == "cut" and diamond:
            q = v(f"What is the cut grade of the centre diamond in {r}?")
            return q, [f"cut {p['center_cut']}"]
        if kind == "metal":
            q = v(f"Which metal is {r} made in?", f"What metal is {r}?",
                  f"Is {r} made in platinum or gold?")
            return q, [p["metal"]]
        if kind == "price":
            q = v(f"How much is {r}?", f"What is the price of {r}?",
                  f"What does {r} cost?", f"What's the retail price of {r}?")
            return q, [money(p["price_usd"])]
        if kind == "store":
            store = STORES[0] if dry else rng.choice(STORES)  # the boutique asked about is drawn
            n = availability(p["availability"])[store]
            q = v(f"Is {r} available at {store}?", f"Does {store} have {r} in stock?",
                  f"How many of {r} does {store} hold?")
            return q, [f"{store}: {n}"]
        if kind == "where" and diamond:
            store = the_store(p["availability"])
            if store is None:
                return None
            q = v(f"Which boutique holds {r}?", f"Where can a client see {r}?")
            return q, [f"{store}: 1"]
        if kind == "resize" and ring:
            q = v(f"Can {r} be resized?", f"Is it possible to resize {r}?",
                  f"Could we size {r} up for a client?")
            return q, [resize_fact(p)]
        if kind == "size" and ring:
            q = v(f"What ring size is {r}, and what is that in US sizes?")
            return q, [size_phrase(p)]
        if kind == "tcw":
            if (p["center_stone"] != "diamond" or not two_dp(p["total_carat_weight"])
                    or p["total_carat_weight"] == p["center_carat"]):
                return None
            q = v(f"What is the total carat weight of {r}?",
                  f"How many carats of diamonds are in {r} in total?")
            return q, [f"{p['total_carat_weight']} ct"]
        if kind == "cert" and diamond:
            q = v(f"Which lab graded the centre diamond of {r}, and what is the report number?",
                  f"Who issued the grading report for {r}?")
            return q, [p["certificate_lab"], p["certificate_number"]]
        if kind == "length" and p["length_cm"]:
            q = v(f"How long is {r}?", f"What is the length of {r}?")
            return q, [f"{num(p['length_cm'])} cm"]
        if kind == "collection":
            q = v(f"Which collection does {r} belong to?")
            return q, [f"{p['collection']} collection"]
        if kind == "pearls" and p["center_stone"] == "pearl":
            facts = pearl_facts(p)
            if facts is None:
                return None
            q = v(f"What size and colour are the pearls of {r}?")
            return q, facts
        if kind == "gem":
            origin = gem_origin(p)
            if origin is None:
                return None
            if p["center_stone"] == "emerald":
                q = v(f"Where does the emerald of {r} come from?")
            else:
                q = v(f"Where is the {p['center_stone']} of {r} from, and has it been heated?")
            return q, [origin]
        return None

    if by_name:
        plan = [("price", 3), ("metal", 2), ("clarity", 2), ("store", 2), ("cert", 2), ("resize", 2),
                ("pearls", 1), ("gem", 1)]
    else:
        plan = [("clarity", 3), ("color", 2), ("cut", 1), ("metal", 3), ("price", 4), ("store", 4),
                ("where", 2), ("resize", 4), ("size", 1), ("tcw", 1), ("cert", 2), ("length", 2),
                ("collection", 1), ("pearls", 1), ("gem", 2)]
    for kind, count in plan:
        ask(kind, count)


def certificate_questions(g: Golden, rng: random.Random, certs: list[dict]) -> None:
    pool = [c for c in certs if c["report_number"] not in PLANTED]
    used: set[str] = set()
    # kind, count, stratum (spread the draws over its values), question variants, facts
    plan = [
        ("fluorescence", 4, lambda c: c["fluorescence"],
         ["What fluorescence does report {n} show?", "Does the diamond of report {n} fluoresce?"],
         lambda c: [f"Fluorescence: {c['fluorescence']}"]),
        ("lab_date", 4, lambda c: c["lab"],
         ["Which lab graded report {n} and when?", "Who issued grading report {n}, and on what date?"],
         lambda c: [c["lab"], c["report_date"]]),
        ("girdle", 3, lambda c: c["girdle"],
         ["What is the girdle on report {n}?", "How is the girdle described on grading report {n}?"],
         lambda c: [f"Girdle: {c['girdle']}"]),
        ("measurements", 3, None,
         ["What are the measurements on report {n}?", "What measurements does grading report {n} give?"],
         lambda c: [c["measurements"]]),
        ("polish_symmetry", 2, lambda c: (c["polish"], c["symmetry"]),
         ["What polish and symmetry grades does report {n} give?"],
         lambda c: [f"Polish: {c['polish']}", f"Symmetry: {c['symmetry']}"]),
        ("inscription", 2, lambda c: c["inscription"].split()[0],
         ["What is the girdle inscription of report {n}?", "What is laser-inscribed on the diamond of report {n}?"],
         lambda c: [c["inscription"]]),
        ("comments", 2, lambda c: c["comments"],
         ["What comments are printed on report {n}?", "Which comments does grading report {n} carry?"],
         lambda c: [f"Comments: {c['comments']}"]),
        ("cut", 2, lambda c: c["cut"],
         ["What cut grade does report {n} give?", "How is the cut graded on report {n}?"],
         lambda c: [f"Cut grade: {c['cut']}"]),
        ("proportions", 2, None,
         ["What are the depth and table percentages on report {n}?", "What depth and table does report {n} show?"],
         lambda c: [f"Depth: {num(c['depth_pct'])}%", f"Table: {num(c['table_pct'])}%"]),
        ("clarity_color", 2, lambda c: c["clarity"],
         ["What color and clarity grades are on report {n}?", "Which color and clarity does report {n} state?"],
         lambda c: [f"Color grade: {c['color']}", f"Clarity grade: {c['clarity']}"]),
        ("carat", 1, None, ["What carat weight does grading report {n} state?"],
         lambda c: [f"Carat weight: {num(c['carat'])} ct"]),
    ]
    for kind, count, stratum, variants, facts in plan:
        cands = [c for c in pool if c["report_number"] not in used and (kind != "comments" or c["comments"])]
        for i, c in enumerate(sample(rng, cands, count, stratum)):
            used.add(c["report_number"])
            g.add("certificate", variants[i % len(variants)].format(n=c["report_number"]),
                  [f"certificate:{c['report_number']}"], facts(c))


def loose_questions(g: Golden, rng: random.Random, loose: list[dict]) -> None:
    pool = [d for d in loose if d["certificate_number"] not in PLANTED]
    used: set[str] = set()
    plan = [
        ("price", 3, None,
         ["What is the price of loose diamond {s}?", "How much is {s}?", "What does the loose stone {s} cost?"],
         lambda d: [money(d["price_usd"])]),
        ("measurements", 2, None, ["What are the measurements of {s}?", "What are the dimensions of loose diamond {s}?"],
         lambda d: [f"{num(d['length_mm'])} x {num(d['width_mm'])} x {num(d['depth_mm'])} mm"]),
        ("color", 1, None, ["What color is loose diamond {s}?"], lambda d: [f"Color: {d['color']}"]),
        ("clarity", 1, None, ["What is the clarity of {s}?"], lambda d: [f"Clarity: {d['clarity']}"]),
        ("cut", 1, None, ["What cut grade does {s} have?"], lambda d: [f"Cut: {d['cut']}"]),
        ("proportions", 1, None, ["What are the depth and table of {s}?"],
         lambda d: [f"Depth: {num(d['depth_pct'])}%", f"Table: {num(d['table_pct'])}%"]),
        ("store", 1, None, ["Which boutique has loose diamond {s}?"], lambda d: [f"{the_store(d['availability'])}: 1"]),
        ("cert", 1, None, ["Which lab graded loose diamond {s}, and what is the report number?"],
         lambda d: [d["certificate_lab"], d["certificate_number"]]),
        ("carat", 1, None, ["How many carats is {s}?"], lambda d: [f"Carat: {d['carat']}"]),
    ]
    for kind, count, stratum, variants, facts in plan:
        cands = [d for d in pool if d["stock_number"] not in used]
        if kind == "store":
            cands = [d for d in cands if the_store(d["availability"])]
        if kind == "carat":
            cands = [d for d in cands if two_dp(d["carat"])]
        for i, d in enumerate(sample(rng, cands, count, stratum)):
            used.add(d["stock_number"])
            g.add("loose", variants[i % len(variants)].format(s=d["stock_number"]),
                  [f"loose:{d['stock_number']}"], facts(d))


def two_doc_questions(g: Golden, rng: random.Random, pieces: list[dict], loose: list[dict],
                      certs: dict[str, dict]) -> None:
    ok = [p for p in pieces if p["sku"] not in PLANTED and p["certificate_number"] not in PLANTED]

    def pick(pred) -> dict:  # type: ignore[no-untyped-def]
        return rng.choice([p for p in ok if pred(p)])

    p = pick(lambda p: "Full eternity setting" in p["resizing_note"])
    g.add("two-docs", f"Can {p['sku']} be resized, and what does the policy say about eternity bands?",
          [f"product:{p['sku']}", POLICY], ["Full eternity setting: cannot be resized",
                                             "Eternity bands and full-pave bands cannot be resized"])
    p = pick(lambda p: "Full pave band" in p["resizing_note"])
    g.add("two-docs", f"{p['sku']} is too small for the client. Can it be resized, or exchanged for another size?",
          [f"product:{p['sku']}", POLICY], ["Full pave band: cannot be resized",
                                             "exchanged once for a different size within 60 days"])
    p = pick(lambda p: p["center_stone"] == "diamond")
    c = certs[p["certificate_number"]]
    g.add("two-docs", f"What fluorescence does the grading report of {p['sku']}'s centre diamond show?",
          [f"product:{p['sku']}", f"certificate:{c['report_number']}"],
          [c["report_number"], f"Fluorescence: {c['fluorescence']}"])
    p = pick(lambda p: p["center_stone"] == "diamond" and p["sku"].startswith("AUR-RG-"))
    c = certs[p["certificate_number"]]
    g.add("two-docs", f"What girdle and polish does the certificate of {p['sku']} describe?",
          [f"product:{p['sku']}", f"certificate:{c['report_number']}"],
          [c["report_number"], f"Girdle: {c['girdle']}", f"Polish: {c['polish']}"])
    p = pick(lambda p: p["center_stone"] == "emerald" and p["category"] == "ring")
    g.add("two-docs", f"Can {p['sku']} be resized, and what does the policy require for rings with an emerald centre?",
          [f"product:{p['sku']}", POLICY], ["no heat near the emerald",
           # section 12 states the same requirement in its own words
           "emerald has been removed by the Paris Atelier || never resized without first removing the emerald"])
    p = pick(lambda p: p["center_stone"] == "pearl" and p["category"] == "necklace")
    count = re.match(r"(\d+ \w+(?: Sea)? pearls)", p["stones"])
    g.add("two-docs", f"How many pearls are on {p['sku']}, and how often should the strand be restrung?",
          [f"product:{p['sku']}", AFTERCARE], [count.group(1) if count else p["stones"], "every 2 years"],
          # section 12 of the policy gives the interval for Perle de Lune strands in the same words
          **({"also_cited": [POLICY]} if p["collection"] == "Perle de Lune" else {}))
    p = pick(lambda p: p["category"] == "ring" and p["metal"] == "Platinum" and p["resizable"] == "yes")
    g.add("two-docs", f"What metal is {p['sku']} made in, and how long would a resizing take?",
          [f"product:{p['sku']}", AFTERCARE], ["Platinum (PT950)", "15 business days (platinum)"])
    p = pick(lambda p: p["metal"] == "18k White Gold")
    g.add("two-docs", f"Which metal is {p['sku']}, and how often does that metal need re-plating?",
          [f"product:{p['sku']}", AFTERCARE], ["18k White Gold (750)", "every 12 to 18 months"])
    p = pick(lambda p: p["metal"] == "18k Rose Gold")
    g.add("two-docs", f"My client wears {p['sku']} to the pool. What metal is it and what should she know?",
          [f"product:{p['sku']}", AFTERCARE], ["18k Rose Gold (750)", "discolor rose gold"])
    d = rng.choice([d for d in loose if float(d["carat"]) > 3.0 and two_dp(d["carat"])])
    g.add("two-docs", f"A client wants to view {d['stock_number']}. How heavy is it, and how much notice do we need?",
          [f"loose:{d['stock_number']}", POLICY], [f"Carat: {d['carat']}", "at least 7 business days in advance"])
    p = pick(lambda p: p["collection"] == "Verdure" and p["center_stone"] == "tsavorite")
    g.add("two-docs", f"Which gemstone does {p['sku']} feature, and can the piece go in the ultrasonic cleaner?",
          [f"product:{p['sku']}", POLICY], ["tsavorite garnet", "never used on any piece from the Verdure collection"])
    p = pick(lambda p: p["center_stone"] == "sapphire" and ", heated" in p["stones"])
    g.add("two-docs", f"Is the sapphire of {p['sku']} heated, and how may it be cleaned?",
          [f"product:{p['sku']}", POLICY], [gem_origin(p), "Heat-treated sapphires and rubies can be cleaned like diamonds"])


def conversation_questions(g: Golden, rng: random.Random, pieces: list[dict], loose: list[dict],
                           certs: list[dict]) -> None:
    ok = [p for p in pieces if p["sku"] not in PLANTED and p["certificate_number"] not in PLANTED]
    ring = rng.choice([p for p in ok if p["category"] == "ring"])
    g.add("conversation", "And can it be resized?", [f"product:{ring['sku']}"], [resize_fact(ring)],
          history=[f"What is the price of {ring['sku']}?"])
    c = rng.choice([c for c in certs if c["report_number"] not in PLANTED])
    g.add("conversation", "Which lab graded it, and when?", [f"certificate:{c['report_number']}"],
          [c["lab"], c["report_date"]], history=[f"What carat weight does report {c['report_number']} show?"])
    d = rng.choice(loose)
    g.add("conversation", "What does it cost?", [f"loose:{d['stock_number']}"], [money(d["price_usd"])],
          history=[f"What is the clarity of {d['stock_number']}?"])
    nk = rng.choice([p for p in ok if p["category"] == "necklace"])
    g.add("conversation", "How long is it?", [f"product:{nk['sku']}"], [f"{num(nk['length_cm'])} cm"],
          history=[f"Which metal is {nk['sku']} made in?"])
    pd = rng.choice([p for p in ok if p["category"] == "pendant" and p["center_stone"] == "diamond"])
    g.add("conversation", "Which lab graded its diamond?", [f"product:{pd['sku']}"],
          [pd["certificate_lab"], pd["certificate_number"]], history=[f"Is {pd['sku']} available at Ginza?"])
    rg = rng.choice([p for p in ok if p["center_stone"] == "diamond" and the_store(p["availability"])])
    g.add("conversation", "Where can the client see it?", [f"product:{rg['sku']}"],
          [f"{the_store(rg['availability'])}: 1"],
          history=[f"What is the color of the center diamond of {rg['sku']}?"])
    c = rng.choice([c for c in certs if c["report_number"] not in PLANTED and c["fluorescence"] != "None"])
    g.add("conversation", "And its measurements?", [f"certificate:{c['report_number']}"], [c["measurements"]],
          history=[f"What is the fluorescence on report {c['report_number']}?"])
    er = rng.choice([p for p in ok if p["category"] == "earrings"])
    store = rng.choice(STORES)
    g.add("conversation", f"Are they in stock at {store}?", [f"product:{er['sku']}"],
          [f"{store}: {availability(er['availability'])[store]}"],
          history=[f"How much are the earrings {er['sku']}?", "Which metal are they made in?"])


def unanswerable_id_questions(g: Golden, rng: random.Random, pieces: list[dict], blob: str) -> None:
    numbers = {p["sku"][-4:] for p in pieces}

    def fresh_sku(kind: str, first_digits: str) -> str:
        while True:
            n = f"{rng.choice(first_digits)}{rng.randrange(0, 1000):03d}"
            sku = f"AUR-{kind}-{n}"
            if n not in numbers and sku.lower() not in blob:
                return sku

    def fresh(make) -> str:  # type: ignore[no-untyped-def]
        while True:
            value = make()
            if value.lower() not in blob:
                return value

    sku_templates = [
        ("RG", "What is the clarity of the center stone of {}?"),
        ("RG", "Can {} be resized?"),
        ("RG", "How much is {}?"),
        ("ER", "Is {} available at Bond Street?"),
        ("ER", "Which metal are the earrings {} made in?"),
        ("PD", "What is the price of {}?"),
        ("PD", "Which lab graded the diamond of {}?"),
        ("NK", "How long is {}?"),
        ("NK", "Which boutique holds {}?"),
        ("BR", "What is the total carat weight of {}?"),
        ("BR", "Does Ginza have {} in stock?"),
        ("RG", "What ring size is {}?"),
    ]
    for i, (kind, template) in enumerate(sku_templates):
        first = "1234567" if i % 3 else "89"  # most look like real collections, some do not
        g.add("unanswerable", template.format(fresh_sku(kind, first)), [], [], answerable=False)
    report_templates = [
        "What fluorescence does report {} show?",
        "Which lab graded report {} and when?",
        "What is the girdle on report {}?",
        "What clarity grade does report {} give?",
        "What are the measurements on grading report {}?",
        "Is the diamond of report {} laser-inscribed?",
        "What carat weight does report {} state?",
        "What polish grade is on report {}?",
    ]
    for template in report_templates:
        g.add("unanswerable", template.format(fresh(lambda: str(rng.randrange(10**9, 10**10)))), [], [],
              answerable=False)
    stock_templates = [
        "What is the price of loose diamond {}?",
        "What are the measurements of {}?",
        "What color is {}?",
        "Which boutique has loose diamond {}?",
        "Which lab graded {}?",
        "What is the cut grade of {}?",
    ]
    for template in stock_templates:
        g.add("unanswerable", template.format(fresh(lambda: f"AUR-LD-{rng.randrange(10000, 100000)}")), [], [],
              answerable=False)


def manual_questions(g: Golden, path: Path = MANUAL) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for q in data["questions"]:
        answerable = q.get("answerable", True)
        extra = {k: q[k] for k in ("absent", "max_certified_carat_below") if k in q}
        g.add(q["category"], q["question"], q.get("expected_doc_ids", []), q.get("facts", []),
              history=q.get("history", []), answerable=answerable, **extra)


# ----------------------------------------------------------------------------------------- checks


def identifiers(text: str) -> list[str]:
    return SKU_RE.findall(text) + STOCK_RE.findall(text) + REPORT_RE.findall(text)


def verify(items: list[dict], texts: dict[str, list[str]], blob: str, certs: list[dict],
           minimums: dict[str, int] = CATEGORY_MINIMUMS, group_minimum: int = SERVICE_GROUP_MINIMUM,
           total_minimum: int = TOTAL_MINIMUM) -> list[str]:
    """Every problem of the question set; the minimums default to the golden set's (categories
    not in minimums are unknown)."""
    errors: list[str] = []
    seen_ids: set[str] = set()
    seen_q: set[tuple[str, ...]] = set()
    lowered = {doc_id: [t.lower() for t in chunks] for doc_id, chunks in texts.items()}
    for it in items:
        where = f"{it['id']} ({it['question']!r})"
        if it["id"] in seen_ids:
            errors.append(f"{where}: duplicate id")
        seen_ids.add(it["id"])
        key = (*it["history"], it["question"])
        if key in seen_q:
            errors.append(f"{where}: duplicate question")
        seen_q.add(key)
        if it["category"] not in minimums:
            errors.append(f"{where}: unknown category {it['category']}")
        if it["category"] == "conversation":
            if not it["history"]:
                errors.append(f"{where}: a conversation needs a history")
            if identifiers(it["question"]):
                errors.append(f"{where}: a follow-up must not repeat the identifier")
        said = " ".join([*it["history"], it["question"]])
        if not it["answerable"]:
            if it["expected_doc_ids"] or it["facts"]:
                errors.append(f"{where}: unanswerable questions have no expected docs and no facts")
            for ident in identifiers(said):
                if ident.lower() in blob:
                    errors.append(f"{where}: {ident} occurs in the corpus")
            for s in it.get("absent", []):
                if s.lower() in blob:
                    errors.append(f"{where}: {s!r} occurs in the corpus")
            limit = it.get("max_certified_carat_below")
            if limit is not None and any(c["carat"] >= limit for c in certs):
                errors.append(f"{where}: a certified diamond of {limit} ct or more exists")
            continue
        if not 1 <= len(it["facts"]) <= 3:
            errors.append(f"{where}: needs 1 to 3 facts")
        if not it["expected_doc_ids"]:
            errors.append(f"{where}: no expected doc")
        if it["category"] == "two-docs" and len(set(it["expected_doc_ids"])) < 2:
            errors.append(f"{where}: a two-docs question needs two expected documents")
        for ident in identifiers(said):
            if ident in PLANTED:
                errors.append(f"{where}: relies on planted imperfection {ident}")
            if ident.lower() not in blob:
                errors.append(f"{where}: {ident} is not in the corpus")
        for doc_id in it["expected_doc_ids"]:
            if doc_id not in lowered:
                errors.append(f"{where}: expected doc {doc_id} is not in the corpus")
            elif not any(a in t for f in it["facts"] for a in alternatives(f) for t in lowered[doc_id]):
                errors.append(f"{where}: expected doc {doc_id} holds none of the facts")
            if doc_id.split(":", 1)[1] in PLANTED:
                errors.append(f"{where}: expected doc {doc_id} is a planted imperfection")
        for doc_id in it.get("also_cited", []):
            if doc_id in it["expected_doc_ids"] or doc_id not in lowered:
                errors.append(f"{where}: also-cited doc {doc_id} is an expected doc or not in the corpus")
            elif not any(a in t for f in it["facts"] for a in alternatives(f) for t in lowered[doc_id]):
                errors.append(f"{where}: also-cited doc {doc_id} holds none of the facts")
        for fact in it["facts"]:
            for wording in alternatives(fact):  # each wording of a fact is quoted from an expected document
                if len(wording) < 4:
                    errors.append(f"{where}: fact {wording!r} is too short to be unambiguous")
                elif not any(wording in t for d in it["expected_doc_ids"] for t in lowered.get(d, [])):
                    errors.append(f"{where}: fact {wording!r} is in no chunk of {it['expected_doc_ids']}")
    counts = category_counts(items)
    for category, minimum in minimums.items():
        if counts.get(category, 0) < minimum:
            errors.append(f"category {category}: {counts.get(category, 0)} questions, minimum {minimum}")
    group = sum(counts.get(c, 0) for c in SERVICE_GROUP)
    if group < group_minimum:
        errors.append(f"{'/'.join(SERVICE_GROUP)}: {group} questions together, minimum {group_minimum}")
    if len(items) < total_minimum:
        errors.append(f"{len(items)} questions in total, minimum {total_minimum}")
    return errors


def category_counts(items: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for it in items:
        counts[it["category"]] = counts.get(it["category"], 0) + 1
    return counts


# ------------------------------------------------------------------------------------------- main


def build(index: Path | None = INDEX) -> tuple[list[dict], list[str], str, list[str]]:
    pieces, loose, certs = load_corpus()
    notes: list[str] = []
    texts, source = doc_texts(pieces, loose, certs, index, notes)
    blob = corpus_blob(texts)
    rng = random.Random(SEED)
    g = Golden()
    used: set[str] = set()  # a piece is the subject of at most one spec question
    spec_questions(g, rng, pieces, by_name=False, used=used)
    spec_questions(g, rng, pieces, by_name=True, used=used)
    certificate_questions(g, rng, certs)
    loose_questions(g, rng, loose)
    two_doc_questions(g, rng, pieces, loose, {c["report_number"]: c for c in certs})
    conversation_questions(g, rng, pieces, loose, certs)
    unanswerable_id_questions(g, rng, pieces, blob)
    manual_questions(g)

    items = number(g.items)
    errors = verify(items, texts, blob, certs)
    return [{k: it[k] for k in FIELDS if k in it} for it in items], errors, source, notes


FIELDS = ("id", "category", "question", "expected_doc_ids", "facts", "answerable", "history", "also_cited")


def number(items: list[dict], prefix: str = "") -> list[dict]:
    """The items in category order (stable), each given the id <prefix><category>-NNN."""
    order = list(CATEGORY_MINIMUMS)
    items = sorted(items, key=lambda it: order.index(it["category"]) if it["category"] in order else len(order))
    numbers: dict[str, int] = {}
    for it in items:
        numbers[it["category"]] = numbers.get(it["category"], 0) + 1
        it["id"] = f"{prefix}{it['category']}-{numbers[it['category']]:03d}"
    return items


def cli(
    build_set: Callable[[Path | None], tuple[list[dict], list[str], str, list[str]]],
    out_path: Path,
    label: str,
    script: str,
    every_category: bool = True,
) -> int:
    """The command line of a question-set builder: build, verify, then write `out_path` (or with
    --check, fail if it differs); print the counts per category."""
    parser = argparse.ArgumentParser(description=f"Build and verify {out_path.name}.")
    parser.add_argument("--check", action="store_true", help=f"verify only; fail if {out_path.name} differs")
    parser.add_argument("--index", type=Path, default=INDEX, help=f"index to check facts against (default {INDEX})")
    parser.add_argument("--no-index", action="store_true", help="check facts against the local rendering only")
    args = parser.parse_args()
    items, errors, source, notes = build_set(None if args.no_index else args.index)
    print(f"facts verified against: {source}", flush=True)
    for note in notes:
        print(f"note: {note}", flush=True)
    if errors:
        print(f"{label} INVALID, {len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print(f"  - {e}", file=sys.stderr)
        return 1
    out = "".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items)
    if args.check:
        if not out_path.exists() or out_path.read_text(encoding="utf-8") != out:
            print(f"{out_path.relative_to(ROOT)} is stale: run {script}", file=sys.stderr)
            return 1
    else:
        out_path.write_text(out, encoding="utf-8", newline="\n")
    counts = category_counts(items)
    for category in CATEGORY_MINIMUMS:
        if every_category or counts.get(category):
            print(f"  {category:<13} {counts.get(category, 0):>3}")
    print(f"  {'total':<13} {len(items):>3}  ({sum(1 for it in items if not it['answerable'])} unanswerable)")
    print(("checked" if args.check else "wrote") + f" {out_path.relative_to(ROOT)}")
    return 0


def main() -> int:
    return cli(build, OUT, "golden set", "build_golden.py")


if __name__ == "__main__":
    sys.exit(main())
