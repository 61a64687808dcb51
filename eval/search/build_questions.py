"""Write eval/search/{dev,test}.jsonl: search questions in associates' words, each with the exact set of records it
asks for COMPUTED here from the sample catalog files (data/sample), never written by hand.

Each question carries `spec`, what the associate means as plain constraints; `expected` is every record of the
catalog files that meets the spec, read with this file's own reference filter (standard library only, independent
of copilot/search). Consecutive questions go to dev and test in turn. Rerun after the catalog changes:

    python -m eval.search.build_questions
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
HERE = Path(__file__).resolve().parent
ASKER_BOUTIQUE = "Place Vendome"  # the boutique of the development associate key: what "here" means
COLORS = "DEFGHIJKLMNOPQRSTUVWXYZ"
CLARITIES = ("FL", "IF", "VVS1", "VVS2", "VS1", "VS2", "SI1", "SI2", "I1", "I2", "I3")
CUTS = ("Fair", "Good", "Very Good", "Premium", "Ideal")

# (class, question, spec). Classes: plain (one or two constraints), numbers (price / carat ranges), grades,
# stock (a boutique, "here", in stock), stones (loose diamonds and reports), words (synonyms, styles, typos,
# sorting), none (constraints that conflict or match nothing: expected is empty).
QUESTIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("plain", "White gold pendants under $3,000?", {"category": ["pendant"], "metal": ["white gold"], "price_max": 3000}),
    ("plain", "do we have sapphire earrings?", {"category": ["earrings"], "stones": ["sapphire"]}),
    ("stock", "what's in stock at Ginza in rose gold?", {"metal": ["rose gold"], "boutique": "Ginza"}),
    ("stones", "a round diamond around 1 carat, G or better, under $8,000?", {"kind": "loose_diamond", "shape": "round", "carat_min": 0.9, "carat_max": 1.1, "color_worst": "G", "price_max": 8000}),
    ("numbers", "platinum rings between 10 and 20k", {"category": ["ring"], "metal": ["platinum"], "price_min": 10000, "price_max": 20000}),
    ("plain", "any emerald rings?", {"category": ["ring"], "stones": ["emerald"]}),
    ("plain", "show me the Orangerie necklaces", {"category": ["necklace"], "collection": ["Orangerie"]}),
    ("plain", "what pearl bracelets do we have", {"category": ["bracelet"], "stones": ["pearl"]}),
    ("plain", "ruby pendants?", {"category": ["pendant"], "stones": ["ruby"]}),
    ("plain", "do we carry tsavorite earrings", {"category": ["earrings"], "stones": ["tsavorite"]}),
    ("plain", "Celeste rings in platinum", {"category": ["ring"], "collection": ["Celeste"], "metal": ["platinum"]}),
    ("plain", "yellow gold bracelets from Orangerie", {"category": ["bracelet"], "collection": ["Orangerie"], "metal": ["yellow gold"]}),
    ("numbers", "rings under 5k", {"category": ["ring"], "price_max": 5000}),
    ("numbers", "client's budget is 3000, any pendants?", {"category": ["pendant"], "price_max": 3000}),
    ("numbers", "necklaces over $50,000", {"category": ["necklace"], "price_min": 50000}),
    ("numbers", "earrings between $5,000 and $8,000", {"category": ["earrings"], "price_min": 5000, "price_max": 8000}),
    ("numbers", "diamond rings over 2 carats", {"category": ["ring"], "stones": ["diamond"], "carat_min": 2.0}),
    ("numbers", "a celeste ring around 1.5 ct", {"category": ["ring"], "collection": ["Celeste"], "carat_min": 1.35, "carat_max": 1.65}),
    ("numbers", "pendants under 1 carat in white gold", {"category": ["pendant"], "metal": ["white gold"], "carat_max": 1.0}),
    ("numbers", "loose diamonds between 2 and 2.5 carats", {"kind": "loose_diamond", "carat_min": 2.0, "carat_max": 2.5}),
    ("numbers", "loose stones under $3,000", {"kind": "loose_diamond", "price_max": 3000}),
    ("grades", "loose diamonds G or better, VS1 or better", {"kind": "loose_diamond", "color_worst": "G", "clarity_worst": "VS1"}),
    ("grades", "any D colour loose diamonds over 1.5 carats", {"kind": "loose_diamond", "color_best": "D", "color_worst": "D", "carat_min": 1.5}),
    ("grades", "loose diamonds VS and above, H or better, under 10k", {"kind": "loose_diamond", "clarity_worst": "VS2", "color_worst": "H", "price_max": 10000}),
    ("grades", "diamond rings with an F colour centre, VVS", {"category": ["ring"], "stones": ["diamond"], "color_best": "F", "color_worst": "F", "clarity_best": "VVS1", "clarity_worst": "VVS2"}),
    ("grades", "ideal cut loose diamonds around 1 ct", {"kind": "loose_diamond", "cut_min": "Ideal", "carat_min": 0.9, "carat_max": 1.1}),
    ("grades", "loose diamonds E-F colour under $6,000", {"kind": "loose_diamond", "color_best": "E", "color_worst": "F", "price_max": 6000}),
    ("grades", "IF clarity loose diamonds", {"kind": "loose_diamond", "clarity_best": "IF", "clarity_worst": "IF"}),
    ("grades", "SI1 loose stones over 2 carats, very good cut or better", {"kind": "loose_diamond", "clarity_best": "SI1", "clarity_worst": "SI1", "carat_min": 2.0, "cut_min": "Very Good"}),
    ("grades", "pendants with a G or better diamond, VS2 or better", {"category": ["pendant"], "stones": ["diamond"], "color_worst": "G", "clarity_worst": "VS2"}),
    ("stock", "what platinum rings do we have here", {"category": ["ring"], "metal": ["platinum"], "boutique": ASKER_BOUTIQUE}),
    ("stock", "pearl earrings in stock at Fifth Avenue", {"category": ["earrings"], "stones": ["pearl"], "boutique": "Fifth Avenue"}),
    ("stock", "anything Verdure at Bond Street?", {"collection": ["Verdure"], "boutique": "Bond Street"}),
    ("stock", "Rodeo Drive, rose gold rings?", {"category": ["ring"], "metal": ["rose gold"], "boutique": "Rodeo Drive"}),
    ("stock", "which celeste pendants are in stock", {"category": ["pendant"], "collection": ["Celeste"], "in_stock": True}),
    ("stock", "loose diamonds over 1 carat in stock here", {"kind": "loose_diamond", "carat_min": 1.0, "boutique": ASKER_BOUTIQUE}),
    ("stock", "sillage bracelets at vendome", {"category": ["bracelet"], "collection": ["Sillage"], "boutique": "Place Vendome"}),
    ("stock", "Ginza loose diamonds under 5k", {"kind": "loose_diamond", "price_max": 5000, "boutique": "Ginza"}),
    ("stones", "loose diamonds graded by Lumen, over 2 ct", {"kind": "loose_diamond", "lab": "Lumen Diamond Institute", "carat_min": 2.0}),
    ("stones", "loose diamonds with no fluorescence, D to F, around 1 carat", {"kind": "loose_diamond", "fluorescence": "None", "color_best": "D", "color_worst": "F", "carat_min": 0.9, "carat_max": 1.1}),
    ("stones", "grading reports with strong blue fluorescence", {"kind": "report", "fluorescence": "Strong Blue"}),
    ("stones", "MGL reports over 3 carats", {"kind": "report", "lab": "Meridian Gemological Laboratory", "carat_min": 3.0}),
    ("stones", "certs for D flawless or IF stones", {"kind": "report", "color_best": "D", "color_worst": "D", "clarity_best": "FL", "clarity_worst": "IF"}),
    ("stones", "loose diamond 1.5 carat plus, G VS2 or better, under 30k", {"kind": "loose_diamond", "carat_min": 1.5, "color_worst": "G", "clarity_worst": "VS2", "price_max": 30000}),
    ("stones", "excellent cut reports with faint fluorescence over 2 carats", {"kind": "report", "lab_cut_min": "Excellent", "fluorescence": "Faint", "carat_min": 2.0}),
    ("words", "do we have diamond studs?", {"category": ["earrings"], "style": ["stud"], "stones": ["diamond"]}),
    ("words", "tennis bracelets under 20k", {"category": ["bracelet"], "style": ["tennis"], "price_max": 20000}),
    ("words", "platinum wedding bands", {"category": ["ring"], "style": ["band"], "metal": ["platinum"]}),
    ("words", "any chains in yellow gold?", {"category": ["necklace"], "metal": ["yellow gold"]}),
    ("words", "hoop earrings in rose gold", {"category": ["earrings"], "style": ["hoop"], "metal": ["rose gold"]}),
    ("words", "cheapest platinum ring", {"category": ["ring"], "metal": ["platinum"], "sort": "price_asc"}),
    ("words", "biggest loose diamonds under 20k", {"kind": "loose_diamond", "price_max": 20000, "sort": "carat_desc"}),
    ("words", "platnum pendents under 4000", {"category": ["pendant"], "metal": ["platinum"], "price_max": 4000}),
    ("words", "saphire rings", {"category": ["ring"], "stones": ["sapphire"]}),
    ("words", "resizable rings in size 52", {"category": ["ring"], "size": 52, "resizable": True}),
    ("words", "solitaire pendants in 18k white gold", {"category": ["pendant"], "style": ["solitaire"], "metal": ["white gold"], "karat": "18k"}),
    ("words", "south sea pearl necklaces", {"category": ["necklace"], "style": ["south", "sea"], "stones": ["pearl"]}),
    ("words", "eternity rings", {"category": ["ring"], "style": ["eternity"]}),
    ("words", "Atelier Heritage sapphire rings", {"category": ["ring"], "collection": ["Atelier Heritage"], "stones": ["sapphire"]}),
    ("none", "platinum earrings under 2000", {"category": ["earrings"], "metal": ["platinum"], "price_max": 2000}),
    ("none", "loose diamonds over 5 carats", {"kind": "loose_diamond", "carat_min": 5.0}),
    ("none", "D flawless loose diamonds under $5,000", {"kind": "loose_diamond", "color_best": "D", "color_worst": "D", "clarity_best": "FL", "clarity_worst": "FL", "price_max": 5000}),
    ("none", "ruby necklaces", {"category": ["necklace"], "stones": ["ruby"]}),
    ("none", "rose gold Celeste bracelets under $1,000", {"category": ["bracelet"], "collection": ["Celeste"], "metal": ["rose gold"], "price_max": 1000}),
    ("none", "pearl rings over 100k", {"category": ["ring"], "stones": ["pearl"], "price_min": 100000}),
    ("none", "any K colour loose diamonds", {"kind": "loose_diamond", "color_best": "K", "color_worst": "K"}),
    ("none", "emerald earrings at Ginza under 3k", {"category": ["earrings"], "stones": ["emerald"], "boutique": "Ginza", "price_max": 3000}),
]

SPEC_KEYS = {
    "kind", "category", "style", "collection", "metal", "karat", "stones", "shape", "color_best", "color_worst",
    "clarity_best", "clarity_worst", "cut_min", "lab_cut_min", "carat_min", "carat_max", "price_min", "price_max", "size",
    "resizable", "boutique", "in_stock", "lab", "fluorescence", "sort",
}


def _stock(text: str) -> dict[str, int]:
    return {p.rsplit(":", 1)[0].strip(): int(p.rsplit(":", 1)[1]) for p in text.split(";") if ":" in p}


def _family(metal: str) -> str:
    return " ".join(re.sub(r"\b\d+\s*(?:k|kt|ct)\b", " ", metal.lower()).split())


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word)}(?:s|es)?\b", text.lower()) is not None


def _num(text: str) -> float | None:
    return float(text) if text.strip() else None


def load_catalog(sample: Path = SAMPLE) -> dict[str, list[dict[str, Any]]]:
    """Rows as the catalog files give them, with the few derived values the reference filter compares."""
    reports = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((sample / "certificates").glob("*.json"))}
    pieces = []
    for row in csv.DictReader((sample / "catalog" / "pieces.csv").open(encoding="utf-8")):
        principal = row["center_stone"] or ("diamond" if _has_word(row["stones"], "diamond") else "")
        carat = _num(row["center_carat"]) if row["center_carat"] else _num(row["total_carat_weight"])
        report = reports.get(row["certificate_number"], {})
        pieces.append({
            "id": row["sku"], "category": row["category"], "name": row["name"].split(",")[0], "collection": row["collection"],
            "metal": _family(row["metal"]), "karat": "18k" if row["metal_purity"] == "750" else "", "principal": principal,
            "stones": row["stones"], "carat": carat, "cut": row["center_cut"], "color": row["center_color"],
            "clarity": row["center_clarity"], "price": float(row["price_usd"]), "stock": _stock(row["availability"]),
            "size": _num(row["size"]), "resizable": row["resizable"], "lab": row["certificate_lab"],
            "fluorescence": report.get("fluorescence", ""), "lab_cut": report.get("cut", ""), "shape": "",
        })
    loose = []
    for row in csv.DictReader((sample / "catalog" / "loose_diamonds.csv").open(encoding="utf-8")):
        report = reports.get(row["certificate_number"], {})
        loose.append({
            "id": row["stock_number"], "principal": "diamond", "stones": "diamond", "carat": float(row["carat"]),
            "cut": row["cut"], "color": row["color"], "clarity": row["clarity"], "price": float(row["price_usd"]),
            "stock": _stock(row["availability"]), "lab": row["certificate_lab"], "shape": row["shape"].lower(),
            "fluorescence": report.get("fluorescence", ""), "lab_cut": report.get("cut", ""),
        })
    certs = [{
        "id": number, "principal": "diamond", "stones": "diamond", "carat": float(r["carat"]), "cut": "", "color": r["color"],
        "clarity": r["clarity"], "price": None, "stock": {}, "lab": r["lab"], "shape": r["shape"].lower().split()[0],
        "fluorescence": r["fluorescence"], "lab_cut": r["cut"],
    } for number, r in reports.items()]
    return {"piece": pieces, "loose_diamond": loose, "report": certs}


def _grade_ok(value: str, best: str | None, worst: str | None, scale: Any) -> bool:
    if value not in scale:
        return False
    at = scale.index(value)
    return (best is None or at >= scale.index(best)) and (worst is None or at <= scale.index(worst))


# spec key -> the reference test a row must pass
CHECKS: dict[str, Any] = {
    "category": lambda r, v: r.get("category") in v,
    "style": lambda r, v: all(_has_word(r.get("name", ""), w) for w in v),
    "collection": lambda r, v: r.get("collection") in v,
    "metal": lambda r, v: r.get("metal") in v,
    "karat": lambda r, v: r.get("karat") == v,
    "stones": lambda r, v: r["principal"] in v and all(s == r["principal"] or _has_word(r["stones"], s) for s in v),
    "shape": lambda r, v: r["shape"] == v,
    "color_best": lambda r, v: _grade_ok(r["color"], v, None, COLORS),
    "color_worst": lambda r, v: _grade_ok(r["color"], None, v, COLORS),
    "clarity_best": lambda r, v: _grade_ok(r["clarity"], v, None, CLARITIES),
    "clarity_worst": lambda r, v: _grade_ok(r["clarity"], None, v, CLARITIES),
    "cut_min": lambda r, v: r["cut"] in CUTS and CUTS.index(r["cut"]) >= CUTS.index(v),
    "lab_cut_min": lambda r, v: r["lab_cut"] == v,  # "Excellent" is the top of the lab scale
    "carat_min": lambda r, v: r["carat"] is not None and r["carat"] >= v - 1e-9,
    "carat_max": lambda r, v: r["carat"] is not None and r["carat"] <= v + 1e-9,
    "price_min": lambda r, v: r["price"] is not None and r["price"] >= v,
    "price_max": lambda r, v: r["price"] is not None and r["price"] <= v,
    "size": lambda r, v: r.get("size") == v,
    "resizable": lambda r, v: (r.get("resizable") in ("yes", "limited")) == v,
    "boutique": lambda r, v: r["stock"].get(v, 0) > 0,
    "in_stock": lambda r, v: sum(r["stock"].values()) > 0,
    "lab": lambda r, v: r["lab"] == v,
    "fluorescence": lambda r, v: r["fluorescence"] == v,
}


def expected(spec: dict[str, Any], catalog: dict[str, list[dict[str, Any]]]) -> list[str]:
    rows = catalog[spec.get("kind", "piece")]
    tests = [(CHECKS[k], v) for k, v in spec.items() if k in CHECKS]
    return sorted(r["id"] for r in rows if all(t(r, v) for t, v in tests))


def emptying(spec: dict[str, Any], catalog: dict[str, list[dict[str, Any]]]) -> list[str]:
    """For a question nothing matches: the spec keys whose removal alone leaves some match (any of them is a
    right answer to "which constraint emptied the set"); empty when two or more must go."""
    keys = [k for k in spec if k in CHECKS]
    return [k for k in keys if expected({kk: vv for kk, vv in spec.items() if kk != k}, catalog)]


def main() -> None:
    catalog = load_catalog()
    halves: dict[str, list[str]] = {"dev": [], "test": []}
    for i, (cls, question, spec) in enumerate(QUESTIONS):
        unknown = set(spec) - SPEC_KEYS
        if unknown:
            raise SystemExit(f"question {i + 1}: unknown spec keys {sorted(unknown)}")
        half = "dev" if i % 2 == 0 else "test"
        ids = expected(spec, catalog)
        if cls == "none" and ids:
            raise SystemExit(f"{question!r} is filed as matching nothing but matches {len(ids)}")
        row = {
            "id": f"search-{half}-{len(halves[half]) + 1:03d}", "class": cls, "question": question, "spec": spec,
            "asker_boutique": ASKER_BOUTIQUE, "expected": ids, "emptying": emptying(spec, catalog) if not ids else [],
        }
        halves[half].append(json.dumps(row, ensure_ascii=False))
    for half, rows in halves.items():
        (HERE / f"{half}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"{half}: {len(rows)} questions")


if __name__ == "__main__":
    main()
