"""Whether a record meets each constraint: one predicate per constraint key, in one table, so the filter, the
"which constraint emptied the set" explanation and the eval read the same rules."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from copilot.search.catalog import Record
from copilot.search.constraints import Constraints
from copilot.search.parser import cut_rank
from copilot.search.vocabulary import CLARITY_SCALE, COLOR_SCALE, LAB_CUT_SCALE

US_HALF_SIZE = 1.3  # a US half size is 1.275 French sizes: a converted US size matches the nearest French one


def _in_scale(value: str, best: str | None, worst: str | None, scale: Sequence[str]) -> bool:
    if value not in scale:
        return False
    at = scale.index(value)
    return (best is None or at >= scale.index(best)) and (worst is None or at <= scale.index(worst))


def _word(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word)}(?:s|es)?\b", text) is not None


def _cut_ok(r: Record, wanted: str) -> bool:
    scale, rank = cut_rank(wanted)
    if scale == 1:  # a lab grade ("excellent cut"): the report's cut grade
        return r.lab_cut in LAB_CUT_SCALE and LAB_CUT_SCALE.index(r.lab_cut) >= rank
    if r.cut:
        return cut_rank(r.cut)[0] == 0 and cut_rank(r.cut)[1] >= rank
    return False


def _principal(r: Record) -> str:
    """The stone a piece is sold for: its centre stone; a piece without one is a diamond line, pave or pair."""
    return r.center_stone or ("diamond" if _word(r.stones, "diamond") else "")


def _stock_at(r: Record, boutique: str) -> bool:
    return r.stock.get(boutique, 0) > 0


Predicate = Callable[[Record, Constraints], bool]
# constraint key -> the test a record must pass while that constraint is set
PREDICATES: dict[str, Predicate] = {
    "categories": lambda r, c: r.category in c.categories,
    "styles": lambda r, c: all(_word(r.title.split(",")[0].lower(), s) for s in c.styles),
    "collections": lambda r, c: r.collection in c.collections,
    "metals": lambda r, c: r.metal_family in c.metals,
    "karat": lambda r, c: r.karat == c.karat,
    "stones": lambda r, c: _principal(r) in c.stones and all(s == _principal(r) or _word(r.stones, s) for s in c.stones),
    "shape": lambda r, c: r.shape.split(" ")[0] == c.shape,
    "color_best": lambda r, c: _in_scale(r.color, c.color_best, None, COLOR_SCALE),
    "color_worst": lambda r, c: _in_scale(r.color, None, c.color_worst, COLOR_SCALE),
    "clarity_best": lambda r, c: _in_scale(r.clarity, c.clarity_best, None, CLARITY_SCALE),
    "clarity_worst": lambda r, c: _in_scale(r.clarity, None, c.clarity_worst, CLARITY_SCALE),
    "cut_min": lambda r, c: _cut_ok(r, c.cut_min or ""),
    "carat_min": lambda r, c: r.carat is not None and r.carat >= (c.carat_min or 0) - 1e-9,
    "carat_max": lambda r, c: r.carat is not None and r.carat <= (c.carat_max or 0) + 1e-9,
    "size": lambda r, c: bool(r.size) and _is_number(r.size) and abs(float(r.size) - (c.size or 0)) < US_HALF_SIZE / 2,
    "resizable": lambda r, c: r.resizable in (("yes", "limited") if c.resizable else ("no",)),
    "lab": lambda r, c: r.lab == c.lab,
    "fluorescence": lambda r, c: r.fluorescence == c.fluorescence,
    "boutique": lambda r, c: _stock_at(r, c.boutique or ""),
    "in_stock": lambda r, c: r.in_stock > 0,
    "price_min": lambda r, c: r.price is not None and r.price >= (c.price_min or 0),
    "price_max": lambda r, c: r.price is not None and r.price <= (c.price_max or 0),
}


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def matches(records: Sequence[Record], c: Constraints, keys: Sequence[str] | None = None) -> list[Record]:
    tests = [PREDICATES[k] for k in (c.filters() if keys is None else keys)]
    return [r for r in records if all(t(r, c) for t in tests)]


def first_emptying(records: Sequence[Record], c: Constraints) -> tuple[str, list[Record]]:
    """The first constraint, in FILTER_ORDER, after which nothing is left, and what was left just before it."""
    left = list(records)
    for key in c.filters():
        narrowed = [r for r in left if PREDICATES[key](r, c)]
        if not narrowed:
            return key, left
        left = narrowed
    return "", left
