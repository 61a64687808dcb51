"""Generate the Maison Aurelle sample corpus (catalog CSVs and grading-report JSONs).

Maison Aurelle is a fictional Paris jewelry house (founded 1921). This script writes the
committed sample corpus the associate copilot is developed and evaluated against:

* ``data/sample/catalog/pieces.csv``          finished pieces in seven collections
* ``data/sample/catalog/loose_diamonds.csv``  loose certified round diamonds
* ``data/sample/certificates/<report>.json``   one grading report per certified diamond
* ``data/provenance/diamond_sources.csv``  which row of ``data/diamonds.csv`` each
  certified diamond was copied from (for tests; not part of the house corpus)

Every certified diamond (a piece's centre stone >= 0.30 ct, or a loose stone) is a real row of
the public ``diamonds`` dataset in ``data/diamonds.csv``: its carat, cut, color, clarity,
depth, table and x/y/z measurements are copied, never invented, and no row is used twice.
Retail prices of certified diamonds derive from the dataset price (see ``data/README.md``).

A handful of catalog-quality imperfections are planted on purpose for the audit feature;
they are listed by ``plant_imperfections`` and in ``data/README.md``.

The output is deterministic: one fixed seed, sorted iteration, no clock. Run it with

    python3 data/generate_sample.py

from the repository root (or anywhere; paths are relative to this file). Standard library only.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

SEED = 1921

DATA_DIR = Path(__file__).resolve().parent
DATASET_PATH = DATA_DIR / "diamonds.csv"
SAMPLE_DIR = DATA_DIR / "sample"
CATALOG_DIR = SAMPLE_DIR / "catalog"
CERTIFICATE_DIR = SAMPLE_DIR / "certificates"
PROVENANCE_DIR = SAMPLE_DIR.parent / "provenance"

PIECE_HEADER = [
    "sku", "name", "collection", "category", "metal", "metal_purity", "stones",
    "center_stone", "center_carat", "center_cut", "center_color", "center_clarity",
    "certificate_number", "certificate_lab", "total_carat_weight", "size", "resizable",
    "resizing_note", "length_cm", "price_usd", "availability", "description",
]
LOOSE_HEADER = [
    "stock_number", "shape", "carat", "cut", "color", "clarity", "depth_pct", "table_pct",
    "length_mm", "width_mm", "depth_mm", "price_usd", "certificate_number",
    "certificate_lab", "availability",
]
PROVENANCE_HEADER = [
    "report_number", "used_by", "dataset_row", "dataset_price_usd", "retail_formula",
]

STORES = ["Fifth Avenue", "Rodeo Drive", "Place Vendome", "Bond Street", "Ginza"]
LABS = ["Meridian Gemological Laboratory", "Lumen Diamond Institute"]
LAB_ABBREVIATION = {
    "Meridian Gemological Laboratory": "MGL",
    "Lumen Diamond Institute": "LDI",
}
COLLECTIONS = [
    "Celeste", "Riviera", "Orangerie", "Sillage", "Perle de Lune", "Verdure",
    "Atelier Heritage",
]
# First digit of a piece SKU's number names its collection (AUR-RG-1xxx is Celeste, ...).
COLLECTION_DIGIT = {name: str(i + 1) for i, name in enumerate(COLLECTIONS)}
CATEGORY_CODE = {
    "ring": "RG", "earrings": "ER", "pendant": "PD", "necklace": "NK", "bracelet": "BR",
}

PLATINUM = "Platinum"
YELLOW = "18k Yellow Gold"
WHITE = "18k White Gold"
ROSE = "18k Rose Gold"
METAL_PURITY = {PLATINUM: "PT950", YELLOW: "750", WHITE: "750", ROSE: "750"}

# Retail price of a piece with a certified centre diamond:
#   round_to_10(dataset_price * COLLECTION_MULTIPLIER + SETTING_COST
#               + side_diamond_ctw * SIDE_DIAMOND_RATE + side_gem_cost)
COLLECTION_MULTIPLIER = {
    "Celeste": 3.0, "Riviera": 2.8, "Orangerie": 2.6, "Sillage": 2.5,
    "Perle de Lune": 2.6, "Verdure": 2.7, "Atelier Heritage": 3.2,
}
SETTING_COST = {
    "platinum": {"ring": 2600, "pendant": 1900, "necklace": 2500, "bracelet": 2400, "earrings": 2200},
    "gold": {"ring": 1800, "pendant": 1300, "necklace": 1800, "bracelet": 1700, "earrings": 1500},
}
SIDE_DIAMOND_RATE = 3800  # USD per carat of set side/pave diamonds
SIDE_EMERALD_RATE = 5200  # USD per carat of emerald side stones (Verdure three-stone)
# Loose diamonds: price_usd = dataset price * 2.6, rounded to the nearest 10 USD.
LOOSE_MULTIPLIER_TENTHS = 26

LAB_CUT_GRADE = {
    "Ideal": "Excellent", "Premium": "Excellent", "Very Good": "Very Good",
    "Good": "Good", "Fair": "Fair",
}
CLARITY_ORDER = ["FL", "IF", "VVS1", "VVS2", "VS1", "VS2", "SI1", "SI2", "I1", "I2", "I3"]
REPORT_DATE_FIRST = date(2022, 1, 1)
REPORT_DATE_LAST = date(2026, 9, 30)

RESIZING_POLICY = {
    "solitaire": ("yes", "Can be resized up or down by up to two sizes, complimentary within 60 days of purchase."),
    "halo": ("yes", "Can be resized up or down by up to one and a half sizes, complimentary within 60 days of purchase; the halo is re-checked stone by stone afterwards."),
    "three_stone": ("yes", "Can be resized up or down by up to two sizes, complimentary within 60 days of purchase."),
    "channel": ("limited", "Channel-set shoulders: can be resized up or down one size only; a larger change means a new ring made to order (8 to 10 weeks)."),
    "pave_shoulders": ("limited", "Pave-set shoulders: can be resized up or down one size only so that every pave stone stays secure."),
    "eternity": ("no", "Full eternity setting: cannot be resized; the atelier can make the same band to order in another size (8 to 10 weeks)."),
    "full_pave": ("no", "Full pave band: cannot be resized without unsetting stones; the atelier can make it to order in another size (8 to 10 weeks)."),
    "floral": ("yes", "Can be resized up or down by up to one size and a half, complimentary within 60 days of purchase; the petals are protected during the work."),
    "emerald": ("limited", "Resized by hand with no heat near the emerald: up or down one size only."),
    "tsavorite": ("yes", "Can be resized up or down by up to two sizes, complimentary within 60 days of purchase."),
    "pearl": ("yes", "Can be resized up or down by up to two sizes; the atelier removes the pearl before the band is worked and re-glues it on its post."),
    "heritage": ("yes", "Can be resized up or down by up to one size and a half; the milgrain edges are re-traced by hand afterwards."),
    "cocktail": ("limited", "Cluster setting: can be resized up or down one size only; the atelier advises a sizing bead for larger changes."),
}


# --------------------------------------------------------------------------------------------
# The public diamonds dataset
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetDiamond:
    """One row of data/diamonds.csv; ``row`` is the 1-based data row (file line minus one)."""

    row: int
    carat: float
    cut: str
    color: str
    clarity: str
    depth: float
    table: float
    price: int
    x: float
    y: float
    z: float


def load_dataset(path: Path) -> list[DatasetDiamond]:
    """Read diamonds.csv, skipping rows whose x, y or z measurement is zero."""
    diamonds: list[DatasetDiamond] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for index, raw in enumerate(csv.DictReader(handle), start=1):
            x, y, z = float(raw["x"]), float(raw["y"]), float(raw["z"])
            if x == 0 or y == 0 or z == 0:
                continue
            diamonds.append(DatasetDiamond(
                row=index, carat=float(raw["carat"]), cut=raw["cut"], color=raw["color"],
                clarity=raw["clarity"], depth=float(raw["depth"]), table=float(raw["table"]),
                price=int(raw["price"]), x=x, y=y, z=z,
            ))
    return diamonds


def fit_for_jewelry(d: DatasetDiamond) -> bool:
    """House standard for a centre stone set in a finished piece."""
    return (d.cut in ("Ideal", "Premium", "Very Good") and d.color in "DEFGHI"
            and d.clarity != "I1" and 57.5 <= d.depth <= 64.5 and 52 <= d.table <= 62)


def fit_for_loose_stock(d: DatasetDiamond) -> bool:
    """House standard for a loose certified diamond."""
    return (d.cut != "Fair" and d.color in "DEFGHIJ" and d.clarity != "I1"
            and 56 <= d.depth <= 66 and 51 <= d.table <= 64)


class DiamondPool:
    """Draws dataset rows at random (seeded) within a carat range, never the same row twice."""

    def __init__(self, diamonds: list[DatasetDiamond]) -> None:
        self._diamonds = sorted(diamonds, key=lambda d: d.row)
        self._used: set[int] = set()
        self._candidates: dict[tuple[float, float, str], list[DatasetDiamond]] = {}

    def draw(self, rng: random.Random, low: float, high: float,
             standard: Callable[[DatasetDiamond], bool]) -> DatasetDiamond:
        key = (low, high, standard.__name__)
        if key not in self._candidates:
            self._candidates[key] = [
                d for d in self._diamonds if low <= d.carat <= high and standard(d)
            ]
        candidates = self._candidates[key]
        while candidates:
            pick = candidates.pop(rng.randrange(len(candidates)))
            if pick.row not in self._used:
                self._used.add(pick.row)
                return pick
        raise RuntimeError(f"no unused dataset diamond between {low} and {high} ct")


# --------------------------------------------------------------------------------------------
# Pieces, loose stones and reports
# --------------------------------------------------------------------------------------------


@dataclass
class Piece:
    """A finished piece before it is written as a row of pieces.csv."""

    collection: str
    category: str
    name: str
    metal: str
    stones: str
    price_usd: int
    availability: str
    description: str
    center_stone: str = ""
    center_carat: float | None = None
    diamond: DatasetDiamond | None = None
    certificate_number: str = ""
    certificate_lab: str = ""
    total_carat_weight: float | None = None
    size: str = ""
    resizable: str = "n/a"
    resizing_note: str = ""
    length_cm: float | None = None
    sku: str = ""
    retail_formula: str = ""


@dataclass
class LooseDiamond:
    stock_number: str
    diamond: DatasetDiamond
    price_usd: int
    certificate_number: str
    certificate_lab: str
    availability: str


@dataclass
class Ledger:
    """Everything generated, plus the planted imperfections."""

    pieces: list[Piece] = field(default_factory=list)
    loose: list[LooseDiamond] = field(default_factory=list)
    reports: dict[str, dict[str, object]] = field(default_factory=dict)
    missing_reports: list[str] = field(default_factory=list)
    imperfections: list[str] = field(default_factory=list)


class Atelier:
    """Shared generation state: the seeded RNG, the diamond pool, and unique-id registries."""

    def __init__(self, rng: random.Random, pool: DiamondPool) -> None:
        self.rng = rng
        self.pool = pool
        self._report_numbers: set[str] = set()
        self._names: set[str] = set()
        self.reports: dict[str, dict[str, object]] = {}

    # -- identifiers -------------------------------------------------------------------------

    def new_report_number(self) -> str:
        while True:
            number = str(self.rng.randint(1_000_000_000, 9_999_999_999))
            if number not in self._report_numbers:
                self._report_numbers.add(number)
                return number

    def unique_name(self, *candidates: str) -> str:
        for name in candidates:
            if name not in self._names:
                self._names.add(name)
                return name
        base = candidates[-1]
        for number in range(2, 100):
            name = f"{base}, No. {number}"
            if name not in self._names:
                self._names.add(name)
                return name
        raise RuntimeError(f"cannot make a unique name from {candidates}")

    # -- certified diamonds -----------------------------------------------------------------

    def certified_centre(self, bins: list[tuple[float, float, int]],
                         inscription: str = "house") -> tuple[DatasetDiamond, str, str]:
        """Draw a centre diamond for a piece from weighted carat bins, and grade it."""
        low, high = weighted_choice(self.rng, [((lo, hi), w) for lo, hi, w in bins])
        diamond = self.pool.draw(self.rng, low, high, fit_for_jewelry)
        number, lab = self.grade(diamond, inscription)
        return diamond, number, lab

    def grade(self, diamond: DatasetDiamond, inscription: str) -> tuple[str, str]:
        number = self.new_report_number()
        lab = LABS[0] if self.rng.random() < 0.6 else LABS[1]
        self.reports[number] = grading_report(self.rng, diamond, number, lab, inscription)
        return number, lab

    # -- stock ---------------------------------------------------------------------------------

    def one_of_a_kind_availability(self) -> str:
        """A certified stone exists once: one store holds it, or none (reserved or sold)."""
        counts = [0] * len(STORES)
        if self.rng.random() < 0.9:
            counts[weighted_choice(self.rng, [(0, 30), (1, 18), (2, 26), (3, 14), (4, 12)])] = 1
        return format_availability(counts)

    def stocked_availability(self) -> str:
        counts = [weighted_choice(self.rng, [(0, 45), (1, 32), (2, 16), (3, 7)]) for _ in STORES]
        return format_availability(counts)

    # -- ring sizing -------------------------------------------------------------------------

    def ring_sizing(self, policy: str) -> tuple[str, str, str]:
        french = weighted_choice(self.rng, [
            (47, 2), (48, 4), (49, 6), (50, 9), (51, 10), (52, 12), (53, 10), (54, 9),
            (55, 6), (56, 5), (57, 3), (58, 2), (60, 1),
        ])
        resizable, rule = RESIZING_POLICY[policy]
        note = f"French size {french} (US {us_ring_size(french)}). {rule}"
        return str(french), resizable, note


def weighted_choice(rng: random.Random, options: list[tuple[T, int]]) -> T:
    """Pick one value; each option is (value, integer weight)."""
    total = sum(weight for _, weight in options)
    roll = rng.randrange(total)
    for value, weight in options:
        if roll < weight:
            return value
        roll -= weight
    raise AssertionError("unreachable")


def format_availability(counts: list[int]) -> str:
    return ";".join(f"{store}:{count}" for store, count in zip(STORES, counts))


def us_ring_size(french: int) -> str:
    """French size is the inner circumference in mm; US = (mm - 36.5) / 2.55, nearest 1/4."""
    us = round((french - 36.5) / 2.55 * 4) / 4
    return f"{us:g}"


def round_to(value: float, step: int) -> int:
    return int((value + step / 2) // step * step)


def metal_family(metal: str) -> str:
    return "platinum" if metal == PLATINUM else "gold"


def metal_phrase(metal: str) -> str:
    """How a description names the metal: "platinum", "18k rose gold"."""
    return metal.lower()


def tidy_article(text: str) -> str:
    """Fix "a 18k" / "a anemone" / "a 8.20 ct" to "an ..." after templates are filled."""
    return re.sub(r"\b([Aa]) (?=[AEIOUaeiou]|8|1[18](?!\d))",
                  lambda m: ("An " if m.group(1) == "A" else "an "), text)


def ct(value: float) -> str:
    return f"{value:.2f}"


def centre_retail_price(collection: str, category: str, metal: str, diamond: DatasetDiamond,
                        side_ctw: float, side_gem_cost: int = 0) -> tuple[int, str]:
    multiplier = COLLECTION_MULTIPLIER[collection]
    setting = SETTING_COST[metal_family(metal)][category]
    raw = diamond.price * multiplier + setting + side_ctw * SIDE_DIAMOND_RATE + side_gem_cost
    formula = (f"{diamond.price} x {multiplier} + {setting} + {side_ctw:.2f} ctw x "
               f"{SIDE_DIAMOND_RATE} + {side_gem_cost}")
    return round_to(raw, 10), formula


def design_price(rng: random.Random, metal: str, category: str, design_factor: float,
                 diamond_ctw: float = 0.0, gem_value: float = 0.0) -> int:
    """Plausible retail price for a piece without a certified centre (no dataset price)."""
    setting = SETTING_COST[metal_family(metal)][category] * design_factor
    raw = (setting + diamond_ctw * rng.uniform(4200, 5600) + gem_value) * rng.uniform(0.95, 1.05)
    return max(1800, min(180_000, round_to(raw, 50)))


# --------------------------------------------------------------------------------------------
# Grading reports
# --------------------------------------------------------------------------------------------


def grading_report(rng: random.Random, d: DatasetDiamond, number: str, lab: str,
                   inscription: str) -> dict[str, object]:
    """A lab grading report whose 4Cs, proportions and measurements are the dataset row's."""
    report_date = date.fromordinal(
        rng.randint(REPORT_DATE_FIRST.toordinal(), REPORT_DATE_LAST.toordinal()))
    polish, symmetry = finish_grades(rng, d.cut)
    fluorescence = weighted_choice(
        rng, [("None", 70), ("Faint", 16), ("Medium Blue", 10), ("Strong Blue", 4)])
    if inscription == "house":
        inscribed = f"MAISON AURELLE {number}"
    else:
        inscribed = f"{LAB_ABBREVIATION[lab]} {number}"
    return {
        "report_number": number,
        "lab": lab,
        "report_date": report_date.isoformat(),
        "shape": "Round Brilliant",
        "carat": d.carat,
        "color": d.color,
        "clarity": d.clarity,
        "cut": LAB_CUT_GRADE[d.cut],
        "polish": polish,
        "symmetry": symmetry,
        "fluorescence": fluorescence,
        "measurements": f"{d.x:.2f} - {d.y:.2f} x {d.z:.2f} mm",
        "depth_pct": d.depth,
        "table_pct": d.table,
        "girdle": girdle_for_depth(rng, d.depth),
        "inscription": inscribed,
        "comments": clarity_comment(rng, d.clarity),
    }


def finish_grades(rng: random.Random, cut: str) -> tuple[str, str]:
    options = {
        "Ideal": ([("Excellent", 85), ("Very Good", 15)], [("Excellent", 75), ("Very Good", 25)]),
        "Premium": ([("Excellent", 65), ("Very Good", 35)], [("Excellent", 55), ("Very Good", 45)]),
        "Very Good": ([("Excellent", 30), ("Very Good", 60), ("Good", 10)],
                      [("Excellent", 20), ("Very Good", 65), ("Good", 15)]),
        "Good": ([("Very Good", 50), ("Good", 50)], [("Very Good", 40), ("Good", 60)]),
        "Fair": ([("Good", 100)], [("Good", 100)]),
    }[cut]
    return weighted_choice(rng, options[0]), weighted_choice(rng, options[1])


def girdle_for_depth(rng: random.Random, depth: float) -> str:
    if depth < 60.0:
        choices = ["Thin to Medium, Faceted", "Thin to Slightly Thick, Faceted"]
    elif depth <= 62.5:
        choices = ["Medium, Faceted", "Medium to Slightly Thick, Faceted",
                   "Thin to Medium, Faceted"]
    else:
        choices = ["Medium to Slightly Thick, Faceted", "Slightly Thick to Thick, Faceted",
                   "Medium to Thick, Faceted"]
    return rng.choice(choices)


def clarity_comment(rng: random.Random, clarity: str) -> str:
    if clarity in ("IF", "FL", "VVS1"):
        return ""
    if clarity == "VVS2":
        return rng.choice(["", "Additional pinpoints are not shown."])
    if clarity in ("VS1", "VS2"):
        return rng.choice(["Additional pinpoints are not shown.", "Clouds are not shown.",
                           "Additional pinpoints are not shown."])
    return rng.choice(["Clouds are not shown.", "Additional clouds and crystals are not shown.",
                       "Clouds are not shown."])


# --------------------------------------------------------------------------------------------
# Collections
# --------------------------------------------------------------------------------------------

SOLITAIRE_BINS = [(0.50, 0.69, 14), (0.70, 0.89, 16), (0.90, 0.99, 12), (1.00, 1.49, 30),
                  (1.50, 1.99, 18), (2.00, 3.01, 10)]
MEDIUM_BINS = [(0.30, 0.49, 20), (0.50, 0.69, 30), (0.70, 0.99, 30), (1.00, 1.49, 20)]
SMALL_BINS = [(0.30, 0.49, 45), (0.50, 0.69, 35), (0.70, 0.89, 20)]
DROP_BINS = [(0.70, 0.99, 30), (1.00, 1.49, 45), (1.50, 2.01, 25)]


def diamond_sentence(d: DatasetDiamond) -> str:
    return f"{ct(d.carat)} ct round brilliant diamond of {d.color} color and {d.clarity} clarity"


def report_sentence(lab: str, number: str) -> str:
    return f"Graded by the {lab} (report {number}) and laser-inscribed on the girdle."


def certified_piece(at: Atelier, *, collection: str, category: str, style: str, metal: str,
                    bins: list[tuple[float, float, int]], side_stones: list[tuple[str, float]],
                    describe: Callable[[DatasetDiamond, str, str], str],
                    sizing_policy: str = "", length_cm: float | None = None,
                    side_gem_cost: int = 0, extra_stones: str = "",
                    name_prefix: str = "") -> Piece:
    """A piece built around one certified centre diamond drawn from the dataset."""
    diamond, number, lab = at.certified_centre(bins)
    side_ctw = round(sum(weight for _, weight in side_stones), 2)
    parts = [f"Center: 1 round brilliant diamond, {ct(diamond.carat)} ct"]
    parts += [f"{text}, {ct(weight)} ctw" for text, weight in side_stones]
    if extra_stones:
        parts.append(extra_stones)
    price, formula = centre_retail_price(collection, category, metal, diamond, side_ctw,
                                         side_gem_cost)
    base = f"{name_prefix or collection} {style}"
    name = at.unique_name(
        f"{base}, {ct(diamond.carat)} ct",
        f"{base}, {ct(diamond.carat)} ct {diamond.color} {diamond.clarity}",
        f"{base}, {ct(diamond.carat)} ct {diamond.color} {diamond.clarity}, {metal}",
    )
    piece = Piece(
        collection=collection, category=category, name=name, metal=metal,
        stones="; ".join(parts), price_usd=price,
        availability=at.one_of_a_kind_availability(),
        description=describe(diamond, number, lab),
        center_stone="diamond", center_carat=diamond.carat, diamond=diamond,
        certificate_number=number, certificate_lab=lab,
        total_carat_weight=round(diamond.carat + side_ctw, 2), length_cm=length_cm,
        retail_formula=formula,
    )
    if category == "ring":
        piece.size, piece.resizable, piece.resizing_note = at.ring_sizing(sizing_policy)
    return piece


def melee(at: Atelier, count_range: tuple[int, int], ctw_range: tuple[float, float],
          label: str) -> tuple[str, float]:
    count = at.rng.randint(*count_range)
    weight = round(at.rng.uniform(*ctw_range), 2)
    return f"{count} {label}", weight


def build_celeste(at: Atelier) -> list[Piece]:
    rng, pieces = at.rng, []
    collection = "Celeste"

    def metal() -> str:
        return weighted_choice(rng, [(PLATINUM, 50), (WHITE, 20), (YELLOW, 20), (ROSE, 10)])

    ring_styles = [
        ("Solitaire Ring", 20, "solitaire", SOLITAIRE_BINS, "six"),
        ("Knife-Edge Solitaire Ring", 6, "solitaire", SOLITAIRE_BINS, "knife"),
        ("Bezel Solitaire Ring", 5, "solitaire", MEDIUM_BINS, "bezel"),
        ("Cathedral Solitaire Ring", 5, "solitaire", SOLITAIRE_BINS, "cathedral"),
        ("Three-Stone Ring", 7, "three_stone", SOLITAIRE_BINS, "three"),
        ("Halo Ring", 7, "halo", MEDIUM_BINS, "halo"),
        ("Pave Band Solitaire Ring", 5, "pave_shoulders", SOLITAIRE_BINS, "pave"),
    ]
    for style, count, policy, bins, kind in ring_styles:
        for _ in range(count):
            m = metal()
            side: list[tuple[str, float]] = []
            if kind == "three":
                side = [melee(at, (2, 2), (0.30, 0.90), "round brilliant side diamonds")]
            elif kind == "halo":
                side = [melee(at, (18, 26), (0.16, 0.34), "round brilliant halo diamonds"),
                        melee(at, (24, 36), (0.22, 0.40), "round brilliant band diamonds")]
            elif kind == "pave":
                side = [melee(at, (28, 40), (0.30, 0.52), "round brilliant side diamonds")]

            def describe(d: DatasetDiamond, number: str, lab: str, kind: str = kind,
                         m: str = m) -> str:
                setting = {
                    "six": f"held by six fine claws above a slender {metal_phrase(m)} band",
                    "knife": f"set on a knife-edge {metal_phrase(m)} band whose ridge catches the light",
                    "bezel": f"enclosed in a smooth {metal_phrase(m)} bezel that protects the girdle",
                    "cathedral": f"raised on cathedral arches of {metal_phrase(m)}",
                    "three": f"flanked by two round brilliant diamonds on a {metal_phrase(m)} band",
                    "halo": f"framed by a halo of round brilliant diamonds on a pave {metal_phrase(m)} band",
                    "pave": f"set on a {metal_phrase(m)} band pave-set halfway round with round brilliant diamonds",
                }[kind]
                closing = rng.choice([
                    "The Celeste line has been the house engagement collection since 1952.",
                    "Each Celeste ring is finished and polished by hand in the Paris atelier.",
                    "Engraving inside the band is offered at no charge.",
                ])
                return f"A {diamond_sentence(d)}, {setting}. {report_sentence(lab, number)} {closing}"

            pieces.append(certified_piece(
                at, collection=collection, category="ring", style=style, metal=m, bins=bins,
                side_stones=side, describe=describe, sizing_policy=policy))

    pendant_styles = [("Solitaire Pendant", 8, "claw"), ("Halo Pendant", 5, "halo"),
                      ("Bezel Pendant", 5, "bezel")]
    for style, count, kind in pendant_styles:
        for _ in range(count):
            m = metal()
            side = ([melee(at, (16, 24), (0.12, 0.28), "round brilliant halo diamonds")]
                    if kind == "halo" else [])
            chain = rng.choice([40, 42, 45])

            def describe(d: DatasetDiamond, number: str, lab: str, kind: str = kind,
                         m: str = m, chain: int = chain) -> str:
                setting = {"claw": "held by four claws", "halo": "framed by a halo of diamonds",
                           "bezel": "in a closed bezel"}[kind]
                return (f"A {diamond_sentence(d)}, {setting} in {metal_phrase(m)}. "
                        f"Sold on a {chain} cm {metal_phrase(m)} chain with a ring at 40 cm. "
                        f"{report_sentence(lab, number)}")

            pieces.append(certified_piece(
                at, collection=collection, category="pendant", style=style, metal=m,
                bins=MEDIUM_BINS, side_stones=side, describe=describe))

    for _ in range(5):
        m = metal()
        length = float(rng.choice([40, 42, 45]))

        def describe(d: DatasetDiamond, number: str, lab: str, m: str = m,
                     length: float = length) -> str:
            return (f"A {diamond_sentence(d)}, fixed on a fine {metal_phrase(m)} chain, "
                    f"{length:g} cm with an adjustment ring at 38 cm. {report_sentence(lab, number)}")

        pieces.append(certified_piece(
            at, collection=collection, category="necklace", style="Solitaire Necklace",
            metal=m, bins=SMALL_BINS, side_stones=[], describe=describe, length_cm=length))

    for _ in range(4):
        m = metal()
        length = float(rng.choice([16, 17, 18]))

        def describe(d: DatasetDiamond, number: str, lab: str, m: str = m,
                     length: float = length) -> str:
            return (f"A {diamond_sentence(d)} in a bezel on a fine {metal_phrase(m)} chain "
                    f"bracelet, {length:g} cm with a second closing ring at 15 cm. "
                    f"{report_sentence(lab, number)}")

        pieces.append(certified_piece(
            at, collection=collection, category="bracelet", style="Solitaire Chain Bracelet",
            metal=m, bins=[(0.30, 0.59, 1)], side_stones=[], describe=describe,
            length_cm=length))

    for each in (0.25, 0.30, 0.40, 0.50, 0.60, 0.75, 1.00, 1.25):
        m = metal()
        pair = round(each * 2, 2)
        pieces.append(Piece(
            collection=collection, category="earrings",
            name=at.unique_name(f"Celeste Stud Earrings, {ct(pair)} ctw"), metal=m,
            stones=f"2 round brilliant diamonds, {ct(each)} ct each, {ct(pair)} ctw (matched pair, F-G color, VS clarity)",
            price_usd=design_price(rng, m, "earrings", 1.0, pair * 1.6),
            availability=at.stocked_availability(),
            description=(f"A matched pair of round brilliant diamonds of {ct(each)} ct each, "
                         f"in four-claw {metal_phrase(m)} settings with secure screw backs. "
                         "The pair is matched by the atelier for color and size."),
            total_carat_weight=pair,
        ))
    for ctw in (0.80, 1.20, 1.60, 2.10):
        m = metal()
        halo, centres = round(ctw * 0.3, 2), round(ctw * 0.7, 2)
        pieces.append(Piece(
            collection=collection, category="earrings",
            name=at.unique_name(f"Celeste Halo Drop Earrings, {ct(ctw)} ctw"), metal=m,
            stones=(f"2 round brilliant diamonds, {ct(centres)} ctw; "
                    f"{rng.randint(36, 52)} round brilliant halo diamonds, {ct(halo)} ctw"),
            price_usd=design_price(rng, m, "earrings", 1.3, ctw * 1.4),
            availability=at.stocked_availability(),
            description=(f"Two round brilliant diamonds, each framed by a halo, drop from "
                         f"{metal_phrase(m)} hooks. {ct(ctw)} carats in total."),
            total_carat_weight=ctw,
        ))
    return pieces


def build_riviera(at: Atelier) -> list[Piece]:
    rng, pieces = at.rng, []
    collection = "Riviera"

    def metal() -> str:
        return weighted_choice(rng, [(WHITE, 45), (PLATINUM, 40), (YELLOW, 15)])

    for ctw in (1.50, 2.00, 2.50, 3.00, 3.50, 4.00, 4.50, 5.00, 5.50, 6.00, 7.00, 8.00,
                9.00, 10.00, 12.00, 15.00):
        m = metal()
        count = int(ctw / rng.choice([0.05, 0.07, 0.10]))
        length = float(rng.choice([16.5, 17, 17.5, 18]))
        pieces.append(Piece(
            collection=collection, category="bracelet",
            name=at.unique_name(f"Riviera Tennis Bracelet, {ct(ctw)} ctw"), metal=m,
            stones=f"{count} round brilliant diamonds, {ct(ctw)} ctw (F-G color, VS clarity)",
            price_usd=design_price(rng, m, "bracelet", 1.6, ctw),
            availability=at.stocked_availability(),
            description=(f"A line of {count} round brilliant diamonds, {ct(ctw)} carats in total, "
                         f"each in its own four-claw {metal_phrase(m)} setting. "
                         f"{length:g} cm with a hidden box clasp and a double safety catch."),
            total_carat_weight=ctw, length_cm=length,
        ))
    for ctw in (1.00, 1.80, 2.60, 3.40):
        m = metal()
        pieces.append(Piece(
            collection=collection, category="bracelet",
            name=at.unique_name(f"Riviera Line Bangle, {ct(ctw)} ctw"), metal=m,
            stones=f"{rng.randint(22, 40)} round brilliant diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "bracelet", 2.2, ctw),
            availability=at.stocked_availability(),
            description=(f"A rigid oval {metal_phrase(m)} bangle set across the top with a "
                         f"single row of diamonds, {ct(ctw)} carats in total. Opens on a hinge."),
            total_carat_weight=ctw, length_cm=17.0,
        ))
    for ctw in (5.00, 7.50, 10.00, 12.50, 15.00, 18.00, 20.00, 25.00):
        m = metal()
        length = float(rng.choice([40, 42, 43]))
        count = int(ctw / rng.choice([0.10, 0.12, 0.15]))
        pieces.append(Piece(
            collection=collection, category="necklace",
            name=at.unique_name(f"Riviera Riviere Necklace, {ct(ctw)} ctw"), metal=m,
            stones=f"{count} round brilliant diamonds, graduated, {ct(ctw)} ctw (E-G color, VS clarity)",
            price_usd=design_price(rng, m, "necklace", 2.5, ctw),
            availability=at.stocked_availability(),
            description=(f"A riviere of {count} graduated round brilliant diamonds, "
                         f"{ct(ctw)} carats in total, in {metal_phrase(m)} collets. "
                         f"{length:g} cm; the house can shorten it by removing links."),
            total_carat_weight=ctw, length_cm=length,
        ))
    for _ in range(6):
        m = metal()
        line = melee(at, (40, 70), (2.0, 4.5), "round brilliant line diamonds")
        length = float(rng.choice([40, 42, 45]))

        def describe(d: DatasetDiamond, number: str, lab: str, m: str = m,
                     length: float = length) -> str:
            return (f"A riviere of round brilliant diamonds from which hangs a "
                    f"{diamond_sentence(d)}. {metal_phrase(m).capitalize()}, {length:g} cm. "
                    f"{report_sentence(lab, number)}")

        pieces.append(certified_piece(
            at, collection=collection, category="necklace", style="Riviere Drop Necklace",
            metal=m, bins=DROP_BINS, side_stones=[line], describe=describe, length_cm=length))
    for _ in range(8):
        m = metal()
        channel = melee(at, (10, 16), (0.30, 0.60), "round brilliant channel-set diamonds")

        def describe(d: DatasetDiamond, number: str, lab: str, m: str = m) -> str:
            return (f"A {diamond_sentence(d)} between two channel-set rows of diamonds on a "
                    f"{metal_phrase(m)} band. {report_sentence(lab, number)}")

        pieces.append(certified_piece(
            at, collection=collection, category="ring", style="Channel Solitaire Ring",
            metal=m, bins=MEDIUM_BINS, side_stones=[channel], describe=describe,
            sizing_policy="channel"))
    for ctw in (0.75, 1.00, 1.50, 2.00, 3.00, 4.00):
        m = metal()
        size, resizable, note = at.ring_sizing("eternity")
        pieces.append(Piece(
            collection=collection, category="ring",
            name=at.unique_name(f"Riviera Eternity Band, {ct(ctw)} ctw"), metal=m,
            stones=f"{rng.randint(18, 26)} round brilliant diamonds, {ct(ctw)} ctw (F-G color, VS clarity)",
            price_usd=design_price(rng, m, "ring", 1.4, ctw),
            availability=at.stocked_availability(),
            description=(f"Round brilliant diamonds all the way round a {metal_phrase(m)} band, "
                         f"{ct(ctw)} carats in total, in shared-claw settings."),
            total_carat_weight=ctw, size=size, resizable=resizable, resizing_note=note,
        ))
    for ctw in (0.40, 0.80, 1.20, 1.60, 2.40, 3.20):
        m = metal()
        style = "Line Drop Earrings"
        pieces.append(Piece(
            collection=collection, category="earrings",
            name=at.unique_name(f"Riviera {style}, {ct(ctw)} ctw"), metal=m,
            stones=f"{rng.randint(14, 30)} round brilliant diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "earrings", 1.3, ctw),
            availability=at.stocked_availability(),
            description=(f"A fine line of graduated diamonds falls from each {metal_phrase(m)} "
                         f"stud, {ct(ctw)} carats for the pair."),
            total_carat_weight=ctw,
        ))
    for diameter in (15, 20, 25, 30):
        m = metal()
        ctw = round(diameter * 0.06, 2)
        pieces.append(Piece(
            collection=collection, category="earrings",
            name=at.unique_name(f"Riviera Hoop Earrings, {diameter} mm"), metal=m,
            stones=f"{diameter * 2} round brilliant diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "earrings", 1.2, ctw),
            availability=at.stocked_availability(),
            description=(f"{diameter} mm {metal_phrase(m)} hoops set inside and out with round "
                         f"brilliant diamonds, {ct(ctw)} carats for the pair. Hinged post closure."),
            total_carat_weight=ctw,
        ))
    for ctw in (0.25, 0.45, 0.70):
        m = metal()
        pieces.append(Piece(
            collection=collection, category="pendant",
            name=at.unique_name(f"Riviera Line Pendant, {ct(ctw)} ctw"), metal=m,
            stones=f"{rng.randint(7, 12)} round brilliant diamonds, graduated, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "pendant", 1.2, ctw),
            availability=at.stocked_availability(),
            description=(f"A vertical line of graduated diamonds, {ct(ctw)} carats in total, "
                         f"on a 42 cm {metal_phrase(m)} chain."),
            total_carat_weight=ctw,
        ))
    return pieces


ORANGERIE_MOTIFS = [
    "Camellia", "Orange Blossom", "Mimosa", "Jasmine", "Magnolia", "Peony", "Gardenia",
    "Iris", "Wisteria", "Laurel", "Citrus Leaf", "Bergamot", "Neroli", "Tuberose",
    "Marigold", "Lily of the Valley", "Sweet Pea", "Anemone", "Clematis", "Honeysuckle",
]


def build_orangerie(at: Atelier) -> list[Piece]:
    rng, pieces = at.rng, []
    collection = "Orangerie"
    m = YELLOW

    def motifs(count: int) -> list[str]:
        return rng.sample(ORANGERIE_MOTIFS, count)

    for motif in motifs(16):
        petals = melee(at, (12, 24), (0.08, 0.24), "round brilliant petal diamonds")

        def describe(d: DatasetDiamond, number: str, lab: str, motif: str = motif) -> str:
            return (f"A {motif.lower()} in hand-chased 18k yellow gold opens around a "
                    f"{diamond_sentence(d)}; its petals are edged with small diamonds. "
                    f"{report_sentence(lab, number)}")

        pieces.append(certified_piece(
            at, collection=collection, category="ring", style=f"{motif} Ring", metal=m,
            bins=SMALL_BINS + [(0.90, 1.20, 10)], side_stones=[petals], describe=describe,
            sizing_policy="floral"))
    for motif in motifs(9):
        def describe(d: DatasetDiamond, number: str, lab: str, motif: str = motif) -> str:
            return (f"A {motif.lower()} flower in 18k yellow gold with a {diamond_sentence(d)} "
                    f"at its heart, on a 42 cm yellow gold chain. {report_sentence(lab, number)}")

        pieces.append(certified_piece(
            at, collection=collection, category="pendant", style=f"{motif} Diamond Pendant",
            metal=m, bins=SMALL_BINS, side_stones=[], describe=describe))
    for motif in motifs(6):
        ctw = round(rng.uniform(0.04, 0.12), 2)
        pieces.append(Piece(
            collection=collection, category="pendant",
            name=at.unique_name(f"Orangerie {motif} Pendant"), metal=m,
            stones=f"{rng.randint(3, 7)} round brilliant diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "pendant", 1.8, ctw),
            availability=at.stocked_availability(),
            description=(f"A small {motif.lower()} in satin-finished 18k yellow gold with a "
                         f"pistil of diamonds, {ct(ctw)} carats in total. Sold on a 42 cm chain."),
            total_carat_weight=ctw,
        ))
    for motif in motifs(8):
        ctw = round(rng.uniform(0.10, 0.80), 2)
        pieces.append(Piece(
            collection=collection, category="earrings",
            name=at.unique_name(f"Orangerie {motif} Earrings"), metal=m,
            stones=f"{rng.randint(6, 30)} round brilliant diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "earrings", 2.0, ctw),
            availability=at.stocked_availability(),
            description=(f"{motif} flowers in 18k yellow gold for the ear, their hearts set with "
                         f"diamonds ({ct(ctw)} carats for the pair). Clip backs with an optional post."),
            total_carat_weight=ctw,
        ))
    for motif in motifs(4):
        length = float(rng.choice([42, 45]))

        def describe(d: DatasetDiamond, number: str, lab: str, motif: str = motif,
                     length: float = length) -> str:
            return (f"Three {motif.lower()} flowers in 18k yellow gold on a {length:g} cm chain; "
                    f"the central flower holds a {diamond_sentence(d)}. {report_sentence(lab, number)}")

        pieces.append(certified_piece(
            at, collection=collection, category="necklace", style=f"{motif} Necklace",
            metal=m, bins=SMALL_BINS,
            side_stones=[melee(at, (10, 20), (0.10, 0.30), "round brilliant petal diamonds")],
            describe=describe, length_cm=length))
    for flowers in (9, 13, 17):
        ctw = round(flowers * rng.uniform(0.03, 0.06), 2)
        length = float(rng.choice([40, 42, 45]))
        pieces.append(Piece(
            collection=collection, category="necklace",
            name=at.unique_name(f"Orangerie Garland Necklace, {flowers} flowers"), metal=m,
            stones=f"{flowers * 5} round brilliant diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "necklace", 3.5 + flowers / 5, ctw),
            availability=at.stocked_availability(),
            description=(f"A garland of {flowers} orange blossoms in 18k yellow gold, each with a "
                         f"diamond heart; {length:g} cm."),
            total_carat_weight=ctw, length_cm=length,
        ))
    for motif in motifs(6):
        ctw = round(rng.uniform(0.15, 1.10), 2)
        length = float(rng.choice([16.5, 17, 18]))
        pieces.append(Piece(
            collection=collection, category="bracelet",
            name=at.unique_name(f"Orangerie {motif} Bracelet"), metal=m,
            stones=f"{rng.randint(10, 40)} round brilliant diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "bracelet", 2.4, ctw),
            availability=at.stocked_availability(),
            description=(f"Linked {motif.lower()} flowers in 18k yellow gold, some set with "
                         f"diamonds ({ct(ctw)} carats), {length:g} cm."),
            total_carat_weight=ctw, length_cm=length,
        ))
    return pieces


def build_sillage(at: Atelier) -> list[Piece]:
    rng, pieces = at.rng, []
    collection = "Sillage"

    def metal() -> str:
        return weighted_choice(rng, [(ROSE, 80), (WHITE, 20)])

    for _ in range(12):
        m = metal()
        pave = melee(at, (60, 90), (0.45, 0.85), "round brilliant pave diamonds")

        def describe(d: DatasetDiamond, number: str, lab: str, m: str = m) -> str:
            return (f"A {diamond_sentence(d)} rises from a band pave-set all the way round in "
                    f"{metal_phrase(m)}. {report_sentence(lab, number)}")

        pieces.append(certified_piece(
            at, collection=collection, category="ring", style="Pave Ring", metal=m,
            bins=MEDIUM_BINS, side_stones=[pave], describe=describe, sizing_policy="full_pave"))
    for _ in range(6):
        m = metal()

        def describe(d: DatasetDiamond, number: str, lab: str, m: str = m) -> str:
            return (f"A {diamond_sentence(d)} held at the crest of an asymmetric wave of "
                    f"polished {metal_phrase(m)}. {report_sentence(lab, number)}")

        pieces.append(certified_piece(
            at, collection=collection, category="ring", style="Wave Solitaire Ring", metal=m,
            bins=MEDIUM_BINS, side_stones=[], describe=describe, sizing_policy="solitaire"))
    for width in (1.5, 2.0, 2.5, 3.0, 4.0):
        m = metal()
        ctw = round(width * 0.22, 2)
        size, resizable, note = at.ring_sizing("full_pave")
        pieces.append(Piece(
            collection=collection, category="ring",
            name=at.unique_name(f"Sillage Pave Band, {width:.1f} mm"), metal=m,
            stones=f"{int(width * 24)} round brilliant pave diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "ring", 1.2, ctw),
            availability=at.stocked_availability(),
            description=(f"A {width:.1f} mm {metal_phrase(m)} band pave-set all the way round, "
                         f"{ct(ctw)} carats in total. Stacks with the Sillage Pave Ring."),
            total_carat_weight=ctw, size=size, resizable=resizable, resizing_note=note,
        ))
    for _ in range(8):
        m = metal()

        def describe(d: DatasetDiamond, number: str, lab: str, m: str = m) -> str:
            return (f"A {diamond_sentence(d)} swings below a pave-set {metal_phrase(m)} bail. "
                    f"Sold on a 42 cm chain. {report_sentence(lab, number)}")

        pieces.append(certified_piece(
            at, collection=collection, category="pendant", style="Drop Pendant", metal=m,
            bins=MEDIUM_BINS,
            side_stones=[melee(at, (8, 14), (0.05, 0.12), "round brilliant pave diamonds")],
            describe=describe))
    for length_mm in (15, 22, 30):
        m = metal()
        ctw = round(length_mm * 0.01, 2)
        pieces.append(Piece(
            collection=collection, category="pendant",
            name=at.unique_name(f"Sillage Pave Bar Pendant, {length_mm} mm"), metal=m,
            stones=f"{length_mm} round brilliant pave diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "pendant", 1.2, ctw),
            availability=at.stocked_availability(),
            description=(f"A {length_mm} mm bar of pave diamonds in {metal_phrase(m)}, worn "
                         f"horizontally on a 42 cm chain."),
            total_carat_weight=ctw,
        ))
    for _ in range(4):
        m = metal()

        def describe(d: DatasetDiamond, number: str, lab: str, m: str = m) -> str:
            return (f"A {metal_phrase(m)} lariat, 60 cm, finishing in a pave tassel and a "
                    f"{diamond_sentence(d)}. {report_sentence(lab, number)}")

        pieces.append(certified_piece(
            at, collection=collection, category="necklace", style="Pave Lariat Necklace",
            metal=m, bins=MEDIUM_BINS,
            side_stones=[melee(at, (30, 50), (0.25, 0.50), "round brilliant pave diamonds")],
            describe=describe, length_cm=60.0))
    for ctw in (0.90, 1.60, 2.40):
        m = metal()
        pieces.append(Piece(
            collection=collection, category="necklace",
            name=at.unique_name(f"Sillage Collar Necklace, {ct(ctw)} ctw"), metal=m,
            stones=f"{int(ctw * 110)} round brilliant pave diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "necklace", 3.0, ctw),
            availability=at.stocked_availability(),
            description=(f"A supple collar of articulated {metal_phrase(m)} links, pave-set at "
                         f"the front, {ct(ctw)} carats in total; 38 cm."),
            total_carat_weight=ctw, length_cm=38.0,
        ))
    for diameter in (12, 15, 18, 22, 26, 30):
        m = metal()
        ctw = round(diameter * 0.025, 2)
        pieces.append(Piece(
            collection=collection, category="earrings",
            name=at.unique_name(f"Sillage Pave Hoop Earrings, {diameter} mm"), metal=m,
            stones=f"{diameter * 3} round brilliant pave diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "earrings", 1.1, ctw),
            availability=at.stocked_availability(),
            description=(f"{diameter} mm hoops in {metal_phrase(m)}, pave-set on the front face, "
                         f"{ct(ctw)} carats for the pair."),
            total_carat_weight=ctw,
        ))
    for ctw in (0.20, 0.35, 0.50):
        m = metal()
        pieces.append(Piece(
            collection=collection, category="earrings",
            name=at.unique_name(f"Sillage Ear Climber Earrings, {ct(ctw)} ctw"), metal=m,
            stones=f"{int(ctw * 60)} round brilliant pave diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "earrings", 1.0, ctw),
            availability=at.stocked_availability(),
            description=(f"A line of pave diamonds climbs the ear from the lobe; "
                         f"{metal_phrase(m)}, {ct(ctw)} carats for the pair."),
            total_carat_weight=ctw,
        ))
    for ctw in (0.80, 1.40, 2.20, 3.00):
        m = metal()
        pieces.append(Piece(
            collection=collection, category="bracelet",
            name=at.unique_name(f"Sillage Pave Cuff Bracelet, {ct(ctw)} ctw"), metal=m,
            stones=f"{int(ctw * 100)} round brilliant pave diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "bracelet", 2.6, ctw),
            availability=at.stocked_availability(),
            description=(f"An open {metal_phrase(m)} cuff with pave-set terminals, "
                         f"{ct(ctw)} carats in total. Fits wrists of 15 to 17 cm."),
            total_carat_weight=ctw, length_cm=16.0,
        ))
    for ctw in (0.30, 0.60):
        m = metal()
        pieces.append(Piece(
            collection=collection, category="bracelet",
            name=at.unique_name(f"Sillage Wave Bracelet, {ct(ctw)} ctw"), metal=m,
            stones=f"{int(ctw * 50)} round brilliant diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "bracelet", 1.6, ctw),
            availability=at.stocked_availability(),
            description=(f"Polished {metal_phrase(m)} waves linked into a flexible bracelet, a "
                         f"diamond at each crest ({ct(ctw)} carats in total); 17 cm."),
            total_carat_weight=ctw, length_cm=17.0,
        ))
    return pieces


PEARLS = {
    "Akoya": {"sizes": [(6.5, 7.0), (7.0, 7.5), (7.5, 8.0), (8.0, 8.5), (8.5, 9.0)],
              "colors": ["white with rose overtone", "white with silver overtone"],
              "origin": "Japanese Akoya", "value": (90, 260)},
    "South Sea": {"sizes": [(10.0, 11.0), (11.0, 12.0), (12.0, 13.0), (13.0, 14.0), (14.0, 15.0)],
                  "colors": ["white", "silver-white", "golden", "deep golden"],
                  "origin": "Australian and Indonesian South Sea", "value": (600, 1600)},
    "Tahitian": {"sizes": [(9.0, 10.0), (10.0, 11.0), (11.0, 12.0), (12.0, 13.0), (13.0, 14.0)],
                 "colors": ["peacock", "aubergine", "silver-grey", "pistachio"],
                 "origin": "Tahitian", "value": (250, 700)},
}


def build_perle_de_lune(at: Atelier) -> list[Piece]:
    rng, pieces = at.rng, []
    collection = "Perle de Lune"

    def metal() -> str:
        return weighted_choice(rng, [(WHITE, 45), (YELLOW, 35), (ROSE, 20)])

    def mm(size: tuple[float, float]) -> str:
        return f"{size[0]:.1f}-{size[1]:.1f} mm"

    def pearl_piece(category: str, kind: str, label: str, count: int, size: tuple[float, float],
                    design_factor: float, stones_extra: tuple[int, float] | None,
                    describe: Callable[[str, str, str], str], length_cm: float | None = None,
                    sizing: bool = False, name_detail: str = "") -> Piece:
        m = metal()
        info = PEARLS[kind]
        color = rng.choice(info["colors"])
        value = count * rng.uniform(*info["value"]) * (size[0] / info["sizes"][0][0]) ** 2
        stones = f"{count} {kind} pearl{'s' if count > 1 else ''}, {mm(size)}, {color}, round"
        if count == 1:
            stones = f"Center: 1 {kind} pearl, {mm(size)}, {color}, round"
        ctw = None
        if stones_extra:
            ctw = stones_extra[1]
            stones += f"; {stones_extra[0]} round brilliant diamonds, {ct(ctw)} ctw"
        detail = name_detail or mm(size)
        piece = Piece(
            collection=collection, category=category,
            name=at.unique_name(f"Perle de Lune {label}, {detail}",
                                f"Perle de Lune {label}, {detail}, {m}"),
            metal=m, stones=stones,
            price_usd=design_price(rng, m, category, design_factor, ctw or 0.0, value),
            availability=at.stocked_availability(),
            description=describe(color, metal_phrase(m), mm(size)),
            center_stone="pearl", total_carat_weight=ctw, length_cm=length_cm,
        )
        if sizing:
            piece.size, piece.resizable, piece.resizing_note = at.ring_sizing("pearl")
        return piece

    strands = [("Akoya", 42), ("Akoya", 45), ("Akoya", 55), ("Akoya", 80), ("Akoya", 45),
               ("Akoya", 42), ("South Sea", 42), ("South Sea", 45), ("South Sea", 45),
               ("South Sea", 50), ("Tahitian", 42), ("Tahitian", 45), ("Tahitian", 50),
               ("Tahitian", 45)]
    for kind, length in strands:
        size = rng.choice(PEARLS[kind]["sizes"])
        count = int(length * 10 / ((size[0] + size[1]) / 2))
        pieces.append(pearl_piece(
            "necklace", kind, f"{kind} Strand Necklace", count, size, 0.8, None,
            lambda color, mp, sz, kind=kind, length=length, count=count: (
                f"A strand of {count} {PEARLS[kind]['origin']} pearls, {sz}, {color}, hand-knotted "
                f"on silk with a {mp} clasp. {length} cm."),
            length_cm=float(length), name_detail=f"{mm(size)}, {length} cm"))
    for kind, count in (("South Sea", 5), ("Tahitian", 4), ("Akoya", 3)):
        for _ in range(count):
            size = rng.choice(PEARLS[kind]["sizes"])
            accents = (rng.randint(6, 18), round(rng.uniform(0.05, 0.30), 2)) \
                if rng.random() < 0.6 else None
            pieces.append(pearl_piece(
                "pendant", kind, f"{kind} Drop Pendant", 1, size, 1.0, accents,
                lambda color, mp, sz, kind=kind, accents=accents: (
                    f"A {PEARLS[kind]['origin']} pearl, {sz}, {color}, hangs from a {mp} bail"
                    + (" set with diamonds" if accents else "") + ". Sold on a 42 cm chain.")))
    for kind, count in (("Akoya", 5), ("South Sea", 4), ("Tahitian", 3)):
        for _ in range(count):
            size = rng.choice(PEARLS[kind]["sizes"])
            accents = (rng.randint(2, 24), round(rng.uniform(0.04, 0.40), 2)) \
                if rng.random() < 0.5 else None
            style = "Stud Earrings" if kind == "Akoya" else "Drop Earrings"
            pieces.append(pearl_piece(
                "earrings", kind, f"{kind} {style}", 2, size, 0.9, accents,
                lambda color, mp, sz, kind=kind, accents=accents, style=style: (
                    f"A matched pair of {PEARLS[kind]['origin']} pearls, {sz}, {color}, "
                    f"{'on ' + mp + ' posts' if style == 'Stud Earrings' else 'below ' + mp + ' studs'}"
                    + (", with a touch of diamonds" if accents else "") + ".")))
    for kind, count in (("Akoya", 3), ("South Sea", 3), ("Tahitian", 2)):
        for _ in range(count):
            size = rng.choice(PEARLS[kind]["sizes"])
            accents = (rng.randint(10, 30), round(rng.uniform(0.10, 0.45), 2))
            pieces.append(pearl_piece(
                "ring", kind, f"{kind} Ring", 1, size, 1.1, accents,
                lambda color, mp, sz, kind=kind: (
                    f"A {PEARLS[kind]['origin']} pearl, {sz}, {color}, set on a {mp} band "
                    f"with pave shoulders."),
                sizing=True))
    for kind, length in (("Akoya", 17), ("Akoya", 18), ("Akoya", 19), ("Tahitian", 18),
                         ("Tahitian", 19)):
        size = rng.choice(PEARLS[kind]["sizes"][:3])
        count = int(length * 10 / ((size[0] + size[1]) / 2))
        pieces.append(pearl_piece(
            "bracelet", kind, f"{kind} Bracelet", count, size, 0.6, None,
            lambda color, mp, sz, kind=kind, length=length: (
                f"A single row of {PEARLS[kind]['origin']} pearls, {sz}, {color}, knotted on silk "
                f"with a {mp} clasp; {length} cm."),
            length_cm=float(length), name_detail=f"{mm(size)}, {length} cm"))
    return pieces


EMERALD_SHAPES = ["emerald-cut", "oval", "pear-shaped", "cushion-cut"]
EMERALD_HUES = ["vivid green", "deep green", "bluish green", "intense green"]


def build_verdure(at: Atelier) -> list[Piece]:
    rng, pieces = at.rng, []
    collection = "Verdure"

    def metal() -> str:
        return weighted_choice(rng, [(YELLOW, 55), (PLATINUM, 45)])

    def emerald(low: float, high: float) -> tuple[float, str, str, str, float]:
        carat = round(rng.uniform(low, high), 2)
        origin = rng.choice(["Colombian", "Colombian", "Zambian"])
        shape = rng.choice(EMERALD_SHAPES)
        hue = rng.choice(EMERALD_HUES)
        rate = rng.uniform(4000, 9000) * (1.25 if origin == "Colombian" else 1.0)
        return carat, origin, shape, hue, carat * rate

    def tsavorite(low: float, high: float) -> tuple[float, str, str, float]:
        carat = round(rng.uniform(low, high), 2)
        shape = rng.choice(["oval", "cushion-cut", "round"])
        hue = rng.choice(["vivid green", "bright green", "forest green"])
        return carat, shape, hue, carat * rng.uniform(900, 2200)

    oil = "Clarity-enhanced with minor traditional oil, as is customary for emeralds."

    def coloured_piece(category: str, style: str, stone: str, carat: float, stones: str,
                       m: str, value: float, factor: float, description: str,
                       ctw: float | None, length_cm: float | None = None,
                       sizing: str = "") -> Piece:
        piece = Piece(
            collection=collection, category=category,
            name=at.unique_name(f"Verdure {style}, {ct(carat)} ct",
                                f"Verdure {style}, {ct(carat)} ct, {m}"),
            metal=m, stones=stones,
            price_usd=design_price(rng, m, category, factor, ctw or 0.0, value),
            availability=at.stocked_availability(), description=description,
            center_stone=stone, center_carat=carat, total_carat_weight=ctw, length_cm=length_cm,
        )
        if sizing:
            piece.size, piece.resizable, piece.resizing_note = at.ring_sizing(sizing)
        return piece

    for _ in range(8):
        m = metal()
        carat, origin, shape, hue, value = emerald(0.90, 4.50)
        side = round(rng.uniform(0.20, 0.60), 2)
        pieces.append(coloured_piece(
            "ring", "Emerald Ring", "emerald", carat,
            f"Center: 1 {shape} {origin} emerald, {ct(carat)} ct, {hue}; 2 tapered baguette diamonds, {ct(side)} ctw",
            m, value, 1.2,
            f"A {ct(carat)} ct {shape} {origin} emerald of {hue} between two tapered baguette "
            f"diamonds, in {metal_phrase(m)}. {oil}",
            side, sizing="emerald"))
    for _ in range(8):
        m = metal()
        sides = round(rng.uniform(0.40, 1.10), 2)
        hue = rng.choice(EMERALD_HUES)
        cost = round_to(sides * SIDE_EMERALD_RATE, 10)

        def describe(d: DatasetDiamond, number: str, lab: str, m: str = m, hue: str = hue) -> str:
            return (f"A {diamond_sentence(d)} between two pear-shaped Colombian emeralds of "
                    f"{hue}, in {metal_phrase(m)}. {report_sentence(lab, number)} {oil}")

        pieces.append(certified_piece(
            at, collection=collection, category="ring", style="Three-Stone Emerald Ring",
            metal=m, bins=MEDIUM_BINS, side_stones=[], describe=describe,
            sizing_policy="emerald", side_gem_cost=cost,
            extra_stones=f"2 pear-shaped Colombian emeralds, {ct(sides)} ctw, {hue}"))
    for _ in range(4):
        m = metal()
        carat, shape, hue, value = tsavorite(0.80, 3.20)
        side = round(rng.uniform(0.10, 0.35), 2)
        pieces.append(coloured_piece(
            "ring", "Tsavorite Ring", "tsavorite", carat,
            f"Center: 1 {shape} tsavorite garnet, {ct(carat)} ct, {hue}; {rng.randint(12, 24)} round brilliant diamonds, {ct(side)} ctw",
            m, value, 1.1,
            f"A {ct(carat)} ct {shape} Kenyan tsavorite garnet of {hue}, untreated, within a "
            f"diamond surround in {metal_phrase(m)}.",
            side, sizing="tsavorite"))
    for _ in range(6):
        m = metal()
        carat, origin, shape, hue, value = emerald(0.60, 3.00)
        side = round(rng.uniform(0.08, 0.30), 2)
        pieces.append(coloured_piece(
            "pendant", "Emerald Pendant", "emerald", carat,
            f"Center: 1 {shape} {origin} emerald, {ct(carat)} ct, {hue}; {rng.randint(10, 22)} round brilliant diamonds, {ct(side)} ctw",
            m, value, 1.1,
            f"A {ct(carat)} ct {shape} {origin} emerald of {hue} in a diamond frame, on a 42 cm "
            f"{metal_phrase(m)} chain. {oil}",
            side))
    for _ in range(3):
        m = metal()
        carat, shape, hue, value = tsavorite(0.60, 2.50)
        pieces.append(coloured_piece(
            "pendant", "Tsavorite Pendant", "tsavorite", carat,
            f"Center: 1 {shape} tsavorite garnet, {ct(carat)} ct, {hue}",
            m, value, 1.0,
            f"A {ct(carat)} ct {shape} tsavorite garnet of {hue}, untreated, held by four claws "
            f"on a 42 cm {metal_phrase(m)} chain.",
            None))
    for _ in range(6):
        m = metal()
        carat, origin, shape, hue, value = emerald(1.00, 4.00)
        side = round(rng.uniform(0.20, 0.70), 2)
        pieces.append(coloured_piece(
            "earrings", "Emerald Drop Earrings", "emerald", carat,
            f"2 pear-shaped {origin} emeralds, {ct(carat)} ctw, {hue}; {rng.randint(20, 40)} round brilliant diamonds, {ct(side)} ctw",
            m, value, 1.3,
            f"A pair of pear-shaped {origin} emeralds of {hue}, {ct(carat)} carats together, "
            f"drop from diamond studs in {metal_phrase(m)}. {oil}",
            side))
    for _ in range(3):
        m = metal()
        carat, shape, hue, value = tsavorite(1.00, 3.00)
        pieces.append(coloured_piece(
            "earrings", "Tsavorite Stud Earrings", "tsavorite", carat,
            f"2 {shape} tsavorite garnets, {ct(carat)} ctw, {hue}",
            m, value, 0.9,
            f"Two {shape} tsavorite garnets of {hue}, {ct(carat)} carats together, in "
            f"{metal_phrase(m)} claw settings.",
            None))
    for _ in range(4):
        m = metal()
        carat, origin, shape, hue, value = emerald(3.00, 9.00)
        side = round(rng.uniform(1.00, 3.50), 2)
        length = float(rng.choice([40, 42, 45]))
        pieces.append(coloured_piece(
            "necklace", "Emerald Necklace", "emerald", carat,
            f"{rng.randint(5, 11)} {shape} {origin} emeralds, {ct(carat)} ctw, {hue}; {rng.randint(60, 140)} round brilliant diamonds, {ct(side)} ctw",
            m, value, 2.5,
            f"{origin} emeralds of {hue}, {ct(carat)} carats in total, alternate with diamond "
            f"links in {metal_phrase(m)}; {length:g} cm. {oil}",
            side, length_cm=length))
    for _ in range(2):
        m = metal()
        carat, shape, hue, value = tsavorite(2.00, 6.00)
        length = float(rng.choice([42, 45]))
        pieces.append(coloured_piece(
            "necklace", "Leaf Necklace", "tsavorite", carat,
            f"{rng.randint(40, 90)} round tsavorite garnets, {ct(carat)} ctw, {hue}",
            m, value, 2.8,
            f"A garland of {metal_phrase(m)} leaves pave-set with tsavorite garnets, "
            f"{ct(carat)} carats in total; {length:g} cm.",
            None, length_cm=length))
    for _ in range(4):
        m = metal()
        carat, origin, shape, hue, value = emerald(2.00, 7.00)
        side = round(rng.uniform(0.50, 2.00), 2)
        length = float(rng.choice([16.5, 17, 18]))
        pieces.append(coloured_piece(
            "bracelet", "Emerald Line Bracelet", "emerald", carat,
            f"{rng.randint(12, 24)} oval {origin} emeralds, {ct(carat)} ctw, {hue}; {rng.randint(12, 24)} round brilliant diamonds, {ct(side)} ctw",
            m, value, 1.6,
            f"Oval {origin} emeralds of {hue} alternate with round brilliant diamonds in a "
            f"{metal_phrase(m)} line, {length:g} cm. {oil}",
            side, length_cm=length))
    for _ in range(2):
        m = metal()
        carat, shape, hue, value = tsavorite(2.00, 5.00)
        length = float(rng.choice([17, 18]))
        pieces.append(coloured_piece(
            "bracelet", "Tsavorite Line Bracelet", "tsavorite", carat,
            f"{rng.randint(20, 32)} round tsavorite garnets, {ct(carat)} ctw, {hue}",
            m, value, 1.5,
            f"A line of round tsavorite garnets, {ct(carat)} carats in total, in "
            f"{metal_phrase(m)}; {length:g} cm.",
            None, length_cm=length))
    return pieces


def build_atelier_heritage(at: Atelier) -> list[Piece]:
    rng, pieces = at.rng, []
    collection = "Atelier Heritage"

    def metal() -> str:
        return weighted_choice(rng, [(PLATINUM, 85), (WHITE, 15)])

    def archive(year: int) -> str:
        return rng.choice([
            f"Re-edited from a {year} drawing in the house archive at Place Vendome.",
            f"The design follows a {year} commission recorded in the house ledgers.",
            f"Made to the {year} archive model, with hand-applied milgrain.",
        ])

    def deco_describe(year: int, what: str) -> Callable[[DatasetDiamond, str, str], str]:
        def describe(d: DatasetDiamond, number: str, lab: str) -> str:
            return (f"A {diamond_sentence(d)} {what}. {archive(year)} "
                    f"{report_sentence(lab, number)}")
        return describe

    for _ in range(14):
        m = metal()
        baguettes = melee(at, (2, 6), (0.16, 0.50), "baguette-cut side diamonds")
        pieces.append(certified_piece(
            at, collection=collection, category="ring", style="1925 Deco Solitaire Ring",
            metal=m, bins=SOLITAIRE_BINS, side_stones=[baguettes],
            describe=deco_describe(1925, f"in a stepped {metal_phrase(m)} mount with baguette-cut diamonds on the shoulders"),
            sizing_policy="heritage"))
    for _ in range(8):
        m = metal()
        pieces.append(certified_piece(
            at, collection=collection, category="pendant", style="1926 Lavaliere Pendant",
            metal=m, bins=MEDIUM_BINS,
            side_stones=[melee(at, (14, 30), (0.10, 0.35), "round brilliant diamonds")],
            describe=deco_describe(1926, f"hangs below a diamond-set {metal_phrase(m)} bow on a 45 cm chain")))
    for _ in range(4):
        m = metal()
        pieces.append(certified_piece(
            at, collection=collection, category="necklace", style="1929 Sautoir Necklace",
            metal=m, bins=DROP_BINS,
            side_stones=[melee(at, (80, 140), (1.20, 3.00), "round brilliant diamonds")],
            describe=deco_describe(1929, f"ends a long {metal_phrase(m)} sautoir set with diamond stations, 80 cm"),
            length_cm=80.0))

    def coloured(stone: str, low: float, high: float) -> tuple[float, str, str, float]:
        carat = round(rng.uniform(low, high), 2)
        if stone == "sapphire":
            detail = rng.choice(["cornflower blue, Ceylon, unheated", "royal blue, Ceylon, heated",
                                 "velvety blue, Madagascar, heated", "cornflower blue, Ceylon, heated"])
            rate = rng.uniform(2500, 7000) * (1.6 if "unheated" in detail else 1.0)
        else:
            detail = rng.choice(["vivid red, Burmese, unheated", "vivid red, Mozambique, heated",
                                 "purplish red, Mozambique, heated", "vivid red, Burmese, heated"])
            rate = rng.uniform(5000, 12000) * (1.6 if "unheated" in detail else 1.0)
        shape = rng.choice(["cushion-cut", "oval", "emerald-cut"])
        return carat, shape, detail, carat * rate

    gem_styles = [
        ("ring", "1931 Sapphire Cluster Ring", "sapphire", 5, (1.0, 5.0), 1.4, "cocktail",
         "ringed by a cluster of round diamonds in {metal}"),
        ("ring", "1938 Ruby Cocktail Ring", "ruby", 4, (0.8, 3.0), 1.5, "cocktail",
         "on a scrolled {metal} cocktail mount set with diamonds"),
        ("pendant", "1933 Sapphire Pendant", "sapphire", 3, (1.0, 4.0), 1.2, "",
         "below a diamond-set {metal} bail, on a 45 cm chain"),
        ("pendant", "1936 Ruby Drop Pendant", "ruby", 2, (0.8, 2.5), 1.2, "",
         "framed in diamonds and {metal}, on a 45 cm chain"),
        ("necklace", "1934 Sapphire Collier Necklace", "sapphire", 3, (6.0, 14.0), 2.6, "",
         "graduated along a {metal} collier with diamond links, 42 cm"),
        ("earrings", "1932 Sapphire Drop Earrings", "sapphire", 3, (2.0, 5.0), 1.4, "",
         "drop from diamond-set {metal} tops"),
        ("earrings", "1937 Ruby Cluster Earrings", "ruby", 2, (1.0, 2.5), 1.4, "",
         "each ringed with diamonds in {metal}"),
        ("bracelet", "1930 Sapphire Line Bracelet", "sapphire", 3, (4.0, 10.0), 1.8, "",
         "alternate with round diamonds in a {metal} line, 17.5 cm"),
        ("bracelet", "1935 Ruby Line Bracelet", "ruby", 2, (3.0, 7.0), 1.8, "",
         "alternate with round diamonds in a {metal} line, 17.5 cm"),
    ]
    for category, style, stone, count, (low, high), factor, policy, setting in gem_styles:
        year = int(style.split()[0])
        for _ in range(count):
            m = metal()
            carat, shape, detail, value = coloured(stone, low, high)
            ctw = round(rng.uniform(0.30, 2.50), 2)
            stones_word = {"ruby": "rubies", "sapphire": "sapphires"}[stone]
            if category == "earrings":
                count_text, weight = "2", f"{ct(carat)} ctw"
                lead = f"Matched {shape} {stones_word}, {detail}, {ct(carat)} carats for the pair,"
            elif category in ("bracelet", "necklace"):
                count_text, weight = str(rng.randint(7, 21)), f"{ct(carat)} ctw"
                lead = f"{shape.capitalize()} {stones_word}, {detail}, {ct(carat)} carats in total,"
            else:
                count_text, weight = "Center: 1", f"{ct(carat)} ct"
                lead = f"A {ct(carat)} ct {shape} {stone}, {detail},"
            piece = Piece(
                collection=collection, category=category,
                name=at.unique_name(f"Atelier Heritage {style}, {weight}",
                                    f"Atelier Heritage {style}, {weight}, {m}"),
                metal=m,
                stones=(f"{count_text} {shape} {stone if count_text == 'Center: 1' else stones_word}, "
                        f"{weight}, {detail}; "
                        f"{rng.randint(16, 90)} round brilliant diamonds, {ct(ctw)} ctw"),
                price_usd=design_price(rng, m, category, factor, ctw, value),
                availability=at.stocked_availability(),
                description=f"{lead} {setting.format(metal=metal_phrase(m))}. {archive(year)}",
                center_stone=stone, center_carat=carat, total_carat_weight=ctw,
                length_cm={"bracelet": 17.5, "necklace": 42.0}.get(category),
            )
            if category == "ring":
                piece.size, piece.resizable, piece.resizing_note = at.ring_sizing(policy)
            pieces.append(piece)
    for ctw in (1.20, 2.40, 3.10, 4.00):
        m = metal()
        pieces.append(Piece(
            collection=collection, category="earrings",
            name=at.unique_name(f"Atelier Heritage 1924 Chandelier Earrings, {ct(ctw)} ctw"),
            metal=m,
            stones=f"{int(ctw * 40)} round and baguette-cut diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "earrings", 2.2, ctw),
            availability=at.stocked_availability(),
            description=(f"Tiered chandeliers of round and baguette-cut diamonds in "
                         f"{metal_phrase(m)}, {ct(ctw)} carats for the pair. {archive(1924)}"),
            total_carat_weight=ctw,
        ))
    for ctw in (3.50, 6.20):
        m = metal()
        pieces.append(Piece(
            collection=collection, category="bracelet",
            name=at.unique_name(f"Atelier Heritage 1927 Deco Panel Bracelet, {ct(ctw)} ctw"),
            metal=m,
            stones=f"{int(ctw * 55)} round and baguette-cut diamonds, {ct(ctw)} ctw",
            price_usd=design_price(rng, m, "bracelet", 3.0, ctw),
            availability=at.stocked_availability(),
            description=(f"Geometric {metal_phrase(m)} panels pave-set with round and "
                         f"baguette-cut diamonds, {ct(ctw)} carats in total; 18 cm. "
                         f"{archive(1927)}"),
            total_carat_weight=ctw, length_cm=18.0,
        ))
    return pieces


def assign_skus(rng: random.Random, pieces: list[Piece]) -> None:
    """AUR-<category code>-<collection digit><3 digits>; numbers rise within a collection."""
    for collection in COLLECTIONS:
        members = [p for p in pieces if p.collection == collection]
        order = list(range(len(members)))
        rng.shuffle(order)
        number = 10
        for index in order:
            members[index].sku = (f"AUR-{CATEGORY_CODE[members[index].category]}-"
                                  f"{COLLECTION_DIGIT[collection]}{number:03d}")
            number += rng.randint(1, 9)
        if number > 999:
            raise RuntimeError(f"{collection}: too many pieces for 3-digit SKU numbers")


# --------------------------------------------------------------------------------------------
# Loose diamonds
# --------------------------------------------------------------------------------------------

LOOSE_BINS = [(0.30, 0.49, 70), (0.50, 0.69, 95), (0.70, 0.89, 85), (0.90, 0.99, 60),
              (1.00, 1.49, 110), (1.50, 1.99, 65), (2.00, 2.99, 40), (3.00, 5.01, 5)]


def build_loose_diamonds(at: Atelier) -> list[LooseDiamond]:
    stones: list[LooseDiamond] = []
    draws: list[DatasetDiamond] = []
    for low, high, count in LOOSE_BINS:
        for _ in range(count):
            draws.append(at.pool.draw(at.rng, low, high, fit_for_loose_stock))
    at.rng.shuffle(draws)
    number = 10000
    for diamond in draws:
        number += at.rng.randint(1, 60)
        inscription = "house" if at.rng.random() < 0.25 else "lab"
        report, lab = at.grade(diamond, inscription)
        price = (diamond.price * LOOSE_MULTIPLIER_TENTHS + 50) // 100 * 10
        stones.append(LooseDiamond(
            stock_number=f"AUR-LD-{number:05d}", diamond=diamond, price_usd=price,
            certificate_number=report, certificate_lab=lab,
            availability=at.one_of_a_kind_availability(),
        ))
    return stones


# --------------------------------------------------------------------------------------------
# Planted imperfections (for the catalog audit; every record stays valid)
# --------------------------------------------------------------------------------------------


def plant_imperfections(rng: random.Random, ledger: Ledger) -> None:
    pieces = sorted(ledger.pieces, key=lambda p: p.sku)
    touched: set[str] = set()

    def pick(candidates: list[Piece], count: int) -> list[Piece]:
        pool = [p for p in candidates if p.sku not in touched]
        chosen = sorted(rng.sample(pool, count), key=lambda p: p.sku)
        touched.update(p.sku for p in chosen)
        return chosen

    yellow = [p for p in pieces if p.metal == YELLOW and p.collection == "Orangerie"]
    for piece, spelling in zip(pick(yellow, 3), ["18K yellow gold", "18ct Yellow Gold",
                                                "Yellow Gold 18k"]):
        ledger.imperfections.append(f"metal spelling: {piece.sku} metal={spelling!r}")
        piece.metal = spelling

    certified = [p for p in pieces if p.certificate_number]
    for piece in pick(certified, 2):
        ledger.missing_reports.append(piece.certificate_number)
        ledger.imperfections.append(
            f"missing certificate JSON: {piece.sku} certificate_number={piece.certificate_number}")

    for piece in pick([p for p in certified if p.collection == "Celeste" and p.category == "ring"], 1):
        report = ledger.reports[piece.certificate_number]
        catalog = str(report["clarity"])
        wrong = CLARITY_ORDER[CLARITY_ORDER.index(catalog) + 1]  # one grade lower
        report["clarity"] = wrong
        ledger.imperfections.append(
            f"clarity mismatch: {piece.sku} catalog center_clarity={catalog}, "
            f"certificate {piece.certificate_number} clarity={wrong}")

    for piece in pick([p for p in pieces if not p.certificate_number], 4):
        ledger.imperfections.append(f"empty description: {piece.sku}")
        piece.description = ""

    simple_pendants = [p for p in pieces if p.collection == "Orangerie"
                       and p.category == "pendant" and not p.certificate_number]
    for piece in pick(simple_pendants, 1):
        peers = [p.price_usd for p in simple_pendants if p is not piece]
        before = piece.price_usd
        piece.price_usd = before * 10
        ledger.imperfections.append(
            f"price outlier: {piece.sku} price_usd={piece.price_usd} (was {before}; "
            f"peer simple Orangerie pendants {min(peers)}-{max(peers)})")


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def optional_float(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def piece_row(p: Piece) -> list[str]:
    d = p.diamond
    return [
        p.sku, p.name, p.collection, p.category, p.metal,
        METAL_PURITY.get(p.metal, "750"), p.stones, p.center_stone,
        optional_float(p.center_carat), d.cut if d else "", d.color if d else "",
        d.clarity if d else "", p.certificate_number, p.certificate_lab,
        optional_float(p.total_carat_weight), p.size, p.resizable, p.resizing_note,
        optional_float(p.length_cm, 1), str(p.price_usd), p.availability,
        tidy_article(p.description),
    ]


def loose_row(s: LooseDiamond) -> list[str]:
    d = s.diamond
    return [
        s.stock_number, "Round", f"{d.carat:.2f}", d.cut, d.color, d.clarity,
        f"{d.depth:.1f}", f"{d.table:.1f}", f"{d.x:.2f}", f"{d.y:.2f}", f"{d.z:.2f}",
        str(s.price_usd), s.certificate_number, s.certificate_lab, s.availability,
    ]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_certificates(directory: Path, reports: dict[str, dict[str, object]],
                       missing: list[str]) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    for stale in sorted(directory.glob("*.json")):
        if re.fullmatch(r"\d{10}\.json", stale.name):
            stale.unlink()
    written = 0
    for number in sorted(reports):
        if number in missing:
            continue
        text = json.dumps(reports[number], indent=2, ensure_ascii=False) + "\n"
        with (directory / f"{number}.json").open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written += 1
    return written


def provenance_rows(ledger: Ledger) -> list[list[str]]:
    rows = []
    for p in ledger.pieces:
        if p.diamond:
            rows.append([p.certificate_number, p.sku, str(p.diamond.row), str(p.diamond.price),
                         p.retail_formula])
    for s in ledger.loose:
        rows.append([s.certificate_number, s.stock_number, str(s.diamond.row),
                     str(s.diamond.price), f"{s.diamond.price} x 2.6, nearest 10"])
    return sorted(rows)


def corpus_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> None:
    rng = random.Random(SEED)
    at = Atelier(rng, DiamondPool(load_dataset(DATASET_PATH)))
    ledger = Ledger()
    for build in (build_celeste, build_riviera, build_orangerie, build_sillage,
                  build_perle_de_lune, build_verdure, build_atelier_heritage):
        ledger.pieces.extend(build(at))
    assign_skus(rng, ledger.pieces)
    ledger.pieces.sort(key=lambda p: p.sku[-4:])
    ledger.loose = build_loose_diamonds(at)
    ledger.reports = at.reports
    plant_imperfections(rng, ledger)

    write_csv(CATALOG_DIR / "pieces.csv", PIECE_HEADER, [piece_row(p) for p in ledger.pieces])
    write_csv(CATALOG_DIR / "loose_diamonds.csv", LOOSE_HEADER,
              [loose_row(s) for s in ledger.loose])
    written = write_certificates(CERTIFICATE_DIR, ledger.reports, ledger.missing_reports)
    write_csv(PROVENANCE_DIR / "diamond_sources.csv", PROVENANCE_HEADER, provenance_rows(ledger))

    certified_pieces = sum(1 for p in ledger.pieces if p.certificate_number)
    print(f"pieces: {len(ledger.pieces)} ({certified_pieces} with a certified centre diamond)")
    print(f"loose diamonds: {len(ledger.loose)}")
    print(f"certificates written: {written} (reports issued: {len(ledger.reports)})")
    print("planted imperfections:")
    for line in ledger.imperfections:
        print(f"  - {line}")
    print(f"corpus sha256: {corpus_digest(SAMPLE_DIR)}")


if __name__ == "__main__":
    main()
