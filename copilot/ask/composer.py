"""Answer composers: turn retrieved passages into statements, each quoting one passage verbatim.

`ExtractiveComposer` is the default, offline one: it picks the labelled lines of records that the
question asks about (by field name) and the sentences of manuals closest to the question (by
precomputed sentence embeddings). An LLM-backed composer implements the same `Composer` protocol
and is held to the same verifier.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from copilot.ask.retriever import Retrieval
from copilot.ask.types import Passage
from ingestion.index_db import IndexDB
from ingestion.sentences import PROSE_DOC_TYPES, quotable_units


@dataclass(frozen=True)
class Statement:
    """One sentence of the answer, and the verbatim quote of the passage that supports it."""

    text: str
    quote: str
    chunk_id: str
    score: float


class Composer(Protocol):
    def compose(self, question: str, retrieval: Retrieval) -> list[Statement]: ...


# Question words -> the labels of record lines that answer them.
_FIELD_INTENTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"\bclarity\b|\binclusions?\b", re.I), ("Center stone", "Clarity grade", "Clarity")),
    (re.compile(r"\bcolou?r\b", re.I), ("Center stone", "Color grade", "Color")),
    (re.compile(r"\bcarats?\b|\bct\b|\bweigh|\bhow (big|large)\b", re.I), ("Center stone", "Carat weight", "Carat", "Total carat weight")),
    (re.compile(r"\bcut\b", re.I), ("Center stone", "Cut grade", "Cut")),
    (re.compile(r"\b4 ?cs?\b|\bgrades?\b|\bspecs?\b|\bspecifications?\b", re.I),
     ("Center stone", "Carat weight", "Color grade", "Clarity grade", "Cut grade", "Carat", "Color", "Clarity", "Cut")),
    (re.compile(r"\bmetal\b|\bgold\b|\bplatinum\b|\bmade (of|in|from)\b|\bpurity\b|\bkarat\b", re.I), ("Metal",)),
    (re.compile(r"\bprice\b|\bcost\b|\bhow much\b|\bexpensive\b|\bpriced\b|\bUSD\b", re.I), ("Price",)),
    (re.compile(r"\bavailab|\bin stock\b|\bstock\b|\bboutiques?\b|\bstores?\b|fifth avenue|rodeo drive|place vendome|bond street|ginza", re.I),
     ("Availability",)),
    (re.compile(r"\bresiz|\bsize\b|\bsized\b", re.I), ("Resizable", "Ring size")),
    (re.compile(r"\blength\b|\bhow long is\b|\blong\b", re.I), ("Length",)),
    (re.compile(r"\blab\b|\blaboratory\b|\bgraded\b|\bgrading\b|\binstitute\b|\bcertified\b", re.I),
     ("Certificate", "header:certificate")),
    (re.compile(r"\bwhen\b|\bdate\b|\bdated\b|\bissued\b", re.I), ("Report date",)),
    (re.compile(r"\bfluoresc", re.I), ("Fluorescence",)),
    (re.compile(r"\bpolish\b", re.I), ("Polish",)),
    (re.compile(r"\bsymmetry\b", re.I), ("Symmetry",)),
    (re.compile(r"\bgirdle\b", re.I), ("Girdle",)),
    (re.compile(r"\binscri", re.I), ("Inscription",)),
    (re.compile(r"\bmeasure|\bdimensions?\b|\bmm\b|\bdiameter\b", re.I), ("Measurements",)),
    (re.compile(r"\bdepth\b", re.I), ("Depth",)),
    (re.compile(r"\btable\b", re.I), ("Table",)),
    (re.compile(r"\bcomments?\b|\bremarks?\b", re.I), ("Comments",)),
    (re.compile(r"\bshape\b", re.I), ("Shape",)),
    (re.compile(r"\bcollection\b|\bwhat (kind|type) of\b|\bcategory\b", re.I), ("header",)),
    (re.compile(r"\bdescri|\btell me about\b|\bwhat is\b.*\blike\b", re.I), ("Description",)),
]
# Asked only when nothing more specific is: "which stones are set in it?"
_GENERIC_INTENTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"\bstones?\b|\bset with\b|\bgems?\b|\bpearls?\b|\bemeralds?\b|\bsapphires?\b|\brub(y|ies)\b|\bdiamonds?\b", re.I),
     ("Stones", "Center stone")),
    (re.compile(r"\bcertificate\b|\breport\b|\bcert\b", re.I), ("Certificate", "header:certificate")),
]
_WANTS_CERTIFICATE = re.compile(r"\bcertificate\b|\breport\b|\bcert\b|\blab\b|\bgraded\b|\bgrading\b", re.I)
# "report 8749712740", "SKU AUR-RG-1181": the words that only introduce an identifier say nothing of the field asked.
_IDENTIFIER_MENTION = re.compile(
    r"\b(?:(?:lab |grading )?(?:report|certificate|cert|sku|stock)(?: (?:no\.?|number|#))?\s*)?"
    r"(?:AUR-[A-Z]{2}-\d{4,5}|\d{10})\b",
    re.I,
)
# When the question names a record but asks nothing specific, show what identifies it.
_SUMMARY = ("header", "Center stone", "Metal", "Price", "Carat weight", "Color grade", "Clarity grade", "Cut grade")


class ExtractiveComposer:
    def __init__(
        self,
        index: IndexDB,
        min_similarity: float = 0.45,
        margin: float = 0.06,
        max_sentences: int = 3,
        prose_passages: int = 4,
    ) -> None:
        if not 0 <= min_similarity <= 1 or margin < 0 or max_sentences <= 0 or prose_passages <= 0:
            raise ValueError("need 0 <= min_similarity <= 1, margin >= 0, max_sentences > 0, prose_passages > 0")
        self._index = index
        self._idf = _idf(index.all_sentences())
        self.min_similarity = min_similarity
        self.margin = margin
        self.max_sentences = max_sentences
        self.prose_passages = prose_passages

    def compose(self, question: str, retrieval: Retrieval) -> list[Statement]:
        records = [p for p in retrieval.passages if p.exact]
        statements = self._record_statements(question, records)
        if not records or _asks_about_policy(question):
            statements += self._prose_statements(retrieval)
        return statements

    # -- records: products, loose diamonds, certificates -----------------------------------------
    def _record_statements(self, question: str, records: list[Passage]) -> list[Statement]:
        asked = _IDENTIFIER_MENTION.sub(" ", question)
        for name in {p.metadata.get("name", "") for p in records} - {""}:
            asked = re.sub(re.escape(name), " ", asked, flags=re.I)
        labels = _labels(asked, _FIELD_INTENTS) or _labels(asked, _GENERIC_INTENTS) or list(_SUMMARY)
        wants_cert = bool(_WANTS_CERTIFICATE.search(asked))
        certificates = [p for p in records if p.doc_type == "certificate"]
        if any(_has_lines(p, labels) for p in records):
            # Only records that hold the field asked about answer it.
            records = [p for p in records if _has_lines(p, labels) or ("header" in labels)]
        out: list[Statement] = []
        for passage in records[:4]:
            if passage.doc_type == "certificate":
                # A piece's linked report answers only when the report is what was asked about.
                if not wants_cert and any(r.doc_type != "certificate" for r in records):
                    continue
            elif wants_cert and certificates and _has_lines(certificates[0], labels):
                continue  # "the clarity on the certificate of AUR-RG-1181": the report answers, not the catalog
            lines = passage.text.splitlines()
            header = "header" in labels or ("header:certificate" in labels and passage.doc_type == "certificate")
            chosen = [ln for i, ln in enumerate(lines) if (i == 0 and header) or (i > 0 and _label(ln) in labels)]
            ref = _reference(passage)
            out.extend(
                Statement(line if line == lines[0] else f"{ref}: {line}", line, passage.chunk_id, 1.0)
                for line in chosen or lines[:1]
            )
        return out

    # -- manuals: policy, aftercare, tone guide --------------------------------------------------
    def _prose_statements(self, retrieval: Retrieval) -> list[Statement]:
        prose = [p for p in retrieval.passages if p.doc_type in PROSE_DOC_TYPES][: self.prose_passages]
        if not prose or retrieval.query_vector is None:
            return []
        stored = self._index.sentence_vectors([p.chunk_id for p in prose])
        terms = _stems(retrieval.question)
        weight = sum(self._idf.get(t, 0.0) for t in terms) or 1.0
        scored: list[tuple[float, str, Passage]] = []
        for rank, passage in enumerate(prose):
            rows = stored.get(passage.chunk_id) or [(u, b"") for u in quotable_units(passage.text, passage.doc_type)]
            for text, blob in rows:
                if not blob:
                    continue
                sim = float(np.frombuffer(blob, dtype=np.float32) @ retrieval.query_vector)
                # The words of the question found in the sentence (weighted by rarity) correct the small
                # model's blind spots ("engrave" vs "restring"); a small prior keeps retrieval's order.
                overlap = sum(self._idf.get(t, 0.0) for t in terms & _stems(text)) / weight
                prior = 0.02 * (len(prose) - rank) / len(prose)
                scored.append((sim + LEXICAL_WEIGHT * overlap + prior, text, passage))
        scored.sort(key=lambda s: -s[0])
        if not scored or scored[0][0] < self.min_similarity:
            return []
        best = scored[0][0]
        picked = [s for s in scored if s[0] >= best - self.margin][: self.max_sentences]
        return [Statement(text, text, passage.chunk_id, score) for score, text, passage in picked]


def _labels(question: str, intents: list[tuple[re.Pattern[str], tuple[str, ...]]]) -> list[str]:
    return [label for pattern, labels in intents if pattern.search(question) for label in labels]


def _label(line: str) -> str:
    return line.partition(": ")[0]


def _has_lines(passage: Passage, labels: list[str]) -> bool:
    if "header:certificate" in labels and passage.doc_type == "certificate":
        return True
    return any(_label(line) in labels for line in passage.text.splitlines()[1:])


LEXICAL_WEIGHT = 0.2
_WORD = re.compile(r"[a-z0-9]+")
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


_POLICY_WORDS = re.compile(
    r"\bpolicy\b|\bpolicies\b|\bwarranty\b|\breturns?\b|\bexchange|\bengrav|\bappointment|\brepair|\bapprais|"
    r"\bturnaround\b|\bhow long does\b|\bclean|\bcare\b|\bstore (it|them)\b|\bwhat does the\b|\brules?\b|\bcharge\b|\bfee\b",
    re.I,
)


def _asks_about_policy(question: str) -> bool:
    return bool(_POLICY_WORDS.search(question))


def _reference(passage: Passage) -> str:
    meta = passage.metadata
    if meta.get("sku"):
        return meta["sku"]
    if meta.get("stock_number"):
        return meta["stock_number"]
    return f"Report {meta.get('report_number', passage.doc_id)}"
