"""Answer composers: turn retrieved passages into statements, each quoting one passage verbatim.

`ExtractiveComposer` is the default, offline one: it picks the labelled lines of records that the
question asks about (by field name) and the sentences of manuals closest to the question (by
precomputed sentence embeddings). An LLM-backed composer implements the same `Composer` protocol
and is held to the same verifier.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from typing import Protocol

import numpy as np

from copilot.ask.retriever import Retrieval
from copilot.ask.types import Passage
from ingestion.index_db import IndexDB
from ingestion.sentences import PROSE_DOC_TYPES


@dataclass(frozen=True)
class Statement:
    """One sentence of the answer, and the verbatim quote of the passage that supports it."""

    text: str
    quote: str
    chunk_id: str
    score: float


class Composer(Protocol):
    def compose(self, question: str, retrieval: Retrieval) -> list[Statement]: ...


# A label "Center stone~clarity" matches the "Center stone" line only if it states a clarity (a pearl's does not).
_FOUR_CS = (
    "Center stone~ct", "Carat weight", "Color grade", "Clarity grade", "Cut grade", "Carat", "Color", "Clarity", "Cut",
)
# Question words -> the labels of record lines that answer them, most specific first. Intents are
# tried in order and the words that matched are consumed, so "total carat weight" is not also "carat".
_FIELD_INTENTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"\b4 ?cs?\b", re.I), _FOUR_CS),
    (re.compile(r"\btotal (?:carat )?weight\b|\bctw\b|\btotal carats?\b", re.I), ("Total carat weight", "Carat weight", "Carat")),
    (re.compile(r"\bclarity\b|\binclusions?\b", re.I), ("Clarity grade", "Center stone~clarity", "Clarity")),
    (re.compile(r"\bcolou?rs?\b", re.I), ("Color grade", "Center stone~color", "Color", "Stones")),
    (re.compile(r"\bcarats?\b|\bct\b|\bweigh|\bhow (?:big|large|heavy)\b|\bheavy\b", re.I),
     ("Carat weight", "Center stone~ct", "Carat", "Total carat weight")),
    (re.compile(r"\bcut\b", re.I), ("Cut grade", "Center stone~cut", "Cut")),
    (re.compile(r"\bmetal\b|\bgold\b|\bplatinum\b|\bmade (?:of|in|from)\b|\bpurity\b|\bkarat\b", re.I), ("Metal",)),
    (re.compile(r"\bprice\b|\bcost\b|\bhow much\b|\bexpensive\b|\bpriced\b|\bUSD\b", re.I), ("Price",)),
    (re.compile(r"\bavailab|\bin stock\b|\bstock\b|\bboutiques?\b|\bstores?\b|\bwhere can\b|\bsee it\b|"
                r"fifth avenue|rodeo drive|place vendome|bond street|ginza", re.I), ("Availability",)),
    (re.compile(r"\bresiz|\bsized\b|\bring size\b|\bwhat size\b(?! and)|\bsize\b[^?]*\b(?:up|down|larger|smaller)\b", re.I),
     ("Resizable", "Ring size")),
    (re.compile(r"\blength\b|\bhow long is\b", re.I), ("Length",)),
    (re.compile(r"\blab\b|\blaboratory\b|\bwho graded\b|\bgraded by\b|\binstitute\b|\bcertified\b|\bwho issued\b|\bissued by\b", re.I),
     ("Certificate", "header:certificate")),
    (re.compile(r"\bwhen\b|\bdate\b|\bdated\b|\bissued\b", re.I), ("Report date",)),
    (re.compile(r"\bfluoresc", re.I), ("Fluorescence",)),
    (re.compile(r"\bpolish\b", re.I), ("Polish",)),
    (re.compile(r"\bsymmetry\b", re.I), ("Symmetry",)),
    (re.compile(r"\b(?:girdle )?inscri\w*", re.I), ("Inscription",)),
    (re.compile(r"\bgirdle\b", re.I), ("Girdle",)),
    (re.compile(r"\bmeasure|\bdimensions?\b|\bdiameter\b", re.I), ("Measurements",)),
    (re.compile(r"\bdepth\b", re.I), ("Depth",)),
    (re.compile(r"\btable\b", re.I), ("Table",)),
    (re.compile(r"\bcomments?\b|\bremarks?\b", re.I), ("Comments",)),
    (re.compile(r"\bshape\b", re.I), ("Shape",)),
    (re.compile(r"\bpearls?\b|\bemeralds?\b|\bsapphires?\b|\brub(?:y|ies)\b|\bgemstones?\b|\bset with\b|\bsize\b|\bmm\b|"
                r"\borigin\b|\bcome from\b|\bheated\b|\btreat", re.I), ("Stones", "Center stone")),
    (re.compile(r"\bcollection\b|\bwhat (?:kind|type) of\b|\bcategory\b", re.I), ("header",)),
    (re.compile(r"\bdescri|\btell me about\b|\bwhat is\b.*\blike\b", re.I), ("Description",)),
]
# Asked only when nothing more specific is: "which stones are set in it?"
_GENERIC_INTENTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"\bgrades?\b|\bgrading\b|\bspecs?\b|\bspecifications?\b", re.I), _FOUR_CS),
    (re.compile(r"\bstones?\b|\bgems?\b|\bdiamonds?\b", re.I), ("Stones", "Center stone")),
    (re.compile(r"\bcertificate\b|\breport\b|\bcert\b", re.I), ("Certificate", "header:certificate")),
]
# Words that only point at the stone ("the centre diamond of ...") say nothing of the field asked.
_POINTERS = re.compile(r"\bcent(?:er|re) (?:stone|diamond)\b|\bthe diamond\b|\bits diamond\b", re.I)
# "on the certificate": the report answers, not the catalog ("what clarity is on the certificate of AUR-RG-1181")
_ON_CERTIFICATE = re.compile(r"\bcertificate\b|\breport\b|\bcert\b", re.I)
# "report 8749712740", "SKU AUR-RG-1181": the words that only introduce an identifier say nothing of the field asked.
_IDENTIFIER_MENTION = re.compile(
    r"\b(?:(?:lab |grading )?(?:report|certificate|cert|sku|stock)(?: (?:no\.?|number|#))?\s*)?"
    r"(?:AUR-[A-Z]{2}-\d{4,5}|\d{10})\b",
    re.I,
)
# When the question names a record but asks nothing specific, show what identifies it.
_SUMMARY = ("header", "Center stone", "Metal", "Price", "Carat weight", "Color grade", "Clarity grade", "Cut grade")


@dataclass(frozen=True)
class SentenceFeatures:
    """What is known of one manual sentence as an answer to the question."""

    similarity: float  # cosine of the sentence's and the question's embeddings
    of_question: float  # IDF share of the question's words the sentence holds
    of_sentence: float  # IDF share of the sentence's words the question holds
    answer_type: float  # 1 if the sentence holds the kind of answer asked (duration, amount, rule...)
    passage_rank: float  # rank of its passage among the prose passages retrieved, 0 (first) to <1
    position: float  # place in its passage, 0 (first sentence) to <1
    log_length: float  # log(words + 1): long sentences share many words by chance


@dataclass(frozen=True)
class SentenceWeights:
    """The weight of each feature in a sentence's score (similarity weighs 1).

    From a pairwise logistic regression on the golden set's manual questions (which sentence holds the
    expected fact). `python -m eval.fit_sentence_weights` refits and prints, on the golden and the
    held-out set, how often the top sentence holds the fact with these weights and with a fresh fit:
    these were kept because they chose better on both (0.844 / 0.864 against 0.836 / 0.831)."""

    similarity: float = 1.0
    of_question: float = 1.01
    of_sentence: float = 0.44
    answer_type: float = 0.5
    passage_rank: float = -0.22
    position: float = 0.12
    log_length: float = -0.15

    def score(self, f: SentenceFeatures) -> float:
        return sum(getattr(self, name) * getattr(f, name) for name in FEATURE_NAMES)


FEATURE_NAMES = tuple(f.name for f in fields(SentenceFeatures))


class ExtractiveComposer:
    def __init__(
        self,
        index: IndexDB,
        min_similarity: float = 0.55,
        margin: float = 0.1,
        max_sentences: int = 2,
        prose_passages: int = 4,
        min_coverage: float = 0.0,
        weights: SentenceWeights | None = None,
        min_new_idf: float = 2.0,
    ) -> None:
        if not 0 <= min_similarity <= 2 or margin < 0 or max_sentences <= 0 or prose_passages <= 0:
            raise ValueError("need 0 <= min_similarity <= 2, margin >= 0, max_sentences > 0, prose_passages > 0")
        if not 0 <= min_coverage <= 1:
            raise ValueError("min_coverage is a share of the question's words: between 0 and 1")
        self._index = index
        self._idf = _idf(index.all_sentences() + index.texts_of_doc_type("product"))
        self._unknown_idf = max(self._idf.values(), default=1.0)
        self.min_coverage = min_coverage
        self.min_similarity = min_similarity
        self.margin = margin
        self.max_sentences = max_sentences
        self.prose_passages = prose_passages
        self.weights = weights or SentenceWeights()
        self.min_new_idf = min_new_idf

    def compose(self, question: str, retrieval: Retrieval) -> list[Statement]:
        records = [p for p in retrieval.passages if p.exact]
        if not records:
            return self._prose_statements(retrieval)
        # A question about a piece may also ask what the house rules say ("...and how often should the
        # strand be restrung?"): a clause that does not name the piece and asks no field of it, or asks
        # for a duration or a frequency, goes to the manuals.
        statements = self._record_statements(question, records)
        rules_part = " ".join(c for c in _clauses(question) if _about_rules(c))
        return statements + (self._prose_statements(retrieval, rules_part) if rules_part else [])

    # -- records: products, loose diamonds, certificates -----------------------------------------
    def _record_statements(self, question: str, records: list[Passage]) -> list[Statement]:
        """Each field asked about is answered by the first record that holds it: the report when the
        question is about the report, else the record named, else what it links to."""
        asked = _POINTERS.sub(" ", _IDENTIFIER_MENTION.sub(" ", question))
        for name in {p.metadata.get("name", "") for p in records} - {""}:
            asked = re.sub(re.escape(name), " ", asked, flags=re.I)
        groups = _groups(asked, _FIELD_INTENTS) or _groups(asked, _GENERIC_INTENTS) or [_SUMMARY]
        lab_asked = ("Certificate", "header:certificate") in groups
        wants_cert = bool(_ON_CERTIFICATE.search(asked)) and not lab_asked
        order = sorted(records, key=lambda p: (not (wants_cert and p.doc_type == "certificate"), p.via != "named"))
        chosen: dict[str, set[int]] = {}
        for group in groups:
            for passage in order:
                if lines := _line_indexes(passage, group):
                    chosen.setdefault(passage.chunk_id, set()).update(lines)
                    break
        if not chosen and order:
            chosen[order[0].chunk_id] = {0}
        out: list[Statement] = []
        for passage in order:
            lines = passage.text.splitlines()
            for i in sorted(chosen.get(passage.chunk_id, ())):
                text = lines[i] if i == 0 else f"{_reference(passage)}: {lines[i]}"
                out.append(Statement(text, lines[i], passage.chunk_id, 1.0))
        return out

    def unknown_names(self, text: str) -> list[str]:
        """Capitalised words in mid-sentence that no house document uses: a place, brand, collection or
        title ("Milan", "Tiffany", "Nocturne", "CEO") the manuals cannot be speaking about."""
        unknown = [w for w in _MID_SENTENCE_NAME.findall(text) if w[:5].lower() not in self._idf]
        # The house's collection names are allow-listed by the redactor, so "the <PERSON_1> collection"
        # is a collection the house does not have (the name looked like a person's to presidio).
        return unknown + _REDACTED_COLLECTION.findall(text)

    # -- manuals: policy, aftercare, tone guide --------------------------------------------------
    def _prose_statements(self, retrieval: Retrieval, focus: str | None = None) -> list[Statement]:
        """The sentences of the manuals that best answer `focus` (default: the whole question)."""
        asked = focus or retrieval.question
        terms = _stems(asked)
        weight = sum(self._idf.get(t, self._unknown_idf) for t in terms) or 1.0
        # Question words the house documents never use ("Bitcoin", "weather") mean the question is
        # about something they do not cover, however close its other words come.
        coverage = sum(self._idf[t] for t in terms if t in self._idf) / weight
        if coverage < self.min_coverage or self.unknown_names(asked):
            return []
        candidates = self.sentence_candidates(retrieval, asked)
        # Whether the manuals answer at all is a separate, calibrated decision: similarity plus a little
        # lexical and answer-type evidence must reach min_similarity for some sentence.
        evidence = max(
            (f.similarity + 0.3 * f.of_question + 0.08 * f.answer_type for _, _, f in candidates), default=0.0
        )
        if evidence < self.min_similarity:
            return []
        scored = sorted(((self.weights.score(f), text, p) for text, p, f in candidates), key=lambda s: -s[0])
        wanted = [pattern for asks, pattern in _ANSWER_TYPES if asks.search(asked)]
        picked = [scored[0]]
        for candidate in scored[1 : self.max_sentences + 2]:
            if len(picked) >= self.max_sentences or candidate[0] < scored[0][0] - self.margin:
                break
            # A further sentence must answer something the ones already picked do not: a second kind
            # of answer asked for, or question words they leave out. A near-copy only adds noise.
            if self._adds_to(asked, terms, wanted, picked, candidate[1]):
                picked.append(candidate)
        return [Statement(text, text, passage.chunk_id, score) for score, text, passage in picked]

    def sentence_candidates(
        self, retrieval: Retrieval, asked: str | None = None
    ) -> list[tuple[str, Passage, SentenceFeatures]]:
        """Every distinct sentence of the first retrieved manual passages, with its features as an
        answer to `asked` (default: the question). The words of the question found in a sentence,
        weighted by rarity, correct the small model's blind spots ("engrave" vs "restring", "less" vs
        "more"); the kind of answer asked ("how long" -> a duration) is looked for."""
        prose = [p for p in retrieval.passages if p.doc_type in PROSE_DOC_TYPES][: self.prose_passages]
        if not prose or retrieval.query_vector is None:
            return []
        query_vector = retrieval.query_vector
        asked = asked or retrieval.question
        stored = self._index.sentence_vectors([p.chunk_id for p in prose])
        terms = _stems(asked)
        weight = sum(self._idf.get(t, self._unknown_idf) for t in terms) or 1.0
        wanted = [pattern for asks, pattern in _ANSWER_TYPES if asks.search(asked)]
        out: dict[str, tuple[str, Passage, SentenceFeatures]] = {}
        for rank, passage in enumerate(prose):
            sentences = stored.get(passage.chunk_id, [])
            for position, (text, blob) in enumerate(sentences):
                if text in out:  # overlapping chunks repeat a sentence: its best-ranked copy counts
                    continue
                stems = _stems(text)
                shared = sum(self._idf.get(t, 0.0) for t in terms & stems)
                out[text] = (text, passage, SentenceFeatures(
                    similarity=float(np.frombuffer(blob, dtype=np.float32) @ query_vector),
                    of_question=shared / weight,
                    of_sentence=shared / (sum(self._idf.get(t, 0.0) for t in stems) or 1.0),
                    answer_type=1.0 if any(p.search(text) for p in wanted) else 0.0,
                    passage_rank=rank / len(prose),
                    position=position / len(sentences),
                    log_length=math.log(len(text.split()) + 1),
                ))
        return list(out.values())

    def _adds_to(
        self, asked: str, terms: set[str], wanted: list[re.Pattern[str]], picked: list[tuple[float, str, Passage]], text: str
    ) -> bool:
        have = " ".join(t for _, t, _ in picked)
        if any(p.search(text) and not p.search(have) for p in wanted):
            return True
        if len(_clauses_of_ask(asked)) < 2:
            return False
        new_terms = (terms & _stems(text)) - _stems(have)
        return sum(self._idf.get(t, 0.0) for t in new_terms) >= self.min_new_idf


_CLAUSE_BREAK = re.compile(
    r"[?;.]\s+|,?\s+(?:and|or|but)\s+(?=(?:what|how|can|could|is|are|does|do|should|may|which|when|where|who|will)\b)", re.I
)
_NAMES_RECORD = re.compile(r"\bAUR-[A-Z]{2}-\d{4,5}\b|\b\d{10}\b", re.I)


def _clauses(question: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_BREAK.split(question) if c and c.strip()]


# "How much ... and how long ...?", "Can X ..., and what ...?": a question asking two things.
_SECOND_ASK = re.compile(
    r"[?;]\s+\S|,?\s+(?:and|or)\s+(?:what|how|can|could|is|are|does|do|should|may|which|when|where|who|will)\b", re.I
)


def _clauses_of_ask(question: str) -> list[str]:
    return [c for c in _SECOND_ASK.split(question) if c.strip()]


def _about_rules(clause: str) -> bool:
    if _NAMES_RECORD.search(clause):
        return False
    asks_duration_or_frequency = any(asks.search(clause) for asks, _ in _ANSWER_TYPES[:1] + _ANSWER_TYPES[2:3])
    clause = _POINTERS.sub(" ", clause)
    return asks_duration_or_frequency or not (_groups(clause, _FIELD_INTENTS) or _groups(clause, _GENERIC_INTENTS))


def _groups(question: str, intents: list[tuple[re.Pattern[str], tuple[str, ...]]]) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for pattern, labels in intents:
        question, hits = pattern.subn(" ", question)
        if hits and labels not in found:
            found.append(labels)
    return found


def _line_indexes(passage: Passage, labels: tuple[str, ...]) -> set[int]:
    """The line answering a field: the first of the group's labels (most specific first) the record has."""
    lines = passage.text.splitlines()
    by_label = {line.partition(": ")[0]: i for i, line in enumerate(lines) if i > 0}
    if labels is _SUMMARY:
        return {0} | {by_label[label.partition("~")[0]] for label in labels if label.partition("~")[0] in by_label}
    for label in labels:
        if label == "header" or (label == "header:certificate" and passage.doc_type == "certificate"):
            return {0}
        name, _, must_say = label.partition("~")
        if name in by_label and must_say in lines[by_label[name]]:
            return {by_label[name]}
    return set()


_DURATION = re.compile(r"\b\d+\s*(?:to \d+\s*)?(?:business |calendar |working )?(?:days?|weeks?|months?|years?|hours?|minutes?)\b", re.I)
# What kind of answer a question asks for -> what a sentence holding it looks like.
_ANSWER_TYPES: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (re.compile(r"\bhow long\b|\bhow soon\b|\bhow quickly\b|\buntil when\b|\bhow many days\b|\bwithin\b|\bturnaround\b|\bhow far in advance\b|\bnotice\b", re.I), _DURATION),
    (re.compile(r"\bhow much\b|\bcost\b|\bfee\b|\bcharge\b|\bprice\b|\bpay\b", re.I),
     re.compile(r"\$\s?\d|\bUSD\b|\bcomplimentary\b|\bfree\b|\bno charge\b", re.I)),
    (re.compile(r"\bhow often\b|\bhow frequently\b", re.I),
     re.compile(r"\bevery\b|\bonce a\b|\btimes a\b|\bannual|\byearly\b|\bmonthly\b|\bweekly\b", re.I)),
    (re.compile(r"\bhow (?:warm|hot|cold)\b|\btemperature\b", re.I), re.compile(r"\bdegrees?\b|°", re.I)),
    (re.compile(r"\bhow many\b", re.I), re.compile(r"\b\d+\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)),
    (re.compile(r"^\s*when\b|[,.;]\s*when (?:does|do|is|are|can|should|must|will|may)\b", re.I),
     re.compile(_DURATION.pattern + r"|\bas soon as\b|\bbefore\b|\bafter\b|\buntil\b", re.I)),
    # "Why ...?" -> a reason.
    (re.compile(r"(?:^|[.?!]\s+)why\b", re.I), re.compile(r"\bbecause\b|\bso that\b|\bto avoid\b|\bto protect\b", re.I)),
    # "Who ...?" -> a person, desk or office of the house.
    (re.compile(r"(?:^|[.?!]\s+)who\b", re.I),
     re.compile(r"\bmanager\b|\bdesk\b|\bgemologist\b|\bassociate\b|\bAtelier\b|\boffice\b|\bext\.", re.I)),
    # "Can she ...?", "Is it allowed ...?", "Do we ...?" -> a rule that allows, forbids or conditions.
    (re.compile(r"(?:^|[.?!]\s+)(?:can|could|may|are we allowed|is it (?:ok|okay|possible|allowed)|is that allowed|do we|should)\b", re.I),
     re.compile(r"\bonly\b|\bnever\b|\bcannot\b|\bcan't\b|\bmay not\b|\bmust\b|\brequires?\b|\bunless\b|"
                r"\bexcept\b|\bnot (?:allowed|permitted|accepted|covered|eligible)\b|\bfinal sale\b", re.I)),
    # "What happens if ...?" -> the consequence of a condition.
    (re.compile(r"\bwhat happens\b|\bwhat do (?:we|i) do\b", re.I),
     re.compile(r"^(?:if|when|once|after|unless)\b|\bis (?:returned|escalated|cancelled|released|refunded|rescheduled)\b", re.I)),
]
_WORD = re.compile(r"[a-z0-9]+")
_REDACTED_COLLECTION = re.compile(r"<[A-Z_]+\d*>\s+(?:collection|line|range)\b", re.I)
# A capitalised word not at the start of a sentence, outside a <PLACEHOLDER_1> of the redactor.
_MID_SENTENCE_NAME = re.compile(r"(?<![.?!:]\s)(?<![.?!:]\s\s)(?<!^)(?<![<_A-Za-z])\b[A-Z][A-Za-z]+\b(?![_>])")
_STOP = frozenset(
    "a an and are as at be by can could do does for from has have how i if in is it its may me my of on or our "
    "should so than that the their them then there these they this to up was we what when where which who why "
    "will with would you your".split()
)


def _stems(text: str) -> set[str]:
    # Five letters are a crude stem that is good enough here: engrave/engraving, resize/resizing.
    return {w[:5] for w in _WORD.findall(text.lower()) if w not in _STOP}


def _idf(sentences: list[str]) -> dict[str, float]:
    df: dict[str, int] = {}
    for sentence in sentences:
        for stem in _stems(sentence):
            df[stem] = df.get(stem, 0) + 1
    n = max(len(sentences), 1)
    return {stem: math.log(1 + n / count) for stem, count in df.items()}


def _reference(passage: Passage) -> str:
    meta = passage.metadata
    if meta.get("sku"):
        return meta["sku"]
    if meta.get("stock_number"):
        return meta["stock_number"]
    return f"Report {meta.get('report_number', passage.doc_id)}"
