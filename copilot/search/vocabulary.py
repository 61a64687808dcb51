"""The words a search is read with, built from the indexed catalog (categories, collections, metals, stones,
boutiques, labs, fluorescence, the style words of piece names) and the house's synonyms file, plus the
grading scales every lab uses. Rebuilt whenever the index's records change."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from copilot.ask.understanding import SynonymRule, english_words
from copilot.search.catalog import Catalog
from ingestion.records import CLARITIES, COLORS

# Lab grading scales, best first: the same for every house, so they are not read from the catalog.
COLOR_SCALE = COLORS
CLARITY_SCALE = CLARITIES
CUT_SCALE = ("Fair", "Good", "Very Good", "Premium", "Ideal")  # worst first; a lab's "Excellent" sits with Ideal
LAB_CUT_SCALE = ("Fair", "Good", "Very Good", "Excellent")
# Diamond shapes the trade names: a shape the catalog does not hold is still understood (and then matches none).
SHAPES = ("round", "oval", "princess", "cushion", "emerald", "pear", "marquise", "radiant", "asscher", "heart")
_NAME_WORD = re.compile(r"[a-z][a-z-]+")
_GENERIC = frozenset({"of", "the", "de", "la", "le", "and", "with", "line"})
# Words of a boutique's address that many addresses share: never a boutique on their own.
_STREET_WORDS = frozenset("place street avenue drive road square boulevard lane rue the de la".split())


def plurals(word: str) -> set[str]:
    """The forms a catalog word is written in: ring/rings, earrings/earring, ruby/rubies."""
    forms = {word}
    if word.endswith("s"):
        forms.add(word[:-1])
    elif word.endswith("y") and len(word) > 3:
        forms.add(word[:-1] + "ies")
    elif word.endswith(("ch", "sh", "x")):
        forms.add(word + "es")
    else:
        forms.add(word + "s")
    return forms


@dataclass(frozen=True)
class Vocabulary:
    categories: dict[str, str]  # written form -> category ("studs" -> earrings, "rings" -> ring)
    styles: dict[str, str]  # written form -> name word ("studs" -> stud, "bands" -> band)
    style_category: dict[str, str]  # name word found in one category only -> that category (band -> ring)
    collections: dict[str, str]  # written form -> collection
    metals: dict[str, tuple[str, ...]]  # written form -> metal families ("gold" -> all the golds)
    karats: frozenset[str]  # "18k"
    stones: dict[str, str]  # written form -> stone
    boutiques: dict[str, str]  # written form -> boutique
    labs: dict[str, str]  # written form -> lab
    fluorescence: dict[str, str]  # written form -> grade as the reports write it
    shapes: dict[str, str]
    # An English word of one boutique's name, not a street word ("rodeo", "bond", "fifth"): a boutique only
    # after "at", "in" or "from" ("in stock at rodeo"), since it is an ordinary word elsewhere.
    boutiques_after_at: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, catalog: Catalog, synonym_rules: Iterable[str] = ()) -> Vocabulary:
        english = english_words()
        pieces = catalog.pieces
        categories: dict[str, str] = {}
        for cat in sorted({r.category for r in pieces if r.category}):
            for form in plurals(cat):
                categories[form] = cat
        collections = {c.lower(): c for c in sorted({r.collection for r in pieces if r.collection})}
        for name in list(collections.values()):  # "perle" for Perle de Lune: a word no other collection or English has
            words = [w for w in name.lower().split() if len(w) >= 4 and w not in english]
            for w in words:
                if sum(w in other.lower().split() for other in collections.values()) == 1:
                    collections.setdefault(w, name)
        families = sorted({r.metal_family for r in pieces if r.metal_family})
        metals: dict[str, tuple[str, ...]] = {f: (f,) for f in families}
        for word in {w for f in families for w in f.split()}:  # "gold" -> every gold
            metals.setdefault(word, tuple(f for f in families if word in f.split()))
        karats = frozenset(r.karat for r in pieces if r.karat)
        stones: dict[str, str] = {}
        for stone in sorted({r.center_stone for r in (*pieces, *catalog.loose) if r.center_stone}):
            for form in plurals(stone):
                stones[form] = stone
        boutiques: dict[str, str] = {}
        boutiques_after_at: dict[str, str] = {}
        for b in catalog.boutiques:
            boutiques[b.lower()] = b
            for w in b.lower().split():  # "vendome", "ginza": a word of one boutique's name that English lacks
                if w in _STREET_WORDS or sum(w in o.lower().split() for o in catalog.boutiques) != 1:
                    continue
                if w not in english:
                    boutiques.setdefault(w, b)
                else:
                    boutiques_after_at.setdefault(w, b)
        labs: dict[str, str] = {}
        for lab in sorted({r.lab for r in (*pieces, *catalog.loose, *catalog.reports) if r.lab}):
            labs[lab.lower()] = lab
            labs["".join(w[0] for w in lab.split()).lower()] = lab  # MGL, LDI: the labs' inscription prefixes
            labs.setdefault(lab.split()[0].lower(), lab)
        fluorescence: dict[str, str] = {}
        for grade in sorted({r.fluorescence for r in (*catalog.reports, *catalog.loose) if r.fluorescence}):
            fluorescence[grade.lower()] = grade
            fluorescence.setdefault(grade.lower().split()[0], grade)  # "strong" for Strong Blue
        shapes = {form: s for s in SHAPES for form in plurals(s)}  # "any ovals over 2 carats"
        for r in (*catalog.loose, *catalog.reports):
            if r.shape:
                shapes[r.shape] = r.shape.split()[0]
        collection_words = {w for c in collections.values() for w in c.lower().split()}
        styles, style_category = _styles(catalog, set(categories) | collection_words | set(stones) | set(metals))
        for rule in synonym_rules:  # the house's words for a category: "studs => earrings", "chain => necklace"
            parsed = SynonymRule.parse(rule)
            target = next((categories[a] for a in parsed.adds if a in categories), None)
            if target:
                for phrase in parsed.phrases:
                    for form in plurals(phrase) if " " not in phrase else {phrase}:
                        categories.setdefault(form, target)
        return cls(categories, styles, style_category, collections, metals, karats, stones, boutiques, labs,
                   fluorescence, shapes, boutiques_after_at)


def _styles(catalog: Catalog, taken: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Words of the pieces' names that say what kind of piece it is (stud, tennis, solitaire, band): written in
    two names or more and no category, collection, stone or metal."""
    seen: Counter[str] = Counter()
    cats: dict[str, set[str]] = defaultdict(set)
    for r in catalog.pieces:
        for w in set(_NAME_WORD.findall(r.title.split(",")[0].lower())):
            seen[w] += 1
            cats[w].add(r.category)
    styles: dict[str, str] = {}
    only: dict[str, str] = {}
    for word, count in seen.items():
        if count < 2 or word in taken or word in _GENERIC or word.rstrip("s") in taken:
            continue
        for form in plurals(word):
            styles.setdefault(form, word)
        if len(cats[word]) == 1:
            only[word] = next(iter(cats[word]))
    return styles, only
