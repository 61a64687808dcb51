"""Client notes drafted offline from the house's own example notes in the ingested tone guide.

The request names the occasion (thanks after a purchase, a follow-up after a visit, a piece ready for
collection, a repair delay, an occasion reminder, a request declined); the guide's example note for it
gives the subject line, greeting and sign-off formulas and, where it is general enough, the body
itself; the slots are filled from the request (title and name as the associate wrote them) and the
records (piece name, collection); the facts asked about are written as sentences, never as record
lines, and their citations stay beside the note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from copilot.core.errors import InputError
from copilot.core.types import Citation, Passage, Statement
from guardrails.tone import ToneChecker, ToneFinding, ToneRule, ToneRules
from guardrails.tone.examples import ExampleNote, fill
from prompts import render

_PLACEHOLDER = r"<PERSON_\d+>"
_ASKS_PRICE = re.compile(r"\bprices?\b|\bcosts?\b|\bhow much\b|\bpriced\b", re.I)
_IN_WRITING = re.compile(r"\bin writing\b|\basked (?:me )?for (?:the )?prices?\b", re.I)
_CONSENT = re.compile(r"\bconsent|\bagreed\b|\basked (?:us|me) to remind|\bopted in\b|\bas (?:she|he|they) asked\b", re.I)
_EMAIL = re.compile(r"\be-?mail\b", re.I)
_CARD = re.compile(r"\bcard\b|\bhandwritten\b", re.I)
_LABEL = re.compile(r"^([A-Z][\w ]{1,30}):\s*(.+)$")
_MONEY = re.compile(r"\bUSD\s*([\d,]+)(?:\.\d+)?")
_DATE = re.compile(
    r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+\d{4})?\b", re.I,
)
_REPAIR_NUMBER = re.compile(r"\b(?:repair|receipt)(?:\s+(?:number|no\.?|receipt))?\s*#?\s*([A-Z0-9][A-Z0-9-]{3,})\b", re.I)
_OCCASION_WORD = re.compile(r"\b(wedding anniversary|anniversary|birthday|graduation|christmas|new year)\b", re.I)
_BRACKET_NAME = re.compile(r",\s*[\d.]+\s*(?:ct|ctw)\b.*$")  # "Celeste Three-Stone Ring, 2.22 ct" -> the name


@dataclass(frozen=True)
class Occasion:
    """One kind of client note: how a request names it, and where the guide speaks of it."""

    key: str
    asked_by: re.Pattern[str]  # words of the associate's request
    example: tuple[str, ...]  # words of the heading of the guide's example note written from
    rules: tuple[str, ...]  # words of the heading of the guide's section whose rules apply
    body: str  # "example": the example's own paragraphs, slots filled; else the prompt template that writes it
    first_contact: bool = False  # a first follow-up: the guide may forbid a price in it


# Checked in order: the first whose words the request holds is the occasion; the last is the default.
OCCASIONS: tuple[Occasion, ...] = (
    Occasion(
        "decline",
        re.compile(r"\bdeclin|\bcannot\b|\bcan'?t\b|\bnot possible\b|\bunable\b|\bturn(?:ing)? down\b|\brefus", re.I),
        ("apology", "delay"), ("bad news",), "note_decline",
    ),
    Occasion(
        "delay",
        re.compile(r"\bdelay|\blate\b|\blonger\b|\bpostpone|\bbehind\b|\bnot (?:yet )?ready\b", re.I),
        ("delay",), ("bad news",), "example",
    ),
    Occasion(
        "ready",
        re.compile(r"\bready\b|\bpick(?:ed)?[ -]?up\b|\bto collect\b|\bcollect (?:it|her|his|their)\b", re.I),
        ("ready",), (), "example",
    ),
    Occasion(
        "purchase",
        re.compile(r"\bpurchas|\bbought\b|\bacquisition\b|\bchose\b|\bchoosing\b", re.I),
        ("follow-up",), ("follow-up",), "note_purchase_thanks", first_contact=True,
    ),
    Occasion(
        "reminder",
        re.compile(r"\banniversar|\bbirthday|\breminder|\bremind\b|\boccasion\b", re.I),
        ("reminder",), ("reminder",), "note_reminder", first_contact=True,
    ),
    Occasion(
        "follow_up",
        re.compile(r".", re.S),
        ("follow-up",), ("follow-up",), "note_follow_up", first_contact=True,
    ),
)


def occasion_of(request: str) -> Occasion:
    return next(o for o in OCCASIONS if o.asked_by.search(request))


@dataclass(frozen=True)
class Draft:
    text: str
    findings: list[ToneFinding]
    occasion: str = ""  # the guide's name for it: "Piece ready for collection"
    written_from: str = ""  # the example note's heading in the guide
    channel: str = ""  # "email" or "handwritten card"
    subject: str = ""
    citations: list[Citation] = field(default_factory=list)


@dataclass(frozen=True)
class Piece:
    """The piece a note is about, read from its catalog record's labelled lines."""

    name: str
    collection: str
    category: str
    lines: dict[str, str]
    passage: Passage | None

    @classmethod
    def from_passage(cls, passage: Passage) -> Piece:
        first, *rest = passage.text.splitlines()
        lines = dict(m.groups() for m in map(_LABEL.match, rest) if m)
        name = passage.metadata.get("name") or first.split(" (SKU")[0]
        return cls(_BRACKET_NAME.sub("", name).strip(), passage.metadata.get("collection", ""),
                   passage.metadata.get("category", ""), lines, passage)


class ClientDraftWriter:
    def __init__(self, rules: ToneRules, associate_name: str, boutique: str, guide: Citation | None = None) -> None:
        if not associate_name.strip():
            raise ValueError("associate_name is needed to sign a client note")
        self._rules = rules
        self._checker = ToneChecker(rules)
        self._associate_name = associate_name
        self._boutique = boutique
        self._guide = guide  # the tone guide as a citation: document, title, source, version

    def write(self, request: str, statements: list[Statement], passages: list[Passage] | None = None) -> Draft:
        """`request` is already redacted: the client is addressed by their title and placeholder (e.g.
        "Mrs. <PERSON_1>"), which only the associate's own screen turns back into a name."""
        passages = passages or []
        occasion = occasion_of(request)
        example = self._rules.example(*occasion.example) or (self._rules.examples[0] if self._rules.examples else None)
        if example is None:
            raise InputError("the tone guide holds no example client notes: drafts are written from them")
        piece = _piece(passages)
        by_id = {p.chunk_id: p for p in passages}
        price_rule = self._price_rule(occasion)
        price_allowed = price_rule is None or (" unless " in price_rule and bool(_IN_WRITING.search(request)))
        facts, used, price_left_out = _facts(statements, piece, request, price_allowed, occasion, by_id)
        boutique_line = self._boutique_line()
        boutique = boutique_line.split(",", 1)[1].strip() if "," in boutique_line else self._boutique
        slots = {
            "Client name": _addressee(request, self._rules.titles),
            "Piece name": f"{piece.name}" if piece else "",
            "Collection": piece.collection if piece else "",
            "Associate name": self._associate_name,
            "Repair number": _first(_REPAIR_NUMBER, request),
            "Confirmed date": _first(_DATE, request),
            "Date": _first(_DATE, request),
            "Occasion": f"your {_first(_OCCASION_WORD, request).lower()}" if _OCCASION_WORD.search(request) else "",
        }
        paragraphs = self._body(occasion, example, slots, facts, piece, boutique)
        channel = "email" if _EMAIL.search(request) else "handwritten card" if _CARD.search(request) else example.channel
        subject = ""
        if "mail" in channel:
            subject = fill(self._swap_boutiques(example.subject, boutique), slots) if example.subject else _default_subject(occasion, piece)
        sign_off = self._sign_off(occasion, example, slots, boutique_line)
        text = render(
            "client_draft",
            subject=subject,
            greeting=fill(example.greeting, slots),
            paragraphs=paragraphs,
            sign_off_lines=sign_off,
        ).strip() + "\n"
        findings = self._checker.check(
            text, channel=channel, price_rule=None if price_allowed else price_rule, slots=True
        )
        if price_left_out and price_rule:
            findings.append(ToneFinding(
                ToneRule.PRICE_IN_FOLLOW_UP, price_left_out,
                f'The price was left out of this note: the tone guide says "{_rule_text(price_rule)}" '
                "Give it in person or by telephone, or in a later message if the client asks in writing.",
            ))
        if occasion.key == "reminder" and not _CONSENT.search(request):
            consent = next((line for line in self._rules.lines_about(*occasion.rules) if "consent" in line.lower()), "")
            findings.append(ToneFinding(
                ToneRule.CONSENT, "", f'Check the client record first: "{_rule_text(consent)}"' if consent
                else "Check that the client's consent to reminders is recorded.",
            ))
        return Draft(
            text=text,
            findings=findings,
            occasion=example.occasion if occasion.example and example.matches(*occasion.example) and occasion.body == "example"
            else self._occasion_name(occasion, example),
            written_from=example.heading,
            channel=channel,
            subject=subject,
            citations=self._citations(used, by_id, piece, example),
        )

    def _body(self, occasion: Occasion, example: ExampleNote, slots: dict[str, str], facts: list[str],
              piece: Piece | None, boutique: str) -> list[str]:
        if occasion.body == "example":
            paragraphs = [fill(self._swap_boutiques(p, boutique), slots) for p in example.paragraphs]
            if facts:
                paragraphs.insert(1, " ".join(facts))
            return paragraphs
        text = render(
            occasion.body,
            piece=piece.__dict__ if piece else None,
            facts=facts,
            boutique=boutique,
            occasion=slots["Occasion"] or "[Occasion]",
            date=slots["Date"] or "[Date]",
        )
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]

    def _sign_off(self, occasion: Occasion, example: ExampleNote, slots: dict[str, str], boutique_line: str) -> list[str]:
        lines = [line for line in example.sign_off if not line.startswith("Maison Aurelle")]
        if occasion.body != "example":  # only the formula and the associate: other slots belong to that example
            lines = [lines[0], "[Associate name]"] if lines else [self._rules.standard_sign_off, "[Associate name]"]
        return [fill(line, slots) for line in lines] + [boutique_line]

    def _swap_boutiques(self, text: str, boutique: str) -> str:
        """The example's boutique (the guide wrote it for Fifth Avenue) becomes the associate's own."""
        for line in self._rules.boutique_lines:
            name = line.split(",", 1)[1].strip() if "," in line else ""
            if name and name != boutique:
                text = re.sub(rf"\b{re.escape(name)}\b", boutique, text)
        return text

    def _price_rule(self, occasion: Occasion) -> str | None:
        """The guide's line forbidding a price in this kind of note, if any."""
        if not occasion.rules:
            return None
        lines = self._rules.lines_about(*occasion.rules)
        return next((ln for ln in lines if re.search(r"\bprices?\b", ln, re.I) and re.search(r"\bnever\b", ln, re.I)), None)

    def _occasion_name(self, occasion: Occasion, example: ExampleNote) -> str:
        """The guide's heading for the occasion's rules ("Follow-up notes after a visit"), else the example's."""
        for section in self._rules.sections:
            if occasion.rules and section.is_about(*occasion.rules) and len(section.path) >= 2:
                if not any("example" in part.lower() for part in section.path):
                    return section.path[1] if len(section.path) > 1 else section.path[0]
        return example.occasion

    def _citations(self, used: list[Statement], by_id: dict[str, Passage], piece: Piece | None,
                   example: ExampleNote) -> list[Citation]:
        citations: list[Citation] = []
        for st in used:
            p = by_id.get(st.chunk_id)
            if p is not None and st.quote not in {c.quote for c in citations}:
                citations.append(Citation(len(citations) + 1, p.doc_id, p.doc_type, p.title, p.source, p.section,
                                          st.quote, round(st.score, 4)))
        if piece and piece.passage and not any(c.doc_id == piece.passage.doc_id for c in citations):
            p = piece.passage
            citations.append(Citation(len(citations) + 1, p.doc_id, p.doc_type, p.title, p.source, p.section,
                                      p.text.splitlines()[0], round(p.score, 4)))
        if self._guide is not None:
            g = self._guide
            section = example.section.split(" > ", 1)[1] if " > " in example.section else example.section
            citations.append(Citation(len(citations) + 1, g.doc_id, g.doc_type, g.title, g.source, section,
                                      example.greeting, 1.0))
        return citations

    def _boutique_line(self) -> str:
        try:
            return self._rules.boutique_line(self._boutique)
        except InputError:  # a boutique the guide does not list still signs as the house
            return "Maison Aurelle"


def _piece(passages: list[Passage]) -> Piece | None:
    named = [p for p in passages if p.doc_type == "product" and (p.exact or p.via == "named")]
    return Piece.from_passage(named[0]) if named else None


def _addressee(request: str, titles: tuple[str, ...]) -> str:
    """Title and name as the associate wrote them: "Mrs. <PERSON_1>", "Ms. <PERSON_1> and Mr. <PERSON_2>"."""
    title = "|".join(re.escape(t.rstrip(".")) for t in titles) or "Mr|Mrs|Ms|Dr"
    # the guide's titles, with or without their full stop, or any short title written with one ("Mme.", "Prof.")
    one = rf"(?:(?:(?:{title})\.?|[A-Z][a-z]{{1,4}}\.)\s+)?{_PLACEHOLDER}"
    match = re.search(rf"{one}(?:\s+(?:and|&)\s+{one})?", request)
    if not match:
        return ""
    found = match.group()
    # "Mrs <PERSON_1>" (no full stop) is written as the guide writes titles: "Mrs. <PERSON_1>"
    return re.sub(rf"\b({title})\s+(?=<)", r"\1. ", found)


# Words of a request that say what to write, not what the client asked about.
_REQUEST_WORDS = re.compile(
    r"\b(?:draft|write|compose|prepare|send|note|notes|e-?mail|card|letter|message|reply|thank|thanks|follow|"
    r"visit|client|about|after|before|their|them|with|from|that|this|what|which|short|warm|handwritten|please)\b", re.I,
)
_WORD = re.compile(r"[a-z]{4,}")
_MAX_FACTS = 2  # a card holds 80 words: the facts asked about, not the whole record
_AMOUNT = re.compile(r"[$€£¥]\s?\d|\bUSD\s?\d")
# A manual's sentence about what the client or the associate does is an instruction to staff, not news
# for the client: "The client is notified by telephone or email as soon as ..."
_FOR_STAFF = re.compile(r"\b(?:the|a|every) clients?\b|\bassociates?\b|\bboutique managers?\b", re.I)


def _asked_stems(request: str, occasion: Occasion) -> set[str]:
    """What the associate asks the note to say ("about the clarity", "the resizing"): the request's
    words without the occasion's, the placeholders, identifiers and the words of asking to write."""
    text = occasion.asked_by.sub(" ", request) if occasion.key != "follow_up" else request
    text = _REQUEST_WORDS.sub(" ", re.sub(r"<[A-Z_]+_\d+>|\b[A-Z]{2,}-[A-Z]{2}-\d+\b", " ", text))
    return {w[:5] for w in _WORD.findall(text.lower())}


def _facts(statements: list[Statement], piece: Piece | None, request: str, price_allowed: bool,
           occasion: Occasion, by_id: dict[str, Passage]) -> tuple[list[str], list[Statement], str]:
    """The verified statements the associate asked the note to carry, each as a sentence for the client;
    the statements used; and what was left out because the guide forbids a price here. Rules the tone
    guide gives the associate are never written to a client."""
    sentences: list[str] = []
    used: list[Statement] = []
    left_out = ""
    asked = _asked_stems(request, occasion)
    asks_price = bool(_ASKS_PRICE.search(request))
    candidates = list(statements)
    if piece and asks_price and not any(st.quote.startswith("Price:") for st in candidates):
        price = piece.lines.get("Price")
        if price and piece.passage:
            candidates.append(Statement(f"Price: {price}", f"Price: {price}", piece.passage.chunk_id, piece.passage.score))
    for st in candidates:
        passage = by_id.get(st.chunk_id)
        if passage is not None and passage.doc_type == "tone_guide":
            continue
        is_price = st.quote.startswith("Price:")
        if is_price and not asks_price:
            continue
        sentence = weave(st.quote, piece)
        if not sentence:
            continue
        if not is_price and not ({w[:5] for w in _WORD.findall(st.quote.lower())} & asked):
            continue  # not what the note is about
        if not _LABEL.match(st.quote) and _FOR_STAFF.search(sentence):
            continue
        if (is_price or _AMOUNT.search(sentence)) and not price_allowed:
            left_out = left_out or sentence
            continue
        if len(sentences) >= _MAX_FACTS or any(_same_fact(sentence, kept) for kept in sentences):
            continue
        sentences.append(sentence)
        used.append(st)
    return sentences, used, left_out


def _same_fact(a: str, b: str) -> bool:
    """Two sentences saying one thing (the policy's resizing rule and the record's resizing line)."""
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.6


def weave(quote: str, piece: Piece | None = None) -> str | None:
    """A record line as a sentence a client reads ("Metal: 18k Yellow Gold (750)" -> "It is made in 18k
    yellow gold."); a manual's sentence as written; None for a line no client note carries (stock)."""
    match = _LABEL.match(quote)
    if not match:
        return quote if quote.rstrip().endswith((".", "!", "?")) else None
    label, value = match.group(1).strip().lower(), match.group(2).strip()
    weaver = _WEAVERS.get(label)
    return weaver(value) if weaver else None


def _metal(value: str) -> str:
    metal = re.sub(r"\s*\([^)]*\)", "", value)
    return f"It is crafted in {_lower_words(metal)}."


def _center(value: str) -> str:
    parts = [p.strip() for p in value.split(",")]
    stone = parts[0]
    carat = next((p.removesuffix(" ct") for p in parts if p.endswith(" ct")), "")
    grades = {k: v for k, _, v in (p.partition(" ") for p in parts[1:]) if k in {"cut", "color", "clarity"}}
    weight = f" of {float(carat):.2f} carats" if carat else ""
    graded = [f"{grades[k]} in {k}" for k in ("cut", "color", "clarity") if k in grades]
    sentence = f"Its center {stone}{weight}"
    if graded:
        listed = graded[0] if len(graded) == 1 else f"{', '.join(graded[:-1])} and {graded[-1]}"
        sentence += f" is graded {listed}"
    return sentence + "."


def _certificate(value: str) -> str:
    lab, _, number = value.partition(" report ")
    return f"The diamond is graded by the {lab.strip()}, report number {number.strip()}." if number else f"It is graded by the {value}."


def _resizing(value: str) -> str | None:
    sentences = [s.strip() for s in re.split(r"(?<=\.)\s+", value) if s.strip()]
    rest = [s for s in sentences[1:] if not s.lower().startswith("french size")]
    if rest:
        return " ".join(re.sub(r"^Can be", "It can be", s) for s in rest)
    return {"yes": "It can be resized.", "no": "It cannot be resized."}.get(sentences[0].rstrip(".").lower()) if sentences else None


def _price(value: str) -> str:
    return f"Its price is {_MONEY.sub(lambda m: '$' + m.group(1), value)}."


def _total(value: str) -> str:
    carat = value.removesuffix(" ct").strip()
    try:
        return f"Its diamonds weigh {float(carat):.2f} carats in total."
    except ValueError:
        return f"Its diamonds weigh {value} in total."


def _size(value: str) -> str:
    return f"It is a size {value}."


_WEAVERS = {
    "metal": _metal,
    "center stone": _center,
    "certificate": _certificate,
    "resizable": _resizing,
    "price": _price,
    "total carat weight": _total,
    "ring size": _size,
    "length": lambda value: f"It measures {value}.",
}


def _lower_words(text: str) -> str:
    return " ".join(w if w.isupper() or any(c.isdigit() for c in w) else w.lower() for w in text.split())


def _first(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return (match.group(1) if match and match.groups() else match.group()) if match else ""


def _rule_text(line: str) -> str:
    return re.sub(r"^\d+\.\s*", "", line.strip())


def _default_subject(occasion: Occasion, piece: Piece | None) -> str:
    about = f"your {piece.name}" if piece else "your visit"
    return {"purchase": f"Thank you for choosing {about.removeprefix('your ')}" if piece else "Thank you",
            "follow_up": "Thank you for your visit",
            "decline": f"About {about}"}.get(occasion.key, f"About {about}")
