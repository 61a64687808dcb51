"""What a search asks for: constraints on catalog values, each with the short label shown back to the associate
("platinum · ring · under USD 5,000") and the key the tablet sends back without it when a chip is removed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Literal

from copilot.search.catalog import Kind

Sort = Literal["relevance", "price_asc", "price_desc", "carat_desc", "carat_asc"]
SORT_LABELS: dict[str, str] = {
    "price_asc": "cheapest first",
    "price_desc": "most expensive first",
    "carat_desc": "largest first",
    "carat_asc": "smallest first",
}
KIND_LABELS: dict[str, str] = {"piece": "pieces", "loose_diamond": "loose diamonds", "report": "grading reports"}
HERE = "here"  # stands for the asker's boutique until it is resolved


@dataclass(frozen=True)
class Constraints:
    """Every field None or empty means "any". Lists are alternatives (any of them), except `stones` and `styles`,
    which a record must all hold (a "sapphire and diamond" ring holds both)."""

    kind: Kind = "piece"
    categories: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()  # words of the piece's name: "stud", "tennis", "solitaire"
    collections: tuple[str, ...] = ()
    metals: tuple[str, ...] = ()  # metal families: "platinum", "white gold"
    karat: str | None = None  # "18k"
    stones: tuple[str, ...] = ()
    shape: str | None = None
    color_best: str | None = None  # range on the D-to-Z scale, best first: "G or better" = D..G
    color_worst: str | None = None
    clarity_best: str | None = None
    clarity_worst: str | None = None
    cut_min: str | None = None
    carat_min: float | None = None
    carat_max: float | None = None
    price_min: float | None = None
    price_max: float | None = None
    size: float | None = None  # French ring size
    resizable: bool | None = None
    boutique: str | None = None  # in stock at this boutique ("here" until resolved)
    in_stock: bool = False  # in stock at some boutique
    lab: str | None = None
    fluorescence: str | None = None
    sort: Sort = "relevance"
    text: str = ""  # what names no attribute: ranks, never filters

    def is_empty(self) -> bool:
        return not self.filters()

    def filters(self) -> list[str]:
        """The keys of the constraints set, in the order they narrow (the order "which one emptied it" is read in)."""
        return [k for k in FILTER_ORDER if _is_set(getattr(self, k))]

    def without(self, key: str) -> Constraints:
        if key in ("color", "clarity", "carat", "price"):
            return replace(self, **{f"{key}_{end}": None for end in _RANGE_ENDS[key]})
        default = next((f.default for f in fields(self) if f.name == key), None)
        return replace(self, **{key: default}) if any(f.name == key for f in fields(self)) else self

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


_RANGE_ENDS = {"color": ("best", "worst"), "clarity": ("best", "worst"), "carat": ("min", "max"), "price": ("min", "max")}
FILTER_ORDER = (
    "categories", "styles", "collections", "metals", "karat", "stones", "shape", "color_best", "color_worst",
    "clarity_best", "clarity_worst", "cut_min", "carat_min", "carat_max", "size", "resizable", "lab", "fluorescence",
    "boutique", "in_stock", "price_min", "price_max",
)


def _is_set(value: object) -> bool:
    return value not in (None, (), "", False)


def money(value: float) -> str:
    return f"USD {value:,.0f}"


def _carat(value: float) -> str:
    return f"{value:g} ct"


@dataclass(frozen=True)
class Chip:
    """One constraint as shown back: `key` is what the tablet removes ("price" drops both price ends)."""

    key: str
    label: str


def chips(c: Constraints) -> list[Chip]:
    """The constraints understood, in reading order: "platinum · ring · under USD 5,000"."""
    out: list[Chip] = []
    if c.kind != "piece":
        out.append(Chip("kind", KIND_LABELS[c.kind]))
    if c.karat or c.metals:
        metals = " or ".join(c.metals) if c.metals else "gold"
        out.append(Chip("metals" if c.metals else "karat", f"{c.karat} {metals}".strip() if c.karat else metals))
    if c.collections:
        out.append(Chip("collections", " or ".join(c.collections)))
    if c.stones:
        out.append(Chip("stones", " and ".join(c.stones)))
    if c.styles:
        out.append(Chip("styles", " ".join(c.styles)))
    if c.categories:
        out.append(Chip("categories", " or ".join(c.categories)))
    if c.shape:
        out.append(Chip("shape", c.shape))
    if c.carat_min is not None or c.carat_max is not None:
        out.append(Chip("carat", _range_label(c.carat_min, c.carat_max, _carat)))
    if c.color_best or c.color_worst:
        out.append(Chip("color", _grade_label("color", c.color_best, c.color_worst)))
    if c.clarity_best or c.clarity_worst:
        out.append(Chip("clarity", _grade_label("clarity", c.clarity_best, c.clarity_worst)))
    if c.cut_min:
        out.append(Chip("cut_min", f"cut {c.cut_min} or better"))
    if c.lab:
        out.append(Chip("lab", c.lab))
    if c.fluorescence:
        out.append(Chip("fluorescence", f"fluorescence {c.fluorescence}"))
    if c.size is not None:
        out.append(Chip("size", f"size {c.size:g}"))
    if c.resizable is not None:
        out.append(Chip("resizable", "resizable" if c.resizable else "not resizable"))
    if c.price_min is not None or c.price_max is not None:
        out.append(Chip("price", _range_label(c.price_min, c.price_max, money)))
    if c.boutique:
        out.append(Chip("boutique", f"in stock at {c.boutique}"))
    elif c.in_stock:
        out.append(Chip("in_stock", "in stock"))
    if c.text:
        out.append(Chip("text", f"“{c.text}”"))
    if c.sort != "relevance":
        out.append(Chip("sort", SORT_LABELS[c.sort]))
    return out


def _range_label(low: float | None, high: float | None, show: object) -> str:
    assert callable(show)
    if low is not None and high is not None:
        return show(low) if low == high else f"{show(low)} to {show(high)}"
    return f"under {show(high)}" if high is not None else f"over {show(low)}"


def _grade_label(what: str, best: str | None, worst: str | None) -> str:
    if best and worst:
        return f"{what} {best}" if best == worst else f"{what} {best} to {worst}"
    return f"{what} {worst} or better" if worst else f"{what} {best} or lower"


def summary(c: Constraints) -> str:
    return " · ".join(chip.label for chip in chips(c) if chip.key != "sort")
