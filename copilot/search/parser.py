"""Read a search question into `Constraints`: each rule below finds one kind of constraint, with the catalog's
own words (`Vocabulary`), and blanks the words it used, so what no rule reads is the free text that ranks."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from symspellpy import SymSpell, Verbosity
from text_to_num import alpha2digit

from copilot.search.constraints import HERE, Constraints, Sort
from copilot.search.vocabulary import CLARITY_SCALE, COLOR_SCALE, CUT_SCALE, LAB_CUT_SCALE, Vocabulary

AROUND = 0.10  # "around 1 ct", "about $5,000": within 10 % either side
_AMOUNT = r"(?:usd|us\$|\$|€|eur)?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k\b|thousand\b|grand\b)?(?:\s*(?:usd|dollars|bucks)\b)?"
_MONEY_MARK = re.compile(r"\$|usd|dollars|bucks|€|eur|k\b|thousand|grand|budget|price|cost")
_CARAT_UNIT = r"\s*(?:ct|cts|ctw|carats?|karats?)\b\.?"
_UPPER = r"(?:under|below|less than|max(?:imum)?|up to|no more than|not more than|at most|cheaper than|within|budget(?: is| of)?|<)"
_LOWER = r"(?:over|above|more than|at least|min(?:imum)?|starting at|from|bigger than|larger than|>)"
_NEAR = r"(?:around|about|approximately|approx\.?|roughly|circa|~)"
_BETTER = r"(?:or better|or higher|or above|and above|and up|and better|\+|at least)"
_STOP = frozenset(
    "a an and any anything are as at be but by can client could do does for from get got has have her him his how i "
    "in is it its just looking look me my need needs of on one or our please show some someone something that the "
    "their them there these they this those to us want wants we what which who whom with would you your piece pieces "
    "jewelry jewellery jewel find search list options option available stock items item like lady gentleman mr mrs ms "
    "she he kind sort type style count many much between under over around about price priced budget cost ideally "
    "maybe preferably also else only all left right now currently today see centre center colour color clarity grade "
    "grades graded carat carats cut stone stones weight size boutique boutiques store shop showroom "
    # contractions typed without their apostrophe
    "whats thats wheres hows whos theres dont doesnt isnt arent cant wont didnt im ive youre theyre shes hes lets".split()
)
_SORTS: tuple[tuple[str, Sort], ...] = (
    (r"\b(?:cheapest|least expensive|lowest[- ]priced|lowest price|price low to high|by price)\b", "price_asc"),
    (r"\b(?:most expensive|priciest|highest[- ]priced|highest price|price high to low)\b", "price_desc"),
    (r"\b(?:biggest|largest|heaviest|most carats|by carat|by size)\b", "carat_desc"),
    (r"\b(?:smallest|lightest)\b", "carat_asc"),
)
_HERE = r"\b(?:here|in (?:this|our|the) (?:store|boutique|shop)|in store|in-store|on hand|on site)\b"
_IN_STOCK = r"\b(?:in stock|available|in the showroom|on display)\b"
_CLARITY_GROUPS = {"vvs": ("VVS1", "VVS2"), "vs": ("VS1", "VS2"), "si": ("SI1", "SI2"), "i": ("I1", "I3")}
_CLARITY_WORD = r"(?:fl|if|vvs1|vvs2|vvs|vs1|vs2|vs|si1|si2|si|i1|i2|i3)"
_COLOR_WORD = r"(?:colou?r|colou?r grade)"


@dataclass
class _Reading:
    text: str  # lower case, used words blanked
    original: str
    c: Constraints

    def take(self, match: re.Match[str], group: int = 0) -> None:
        start, end = match.span(group)
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]

    def set(self, **changes: object) -> None:
        self.c = replace(self.c, **changes)  # type: ignore[arg-type]


# Left as written: a number in digits with its word ("2 thousand", "5k"), which the amount rule reads whole,
# and an ordinal ("Fifth Avenue", "the fourth ring"), which is never an amount.
_KEEP_AS_WRITTEN = re.compile(r"\d[\d,.]*\s*(?:thousand|hundred|grand|k)\b|\b(?:first|second|third|[a-z]+th)\b", re.I)


def in_digits(text: str) -> str:
    """Numbers written in words as digits ("under two thousand" -> "under 2000", "fifteen hundred" ->
    "1500"), by text2num; "one" and "two" alone stay words ("one of our clients")."""
    kept: list[str] = []

    def shield(m: re.Match[str]) -> str:
        kept.append(m.group())
        return f" qq{len(kept) - 1}qq "

    converted = alpha2digit(_KEEP_AS_WRITTEN.sub(shield, text), "en")
    return re.sub(r" ?qq(\d+)qq ?", lambda m: kept[int(m.group(1))], converted)


def _amount(number: str, unit: str | None) -> float:
    value = float(number.replace(",", ""))
    return value * 1000 if unit else value


def _phrases(words: dict[str, object]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class SearchParser:
    """`parse(question)` -> Constraints. Rules run in the order of `self.rules`; each is a method named for the
    constraint it reads."""

    def __init__(self, vocabulary: Vocabulary, spelling: Callable[[str], str] | None = None) -> None:
        self.vocabulary = vocabulary
        self._spelling = spelling
        v = vocabulary
        self._category = re.compile(rf"\b({_phrases(v.categories)})\b") if v.categories else None
        self._style = re.compile(rf"\b({_phrases(v.styles)})\b") if v.styles else None
        self._collection = re.compile(rf"\b({_phrases(v.collections)})\b") if v.collections else None
        self._metal = re.compile(rf"\b({_phrases(v.metals)})\b") if v.metals else None
        self._stone = re.compile(rf"\b({_phrases(v.stones)})\b") if v.stones else None
        self._boutique = re.compile(rf"\b({_phrases(v.boutiques)})\b") if v.boutiques else None
        self._boutique_after_at = (
            re.compile(rf"\b(?:at|in|from)\s+(?:the\s+)?({_phrases(v.boutiques_after_at)})\b") if v.boutiques_after_at else None
        )
        self._lab = re.compile(rf"\b({_phrases(v.labs)})\b") if v.labs else None
        self._shape = re.compile(rf"\b({_phrases(v.shapes)})(?:[- ]cut|[- ]shaped?)?\b") if v.shapes else None
        self._fluorescence = (
            re.compile(rf"\b(no|none|{_phrases(v.fluorescence)})\s+(?:blue\s+)?fluo(?:rescence|ro|r)?\b|\bfluo(?:rescence|ro|r)?\s*[:=]?\s*({_phrases(v.fluorescence)})\b")
            if v.fluorescence
            else None
        )
        karats = "|".join(re.escape(k.rstrip("k")) for k in sorted(v.karats))
        self._karat = re.compile(rf"\b({karats})\s*(?:k|kt|ct|carat|karat)\b(?=\s*(?:[a-z]+\s+)?gold|\s|$|[,.?!])") if karats else None
        forms = [*v.categories, *v.styles, *v.collections, *v.metals, *v.stones, *v.boutiques, *v.labs, *v.fluorescence]
        self._single_words = sorted({w for f in forms for w in f.split() if len(w) >= 5})
        # Words the search reads itself are never "corrected" to a catalog word ("dollars" is one edit from "collars").
        self._known = frozenset(self._single_words) | {"flawless", "internally", "colour", "color", "clarity", "carat", "carats",
                                                       "dollars", "dollar", "bucks", "grand", "thousand", "hundred", "budget"}
        self._near = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word in self._single_words:
            self._near.create_dictionary_entry(word, 1)
        self.rules: tuple[Callable[[_Reading], None], ...] = (
            self.price, self.carat, self.karat, self.size, self.resizable, self.color, self.clarity, self.cut,
            self.sort, self.boutique, self.lab, self.fluorescence, self.kind, self.collection, self.metal, self.category,
            self.stone, self.shape, self.style, self.free_text,
        )

    def parse(self, question: str) -> Constraints:
        text = in_digits(question)
        text = self._spelling(text) if self._spelling else text
        text = self._near_catalog_words(text)
        reading = _Reading(text.lower().replace("’", "'"), text, Constraints())
        for rule in self.rules:
            rule(reading)
        return reading.c

    def _near_catalog_words(self, text: str) -> str:
        """A misspelt catalog word that is also English ("pendents") or that the speller left ("saphires"): one edit
        (two from eight letters) from a word of the vocabulary."""
        def fix(m: re.Match[str]) -> str:
            word = m.group().lower()
            if len(word) < 5 or word in self._known:
                return m.group()
            limit = 2 if len(word) >= 8 else 1
            near = self._near.lookup(word, Verbosity.CLOSEST, max_edit_distance=limit, transfer_casing=False)
            return near[0].term if near else m.group()

        return re.sub(r"[A-Za-z]+", fix, text)

    # -- numbers ------------------------------------------------------------------------------------
    def price(self, r: _Reading) -> None:
        """"under $5,000", "budget 3000", "between 10 and 20k", "over 50k", "around $8k", "$2,000-$4,000"."""
        between = re.search(rf"(?:between|from)?\s*{_AMOUNT}\s*(?:and|to|-|–)\s*{_AMOUNT}(?!{_CARAT_UNIT})", r.text)
        if between and (_MONEY_MARK.search(between.group()) or float(between.group(3).replace(",", "")) >= 100):
            low, high = _amount(between.group(1), between.group(2)), _amount(between.group(3), between.group(4))
            if between.group(4) and not between.group(2) and low < 1000 <= high:
                low *= 1000  # "between 10 and 20k"
            r.set(price_min=min(low, high), price_max=max(low, high))
            r.take(between)
            return
        for words, end in ((_UPPER, "max"), (_LOWER, "min"), (_NEAR, "near")):
            for m in re.finditer(rf"\b{words}\s*(?:of\s+)?(?:a\s+)?{_AMOUNT}(?!{_CARAT_UNIT}|\s*(?:mm|cm|%))", r.text):
                money = _MONEY_MARK.search(m.group()) or float(m.group(1).replace(",", "")) >= 100
                if not money:
                    continue
                value = _amount(m.group(1), m.group(2))
                if end == "near":
                    r.set(price_min=round(value * (1 - AROUND)), price_max=round(value * (1 + AROUND)))
                else:
                    r.set(**{f"price_{end}": value})
                r.take(m)
        trailing = re.search(rf"{_AMOUNT}\s*(?:max|maximum|budget|or less|tops)\b", r.text)
        if trailing and _MONEY_MARK.search(trailing.group()):
            r.set(price_max=_amount(trailing.group(1), trailing.group(2)))
            r.take(trailing)
        if r.c.price_min is None and r.c.price_max is None:
            bare = re.search(r"(?:\$|usd\s*)\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k\b)?|(\d{1,3}(?:,\d{3})+|\d+)\s*(k\b)?\s*(?:usd|dollars)\b", r.text)
            if bare:  # "a ring for $5,000": the client's budget
                number, unit = (bare.group(1), bare.group(2)) if bare.group(1) else (bare.group(3), bare.group(4))
                r.set(price_max=_amount(number, unit))
                r.take(bare)

    def carat(self, r: _Reading) -> None:
        """"around 1 ct", "over 2 carats", "1.5ct+", "between 1 and 1.5 carats", "a 1 carat diamond"."""
        number = r"(\d+(?:\.\d+)?|\.\d+)"
        between = re.search(rf"(?:between\s+)?{number}\s*(?:ct|carats?)?\s*(?:and|to|-|–)\s*{number}{_CARAT_UNIT}", r.text)
        if between:
            low, high = sorted((float(between.group(1)), float(between.group(2))))
            r.set(carat_min=low, carat_max=high)
            r.take(between)
            return
        m = re.search(rf"(?:\b({_UPPER[3:-1]}|{_LOWER[3:-1]}|{_NEAR[3:-1]})\s+(?:a\s+)?)?{number}{_CARAT_UNIT}(\s*\+|\s*(?:or|and) (?:more|above|bigger|larger|over|up)|\s*(?:or|and) (?:less|under|below|smaller))?", r.text)
        if not m:
            return
        word, value, suffix = (m.group(1) or ""), float(m.group(2)), (m.group(3) or "").strip()
        if re.fullmatch(_UPPER, word) or re.search(r"less|under|below|smaller", suffix):
            r.set(carat_max=value)
        elif re.fullmatch(_LOWER, word) or suffix:
            r.set(carat_min=value)
        else:  # "around 1 ct", and a weight said alone: "a 1 carat diamond"
            r.set(carat_min=round(value * (1 - AROUND), 2), carat_max=round(value * (1 + AROUND), 2))
        r.take(m)

    def karat(self, r: _Reading) -> None:
        if self._karat and (m := self._karat.search(r.text)):
            r.set(karat=f"{m.group(1)}k")
            r.take(m)

    def size(self, r: _Reading) -> None:
        """"size 52" (French, as the catalog writes it), "US size 6" / "size 6" (US, converted)."""
        m = re.search(r"\b(us\s+|uk\s+|french\s+|fr\s+)?(?:ring\s+)?size\s*(\d{1,2}(?:\.\d+)?)\b", r.text)
        if not m:
            return
        value = float(m.group(2))
        if value < 30:  # a US size: French = 36.5 + 2.55 x US (the catalog's own conversion)
            value = round(36.5 + 2.55 * value)
        r.set(size=value)
        r.take(m)

    def resizable(self, r: _Reading) -> None:
        no = re.search(r"\b(?:not resi[sz]e?able|non[- ]resi[sz]e?able|can(?:not|'t| not) be (?:re)?si[sz]ed)\b", r.text)
        yes = re.search(r"\b(?:resi[sz]e?able|can be (?:re)?si[sz]ed|(?:that|which) (?:we )?can (?:re)?size|si[sz]e?able)\b", r.text)
        if no or yes:
            r.set(resizable=not no)
            r.take(no or yes)  # type: ignore[arg-type]

    # -- grades -------------------------------------------------------------------------------------
    def clarity(self, r: _Reading) -> None:
        """"VS and above", "VS1 or better", "VVS", "SI1-VS2", "IF"; "if" in lower case is a word, not a grade."""
        r.text = re.sub(r"\binternally flawless\b", "if clarity         ", r.text)
        r.text = re.sub(r"\bflawless\b", "fl      ", r.text)
        found = [m for m in re.finditer(rf"\b({_CLARITY_WORD})\b", r.text) if m.group(1) not in ("if", "i1", "i2", "i3", "fl") or _grade_context(r, m)]
        if not found:
            return
        m = found[0]
        lo_best, lo_worst = _clarity_range(m.group(1))
        after = r.text[m.end():]
        rng = re.match(rf"\s*(?:-|–|to|through|or|/)\s*({_CLARITY_WORD})\b", after)
        better = re.match(rf"\s*(?:clarity\s*)?{_BETTER}", after) or re.search(r"(?:at least|minimum|min)\s*$", r.text[: m.start()])
        end = m.end()
        if rng:
            hi_best, hi_worst = _clarity_range(rng.group(1))
            ordered = sorted({lo_best, lo_worst, hi_best, hi_worst}, key=CLARITY_SCALE.index)
            r.set(clarity_best=ordered[0], clarity_worst=ordered[-1])
            end += rng.end()
        elif better:
            r.set(clarity_best=CLARITY_SCALE[0], clarity_worst=lo_worst)
            end += better.end() if better.re.pattern.startswith(r"\s") else 0
        else:
            r.set(clarity_best=lo_best, clarity_worst=lo_worst)
        r.text = r.text[: m.start()] + " " * (end - m.start()) + r.text[end:]

    def color(self, r: _Reading) -> None:
        """"G or better", "G+", "colour G", "D-F", "F to H colour", "colorless", "near colorless"."""
        letters = "[d-z]"
        pats = (
            (rf"\b({letters})\s*(?:{_COLOR_WORD}\s*)?{_BETTER}(?=\W|$)", "better"),
            (rf"\b(?:at least|minimum)\s+(?:an?\s+)?({letters})\b(?:\s*{_COLOR_WORD})?", "better"),
            (rf"\b({letters})\s*(?:-|–|to|through)\s*({letters})\b(?:\s*{_COLOR_WORD})?", "range"),
            (rf"\b{_COLOR_WORD}\s*[:=]?\s*({letters})\b(?:\s*(?:-|–|to|through)\s*({letters})\b)?", "range"),
            (rf"\b({letters})\s*{_COLOR_WORD}\b", "range"),
            (rf"\b({letters})\b(?=\s*[/,]?\s*(?:{_CLARITY_WORD}|flawless|internally flawless)\b)", "range"),  # "G VS1", "d/fl": colour then clarity
        )
        for pat, how in pats:
            m = re.search(pat, r.text)
            if not m:
                continue
            followed_by_clarity = re.match(rf"\s*[,/]?\s*(?:{_CLARITY_WORD}|flawless)\b", r.text[m.end():])
            if how == "range" and m.lastindex == 2 and not re.search(_COLOR_WORD, m.group()) and "-" not in m.group() and not followed_by_clarity:
                continue  # "x to y" alone is too common to be a colour range
            grades = [g.upper() for g in m.groups() if g]
            if how == "better":
                r.set(color_best=COLOR_SCALE[0], color_worst=grades[0])
            else:
                ordered = sorted(grades, key=COLOR_SCALE.index)
                r.set(color_best=ordered[0], color_worst=ordered[-1])
            r.take(m)
            return
        m = re.search(r"\b(near[- ])?colou?rless\b", r.text)
        if m:
            r.set(color_best="G" if m.group(1) else "D", color_worst="J" if m.group(1) else "F")
            r.take(m)

    def cut(self, r: _Reading) -> None:
        grades = "|".join(g.lower() for g in sorted(set(CUT_SCALE) | set(LAB_CUT_SCALE), key=len, reverse=True))
        m = re.search(rf"\b({grades})\s*cut\b(\s*{_BETTER})?|\bcut\s*[:=]?\s*({grades})\b(\s*{_BETTER})?", r.text)
        if m:
            grade = (m.group(1) or m.group(3)).title()
            r.set(cut_min=grade)
            r.take(m)

    def sort(self, r: _Reading) -> None:
        for pat, sort in _SORTS:
            if m := re.search(pat, r.text):
                r.set(sort=sort)
                r.take(m)
                return

    # -- places and labs ----------------------------------------------------------------------------
    def boutique(self, r: _Reading) -> None:
        """"in stock at Ginza", "at fifth avenue", "here" / "in store" (the asker's boutique), "in stock" (anywhere)."""
        m = self._boutique.search(r.text) if self._boutique else None
        cued = self._boutique_after_at.search(r.text) if self._boutique_after_at and not m else None
        if m:
            r.set(boutique=self.vocabulary.boutiques[m.group(1)])
            r.take(m)
        elif cued:
            r.set(boutique=self.vocabulary.boutiques_after_at[cued.group(1)])
            r.take(cued, 1)
        elif here := re.search(_HERE, r.text):
            r.set(boutique=HERE)
            r.take(here)
        if stock := re.search(_IN_STOCK, r.text):
            if not r.c.boutique:
                r.set(in_stock=True)
            r.take(stock)

    def lab(self, r: _Reading) -> None:
        if self._lab and (m := self._lab.search(r.text)):
            r.set(lab=self.vocabulary.labs[m.group(1)])
            r.take(m)

    def fluorescence(self, r: _Reading) -> None:
        if self._fluorescence and (m := self._fluorescence.search(r.text)):
            word = m.group(1) or m.group(2)
            grade = self.vocabulary.fluorescence.get(word) or self.vocabulary.fluorescence.get("none", "None")
            r.set(fluorescence=grade)
            r.take(m)

    # -- what kind of thing -------------------------------------------------------------------------
    def kind(self, r: _Reading) -> None:
        """Grading reports when asked for ("reports", "certs"); loose stones when "loose", or a diamond or stone
        is asked for with no piece words (a category, collection or metal)."""
        piece_words = [p for p in (self._category, self._collection, self._metal, self._style) if p and p.search(r.text)]
        report = re.search(r"\b(?:grading reports?|reports?|certificates?|certs?|graded)\b", r.text)
        loose = re.search(r"\bloose\b", r.text)
        if report and not piece_words and not loose:
            r.set(kind="report")
            r.take(report)
        elif loose or (not piece_words and re.search(r"\b(?:diamonds?|stones?|rocks?)\b", r.text) and not r.c.size):
            r.set(kind="loose_diamond")
            if loose:
                r.take(loose)
            for m in re.finditer(r"\b(?:diamonds?|stones?|rocks?)\b", r.text):
                r.take(m)

    def collection(self, r: _Reading) -> None:
        if self._collection:
            found = [self.vocabulary.collections[m.group(1)] for m in self._collection.finditer(r.text)]
            if found:
                r.set(collections=tuple(dict.fromkeys(found)))
                r.text = self._collection.sub(lambda m: " " * len(m.group()), r.text)

    def metal(self, r: _Reading) -> None:
        if self._metal:
            found = [f for m in self._metal.finditer(r.text) for f in self.vocabulary.metals[m.group(1)]]
            if found:
                r.set(metals=tuple(dict.fromkeys(found)))
                r.text = self._metal.sub(lambda m: " " * len(m.group()), r.text)

    def category(self, r: _Reading) -> None:
        if not self._category:
            return
        v = self.vocabulary
        found: list[str] = []
        styles: list[str] = []
        for m in self._category.finditer(r.text):
            cat = v.categories[m.group(1)]
            found.append(cat)
            style = v.styles.get(m.group(1))  # "studs": the house says earrings, and the names say Stud
            if style and v.style_category.get(style) == cat:
                styles.append(style)
        if found:
            r.set(categories=tuple(dict.fromkeys(found)), styles=tuple(dict.fromkeys(r.c.styles + tuple(styles))))
            r.text = self._category.sub(lambda m: " " * len(m.group()), r.text)
        if r.c.size is not None or r.c.resizable is not None:
            r.set(categories=r.c.categories or ("ring",) if "ring" in v.categories.values() else r.c.categories)

    def stone(self, r: _Reading) -> None:
        if self._stone:
            found = [self.vocabulary.stones[m.group(1)] for m in self._stone.finditer(r.text)]
            if r.c.kind != "piece":
                found = [s for s in found if s != "diamond"]  # a loose stone or a report is a diamond already
            if found:
                r.set(stones=tuple(dict.fromkeys(found)))
            r.text = self._stone.sub(lambda m: " " * len(m.group()), r.text)

    def shape(self, r: _Reading) -> None:
        if self._shape and r.c.kind != "piece" and (m := self._shape.search(r.text)):
            shape = self.vocabulary.shapes[m.group(1)]
            r.set(shape=shape)
            r.take(m)
            r.text = re.sub(r"\bbrilliant\b", lambda x: " " * len(x.group()), r.text)

    def style(self, r: _Reading) -> None:
        if r.c.kind != "piece" or not self._style:
            return
        v = self.vocabulary
        found = [v.styles[m.group(1)] for m in self._style.finditer(r.text)]
        if found:
            r.set(styles=tuple(dict.fromkeys(r.c.styles + tuple(found))))
            implied = {v.style_category[s] for s in found if s in v.style_category}
            if not r.c.categories and len(implied) == 1:
                r.set(categories=tuple(implied))
            r.text = self._style.sub(lambda m: " " * len(m.group()), r.text)

    def free_text(self, r: _Reading) -> None:
        words = [w for w in re.findall(r"[a-z][a-z'-]*", r.text) if w not in _STOP and len(w) > 2 and not w.endswith("'s")]
        r.set(text=" ".join(words))


def _grade_context(r: _Reading, m: re.Match[str]) -> bool:
    """"IF" written in capitals, or next to "clarity": a grade; "if" alone is the English word."""
    written = r.original[m.start(1): m.end(1)] if len(r.original) == len(r.text) else m.group(1)
    near = r.text[max(0, m.start() - 12): m.end() + 12] + r.original.lower()[max(0, m.start() - 12): m.end() + 20]
    return written.isupper() or "clarity" in near or "flawless" in near


def _clarity_range(word: str) -> tuple[str, str]:
    group = _CLARITY_GROUPS.get(word)
    return group if group else (word.upper(), word.upper())


def cut_rank(grade: str) -> tuple[int, int]:
    """(scale, rank): the dataset's scale (Ideal best) or the lab's (Excellent best)."""
    if grade in LAB_CUT_SCALE and grade not in CUT_SCALE:
        return (1, LAB_CUT_SCALE.index(grade))
    return (0, CUT_SCALE.index(grade)) if grade in CUT_SCALE else (0, -1)
