"""Find client PII in a text and replace each value with a stable placeholder from the conversation's
vault, leaving house identifiers (SKUs, report and stock numbers, prices, carats) untouched.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from guardrails.redaction.allow_list import AllowList, AllowListFilter
from guardrails.redaction.any_case_names import AnyCaseNames
from guardrails.redaction.house_vocabulary import HouseVocabulary
from guardrails.redaction.name_gazetteer import NameGazetteer, name_gazetteer
from guardrails.redaction.name_patterns import CUED_PERSON, coordinated_names, trim_person
from guardrails.redaction.recognizers import CUE_BOUND, CUE_BOUND_CUES
from guardrails.redaction.spans import Span, resolve_overlaps
from guardrails.redaction.vault import Vault

logger = logging.getLogger(__name__)

DEFAULT_ENTITIES: tuple[str, ...] = (
    "PERSON",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_SSN",
    "LOCATION",  # whole postal addresses (recognizers.StreetAddressRecognizer, WholeAddressRecognizer)
    "DATE_OF_BIRTH",
    "PASSPORT",
    "ID_NUMBER",
)

# When findings of different types overlap, the earlier type keeps the overlap: checksum- or
# syntax-validated types first, spaCy's PERSON (the noisiest) last.
PRECEDENCE: tuple[str, ...] = (
    "CREDIT_CARD", "IBAN_CODE", "EMAIL_ADDRESS", "US_SSN", "PASSPORT", "ID_NUMBER", "DATE_OF_BIRTH", "PHONE_NUMBER",
    "LOCATION", "PERSON",
)

_RECOGNIZER_NAME = "recognizer_name"  # presidio's RecognizerResult.RECOGNIZER_NAME_KEY


class BatchNlp(Protocol):
    def process_batch(self, texts: list[str], language: str, batch_size: int) -> Iterable[tuple[str, Any]]: ...


class Analyzer(Protocol):
    """The part of presidio's AnalyzerEngine the redactor uses (a fake one serves in unit tests)."""

    nlp_engine: BatchNlp

    def analyze(
        self, text: str, language: str, entities: list[str], score_threshold: float, nlp_artifacts: Any = None
    ) -> list[Any]: ...

    def get_supported_entities(self, language: str) -> list[str]: ...


@dataclass(frozen=True)
class Redacted:
    """The redacted text, what was found (offsets into the original text), and the vault to restore it."""

    text: str
    entities: tuple[Span, ...]
    vault: Vault


class PiiRedactor:
    """Detects and replaces PII. Heavy (it wraps a spaCy model): build one per process and share it."""

    def __init__(
        self,
        analyzer: Analyzer,
        allow_list: AllowList | None = None,
        entities: Sequence[str] = DEFAULT_ENTITIES,
        score_threshold: float = 0.35,
        language: str = "en",
        fast_path: bool = True,
        house_vocabulary: HouseVocabulary | None = None,
        gazetteer: NameGazetteer | None = None,
    ) -> None:
        """
        analyzer: a presidio AnalyzerEngine, usually from `build_analyzer()`.
        allow_list: house identifiers, contacts and vocabulary that are never redacted.
        entities: the PII types to detect; each must be supported by the analyzer.
        score_threshold: findings below this confidence are ignored. The default drops presidio's
            "very weak" SSN guesses (0.05) and keeps bare phone matches (0.4).
        fast_path: skip the analyzer for a text that, once house identifiers and terms are blanked
            out, has no digit, no "@" and no capitalised word other than "I" and the usual first word
            of a question ("What", "Can", ...): it cannot hold a name the model would find, a number
            or an address.
        house_vocabulary: the capitalised and lower-case words of the house documents; with it, a
            first-and-last-name shape they never write is redacted even without a cue (see
            house_vocabulary.py), and a PERSON finding made only of its words (a stone, a grade, part of
            a piece name) stands only when a cue marks it as a person.
        gazetteer: first names and surnames for names typed in any case (any_case_names.py);
            Faker's and gender-guesser's by default.
        """
        if not entities:
            raise ValueError(f"entities is empty: pass the PII types to detect, e.g. {list(DEFAULT_ENTITIES)}")
        if not 0.0 <= score_threshold <= 1.0:
            raise ValueError(f"score_threshold must be between 0 and 1 (got {score_threshold})")
        supported = set(analyzer.get_supported_entities(language))
        unknown = sorted(set(entities) - supported)
        if unknown:
            raise ValueError(
                f"the analyzer cannot detect {unknown}; choose among {sorted(supported)} "
                "or register a recognizer for them in build_analyzer()"
            )
        self._analyzer = analyzer
        self._filter = AllowListFilter(allow_list or AllowList())
        self._entities = list(entities)
        self._score_threshold = score_threshold
        self._language = language
        self._fast_path = fast_path
        self._vocabulary = house_vocabulary
        # Without the house's words a gazetteer would take "ruby ring" for a person: names in any case
        # need the vocabulary (the service always has it, from the index).
        self._names = (
            AnyCaseNames(gazetteer or name_gazetteer(), house_vocabulary)
            if house_vocabulary is not None and "PERSON" in entities
            else None
        )

    @property
    def entities(self) -> tuple[str, ...]:
        return tuple(self._entities)

    def find(self, text: str) -> list[Span]:
        """The PII spans in `text`, non-overlapping, sorted, with house text already excluded."""
        if self._fast_path and not may_hold_pii(text, self._filter):
            return self._spans(text, [])  # names typed in lower case still count
        return self._spans(text, self._analyze(text))

    def find_many(self, texts: Sequence[str], batch_size: int = 32) -> list[list[Span]]:
        """`find` for many texts; spaCy reads them in batches, about a quarter faster than one by one."""
        if batch_size <= 0:
            raise ValueError(f"batch_size must be positive (got {batch_size})")
        found: list[list[Span]] = [[] for _ in texts]
        todo = [i for i, text in enumerate(texts) if not self._fast_path or may_hold_pii(text, self._filter)]
        skipped = set(range(len(texts))) - set(todo)
        for i in skipped:
            found[i] = self._spans(texts[i], [])  # names typed in lower case still count
        batches = self._analyzer.nlp_engine.process_batch(
            [texts[i] for i in todo], self._language, batch_size=batch_size
        )
        for i, (_, artifacts) in zip(todo, batches, strict=True):
            found[i] = self._spans(texts[i], self._analyze(texts[i], artifacts))
        return found

    def redact(self, text: str, vault: Vault | None = None) -> Redacted:
        """Replace every PII value with its placeholder from `vault` (a new vault if none is given)."""
        vault = vault if vault is not None else Vault()
        return _replace(text, self.find(text), vault)

    def redact_many(self, texts: Sequence[str], vault: Vault | None = None) -> list[Redacted]:
        """`redact` for many texts sharing one vault (e.g. a whole conversation), in spaCy batches."""
        vault = vault if vault is not None else Vault()
        return [_replace(text, spans, vault) for text, spans in zip(texts, self.find_many(texts), strict=True)]

    def _analyze(self, text: str, nlp_artifacts: Any = None) -> list[Any]:
        return self._analyzer.analyze(
            text=text,
            language=self._language,
            entities=self._entities,
            score_threshold=self._score_threshold,
            nlp_artifacts=nlp_artifacts,
        )

    def _spans(self, text: str, results: list[Any]) -> list[Span]:
        spans: list[Span] = []
        cued: set[tuple[int, int]] = set()
        bound: set[tuple[int, int]] = set()
        for result in results:
            span = _tidy(text, Span(result.start, result.end, result.entity_type, round(float(result.score), 3)))
            if span is None:
                continue
            spans.append(span)
            recognizer = (result.recognition_metadata or {}).get(_RECOGNIZER_NAME)
            if recognizer == CUED_PERSON:
                cued.add((span.start, span.end))
            elif recognizer in CUE_BOUND:
                bound.add((span.start, span.end))
        # A grade ("SI2") or a report number is never a person, whatever spaCy reads; with the house's
        # vocabulary, a finding with no cue must also hold a word that is neither the house's nor common.
        spans = [s for s in spans if s.entity_type != "PERSON" or (s.start, s.end) in cued or not _holds_digit(text, s)]
        if self._names is not None:
            spans = [s for s in spans if s.entity_type != "PERSON" or (s.start, s.end) in cued or self._may_be_name(text, s)]
            for name in self._names.find(text):
                if not name.cued and _names_a_thing(text, Span(name.start, name.end, "PERSON", 0.6)):
                    continue  # "the Orangerie Magnolia Tiara"
                spans.append(Span(name.start, name.end, "PERSON", 0.7 if name.cued else 0.6))
                if name.cued:
                    cued.add((name.start, name.end))
        if "PERSON" in self._entities:
            if self._vocabulary is not None:
                shapes = (Span(start, end, "PERSON", 0.5) for start, end in self._vocabulary.unfamiliar_names(text))
                spans += [s for s in shapes if not _names_a_thing(text, s)]
            names = [(s.start, s.end) for s in spans if s.entity_type == "PERSON"]
            spans += [Span(start, end, "PERSON", 0.6) for start, end in coordinated_names(text, names)]
        resolved = resolve_overlaps(self._filter.keep(text, spans, frozenset(cued), frozenset(bound)), PRECEDENCE)
        # Tidy again: a span cut back by a higher-precedence one can be left with edge punctuation.
        return [tidy for span in resolved if (tidy := _tidy(text, span)) is not None]


    def _may_be_name(self, text: str, span: Span) -> bool:
        """A PERSON finding with no cue stands only if one of its words is no house or common word and
        none holds a digit: spaCy reads grades ("SI2"), stones and parts of piece names as people."""
        assert self._names is not None
        value = text[span.start : span.end]
        # spaCy guesses at lower-case words ("amber is not something we sell"); in lower case the
        # gazetteer and the cues decide (any_case_names.py).
        if any(ch.isdigit() for ch in value) or value == value.lower():
            return False
        words = [w.lower() for w in _NAME_WORD.findall(value)]
        # A capitalised gem's first name the house never writes ("Sterling from Fifth Avenue says") is spaCy's to judge.
        names = self._names
        return any(not names.is_common(w) or names.is_trade_first_name(w) for w in words) and not _names_a_thing(text, span)


_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# What a thing's name stands before or ends with, never a person's: "the Aurora collection", "Bulgari
# watches", "the Camellia Tiara". Not the nouns that are common surnames too ("gemma stone", "grace house").
THING_NOUNS = frozenset(
    "collection collections line lines range series edition brand maison watch watches tiara tiaras ring rings "
    "band bands necklace necklaces bracelet bracelets bangle bangles pendant pendants earrings earring studs hoops "
    "brooch brooches cufflinks choker sautoir parure jewelry jewellery".split()
)
# Words before a thing's name: "the Solstice collection", "pay in Bitcoin"; a person is rarely "in".
THING_OPENERS = frozenset("the a an our their this that these those in".split())
# What belongs to a house, not to a client: "Cartier's return policy", "Graff's prices".
BUSINESS_NOUNS = frozenset(
    "policy policies price prices pricing website site warranty warranties guarantee boutique boutiques store stores "
    "shop shops catalog catalogue stock brand".split()
)
_HOUSE_POSSESSION = re.compile(
    rf"\s+(?:[^\W\d_]+\s+)?(?:{'|'.join(sorted(BUSINESS_NOUNS))})\b", re.IGNORECASE
)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")
_WORD_AFTER = re.compile(r"^\s+([^\W\d_]+)")


def _names_a_thing(text: str, span: Span) -> bool:
    """A capitalised finding of spaCy's with no cue that reads as a product's or a brand's name: it ends
    with or stands before a thing's noun, or follows "the"/"in" (house words in between skipped:
    "the Orangerie Magnolia Tiara"). A possessive ("Cartier's", "Sophie's") is left to the rest."""
    value = text[span.start : span.end]
    if text[span.end : span.end + 2] in ("'s", "’s"):
        # "Cartier's return policy": another house's terms; "Sophie's order" stays a person.
        return _HOUSE_POSSESSION.match(text, span.end + 2) is not None
    last = _NAME_WORD.findall(value)[-1].lower() if _NAME_WORD.search(value) else ""
    after = _WORD_AFTER.match(text[span.end :])
    if last in THING_NOUNS or (after is not None and after.group(1).lower() in THING_NOUNS):
        return True
    before = text[: span.start]
    while (word := _WORD_BEFORE.search(before)) is not None and word.group(1)[:1].isupper() and word.group(1).lower() not in THING_OPENERS:
        before = before[: word.start()]  # "the Orangerie Magnolia Tiara": a capitalised word of the same title
    word = _WORD_BEFORE.search(before)
    return word is not None and word.group(1).lower() in THING_OPENERS


def _holds_digit(text: str, span: Span) -> bool:
    return any(ch.isdigit() for ch in text[span.start : span.end])


def _replace(text: str, spans: Sequence[Span], vault: Vault) -> Redacted:
    parts: list[str] = []
    cursor = 0
    for span in spans:
        parts.append(text[cursor : span.start])
        parts.append(vault.placeholder_for(span.entity_type, text[span.start : span.end]))
        cursor = span.end
    parts.append(text[cursor:])
    if spans:
        # Counts only: a log line must never carry a value.
        logger.debug("redacted %s", dict(Counter(s.entity_type for s in spans)))
    return Redacted("".join(parts), tuple(spans), vault)


def may_hold_pii(text: str, house: AllowListFilter | None = None) -> bool:
    """False when no recognizer could fire: names need a capitalised word, numbers and addresses a
    digit, emails an "@". With `house`, its identifiers and terms are blanked out first ("What is the
    price of AUR-RG-1181 at Fifth Avenue?" cannot hold PII), and a capitalised word counts only when
    it is not "I" or a question's usual first word. (spaCy could in theory tag a lower-case name;
    eval/pii measures no loss.)"""
    if house is None:
        return any(ch.isupper() or ch.isdigit() or ch == "@" for ch in text)
    if any(ch.isdigit() for ch in text) and CUE_BOUND_CUES.search(text):
        return True
    text = house.masked(text)
    if "@" in text or any(ch.isdigit() for ch in text) or _SPELLED_EMAIL.search(text):
        return True
    return any(not _is_plain_opener(text, m) for m in _CAPITALISED.finditer(text))


_CAPITALISED = re.compile(r"\w*[A-Z]\w*")
_SPELLED_EMAIL = re.compile(r"(?i)[\s(\[]at[\s)\]].*[\s(\[]dot[\s)\]]")
# First words of a question or instruction that are never a client's name. "May" and "Will" are
# left out on purpose: they are names too.
_OPENERS = frozenset(
    "What How Can Could Is Are Does Do Did Should Which When Where Who Whom Whose Why Would Has Have Had "
    "The A An My Our Her His Their Its This That These Those And Or But If In On At For After Before "
    "Please Tell Give Show List Find Draft Write Word Any Each Every Some Client Clients Customer Associates "
    "There Then So Also Yes No Not Thanks Thank Hello".split()
)


def _is_plain_opener(text: str, match: re.Match[str]) -> bool:
    word = match.group()
    if word == "I":
        return True
    before = text[: match.start()].rstrip(" \t\"'“‘(")
    return word in _OPENERS and (not before or before[-1] in ".?!:;\n")


def _tidy(text: str, span: Span) -> Span | None:
    """The span without surrounding spaces, separators and unbalanced brackets ("(+44 20 7946 0958"),
    and for a PERSON without a leading honorific or "the" ("Mlle Jun", "the Gemology Desk");
    None if nothing worth redacting is left ("Sra")."""
    start, end = span.start, span.end
    while start < end and _is_edge_noise(text, start, end, text[start]):
        start += 1
    while start < end and _is_edge_noise(text, start, end, text[end - 1]):
        end -= 1
    if span.entity_type == "PERSON" and start < end:
        name_start, name_end = trim_person(text[start:end])
        start, end = start + name_start, start + name_end
    if not any(ch.isalnum() for ch in text[start:end]):
        return None
    return Span(start, end, span.entity_type, span.score)


def _is_edge_noise(text: str, start: int, end: int, ch: str) -> bool:
    if ch.isspace() or ch in ",;:-–":
        return True
    for opening, closing in ("()", "<>", "[]"):
        if ch in (opening, closing) and text[start:end].count(opening) != text[start:end].count(closing):
            return True
    return False
